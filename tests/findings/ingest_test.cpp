// SPDX-License-Identifier: Apache-2.0
// FindingService::IngestScan: deduplication, regressions, auto-fix, remembered closures, idempotency, assets.
#include <gmock/gmock.h>

#include <thread>

#include "core/time.hpp"
#include "findings/findings_fixture.hpp"

namespace palisade::findings::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

constexpr auto kDay = std::chrono::hours(24);

class IngestTest : public FindingsTest {
protected:
    void SetUp() override {
        FindingsTest::SetUp();
        org_ = MakeOrg("Acme");
        ctx_ = MakeMember(org_, "analyst@acme.test");
    }
    std::string org_;
    identity::RequestContext ctx_;
};

TEST_P(IngestTest, NewFingerprintBecomesAnOpenFindingWithItsSla) {
    auto s = IngestOne(org_, "scan-1", "10.0.0.5", {"tls"},
                       {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443", scan::Severity::kHigh),
                        MakeFinding("template.git-config", "http://10.0.0.5/.git/config", scan::Severity::kInfo)});
    EXPECT_EQ(s.new_findings, 2);
    EXPECT_EQ(s.new_finding_ids.size(), 2u);
    const auto f = ByCheck(ctx_, "tls.protocol.tls1_0");
    EXPECT_EQ(f.status, "open");
    EXPECT_EQ(f.module, "tls");
    EXPECT_EQ(f.severity, "high");
    EXPECT_EQ(f.first_seen, "2026-03-01T00:00:00.000Z");
    EXPECT_EQ(f.last_seen, f.first_seen);
    EXPECT_EQ(f.occurrences, 1);
    EXPECT_EQ(f.first_scan_id, "scan-1");
    EXPECT_EQ(f.target, "10.0.0.5");
    EXPECT_EQ(f.sla_due_at, "2026-03-31T00:00:00.000Z");  // high: 30 days
    EXPECT_EQ(ParseStringArray(f.cwe), std::vector<std::string>{"CWE-327"});
    const auto t = ByCheck(ctx_, "template.git-config");
    EXPECT_EQ(t.module, "templates");
    EXPECT_FALSE(t.sla_due_at.has_value()) << "info has no SLA by default";
}

TEST_P(IngestTest, SeenAgainRefreshesLastSeenAndCountsOccurrences) {
    const auto finding = MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443");
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {finding});
    const auto first = ByCheck(ctx_, "tls.protocol.tls1_0");
    ASSERT_TRUE(findings_->Update(first.id, {.status = "triaged"}, ctx_).has_value());
    clock_.Advance(kDay);
    auto s = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(s.new_findings, 0);
    EXPECT_EQ(s.seen_again, 1);
    const auto again = Finding(ctx_, first.id);
    EXPECT_EQ(again.status, "triaged");
    EXPECT_EQ(again.occurrences, 2);
    EXPECT_EQ(again.first_seen, first.first_seen);
    EXPECT_EQ(again.last_seen, "2026-03-02T00:00:00.000Z");
    EXPECT_EQ(again.last_scan_id, "scan-2");
    EXPECT_EQ(again.first_scan_id, "scan-1");
}

TEST_P(IngestTest, FixedFindingSeenAgainReopensAsARegression) {
    const auto finding = MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443");
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {finding});
    const std::string id = ByCheck(ctx_, "tls.protocol.tls1_0").id;
    auto fixed = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {});
    EXPECT_EQ(fixed.fixed, 1);
    auto f = Finding(ctx_, id);
    EXPECT_EQ(f.status, "fixed");
    EXPECT_EQ(f.fixed_scan_id, "scan-2");
    auto history = HistoryOf(ctx_, id);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().actor_label, "system");
    EXPECT_EQ(history.back().note, "not seen by scan scan-2");
    EXPECT_EQ(history.back().to_value, "fixed");

    clock_.Advance(kDay);
    auto back = IngestOne(org_, "scan-3", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(back.regressions, 1);
    EXPECT_THAT(back.new_finding_ids, Contains(id));
    f = Finding(ctx_, id);
    EXPECT_EQ(f.status, "open");
    EXPECT_TRUE(f.regression);
    EXPECT_FALSE(f.fixed_scan_id.has_value());
    EXPECT_EQ(f.sla_due_at, "2026-05-31T00:00:00.000Z") << "the SLA restarts on reopening (medium: 90 days)";
    history = HistoryOf(ctx_, id);
    EXPECT_EQ(history.back().from_value, "fixed");
    EXPECT_EQ(history.back().to_value, "open");
}

