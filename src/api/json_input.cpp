// SPDX-License-Identifier: Apache-2.0
#include "api/json_input.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "core/strings.hpp"

namespace palisade::api {

namespace {

constexpr std::size_t kMaxReportedFieldChars = 64;  // an unknown key is echoed back: keep the echo short

bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

// An unknown member's name as reported back: valid UTF-8 by construction (the parser checked it), cut to a
// bounded number of code points.
std::string ReportedName(std::string_view key) {
    std::size_t chars = 0;
    std::size_t i = 0;
    for (; i < key.size(); ++i) {
        if ((static_cast<unsigned char>(key[i]) & 0xC0) != 0x80 && chars++ == kMaxReportedFieldChars) break;
    }
    return std::string(key.substr(0, i));
}

}  // namespace

Result<JsonInput> JsonInput::Parse(std::string_view body) {
    boost::json::parse_options options;
    options.max_depth = kMaxDepth;
    options.allow_invalid_utf8 = false;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(body, ec, {}, options);
    if (ec) return FailField("body", "request body is not valid JSON");
    if (!value.is_object()) return FailField("body", "must be a JSON object");
    return JsonInput(std::move(value.get_object()));
}

Result<JsonInput> JsonInput::ParseOrEmpty(std::string_view body) {
    if (Trim(body).empty()) return JsonInput(boost::json::object());
    return Parse(body);
}

std::string JsonInput::RequiredString(std::string_view field, std::size_t max_chars, TextKind kind) {
    return ReadString(field, max_chars, kind, true).value_or(std::string());
}

std::optional<std::string> JsonInput::OptionalString(std::string_view field, std::size_t max_chars, TextKind kind) {
    return ReadString(field, max_chars, kind, false);
}

std::optional<bool> JsonInput::OptionalBool(std::string_view field) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_bool()) {
        AddError(field, "must be a boolean");
        return std::nullopt;
    }
    return v->get_bool();
}

std::optional<long long> JsonInput::OptionalInt(std::string_view field, long long min, long long max) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    const bool fits = (v->is_int64() && v->get_int64() >= min && v->get_int64() <= max) ||
                      (v->is_uint64() && max >= 0 && v->get_uint64() <= static_cast<unsigned long long>(max) &&
                       static_cast<long long>(v->get_uint64()) >= min);
    if (!fits) {
        AddError(field, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return v->is_int64() ? v->get_int64() : static_cast<long long>(v->get_uint64());
}

std::optional<std::vector<std::string>> JsonInput::OptionalStringArray(std::string_view field, std::size_t max_items,
                                                                       std::size_t max_chars) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_array()) {
        AddError(field, "must be an array of strings");
        return std::nullopt;
    }
    const auto& items = v->get_array();
    if (items.size() > max_items) {
        AddError(field, "must have at most " + std::to_string(max_items) + " entries");
        return std::nullopt;
    }
    // Each item is read through the string checks under the name "field[i]".
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        if (!items[i].is_string()) {
            AddError(name, "must be a string");
            ok = false;
            continue;
        }
        boost::json::object one;
        one[name] = items[i];
        JsonInput item(std::move(one));
        auto s = item.ReadString(name, max_chars, TextKind::kLine, true);
        for (auto& e : item.errors_) errors_.push_back(std::move(e));
        if (!s) {
            ok = false;
            continue;
        }
        out.push_back(std::move(*s));
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<boost::json::object> JsonInput::OptionalObject(std::string_view field) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_object()) {
        AddError(field, "must be an object");
        return std::nullopt;
    }
    return v->get_object();
}

std::optional<std::string> JsonInput::ReadString(std::string_view field, std::size_t max_chars, TextKind kind,
                                                 bool required) {
    const boost::json::value* v = object_.if_contains(field);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(field, "is required");
        return std::nullopt;
    }
    if (!v->is_string()) {
        AddError(field, "must be a string");
        return std::nullopt;
    }
    const std::string_view s = v->get_string();
    // The parser rejects invalid UTF-8 already; checked again because the getters must hold on their own.
    if (!IsValidUtf8(s)) {
        AddError(field, "must be valid UTF-8");
        return std::nullopt;
    }
    if (s.find('\0') != std::string_view::npos) {
        AddError(field, "must not contain NUL characters");
        return std::nullopt;
    }
    if (kind == TextKind::kLine && HasControl(s)) {
        AddError(field, "must not contain control characters");
        return std::nullopt;
    }
    if (Utf8Length(s) > max_chars) {
        AddError(field, "must be at most " + std::to_string(max_chars) + " characters");
        return std::nullopt;
    }
    return std::string(s);
}

ApiStatus JsonInput::Finish(std::initializer_list<std::string_view> allowed_fields) {
    std::size_t unknown = 0;
    for (const auto& member : object_) {
        const std::string_view key = member.key();
        if (std::find(allowed_fields.begin(), allowed_fields.end(), key) != allowed_fields.end()) continue;
        if (++unknown > kMaxUnknownReported) break;
        AddError(ReportedName(key), "is not a known field");
    }
    if (errors_.empty()) return {};
    return ValidationFailed(errors_);
}

void JsonInput::AddError(std::string_view field, std::string message) {
    errors_.push_back(server::FieldError{std::string(field), std::move(message)});
}

}  // namespace palisade::api
