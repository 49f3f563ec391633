// SPDX-License-Identifier: Apache-2.0
#include "integration/app_harness.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "auth/password_hasher.hpp"
#include "identity/bootstrap.hpp"

namespace palisade::testing {

AppHarness::AppHarness(const std::string& backend, const std::function<void(config::Config&)>& tweak, bool with_smtp)
    : clock_(std::chrono::system_clock::now()) {
    if (with_smtp) sink_ = std::make_unique<SmtpSink>();
    config_.data_dir = (dir_.path() / "data").string();
    config_.server.listen = "127.0.0.1:0";
    config_.server.public_url = "http://palisade.test";
    config_.server.io_threads = 2;
    config_.server.blocking_threads = 4;
    config_.store.database_url = FreshDatabaseUrl(backend, dir_.path());
    config_.store.pool_size = 4;
    config_.auth.signup = config::SignupMode::kOpen;
    if (with_smtp) {
        config_.mail.smtp_host = "127.0.0.1";
        config_.mail.smtp_port = sink_->Port();
        config_.mail.security = config::SmtpSecurity::kNone;
        config_.mail.from = "palisade@palisade.test";
    }
    if (tweak) tweak(config_);
}

AppHarness::~AppHarness() { Stop(); }

void AppHarness::Start() {
    app::ServerAppOptions options;
    options.runtime.clock = &clock_;
    options.runtime.hash_params = auth::PasswordHasher::ForTests();
    options.mail_poll = std::chrono::milliseconds(200);
    auto created = app::ServerApp::Create(config_, options);
    ASSERT_TRUE(created.has_value()) << created.error().message << " " << created.error().detail;
    app_ = std::move(*created);
    auto started = app_->Start();
    ASSERT_TRUE(started.has_value()) << started.error().message << " " << started.error().detail;
}

void AppHarness::Restart() {
    Stop();
    Start();
}

void AppHarness::Stop() {
    if (app_) {
        app_->Shutdown();
        app_.reset();
    }
}

std::string AppHarness::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(app_->Port()); }

std::string AppHarness::CreateUser(const std::string& email, const std::string& role, const std::string& org,
                                   const std::string& password) {
    auto id = identity::CreateUser(app_->runtime().Deps(), {email, password, role, org, ""});
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
    return id.value_or("");
}

Tokens AppHarness::Login(const std::string& email, const std::string& password) {
    auto client = Client();
    boost::json::object body{{"email", email}, {"password", password}};
    auto r = client->Post("/api/v1/auth/login", boost::json::serialize(body));
    EXPECT_EQ(r.status, 200) << r.body;
    return Tokens{JsonString(r.body, "access_token"), JsonString(r.body, "refresh_token")};
}

ReceivedMail AppHarness::Mail(std::size_t index) {
    auto m = sink_->WaitForMessage(std::chrono::seconds(10), index);
    EXPECT_TRUE(m.has_value()) << "no mail number " << index;
    return m.value_or(ReceivedMail{});
}

std::string AppHarness::TokenFrom(const ReceivedMail& mail) {
    static const std::regex kToken("token=([A-Za-z0-9_-]+)");
    std::smatch m;
    const std::string body = mail.Body();
    if (!std::regex_search(body, m, kToken)) return "";
    return m[1].str();
}

Headers Bearer(const std::string& access_token) { return {{"Authorization", "Bearer " + access_token}}; }

std::string JsonString(const std::string& body, const std::string& key) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return "";
    const auto* field = v.as_object().if_contains(key);
    if (field == nullptr || !field->is_string()) return "";
    return std::string(field->as_string());
}

}  // namespace palisade::testing
