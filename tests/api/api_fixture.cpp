// SPDX-License-Identifier: Apache-2.0
#include "api/api_fixture.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "identity/bootstrap.hpp"
#include "imports/import_service.hpp"
#include "jobs/job_queue.hpp"
#include "notifications/notifications.hpp"
#include "scans/scan_event_log.hpp"
#include "scans/scan_service.hpp"
#include "scans/schedule_service.hpp"

namespace palisade::api::testing {

ApiFixture::ApiFixture() = default;
ApiFixture::~ApiFixture() = default;

void ApiFixture::SetUp() {
    ASSERT_TRUE(InitCrypto());
    config_.auth.signup = config::SignupMode::kOpen;
    config_.auth.require_email_verification = true;
    config_.server.rate_limit_ip_per_minute = 0;
    config_.server.rate_limit_principal_per_minute = 0;
    auto opened = store::Store::Open({palisade::testing::FreshDatabaseUrl("sqlite", dir_.path()), 4,
                                      std::chrono::milliseconds(5000)});
    ASSERT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
    store_ = std::move(*opened);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    hasher_ = std::make_unique<auth::PasswordHasher>(auth::PasswordHasher::ForTests());
    jwt_ = std::make_unique<auth::JwtCodec>(std::string(32, 'k'), "palisade", clock_);
    secrets_ = std::make_unique<auth::SecretBox>(std::string(auth::SecretBox::kKeyBytes, 's'));
    deps_ = std::make_unique<identity::IdentityDeps>(identity::IdentityDeps{
        *store_, config_.auth, clock_, *hasher_, *jwt_, *secrets_, "http://palisade.test", {}});
    auth_ = std::make_unique<identity::AuthService>(*deps_);
    account_ = std::make_unique<identity::AccountService>(*deps_);
    admin_ = std::make_unique<identity::AdminService>(*deps_);
    authenticator_ = std::make_unique<ApiAuthenticator>(*auth_);
    // The platform services, without workers: scans are queued and stay queued (no job runs in these tests).
    queue_ = std::make_unique<jobs::JobQueue>(*store_, clock_);
    scan_events_ = std::make_unique<scans::ScanEventLog>(*store_, clock_, nullptr);
    scans_ = std::make_unique<scans::ScanService>(scans::ScanServiceDeps{*deps_, *queue_, *scan_events_, {}, {}, {}});
    schedules_ = std::make_unique<scans::ScheduleService>(scans::ScheduleServiceDeps{*deps_, *scans_});
    findings_ = std::make_unique<findings::FindingService>(*store_, clock_);
    assets_ = std::make_unique<findings::AssetService>(*store_, clock_);
    notifications_ = std::make_unique<notifications::Notifications>(
        notifications::NotificationDeps{*store_, clock_, *secrets_, *queue_, "http://palisade.test", {}, {}, {}, {}, {}});
    imports_ = std::make_unique<imports::ImportService>(imports::ImportServiceDeps{*store_, clock_, *queue_});
    ApiContext ctx{*auth_, *account_, *admin_, *store_, metrics_, config_, false, "1.2.3-test"};
    ctx.scans = scans_.get();
    ctx.schedules = schedules_.get();
    ctx.findings = findings_.get();
    ctx.assets = assets_.get();
    ctx.notifications = notifications_.get();
    ctx.imports = imports_.get();
    MountRoutes(router_, ctx);
    auto trusted = server::TrustedProxies::Parse({});
    ASSERT_TRUE(trusted.has_value());
    pipeline_ = std::make_unique<server::RequestPipeline>(config_.server, *trusted, router_, *authenticator_,
                                                          metrics_);
}

void ApiFixture::TearDown() {
    pipeline_.reset();
    authenticator_.reset();
    imports_.reset();
    notifications_.reset();
    assets_.reset();
    findings_.reset();
    schedules_.reset();
    scans_.reset();
    scan_events_.reset();
    queue_.reset();
    admin_.reset();
    account_.reset();
    auth_.reset();
    store_.reset();
}

server::Response ApiFixture::Call(server::Method method, std::string target, std::string body, Headers headers) {
    server::Request request;
    request.method = method;
    request.target = std::move(target);
    request.body = std::move(body);
    request.headers = std::move(headers);
    request.headers.emplace_back("user-agent", "api-test");
    pipeline_->Identify(request, "127.0.0.1");
    const auto now = std::chrono::steady_clock::now();
    auto prepared = pipeline_->Prepare(request, now);
    server::Response response = prepared.response ? std::move(*prepared.response)
                                                  : pipeline_->Run(*prepared.route, request, now);
    pipeline_->Decorate(request, response);
    return response;
}

std::string ApiFixture::CreateUser(const std::string& email, const std::string& role, const std::string& org) {
    auto id = identity::CreateUser(*deps_, {email, kPassword, role, org, "Test User"});
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message + " " + id.error().detail);
    return id.value_or("");
}

std::string ApiFixture::LoginToken(const std::string& email) {
    boost::json::object body{{"email", email}, {"password", kPassword}};
    auto r = Call(server::Method::kPost, "/api/v1/auth/login", boost::json::serialize(body));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return "";
    return std::string(boost::json::parse(r.body).as_object().at("access_token").as_string());
}

std::vector<std::string> SetCookies(const server::Response& r, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [n, v] : r.headers) {
        if (IEquals(n, "set-cookie") && StartsWith(v, std::string(name) + "=")) out.push_back(v);
    }
    return out;
}

std::string CookieValue(const std::string& set_cookie) {
    const auto eq = set_cookie.find('=');
    const auto semi = set_cookie.find(';');
    return set_cookie.substr(eq + 1, semi - eq - 1);
}

}  // namespace palisade::api::testing
