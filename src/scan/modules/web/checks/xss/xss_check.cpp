// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/xss/xss_check.hpp"

#include <random>
#include <set>
#include <tuple>
#include <utility>

namespace palisade::scan::web {
namespace {

constexpr int kMaxRequests = 12;  // per injection point: the taint and the payloads
constexpr std::string_view kPlaceholder = "{M}";

constexpr CheckInfo kChecks[] = {
    {"web.xss.reflected", "Reflected cross-site scripting", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "CWE-79",
     "Encode every reflected value for the context it lands in (HTML text, attribute, JavaScript string, URL) with "
     "the template engine's auto-escaping, validate input, and add a Content-Security-Policy without "
     "'unsafe-inline'.",
     "https://owasp.org/www-community/attacks/xss/ "
     "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html "
     "https://cwe.mitre.org/data/definitions/79.html"},
};

bool CanRunScript(const http::Response& response) {
    if (response.status >= 300 && response.status < 400 && response.First("Location")) return false;
    std::string type = response.MediaType();
    return type.empty() || type == "text/html" || type == "application/xhtml+xml";
}

std::string WithMarker(std::string_view payload, std::string_view marker) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t at = payload.find(kPlaceholder, pos);
        out += payload.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos);
        if (at == std::string_view::npos) break;
        out += marker;
        pos = at + kPlaceholder.size();
    }
    return out;
}

std::vector<std::string> AttributeBreakouts(char quote) {
    // Unquoted: whitespace after '=' is skipped, so the value needs a first character before the new attribute.
    if (quote == 0) return {"x onmouseover={M} ", "><palisade-{M}>"};
    std::string q(1, quote);
    return {q + "><palisade-{M}>", q + " onmouseover={M} x=" + q};
}

std::vector<std::string> ScriptStringBreakouts(char quote) {
    if (quote == '`') return {"${{M}}", "</script><palisade-{M}>", "`-{M}-`"};
    if (quote == '/') return {"</script><palisade-{M}>", "x/;{M};//"};
    std::string q(1, quote);
    return {"</script><palisade-{M}>", q + "-{M}-" + q, q + ";{M};//", "\\" + q + "-{M}//"};
}

// Contexts that take the same payloads count once.
auto ContextKey(const XssContext& c) {
    bool handler = c.attribute.size() > 2 && c.attribute.starts_with("on");
    bool by_tag = c.kind == XssContextKind::kInertText;
    return std::make_tuple(c.kind, by_tag ? c.tag : std::string(), handler, c.quote);
}

std::string UrlWithoutQuery(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

}  // namespace

std::span<const CheckInfo> XssChecks() { return kChecks; }

std::string RandomXssMarker() {
    static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
    static constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string marker(1, kLetters[rng() % 26]);
    for (int i = 0; i < 11; ++i) marker += kAlnum[rng() % 36];
    return marker;
}

std::vector<std::string> XssPayloadsFor(const XssContext& context) {
    switch (context.kind) {
        case XssContextKind::kHtmlText:
            return {"<palisade-{M}>", "<svg onload={M}>"};
        case XssContextKind::kInertText:
            if (context.tag == "plaintext" || context.tag.empty()) return {};
            return {"</" + context.tag + "><palisade-{M}>", "</" + context.tag + "><svg onload={M}>"};
        case XssContextKind::kComment:
            return {"--><palisade-{M}>", "--!><palisade-{M}>"};
        case XssContextKind::kUrlAttribute: {
            std::vector<std::string> payloads{"javascript:{M}"};
            for (std::string& p : AttributeBreakouts(context.quote)) payloads.push_back(std::move(p));
            return payloads;
        }
        case XssContextKind::kAttributeValue: {
            std::vector<std::string> payloads;
            if (context.attribute.size() > 2 && context.attribute.starts_with("on")) {
                // The handler's value is entity-decoded before it runs: an encoded quote still ends its string.
                payloads = {"'-{M}-'", "\"-{M}-\""};
            }
            for (std::string& p : AttributeBreakouts(context.quote)) payloads.push_back(std::move(p));
            return payloads;
        }
        case XssContextKind::kAttributeName:
            return {" onmouseover={M} ", "><palisade-{M}>"};
        case XssContextKind::kTagName:
            return {"x onmouseover={M} x", "><palisade-{M}>"};
        case XssContextKind::kScriptString:
            return ScriptStringBreakouts(context.quote);
        case XssContextKind::kScriptCode:
            return {"</script><palisade-{M}>", "1;{M};//", "(1)-{M}-(1)"};
        case XssContextKind::kScriptComment:
            if (context.quote == '*') return {"</script><palisade-{M}>", "*/{M};/*"};
            return {"</script><palisade-{M}>", "\n{M};//"};
    }
    return {};
}

void CheckReflectedXss(CheckContext& ctx, const InjectionPoint& point) {
    if (point.index >= point.params.size() || ctx.cancel.Stopped()) return;
    const std::string taint = RandomXssMarker();
    auto first = ctx.client.Send(BuildInjection(point, taint));
    if (!first || !CanRunScript(*first)) return;
    std::vector<XssContext> contexts = FindMarkerContexts(first->body, taint);
    if (contexts.empty()) return;

    // One payload list per distinct context; the contexts take turns so each gets tried within the budget.
    std::vector<std::pair<const XssContext*, std::vector<std::string>>> lists;
    std::set<decltype(ContextKey(contexts.front()))> seen_contexts;
    for (const XssContext& c : contexts) {
        if (seen_contexts.insert(ContextKey(c)).second) lists.emplace_back(&c, XssPayloadsFor(c));
    }
    std::vector<std::pair<const XssContext*, std::string>> attempts;
    std::set<std::string> seen_payloads;
    for (std::size_t round = 0; attempts.size() + 1 < static_cast<std::size_t>(kMaxRequests); ++round) {
        bool any = false;
        for (const auto& [context, payloads] : lists) {
            if (round >= payloads.size()) continue;
            any = true;
            if (attempts.size() + 1 < static_cast<std::size_t>(kMaxRequests) &&
                seen_payloads.insert(payloads[round]).second) {
                attempts.emplace_back(context, payloads[round]);
            }
        }
        if (!any) break;
    }

    for (const auto& [context, payload] : attempts) {
        if (ctx.cancel.Stopped()) return;
        const std::string marker = RandomXssMarker();
        const std::string value = WithMarker(payload, marker);
        auto response = ctx.client.Send(BuildInjection(point, value));
        if (!response || !CanRunScript(*response)) continue;
        XssProof proof = ConfirmXssPayload(response->body, marker);
        if (!proof.executable) continue;
        std::string evidence = point.method + " parameter \"" + point.name() + "\" reflected in " +
                               std::string(XssContextName(context->kind));
        if (!context->tag.empty()) evidence += " of <" + context->tag + ">";
        if (!context->attribute.empty()) evidence += " attribute " + context->attribute;
        if (context->quote) evidence += std::string(" (quote ") + context->quote + ")";
        evidence += "; payload " + value + " produced " + proof.how + ": " + proof.snippet;
        ctx.report(MakeFinding(kChecks[0], UrlWithoutQuery(point.url), std::move(evidence),
                               point.method + " " + point.name()));
        return;
    }
}

}  // namespace palisade::scan::web
