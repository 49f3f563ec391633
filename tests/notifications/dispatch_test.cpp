// SPDX-License-Identifier: Apache-2.0
// Who gets told what: the default rules, rules with severity thresholds, roles and e-mail, digests, once-only
// delivery, SLA breaches and expiring accepted risks, and webhook jobs queued per (webhook, event).
#include <gmock/gmock.h>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "notifications/notifications_fixture.hpp"
#include "notifications/webhook_delivery.hpp"

namespace palisade::notifications::testing {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Titles(const std::vector<store::NotificationRecord>& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.push_back(n.title);
    return out;
}

class DispatchTest : public NotificationsTest {
  protected:
    void SetUp() override {
        NotificationsTest::SetUp();
        admin_ = User("admin@acme.test", "admin", "Acme");
        analyst_ = User("analyst@acme.test", "analyst", "Acme");
        operator_ = User("ops@acme.test", "operator", "Acme");
        viewer_ = User("viewer@acme.test", "viewer", "Acme");
        org_ = admin_.org_id;
    }

    void ScanEnded(const std::string& scan_id, const std::vector<std::string>& new_ids,
                   const std::string& state = "done", const std::string& creator = "") {
        auto s = notifications_->notifier().OnScanEnded(org_, scan_id, state, creator.empty() ? operator_.id : creator,
                                                        "{}", new_ids);
        ASSERT_TRUE(s.has_value()) << s.error().message << " " << s.error().detail;
    }

    static Rule FindingRule(const std::string& min_severity, InAppChannel in_app) {
        Rule r;
        r.event = "finding.new";
        r.min_severity = min_severity;
        r.channels.in_app = std::move(in_app);
        return r;
    }

