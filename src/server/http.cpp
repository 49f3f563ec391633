// SPDX-License-Identifier: Apache-2.0
#include "server/http.hpp"

#include "core/strings.hpp"

namespace palisade::server {

std::string_view ToString(Method m) {
    switch (m) {
        case Method::kGet: return "GET";
        case Method::kHead: return "HEAD";
        case Method::kPost: return "POST";
        case Method::kPut: return "PUT";
        case Method::kPatch: return "PATCH";
        case Method::kDelete: return "DELETE";
        case Method::kOptions: return "OPTIONS";
        case Method::kOther: return "OTHER";
    }
    return "OTHER";
}

Method ParseMethod(std::string_view text) {
    if (text == "GET") return Method::kGet;
    if (text == "HEAD") return Method::kHead;
    if (text == "POST") return Method::kPost;
    if (text == "PUT") return Method::kPut;
    if (text == "PATCH") return Method::kPatch;
    if (text == "DELETE") return Method::kDelete;
    if (text == "OPTIONS") return Method::kOptions;
    return Method::kOther;
}

const std::string* Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return &value;
    }
    return nullptr;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
    for (std::string_view pair : Split(query, '&')) {
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        auto decoded_key = PercentDecode(key);
        if (!decoded_key || *decoded_key != name) continue;
        std::string plus_fixed(value);
        for (char& c : plus_fixed) {
            if (c == '+') c = ' ';
        }
        return PercentDecode(plus_fixed);
    }
    return std::nullopt;
}

std::string_view Request::PathParam(std::string_view name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    const std::string* header = Header("cookie");
    if (header == nullptr) return std::nullopt;
    for (std::string_view part : Split(*header, ';')) {
        part = Trim(part);
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) continue;
        if (part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
    return std::nullopt;
}

void Response::SetHeader(std::string_view name, std::string_view value) {
    for (auto& [n, v] : headers) {
        if (IEquals(n, name)) {
            v = std::string(value);
            return;
        }
    }
    headers.emplace_back(std::string(name), std::string(value));
}

void Response::AddHeader(std::string_view name, std::string_view value) {
    headers.emplace_back(std::string(name), std::string(value));
}

const std::string* Response::Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (IEquals(n, name)) return &v;
    }
    return nullptr;
}

std::optional<std::string> PercentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex(s[i + 1]);
        const int lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

}  // namespace palisade::server
