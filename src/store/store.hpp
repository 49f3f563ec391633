// SPDX-License-Identifier: Apache-2.0
// Store: the database behind every repository. SQLite (WAL, foreign keys, busy timeout, one writer at a time) or
// PostgreSQL (connection pool). SOCI never appears in this header: repositories take a Tx& and keep SQL in their
// own .cpp files. Thread-safe: each Read/Write leases its own pooled session.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"

namespace palisade::store {

enum class Dialect { kSqlite, kPostgres };

struct StoreOptions {
    std::string url;                               // sqlite://PATH or postgresql://...
    int pool_size = 8;
    std::chrono::milliseconds busy_timeout{5000};  // SQLite lock wait
};

class Tx;  // a leased session, inside a transaction for Write(); defined in store/tx.hpp (store-internal)

struct MigrationInfo {
    int version = 0;
    std::string name;      // "0001_identity"
    bool applied = false;
};

class Store {
public:
    // Opens the pool (creating the SQLite file and its folder if needed). kInvalidArgument for a bad URL,
    // kUnavailable when the database cannot be reached.
    static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
    ~Store();

    Dialect dialect() const;
    int pool_size() const;
    int sessions_in_use() const;

    // Applies pending migrations, each in its own transaction. kConflict when an applied migration's checksum
    // no longer matches the embedded file (it was edited after being applied).
    Result<std::vector<MigrationInfo>> Migrate();
    // Every known migration and whether it is applied; checksum mismatches are reported as errors.
    Result<std::vector<MigrationInfo>> Migrations();
    // True when the database answers and every migration is applied.
    Status Ready();

    // Runs fn(tx) on a pooled session in autocommit mode (reads).
    template <typename F>
    auto Read(F&& fn) -> std::invoke_result_t<F, Tx&> {
        return Run(false, std::forward<F>(fn));
    }
    // Runs fn(tx) in a transaction: committed when fn returns a value, rolled back when it returns an error or
    // throws. SQLite: writers are serialised in-process and use BEGIN IMMEDIATE.
    template <typename F>
    auto Write(F&& fn) -> std::invoke_result_t<F, Tx&> {
        return Run(true, std::forward<F>(fn));
    }

private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);

    // Runs body on a session; body returns true to commit, false to roll back. Returns an error only when the
    // database failed (exception, commit failure): kConflict for constraint violations, else kUnavailable.
    Status RunRaw(bool write, const std::function<bool(Tx&)>& body);

    template <typename F>
    auto Run(bool write, F&& fn) -> std::invoke_result_t<F, Tx&> {
        using R = std::invoke_result_t<F, Tx&>;
        std::optional<R> out;
        Status s = RunRaw(write, [&](Tx& tx) {
            out.emplace(fn(tx));
            return out->has_value();
        });
        if (!s.has_value()) return tl::unexpected<Error>(s.error());
        return std::move(*out);
    }

    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::store
