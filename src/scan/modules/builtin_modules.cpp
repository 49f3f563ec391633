// SPDX-License-Identifier: Apache-2.0
// The one list of built-in scan modules, in the order they run on a target: each may use what the earlier ones
// found (open ports -> services -> TLS endpoints and web sites).
#include "scan/modules/ports/ports_module.hpp"
#include "scan/runner/scanner.hpp"

namespace palisade::scan {

std::vector<std::unique_ptr<Module>> BuiltinModules() {
    std::vector<std::unique_ptr<Module>> modules;
    modules.push_back(MakePortsModule());
    return modules;
}

}  // namespace palisade::scan
