// SPDX-License-Identifier: Apache-2.0
// ServerApp: `palisade serve` as an object: migrations, first-start bootstrap, identity services, the mail
// deliverer, routes and the HTTP server. Tests run it in-process on 127.0.0.1:0.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "app/runtime.hpp"
#include "core/result.hpp"
#include "identity/bootstrap.hpp"

namespace palisade::mail {
class Mailer;
}
namespace palisade::server {
class Router;
}

namespace palisade::app {

class Platform;

struct ServerAppOptions {
    RuntimeOptions runtime;
    // Replaces the SMTP mailer built from config.mail (tests); nullptr = from config (none when no smtp_host).
    std::shared_ptr<mail::Mailer> mailer;
    std::chrono::milliseconds mail_poll{std::chrono::seconds(5)};
    std::chrono::milliseconds maintenance_interval{std::chrono::seconds(2)};  // orphaned scans, SLA, expiries
};

class ServerApp {
public:
    static Result<std::unique_ptr<ServerApp>> Create(const config::Config& config, ServerAppOptions options = {});
    ~ServerApp();

    // Applies migrations (store.auto_migrate) or checks they are applied, bootstraps an empty database, then
    // starts mail delivery and the HTTP server. The one-time admin password, when one was made, is in
    // bootstrap(); the caller prints it (never logs it).
    Status Start();
    const std::optional<identity::BootstrapResult>& bootstrap() const;
    std::uint16_t Port() const;
    Runtime& runtime();
    const server::Router& router() const;  // the mounted routes (tests derive the authorisation matrix from it)
    Platform& platform();                   // queue, workers, scan and findings services
    void Shutdown();

private:
    struct Impl;
    explicit ServerApp(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::app
