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
    // web module
    int crawl_depth = 5;
    int crawl_pages = 300;
    int crawl_time_s = 120;
    double web_rps = 0;
    int web_concurrency = 8;
    std::vector<std::string> headers;      // "Name: value"
    std::string cookie;
    std::string login_url;
    std::vector<std::string> login_fields;  // "name=value"
    std::vector<std::string> scope_hosts;
    std::vector<std::string> scope_paths;
    std::vector<std::string> exclude_paths;
    std::string jsrepo;
    bool passive_only = false;
    bool time_based_sqli = false;
    // templates module
    std::vector<std::string> template_dirs;
    bool no_builtin_templates = false;
    std::string template_tags;
    std::string template_ids;
    std::string template_severities;
};

// Declares the subcommand and its flags on `app`; returns it.
CLI::App* AddScanCommand(CLI::App& app, ScanArgs& args);
// Runs it. Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or runtime error
// (an interrupted scan is a runtime error: its partial result is still written, marked incomplete).
int RunScanCommand(const ScanArgs& args);

}  // namespace palisade::cli
