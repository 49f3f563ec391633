// SPDX-License-Identifier: Apache-2.0
// Content-Security-Policy parsing (W3C CSP Level 3, §2.2 "parse a serialized CSP") and the queries the MDN HTTP
// Observatory evaluates on it. Pure functions on header strings: no I/O, no logging. Thread-safe (no shared state).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/modules/headers/header_limits.hpp"

namespace palisade::scan::headers {

struct CspDirective {
    std::string name;                  // ASCII lower-cased
    std::vector<std::string> sources;  // original tokens in order; keywords ('self'), the 'nonce-'/'sha256-' prefix
                                       // and scheme-only sources (https:) are lower-cased, the rest is kept as sent
};

// One policy. Directive names are unique: for a repeated name the first occurrence wins (as browsers do) and the
// name is recorded in `duplicate_directives` (the Observatory treats duplicates other than report-uri/report-to as
// an invalid header, so the scorer needs to know). An empty directive (`script-src;`) has no sources, which CSP
// evaluates like 'none'.
struct CspPolicy {
    std::vector<CspDirective> directives;           // header order
    std::vector<std::string> duplicate_directives;  // lower-cased names of ignored repeats, in order seen
    std::vector<std::string> invalid_directives;    // names skipped because they are not [a-z0-9-]+ (as sent)
};

// Parses one serialized policy (no comma splitting). Never fails: garbage yields fewer directives.
CspPolicy ParseCspPolicy(std::string_view serialized);

// Parses one Content-Security-Policy header value. A comma-joined value holds several policies; each is parsed
// separately (CSP3 §2.2.2, as the Observatory does). Policies with no directive at all are dropped, so an empty or
// blank header gives an empty vector. Errors: kInvalidArgument when the value is larger than kMaxHeaderBytes.
Result<std::vector<CspPolicy>> ParseCsp(std::string_view header);

// Several Content-Security-Policy header fields of one response: the policies of all of them, in order.
// Errors: kInvalidArgument when the values together exceed kMaxHeaderBytes.
Result<std::vector<CspPolicy>> ParseCspHeaders(std::span<const std::string_view> headers);

// The directive with exactly this (lower-case) name, or nullptr.
const CspDirective* FindDirective(const CspPolicy& policy, std::string_view name);

// The directive that governs `directive` after CSP3 fallback (script-src-elem -> script-src -> default-src,
// worker-src -> child-src -> script-src -> default-src, frame-src -> child-src -> default-src, *-src ->
// default-src; base-uri, form-action, frame-ancestors and sandbox have no fallback). nullptr = unrestricted.
const CspDirective* EffectiveDirective(const CspPolicy& policy, std::string_view directive);

// True when inline code is allowed for `directive` (script-src, style-src, script-src-elem, ...): no effective
// directive, or 'unsafe-inline' present and not neutralised by a nonce or hash (script and style) or by
// 'strict-dynamic' (script only).
bool AllowsUnsafeInline(const CspPolicy& policy, std::string_view directive);

// True when `directive` (default script-src) allows eval: no effective directive, or 'unsafe-eval' present.
bool AllowsUnsafeEval(const CspPolicy& policy, std::string_view directive = "script-src");

// The Observatory's "dangerously broad" test: the effective list of `directive` is missing (that means `*`) or holds
// `*`, `http:`, `https:`, `ftp:`, `http://*`, `http://*.*`, `https://*` or `https://*.*`; for script-src and
// style-src (and their -elem/-attr forms) also `data:`. In script-src with 'strict-dynamic' plus a nonce or hash,
// host and scheme sources are ignored by browsers, so they do not count.
bool HasWildcardOrSchemeSource(const CspPolicy& policy, std::string_view directive);

// Several policies are all enforced: a capability is allowed only if every policy allows it. An empty set
// (no CSP) allows everything.
bool AllowsUnsafeInline(std::span<const CspPolicy> policies, std::string_view directive);
bool AllowsUnsafeEval(std::span<const CspPolicy> policies, std::string_view directive = "script-src");
bool HasWildcardOrSchemeSource(std::span<const CspPolicy> policies, std::string_view directive);

// Effective object-src is 'none' (alone) or empty.
bool HasObjectSrcNone(const CspPolicy& policy);

// base-uri is present and holds none of the broad sources above nor 'unsafe-inline'/data: (the Observatory's
// insecureBaseUri is the negation).
bool HasRestrictedBaseUri(const CspPolicy& policy);

// The frame-ancestors sources, or nullopt when the directive is absent. Meaningful from headers only.
std::optional<std::vector<std::string>> FrameAncestors(const CspPolicy& policy);

// 'strict-dynamic' in the effective script-src without any nonce or hash: the Observatory calls this invalid.
bool HasStrictDynamicWithoutNonceOrHash(const CspPolicy& policy);

}  // namespace palisade::scan::headers
