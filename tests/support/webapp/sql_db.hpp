// SPDX-License-Identifier: Apache-2.0
// The in-memory SQLite database behind VulnerableApp's SQL pages (internal). Seeded once, then read-only
// (PRAGMA query_only), with a length limit and a per-query step budget so injected queries cannot hog the site.
#pragma once

#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace palisade::testing::webapp {

struct SqlOutcome {
    bool ok = false;
    std::vector<std::vector<std::string>> rows;  // NULL as ""
    std::string error;                           // SQLite's message when !ok
    int error_offset = -1;                       // byte offset in the SQL of the error, or -1
};

class SqlDb {
  public:
    SqlDb();  // aborts the process if SQLite cannot open an in-memory database
    ~SqlDb();
    SqlDb(const SqlDb&) = delete;
    SqlDb& operator=(const SqlDb&) = delete;

    // Runs the first statement of `sql` as it is (the vulnerable way). Thread-safe.
    SqlOutcome Run(const std::string& sql);
    // Runs `sql` with `params` bound to its ?s (the safe way). Thread-safe.
    SqlOutcome RunBound(const std::string& sql, const std::vector<std::string>& params);

  private:
    SqlOutcome Execute(const std::string& sql, const std::vector<std::string>* params);

    std::mutex mutex_;
    sqlite3* db_ = nullptr;
};

}  // namespace palisade::testing::webapp
