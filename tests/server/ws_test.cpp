// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/ws on a real HttpServer (127.0.0.1:0) with a real Beast client (support/ws_client), a fake
// Authenticator and a fake WsPolicy with an in-memory event store (ws_fixture.hpp).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>

#include "server/ws_hub.hpp"
#include "ws_fixture.hpp"

namespace palisade::server {
namespace {

using namespace std::chrono_literals;
using namespace testing;  // palisade::server::testing: the fixtures
using palisade::testing::WsClient;

// As in server_tls_test.cpp: an EC P-256 key and a one-day self-signed certificate for CN=localhost, as PEM files.
bool MakeSelfSigned(const std::string& cert_file, const std::string& key_file) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) return false;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
    const auto write = [](const std::string& file, auto&& pem) {
        std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(file.c_str(), "w"), std::fclose);
        return f && pem(f.get()) == 1;
    };
    return write(cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); }) && write(key_file, [&](FILE* f) {
               return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
           });
}

TEST_F(WsTest, UpgradeWithoutCredentialsIs401) {
    Start();
    WsClient client;
    EXPECT_FALSE(client.Connect(Port()));
    EXPECT_EQ(client.Status(), 401);
    EXPECT_EQ(client.ResponseHeader("WWW-Authenticate"), "Bearer");
    EXPECT_NE(client.ResponseBody().find("unauthenticated"), std::string::npos);
    EXPECT_EQ(hub_->Sessions(), 0u);
}

TEST_F(WsTest, UpgradeWithBadTokenIs401) {
    Start();
    WsClient client;
    EXPECT_FALSE(client.Connect(Port(), {{"Authorization", "Bearer forged"}}));
    EXPECT_EQ(client.Status(), 401);
    WsClient key;
    EXPECT_FALSE(key.Connect(Port(), {{"X-API-Key", "wrong"}}));
    EXPECT_EQ(key.Status(), 401);
}

TEST_F(WsTest, CookieUpgradeNeedsAnAllowedOrigin) {
    Start();
    const std::pair<std::string, std::string> cookie{"Cookie", "palisade_access=c1"};
    WsClient evil;
    EXPECT_FALSE(evil.Connect(Port(), {cookie, {"Origin", "https://evil.example"}}));
    EXPECT_EQ(evil.Status(), 403);
    EXPECT_NE(evil.ResponseBody().find("origin-not-allowed"), std::string::npos);
    WsClient none;
    EXPECT_FALSE(none.Connect(Port(), {cookie}));
    EXPECT_EQ(none.Status(), 403);
    WsClient cors;  // listed in server.cors_allowed_origins
    EXPECT_TRUE(cors.Connect(Port(), {cookie, {"Origin", "https://ui.example"}})) << cors.Status();
    WsClient own;  // the origin of server.public_url, default port and case aside
    EXPECT_TRUE(own.Connect(Port(), {cookie, {"Origin", "https://palisade.example"}})) << own.Status();
    WsClient key;  // not a cookie: no ambient authority, so the Origin does not matter
    EXPECT_TRUE(key.Connect(Port(), {{"X-API-Key", "k1"}, {"Origin", "https://evil.example"}})) << key.Status();
}

TEST_F(WsTest, BearerSubprotocolAuthenticatesAndIsEchoed) {
    Start();
    WsClient client;
    WsClient::Options options;
    options.subprotocols = {"bearer", "good"};
    ASSERT_TRUE(client.ConnectWith(Port(), options)) << client.Status();
    EXPECT_EQ(client.ResponseHeader("Sec-WebSocket-Protocol"), "bearer");
    EXPECT_EQ(auth_.LastAuthorization(), "Bearer good");
    ASSERT_TRUE(client.Subscribe("scan:1"));
    EXPECT_EQ(Str(Parse(client.Read()), "type"), "subscribed");

    WsClient forged;
    options.subprotocols = {"bearer", "forged"};
    EXPECT_FALSE(forged.ConnectWith(Port(), options));
    EXPECT_EQ(forged.Status(), 401);
    WsClient tokenless;
    options.subprotocols = {"bearer"};
    EXPECT_FALSE(tokenless.ConnectWith(Port(), options));
    EXPECT_EQ(tokenless.Status(), 400);
}

