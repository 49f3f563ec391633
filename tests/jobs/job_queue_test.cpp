// SPDX-License-Identifier: Apache-2.0
// JobQueue on every back-end: enqueue/claim/complete, order, dedup, organisation scoping, leases, retries, cancel.
#include <gtest/gtest.h>

#include <mutex>

#include <boost/json/parse.hpp>

#include "core/time.hpp"
#include "jobs/job_context.hpp"
#include "jobs/job_events.hpp"
#include "jobs/jobs_fixture.hpp"

namespace palisade::jobs::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class JobQueueTest : public JobsTest {};

TEST_P(JobQueueTest, EnqueueClaimCompleteRecordsEachStep) {
    const std::string org = MakeOrg("acme");
    Job queued = MustEnqueue(Spec("scan", org));
    EXPECT_EQ(queued.state, JobState::kQueued);
    EXPECT_EQ(queued.attempts, 0);
    EXPECT_EQ(queued.org_id, org);
    EXPECT_EQ(queued.payload_json, R"({"target":"127.0.0.1"})");
    EXPECT_EQ(queued.created_at, FormatTime(clock_.Now()));

    Job running = MustClaim("w1", seconds(30));
    EXPECT_EQ(running.id, queued.id);
    EXPECT_EQ(running.state, JobState::kRunning);
    EXPECT_EQ(running.attempts, 1);
    EXPECT_EQ(running.lease_owner, "w1");
    EXPECT_EQ(running.lease_expires_at, FormatTime(clock_.Now() + seconds(30)));
    EXPECT_EQ(running.started_at, FormatTime(clock_.Now()));

    ASSERT_TRUE(queue_->SetProgress(running.id, "w1", 0.25).has_value());
    EXPECT_DOUBLE_EQ(MustGet(running.id).progress, 0.25);

    clock_.Advance(seconds(2));
    ASSERT_TRUE(queue_->Complete(running.id, "w1", R"({"findings":3})").has_value());
    Job done = MustGet(running.id);
    EXPECT_EQ(done.state, JobState::kDone);
    EXPECT_EQ(done.result_json, R"({"findings":3})");
    EXPECT_DOUBLE_EQ(done.progress, 1.0);
    EXPECT_EQ(done.finished_at, FormatTime(clock_.Now()));
    EXPECT_EQ(done.lease_expires_at, "");

    auto none = queue_->Claim("w1", {"scan"}, seconds(30), {});
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());
    EXPECT_EQ(queue_->CountByState(JobState::kDone).value_or(-1), 1);
    EXPECT_EQ(queue_->CountByState(JobState::kQueued).value_or(-1), 0);
}

TEST_P(JobQueueTest, ClaimsByPriorityThenFifo) {
    std::vector<std::string> expected(4);
    expected[2] = MustEnqueue(Spec("scan", "", 0)).id;
    clock_.Advance(milliseconds(1));
    expected[0] = MustEnqueue(Spec("scan", "", 5)).id;
    clock_.Advance(milliseconds(1));
    expected[3] = MustEnqueue(Spec("scan", "", 0)).id;
    clock_.Advance(milliseconds(1));
    expected[1] = MustEnqueue(Spec("scan", "", 5)).id;
    for (const auto& id : expected) EXPECT_EQ(MustClaim("w").id, id);
}

TEST_P(JobQueueTest, ClaimsOnlyTheGivenKindsAndNotBeforeRunAfter) {
    JobSpec later = Spec("report");
    later.run_after = clock_.Now() + seconds(60);
    const Job report = MustEnqueue(later);
    const Job imp = MustEnqueue(Spec("import"));

    auto c = queue_->Claim("w", {"scan"}, seconds(30), {});
    ASSERT_TRUE(c.has_value());
    EXPECT_FALSE(c->has_value());
    c = queue_->Claim("w", {}, seconds(30), {});
    ASSERT_TRUE(c.has_value());
    EXPECT_FALSE(c->has_value());
    c = queue_->Claim("w", {"report"}, seconds(30), {});
    ASSERT_TRUE(c.has_value());
    EXPECT_FALSE(c->has_value()) << "claimed before run_after";

    EXPECT_EQ(MustClaim("w").id, imp.id);
    ASSERT_TRUE(queue_->Complete(imp.id, "w", "{}").has_value());
    clock_.Advance(seconds(60));
    EXPECT_EQ(MustClaim("w").id, report.id);
}

