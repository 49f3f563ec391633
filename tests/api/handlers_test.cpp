// SPDX-License-Identifier: Apache-2.0
// The handlers through the real pipeline and services: parsing and validation, error mapping, cookies and CSRF,
// permissions, and the JSON shapes the document promises.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/api_fixture.hpp"
#include "api/cookies.hpp"
#include "api/web/web_ui.hpp"

namespace palisade::api {
namespace {

using server::Method;
using testing::CookieValue;
using testing::SetCookies;

boost::json::object Body(const server::Response& r) { return boost::json::parse(r.body).as_object(); }

std::string Type(const server::Response& r) { return std::string(Body(r).at("type").as_string()); }

class HandlersTest : public testing::ApiFixture {
protected:
    testing::Headers Bearer(const std::string& token) { return {{"authorization", "Bearer " + token}}; }
};

TEST_F(HandlersTest, SystemRoutes) {
    // "/" is the web UI built into the binary (or, built with PALISADE_WEB=OFF, a page saying it is missing).
    auto home = Call(Method::kGet, "/");
    EXPECT_EQ(home.status, 200);
    EXPECT_EQ(*home.Header("Content-Type"), "text/html; charset=utf-8");
    if (BuiltInWebUi().Available()) {
        EXPECT_NE(home.body.find("<div id=\"root\">"), std::string::npos);
        EXPECT_EQ(*home.Header("Content-Security-Policy"), WebUi::ContentSecurityPolicy());
        auto route = Call(Method::kGet, "/findings/0192f0c4-0000-7000-8000-000000000001");
        EXPECT_EQ(route.status, 200);
        EXPECT_EQ(route.body, home.body);
        EXPECT_EQ(Call(Method::kGet, "/api/v1/no-such-thing").status, 404);
    } else {
        EXPECT_NE(home.body.find("1.2.3-test"), std::string::npos);
    }
    EXPECT_EQ(Call(Method::kGet, "/healthz").body, R"({"status":"ok"})");
    auto ready = Call(Method::kGet, "/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.body, R"({"status":"ready"})");
    auto metrics = Call(Method::kGet, "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.Header("Content-Type")->rfind("text/plain; version=0.0.4", 0), 0u);
    auto doc = Call(Method::kGet, "/api/v1/openapi.json");
    EXPECT_EQ(doc.status, 200);
    EXPECT_TRUE(Body(doc).contains("paths"));
}

TEST_F(HandlersTest, ValidationErrorsListEveryField) {
    auto r = Call(Method::kPost, "/api/v1/auth/register", R"({"email": 1, "display_name": "x", "admin": true})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Type(r), "urn:palisade:problem:validation-failed");
    const auto errors = Body(r).at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u) << r.body;
    EXPECT_EQ(errors[0].at("field"), "email");
    EXPECT_EQ(errors[1].at("field"), "password");
    EXPECT_EQ(errors[2].at("field"), "admin");
    auto not_json = Call(Method::kPost, "/api/v1/auth/login", "email=a");
    EXPECT_EQ(not_json.status, 400);
    EXPECT_EQ(Body(not_json).at("errors").at(0).at("field"), "body");
}

TEST_F(HandlersTest, LoginSetsCookiesAndWrongPasswordsAre401) {
    CreateUser("ann@acme.test", "admin");
    auto bad = Call(Method::kPost, "/api/v1/auth/login", R"({"email":"ann@acme.test","password":"wrong password!"})");
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(*bad.Header("WWW-Authenticate"), "Bearer");
    auto ok = Call(Method::kPost, "/api/v1/auth/login",
                   R"({"email":"ann@acme.test","password":"correct horse battery staple"})");
    ASSERT_EQ(ok.status, 200) << ok.body;
    const auto body = Body(ok);
    EXPECT_EQ(body.at("token_type"), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), config_.auth.access_token_ttl.count());
    ASSERT_EQ(SetCookies(ok, kAccessCookie).size(), 1u);
    ASSERT_EQ(SetCookies(ok, kRefreshCookie).size(), 1u);
    ASSERT_EQ(SetCookies(ok, kCsrfCookie).size(), 1u);
    EXPECT_EQ(CookieValue(SetCookies(ok, kAccessCookie)[0]), body.at("access_token").as_string());
    EXPECT_EQ(CookieValue(SetCookies(ok, kRefreshCookie)[0]), body.at("refresh_token").as_string());
}

TEST_F(HandlersTest, BrowserSessionRefreshesWithCsrfAndLogsOut) {
    CreateUser("ann@acme.test", "viewer");
    auto login = Call(Method::kPost, "/api/v1/auth/login",
                      R"({"email":"ann@acme.test","password":"correct horse battery staple"})");
    ASSERT_EQ(login.status, 200);
    const std::string access = CookieValue(SetCookies(login, kAccessCookie)[0]);
    const std::string refresh = CookieValue(SetCookies(login, kRefreshCookie)[0]);
    const std::string csrf = CookieValue(SetCookies(login, kCsrfCookie)[0]);
    const std::string jar = "palisade_access=" + access + "; palisade_refresh=" + refresh + "; palisade_csrf=" + csrf;

    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", {{"cookie", jar}}).status, 200);
    // A cookie-authenticated change without the CSRF header is refused.
    EXPECT_EQ(Call(Method::kPatch, "/api/v1/me", R"({"display_name":"Ann"})", {{"cookie", jar}}).status, 403);
    auto patched = Call(Method::kPatch, "/api/v1/me", R"({"display_name":"Ann"})",
                        {{"cookie", jar}, {"x-csrf-token", csrf}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(Body(patched).at("display_name"), "Ann");

    auto no_csrf = Call(Method::kPost, "/api/v1/auth/refresh", "", {{"cookie", jar}});
    EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
    auto refreshed = Call(Method::kPost, "/api/v1/auth/refresh", "", {{"cookie", jar}, {"x-csrf-token", csrf}});
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(CookieValue(SetCookies(refreshed, kCsrfCookie)[0]), csrf);  // kept across the refresh
    const std::string new_access = CookieValue(SetCookies(refreshed, kAccessCookie)[0]);

    auto out = Call(Method::kPost, "/api/v1/auth/logout", "", {{"authorization", "Bearer " + new_access}});
    EXPECT_EQ(out.status, 204);
    for (auto name : {kAccessCookie, kRefreshCookie, kCsrfCookie}) {
        ASSERT_EQ(SetCookies(out, name).size(), 1u);
        EXPECT_NE(SetCookies(out, name)[0].find("Max-Age=0"), std::string::npos);
    }
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", Bearer(new_access)).status, 401);
}

TEST_F(HandlersTest, RefreshWithoutAnyTokenIs401) {
    auto r = Call(Method::kPost, "/api/v1/auth/refresh", "{}");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Type(r), "urn:palisade:problem:unauthenticated");
}

TEST_F(HandlersTest, MeShowsTheUserOrganisationAndRole) {
    const std::string id = CreateUser("ann@acme.test", "analyst", "Acme");
    auto r = Call(Method::kGet, "/api/v1/me", "", Bearer(LoginToken("ann@acme.test")));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto me = Body(r);
    EXPECT_EQ(me.at("id"), id.c_str());
    EXPECT_EQ(me.at("role"), "analyst");
    EXPECT_EQ(me.at("organization").at("name"), "Acme");
    EXPECT_TRUE(me.contains("recovery_codes_left"));
    EXPECT_FALSE(me.contains("password_hash"));
}

// The permissions /me lists are exactly what the router grants the credential, route by route.
TEST_F(HandlersTest, MeListsWhatTheCredentialMayDo) {
    CreateUser("admin@acme.test", "admin");
    CreateUser("viewer@acme.test", "viewer");
    const auto has = [](const boost::json::object& me, std::string_view p) {
        for (const auto& v : me.at("permissions").as_array()) {
            if (v.as_string() == p) return true;
        }
        return false;
    };
    auto viewer = Body(Call(Method::kGet, "/api/v1/me", "", Bearer(LoginToken("viewer@acme.test"))));
    EXPECT_TRUE(has(viewer, "findings:read"));
    EXPECT_TRUE(has(viewer, "session"));
    EXPECT_FALSE(has(viewer, "findings:triage"));
    EXPECT_FALSE(has(viewer, "scans:run"));
    EXPECT_FALSE(has(viewer, "public"));
    const auto admin = Bearer(LoginToken("admin@acme.test"));
    auto by_token = Body(Call(Method::kGet, "/api/v1/me", "", admin));
    EXPECT_TRUE(has(by_token, "scope:manage"));
    EXPECT_TRUE(has(by_token, "findings:triage"));
    auto created = Call(Method::kPost, "/api/v1/api-keys", R"({"name":"ci","role":"analyst"})", admin);
    ASSERT_EQ(created.status, 201) << created.body;
    auto by_key = Body(Call(Method::kGet, "/api/v1/me", "", {{"x-api-key", std::string(Body(created).at("key").as_string())}}));
    EXPECT_TRUE(has(by_key, "findings:triage"));  // the key's role, analyst ...
    EXPECT_FALSE(has(by_key, "scope:manage"));    // ... not its creator's
    EXPECT_FALSE(has(by_key, "session"));         // and never what needs a login session
}

TEST_F(HandlersTest, PermissionsAreEnforcedPerRoute) {
    CreateUser("admin@acme.test", "admin");
    CreateUser("viewer@acme.test", "viewer");
    const auto viewer = Bearer(LoginToken("viewer@acme.test"));
    const auto admin = Bearer(LoginToken("admin@acme.test"));
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users").status, 401);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users", "", viewer).status, 403);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/audit", "", viewer).status, 403);
    auto users = Call(Method::kGet, "/api/v1/users?limit=1", "", admin);
    ASSERT_EQ(users.status, 200) << users.body;
    EXPECT_EQ(Body(users).at("items").as_array().size(), 1u);
    EXPECT_FALSE(Body(users).at("next_cursor").is_null());
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users?limit=0", "", admin).status, 400);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/users/no-such-id", "", admin).status, 404);
}

