// SPDX-License-Identifier: Apache-2.0
// The scan result vocabulary: severities, the catalogue entry of a check, findings and services.
// Every module declares its checks as a static table of CheckInfo (the one place a check's title, severity, CVSS,
// CWE, recommendation and references live); docs/checks.md lists the same ids and a test keeps the two in step.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan {

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };

std::string_view SeverityName(Severity severity);                // "info" ... "critical"
std::optional<Severity> ParseSeverity(std::string_view text);    // case-insensitive; nullopt if unknown

// CVSS v3.1 base score from a vector ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"); nullopt if malformed.
std::optional<double> CvssBaseScore(std::string_view vector);

// One check, as documented in docs/checks.md. All strings are static (module tables are constexpr).
struct CheckInfo {
    std::string_view id;              // stable, dotted, lower case: "tls.protocol.tls1_0"
    std::string_view title;           // "TLS 1.0 is enabled"
    Severity severity = Severity::kInfo;
    std::string_view cvss_vector;     // CVSS 3.1 base vector, or empty for informational checks
    std::string_view cwe;             // comma-separated "CWE-327,CWE-326", or empty
    std::string_view recommendation;  // how to fix, one or two sentences
    std::string_view references;      // space-separated URLs
};

struct Cvss {
    std::string version = "3.1";
    std::string vector;
    double score = 0;
};

struct Finding {
    std::string check;
    std::string title;
    Severity severity = Severity::kInfo;
    std::optional<Cvss> cvss;
    std::vector<std::string> cwe;
    std::vector<std::string> cve;
    std::string location;  // "10.0.0.5:443", "https://host/path"
    std::string evidence;  // what was observed, printable UTF-8, capped
    std::string recommendation;
    std::vector<std::string> references;
    // Stable hash of check + location + distinguishing detail: the same weakness on the same endpoint gives the same
    // fingerprint in every scan (32 hex digits of SHA-256).
    std::string fingerprint;
};

// Builds a finding from its catalogue entry. `detail` distinguishes two findings of one check at one location
// (a cookie name, a cipher suite); it enters the fingerprint only. Evidence is sanitised to printable UTF-8 and
// capped at 2 KiB. `title` overrides the catalogue title when not empty.
Finding MakeFinding(const CheckInfo& check, std::string location, std::string evidence, std::string_view detail = {},
                    std::vector<std::string> cve = {}, std::string_view title = {});

// A network service seen on a port.
struct Service {
    std::string host;  // address text
    std::string host_name;  // the name it was reached by, if any
    std::uint16_t port = 0;
    std::string proto = "tcp";
    std::string service;  // "http", "ssh", "redis", ... ("unknown" when nothing matched)
    std::string product;
    std::string version;
    std::string extra_info;
    bool tls = false;  // spoken inside TLS
    std::string method = "table";  // "probed" when a probe matched, "table" when named from the port only
    int confidence = 3;            // nmap scale: 10 probed, 3 table
};

// Sanity of a module's check table (ids unique, dotted lower case, titles present, CVSS vectors valid); empty when
// fine, else one message per problem. Used by the catalogue test.
std::vector<std::string> ValidateCheckTable(std::span<const CheckInfo> checks);

}  // namespace palisade::scan
