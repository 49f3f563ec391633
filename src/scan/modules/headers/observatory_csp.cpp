// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/observatory_csp.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "scan/modules/headers/observatory.hpp"
#include "scan/modules/headers/observatory_internal.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace {

constexpr std::size_t kShortestPolicy = 6;  // len("img-src") - 1

// Primary weights for ASCII in the CLDR root collation (variable characters non-ignorable, as ICU's default).
const std::array<int, 256>& Weights() {
    static const std::array<int, 256> table = [] {
        std::array<int, 256> w{};
        int next = 1;
        for (char c : std::string_view("\t\n\v\f\r ")) w[static_cast<unsigned char>(c)] = next++;
        for (char c : std::string_view("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789")) {
            w[static_cast<unsigned char>(c)] = next++;
        }
        for (char c = 'a'; c <= 'z'; ++c) {
            w[static_cast<unsigned char>(c)] = next;
            w[static_cast<unsigned char>(c - 'a' + 'A')] = next;
            ++next;
        }
        for (int c = 0x80; c < 256; ++c) w[c] = next + c;
        return w;
    }();
    return table;
}

struct Source {
    std::string source;
    std::size_t index = 0;
    bool keep = false;
};

bool IsJsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<std::string> SplitWhitespace(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    if (s.empty()) return {""};
    while (i < s.size()) {
        std::size_t j = i;
        while (j < s.size() && !IsJsSpace(s[j])) ++j;
        out.emplace_back(s.substr(i, j - i));
        while (j < s.size() && IsJsSpace(s[j])) ++j;
        i = j;
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool ValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        if (c < 0x80) {
            n = 0;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
        } else if ((c >> 4) == 0x0e) {
            n = 2;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
        } else {
            return false;
        }
        if (i + n >= s.size() && n > 0) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        }
        i += n + 1;
    }
    return true;
}

// JS decodeURIComponent: nullopt where it would throw a URIError.
std::optional<std::string> DecodeUriComponent(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        int hi = HexValue(s[i + 1]);
        int lo = HexValue(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    if (!ValidUtf8(out)) return std::nullopt;
    return out;
}

std::vector<std::string> SplitSlash(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t p = s.find('/', start);
        out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        if (p == std::string_view::npos) break;
        start = p + 1;
    }
    return out;
}

// The Observatory's path-part comparison used when intersecting policies; nullopt = decodeURIComponent threw.
std::optional<bool> PathPartMatch(std::string_view a, std::string_view b) {
    if (a.empty()) return true;
    if (a == "/" && b.empty()) return true;
    bool exact = a.back() != '/';
    std::vector<std::string> pa = SplitSlash(a), pb = SplitSlash(b);
    if (pa.size() > pb.size()) return false;
    if (exact && pa.size() != pb.size()) return false;
    if (!exact) pa.pop_back();
    for (std::size_t i = 0; i < pa.size(); ++i) {
        auto da = DecodeUriComponent(pa[i]);
        auto db = DecodeUriComponent(pb[i]);
        if (!da || !db) return std::nullopt;
        if (*da != *db) return false;
    }
    return true;
}

std::string CleanPolicy(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c != '\r' && c != '\n') out += c;
    }
    return std::string(TrimAscii(out));
}

}  // namespace

int CollateEn(std::string_view a, std::string_view b) {
    const auto& w = Weights();
    std::size_t i = 0, j = 0;
    for (;;) {
        while (i < a.size() && w[static_cast<unsigned char>(a[i])] == 0) ++i;
        while (j < b.size() && w[static_cast<unsigned char>(b[j])] == 0) ++j;
        if (i == a.size() || j == b.size()) break;
        int wa = w[static_cast<unsigned char>(a[i])], wb = w[static_cast<unsigned char>(b[j])];
        if (wa != wb) return wa < wb ? -1 : 1;
        ++i;
        ++j;
    }
    bool a_end = i == a.size(), b_end = j == b.size();
    if (a_end && b_end) return 0;
    return a_end ? -1 : 1;
}

std::vector<std::string>* ObsCsp::Find(std::string_view directive) {
    for (auto& [name, sources] : directives) {
        if (name == directive) return &sources;
    }
    return nullptr;
}

const std::vector<std::string>* ObsCsp::Find(std::string_view directive) const {
    return const_cast<ObsCsp*>(this)->Find(directive);
}

void ObsCsp::Erase(std::string_view directive) {
    std::erase_if(directives, [&](const auto& d) { return d.first == directive; });
}

