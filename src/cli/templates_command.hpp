// SPDX-License-Identifier: Apache-2.0
// `palisade templates check PATH...`: loads nuclei templates the way a scan does and lists what loaded and what was
// skipped, with the reason (see docs/cli.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace palisade::cli {

struct TemplatesCheckArgs {
    std::vector<std::string> paths;  // template files or directories (recursively)
    bool builtin = false;            // also the built-in pack
    std::string format = "text";     // text | json
    bool verbose = false;            // text: a line per loaded template too
};

// Declares `templates` and its `check` subcommand on `app`; returns `check`.
CLI::App* AddTemplatesCommand(CLI::App& app, TemplatesCheckArgs& args);

// Runs `templates check`. Output on standard output: text (one line per skipped or malformed template, "skipped
// PATH: REASON", then a summary line "N templates: L loaded, S skipped, M malformed") or JSON (--format json).
// Exit codes: 0 every template loaded, 1 some template was skipped (unsupported feature) or malformed, 2 usage
// error (no path and no --builtin, a path that does not exist, a bad --format); nothing is loaded on a usage error.
int RunTemplatesCheck(const TemplatesCheckArgs& args);

}  // namespace palisade::cli
