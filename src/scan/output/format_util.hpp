// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the output formats (internal to palisade_scan_output; exposed for the tests). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

namespace palisade::scan::output::detail {

// `value` as pretty-printed JSON: 2-space indent, "key": value, empty containers as [] and {}, a trailing newline.
// Every string (keys too) is made valid UTF-8 first (invalid bytes become U+FFFD); control characters are escaped.
// Doubles use the shortest form that round-trips; NaN and infinities become null.
std::string PrettyJson(const boost::json::value& value);

// `text` escaped for XML 1.0 character data (`attribute` = false) or a double-quoted attribute value (true):
// & < > " ' become entities; in attributes TAB, LF and CR become &#9; &#10; &#13; (so they survive attribute
// normalisation). Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF) become the text
// "\xNN" or U+FFFD; invalid UTF-8 becomes U+FFFD.
std::string XmlEscape(std::string_view text, bool attribute);

// A finding location as an absolute URI for SARIF's artifactLocation.uri:
//   "https://host/path" (anything with "://") -> kept, with bytes outside the RFC 3986 set percent-encoded;
//   "10.0.0.5:443", "[::1]:443", "host:22"   -> "tcp://10.0.0.5:443", "tcp://[::1]:443", "tcp://host:22";
//   "::1" (a bare IPv6 address)               -> "tcp://[::1]";  "host" -> "tcp://host".
// Empty for an empty location.
std::string LocationUri(std::string_view location);

// "done", "failed", "timed_out", "cancelled", "skipped" (the text of ModuleStatusName in report.hpp, kept here so the
// formats do not depend on where the engine defines it).
std::string_view StatusName(ModuleStatus status);

// SARIF level of a severity: critical/high -> "error", medium -> "warning", low/info -> "note".
std::string_view SarifLevel(Severity severity);

// GitHub's properties["security-severity"]: the CVSS base score with one decimal when known and above 0, else a
// severity-derived value (critical 9.5, high 8.0, medium 5.5, low 2.0); nullopt for info without a CVSS score.
std::optional<std::string> SecuritySeverity(Severity severity, std::optional<double> cvss_score);

// `value` with `decimals` digits after the point ("5.3", "0.25"); "0" style output for decimals == 0.
std::string FormatFixed(double value, int decimals);

// The service name without its TLS marker when it is spoken inside TLS (https -> http, imaps -> imap, ...), as
// nmap names a TLS-wrapped service (name="http" tunnel="ssl"); unchanged otherwise.
std::string PlainServiceName(std::string_view service, bool tls);

}  // namespace palisade::scan::output::detail