Result<ObsCsp> ParseObservatoryCsp(const std::vector<std::string>& policies) {
    std::vector<std::string> clean;
    clean.reserve(policies.size());
    for (const std::string& p : policies) clean.push_back(CleanPolicy(p));
    ObsCsp result;
    if (clean.empty()) return result;
    for (const std::string& p : clean) {
        if (p.empty() || p.size() < kShortestPolicy) return Fail(ErrorCode::kInvalidArgument, "invalid policy");
    }
    std::vector<std::pair<std::string, std::vector<Source>>> csp;
    auto find = [&](std::string_view d) -> std::vector<Source>* {
        for (auto& [name, sources] : csp) {
            if (name == d) return &sources;
        }
        return nullptr;
    };
    std::vector<std::string> warnings;
    for (std::size_t index = 0; index < clean.size(); ++index) {
        std::set<std::string> seen;
        std::string_view policy = clean[index];
        std::size_t start = 0;
        for (;;) {
            std::size_t semi = policy.find(';', start);
            std::string_view entry =
                policy.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
            start = semi == std::string_view::npos ? policy.size() + 1 : semi + 1;
            std::vector<std::string> tokens = SplitWhitespace(TrimAscii(entry));
            if (!tokens.front().empty()) {
                std::string directive = AsciiLower(tokens.front());
                if (seen.count(directive)) {
                    if (directive == "report-uri" || directive == "report-to") {
                        if (std::find(warnings.begin(), warnings.end(), directive) == warnings.end()) {
                            warnings.push_back(directive);
                        }
                    } else {
                        return Fail(ErrorCode::kInvalidArgument, "duplicate directive " + directive);
                    }
                } else {
                    seen.insert(directive);
                }
                bool keep = index == 0;
                std::vector<Source> values;
                if (tokens.size() > 1) {
                    for (std::size_t t = 1; t < tokens.size(); ++t) {
                        values.push_back({AsciiLower(TrimAscii(tokens[t])), index, keep});
                    }
                } else if (directive.size() >= 4 && directive.ends_with("-src")) {
                    values.push_back({"'none'", index, keep});
                }
                std::vector<Source> combined;
                if (index != 0) {
                    if (auto* existing = find(directive)) combined = *existing;
                }
                combined.insert(combined.end(), values.begin(), values.end());
                std::stable_sort(combined.begin(), combined.end(), [](const Source& x, const Source& y) {
                    return CollateEn(x.source, y.source) < 0;
                });
                for (std::size_t i = 1; i < combined.size(); ++i) {
                    Source& source = combined[i];
                    const Source& prev = combined[i - 1];
                    if (source.index == prev.index && source.source.starts_with(prev.source)) source.keep = false;
                    if (source.index != prev.index) {
                        auto match = PathPartMatch(prev.source, source.source);
                        if (!match) return Fail(ErrorCode::kInvalidArgument, "malformed percent-escape");
                        if (*match) source.keep = true;
                    }
                }
                std::vector<Source> kept;
                for (const Source& s : combined) {
                    if (s.keep) kept.push_back(s);
                }
                if (auto* existing = find(directive)) {
                    *existing = std::move(kept);
                } else {
                    csp.emplace_back(directive, std::move(kept));
                }
                if (index == 0 && policies.size() > 1) {
                    for (Source& s : *find(directive)) s.keep = false;
                }
            }
            if (start > policy.size()) break;
        }
    }
    for (auto& [name, sources] : csp) {
        std::vector<std::string> flat;
        for (const Source& s : sources) {
            if (std::find(flat.begin(), flat.end(), s.source) == flat.end()) flat.push_back(s.source);
        }
        if (flat.empty()) flat.push_back("'none'");
        result.directives.emplace_back(name, std::move(flat));
    }
    result.duplicate_warnings = std::move(warnings);
    return result;
}

Result<ObsCsp> ParseObservatoryCspMeta(const std::vector<std::string>& policies) {
    auto parsed = ParseObservatoryCsp(policies);
    if (!parsed) return parsed;
    for (std::string_view d : {"frame-ancestors", "report-uri", "sandbox"}) parsed->Erase(d);
    return parsed;
}

// The Observatory's content-security-policy test (on the policies parsed above).
using namespace detail;

