// SPDX-License-Identifier: Apache-2.0
// The notification routes over HTTP semantics: the caller's own notifications, rules and webhooks round trips,
// the webhook secret shown once, SSRF refusals (422 naming url), bad input (400 naming fields), permissions per
// role (403) and other users' and organisations' ids (404).
#include <gmock/gmock.h>

#include <boost/json.hpp>

#include "notifications/notifications_fixture.hpp"
#include "store/audit_repository.hpp"

namespace palisade::notifications::testing {
namespace {

namespace json = boost::json;
using server::Method;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

json::object Body(const server::Response& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return !ec && v.is_object() ? v.as_object() : json::object();
}

std::vector<std::string> Fields(const server::Response& r) {
    std::vector<std::string> out;
    const auto body = Body(r);
    if (const auto* errors = body.if_contains("errors")) {
        for (const auto& e : errors->as_array()) out.emplace_back(e.as_object().at("field").as_string());
    }
    return out;
}

class NotificationsApi : public NotificationsTest {
  protected:
    void SetUp() override {
        NotificationsTest::SetUp();
        admin_ = User("admin@acme.test", "admin", "Acme");
        analyst_ = User("analyst@acme.test", "analyst", "Acme");
        beta_ = User("admin@beta.test", "admin", "Beta");
    }

    std::string CreateWebhook(const Member& m, const std::string& url, bool allow_private,
                              std::string* secret = nullptr) {
        auto r = Call(Method::kPost, "/api/v1/webhooks", m.token,
                      json::serialize(json::object{{"name", "ops"}, {"url", url}, {"allow_private", allow_private}}));
        EXPECT_EQ(r.status, 201) << r.body;
        const auto body = Body(r);
        if (secret && body.contains("secret")) *secret = std::string(body.at("secret").as_string());
        return body.contains("id") ? std::string(body.at("id").as_string()) : "";
    }

    Member admin_, analyst_, beta_;
};

TEST_P(NotificationsApi, OwnNotificationsRoundTrip) {
    for (const char* scan : {"scan-1", "scan-2"}) {
        ASSERT_TRUE(notifications_->notifier().OnScanEnded(analyst_.org_id, scan, "done", analyst_.id, "{}", {}));
        clock_.Advance(std::chrono::seconds(1));
    }
    auto r = Call(Method::kGet, "/api/v1/notifications/unread-count", analyst_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("unread"), 2);
    r = Call(Method::kGet, "/api/v1/notifications?limit=1&unread=true&kind=scan.finished", analyst_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = Body(r);
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    const auto first = page.at("items").as_array()[0].as_object();
    EXPECT_EQ(first.at("link"), "/scans/scan-2");
    EXPECT_EQ(first.at("read"), false);
    EXPECT_TRUE(first.at("read_at").is_null());
    ASSERT_TRUE(page.at("next_cursor").is_string());
    const std::string id(first.at("id").as_string());

    // Another member, another organisation: 404, never 403.
    r = Call(Method::kPost, "/api/v1/notifications/" + id + "/read", admin_.token);
    EXPECT_EQ(r.status, 404) << r.body;
    r = Call(Method::kPost, "/api/v1/notifications/" + id + "/read", beta_.token);
    EXPECT_EQ(r.status, 404) << r.body;
    r = Call(Method::kGet, "/api/v1/notifications", admin_.token);
    EXPECT_TRUE(Body(r).at("items").as_array().empty());

    r = Call(Method::kPost, "/api/v1/notifications/" + id + "/read", analyst_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("read"), true);
    r = Call(Method::kPost, "/api/v1/notifications/read-all", analyst_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("updated"), 1);
    r = Call(Method::kGet, "/api/v1/notifications/unread-count", analyst_.token);
    EXPECT_EQ(Body(r).at("unread"), 0);

    r = Call(Method::kGet, "/api/v1/notifications?unread=yes&kind=nope&limit=0", analyst_.token);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), IsSupersetOf({"unread", "limit"}));
    r = Call(Method::kGet, "/api/v1/notifications?kind=nope", analyst_.token);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("kind"));
    EXPECT_EQ(Call(Method::kGet, "/api/v1/notifications", "").status, 401);
}

