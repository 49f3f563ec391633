// SPDX-License-Identifier: Apache-2.0
// `palisade` subcommands: serve, migrate, admin, config show, version.
#pragma once

namespace palisade::cli {

// Parses argv, runs the subcommand and returns the process exit code.
int Run(int argc, char** argv);

}  // namespace palisade::cli
