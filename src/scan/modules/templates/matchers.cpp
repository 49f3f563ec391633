// SPDX-License-Identifier: Apache-2.0
// The response event (Exchange, OperatorContext), the matchers and the operators run (nuclei's Execute).
#include "scan/modules/templates/matchers.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "scan/modules/templates/placeholders.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

constexpr std::size_t kMaxRegexMatches = 10000;

std::string_view ReasonPhrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 307:
            return "Temporary Redirect";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "";
    }
}

// Go's textproto.CanonicalMIMEHeaderKey for token names; other names unchanged.
std::string CanonicalHeaderName(std::string_view name) {
    std::string out(name);
    bool upper = true;
    for (char& c : out) {
        bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '_' || c == '.' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' ||
                     c == '*' || c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
        if (!token) return std::string(name);
    }
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        upper = c == '-';
    }
    return out;
}

std::optional<dsl::Value> FieldOf(const Exchange& x, std::string_view name) {
    if (name == "body") return dsl::Value::View(x.body);
    if (name == "status_code") return dsl::Value::Number(x.status);
    if (name == "header" || name == "all_headers") return dsl::Value::View(x.header_text);
    if (name == "response") return dsl::Value::View(x.response_text);
    if (name == "request") return dsl::Value::View(x.request_text);
    if (name == "host") return dsl::Value::View(x.input_url);
    if (name == "ip" && !x.ip.empty()) return dsl::Value::View(x.ip);  // nuclei: the dialed address
    if (name == "matched") return dsl::Value::View(x.matched_url);
    if (name == "type") return dsl::Value::View("http");
    if (name == "content_length") return dsl::Value::Number(x.content_length);
    if (name == "duration") return dsl::Value::Number(x.duration_seconds);
    std::optional<std::string> joined;
    for (const http::Header& h : x.headers) {
        if (SnakeHeaderName(h.name) != name) continue;
        joined = joined ? *joined + " " + h.value : h.value;
    }
    if (joined) return dsl::Value::String(std::move(*joined));
    std::optional<std::string> cookie;
    for (const http::Header& h : x.headers) {
        if (LowerAscii(h.name) != "set-cookie") continue;
        std::string_view v = h.value;
        std::size_t eq = v.find('=');
        std::size_t semi = v.find(';');
        if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) continue;
        std::string_view cookie_name = v.substr(0, eq);
        while (!cookie_name.empty() && cookie_name.front() == ' ') cookie_name.remove_prefix(1);
        while (!cookie_name.empty() && cookie_name.back() == ' ') cookie_name.remove_suffix(1);
        if (LowerAscii(cookie_name) == name)
            cookie = std::string(v.substr(eq + 1, semi == v.npos ? v.npos : semi - eq - 1));
    }
    if (cookie) return dsl::Value::String(std::move(*cookie));
    return std::nullopt;
}

bool MatchDsl(const Matcher& m, const OperatorContext& context) {
    dsl::Lookup lookup = [&context](std::string_view name) { return context.Get(name); };
    for (std::size_t i = 0; i < m.expressions.size(); ++i) {
        auto value = dsl::Evaluate(*m.expressions[i], lookup);
        if (!value) {
            if (m.condition == Condition::kAnd) return false;
            continue;
        }
        if (value->kind() != dsl::Value::Kind::kBool) continue;  // nuclei: a non-boolean result is ignored
        if (!value->AsBool()) {
            if (m.condition == Condition::kAnd) return false;
            continue;
        }
        if (m.condition == Condition::kOr) return true;
        if (i + 1 == m.expressions.size()) return true;
    }
    return false;
}

bool MatchWords(const Matcher& m, const OperatorContext& context, std::string_view corpus,
                std::vector<std::string>& snippets) {
    std::string lowered;
    if (m.case_insensitive) {
        lowered = LowerAscii(corpus);
        corpus = lowered;
    }
    auto lookup = [&context](std::string_view name) -> std::optional<std::string> {
        auto v = context.Get(name);
        if (!v) return std::nullopt;
        return v->ToString();
    };
    std::vector<std::string> matched;
    for (std::size_t i = 0; i < m.words.size(); ++i) {
        std::string word = m.words[i];
        if (word.find("{{") != std::string::npos) {
            word = RenderMarkers(word, lookup);
            if (m.case_insensitive) word = LowerAscii(word);
        }
        if (!ContainsBytes(corpus, word)) {
            if (m.condition == Condition::kAnd) return false;
            continue;
        }
        if (m.condition == Condition::kOr && !m.match_all) {
            snippets.push_back(word);
            return true;
        }
        matched.push_back(word);
        if (i + 1 == m.words.size() && !m.match_all) break;
    }
    if (matched.empty()) return false;
    snippets.insert(snippets.end(), matched.begin(), matched.end());
    return true;
}

bool MatchRegexes(const Matcher& m, std::string_view corpus, std::vector<std::string>& snippets) {
    bool first_only = m.condition == Condition::kOr && !m.match_all;
    std::vector<std::string> matched;
    for (std::size_t i = 0; i < m.regexes.size(); ++i) {
        auto found = FindAll(*m.regexes[i], corpus, first_only ? 1 : kMaxRegexMatches);
        if (found.empty()) {
            if (m.condition == Condition::kAnd) return false;
            continue;
        }
        for (const auto& groups : found) matched.emplace_back(groups[0]);
        if (first_only) break;
    }
    if (matched.empty()) return false;
    snippets.insert(snippets.end(), matched.begin(), matched.end());
    return true;
}

}  // namespace

