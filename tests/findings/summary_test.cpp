// SPDX-License-Identifier: Apache-2.0
// FindingService::Summary: the dashboard's counts by severity, status, SLA and week, one organisation only.
#include "findings/findings_fixture.hpp"

namespace palisade::findings::testing {
namespace {

using std::chrono::hours;

class SummaryTest : public FindingsTest {
  protected:
    void SetUp() override {
        FindingsTest::SetUp();
        org_ = MakeOrg("Acme");
        ctx_ = MakeMember(org_, "analyst@acme.test");
    }
    std::string org_;
    identity::RequestContext ctx_;
};

TEST_P(SummaryTest, CountsBySeverityStatusSlaAndWeek) {
    // Sunday 2026-03-01: three findings on a TLS target (week of Monday 2026-02-23).
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"},
              {MakeFinding("tls.a", "10.0.0.5:443", scan::Severity::kCritical),
               MakeFinding("tls.b", "10.0.0.5:443", scan::Severity::kHigh),
               MakeFinding("tls.c", "10.0.0.5:443", scan::Severity::kMedium)});
    // Another organisation's findings never count.
    const std::string other = MakeOrg("Other");
    IngestOne(other, "scan-x", "10.9.9.9", {"tls"}, {MakeFinding("tls.a", "10.9.9.9:443", scan::Severity::kCritical)});
    // Monday 2026-03-09: a complete scan sees tls.a and a new tls.d, so tls.b and tls.c are fixed that week.
    clock_.Advance(hours(24 * 8));
    IngestOne(org_, "scan-2", "10.0.0.5", {"tls"},
              {MakeFinding("tls.a", "10.0.0.5:443", scan::Severity::kCritical),
               MakeFinding("tls.d", "10.0.0.5:443", scan::Severity::kLow)});
    ASSERT_TRUE(findings_->Update(ByCheck(ctx_, "tls.d").id, {.status = "false_positive"}, ctx_));
    ASSERT_TRUE(findings_->MarkSlaBreaches(clock_.Now()));  // tls.a: critical, due 7 days after 03-01

    auto s = findings_->Summary(3, ctx_);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    EXPECT_EQ(s->active_by_severity, (std::array<long long, 5>{0, 0, 0, 0, 1}));
    EXPECT_EQ(s->by_status, (std::array<long long, 5>{1, 0, 2, 0, 1}));  // open, triaged, fixed, accepted, fp
    EXPECT_EQ(s->sla_breached, 1);
    EXPECT_EQ(s->sla_due_soon, 0);
    EXPECT_EQ(s->sla_on_track, 0);
    EXPECT_EQ(s->sla_none, 0);
    ASSERT_EQ(s->weeks.size(), 3u);
    EXPECT_EQ(s->weeks[0].start, "2026-02-23");
    EXPECT_EQ(s->weeks[1].start, "2026-03-02");
    EXPECT_EQ(s->weeks[2].start, "2026-03-09");
    EXPECT_EQ(s->weeks[0].opened, 3);
    EXPECT_EQ(s->weeks[1].opened, 0);
    EXPECT_EQ(s->weeks[2].opened, 1);
    EXPECT_EQ(s->weeks[0].fixed, 0);
    EXPECT_EQ(s->weeks[2].fixed, 2);

    // One week back: only the current week, and what happened before it is outside the series.
    auto one = findings_->Summary(1, ctx_);
    ASSERT_TRUE(one.has_value());
    ASSERT_EQ(one->weeks.size(), 1u);
    EXPECT_EQ(one->weeks[0].opened, 1);
    EXPECT_EQ(one->weeks[0].fixed, 2);

    // Triaged findings are active; one due within seven days is "due soon", a later one "on track".
    IngestOne(org_, "scan-3", "10.0.0.6", {}, {MakeFinding("web.x", "http://10.0.0.6/", scan::Severity::kHigh),
                                                MakeFinding("web.y", "http://10.0.0.6/", scan::Severity::kLow)});
    const std::string x = ByCheck(ctx_, "web.x").id;
    ASSERT_TRUE(findings_->Update(x, {.status = "triaged"}, ctx_));
    const std::string soon = "2026-03-12T00:00:00.000Z";
    ASSERT_TRUE(findings_->Update(x, {.sla_due_at = std::optional<std::string>(soon)}, ctx_));
    auto later = findings_->Summary(12, ctx_);
    ASSERT_TRUE(later.has_value());
    EXPECT_EQ(later->active_by_severity, (std::array<long long, 5>{0, 1, 0, 1, 1}));
    EXPECT_EQ(later->by_status[1], 1);  // triaged
    EXPECT_EQ(later->sla_due_soon, 1);  // web.x
    EXPECT_EQ(later->sla_on_track, 1);  // web.y: low, 180 days
    EXPECT_EQ(later->weeks.size(), 12u);
    EXPECT_EQ(later->weeks.back().opened, 3);
}

TEST_P(SummaryTest, WeeksOutsideTheRangeAreRefusedByName) {
    for (int weeks : {0, -1, kMaxSummaryWeeks + 1}) {
        auto s = findings_->Summary(weeks, ctx_);
        ASSERT_FALSE(s.has_value());
        EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(s.error().field, "weeks");
    }
    auto empty = findings_->Summary(kMaxSummaryWeeks, ctx_);
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->weeks.size(), static_cast<std::size_t>(kMaxSummaryWeeks));
    EXPECT_EQ(empty->by_status, (std::array<long long, 5>{}));
    EXPECT_FALSE(findings_->Summary(4, identity::RequestContext{}).has_value());  // no principal
}

INSTANTIATE_TEST_SUITE_P(Backends, SummaryTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
