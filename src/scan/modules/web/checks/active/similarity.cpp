// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/active/similarity.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web::active {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordByte(char c) {
    auto u = static_cast<unsigned char>(c);
    return IsAlpha(c) || (c >= '0' && c <= '9') || u >= 0x80;
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool LooksLikeHtml(std::string_view body) {
    for (std::size_t i = body.find('<'); i != std::string_view::npos && i + 1 < body.size();
         i = body.find('<', i + 1)) {
        char n = body[i + 1];
        if (IsAlpha(n) || n == '/' || n == '!') return true;
    }
    return false;
}

// Case-insensitive "does `text` at `pos` start with `word`" (word is lower case).
bool StartsWithAt(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (Lower(text[pos + i]) != word[i]) return false;
    }
    return true;
}

// Position after the closing tag `</name` ... '>' from `pos`, or the end of the text.
std::size_t SkipRawText(std::string_view text, std::size_t pos, std::string_view name) {
    for (std::size_t i = text.find("</", pos); i != std::string_view::npos; i = text.find("</", i + 2)) {
        if (StartsWithAt(text, i + 2, name)) {
            std::size_t end = text.find('>', i);
            return end == std::string_view::npos ? text.size() : end + 1;
        }
    }
    return text.size();
}

void AppendCodePoint(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes the character reference at text[pos] == '&' into `out`; returns the number of bytes consumed (1 when it
// is not a reference we know, and the '&' is copied).
std::size_t DecodeReference(std::string_view text, std::size_t pos, std::string& out) {
    std::size_t semi = text.find(';', pos);
    if (semi == std::string_view::npos || semi - pos > 10) {
        out += '&';
        return 1;
    }
    std::string_view name = text.substr(pos + 1, semi - pos - 1);
    static const std::pair<std::string_view, std::string_view> kNamed[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    for (const auto& [n, v] : kNamed) {
        if (name == n) {
            out += v;
            return semi - pos + 1;
        }
    }
    if (name.size() >= 2 && name[0] == '#') {
        bool hex = name[1] == 'x' || name[1] == 'X';
        std::string_view digits = name.substr(hex ? 2 : 1);
        std::uint32_t cp = 0;
        bool ok = !digits.empty();
        for (char c : digits) {
            int v = (c >= '0' && c <= '9')        ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (v < 0 || cp > 0x10FFFF) {
                ok = false;
                break;
            }
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        }
        if (ok) {
            AppendCodePoint(out, cp);
            return semi - pos + 1;
        }
    }
    out += '&';
    return 1;
}

std::string StripHtml(std::string_view html) {
    std::string out;
    out.reserve(html.size() / 2);
    std::size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '&') {
            i += DecodeReference(html, i, out);
            continue;
        }
        if (c != '<' || i + 1 >= html.size() || !(IsAlpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
            out += c;
            ++i;
            continue;
        }
        if (html.compare(i, 4, "<!--") == 0) {
            std::size_t end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
        } else {
            bool script = StartsWithAt(html, i + 1, "script") && !IsWordByte(i + 7 < html.size() ? html[i + 7] : ' ');
            bool style = StartsWithAt(html, i + 1, "style") && !IsWordByte(i + 6 < html.size() ? html[i + 6] : ' ');
            std::size_t end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            if (script) i = SkipRawText(html, i, "script");
            if (style) i = SkipRawText(html, i, "style");
        }
        out += ' ';
    }
    return out;
}

std::string CollapseSpace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending = false;
    for (char c : text) {
        if (IsSpace(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) out += ' ';
        pending = false;
        out += c;
    }
    return out;
}

// Percent-encoding with %20 for space (what JavaScript's encodeURIComponent and most links produce).
std::string PercentEncode(std::string_view text) {
    std::string form = FormEncode(text);
    return ReplaceAll(form, "+", "%20");
}

std::unordered_map<std::string_view, std::size_t> CountWords(std::string_view text, std::size_t& total) {
    std::unordered_map<std::string_view, std::size_t> words;
    total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !IsWordByte(text[i])) ++i;
        std::size_t start = i;
        while (i < text.size() && IsWordByte(text[i])) ++i;
        if (i > start) {
            ++words[text.substr(start, i - start)];
            ++total;
        }
    }
    return words;
}

}  // namespace

std::string VisibleText(std::string_view body) {
    if (body.size() > kMaxComparedBytes) body = body.substr(0, kMaxComparedBytes);
    if (LooksLikeHtml(body)) return CollapseSpace(StripHtml(body));
    return CollapseSpace(body);
}

std::string ReplaceAll(std::string_view text, std::string_view needle, std::string_view replacement) {
    if (needle.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (std::size_t hit = text.find(needle); hit != std::string_view::npos; hit = text.find(needle, pos)) {
        out.append(text.substr(pos, hit - pos));
        out.append(replacement);
        pos = hit + needle.size();
    }
    out.append(text.substr(pos));
    return out;
}

std::string ComparableText(std::string_view body, std::string_view injected, std::string_view original) {
    if (body.size() > kMaxComparedBytes) body = body.substr(0, kMaxComparedBytes);
    if (injected == original) return VisibleText(body);
    std::string raw = ReplaceAll(body, injected, original);
    raw = ReplaceAll(raw, FormEncode(injected), original);
    raw = ReplaceAll(raw, PercentEncode(injected), original);
    return ReplaceAll(VisibleText(raw), injected, original);
}

double SimilarityRatio(std::string_view a, std::string_view b) {
    if (a == b) return 1.0;
    std::size_t total_a = 0;
    std::size_t total_b = 0;
    auto words_a = CountWords(a, total_a);
    auto words_b = CountWords(b, total_b);
    if (total_a + total_b == 0) return 1.0;
    std::size_t shared = 0;
    for (const auto& [word, count] : words_a) {
        auto it = words_b.find(word);
        if (it != words_b.end()) shared += count < it->second ? count : it->second;
    }
    return 2.0 * static_cast<double>(shared) / static_cast<double>(total_a + total_b);
}

}  // namespace palisade::scan::web::active
