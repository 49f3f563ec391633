// SPDX-License-Identifier: Apache-2.0
// CORS misconfiguration: a foreign Origin (random, under a reserved .example name; then the site's own host name as
// a label of it, which catches "starts with our host" checks) or the "null" Origin is echoed in
// Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true. "*" is never flagged here
// (browsers refuse credentials with it).
#include "core/strings.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

constexpr std::string_view kProbeDomain = "palisade-cors-probe.example";

// The Access-Control-Allow-* answer to `origin`: true when it allows exactly that origin with credentials.
std::optional<std::string> AllowsWithCredentials(CheckContext& ctx, const std::string& url, const std::string& origin) {
    http::Request request = active::GetRequest(url);
    request.headers.push_back({"Origin", origin});
    auto response = active::Send(ctx, request);
    if (!response) return std::nullopt;
    auto allow_origin = response->First("Access-Control-Allow-Origin");
    auto allow_credentials = response->First("Access-Control-Allow-Credentials");
    if (!allow_origin || !allow_credentials) return std::nullopt;
    if (!IEquals(Trim(*allow_origin), origin) || !IEquals(Trim(*allow_credentials), "true")) return std::nullopt;
    return "Origin: " + origin + " -> Access-Control-Allow-Origin: " + active::OneLine(*allow_origin, 120) +
           ", Access-Control-Allow-Credentials: " + active::OneLine(*allow_credentials, 20) + " (status " +
           std::to_string(response->status) + ")";
}

}  // namespace

void CheckCors(CheckContext& ctx, const std::string& url) {
    std::string random_origin = "https://" + active::RandomAlnum(10) + "." + std::string(kProbeDomain);
    auto reflected = AllowsWithCredentials(ctx, url, random_origin);
    if (!reflected) {
        // "Origin ends with / starts with our host" checks: https://<site-host>.<random>.palisade-cors-probe.example
        if (auto parsed = headers::ParseWebUrl(url); parsed && !headers::IsIpLiteral(parsed->host)) {
            std::string prefixed =
                "https://" + parsed->host + "." + active::RandomAlnum(6) + "." + std::string(kProbeDomain);
            reflected = AllowsWithCredentials(ctx, url, prefixed);
        }
    }
    if (reflected) {
        // Reflecting every origin includes "null": one finding for the one cause.
        ctx.report(MakeFinding(Check("web.cors.reflected_origin_with_credentials"), url, *reflected, "reflected"));
        return;
    }
    if (auto null_origin = AllowsWithCredentials(ctx, url, "null")) {
        ctx.report(MakeFinding(Check("web.cors.null_origin_with_credentials"), url, *null_origin, "null"));
    }
}

}  // namespace palisade::scan::web
