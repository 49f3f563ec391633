// SPDX-License-Identifier: Apache-2.0
#include "support/webapp/sql_db.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace palisade::testing::webapp {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, color TEXT NOT NULL,
                       price REAL NOT NULL, description TEXT NOT NULL);
INSERT INTO products VALUES
  (1, 'Desk Lamp', 'home', 'red', 24.90, 'A bright lamp for late nights.'),
  (2, 'Standing Desk', 'office', 'white', 399.00, 'Sit less, stand more.'),
  (3, 'Office Chair', 'office', 'black', 149.00, 'Comfortable for long days.'),
  (4, 'SQL for Beginners', 'books', 'blue', 29.00, 'Queries, joins and indexes.'),
  (5, 'The C++ Programming Language', 'books', 'red', 59.00, 'The classic.'),
  (6, 'Cushion', 'home', 'green', 12.50, 'Soft and square.');
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL, password_hash TEXT NOT NULL);
INSERT INTO users VALUES
  (1, 'admin', 'admin@webshop.example', '$2y$10$Qm9ndXNIYXNoRm9yVGVzdHMuLi4uLi4uLi4uLi4uLi4uLi4uLi4u'),
  (2, 'jdoe', 'jdoe@webshop.example', '$2y$10$QW5vdGhlckJvZ3VzSGFzaC4uLi4uLi4uLi4uLi4uLi4uLi4uLi4u');
CREATE TABLE news (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
INSERT INTO news VALUES (1, 'WebShop opens a second warehouse', 'Deliveries get faster in the north.'),
                        (2, 'Spring sale', 'Twenty per cent off all lamps.');
CREATE TABLE events (slug TEXT PRIMARY KEY, title TEXT NOT NULL, starts TEXT NOT NULL);
INSERT INTO events VALUES ('spring-sale', 'Spring sale', '2024-03-20'), ('book-fair', 'Book fair', '2024-05-02');
CREATE TABLE items (code TEXT PRIMARY KEY, name TEXT NOT NULL, stock INTEGER NOT NULL);
INSERT INTO items VALUES ('A100', 'Brass desk lamp', 12), ('B200', 'Oak shelf', 3);
CREATE TABLE jobs (id INTEGER PRIMARY KEY, dept TEXT NOT NULL, title TEXT NOT NULL);
INSERT INTO jobs VALUES (1, 'sales', 'Sales assistant'), (2, 'sales', 'Key account manager'), (3, 'it', 'DBA');
)";

struct Budget {
    std::chrono::steady_clock::time_point deadline;
};

int OnProgress(void* data) { return std::chrono::steady_clock::now() > static_cast<Budget*>(data)->deadline ? 1 : 0; }

}  // namespace

SqlDb::SqlDb() {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "VulnerableApp: cannot open SQLite: %s\n", db_ ? sqlite3_errmsg(db_) : "no memory");
        std::abort();
    }
    char* error = nullptr;
    if (sqlite3_exec(db_, kSchema, nullptr, nullptr, &error) != SQLITE_OK ||
        sqlite3_exec(db_, "PRAGMA query_only = 1;", nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "VulnerableApp: cannot seed SQLite: %s\n", error ? error : "?");
        std::abort();
    }
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 1 << 20);  // randomblob(1e9) fails instead of eating memory
    sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
}

SqlDb::~SqlDb() { sqlite3_close(db_); }

SqlOutcome SqlDb::Run(const std::string& sql) { return Execute(sql, nullptr); }

SqlOutcome SqlDb::RunBound(const std::string& sql, const std::vector<std::string>& params) {
    return Execute(sql, &params);
}

SqlOutcome SqlDb::Execute(const std::string& sql, const std::vector<std::string>* params) {
    constexpr std::size_t kMaxRows = 200;
    std::lock_guard lock(mutex_);
    SqlOutcome outcome;
    Budget budget{std::chrono::steady_clock::now() + std::chrono::seconds(2)};
    sqlite3_progress_handler(db_, 1000, OnProgress, &budget);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
        outcome.error = sqlite3_errmsg(db_);
        outcome.error_offset = sqlite3_error_offset(db_);
        sqlite3_finalize(statement);
        sqlite3_progress_handler(db_, 0, nullptr, nullptr);
        return outcome;
    }
    if (statement == nullptr) {  // only whitespace or comments
        outcome.error = "not an error";
        sqlite3_progress_handler(db_, 0, nullptr, nullptr);
        return outcome;
    }
    if (params != nullptr) {
        for (std::size_t i = 0; i < params->size(); ++i) {
            sqlite3_bind_text(statement, static_cast<int>(i + 1), (*params)[i].data(),
                              static_cast<int>((*params)[i].size()), SQLITE_TRANSIENT);
        }
    }
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (outcome.rows.size() >= kMaxRows) continue;
        std::vector<std::string> row;
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const unsigned char* text = sqlite3_column_text(statement, column);  // before column_bytes
            const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
            row.emplace_back(text ? reinterpret_cast<const char*>(text) : "", text ? size : 0);
        }
        outcome.rows.push_back(std::move(row));
    }
    if (rc == SQLITE_DONE) {
        outcome.ok = true;
    } else {
        outcome.error = sqlite3_errmsg(db_);
        outcome.rows.clear();
    }
    sqlite3_finalize(statement);
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    return outcome;
}

}  // namespace palisade::testing::webapp
