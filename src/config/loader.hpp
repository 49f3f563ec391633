// SPDX-License-Identifier: Apache-2.0
// Loads the typed Config from defaults < YAML file < PALISADE_* environment < command-line flags, validates it,
// and renders it back (secrets redacted) for `palisade config show`.
//
// Keys (see key_table.hpp for the full list and naming rules):
//  - YAML mirrors config.hpp: top-level `data_dir`, sections server/store/auth/mail/log with the field names.
//    Unknown keys are errors (typo protection).
//  - Environment: PALISADE_<SECTION>_<FIELD> upper-cased (PALISADE_SERVER_MAX_BODY_BYTES), PALISADE_DATA_DIR,
//    and the aliases PALISADE_LISTEN (server.listen) and PALISADE_DATABASE_URL (store.database_url).
//    PALISADE_CONFIG names the YAML file (resolved by CollectSources, not by LoadConfig). An unknown variable
//    whose name starts with a section (PALISADE_SERVER_LISTN) is an error; other PALISADE_* names (PALISADE_TEST_*)
//    are ignored.
//  - Flags: dotted keys ("server.listen") as filled by AddConfigFlags (flags.hpp).
// Values:
//  - durations: a bare integer is seconds, or "500ms", "30s", "15m", "24h", "7d", "1h30m";
//  - sizes: a bare integer is bytes, or "16KiB", "1MiB", "1GiB";
//  - booleans: true/false (also yes/no, on/off, 1/0);
//  - lists (server.cors_allowed_origins, server.trusted_proxies): a YAML sequence, or one comma-separated string
//    (the only form in the environment and flags).
// Secrets (auth.jwt_secret, mail.password, store.database_url) may be given inline or, preferably, through
// "<key>_file" (auth.jwt_secret_file, PALISADE_AUTH_JWT_SECRET_FILE, ...): the file's content with one trailing
// newline stripped. Inline and _file for the same secret in one source is an error; a later source overrides
// either form.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/result.hpp"

namespace palisade::config {

struct ConfigSources {
    std::optional<std::filesystem::path> file;  // YAML file; none = defaults, env and flags only
    std::map<std::string, std::string> env;     // PALISADE_* variables, as from PalisadeEnvironment()
    std::map<std::string, std::string> flags;   // dotted key -> value, from the command line
};

// The process environment filtered to names starting with PALISADE_. The ONLY place in Palisade that reads the
// environment. Not thread-safe against concurrent setenv (no code of ours calls it).
std::map<std::string, std::string> PalisadeEnvironment();

// Puts sources together for a command: `config_file` from --config, else env PALISADE_CONFIG, else no file.
// Pure: pass PalisadeEnvironment() as `env`.
ConfigSources CollectSources(const std::string& config_file, std::map<std::string, std::string> flags,
                             std::map<std::string, std::string> env);

// Merges and validates. On any problem returns kInvalidArgument whose `message` lists EVERY problem found, one per
// line, each "<source>: <key>: <problem>", where source is "<file>:<line>" (or "<file>:<line>:<column>" for YAML
// syntax errors), "env PALISADE_X" or "command line", or "default". `detail` is "invalid configuration".
// Secret values never appear in messages. An unreadable config file is an error too.
// On success server.public_url is filled in (DerivePublicUrl) unless it cannot be derived (listen port 0).
// Reads the config file and secret/TLS files; thread-safe.
Result<Config> LoadConfig(const ConfigSources& sources);

// The effective config as YAML in the same layout LoadConfig reads. Secrets print as "<redacted>" when set and ""
// when not; store.database_url keeps everything but its password (user:<redacted>@host, password=<redacted>).
std::string RenderRedacted(const Config& config);

// "postgresql://u:pw@h/db?sslpassword=x" -> "postgresql://u:<redacted>@h/db?sslpassword=<redacted>".
std::string RedactDatabaseUrl(const std::string& url);

}  // namespace palisade::config
