// SPDX-License-Identifier: Apache-2.0
// Webhook deliveries against a real loopback receiver that verifies every signature itself: signed requests,
// retries on 5xx with the queue's backoff until success, no retry on 4xx or redirects, timeouts and refused
// connections retried, the delivery log, pinning to the checked address, and the SSRF check at delivery time.
#include "notifications/webhook_delivery.hpp"

#include <gmock/gmock.h>

#include <atomic>
#include <thread>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "jobs/job.hpp"
#include "jobs/worker_pool.hpp"
#include "notifications/notifications_fixture.hpp"

namespace palisade::notifications::testing {
namespace {

namespace json = boost::json;
using palisade::testing::HttpFixture;
using palisade::testing::HttpMode;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;
using ::testing::HasSubstr;

ScriptedResponse Status(int status) {
    ScriptedResponse r;
    r.status = status;
    r.reason = "Status";
    r.body = "{}";
    return r;
}

class WebhookDeliveryTest : public NotificationsTest {
  protected:
    void SetUp() override {
        NotificationsTest::SetUp();
        admin_ = User("admin@acme.test", "admin", "Acme");
    }

    // A webhook at `url` that gets scan.finished events, and one scan that ended.
    CreatedWebhook HookAndScan(const std::string& url, bool allow_private = true) {
        CreatedWebhook hook = MakeWebhook(admin_, url, allow_private);
        Rule r;
        r.event = "scan.finished";
        r.channels.webhook_ids = {hook.webhook.id};
        MakeRule(admin_, r);
        auto s = notifications_->notifier().OnScanEnded(admin_.org_id, "scan-1", "done", admin_.id, R"({"new":1})", {});
        EXPECT_TRUE(s.has_value());
        return hook;
    }

    std::string NowUnix() const { return std::to_string(ToUnixSeconds(clock_.Now())); }

    Member admin_;
};

TEST_P(WebhookDeliveryTest, SendsASignedRequestTheReceiverVerifies) {
    HttpFixture receiver;
    receiver.Route("/hook", Status(204), "POST");
    const CreatedWebhook hook = HookAndScan(receiver.Url("/hook"));
    ASSERT_EQ(hook.secret.rfind("whsec_", 0), 0u);
    const jobs::Job job = ClaimWebhookJob();
    const jobs::JobOutcome outcome = RunWebhookJob(job);
    EXPECT_EQ(outcome.kind, jobs::JobOutcome::Kind::kDone) << outcome.error;

    const auto requests = receiver.Requests();
    ASSERT_EQ(requests.size(), 1u);
    const HttpRequestRecord& req = requests[0];
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(VerifyWebhook(req, hook.secret, ToUnixSeconds(clock_.Now())), "");
    EXPECT_NE(VerifyWebhook(req, "whsec_wrong", ToUnixSeconds(clock_.Now())), "");
    EXPECT_THAT(VerifyWebhook(req, hook.secret, ToUnixSeconds(clock_.Now()) + 301), HasSubstr("replay"));
    EXPECT_EQ(req.Header("X-Palisade-Timestamp"), NowUnix());
    EXPECT_EQ(req.Header("X-Palisade-Event"), "scan.finished");
    EXPECT_EQ(req.Header("X-Palisade-Delivery"), job.id);
    EXPECT_THAT(req.Header("Content-Type"), HasSubstr("application/json"));
    const auto body = json::parse(req.body).as_object();
    EXPECT_EQ(body.at("event"), "scan.finished");
    EXPECT_EQ(body.at("created_at"), json::value(FormatTime(clock_.Now())));
    EXPECT_FALSE(body.at("id").as_string().empty());
    const auto& data = body.at("data").as_object();
    EXPECT_EQ(data.at("scan_id"), "scan-1");
    EXPECT_EQ(data.at("state"), "done");
    EXPECT_EQ(data.at("link"), json::value(std::string(kPublicUrl) + "/scans/scan-1"));
    EXPECT_EQ(data.at("summary").as_object().at("new"), 1);
    EXPECT_EQ(req.body.find(hook.secret), std::string::npos);

    const auto log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].outcome, "delivered");
    EXPECT_EQ(log[0].status_code, 204);
    EXPECT_EQ(log[0].attempt, 1);
    EXPECT_EQ(log[0].delivery_id, job.id);
    EXPECT_EQ(log[0].event, "scan.finished");
    EXPECT_EQ(log[0].event_id, std::string(body.at("id").as_string()));
    EXPECT_EQ(queue_->GetAny(job.id)->state, jobs::JobState::kDone);
}

