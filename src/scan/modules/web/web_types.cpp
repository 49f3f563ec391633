// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {
namespace {

bool Unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '*';
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string FormEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (Unreserved(c)) {
            out += ch;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string FormDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
                   HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!query.empty() && query.front() == '?') query.remove_prefix(1);
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (part.empty()) continue;
        std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            out.emplace_back(FormDecode(part), std::string());
        } else {
            out.emplace_back(FormDecode(part.substr(0, eq)), FormDecode(part.substr(eq + 1)));
        }
    }
    return out;
}

std::string BuildQuery(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        out += FormEncode(name);
        out += '=';
        out += FormEncode(value);
    }
    return out;
}

http::Request BuildInjection(const InjectionPoint& point, std::string_view value) {
    auto params = point.params;
    if (point.index < params.size()) params[point.index].second = std::string(value);
    http::Request request;
    request.method = point.method;
    if (point.location == InjectionPoint::Location::kQuery) {
        std::string base = point.url.substr(0, point.url.find('?'));
        request.url = params.empty() ? base : base + "?" + BuildQuery(params);
    } else {
        request.url = point.url;
        request.body = BuildQuery(params);
        request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    }
    return request;
}

}  // namespace palisade::scan::web