TEST_F(WsTest, NonUpgradeRequestsGetProblems) {
    Start();
    palisade::testing::HttpClient http("http://127.0.0.1:" + std::to_string(Port()));
    auto plain = http.Get("/api/v1/ws", kGood);
    EXPECT_EQ(plain.status, 426);
    EXPECT_EQ(plain.Header("upgrade"), "websocket");
    EXPECT_EQ(plain.Header("content-type"), "application/problem+json");
    EXPECT_EQ(http.Post("/api/v1/ws", "{}", kGood).status, 405);

    const std::string head =
        "GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Authorization: Bearer good\r\n";
    testing::RawConnection old_version(Port());
    ASSERT_TRUE(
        old_version.Send(head + "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
    const std::string r1 = old_version.ReadResponse();
    EXPECT_EQ(testing::StatusOf(r1), 426);
    EXPECT_EQ(testing::HeaderOf(r1, "sec-websocket-version"), "13");
    testing::RawConnection bad_key(Port());
    ASSERT_TRUE(bad_key.Send(head + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n"));
    EXPECT_EQ(testing::StatusOf(bad_key.ReadResponse()), 400);
}

TEST_F(WsTest, WithoutHubThePathIsNotFound) {
    server_ = std::make_unique<HttpServer>(config_, router_, auth_, metrics_);
    ASSERT_TRUE(server_->Start().has_value());
    WsClient client;
    EXPECT_FALSE(client.Connect(Port(), kGood));
    EXPECT_EQ(client.Status(), 404);
}

TEST_F(WsTest, SubscribeIsAuthorisedPerTopicWithOneAnswerForUnknownAndForeign) {
    Start();
    WsClient client;
    ASSERT_TRUE(client.Connect(Port(), kGood));
    ASSERT_TRUE(client.Subscribe("scan:1"));
    auto ok = Parse(client.Read());
    EXPECT_EQ(Str(ok, "type"), "subscribed");
    EXPECT_EQ(Str(ok, "topic"), "scan:1");
    ASSERT_TRUE(client.Subscribe("scan:2"));  // exists, other organisation
    auto foreign = Parse(client.Read());
    ASSERT_TRUE(client.Subscribe("scan:999"));  // does not exist
    auto unknown = Parse(client.Read());
    EXPECT_EQ(Str(foreign, "type"), "error");
    EXPECT_EQ(ErrorOf(foreign), "not_found");
    EXPECT_EQ(foreign.at("data"), unknown.at("data"));
    EXPECT_EQ(Str(unknown, "topic"), "scan:999");
    // Refused topics get nothing; the granted one gets its events.
    hub_->Publish(policy_.Append("scan:2"));
    const std::int64_t seq = PublishStored("scan:1", R"({"percent":10})");
    auto event = Parse(client.Read());
    EXPECT_EQ(Str(event, "topic"), "scan:1");
    EXPECT_EQ(Seq(event), seq);
    EXPECT_EQ(event.at("data").at("percent").as_int64(), 10);
    EXPECT_EQ(hub_->Subscriptions(), 1u);
}

// The policy's Backlog blocks until events 6..8 were stored and published; whichever of them the backlog holds,
// the client sees 3..8 once each, in order, then live events.
void ExpectNoGapNoDuplicate(FakePolicy& policy, WsHub& hub, std::uint16_t port, bool snapshot) {
    for (int i = 0; i < 5; ++i) policy.Append("scan:1");
    policy.block_backlog = true;
    policy.snapshot_at_entry = snapshot;
    WsClient client;
    ASSERT_TRUE(client.Connect(port, kGood));
    ASSERT_TRUE(client.Subscribe("scan:1", 2));
    ASSERT_TRUE(Eventually([&] { return policy.backlog_entered.load(); }));
    for (int i = 0; i < 3; ++i) hub.Publish(policy.Append("scan:1"));
    policy.Release();
    std::vector<std::int64_t> seqs;
    bool subscribed = false;
    while (seqs.size() < 6 || !subscribed) {
        auto frame = Parse(client.Read());
        ASSERT_FALSE(frame.empty()) << "got " << seqs.size() << " events";
        if (Str(frame, "type") == "subscribed") {
            subscribed = true;
            continue;
        }
        seqs.push_back(Seq(frame));
    }
    EXPECT_TRUE(subscribed);
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{3, 4, 5, 6, 7, 8}));
    hub.Publish(policy.Append("scan:1"));
    EXPECT_EQ(Seq(Parse(client.Read())), 9);  // the next frame: nothing doubled in between
}

TEST_F(WsTest, BacklogThenLiveWhenTheBacklogMissesConcurrentEvents) {
    Start();
    ExpectNoGapNoDuplicate(policy_, *hub_, Port(), true);
}

TEST_F(WsTest, BacklogThenLiveWhenTheBacklogAlsoHoldsConcurrentEvents) {
    Start();
    ExpectNoGapNoDuplicate(policy_, *hub_, Port(), false);
}

TEST_F(WsTest, LongBacklogIsPagedThroughASmallQueue) {
    WsLimits limits;
    limits.backlog_page = 7;
    limits.max_queued_messages = 16;
    Start(limits);
    for (int i = 0; i < 100; ++i) policy_.Append("scan:1");
    WsClient client;
    ASSERT_TRUE(client.Connect(Port(), kGood));
    ASSERT_TRUE(client.Subscribe("scan:1"));
    for (std::int64_t seq = 1; seq <= 100; ++seq) ASSERT_EQ(Seq(Parse(client.Read())), seq);
    auto done = Parse(client.Read());
    EXPECT_EQ(Str(done, "type"), "subscribed");
    EXPECT_EQ(done.at("data").at("replayed").as_int64(), 100);
    EXPECT_EQ(hub_->Dropped(), 0u);
}

TEST_F(WsTest, ManyClientsReceiveEveryEventInOrder) {
    config_.io_threads = 2;
    Start();
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(Subscribed("scan:1"));
        ASSERT_NE(clients.back(), nullptr) << i;
    }
    EXPECT_EQ(hub_->Sessions(), 20u);
    for (int i = 0; i < 50; ++i) PublishStored("scan:1");
    for (auto& client : clients) {
        for (std::int64_t seq = 1; seq <= 50; ++seq) ASSERT_EQ(Seq(Parse(client->Read())), seq);
    }
    clients.clear();
    EXPECT_TRUE(Eventually([&] { return hub_->Sessions() == 0; }));
}

TEST_F(WsTest, SlowClientIsDroppedWhileFastClientGetsEverything) {
    WsLimits limits;
    limits.max_queued_messages = 64;
    limits.max_queued_bytes = 1024 * 1024;
    Start(limits);
    auto slow = Subscribed("scan:1");  // never reads again
    auto fast = Subscribed("scan:1");
    ASSERT_TRUE(slow && fast);
    std::atomic<std::int64_t> received{0};
    std::atomic<bool> in_order{true};
    std::thread reader([&] {
        for (;;) {
            auto frame = Parse(fast->Read(30s));
            if (frame.empty() || Str(frame, "type") == "done") return;
            if (Seq(frame) != received + 1) in_order = false;
            ++received;
        }
    });
    const std::string payload = "\"" + std::string(64 * 1024, 'x') + "\"";
    // Publish in batches the fast client can take, until the slow one is dropped; Publish itself must never wait.
    auto publisher = std::async(std::launch::async, [&] {
        std::int64_t published = 0;
        while (hub_->Dropped() == 0 && published < 4000) {
            for (int i = 0; i < 8; ++i) published = PublishStored("scan:1", payload);
            if (!Eventually([&] { return received.load() == published; }, 30s)) break;
        }
        return published;
    });
    ASSERT_EQ(publisher.wait_for(120s), std::future_status::ready);
    const std::int64_t published = publisher.get();
    hub_->Publish(WsMessage{"scan:1", "done", "", "", 0});
    reader.join();
    EXPECT_EQ(hub_->Dropped(), 1u);
    EXPECT_EQ(received.load(), published);
    EXPECT_TRUE(in_order.load());
    EXPECT_TRUE(Eventually([&] { return hub_->Sessions() == 1; }));
    EXPECT_NE(metrics_.RenderPrometheus().find("palisade_ws_dropped_total 1"), std::string::npos);
}

TEST_F(WsTest, BadFramesGetErrorFramesAndTheConnectionStays) {
    Start();
    WsClient client;
    ASSERT_TRUE(client.Connect(Port(), kGood));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "bad_request"},
        {"[1,2]", "bad_request"},
        {R"({"op":"dance"})", "unknown_op"},
        {R"({"op":"subscribe"})", "bad_request"},
        {R"({"op":"subscribe","topic":"has space"})", "bad_request"},
        {R"({"op":"subscribe","topic":"scan:1","after_seq":-1})", "bad_request"},
    };
    for (const auto& [text, error] : cases) {
        ASSERT_TRUE(client.Send(text));
        auto frame = Parse(client.Read());
        EXPECT_EQ(Str(frame, "type"), "error") << text;
        EXPECT_EQ(ErrorOf(frame), error) << text;
    }
    ASSERT_TRUE(client.SendBinary("\x01\x02"));
    EXPECT_EQ(ErrorOf(Parse(client.Read())), "bad_request");
    ASSERT_TRUE(client.Send(R"({"op":"ping"})"));
    EXPECT_EQ(Str(Parse(client.Read()), "type"), "pong");
    ASSERT_TRUE(client.Subscribe("scan:1"));
    EXPECT_EQ(Str(Parse(client.Read()), "type"), "subscribed");
    ASSERT_TRUE(client.Subscribe("scan:1"));
    EXPECT_EQ(ErrorOf(Parse(client.Read())), "already_subscribed");
}

