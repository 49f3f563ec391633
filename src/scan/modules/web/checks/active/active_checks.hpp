// SPDX-License-Identifier: Apache-2.0
// The active checks of the web scanner: they send crafted requests to what the crawler found (injection points,
// forms, page URLs, the origin) and report a weakness only when the answer proves it: a unique marker comes back, a
// database error appears that the unmodified request does not show, or true and false conditions give different
// pages. Payloads are safe: nothing writes or deletes (no PUT/DELETE, no OR-tautologies, no stacked statements
// other than a delay), and file probes only read.
//
// Every function sends its requests through ctx.client, one after the other on the calling thread, reports each
// finding through ctx.report and returns when done, when ctx.cancel is stopped (checked before every request), or
// when the site stops answering. Transport errors end a check quietly (an unreachable site is not a finding).
// Thread-safe: the functions keep no state between calls; several may run at once on different points.
// Check ids and their exact rules are documented in docs/checks.md ("web.*", active checks).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {

// The catalogue of the active checks (static storage).
std::span<const CheckInfo> ActiveChecks();

// SQL injection in one parameter: error-based (web.sqli.error: quote/parenthesis breakers, DBMS error signatures
// absent from the unmodified response), boolean-based (web.sqli.boolean: stable baseline, AND true/false pairs),
// and time-based (web.sqli.time, only when ctx.time_based_sqli: DBMS delay functions confirmed with two delays and
// a zero-delay control). At most one finding per point, of the strongest kind: error-based first; boolean only when
// no error was shown; time-based only when neither matched.
void CheckSqlInjection(CheckContext& ctx, const InjectionPoint& point);

// Path traversal / local file inclusion in one parameter (web.path_traversal): relative, absolute, filter-evading,
// encoded and NUL-suffixed paths to /etc/passwd and win.ini, confirmed by file content absent from the baseline.
void CheckPathTraversal(CheckContext& ctx, const InjectionPoint& point);

// Open redirect in one parameter (web.open_redirect). Only parameters with redirect-like names (url, next,
// redirect, return, returnTo, goto, dest, continue, r, u, ...) or values that look like URLs or absolute paths are
// probed; confirmed when Location, a meta refresh or a script assignment to location points to
// ctx.redirect_marker_host.
void CheckOpenRedirect(CheckContext& ctx, const InjectionPoint& point);

// Cross-site request forgery (web.csrf.missing_token): a same-origin POST form without an anti-CSRF token field,
// on a page whose cookies are not all SameSite=Lax/Strict. Sends nothing: `page_response` is the response that
// carried the form. Login forms are not reported (see docs).
void CheckCsrf(CheckContext& ctx, const Form& form, const http::Response& page_response);

// CORS misconfiguration of one URL (web.cors.reflected_origin_with_credentials, web.cors.null_origin_with_credentials):
// a foreign or "null" Origin is echoed in Access-Control-Allow-Origin together with Allow-Credentials: true.
void CheckCors(CheckContext& ctx, const std::string& url);

// Sensitive files under `origin` ("scheme://host[:port]"): VCS metadata, .env, credentials, dumps, status and
// phpinfo pages, configuration files, and backup/swap copies of `page_urls` (web.exposed.*). Each is confirmed by
// content, never by status alone, and only when the site's answer for a random path does not show the same.
// At most kMaxBackupPages distinct page paths get backup probes.
void CheckExposedFiles(CheckContext& ctx, const std::string& origin, const std::vector<std::string>& page_urls);
inline constexpr std::size_t kMaxBackupPages = 30;

// HTTP methods of one URL: TRACE echoing the request (web.http.trace) and PUT/DELETE advertised by OPTIONS in Allow
// or Access-Control-Allow-Methods (web.http.put_delete_allowed). Never sends PUT or DELETE.
void CheckHttpMethods(CheckContext& ctx, const std::string& url);
// The two halves of CheckHttpMethods: TRACE is a server setting (once per origin is enough); the methods OPTIONS
// advertises belong to a resource (worth asking per path).
void CheckTrace(CheckContext& ctx, const std::string& url);
void CheckAdvertisedMethods(CheckContext& ctx, const std::string& url);

}  // namespace palisade::scan::web
