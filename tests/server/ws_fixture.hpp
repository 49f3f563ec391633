// SPDX-License-Identifier: Apache-2.0
// For the WebSocket tests: a fake Authenticator, a fake WsPolicy with an in-memory event store, frame helpers and a
// fixture running a real HttpServer with a WsHub on 127.0.0.1:0.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "log/log.hpp"
#include "server/ws_hub.hpp"
#include "server_fixture.hpp"
#include "support/ws_client.hpp"

namespace palisade::server::testing {

using palisade::testing::Headers;
using palisade::testing::WsClient;
namespace json = boost::json;

// Bearer good / expiring -> u-1 (org-1); Bearer other -> u-2 (org-2); Bearer revocable -> u-1 until revoked;
// Cookie palisade_access=c1 -> u-1 by cookie; X-API-Key: k1 -> u-1 by key. Anything else: 401; nothing: none.
class WsAuthenticator final : public Authenticator {
  public:
    Result<std::optional<auth::Principal>> Authenticate(const Request& request) override {
        auth::Principal p;
        p.user_id = "u-1";
        p.org_id = "org-1";
        if (const std::string* key = request.Header("x-api-key")) {
            if (*key != "k1") return Fail(ErrorCode::kUnauthenticated, "invalid API key");
            p.credential = auth::CredentialKind::kApiKey;
            p.api_key_id = "k1";
            return p;
        }
        if (const std::string* authorization = request.Header("authorization")) {
            {
                std::lock_guard lock(mutex_);
                last_authorization_ = *authorization;
            }
            if (*authorization == "Bearer other") {
                p.user_id = "u-2";
                p.org_id = "org-2";
                return p;
            }
            if (*authorization == "Bearer revocable" && revoked) return Fail(ErrorCode::kUnauthenticated, "revoked");
            if (*authorization == "Bearer good" || *authorization == "Bearer expiring" ||
                *authorization == "Bearer revocable") {
                return p;
            }
            return Fail(ErrorCode::kUnauthenticated, "invalid or expired token");
        }
        if (auto cookie = request.Cookie("palisade_access")) {
            if (*cookie != "c1") return Fail(ErrorCode::kUnauthenticated, "invalid or expired token");
            p.credential = auth::CredentialKind::kCookie;
            return p;
        }
        return std::optional<auth::Principal>();
    }
    std::string LastAuthorization() {
        std::lock_guard lock(mutex_);
        return last_authorization_;
    }
    std::atomic<bool> revoked{false};

  private:
    std::mutex mutex_;
    std::string last_authorization_;
};

// Topics "scan:1" and "notifications" belong to org-1, "scan:2" to org-2; "inbox" is open to everyone (a per-user
// stream: its messages carry an audience); nothing else exists. Events are stored
// before they are published, as the contract asks. With block_backlog, the next Backlog call waits for Release().
class FakePolicy final : public WsPolicy {
  public:
    bool Authorize(const auth::Principal& principal, const std::string& topic) override {
        static const std::map<std::string, std::string> kOwners = {
            {"scan:1", "org-1"}, {"scan:2", "org-2"}, {"notifications", "org-1"}};
        if (topic == "inbox") return true;
        auto it = kOwners.find(topic);
        return it != kOwners.end() && it->second == principal.org_id;
    }

    std::vector<WsMessage> Backlog(const auth::Principal&, const std::string& topic, std::int64_t after,
                                   std::size_t limit) override {
        std::unique_lock lock(mutex_);
        ++backlog_calls;
        std::vector<WsMessage> snapshot = Since(topic, after, limit);
        if (block_backlog) {
            block_backlog = false;
            backlog_entered = true;
            released_.wait(lock, [&] { return release_; });
            if (!snapshot_at_entry) snapshot = Since(topic, after, limit);
        }
        return snapshot;
    }

    std::optional<std::chrono::system_clock::time_point> CredentialExpiry(const auth::Principal&,
                                                                          const Request& upgrade) override {
        const std::string* authorization = upgrade.Header("authorization");
        if (authorization == nullptr || *authorization != "Bearer expiring") return std::nullopt;
        return std::chrono::system_clock::now() + 300ms;
    }

    // Stores an event and returns it, ready to publish.
    WsMessage Append(const std::string& topic, std::string data_json = "{}") {
        std::lock_guard lock(mutex_);
        auto& events = store_[topic];
        WsMessage m{topic, "progress", std::move(data_json), "2026-01-02T03:04:05.678Z",
                    static_cast<std::int64_t>(events.size()) + 1};
        events.push_back(m);
        return m;
    }

    void Release() {
        std::lock_guard lock(mutex_);
        release_ = true;
        released_.notify_all();
    }

    bool block_backlog = false;     // guarded by mutex_ (set before the client subscribes)
    bool snapshot_at_entry = true;  // the blocked Backlog returns what was stored when it was called
    std::atomic<bool> backlog_entered{false};
    std::atomic<int> backlog_calls{0};

  private:
    std::vector<WsMessage> Since(const std::string& topic, std::int64_t after, std::size_t limit) {
        std::vector<WsMessage> out;
        for (const WsMessage& m : store_[topic]) {
            if (m.seq > after && out.size() < limit) out.push_back(m);
        }
        return out;
    }
    std::mutex mutex_;
    std::condition_variable released_;
    bool release_ = false;
    std::map<std::string, std::vector<WsMessage>> store_;
};

inline json::object Parse(const std::optional<std::string>& text) {
    if (!text) return {};
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    return !ec && v.is_object() ? v.get_object() : json::object();
}

inline std::string Str(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline std::int64_t Seq(const json::object& o) {
    const json::value* v = o.if_contains("seq");
    return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

inline std::string ErrorOf(const json::object& o) {
    const json::value* data = o.if_contains("data");
    return data != nullptr && data->is_object() ? Str(data->get_object(), "error") : std::string();
}

inline const Headers kGood = {{"Authorization", "Bearer good"}};

class WsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        log::Init("error", "json");
        config_.cors_allowed_origins = {"https://ui.example"};
        config_.public_url = "https://Palisade.example:443/app";
    }
    void TearDown() override {
        if (server_) server_->Shutdown();
        server_.reset();
    }
    void Start(WsLimits limits = {}) {
        hub_ = std::make_unique<WsHub>(limits);
        server_ = std::make_unique<HttpServer>(config_, router_, auth_, metrics_, hub_.get(), &policy_);
        auto started = server_->Start();
        ASSERT_TRUE(started.has_value()) << started.error().message;
    }
    std::uint16_t Port() const { return server_->Port(); }

    // A connected client subscribed to `topic` (the "subscribed" frame consumed); null on failure.
    std::unique_ptr<WsClient> Subscribed(const std::string& topic, const Headers& headers = kGood) {
        auto client = std::make_unique<WsClient>();
        if (!client->Connect(Port(), headers) || !client->Subscribe(topic)) return nullptr;
        auto frame = Parse(client->Read());
        if (Str(frame, "type") != "subscribed" || Str(frame, "topic") != topic) return nullptr;
        return client;
    }

    std::int64_t PublishStored(const std::string& topic, std::string data = "{}") {
        WsMessage m = policy_.Append(topic, std::move(data));
        hub_->Publish(m);
        return m.seq;
    }

    config::ServerConfig config_ = TestConfig();
    Router router_;
    WsAuthenticator auth_;
    FakePolicy policy_;
    Metrics metrics_;
    std::unique_ptr<WsHub> hub_;
    std::unique_ptr<HttpServer> server_;
};

}  // namespace palisade::server::testing
