// SPDX-License-Identifier: Apache-2.0
// Service detection data: probes (what to send), match rules (RE2 patterns over the reply that name the service,
// product and version), the names of services inside TLS, the port table and version advisories. Loaded from YAML
// (the format is documented at the top of data/services.yaml and in docs/checks.md), compiled once,
// then matched many times. Everything here is pure: no sockets. A loaded ServiceRules is immutable and may be
// shared between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/finding.hpp"

namespace re2 {
class RE2;
}

namespace palisade::scan::services {

// One probe: the bytes to send on a fresh connection and how to read the reply.
struct ServiceProbe {
    std::string name;                        // [a-z0-9_]+, unique
    std::string payload;                     // escapes decoded; empty for the NULL probe (wait for a banner)
    std::vector<std::uint16_t> ports;        // tried first on these ports (plain TCP)
    std::vector<std::uint16_t> tls_ports;    // tried first on these ports inside TLS
    std::optional<std::chrono::milliseconds> wait;  // longest wait for the reply; nullopt = the scan timeout
    std::shared_ptr<const re2::RE2> banner;  // when set: read the greeting until it matches before sending
    std::shared_ptr<const re2::RE2> until;   // when set: stop reading once the reply matches
    std::vector<std::string> after;          // non-empty: a follow-up probe for these services (not for detection)
    bool in_tls = true;                      // may be sent inside TLS
    int line = 0;                            // where it was defined (1-based), for messages

    bool IsNull() const { return payload.empty(); }
    bool IsFollowUp() const { return !after.empty(); }
    bool ListsPort(std::uint16_t port, bool tls) const;
};

// One match rule.
struct MatchRule {
    std::vector<std::string> probes;  // probe names, or "*" for every probe
    std::string service;              // [a-z0-9_-]+
    std::string pattern;              // as written (flags not applied)
    std::string flags;                // subset of "ism"
    std::shared_ptr<const re2::RE2> regex;
    std::string product;  // templates with $1..$9
    std::string version;
    std::string info;
    bool soft = false;
    bool tunnel_tls = false;          // the reply proves TLS: probe again inside TLS
    std::vector<std::string> facts;
    int line = 0;
};

// A version constraint: "< 9.3p2", ">= 6.2.0".
struct VersionBound {
    enum class Op { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual };
    Op op = Op::kLess;
    std::string version;
};

// A known-vulnerable version range of a product.
struct Advisory {
    std::string product;                           // compared case-insensitively with the matched product
    std::vector<std::vector<VersionBound>> affected;  // any range matches; within a range every bound must hold
    std::vector<std::string> cve;
    Severity severity = Severity::kHigh;
    std::string cvss;     // CVSS 3.1 base vector
    std::string summary;
    int line = 0;
};

struct ServiceRules {
    std::vector<ServiceProbe> probes;  // file order
    std::vector<MatchRule> rules;      // file order
    std::map<std::string, std::string> tls_names;  // plain name -> name inside TLS ("http" -> "https")
    std::map<std::uint16_t, std::string> port_table;
    std::vector<Advisory> advisories;
    // For each probe name, the indices of the rules that read its reply (in rule order, "*" rules included).
    std::map<std::string, std::vector<std::size_t>, std::less<>> rules_by_probe;

    const ServiceProbe* FindProbe(std::string_view name) const;  // nullptr when unknown
    // True when some rule applicable to `probe` can name `service` (used to narrow probing after a soft match).
    bool ProbeCanMatch(std::string_view probe, std::string_view service) const;
    // The service name when spoken inside TLS (tls_names), else `service` itself.
    std::string TlsName(const std::string& service) const;
};

// What a reply says.
struct ServiceMatch {
    std::string service;
    std::string product;  // templates filled in, cleaned to printable ASCII; may be empty
    std::string version;
    std::string info;
    bool soft = false;
    bool tunnel_tls = false;
    std::vector<std::string> facts;  // union of the facts of every matching rule that names the same service
    std::size_t rule = 0;            // index of the winning rule in ServiceRules::rules
};

// Parses and compiles the YAML document. On any problem returns kInvalidArgument whose message lists EVERY problem,
// separated by "; ", each naming where it is ("probe 'http_get' (line 88)", "rule at line 140 (ssh)") and what is
// wrong: YAML syntax (with yaml-cpp's position), unknown key, missing field, wrong type, bad escape, bad regex (with
// RE2's message), template referring to a group the pattern lacks, unknown probe name, bad version constraint,
// duplicate probe name. Input larger than 1 MiB is refused. Never throws.
Result<ServiceRules> LoadServiceRules(std::string_view yaml);

// The rules built into the binary (data/services.yaml), loaded and compiled on first use (thread-safe). An error
// means the shipped data is broken (a test guards against it).
Result<const ServiceRules*> BuiltinServiceRules();

// Matches the reply `bytes` that `probe` got. The first matching hard rule wins; when none, the first matching soft
// rule (soft = true); nullopt when nothing matches. Pure and thread-safe.
std::optional<ServiceMatch> Match(const ServiceRules& rules, std::string_view probe, std::string_view bytes);

// Decodes a payload string: \r \n \t \0 \\ \' \" \xHH (two hex digits); any other backslash sequence is an error
// naming it and its offset.
Result<std::string> DecodeEscapes(std::string_view text);

// Compares two version strings (-1, 0, 1) as data/services.yaml describes: numbers and words in order, numbers
// numerically, words by ASCII, pre-release words (alpha, beta, pre, rc, dev) below a missing part, a missing part
// below anything else. Punctuation only separates.
int CompareVersions(std::string_view a, std::string_view b);

// True when `version` lies in one of the advisory's ranges. False for an empty version.
bool IsAffected(const Advisory& advisory, std::string_view version);

// Every advisory for `product` (case-insensitive) whose ranges contain `version`, in file order.
std::vector<const Advisory*> FindAdvisories(const ServiceRules& rules, std::string_view product,
                                            std::string_view version);

}  // namespace palisade::scan::services
