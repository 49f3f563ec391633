// SPDX-License-Identifier: Apache-2.0
// Query-string reading for the findings and assets lists and the export (api/findings-internal). Each reader
// appends one FieldError per bad parameter, named after the parameter, and leaves the value unset.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "server/http.hpp"
#include "server/problem.hpp"

namespace palisade::api {

inline constexpr std::size_t kMaxIdChars = 64;
inline constexpr std::size_t kMaxFilterChars = 200;
inline constexpr std::size_t kMaxTargetChars = 500;
inline constexpr std::size_t kMaxAssetCursorChars = 4096;

// Every value of a repeatable parameter ("?severity=high&severity=critical" or "?severity=high,critical"), trimmed,
// empty items dropped. Each raw value must be percent-decodable UTF-8 text without control characters of at most
// `max_chars` characters.
std::vector<std::string> ReadQueryList(const server::Request& request, std::string_view name, std::size_t max_chars,
                                       std::vector<server::FieldError>& errors);

// The findings filters and sort (not limit and cursor): severity, status, asset_id, check, assignee, target,
// scan_id, sla_breached, q, first_seen_from/to, last_seen_from/to, sort.
findings::FindingQuery ReadFindingFilters(const server::Request& request, std::vector<server::FieldError>& errors);

// The assets filters: type, criticality, tag, q, plus limit and cursor.
findings::AssetQuery ReadAssetQuery(const server::Request& request, std::vector<server::FieldError>& errors);

// ErrorResponse (api/http_error.hpp), except that a refusal by the lifecycle rules (Error.detail ==
// findings::kUnprocessable) is 422 urn:palisade:problem:unprocessable naming its field.
server::Response FindingError(const ApiError& error, const server::Request& request);

// GET /api/v1/findings/export.
server::Response ExportFindings(findings::FindingService& service, server::Request& request);

}  // namespace palisade::api