TEST_F(WsTest, SubscriptionLimitAndUnsubscribe) {
    WsLimits limits;
    limits.max_subscriptions = 2;
    Start(limits);
    WsClient client;
    ASSERT_TRUE(client.Connect(Port(), kGood));
    for (const char* topic : {"scan:1", "notifications"}) {
        ASSERT_TRUE(client.Subscribe(topic));
        EXPECT_EQ(Str(Parse(client.Read()), "type"), "subscribed");
    }
    ASSERT_TRUE(client.Subscribe("scan:9"));
    EXPECT_EQ(ErrorOf(Parse(client.Read())), "too_many_subscriptions");
    ASSERT_TRUE(client.Send(R"({"op":"unsubscribe","topic":"scan:1"})"));
    EXPECT_EQ(Str(Parse(client.Read()), "type"), "unsubscribed");
    EXPECT_EQ(hub_->Subscriptions(), 1u);
    PublishStored("scan:1");  // no longer subscribed: not delivered
    const std::int64_t seq = PublishStored("notifications");
    auto next = Parse(client.Read());
    EXPECT_EQ(Str(next, "topic"), "notifications");
    EXPECT_EQ(Seq(next), seq);
}

TEST_F(WsTest, MessagesWithAnAudienceReachOnlyThatUsersSessions) {
    Start();
    auto first = Subscribed("inbox");                                   // u-1
    auto second = Subscribed("inbox", {{"Authorization", "Bearer other"}});  // u-2
    auto third = Subscribed("inbox", {{"X-API-Key", "k1"}});            // u-1 again, another session
    ASSERT_TRUE(first && second && third);
    hub_->Publish(WsMessage{"inbox", "notification", R"({"n":1})", "", 0, "u-2"});
    hub_->Publish(WsMessage{"inbox", "notification", R"({"n":2})", "", 0, "u-1"});
    hub_->Publish(WsMessage{"inbox", "notification", R"({"n":3})", "", 0, "u-9"});
    hub_->Publish(WsMessage{"inbox", "done", "", "", 0, ""});  // no audience: every subscriber
    const auto next_n = [](WsClient& client) {
        auto frame = Parse(client.Read());
        const json::value* data = frame.if_contains("data");
        if (Str(frame, "type") == "done") return std::int64_t{0};
        return data != nullptr && data->is_object() && data->as_object().contains("n") ? data->at("n").as_int64()
                                                                                       : std::int64_t{-1};
    };
    for (WsClient* user1 : {first.get(), third.get()}) {
        EXPECT_EQ(next_n(*user1), 2);
        EXPECT_EQ(next_n(*user1), 0);
    }
    EXPECT_EQ(next_n(*second), 1);
    EXPECT_EQ(next_n(*second), 0);
}

