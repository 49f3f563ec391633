// SPDX-License-Identifier: Apache-2.0
// The MDN HTTP Observatory's tests and scoring, reproduced as a pure function (no I/O): the retrieved responses of a
// site go in (the Observatory's "requests" object), every test's result, score modifier and test-specific data, the
// total score and the grade come out. docs/checks.md documents the algorithm and its versions:
//   4 = @mdn/mdn-http-observatory 1.0-1.4.x (what the npm registry serves here, 1.4.8; the default),
//   5 = 1.5.0-1.6.x (X-Frame-Options DENY/SAMEORIGIN +5; several CSP header fields are split into policies),
//   6 = the revision with Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy (12 tests).
// Written from the Observatory's behaviour and documentation; no code is taken from it (MPL-2.0).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace palisade::scan::headers {

inline constexpr int kObservatoryDefaultVersion = 4;  // the npm release (1.4.8) implements algorithm version 4

// One header field as received (name as sent, value without surrounding whitespace).
struct HeaderField {
    std::string name;
    std::string value;
};

// One HTTP response. Header lookups follow Node.js's IncomingMessage rules, which the Observatory sees: names are
// case-insensitive; repeated fields are joined with ", " except Set-Cookie (kept apart) and the single-valued fields
// (Content-Type, Location, Server, ...) whose first occurrence wins.
struct HttpResponse {
    int status = 0;
    std::vector<HeaderField> headers;  // in order received
    std::string body;                  // decoded (content coding removed), capped by the retriever
    bool verified = true;              // the TLS certificate was verified (always true for http://)
    std::string url;                   // the URL this response answered

    // Node's header values: empty when absent; one joined value for ordinary fields; one entry per field for
    // set-cookie.
    std::vector<std::string> Values(std::string_view name) const;
    // The first of Values(), or nullopt.
    std::optional<std::string> First(std::string_view name) const;
    // Every field as Node presents it (lower-case names, joined as above), in first-seen order; set-cookie is one
    // entry per field. For the scan's "responseHeaders".
    std::vector<HeaderField> NodeHeaders() const;
};

struct RedirectEntry {
    std::string url;  // serialized like WHATWG URL.href
    int status = 0;
};

// A cookie as stored in the session's cookie jar (tough-cookie semantics, see CookieJar).
struct StoredCookie {
    std::string key;
    std::string value;
    std::string domain;  // canonical, lower case
    std::string path;
    bool host_only = true;
    bool secure = false;
    bool http_only = false;
    std::optional<std::string> same_site;  // "strict", "lax" or "none"; nullopt when absent or unrecognised
    std::optional<std::string> expires;    // raw attribute value when it was a valid cookie date (kept as text)
    std::optional<std::int64_t> max_age;
};

// The session cookie jar: Set-Cookie values are parsed and stored as tough-cookie 5 (strict mode, ignoreError)
// does: a cookie without "=" or with an empty name, or with control characters, is ignored; a Domain attribute that
// does not domain-match the request host, or that is a public suffix, rejects the cookie; __Secure-/__Host- prefix
// violations are dropped silently; a cookie with the same (domain, path, key) replaces the stored one (in place).
class CookieJar {
  public:
    // `request_url` is the absolute URL whose response carried the header.
    void Set(std::string_view set_cookie, std::string_view request_url);
    const std::vector<StoredCookie>& cookies() const { return cookies_; }

  private:
    std::vector<StoredCookie> cookies_;
};

// Everything the tests read. Mirrors the Observatory's Requests: `auto_response` is the HTTPS session's final
// response when the HTTPS session worked, else the HTTP session's.
struct ObservatoryInput {
    std::string hostname;  // the site as given (host[:port]); HSTS preload and SRI's registrable domain use the host
    std::optional<HttpResponse> auto_response;
    std::optional<HttpResponse> http;   // final response of the http:// session (nullopt: it failed)
    std::optional<HttpResponse> https;  // final response of the https:// session
    std::optional<HttpResponse> cors;   // the CORS preflight answer
    std::string cors_request_origin;    // the Origin header the preflight carried, as the test can read it
                                        // (empty = unreadable, which is what the 1.4.8 CLI sees; see the docs)
    std::vector<RedirectEntry> http_redirects;   // the http:// session's chain (first request .. final response)
    std::vector<RedirectEntry> https_redirects;  // the https:// session's chain
    std::string session_url;                     // initial URL of the session that produced auto_response
    std::vector<StoredCookie> cookies;           // the jar of that session
};

// One HSTS preload list entry (Chromium's transport_security_state_static.json).
struct HstsPreloadEntry {
    bool include_subdomains = false;
    std::string mode;  // "force-https" counts
};

struct ScorerOptions {
    int version = kObservatoryDefaultVersion;  // 4, 5 or 6
    // Looks a host name up in an HSTS preload list; nullptr/empty function = nothing is preloaded (we ship no copy
    // of Chromium's list).
    std::function<std::optional<HstsPreloadEntry>(std::string_view host)> preload;
};

// One test's outcome. `data_json` is the test-specific fields as a JSON object body ("\"data\":...,\"http\":...")
// in the Observatory CLI's shape (may be empty).
struct ObservatoryTest {
    std::string name;         // "content-security-policy", "cookies", ...
    std::string expectation;  // the result the test expects
    std::string result;       // the result id, e.g. "csp-implemented-with-unsafe-inline"
    bool pass = false;
    int score_modifier = 0;
    std::string data_json;
};

struct ObservatoryScore {
    int algorithm_version = kObservatoryDefaultVersion;
    int score = 0;  // after the bonus rule and the lower clamp at 0; no upper clamp
    std::string grade;
    int status_code = 0;
    int tests_passed = 0;
    int tests_failed = 0;
    int tests_quantity = 0;
    std::vector<HeaderField> response_headers;  // of the auto response, Node-style
    std::vector<ObservatoryTest> tests;         // in the Observatory's order
};

// Score modifier of a result id under `version` (0 for unknown ids).
int ObservatoryModifier(std::string_view result, int version);

// Grade for a (clamped) score: 5-point chart, everything >= 100 is "A+".
std::string ObservatoryGrade(int score);

// Final score: 100 + every modifier if the penalties alone leave >= 90, else 100 + the penalties; floored at 0.
int ObservatoryTotal(const std::vector<int>& modifiers);

// Runs every test. Errors (as the Observatory aborts): kUnavailable "The site seems to be down." when there is no
// auto response; kConflict "Site did respond with an unexpected HTTP status code N." when it is not
// 2xx/3xx/401/403; kInvalidArgument for an unsupported version.
Result<ObservatoryScore> ScoreObservatory(const ObservatoryInput& input, const ScorerOptions& options = {});

// The Observatory CLI's JSON: {"scan": {...}, "tests": {"<name>": {expectation, pass, result, scoreModifier, ...}}}.
std::string ObservatoryJson(const ObservatoryScore& score);

// Individual tests (exposed for the table-driven tests; ScoreObservatory calls them in order).
ObservatoryTest CspTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest CookiesTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest CorsTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest RedirectionTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest ReferrerPolicyTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest HstsTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest SriTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest XctoTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest XfoTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest CorpTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest CoopTest(const ObservatoryInput& input, const ScorerOptions& options);
ObservatoryTest CoepTest(const ObservatoryInput& input, const ScorerOptions& options);

}  // namespace palisade::scan::headers
