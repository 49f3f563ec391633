// SPDX-License-Identifier: Apache-2.0
// What every handler needs from a request besides its body: the service RequestContext, list paging parameters,
// and the field size limits shared by the resources. Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.hpp"
#include "identity/context.hpp"
#include "server/http.hpp"
#include "server/problem.hpp"

namespace palisade::api {

// Longest accepted values, in Unicode code points.
inline constexpr std::size_t kMaxEmailChars = 254;
inline constexpr std::size_t kMaxPasswordChars = 256;
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxTokenChars = 512;
inline constexpr std::size_t kMaxCodeChars = 64;
inline constexpr std::size_t kMaxRoleChars = 32;
inline constexpr std::size_t kMaxTimeChars = 64;
inline constexpr std::size_t kMaxCursorChars = 128;
inline constexpr std::size_t kMaxUserAgentChars = 512;  // longer User-Agent headers are cut, not refused

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;

// client_ip, request_id, user_agent (cut to kMaxUserAgentChars) and principal of `request`.
identity::RequestContext MakeRequestContext(const server::Request& request);

struct ListParams {
    std::string cursor;  // "" = first page
    int limit = kDefaultLimit;
};

// Reads ?limit= (an integer 1..200; default 50) and ?cursor= (at most 128 characters), appending one error per
// bad parameter to `errors` ("limit": "must be an integer between 1 and 200"; "cursor": ...).
ListParams ReadListParams(const server::Request& request, std::vector<server::FieldError>& errors);
// ReadListParams that fails (ValidationFailed) when a parameter is bad.
ApiResult<ListParams> ParseListParams(const server::Request& request);

// The query parameter `name` when present and non-empty. Appends "must be at most N characters" or
// "must be valid UTF-8 text" to `errors` (and returns nullopt) when it is unfit.
std::optional<std::string> ReadQueryText(const server::Request& request, std::string_view name,
                                         std::size_t max_chars, std::vector<server::FieldError>& errors);

}  // namespace palisade::api
