// SPDX-License-Identifier: Apache-2.0
// Tx and Query: what repositories use. Store-internal (includes SOCI): include it only from src/store/*.cpp.
#pragma once

#include <soci/soci.h>

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace palisade::store {

class Tx {
public:
    Tx(soci::session& sql, Dialect dialect) : sql_(sql), dialect_(dialect) {}
    soci::session& sql() { return sql_; }
    Dialect dialect() const { return dialect_; }

private:
    soci::session& sql_;
    Dialect dialect_;
};

// A prepared statement built step by step: every value is bound by reference (never a temporary, as SOCI
// binds at execution time); optional inputs are copied into storage that lives as long as the Query.
class Query {
public:
    Query(Tx& tx, std::string_view text) : prep_(tx.sql().prepare << std::string(text)) {}

    template <typename T>
    Query& Into(T& value) {
        prep_, soci::into(value);
        return *this;
    }
    template <typename T>
    Query& Into(T& value, soci::indicator& ind) {
        prep_, soci::into(value, ind);
        return *this;
    }
    template <typename T>
    Query& Use(const T& value) {
        prep_, soci::use(value);
        return *this;
    }
    Query& Use(const std::optional<std::string>& value) {
        nullable_.push_back({value.value_or(std::string()), value ? soci::i_ok : soci::i_null});
        prep_, soci::use(nullable_.back().value, nullable_.back().ind);
        return *this;
    }
    Query& Use(const bool& value) {
        ints_.push_back(value ? 1 : 0);
        prep_, soci::use(ints_.back());
        return *this;
    }

    // Runs a statement that returns nothing; returns the number of rows changed.
    long long Exec() {
        soci::statement st(prep_);
        st.execute(true);
        return st.get_affected_rows();
    }
    // Runs and fetches the first row; false when there is none.
    bool One() {
        soci::statement st(prep_);
        return st.execute(true);
    }
    // Runs and calls on_row() after each fetched row (the Into() variables hold its values).
    template <typename F>
    void Each(F&& on_row) {
        soci::statement st(prep_);
        st.execute(false);
        while (st.fetch()) on_row();
    }

private:
    struct NullableString {
        std::string value;
        soci::indicator ind;
    };
    soci::details::prepare_temp_type prep_;
    std::deque<NullableString> nullable_;
    std::deque<int> ints_;
};

// A nullable text column: bind with Into(value, ind), read with Get().
struct OptText {
    std::string value;
    soci::indicator ind = soci::i_null;
    std::optional<std::string> Get() const {
        return ind == soci::i_ok ? std::optional<std::string>(value) : std::nullopt;
    }
};

}  // namespace palisade::store
