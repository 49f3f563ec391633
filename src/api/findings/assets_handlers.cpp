// SPDX-License-Identifier: Apache-2.0
// /api/v1/assets: the asset inventory.
#include <boost/json/array.hpp>

#include "api/findings/body_reader.hpp"
#include "api/findings/finding_json.hpp"
#include "api/findings/finding_query.hpp"
#include "api/findings/finding_routes.hpp"
#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "findings/asset_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

constexpr std::size_t kMaxTypeChars = 16;
constexpr std::size_t kMaxOwnerChars = 200;
constexpr std::size_t kMaxEnvironmentChars = 100;

using AssetHandler = Response (*)(const FindingApi& api, Request& request);

server::Handler BindAsset(const FindingApi& api, AssetHandler handler) {
    return [api, handler](Request& request) { return handler(api, request); };
}

std::string Id(const Request& request) { return std::string(request.PathParam("id")); }

Response DetailResponse(const Result<findings::AssetDetail>& d, int status, const Request& request) {
    if (!d) return FindingError(d.error(), request);
    return JsonResponse(status, AssetDetailJson(*d));
}

Response List(const FindingApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    findings::AssetQuery q = ReadAssetQuery(request, errors);
    if (!errors.empty()) return FindingError(ValidationFailed(std::move(errors)).value(), request);
    auto page = api.assets.List(q, MakeRequestContext(request));
    if (!page) return FindingError(page.error(), request);
    boost::json::array items;
    for (const auto& a : page->items) items.emplace_back(AssetJson(a));
    boost::json::object out;
    out["items"] = std::move(items);
    out["next_cursor"] =
        page->next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(page->next_cursor);
    return JsonResponse(200, out);
}

// ?limit=1..50 (default 10) -> {items: [asset...]}, highest risk score first.
Response Riskiest(const FindingApi& api, Request& request) {
    int limit = 10;
    if (auto raw = request.QueryParam("limit")) {
        try {
            std::size_t used = 0;
            limit = std::stoi(*raw, &used);
            if (used != raw->size()) limit = 0;
        } catch (const std::exception&) {
            limit = 0;
        }
    }
    auto assets = api.assets.Riskiest(limit, MakeRequestContext(request));
    if (!assets) return FindingError(assets.error(), request);
    boost::json::array items;
    for (const auto& a : *assets) items.emplace_back(AssetJson(a));
    return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response Get(const FindingApi& api, Request& request) {
    return DetailResponse(api.assets.Get(Id(request), MakeRequestContext(request)), 200, request);
}

Response Create(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    findings::AssetInput input;
    input.type = in->RequiredString("type", kMaxTypeChars);
    input.name = in->RequiredString("name", findings::kMaxAssetNameChars);
    input.criticality = in->String("criticality", kMaxTypeChars);
    input.owner = in->String("owner", kMaxOwnerChars);
    input.environment = in->String("environment", kMaxEnvironmentChars);
    input.tags = in->StringArray("tags", findings::kMaxAssetTags, findings::kMaxAssetTagChars, false);
    if (auto done = in->Finish({"type", "name", "criticality", "owner", "environment", "tags"}); !done) {
        return FindingError(done.error(), request);
    }
    return DetailResponse(api.assets.Create(input, MakeRequestContext(request)), 201, request);
}

Response Patch(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    findings::AssetPatch patch;
    patch.type = in->String("type", kMaxTypeChars);
    patch.name = in->String("name", findings::kMaxAssetNameChars);
    patch.criticality = in->String("criticality", kMaxTypeChars);
    patch.owner = in->String("owner", kMaxOwnerChars);
    patch.environment = in->String("environment", kMaxEnvironmentChars);
    patch.tags = in->StringArray("tags", findings::kMaxAssetTags, findings::kMaxAssetTagChars, false);
    if (auto done = in->Finish({"type", "name", "criticality", "owner", "environment", "tags"}); !done) {
        return FindingError(done.error(), request);
    }
    return DetailResponse(api.assets.Update(Id(request), patch, MakeRequestContext(request)), 200, request);
}

Response Delete(const FindingApi& api, Request& request) {
    auto s = api.assets.Delete(Id(request), MakeRequestContext(request));
    if (!s) return FindingError(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountAssetRoutes(server::Router& router, const FindingApi& api) {
    using auth::Permission;
    router.Get("/api/v1/assets", BindAsset(api, List)).Require(Permission::kAssetsRead);
    router.Post("/api/v1/assets", BindAsset(api, Create)).Require(Permission::kAssetsManage);
    router.Get("/api/v1/assets/riskiest", BindAsset(api, Riskiest)).Require(Permission::kAssetsRead);  // before {id}
    router.Get("/api/v1/assets/{id}", BindAsset(api, Get)).Require(Permission::kAssetsRead);
    router.Patch("/api/v1/assets/{id}", BindAsset(api, Patch)).Require(Permission::kAssetsManage);
    router.Delete("/api/v1/assets/{id}", BindAsset(api, Delete)).Require(Permission::kAssetsManage);
}

}  // namespace palisade::api
