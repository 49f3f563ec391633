// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the Observatory scorer's translation units (observatory.cpp: the jar, modifiers, total and JSON;
// observatory_tests.cpp: the tests themselves). Internal to the headers module.
#pragma once

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "scan/modules/headers/observatory.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers::detail {
namespace json = boost::json;


// Node.js keeps only the first of these when a response repeats them.
inline bool NodeSingleValued(std::string_view lower) {
    static constexpr std::array<std::string_view, 18> kNames = {
        "age",  "authorization", "content-length", "content-type", "etag", "expires", "from", "host",
        "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards",
        "proxy-authorization", "referer", "retry-after", "server", "user-agent"};
    return std::find(kNames.begin(), kNames.end(), lower) != kNames.end();
}

inline std::string Slice(std::string_view s, std::size_t n) { return std::string(s.substr(0, std::min(n, s.size()))); }

inline bool IsHtmlType(const HttpResponse& r) {
    // The media type before ';' exactly, without trimming or case folding, as the Observatory compares it.
    std::string type = r.First("content-type").value_or("");
    std::string_view mime = std::string_view(type).substr(0, type.find(';'));
    return mime == "text/html" || mime == "application/xhtml+xml";
}

// The auto response's <meta> facts, only for HTML with a non-empty body (as the retriever parses them).
inline HtmlFacts MetaFacts(const ObservatoryInput& in) {
    if (!in.auto_response || in.auto_response->body.empty() || !IsHtmlType(*in.auto_response)) return {};
    return ExtractHtmlFacts(in.auto_response->body);
}

inline ObservatoryTest Start(std::string name, std::string expectation) {
    ObservatoryTest t;
    t.name = std::move(name);
    t.expectation = std::move(expectation);
    return t;
}

inline bool In(std::string_view value, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Later results replace earlier ones only when they come later in `order` (unknown results rank before all).
inline void OnlyIfWorse(std::string& current, std::string_view candidate, const std::vector<std::string_view>& order) {
    if (current.empty()) {
        current = std::string(candidate);
        return;
    }
    auto rank = [&](std::string_view r) -> long {
        auto it = std::find(order.begin(), order.end(), r);
        return it == order.end() ? -1 : it - order.begin();
    };
    if (rank(candidate) > rank(current)) current = std::string(candidate);
}

inline json::value StrOrNull(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

inline std::string Serialize(const json::object& o) { return json::serialize(o); }

// JS parseInt(s, 10) on the text after "max-age=": leading whitespace, optional sign, digits; NaN otherwise.
inline std::optional<double> JsParseInt(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
                            s[i] == '\v')) {
        ++i;
    }
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    double value = 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i++] - '0');
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    return negative ? -value : value;
}

inline constexpr double kSixMonths = 15552000;

inline std::optional<HstsPreloadEntry> Preloaded(const ScorerOptions& options, std::string_view host) {
    if (!options.preload) return std::nullopt;
    std::string h = AsciiLower(host);
    if (auto e = options.preload(h); e && e->mode == "force-https") return e;
    std::size_t dot = h.find('.');
    while (dot != std::string::npos) {
        std::string parent = h.substr(dot + 1);
        if (auto e = options.preload(parent); e && e->mode == "force-https" && e->include_subdomains) return e;
        dot = h.find('.', dot + 1);
    }
    return std::nullopt;
}

inline std::string HostOfSite(std::string_view hostname) {
    if (auto u = ParseWebUrl(std::string("http://") + std::string(hostname))) return u->host;
    return AsciiLower(hostname);
}


}  // namespace palisade::scan::headers::detail
