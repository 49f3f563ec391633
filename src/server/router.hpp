// SPDX-License-Identifier: Apache-2.0
// Router: method + path pattern ("/api/v1/users/{id}") -> handler, each with the permission it requires.
// A route added without Require()/Public() is denied to everyone (403): nothing is open by accident.
// Build the router once at start-up; after that it is read-only and safe to share between threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include "auth/permissions.hpp"
#include "server/http.hpp"

namespace palisade::server {

using Handler = std::function<Response(Request&)>;

struct Route {
    Method method = Method::kGet;
    std::string pattern;
    std::optional<auth::Permission> permission;  // nullopt: denied
    bool inline_io = false;  // runs on the I/O thread: only for handlers that never block (health, metrics)
    // A larger request body than the server's max_body_bytes (uploads). Granted only to a request that carries
    // credentials (Authorization or a session cookie); an anonymous one keeps the server's limit.
    std::optional<std::size_t> max_body;
    Handler handler;
    std::vector<std::string> segments;  // pattern split on '/'; "{name}" segments capture
};

class RouteBuilder {
public:
    explicit RouteBuilder(Route& route) : route_(route) {}
    RouteBuilder& Require(auth::Permission p) {
        route_.permission = p;
        return *this;
    }
    RouteBuilder& Public() { return Require(auth::Permission::kPublic); }
    RouteBuilder& Inline() {
        route_.inline_io = true;
        return *this;
    }
    RouteBuilder& MaxBody(std::size_t bytes) {
        route_.max_body = bytes;
        return *this;
    }

private:
    Route& route_;
};

struct RouteMatch {
    const Route* route = nullptr;           // null: no route for this path and method
    bool path_exists = false;              // some route has this path, under another method (405)
    std::vector<Method> allowed;           // methods that would match this path
};

class Router {
public:
    RouteBuilder Add(Method method, std::string pattern, Handler handler);
    RouteBuilder Get(std::string pattern, Handler h) { return Add(Method::kGet, std::move(pattern), std::move(h)); }
    RouteBuilder Post(std::string pattern, Handler h) { return Add(Method::kPost, std::move(pattern), std::move(h)); }
    RouteBuilder Put(std::string pattern, Handler h) { return Add(Method::kPut, std::move(pattern), std::move(h)); }
    RouteBuilder Patch(std::string pattern, Handler h) { return Add(Method::kPatch, std::move(pattern), std::move(h)); }
    RouteBuilder Delete(std::string pattern, Handler h) { return Add(Method::kDelete, std::move(pattern), std::move(h)); }
    // The route for a GET or HEAD whose path no route has and that is not under /api/ (the web UI's client routes).
    // It declares its permission like any route; Routes() does not list it.
    RouteBuilder Fallback(Handler h);

    // Finds the route for `method` and `path`, filling `params` with the captured segments (percent-decoded).
    // HEAD matches GET routes.
    RouteMatch Match(Method method, std::string_view path, std::map<std::string, std::string, std::less<>>& params) const;

    const std::deque<Route>& Routes() const { return routes_; }

    // The body limit of a request to `method` `target` (path and query): its route's MaxBody when it has one and
    // the request is `credentialed`, otherwise `fallback`. The largest limit of any route (at least `fallback`).
    std::size_t BodyLimit(Method method, std::string_view target, bool credentialed, std::size_t fallback) const;
    std::size_t LargestBodyLimit(std::size_t fallback) const;

private:
    std::deque<Route> routes_;  // deque: a RouteBuilder's reference stays valid while more routes are added
    std::optional<Route> fallback_;
};

}  // namespace palisade::server
