// SPDX-License-Identifier: Apache-2.0
#include "server/pipeline.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "log/log.hpp"
#include "server/problem.hpp"

namespace palisade::server {

namespace {

Response TooManyRequests(std::chrono::seconds retry_after) {
    Response r = Problem(429, "rate-limited", "Too many requests", "Slow down and retry after the indicated delay.");
    r.SetHeader("Retry-After", std::to_string(retry_after.count()));
    return r;
}

Response Unauthenticated(std::string_view detail) {
    Response r = Problem(401, "unauthenticated", "Authentication required", detail);
    r.SetHeader("WWW-Authenticate", "Bearer");
    return r;
}

std::string AllowHeader(const std::vector<Method>& allowed) {
    std::vector<Method> methods = allowed;
    if (std::find(methods.begin(), methods.end(), Method::kGet) != methods.end()) methods.push_back(Method::kHead);
    std::sort(methods.begin(), methods.end());
    methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
    std::string out;
    for (Method m : methods) {
        if (!out.empty()) out += ", ";
        out += ToString(m);
    }
    return out;
}

std::string FormatMillis(std::chrono::steady_clock::duration d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double, std::milli>(d).count());
    return buf;
}

bool HasCredentials(const Request& request) {
    return request.Header("authorization") != nullptr || request.Header("x-api-key") != nullptr ||
           request.Header("cookie") != nullptr;
}

std::string_view RawPath(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

RequestPipeline::RequestPipeline(const config::ServerConfig& config, TrustedProxies trusted, const Router& router,
                                 Authenticator& authenticator, Metrics& metrics)
    : config_(config),
      trusted_(std::move(trusted)),
      router_(router),
      authenticator_(authenticator),
      metrics_(metrics),
      ip_limiter_(config.rate_limit_ip_per_minute, config.rate_limit_ip_burst),
      principal_limiter_(config.rate_limit_principal_per_minute, config.rate_limit_principal_burst) {}

void RequestPipeline::Identify(Request& request, std::string_view peer_ip) const {
    request.request_id = ResolveRequestId(request.Header("x-request-id"), std::chrono::system_clock::now());
    request.client_ip = ResolveClientIp(peer_ip, request.Header("x-forwarded-for"), trusted_);
    const std::string_view raw = RawPath(request.target);
    request.query = raw.size() < request.target.size() ? request.target.substr(raw.size() + 1) : std::string();
    request.path = PercentDecode(raw).value_or(std::string(raw));
}

RequestPipeline::Prepared RequestPipeline::Prepare(Request& request, SteadyTime now) {
    if (auto d = ip_limiter_.Take(request.client_ip, now); !d.allowed) return {nullptr, TooManyRequests(d.retry_after)};
    if (IsPreflight(request)) {
        if (const std::string* origin = AllowedOrigin(request, config_.cors_allowed_origins)) {
            return {nullptr, PreflightResponse(*origin)};
        }
    }
    const std::string_view raw = RawPath(request.target);
    if (raw.empty() || raw.front() != '/' || !PercentDecode(raw)) {
        return {nullptr, Problem(400, "bad-request", "Bad request", "The request target is not a valid path.")};
    }
    // The router matches the raw path and decodes each captured segment, so "%2F" stays inside one segment.
    RouteMatch match = router_.Match(request.method, raw, request.path_params);
    if (match.route == nullptr) {
        if (!match.path_exists) return {nullptr, Problem(404, "not-found", "Not found")};
        Response r = Problem(405, "method-not-allowed", "Method not allowed");
        r.SetHeader("Allow", AllowHeader(match.allowed));
        return {nullptr, std::move(r)};
    }
    request.route_pattern = match.route->pattern;
    if (!match.route->permission) {
        return {nullptr, Problem(403, "forbidden", "Forbidden", "This route is not open to anyone.")};
    }
    const bool run_inline =
        match.route->inline_io && *match.route->permission == auth::Permission::kPublic && !HasCredentials(request);
    return {match.route, std::nullopt, run_inline};
}

std::optional<Response> RequestPipeline::Authorize(const Route& route, Request& request, SteadyTime now) {
    const auth::Permission permission = route.permission.value_or(auth::Permission::kPublic);
    const bool is_public = permission == auth::Permission::kPublic;
    if (is_public && !HasCredentials(request)) return std::nullopt;
    auto authenticated = authenticator_.Authenticate(request);
    if (!authenticated) {
        const Error& e = authenticated.error();
        if (is_public) {
            // Public routes go on anonymously: a stale cookie must never lock anyone out of the login page.
            log::Debug("credentials ignored on public route",
                       {{"request_id", request.request_id}, {"reason", std::string(ToString(e.code))}});
        } else if (e.code == ErrorCode::kUnauthenticated) {
            return Unauthenticated(e.message);
        } else if (e.code == ErrorCode::kPermissionDenied) {
            return Problem(403, "forbidden", "Forbidden", e.message);
        } else if (e.code == ErrorCode::kResourceExhausted) {
            Response r = Problem(429, "rate-limited", "Too many requests", e.message);
            if (e.retry_after_seconds > 0) r.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
            return r;
        } else {
            log::Error(
                "authentication failed",
                {{"request_id", request.request_id}, {"code", std::string(ToString(e.code))}, {"detail", e.detail}});
            const bool unavailable = e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kTimeout;
            return unavailable ? Problem(503, "unavailable", "Service unavailable")
                               : Problem(500, "internal", "Internal server error");
        }
    } else if (authenticated->has_value()) {
        request.principal = std::move(**authenticated);
    }
    if (!request.principal) {
        if (is_public) return std::nullopt;
        return Unauthenticated("This route needs credentials.");
    }
    if (!auth::Allows(request.principal->role, request.principal->credential, permission)) {
        authenticator_.OnForbidden(request, permission);
        return Problem(403, "forbidden", "Forbidden", "Your role does not allow this.");
    }
    const std::string key = request.principal->api_key_id.empty() ? "user:" + request.principal->user_id
                                                                  : "key:" + request.principal->api_key_id;
    if (auto d = principal_limiter_.Take(key, now); !d.allowed) return TooManyRequests(d.retry_after);
    return std::nullopt;
}

Response RequestPipeline::Run(const Route& route, Request& request, SteadyTime now) {
    try {
        if (auto refusal = Authorize(route, request, now)) return std::move(*refusal);
        return route.handler(request);
    } catch (const std::exception& e) {
        log::Error("handler threw",
                   {{"request_id", request.request_id}, {"route", route.pattern}, {"error", e.what()}});
    } catch (...) {
        log::Error("handler threw",
                   {{"request_id", request.request_id}, {"route", route.pattern}, {"error", "unknown exception"}});
    }
    return Problem(500, "internal", "Internal server error");
}

void RequestPipeline::Decorate(const Request& request, Response& response) const {
    if (response.status < 100 || response.status > 599) {
        log::Error("handler returned an invalid status",
                   {{"request_id", request.request_id}, {"status", std::to_string(response.status)}});
        response = Problem(500, "internal", "Internal server error");
    }
    response.SetHeader("X-Request-ID", request.request_id);
    ApplySecurityHeaders(request.path, request.tls, response);
    ApplyCors(request, response, config_.cors_allowed_origins);
    if (!response.body.empty() && response.Header("Content-Type") == nullptr) {
        response.SetHeader("Content-Type", "application/json");
    }
}

void RequestPipeline::Record(const Request& request, int status, std::size_t body_bytes,
                             std::chrono::steady_clock::duration elapsed) const {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    metrics_.RecordRequest(request.route_pattern, ToString(request.method), status, seconds);
    // Path only: the query string may carry tokens. Never headers or bodies.
    std::vector<log::Field> fields = {
        {"request_id", request.request_id},    {"method", std::string(ToString(request.method))},
        {"route", request.route_pattern},      {"path", request.path},
        {"status", std::to_string(status)},    {"duration_ms", FormatMillis(elapsed)},
        {"bytes", std::to_string(body_bytes)}, {"client_ip", request.client_ip},
    };
    if (request.principal) fields.emplace_back("user_id", request.principal->user_id);
    log::Write(log::Level::kInfo, "request", fields);
}

}  // namespace palisade::server
