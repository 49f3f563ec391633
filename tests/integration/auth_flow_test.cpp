// SPDX-License-Identifier: Apache-2.0
// End-to-end identity flows over HTTP against an in-process server, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "auth/totp.hpp"
#include "identity/bootstrap.hpp"
#include "integration/app_harness.hpp"

namespace palisade::testing {
namespace {

std::string Json(std::initializer_list<std::pair<const char*, const char*>> fields) {
    boost::json::object o;
    for (const auto& [k, v] : fields) o[k] = v;
    return boost::json::serialize(o);
}

// RFC 4648 base32 (no padding) back to bytes, for computing TOTP codes the way an authenticator app does.
std::string Base32Decode(const std::string& s) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : s) {
        int v = (c >= 'A' && c <= 'Z') ? c - 'A' : (c >= '2' && c <= '7') ? c - '2' + 26 : -1;
        if (v < 0) continue;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

class AuthFlow : public ::testing::TestWithParam<std::string> {};

TEST_P(AuthFlow, SignUpVerifyLoginRefreshReuseLogout) {
    AppHarness h(GetParam());
    h.Start();
    auto c = h.Client();
    // Register; login before verification is refused after a correct password only.
    auto reg = c->Post("/api/v1/auth/register",
                       Json({{"email", "Ana@Example.test"}, {"password", AppHarness::kPassword}, {"organization", "Acme"}}));
    ASSERT_EQ(reg.status, 202) << reg.body;
    auto early = c->Post("/api/v1/auth/login", Json({{"email", "ana@example.test"}, {"password", AppHarness::kPassword}}));
    EXPECT_EQ(early.status, 403) << early.body;

    const ReceivedMail mail = h.Mail(0);
    EXPECT_EQ(mail.recipients.at(0), "ana@example.test");
    const std::string token = AppHarness::TokenFrom(mail);
    ASSERT_FALSE(token.empty()) << mail.Body();
    EXPECT_EQ(c->Post("/api/v1/auth/verify-email", Json({{"token", token.c_str()}})).status, 200);
    EXPECT_EQ(c->Post("/api/v1/auth/verify-email", Json({{"token", token.c_str()}})).status, 400);  // single use

    auto login = c->Post("/api/v1/auth/login", Json({{"email", "ana@example.test"}, {"password", AppHarness::kPassword}}));
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string access = JsonString(login.body, "access_token");
    const std::string refresh = JsonString(login.body, "refresh_token");
    ASSERT_FALSE(access.empty());
    bool http_only_cookie = false;
    for (const auto& cookie : login.Headers("set-cookie")) {
        if (cookie.rfind("palisade_access=", 0) == 0) {
            http_only_cookie = cookie.find("HttpOnly") != std::string::npos &&
                               cookie.find("SameSite=Strict") != std::string::npos;
        }
    }
    EXPECT_TRUE(http_only_cookie);

    auto me = c->Get("/api/v1/me", Bearer(access));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_NE(me.body.find("ana@example.test"), std::string::npos);
    EXPECT_NE(me.body.find("\"admin\""), std::string::npos);  // the founder of a new organisation
    EXPECT_EQ(me.body.find("password"), std::string::npos);

    // Rotation: the old refresh token is spent.
    auto r1 = c->Post("/api/v1/auth/refresh", Json({{"refresh_token", refresh.c_str()}}));
    ASSERT_EQ(r1.status, 200) << r1.body;
    auto audit = c->Get("/api/v1/audit?action=auth.refresh", Bearer(access));
    EXPECT_NE(audit.body.find("refresh token rotated"), std::string::npos) << audit.body;
    const std::string refresh2 = JsonString(r1.body, "refresh_token");
    const std::string access2 = JsonString(r1.body, "access_token");
    EXPECT_NE(refresh2, refresh);
    // Reuse of the spent token revokes the family: the newest tokens die too.
    EXPECT_EQ(c->Post("/api/v1/auth/refresh", Json({{"refresh_token", refresh.c_str()}})).status, 401);
    EXPECT_EQ(c->Post("/api/v1/auth/refresh", Json({{"refresh_token", refresh2.c_str()}})).status, 401);
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(access2)).status, 401);

