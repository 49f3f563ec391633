// SPDX-License-Identifier: Apache-2.0
// Retrieval of one site the way the MDN HTTP Observatory's retriever does it, with libcurl (easy interface,
// blocking, on the calling thread): an http:// and an https:// session, each following up to 10 redirects by hand
// and recording the chain; TLS verification on, retried without it on a certificate error (verified=false); a
// cookie jar per session; GET /robots.txt and the CORS preflight OPTIONS on the session that won; plus one extra GET
// with a random foreign Origin (the active CORS probe, not part of the Observatory). The result is an
// ObservatoryInput for the pure scorer. Behind an interface so the module can be tested with canned responses.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/modules/headers/observatory.hpp"

namespace palisade::scan::headers {

inline constexpr std::string_view kObservatoryCorsOrigin = "https://http-observatory.security.mozilla.org";

// Where a site lives. The host name goes into URLs, Host and SNI; `address` (when set) is where every request to
// that host name is sent (CURLOPT_RESOLVE), so nothing is resolved again.
struct SiteSpec {
    std::string host;     // name, IPv4 or IPv6 literal (no brackets)
    std::string address;  // resolved address text, or empty (host is a literal or curl may resolve it)
    std::optional<std::uint16_t> http_port;   // nullopt: no http:// session (as if nothing answered)
    std::optional<std::uint16_t> https_port;  // nullopt: no https:// session
    std::string path = "/";                   // path and query of the first request
};

struct RetrieveOptions {
    std::chrono::milliseconds connect_timeout{3000};   // connect, and "no byte for this long" while reading
    std::chrono::milliseconds request_timeout{10000};  // one request, whole (the Observatory's 10 s)
    std::size_t max_body = 2 * 1024 * 1024;            // bytes kept per response; the rest is not read
    std::string ca_file;                               // extra trust anchors (PEM), added to the system ones
    std::string user_agent = "Palisade-Scanner/1.0";
    std::string cors_origin = std::string(kObservatoryCorsOrigin);
    // A redirect to a host for which this returns false is not followed: the chain ends at that response
    // (recorded in RetrievedSite::notes). Default: everything is in scope.
    std::function<bool(std::string_view host)> in_scope;
    CancelToken cancel;
    bool cors_probe = true;  // send the extra GET with a random foreign Origin
};

struct RetrievedSite {
    ObservatoryInput input;
    std::optional<HttpResponse> cors_probe;  // answer to the GET with `cors_probe_origin`
    std::string cors_probe_origin;
    std::vector<std::string> notes;  // chain ends out of scope, transport errors (for the module's details)
    bool cancelled = false;
};

class Retriever {
  public:
    virtual ~Retriever() = default;
    // Never fails: a session that could not be completed is absent from the result (as in the Observatory).
    virtual RetrievedSite Retrieve(const SiteSpec& site, const RetrieveOptions& options) = 0;
};

// The libcurl implementation. Thread-safe (each call uses its own handles); curl_global_init must have run
// (done once, thread-safely, by the first call).
std::unique_ptr<Retriever> MakeCurlRetriever();

}  // namespace palisade::scan::headers
