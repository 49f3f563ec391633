// SPDX-License-Identifier: Apache-2.0
// The passive checks that read a page's headers and extracted HTML (cookie flags, mixed content, frame protection of
// form pages, password forms over http), the URL helpers the passive scanner keys its de-duplication on, and the
// Observation every passive check produces before de-duplication. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web::passive {

// One thing a passive check saw, before the scanner decides whether it was already reported.
struct Observation {
    std::string_view check;  // a check id of PassiveChecks() (static storage)
    std::string location;    // the finding's location (a URL or an origin)
    std::string evidence;
    std::string detail;     // distinguishes findings of one check at one location (enters the fingerprint)
    std::string dedup_key;  // one finding per scan per (check, dedup_key)
    bool grouped = false;   // observations of one check and location that pass de-duplication become one finding
};

// The URL that answered: the response's final URL when the client recorded one, else the requested URL.
std::string EffectiveUrl(const Page& page);

// "https://host[:port]" of an absolute URL (default port omitted); "" when it does not parse.
std::string Origin(std::string_view url);
// Lower-case host of an absolute URL (IPv6 without brackets); "" when it does not parse.
std::string Host(std::string_view url);
// The URL without query and fragment; `url` unchanged when it does not parse.
std::string WithoutQuery(std::string_view url);
// The URL without query, with path segments that are ids (all digits, or 16+ hex digits/dashes holding a digit)
// replaced by "{id}": /item/12 and /item/13 have one shape.
std::string PageShape(std::string_view url);

// A cookie name that usually carries a session or login: contains sess, login, auth, token, jwt, remember, or is
// or ends with "sid" (PHPSESSID, JSESSIONID, connect.sid, ASP.NET_SessionId, laravel_session...); anti-CSRF
// cookies (csrf, xsrf) are excluded: frameworks make them readable to scripts on purpose.
bool IsSessionCookieName(std::string_view name);

// The response forbids framing: an enforced CSP frame-ancestors without `*` or scheme-only sources, or (without
// frame-ancestors) X-Frame-Options DENY or SAMEORIGIN as browsers read it (several distinct values block framing,
// ALLOWALL and ALLOW-FROM do not).
bool FrameProtected(const http::Response& response);

// web.cookie.no_secure / no_httponly / no_samesite for every Set-Cookie of the response.
std::vector<Observation> CheckCookies(const Page& page);
// web.mixed_content.active / .passive: http:// subresources of an HTML page served over https (grouped per page,
// de-duplicated per resource URL and origin). Loopback resources are potentially trustworthy and not flagged.
std::vector<Observation> CheckMixedContent(const Page& page);
// web.clickjacking: a 2xx HTML page with a POST form or a password form, without frame protection.
std::vector<Observation> CheckClickjacking(const Page& page);
// web.password_over_http: a password form posting to http://, or a password form on a page served over http://
// (loopback excepted).
std::vector<Observation> CheckPasswordForms(const Page& page);

}  // namespace palisade::scan::web::passive