    // A new session, then logout ends it.
    const Tokens t = h.Login("ana@example.test");
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(t.access)).status, 200);
    EXPECT_EQ(c->Post("/api/v1/auth/logout", "{}", Bearer(t.access)).status, 204);
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(t.access)).status, 401);
    EXPECT_EQ(c->Post("/api/v1/auth/refresh", Json({{"refresh_token", t.refresh.c_str()}})).status, 401);
}

TEST_P(AuthFlow, VerificationLinksExpireAfterADay) {
    AppHarness h(GetParam());
    h.Start();
    auto c = h.Client();
    ASSERT_EQ(c->Post("/api/v1/auth/register", Json({{"email", "una@example.test"}, {"password", AppHarness::kPassword}})).status,
              202);
    const std::string token = AppHarness::TokenFrom(h.Mail(0));
    h.Clock().Advance(std::chrono::hours(24) + std::chrono::minutes(1));
    EXPECT_EQ(c->Post("/api/v1/auth/verify-email", Json({{"token", token.c_str()}})).status, 400);
    EXPECT_EQ(c->Post("/api/v1/auth/login", Json({{"email", "una@example.test"}, {"password", AppHarness::kPassword}})).status,
              403);  // still unverified
}

TEST_P(AuthFlow, UnknownAccountAndWrongPasswordGetTheSameAnswer) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("vic@example.test", "viewer", "Acme");
    auto c = h.Client();
    auto wrong = c->Post("/api/v1/auth/login", Json({{"email", "vic@example.test"}, {"password", "not it not it not it"}}));
    auto unknown = c->Post("/api/v1/auth/login", Json({{"email", "nobody@example.test"}, {"password", "not it not it"}}));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, wrong.status);
    EXPECT_EQ(unknown.body, wrong.body);
}

TEST_P(AuthFlow, SignUpOffRefusesRegistration) {
    AppHarness h(GetParam(), [](config::Config& c) { c.auth.signup = config::SignupMode::kOff; });
    h.Start();
    auto c = h.Client();
    auto reg = c->Post("/api/v1/auth/register", Json({{"email", "zed@example.test"}, {"password", AppHarness::kPassword}}));
    EXPECT_EQ(reg.status, 403) << reg.body;
    EXPECT_EQ(c->Post("/api/v1/auth/login", Json({{"email", "zed@example.test"}, {"password", AppHarness::kPassword}})).status,
              401);
}

TEST_P(AuthFlow, RegisteringATakenAddressLooksTheSameAndWarnsTheOwner) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("bo@example.test", "viewer", "Acme");
    auto c = h.Client();
    auto reg = c->Post("/api/v1/auth/register", Json({{"email", "bo@example.test"}, {"password", "another long passphrase 1"}}));
    EXPECT_EQ(reg.status, 202) << reg.body;
    const ReceivedMail mail = h.Mail(0);
    EXPECT_NE(mail.Subject().find("Sign-up attempt"), std::string::npos);
    // The old password still works: nothing was overwritten.
    h.Login("bo@example.test");
}

