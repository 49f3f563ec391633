// SPDX-License-Identifier: Apache-2.0
// The one list of built-in scan modules, in the order they run on a target: each may use what the earlier ones
// found (open ports -> services -> TLS endpoints and web sites -> crawled web applications and templates).
#include "scan/modules/headers/headers_module.hpp"
#include "scan/modules/ports/ports_module.hpp"
#include "scan/modules/services/services_module.hpp"
#include "scan/modules/templates/templates_module.hpp"
#include "scan/modules/tls/tls_module.hpp"
#include "scan/modules/web/web_module.hpp"
#include "scan/runner/scanner.hpp"

namespace palisade::scan {

std::vector<std::unique_ptr<Module>> BuiltinModules() {
    std::vector<std::unique_ptr<Module>> modules;
    modules.push_back(MakePortsModule());
    modules.push_back(services::MakeServicesModule());
    modules.push_back(tls::MakeTlsModule());
    modules.push_back(headers::MakeHeadersModule());
    modules.push_back(web::MakeWebModule());
    modules.push_back(templates::MakeTemplatesModule());
    return modules;
}

}  // namespace palisade::scan