TEST_P(IngestTest, AutoFixNeedsACompleteScanAndTheModuleDoneOnThatTarget) {
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls", "headers"},
              {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443"),
               MakeFinding("headers.hsts.missing", "https://10.0.0.5/")});
    IngestOne(org_, "scan-1b", "10.0.0.6", {"tls"}, {MakeFinding("tls.cert.expired", "10.0.0.6:443")});
    const std::string tls_id = ByCheck(ctx_, "tls.protocol.tls1_0").id;
    const std::string headers_id = ByCheck(ctx_, "headers.hsts.missing").id;
    const std::string other_id = ByCheck(ctx_, "tls.cert.expired").id;

    // Incomplete: nothing is fixed although every module is done.
    auto s = IngestOne(org_, "scan-2", "10.0.0.5", {"tls", "headers"}, {}, false);
    EXPECT_EQ(s.fixed, 0);
    EXPECT_EQ(Finding(ctx_, tls_id).status, "open");

    // Complete, but headers failed on the target: only the tls finding is fixed; 10.0.0.6 was not scanned.
    scan::ScanReport report;
    report.targets.push_back(MakeTarget("10.0.0.5", {"tls"}));
    report.targets.front().modules.push_back({"headers", scan::ModuleStatus::kFailed});
    s = Ingest(org_, "scan-3", report, {});
    EXPECT_EQ(s.fixed, 1);
    EXPECT_EQ(Finding(ctx_, tls_id).status, "fixed");
    EXPECT_EQ(Finding(ctx_, headers_id).status, "open");
    EXPECT_EQ(Finding(ctx_, other_id).status, "open");
}

TEST_P(IngestTest, FalsePositiveIsRememberedAndCountedAsSuppressed) {
    const auto finding = MakeFinding("headers.csp.missing", "https://a.test/");
    IngestOne(org_, "scan-1", "https://a.test/", {"headers"}, {finding});
    const std::string id = ByCheck(ctx_, "headers.csp.missing").id;
    ASSERT_TRUE(findings_->Update(id, {.status = "false_positive", .note = "CSP set by the CDN"}, ctx_));
    clock_.Advance(kDay);
    auto s = IngestOne(org_, "scan-2", "https://a.test/", {"headers"}, {finding});
    EXPECT_EQ(s.suppressed, 1);
    EXPECT_EQ(s.new_findings + s.regressions + s.seen_again, 0);
    const auto f = Finding(ctx_, id);
    EXPECT_EQ(f.status, "false_positive");
    EXPECT_EQ(f.last_seen, "2026-03-02T00:00:00.000Z");
    // Not seen again by a complete scan: a false positive is not "fixed" either.
    IngestOne(org_, "scan-3", "https://a.test/", {"headers"}, {});
    EXPECT_EQ(Finding(ctx_, id).status, "false_positive");
}

TEST_P(IngestTest, AcceptedRiskStaysAcceptedUntilItExpiresThenReopens) {
    const auto finding = MakeFinding("tls.cipher.cbc", "10.0.0.5:443", scan::Severity::kLow);
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {finding});
    const std::string id = ByCheck(ctx_, "tls.cipher.cbc").id;
    ASSERT_TRUE(findings_->Update(id,
                                  {.status = "accepted_risk",
                                   .justification = "legacy clients until Q3",
                                   .accepted_until = "2026-03-11T00:00:00Z"},
                                  ctx_));
    auto s = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(s.suppressed, 1);
    EXPECT_EQ(Finding(ctx_, id).status, "accepted_risk");

    clock_.Advance(9 * kDay);
    auto none = findings_->ExpireAcceptedRisks(clock_.Now());
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
    clock_.Advance(2 * kDay);
    auto expired = findings_->ExpireAcceptedRisks(clock_.Now());
    ASSERT_TRUE(expired.has_value());
    EXPECT_THAT(*expired, ElementsAre(id));
    const auto f = Finding(ctx_, id);
    EXPECT_EQ(f.status, "open");
    EXPECT_FALSE(f.accepted_until.has_value());
    const auto history = HistoryOf(ctx_, id);
    EXPECT_EQ(history.back().actor_label, "system");
    EXPECT_EQ(history.back().from_value, "accepted_risk");
}