TEST_F(HandlersTest, AuditListsNewestFirstAndValidatesFilters) {
    CreateUser("admin@acme.test", "admin");
    const auto admin = Bearer(LoginToken("admin@acme.test"));
    auto bad = Call(Method::kGet, "/api/v1/audit?outcome=maybe&limit=abc", "", admin);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Body(bad).at("errors").as_array().size(), 2u);
    auto page = Call(Method::kGet, "/api/v1/audit?action=auth.*", "", admin);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto items = Body(page).at("items").as_array();
    ASSERT_FALSE(items.empty());
    EXPECT_TRUE(items[0].as_object().contains("hash"));
    EXPECT_TRUE(items[0].as_object().contains("prev_hash"));
}

TEST_F(HandlersTest, ApiKeysAreShownOnceAndAuthenticate) {
    CreateUser("admin@acme.test", "admin");
    const auto admin = Bearer(LoginToken("admin@acme.test"));
    auto created = Call(Method::kPost, "/api/v1/api-keys", R"({"name":"ci","role":"viewer"})", admin);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto key = Body(created);
    const std::string secret(key.at("key").as_string());
    EXPECT_EQ(key.at("role"), "viewer");
    EXPECT_FALSE(key.contains("key_hash"));
    auto me = Call(Method::kGet, "/api/v1/me", "", {{"x-api-key", secret}});
    EXPECT_EQ(me.status, 200) << me.body;
    auto list = Call(Method::kGet, "/api/v1/api-keys", "", admin);
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find(secret), std::string::npos);
    const std::string id(key.at("id").as_string());
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/api-keys/" + id, "", admin).status, 204);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", {{"x-api-key", secret}}).status, 401);
}

