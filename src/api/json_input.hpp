// SPDX-License-Identifier: Apache-2.0
// JsonInput: a request body parsed as one JSON object, read field by field. The getters never fail fast: each
// problem is collected as a FieldError, and Finish() reports all of them (plus any unknown field) at once, so a
// client learns everything wrong with its request in one round trip.
//
//   auto in = JsonInput::Parse(request.body);
//   if (!in) return ErrorResponse(in.error(), request);
//   std::string email = in->RequiredString("email", kMaxEmailChars);
//   if (auto done = in->Finish({"email"}); !done) return ErrorResponse(done.error(), request);
//
// Not thread-safe (one per request).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "api/api_error.hpp"
#include "core/result.hpp"
#include "server/problem.hpp"

namespace palisade::api {

// Which characters a string field may hold. Every kind rejects NUL and invalid UTF-8.
enum class TextKind {
    kLine,    // one line of text (names, e-mail, tokens, codes): no C0 control characters and no DEL
    kSecret,  // passwords: any character but NUL, so no password that a user could choose is refused
};

class JsonInput {
public:
    static constexpr std::size_t kMaxDepth = 32;

    // The body as a JSON object. Errors (kInvalidArgument, field "body"): "request body is not valid JSON"
    // (syntax, invalid UTF-8, nesting deeper than kMaxDepth), "must be a JSON object" (any other JSON value).
    static Result<JsonInput> Parse(std::string_view body);
    // As Parse, but an empty (or all-whitespace) body reads as {}: for requests whose fields are all optional.
    static Result<JsonInput> ParseOrEmpty(std::string_view body);

    // The string value of `field`. Records "is required" (missing or null), "must be a string", "must be at most N
    // characters" (Unicode code points), "must not contain control characters" / "must not contain NUL characters"
    // and returns "" when the field is at fault.
    std::string RequiredString(std::string_view field, std::size_t max_chars, TextKind kind = TextKind::kLine);
    // As RequiredString, but a missing or null field is nullopt without an error.
    std::optional<std::string> OptionalString(std::string_view field, std::size_t max_chars,
                                              TextKind kind = TextKind::kLine);
    // A boolean; missing or null is nullopt; anything else records "must be a boolean".
    std::optional<bool> OptionalBool(std::string_view field);
    // An integer in [min, max]; missing or null is nullopt; anything else records "must be an integer between
    // min and max".
    std::optional<long long> OptionalInt(std::string_view field, long long min, long long max);
    // An array of at most `max_items` strings, each checked as OptionalString (errors name "field[i]"); missing or
    // null is nullopt; records "must be an array of strings" / "must have at most N entries".
    std::optional<std::vector<std::string>> OptionalStringArray(std::string_view field, std::size_t max_items,
                                                                std::size_t max_chars);
    // A JSON object, for nested options the caller validates itself; missing or null is nullopt; anything else
    // records "must be an object".
    std::optional<boost::json::object> OptionalObject(std::string_view field);
    // Whether `field` is present with a value other than null.
    bool Has(std::string_view field) const {
        const boost::json::value* v = object_.if_contains(field);
        return v != nullptr && !v->is_null();
    }
    // Records an error found by the caller's own checks, so that Finish() reports it with the rest.
    void AddFieldError(std::string_view field, std::string message) { AddError(field, std::move(message)); }

    // Records "is not a known field" for each member not in `allowed_fields` (at most kMaxUnknownReported of them),
    // then fails with every recorded error (ValidationFailed), or succeeds when there is none.
    ApiStatus Finish(std::initializer_list<std::string_view> allowed_fields);

    const std::vector<server::FieldError>& errors() const { return errors_; }

    static constexpr std::size_t kMaxUnknownReported = 10;

private:
    explicit JsonInput(boost::json::object object) : object_(std::move(object)) {}
    std::optional<std::string> ReadString(std::string_view field, std::size_t max_chars, TextKind kind,
                                          bool required);
    void AddError(std::string_view field, std::string message);

    boost::json::object object_;
    std::vector<server::FieldError> errors_;
};

}  // namespace palisade::api