TEST_P(NotificationsApi, RulesRoundTrip) {
    auto r = Call(Method::kGet, "/api/v1/notification-rules", admin_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("defaults_in_effect"), true);
    r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token,
             R"({"name":"High to the team","event":"finding.new","min_severity":"high",
                 "channels":{"in_app":{"to":"roles","roles":["admin","analyst"]},
                             "email":{"addresses":["SecOps@acme.test"]}}})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto rule = Body(r);
    const std::string id(rule.at("id").as_string());
    ASSERT_NE(r.Header("Location"), nullptr);
    EXPECT_EQ(*r.Header("Location"), "/api/v1/notification-rules/" + id);
    EXPECT_EQ(rule.at("enabled"), true);
    EXPECT_EQ(rule.at("channels").as_object().at("email").as_object().at("addresses").as_array()[0],
              "secops@acme.test");
    EXPECT_TRUE(rule.at("channels").as_object().at("webhook_ids").as_array().empty());

    r = Call(Method::kPatch, "/api/v1/notification-rules/" + id, admin_.token,
             R"({"min_severity":null,"enabled":false})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(Body(r).at("min_severity").is_null());
    EXPECT_EQ(Body(r).at("enabled"), false);
    EXPECT_EQ(Body(r).at("name"), "High to the team");
    r = Call(Method::kGet, "/api/v1/notification-rules", admin_.token);
    EXPECT_EQ(Body(r).at("defaults_in_effect"), false);
    EXPECT_EQ(Body(r).at("items").as_array().size(), 1u);

    EXPECT_EQ(Call(Method::kGet, "/api/v1/notification-rules/" + id, beta_.token).status, 404);
    EXPECT_EQ(Call(Method::kPatch, "/api/v1/notification-rules/" + id, beta_.token, "{}").status, 404);
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/notification-rules/" + id, beta_.token).status, 404);
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/notification-rules/" + id, admin_.token).status, 204);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/notification-rules/" + id, admin_.token).status, 404);
}

TEST_P(NotificationsApi, RuleInputErrorsNameTheirFields) {
    auto r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token, R"({"event":"finding.old","bogus":1})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), IsSupersetOf({"bogus", "channels"}));
    r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token,
             R"({"event":"finding.new","days_before":3,"min_severity":"severe",
                 "channels":{"in_app":{"to":"roles","roles":["boss"]},"email":{"addresses":["not-an-address"]},
                             "webhook_ids":["no-such-hook"],"sms":true}})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("channels.sms"));
    r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token,
             R"({"event":"finding.new","days_before":3,"min_severity":"severe",
                 "channels":{"in_app":{"to":"roles","roles":["boss"]},"email":{"addresses":["not-an-address"]},
                             "webhook_ids":["no-such-hook"]}})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), IsSupersetOf({"days_before", "min_severity", "channels.in_app.roles[0]",
                                         "channels.email.addresses[0]", "channels.webhook_ids[0]"}));
    r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token,
             R"({"event":"risk.expiring","channels":{"in_app":{"to":"creator"}}})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), IsSupersetOf({"days_before", "channels.in_app.to"}));
    r = Call(Method::kPost, "/api/v1/notification-rules", admin_.token, R"({"event":"scan.failed","channels":{}})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("channels"));
    EXPECT_EQ(Call(Method::kPost, "/api/v1/notification-rules", admin_.token, "not json").status, 400);
}

TEST_P(NotificationsApi, WebhookSecretIsShownOnceAndStoredSealed) {
    std::string secret;
    const std::string id = CreateWebhook(admin_, "http://127.0.0.1:9/hook", true, &secret);
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
    for (const std::string& target : {std::string("/api/v1/webhooks"), "/api/v1/webhooks/" + id}) {
        auto r = Call(Method::kGet, target, admin_.token);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.body.find(secret), std::string::npos) << target;
        EXPECT_EQ(r.body.find("\"secret\""), std::string::npos) << target;
        EXPECT_NE(r.body.find("\"secret_hint\":\"" + secret.substr(0, 10) + "\""), std::string::npos) << r.body;
    }
    auto r = Call(Method::kPatch, "/api/v1/webhooks/" + id, admin_.token, R"({"name":"renamed"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find(secret), std::string::npos);
    // At rest the secret is sealed, not stored as given.
    auto stored = notifications_->webhooks().Get(id, admin_.ctx);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->secret_sealed.find(secret), std::string::npos);
    EXPECT_EQ(secrets_->Open(stored->secret_sealed).value_or(""), secret);
}

