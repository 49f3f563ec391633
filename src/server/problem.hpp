// SPDX-License-Identifier: Apache-2.0
// RFC 9457 problem details (application/problem+json). The `type` is a stable URN per kind of problem:
// "urn:palisade:problem:<slug>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/http.hpp"

namespace palisade::server {

struct FieldError {
    std::string field;    // "email", "password"
    std::string message;  // "must be a valid e-mail address"
};

// A complete problem+json response: {type, title, status, detail?, errors?: [{field, message}]}.
Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail = {},
                 const std::vector<FieldError>& errors = {});

}  // namespace palisade::server
