// SPDX-License-Identifier: Apache-2.0
#include "api/audit/audit_handlers.hpp"

#include <charconv>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "core/time.hpp"
#include "identity/admin_service.hpp"

namespace palisade::api {

namespace {

using server::FieldError;

constexpr std::size_t kMaxFilterChars = 200;

// "YYYY-MM-DDTHH:MM:SS" up front: ParseTime alone would also take "26-1-2T3:4:5Z".
bool HasTimeShape(std::string_view s) {
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
    if (s.size() <= kShape.size()) return false;
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool ok = kShape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == kShape[i];
        if (!ok) return false;
    }
    return true;
}

// A time filter in the stored form ("...T...:...Z" with milliseconds), so text comparison in SQL is time order.
std::optional<std::string> ReadTime(const server::Request& request, std::string_view name,
                                    std::vector<FieldError>& errors) {
    auto text = ReadQueryText(request, name, kMaxTimeChars, errors);
    if (!text) return std::nullopt;
    Result<TimePoint> t = Fail(ErrorCode::kInvalidArgument, "not an RFC 3339 UTC time");
    if (HasTimeShape(*text)) t = ParseTime(*text);
    if (!t) {
        errors.push_back({std::string(name), "must be an RFC 3339 UTC time such as 2026-01-02T03:04:05Z"});
        return std::nullopt;
    }
    return FormatTime(*t);
}

std::optional<std::string> ReadAction(const server::Request& request, std::vector<FieldError>& errors) {
    auto action = ReadQueryText(request, "action", kMaxFilterChars, errors);
    if (action && action->find('*') < action->size() - 1) {
        errors.push_back({"action", "may end with * (a prefix match) but not contain it elsewhere"});
        return std::nullopt;
    }
    return action;
}

std::optional<std::string> ReadOutcome(const server::Request& request, std::vector<FieldError>& errors) {
    auto outcome = ReadQueryText(request, "outcome", kMaxFilterChars, errors);
    if (outcome && *outcome != "success" && *outcome != "failure" && *outcome != "denied") {
        errors.push_back({"outcome", "must be one of success, failure, denied"});
        return std::nullopt;
    }
    return outcome;
}

// The cursor of this list is the seq below which the next page starts.
long long ReadSeqCursor(const std::string& cursor, std::vector<FieldError>& errors) {
    if (cursor.empty()) return 0;
    long long seq = 0;
    const char* end = cursor.data() + cursor.size();
    auto [ptr, ec] = std::from_chars(cursor.data(), end, seq);
    if (ec != std::errc() || ptr != end || seq < 1) {
        errors.push_back({"cursor", "must be the next_cursor of a previous page"});
        return 0;
    }
    return seq;
}

server::Response List(const ApiContext& api, server::Request& request) {
    auto filter = ParseAuditFilter(request);
    if (!filter) return ErrorResponse(filter.error(), request);
    auto page = api.admin.ListAudit(std::move(*filter), MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    return JsonResponse(200, PageToJson(*page));
}

}  // namespace

ApiResult<store::audit::Filter> ParseAuditFilter(const server::Request& request) {
    std::vector<FieldError> errors;
    store::audit::Filter filter;
    const ListParams page = ReadListParams(request, errors);
    filter.limit = page.limit;
    filter.before_seq = ReadSeqCursor(page.cursor, errors);
    filter.action = ReadAction(request, errors);
    filter.actor_user_id = ReadQueryText(request, "actor", kMaxFilterChars, errors);
    filter.object_id = ReadQueryText(request, "object_id", kMaxFilterChars, errors);
    filter.outcome = ReadOutcome(request, errors);
    filter.since = ReadTime(request, "since", errors);
    filter.until = ReadTime(request, "until", errors);
    if (filter.since && filter.until && *filter.since >= *filter.until) {
        errors.push_back({"until", "must be after since"});
    }
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    return filter;
}

void MountAuditRoutes(server::Router& router, const ApiContext& api) {
    router.Get("/api/v1/audit", Bind(api, List)).Require(auth::Permission::kAuditRead);
}

}  // namespace palisade::api
