// SPDX-License-Identifier: Apache-2.0
// Triage: the status lifecycle, acceptance rules, history, assignees, comments, bulk changes, SLA policy and sweeps.
#include <gmock/gmock.h>

#include "core/time.hpp"
#include "findings/findings_fixture.hpp"

namespace palisade::findings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr auto kDay = std::chrono::hours(24);

class LifecycleTest : public FindingsTest {
protected:
    void SetUp() override {
        FindingsTest::SetUp();
        org_ = MakeOrg("Acme");
        ctx_ = MakeMember(org_, "analyst@acme.test");
        IngestOne(org_, "scan-1", "10.0.0.5", {"tls"},
                  {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443", scan::Severity::kCritical),
                   MakeFinding("tls.protocol.tls1_1", "10.0.0.5:443", scan::Severity::kMedium)});
        id_ = ByCheck(ctx_, "tls.protocol.tls1_0").id;
        id2_ = ByCheck(ctx_, "tls.protocol.tls1_1").id;
    }

    Error UpdateError(const FindingChange& c, const std::string& id = "") {
        auto r = findings_->Update(id.empty() ? id_ : id, c, ctx_);
        EXPECT_FALSE(r.has_value());
        return r ? Error{} : r.error();
    }

    std::string org_, id_, id2_;
    identity::RequestContext ctx_;
};

TEST_P(LifecycleTest, StatusesFollowTheLifecycle) {
    auto r = findings_->Update(id_, {.status = "triaged"}, ctx_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, "triaged");
    ASSERT_TRUE(findings_->Update(id_, {.status = "false_positive"}, ctx_));
    Error e = UpdateError({.status = "triaged"});
    EXPECT_EQ(e.code, ErrorCode::kConflict);
    EXPECT_EQ(UpdateError({.status = "fixed"}).code, ErrorCode::kConflict);
    ASSERT_TRUE(findings_->Update(id_, {.status = "open"}, ctx_));
    r = findings_->Update(id_, {.status = "fixed"}, ctx_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->fixed_at, "2026-03-01T00:00:00.000Z");
    EXPECT_FALSE(r->fixed_scan_id.has_value());
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .justification = "x", .accepted_until = "2026-04-01T00:00:00Z"})
                  .code,
              ErrorCode::kConflict);
    EXPECT_EQ(UpdateError({.status = "closed"}).field, "status");
}

TEST_P(LifecycleTest, AcceptingARiskNeedsAJustificationAndAFutureExpiry) {
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .accepted_until = "2026-04-01T00:00:00Z"}).field,
              "justification");
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .justification = "   ", .accepted_until = "2026-04-01T00:00:00Z"})
                  .field,
              "justification");
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .justification = "vendor patch pending"}).field,
              "accepted_until");
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .justification = "j", .accepted_until = "2026-02-01T00:00:00Z"})
                  .field,
              "accepted_until");
    EXPECT_EQ(UpdateError({.status = "accepted_risk", .justification = "j", .accepted_until = "next week"}).field,
              "accepted_until");
    EXPECT_EQ(UpdateError({.status = "triaged", .accepted_until = "2026-04-01T00:00:00Z"}).field, "accepted_until");
    EXPECT_EQ(UpdateError({.accepted_until = "2026-04-01T00:00:00Z"}).field, "status");
    EXPECT_EQ(Finding(ctx_, id_).status, "open") << "a refused change changes nothing";
    auto r = findings_->Update(id_,
                               {.status = "accepted_risk",
                                .justification = "vendor patch pending",
                                .accepted_until = "2026-04-01T00:00:00Z"},
                               ctx_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->accepted_until, "2026-04-01T00:00:00.000Z");
    EXPECT_EQ(r->justification, "vendor patch pending");
    // An accepted risk can be extended without repeating the status.
    r = findings_->Update(id_, {.accepted_until = "2026-05-01T00:00:00Z"}, ctx_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->accepted_until, "2026-05-01T00:00:00.000Z");
}

