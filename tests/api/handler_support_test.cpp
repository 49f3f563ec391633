// SPDX-License-Identifier: Apache-2.0
#include "api/handler_support.hpp"

#include <gtest/gtest.h>

namespace palisade::api {
namespace {

server::Request WithQuery(std::string query) {
    server::Request r;
    r.query = std::move(query);
    return r;
}

TEST(ListParams, DefaultsToFiftyFromTheStart) {
    auto p = ParseListParams(WithQuery(""));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->limit, 50);
    EXPECT_EQ(p->cursor, "");
}

TEST(ListParams, ReadsLimitAndCursor) {
    auto p = ParseListParams(WithQuery("limit=200&cursor=abc%3D"));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->limit, 200);
    EXPECT_EQ(p->cursor, "abc=");
}

TEST(ListParams, RejectsBadLimitsNamingLimit) {
    for (const char* q : {"limit=0", "limit=201", "limit=-1", "limit=abc", "limit=", "limit=10x", "limit=1.5",
                          "limit=99999999999999999999"}) {
        auto p = ParseListParams(WithQuery(q));
        ASSERT_FALSE(p.has_value()) << q;
        EXPECT_EQ(p.error().error.code, ErrorCode::kInvalidArgument);
        ASSERT_EQ(p.error().field_errors.size(), 1u);
        EXPECT_EQ(p.error().field_errors[0].field, "limit");
    }
}

TEST(ListParams, RejectsOverlongCursorsTogetherWithBadLimits) {
    auto p = ParseListParams(WithQuery("limit=0&cursor=" + std::string(129, 'c')));
    ASSERT_FALSE(p.has_value());
    ASSERT_EQ(p.error().field_errors.size(), 2u);
    EXPECT_EQ(p.error().field_errors[1].field, "cursor");
    EXPECT_TRUE(ParseListParams(WithQuery("cursor=" + std::string(128, 'c'))).has_value());
    EXPECT_FALSE(ParseListParams(WithQuery("cursor=%FF")).has_value());
}

TEST(RequestContext, CarriesWhoAndWhere) {
    server::Request r;
    r.client_ip = "127.0.10.1";
    r.request_id = "rid";
    r.headers.emplace_back("user-agent", "curl/8\x01" + std::string(600, 'x'));
    r.principal = auth::Principal{"u1", "o1", "a@b.test", auth::Role::kAdmin, auth::CredentialKind::kApiKey, "", "k1"};
    auto ctx = MakeRequestContext(r);
    EXPECT_EQ(ctx.client_ip, "127.0.10.1");
    EXPECT_EQ(ctx.request_id, "rid");
    EXPECT_EQ(ctx.user_agent.substr(0, 6), "curl/8");  // control character dropped
    EXPECT_LE(ctx.user_agent.size(), kMaxUserAgentChars);
    ASSERT_TRUE(ctx.principal.has_value());
    EXPECT_EQ(ctx.principal->api_key_id, "k1");
}

}  // namespace
}  // namespace palisade::api
