// SPDX-License-Identifier: Apache-2.0
#include "config/validate.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "config/values.hpp"
#include "core/strings.hpp"

namespace palisade::config {

namespace {

constexpr std::size_t kMinLimitBytes = 1024;
constexpr std::size_t kMinJwtSecretBytes = 32;

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 0..65535 as decimal digits only (no sign, no spaces).
int ParsePort(std::string_view text) {
    if (!AllDigits(text) || text.size() > 5) return -1;
    const auto port = ParseInt(text);
    return port && *port <= 65535 ? *port : -1;
}

bool IsIpv4(std::string_view text) {
    in_addr addr{};
    return inet_pton(AF_INET, std::string(text).c_str(), &addr) == 1;
}

bool IsIpv6(std::string_view text) {
    in6_addr addr{};
    return inet_pton(AF_INET6, std::string(text).c_str(), &addr) == 1;
}

bool IsHostName(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

// Collects "<origin>: <key>: <problem>" lines.
class Problems {
  public:
    explicit Problems(const Origins& origins) : origins_(origins) {}

    void Add(std::string_view key, std::string_view problem) {
        const auto it = origins_.find(key);
        const std::string_view origin = it == origins_.end() ? std::string_view("default") : it->second;
        lines_.push_back(std::string(origin) + ": " + std::string(key) + ": " + std::string(problem));
    }
    template <typename T>
    void Range(std::string_view key, T value, T min, T max) {
        if (value < min || value > max) {
            Add(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
    }
    template <typename T>
    void AtLeast(std::string_view key, T value, T min) {
        if (value < min) Add(key, "must be at least " + std::to_string(min));
    }
    void Positive(std::string_view key, std::chrono::milliseconds d) {
        if (d.count() <= 0) Add(key, "must be greater than 0");
    }
    void NotEmpty(std::string_view key, const std::string& value) {
        if (Trim(value).empty()) Add(key, "must not be empty");
    }
    void OneOf(std::string_view key, const std::string& value, std::initializer_list<std::string_view> allowed) {
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Add(key, "must be one of " + list);
    }
    void Readable(std::string_view key, const std::string& path) {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) {
            Add(key, "cannot read " + path + ": " + std::strerror(errno));
            return;
        }
        std::fclose(f);
    }
    std::vector<std::string> Take() { return std::move(lines_); }

  private:
    const Origins& origins_;
    std::vector<std::string> lines_;
};

void ValidateServer(const ServerConfig& s, Problems& p) {
    if (auto listen = ParseListenAddress(s.listen); !listen) p.Add("server.listen", listen.error().message);
    if (!s.public_url.empty() && !StartsWith(s.public_url, "http://") && !StartsWith(s.public_url, "https://")) {
        p.Add("server.public_url", "must start with http:// or https://");
    }
    p.AtLeast("server.io_threads", s.io_threads, 0);
    p.AtLeast("server.blocking_threads", s.blocking_threads, 0);
    p.AtLeast("server.max_header_bytes", s.max_header_bytes, kMinLimitBytes);
    p.AtLeast("server.max_body_bytes", s.max_body_bytes, kMinLimitBytes);
    p.Positive("server.request_timeout", s.request_timeout);
    p.Positive("server.idle_timeout", s.idle_timeout);
    p.Positive("server.handler_timeout", s.handler_timeout);
    p.AtLeast("server.max_connections", s.max_connections, 1);
    if (s.shutdown_grace.count() < 0) p.Add("server.shutdown_grace", "must not be negative");
    if (s.tls_cert_file.empty() != s.tls_key_file.empty()) {
        const bool cert = !s.tls_cert_file.empty();
        p.Add(cert ? "server.tls_cert_file" : "server.tls_key_file",
              cert ? "set without server.tls_key_file" : "set without server.tls_cert_file");
    }
    if (!s.tls_cert_file.empty()) p.Readable("server.tls_cert_file", s.tls_cert_file);
    if (!s.tls_key_file.empty()) p.Readable("server.tls_key_file", s.tls_key_file);
    for (const std::string& origin : s.cors_allowed_origins) {
        if (!IsWebOrigin(origin)) {
            p.Add("server.cors_allowed_origins", "\"" + origin + "\" is not an origin (scheme://host[:port], no path)");
        }
    }
    for (const std::string& proxy : s.trusted_proxies) {
        if (!IsIpOrCidr(proxy)) p.Add("server.trusted_proxies", "\"" + proxy + "\" is not an IP address or CIDR");
    }
    p.AtLeast("server.rate_limit_ip_per_minute", s.rate_limit_ip_per_minute, 0);
    p.AtLeast("server.rate_limit_ip_burst", s.rate_limit_ip_burst, s.rate_limit_ip_per_minute > 0 ? 1 : 0);
    p.AtLeast("server.rate_limit_principal_per_minute", s.rate_limit_principal_per_minute, 0);
    p.AtLeast("server.rate_limit_principal_burst", s.rate_limit_principal_burst,
              s.rate_limit_principal_per_minute > 0 ? 1 : 0);
}

void ValidateStore(const StoreConfig& s, Problems& p) {
    // The URL itself is never echoed: it may hold a password.
    const std::string_view url = s.database_url;
    const bool sqlite = StartsWith(url, "sqlite://") && url.size() > 9;
    const bool pg =
        (StartsWith(url, "postgresql://") && url.size() > 13) || (StartsWith(url, "postgres://") && url.size() > 11);
    if (!sqlite && !pg) p.Add("store.database_url", "must be sqlite://PATH or postgresql://...");
    p.Range("store.pool_size", s.pool_size, 1, 256);
    p.Positive("store.busy_timeout", s.busy_timeout);
    // A bare integer means seconds everywhere; "5000" here would be 83 minutes, almost surely meant as 5000ms.
    if (s.busy_timeout > std::chrono::hours(1))
        p.Add("store.busy_timeout", "must be at most 1h (write e.g. \"5000ms\")");
}

void ValidateAuth(const AuthConfig& a, Problems& p) {
    if (!a.jwt_secret.empty() && a.jwt_secret.size() < kMinJwtSecretBytes) {
        p.Add("auth.jwt_secret", "must be at least 32 bytes (got " + std::to_string(a.jwt_secret.size()) + ")");
    }
    p.NotEmpty("auth.issuer", a.issuer);
    p.Positive("auth.access_token_ttl", a.access_token_ttl);
    p.Positive("auth.refresh_token_ttl", a.refresh_token_ttl);
    p.Positive("auth.email_verification_ttl", a.email_verification_ttl);
    p.Positive("auth.password_reset_ttl", a.password_reset_ttl);
    p.Positive("auth.invitation_ttl", a.invitation_ttl);
    p.AtLeast("auth.lockout_threshold", a.lockout_threshold, 1);
    p.Positive("auth.lockout_window", a.lockout_window);
}

void ValidateMail(const MailConfig& m, Problems& p) {
    p.Range("mail.smtp_port", m.smtp_port, 1, 65535);
    if (m.from.find('@') == std::string::npos) p.Add("mail.from", "must contain an e-mail address");
    p.Positive("mail.timeout", m.timeout);
    if (!m.smtp_host.empty() && !IsHostName(m.smtp_host) && !IsIpAddress(m.smtp_host)) {
        p.Add("mail.smtp_host", "not a host name or IP address");
    }
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
    const auto bad = [] {
        return Fail(ErrorCode::kInvalidArgument, "not ADDR:PORT (an IP address and port: 127.0.0.1:8080, [::1]:8080)");
    };
    ListenAddress out;
    std::string_view port;
    if (StartsWith(text, "[")) {
        const std::size_t close = text.find("]:");
        if (close == std::string_view::npos) return bad();
        out.host = std::string(text.substr(1, close - 1));
        out.ipv6 = true;
        port = text.substr(close + 2);
        if (!IsIpv6(out.host)) return bad();
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos) return bad();
        out.host = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
        if (!IsIpv4(out.host)) return bad();
    }
    out.port = ParsePort(port);
    if (out.port < 0) return Fail(ErrorCode::kInvalidArgument, "port must be 0..65535");
    return out;
}

bool IsIpAddress(std::string_view text) { return IsIpv4(text) || IsIpv6(text); }

bool IsIpOrCidr(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return IsIpAddress(text);
    const std::string_view addr = text.substr(0, slash);
    const std::string_view prefix = text.substr(slash + 1);
    if (!AllDigits(prefix) || prefix.size() > 3) return false;
    const int bits = *ParseInt(prefix);
    if (IsIpv4(addr)) return bits <= 32;
    return IsIpv6(addr) && bits <= 128;
}

bool IsWebOrigin(std::string_view text) {
    std::string_view rest;
    if (StartsWith(text, "https://")) {
        rest = text.substr(8);
    } else if (StartsWith(text, "http://")) {
        rest = text.substr(7);
    } else {
        return false;
    }
    std::string_view port;
    if (StartsWith(rest, "[")) {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos || !IsIpv6(rest.substr(1, close - 1))) return false;
        const std::string_view after = rest.substr(close + 1);
        if (after.empty()) return true;
        if (after[0] != ':') return false;
        port = after.substr(1);
    } else {
        const std::size_t colon = rest.find(':');
        if (!IsHostName(rest.substr(0, colon))) return false;  // also rejects '/', '*', '?', '#', '@'
        if (colon == std::string_view::npos) return true;
        port = rest.substr(colon + 1);
    }
    return ParsePort(port) > 0;
}

std::vector<std::string> ValidateConfig(const Config& config, const Origins& origins) {
    Problems p(origins);
    p.NotEmpty("data_dir", config.data_dir);
    ValidateServer(config.server, p);
    ValidateStore(config.store, p);
    ValidateAuth(config.auth, p);
    ValidateMail(config.mail, p);
    p.Range("workers.threads", config.workers.threads, 1, 256);
    p.Positive("workers.lease", config.workers.lease);
    if (config.workers.lease < std::chrono::seconds(3)) p.Add("workers.lease", "must be at least 3s");
    p.Positive("workers.poll", config.workers.poll);
    p.Range("workers.max_attempts", config.workers.max_attempts, 1, 100);
    p.Range("workers.global_limit", config.workers.global_limit, 0, 100000);
    p.Range("workers.per_org_limit", config.workers.per_org_limit, 0, 100000);
    p.Range("scans.max_targets", config.scans.max_targets, 1, 10000);
    p.Range("scans.max_addresses", config.scans.max_addresses, 1, 1 << 24);
    p.AtLeast("imports.max_upload_bytes", config.imports.max_upload_bytes, config.server.max_body_bytes);
    p.OneOf("log.level", config.log.level, {"trace", "debug", "info", "warn", "error"});
    p.OneOf("log.format", config.log.format, {"json", "text"});
    return p.Take();
}

std::string DerivePublicUrl(const ServerConfig& server) {
    if (!server.public_url.empty()) return server.public_url;
    auto listen = ParseListenAddress(server.listen);
    if (!listen || listen->port == 0) return {};
    std::string host = listen->host;
    if (host == "0.0.0.0") host = "127.0.0.1";
    if (listen->ipv6) {
        in6_addr addr{};
        inet_pton(AF_INET6, host.c_str(), &addr);
        if (IN6_IS_ADDR_UNSPECIFIED(&addr)) host = "::1";
        host = "[" + host + "]";
    }
    const char* scheme = server.tls_cert_file.empty() ? "http://" : "https://";
    return scheme + host + ":" + std::to_string(listen->port);
}

}  // namespace palisade::config