Exchange MakeExchange(const http::Response& response, std::string request_text, std::string matched_url,
                      std::string input_url) {
    Exchange x;
    x.status = response.status;
    x.headers = response.headers;
    x.body = response.body;
    x.request_text = std::move(request_text);
    x.matched_url = std::move(matched_url);
    x.input_url = std::move(input_url);
    x.duration_seconds = std::chrono::duration<double>(response.duration).count();
    std::string reason = response.reason.empty() ? std::string(ReasonPhrase(response.status)) : response.reason;
    x.header_text = "HTTP/1.1 " + std::to_string(response.status) + (reason.empty() ? "" : " " + reason) + "\r\n";
    std::vector<std::pair<std::string, std::string>> lines;
    for (const http::Header& h : response.headers) lines.emplace_back(CanonicalHeaderName(h.name), h.value);
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [name, value] : lines) x.header_text += name + ": " + value + "\r\n";
    x.header_text += "\r\n";
    x.response_text = x.header_text + x.body;
    x.content_length = static_cast<double>(x.body.size());
    if (auto length = response.First("content-length")) {
        long long n = 0;
        auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
        if (ec == std::errc() && end == length->data() + length->size() && n >= 0)
            x.content_length = static_cast<double>(n);
    }
    return x;
}

std::optional<dsl::Value> OperatorContext::Get(std::string_view name) const {
    if (auto it = extracted_.find(name); it != extracted_.end()) return dsl::Value::View(it->second);
    if (auto v = FieldOf(current_, name)) return v;
    std::size_t underscore = name.rfind('_');
    if (underscore != std::string_view::npos && underscore + 1 < name.size() && underscore > 0 &&
        name.size() - underscore <= 6) {
        int n = 0;
        auto [end, ec] = std::from_chars(name.data() + underscore + 1, name.data() + name.size(), n);
        if (ec == std::errc() && end == name.data() + name.size()) {
            if (auto it = history_.find(n); it != history_.end() && it->second) {
                if (auto v = FieldOf(*it->second, name.substr(0, underscore))) return v;
            }
        }
    }
    if (auto it = variables_.find(name); it != variables_.end()) return dsl::Value::View(it->second);
    return std::nullopt;
}

std::optional<dsl::Value> OperatorContext::Part(std::string_view part) const {
    if (part == "body" || part.empty()) return dsl::Value::View(current_.body);
    if (part == "all_headers") return dsl::Value::View(current_.header_text);
    if (part == "all") return dsl::Value::String(current_.body + current_.header_text);
    if (part == "response") return dsl::Value::View(current_.response_text);
    auto value = Get(part);
    if (!value) return std::nullopt;
    if (!value->IsString()) return dsl::Value::String(value->ToString());
    return value;
}

void OperatorContext::SetExtracted(const std::string& name, const std::vector<std::string>& values) {
    if (values.empty()) return;
    extracted_[name] = values.front();
    if (values.size() > 1) {
        for (std::size_t i = 0; i < values.size(); ++i) extracted_[name + std::to_string(i)] = values[i];
    }
}

MatcherOutcome RunMatcher(const Matcher& m, const OperatorContext& context) {
    MatcherOutcome out;
    bool matched = false;
    if (m.type == MatcherType::kStatus) {
        matched = std::find(m.statuses.begin(), m.statuses.end(), context.current().status) != m.statuses.end();
    } else if (m.type == MatcherType::kDsl) {
        matched = MatchDsl(m, context);
    } else {
        auto part = context.Part(m.part);
        if (!part) return out;  // a missing part fails the matcher, negative or not
        std::string_view corpus = part->AsString();
        switch (m.type) {
            case MatcherType::kSize:
                matched = std::find(m.sizes.begin(), m.sizes.end(), corpus.size()) != m.sizes.end();
                break;
            case MatcherType::kWord:
                matched = MatchWords(m, context, corpus, out.snippets);
                break;
            case MatcherType::kRegex:
                matched = MatchRegexes(m, corpus, out.snippets);
                break;
            default:
                break;
        }
    }
    out.matched = m.negative ? !matched : matched;
    if (!out.matched || m.negative) out.snippets.clear();
    return out;
}

OperatorResult RunOperators(const HttpRequest& request, OperatorContext& context) {
    OperatorResult result;
    std::set<std::string> seen;
    for (const Extractor& e : request.extractors) {
        std::vector<std::string> values = RunExtractor(e, context);
        if (values.empty()) continue;
        if (e.internal) {
            result.dynamic_values.emplace_back(e.name, values);
        } else {
            for (const std::string& v : values) {
                if (seen.insert(v).second) result.extracted.push_back(v);
            }
            if (!e.name.empty()) result.named_extracts.emplace_back(e.name, values);
        }
        context.SetExtracted(e.name, values);
    }
    bool any = false;
    for (const Matcher& m : request.matchers) {
        MatcherOutcome outcome = RunMatcher(m, context);
        if (outcome.matched) {
            any = true;
            if (request.matchers_condition == Condition::kOr && !m.name.empty() && !m.internal &&
                std::find(result.matcher_names.begin(), result.matcher_names.end(), m.name) ==
                    result.matcher_names.end()) {
                result.matcher_names.push_back(m.name);
            }
            result.snippets.insert(result.snippets.end(), outcome.snippets.begin(), outcome.snippets.end());
        } else if (request.matchers_condition == Condition::kAnd) {
            result.matcher_names.clear();
            result.snippets.clear();
            return result;
        }
    }
    result.matched = any;
    if (!request.matchers.empty()) {
        result.emit = result.matched;
    } else {
        result.emit = result.dynamic_values.empty() && !result.extracted.empty();
    }
    return result;
}

}  // namespace palisade::scan::templates
