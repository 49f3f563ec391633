// SPDX-License-Identifier: Apache-2.0
// The one list of configuration keys. Each entry ties a dotted key ("server.max_body_bytes") to its Config field;
// the YAML layout, the PALISADE_* variable names, `--set` and `config show` are all derived from it, so a new
// field needs exactly one new line in key_table.cpp.
//
// Naming rules:
//  - dotted key   = "<section>.<field>" with the field's name in config.hpp; top-level fields have no section
//                   ("data_dir").
//  - YAML         = the same nesting: `server: {listen: ...}`.
//  - environment  = "PALISADE_" + upper-cased key with '.' -> '_' (PALISADE_SERVER_MAX_BODY_BYTES,
//                   PALISADE_DATA_DIR), plus the aliases in kEnvAliases (PALISADE_LISTEN, PALISADE_DATABASE_URL).
//  - secrets      = also settable through "<key>_file" (auth.jwt_secret_file, PALISADE_MAIL_PASSWORD_FILE,
//                   store.database_url_file).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace palisade::config {

// A pointer to the Config field a key sets; the alternative says how its text is parsed.
using FieldRef = std::variant<std::string*, int*, bool*, std::size_t*, std::chrono::seconds*,
                              std::chrono::milliseconds*, std::vector<std::string>*, SignupMode*, SmtpSecurity*>;

enum class KeyRole {
    kPlain,
    kSecret,         // shown as "<redacted>" by RenderRedacted
    kCredentialUrl,  // a URL that may embed a password; RenderRedacted shows it with the password redacted
    kSecretFile,     // "<secret>_file": names a file whose content (one trailing newline stripped) is the value
};

struct KeyDef {
    std::string_view key;        // dotted
    FieldRef (*field)(Config&);  // the field this key sets (kSecretFile: the secret's field)
    KeyRole role = KeyRole::kPlain;
    std::string_view secret_key = {};  // kSecretFile only: the key of the secret it sets ("auth.jwt_secret")

    // The key whose value this sets: the secret's key for kSecretFile, else `key`.
    std::string_view Slot() const { return role == KeyRole::kSecretFile ? secret_key : key; }
};

// Every key, in config.hpp order (RenderRedacted prints in this order).
std::span<const KeyDef> AllKeys();

// nullptr when `key` is not a configuration key.
const KeyDef* FindKey(std::string_view key);

// The top-level YAML sections ("server", "store", "auth", "mail", "log").
std::span<const std::string_view> Sections();

struct EnvAlias {
    std::string_view name;  // PALISADE_LISTEN
    std::string_view key;   // server.listen
};
inline constexpr std::array<EnvAlias, 2> kEnvAliases{
    {{"PALISADE_LISTEN", "server.listen"}, {"PALISADE_DATABASE_URL", "store.database_url"}}};

// "server.max_body_bytes" -> "PALISADE_SERVER_MAX_BODY_BYTES".
std::string EnvName(std::string_view key);

}  // namespace palisade::config
