// SPDX-License-Identifier: Apache-2.0
// What a scan request becomes before it is queued: its profile (built-in quick / standard / full, or a saved custom
// profile), the modules in run order, and the options as a validated JSON object, from which the worker builds the
// engine's ScanOptions. Options that name server files (ca_file, template dirs, jsrepo files) or carry target
// credentials are not accepted through the API. Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "scan/engine/module.hpp"
#include "server/problem.hpp"

namespace palisade::scans {

struct BuiltinProfile {
    std::string name;         // "quick", "standard", "full"
    std::string description;
    std::vector<std::string> modules;
    boost::json::object options;
};

// The built-in profiles, in the order the API lists them.
const std::vector<BuiltinProfile>& BuiltinProfiles();
// The built-in profile `name` (exact, lower case), or null.
const BuiltinProfile* FindBuiltinProfile(const std::string& name);

// Checks `modules` (known names; "ports"/"services" added where implied, returned in run order) and `options`
// (docs/scans.md "Scan options": every key known, every value in range), appending one FieldError per problem,
// named "modules" or "options.<key>" / "options.web.<key>". Returns the modules in run order.
std::vector<std::string> ValidatePlan(const std::vector<std::string>& modules, const boost::json::object& options,
                                      std::vector<server::FieldError>& errors);

// `base` with every key of `overrides` replacing it ("web" and "templates" objects are merged key by key).
boost::json::object MergeOptions(const boost::json::object& base, const boost::json::object& overrides);

// The engine options of a validated plan. kInvalidArgument when the options do not validate (a plan changed in the
// database by hand, say).
Result<scan::ScanOptions> BuildScanOptions(const std::vector<std::string>& modules, const boost::json::object& options);

}  // namespace palisade::scans
