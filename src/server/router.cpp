// SPDX-License-Identifier: Apache-2.0
#include "server/router.hpp"

#include <algorithm>
#include <map>

#include "core/strings.hpp"

namespace palisade::server {

namespace {

bool IsCapture(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

}  // namespace

RouteBuilder Router::Add(Method method, std::string pattern, Handler handler) {
    Route route;
    route.method = method;
    for (std::string_view seg : Split(pattern, '/')) route.segments.emplace_back(seg);
    route.pattern = std::move(pattern);
    route.handler = std::move(handler);
    routes_.push_back(std::move(route));
    return RouteBuilder(routes_.back());
}

RouteBuilder Router::Fallback(Handler handler) {
    Route& route = fallback_.emplace();
    route.method = Method::kGet;
    route.pattern = "/{path}";
    route.handler = std::move(handler);
    return RouteBuilder(route);
}

RouteMatch Router::Match(Method method, std::string_view path,
                         std::map<std::string, std::string, std::less<>>& params) const {
    RouteMatch result;
    const std::vector<std::string_view> parts = Split(path, '/');
    std::map<std::string, std::string, std::less<>> captured;
    for (const Route& route : routes_) {
        if (route.segments.size() != parts.size()) continue;
        captured.clear();
        bool ok = true;
        for (std::size_t i = 0; i < parts.size() && ok; ++i) {
            const std::string& seg = route.segments[i];
            if (IsCapture(seg)) {
                auto decoded = PercentDecode(parts[i]);
                // An empty or undecodable segment never matches a capture ("/users/" is not "/users/{id}").
                // Nor does one that is not UTF-8: ids are UUID text, and PostgreSQL refuses such bytes outright.
                if (!decoded || decoded->empty() || !IsValidUtf8(*decoded)) {
                    ok = false;
                } else {
                    captured.emplace(seg.substr(1, seg.size() - 2), std::move(*decoded));
                }
            } else {
                ok = seg == parts[i];
            }
        }
        if (!ok) continue;
        result.path_exists = true;
        result.allowed.push_back(route.method);
        const bool method_ok = route.method == method || (method == Method::kHead && route.method == Method::kGet);
        if (method_ok && result.route == nullptr) {
            result.route = &route;
            params = captured;
        }
    }
    const bool get = method == Method::kGet || method == Method::kHead;
    if (!result.path_exists && get && fallback_ && path != "/api" && !StartsWith(path, "/api/")) {
        result.route = &*fallback_;
        result.path_exists = true;
        result.allowed.push_back(Method::kGet);
    }
    return result;
}

std::size_t Router::BodyLimit(Method method, std::string_view target, bool credentialed,
                              std::size_t fallback) const {
    if (!credentialed) return fallback;
    const std::string_view path = target.substr(0, target.find('?'));
    std::map<std::string, std::string, std::less<>> params;
    const RouteMatch match = Match(method, path, params);
    if (match.route == nullptr || !match.route->max_body) return fallback;
    return std::max(*match.route->max_body, fallback);
}

std::size_t Router::LargestBodyLimit(std::size_t fallback) const {
    std::size_t largest = fallback;
    for (const Route& route : routes_) {
        if (route.max_body) largest = std::max(largest, *route.max_body);
    }
    return largest;
}

}  // namespace palisade::server
