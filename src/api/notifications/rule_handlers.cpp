// SPDX-License-Identifier: Apache-2.0
// /api/v1/notification-rules: the organisation's notification rules (admin).
#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "api/notifications/notification_handlers.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/notifications.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

const std::initializer_list<std::string_view> kRuleFields = {"name",         "event",       "enabled",
                                                             "min_severity", "days_before", "channels"};

// The raw body object (JsonInput::Parse accepted it already), to tell an explicit null from an absent field.
json::object RawObject(std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    return !ec && v.is_object() ? std::move(v.as_object()) : json::object();
}

bool IsNull(const json::object& raw, std::string_view field) {
    const json::value* v = raw.if_contains(field);
    return v != nullptr && v->is_null();
}

// channels: required on create; every problem of its members is recorded with its path.
std::optional<notifications::Channels> ReadChannels(JsonInput& in, bool required) {
    auto object = in.OptionalObject("channels");
    if (!object) {
        if (required && !in.Has("channels")) in.AddFieldError("channels", "is required");
        return std::nullopt;
    }
    std::vector<notifications::FieldIssue> issues;
    auto channels = notifications::ParseChannels(json::value(std::move(*object)), issues);
    for (auto& i : issues) in.AddFieldError(i.field, std::move(i.message));
    return channels;
}

json::object RuleJson(const notifications::Rule& rule) { return notifications::ToJson(rule); }

Response List(const NotificationApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.notifications.rules().List(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& r : page->items) items.push_back(RuleJson(r));
    json::object out = ItemsPage(std::move(items), page->next_cursor);
    out["defaults_in_effect"] = page->defaults_in_effect;
    return JsonResponse(200, out);
}

Response Create(const NotificationApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    notifications::Rule rule;
    rule.name = in->OptionalString("name", notifications::kMaxRuleNameChars).value_or("");
    rule.event = in->RequiredString("event", 32);
    rule.enabled = in->OptionalBool("enabled").value_or(true);
    rule.min_severity = in->OptionalString("min_severity", 16);
    if (auto days = in->OptionalInt("days_before", 1, notifications::kMaxDaysBefore)) {
        rule.days_before = static_cast<int>(*days);
    }
    auto channels = ReadChannels(*in, true);
    if (auto done = in->Finish(kRuleFields); !done) return ErrorResponse(done.error(), request);
    rule.channels = std::move(*channels);
    std::vector<notifications::FieldIssue> issues;
    auto created = api.notifications.rules().Create(rule, MakeRequestContext(request), issues);
    if (!created) return ServiceError(created.error(), issues, request);
    Response r = JsonResponse(201, RuleJson(*created));
    r.SetHeader("Location", "/api/v1/notification-rules/" + created->id);
    return r;
}

Response Get(const NotificationApi& api, Request& request) {
    auto rule = api.notifications.rules().Get(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!rule) return ErrorResponse(rule.error(), request);
    return JsonResponse(200, RuleJson(*rule));
}

Response Patch(const NotificationApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const json::object raw = RawObject(request.body);
    notifications::RulePatch patch;
    patch.name = in->OptionalString("name", notifications::kMaxRuleNameChars);
    patch.event = in->OptionalString("event", 32);
    patch.enabled = in->OptionalBool("enabled");
    if (IsNull(raw, "min_severity")) {
        patch.min_severity = std::optional<std::string>();
    } else if (auto s = in->OptionalString("min_severity", 16)) {
        patch.min_severity = s;
    }
    if (IsNull(raw, "days_before")) {
        patch.days_before = std::optional<int>();
    } else if (auto d = in->OptionalInt("days_before", 1, notifications::kMaxDaysBefore)) {
        patch.days_before = std::optional<int>(static_cast<int>(*d));
    }
    if (raw.contains("channels")) patch.channels = ReadChannels(*in, true);
    if (auto done = in->Finish(kRuleFields); !done) return ErrorResponse(done.error(), request);
    std::vector<notifications::FieldIssue> issues;
    auto updated = api.notifications.rules().Update(std::string(request.PathParam("id")), patch,
                                                    MakeRequestContext(request), issues);
    if (!updated) return ServiceError(updated.error(), issues, request);
    return JsonResponse(200, RuleJson(*updated));
}

Response Delete(const NotificationApi& api, Request& request) {
    auto s = api.notifications.rules().Delete(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountRuleRoutes(server::Router& router, const NotificationApi& api) {
    using auth::Permission;
    router.Get("/api/v1/notification-rules", BindNotification(api, List)).Require(Permission::kOrgManage);
    router.Post("/api/v1/notification-rules", BindNotification(api, Create)).Require(Permission::kOrgManage);
    router.Get("/api/v1/notification-rules/{id}", BindNotification(api, Get)).Require(Permission::kOrgManage);
    router.Patch("/api/v1/notification-rules/{id}", BindNotification(api, Patch)).Require(Permission::kOrgManage);
    router.Delete("/api/v1/notification-rules/{id}", BindNotification(api, Delete)).Require(Permission::kOrgManage);
}

}  // namespace palisade::api
