// SPDX-License-Identifier: Apache-2.0
#include "api/scans/scan_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "api/scans/scan_json.hpp"
#include "scans/scan_plan.hpp"
#include "scans/scan_service.hpp"
#include "scans/scope.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

constexpr std::size_t kMaxTargetChars = 2048;
constexpr std::size_t kMaxTargetFilterChars = 512;
constexpr std::size_t kMaxScopeEntryChars = 300;
constexpr std::size_t kMaxProfileNameChars = 100;
constexpr std::size_t kMaxDescriptionChars = 1000;
constexpr std::size_t kMaxModules = 16;
constexpr std::size_t kMaxModuleChars = 32;

using ScanHandler = Response (*)(const ScanApi& api, Request& request);
server::Handler BindScan(const ScanApi& api, ScanHandler handler) {
    return [api, handler](Request& request) { return handler(api, request); };
}

// A scan request refused for targets outside the scope: 422, naming them.
Response OutOfScope(const Error& e) {
    return server::Problem(422, "out-of-scope", "Target outside the organisation's scope", e.message,
                           {{"targets", e.message}});
}

// ---- scope ----

Response GetScope(const ScanApi& api, Request& request) {
    auto scope = api.scans.GetScope(MakeRequestContext(request));
    if (!scope) return ErrorResponse(scope.error(), request);
    return JsonResponse(200, ToJson(*scope));
}

Response PutScope(const ScanApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    auto domains = in->OptionalStringArray("domains", scans::kMaxScopeEntries, kMaxScopeEntryChars);
    auto cidrs = in->OptionalStringArray("cidrs", scans::kMaxScopeEntries, kMaxScopeEntryChars);
    if (auto done = in->Finish({"domains", "cidrs"}); !done) return ErrorResponse(done.error(), request);
    std::vector<server::FieldError> errors;
    auto scope = scans::NormalizeScope(domains.value_or(std::vector<std::string>{}),
                                       cidrs.value_or(std::vector<std::string>{}), errors);
    if (!errors.empty()) return ErrorResponse(ValidationFailed(errors).value(), request);
    auto saved = api.scans.PutScope(MakeRequestContext(request), scope);
    if (!saved) return ErrorResponse(saved.error(), request);
    return JsonResponse(200, ToJson(*saved));
}

// ---- profiles ----

