// SPDX-License-Identifier: Apache-2.0
// The Beast-free parts of the WebSocket endpoint: client ops, frames (server/ws_hub.hpp) and the upgrade's
// decisions (server/ws_upgrade.hpp). The endpoint itself is tested end to end in ws_test.cpp.
#include <gtest/gtest.h>

#include "server/ws_hub.hpp"
#include "server/ws_upgrade.hpp"

namespace palisade::server::detail {
namespace {

TEST(WsProtocol, ParsesClientOps) {
    auto sub = ParseWsClientOp(R"({"op":"subscribe","topic":"scan:01J","after_seq":42,"extra":true})");
    EXPECT_EQ(sub.kind, WsClientOp::Kind::kSubscribe);
    EXPECT_EQ(sub.topic, "scan:01J");
    EXPECT_EQ(sub.after_seq, 42);
    EXPECT_EQ(ParseWsClientOp(R"({"op":"unsubscribe","topic":"t"})").kind, WsClientOp::Kind::kUnsubscribe);
    EXPECT_EQ(ParseWsClientOp(R"({"op":"ping"})").kind, WsClientOp::Kind::kPing);
    EXPECT_EQ(ParseWsClientOp(R"({"op":"subscribe","topic":"t","after_seq":1.5})").error, "bad_request");
    EXPECT_EQ(ParseWsClientOp(R"({"op":"subscribe","topic":"t","after_seq":18446744073709551615})").error,
              "bad_request");
    EXPECT_EQ(ParseWsClientOp(R"({"op":"subscribe","topic":")" + std::string(201, 'a') + "\"}").error, "bad_request");
    EXPECT_EQ(ParseWsClientOp(R"({"op":7})").error, "bad_request");
    EXPECT_EQ(ParseWsClientOp("").error, "bad_request");
}

TEST(WsProtocol, SerialisesFramesWithRawData) {
    EXPECT_EQ(ToFrameText({"scan:1", "progress", R"({"p":1})", "2026-01-02T03:04:05.678Z", 7}),
              R"({"topic":"scan:1","type":"progress","data":{"p":1},"at":"2026-01-02T03:04:05.678Z","seq":7})");
    EXPECT_EQ(ToFrameText({"", "pong", "", "2026-01-02T03:04:05.678Z", 0}),
              R"({"type":"pong","data":null,"at":"2026-01-02T03:04:05.678Z"})");
    EXPECT_EQ(ToFrameText({"a\"b", "t", "", "x", 0}), R"({"topic":"a\"b","type":"t","data":null,"at":"x"})");
    EXPECT_FALSE(MakeWsFrame({"scan:1", "t", "{broken", "", 1}));
    EXPECT_EQ(WsErrorData("not_found"), R"({"error":"not_found"})");
}

Request Handshake(std::vector<std::pair<std::string, std::string>> headers) {
    Request r;
    r.method = Method::kGet;
    r.headers = {{"host", "x"},
                 {"connection", "keep-alive, Upgrade"},
                 {"upgrade", "websocket"},
                 {"sec-websocket-version", "13"},
                 {"sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    for (auto& h : headers) r.headers.push_back(std::move(h));
    return r;
}

TEST(WsUpgrade, ChecksTheOpeningHandshake) {
    EXPECT_FALSE(CheckHandshake(Handshake({}), true));
    EXPECT_EQ(CheckHandshake(Handshake({}), false)->status, 426);  // HTTP/1.0
    Request post = Handshake({});
    post.method = Method::kPost;
    auto refused = CheckHandshake(post, true);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 405);
    EXPECT_EQ(*refused->Header("Allow"), "GET");
    Request plain;
    EXPECT_EQ(CheckHandshake(plain, true)->status, 426);
    Request old = Handshake({});
    old.headers[3].second = "8";
    refused = CheckHandshake(old, true);
    EXPECT_EQ(refused->status, 426);
    EXPECT_EQ(*refused->Header("Sec-WebSocket-Version"), "13");
    Request bad_key = Handshake({});
    bad_key.headers[4].second = "dGhlIHNhbXBsZSBub25jZQ";  // 16 bytes, padding missing
    EXPECT_EQ(CheckHandshake(bad_key, true)->status, 400);
}

TEST(WsUpgrade, MovesTheSubprotocolTokenIntoAuthorization) {
    auto up = PrepareCredentials(Handshake({{"sec-websocket-protocol", "bearer, eyJ.abc.def"}}));
    ASSERT_FALSE(up.refusal);
    EXPECT_TRUE(up.bearer);
    EXPECT_EQ(*up.credentials.Header("authorization"), "Bearer eyJ.abc.def");
    EXPECT_EQ(up.credentials.Header("sec-websocket-protocol"), nullptr);
    auto none = PrepareCredentials(Handshake({{"sec-websocket-protocol", "graphql-ws"}}));
    EXPECT_FALSE(none.bearer);
    EXPECT_EQ(none.credentials.Header("authorization"), nullptr);
    EXPECT_EQ(PrepareCredentials(Handshake({{"sec-websocket-protocol", "bearer"}})).refusal->status, 400);
    auto both = PrepareCredentials(Handshake({{"sec-websocket-protocol", "bearer, t"}, {"authorization", "Bearer u"}}));
    EXPECT_EQ(both.refusal->status, 400);
}

TEST(WsUpgrade, AllowsOnlyTheServersOwnAndConfiguredOrigins) {
    config::ServerConfig config;
    config.public_url = "https://Palisade.example.com:443/base/";
    config.cors_allowed_origins = {"http://localhost:5173"};
    const auto allowed = [&](std::string origin) { return OriginAllowed(config, &origin); };
    EXPECT_TRUE(allowed("https://palisade.example.com"));
    EXPECT_TRUE(allowed("https://palisade.example.com:443"));
    EXPECT_TRUE(allowed("http://localhost:5173"));
    EXPECT_FALSE(allowed("http://palisade.example.com"));  // another scheme is another origin
    EXPECT_FALSE(allowed("https://palisade.example.com.evil.example"));
    EXPECT_FALSE(allowed("https://palisade.example.com:8443"));
    EXPECT_FALSE(allowed("null"));
    EXPECT_FALSE(allowed(""));
    EXPECT_FALSE(OriginAllowed(config, nullptr));
    config.public_url.clear();
    EXPECT_FALSE(allowed("https://palisade.example.com"));
}

}  // namespace
}  // namespace palisade::server::detail
