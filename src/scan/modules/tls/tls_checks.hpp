// SPDX-License-Identifier: Apache-2.0
// The TLS protocol, cipher, key-exchange and vulnerability checks (tls.protocol.*, tls.cipher.*, tls.kex.*,
// tls.vuln.*, tls.grade.low): the catalogue, and the pure functions that turn one endpoint's probe result (and
// certificate summary) into findings, a rating input and the details JSON. No I/O; thread-safe.
// docs/checks.md documents every id.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/modules/tls/cert/certificate.hpp"
#include "scan/modules/tls/cert/rating.hpp"
#include "scan/modules/tls/tls_prober.hpp"

namespace palisade::scan::tls {

// The tls.* checks of this module (without the tls.cert.* ones, see CertificateChecks()).
std::span<const CheckInfo> TlsChecks();

// The rating input for one endpoint. `cert` is null when no certificate could be fetched (then it counts as
// untrusted). HSTS is left unset (the headers module owns it).
RatingInput BuildRatingInput(const TlsProbeResult& probe, const CertificateSummary* cert);

// One finding per check that fires on this endpoint, evidence listing the protocols / suites / groups at fault.
// `rating` (when given) drives tls.grade.low.
std::vector<Finding> EvaluateTls(const TlsProbeResult& probe, std::string_view location,
                                 const std::optional<Rating>& rating);

// Grades ordered from best to worst for picking the worst endpoint: A+ A A- B C D E T M F (unknown last).
int GradeRank(std::string_view grade);

// The details JSON object of one endpoint (protocols, ciphers per protocol with strength labels and preference,
// groups, ephemeral keys, vulnerabilities, certificate, rating). `certificate_json` is the analysis' JSON object
// text (or empty).
std::string EndpointDetailsJson(const TlsProbeResult& probe, std::string_view location, std::string_view sni,
                                std::string_view certificate_json, const std::optional<Rating>& rating);

}  // namespace palisade::scan::tls
