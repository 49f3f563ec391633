// SPDX-License-Identifier: Apache-2.0
// The "headers" scan module: HTTP security headers scored exactly like the MDN HTTP Observatory (observatory.hpp),
// plus an active CORS probe, information-disclosure headers, Permissions-Policy and COOP presence. One site per
// host (https and http on the ports found, Observatory fallback to 80/443), or the URL of a URL target.
// Findings: one per failing Observatory test (and per passing result with a negative modifier), plus the extra
// checks; ctx.SetScore(score, grade) of the worst site; ctx.SetDetails() in the Observatory CLI's JSON shape.
// docs/checks.md documents the algorithm and every check id.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/engine/module.hpp"
#include "scan/modules/headers/observatory.hpp"
#include "scan/modules/headers/retriever.hpp"

namespace palisade::scan::headers {

struct HeadersOptions {
    // Redirects to hosts for which this returns false are not followed (the chain ends there). Default: all.
    std::function<bool(std::string_view host)> in_scope;
    // Observatory algorithm version (4, 5 or 6); nullopt = ScanOptions::observatory_version.
    std::optional<int> observatory_version;
    std::chrono::milliseconds request_timeout{10000};  // one request, whole
    std::size_t max_body = 2 * 1024 * 1024;
    // An HSTS preload list: Chromium's transport_security_state_static.json ({"entries": [...]}, // comments
    // allowed) or the Observatory's conf/hsts-preload.json ({host: {includeSubDomains, mode}}). Empty = none.
    std::string hsts_preload_file;
    bool cors_probe = true;  // the extra GET with a random foreign Origin
    // How sites are fetched; null = libcurl (MakeCurlRetriever()). Tests inject canned responses here.
    std::shared_ptr<Retriever> retriever;
};

// The module's check catalogue (static).
std::span<const CheckInfo> HeadersChecks();

// Loads an HSTS preload list file (formats above). Errors: kNotFound (unreadable), kInvalidArgument (not JSON).
Result<std::function<std::optional<HstsPreloadEntry>(std::string_view)>> LoadHstsPreload(const std::string& path);

// The check id for an Observatory result id ("csp-implemented-with-unsafe-inline" -> "headers.csp.unsafe_inline"),
// or empty for results that never make a finding.
std::string_view CheckIdForResult(std::string_view result);

std::unique_ptr<Module> MakeHeadersModule();
std::unique_ptr<Module> MakeHeadersModule(HeadersOptions options);

}  // namespace palisade::scan::headers
