// SPDX-License-Identifier: Apache-2.0
// ApiFixture: the API's route table over real identity services on a fresh, migrated SQLite database, driven
// through the server's RequestPipeline (routing, authentication, permissions) without sockets.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/authenticator.hpp"
#include "api/routes.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "identity/account_service.hpp"
#include "identity/admin_service.hpp"
#include "identity/auth_service.hpp"
#include "server/metrics.hpp"
#include "server/pipeline.hpp"
#include "server/router.hpp"
#include "store/store.hpp"
#include "support/test_env.hpp"

namespace palisade::jobs {
class JobQueue;
}
namespace palisade::scans {
class ScanEventLog;
class ScanService;
class ScheduleService;
}  // namespace palisade::scans
namespace palisade::findings {
class FindingService;
class AssetService;
}  // namespace palisade::findings

namespace palisade::api::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

class ApiFixture : public ::testing::Test {
protected:
    ApiFixture();
    ~ApiFixture() override;  // defined where the platform service types are complete
    void SetUp() override;
    void TearDown() override;

    // One request through the pipeline as the server would run it. Header names must be lower-case.
    server::Response Call(server::Method method, std::string target, std::string body = {}, Headers headers = {});

    // A verified user (as `palisade admin create-user` makes it); returns the id.
    std::string CreateUser(const std::string& email, const std::string& role, const std::string& org = "Acme");
    // The access token of a fresh login (fails the test otherwise).
    std::string LoginToken(const std::string& email);

    static constexpr const char* kPassword = "correct horse battery staple";

    palisade::testing::TempDir dir_;
    ManualClock clock_{std::chrono::system_clock::now()};
    config::Config config_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
    std::unique_ptr<identity::IdentityDeps> deps_;
    std::unique_ptr<identity::AuthService> auth_;
    std::unique_ptr<identity::AccountService> account_;
    std::unique_ptr<identity::AdminService> admin_;
    std::unique_ptr<ApiAuthenticator> authenticator_;
    std::unique_ptr<jobs::JobQueue> queue_;
    std::unique_ptr<scans::ScanEventLog> scan_events_;
    std::unique_ptr<scans::ScanService> scans_;
    std::unique_ptr<scans::ScheduleService> schedules_;
    std::unique_ptr<findings::FindingService> findings_;
    std::unique_ptr<findings::AssetService> assets_;
    std::unique_ptr<notifications::Notifications> notifications_;
    std::unique_ptr<imports::ImportService> imports_;
    server::Metrics metrics_;
    server::Router router_;
    std::unique_ptr<server::RequestPipeline> pipeline_;
};

// The Set-Cookie header values of `r` starting with "name=".
std::vector<std::string> SetCookies(const server::Response& r, std::string_view name);
// The value of a "name=value; ..." Set-Cookie line.
std::string CookieValue(const std::string& set_cookie);

}  // namespace palisade::api::testing