TEST_F(HandlersTest, ChangingThePasswordNeedsTheCurrentOneAndEndsTheOtherSessions) {
    CreateUser("ann@acme.test", "viewer");
    const auto mine = Bearer(LoginToken("ann@acme.test"));
    const auto other = Bearer(LoginToken("ann@acme.test"));  // another browser
    const std::string fresh = "a brand new passphrase 42";

    auto wrong = Call(Method::kPost, "/api/v1/me/password",
                      R"({"current_password":"not it at all","new_password":")" + fresh + R"("})", mine);
    ASSERT_EQ(wrong.status, 400) << wrong.body;
    EXPECT_EQ(Body(wrong).at("errors").as_array().at(0).at("field"), "current_password");
    auto weak = Call(Method::kPost, "/api/v1/me/password",
                     R"({"current_password":"correct horse battery staple","new_password":"short"})", mine);
    ASSERT_EQ(weak.status, 400) << weak.body;
    EXPECT_EQ(Body(weak).at("errors").as_array().at(0).at("field"), "new_password");
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", other).status, 200);  // nothing changed yet

    auto ok = Call(Method::kPost, "/api/v1/me/password",
                   R"({"current_password":"correct horse battery staple","new_password":")" + fresh + R"("})", mine);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(Body(ok).at("sessions_revoked").as_int64(), 1);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", mine).status, 200);   // this session goes on
    EXPECT_EQ(Call(Method::kGet, "/api/v1/me", "", other).status, 401);  // the other one ended
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login",
                   R"({"email":"ann@acme.test","password":"correct horse battery staple"})").status, 401);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login",
                   R"({"email":"ann@acme.test","password":")" + fresh + R"("})").status, 200);

    // An API key cannot change its owner's password.
    auto key = Call(Method::kPost, "/api/v1/api-keys", R"({"name":"ci"})", mine);
    ASSERT_EQ(key.status, 201) << key.body;
    const std::string secret(Body(key).at("key").as_string());
    EXPECT_EQ(Call(Method::kPost, "/api/v1/me/password",
                   R"({"current_password":")" + fresh + R"(","new_password":"yet another passphrase 7"})",
                   {{"x-api-key", secret}}).status, 403);
}

TEST_F(HandlersTest, WrongCurrentPasswordsLockTheAccountLikeFailedSignIns) {
    CreateUser("ann@acme.test", "viewer");
    const auto mine = Bearer(LoginToken("ann@acme.test"));
    int last = 0;
    for (int i = 0; i <= config_.auth.lockout_threshold; ++i) {
        last = Call(Method::kPost, "/api/v1/me/password",
                    R"({"current_password":"guess number )" + std::to_string(i) + R"(","new_password":"x"})", mine)
                   .status;
    }
    EXPECT_EQ(last, 429);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login",
                   R"({"email":"ann@acme.test","password":"correct horse battery staple"})").status, 429);
}

}  // namespace
}  // namespace palisade::api
