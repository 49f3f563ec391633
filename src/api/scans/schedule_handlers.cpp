// SPDX-License-Identifier: Apache-2.0
#include "api/scans/schedule_handlers.hpp"

#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "api/scans/scan_json.hpp"
#include "scans/cron.hpp"
#include "scans/schedule_service.hpp"
#include "scans/scan_service.hpp"
#include "scans/scope.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

constexpr std::size_t kMaxTargets = 1000;  // the array's cap; the service applies the configured limit
constexpr std::size_t kMaxTargetChars = 2048;
constexpr std::size_t kMaxProfileNameChars = 100;
constexpr std::size_t kMaxModules = 16;
constexpr std::size_t kMaxModuleChars = 32;

using ScheduleHandler = Response (*)(const ScheduleApi& api, Request& request);
server::Handler BindSchedule(const ScheduleApi& api, ScheduleHandler handler) {
    return [api, handler](Request& request) { return handler(api, request); };
}

std::string Id(const Request& request) { return std::string(request.PathParam("id")); }

json::value Parsed(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return nullptr;
    return v;
}

json::value Opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

// A refusal for targets outside the scope is a 422 naming them (as for scans); everything else the usual mapping.
Response Refusal(const Error& e, const Request& request) {
    if (e.detail == scans::kOutOfScopeDetail) {
        return server::Problem(422, "out-of-scope", "Target outside the organisation's scope", e.message,
                               {{"targets", e.message}});
    }
    return ErrorResponse(e, request);
}

// Field errors of the cron text and time zone, reported with the body's other errors in one answer.
void CheckTiming(JsonInput& in, const std::optional<std::string>& cron, const std::optional<std::string>& tz) {
    if (cron && !cron->empty()) {
        if (auto spec = scans::ParseCron(*cron); !spec) in.AddFieldError("cron", spec.error().message);
    }
    if (tz && !tz->empty()) {
        if (auto ok = scans::ValidateTimeZone(*tz); !ok) in.AddFieldError("timezone", ok.error().message);
    }
}

Response List(const ScheduleApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.schedules.List(MakeRequestContext(request), params->cursor, params->limit);
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& s : page->items) items.push_back(ScheduleToJson(s));
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor.empty() ? json::value(nullptr) : json::value(page->next_cursor);
    return JsonResponse(200, out);
}

Response Create(const ScheduleApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    scans::ScheduleInput input;
    input.name = in->RequiredString("name", scans::kMaxScheduleNameChars);
    input.cron = in->RequiredString("cron", scans::kMaxCronChars);
    input.timezone = in->OptionalString("timezone", scans::kMaxTimeZoneChars).value_or("UTC");
    auto targets = in->OptionalStringArray("targets", kMaxTargets, kMaxTargetChars);
    if (!in->Has("targets")) in->AddFieldError("targets", "is required");
    input.profile = in->OptionalString("profile", kMaxProfileNameChars).value_or("");
    input.modules =
        in->OptionalStringArray("modules", kMaxModules, kMaxModuleChars).value_or(std::vector<std::string>{});
    input.options = in->OptionalObject("options").value_or(json::object());
    input.enabled = in->OptionalBool("enabled").value_or(true);
    CheckTiming(*in, input.cron, input.timezone);
    if (auto done = in->Finish({"name", "cron", "timezone", "targets", "profile", "modules", "options", "enabled"});
        !done) {
        return ErrorResponse(done.error(), request);
    }
    input.targets = std::move(*targets);
    auto created = api.schedules.Create(MakeRequestContext(request), input);
    if (!created) return Refusal(created.error(), request);
    Response r = JsonResponse(201, ScheduleToJson(*created));
    r.SetHeader("Location", "/api/v1/scan-schedules/" + created->id);
    return r;
}

Response Get(const ScheduleApi& api, Request& request) {
    auto s = api.schedules.Get(MakeRequestContext(request), Id(request));
    if (!s) return ErrorResponse(s.error(), request);
    return JsonResponse(200, ScheduleToJson(*s));
}

Response Patch(const ScheduleApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    scans::SchedulePatch patch;
    patch.name = in->OptionalString("name", scans::kMaxScheduleNameChars);
    patch.cron = in->OptionalString("cron", scans::kMaxCronChars);
    patch.timezone = in->OptionalString("timezone", scans::kMaxTimeZoneChars);
    patch.targets = in->OptionalStringArray("targets", kMaxTargets, kMaxTargetChars);
    patch.profile = in->OptionalString("profile", kMaxProfileNameChars);
    patch.modules = in->OptionalStringArray("modules", kMaxModules, kMaxModuleChars);
    patch.options = in->OptionalObject("options");
    patch.enabled = in->OptionalBool("enabled");
    if (patch.cron && patch.cron->empty()) in->AddFieldError("cron", "is required");
    if (patch.timezone && patch.timezone->empty()) in->AddFieldError("timezone", "is required");
    CheckTiming(*in, patch.cron, patch.timezone);
    if (auto done = in->Finish({"name", "cron", "timezone", "targets", "profile", "modules", "options", "enabled"});
        !done) {
        return ErrorResponse(done.error(), request);
    }
    auto updated = api.schedules.Update(MakeRequestContext(request), Id(request), patch);
    if (!updated) return Refusal(updated.error(), request);
    return JsonResponse(200, ScheduleToJson(*updated));
}

Response Delete(const ScheduleApi& api, Request& request) {
    auto s = api.schedules.Delete(MakeRequestContext(request), Id(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

Response Run(const ScheduleApi& api, Request& request) {
    auto scan = api.schedules.RunNow(MakeRequestContext(request), Id(request));
    if (!scan) return Refusal(scan.error(), request);
    Response r = JsonResponse(202, ToJson(*scan));
    r.SetHeader("Location", "/api/v1/scans/" + scan->id);
    return r;
}

}  // namespace

json::object ScheduleToJson(const store::ScanScheduleRecord& s) {
    json::object o;
    o["id"] = s.id;
    o["name"] = s.name;
    o["cron"] = s.cron;
    o["timezone"] = s.timezone;
    o["targets"] = Parsed(s.targets_json);
    o["profile"] = s.profile.empty() ? json::value(nullptr) : json::value(s.profile);
    o["modules"] = Parsed(s.modules_json);
    o["options"] = Parsed(s.options_json);
    o["enabled"] = s.enabled;
    o["next_run_at"] = Opt(s.next_run_at);
    o["last_run_at"] = Opt(s.last_run_at);
    o["last_scan_id"] = Opt(s.last_scan_id);
    o["created_by"] = Opt(s.created_by);
    o["created_at"] = s.created_at;
    o["updated_at"] = s.updated_at;
    return o;
}

void MountScheduleRoutes(server::Router& router, const ScheduleApi& api) {
    using auth::Permission;
    router.Get("/api/v1/scan-schedules", BindSchedule(api, List)).Require(Permission::kScansRead);
    router.Post("/api/v1/scan-schedules", BindSchedule(api, Create)).Require(Permission::kScansRun);
    router.Get("/api/v1/scan-schedules/{id}", BindSchedule(api, Get)).Require(Permission::kScansRead);
    router.Patch("/api/v1/scan-schedules/{id}", BindSchedule(api, Patch)).Require(Permission::kScansRun);
    router.Delete("/api/v1/scan-schedules/{id}", BindSchedule(api, Delete)).Require(Permission::kScansRun);
    router.Post("/api/v1/scan-schedules/{id}/run", BindSchedule(api, Run)).Require(Permission::kScansRun);
}

}  // namespace palisade::api
