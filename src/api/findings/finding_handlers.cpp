// SPDX-License-Identifier: Apache-2.0
// /api/v1/findings and /api/v1/orgs/current/sla.
#include <array>
#include <boost/json/array.hpp>
#include <charconv>

#include "api/findings/body_reader.hpp"
#include "api/findings/finding_json.hpp"
#include "api/findings/finding_query.hpp"
#include "api/findings/finding_routes.hpp"
#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "findings/finding_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;
using Text = BodyReader::Text;

constexpr std::size_t kMaxStatusChars = 32;
constexpr std::size_t kMaxNoteChars = 2000;

using FindingHandler = Response (*)(const FindingApi& api, Request& request);

server::Handler BindFinding(const FindingApi& api, FindingHandler handler) {
    return [api, handler](Request& request) { return handler(api, request); };
}

std::string Id(const Request& request) { return std::string(request.PathParam("id")); }

template <typename T, typename ToJsonFn>
boost::json::object PageJson(const identity::Page<T>& page, ToJsonFn to_json) {
    boost::json::array items;
    items.reserve(page.items.size());
    for (const T& item : page.items) items.emplace_back(to_json(item));
    boost::json::object out;
    out["items"] = std::move(items);
    out["next_cursor"] = page.next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(page.next_cursor);
    return out;
}

Response FindingResponse(const Result<store::FindingRecord>& f, const Request& request) {
    if (!f) return FindingError(f.error(), request);
    return JsonResponse(200, FindingJson(*f));
}

// The change fields shared by PATCH and bulk.
findings::FindingChange ReadChange(BodyReader& in) {
    findings::FindingChange c;
    c.status = in.String("status", kMaxStatusChars);
    c.assignee_id = in.NullableString("assignee_id", kMaxIdChars);
    c.justification = in.String("justification", kMaxNoteChars, Text::kMultiline);
    c.accepted_until = in.String("accepted_until", kMaxTimeChars);
    c.sla_due_at = in.NullableString("sla_due_at", kMaxTimeChars);
    c.note = in.String("note", kMaxNoteChars, Text::kMultiline);
    return c;
}

Response List(const FindingApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    findings::FindingQuery q = ReadFindingFilters(request, errors);
    const ListParams params = ReadListParams(request, errors);
    if (!errors.empty()) return FindingError(ValidationFailed(std::move(errors)).value(), request);
    q.cursor = params.cursor;
    q.limit = params.limit;
    auto page = api.findings.List(q, MakeRequestContext(request));
    if (!page) return FindingError(page.error(), request);
    return JsonResponse(200, PageJson(*page, FindingJson));
}

Response Get(const FindingApi& api, Request& request) {
    return FindingResponse(api.findings.Get(Id(request), MakeRequestContext(request)), request);
}

Response Patch(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    const findings::FindingChange change = ReadChange(*in);
    if (auto done = in->Finish({"status", "assignee_id", "justification", "accepted_until", "sla_due_at", "note"});
        !done) {
        return FindingError(done.error(), request);
    }
    return FindingResponse(api.findings.Update(Id(request), change, MakeRequestContext(request)), request);
}

Response Bulk(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    auto ids = in->StringArray("ids", findings::kMaxBulkIds, kMaxIdChars, true);
    const findings::FindingChange change = ReadChange(*in);
    if (auto done = in->Finish({"ids", "status", "assignee_id", "justification", "accepted_until", "sla_due_at",
                                "note"});
        !done) {
        return FindingError(done.error(), request);
    }
    auto result = api.findings.BulkUpdate(*ids, change, MakeRequestContext(request));
    if (!result) return FindingError(result.error(), request);
    boost::json::array updated, not_found, conflicts;
    for (const auto& id : result->updated) updated.emplace_back(id);
    for (const auto& id : result->not_found) not_found.emplace_back(id);
    for (const auto& c : result->conflicts) {
        conflicts.push_back(boost::json::object{{"id", c.id}, {"message", c.message}});
    }
    return JsonResponse(200, boost::json::object{
                                 {"updated", std::move(updated)},
                                 {"not_found", std::move(not_found)},
                                 {"conflicts", std::move(conflicts)},
                             });
}