TEST_P(IngestTest, ExpiredAcceptanceSeenByAScanIsReopened) {
    const auto finding = MakeFinding("tls.cipher.cbc", "10.0.0.5:443", scan::Severity::kLow);
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {finding});
    const std::string id = ByCheck(ctx_, "tls.cipher.cbc").id;
    ASSERT_TRUE(findings_->Update(
        id, {.status = "accepted_risk", .justification = "j", .accepted_until = "2026-03-02T00:00:00Z"}, ctx_));
    clock_.Advance(2 * kDay);
    auto s = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(s.suppressed, 0);
    EXPECT_EQ(s.seen_again, 1);
    EXPECT_EQ(Finding(ctx_, id).status, "open");
}

TEST_P(IngestTest, IngestingTheSameScanTwiceChangesNothing) {
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443")});
    const auto finding = MakeFinding("tls.protocol.tls1_1", "10.0.0.5:443");
    auto first = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(first.new_findings, 1);
    EXPECT_EQ(first.fixed, 1);
    const auto before = ByCheck(ctx_, "tls.protocol.tls1_1");
    clock_.Advance(kDay);
    auto second = IngestOne(org_, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_TRUE(second.replayed);
    EXPECT_EQ(second.new_findings, 1);
    EXPECT_EQ(second.fixed, 1);
    EXPECT_TRUE(second.new_finding_ids.empty());
    const auto after = ByCheck(ctx_, "tls.protocol.tls1_1");
    EXPECT_EQ(after.occurrences, 1);
    EXPECT_EQ(after.last_seen, before.last_seen);
    EXPECT_EQ(HistoryOf(ctx_, ByCheck(ctx_, "tls.protocol.tls1_0").id).size(), 1u);
}

TEST_P(IngestTest, TheSameFingerprintInTwoOrganisationsIsTwoFindings) {
    const std::string other = MakeOrg("Other");
    const auto other_ctx = MakeMember(other, "analyst@other.test");
    const auto finding = MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443");
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"}, {finding});
    auto s = IngestOne(other, "scan-2", "10.0.0.5", {"tls"}, {finding});
    EXPECT_EQ(s.new_findings, 1);
    EXPECT_NE(ByCheck(ctx_, "tls.protocol.tls1_0").id, ByCheck(other_ctx, "tls.protocol.tls1_0").id);
}

TEST_P(IngestTest, ConcurrentIngestsOfOneOrganisationBothLand) {
    std::vector<scan::Finding> first, second;  // 20 each, 10 in common
    for (int i = 0; i < 30; ++i) {
        const auto f = MakeFinding("tls.check" + std::to_string(i), "10.0.0.5:443");
        if (i < 20) first.push_back(f);
        if (i >= 10) second.push_back(f);
    }
    IngestSummary a, b;
    std::thread ta([&] { a = IngestOne(org_, "scan-a", "10.0.0.5", {}, first); });
    std::thread tb([&] { b = IngestOne(org_, "scan-b", "10.0.0.5", {}, second); });
    ta.join();
    tb.join();
    EXPECT_EQ(a.new_findings + b.new_findings, 30);
    EXPECT_EQ(a.seen_again + b.seen_again, 10);
    EXPECT_EQ(a.assets_created + b.assets_created, 1);
    auto page = findings_->List({.check = "tls.", .limit = 200}, ctx_);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 30u);
    int twice = 0;
    for (const auto& f : page->items) twice += f.occurrences == 2;
    EXPECT_EQ(twice, 10);
}

TEST_P(IngestTest, RefusesAnUnknownOrganisationOrAMissingScanId) {
    scan::ScanReport report;
    ScanIngest in{"no-such-org", "scan-1", true, &report, {}};
    auto r = findings_->IngestScan(in);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    in.org_id = org_;
    in.scan_id = "";
    r = findings_->IngestScan(in);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().field, "scan_id");
}

INSTANTIATE_TEST_SUITE_P(Backends, IngestTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
