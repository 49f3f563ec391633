// SPDX-License-Identifier: Apache-2.0
// The HTTP client of the web-application scanner and the template engine: one request in, one response out,
// blocking on the calling thread, thread-safe (callers run requests in parallel with ParallelFor). Behind an
// interface so checks can be unit-tested with canned responses (FunctionClient).
//
// The libcurl implementation (MakeCurlClient) adds what a polite, scoped scanner needs on every request: a
// per-host request rate, the scan's connection pacing and cancellation (CancelToken), a clear User-Agent, extra
// headers and cookies of an authenticated scan, a shared cookie jar (session cookies set by the site are sent back),
// a response-size cap, redirects followed by hand and never out of scope, and Retry-After honoured on 429/503.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/cancel.hpp"

namespace palisade::scan::http {

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method = "GET";
    std::string url;              // absolute http(s) URL, already encoded
    std::vector<Header> headers;  // sent in order after the client's own; a header named here replaces the
                                  // client's (User-Agent, Cookie, Host...); an empty value removes it
    std::string body;             // sent when not empty (or when the method is POST/PUT/PATCH)
    bool follow_redirects = false;
    int max_redirects = 10;
    std::size_t max_body = 0;                 // 0 = the client's cap
    std::chrono::milliseconds timeout{0};     // 0 = the client's
    bool use_cookies = true;                  // send and store the session's cookies
};

struct Response {
    int status = 0;
    std::string reason;            // as sent, may be empty
    std::vector<Header> headers;   // in order received (of the final response when redirects were followed)
    std::string body;              // decoded (content coding removed), capped
    bool truncated = false;        // the body reached the cap and the rest was not read
    std::string url;               // the URL that answered (the last hop)
    std::vector<std::string> redirects;  // URLs of the hops before `url`, in order (empty without redirects)
    bool redirect_out_of_scope = false;  // a redirect hop left the scope and was not followed
    std::chrono::milliseconds duration{0};  // of the last hop, request sent to body received

    // The first header with this name (case-insensitive), or nullopt; every value of it, in order.
    std::optional<std::string> First(std::string_view name) const;
    std::vector<std::string> Values(std::string_view name) const;
    // "Name: value\r\n" for every header, as received (the nuclei "header" part).
    std::string HeaderBlock() const;
    // Lower-cased media type of Content-Type without parameters ("text/html"), or "".
    std::string MediaType() const;
};

struct ClientOptions {
    std::string user_agent = "Palisade-Scanner/1.0 (+https://palisade.local)";
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{10000};  // whole request, per hop
    std::size_t max_body = 2 * 1024 * 1024;            // bytes kept per response
    bool verify_tls = false;   // a scanner reads what a site serves, valid certificate or not (the tls module rates it)
    std::string ca_file;       // extra trust anchors when verify_tls
    double requests_per_second = 0;  // per host (host:port); 0 = unlimited
    std::vector<Header> extra_headers;  // every request (authenticated scans: Authorization, X-API-Key...)
    std::string cookies;       // initial cookies, "a=1; b=2", sent to the scanned origin
    // Redirect hops to URLs for which this returns false are not followed (the response says so). Default: all.
    std::function<bool(std::string_view url)> in_scope;
    // 429 / 503 with Retry-After (seconds or HTTP date): wait that long (at most this) and retry, up to
    // `max_retries` times; longer waits are not made and the 429/503 is returned.
    std::chrono::seconds max_retry_after{30};
    int max_retries = 2;
    // Where host names are sent: "host:port:address" entries (CURLOPT_RESOLVE), so nothing is resolved again.
    std::vector<std::string> resolve;
    CancelToken cancel;  // stops requests in flight within 200 ms; paces new connections (--rate)
};

// Counters, for the module details and benchmarks.
struct ClientStats {
    std::uint64_t requests = 0;      // hops sent
    std::uint64_t errors = 0;        // transport errors
    std::uint64_t retries = 0;       // 429/503 retries
    std::uint64_t bytes_received = 0;
};

class Client {
  public:
    virtual ~Client() = default;
    // Sends `request`. Errors: kUnavailable (connect or transport failure), kTimeout (the request timed out, or the
    // token stopped: check cancel.Stopped()), kInvalidArgument (not an absolute http(s) URL). An HTTP error status
    // is a response, not an error.
    virtual Result<Response> Send(const Request& request) = 0;
    virtual ClientStats Stats() const { return {}; }
};

std::unique_ptr<Client> MakeCurlClient(ClientOptions options);

// A client answering from a function, for tests of checks (no network).
class FunctionClient final : public Client {
  public:
    using Fn = std::function<Result<Response>(const Request&)>;
    explicit FunctionClient(Fn fn) : fn_(std::move(fn)) {}
    Result<Response> Send(const Request& request) override { return fn_(request); }

  private:
    Fn fn_;
};

// Parses a raw HTTP/1.1 request text ("GET /x HTTP/1.1\r\nHost: h\r\n\r\nbody"; bare LF accepted) into a Request
// against `base_url` (scheme://host[:port] the request goes to). The Host header is kept as written.
Result<Request> ParseRawRequest(std::string_view raw, std::string_view base_url);

}  // namespace palisade::scan::http
