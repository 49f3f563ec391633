// SPDX-License-Identifier: Apache-2.0
#include "api/handler_support.hpp"

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"

namespace palisade::api {

namespace {

// The longest prefix of `s` that is whole UTF-8 characters and at most `max_chars` of them. Control characters
// are dropped: the user agent ends up in the audit trail.
std::string CleanHeaderText(std::string_view s, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const bool starts_char = (c & 0xC0) != 0x80;
        if (starts_char && chars++ == max_chars) break;
        if (c < 0x20 || c == 0x7F) continue;
        out.push_back(static_cast<char>(c));
    }
    return IsValidUtf8(out) ? out : std::string();
}

bool IsTextFit(std::string_view s) {
    return IsValidUtf8(s) && std::none_of(s.begin(), s.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return u < 0x20 || u == 0x7F;
           });
}

}  // namespace

identity::RequestContext MakeRequestContext(const server::Request& request) {
    identity::RequestContext ctx;
    ctx.client_ip = request.client_ip;
    ctx.request_id = request.request_id;
    if (const std::string* ua = request.Header("user-agent")) ctx.user_agent = CleanHeaderText(*ua, kMaxUserAgentChars);
    ctx.principal = request.principal;
    return ctx;
}

std::optional<std::string> ReadQueryText(const server::Request& request, std::string_view name,
                                         std::size_t max_chars, std::vector<server::FieldError>& errors) {
    auto value = request.QueryParam(name);
    if (!value || value->empty()) return std::nullopt;
    if (!IsTextFit(*value)) {
        errors.push_back({std::string(name), "must be valid UTF-8 text without control characters"});
        return std::nullopt;
    }
    if (Utf8Length(*value) > max_chars) {
        errors.push_back({std::string(name), "must be at most " + std::to_string(max_chars) + " characters"});
        return std::nullopt;
    }
    return value;
}

ListParams ReadListParams(const server::Request& request, std::vector<server::FieldError>& errors) {
    ListParams params;
    if (auto text = request.QueryParam("limit")) {
        int limit = 0;
        const char* end = text->data() + text->size();
        auto [ptr, ec] = std::from_chars(text->data(), end, limit);
        if (ec != std::errc() || ptr != end || limit < 1 || limit > kMaxLimit) {
            errors.push_back({"limit", "must be an integer between 1 and " + std::to_string(kMaxLimit)});
        } else {
            params.limit = limit;
        }
    }
    if (auto cursor = ReadQueryText(request, "cursor", kMaxCursorChars, errors)) params.cursor = std::move(*cursor);
    return params;
}

ApiResult<ListParams> ParseListParams(const server::Request& request) {
    std::vector<server::FieldError> errors;
    ListParams params = ReadListParams(request, errors);
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    return params;
}

}  // namespace palisade::api