TEST_P(LifecycleTest, EveryChangeWritesAHistoryRow) {
    const auto bob = MakeMember(org_, "bob@acme.test", "viewer");
    clock_.Advance(std::chrono::hours(1));
    auto r = findings_->Update(id_,
                               {.status = "triaged",
                                .assignee_id = std::optional<std::string>(bob.principal->user_id),
                                .sla_due_at = std::optional<std::string>("2026-03-20T00:00:00Z"),
                                .note = "looking into it"},
                               ctx_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->assignee_id, bob.principal->user_id);
    EXPECT_EQ(r->sla_due_at, "2026-03-20T00:00:00.000Z");
    const auto history = HistoryOf(ctx_, id_);
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].field, "status");
    EXPECT_EQ(history[0].from_value, "open");
    EXPECT_EQ(history[0].to_value, "triaged");
    EXPECT_EQ(history[0].note, "looking into it");
    EXPECT_EQ(history[0].actor_label, "analyst@acme.test");
    EXPECT_EQ(history[0].actor_user_id, ctx_.principal->user_id);
    EXPECT_EQ(history[0].at, "2026-03-01T01:00:00.000Z");
    EXPECT_EQ(history[1].field, "assignee_id");
    EXPECT_EQ(history[1].to_value, bob.principal->user_id);
    EXPECT_EQ(history[2].field, "sla_due_at");
    EXPECT_EQ(history[2].from_value, "2026-03-08T00:00:00.000Z");
    // Unassigning, and a note on its own.
    ASSERT_TRUE(findings_->Update(id_, {.assignee_id = std::optional<std::string>()}, ctx_));
    ASSERT_TRUE(findings_->Update(id_, {.note = "waiting for the vendor"}, ctx_));
    const auto more = HistoryOf(ctx_, id_);
    ASSERT_EQ(more.size(), 5u);
    EXPECT_EQ(more[3].from_value, bob.principal->user_id);
    EXPECT_EQ(more[3].to_value, "");
    EXPECT_EQ(more[4].field, "note");
    EXPECT_FALSE(Finding(ctx_, id_).assignee_id.has_value());
}

TEST_P(LifecycleTest, TheAssigneeMustBeAMemberOfTheOrganisation) {
    const auto stranger = MakeMember(MakeOrg("Other"), "eve@other.test");
    EXPECT_EQ(UpdateError({.assignee_id = std::optional<std::string>(stranger.principal->user_id)}).field,
              "assignee_id");
    EXPECT_EQ(UpdateError({.assignee_id = std::optional<std::string>("no-such-user")}).field, "assignee_id");
}

TEST_P(LifecycleTest, CommentsAreKeptInOrderAndBounded) {
    ASSERT_TRUE(findings_->AddComment(id_, "first", ctx_));
    clock_.Advance(std::chrono::seconds(1));
    ASSERT_TRUE(findings_->AddComment(id_, "second\nline", ctx_));
    auto page = findings_->Comments(id_, "", 1, ctx_);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].body, "first");
    EXPECT_EQ(page->items[0].author_label, "analyst@acme.test");
    page = findings_->Comments(id_, page->next_cursor, 10, ctx_);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].body, "second\nline");
    EXPECT_TRUE(page->next_cursor.empty());
    EXPECT_EQ(findings_->AddComment(id_, std::string(kMaxCommentChars + 1, 'x'), ctx_).error().field, "text");
    EXPECT_TRUE(findings_->AddComment(id_, std::string(kMaxCommentChars, 'x'), ctx_).has_value());
    EXPECT_EQ(findings_->AddComment(id_, "  ", ctx_).error().field, "text");
}