TEST_P(AuthFlow, LockoutAfterFiveFailuresThenUnlockByTimeAndByAdmin) {
    // Failures come from one address, the real user from others: the account lock must hold for every address.
    AppHarness h(GetParam(), [](config::Config& c) { c.server.trusted_proxies = {"127.0.0.1"}; });
    h.Start();
    const std::string user_id = h.CreateUser("cy@example.test", "viewer", "Acme");
    h.CreateUser("admin@example.test", "admin", "Acme");
    auto c = h.Client();
    const Headers attacker{{"X-Forwarded-For", "127.1.1.1"}};
    const Headers owner{{"X-Forwarded-For", "127.2.2.2"}};
    const std::string wrong = Json({{"email", "cy@example.test"}, {"password", "not the password at all"}});
    const std::string right = Json({{"email", "cy@example.test"}, {"password", AppHarness::kPassword}});
    for (int i = 0; i < 5; ++i) EXPECT_EQ(c->Post("/api/v1/auth/login", wrong, attacker).status, 401);
    auto locked = c->Post("/api/v1/auth/login", right, owner);
    EXPECT_EQ(locked.status, 429) << locked.body;
    const long retry = std::stol(locked.Header("retry-after").empty() ? "0" : locked.Header("retry-after"));
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 15 * 60);

    h.Clock().Advance(std::chrono::minutes(16));
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, owner).status, 200);

    // Events at one instant are ambiguous (a failure in the same millisecond as a reset counts): let time pass.
    h.Clock().Advance(std::chrono::seconds(1));
    for (int i = 0; i < 5; ++i) c->Post("/api/v1/auth/login", wrong, attacker);
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, owner).status, 429);
    h.Clock().Advance(std::chrono::seconds(1));
    const Tokens admin = h.Login("admin@example.test");
    auto unlock = c->Post("/api/v1/users/" + user_id + "/unlock", "{}", Bearer(admin.access));
    EXPECT_EQ(unlock.status, 204) << unlock.body;
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, owner).status, 200);
    // The attacker's address stays locked: an admin unlock clears the account, not the address.
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, attacker).status, 429);
}

TEST_P(AuthFlow, LockoutPerClientIpAcrossAccounts) {
    AppHarness h(GetParam(), [](config::Config& c) { c.server.trusted_proxies = {"127.0.0.1"}; });
    h.Start();
    h.CreateUser("dee@example.test", "viewer", "Acme");
    auto c = h.Client();
    const Headers attacker{{"X-Forwarded-For", "127.9.9.9"}};
    for (int i = 0; i < 5; ++i) {
        const std::string body = Json({{"email", ("nobody" + std::to_string(i) + "@example.test").c_str()},
                                       {"password", "guess guess guess"}});
        EXPECT_EQ(c->Post("/api/v1/auth/login", body, attacker).status, 401);
    }
    const std::string right = Json({{"email", "dee@example.test"}, {"password", AppHarness::kPassword}});
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, attacker).status, 429);
    EXPECT_EQ(c->Post("/api/v1/auth/login", right, {{"X-Forwarded-For", "127.8.8.8"}}).status, 200);
}

