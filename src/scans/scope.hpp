// SPDX-License-Identifier: Apache-2.0
// OrgScope: the domains and CIDR ranges an organisation may scan. The server refuses a scan with any target
// outside it (checked when the scan is requested and again when its job starts, since the scope may change in
// between). Pure functions: no I/O, thread-safe.
//
// Rules (docs/scans.md "Scope"):
//  - a domain entry "example.com" covers example.com and every name under it (a.b.example.com); "*.example.com"
//    is read as "example.com". Names are compared in lower case, without a trailing dot.
//  - a CIDR entry covers the addresses of its range; a single address is a /32 (/128) range.
//  - an address target is in scope when a CIDR entry holds it; a CIDR target when one entry holds all of it; a host
//    name when a domain entry covers it; a URL by its host (address or name) under the same rules.
//  - names are authorised by their domain, not by what they resolve to.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/target.hpp"
#include "server/problem.hpp"

namespace palisade::scans {

inline constexpr std::size_t kMaxScopeEntries = 1000;

struct OrgScope {
    std::vector<std::string> domains;  // normalised: lower case, no "*." prefix, no trailing dot; sorted, unique
    std::vector<std::string> cidrs;    // normalised: "10.0.0.0/8", "2001:db8::/32"; sorted, unique
};

// Normalises and validates every entry, appending one FieldError per bad entry ("domains[2]": "must be a DNS
// name", "cidrs[0]": "must be an IPv4 or IPv6 address or CIDR range") to `errors`, and "domains"/"cidrs": "at most
// 1000 entries" when a list is too long.
OrgScope NormalizeScope(const std::vector<std::string>& domains, const std::vector<std::string>& cidrs,
                        std::vector<server::FieldError>& errors);

// Whether `target` is inside `scope` (rules above).
bool InScope(const OrgScope& scope, const scan::Target& target);

// The canonical text (Target::ToString()) of every target outside the scope, in input order.
std::vector<std::string> OutOfScope(const OrgScope& scope, const std::vector<scan::Target>& targets);

// JSON array text of a string list, and back (a malformed document reads as empty).
std::string ToJsonArray(const std::vector<std::string>& items);
std::vector<std::string> FromJsonArray(const std::string& json);

}  // namespace palisade::scans