TEST_P(LifecycleTest, AnotherOrganisationsFindingIsNotFound) {
    const auto other = MakeMember(MakeOrg("Other"), "admin@other.test", "admin");
    EXPECT_EQ(findings_->Get(id_, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(findings_->Update(id_, {.status = "triaged"}, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(findings_->History(id_, "", 10, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(findings_->Comments(id_, "", 10, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(findings_->AddComment(id_, "hi", other).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(findings_->List({}, other)->items.empty());
    EXPECT_EQ(Finding(ctx_, id_).status, "open");
}

TEST_P(LifecycleTest, BulkChangesOnlyTheCallersFindings) {
    const std::string other_org = MakeOrg("Other");
    const auto other = MakeMember(other_org, "analyst@other.test");
    IngestOne(other_org, "scan-x", "10.9.9.9", {"tls"}, {MakeFinding("tls.protocol.tls1_0", "10.9.9.9:443")});
    const std::string theirs = ByCheck(other, "tls.protocol.tls1_0").id;
    ASSERT_TRUE(findings_->Update(id2_, {.status = "false_positive"}, ctx_));

    auto r = findings_->BulkUpdate({id_, theirs, "no-such-id", id2_, id_}, {.status = "triaged", .note = "bulk"}, ctx_);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_THAT(r->updated, ElementsAre(id_));
    EXPECT_THAT(r->not_found, UnorderedElementsAre(theirs, "no-such-id"));
    ASSERT_EQ(r->conflicts.size(), 1u);
    EXPECT_EQ(r->conflicts[0].id, id2_);
    EXPECT_EQ(Finding(ctx_, id_).status, "triaged");
    EXPECT_EQ(Finding(other, theirs).status, "open");
    EXPECT_TRUE(HistoryOf(other, theirs).empty());

    std::vector<std::string> many(kMaxBulkIds + 1);
    for (std::size_t i = 0; i < many.size(); ++i) many[i] = "id-" + std::to_string(i);
    EXPECT_EQ(findings_->BulkUpdate(many, {.status = "triaged"}, ctx_).error().field, "ids");
    EXPECT_EQ(findings_->BulkUpdate({}, {.status = "triaged"}, ctx_).error().field, "ids");
    EXPECT_EQ(findings_->BulkUpdate({id_}, {.status = "accepted_risk"}, ctx_).error().field, "justification");
}

TEST_P(LifecycleTest, SlaBreachesAreMarkedOnceOnTheInjectedClock) {
    // critical: due 2026-03-08; medium: due 2026-05-30.
    clock_.Advance(6 * kDay);
    auto none = findings_->MarkSlaBreaches(clock_.Now());
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
    clock_.Advance(2 * kDay);
    auto breached = findings_->MarkSlaBreaches(clock_.Now());
    ASSERT_TRUE(breached.has_value());
    EXPECT_THAT(*breached, ElementsAre(id_));
    EXPECT_TRUE(Finding(ctx_, id_).sla_breached);
    EXPECT_FALSE(Finding(ctx_, id2_).sla_breached);
    EXPECT_EQ(HistoryOf(ctx_, id_).back().field, "sla_breached");
    EXPECT_TRUE(findings_->MarkSlaBreaches(clock_.Now())->empty()) << "only newly breached findings are returned";
    // A closed finding is not breached; moving the due date recomputes the flag.
    ASSERT_TRUE(findings_->Update(id2_, {.status = "fixed"}, ctx_));
    clock_.Advance(100 * kDay);
    EXPECT_TRUE(findings_->MarkSlaBreaches(clock_.Now())->empty());
    auto moved = findings_->Update(id_, {.sla_due_at = std::optional<std::string>("2027-01-01T00:00:00Z")}, ctx_);
    ASSERT_TRUE(moved.has_value());
    EXPECT_FALSE(moved->sla_breached);
}

TEST_P(LifecycleTest, SlaPolicyIsPerOrganisationAndValidated) {
    auto p = findings_->GetSlaPolicy(ctx_);
    ASSERT_TRUE(p.has_value());
    EXPECT_TRUE(p->is_default);
    EXPECT_EQ(p->critical, 7);
    EXPECT_FALSE(p->info.has_value());
    SlaPolicy custom;
    custom.high = 10;
    custom.info = 365;
    custom.low = std::nullopt;
    auto saved = findings_->SetSlaPolicy(custom, ctx_);
    ASSERT_TRUE(saved.has_value());
    EXPECT_FALSE(saved->is_default);
    custom.critical = 0;
    EXPECT_EQ(findings_->SetSlaPolicy(custom, ctx_).error().field, "critical_days");

    IngestOne(org_, "scan-2", "10.0.0.5", {"tls"},
              {MakeFinding("tls.cipher.rc4", "10.0.0.5:443", scan::Severity::kHigh),
               MakeFinding("tls.info.x", "10.0.0.5:443", scan::Severity::kInfo),
               MakeFinding("tls.low.x", "10.0.0.5:443", scan::Severity::kLow)});
    EXPECT_EQ(ByCheck(ctx_, "tls.cipher.rc4").sla_due_at, "2026-03-11T00:00:00.000Z");
    EXPECT_EQ(ByCheck(ctx_, "tls.info.x").sla_due_at, "2027-03-01T00:00:00.000Z");
    EXPECT_FALSE(ByCheck(ctx_, "tls.low.x").sla_due_at.has_value());
    const auto other = MakeMember(MakeOrg("Other"), "a@other.test");
    EXPECT_TRUE(findings_->GetSlaPolicy(other)->is_default);
}

INSTANTIATE_TEST_SUITE_P(Backends, LifecycleTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