Response History(const FindingApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return FindingError(params.error(), request);
    auto page = api.findings.History(Id(request), params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return FindingError(page.error(), request);
    return JsonResponse(200, PageJson(*page, HistoryJson));
}

Response Comments(const FindingApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return FindingError(params.error(), request);
    auto page = api.findings.Comments(Id(request), params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return FindingError(page.error(), request);
    return JsonResponse(200, PageJson(*page, CommentJson));
}

Response AddComment(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    const std::string text = in->RequiredString("text", findings::kMaxCommentChars, Text::kMultiline);
    if (auto done = in->Finish({"text"}); !done) return FindingError(done.error(), request);
    auto c = api.findings.AddComment(Id(request), text, MakeRequestContext(request));
    if (!c) return FindingError(c.error(), request);
    return JsonResponse(201, CommentJson(*c));
}

Response Export(const FindingApi& api, Request& request) { return ExportFindings(api.findings, request); }

Response GetSla(const FindingApi& api, Request& request) {
    auto p = api.findings.GetSlaPolicy(MakeRequestContext(request));
    if (!p) return FindingError(p.error(), request);
    return JsonResponse(200, SlaJson(*p));
}

// PUT replaces the policy: an omitted severity takes its default, null means no SLA.
Response PutSla(const FindingApi& api, Request& request) {
    auto in = BodyReader::Parse(request.body, false);
    if (!in) return FindingError(in.error(), request);
    findings::SlaPolicy policy;
    const std::pair<std::string_view, std::optional<int>*> fields[] = {
        {"critical_days", &policy.critical}, {"high_days", &policy.high}, {"medium_days", &policy.medium},
        {"low_days", &policy.low},           {"info_days", &policy.info},
    };
    for (const auto& [name, slot] : fields) {
        if (auto days = in->NullableInt(name, 1, findings::kMaxSlaDays)) *slot = *days;
    }
    if (auto done = in->Finish({"critical_days", "high_days", "medium_days", "low_days", "info_days"}); !done) {
        return FindingError(done.error(), request);
    }
    auto saved = api.findings.SetSlaPolicy(policy, MakeRequestContext(request));
    if (!saved) return FindingError(saved.error(), request);
    return JsonResponse(200, SlaJson(*saved));
}

// GET /api/v1/findings/summary?weeks=N (1..52, default 12).
Response Summary(const FindingApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    int weeks = 12;
    if (auto text = ReadQueryText(request, "weeks", 8, errors)) {
        int value = 0;
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || end != text->data() + text->size() || value < 1 ||
            value > findings::kMaxSummaryWeeks) {
            errors.push_back({"weeks", "must be an integer between 1 and " + std::to_string(findings::kMaxSummaryWeeks)});
        } else {
            weeks = value;
        }
    }
    if (!errors.empty()) return ErrorResponse(ValidationFailed(std::move(errors)).value(), request);
    auto summary = api.findings.Summary(weeks, MakeRequestContext(request));
    if (!summary) return FindingError(summary.error(), request);
    const auto by_rank = [](const std::array<long long, 5>& c) {
        return boost::json::object{{"critical", c[4]}, {"high", c[3]}, {"medium", c[2]}, {"low", c[1]}, {"info", c[0]}};
    };
    boost::json::object by_status;
    for (std::size_t i = 0; i < std::size(findings::kSummaryStatuses); ++i) {
        by_status[findings::kSummaryStatuses[i]] = summary->by_status[i];
    }
    boost::json::array weeks_json;
    for (const auto& w : summary->weeks) {
        weeks_json.push_back(boost::json::object{{"start", w.start}, {"opened", w.opened}, {"fixed", w.fixed}});
    }
    boost::json::object out{{"active_by_severity", by_rank(summary->active_by_severity)},
                            {"by_status", std::move(by_status)},
                            {"sla",
                             {{"breached", summary->sla_breached},
                              {"due_soon", summary->sla_due_soon},
                              {"on_track", summary->sla_on_track},
                              {"none", summary->sla_none}}},
                            {"weeks", std::move(weeks_json)}};
    return JsonResponse(200, out);
}

}  // namespace

void MountFindingRoutes(server::Router& router, const FindingApi& api) {
    using auth::Permission;
    router.Get("/api/v1/findings", BindFinding(api, List)).Require(Permission::kFindingsRead);
    // Before /findings/{id}: the router takes the first match.
    router.Get("/api/v1/findings/export", BindFinding(api, Export)).Require(Permission::kFindingsRead);
    router.Get("/api/v1/findings/summary", BindFinding(api, Summary)).Require(Permission::kFindingsRead);
    router.Post("/api/v1/findings/bulk", BindFinding(api, Bulk)).Require(Permission::kFindingsTriage);
    router.Get("/api/v1/findings/{id}", BindFinding(api, Get)).Require(Permission::kFindingsRead);
    router.Patch("/api/v1/findings/{id}", BindFinding(api, Patch)).Require(Permission::kFindingsTriage);
    router.Get("/api/v1/findings/{id}/history", BindFinding(api, History)).Require(Permission::kFindingsRead);
    router.Get("/api/v1/findings/{id}/comments", BindFinding(api, Comments)).Require(Permission::kFindingsRead);
    router.Post("/api/v1/findings/{id}/comments", BindFinding(api, AddComment)).Require(Permission::kFindingsTriage);
    router.Get("/api/v1/orgs/current/sla", BindFinding(api, GetSla)).Require(Permission::kFindingsRead);
    router.Put("/api/v1/orgs/current/sla", BindFinding(api, PutSla)).Require(Permission::kOrgManage);
}

}  // namespace palisade::api
