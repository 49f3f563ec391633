// SPDX-License-Identifier: Apache-2.0
// A user's in-app notifications through InboxService: newest first with cursor, unread and kind filters, read and
// read-all with their live unread counts, and isolation between users and organisations.
#include <gmock/gmock.h>

#include <boost/json.hpp>

#include "notifications/notifications_fixture.hpp"

namespace palisade::notifications::testing {
namespace {

namespace json = boost::json;

class InboxTest : public NotificationsTest {
  protected:
    void SetUp() override {
        NotificationsTest::SetUp();
        admin_ = User("admin@acme.test", "admin", "Acme");
        analyst_ = User("analyst@acme.test", "analyst", "Acme");
    }

    // A scan of `creator` that ended: with the default rules the creator gets one notification.
    void ScanEnded(const Member& creator, const std::string& scan_id, const std::string& state = "done") {
        auto s = notifications_->notifier().OnScanEnded(creator.org_id, scan_id, state, creator.id,
                                                        R"({"new":2,"fixed":1})", {});
        ASSERT_TRUE(s.has_value()) << s.error().message << " " << s.error().detail;
        clock_.Advance(std::chrono::seconds(1));
    }

    Member admin_, analyst_;
};

TEST_P(InboxTest, ListsNewestFirstWithCursorAndFilters) {
    ScanEnded(analyst_, "scan-1");
    ScanEnded(analyst_, "scan-2", "failed");
    ScanEnded(analyst_, "scan-3");
    InboxQuery q;
    q.limit = 2;
    auto page = notifications_->inbox().List(q, analyst_.ctx);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].link, "/scans/scan-3");
    EXPECT_EQ(page->items[1].link, "/scans/scan-2");
    EXPECT_EQ(page->items[1].kind, "scan.failed");
    EXPECT_EQ(page->items[1].priority, "high");
    EXPECT_EQ(page->items[0].title, "Scan finished");
    EXPECT_EQ(page->items[0].body, "2 new findings, 1 finding fixed.");
    ASSERT_FALSE(page->next_cursor.empty());
    q.cursor = page->next_cursor;
    page = notifications_->inbox().List(q, analyst_.ctx);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].link, "/scans/scan-1");
    EXPECT_TRUE(page->next_cursor.empty());

    InboxQuery failed;
    failed.kind = "scan.failed";
    page = notifications_->inbox().List(failed, analyst_.ctx);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].link, "/scans/scan-2");

    InboxQuery bad;
    bad.kind = "scan.exploded";
    auto refused = notifications_->inbox().List(bad, analyst_.ctx);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().field, "kind");
}

TEST_P(InboxTest, ReadAndReadAllPushUnreadCounts) {
    ScanEnded(analyst_, "scan-1");
    ScanEnded(analyst_, "scan-2");
    ScanEnded(analyst_, "scan-3");
    EXPECT_EQ(notifications_->inbox().UnreadCount(analyst_.ctx).value_or(-1), 3);
    const auto all = Inbox(analyst_);
    ASSERT_EQ(all.size(), 3u);

    auto read = notifications_->inbox().MarkRead(all[1].id, analyst_.ctx);
    ASSERT_TRUE(read.has_value());
    ASSERT_TRUE(read->read_at.has_value());
    EXPECT_EQ(*read->read_at, FormatTime(clock_.Now()));
    EXPECT_EQ(notifications_->inbox().UnreadCount(analyst_.ctx).value_or(-1), 2);
    // Reading it again changes nothing and pushes nothing.
    const std::size_t pushes = PushedTo(analyst_.id).size();
    ASSERT_TRUE(notifications_->inbox().MarkRead(all[1].id, analyst_.ctx).has_value());
    EXPECT_EQ(PushedTo(analyst_.id).size(), pushes);

    InboxQuery unread;
    unread.unread_only = true;
    auto page = notifications_->inbox().List(unread, analyst_.ctx);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].id, all[0].id);
    EXPECT_EQ(page->items[1].id, all[2].id);

    auto n = notifications_->inbox().MarkAllRead(analyst_.ctx);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(*n, 2);
    EXPECT_EQ(notifications_->inbox().UnreadCount(analyst_.ctx).value_or(-1), 0);

    const auto pushed = PushedTo(analyst_.id);
    std::vector<std::string> counts;
    for (const auto& p : pushed) {
        if (p.type == "unread_count") counts.push_back(p.data_json);
    }
    EXPECT_THAT(counts, ::testing::ElementsAre(R"({"unread":2})", R"({"unread":0})"));
}

TEST_P(InboxTest, PushesEveryNewNotificationAfterTheCommit) {
    ScanEnded(analyst_, "scan-1");
    const auto pushed = PushedTo(analyst_.id);
    ASSERT_EQ(pushed.size(), 1u);
    EXPECT_EQ(pushed[0].type, "notification");
    EXPECT_EQ(pushed[0].org_id, analyst_.org_id);
    const auto data = json::parse(pushed[0].data_json).as_object();
    EXPECT_EQ(data.at("id"), json::value(Inbox(analyst_)[0].id));
    EXPECT_EQ(data.at("kind"), "scan.finished");
    EXPECT_EQ(data.at("link"), "/scans/scan-1");
    EXPECT_EQ(data.at("read"), false);
    EXPECT_TRUE(PushedTo(admin_.id).empty());  // the default goes to the creator only
}

TEST_P(InboxTest, AnotherUsersNotificationIsNotFound) {
    ScanEnded(analyst_, "scan-1");
    const auto mine = Inbox(analyst_);
    ASSERT_EQ(mine.size(), 1u);
    // Another member of the same organisation, even an admin.
    auto r = notifications_->inbox().MarkRead(mine[0].id, admin_.ctx);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Inbox(admin_).empty());
    // The same user id seen through another organisation.
    Member other = User("other@beta.test", "admin", "Beta");
    identity::RequestContext elsewhere = analyst_.ctx;
    elsewhere.principal->org_id = other.org_id;
    r = notifications_->inbox().MarkRead(mine[0].id, elsewhere);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Inbox(Member{analyst_.id, other.org_id, "", "", elsewhere}).empty());
    EXPECT_EQ(notifications_->inbox().UnreadCount(analyst_.ctx).value_or(-1), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, InboxTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::notifications::testing
