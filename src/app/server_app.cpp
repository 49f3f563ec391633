// SPDX-License-Identifier: Apache-2.0
#include "app/server_app.hpp"

#include "api/authenticator.hpp"
#include "api/routes.hpp"
#include "api/scans/ws_policy.hpp"
#include "app/platform.hpp"
#include "core/version.hpp"
#include "identity/account_service.hpp"
#include "identity/admin_service.hpp"
#include "identity/auth_service.hpp"
#include "identity/mail_deliverer.hpp"
#include "jobs/event_bus.hpp"
#include "log/log.hpp"
#include "mail/smtp_mailer.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "server/server.hpp"
#include "server/ws_hub.hpp"
#include "store/store.hpp"

namespace palisade::app {

struct ServerApp::Impl {
    std::unique_ptr<Runtime> runtime;
    std::shared_ptr<mail::Mailer> mailer;
    std::unique_ptr<identity::MailDeliverer> deliverer;
    std::unique_ptr<identity::AuthService> auth;
    std::unique_ptr<identity::AccountService> account;
    std::unique_ptr<identity::AdminService> admin;
    std::unique_ptr<api::ApiAuthenticator> authenticator;
    std::unique_ptr<Platform> platform;
    server::WsHub hub;
    std::unique_ptr<api::TopicPolicy> ws_policy;
    std::uint64_t bus_subscription = 0;
    server::Metrics metrics;
    server::Router router;
    std::unique_ptr<server::HttpServer> server;
    std::optional<identity::BootstrapResult> bootstrap;
};

ServerApp::ServerApp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ServerApp::~ServerApp() {
    if (impl_) Shutdown();
}

Result<std::unique_ptr<ServerApp>> ServerApp::Create(const config::Config& config, ServerAppOptions options) {
    auto impl = std::make_unique<Impl>();
    auto rt = Runtime::Open(config, options.runtime);
    if (!rt) return tl::unexpected<Error>(rt.error());
    impl->runtime = std::move(*rt);
    impl->mailer = options.mailer;
    if (!impl->mailer && !config.mail.smtp_host.empty()) impl->mailer = std::make_shared<mail::SmtpMailer>(config.mail);
    Impl* raw = impl.get();
    if (impl->mailer) {
        impl->deliverer = std::make_unique<identity::MailDeliverer>(impl->runtime->store(), *impl->mailer,
                                                                    impl->runtime->clock(), options.mail_poll);
    }
    auto on_mail = [raw] {
        if (raw->deliverer) {
            raw->deliverer->Wake();
        } else {
            log::Info("mail kept in the outbox: no SMTP server is configured; admins read it at GET /api/v1/outbox");
        }
    };
    const identity::IdentityDeps deps = impl->runtime->Deps(on_mail);
    impl->auth = std::make_unique<identity::AuthService>(deps);
    impl->account = std::make_unique<identity::AccountService>(deps);
    impl->admin = std::make_unique<identity::AdminService>(deps);
    impl->authenticator = std::make_unique<api::ApiAuthenticator>(*impl->auth);
    const config::Config& cfg = impl->runtime->config();
    auto platform =
        Platform::Create(*impl->runtime, PlatformOptions{cfg.workers.embedded, options.maintenance_interval, on_mail});
    if (!platform) return tl::unexpected<Error>(platform.error());
    impl->platform = std::move(*platform);
    api::ApiContext ctx{*impl->auth,    *impl->account, *impl->admin, impl->runtime->store(), impl->metrics, cfg,
                        !cfg.server.tls_cert_file.empty(), std::string(Version())};
    ctx.scans = &impl->platform->scans();
    ctx.schedules = &impl->platform->schedules();
    ctx.findings = &impl->platform->findings();
    ctx.assets = &impl->platform->assets();
    ctx.notifications = &impl->platform->notifications();
    ctx.imports = &impl->platform->imports();
    // Every event of the bus (this process's and, on PostgreSQL, every other node's) goes to the WebSocket hub.
    impl->ws_policy = std::make_unique<api::TopicPolicy>(impl->runtime->store());
    // A user's notifications ("notifications:<user id>" on the bus) go to that user's sessions subscribed to
    // "notifications"; they are not stored events, so they carry no seq (a bus seq is per node, not per topic).
    impl->bus_subscription = impl->platform->bus().Subscribe([raw](const jobs::Event& e) {
        if (e.topic.starts_with(kUserNotificationTopicPrefix)) {
            std::string user_id = e.topic.substr(kUserNotificationTopicPrefix.size());
            raw->hub.Publish(server::WsMessage{"notifications", e.type, e.data_json, e.at, 0, std::move(user_id)});
            return;
        }
        raw->hub.Publish(server::WsMessage{e.topic, e.type, e.data_json, e.at, e.seq});
    });
    api::MountRoutes(impl->router, ctx);
    impl->metrics.AddGauge("palisade_db_pool_size", "Database connections in the pool.",
                           [raw] { return static_cast<double>(raw->runtime->store().pool_size()); });
    impl->metrics.AddGauge("palisade_db_pool_in_use", "Database connections in use.",
                           [raw] { return static_cast<double>(raw->runtime->store().sessions_in_use()); });
    impl->server = std::make_unique<server::HttpServer>(cfg.server, impl->router, *impl->authenticator, impl->metrics,
                                                        &impl->hub, impl->ws_policy.get());
    return std::unique_ptr<ServerApp>(new ServerApp(std::move(impl)));
}

Status ServerApp::Start() {
    store::Store& store = impl_->runtime->store();
    if (impl_->runtime->config().store.auto_migrate) {
        auto m = store.Migrate();
        if (!m) return tl::unexpected<Error>(m.error());
    } else if (auto ready = store.Ready(); !ready) {
        return Fail(ErrorCode::kUnavailable, ready.error().message + "; run `palisade migrate` first");
    }
    auto boot = identity::BootstrapIfEmpty(impl_->runtime->Deps());
    if (!boot) return tl::unexpected<Error>(boot.error());
    impl_->bootstrap = *boot;
    if (impl_->deliverer) {
        impl_->deliverer->Start();
    } else {
        log::Warn("no SMTP server configured: mail is kept in the outbox; admins read it at GET /api/v1/outbox");
    }
    impl_->platform->Start();
    if (auto s = impl_->server->Start(); !s) return s;
    log::Info("palisade serving", {{"listen", impl_->runtime->config().server.listen},
                                   {"port", std::to_string(impl_->server->Port())},
                                   {"version", std::string(Version())}});
    return Ok();
}

const std::optional<identity::BootstrapResult>& ServerApp::bootstrap() const { return impl_->bootstrap; }
std::uint16_t ServerApp::Port() const { return impl_->server->Port(); }
Runtime& ServerApp::runtime() { return *impl_->runtime; }
const server::Router& ServerApp::router() const { return impl_->router; }
Platform& ServerApp::platform() { return *impl_->platform; }

void ServerApp::Shutdown() {
    // Stop accepting, then stop the workers (running scans are handed back to the queue), then the mail.
    if (impl_->server) impl_->server->Shutdown();
    if (impl_->platform) {
        impl_->platform->bus().Unsubscribe(impl_->bus_subscription);
        impl_->platform->Stop();
    }
    if (impl_->deliverer) impl_->deliverer->Stop();
}

}  // namespace palisade::app