TEST_P(WebhookDeliveryTest, RetriesServerErrorsWithBackoffUntilDelivered) {
    HttpFixture receiver;
    std::atomic<int> calls{0};
    receiver.SetHandler([&](const HttpRequestRecord&) { return Status(++calls <= 2 ? 503 : 200); });
    const CreatedWebhook hook = HookAndScan(receiver.Url("/hook"));

    jobs::Job job = ClaimWebhookJob();
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kRetry);
    EXPECT_FALSE(TryClaimWebhookJob().has_value());  // waits for its backoff
    clock_.Advance(jobs::RetryBackoff(1));
    job = ClaimWebhookJob();
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kRetry);
    clock_.Advance(jobs::RetryBackoff(2));
    job = ClaimWebhookJob();
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kDone);
    EXPECT_EQ(queue_->GetAny(job.id)->state, jobs::JobState::kDone);

    const auto requests = receiver.Requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& r : requests) {
        EXPECT_EQ(r.Header("X-Palisade-Delivery"), job.id);  // the same delivery, attempt after attempt
        EXPECT_EQ(r.body, requests[0].body);
    }
    EXPECT_EQ(VerifyWebhook(requests[2], hook.secret, ToUnixSeconds(clock_.Now())), "");
    const auto log = DeliveryLog(admin_, hook.webhook.id);  // newest first
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].outcome, "delivered");
    EXPECT_EQ(log[0].attempt, 3);
    EXPECT_EQ(log[1].outcome, "retrying");
    EXPECT_EQ(log[1].status_code, 503);
    EXPECT_EQ(log[1].error, "HTTP 503");
    EXPECT_EQ(log[2].attempt, 1);
}

TEST_P(WebhookDeliveryTest, GivesUpAfterTheLastAttempt) {
    HttpFixture receiver;
    receiver.SetHandler([](const HttpRequestRecord&) { return Status(500); });
    const CreatedWebhook hook = HookAndScan(receiver.Url("/hook"));
    for (int attempt = 1; attempt <= kWebhookMaxAttempts; ++attempt) {
        const jobs::Job job = ClaimWebhookJob();
        ASSERT_EQ(job.attempts, attempt);
        EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kRetry);
        clock_.Advance(jobs::RetryBackoff(attempt));
    }
    EXPECT_FALSE(TryClaimWebhookJob().has_value());
    const auto log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), static_cast<std::size_t>(kWebhookMaxAttempts));
    EXPECT_EQ(log[0].outcome, "failed");
    EXPECT_EQ(log[1].outcome, "retrying");
    EXPECT_EQ(receiver.Requests().size(), static_cast<std::size_t>(kWebhookMaxAttempts));
}

TEST_P(WebhookDeliveryTest, ClientErrorsAndRedirectsAreNotRetried) {
    HttpFixture receiver;
    receiver.Route("/gone", Status(410), "POST");
    receiver.Route("/moved", ScriptedResponse::Redirect(302, "http://127.0.0.1:1/elsewhere"), "POST");
    const CreatedWebhook gone = HookAndScan(receiver.Url("/gone"));
    jobs::Job job = ClaimWebhookJob();
    const jobs::JobOutcome outcome = RunWebhookJob(job);
    EXPECT_EQ(outcome.kind, jobs::JobOutcome::Kind::kFailed);
    EXPECT_EQ(queue_->GetAny(job.id)->state, jobs::JobState::kFailed);
    auto log = DeliveryLog(admin_, gone.webhook.id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].outcome, "failed");
    EXPECT_EQ(log[0].status_code, 410);

    const CreatedWebhook moved = MakeWebhook(admin_, receiver.Url("/moved"));
    auto tested = notifications_->webhooks().Test(moved.webhook.id, admin_.ctx);
    ASSERT_TRUE(tested.has_value());
    EXPECT_EQ(tested->outcome, "failed");
    EXPECT_EQ(tested->status_code, 302);
    EXPECT_THAT(tested->error, HasSubstr("redirects are not followed"));
    EXPECT_EQ(receiver.Requests().size(), 2u);  // /gone once, /moved once; the redirect was not followed
}

TEST_P(WebhookDeliveryTest, RefusedConnectionsAndTimeoutsAreRetried) {
    std::string closed_url;
    {
        HttpFixture gone;
        closed_url = gone.Url("/hook");
    }  // nothing listens there any more
    const CreatedWebhook hook = HookAndScan(closed_url);
    jobs::Job job = ClaimWebhookJob();
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kRetry);
    auto log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].status_code, 0);
    EXPECT_FALSE(log[0].error.empty());

    HttpFixture silent;
    ScriptedResponse never;
    never.mode = HttpMode::kSilent;
    silent.Route("/hook", never);
    send_options_.timeout = std::chrono::milliseconds(300);
    ASSERT_TRUE(notifications_->webhooks().Update(hook.webhook.id, {{}, silent.Url("/hook"), {}, {}}, admin_.ctx));
    clock_.Advance(jobs::RetryBackoff(1));
    job = ClaimWebhookJob();
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kRetry);
    log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_THAT(log[0].error, HasSubstr("timed out"));
    silent.Stop();
}

