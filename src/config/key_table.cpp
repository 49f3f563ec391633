// SPDX-License-Identifier: Apache-2.0
#include "config/key_table.hpp"

#include <algorithm>

namespace palisade::config {

namespace {

using R = KeyRole;

// clang-format off
const KeyDef kKeys[] = {
    {"data_dir", [](Config& c) -> FieldRef { return &c.data_dir; }},

    {"server.listen", [](Config& c) -> FieldRef { return &c.server.listen; }},
    {"server.public_url", [](Config& c) -> FieldRef { return &c.server.public_url; }},
    {"server.io_threads", [](Config& c) -> FieldRef { return &c.server.io_threads; }},
    {"server.blocking_threads", [](Config& c) -> FieldRef { return &c.server.blocking_threads; }},
    {"server.max_header_bytes", [](Config& c) -> FieldRef { return &c.server.max_header_bytes; }},
    {"server.max_body_bytes", [](Config& c) -> FieldRef { return &c.server.max_body_bytes; }},
    {"server.request_timeout", [](Config& c) -> FieldRef { return &c.server.request_timeout; }},
    {"server.idle_timeout", [](Config& c) -> FieldRef { return &c.server.idle_timeout; }},
    {"server.handler_timeout", [](Config& c) -> FieldRef { return &c.server.handler_timeout; }},
    {"server.max_connections", [](Config& c) -> FieldRef { return &c.server.max_connections; }},
    {"server.shutdown_grace", [](Config& c) -> FieldRef { return &c.server.shutdown_grace; }},
    {"server.tls_cert_file", [](Config& c) -> FieldRef { return &c.server.tls_cert_file; }},
    {"server.tls_key_file", [](Config& c) -> FieldRef { return &c.server.tls_key_file; }},
    {"server.cors_allowed_origins", [](Config& c) -> FieldRef { return &c.server.cors_allowed_origins; }},
    {"server.trusted_proxies", [](Config& c) -> FieldRef { return &c.server.trusted_proxies; }},
    {"server.rate_limit_ip_per_minute", [](Config& c) -> FieldRef { return &c.server.rate_limit_ip_per_minute; }},
    {"server.rate_limit_ip_burst", [](Config& c) -> FieldRef { return &c.server.rate_limit_ip_burst; }},
    {"server.rate_limit_principal_per_minute",
     [](Config& c) -> FieldRef { return &c.server.rate_limit_principal_per_minute; }},
    {"server.rate_limit_principal_burst", [](Config& c) -> FieldRef { return &c.server.rate_limit_principal_burst; }},

    {"store.database_url", [](Config& c) -> FieldRef { return &c.store.database_url; }, R::kCredentialUrl},
    {"store.database_url_file", [](Config& c) -> FieldRef { return &c.store.database_url; }, R::kSecretFile,
     "store.database_url"},
    {"store.pool_size", [](Config& c) -> FieldRef { return &c.store.pool_size; }},
    {"store.auto_migrate", [](Config& c) -> FieldRef { return &c.store.auto_migrate; }},
    {"store.busy_timeout", [](Config& c) -> FieldRef { return &c.store.busy_timeout; }},

    {"auth.signup", [](Config& c) -> FieldRef { return &c.auth.signup; }},
    {"auth.jwt_secret", [](Config& c) -> FieldRef { return &c.auth.jwt_secret; }, R::kSecret},
    {"auth.jwt_secret_file", [](Config& c) -> FieldRef { return &c.auth.jwt_secret; }, R::kSecretFile,
     "auth.jwt_secret"},
    {"auth.issuer", [](Config& c) -> FieldRef { return &c.auth.issuer; }},
    {"auth.access_token_ttl", [](Config& c) -> FieldRef { return &c.auth.access_token_ttl; }},
    {"auth.refresh_token_ttl", [](Config& c) -> FieldRef { return &c.auth.refresh_token_ttl; }},
    {"auth.email_verification_ttl", [](Config& c) -> FieldRef { return &c.auth.email_verification_ttl; }},
    {"auth.password_reset_ttl", [](Config& c) -> FieldRef { return &c.auth.password_reset_ttl; }},
    {"auth.invitation_ttl", [](Config& c) -> FieldRef { return &c.auth.invitation_ttl; }},
    {"auth.lockout_threshold", [](Config& c) -> FieldRef { return &c.auth.lockout_threshold; }},
    {"auth.lockout_window", [](Config& c) -> FieldRef { return &c.auth.lockout_window; }},
    {"auth.require_email_verification", [](Config& c) -> FieldRef { return &c.auth.require_email_verification; }},

    {"workers.embedded", [](Config& c) -> FieldRef { return &c.workers.embedded; }},
    {"workers.threads", [](Config& c) -> FieldRef { return &c.workers.threads; }},
    {"workers.lease", [](Config& c) -> FieldRef { return &c.workers.lease; }},
    {"workers.poll", [](Config& c) -> FieldRef { return &c.workers.poll; }},
    {"workers.max_attempts", [](Config& c) -> FieldRef { return &c.workers.max_attempts; }},
    {"workers.global_limit", [](Config& c) -> FieldRef { return &c.workers.global_limit; }},
    {"workers.per_org_limit", [](Config& c) -> FieldRef { return &c.workers.per_org_limit; }},

    {"scans.max_targets", [](Config& c) -> FieldRef { return &c.scans.max_targets; }},
    {"scans.max_addresses", [](Config& c) -> FieldRef { return &c.scans.max_addresses; }},

    {"imports.max_upload_bytes", [](Config& c) -> FieldRef { return &c.imports.max_upload_bytes; }},

    {"mail.smtp_host", [](Config& c) -> FieldRef { return &c.mail.smtp_host; }},
    {"mail.smtp_port", [](Config& c) -> FieldRef { return &c.mail.smtp_port; }},
    {"mail.security", [](Config& c) -> FieldRef { return &c.mail.security; }},
    {"mail.username", [](Config& c) -> FieldRef { return &c.mail.username; }},
    {"mail.password", [](Config& c) -> FieldRef { return &c.mail.password; }, R::kSecret},
    {"mail.password_file", [](Config& c) -> FieldRef { return &c.mail.password; }, R::kSecretFile, "mail.password"},
    {"mail.from", [](Config& c) -> FieldRef { return &c.mail.from; }},
    {"mail.timeout", [](Config& c) -> FieldRef { return &c.mail.timeout; }},

    {"log.level", [](Config& c) -> FieldRef { return &c.log.level; }},
    {"log.format", [](Config& c) -> FieldRef { return &c.log.format; }},
};
// clang-format on

constexpr std::string_view kSections[] = {"server", "store", "auth", "mail", "workers", "scans", "imports", "log"};

}  // namespace

std::span<const KeyDef> AllKeys() { return kKeys; }

const KeyDef* FindKey(std::string_view key) {
    const auto it = std::find_if(std::begin(kKeys), std::end(kKeys), [&](const KeyDef& d) { return d.key == key; });
    return it == std::end(kKeys) ? nullptr : &*it;
}

std::span<const std::string_view> Sections() { return kSections; }

std::string EnvName(std::string_view key) {
    std::string name = "PALISADE_";
    for (char c : key) {
        if (c == '.') {
            name += '_';
        } else if (c >= 'a' && c <= 'z') {
            name += static_cast<char>(c - 'a' + 'A');
        } else {
            name += c;
        }
    }
    return name;
}

}  // namespace palisade::config
