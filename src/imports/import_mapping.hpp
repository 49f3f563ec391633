// SPDX-License-Identifier: Apache-2.0
// From parsed records to what FindingService::IngestScan takes. nmap hosts become targets of a scan::ScanReport
// (one host asset per host up, named by its address, with its open ports as asset services; no findings); SARIF
// results become findings (TargetFinding). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "findings/ingest.hpp"
#include "imports/nmap_parser.hpp"
#include "imports/sarif_reader.hpp"
#include "scan/engine/report.hpp"

namespace palisade::imports {

// What adding one nmap host to a report did.
struct HostOutcome {
    bool imported = false;  // the host was up with a usable address: it is a target of the report now
    int services = 0;       // open ports added to report.services
    int errors = 0;         // unusable records: a host up without a valid address, a port with a bad portid
};

// Adds `host` to `report` when it is up (or has no status) and has an IPv4 or IPv6 address: a target named by its
// first address (IPv4 first), a HostReport per address with the open ports, and a scan::Service per open port.
// Hosts that are down are ignored (no error).
HostOutcome AddNmapHost(const NmapHost& host, scan::ScanReport& report);

// The severity of a SARIF result: from security-severity when present (critical >= 9, high >= 7, medium >= 4,
// low > 0, else info), else from the level (error high, warning medium, note low, none info).
scan::Severity SarifSeverity(const SarifResult& result);

// "codeql" from "CodeQL": lower case, [a-z0-9_-] kept, other characters '-', "sarif" when empty; at most 64.
std::string ToolSlug(const std::string& tool);

// The finding of a SARIF result, or nullopt when it has no rule id (an unusable record). check is
// "<tool slug>.<rule id>" (so the findings' module is the tool), the target the run's repository URI or
// "sarif:<tool slug>", the location "uri:line". The fingerprint hashes tool, rule id, artifact URI and the
// result's (partial) fingerprints, or without those its line and message, so that importing the same log again
// finds the same findings.
std::optional<findings::TargetFinding> SarifFinding(const SarifResult& result);

}  // namespace palisade::imports
