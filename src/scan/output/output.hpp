// SPDX-License-Identifier: Apache-2.0
// The output formats of `palisade scan`: the JSON scan result contract (DESIGN.md), SARIF 2.1.0, nmap XML (1.05
// subset), a human-readable text summary and nuclei-style JSONL of template results. Pure functions of a
// ScanReport: no I/O, thread-safe. Every byte of report text (evidence, banners, names) may be untrusted; each format
// escapes it, and invalid UTF-8 becomes U+FFFD. docs/output-formats.md describes every field and mapping rule.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

namespace palisade::scan::output {

// tool.driver.informationUri of the SARIF output. A placeholder in the reserved .invalid domain until the project has
// a public home page.
inline constexpr std::string_view kInformationUri = "https://palisade.invalid/docs/output-formats";

// The scan result contract, pretty-printed (2-space indent), valid UTF-8, ending in a newline. The DESIGN.md fields
// first (scanner, target, started_at, finished_at, score, grade, modules, services, findings), then the extensions
// (complete, incomplete_reason, targets, finding references). Optional values with no value are null, never omitted.
// "target" is the one target's text, or all targets joined by ", "; top-level "modules" are the first target's.
std::string ToJson(const ScanReport& report);

// A SARIF 2.1.0 log with one run. tool.driver.rules holds one rule per check id that appears in the findings,
// sorted by id, described from `catalogue` (or from the finding itself when the id is not in the catalogue); each
// result points at its rule with ruleId and ruleIndex. Valid against the OASIS sarif-schema-2.1.0.json.
std::string ToSarif(const ScanReport& report, std::span<const CheckInfo> catalogue);

// nmap XML output (xmloutputversion 1.05, the nmap.dtd shape with scanner="palisade"): one <host> per host of every
// target, open ports with their services, closed/filtered counts as <extraports>, and <runstats>.
std::string ToNmapXml(const ScanReport& report);

struct TextOptions {
    bool color = false;  // ANSI colours (severities, banners); never emitted when false
};

// A readable summary: per target its score, grade, modules and hosts (an nmap-like PORT STATE SERVICE VERSION table),
// then the findings grouped by severity (critical first) and a last line "N findings: x critical, y high, ...".
// Lines stay within about 120 columns: long values are cut with "…".
std::string ToText(const ScanReport& report, const TextOptions& options);

// nuclei `-jsonl` output: one JSON object per line (each line ends in a newline) for every result of the "templates"
// module, targets in report order, results in the module's order: the objects of its details' "results" array, as
// nuclei writes them (template-id, template-path, info{...}, matcher-name, type, host, matched-at, ...). Empty when
// there is no template result; details that are not the templates module's JSON are ignored.
std::string ToJsonl(const ScanReport& report);

}  // namespace palisade::scan::output
