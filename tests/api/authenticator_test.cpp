// SPDX-License-Identifier: Apache-2.0
#include "api/authenticator.hpp"

#include <gtest/gtest.h>

#include "api/api_fixture.hpp"
#include "api/cookies.hpp"

namespace palisade::api {
namespace {

using auth::CredentialKind;
using server::Method;

server::Request Req(Method method, std::vector<std::pair<std::string, std::string>> headers) {
    server::Request r;
    r.method = method;
    r.headers = std::move(headers);
    return r;
}

TEST(ExtractCredential, NothingIsNoCredential) {
    auto c = ExtractCredential(Req(Method::kGet, {}));
    ASSERT_TRUE(c.has_value());
    EXPECT_FALSE(c->has_value());
    auto other_cookie = ExtractCredential(Req(Method::kPost, {{"cookie", "theme=dark"}}));
    ASSERT_TRUE(other_cookie.has_value());
    EXPECT_FALSE(other_cookie->has_value());
}

TEST(ExtractCredential, ReadsBearerTokensCaseInsensitively) {
    for (const char* header : {"Bearer abc.def", "bearer abc.def", "BEARER   abc.def  "}) {
        auto c = ExtractCredential(Req(Method::kGet, {{"authorization", header}}));
        ASSERT_TRUE(c.has_value()) << header;
        ASSERT_TRUE(c->has_value());
        EXPECT_EQ((*c)->kind, CredentialKind::kAccessToken);
        EXPECT_EQ((*c)->secret, "abc.def");
    }
}

TEST(ExtractCredential, MalformedAuthorizationIsUnauthenticated) {
    for (const char* header : {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a b", "abc"}) {
        auto c = ExtractCredential(Req(Method::kGet, {{"authorization", header}}));
        ASSERT_FALSE(c.has_value()) << header;
        EXPECT_EQ(c.error().code, ErrorCode::kUnauthenticated);
    }
}

TEST(ExtractCredential, ReadsApiKeys) {
    auto c = ExtractCredential(Req(Method::kDelete, {{"x-api-key", "pk_123"}}));
    ASSERT_TRUE(c.has_value() && c->has_value());
    EXPECT_EQ((*c)->kind, CredentialKind::kApiKey);
    EXPECT_EQ((*c)->secret, "pk_123");
    auto empty = ExtractCredential(Req(Method::kGet, {{"x-api-key", " "}}));
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kUnauthenticated);
}

TEST(ExtractCredential, AuthorizationWinsOverApiKeyAndCookie) {
    auto c = ExtractCredential(Req(Method::kPost, {{"cookie", "palisade_access=cookiejwt"},
                                                   {"x-api-key", "pk_1"},
                                                   {"authorization", "Bearer headerjwt"}}));
    ASSERT_TRUE(c.has_value() && c->has_value());
    EXPECT_EQ((*c)->secret, "headerjwt");
}

TEST(ExtractCredential, CookiesNeedNoCsrfTokenForSafeMethods) {
    for (Method m : {Method::kGet, Method::kHead}) {
        auto c = ExtractCredential(Req(m, {{"cookie", "palisade_access=jwt"}}));
        ASSERT_TRUE(c.has_value() && c->has_value());
        EXPECT_EQ((*c)->kind, CredentialKind::kCookie);
        EXPECT_EQ((*c)->secret, "jwt");
    }
}

TEST(ExtractCredential, CookiesOnUnsafeMethodsNeedTheMatchingCsrfHeader) {
    for (Method m : {Method::kPost, Method::kPut, Method::kPatch, Method::kDelete}) {
        auto missing = ExtractCredential(Req(m, {{"cookie", "palisade_access=jwt; palisade_csrf=tok"}}));
        ASSERT_FALSE(missing.has_value());
        EXPECT_EQ(missing.error().code, ErrorCode::kPermissionDenied);
        EXPECT_EQ(missing.error().message, "missing or invalid CSRF token");
        auto wrong = ExtractCredential(
            Req(m, {{"cookie", "palisade_access=jwt; palisade_csrf=tok"}, {"x-csrf-token", "other"}}));
        ASSERT_FALSE(wrong.has_value());
        EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
        auto no_cookie = ExtractCredential(Req(m, {{"cookie", "palisade_access=jwt"}, {"x-csrf-token", "tok"}}));
        ASSERT_FALSE(no_cookie.has_value());
        auto ok = ExtractCredential(
            Req(m, {{"cookie", "palisade_access=jwt; palisade_csrf=tok"}, {"x-csrf-token", "tok"}}));
        ASSERT_TRUE(ok.has_value() && ok->has_value());
        EXPECT_EQ((*ok)->kind, CredentialKind::kCookie);
    }
}

// With the real AuthService.
class ApiAuthenticatorTest : public testing::ApiFixture {};

TEST_F(ApiAuthenticatorTest, NoCredentialsIsAnonymous) {
    auto p = authenticator_->Authenticate(Req(Method::kGet, {}));
    ASSERT_TRUE(p.has_value());
    EXPECT_FALSE(p->has_value());
}

TEST_F(ApiAuthenticatorTest, BadTokensAndKeysAreUnauthenticated) {
    auto bearer = authenticator_->Authenticate(Req(Method::kGet, {{"authorization", "Bearer not.a.jwt"}}));
    ASSERT_FALSE(bearer.has_value());
    EXPECT_EQ(bearer.error().code, ErrorCode::kUnauthenticated);
    auto key = authenticator_->Authenticate(Req(Method::kGet, {{"x-api-key", "pk_unknown"}}));
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(ApiAuthenticatorTest, AcceptsAValidAccessTokenAsHeaderOrCookie) {
    const std::string user_id = CreateUser("ann@acme.test", "analyst");
    const std::string token = LoginToken("ann@acme.test");
    ASSERT_FALSE(token.empty());
    auto bearer = authenticator_->Authenticate(Req(Method::kGet, {{"authorization", "Bearer " + token}}));
    ASSERT_TRUE(bearer.has_value() && bearer->has_value()) << (bearer ? "" : bearer.error().message);
    EXPECT_EQ((*bearer)->user_id, user_id);
    EXPECT_EQ((*bearer)->role, auth::Role::kAnalyst);
    EXPECT_EQ((*bearer)->credential, CredentialKind::kAccessToken);

    auto cookie = authenticator_->Authenticate(Req(Method::kGet, {{"cookie", "palisade_access=" + token}}));
    ASSERT_TRUE(cookie.has_value() && cookie->has_value());
    EXPECT_EQ((*cookie)->credential, CredentialKind::kCookie);

    auto unsafe = authenticator_->Authenticate(Req(Method::kPost, {{"cookie", "palisade_access=" + token}}));
    ASSERT_FALSE(unsafe.has_value());
    EXPECT_EQ(unsafe.error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace palisade::api
