// SPDX-License-Identifier: Apache-2.0
// Helpers for tests generated from the route table rather than from a hand-written list: every mounted route as
// (method, pattern, permission), what the OpenAPI document (the copy built into the binary, read with yaml-cpp)
// says about an operation's request body and query parameters, syntactically valid sample bodies, and checks of
// RFC 9457 problem answers. Not thread-safe (SampleValue counts the e-mail addresses it makes).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/permissions.hpp"
#include "support/http_client.hpp"

namespace palisade::app {
class ServerApp;
}

namespace palisade::testing {

struct ProbeRoute {
    std::string method;                          // "GET", "POST", ...
    std::string pattern;                         // "/api/v1/users/{id}"
    std::optional<auth::Permission> permission;  // nullopt: the router denies it to everyone

    std::string Name() const { return method + " " + pattern; }
    bool HasId() const { return pattern.find("{id}") != std::string::npos; }
    bool IsPublic() const { return permission == auth::Permission::kPublic; }
    bool TakesBody() const { return method == "POST" || method == "PUT" || method == "PATCH"; }
    // The pattern with {id} replaced by `id` verbatim (percent-encode it first when it needs it).
    std::string Path(const std::string& id = "") const;
};

// Every route of app.router(), in mount order.
std::vector<ProbeRoute> RoutesOf(const app::ServerApp& app);

// The JSON request body an operation documents (requestBody -> application/json -> schema, $ref resolved).
struct BodySpec {
    bool documented = false;                   // the operation has a JSON requestBody
    bool raw = false;                          // its requestBody is a file (no application/json): an upload
    bool required = false;                     // ... and it is required (else an empty body reads as {})
    std::vector<std::string> fields;           // every property, in document order
    std::vector<std::string> required_fields;  // the properties it must have
    std::map<std::string, std::string> types;  // a property's schema type ("string", "array", "integer", ...)
    std::string TypeOf(const std::string& field) const {
        auto it = types.find(field);
        return it == types.end() ? std::string() : it->second;
    }
    bool IsArray(const std::string& field) const { return TypeOf(field) == "array"; }
};
BodySpec BodySpecOf(const ProbeRoute& route);

// Names of the query parameters an operation documents ($ref parameters resolved), in document order.
std::vector<std::string> QueryParamsOf(const ProbeRoute& route);

// A value of `field` that passes the handler's syntax checks: fresh "probe-N@example.test" addresses for
// e-mail fields, a policy-compliant password, "viewer" for roles, a future time for expires_at.
std::string SampleValue(const std::string& field);
// {each required field: SampleValue(field)}, as a one-element array for array fields.
boost::json::object MinimalBody(const BodySpec& spec);

// "%XX" escapes of every byte outside the URL-unreserved set.
std::string PercentEncode(const std::string& bytes);

// `r` is an application/problem+json answer with a string `type` and `title` and `status` equal to r.status.
::testing::AssertionResult IsProblem(const HttpResult& r);
// The problem's `errors` array has an entry whose `field` is `field`.
bool NamesField(const HttpResult& r, const std::string& field);
// "<status> <first 300 bytes of the body>", for failure messages.
std::string Brief(const HttpResult& r);

}  // namespace palisade::testing