TEST_P(AuthFlow, TotpEnrolLoginWithCodeAndRecoveryCodeThenDisable) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("eve@example.test", "analyst", "Acme");
    const Tokens t = h.Login("eve@example.test");
    auto c = h.Client();
    auto enroll = c->Post("/api/v1/auth/totp/enroll", "{}", Bearer(t.access));
    ASSERT_EQ(enroll.status, 200) << enroll.body;
    EXPECT_NE(JsonString(enroll.body, "qr_svg").find("<svg"), std::string::npos);
    EXPECT_EQ(JsonString(enroll.body, "otpauth_uri").rfind("otpauth://totp/", 0), 0u);
    const std::string secret = Base32Decode(JsonString(enroll.body, "secret"));
    ASSERT_EQ(secret.size(), 20u);

    EXPECT_EQ(c->Post("/api/v1/auth/totp/confirm", Json({{"code", "000000"}}), Bearer(t.access)).status, 400);
    const std::string code = auth::TotpCode(secret, h.Clock().Now());
    auto confirm = c->Post("/api/v1/auth/totp/confirm", Json({{"code", code.c_str()}}), Bearer(t.access));
    ASSERT_EQ(confirm.status, 200) << confirm.body;
    auto v = boost::json::parse(confirm.body);
    const auto& codes = v.at("recovery_codes").as_array();
    ASSERT_EQ(codes.size(), 10u);

    const std::string no_code = Json({{"email", "eve@example.test"}, {"password", AppHarness::kPassword}});
    auto need = c->Post("/api/v1/auth/login", no_code);
    EXPECT_EQ(need.status, 401);
    EXPECT_NE(need.body.find("totp-required"), std::string::npos) << need.body;

    h.Clock().Advance(std::chrono::seconds(30));
    const std::string code2 = auth::TotpCode(secret, h.Clock().Now());
    auto with_code = c->Post("/api/v1/auth/login", Json({{"email", "eve@example.test"}, {"password", AppHarness::kPassword},
                                                         {"totp_code", code2.c_str()}}));
    EXPECT_EQ(with_code.status, 200) << with_code.body;
    // The same code cannot be replayed.
    auto replay = c->Post("/api/v1/auth/login", Json({{"email", "eve@example.test"}, {"password", AppHarness::kPassword},
                                                      {"totp_code", code2.c_str()}}));
    EXPECT_EQ(replay.status, 401);

    const std::string recovery(codes[0].as_string());
    const std::string with_recovery = Json({{"email", "eve@example.test"}, {"password", AppHarness::kPassword},
                                            {"totp_code", recovery.c_str()}});
    EXPECT_EQ(c->Post("/api/v1/auth/login", with_recovery).status, 200);
    EXPECT_EQ(c->Post("/api/v1/auth/login", with_recovery).status, 401);  // single use

    const Tokens t2{JsonString(with_code.body, "access_token"), ""};
    h.Clock().Advance(std::chrono::seconds(30));
    const std::string code3 = auth::TotpCode(secret, h.Clock().Now());
    EXPECT_EQ(c->Post("/api/v1/auth/totp/disable", Json({{"password", "wrong wrong wrong"}, {"code", code3.c_str()}}),
                      Bearer(t2.access)).status,
              400);
    auto disable = c->Post("/api/v1/auth/totp/disable", Json({{"password", AppHarness::kPassword}, {"code", code3.c_str()}}),
                           Bearer(t2.access));
    EXPECT_EQ(disable.status, 204) << disable.body;
    EXPECT_EQ(c->Post("/api/v1/auth/login", no_code).status, 200);
}

TEST_P(AuthFlow, PasswordResetRevokesSessionsAndIsSingleUse) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("fay@example.test", "operator", "Acme");
    const Tokens before = h.Login("fay@example.test");
    auto c = h.Client();
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/request", Json({{"email", "nobody@example.test"}})).status, 202);
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/request", Json({{"email", "fay@example.test"}})).status, 202);
    const std::string token = AppHarness::TokenFrom(h.Mail(0));
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(h.Sink().Messages().size(), 1u);  // nothing was sent for the unknown address

    auto weak = c->Post("/api/v1/auth/password-reset/confirm", Json({{"token", token.c_str()}, {"password", "password1234"}}));
    EXPECT_EQ(weak.status, 400);
    EXPECT_NE(weak.body.find("password"), std::string::npos);
    const char* fresh = "a brand new long passphrase";
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/confirm", Json({{"token", token.c_str()}, {"password", fresh}})).status,
              200);
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/confirm", Json({{"token", token.c_str()}, {"password", fresh}})).status,
              400);
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(before.access)).status, 401);
    EXPECT_EQ(c->Post("/api/v1/auth/login", Json({{"email", "fay@example.test"}, {"password", AppHarness::kPassword}})).status,
              401);
    h.Login("fay@example.test", fresh);

    // An expired token (1 h) is refused.
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/request", Json({{"email", "fay@example.test"}})).status, 202);
    const std::string token2 = AppHarness::TokenFrom(h.Mail(1));
    h.Clock().Advance(std::chrono::minutes(61));
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/confirm",
                      Json({{"token", token2.c_str()}, {"password", "yet another long passphrase"}})).status,
              400);
}

