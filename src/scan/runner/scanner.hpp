// SPDX-License-Identifier: Apache-2.0
// Runs a scan: resolves the targets (and checks the address limit again on what the names resolved to), then runs
// the selected modules on each target in the order of the built-in list, each with its time budget, and assembles
// the ScanReport. The CLI and (later) the job worker are its two callers.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/cancel.hpp"
#include "scan/engine/module.hpp"
#include "scan/engine/report.hpp"
#include "scan/engine/target.hpp"

namespace palisade::scan {

// The one list of built-in modules, in the order they run (modules/builtin_modules.cpp).
std::vector<std::unique_ptr<Module>> BuiltinModules();
// Every check of every built-in module (the catalogue documented in docs/checks.md).
std::vector<CheckInfo> AllChecks();

// Checks module names (unknown names are an error listing the valid ones) and returns them in run order, adding
// "ports" when a module that needs open ports (services, tls, headers) is selected without it.
Result<std::vector<std::string>> SelectModules(const std::vector<std::string>& names);

struct ScanEvents {
    std::function<void(const std::string& target, const std::string& module, double fraction,
                       const std::string& message)>
        progress;
    std::function<void(const std::string& target, const Finding&)> finding;
    std::function<void(const std::string& target, const ModuleReport&)> module_done;
};

// Resolves a host name to its A and AAAA addresses (deduplicated, IPv4 first), within `timeout`.
Result<std::vector<Address>> ResolveName(const std::string& name, std::chrono::milliseconds timeout,
                                         const CancelToken& cancel);

// Runs the scan. Errors (kInvalidArgument) only for what makes the whole scan impossible before anything is probed:
// unknown modules, more addresses than `limits` allow after resolution. A name that does not resolve is a
// target-level error in the report. When `stop` is requested the scan returns within about a second with what it
// has, complete = false.
Result<ScanReport> RunScan(const std::vector<Target>& targets, const ScanOptions& options, const TargetLimits& limits,
                           const StopSource& stop, const ScanEvents& events = {});

}  // namespace palisade::scan