TEST_F(WsTest, OversizeFrameClosesWith1009) {
    Start();
    WsClient client;
    ASSERT_TRUE(client.Connect(Port(), kGood));
    ASSERT_TRUE(client.Send(std::string(5000, ' ')));
    EXPECT_FALSE(client.Read());
    EXPECT_EQ(client.CloseCode(), 1009);
    EXPECT_TRUE(Eventually([&] { return hub_->Sessions() == 0; }));
}

TEST_F(WsTest, ShutdownClosesSessionsWith1001) {
    config_.shutdown_grace = 30s;  // a session that hung would hold Shutdown() this long
    Start();
    auto first = Subscribed("scan:1");
    auto second = Subscribed("notifications", {{"X-API-Key", "k1"}});
    ASSERT_TRUE(first && second);
    auto shutdown = std::async(std::launch::async, [&] { server_->Shutdown(); });
    for (WsClient* client : {first.get(), second.get()}) {
        EXPECT_FALSE(client->Read(10s));
        EXPECT_EQ(client->CloseCode(), 1001);
    }
    EXPECT_EQ(shutdown.wait_for(15s), std::future_status::ready);
    EXPECT_EQ(hub_->Sessions(), 0u);
}

TEST_F(WsTest, WorksOverTls) {
    std::string dir = (std::filesystem::temp_directory_path() / "palisade-ws-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    config_.tls_cert_file = dir + "/cert.pem";
    config_.tls_key_file = dir + "/key.pem";
    ASSERT_TRUE(MakeSelfSigned(config_.tls_cert_file, config_.tls_key_file));
    Start();
    WsClient client;
    WsClient::Options options;
    options.tls = true;
    options.subprotocols = {"bearer", "good"};
    ASSERT_TRUE(client.ConnectWith(Port(), options)) << client.Status() << " " << client.Error();
    ASSERT_TRUE(client.Subscribe("scan:1"));
    EXPECT_EQ(Str(Parse(client.Read()), "type"), "subscribed");
    const std::int64_t seq = PublishStored("scan:1");
    EXPECT_EQ(Seq(Parse(client.Read())), seq);
    auto shutdown = std::async(std::launch::async, [&] { server_->Shutdown(); });
    EXPECT_FALSE(client.Read());
    EXPECT_EQ(client.CloseCode(), 1001);
    shutdown.wait();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

TEST_F(WsTest, AccessTokenExpiryClosesWith4001) {
    Start();
    auto client = Subscribed("scan:1", {{"Authorization", "Bearer expiring"}});
    ASSERT_TRUE(client);
    EXPECT_FALSE(client->Read(10s));
    EXPECT_EQ(client->CloseCode(), 4001);
    EXPECT_EQ(client->CloseReason(), "token expired");
}

TEST_F(WsTest, RevokedCredentialClosesWith4001OnTheNextCheck) {
    WsLimits limits;
    limits.reauth_interval = 50ms;
    Start(limits);
    auto client = Subscribed("scan:1", {{"Authorization", "Bearer revocable"}});
    ASSERT_TRUE(client);
    auth_.revoked = true;
    EXPECT_FALSE(client->Read(10s));
    EXPECT_EQ(client->CloseCode(), 4001);
}

TEST_F(WsTest, MetricsCountSessionsAndSubscriptions) {
    Start();
    auto client = Subscribed("scan:1");
    ASSERT_TRUE(client);
    const std::string text = metrics_.RenderPrometheus();
    EXPECT_NE(text.find("palisade_ws_sessions 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("palisade_ws_subscriptions 1\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE palisade_ws_dropped_total counter"), std::string::npos);
}

}  // namespace
}  // namespace palisade::server