ObservatoryTest CspTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("content-security-policy", "csp-implemented-with-no-unsafe");
    json::object extra{{"data", nullptr}, {"http", false}, {"meta", false}, {"policy", nullptr}, {"numPolicies", 0}};
    auto finish = [&](std::string result) {
        out.result = std::move(result);
        out.data_json = Serialize(extra);
        return out;
    };
    const auto& response = in.auto_response;
    if (!response || in.session_url.empty()) return finish("csp-not-implemented");

    std::vector<std::string> http_csp = response->Values("content-security-policy");
    if (options.version >= 5) {
        // Newer revisions split every header value into its comma-separated policies.
        std::vector<std::string> split;
        for (const std::string& v : http_csp) {
            std::size_t start = 0;
            for (;;) {
                std::size_t comma = v.find(',', start);
                std::string_view piece = TrimAscii(std::string_view(v).substr(
                    start, comma == std::string::npos ? std::string::npos : comma - start));
                if (!piece.empty()) split.emplace_back(piece);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        }
        http_csp = std::move(split);
    }
    std::vector<std::string> meta_csp = MetaFacts(in).csp_meta;
    extra["numPolicies"] = static_cast<std::int64_t>(http_csp.size() + meta_csp.size());

    std::vector<std::string> all = http_csp;
    all.insert(all.end(), meta_csp.begin(), meta_csp.end());
    auto parsed = ParseObservatoryCsp(all);
    if (!parsed) return finish("csp-header-invalid");
    ObsCsp csp = std::move(*parsed);
    ObsCsp header_only = ParseObservatoryCsp(http_csp).value_or(ObsCsp{});
    ObsCsp meta_only = ParseObservatoryCspMeta(meta_csp).value_or(ObsCsp{});

    if (header_only.size() + meta_only.size() == 0) {
        // Content-Security-Policy-Report-Only counts from headers only.
        auto report_only = response->First("content-security-policy-report-only");
        return finish(report_only && !report_only->empty() ? "csp-not-implemented-but-reporting-enabled"
                                                           : "csp-not-implemented");
    }
    json::object policy{{"antiClickjacking", false},      {"defaultNone", false},         {"insecureBaseUri", false},
                        {"insecureFormAction", false},    {"insecureSchemeActive", false}, {"insecureSchemePassive", false},
                        {"strictDynamic", false},         {"unsafeEval", false},          {"unsafeInline", false},
                        {"unsafeInlineStyle", false},     {"unsafeObjects", false}};
    extra["http"] = !http_csp.empty();
    extra["meta"] = !meta_csp.empty();

    // The Observatory's source lists alias the parsed map (deleting from script-src may edit default-src and the
    // reported data); pointers reproduce that.
    std::vector<std::string> star{"*"};
    std::vector<std::string> base_uri_own = star, frame_anc_own = star, form_action_own = star, object_own = star,
                             script_own = star, style_own = star;
    auto pick = [&](std::initializer_list<std::string_view> names, std::vector<std::string>* fallback) {
        for (std::string_view n : names) {
            if (auto* s = csp.Find(n)) return s;
        }
        return fallback;
    };
    std::vector<std::string>* base_uri = pick({"base-uri"}, &base_uri_own);
    std::vector<std::string>* frame_ancestors = header_only.Find("frame-ancestors");
    if (!frame_ancestors) frame_ancestors = &frame_anc_own;
    std::vector<std::string>* form_action = pick({"form-action"}, &form_action_own);
    std::vector<std::string>* object_src = pick({"object-src", "default-src"}, &object_own);
    std::vector<std::string>* script_src = pick({"script-src", "default-src"}, &script_own);
    std::vector<std::string>* style_src = pick({"style-src", "default-src"}, &style_own);

    auto has = [](const std::vector<std::string>* list, std::string_view v) {
        return std::find(list->begin(), list->end(), v) != list->end();
    };
    auto erase = [](std::vector<std::string>* list, std::string_view v) {
        std::erase_if(*list, [&](const std::string& s) { return s == v; });
    };
    auto nonce_or_hash = [](const std::vector<std::string>* list) {
        return std::any_of(list->begin(), list->end(), [](const std::string& s) {
            return s.starts_with("'sha256-") || s.starts_with("'sha384-") || s.starts_with("'sha512-") ||
                   s.starts_with("'nonce-");
        });
    };
    static const std::set<std::string, std::less<>> kBroad = {"ftp:",     "http:",      "https:",     "*",
                                                               "http://*", "http://*.*", "https://*", "https://*.*"};
    auto broad = [&](std::string_view s) { return kBroad.count(s) > 0; };
    auto broad_or_inline = [&](std::string_view s) { return broad(s) || s == "'unsafe-inline'" || s == "data:"; };

    for (std::vector<std::string>* list : {script_src, style_src}) {
        if (nonce_or_hash(list) && has(list, "'unsafe-inline'")) erase(list, "'unsafe-inline'");
    }
    std::string result;
    if (nonce_or_hash(script_src) && has(script_src, "'strict-dynamic'")) {
        std::erase_if(*script_src, [&](const std::string& s) {
            bool starts_broad = std::any_of(kBroad.begin(), kBroad.end(),
                                            [&](const std::string& b) { return s.starts_with(b); });
            return starts_broad || s == "'self'" || s == "'unsafe-inline'";
        });
        policy["strictDynamic"] = true;
    } else if (has(script_src, "'strict-dynamic'")) {
        result = "csp-header-invalid";
    }

    std::vector<std::string> active;
    for (const auto& [name, sources] : csp.directives) {
        if (name == "img-src" || name == "media-src" || name == "script-src") continue;
        active.insert(active.end(), sources.begin(), sources.end());
    }
    active.insert(active.end(), script_src->begin(), script_src->end());
    std::vector<std::string> passive;
    for (std::string_view d : {"img-src", "media-src"}) {
        const std::vector<std::string>* list = csp.Find(d);
        if (!list) list = csp.Find("default-src");
        if (list) passive.insert(passive.end(), list->begin(), list->end());
    }
    auto set_if_unset = [&](std::string_view r) {
        if (result.empty()) result = std::string(r);
    };
    bool https = in.session_url.starts_with("https:");
    auto insecure = [](const std::string& s) { return s.starts_with("http:") || s.starts_with("ftp:"); };

    if (std::any_of(script_src->begin(), script_src->end(), broad_or_inline) ||
        std::any_of(object_src->begin(), object_src->end(), broad)) {
        set_if_unset("csp-implemented-with-unsafe-inline");
        policy["unsafeInline"] = true;
    }
    if (https && std::any_of(active.begin(), active.end(), insecure)) {
        set_if_unset("csp-implemented-with-insecure-scheme");
        policy["insecureSchemeActive"] = true;
    }
    if (has(script_src, "'unsafe-eval'") || has(style_src, "'unsafe-eval'")) {
        set_if_unset("csp-implemented-with-unsafe-eval");
        policy["unsafeEval"] = true;
    }
    if (https && std::any_of(passive.begin(), passive.end(), insecure)) {
        set_if_unset("csp-implemented-with-insecure-scheme-in-passive-content-only");
        policy["insecureSchemePassive"] = true;
    }
    if (std::any_of(style_src->begin(), style_src->end(), broad_or_inline)) {
        set_if_unset("csp-implemented-with-unsafe-inline-in-style-src-only");
        policy["unsafeInlineStyle"] = true;
    }
    const std::vector<std::string>* default_src = csp.Find("default-src");
    if (default_src && default_src->size() == 1 && default_src->front() == "'none'") {
        set_if_unset("csp-implemented-with-no-unsafe-default-src-none");
        policy["defaultNone"] = true;
    } else {
        set_if_unset("csp-implemented-with-no-unsafe");
    }
    policy["antiClickjacking"] = !std::any_of(frame_ancestors->begin(), frame_ancestors->end(), broad);
    policy["insecureBaseUri"] = std::any_of(base_uri->begin(), base_uri->end(), broad_or_inline);
    policy["insecureFormAction"] = std::any_of(form_action->begin(), form_action->end(), broad);
    policy["unsafeObjects"] = std::any_of(object_src->begin(), object_src->end(), broad);

    if (In(result, {"csp-implemented-with-no-unsafe", "csp-implemented-with-no-unsafe-default-src-none",
                    "csp-implemented-with-unsafe-inline-in-style-src-only",
                    "csp-implemented-with-insecure-scheme-in-passive-content-only"})) {
        out.pass = true;
        if (!csp.duplicate_warnings.empty()) result = "csp-implemented-but-duplicate-directives";
    }
    json::object data;
    for (const auto& [name, sources] : csp.directives) {
        std::vector<std::string> sorted = sources;
        std::sort(sorted.begin(), sorted.end());
        json::array arr;
        for (const std::string& s : sorted) arr.emplace_back(s);
        data[name] = std::move(arr);
    }
    extra["policy"] = std::move(policy);
    extra["data"] = std::move(data);
    return finish(std::move(result));
}

}  // namespace palisade::scan::headers
