// SPDX-License-Identifier: Apache-2.0
// Small web helpers for the headers module: URL parsing/resolution (serialised the way WHATWG URL.href does for
// http(s) URLs), registrable domains from the public suffix list (libpsl), RFC 8941 structured-field items, and
// the HTML facts the Observatory reads (gumbo). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::headers {

struct WebUrl {
    std::string scheme;  // lower case, without ':'
    std::string host;    // lower case; IPv6 without brackets
    std::uint16_t port = 0;  // effective port (default for the scheme when none was given)
    bool explicit_port = false;
    std::string path_query;  // "/" at least for http(s), then "?query" when present
    std::string href;        // scheme://host[:port]/path?query (default port omitted, no fragment)
};

// Parses an absolute URL (leading/trailing C0 controls and spaces are ignored, as WHATWG does). nullopt when it
// has no scheme or (for http/https) no host.
std::optional<WebUrl> ParseWebUrl(std::string_view text);

// Resolves `reference` (a Location header, a script src) against the absolute `base`; nullopt when impossible.
std::optional<WebUrl> ResolveWebUrl(const WebUrl& base, std::string_view reference);

// True for IPv4/IPv6 literals (IPv6 without brackets).
bool IsIpLiteral(std::string_view host);

// The registrable domain ("eTLD+1") of a host from the ICANN section of the public suffix list with the implicit
// "*" rule, as tldts (the Observatory's library) computes it by default; nullopt for IP literals, public suffixes
// themselves and empty names. A "host:port" or URL is reduced to its host first.
std::optional<std::string> RegistrableDomain(std::string_view host_or_url);

// True when `domain` has no registrable part under the full list (ICANN + private), i.e. it is a public suffix,
// except the special-use names localhost/local/example/invalid/test (tough-cookie's rule for Domain attributes).
bool IsCookiePublicSuffix(std::string_view domain);

// RFC 8941 §4.2.3: parses `value` as a structured-field Item; returns the bare item when it is a Token (parameters
// are ignored), nullopt when it is not an Item or its bare item is not a Token. Tokens are case-sensitive.
std::optional<std::string> ParseStructuredFieldToken(std::string_view value);

// A <script> element (HTML namespace, outside <template> contents).
struct HtmlScript {
    std::optional<std::string> src;        // the src attribute as written
    std::optional<std::string> integrity;  // the integrity attribute as written
    std::optional<std::string> crossorigin;  // the crossorigin attribute as written (what jsdom's crossOrigin
                                             // returns), nullopt when absent
};

struct HtmlFacts {
    std::vector<std::string> csp_meta;          // content of <meta http-equiv="content-security-policy" content>
    std::optional<std::string> referrer_meta;   // content of the last <meta name="referrer" content> (no http-equiv)
    std::vector<HtmlScript> scripts;            // HTML <script> elements in document order
    std::size_t script_elements = 0;            // every <script> element (HTML and SVG), as querySelectorAll counts
    std::optional<std::string> base_href;       // href of the first <base href>
};

// Parses an HTML document (HTML5 tree construction via gumbo). Never fails; input larger than `max_bytes` is
// truncated first.
HtmlFacts ExtractHtmlFacts(std::string_view html, std::size_t max_bytes = 4 * 1024 * 1024);

// ASCII lower-casing and trimming (JS String.prototype.trim on ASCII whitespace).
std::string AsciiLower(std::string_view s);
std::string_view TrimAscii(std::string_view s);

}  // namespace palisade::scan::headers
