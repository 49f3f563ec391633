// SPDX-License-Identifier: Apache-2.0
// BodyReader: api::JsonInput's strict reading (one JSON object, every field error collected, unknown fields
// refused) extended with what the findings and assets bodies need: nullable fields (null clears a value, absence
// leaves it), integers, and arrays of strings. Error messages match JsonInput's. Not thread-safe (one per request).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "api/api_error.hpp"
#include "server/problem.hpp"

namespace palisade::api {

class BodyReader {
public:
    // Which characters a string may hold; both reject NUL and invalid UTF-8.
    enum class Text {
        kLine,       // no control characters
        kMultiline,  // tab, CR and LF allowed (comments, notes)
    };

    // The body as a JSON object; `allow_empty`: an empty body reads as {}. Errors name "body".
    static ApiResult<BodyReader> Parse(std::string_view body, bool allow_empty);

    // Missing or null: nullopt (RequiredString records "is required" and returns "").
    std::optional<std::string> String(std::string_view field, std::size_t max_chars, Text kind = Text::kLine);
    std::string RequiredString(std::string_view field, std::size_t max_chars, Text kind = Text::kLine);
    // Missing: nullopt; null: an engaged optional holding nullopt; else the string.
    std::optional<std::optional<std::string>> NullableString(std::string_view field, std::size_t max_chars);
    // Missing: nullopt; null: engaged nullopt; else an integer in [min, max] ("must be an integer between ...").
    std::optional<std::optional<int>> NullableInt(std::string_view field, int min, int max);
    // An array of at most max_items strings of at most max_chars each. Missing or null: nullopt, and "is required"
    // when `required`.
    std::optional<std::vector<std::string>> StringArray(std::string_view field, std::size_t max_items,
                                                        std::size_t max_chars, bool required);

    // Records "is not a known field" for members outside `allowed`, then fails with every error, or succeeds.
    ApiStatus Finish(std::initializer_list<std::string_view> allowed);

private:
    explicit BodyReader(boost::json::object object) : object_(std::move(object)) {}
    // The string's problem, or "" when it is fit.
    static std::string Problem(std::string_view s, std::size_t max_chars, Text kind);
    void AddError(std::string_view field, std::string message);

    boost::json::object object_;
    std::vector<server::FieldError> errors_;
};

}  // namespace palisade::api
