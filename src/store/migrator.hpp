// SPDX-License-Identifier: Apache-2.0
// Embedded, numbered migrations per dialect (src/store/migrations/{sqlite,postgres}/NNNN_name.sql), recorded with
// their SHA-256 in schema_migrations. Store-internal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace palisade::store {

struct Migration {
    int version = 0;
    std::string name;      // file name without ".sql"
    std::string_view sql;  // embedded text
    std::string checksum;  // hex SHA-256 of sql
};

// The embedded migrations of one dialect, ordered by version.
std::vector<Migration> EmbeddedMigrations(Dialect dialect);
// Splits a migration script into statements on ';' outside quotes and comments.
std::vector<std::string> SplitSqlStatements(std::string_view script);

// On a session in autocommit mode: applies each pending migration in its own transaction.
Result<std::vector<MigrationInfo>> ApplyMigrations(Tx& tx);
Result<std::vector<MigrationInfo>> ListMigrations(Tx& tx);

}  // namespace palisade::store
