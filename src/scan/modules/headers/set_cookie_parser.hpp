// SPDX-License-Identifier: Apache-2.0
// Set-Cookie parsing per RFC 6265bis (draft-ietf-httpbis-rfc6265bis) §5.6 "The Set-Cookie Header Field", plus the
// cookie-name prefix rules (§4.1.3). Pure functions: no I/O, no cookie jar, no clock. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/modules/headers/header_limits.hpp"

namespace palisade::scan::headers {

enum class SameSite {
    kAbsent,  // no SameSite attribute
    kStrict,
    kLax,
    kNone,
    kInvalid,  // present with any other value, including empty; the raw value is in SetCookie::same_site_raw
};

struct SetCookie {
    std::string name;   // may be empty: "Set-Cookie: abc" is a cookie with an empty name and value "abc"
    std::string value;  // WSP-trimmed, otherwise as sent (no unquoting)
    bool secure = false;
    bool http_only = false;
    bool partitioned = false;
    SameSite same_site = SameSite::kAbsent;
    std::optional<std::string> same_site_raw;  // the last SameSite attribute value as sent, when one was present
    std::optional<std::string> path;           // only a value starting with '/'; otherwise the default path applies
    std::optional<std::string> domain;         // lower-cased, one leading '.' removed; never empty
    std::optional<std::string> expires;        // raw attribute value (cookie-date parsing is left to the caller)
    std::optional<std::int64_t> max_age;       // seconds; saturates at INT64 limits; <= 0 means "expire now"
};

// Parses one Set-Cookie header value. When an attribute appears several times the last valid one wins (§5.7).
// Attribute names are case-insensitive; attribute values longer than 1024 bytes and unknown attributes are ignored.
// Errors (all kInvalidArgument; a user agent would ignore the cookie): the value is larger than kMaxHeaderBytes
// (64 KiB), holds a control character other than HTAB, name and value are both empty, name + value exceed 4096
// bytes, or the name is empty and the value starts with "__Secure-" or "__Host-".
Result<SetCookie> ParseSetCookie(std::string_view header);

// Cookie name prefix rules (§4.1.3.1/2, prefixes matched case-insensitively): "__Secure-" needs Secure; "__Host-"
// needs Secure, no Domain and Path "/". Cookies without a prefix always satisfy them. The secure-origin requirement
// cannot be checked from the header alone.
bool PrefixRulesSatisfied(const SetCookie& cookie);

}  // namespace palisade::scan::headers
