// SPDX-License-Identifier: Apache-2.0
// Strict-Transport-Security parsing per RFC 6797 §6.1. Pure function: no I/O, no preload list. Thread-safe.
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.hpp"
#include "scan/modules/headers/header_limits.hpp"

namespace palisade::scan::headers {

struct Hsts {
    std::chrono::seconds max_age{0};  // saturates at std::chrono::seconds::max() on overflow; 0 = "forget this host"
    bool include_subdomains = false;
    bool preload = false;  // the hstspreload.org convention; not part of RFC 6797
};

// Parses one Strict-Transport-Security header value:
//   [ directive ] *( ";" [ directive ] ), directive = token [ "=" ( token / quoted-string ) ], OWS around ';' and '='.
// Directive names are case-insensitive; unknown directives are ignored; empty directives (";;") are allowed.
// Errors (kInvalidArgument; a user agent ignores such a header): larger than kMaxHeaderBytes; any syntax error
// (including a ',' from two joined header fields); a directive given twice (§6.1 "MUST appear only once"); max-age
// missing, valueless or not 1*DIGIT (a quoted "123" is fine); includeSubDomains or preload given a value.
Result<Hsts> ParseHsts(std::string_view header);

}  // namespace palisade::scan::headers