Response ListProfiles(const ScanApi& api, Request& request) {
    auto profiles = api.scans.ListProfiles(MakeRequestContext(request));
    if (!profiles) return ErrorResponse(profiles.error(), request);
    json::array items;
    for (const auto& p : *profiles) items.push_back(ToJson(p));
    return JsonResponse(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

Response CreateProfile(const ScanApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string name = in->RequiredString("name", kMaxProfileNameChars);
    const std::string description = in->OptionalString("description", kMaxDescriptionChars).value_or("");
    auto modules = in->OptionalStringArray("modules", kMaxModules, kMaxModuleChars);
    if (!in->Has("modules")) in->AddFieldError("modules", "is required");
    auto options = in->OptionalObject("options").value_or(json::object());
    if (modules) {
        std::vector<server::FieldError> errors;
        scans::ValidatePlan(*modules, options, errors);
        for (auto& e : errors) in->AddFieldError(e.field, e.message);
    }
    if (auto done = in->Finish({"name", "description", "modules", "options"}); !done) {
        return ErrorResponse(done.error(), request);
    }
    auto created = api.scans.CreateProfile(MakeRequestContext(request), name, description, *modules, options);
    if (!created) return ErrorResponse(created.error(), request);
    return JsonResponse(201, ToJson(*created));
}

Response DeleteProfile(const ScanApi& api, Request& request) {
    auto s = api.scans.DeleteProfile(MakeRequestContext(request), std::string(request.PathParam("id")));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

// ---- scans ----

Response Create(const ScanApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    scans::ScanRequest req;
    auto targets = in->OptionalStringArray("targets", 1000, kMaxTargetChars);
    if (!in->Has("targets")) in->AddFieldError("targets", "is required");
    req.profile = in->OptionalString("profile", kMaxProfileNameChars).value_or("");
    req.modules = in->OptionalStringArray("modules", kMaxModules, kMaxModuleChars);
    req.options = in->OptionalObject("options").value_or(json::object());
    req.priority = static_cast<int>(in->OptionalInt("priority", -10, 10).value_or(0));
    if (!in->Has("profile") && !in->Has("modules")) {
        in->AddFieldError("profile", "is required when no modules are given (quick, standard, full or a saved one)");
    }
    if (auto done = in->Finish({"targets", "profile", "modules", "options", "priority"}); !done) {
        return ErrorResponse(done.error(), request);
    }
    req.targets = std::move(*targets);
    auto scan = api.scans.Create(MakeRequestContext(request), req);
    if (!scan) {
        if (scan.error().detail == scans::kOutOfScopeDetail) return OutOfScope(scan.error());
        return ErrorResponse(scan.error(), request);
    }
    Response r = JsonResponse(202, ToJson(*scan));
    r.SetHeader("Location", "/api/v1/scans/" + scan->id);
    return r;
}

Response List(const ScanApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    ListParams params = ReadListParams(request, errors);
    store::scans::ListFilter filter;
    filter.state = ReadQueryText(request, "state", 16, errors);
    if (filter.state && *filter.state != "queued" && *filter.state != "running" && *filter.state != "done" &&
        *filter.state != "failed" && *filter.state != "cancelled") {
        errors.push_back({"state", "must be queued, running, done, failed or cancelled"});
    }
    filter.target = ReadQueryText(request, "target", kMaxTargetFilterChars, errors);
    filter.profile = ReadQueryText(request, "profile", kMaxProfileNameChars, errors);
    filter.schedule_id = ReadQueryText(request, "schedule_id", 64, errors);
    if (!errors.empty()) return ErrorResponse(ValidationFailed(errors).value(), request);
    filter.before_id = params.cursor;
    filter.limit = params.limit;
    auto page = api.scans.List(MakeRequestContext(request), filter);
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& scan : page->items) items.push_back(ToJson(scan));
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor.empty() ? json::value(nullptr) : json::value(page->next_cursor);
    return JsonResponse(200, out);
}

// {grades: {"A": 3, ...}, ungraded, target_lists}: the latest done scan of each distinct target list.
Response Grades(const ScanApi& api, Request& request) {
    auto grades = api.scans.LatestGrades(MakeRequestContext(request));
    if (!grades) return ErrorResponse(grades.error(), request);
    boost::json::object by_grade;
    long long ungraded = 0;
    long long total = 0;
    for (const auto& [grade, count] : *grades) {
        total += count;
        if (grade.empty()) {
            ungraded += count;
        } else {
            by_grade[grade] = count;
        }
    }
    return JsonResponse(200, boost::json::object{{"grades", std::move(by_grade)},
                                                 {"ungraded", ungraded},
                                                 {"target_lists", total}});
}

Response Get(const ScanApi& api, Request& request) {
    auto scan = api.scans.Get(MakeRequestContext(request), std::string(request.PathParam("id")));
    if (!scan) return ErrorResponse(scan.error(), request);
    return JsonResponse(200, ToJson(*scan));
}

Response Results(const ScanApi& api, Request& request) {
    const std::string format = request.QueryParam("format").value_or("json");
    if (format != "json" && format != "sarif") {
        return ErrorResponse(ValidationFailed({{"format", "must be json or sarif"}}).value(), request);
    }
    auto body = api.scans.Results(MakeRequestContext(request), std::string(request.PathParam("id")), format == "sarif");
    if (!body) return ErrorResponse(body.error(), request);
    Response r;
    r.status = 200;
    r.body = std::move(*body);
    r.SetHeader("Content-Type", format == "sarif" ? "application/sarif+json" : "application/json");
    return r;
}

Response Events(const ScanApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    long long after = 0;
    if (auto v = request.QueryParam("after_seq")) {
        const char* end = v->data() + v->size();
        auto [ptr, ec] = std::from_chars(v->data(), end, after);
        if (ec != std::errc() || ptr != end || after < 0) {
            errors.push_back({"after_seq", "must be a non-negative integer"});
        }
    }
    // limit: 1..200 as on every list; without it a page is as long as allowed.
    const ListParams list = ReadListParams(request, errors);
    const int limit = request.QueryParam("limit") ? list.limit : kMaxLimit;
    if (!errors.empty()) return ErrorResponse(ValidationFailed(errors).value(), request);
    auto events = api.scans.Events(MakeRequestContext(request), std::string(request.PathParam("id")), after, limit);
    if (!events) return ErrorResponse(events.error(), request);
    json::array items;
    for (const auto& e : *events) items.push_back(ToJson(e));
    const bool more = static_cast<int>(events->size()) == limit;
    json::object out{{"items", std::move(items)}};
    out["next_after_seq"] = more ? json::value(events->back().seq) : json::value(nullptr);
    return JsonResponse(200, out);
}

Response Cancel(const ScanApi& api, Request& request) {
    auto scan = api.scans.Cancel(MakeRequestContext(request), std::string(request.PathParam("id")));
    if (!scan) return ErrorResponse(scan.error(), request);
    return JsonResponse(202, ToJson(*scan));
}

Response Delete(const ScanApi& api, Request& request) {
    auto s = api.scans.Delete(MakeRequestContext(request), std::string(request.PathParam("id")));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

Response Diff(const ScanApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    auto against = ReadQueryText(request, "against", 64, errors);
    if (!against && errors.empty()) errors.push_back({"against", "is required: the id of the scan to compare with"});
    if (!errors.empty()) return ErrorResponse(ValidationFailed(errors).value(), request);
    auto diff = api.scans.Diff(MakeRequestContext(request), std::string(request.PathParam("id")), *against);
    if (!diff) return ErrorResponse(diff.error(), request);
    return JsonResponse(200, ToJson(*diff));
}

}  // namespace

void MountScanRoutes(server::Router& router, const ScanApi& api) {
    using auth::Permission;
    router.Get("/api/v1/orgs/current/scope", BindScan(api, GetScope)).Require(Permission::kScansRead);
    router.Put("/api/v1/orgs/current/scope", BindScan(api, PutScope)).Require(Permission::kScopeManage);
    router.Get("/api/v1/scan-profiles", BindScan(api, ListProfiles)).Require(Permission::kScansRead);
    router.Post("/api/v1/scan-profiles", BindScan(api, CreateProfile)).Require(Permission::kScansRun);
    router.Delete("/api/v1/scan-profiles/{id}", BindScan(api, DeleteProfile)).Require(Permission::kScansRun);
    router.Post("/api/v1/scans", BindScan(api, Create)).Require(Permission::kScansRun);
    router.Get("/api/v1/scans", BindScan(api, List)).Require(Permission::kScansRead);
    router.Get("/api/v1/scans/grades", BindScan(api, Grades)).Require(Permission::kScansRead);  // before {id}
    router.Get("/api/v1/scans/{id}", BindScan(api, Get)).Require(Permission::kScansRead);
    router.Delete("/api/v1/scans/{id}", BindScan(api, Delete)).Require(Permission::kScansDelete);
    router.Get("/api/v1/scans/{id}/results", BindScan(api, Results)).Require(Permission::kScansRead);
    router.Get("/api/v1/scans/{id}/events", BindScan(api, Events)).Require(Permission::kScansRead);
    router.Get("/api/v1/scans/{id}/diff", BindScan(api, Diff)).Require(Permission::kScansRead);
    router.Post("/api/v1/scans/{id}/cancel", BindScan(api, Cancel)).Require(Permission::kScansRun);
}

}  // namespace palisade::api
