// SPDX-License-Identifier: Apache-2.0
// `palisade scan`: a scan from the command line (see docs/cli.md and `palisade scan --help`).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace palisade::cli {

struct ScanArgs {
    std::vector<std::string> targets;
    std::string modules = "ports,services,tls,headers";
    std::string ports = "top1000";
    bool ports_given = false;  // --ports appeared on the command line
    int concurrency = 512;
    double rate = 0;
    int timeout_ms = 3000;
    std::string ca_file;
    std::string format = "text";
    std::string output;
    std::string fail_on = "high";
    bool quiet = false;
    bool allow_large = false;
    int module_budget_s = 300;
    int observatory_version = 4;
};

// Declares the subcommand and its flags on `app`; returns it.
CLI::App* AddScanCommand(CLI::App& app, ScanArgs& args);
// Runs it. Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or runtime error
// (an interrupted scan is a runtime error: its partial result is still written, marked incomplete).
int RunScanCommand(const ScanArgs& args);

}  // namespace palisade::cli
