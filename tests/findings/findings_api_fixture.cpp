// SPDX-License-Identifier: Apache-2.0
#include "findings/findings_api_fixture.hpp"

#include <boost/json.hpp>

#include "api/findings/finding_routes.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "findings/findings_fixture.hpp"
#include "identity/bootstrap.hpp"
#include "store/identity_repository.hpp"

namespace palisade::findings::testing {

TimePoint FindingsApiTest::StartTimeForApi() { return StartTime(); }

void FindingsApiTest::SetUp() {
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
    deps_ = std::make_unique<identity::IdentityDeps>(identity::IdentityDeps{
        *store_, config_.auth, clock_, *hasher_, *jwt_, *secrets_, "http://palisade.test", {}});
    auth_ = std::make_unique<identity::AuthService>(*deps_);
    findings_ = std::make_unique<FindingService>(*store_, clock_);
    assets_ = std::make_unique<AssetService>(*store_, clock_);
    authenticator_ = std::make_unique<api::ApiAuthenticator>(*auth_);
    const api::FindingApi api{*findings_, *assets_};
    api::MountFindingRoutes(router_, api);
    api::MountAssetRoutes(router_, api);
    auto trusted = server::TrustedProxies::Parse({});
    ASSERT_TRUE(trusted.has_value());
    pipeline_ = std::make_unique<server::RequestPipeline>(config_.server, *trusted, router_, *authenticator_,
                                                          metrics_);
}

void FindingsApiTest::TearDown() {
    pipeline_.reset();
    authenticator_.reset();
    auth_.reset();
    store_.reset();
}

TestUser FindingsApiTest::User(const std::string& email, const std::string& role, const std::string& org) {
    TestUser u;
    auto id = identity::CreateUser(*deps_, {email, kPassword, role, org, "Test User"});
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
    u.id = id.value_or("");
    auto m = store_->Read([&](store::Tx& tx) -> Result<std::string> {
        auto membership = store::memberships::FirstForUser(tx, u.id);
        return membership ? membership->org_id : std::string();
    });
    u.org_id = m.value_or("");
    identity::RequestContext ctx;
    ctx.client_ip = "127.0.0.1";
    auto pair = auth_->Login({email, kPassword, ""}, ctx);
    EXPECT_TRUE(pair.has_value()) << (pair ? "" : pair.error().message);
    u.token = pair ? pair->access_token : "";
    return u;
}

server::Response FindingsApiTest::Call(server::Method method, std::string target, const std::string& token,
                                       std::string body) {
    server::Request request;
    request.method = method;
    request.target = std::move(target);
    request.body = std::move(body);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    request.headers.emplace_back("user-agent", "findings-api-test");
    pipeline_->Identify(request, "127.0.0.1");
    const auto now = std::chrono::steady_clock::now();
    auto prepared = pipeline_->Prepare(request, now);
    server::Response response =
        prepared.response ? std::move(*prepared.response) : pipeline_->Run(*prepared.route, request, now);
    pipeline_->Decorate(request, response);
    return response;
}

void FindingsApiTest::Seed(const std::string& org_id, const std::string& scan_id, const std::string& target,
                           const std::vector<scan::Finding>& list) {
    scan::ScanReport report;
    report.targets.push_back(MakeTarget(target, {"tls", "headers"}));
    std::vector<TargetFinding> tfs;
    for (const auto& f : list) {
        tfs.push_back({target, f});
        report.findings.push_back(f);
    }
    auto s = findings_->IngestScan({org_id, scan_id, true, &report, tfs});
    ASSERT_TRUE(s.has_value()) << s.error().message << " " << s.error().detail;
}

std::string FindingsApiTest::FindingId(const TestUser& user, const std::string& check) {
    auto r = Call(server::Method::kGet, "/api/v1/findings?check=" + check, user.token);
    EXPECT_EQ(r.status, 200) << r.body;
    auto items = boost::json::parse(r.body).as_object().at("items").as_array();
    EXPECT_EQ(items.size(), 1u) << r.body;
    return items.empty() ? "" : std::string(items[0].as_object().at("id").as_string());
}

}  // namespace palisade::findings::testing
