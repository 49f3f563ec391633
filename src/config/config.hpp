// SPDX-License-Identifier: Apache-2.0
// The typed configuration of `palisade`. Defaults are the member initialisers. Loaded once by config/loader.hpp
// (defaults < YAML file < PALISADE_* environment < flags), validated, then immutable: pass it (or a part of it)
// by const reference into constructors. Durations are written as integer seconds or "500ms"/"30s"/"15m"/"24h"/"7d";
// sizes as integer bytes or "16KiB"/"1MiB" (config/values.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace palisade::config {

struct ServerConfig {
    std::string listen = "127.0.0.1:8080";  // ADDR:PORT, ADDR an IP literal; IPv6 as [::1]:8080; port 0 = any free
                                            // port (tests). PALISADE_LISTEN
    std::string public_url;                 // base URL put in e-mail links; default derived from listen (not if :0)
    int io_threads = 0;                     // HTTP I/O threads; 0 = one per core
    int blocking_threads = 0;               // database and hashing pool; 0 = max(4, 2 x cores)
    std::size_t max_header_bytes = 16 * 1024;     // request line + headers; larger -> 431
    std::size_t max_body_bytes = 1024 * 1024;     // request body; larger -> 413
    std::chrono::seconds request_timeout{30};     // to read one whole request once its first byte arrived
    std::chrono::seconds idle_timeout{60};        // keep-alive connection with no request -> closed
    std::chrono::seconds handler_timeout{30};     // a handler still running past this answers 503
    int max_connections = 1024;                   // more are accepted and closed at once
    std::chrono::seconds shutdown_grace{10};      // in-flight requests get this long after SIGTERM
    std::string tls_cert_file;                    // PEM chain; with tls_key_file enables HTTPS
    std::string tls_key_file;                     // PEM private key
    std::vector<std::string> cors_allowed_origins;  // exact origins ("https://app.example.com"); empty = no CORS
    std::vector<std::string> trusted_proxies;       // IPs or CIDRs whose X-Forwarded-For is believed
    int rate_limit_ip_per_minute = 1200;            // sustained requests per client IP; 0 disables
    int rate_limit_ip_burst = 200;                  // bucket size per client IP
    int rate_limit_principal_per_minute = 2400;     // sustained requests per user or API key; 0 disables
    int rate_limit_principal_burst = 400;
};

struct StoreConfig {
    // sqlite://PATH or postgresql://... (postgres:// too). PALISADE_DATABASE_URL, or store.database_url_file.
    // May hold a password: shown redacted by `config show`.
    std::string database_url = "sqlite://var/palisade.db";
    int pool_size = 8;                                      // connections (SQLite: readers; one writer at a time)
    bool auto_migrate = true;                               // `serve` applies pending migrations at start
    std::chrono::milliseconds busy_timeout{5000};           // SQLite: wait this long for a lock; at most 1h
};

enum class SignupMode { kOpen, kInviteOnly, kOff };

struct AuthConfig {
    SignupMode signup = SignupMode::kInviteOnly;  // open | invite-only | off
    std::string jwt_secret;  // SECRET (or auth.jwt_secret_file). HS256 key, >= 32 bytes; empty = generated once into
                             // <data_dir>/jwt.key (0600)
    std::string issuer = "palisade";
    std::chrono::seconds access_token_ttl{15 * 60};
    std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};
    std::chrono::seconds email_verification_ttl{24 * 3600};
    std::chrono::seconds password_reset_ttl{3600};
    std::chrono::seconds invitation_ttl{7 * 24 * 3600};
    int lockout_threshold = 5;                  // failed logins per account, and per client IP, in the window
    std::chrono::seconds lockout_window{15 * 60};
    bool require_email_verification = true;     // unverified accounts cannot log in
};

enum class SmtpSecurity { kStartTls, kTls, kNone };

struct MailConfig {
    std::string smtp_host;  // empty = no SMTP: mail is kept in the outbox table for admins
    int smtp_port = 587;
    SmtpSecurity security = SmtpSecurity::kStartTls;  // starttls | tls | none
    std::string username;
    std::string password;  // SECRET (or mail.password_file)
    std::string from = "Palisade <palisade@localhost>";
    std::chrono::seconds timeout{15};
};

// The job workers (scans, imports, notifications). docs/configuration.md "workers".
struct WorkerConfig {
    bool embedded = true;                          // `serve` runs workers in-process; `palisade worker` always does
    int threads = 4;                               // jobs run at once by one process (1..256)
    std::chrono::milliseconds lease{30000};        // a job whose worker stops renewing for this long is taken again
    std::chrono::milliseconds poll{1000};          // idle poll for new jobs (enqueues also wake workers at once)
    int max_attempts = 3;                          // claims of one job before it fails (lost workers count)
    int global_limit = 0;                          // running jobs at once over all nodes; 0 = unlimited
    int per_org_limit = 0;                         // running jobs of one organisation at once; 0 = unlimited
};

// Scans requested through the API. docs/configuration.md "scans".
struct ScanConfig {
    int max_targets = 100;                 // target arguments per scan
    int max_addresses = 65536;             // addresses per scan, CIDR ranges expanded (1..16777216)
};

// Findings imports (nmap XML, SARIF). docs/configuration.md "imports".
struct ImportConfig {
    std::size_t max_upload_bytes = 256 * 1024 * 1024;  // the body of POST /api/v1/imports (authenticated requests)
};

struct LogConfig {
    std::string level = "info";   // trace | debug | info | warn | error
    std::string format = "json";  // json | text
};

struct Config {
    std::string data_dir = "var";  // keys and local state. PALISADE_DATA_DIR
    ServerConfig server;
    StoreConfig store;
    AuthConfig auth;
    MailConfig mail;
    WorkerConfig workers;
    ScanConfig scans;
    ImportConfig imports;
    LogConfig log;
};

}  // namespace palisade::config
