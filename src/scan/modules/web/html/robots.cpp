// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/robots.hpp"

#include <cstdint>
#include <optional>
#include <set>

#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::web {
namespace {

using headers::AsciiLower;
using headers::TrimAscii;

constexpr std::size_t kMaxRobotsPaths = 1000;
constexpr std::size_t kMaxRobotsSitemaps = 100;
constexpr std::size_t kMaxSitemapDepth = 64;

struct UniqueList {
    std::vector<std::string>& out;
    std::size_t cap;
    std::set<std::string> seen;
    void Add(std::string value) {
        if (out.size() < cap && seen.insert(value).second) out.push_back(std::move(value));
    }
};

std::optional<std::string> HttpUrl(std::string_view text) {
    auto url = headers::ParseWebUrl(TrimAscii(text));
    if (!url || (url->scheme != "http" && url->scheme != "https")) return std::nullopt;
    return url->href;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
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

// The code point of a numeric reference body ("#38", "#x26"), or 0 when invalid.
std::uint32_t NumericReference(std::string_view body) {
    if (body.size() < 2 || body.front() != '#') return 0;
    body.remove_prefix(1);
    int base = 10;
    if (body.front() == 'x' || body.front() == 'X') {
        base = 16;
        body.remove_prefix(1);
    }
    if (body.empty() || body.size() > 8) return 0;
    std::uint32_t cp = 0;
    for (char c : body) {
        int digit = c >= '0' && c <= '9'                 ? c - '0'
                    : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                         : -1;
        if (digit < 0) return 0;
        cp = cp * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return cp;
}

// The local name of a tag's text ("sm:loc attr=.." -> "loc"), lower case.
std::string LocalName(std::string_view tag) {
    std::size_t end = tag.find_first_of(" \t\r\n/");
    std::string_view name = tag.substr(0, end);
    std::size_t colon = name.rfind(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return AsciiLower(name);
}

// The text content of a <loc> starting at `pos` (after its start tag), CDATA sections included; `pos` ends at the
// first markup that is not CDATA.
std::string LocText(std::string_view xml, std::size_t& pos) {
    std::string text;
    while (pos < xml.size()) {
        std::size_t lt = xml.find('<', pos);
        text += DecodeXmlEntities(xml.substr(pos, lt == std::string_view::npos ? std::string_view::npos : lt - pos));
        if (lt == std::string_view::npos) {
            pos = xml.size();
            break;
        }
        pos = lt;
        if (xml.compare(lt, 9, "<![CDATA[") != 0) break;
        std::size_t end = xml.find("]]>", lt + 9);
        if (end == std::string_view::npos) {
            pos = xml.size();
            break;
        }
        text += xml.substr(lt + 9, end - lt - 9);
        pos = end + 3;
    }
    return text;
}

}  // namespace

std::string DecodeXmlEntities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '&') {
            out += text[i++];
            continue;
        }
        std::size_t semi = text.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 12) {
            out += text[i++];
            continue;
        }
        std::string_view body = text.substr(i + 1, semi - i - 1);
        if (body == "amp") {
            out += '&';
        } else if (body == "lt") {
            out += '<';
        } else if (body == "gt") {
            out += '>';
        } else if (body == "quot") {
            out += '"';
        } else if (body == "apos") {
            out += '\'';
        } else if (std::uint32_t cp = NumericReference(body); cp != 0) {
            AppendUtf8(out, cp);
        } else {
            out += text[i++];
            continue;
        }
        i = semi + 1;
    }
    return out;
}

RobotsTxt ParseRobots(std::string_view text) {
    RobotsTxt robots;
    UniqueList paths{robots.paths, kMaxRobotsPaths, {}};
    UniqueList sitemaps{robots.sitemaps, kMaxRobotsSitemaps, {}};
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        line = line.substr(0, line.find('#'));
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string key = AsciiLower(TrimAscii(line.substr(0, colon)));
        std::string_view value = TrimAscii(line.substr(colon + 1));
        if (key == "allow" || key == "disallow") {
            value = value.substr(0, value.find_first_of("*$"));
            value = TrimAscii(value);
            if (value.size() < 2 || value.front() != '/') continue;
            paths.Add(std::string(value));
        } else if (key == "sitemap") {
            if (auto url = HttpUrl(value)) sitemaps.Add(*url);
        }
    }
    return robots;
}

std::vector<std::string> ParseSitemap(std::string_view xml, std::size_t max_urls) {
    std::vector<std::string> urls;
    UniqueList list{urls, max_urls, {}};
    std::vector<std::string> open;  // local names of the open elements
    std::size_t pos = 0;
    while (pos < xml.size() && urls.size() < max_urls) {
        std::size_t lt = xml.find('<', pos);
        if (lt == std::string_view::npos) break;
        std::string_view rest = xml.substr(lt);
        std::string_view terminator = rest.starts_with("<!--") ? "-->" : rest.starts_with("<![CDATA[") ? "]]>" : ">";
        std::size_t end = xml.find(terminator, lt + 1);
        if (end == std::string_view::npos) break;
        pos = end + terminator.size();
        if (rest.starts_with("<!") || rest.starts_with("<?")) continue;
        std::string_view tag = xml.substr(lt + 1, end - lt - 1);
        if (tag.starts_with("/")) {
            std::string name = LocalName(tag.substr(1));
            for (std::size_t k = open.size(); k > 0; --k) {
                if (open[k - 1] == name) {
                    open.resize(k - 1);
                    break;
                }
            }
            continue;
        }
        std::string name = LocalName(tag);
        bool self_closing = tag.ends_with("/");
        if (name == "loc" && !self_closing && !open.empty() && (open.back() == "url" || open.back() == "sitemap")) {
            if (auto url = HttpUrl(LocText(xml, pos))) list.Add(*url);
            continue;
        }
        if (!self_closing && open.size() < kMaxSitemapDepth) open.push_back(std::move(name));
    }
    return urls;
}

}  // namespace palisade::scan::web