TEST_P(NotificationsApi, WebhookUrlsArePolicedWith422) {
    for (const char* url : {"http://127.0.0.1/hook", "http://10.0.0.8/", "http://169.254.169.254/latest/meta-data/",
                            "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://localhost:8080/"}) {
        auto r = Call(Method::kPost, "/api/v1/webhooks", admin_.token,
                      json::serialize(json::object{{"name", "x"}, {"url", url}}));
        ASSERT_EQ(r.status, 422) << url << " " << r.body;
        EXPECT_THAT(Fields(r), Contains("url")) << url;
    }
    const std::string id = CreateWebhook(admin_, "http://localhost:8080/", true);
    // Taking allow_private away re-checks the URL.
    auto r = Call(Method::kPatch, "/api/v1/webhooks/" + id, admin_.token, R"({"allow_private":false})");
    ASSERT_EQ(r.status, 422) << r.body;
    r = Call(Method::kPatch, "/api/v1/webhooks/" + id, admin_.token, R"({"url":"http://10.1.1.1/"})");
    ASSERT_EQ(r.status, 200) << r.body;  // still allowed: allow_private stays true
    EXPECT_EQ(Body(r).at("allow_private"), true);
    r = Call(Method::kPatch, "/api/v1/webhooks/" + id, admin_.token,
             R"({"url":"https://93.184.216.34/hook?token=abc","allow_private":false})");
    ASSERT_EQ(r.status, 200) << r.body;
    // Every change of allow_private is in the audit trail, with the host but never the path or query.
    auto audit = store_->Read([&](store::Tx& tx) -> Result<std::vector<store::AuditRecord>> {
        store::audit::Filter f;
        f.org_id = admin_.org_id;
        f.action = "webhooks.*";
        return store::audit::List(tx, f);
    });
    ASSERT_TRUE(audit.has_value());
    ASSERT_EQ(audit->size(), 3u);  // create, update, update
    EXPECT_EQ((*audit)[2].action, "webhooks.create");
    EXPECT_THAT((*audit)[2].summary, HasSubstr("allow_private=true"));
    EXPECT_THAT((*audit)[0].summary, HasSubstr("allow_private true -> false"));
    EXPECT_THAT((*audit)[0].summary, HasSubstr("host 93.184.216.34"));
    EXPECT_EQ((*audit)[0].summary.find("token=abc"), std::string::npos);
    EXPECT_EQ((*audit)[0].actor_user_id.value_or(""), admin_.id);

    r = Call(Method::kPost, "/api/v1/webhooks", admin_.token, R"({"url":"ftp://example.com/","extra":1})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), IsSupersetOf({"name", "extra"}));
    r = Call(Method::kPost, "/api/v1/webhooks", admin_.token, R"({"name":"x","url":"ftp://example.com/"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("url"));
    r = Call(Method::kPost, "/api/v1/webhooks", admin_.token, R"({"name":"x","url":"https://u:p@example.com/"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("url"));
    r = Call(Method::kPost, "/api/v1/webhooks", admin_.token,
             R"({"name":"x","url":"http://1.2.3.4/","allow_private":"yes"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_THAT(Fields(r), Contains("allow_private"));
}

TEST_P(NotificationsApi, WebhookTestAndDeliveryLog) {
    palisade::testing::HttpFixture receiver;
    palisade::testing::ScriptedResponse ok;
    ok.body = "{}";
    receiver.Route("/hook", ok, "POST");
    std::string secret;
    const std::string id = CreateWebhook(admin_, receiver.Url("/hook"), true, &secret);
    auto r = Call(Method::kPost, "/api/v1/webhooks/" + id + "/test", admin_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("outcome"), "delivered");
    EXPECT_EQ(Body(r).at("event"), "webhook.test");
    const auto requests = receiver.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(VerifyWebhook(requests[0], secret, ToUnixSeconds(clock_.Now())), "");
    r = Call(Method::kGet, "/api/v1/webhooks/" + id + "/deliveries", admin_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto items = Body(r).at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].as_object().at("status_code"), 200);
    EXPECT_EQ(items[0].as_object().at("attempt"), 1);

    EXPECT_EQ(Call(Method::kGet, "/api/v1/webhooks/" + id + "/deliveries", beta_.token).status, 404);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/webhooks/" + id + "/test", beta_.token).status, 404);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/webhooks/" + id, beta_.token).status, 404);
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/webhooks/" + id, beta_.token).status, 404);
    EXPECT_EQ(receiver.Requests().size(), 1u);
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/webhooks/" + id, admin_.token).status, 204);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/webhooks/" + id + "/deliveries", admin_.token).status, 404);
}

TEST_P(NotificationsApi, RulesAndWebhooksAreForAdminsOnly) {
    const std::string hook = CreateWebhook(admin_, "http://127.0.0.1:9/", true);
    const std::vector<std::pair<Method, std::string>> admin_routes = {
        {Method::kGet, "/api/v1/notification-rules"},
        {Method::kPost, "/api/v1/notification-rules"},
        {Method::kGet, "/api/v1/notification-rules/x"},
        {Method::kPatch, "/api/v1/notification-rules/x"},
        {Method::kDelete, "/api/v1/notification-rules/x"},
        {Method::kGet, "/api/v1/webhooks"},
        {Method::kPost, "/api/v1/webhooks"},
        {Method::kGet, "/api/v1/webhooks/" + hook},
        {Method::kPatch, "/api/v1/webhooks/" + hook},
        {Method::kDelete, "/api/v1/webhooks/" + hook},
        {Method::kGet, "/api/v1/webhooks/" + hook + "/deliveries"},
        {Method::kPost, "/api/v1/webhooks/" + hook + "/test"}};
    for (const std::string role : {"analyst", "operator", "viewer"}) {
        const Member m = User(role + "-2@acme.test", role, "Acme");
        for (const auto& [method, target] : admin_routes) {
            EXPECT_EQ(Call(method, target, m.token, "{}").status, 403) << role << " " << target;
        }
        EXPECT_EQ(Call(Method::kGet, "/api/v1/notifications", m.token).status, 200) << role;
        EXPECT_EQ(Call(Method::kGet, "/api/v1/notifications/unread-count", m.token).status, 200) << role;
        EXPECT_EQ(Call(Method::kPost, "/api/v1/notifications/read-all", m.token).status, 200) << role;
    }
    EXPECT_TRUE(notifications_->webhooks().Get(hook, admin_.ctx).has_value());  // nothing was deleted
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsApi, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::notifications::testing
