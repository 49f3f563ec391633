// SPDX-License-Identifier: Apache-2.0
// Parsers of attribute values and script text used by the extractor: meta refresh, srcset, script types and URLs
// in inline scripts.
#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <utility>

#include "scan/modules/web/html/html_extract.hpp"

namespace palisade::scan::web {
namespace {

bool IsAsciiWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string LowerTrim(std::string_view s) {
    while (!s.empty() && IsAsciiWs(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsAsciiWs(s.back())) s.remove_suffix(1);
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

re2::RE2::Options Latin1() {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    return options;
}

// A URL inside quotes: no quotes, spaces, markup, template placeholders or backslashes (except "\/").
#define PALISADE_URL_CHARS R"((?:[^"'`\s<>\\{}|^]|\\/))"

// Quoted absolute or protocol-relative URLs, and quoted root-relative paths.
const re2::RE2& QuotedUrlPattern() {
    static const re2::RE2 re(R"(["'`]((?:https?:)?(?://|\\/\\/)[A-Za-z0-9\[])" PALISADE_URL_CHARS
                             R"(*|/[A-Za-z0-9_~.%-])" PALISADE_URL_CHARS R"(*)["'`])",
                             Latin1());
    return re;
}

// The URL argument of calls and assignments that navigate or fetch (relative URLs included).
const re2::RE2& CallUrlPattern() {
    static const re2::RE2 re(
        R"((?:\bfetch|\bopen|\$\.(?:get|post|getJSON|ajax)|\baxios\.(?:get|post|put|patch|delete)|)"
        R"(\blocation(?:\.href)?\s*=|\blocation\.(?:assign|replace)|\burl\s*:)\s*\(?\s*)"
        R"((?:["'][A-Z]+["']\s*,\s*)?["'`]()" PALISADE_URL_CHARS R"(+)["'`])",
        Latin1());
    return re;
}

#undef PALISADE_URL_CHARS

std::string UnescapeSlashes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '/') continue;
        out += s[i];
    }
    return out;
}

bool IsHttpMethodWord(std::string_view s) {
    for (std::string_view m : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
        if (s == m) return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> ParseMetaRefresh(std::string_view content) {
    std::size_t pos = 0;
    const std::size_t n = content.size();
    auto skip_ws = [&] {
        while (pos < n && IsAsciiWs(content[pos])) ++pos;
    };
    skip_ws();
    std::size_t digits = pos;
    while (pos < n && IsDigit(content[pos])) ++pos;
    if (pos == digits && (pos >= n || content[pos] != '.')) return std::nullopt;
    while (pos < n && (IsDigit(content[pos]) || content[pos] == '.')) ++pos;
    if (pos >= n) return std::nullopt;  // only a delay: the page reloads itself
    if (content[pos] != ';' && content[pos] != ',' && !IsAsciiWs(content[pos])) return std::nullopt;
    skip_ws();
    if (pos < n && (content[pos] == ';' || content[pos] == ',')) {
        ++pos;
        skip_ws();
    }
    if (pos >= n) return std::nullopt;
    std::string_view url = content.substr(pos);
    auto at = [&](char lower) { return pos < n && (content[pos] | 0x20) == lower; };
    bool skip_quotes = false;
    if (!at('u')) {
        skip_quotes = true;
    } else {
        ++pos;
        if (at('r')) {
            ++pos;
            if (at('l')) {
                ++pos;
                skip_ws();
                if (pos < n && content[pos] == '=') {
                    ++pos;
                    skip_ws();
                    skip_quotes = true;
                }
            }
        }
    }
    if (skip_quotes) {
        char quote = 0;
        if (pos < n && (content[pos] == '"' || content[pos] == '\'')) quote = content[pos++];
        url = content.substr(pos);
        if (quote) url = url.substr(0, url.find(quote));
    }
    while (!url.empty() && static_cast<unsigned char>(url.back()) <= 0x20) url.remove_suffix(1);
    if (url.empty()) return std::nullopt;
    return std::string(url);
}

std::vector<std::string> ParseSrcset(std::string_view srcset) {
    std::vector<std::string> urls;
    std::size_t pos = 0;
    const std::size_t n = srcset.size();
    while (pos < n) {
        while (pos < n && (IsAsciiWs(srcset[pos]) || srcset[pos] == ',')) ++pos;
        if (pos >= n) break;
        std::size_t start = pos;
        while (pos < n && !IsAsciiWs(srcset[pos])) ++pos;
        std::string_view url = srcset.substr(start, pos - start);
        if (url.back() == ',') {
            while (!url.empty() && url.back() == ',') url.remove_suffix(1);
        } else {
            // Descriptors run to the next comma outside parentheses.
            bool in_parens = false;
            for (; pos < n; ++pos) {
                char c = srcset[pos];
                if (c == '(') in_parens = true;
                if (c == ')') in_parens = false;
                if (c == ',' && !in_parens) break;
            }
        }
        if (!url.empty()) urls.emplace_back(url);
    }
    return urls;
}

bool IsJavaScriptType(std::optional<std::string_view> type) {
    if (!type) return true;
    std::string t = LowerTrim(*type);
    if (t.empty() || t == "module") return true;
    for (std::string_view js :
         {"text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
          "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1",
          "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
          "text/livescript", "text/x-ecmascript", "text/x-javascript"}) {
        if (t == js) return true;
    }
    return false;
}

std::vector<std::string> FindScriptUrls(std::string_view script, std::size_t max_urls) {
    // Both patterns collect (offset, url); the merged list is in script order.
    std::vector<std::pair<std::size_t, std::string>> found;
    for (const re2::RE2* re : {&QuotedUrlPattern(), &CallUrlPattern()}) {
        re2::StringPiece input(script.data(), script.size());
        re2::StringPiece match;
        std::size_t taken = 0;
        while (taken < max_urls && re2::RE2::FindAndConsume(&input, *re, &match)) {
            std::string url = UnescapeSlashes(std::string_view(match.data(), match.size()));
            if (url.empty() || url.front() == '#' || IsHttpMethodWord(url)) continue;
            found.emplace_back(static_cast<std::size_t>(match.data() - script.data()), std::move(url));
            ++taken;
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& [offset, url] : found) {
        if (out.size() >= max_urls) break;
        if (seen.insert(url).second) out.push_back(std::move(url));
    }
    return out;
}

}  // namespace palisade::scan::web
