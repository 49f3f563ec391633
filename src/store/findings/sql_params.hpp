// SPDX-License-Identifier: Apache-2.0
// SqlParams: the bound values of a statement whose text is assembled from fixed fragments (list filters). Each
// value gets a fresh placeholder (":p1", ":p2", ...) that the caller splices into the SQL text; BindTo() then binds
// them in order. SOCI binds by position, so placeholders must be made in the order they appear in the text: one
// Text()/Int() per statement (the operands of `a + b` are evaluated in no fixed order). Values live in deques, so
// the references Query keeps stay valid for the statement's lifetime.
// Store-internal (includes SOCI through store/tx.hpp). Not thread-safe.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/tx.hpp"

namespace palisade::store {

class SqlParams {
public:
    // A placeholder bound to `value`.
    std::string Text(std::string value) {
        texts_.push_back(std::move(value));
        order_.emplace_back(true, texts_.size() - 1);
        return Next();
    }
    std::string Int(int value) {
        ints_.push_back(value);
        order_.emplace_back(false, ints_.size() - 1);
        return Next();
    }
    // Binds every value, in the order the placeholders were made. Call once, after the Into()s.
    void BindTo(Query& q) const {
        for (const auto& [is_text, index] : order_) {
            if (is_text) {
                q.Use(texts_[index]);
            } else {
                q.Use(ints_[index]);
            }
        }
    }

private:
    std::string Next() const { return ":p" + std::to_string(order_.size()); }

    std::deque<std::string> texts_;
    std::deque<int> ints_;
    std::vector<std::pair<bool, std::size_t>> order_;
};

// `text` with the LIKE wildcards and the escape character itself escaped by '!' (use with ESCAPE '!').
inline std::string EscapeLike(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out.push_back('!');
        out.push_back(c);
    }
    return out;
}

}  // namespace palisade::store
