// SPDX-License-Identifier: Apache-2.0
#include "support/test_env.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>

namespace palisade::testing {

namespace {

std::string PgAdminUrl() {
    const char* url = std::getenv("PALISADE_TEST_PG_URL");
    return url == nullptr ? std::string() : std::string(url);
}

void PgExec(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string err = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot connect to test PostgreSQL: " + err);
    }
    PGresult* res = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    std::string err = ok ? "" : PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("test PostgreSQL: " + err);
}

// Replaces the database name (last path segment before any '?') of a postgresql:// URL.
std::string WithDatabase(const std::string& url, const std::string& db) {
    const std::size_t q = url.find('?');
    const std::string base = url.substr(0, q);
    const std::size_t slash = base.rfind('/');
    return base.substr(0, slash + 1) + db + (q == std::string::npos ? "" : url.substr(q));
}

}  // namespace

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int i = 0; i < 100; ++i) {
        auto candidate = base / ("palisade-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> DatabaseBackends() {
    std::vector<std::string> out{"sqlite"};
    if (!PgAdminUrl().empty()) {
        out.emplace_back("postgres");
    } else if (const char* req = std::getenv("PALISADE_TEST_REQUIRE_PG"); req != nullptr && std::string(req) == "1") {
        throw std::runtime_error("PALISADE_TEST_REQUIRE_PG=1 but PALISADE_TEST_PG_URL is not set");
    }
    return out;
}

std::string FreshDatabaseUrl(const std::string& backend, const std::filesystem::path& dir) {
    static std::atomic<int> counter{0};
    const int n = counter++;
    if (backend == "sqlite") return "sqlite://" + (dir / ("test-" + std::to_string(n) + ".db")).string();
    const std::string admin = PgAdminUrl();
    std::random_device rd;
    const std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(n) + "_" + std::to_string(rd() % 100000);
    PgExec(admin, "CREATE DATABASE " + name);
    static std::mutex mu;
    static std::vector<std::string>* created = new std::vector<std::string>();
    {
        std::lock_guard<std::mutex> lock(mu);
        if (created->empty()) {
            std::atexit([] {
                // Databases left behind are harmless (the harness removes the whole cluster); this is tidiness.
                for (const auto& db : *created) {
                    try {
                        PgExec(PgAdminUrl(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    } catch (...) {
                    }
                }
            });
        }
        created->push_back(name);
    }
    return WithDatabase(admin, name);
}

}  // namespace palisade::testing
