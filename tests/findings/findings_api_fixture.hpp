// SPDX-License-Identifier: Apache-2.0
// FindingsApiTest: the findings and assets routes over real identity services (login, API authentication) and
// real FindingService/AssetService, on a fresh database of the test's back-end, driven through the server's
// RequestPipeline (routing, authentication, permissions) without sockets. ManualClock at 2026-03-01T00:00:00Z.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/authenticator.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "identity/auth_service.hpp"
#include "server/metrics.hpp"
#include "server/pipeline.hpp"
#include "server/router.hpp"
#include "store/store.hpp"
#include "support/test_env.hpp"

namespace palisade::findings::testing {

struct TestUser {
    std::string id;
    std::string org_id;
    std::string token;  // access token
};

class FindingsApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override;
    void TearDown() override;

    // A verified member with `role` of organisation `org` (created when missing), logged in.
    TestUser User(const std::string& email, const std::string& role, const std::string& org);
    // One request through the pipeline; `token` "" sends no credentials.
    server::Response Call(server::Method method, std::string target, const std::string& token,
                          std::string body = {});
    // Ingests findings of one target (modules done) into `org_id` as `scan_id`.
    void Seed(const std::string& org_id, const std::string& scan_id, const std::string& target,
              const std::vector<scan::Finding>& findings);
    // The id of the single finding of `check` as `user` sees it.
    std::string FindingId(const TestUser& user, const std::string& check);

    static constexpr const char* kPassword = "correct horse battery staple";

    palisade::testing::TempDir dir_;
    ManualClock clock_{StartTimeForApi()};
    config::Config config_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
    std::unique_ptr<identity::IdentityDeps> deps_;
    std::unique_ptr<identity::AuthService> auth_;
    std::unique_ptr<FindingService> findings_;
    std::unique_ptr<AssetService> assets_;
    std::unique_ptr<api::ApiAuthenticator> authenticator_;
    server::Metrics metrics_;
    server::Router router_;
    std::unique_ptr<server::RequestPipeline> pipeline_;

private:
    static TimePoint StartTimeForApi();
};

}  // namespace palisade::findings::testing