TEST_P(AuthFlow, ApiKeysAreShownOnceCappedByRoleUsableAndRevocable) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("gus@example.test", "viewer", "Acme");
    const Tokens t = h.Login("gus@example.test");
    auto c = h.Client();
    EXPECT_EQ(c->Post("/api/v1/api-keys", Json({{"name", "ci"}, {"role", "admin"}}), Bearer(t.access)).status, 400);
    auto created = c->Post("/api/v1/api-keys", Json({{"name", "ci"}}), Bearer(t.access));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string key = JsonString(created.body, "key");
    const std::string id = JsonString(created.body, "id");
    ASSERT_FALSE(key.empty());
    auto me = c->Get("/api/v1/me", {{"X-API-Key", key}});
    EXPECT_EQ(me.status, 200) << me.body;
    auto list = c->Get("/api/v1/api-keys", Bearer(t.access));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find(key), std::string::npos);  // never shown again
    EXPECT_NE(list.body.find("last_used_at\":\"20"), std::string::npos) << list.body;
    EXPECT_EQ(c->Request("DELETE", "/api/v1/api-keys/" + id, "", Bearer(t.access)).status, 204);
    EXPECT_EQ(c->Get("/api/v1/me", {{"X-API-Key", key}}).status, 401);
    EXPECT_EQ(c->Get("/api/v1/me", {{"X-API-Key", "pk_not_a_key"}}).status, 401);
}

TEST_P(AuthFlow, InviteOnlySignUpJoinsTheInvitingOrganisation) {
    AppHarness h(GetParam(), [](config::Config& c) { c.auth.signup = config::SignupMode::kInviteOnly; });
    h.Start();
    h.CreateUser("hal@example.test", "admin", "Acme");
    const Tokens admin = h.Login("hal@example.test");
    auto c = h.Client();
    EXPECT_EQ(c->Post("/api/v1/auth/register", Json({{"email", "ivy@example.test"}, {"password", AppHarness::kPassword}})).status,
              403);
    auto invite = c->Post("/api/v1/invitations", Json({{"email", "ivy@example.test"}, {"role", "analyst"}}), Bearer(admin.access));
    ASSERT_EQ(invite.status, 201) << invite.body;
    EXPECT_EQ(invite.body.find("token"), std::string::npos);
    const std::string token = AppHarness::TokenFrom(h.Mail(0));
    auto wrong_address = c->Post("/api/v1/auth/register", Json({{"email", "mallory@example.test"},
                                                                {"password", AppHarness::kPassword},
                                                                {"invitation_token", token.c_str()}}));
    EXPECT_EQ(wrong_address.status, 400);
    auto reg = c->Post("/api/v1/auth/register", Json({{"email", "ivy@example.test"}, {"password", AppHarness::kPassword},
                                                      {"invitation_token", token.c_str()}}));
    ASSERT_EQ(reg.status, 202) << reg.body;
    const Tokens ivy = h.Login("ivy@example.test");  // verified by the invitation
    auto me = c->Get("/api/v1/me", Bearer(ivy.access));
    EXPECT_NE(me.body.find("\"analyst\""), std::string::npos) << me.body;
    EXPECT_NE(me.body.find("Acme"), std::string::npos);
    auto again = c->Post("/api/v1/auth/register", Json({{"email", "ivy@example.test"}, {"password", AppHarness::kPassword},
                                                        {"invitation_token", token.c_str()}}));
    EXPECT_EQ(again.status, 400);  // accepted already
}

TEST_P(AuthFlow, DeactivationEndsSessionsAndKeysAtOnceAndLastAdminIsKept) {
    AppHarness h(GetParam());
    h.Start();
    const std::string admin_id = h.CreateUser("jo@example.test", "admin", "Acme");
    const std::string user_id = h.CreateUser("kim@example.test", "analyst", "Acme");
    const std::string other_id = h.CreateUser("lee@example.test", "admin", "Other");
    const Tokens admin = h.Login("jo@example.test");
    const Tokens kim = h.Login("kim@example.test");
    auto c = h.Client();
    auto key = c->Post("/api/v1/api-keys", Json({{"name", "k"}}), Bearer(kim.access));
    const std::string api_key = JsonString(key.body, "key");
    EXPECT_EQ(c->Post("/api/v1/users/" + other_id + "/deactivate", "{}", Bearer(admin.access)).status, 404);
    EXPECT_EQ(c->Post("/api/v1/users/" + admin_id + "/deactivate", "{}", Bearer(admin.access)).status, 409);
    EXPECT_EQ(c->Request("PATCH", "/api/v1/users/" + admin_id, Json({{"role", "viewer"}}), Bearer(admin.access)).status, 409);
    auto d = c->Post("/api/v1/users/" + user_id + "/deactivate", "{}", Bearer(admin.access));
    EXPECT_EQ(d.status, 200) << d.body;
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(kim.access)).status, 401);
    EXPECT_EQ(c->Get("/api/v1/me", {{"X-API-Key", api_key}}).status, 401);
    EXPECT_EQ(c->Post("/api/v1/auth/refresh", Json({{"refresh_token", kim.refresh.c_str()}})).status, 401);
    EXPECT_EQ(c->Post("/api/v1/auth/login", Json({{"email", "kim@example.test"}, {"password", AppHarness::kPassword}})).status,
              403);
    auto users = c->Get("/api/v1/users", Bearer(admin.access));
    EXPECT_EQ(users.status, 200);
    EXPECT_EQ(users.body.find("lee@example.test"), std::string::npos);  // another organisation's member
}

