// SPDX-License-Identifier: Apache-2.0
// NotificationsTest: the notification services over a fresh, migrated database of the test's back-end
// (DatabaseBackends(): SQLite always, PostgreSQL when PALISADE_TEST_PG_URL is set), with real identity services
// (users, logins), a JobQueue, a ManualClock, a recorded live push, a resolver the test can script, and the
// notification routes behind the server's RequestPipeline (routing, authentication, permissions) without sockets.
// Also: an independent verifier of webhook signatures (OpenSSL HMAC), as a receiver would write it.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/authenticator.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "identity/auth_service.hpp"
#include "jobs/job_context.hpp"
#include "jobs/job_queue.hpp"
#include "notifications/notifications.hpp"
#include "server/metrics.hpp"
#include "server/pipeline.hpp"
#include "server/router.hpp"
#include "store/notifications/notification_records.hpp"
#include "store/records.hpp"
#include "store/store.hpp"
#include "support/http/http_fixture.hpp"
#include "support/test_env.hpp"

namespace palisade::notifications::testing {

// 2026-03-01T00:00:00Z
TimePoint StartTime();

struct Member {
    std::string id;
    std::string org_id;
    std::string email;
    std::string token;  // access token
    identity::RequestContext ctx;
};

struct Pushed {
    std::string org_id;
    std::string user_id;
    std::string type;
    std::string data_json;
};

// Why a webhook request fails verification ("" when it passes): the receiver's side, written with OpenSSL's HMAC
// (not the library's libsodium code): signature over timestamp "." body, constant-time compare, and a timestamp
// no further than 5 minutes from `now_unix`.
std::string VerifyWebhook(const palisade::testing::HttpRequestRecord& request, const std::string& secret,
                          std::int64_t now_unix);

class NotificationsTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override;
    void TearDown() override;

    // A verified, logged-in member with `role` of organisation `org` (created when missing).
    Member User(const std::string& email, const std::string& role, const std::string& org);
    // A finding inserted directly; returns its id.
    std::string MakeFinding(const std::string& org_id, const std::string& title, const std::string& severity,
                            const std::string& status = "open",
                            const std::optional<std::string>& accepted_until = std::nullopt,
                            const std::optional<std::string>& sla_due_at = std::nullopt);
    // Every notification of the member, newest first.
    std::vector<store::NotificationRecord> Inbox(const Member& m);
    std::vector<store::OutboxRecord> Outbox(const std::string& org_id);
    std::vector<store::WebhookDeliveryRecord> DeliveryLog(const Member& admin, const std::string& webhook_id);
    // A rule created through the service (fails the test when refused).
    Rule MakeRule(const Member& admin, Rule rule);
    // A webhook created through the service; returns it with its secret.
    CreatedWebhook MakeWebhook(const Member& admin, const std::string& url, bool allow_private = true);
    // Claims the next "webhook" job (fails the test when there is none).
    jobs::Job ClaimWebhookJob();
    std::optional<jobs::Job> TryClaimWebhookJob();
    // Runs the webhook job handler on `job` and settles the job on the queue as the worker pool would.
    jobs::JobOutcome RunWebhookJob(const jobs::Job& job);
    std::vector<Pushed> PushedTo(const std::string& user_id);

    // One request through the pipeline; `token` "" sends no credentials.
    server::Response Call(server::Method method, std::string target, const std::string& token, std::string body = {});

    static constexpr const char* kPassword = "correct horse battery staple";
    static constexpr const char* kPublicUrl = "https://palisade.test";

    palisade::testing::TempDir dir_;
    ManualClock clock_{StartTime()};
    config::Config config_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
    std::unique_ptr<identity::IdentityDeps> identity_;
    std::unique_ptr<identity::AuthService> auth_;
    std::unique_ptr<jobs::JobQueue> queue_;
    std::unique_ptr<NotificationDeps> deps_;
    std::unique_ptr<Notifications> notifications_;
    std::unique_ptr<api::ApiAuthenticator> authenticator_;
    server::Metrics metrics_;
    server::Router router_;
    std::unique_ptr<server::RequestPipeline> pipeline_;

    // Host names the resolver answers (others go to the system resolver); guarded by mutex_.
    std::map<std::string, std::vector<std::string>> dns_;
    std::mutex mutex_;
    std::vector<Pushed> pushed_;
    int mail_wakeups_ = 0;
    int job_wakeups_ = 0;
    WebhookSendOptions send_options_;
};

}  // namespace palisade::notifications::testing
