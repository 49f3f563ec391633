// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/csp_parser.hpp"

#include <algorithm>
#include <array>

#include "core/strings.hpp"

namespace palisade::scan::headers {
namespace {

// "ASCII whitespace" of the Infra standard, which CSP3 splits on.
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

std::string_view TrimAscii(std::string_view s) {
    while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool IsDirectiveNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool IsSchemeOnly(std::string_view token) {
    // scheme-source = scheme ":" with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    if (token.size() < 2 || token.back() != ':') return false;
    auto scheme = token.substr(0, token.size() - 1);
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(scheme.front())) return false;
    return std::all_of(scheme.begin(), scheme.end(),
                       [&](char c) { return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'; });
}

// Keywords and scheme names are case-insensitive; nonce and hash values (base64) are not, so only their prefix is
// lower-cased. Host sources keep their spelling: the scorer compares them case-insensitively where it matters.
std::string NormaliseSource(std::string_view token) {
    if (IsSchemeOnly(token)) return ToLower(token);
    if (token.size() >= 2 && token.front() == '\'' && token.back() == '\'') {
        for (std::string_view prefix : {"'nonce-", "'sha256-", "'sha384-", "'sha512-"}) {
            if (token.size() > prefix.size() && IEquals(token.substr(0, prefix.size()), prefix)) {
                return std::string(prefix) + std::string(token.substr(prefix.size()));
            }
        }
        return ToLower(token);
    }
    return std::string(token);
}

bool Contains(const CspDirective& d, std::string_view source) {
    return std::find(d.sources.begin(), d.sources.end(), source) != d.sources.end();
}

bool HasNonceOrHash(const CspDirective& d) {
    return std::any_of(d.sources.begin(), d.sources.end(), [](const std::string& s) {
        return StartsWith(s, "'nonce-") || StartsWith(s, "'sha256-") || StartsWith(s, "'sha384-") ||
               StartsWith(s, "'sha512-");
    });
}

bool IsScriptDirective(std::string_view name) { return StartsWith(name, "script-src") || name == "worker-src"; }
bool IsStyleDirective(std::string_view name) { return StartsWith(name, "style-src"); }

bool IsDangerouslyBroad(std::string_view source) {
    static constexpr std::array<std::string_view, 8> kBroad = {
        "*", "http:", "https:", "ftp:", "http://*", "http://*.*", "https://*", "https://*.*"};
    std::string lower = ToLower(source);
    return std::find(kBroad.begin(), kBroad.end(), lower) != kBroad.end();
}

// CSP3 §6.8.3 "get the effective directive for inline checks" / §6.8.4 fallback lists, for the names we query.
std::vector<std::string_view> FallbackList(std::string_view directive) {
    if (directive == "script-src-elem" || directive == "script-src-attr") {
        return {directive, "script-src", "default-src"};
    }
    if (directive == "style-src-elem" || directive == "style-src-attr") return {directive, "style-src", "default-src"};
    if (directive == "worker-src") return {directive, "child-src", "script-src", "default-src"};
    if (directive == "frame-src") return {directive, "child-src", "default-src"};
    if (directive == "base-uri" || directive == "form-action" || directive == "frame-ancestors" ||
        directive == "sandbox" || directive == "default-src" || !directive.ends_with("-src")) {
        return {directive};
    }
    return {directive, "default-src"};
}

}  // namespace

CspPolicy ParseCspPolicy(std::string_view serialized) {
    CspPolicy policy;
    for (std::string_view token : Split(serialized, ';')) {
        token = TrimAscii(token);
        if (token.empty()) continue;
        std::size_t name_end = 0;
        while (name_end < token.size() && !IsAsciiSpace(token[name_end])) ++name_end;
        std::string name = ToLower(token.substr(0, name_end));
        if (!std::all_of(name.begin(), name.end(), IsDirectiveNameChar)) {
            policy.invalid_directives.emplace_back(token.substr(0, name_end));
            continue;
        }
        if (FindDirective(policy, name) != nullptr) {
            policy.duplicate_directives.push_back(std::move(name));
            continue;
        }
        CspDirective directive{std::move(name), {}};
        std::string_view rest = token.substr(name_end);
        while (!rest.empty()) {
            while (!rest.empty() && IsAsciiSpace(rest.front())) rest.remove_prefix(1);
            std::size_t end = 0;
            while (end < rest.size() && !IsAsciiSpace(rest[end])) ++end;
            if (end > 0) directive.sources.push_back(NormaliseSource(rest.substr(0, end)));
            rest.remove_prefix(end);
        }
        policy.directives.push_back(std::move(directive));
    }
    return policy;
}

Result<std::vector<CspPolicy>> ParseCsp(std::string_view header) {
    std::string_view one[] = {header};
    return ParseCspHeaders(one);
}

Result<std::vector<CspPolicy>> ParseCspHeaders(std::span<const std::string_view> headers) {
    std::size_t total = 0;
    for (std::string_view h : headers) total += h.size();
    if (total > kMaxHeaderBytes) {
        return Fail(ErrorCode::kInvalidArgument, "Content-Security-Policy header too large",
                    std::to_string(total) + " bytes");
    }
    std::vector<CspPolicy> policies;
    for (std::string_view header : headers) {
        for (std::string_view serialized : Split(header, ',')) {
            CspPolicy policy = ParseCspPolicy(serialized);
            if (!policy.directives.empty()) policies.push_back(std::move(policy));
        }
    }
    return policies;
}

const CspDirective* FindDirective(const CspPolicy& policy, std::string_view name) {
    for (const CspDirective& d : policy.directives) {
        if (d.name == name) return &d;
    }
    return nullptr;
}

const CspDirective* EffectiveDirective(const CspPolicy& policy, std::string_view directive) {
    for (std::string_view name : FallbackList(directive)) {
        if (const CspDirective* d = FindDirective(policy, name)) return d;
    }
    return nullptr;
}

bool AllowsUnsafeInline(const CspPolicy& policy, std::string_view directive) {
    const CspDirective* d = EffectiveDirective(policy, directive);
    if (d == nullptr) return true;
    if (!Contains(*d, "'unsafe-inline'")) return false;
    bool script_or_style = IsScriptDirective(directive) || IsStyleDirective(directive);
    if (script_or_style && HasNonceOrHash(*d)) return false;
    if (IsScriptDirective(directive) && Contains(*d, "'strict-dynamic'")) return false;
    return true;
}

bool AllowsUnsafeEval(const CspPolicy& policy, std::string_view directive) {
    const CspDirective* d = EffectiveDirective(policy, directive);
    return d == nullptr || Contains(*d, "'unsafe-eval'");
}

bool HasWildcardOrSchemeSource(const CspPolicy& policy, std::string_view directive) {
    const CspDirective* d = EffectiveDirective(policy, directive);
    if (d == nullptr) return true;
    bool script = IsScriptDirective(directive);
    if (script && Contains(*d, "'strict-dynamic'") && HasNonceOrHash(*d)) return false;
    bool data_counts = script || IsStyleDirective(directive);
    return std::any_of(d->sources.begin(), d->sources.end(),
                       [&](const std::string& s) { return IsDangerouslyBroad(s) || (data_counts && s == "data:"); });
}

bool AllowsUnsafeInline(std::span<const CspPolicy> policies, std::string_view directive) {
    return std::all_of(policies.begin(), policies.end(),
                       [&](const CspPolicy& p) { return AllowsUnsafeInline(p, directive); });
}

bool AllowsUnsafeEval(std::span<const CspPolicy> policies, std::string_view directive) {
    return std::all_of(policies.begin(), policies.end(),
                       [&](const CspPolicy& p) { return AllowsUnsafeEval(p, directive); });
}

bool HasWildcardOrSchemeSource(std::span<const CspPolicy> policies, std::string_view directive) {
    return std::all_of(policies.begin(), policies.end(),
                       [&](const CspPolicy& p) { return HasWildcardOrSchemeSource(p, directive); });
}

bool HasObjectSrcNone(const CspPolicy& policy) {
    const CspDirective* d = EffectiveDirective(policy, "object-src");
    if (d == nullptr) return false;
    return d->sources.empty() || (d->sources.size() == 1 && d->sources[0] == "'none'");
}

bool HasRestrictedBaseUri(const CspPolicy& policy) {
    const CspDirective* d = FindDirective(policy, "base-uri");
    if (d == nullptr) return false;
    return std::none_of(d->sources.begin(), d->sources.end(), [](const std::string& s) {
        return IsDangerouslyBroad(s) || s == "data:" || s == "'unsafe-inline'";
    });
}

std::optional<std::vector<std::string>> FrameAncestors(const CspPolicy& policy) {
    const CspDirective* d = FindDirective(policy, "frame-ancestors");
    if (d == nullptr) return std::nullopt;
    return d->sources;
}

bool HasStrictDynamicWithoutNonceOrHash(const CspPolicy& policy) {
    const CspDirective* d = EffectiveDirective(policy, "script-src");
    return d != nullptr && Contains(*d, "'strict-dynamic'") && !HasNonceOrHash(*d);
}

}  // namespace palisade::scan::headers
