// SPDX-License-Identifier: Apache-2.0
#include "notifications/notifications_fixture.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

#include "api/notifications/notification_routes.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "identity/bootstrap.hpp"
#include "jobs/job_context.hpp"
#include "notifications/webhook_delivery.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/outbox_repository.hpp"

namespace palisade::notifications::testing {

TimePoint StartTime() { return *ParseTime("2026-03-01T00:00:00Z"); }

std::string VerifyWebhook(const palisade::testing::HttpRequestRecord& request, const std::string& secret,
                          std::int64_t now_unix) {
    const std::string timestamp = request.Header("X-Palisade-Timestamp");
    const std::string signature = request.Header("X-Palisade-Signature");
    if (timestamp.empty() || signature.empty()) return "signature headers missing";
    char* end = nullptr;
    const long long ts = std::strtoll(timestamp.c_str(), &end, 10);
    if (end == timestamp.c_str() || *end != '\0') return "timestamp is not a number";
    if (ts < now_unix - 300 || ts > now_unix + 300) return "timestamp outside the 5-minute window (replay?)";
    const std::string message = timestamp + "." + request.body;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
    static const char* kHex = "0123456789abcdef";
    std::string expected = "sha256=";
    for (unsigned int i = 0; i < mac_len; ++i) {
        expected += kHex[mac[i] >> 4];
        expected += kHex[mac[i] & 0xF];
    }
    if (expected.size() != signature.size() || CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
        return "signature mismatch";
    }
    return "";
}

void NotificationsTest::SetUp() {
    ASSERT_TRUE(InitCrypto());
    config_.server.rate_limit_ip_per_minute = 0;
    config_.server.rate_limit_principal_per_minute = 0;
    auto opened = store::Store::Open(
        {palisade::testing::FreshDatabaseUrl(GetParam(), dir_.path()), 4, std::chrono::milliseconds(5000)});
    ASSERT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
    store_ = std::move(*opened);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    hasher_ = std::make_unique<auth::PasswordHasher>(auth::PasswordHasher::ForTests());
    jwt_ = std::make_unique<auth::JwtCodec>(std::string(32, 'k'), "palisade", clock_);
    secrets_ = std::make_unique<auth::SecretBox>(std::string(auth::SecretBox::kKeyBytes, 's'));
    identity_ = std::make_unique<identity::IdentityDeps>(
        identity::IdentityDeps{*store_, config_.auth, clock_, *hasher_, *jwt_, *secrets_, kPublicUrl, {}});
    auth_ = std::make_unique<identity::AuthService>(*identity_);
    queue_ = std::make_unique<jobs::JobQueue>(*store_, clock_);
    send_options_.timeout = std::chrono::milliseconds(5000);
    Resolver resolver = [this](const std::string& host) -> Result<std::vector<std::string>> {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (auto it = dns_.find(host); it != dns_.end()) return it->second;
        }
        return SystemResolver()(host);
    };
    deps_ = std::make_unique<NotificationDeps>(NotificationDeps{
        *store_, clock_, *secrets_, *queue_, kPublicUrl,
        [this](const std::string& org, const std::string& user, const std::string& type, const std::string& data) {
            std::lock_guard<std::mutex> lock(mutex_);
            pushed_.push_back({org, user, type, data});
        },
        [this] { ++mail_wakeups_; }, [this] { ++job_wakeups_; }, resolver, send_options_});
    notifications_ = std::make_unique<Notifications>(*deps_);
    authenticator_ = std::make_unique<api::ApiAuthenticator>(*auth_);
    api::MountNotificationRoutes(router_, api::NotificationApi{*notifications_});
    auto trusted = server::TrustedProxies::Parse({});
    ASSERT_TRUE(trusted.has_value());
    pipeline_ = std::make_unique<server::RequestPipeline>(config_.server, *trusted, router_, *authenticator_, metrics_);
}

void NotificationsTest::TearDown() {
    pipeline_.reset();
    authenticator_.reset();
    notifications_.reset();
    auth_.reset();
    queue_.reset();
    store_.reset();
}

Member NotificationsTest::User(const std::string& email, const std::string& role, const std::string& org) {
    Member m;
    m.email = email;
    auto id = identity::CreateUser(*identity_, {email, kPassword, role, org, "Test User"});
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
    m.id = id.value_or("");
    auto membership = store_->Read([&](store::Tx& tx) -> Result<std::string> {
        auto first = store::memberships::FirstForUser(tx, m.id);
        return first ? first->org_id : std::string();
    });
    m.org_id = membership.value_or("");
    identity::RequestContext login;
    login.client_ip = "127.0.0.1";
    auto pair = auth_->Login({email, kPassword, ""}, login);
    EXPECT_TRUE(pair.has_value()) << (pair ? "" : pair.error().message);
    m.token = pair ? pair->access_token : "";
    m.ctx.request_id = "test";
    m.ctx.principal = auth::Principal{m.id, m.org_id, email, auth::ParseRole(role).value_or(auth::Role::kViewer)};
    return m;
}

