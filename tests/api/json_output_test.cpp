// SPDX-License-Identifier: Apache-2.0
#include "api/json_output.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace palisade::api {
namespace {

TEST(JsonOutput, JsonResponseSetsStatusAndContentType) {
    auto r = JsonResponse(201, boost::json::object{{"a", 1}});
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(*r.Header("Content-Type"), "application/json");
    EXPECT_EQ(r.body, R"({"a":1})");
    EXPECT_TRUE(EmptyResponse(204).body.empty());
}

TEST(JsonOutput, UserNeverCarriesSecrets) {
    store::MemberRecord m;
    m.user.id = "u1";
    m.user.email = "a@b.test";
    m.user.display_name = "A";
    m.user.password_hash = "$argon2id$SECRET";
    m.user.totp_secret = "SEALED-SECRET";
    m.user.totp_enabled = true;
    m.user.created_at = "2026-01-01T00:00:00.000Z";
    m.role = "admin";
    const auto json = ToJson(m);
    EXPECT_EQ(json.at("role").as_string(), "admin");
    EXPECT_EQ(json.at("totp_enabled").as_bool(), true);
    EXPECT_EQ(json.size(), 8u);
    const std::string text = boost::json::serialize(json);
    EXPECT_EQ(text.find("SECRET"), std::string::npos);
    EXPECT_EQ(text.find("password"), std::string::npos);
}

TEST(JsonOutput, ApiKeyHasNullsForAbsentTimesAndNoHash) {
    store::ApiKeyRecord k;
    k.id = "k1";
    k.name = "ci";
    k.prefix = "pk_abc";
    k.key_hash = "HASHED";
    k.role = "viewer";
    k.expires_at = "2027-01-01T00:00:00.000Z";
    const auto json = ToJson(k);
    EXPECT_EQ(json.at("expires_at").as_string(), "2027-01-01T00:00:00.000Z");
    EXPECT_TRUE(json.at("last_used_at").is_null());
    EXPECT_TRUE(json.at("revoked_at").is_null());
    EXPECT_EQ(boost::json::serialize(json).find("HASHED"), std::string::npos);
}

TEST(JsonOutput, InvitationHasNoTokenHash) {
    store::InvitationRecord i;
    i.id = "i1";
    i.token_hash = "TOKENHASH";
    EXPECT_EQ(boost::json::serialize(ToJson(i)).find("TOKENHASH"), std::string::npos);
}

TEST(JsonOutput, AuditEntryKeepsTheChain) {
    store::AuditRecord a;
    a.seq = 7;
    a.prev_hash = "p";
    a.hash = "h";
    a.actor_user_id = "u1";
    const auto json = ToJson(a);
    EXPECT_EQ(json.at("seq").as_int64(), 7);
    EXPECT_EQ(json.at("prev_hash").as_string(), "p");
    EXPECT_EQ(json.at("hash").as_string(), "h");
    EXPECT_EQ(json.at("actor_user_id").as_string(), "u1");
    EXPECT_TRUE(json.at("actor_key_id").is_null());
    EXPECT_TRUE(json.at("org_id").is_null());
}

TEST(JsonOutput, PagesHaveItemsAndANullableCursor) {
    identity::Page<store::OrgRecord> page;
    page.items.push_back({"o1", "Acme", "t", "t"});
    auto last = PageToJson(page);
    EXPECT_EQ(last.at("items").as_array().size(), 1u);
    EXPECT_TRUE(last.at("next_cursor").is_null());
    page.next_cursor = "abc";
    EXPECT_EQ(PageToJson(page).at("next_cursor").as_string(), "abc");
}

}  // namespace
}  // namespace palisade::api
