// SPDX-License-Identifier: Apache-2.0
// AppHarness: a real `palisade serve` in-process on 127.0.0.1:0 with a fresh database (SQLite file or a new
// PostgreSQL database), a temporary data dir, a manual clock, fast password hashing and an SMTP sink.
#pragma once

#include <memory>
#include <string>

#include "app/server_app.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_env.hpp"

namespace palisade::testing {

struct Tokens {
    std::string access;
    std::string refresh;
};

class AppHarness {
public:
    // `tweak` may change the config before the first start (signup mode, limits...).
    explicit AppHarness(const std::string& backend, const std::function<void(config::Config&)>& tweak = {},
                        bool with_smtp = true);
    ~AppHarness();

    void Start();
    // Stops the server and starts a new one on the same database and data dir (a process restart).
    void Restart();
    void Stop();

    std::string BaseUrl() const;
    std::unique_ptr<HttpClient> Client() const { return std::make_unique<HttpClient>(BaseUrl()); }
    app::ServerApp& App() { return *app_; }
    ManualClock& Clock() { return clock_; }
    SmtpSink& Sink() { return *sink_; }
    config::Config& Config() { return config_; }

    // A verified user created the way `palisade admin create-user` does; returns the user id.
    std::string CreateUser(const std::string& email, const std::string& role, const std::string& org,
                           const std::string& password = kPassword);
    // Logs in over HTTP; fails the test on anything but 200.
    Tokens Login(const std::string& email, const std::string& password = kPassword);
    // The mail number `index` sent to the sink (waits up to 10 s); fails the test when none arrives.
    ReceivedMail Mail(std::size_t index);
    // The token=... value in a mail body.
    static std::string TokenFrom(const ReceivedMail& mail);

    static constexpr const char* kPassword = "correct horse battery staple";

private:
    TempDir dir_;
    ManualClock clock_;
    std::unique_ptr<SmtpSink> sink_;
    config::Config config_;
    std::unique_ptr<app::ServerApp> app_;
};

Headers Bearer(const std::string& access_token);
// Parses a JSON body and returns the string at a top-level key ("" when absent or not a string).
std::string JsonString(const std::string& body, const std::string& key);

}  // namespace palisade::testing
