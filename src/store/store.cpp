// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "core/strings.hpp"
#include "log/log.hpp"
#include "store/migrator.hpp"
#include "store/tx.hpp"

namespace palisade::store {

struct Store::Impl {
    Dialect dialect = Dialect::kSqlite;
    int pool_size = 0;
    std::unique_ptr<soci::connection_pool> pool;
    std::mutex writer;  // SQLite allows one writer; serialising here beats spinning on SQLITE_BUSY
    std::atomic<int> in_use{0};
};

namespace {

bool IsConstraintViolation(std::string_view what) {
    return what.find("UNIQUE constraint") != std::string_view::npos ||
           what.find("duplicate key") != std::string_view::npos ||
           what.find("FOREIGN KEY constraint") != std::string_view::npos ||
           what.find("violates foreign key") != std::string_view::npos ||
           what.find("CHECK constraint") != std::string_view::npos ||
           what.find("violates check constraint") != std::string_view::npos;
}

Status OpenSqliteSession(soci::session& s, const std::string& path, std::chrono::milliseconds busy) {
    s.open(soci::sqlite3, "db=" + path);
    s << "PRAGMA busy_timeout = " + std::to_string(busy.count());
    s << "PRAGMA journal_mode = WAL";
    s << "PRAGMA synchronous = NORMAL";
    s << "PRAGMA foreign_keys = ON";
    return Ok();
}

// libpq keyword/value form of a postgresql:// URL. SOCI 4.0 mangles URI-form connection strings, so the URL is
// taken apart here: postgresql://user:password@host:port/dbname?key=value&...
Result<std::string> PostgresConnectString(const std::string& url) {
    std::string rest = url.substr(url.find("://") + 3);
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string userinfo, hostport, dbname;
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        dbname = rest.substr(slash + 1);
        hostport = rest.substr(0, slash);
    } else {
        hostport = rest;
    }
    auto decode = [](std::string_view s) -> std::optional<std::string> {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] != '%') {
                out.push_back(s[i]);
                continue;
            }
            if (i + 2 >= s.size()) return std::nullopt;
            const std::string hex(s.substr(i + 1, 2));
            char* end = nullptr;
            const long v = std::strtol(hex.c_str(), &end, 16);
            if (end != hex.c_str() + 2) return std::nullopt;
            out.push_back(static_cast<char>(v));
            i += 2;
        }
        return out;
    };
    // Values are single-quoted with \ and \' escaped, as libpq expects.
    auto quote = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) {
            if (c == '\\' || c == '\'') out.push_back('\\');
            out.push_back(c);
        }
        return out + "'";
    };
    std::string conn;
    auto add = [&](std::string_view key, std::string_view raw) -> Status {
        auto v = decode(raw);
        if (!v) return Fail(ErrorCode::kInvalidArgument, "malformed percent-encoding in the database URL");
        if (!v->empty()) conn += std::string(key) + "=" + quote(*v) + " ";
        return Ok();
    };
    std::string user = userinfo, password;
    if (auto colon = userinfo.find(':'); colon != std::string::npos) {
        user = userinfo.substr(0, colon);
        password = userinfo.substr(colon + 1);
    }
    std::string host = hostport, port;
    if (!hostport.empty() && hostport.front() == '[') {
        const auto close = hostport.find(']');
        if (close == std::string::npos) return Fail(ErrorCode::kInvalidArgument, "malformed host in the database URL");
        host = hostport.substr(1, close - 1);
        if (close + 1 < hostport.size() && hostport[close + 1] == ':') port = hostport.substr(close + 2);
    } else if (auto colon = hostport.rfind(':'); colon != std::string::npos) {
        host = hostport.substr(0, colon);
        port = hostport.substr(colon + 1);
    }
    for (auto [k, v] : {std::pair<std::string_view, std::string_view>{"host", host}, {"port", port}, {"user", user},
                        {"password", password}, {"dbname", dbname}}) {
        if (auto st = add(k, v); !st) return tl::unexpected<Error>(st.error());
    }
    for (std::string_view pair : Split(query, '&')) {
        const auto eq = pair.find('=');
        if (pair.empty() || eq == std::string_view::npos) continue;
        const std::string key(pair.substr(0, eq));
        if (key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
            return Fail(ErrorCode::kInvalidArgument, "malformed parameter in the database URL");
        }
        if (auto st = add(key, pair.substr(eq + 1)); !st) return tl::unexpected<Error>(st.error());
    }
    return conn;
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->pool_size = options.pool_size > 0 ? options.pool_size : 1;
    std::string target;
    if (StartsWith(options.url, "sqlite://")) {
        impl->dialect = Dialect::kSqlite;
        target = options.url.substr(9);
        if (target.empty()) return Fail(ErrorCode::kInvalidArgument, "sqlite:// URL has no path");
    } else if (StartsWith(options.url, "postgresql://") || StartsWith(options.url, "postgres://")) {
        impl->dialect = Dialect::kPostgres;
        auto conn = PostgresConnectString(options.url);
        if (!conn) return tl::unexpected<Error>(conn.error());
        target = *conn;
    } else {
        return Fail(ErrorCode::kInvalidArgument, "database URL must start with sqlite:// or postgresql://");
    }
    try {
        if (impl->dialect == Dialect::kSqlite && target != ":memory:" && !StartsWith(target, "file:")) {
            const auto parent = std::filesystem::path(target).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
            // Owner-only: the database holds credential hashes and, with no SMTP, mail with live links. SQLite gives
            // its -wal and -shm files the same mode.
            const int fd = ::open(target.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
            if (fd >= 0) ::close(fd);
        }
        impl->pool = std::make_unique<soci::connection_pool>(static_cast<std::size_t>(impl->pool_size));
        for (int i = 0; i < impl->pool_size; ++i) {
            soci::session& s = impl->pool->at(static_cast<std::size_t>(i));
            if (impl->dialect == Dialect::kSqlite) {
                OpenSqliteSession(s, target, options.busy_timeout);
            } else {
                s.open(soci::postgresql, target);
                s << "SET client_min_messages TO WARNING";
            }
        }
    } catch (const std::exception& e) {
        // The detail may hold the URL; it stays server-side and URLs are redacted by the caller's logging.
        return Fail(ErrorCode::kUnavailable, "cannot open the database", e.what());
    }
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Dialect Store::dialect() const { return impl_->dialect; }
int Store::pool_size() const { return impl_->pool_size; }
int Store::sessions_in_use() const { return impl_->in_use.load(); }

Status Store::RunRaw(bool write, const std::function<bool(Tx&)>& body) {
    std::unique_lock<std::mutex> writer_lock;
    if (write && impl_->dialect == Dialect::kSqlite) writer_lock = std::unique_lock<std::mutex>(impl_->writer);
    ++impl_->in_use;
    struct Release {
        std::atomic<int>& n;
        ~Release() { --n; }
    } release{impl_->in_use};
    try {
        soci::session sql(*impl_->pool);
        Tx tx(sql, impl_->dialect);
        if (!write) {
            body(tx);
            return Ok();
        }
        sql << (impl_->dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
        bool commit = false;
        try {
            commit = body(tx);
        } catch (...) {
            try {
                sql << "ROLLBACK";
            } catch (...) {
            }
            throw;
        }
        sql << (commit ? "COMMIT" : "ROLLBACK");
        return Ok();
    } catch (const soci::soci_error& e) {
        if (IsConstraintViolation(e.what())) {
            return Fail(ErrorCode::kConflict, "the change conflicts with existing data", e.what());
        }
        log::Error("database error", {{"error", e.what()}});
        return Fail(ErrorCode::kUnavailable, "database unavailable", e.what());
    } catch (const std::exception& e) {
        log::Error("database error", {{"error", e.what()}});
        return Fail(ErrorCode::kInternal, "internal error", e.what());
    }
}

Result<std::vector<MigrationInfo>> Store::Migrate() {
    Result<std::vector<MigrationInfo>> out;
    std::unique_lock<std::mutex> writer_lock;  // migrations open their own transactions
    if (impl_->dialect == Dialect::kSqlite) writer_lock = std::unique_lock<std::mutex>(impl_->writer);
    Status s = RunRaw(false, [&](Tx& tx) {
        out = ApplyMigrations(tx);
        return true;
    });
    if (!s) return tl::unexpected<Error>(s.error());
    return out;
}

Result<std::vector<MigrationInfo>> Store::Migrations() {
    Result<std::vector<MigrationInfo>> out;
    Status s = RunRaw(false, [&](Tx& tx) {
        out = ListMigrations(tx);
        return true;
    });
    if (!s) return tl::unexpected<Error>(s.error());
    return out;
}

Status Store::Ready() {
    auto list = Migrations();
    if (!list) return tl::unexpected<Error>(list.error());
    for (const auto& m : *list) {
        if (!m.applied) return Fail(ErrorCode::kUnavailable, "migration " + m.name + " is not applied");
    }
    return Ok();
}

}  // namespace palisade::store
