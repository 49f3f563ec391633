// SPDX-License-Identifier: Apache-2.0
// Request and Response as handlers see them: plain data, no Beast types, so API code compiles fast and never
// touches sockets. The server converts to and from Beast messages in server/http_session.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.hpp"

namespace palisade::server {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view ToString(Method m);
Method ParseMethod(std::string_view text);

struct Request {
    Method method = Method::kGet;
    std::string target;        // as received: path + "?" + query
    std::string path;          // percent-decoded path, without the query
    std::string query;         // raw query string, without '?'
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string client_ip;     // the peer, or X-Forwarded-For's client when the peer is a trusted proxy
    std::string request_id;    // kept from X-Request-ID when valid, otherwise generated
    bool tls = false;

    // Filled by the router and the authentication step.
    std::string route_pattern;  // "/api/v1/users/{id}"; "" when no route matched
    std::map<std::string, std::string, std::less<>> path_params;
    std::optional<auth::Principal> principal;

    const std::string* Header(std::string_view lower_name) const;
    // Percent-decoded value of the first query parameter `name`, if present.
    std::optional<std::string> QueryParam(std::string_view name) const;
    std::string_view PathParam(std::string_view name) const;
    // The value of cookie `name` from the Cookie header, if present.
    std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie may repeat
    std::string body;

    void SetHeader(std::string_view name, std::string_view value);  // replaces
    void AddHeader(std::string_view name, std::string_view value);  // appends
    const std::string* Header(std::string_view name) const;        // case-insensitive
};

// Percent-decoding ("+" is left alone); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace palisade::server
