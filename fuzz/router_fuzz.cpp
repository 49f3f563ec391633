// SPDX-License-Identifier: Apache-2.0
// Router::Match, PercentDecode and query parsing on arbitrary request targets, over the real route table. The
// patterns come from the embedded OpenAPI document, which tests/api/contract_test.cpp holds equal to the routes
// MountRoutes() registers; that keeps this target free of the services the handlers need.
// Input: first byte picks the method, the rest is the target ("/path?query").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/openapi.hpp"
#include "server/http.hpp"
#include "server/router.hpp"

namespace {

using palisade::server::Method;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

const palisade::server::Router& RealRoutes() {
    static const palisade::server::Router router = [] {
        palisade::server::Router r;
        const auto& json = palisade::api::OpenApiJson();
        Check(json.has_value());
        const auto doc = boost::json::parse(*json).as_object();
        for (const auto& [path, item] : doc.at("paths").as_object()) {
            for (const auto& [method, op] : item.as_object()) {
                std::string upper(method);
                for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
                const Method m = palisade::server::ParseMethod(upper);
                if (m == Method::kOther) continue;
                r.Add(m, std::string(path), [](palisade::server::Request&) { return palisade::server::Response{}; })
                    .Public();
            }
        }
        Check(!r.Routes().empty());
        return r;
    }();
    return router;
}

std::size_t Captures(const palisade::server::Route& route) {
    std::size_t n = 0;
    for (const std::string& seg : route.segments) n += seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const Method kMethods[] = {Method::kGet,   Method::kHead,    Method::kPost,    Method::kPut,
                                      Method::kPatch, Method::kDelete, Method::kOptions, Method::kOther};
    const Method method = kMethods[data[0] % 8];
    const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string_view raw_path = target.substr(0, target.find('?'));

    palisade::server::Request request;
    request.method = method;
    request.target = std::string(target);
    request.query = raw_path.size() < target.size() ? std::string(target.substr(raw_path.size() + 1)) : "";
    request.path = palisade::server::PercentDecode(raw_path).value_or(std::string(raw_path));

    palisade::server::RouteMatch match = RealRoutes().Match(method, raw_path, request.path_params);
    if (match.route != nullptr) {
        Check(match.path_exists);
        const Method m = match.route->method;
        Check(m == method || (method == Method::kHead && m == Method::kGet));
        Check(request.path_params.size() == Captures(*match.route));
        for (const auto& [name, value] : request.path_params) Check(!value.empty());
    }
    if (!match.path_exists) Check(match.allowed.empty() && match.route == nullptr);

    // What list handlers read from the query.
    std::vector<palisade::server::FieldError> errors;
    const auto params = palisade::api::ReadListParams(request, errors);
    Check(params.limit >= 1 && params.limit <= palisade::api::kMaxLimit);
    Check(params.cursor.size() <= 4 * palisade::api::kMaxCursorChars);
    request.headers.emplace_back("cookie", std::string(target));
    (void)request.Cookie("palisade_access");
    return 0;
}
