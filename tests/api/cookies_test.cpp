// SPDX-License-Identifier: Apache-2.0
#include "api/cookies.hpp"

#include <gtest/gtest.h>

#include "api/api_fixture.hpp"
#include "core/crypto.hpp"

namespace palisade::api {
namespace {

using testing::CookieValue;
using testing::SetCookies;

identity::TokenPair Tokens() {
    identity::TokenPair t;
    t.access_token = "acc.ess.jwt";
    t.refresh_token = "refresh123";
    t.expires_in = std::chrono::seconds(900);
    return t;
}

TEST(Cookies, SessionCookiesHaveTheirAttributes) {
    server::Response r;
    SetSessionCookies(r, Tokens(), std::chrono::seconds(86400), "csrf123", false);
    auto access = SetCookies(r, kAccessCookie);
    auto refresh = SetCookies(r, kRefreshCookie);
    auto csrf = SetCookies(r, kCsrfCookie);
    ASSERT_EQ(access.size(), 1u);
    ASSERT_EQ(refresh.size(), 1u);
    ASSERT_EQ(csrf.size(), 1u);
    EXPECT_EQ(access[0], "palisade_access=acc.ess.jwt; Path=/; Max-Age=900; HttpOnly; SameSite=Strict");
    EXPECT_EQ(refresh[0], "palisade_refresh=refresh123; Path=/api/v1/auth; Max-Age=86400; HttpOnly; SameSite=Strict");
    EXPECT_EQ(csrf[0], "palisade_csrf=csrf123; Path=/; Max-Age=86400; SameSite=Strict");  // readable by the UI
}

TEST(Cookies, SecureUnderTls) {
    server::Response r;
    SetSessionCookies(r, Tokens(), std::chrono::seconds(60), "c", true);
    int n = 0;
    for (const auto& [name, value] : r.headers) {
        if (name != "Set-Cookie") continue;
        ++n;
        EXPECT_NE(value.find("; Secure"), std::string::npos) << value;
    }
    EXPECT_EQ(n, 3);
}

TEST(Cookies, LogoutClearsAllThreeOnTheirPaths) {
    server::Response r;
    ClearSessionCookies(r, true);
    EXPECT_EQ(SetCookies(r, kAccessCookie).at(0),
              "palisade_access=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    EXPECT_EQ(SetCookies(r, kRefreshCookie).at(0),
              "palisade_refresh=; Path=/api/v1/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    EXPECT_EQ(SetCookies(r, kCsrfCookie).at(0), "palisade_csrf=; Path=/; Max-Age=0; Secure; SameSite=Strict");
}

TEST(Cookies, CsrfTokensAreRandomAndKeptAcrossRefresh) {
    ASSERT_TRUE(InitCrypto());
    const std::string a = NewCsrfToken();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, NewCsrfToken());
    server::Request r;
    r.headers.emplace_back("cookie", "palisade_csrf=" + a);
    EXPECT_EQ(CsrfTokenFor(r), a);
    server::Request forged;
    forged.headers.emplace_back("cookie", "palisade_csrf=short");
    EXPECT_NE(CsrfTokenFor(forged), "short");
}

server::Request CsrfRequest(const char* cookie, const char* header) {
    server::Request r;
    r.method = server::Method::kPost;
    if (cookie) r.headers.emplace_back("cookie", std::string("a=b; palisade_csrf=") + cookie);
    if (header) r.headers.emplace_back("x-csrf-token", header);
    return r;
}

TEST(Cookies, CsrfCheckNeedsHeaderEqualToCookie) {
    EXPECT_TRUE(CheckCsrf(CsrfRequest("tok", "tok")).has_value());
    for (auto r : {CsrfRequest("tok", nullptr), CsrfRequest(nullptr, "tok"), CsrfRequest("tok", "tok2"),
                   CsrfRequest("", ""), CsrfRequest("tok", "TOK")}) {
        auto s = CheckCsrf(r);
        ASSERT_FALSE(s.has_value());
        EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
        EXPECT_EQ(s.error().message, "missing or invalid CSRF token");
    }
}

TEST(Cookies, UnsafeMethodsAreTheStateChangingOnes) {
    using server::Method;
    EXPECT_TRUE(IsUnsafeMethod(Method::kPost));
    EXPECT_TRUE(IsUnsafeMethod(Method::kPut));
    EXPECT_TRUE(IsUnsafeMethod(Method::kPatch));
    EXPECT_TRUE(IsUnsafeMethod(Method::kDelete));
    EXPECT_FALSE(IsUnsafeMethod(Method::kGet));
    EXPECT_FALSE(IsUnsafeMethod(Method::kHead));
    EXPECT_FALSE(IsUnsafeMethod(Method::kOptions));
}

}  // namespace
}  // namespace palisade::api