TEST_P(JobQueueTest, DedupKeyReturnsTheUnfinishedJobOfTheSameOrganisation) {
    const std::string a = MakeOrg("a");
    const std::string b = MakeOrg("b");
    JobSpec spec = Spec("scan", a);
    spec.dedup_key = "scan:nightly";
    const Job first = MustEnqueue(spec);
    EXPECT_EQ(MustEnqueue(spec).id, first.id);

    clock_.Advance(milliseconds(1));
    JobSpec other_org = spec;
    other_org.org_id = b;
    EXPECT_NE(MustEnqueue(other_org).id, first.id) << "dedup keys must not cross organisations";

    const Job running = MustClaim("w");  // the oldest: org a's job
    ASSERT_EQ(running.id, first.id);
    EXPECT_EQ(MustEnqueue(spec).id, first.id) << "a running job is unfinished too";
    ASSERT_TRUE(queue_->Complete(first.id, "w", "{}").has_value());
    EXPECT_NE(MustEnqueue(spec).id, first.id) << "a finished job no longer deduplicates";
}

TEST_P(JobQueueTest, JobsAreScopedToTheirOrganisation) {
    const std::string a = MakeOrg("a");
    const std::string b = MakeOrg("b");
    const Job job = MustEnqueue(Spec("scan", a));
    EXPECT_TRUE(queue_->Get(a, job.id).has_value());
    auto other = queue_->Get(b, job.id);
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    auto cancel = queue_->RequestCancel(b, job.id);
    ASSERT_FALSE(cancel.has_value());
    EXPECT_EQ(cancel.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(MustGet(job.id).state, JobState::kQueued);
    auto system = queue_->Get("", job.id);
    EXPECT_FALSE(system.has_value());

    auto unknown = queue_->Enqueue(Spec("scan", "no-such-org"));
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    JobSpec bad = Spec("");
    EXPECT_EQ(queue_->Enqueue(bad).error().code, ErrorCode::kInvalidArgument);
    bad = Spec("scan");
    bad.max_attempts = 0;
    EXPECT_EQ(queue_->Enqueue(bad).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(JobQueueTest, ExpiredLeaseIsRecoveredAndTheOldWorkerGetsConflict) {
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_EQ(MustClaim("w1", seconds(10)).id, job.id);

    clock_.Advance(seconds(9));
    auto early = queue_->Claim("w2", {"scan"}, seconds(10), {});
    ASSERT_TRUE(early.has_value());
    EXPECT_FALSE(early->has_value()) << "lease still valid";

    clock_.Advance(seconds(2));
    const Job again = MustClaim("w2", seconds(10));
    EXPECT_EQ(again.id, job.id);
    EXPECT_EQ(again.attempts, 2);
    EXPECT_EQ(again.lease_owner, "w2");

    auto late = queue_->Complete(job.id, "w1", R"({"stale":true})");
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::kConflict);
    EXPECT_EQ(queue_->Fail(job.id, "w1", "x", true).error().code, ErrorCode::kConflict);
    EXPECT_EQ(queue_->SetProgress(job.id, "w1", 0.5).error().code, ErrorCode::kConflict);
    auto renewal = queue_->Renew("w1", {job.id}, seconds(10));
    ASSERT_TRUE(renewal.has_value());
    EXPECT_EQ(renewal->lost, std::vector<std::string>{job.id});

    ASSERT_TRUE(queue_->Complete(job.id, "w2", R"({"fresh":true})").has_value());
    EXPECT_EQ(MustGet(job.id).result_json, R"({"fresh":true})");
}

TEST_P(JobQueueTest, MaxAttemptsThenFailedWithTheReason) {
    JobSpec spec = Spec("scan");
    spec.max_attempts = 2;
    const Job job = MustEnqueue(spec);
    MustClaim("w1", seconds(5));
    clock_.Advance(seconds(6));
    EXPECT_EQ(MustClaim("w2", seconds(5)).attempts, 2);
    clock_.Advance(seconds(6));
    auto none = queue_->Claim("w3", {"scan"}, seconds(5), {});
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());
    const Job failed = MustGet(job.id);
    EXPECT_EQ(failed.state, JobState::kFailed);
    EXPECT_EQ(failed.error, "worker lost: lease expired after 2 attempts");
    EXPECT_EQ(failed.finished_at, FormatTime(clock_.Now()));
}

TEST_P(JobQueueTest, RenewExtendsTheLeaseAndReportsCancelRequests) {
    const Job a = MustEnqueue(Spec("scan"));
    const Job b = MustEnqueue(Spec("scan"));
    MustClaim("w1", seconds(10));
    MustClaim("w1", seconds(10));
    clock_.Advance(seconds(8));
    auto renewal = queue_->Renew("w1", {a.id, b.id, "unknown-id"}, seconds(10));
    ASSERT_TRUE(renewal.has_value());
    EXPECT_TRUE(renewal->cancel_requested.empty());
    EXPECT_EQ(renewal->lost, std::vector<std::string>{"unknown-id"});
    EXPECT_EQ(MustGet(a.id).lease_expires_at, FormatTime(clock_.Now() + seconds(10)));

    clock_.Advance(seconds(8));  // 16 s after the claim: alive only thanks to the renewal
    auto other = queue_->Claim("w2", {"scan"}, seconds(10), {});
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(other->has_value());

    ASSERT_TRUE(queue_->RequestCancel("", b.id).has_value());
    renewal = queue_->Renew("w1", {a.id, b.id}, seconds(10));
    ASSERT_TRUE(renewal.has_value());
    EXPECT_EQ(renewal->cancel_requested, std::vector<std::string>{b.id});
    EXPECT_TRUE(renewal->lost.empty());
    auto none = queue_->Renew("w1", {}, seconds(10));
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->lost.empty());
}

