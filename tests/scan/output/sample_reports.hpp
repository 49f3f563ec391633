// SPDX-License-Identifier: Apache-2.0
// Hand-built ScanReports for the output format tests, and a way to run the Python checkers (JSON Schema validation,
// XML parsing) the tests hand their output to.
#pragma once

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

namespace palisade::scan::output::testing {

// Bytes a hostile banner could carry: invalid UTF-8, ESC (an ANSI sequence), NUL and other controls, XML and JSON
// metacharacters, U+FFFF, a valid non-ASCII character.
inline const std::string kOddBytes = std::string("caf\xc3\xa9 \xff\xfe bad \x1b[31mred\x1b[0m nul:") +
                                     std::string(1, '\0') + "\x01\x7f <tag a=\"1\"> & 'q' \\ \xef\xbf\xbf end\r\n2nd";

inline constexpr std::array<CheckInfo, 4> kCatalogue = {{
    {"tls.protocol.tls1_0", "TLS 1.0 is enabled", Severity::kMedium, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N",
     "CWE-327", "Disable TLS 1.0 and 1.1; offer TLS 1.2 and 1.3 only.",
     "https://datatracker.ietf.org/doc/html/rfc8996 https://ssl-config.mozilla.org/"},
    {"services.redis.no_auth", "Redis accepts commands without authentication", Severity::kCritical,
     "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-306", "Require a password (requirepass) or ACLs.",
     "https://redis.io/docs/latest/operate/oss_and_stack/management/security/"},
    {"headers.hsts.missing", "Strict-Transport-Security is missing", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-319", "Send Strict-Transport-Security with max-age.", ""},
    {"services.ssh.banner", "SSH server identification", Severity::kInfo, "", "", "Nothing to do.", ""},
}};

// Two targets: a URL resolved to 127.0.0.1 and ::1, and an address. Findings of every severity (one with odd
// evidence, one whose check is not in kCatalogue), services with and without TLS, module details valid and not.
inline ScanReport MultiTargetReport() {
    ScanReport r;
    r.scanner_version = "0.1.0";
    r.command_line = "palisade scan https://example.test 127.0.0.2";
    r.started_at = "2026-01-02T03:04:05Z";
    r.finished_at = "2026-01-02T03:04:17Z";
    r.started_unix = 1767323045;
    r.finished_unix = 1767323057;
    r.ports_spec = "1-1000";
    r.ports_per_host = 1000;
    r.score = 40;
    r.grade = "D";

    TargetReport a;
    a.target = "https://example.test";
    a.score = 72;
    a.grade = "C";
    a.modules = {
        {"ports", ModuleStatus::kDone, 310, std::nullopt, std::nullopt, "", R"({"open":3,"closed":1997})"},
        {"tls", ModuleStatus::kDone, 812, std::nullopt, std::string("B"), "", R"({"protocols":["TLSv1.0","TLSv1.3"]})"},
        {"headers", ModuleStatus::kDone, 95, 70, std::string("B"), "", ""},
        {"services", ModuleStatus::kTimedOut, 5000, std::nullopt, std::nullopt, "budget of 5 s exceeded", "{not json"},
    };
    HostReport v4;
    v4.address = "127.0.0.1";
    v4.name = "example.test";
    v4.up = true;
    v4.ports = {{80, "tcp", "open", "syn-ack", 0.213}, {443, "tcp", "open", "syn-ack", 0.187654321}};
    v4.closed = 997;
    v4.filtered = 1;
    HostReport v6;
    v6.address = "::1";
    v6.name = "example.test";
    v6.up = true;
    v6.ports = {{443, "tcp", "open", "syn-ack", 0.3}};
    v6.closed = 999;
    a.hosts = {v4, v6};

    TargetReport b;
    b.target = "127.0.0.2";
    b.score = 40;
    b.grade = "D";
    b.modules = {{"ports", ModuleStatus::kDone, 120, std::nullopt, std::nullopt, "", ""},
                 {"services", ModuleStatus::kDone, 800, std::nullopt, std::nullopt, "", ""}};
    HostReport h2;
    h2.address = "127.0.0.2";
    h2.up = true;
    h2.ports = {{6379, "tcp", "open", "syn-ack", 0.05}, {2222, "tcp", "open", "syn-ack", 0.07}};
    h2.closed = 998;
    b.hosts = {h2};
    r.targets = {a, b};

    Service http{"127.0.0.1", "example.test", 80, "tcp", "http", "nginx", "1.22.1", "", false, "probed", 10};
    Service https{"127.0.0.1", "example.test", 443, "tcp", "https", "nginx", "1.22.1", "Debian", true, "probed", 10};
    Service https6{"::1", "example.test", 443, "tcp", "https", "", "", "", true, "table", 3};
    Service redis{"127.0.0.2", "", 6379, "tcp", "redis", "Redis key-value store", "7.0.11", "", false, "probed", 10};
    Service odd{"127.0.0.2", "", 2222, "tcp", "ssh", "Open\"SSH<&>", "9.2p1 \xff\x1b[1m", "protocol 2.0", false,
                "probed", 10};
    r.services = {http, https, https6, redis, odd};

    Finding critical = MakeFinding(kCatalogue[1], "127.0.0.2:6379", "PING answered +PONG without AUTH");
    Finding high;  // not in kCatalogue: the SARIF rule comes from the finding itself
    high.check = "tls.cert.expired";
    high.title = "The certificate has expired";
    high.severity = Severity::kHigh;
    high.cvss = Cvss{"3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", 6.5};
    high.cwe = {"CWE-298"};
    high.location = "[::1]:443";
    high.evidence = "notAfter 2020-01-01";
    high.recommendation = "Renew the certificate.";
    high.references = {"https://www.rfc-editor.org/rfc/rfc5280"};
    high.fingerprint = "0123456789abcdef0123456789abcdef";
    Finding medium = MakeFinding(kCatalogue[0], "127.0.0.1:443", "server accepted a TLS 1.0 ClientHello");
    Finding odd_medium = MakeFinding(kCatalogue[0], "::1", "raw");
    odd_medium.evidence = kOddBytes;  // bypass MakeFinding's cleaning: the formats must cope with anything
    odd_medium.location = "https://example.test/a path/\xc3\xa9?q=1";
    Finding low = MakeFinding(kCatalogue[2], "https://example.test/", "no Strict-Transport-Security header");
    Finding info = MakeFinding(kCatalogue[3], "127.0.0.2:2222", "SSH-2.0-OpenSSH_9.2p1 Debian-2");
    r.findings = {critical, high, medium, odd_medium, low, info};
    return r;
}

// One target, nothing found, scan cancelled half-way.
inline ScanReport IncompleteEmptyReport() {
    ScanReport r;
    r.scanner_version = "0.1.0";
    r.started_at = "2026-01-02T03:04:05Z";
    r.finished_at = "2026-01-02T03:04:06Z";
    r.started_unix = 1767323045;
    r.finished_unix = 1767323046;
    r.complete = false;
    r.incomplete_reason = "cancelled";
    r.ports_spec = "22,80,443";
    r.ports_per_host = 3;
    TargetReport t;
    t.target = "127.0.0.1";
    t.modules = {{"ports", ModuleStatus::kCancelled, 400, std::nullopt, std::nullopt, "cancelled", ""}};
    HostReport h;
    h.address = "127.0.0.1";
    h.up = true;
    h.closed = 3;
    t.hosts = {h};
    r.targets = {t};
    return r;
}

// A target whose name did not resolve, next to a host that answered nothing.
inline ScanReport UnresolvedReport() {
    ScanReport r;
    r.scanner_version = "0.1.0";
    r.started_at = "2026-01-02T03:04:05Z";
    r.finished_at = "2026-01-02T03:04:07Z";
    r.started_unix = 1767323045;
    r.finished_unix = 1767323047;
    r.ports_spec = "1-100";
    r.ports_per_host = 100;
    TargetReport bad;
    bad.target = "no-such-name.invalid";
    bad.error = "name did not resolve";
    TargetReport silent;
    silent.target = "127.0.0.3";
    HostReport h;
    h.address = "127.0.0.3";
    h.up = false;
    h.filtered = 100;
    silent.hosts = {h};
    r.targets = {bad, silent};
    return r;
}

struct ToolRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

// Runs a shell command line and captures its output (tests only).
inline ToolRun RunTool(const std::string& command) {
    ToolRun run;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.output.append(buf.data(), n);
    int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

inline std::string WriteTemp(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

inline std::string ShellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

}  // namespace palisade::scan::output::testing
