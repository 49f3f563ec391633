// SPDX-License-Identifier: Apache-2.0
#include "api/audit/audit_handlers.hpp"

#include <gtest/gtest.h>

#include <set>

namespace palisade::api {
namespace {

server::Request WithQuery(std::string query) {
    server::Request r;
    r.query = std::move(query);
    return r;
}

std::set<std::string> FieldsAtFault(const ApiError& e) {
    std::set<std::string> out;
    for (const auto& f : e.field_errors) out.insert(f.field);
    return out;
}

TEST(AuditFilter, DefaultsToTheNewestFiftyUnfiltered) {
    auto f = ParseAuditFilter(WithQuery(""));
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->limit, 50);
    EXPECT_EQ(f->before_seq, 0);
    EXPECT_FALSE(f->action || f->actor_user_id || f->object_id || f->outcome || f->since || f->until);
}

TEST(AuditFilter, ReadsEveryFilter) {
    auto f = ParseAuditFilter(WithQuery("action=auth.*&actor=u1&object_id=o1&outcome=denied"
                                        "&since=2026-01-02T03:04:05Z&until=2026-01-03T00:00:00.5Z&limit=10&cursor=99"));
    ASSERT_TRUE(f.has_value()) << f.error().field_errors.at(0).field;
    EXPECT_EQ(f->action, "auth.*");
    EXPECT_EQ(f->actor_user_id, "u1");
    EXPECT_EQ(f->object_id, "o1");
    EXPECT_EQ(f->outcome, "denied");
    EXPECT_EQ(f->since, "2026-01-02T03:04:05.000Z");  // the stored form, so text order is time order
    EXPECT_EQ(f->until, "2026-01-03T00:00:00.500Z");
    EXPECT_EQ(f->limit, 10);
    EXPECT_EQ(f->before_seq, 99);
}

TEST(AuditFilter, ReportsEveryBadParameter) {
    auto f = ParseAuditFilter(WithQuery("action=a*b&outcome=maybe&since=yesterday&until=2026-01-01T00:00:00%2B02:00"
                                        "&limit=500&cursor=abc"));
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldsAtFault(f.error()),
              (std::set<std::string>{"action", "outcome", "since", "until", "limit", "cursor"}));
}

TEST(AuditFilter, RejectsLooseTimesAndEmptyRanges) {
    EXPECT_FALSE(ParseAuditFilter(WithQuery("since=26-1-2T3:4:5Z")).has_value());
    EXPECT_FALSE(ParseAuditFilter(WithQuery("since=2026-01-02")).has_value());
    auto range = ParseAuditFilter(WithQuery("since=2026-01-02T00:00:00Z&until=2026-01-02T00:00:00Z"));
    ASSERT_FALSE(range.has_value());
    EXPECT_EQ(FieldsAtFault(range.error()), std::set<std::string>{"until"});
}

TEST(AuditFilter, CursorIsAPositiveSeq) {
    for (const char* q : {"cursor=0", "cursor=-5", "cursor=1x", "cursor=99999999999999999999999"}) {
        EXPECT_FALSE(ParseAuditFilter(WithQuery(q)).has_value()) << q;
    }
}

}  // namespace
}  // namespace palisade::api