std::string NotificationsTest::MakeFinding(const std::string& org_id, const std::string& title,
                                           const std::string& severity, const std::string& status,
                                           const std::optional<std::string>& accepted_until,
                                           const std::optional<std::string>& sla_due_at) {
    store::FindingRecord f;
    f.id = NewId(clock_.Now());
    f.org_id = org_id;
    f.fingerprint = Sha256Hex(f.id).substr(0, 32);
    f.check_id = "tls.test." + f.id.substr(30);
    f.module = "tls";
    f.title = title;
    f.severity = severity;
    f.severity_rank = SeverityRank(severity).value_or(0);
    f.location = "10.0.0.5:443";
    f.evidence = "SECRET-EVIDENCE-" + f.id;
    f.target = "10.0.0.5";
    f.status = status;
    f.accepted_until = accepted_until;
    f.sla_due_at = sla_due_at;
    f.first_seen = f.last_seen = f.created_at = f.updated_at = FormatTime(clock_.Now());
    auto r = store_->Write([&](store::Tx& tx) -> Status {
        store::findings::Insert(tx, f);
        return Ok();
    });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return f.id;
}

std::vector<store::NotificationRecord> NotificationsTest::Inbox(const Member& m) {
    InboxQuery q;
    q.limit = 200;
    auto page = notifications_->inbox().List(q, m.ctx);
    EXPECT_TRUE(page.has_value());
    return page ? page->items : std::vector<store::NotificationRecord>{};
}

std::vector<store::OutboxRecord> NotificationsTest::Outbox(const std::string& org_id) {
    auto r = store_->Read([&](store::Tx& tx) -> Result<std::vector<store::OutboxRecord>> {
        return store::outbox::List(tx, org_id, "", 200);
    });
    EXPECT_TRUE(r.has_value());
    return r.value_or(std::vector<store::OutboxRecord>{});
}

std::vector<store::WebhookDeliveryRecord> NotificationsTest::DeliveryLog(const Member& admin,
                                                                         const std::string& webhook_id) {
    auto page = notifications_->webhooks().Deliveries(webhook_id, "", 200, admin.ctx);
    EXPECT_TRUE(page.has_value());
    return page ? page->items : std::vector<store::WebhookDeliveryRecord>{};
}

Rule NotificationsTest::MakeRule(const Member& admin, Rule rule) {
    std::vector<FieldIssue> issues;
    auto created = notifications_->rules().Create(rule, admin.ctx, issues);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().field + ": " + created.error().message);
    return created.value_or(Rule{});
}

CreatedWebhook NotificationsTest::MakeWebhook(const Member& admin, const std::string& url, bool allow_private) {
    auto created = notifications_->webhooks().Create({"receiver", url, true, allow_private}, admin.ctx);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    return created.value_or(CreatedWebhook{});
}

std::optional<jobs::Job> NotificationsTest::TryClaimWebhookJob() {
    auto job = queue_->Claim("test-worker", {kWebhookJobKind}, std::chrono::seconds(60), {});
    EXPECT_TRUE(job.has_value());
    return job ? *job : std::nullopt;
}

jobs::Job NotificationsTest::ClaimWebhookJob() {
    auto job = TryClaimWebhookJob();
    EXPECT_TRUE(job.has_value()) << "no webhook job to claim";
    return job.value_or(jobs::Job{});
}

jobs::JobOutcome NotificationsTest::RunWebhookJob(const jobs::Job& job) {
    auto handler = MakeWebhookJobHandler({*store_, clock_, *secrets_, send_options_, deps_->resolver});
    jobs::JobContext ctx(job);
    jobs::JobOutcome outcome = handler(ctx);
    Status settled = Ok();
    switch (outcome.kind) {
        case jobs::JobOutcome::Kind::kDone:
            settled = queue_->Complete(job.id, "test-worker", outcome.result_json);
            break;
        case jobs::JobOutcome::Kind::kRetry:
            settled = queue_->Fail(job.id, "test-worker", outcome.error, true);
            break;
        case jobs::JobOutcome::Kind::kFailed:
            settled = queue_->Fail(job.id, "test-worker", outcome.error, false);
            break;
        case jobs::JobOutcome::Kind::kCancelled:
            settled = queue_->MarkCancelled(job.id, "test-worker", outcome.result_json);
            break;
    }
    EXPECT_TRUE(settled.has_value()) << (settled ? "" : settled.error().message);
    return outcome;
}

std::vector<Pushed> NotificationsTest::PushedTo(const std::string& user_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Pushed> out;
    for (const auto& p : pushed_) {
        if (p.user_id == user_id) out.push_back(p);
    }
    return out;
}

server::Response NotificationsTest::Call(server::Method method, std::string target, const std::string& token,
                                         std::string body) {
    server::Request request;
    request.method = method;
    request.target = std::move(target);
    request.body = std::move(body);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    request.headers.emplace_back("user-agent", "notifications-test");
    pipeline_->Identify(request, "127.0.0.1");
    const auto now = std::chrono::steady_clock::now();
    auto prepared = pipeline_->Prepare(request, now);
    server::Response response =
        prepared.response ? std::move(*prepared.response) : pipeline_->Run(*prepared.route, request, now);
    pipeline_->Decorate(request, response);
    return response;
}

}  // namespace palisade::notifications::testing
