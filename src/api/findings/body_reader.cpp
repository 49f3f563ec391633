// SPDX-License-Identifier: Apache-2.0
#include "api/findings/body_reader.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "api/json_input.hpp"
#include "core/strings.hpp"

// g++ 12 at -O3 reports the int inside an engaged std::optional<std::optional<int>> as "maybe uninitialized" (the
// known false positive of its inliner, GCC bug 105562); the value is only read after checking both optionals.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace palisade::api {

namespace {

constexpr std::size_t kMaxReportedFieldChars = 64;

std::string ReportedName(std::string_view key) {
    std::size_t chars = 0;
    std::size_t i = 0;
    for (; i < key.size(); ++i) {
        if ((static_cast<unsigned char>(key[i]) & 0xC0) != 0x80 && chars++ == kMaxReportedFieldChars) break;
    }
    return std::string(key.substr(0, i));
}

tl::unexpected<ApiError> BodyError(std::string message) {
    return tl::unexpected<ApiError>(ApiError(Error{ErrorCode::kInvalidArgument, message, {}, "body", 0}));
}

}  // namespace

ApiResult<BodyReader> BodyReader::Parse(std::string_view body, bool allow_empty) {
    if (allow_empty && Trim(body).empty()) return BodyReader(boost::json::object());
    boost::json::parse_options options;
    options.max_depth = JsonInput::kMaxDepth;
    options.allow_invalid_utf8 = false;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(body, ec, {}, options);
    if (ec) return BodyError("request body is not valid JSON");
    if (!value.is_object()) return BodyError("must be a JSON object");
    return BodyReader(std::move(value.get_object()));
}

std::string BodyReader::Problem(std::string_view s, std::size_t max_chars, Text kind) {
    if (!IsValidUtf8(s)) return "must be valid UTF-8";
    if (s.find('\0') != std::string_view::npos) return "must not contain NUL characters";
    const bool control = std::any_of(s.begin(), s.end(), [kind](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (kind == Text::kMultiline && (c == '\n' || c == '\r' || c == '\t')) return false;
        return u < 0x20 || u == 0x7F;
    });
    if (control) return "must not contain control characters";
    if (Utf8Length(s) > max_chars) return "must be at most " + std::to_string(max_chars) + " characters";
    return {};
}

std::optional<std::string> BodyReader::String(std::string_view field, std::size_t max_chars, Text kind) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        AddError(field, "must be a string");
        return std::nullopt;
    }
    if (std::string problem = Problem(v->get_string(), max_chars, kind); !problem.empty()) {
        AddError(field, std::move(problem));
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::string BodyReader::RequiredString(std::string_view field, std::size_t max_chars, Text kind) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) {
        AddError(field, "is required");
        return {};
    }
    return String(field, max_chars, kind).value_or(std::string());
}

std::optional<std::optional<std::string>> BodyReader::NullableString(std::string_view field, std::size_t max_chars) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<std::string>();
    auto s = String(field, max_chars);
    if (!s) return std::nullopt;
    return std::optional<std::string>(std::move(*s));
}

std::optional<std::optional<int>> BodyReader::NullableInt(std::string_view field, int min, int max) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<int>();
    const bool fits = (v->is_int64() && v->get_int64() >= min && v->get_int64() <= max) ||
                      (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max) && min <= 0);
    if (!fits) {
        AddError(field, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max) +
                            ", or null");
        return std::nullopt;
    }
    const std::int64_t n = v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
    return std::optional<int>(static_cast<int>(n));
}

std::optional<std::vector<std::string>> BodyReader::StringArray(std::string_view field, std::size_t max_items,
                                                                std::size_t max_chars, bool required) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(field, "is required");
        return std::nullopt;
    }
    if (!v->is_array()) {
        AddError(field, "must be an array of strings");
        return std::nullopt;
    }
    const auto& a = v->get_array();
    if (a.size() > max_items) {
        AddError(field, "must hold at most " + std::to_string(max_items) + " items");
        return std::nullopt;
    }
    std::vector<std::string> out;
    out.reserve(a.size());
    for (const auto& item : a) {
        if (!item.is_string()) {
            AddError(field, "must be an array of strings");
            return std::nullopt;
        }
        if (std::string problem = Problem(item.get_string(), max_chars, Text::kLine); !problem.empty()) {
            AddError(field, "items " + problem);
            return std::nullopt;
        }
        out.emplace_back(item.get_string());
    }
    return out;
}

ApiStatus BodyReader::Finish(std::initializer_list<std::string_view> allowed) {
    std::size_t unknown = 0;
    for (const auto& member : object_) {
        const std::string_view key = member.key();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        if (++unknown > JsonInput::kMaxUnknownReported) break;
        AddError(ReportedName(key), "is not a known field");
    }
    if (errors_.empty()) return {};
    return ValidationFailed(errors_);
}

void BodyReader::AddError(std::string_view field, std::string message) {
    errors_.push_back(server::FieldError{std::string(field), std::move(message)});
}

}  // namespace palisade::api