TEST_P(JobQueueTest, FailWithRetryBacksOffUntilAttemptsRunOut) {
    const Job job = MustEnqueue(Spec("scan"));  // max_attempts 3
    for (int attempt = 1; attempt <= 2; ++attempt) {
        EXPECT_EQ(MustClaim("w").attempts, attempt);
        ASSERT_TRUE(queue_->Fail(job.id, "w", "target unreachable", true).has_value());
        const Job waiting = MustGet(job.id);
        EXPECT_EQ(waiting.state, JobState::kQueued);
        EXPECT_EQ(waiting.error, "target unreachable");
        EXPECT_EQ(waiting.run_after, FormatTime(clock_.Now() + RetryBackoff(attempt)));
        auto early = queue_->Claim("w", {"scan"}, seconds(30), {});
        ASSERT_TRUE(early.has_value());
        EXPECT_FALSE(early->has_value()) << "claimed during the backoff";
        clock_.Advance(RetryBackoff(attempt));
    }
    EXPECT_EQ(MustClaim("w").attempts, 3);
    ASSERT_TRUE(queue_->Fail(job.id, "w", "still unreachable", true).has_value());
    const Job failed = MustGet(job.id);
    EXPECT_EQ(failed.state, JobState::kFailed);
    EXPECT_EQ(failed.error, "still unreachable");

    EXPECT_EQ(RetryBackoff(1), seconds(1));
    EXPECT_EQ(RetryBackoff(2), seconds(2));
    EXPECT_EQ(RetryBackoff(4), seconds(8));
    EXPECT_EQ(RetryBackoff(10), std::chrono::minutes(5));
    EXPECT_EQ(RetryBackoff(1000), std::chrono::minutes(5));
}

TEST_P(JobQueueTest, CancelEndsAQueuedJobAndFlagsARunningOne) {
    const std::string org = MakeOrg("acme");
    const Job queued = MustEnqueue(Spec("scan", org));
    auto cancelled = queue_->RequestCancel(org, queued.id);
    ASSERT_TRUE(cancelled.has_value());
    EXPECT_EQ(cancelled->state, JobState::kCancelled);
    EXPECT_NE(cancelled->finished_at, "");

    const Job running = MustEnqueue(Spec("scan", org));
    MustClaim("w");
    auto flagged = queue_->RequestCancel(org, running.id);
    ASSERT_TRUE(flagged.has_value());
    EXPECT_EQ(flagged->state, JobState::kRunning);
    EXPECT_TRUE(flagged->cancel_requested);
    ASSERT_TRUE(queue_->MarkCancelled(running.id, "w", R"({"partial":true})").has_value());
    const Job ended = MustGet(running.id);
    EXPECT_EQ(ended.state, JobState::kCancelled);
    EXPECT_EQ(ended.result_json, R"({"partial":true})");

    auto again = queue_->RequestCancel(org, running.id);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->state, JobState::kCancelled);
    EXPECT_EQ(again->updated_at, ended.updated_at) << "a finished job is returned unchanged";
}

TEST_P(JobQueueTest, FailOfACancelRequestedJobEndsCancelled) {
    const Job job = MustEnqueue(Spec("scan"));
    MustClaim("w");
    ASSERT_TRUE(queue_->RequestCancel("", job.id).has_value());
    ASSERT_TRUE(queue_->Fail(job.id, "w", "interrupted", true).has_value());
    EXPECT_EQ(MustGet(job.id).state, JobState::kCancelled);
}

TEST_P(JobQueueTest, ReleaseGivesTheJobBackWithoutSpendingAnAttempt) {
    const Job job = MustEnqueue(Spec("scan"));
    MustClaim("w1");
    ASSERT_TRUE(queue_->Release(job.id, "w1").has_value());
    const Job back = MustGet(job.id);
    EXPECT_EQ(back.state, JobState::kQueued);
    EXPECT_EQ(back.attempts, 0);
    EXPECT_EQ(queue_->Release(job.id, "w1").error().code, ErrorCode::kConflict);
    EXPECT_EQ(MustClaim("w2").attempts, 1);
}

