// SPDX-License-Identifier: Apache-2.0
#include "api/http_error.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace palisade::api {
namespace {

boost::json::object Body(const server::Response& r) { return boost::json::parse(r.body).as_object(); }

server::Request Req() {
    server::Request r;
    r.request_id = "req-1";
    r.route_pattern = "/api/v1/x";
    return r;
}

Error Err(ErrorCode code, std::string message, std::string detail = {}, std::string field = {}, long retry = 0) {
    return Error{code, std::move(message), std::move(detail), std::move(field), retry};
}

TEST(HttpError, MapsEveryCodeToItsStatusAndSlug) {
    struct Case {
        ErrorCode code;
        int status;
        const char* slug;
    };
    for (const Case& c : {Case{ErrorCode::kInvalidArgument, 400, "validation-failed"},
                          Case{ErrorCode::kNotFound, 404, "not-found"},
                          Case{ErrorCode::kAlreadyExists, 409, "already-exists"},
                          Case{ErrorCode::kConflict, 409, "conflict"},
                          Case{ErrorCode::kUnauthenticated, 401, "unauthenticated"},
                          Case{ErrorCode::kPermissionDenied, 403, "forbidden"},
                          Case{ErrorCode::kResourceExhausted, 429, "rate-limited"},
                          Case{ErrorCode::kUnavailable, 503, "unavailable"},
                          Case{ErrorCode::kTimeout, 504, "timeout"},
                          Case{ErrorCode::kInternal, 500, "internal"}}) {
        auto r = ErrorResponse(Err(c.code, "msg"), Req());
        EXPECT_EQ(r.status, c.status) << ToString(c.code);
        EXPECT_EQ(*r.Header("Content-Type"), "application/problem+json");
        auto body = Body(r);
        EXPECT_EQ(body.at("type").as_string(), std::string("urn:palisade:problem:") + c.slug);
        EXPECT_EQ(body.at("status").as_int64(), c.status);
        EXPECT_EQ(HttpStatus(c.code), c.status);
    }
}

TEST(HttpError, ValidationListsTheErrorsField) {
    auto r = ErrorResponse(Err(ErrorCode::kInvalidArgument, "must be a valid e-mail address", "", "email"), Req());
    auto errors = Body(r).at("errors").as_array();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].at("field").as_string(), "email");
    EXPECT_EQ(errors[0].at("message").as_string(), "must be a valid e-mail address");
}

TEST(HttpError, ValidationListsEveryFieldError) {
    ApiError e(Err(ErrorCode::kInvalidArgument, "request validation failed", "", "a"),
               {{"a", "is required"}, {"b", "must be a string"}});
    auto errors = Body(ErrorResponse(e, Req())).at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[1].at("field").as_string(), "b");
}

TEST(HttpError, UnauthenticatedAsksForBearerAndFlagsTheSecondFactor) {
    auto plain = ErrorResponse(Err(ErrorCode::kUnauthenticated, "invalid e-mail or password"), Req());
    EXPECT_EQ(*plain.Header("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(Body(plain).at("type").as_string(), "urn:palisade:problem:unauthenticated");
    auto totp = ErrorResponse(Err(ErrorCode::kUnauthenticated, "a second factor is required", "", "totp_code"), Req());
    EXPECT_EQ(totp.status, 401);
    EXPECT_EQ(*totp.Header("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(Body(totp).at("type").as_string(), "urn:palisade:problem:totp-required");
}

TEST(HttpError, RateLimitCarriesRetryAfterOfAtLeastOneSecond) {
    auto r = ErrorResponse(Err(ErrorCode::kResourceExhausted, "locked", "", "", 42), Req());
    EXPECT_EQ(*r.Header("Retry-After"), "42");
    auto zero = ErrorResponse(Err(ErrorCode::kResourceExhausted, "locked"), Req());
    EXPECT_EQ(*zero.Header("Retry-After"), "1");
}

TEST(HttpError, OnlyTheMessageReachesTheClient) {
    auto r = ErrorResponse(Err(ErrorCode::kNotFound, "user not found", "SELECT * FROM users WHERE secret"), Req());
    EXPECT_EQ(Body(r).at("detail").as_string(), "user not found");
    EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
}

TEST(HttpError, InternalErrorsSayNothingAboutTheirCause) {
    auto r = ErrorResponse(Err(ErrorCode::kInternal, "libsodium failed", "stack trace", "field"), Req());
    EXPECT_EQ(r.status, 500);
    auto body = Body(r);
    EXPECT_EQ(body.at("title").as_string(), "Internal server error");
    EXPECT_FALSE(body.contains("detail"));
    EXPECT_FALSE(body.contains("errors"));
    EXPECT_EQ(r.body.find("libsodium"), std::string::npos);
    EXPECT_EQ(r.body.find("stack"), std::string::npos);
}

}  // namespace
}  // namespace palisade::api
