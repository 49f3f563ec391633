// SPDX-License-Identifier: Apache-2.0
// The "tls" scan module. For every TLS endpoint of a target it probes protocols (SSLv2..TLS 1.3), cipher suites
// per protocol and their order, key-exchange groups and the TLS weaknesses with hand-built hellos (tls_prober),
// fetches the certificate chain with an OpenSSL handshake (probe/tls) and analyses it (cert/), rates the endpoint
// with the SSL Labs guide (cert/rating) and reports findings, the worst grade/score and a details JSON.
//
// Endpoints: the target's services with tls == true; then its open ports in kTlsPorts (unless a probed service
// says the port is not TLS); then, for an https URL target, the URL's port on every resolved address. SNI and
// the certificate's expected name are the name the endpoint was reached by (the address when there is none).
// docs/checks.md describes the probes and every check id.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "scan/engine/module.hpp"
#include "scan/modules/tls/tls_prober.hpp"

namespace palisade::scan::tls {

// Ports probed for TLS when no service detection said otherwise.
inline constexpr std::uint16_t kTlsPorts[] = {443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 5061, 6697, 8443, 9443};

// Options of the tls module: the scan options plus the module's own knobs. The ScanOptions part is taken from the
// ModuleContext at Run() time; the fields below come from MakeTlsModule(TlsOptions).
struct TlsOptions : ScanOptions {
    int expiry_warning_days = 30;  // tls.cert.expiring_soon threshold
    ProbeSteps steps;              // which probe steps run (all by default)
    bool fetch_certificate = true;  // OpenSSL handshake for the chain (else only the raw TLS <= 1.2 chain)

    // `scan` with this object's module-specific fields.
    TlsOptions WithScan(const ScanOptions& scan) const;
};

// One endpoint the module will probe.
struct TlsEndpoint {
    Address address;
    std::uint16_t port = 0;
    std::string name;      // SNI / expected certificate name; empty when reached by address
    std::string location;  // "host:port" ("[v6]:port")
};

// The endpoints of a target state, deduplicated by address and port, in the order described above.
std::vector<TlsEndpoint> TlsEndpoints(const TargetState& state);

std::unique_ptr<Module> MakeTlsModule();
std::unique_ptr<Module> MakeTlsModule(TlsOptions options);

// Every check the module can report: tls.* (TlsChecks()) then tls.cert.* (CertificateChecks()).
std::span<const CheckInfo> AllTlsModuleChecks();

}  // namespace palisade::scan::tls
