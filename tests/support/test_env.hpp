// SPDX-License-Identifier: Apache-2.0
// Where tests find their databases and scratch space.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace palisade::testing {

// A fresh temporary directory, removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// The database back-ends every store and API test runs against: "sqlite" always, "postgres" when
// PALISADE_TEST_PG_URL is set (make test sets it). When PALISADE_TEST_REQUIRE_PG=1 and the URL is missing, the
// test binary fails instead of quietly skipping PostgreSQL.
std::vector<std::string> DatabaseBackends();

// A database URL for `backend` that no other test uses: a new SQLite file under `dir`, or a new schema-isolated
// PostgreSQL database (created on first use, dropped by the process at exit).
std::string FreshDatabaseUrl(const std::string& backend, const std::filesystem::path& dir);

}  // namespace palisade::testing
