// SPDX-License-Identifier: Apache-2.0
#include "api/findings/finding_query.hpp"

#include <algorithm>
#include <charconv>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "core/strings.hpp"

namespace palisade::api {

namespace {

using server::FieldError;

bool IsTextFit(std::string_view s) {
    return IsValidUtf8(s) && std::none_of(s.begin(), s.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return u < 0x20 || u == 0x7F;
           });
}

std::optional<std::string> ReadTime(const server::Request& request, std::string_view name,
                                    std::vector<FieldError>& errors) {
    auto text = ReadQueryText(request, name, kMaxTimeChars, errors);
    if (!text) return std::nullopt;
    auto t = findings::NormalizeTime(*text);
    if (!t) errors.push_back({std::string(name), "must be an RFC 3339 UTC time such as 2026-01-02T03:04:05Z"});
    return t;
}

void CheckRange(const std::optional<std::string>& from, const std::optional<std::string>& to, std::string_view name,
                std::vector<FieldError>& errors) {
    if (from && to && *from >= *to) errors.push_back({std::string(name), "must be after the matching _from time"});
}

}  // namespace

std::vector<std::string> ReadQueryList(const server::Request& request, std::string_view name, std::size_t max_chars,
                                       std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (std::string_view pair : Split(request.query, '&')) {
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        auto key = server::PercentDecode(pair.substr(0, eq));
        if (!key || *key != name) continue;
        std::string raw(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        std::replace(raw.begin(), raw.end(), '+', ' ');
        auto value = server::PercentDecode(raw);
        if (!value || !IsTextFit(*value)) {
            errors.push_back({std::string(name), "must be valid UTF-8 text without control characters"});
            return {};
        }
        if (Utf8Length(*value) > max_chars) {
            errors.push_back({std::string(name), "must be at most " + std::to_string(max_chars) + " characters"});
            return {};
        }
        for (std::string_view item : Split(*value, ',')) {
            item = Trim(item);
            if (!item.empty()) out.emplace_back(item);
        }
    }
    return out;
}

findings::FindingQuery ReadFindingFilters(const server::Request& request, std::vector<FieldError>& errors) {
    findings::FindingQuery q;
    q.severities = ReadQueryList(request, "severity", kMaxFilterChars, errors);
    for (const auto& s : q.severities) {
        if (!findings::SeverityRank(s)) {
            errors.push_back({"severity", "must be among info, low, medium, high, critical"});
            break;
        }
    }
    q.statuses = ReadQueryList(request, "status", kMaxFilterChars, errors);
    for (const auto& s : q.statuses) {
        if (!findings::ParseStatus(s)) {
            errors.push_back({"status", "must be among open, triaged, fixed, accepted_risk, false_positive"});
            break;
        }
    }
    q.asset_id = ReadQueryText(request, "asset_id", kMaxIdChars, errors);
    q.check = ReadQueryText(request, "check", kMaxFilterChars, errors);
    q.assignee = ReadQueryText(request, "assignee", kMaxIdChars, errors);
    q.target = ReadQueryText(request, "target", kMaxTargetChars, errors);
    q.scan_id = ReadQueryText(request, "scan_id", kMaxIdChars, errors);
    q.text = ReadQueryText(request, "q", kMaxFilterChars, errors);
    if (auto b = ReadQueryText(request, "sla_breached", 8, errors)) {
        if (*b == "true" || *b == "1") {
            q.sla_breached = true;
        } else if (*b == "false" || *b == "0") {
            q.sla_breached = false;
        } else {
            errors.push_back({"sla_breached", "must be true or false"});
        }
    }
    q.first_seen_from = ReadTime(request, "first_seen_from", errors);
    q.first_seen_to = ReadTime(request, "first_seen_to", errors);
    q.last_seen_from = ReadTime(request, "last_seen_from", errors);
    q.last_seen_to = ReadTime(request, "last_seen_to", errors);
    CheckRange(q.first_seen_from, q.first_seen_to, "first_seen_to", errors);
    CheckRange(q.last_seen_from, q.last_seen_to, "last_seen_to", errors);
    if (auto sort = ReadQueryText(request, "sort", 32, errors)) {
        if (!findings::ParseSort(*sort)) {
            errors.push_back({"sort", "must be severity, last_seen, first_seen or sla_due_at, with - for descending"});
        } else {
            q.sort = *sort;
        }
    }
    return q;
}

findings::AssetQuery ReadAssetQuery(const server::Request& request, std::vector<FieldError>& errors) {
    findings::AssetQuery q;
    q.type = ReadQueryText(request, "type", 16, errors);
    if (q.type && !findings::IsAssetType(*q.type)) {
        errors.push_back({"type", "must be one of host, web, domain, other"});
        q.type.reset();
    }
    q.criticality = ReadQueryText(request, "criticality", 16, errors);
    if (q.criticality && !findings::IsCriticality(*q.criticality)) {
        errors.push_back({"criticality", "must be one of low, medium, high, critical"});
        q.criticality.reset();
    }
    q.tag = ReadQueryText(request, "tag", findings::kMaxAssetTagChars, errors);
    q.text = ReadQueryText(request, "q", kMaxFilterChars, errors);
    if (auto text = request.QueryParam("limit")) {
        int limit = 0;
        const char* end = text->data() + text->size();
        auto [ptr, ec] = std::from_chars(text->data(), end, limit);
        if (ec != std::errc() || ptr != end || limit < 1 || limit > kMaxLimit) {
            errors.push_back({"limit", "must be an integer between 1 and " + std::to_string(kMaxLimit)});
        } else {
            q.limit = limit;
        }
    }
    if (auto cursor = ReadQueryText(request, "cursor", kMaxAssetCursorChars, errors)) q.cursor = *cursor;
    return q;
}

server::Response FindingError(const ApiError& error, const server::Request& request) {
    const Error& e = error.error;
    if (e.code == ErrorCode::kInvalidArgument && e.detail == findings::kUnprocessable) {
        return server::Problem(422, "unprocessable", "Unprocessable request", e.message, {{e.field, e.message}});
    }
    return ErrorResponse(error, request);
}

}  // namespace palisade::api