TEST_P(WebhookDeliveryTest, LongAnswersAreCutButCount) {
    HttpFixture receiver;
    ScriptedResponse big = Status(200);
    big.body = std::string(1 << 20, 'x');
    receiver.Route("/hook", big, "POST");
    const CreatedWebhook hook = MakeWebhook(admin_, receiver.Url("/hook"));
    auto tested = notifications_->webhooks().Test(hook.webhook.id, admin_.ctx);
    ASSERT_TRUE(tested.has_value());
    EXPECT_EQ(tested->outcome, "delivered");
    EXPECT_EQ(tested->event, "webhook.test");
    EXPECT_EQ(receiver.Requests().size(), 1u);
}

TEST_P(WebhookDeliveryTest, ConnectsToThePinnedAddress) {
    HttpFixture receiver;
    receiver.Route("/hook", Status(200), "POST");
    {
        std::lock_guard<std::mutex> lock(mutex_);
        dns_["hooks.palisade-test.invalid"] = {"127.0.0.1"};  // a name no real resolver knows
    }
    const std::string url = "http://hooks.palisade-test.invalid:" + std::to_string(receiver.port()) + "/hook";
    const CreatedWebhook hook = HookAndScan(url);
    EXPECT_EQ(RunWebhookJob(ClaimWebhookJob()).kind, jobs::JobOutcome::Kind::kDone);
    const auto requests = receiver.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].Header("Host"), "hooks.palisade-test.invalid:" + std::to_string(receiver.port()));
    EXPECT_EQ(VerifyWebhook(requests[0], hook.secret, ToUnixSeconds(clock_.Now())), "");
}

TEST_P(WebhookDeliveryTest, ChecksTheAddressAgainAtDeliveryTime) {
    HttpFixture receiver;
    receiver.Route("/hook", Status(200), "POST");
    {
        std::lock_guard<std::mutex> lock(mutex_);
        dns_["rebind.palisade-test.invalid"] = {"93.184.216.34"};  // public when the webhook is saved
    }
    const std::string url = "http://rebind.palisade-test.invalid:" + std::to_string(receiver.port()) + "/hook";
    const CreatedWebhook hook = HookAndScan(url, false);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        dns_["rebind.palisade-test.invalid"] = {"127.0.0.1"};  // ... and loopback when it is delivered
    }
    const jobs::Job job = ClaimWebhookJob();
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kFailed);
    EXPECT_TRUE(receiver.Requests().empty());
    const auto log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].outcome, "failed");
    EXPECT_THAT(log[0].error, HasSubstr("loopback"));
}

TEST_P(WebhookDeliveryTest, DeletedAndDisabledWebhooksSendNothing) {
    HttpFixture receiver;
    receiver.Route("/hook", Status(200), "POST");
    const CreatedWebhook hook = HookAndScan(receiver.Url("/hook"));
    const jobs::Job job = ClaimWebhookJob();
    ASSERT_TRUE(notifications_->webhooks().Update(hook.webhook.id, {{}, {}, false, {}}, admin_.ctx));
    EXPECT_EQ(RunWebhookJob(job).kind, jobs::JobOutcome::Kind::kDone);
    ASSERT_TRUE(notifications_->webhooks().Delete(hook.webhook.id, admin_.ctx));
    auto handler = MakeWebhookJobHandler({*store_, clock_, *secrets_, send_options_, deps_->resolver});
    jobs::JobContext ctx(job);
    const jobs::JobOutcome outcome = handler(ctx);
    EXPECT_EQ(outcome.kind, jobs::JobOutcome::Kind::kDone);
    EXPECT_THAT(outcome.result_json, HasSubstr("deleted"));
    EXPECT_TRUE(receiver.Requests().empty());
}

TEST_P(WebhookDeliveryTest, RunsOnAWorkerPool) {
    HttpFixture receiver;
    receiver.Route("/hook", Status(200), "POST");
    jobs::WorkerOptions options;
    options.threads = 1;
    options.poll = std::chrono::milliseconds(20);
    jobs::WorkerPool pool(*queue_, options);
    pool.Register(kWebhookJobKind,
                  MakeWebhookJobHandler({*store_, clock_, *secrets_, send_options_, deps_->resolver}));
    pool.Start();
    const CreatedWebhook hook = HookAndScan(receiver.Url("/hook"));
    pool.Wake();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (DeliveryLog(admin_, hook.webhook.id).empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pool.Stop(std::chrono::seconds(5));
    const auto log = DeliveryLog(admin_, hook.webhook.id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].outcome, "delivered");
    ASSERT_EQ(receiver.Requests().size(), 1u);
    EXPECT_EQ(VerifyWebhook(receiver.Requests()[0], hook.secret, ToUnixSeconds(clock_.Now())), "");
    EXPECT_EQ(queue_->GetAny(log[0].delivery_id)->state, jobs::JobState::kDone);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookDeliveryTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::notifications::testing
