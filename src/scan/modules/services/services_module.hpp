// SPDX-License-Identifier: Apache-2.0
// The "services" module: names the service on every open port the ports module found (probes and match rules from
// data/services.yaml, plain and inside TLS), reports each as a Service, and reports findings for exposed
// unauthenticated data stores, cleartext protocols and versions with known vulnerabilities. Checks: see
// ServicesChecks() and docs/checks.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>

#include "core/result.hpp"
#include "scan/engine/finding.hpp"
#include "scan/engine/module.hpp"
#include "scan/modules/services/service_rules.hpp"

namespace YAML {
class Node;
}

namespace palisade::scan::services {

struct ServicesOptions {
    // Largest reply read per probe, in bytes (a server that talks forever is cut here). Default 16 KiB.
    std::size_t max_reply_bytes = 16 * 1024;
    // Once a reply started, this much silence ends it. Default 500 ms (never longer than the scan timeout).
    std::chrono::milliseconds quiet_gap{500};
    // Probe inside TLS (TLS-first ports, and ports whose reply to the ClientHello probe shows TLS). Default true.
    bool tls = true;
    // Run the follow-up probes (EHLO, CAPA, CAPABILITY, FEAT, INFO, stats, listDatabases). Default true. Without
    // them the STARTTLS and authentication facts are unknown and the findings that need them are not reported.
    bool follow_ups = true;
    // Name ports that nothing matched from the port table (method "table"). Default true; else "unknown".
    bool port_table = true;
    // The rules to use; nullptr = the built-in data/services.yaml. Must outlive the module.
    const ServiceRules* rules = nullptr;

    // Reads the `services:` section of a scan configuration: max_reply_bytes, quiet_gap_ms, tls, follow_ups,
    // port_table. Unknown keys and bad values are errors (kInvalidArgument listing every problem).
    static Result<ServicesOptions> Parse(const YAML::Node& node);
};

// The catalogue of the module's checks (ids "services.*").
std::span<const CheckInfo> ServicesChecks();

// The module. Its Run() reads ctx.state().open_ports, probes up to ScanOptions::dialogue_concurrency ports in
// parallel, and reports through ctx.AddService() and ctx.Report(). It fails (an Error) only when the rules cannot
// be loaded.
std::unique_ptr<Module> MakeServicesModule(ServicesOptions options = {});

}  // namespace palisade::scan::services