TEST_P(JobQueueTest, PurgeDeletesOnlyJobsFinishedLongEnoughAgo) {
    const Job old_job = MustEnqueue(Spec("scan"));
    MustClaim("w");
    ASSERT_TRUE(queue_->Complete(old_job.id, "w", "{}").has_value());
    clock_.Advance(std::chrono::hours(48));
    const Job recent = MustEnqueue(Spec("scan"));
    MustClaim("w");
    ASSERT_TRUE(queue_->Complete(recent.id, "w", "{}").has_value());
    const Job open = MustEnqueue(Spec("scan"));
    clock_.Advance(std::chrono::hours(1));
    auto purged = queue_->Purge(std::chrono::hours(24));
    ASSERT_TRUE(purged.has_value());
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(queue_->GetAny(old_job.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(queue_->GetAny(recent.id).has_value());
    EXPECT_TRUE(queue_->GetAny(open.id).has_value());
}

TEST_P(JobQueueTest, PublishesAnEventForEachChange) {
    auto bus = EventBus::Local();
    JobQueue queue(*store_, clock_, bus.get());
    std::mutex mu;
    std::vector<Event> seen;
    bus->Subscribe([&](const Event& e) {
        std::lock_guard<std::mutex> lock(mu);
        seen.push_back(e);
    });
    const std::string org = MakeOrg("acme");
    auto job = queue.Enqueue(Spec("scan", org));
    ASSERT_TRUE(job.has_value());
    auto claimed = queue.Claim("w", {"scan"}, seconds(30), {});
    ASSERT_TRUE(claimed && *claimed);
    ASSERT_TRUE(queue.SetProgress(job->id, "w", 0.5).has_value());
    ASSERT_TRUE(queue.Complete(job->id, "w", R"({"secret":"not in events"})").has_value());
    ASSERT_TRUE(WaitFor([&] {
        std::lock_guard<std::mutex> lock(mu);
        return seen.size() >= 4;
    }));
    std::lock_guard<std::mutex> lock(mu);
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[0].type, kJobQueued);
    EXPECT_EQ(seen[1].type, kJobRunning);
    EXPECT_EQ(seen[2].type, kJobProgress);
    EXPECT_EQ(seen[3].type, kJobDone);
    for (const Event& e : seen) {
        EXPECT_EQ(e.topic, JobTopic(job->id));
        EXPECT_EQ(e.org_id, org);
        EXPECT_EQ(e.data_json.find("127.0.0.1"), std::string::npos) << "payload leaked into an event";
        EXPECT_EQ(e.data_json.find("not in events"), std::string::npos) << "result leaked into an event";
    }
    const auto data = boost::json::parse(seen[2].data_json).as_object();
    EXPECT_DOUBLE_EQ(data.at("progress").as_double(), 0.5);
    EXPECT_EQ(data.at("state").as_string(), "running");
}

TEST(JobContext, ADetachedContextDeliversCancelOnceAndRecordsProgress) {
    JobContext ctx(Job{});
    EXPECT_EQ(ctx.WorkerId(), "local");
    int calls = 0;
    ctx.OnCancel([&] { ++calls; });
    ctx.Progress(0.3);
    ctx.Progress(7);  // clamped
    EXPECT_DOUBLE_EQ(ctx.LastProgress(), 1.0);
    EXPECT_FALSE(ctx.Cancelled());
    ctx.Cancel(CancelReason::kShutdown);
    ctx.Cancel(CancelReason::kRequested);
    EXPECT_TRUE(ctx.Cancelled());
    EXPECT_EQ(ctx.Reason(), CancelReason::kShutdown);
    EXPECT_EQ(calls, 1);
    bool late = false;
    ctx.OnCancel([&] { late = true; });  // already cancelled: at once
    EXPECT_TRUE(late);
}

TEST(JobState, TextFormsRoundTrip) {
    for (JobState s : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kFailed,
                       JobState::kCancelled}) {
        EXPECT_EQ(ParseJobState(ToString(s)), s);
    }
    EXPECT_EQ(ToString(JobState::kCancelled), "cancelled");
    EXPECT_FALSE(ParseJobState("Queued").has_value());
    EXPECT_TRUE(IsFinished(JobState::kDone));
    EXPECT_FALSE(IsFinished(JobState::kRunning));
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         BackendName);

}  // namespace
}  // namespace palisade::jobs::testing
