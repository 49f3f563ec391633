// SPDX-License-Identifier: Apache-2.0
// Notifications through the real server (in-process `serve` with its embedded workers) on SQLite and PostgreSQL:
// a scan that ends raises the organisation's rules: an in-app notification for the scan's creator, pushed live over
// the WebSocket to that user only, and a signed webhook POST to a loopback receiver, verified here with the secret
// the API handed out, and logged as delivered.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "integration/app_harness.hpp"
#include "support/http/http_fixture.hpp"
#include "support/ws_client.hpp"

namespace palisade::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::value Json(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    EXPECT_FALSE(ec) << text.substr(0, 300);
    return v;
}

std::string Str(const json::value& v, std::string_view key) {
    const auto* x = v.is_object() ? v.as_object().if_contains(key) : nullptr;
    return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
}

std::string HmacSha256Hex(const std::string& key, const std::string& message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest, &length);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xF];
    }
    return out;
}

class NotificationsFlow : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        h_ = std::make_unique<AppHarness>(GetParam(), [](config::Config& c) {
            c.server.rate_limit_ip_per_minute = 0;
            c.server.rate_limit_principal_per_minute = 0;
        });
        h_->Start();
        c_ = h_->Client();
        h_->CreateUser("admin@acme.test", "admin", "Acme");
        h_->CreateUser("operator@acme.test", "operator", "Acme");
        h_->CreateUser("viewer@acme.test", "viewer", "Acme");
        admin_ = Bearer(h_->Login("admin@acme.test").access);
        operator_ = Bearer(h_->Login("operator@acme.test").access);
        viewer_ = Bearer(h_->Login("viewer@acme.test").access);
        auto scope = c_->Request("PUT", "/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", admin_);
        ASSERT_EQ(scope.status, 200) << scope.body;
    }

    std::unique_ptr<AppHarness> h_;
    std::unique_ptr<HttpClient> c_;
    Headers admin_, operator_, viewer_;
};

TEST_P(NotificationsFlow, AScanThatEndsNotifiesItsCreatorLiveAndCallsTheSignedWebhook) {
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<html><body>notify</body></html>"));
    HttpFixture receiver;
    receiver.Route("/hook", ScriptedResponse::Html("thanks"), "POST");

    // A webhook on loopback (allowed explicitly) and a rule: scan.finished to the creator in-app and to the webhook.
    auto hook = c_->Post("/api/v1/webhooks",
                         R"({"name": "siem", "url": ")" + receiver.Url("/hook") + R"(", "allow_private": true})", admin_);
    ASSERT_EQ(hook.status, 201) << hook.body;
    const json::value webhook = Json(hook.body);
    const std::string secret = Str(webhook, "secret");
    ASSERT_FALSE(secret.empty());
    auto rule = c_->Post("/api/v1/notification-rules",
                         R"({"name": "ended", "event": "scan.finished", "channels": {"in_app": {"to": "creator"},)"
                         R"( "webhook_ids": [")" + Str(webhook, "id") + R"("]}})",
                         admin_);
    ASSERT_EQ(rule.status, 201) << rule.body;

    const std::uint16_t port = h_->App().Port();
    WsClient creator, bystander;
    ASSERT_TRUE(creator.Connect(port, operator_)) << creator.Status();
    ASSERT_TRUE(creator.Subscribe("notifications"));
    ASSERT_TRUE(creator.ReadUntil("subscribed").has_value());
    ASSERT_TRUE(bystander.Connect(port, viewer_)) << bystander.Status();
    ASSERT_TRUE(bystander.Subscribe("notifications"));
    ASSERT_TRUE(bystander.ReadUntil("subscribed").has_value());

    auto started = c_->Post("/api/v1/scans",
                            R"({"targets": ["127.0.0.1"], "modules": ["ports", "headers"], "options": {"ports": ")" +
                                std::to_string(site.port()) + R"(", "timeout_ms": 2000}})",
                            operator_);
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string scan_id = Str(Json(started.body), "id");

    // The creator's session gets the notification live.
    auto pushed = creator.ReadUntil("\"notification\"", 60s);
    ASSERT_TRUE(pushed.has_value()) << "no live notification";
    const json::value frame = Json(*pushed);
    EXPECT_EQ(Str(frame, "topic"), "notifications");
    EXPECT_EQ(Str(frame, "type"), "notification");
    EXPECT_EQ(Str(frame.at("data"), "kind"), "scan.finished");
    EXPECT_FALSE(frame.as_object().contains("seq"));
    const std::string notification_id = Str(frame.at("data"), "id");
    // Nobody else's session does (the viewer is subscribed to the same topic).
    EXPECT_FALSE(bystander.ReadUntil("\"notification\"", 1500ms).has_value());

    // The inbox: the creator has it, unread; the viewer has nothing.
    auto listed = Json(c_->Get("/api/v1/notifications", operator_).body);
    ASSERT_EQ(listed.at("items").as_array().size(), 1u) << json::serialize(listed);
    EXPECT_EQ(Str(listed.at("items").at(0), "id"), notification_id);
    EXPECT_NE(Str(listed.at("items").at(0), "link").find(scan_id), std::string::npos);
    EXPECT_EQ(Json(c_->Get("/api/v1/notifications/unread-count", operator_).body).at("unread").as_int64(), 1);
    EXPECT_TRUE(Json(c_->Get("/api/v1/notifications", viewer_).body).at("items").as_array().empty());
    EXPECT_EQ(c_->Post("/api/v1/notifications/" + notification_id + "/read", "", viewer_).status, 404);
    EXPECT_EQ(c_->Post("/api/v1/notifications/" + notification_id + "/read", "", operator_).status, 200);
    EXPECT_EQ(Json(c_->Get("/api/v1/notifications/unread-count", operator_).body).at("unread").as_int64(), 0);

    // The webhook: one signed POST, verifiable with the secret, and a delivery log entry.
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    std::vector<HttpRequestRecord> requests;
    while (std::chrono::steady_clock::now() < deadline) {
        requests = receiver.Requests();
        if (!requests.empty()) break;
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(requests.size(), 1u);
    const HttpRequestRecord& post = requests.front();
    EXPECT_EQ(post.method, "POST");
    EXPECT_EQ(post.Header("x-palisade-event"), "scan.finished");
    const std::string timestamp = post.Header("x-palisade-timestamp");
    ASSERT_FALSE(timestamp.empty());
    EXPECT_EQ(post.Header("x-palisade-signature"), "sha256=" + HmacSha256Hex(secret, timestamp + "." + post.body));
    EXPECT_NE(post.Header("x-palisade-signature"), "sha256=" + HmacSha256Hex(secret + "x", timestamp + "." + post.body));
    const json::value body = Json(post.body);
    EXPECT_EQ(Str(body, "event"), "scan.finished");
    EXPECT_NE(json::serialize(body.at("data")).find(scan_id), std::string::npos) << post.body;
    json::value log;
    while (std::chrono::steady_clock::now() < deadline) {
        log = Json(c_->Get("/api/v1/webhooks/" + Str(webhook, "id") + "/deliveries", admin_).body);
        if (!log.at("items").as_array().empty()) break;
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(log.at("items").as_array().size(), 1u) << json::serialize(log);
    EXPECT_EQ(Str(log.at("items").at(0), "outcome"), "delivered");
    EXPECT_EQ(log.at("items").at(0).at("status_code").as_int64(), 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsFlow, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::testing