TEST_P(AuthFlow, RoleChangeAppliesToExistingTokensAtOnce) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("max@example.test", "admin", "Acme");
    const std::string uid = h.CreateUser("ned@example.test", "admin", "Acme");
    const Tokens max = h.Login("max@example.test");
    const Tokens ned = h.Login("ned@example.test");
    auto c = h.Client();
    EXPECT_EQ(c->Get("/api/v1/audit", Bearer(ned.access)).status, 200);
    EXPECT_EQ(c->Request("PATCH", "/api/v1/users/" + uid, Json({{"role", "viewer"}}), Bearer(max.access)).status, 200);
    EXPECT_EQ(c->Get("/api/v1/audit", Bearer(ned.access)).status, 403);
    // The refusal itself is in the audit trail, with who tried what.
    auto audit = c->Get("/api/v1/audit?action=http.forbidden", Bearer(max.access));
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_NE(audit.body.find("GET /api/v1/audit"), std::string::npos) << audit.body;
    EXPECT_NE(audit.body.find("ned@example.test"), std::string::npos) << audit.body;
    EXPECT_NE(audit.body.find("\"denied\""), std::string::npos) << audit.body;
}

TEST_P(AuthFlow, AccessTokenExpiresAfterFifteenMinutesAndRefreshStillWorks) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("oli@example.test", "viewer", "Acme");
    const Tokens t = h.Login("oli@example.test");
    auto c = h.Client();
    h.Clock().Advance(std::chrono::minutes(14));
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(t.access)).status, 200);
    h.Clock().Advance(std::chrono::minutes(2));
    auto expired = c->Get("/api/v1/me", Bearer(t.access));
    EXPECT_EQ(expired.status, 401);
    EXPECT_NE(expired.body.find("expired"), std::string::npos) << expired.body;
    auto r = c->Post("/api/v1/auth/refresh", Json({{"refresh_token", t.refresh.c_str()}}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(c->Get("/api/v1/me", Bearer(JsonString(r.body, "access_token"))).status, 200);
}

TEST_P(AuthFlow, RestartKeepsSessionsKeysAndTheAuditChain) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("pat@example.test", "admin", "Acme");
    const Tokens t = h.Login("pat@example.test");
    auto c = h.Client();
    const std::string key = JsonString(c->Post("/api/v1/api-keys", Json({{"name", "k"}}), Bearer(t.access)).body, "key");
    h.CreateUser("quo@example.test", "viewer", "Acme");
    const std::string wrong = Json({{"email", "quo@example.test"}, {"password", "not the password at all"}});
    for (int i = 0; i < 5; ++i) c->Post("/api/v1/auth/login", wrong);
    h.Restart();
    // The lockout is in the database: a restart does not lift it.
    EXPECT_EQ(h.Client()->Post("/api/v1/auth/login",
                               Json({{"email", "quo@example.test"}, {"password", AppHarness::kPassword}})).status,
              429);
    auto c2 = h.Client();
    EXPECT_EQ(c2->Get("/api/v1/me", Bearer(t.access)).status, 200);
    EXPECT_EQ(c2->Get("/api/v1/me", {{"X-API-Key", key}}).status, 200);
    EXPECT_EQ(c2->Post("/api/v1/auth/refresh", Json({{"refresh_token", t.refresh.c_str()}})).status, 200);
    EXPECT_FALSE(h.App().bootstrap().has_value());  // not a first start any more
    auto verified = identity::VerifyAudit(h.App().runtime().Deps());
    ASSERT_TRUE(verified.has_value());
    EXPECT_TRUE(verified->ok) << verified->problem;
    EXPECT_GE(verified->entries, 4);
}

