// SPDX-License-Identifier: Apache-2.0
// Helpers for the VulnerableApp tests: plain HTTP requests through the loopback test client.
#pragma once

#include <string>
#include <string_view>

#include "support/http_client.hpp"
#include "support/webapp/vulnerable_app.hpp"

namespace palisade::testing::webapp_test {

// Percent-encodes everything but unreserved characters (for query values and form bodies).
inline std::string Enc(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// The origin of `app` without a trailing slash, as HttpClient wants it.
inline std::string Base(const VulnerableApp& app) { return app.Url(""); }

inline HttpResult Get(const VulnerableApp& app, std::string_view target, const Headers& headers = {}) {
    HttpClient client(Base(app));
    return client.Get(target, headers);
}

inline HttpResult Send(const VulnerableApp& app, std::string_view method, std::string_view target,
                       std::string_view body = {}, const Headers& headers = {}) {
    HttpClient client(Base(app));
    return client.Request(method, target, body, headers);
}

// POST application/x-www-form-urlencoded.
inline HttpResult PostForm(const VulnerableApp& app, std::string_view target, std::string_view body,
                           Headers headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    HttpClient client(Base(app));
    return client.Request("POST", target, body, headers);
}

inline bool Contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// "sid=abc; Path=/" -> "sid=abc".
inline std::string CookiePair(std::string_view set_cookie) {
    return std::string(set_cookie.substr(0, set_cookie.find(';')));
}

}  // namespace palisade::testing::webapp_test
