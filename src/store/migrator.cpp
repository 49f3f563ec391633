// SPDX-License-Identifier: Apache-2.0
#include "store/migrator.hpp"

#include <algorithm>
#include <map>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/embedded_file.hpp"
#include "core/time.hpp"
#include "log/log.hpp"
#include "store/tx.hpp"

namespace palisade {
extern const EmbeddedFile kMigrationFiles[];
extern const std::size_t kMigrationFiles_count;
}  // namespace palisade

namespace palisade::store {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectApplied = "SELECT version, name, checksum FROM schema_migrations ORDER BY version";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (:v, :n, :c, :t)";
// Any constant shared by every node: only one of them migrates at a time.
constexpr std::string_view kPgLock = "SELECT pg_advisory_lock(7261001)";
constexpr std::string_view kPgUnlock = "SELECT pg_advisory_unlock(7261001)";

struct Applied {
    std::string name;
    std::string checksum;
};

std::map<int, Applied> ReadApplied(soci::session& sql) {
    std::map<int, Applied> applied;
    int version = 0;
    std::string name, checksum;
    soci::statement st = (sql.prepare << kSelectApplied, soci::into(version), soci::into(name), soci::into(checksum));
    st.execute();
    while (st.fetch()) applied[version] = Applied{name, checksum};
    return applied;
}

Result<std::vector<MigrationInfo>> Compare(const std::vector<Migration>& embedded,
                                           const std::map<int, Applied>& applied) {
    std::vector<MigrationInfo> out;
    for (const auto& m : embedded) {
        auto it = applied.find(m.version);
        if (it != applied.end() && it->second.checksum != m.checksum) {
            return Fail(ErrorCode::kConflict, "migration " + m.name +
                                                  " was changed after it was applied (stored checksum " +
                                                  it->second.checksum.substr(0, 12) + ", embedded " +
                                                  m.checksum.substr(0, 12) + "); migrations are forward-only: "
                                                  "restore the file and add a new migration instead");
        }
        out.push_back(MigrationInfo{m.version, m.name, it != applied.end()});
    }
    for (const auto& [version, a] : applied) {
        if (std::none_of(embedded.begin(), embedded.end(), [&](const Migration& m) { return m.version == version; })) {
            return Fail(ErrorCode::kConflict, "the database has migration " + a.name +
                                                  " that this binary does not know: it was migrated by a newer "
                                                  "version of Palisade");
        }
    }
    return out;
}

}  // namespace

std::vector<Migration> EmbeddedMigrations(Dialect dialect) {
    const std::string_view prefix = dialect == Dialect::kSqlite ? "sqlite/" : "postgres/";
    std::vector<Migration> out;
    for (std::size_t i = 0; i < kMigrationFiles_count; ++i) {
        const EmbeddedFile& f = kMigrationFiles[i];
        if (f.path.substr(0, prefix.size()) != prefix) continue;
        std::string_view file = f.path.substr(prefix.size());
        if (file.size() < 9 || file.substr(file.size() - 4) != ".sql") continue;
        Migration m;
        m.version = std::stoi(std::string(file.substr(0, 4)));
        m.name = std::string(file.substr(0, file.size() - 4));
        m.sql = f.data;
        m.checksum = Sha256Hex(f.data);
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return out;
}

std::vector<std::string> SplitSqlStatements(std::string_view script) {
    std::vector<std::string> out;
    std::string current;
    bool in_single = false;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const char c = script[i];
        if (!in_single && c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
            while (i < script.size() && script[i] != '\n') ++i;
            current.push_back('\n');
            continue;
        }
        if (c == '\'') in_single = !in_single;
        if (c == ';' && !in_single) {
            if (std::string_view(current).find_first_not_of(" \t\r\n") != std::string_view::npos) {
                out.push_back(current);
            }
            current.clear();
            continue;
        }
        current.push_back(c);
    }
    if (std::string_view(current).find_first_not_of(" \t\r\n") != std::string_view::npos) out.push_back(current);
    return out;
}

Result<std::vector<MigrationInfo>> ListMigrations(Tx& tx) {
    soci::session& sql = tx.sql();
    sql << kCreateTable;
    return Compare(EmbeddedMigrations(tx.dialect()), ReadApplied(sql));
}

Result<std::vector<MigrationInfo>> ApplyMigrations(Tx& tx) {
    soci::session& sql = tx.sql();
    const bool pg = tx.dialect() == Dialect::kPostgres;
    sql << kCreateTable;
    if (pg) sql << kPgLock;
    struct Unlock {
        soci::session& sql;
        bool pg;
        ~Unlock() {
            if (!pg) return;
            try {
                sql << kPgUnlock;
            } catch (...) {
            }
        }
    } unlock{sql, pg};

    const auto embedded = EmbeddedMigrations(tx.dialect());
    auto status = Compare(embedded, ReadApplied(sql));
    if (!status) return status;
    SystemClock clock;
    for (const auto& m : embedded) {
        auto it = std::find_if(status->begin(), status->end(), [&](const MigrationInfo& i) { return i.version == m.version; });
        if (it->applied) continue;
        sql << (pg ? "BEGIN" : "BEGIN IMMEDIATE");
        try {
            for (const std::string& stmt : SplitSqlStatements(m.sql)) sql << stmt;
            const std::string now = FormatTime(clock.Now());
            sql << kInsertApplied, soci::use(m.version), soci::use(m.name), soci::use(m.checksum), soci::use(now);
            sql << "COMMIT";
        } catch (const std::exception& e) {
            try {
                sql << "ROLLBACK";
            } catch (...) {
            }
            return Fail(ErrorCode::kInternal, "migration " + m.name + " failed and was rolled back", e.what());
        }
        it->applied = true;
        log::Info("migration applied", {{"migration", m.name}});
    }
    return status;
}

}  // namespace palisade::store