    Member admin_, analyst_, operator_, viewer_;
    std::string org_;
};

TEST_P(DispatchTest, DefaultsTellTheScanCreator) {
    ScanEnded("scan-1", {});
    ScanEnded("scan-2", {}, "failed");
    EXPECT_THAT(Titles(Inbox(operator_)), ElementsAre("Scan failed", "Scan finished"));
    EXPECT_THAT(Inbox(admin_), IsEmpty());
    EXPECT_THAT(Inbox(analyst_), IsEmpty());
    EXPECT_THAT(Outbox(org_), IsEmpty());  // the defaults send no mail
    // A scheduled scan has no creator: nobody gets a scan notification.
    auto s = notifications_->notifier().OnScanEnded(org_, "scan-3", "done", "", "{}", {});
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(Inbox(operator_).size(), 2u);
}

TEST_P(DispatchTest, DefaultsTellAdminsAndAnalystsAboutHighFindings) {
    const std::string critical = MakeFinding(org_, "Heartbleed", "critical");
    const std::string high = MakeFinding(org_, "TLS 1.0 enabled", "high");
    const std::string medium = MakeFinding(org_, "No HSTS", "medium");
    ScanEnded("scan-1", {medium, critical, high});
    for (const Member* m : {&admin_, &analyst_}) {
        const auto inbox = Inbox(*m);
        ASSERT_EQ(inbox.size(), 2u) << m->email;
        // Most severe first (created first, listed last).
        EXPECT_EQ(inbox[1].title, "New critical finding: Heartbleed");
        EXPECT_EQ(inbox[1].priority, "urgent");
        EXPECT_EQ(inbox[1].link, "/findings/" + critical);
        EXPECT_EQ(inbox[1].kind, "finding.new");
        EXPECT_EQ(inbox[0].title, "New high finding: TLS 1.0 enabled");
        EXPECT_EQ(inbox[0].priority, "high");
    }
    EXPECT_THAT(Titles(Inbox(operator_)), ElementsAre("Scan finished"));  // creator, no findings
    EXPECT_THAT(Inbox(viewer_), IsEmpty());
}

TEST_P(DispatchTest, ManyFindingsBecomeOneDigest) {
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(MakeFinding(org_, "Finding " + std::to_string(i), "high"));
    ids.push_back(MakeFinding(org_, "Worst", "critical"));
    ScanEnded("scan-9", ids);
    const auto inbox = Inbox(admin_);
    ASSERT_EQ(inbox.size(), 1u);
    EXPECT_EQ(inbox[0].title, "8 new findings");
    EXPECT_EQ(inbox[0].priority, "urgent");
    EXPECT_EQ(inbox[0].link, "/findings?scan_id=scan-9");
    EXPECT_THAT(inbox[0].body, HasSubstr("[CRITICAL] Worst"));
    EXPECT_THAT(inbox[0].body, HasSubstr("and 3 more"));
}

TEST_P(DispatchTest, RulesReplaceTheDefaults) {
    MakeRule(admin_, FindingRule("medium", {"roles", {"operator"}}));
    const std::string critical = MakeFinding(org_, "Heartbleed", "critical");
    const std::string medium = MakeFinding(org_, "No HSTS", "medium");
    const std::string low = MakeFinding(org_, "Server banner", "low");
    ScanEnded("scan-1", {critical, medium, low}, "done", viewer_.id);
    EXPECT_THAT(Titles(Inbox(operator_)),
                ElementsAre("New medium finding: No HSTS", "New critical finding: Heartbleed"));
    EXPECT_THAT(Inbox(admin_), IsEmpty());   // no rule names admins any more
    EXPECT_THAT(Inbox(viewer_), IsEmpty());  // no scan.finished rule: the creator default is gone too
}

TEST_P(DispatchTest, AllMembersCreatorAndDisabledRules) {
    Rule all;
    all.event = "scan.failed";
    all.channels.in_app = InAppChannel{"all", {}};
    MakeRule(admin_, all);
    Rule off = all;
    off.event = "scan.finished";
    off.enabled = false;
    MakeRule(admin_, off);
    ScanEnded("scan-1", {}, "failed");
    ScanEnded("scan-2", {}, "done");
    for (const Member* m : {&admin_, &analyst_, &operator_, &viewer_}) {
        EXPECT_THAT(Titles(Inbox(*m)), ElementsAre("Scan failed")) << m->email;
    }
}

TEST_P(DispatchTest, EmailGoesToAddressesAndRoleMembersThroughTheOutbox) {
    Rule r = FindingRule("high", {"roles", {"admin"}});
    r.channels.email = EmailChannel{{"SecOps@Acme.test"}, {"admin", "analyst"}};
    MakeRule(admin_, r);
    const std::string high = MakeFinding(org_, "TLS 1.0 enabled", "high");
    const std::string info = MakeFinding(org_, "Banner", "info");
    ScanEnded("scan-1", {high, info});
    const auto mails = Outbox(org_);
    std::vector<std::string> to;
    for (const auto& m : mails) to.push_back(m.to_address);
    EXPECT_THAT(to, UnorderedElementsAre("secops@acme.test", "admin@acme.test", "analyst@acme.test"));
    for (const auto& m : mails) {
        EXPECT_EQ(m.subject, "[Palisade] New high finding: TLS 1.0 enabled");
        EXPECT_THAT(m.body, HasSubstr(std::string(kPublicUrl) + "/findings/" + high));
        EXPECT_THAT(m.body, HasSubstr("[HIGH] TLS 1.0 enabled - 10.0.0.5:443"));
        EXPECT_THAT(m.body, Not(HasSubstr("SECRET-EVIDENCE")));  // evidence may hold what a scan found: never mailed
        EXPECT_THAT(m.body, Not(HasSubstr("Banner")));
    }
    EXPECT_EQ(mail_wakeups_, 1);
    EXPECT_EQ(Inbox(admin_).size(), 1u);
    EXPECT_THAT(Inbox(analyst_), IsEmpty());
}

TEST_P(DispatchTest, EverythingIsNotifiedOnce) {
    Rule r = FindingRule("info", {"all", {}});
    r.channels.email = EmailChannel{{"secops@acme.test"}, {}};
    MakeRule(admin_, r);
    const std::string id = MakeFinding(org_, "TLS 1.0 enabled", "high");
    ScanEnded("scan-1", {id});
    ScanEnded("scan-1", {id});  // a retried scan job
    EXPECT_EQ(Inbox(viewer_).size(), 1u);
    EXPECT_EQ(Outbox(org_).size(), 1u);
    // A later scan that sees it as a regression notifies again.
    ScanEnded("scan-2", {id});
    EXPECT_EQ(Inbox(viewer_).size(), 2u);
}

TEST_P(DispatchTest, FindingsOfAnotherOrganisationAreIgnored) {
    Member beta = User("admin@beta.test", "admin", "Beta");
    const std::string foreign = MakeFinding(beta.org_id, "Beta's secret finding", "critical");
    ScanEnded("scan-1", {foreign});
    EXPECT_THAT(Inbox(admin_), IsEmpty());
    EXPECT_THAT(Inbox(beta), IsEmpty());
}

TEST_P(DispatchTest, SlaBreachesNotifyEachOrganisationOnce) {
    Member beta = User("admin@beta.test", "admin", "Beta");
    const std::string a = MakeFinding(org_, "Old TLS", "high", "open", std::nullopt, "2026-02-01T00:00:00.000Z");
    const std::string b =
        MakeFinding(beta.org_id, "Weak cipher", "medium", "open", std::nullopt, "2026-02-10T00:00:00.000Z");
    ASSERT_TRUE(notifications_->notifier().OnSlaBreached({a, b, "no-such-finding"}).has_value());
    auto acme = Inbox(admin_);
    ASSERT_EQ(acme.size(), 1u);
    EXPECT_EQ(acme[0].kind, "sla.breached");
    EXPECT_EQ(acme[0].title, "SLA breached: Old TLS");
    EXPECT_EQ(acme[0].priority, "urgent");  // one step above high
    EXPECT_THAT(acme[0].body, HasSubstr("2026-02-01T00:00:00.000Z"));
    EXPECT_EQ(Inbox(analyst_).size(), 1u);
    EXPECT_THAT(Titles(Inbox(beta)), ElementsAre("SLA breached: Weak cipher"));
    ASSERT_TRUE(notifications_->notifier().OnSlaBreached({a, b}).has_value());
    EXPECT_EQ(Inbox(admin_).size(), 1u);
    EXPECT_EQ(Inbox(beta).size(), 1u);
}

TEST_P(DispatchTest, ExpiringAcceptedRisksNotifyOncePerExpiryDate) {
    const TimePoint now = clock_.Now();
    const std::string soon =
        MakeFinding(org_, "Soon", "high", "accepted_risk", FormatTime(now + std::chrono::hours(72)));
    const std::string later =
        MakeFinding(org_, "Later", "medium", "accepted_risk", FormatTime(now + std::chrono::hours(24 * 20)));
    MakeFinding(org_, "Expired", "medium", "accepted_risk", FormatTime(now - std::chrono::hours(1)));
    ASSERT_TRUE(notifications_->notifier().OnAcceptedRisksExpiring(now).has_value());
    auto inbox = Inbox(analyst_);
    ASSERT_EQ(inbox.size(), 1u);  // the default: 7 days before
    EXPECT_EQ(inbox[0].title, "Accepted risk expires soon: Soon");
    EXPECT_EQ(inbox[0].link, "/findings/" + soon);
    ASSERT_TRUE(notifications_->notifier().OnAcceptedRisksExpiring(now + std::chrono::hours(1)).has_value());
    EXPECT_EQ(Inbox(analyst_).size(), 1u);

    Rule month;
    month.event = "risk.expiring";
    month.days_before = 30;
    month.channels.in_app = InAppChannel{"roles", {"viewer"}};
    MakeRule(admin_, month);
    ASSERT_TRUE(notifications_->notifier().OnAcceptedRisksExpiring(now + std::chrono::hours(2)).has_value());
    EXPECT_THAT(Titles(Inbox(viewer_)), ElementsAre("Accepted risk expires soon: Later"));  // Soon was told already
    (void)later;
}

TEST_P(DispatchTest, WebhookRulesQueueOneJobPerWebhookAndEvent) {
    const auto hook = MakeWebhook(admin_, "https://93.184.216.34/hook", false);
    Rule r;
    r.event = "scan.finished";
    r.channels.webhook_ids = {hook.webhook.id};
    MakeRule(admin_, r);
    ScanEnded("scan-1", {});
    ScanEnded("scan-1", {});
    EXPECT_EQ(job_wakeups_, 1);
    const jobs::Job job = ClaimWebhookJob();
    EXPECT_EQ(job.org_id, org_);
    EXPECT_EQ(job.max_attempts, kWebhookMaxAttempts);
    const auto payload = json::parse(job.payload_json).as_object();
    EXPECT_EQ(payload.at("webhook_id"), json::value(hook.webhook.id));
    EXPECT_EQ(job.dedup_key, "webhook:" + hook.webhook.id + ":" + std::string(payload.at("event_id").as_string()));
    EXPECT_FALSE(TryClaimWebhookJob().has_value());  // the repeated call queued nothing
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatchTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::notifications::testing
