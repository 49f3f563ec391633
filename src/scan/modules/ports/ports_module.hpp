// SPDX-License-Identifier: Apache-2.0
// The "ports" module: TCP connect scan of the target's addresses (see connect_scan.hpp). It reports no findings of
// its own; the open ports it records are the input of the services, tls and headers modules.
#pragma once

#include <memory>

#include "scan/engine/module.hpp"

namespace palisade::scan {

std::unique_ptr<Module> MakePortsModule();

}  // namespace palisade::scan
