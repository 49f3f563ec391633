// SPDX-License-Identifier: Apache-2.0
// The result of a scan, as every output format (text, JSON contract, SARIF, nmap XML) and the server see it.
// The JSON form is the scan result contract of DESIGN.md, extended with per-target reports (see docs/scanning.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scan/engine/finding.hpp"

namespace palisade::scan {

enum class ModuleStatus { kDone, kFailed, kTimedOut, kCancelled, kSkipped };
std::string_view ModuleStatusName(ModuleStatus status);  // "done", "failed", "timed_out", "cancelled", "skipped"

struct ModuleReport {
    std::string name;
    ModuleStatus status = ModuleStatus::kDone;
    std::int64_t duration_ms = 0;
    std::optional<int> score;
    std::optional<std::string> grade;
    std::string error;         // why it failed or was skipped
    std::string details_json;  // module-specific JSON value, or empty
};

struct PortReport {
    std::uint16_t port = 0;
    std::string proto = "tcp";
    std::string state = "open";  // only open ports are listed; closed/filtered are counted
    std::string reason = "syn-ack";
    double rtt_ms = 0;
};

struct HostReport {
    std::string address;  // address text
    std::string name;     // host name it was reached by, if any
    bool up = false;      // any port answered (open or closed)
    std::vector<PortReport> ports;  // open ports, ascending
    std::uint64_t closed = 0;
    std::uint64_t filtered = 0;
};

struct TargetReport {
    std::string target;  // Target::ToString()
    std::optional<int> score;
    std::optional<std::string> grade;
    std::vector<ModuleReport> modules;
    std::vector<HostReport> hosts;  // hosts with at least one open port, plus every resolved host of a name or URL
    std::string error;              // target-level failure (name did not resolve), else empty
};

struct ScanReport {
    std::string scanner_name = "palisade";
    std::string scanner_version;
    std::string command_line;  // as given, for nmap XML's args (secrets masked)
    std::string started_at;    // RFC 3339 UTC
    std::string finished_at;
    std::int64_t started_unix = 0;
    std::int64_t finished_unix = 0;
    bool complete = true;           // false when cancelled or a module timed out
    std::string incomplete_reason;  // "cancelled", "module budget exceeded: tls on ..."
    std::string ports_spec;         // "1-1000" style summary of the scanned ports
    std::uint64_t ports_per_host = 0;
    std::optional<int> score;   // the lowest target score
    std::optional<std::string> grade;
    std::vector<TargetReport> targets;
    std::vector<Service> services;
    std::vector<Finding> findings;  // all targets, ordered by severity (highest first), then check, then location
};

}  // namespace palisade::scan
