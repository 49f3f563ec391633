// SPDX-License-Identifier: Apache-2.0
#include "api/imports/import_handlers.hpp"

#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "imports/import_service.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

using ImportHandler = Response (*)(const ImportApi& api, Request& request);

server::Handler BindImport(const ImportApi& api, ImportHandler handler) {
    return [api, handler](Request& request) { return handler(api, request); };
}

json::value OptionalText(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object ImportJson(const store::ImportRecord& r) {
    const store::ImportCounts& c = r.counts;
    return json::object{
        {"id", r.id},
        {"kind", r.kind},
        {"filename", r.filename},
        {"sha256", r.sha256},
        {"size_bytes", r.size_bytes},
        {"state", r.state},
        {"progress", r.progress},
        {"counts", json::object{{"hosts", c.hosts},
                                {"services", c.services},
                                {"results", c.results},
                                {"new_findings", c.new_findings},
                                {"seen_again", c.seen_again},
                                {"assets_created", c.assets_created},
                                {"assets_updated", c.assets_updated},
                                {"errors", c.errors}}},
        {"error", r.error.empty() ? json::value(nullptr) : json::value(r.error)},
        {"job_id", OptionalText(r.job_id)},
        {"created_by", OptionalText(r.created_by)},
        {"created_at", r.created_at},
        {"started_at", OptionalText(r.started_at)},
        {"finished_at", OptionalText(r.finished_at)},
    };
}

Response Create(const ImportApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    const auto kind = ReadQueryText(request, "kind", 16, errors);
    const auto filename = ReadQueryText(request, "filename", imports::kMaxFilenameBytes, errors);
    if (!kind && errors.empty()) errors.push_back({"kind", "is required (nmap or sarif)"});
    if (kind && *kind != "nmap" && *kind != "sarif") errors.push_back({"kind", "must be nmap or sarif"});
    if (request.body.empty()) errors.push_back({"body", "is empty: send the file as the request body"});
    if (!errors.empty()) return ErrorResponse(ValidationFailed(std::move(errors)).value(), request);
    auto created = api.imports.Create(*kind, request.body, filename.value_or(""), MakeRequestContext(request));
    if (!created) return ErrorResponse(created.error(), request);
    json::object body = ImportJson(created->record);
    body["duplicate"] = created->duplicate;
    Response r = JsonResponse(created->duplicate ? 200 : 202, body);
    r.SetHeader("Location", "/api/v1/imports/" + created->record.id);
    return r;
}

Response List(const ImportApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.imports.List(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    items.reserve(page->items.size());
    for (const auto& r : page->items) items.emplace_back(ImportJson(r));
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor.empty() ? json::value(nullptr) : json::value(page->next_cursor);
    return JsonResponse(200, out);
}

Response Get(const ImportApi& api, Request& request) {
    auto r = api.imports.Get(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!r) return ErrorResponse(r.error(), request);
    return JsonResponse(200, ImportJson(*r));
}

Response Delete(const ImportApi& api, Request& request) {
    auto s = api.imports.Delete(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountImportRoutes(server::Router& router, const ImportApi& api) {
    using auth::Permission;
    router.Post("/api/v1/imports", BindImport(api, Create))
        .Require(Permission::kFindingsImport)
        .MaxBody(api.max_upload_bytes);
    router.Get("/api/v1/imports", BindImport(api, List)).Require(Permission::kFindingsRead);
    router.Get("/api/v1/imports/{id}", BindImport(api, Get)).Require(Permission::kFindingsRead);
    router.Delete("/api/v1/imports/{id}", BindImport(api, Delete)).Require(Permission::kFindingsImport);
}

}  // namespace palisade::api