TEST_P(AuthFlow, AuditTrailRecordsAuthenticationAndChangesForAdminsOnly) {
    AppHarness h(GetParam());
    h.Start();
    h.CreateUser("quin@example.test", "admin", "Acme");
    h.CreateUser("ray@example.test", "viewer", "Acme");
    const Tokens admin = h.Login("quin@example.test");
    auto c = h.Client();
    c->Post("/api/v1/auth/login", Json({{"email", "ray@example.test"}, {"password", "wrong wrong wrong"}}));
    c->Post("/api/v1/api-keys", Json({{"name", "audit-me"}}), Bearer(admin.access));
    auto all = c->Get("/api/v1/audit?limit=200", Bearer(admin.access));
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_NE(all.body.find("api_keys.create"), std::string::npos);
    EXPECT_NE(all.body.find("\"failure\""), std::string::npos);
    auto only_auth = c->Get("/api/v1/audit?action=auth.*&outcome=failure", Bearer(admin.access));
    ASSERT_EQ(only_auth.status, 200) << only_auth.body;
    EXPECT_NE(only_auth.body.find("ray@example.test"), std::string::npos);
    EXPECT_EQ(only_auth.body.find("api_keys.create"), std::string::npos);
    auto page = c->Get("/api/v1/audit?limit=1", Bearer(admin.access));
    const std::string cursor = JsonString(page.body, "next_cursor");
    ASSERT_FALSE(cursor.empty()) << page.body;
    EXPECT_EQ(c->Get("/api/v1/audit?limit=1&cursor=" + cursor, Bearer(admin.access)).status, 200);
    EXPECT_EQ(c->Get("/api/v1/audit?since=yesterday", Bearer(admin.access)).status, 400);
    const Tokens viewer = h.Login("ray@example.test");
    EXPECT_EQ(c->Get("/api/v1/audit", Bearer(viewer.access)).status, 403);
}

TEST_P(AuthFlow, WithoutSmtpMailIsKeptInTheOutboxForAdmins) {
    AppHarness h(GetParam(), {}, /*with_smtp=*/false);
    h.Start();
    h.CreateUser("sam@example.test", "admin", "Acme");
    h.CreateUser("tia@example.test", "viewer", "Acme");
    const Tokens admin = h.Login("sam@example.test");
    auto c = h.Client();
    EXPECT_EQ(c->Post("/api/v1/auth/password-reset/request", Json({{"email", "tia@example.test"}})).status, 202);
    auto outbox = c->Get("/api/v1/outbox", Bearer(admin.access));
    ASSERT_EQ(outbox.status, 200) << outbox.body;
    EXPECT_NE(outbox.body.find("tia@example.test"), std::string::npos);
    EXPECT_NE(outbox.body.find("reset-password?token="), std::string::npos);
    const Tokens viewer = h.Login("tia@example.test");
    EXPECT_EQ(c->Get("/api/v1/outbox", Bearer(viewer.access)).status, 403);
}

TEST_P(AuthFlow, FirstStartCreatesOneAdminWithAOneTimePassword) {
    AppHarness h(GetParam());
    h.Start();
    const auto& boot = h.App().bootstrap();
    ASSERT_TRUE(boot.has_value());
    const Tokens t = h.Login(boot->email, boot->password);
    auto me = h.Client()->Get("/api/v1/me", Bearer(t.access));
    EXPECT_NE(me.body.find("\"admin\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthFlow, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::testing
