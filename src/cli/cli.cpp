// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <pthread.h>

#include <csignal>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "app/runtime.hpp"
#include "app/server_app.hpp"
#include "app/worker_app.hpp"
#include "cli/exit_code.hpp"
#include "cli/scan_command.hpp"
#include "cli/templates_command.hpp"
#include "config/flags.hpp"
#include "config/loader.hpp"
#include "core/version.hpp"
#include "identity/bootstrap.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

namespace palisade::cli {

namespace {

struct ConfigArgs {
    std::map<std::string, std::string> flags;
    std::string file;
};

Result<config::Config> Load(const ConfigArgs& args) {
    auto cfg = config::LoadConfig(config::CollectSources(args.file, args.flags, config::PalisadeEnvironment()));
    if (cfg) log::Init(cfg->log.level, cfg->log.format);
    return cfg;
}

// A password from a file ("-" = standard input), without its trailing newline.
Result<std::string> ReadPasswordFile(const std::string& path) {
    std::string text;
    if (path == "-") {
        std::getline(std::cin, text);
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return FailField("--password-file", "cannot read " + path);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
}

int Serve(const ConfigArgs& args) {
    // Block SIGINT/SIGTERM before any thread starts (threads inherit the mask): a signal that arrives while the
    // server starts stays pending and is taken by sigwait() below, so there is no window where it kills us.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    auto cfg = Load(args);
    if (!cfg) return Report(cfg.error());
    auto server = app::ServerApp::Create(*cfg);
    if (!server) return Report(server.error());
    if (auto s = (*server)->Start(); !s) return Report(s.error());
    if (const auto& boot = (*server)->bootstrap()) {
        // Printed once, to the terminal, never through the logger.
        std::printf(
            "\nPalisade created the organisation \"%s\" and its first admin:\n  e-mail:   %s\n  password: %s\n"
            "This password is shown only now. Sign in and change it, or run `palisade admin reset-password`.\n\n",
            boot->org_name.c_str(), boot->email.c_str(), boot->password.c_str());
        std::fflush(stdout);
    }
    const bool tls = !cfg->server.tls_cert_file.empty();
    std::string host = cfg->server.listen.substr(0, cfg->server.listen.rfind(':'));
    std::printf("Palisade %s is up on %s://%s:%u (API document: /api/v1/openapi.json)\n",
                std::string(Version()).c_str(), tls ? "https" : "http", host.c_str(),
                static_cast<unsigned>((*server)->Port()));
    std::fflush(stdout);
    int signal = 0;
    sigwait(&stop_signals, &signal);
    log::Info("signal received, shutting down", {{"signal", std::to_string(signal)}});
    (*server)->Shutdown();
    log::Info("palisade stopped");
    return kExitOk;
}

int Worker(const ConfigArgs& args) {
    // As Serve: the stop signals are blocked before any thread starts and taken by sigwait().
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    auto cfg = Load(args);
    if (!cfg) return Report(cfg.error());
    auto worker = app::WorkerApp::Create(*cfg);
    if (!worker) return Report(worker.error());
    if (auto s = (*worker)->Start(); !s) return Report(s.error());
    std::printf("Palisade %s worker is running (%d threads)\n", std::string(Version()).c_str(), cfg->workers.threads);
    std::fflush(stdout);
    int signal = 0;
    sigwait(&stop_signals, &signal);
    log::Info("signal received, stopping the worker", {{"signal", std::to_string(signal)}});
    (*worker)->Shutdown();
    log::Info("palisade worker stopped");
    return kExitOk;
}

int Migrate(const ConfigArgs& args, bool status_only) {
    auto cfg = Load(args);
    if (!cfg) return Report(cfg.error());
    auto rt = app::Runtime::Open(*cfg);
    if (!rt) return Report(rt.error());
    auto list = status_only ? (*rt)->store().Migrations() : (*rt)->store().Migrate();
    if (!list) return Report(list.error());
    for (const auto& m : *list) std::printf("%s  %s\n", m.applied ? "applied" : "pending", m.name.c_str());
    return kExitOk;
}

int ConfigShow(const ConfigArgs& args) {
    auto cfg = Load(args);
    if (!cfg) return Report(cfg.error());
    std::fputs(config::RenderRedacted(*cfg).c_str(), stdout);
    return kExitOk;
}

struct AdminArgs {
    std::string email, password_file, role = "viewer", org, name;
};

int AdminCommand(const ConfigArgs& args, const std::string& which, const AdminArgs& a) {
    auto cfg = Load(args);
    if (!cfg) return Report(cfg.error());
    auto rt = app::Runtime::Open(*cfg);
    if (!rt) return Report(rt.error());
    auto ready = (*rt)->store().Ready();
    if (!ready) return Report(Error{ready.error().code, ready.error().message + "; run `palisade migrate` first", "", "", 0});
    const identity::IdentityDeps deps = (*rt)->Deps();
    if (which == "verify-audit") {
        auto v = identity::VerifyAudit(deps);
        if (!v) return Report(v.error());
        if (!v->ok) {
            std::printf("audit chain BROKEN after %lld entries: %s (first bad entry: %lld)\n", v->entries,
                        v->problem.c_str(), v->first_bad_seq);
            return kExitAuditBroken;
        }
        std::printf("audit chain intact: %lld entries verified\n", v->entries);
        return kExitOk;
    }
    auto password = ReadPasswordFile(a.password_file);
    if (!password) return Report(password.error());
    if (which == "create-user") {
        auto id = identity::CreateUser(deps, {a.email, *password, a.role, a.org, a.name});
        if (!id) return Report(id.error());
        std::printf("created user %s (%s) with role %s\n", a.email.c_str(), id->c_str(), a.role.c_str());
        return kExitOk;
    }
    auto s = identity::ResetPassword(deps, a.email, *password);
    if (!s) return Report(s.error());
    std::printf("password of %s reset; every session of the user was revoked\n", a.email.c_str());
    return kExitOk;
}

}  // namespace

int Run(int argc, char** argv) {
    CLI::App app{"Palisade: a self-hosted security operations platform", "palisade"};
    app.require_subcommand(1);
    ConfigArgs args;

    auto* serve = app.add_subcommand("serve", "Serve the API and web UI");
    config::AddConfigFlags(*serve, args.flags, args.file);

    auto* worker = app.add_subcommand("worker", "Run job workers only (scale-out on PostgreSQL)");
    config::AddConfigFlags(*worker, args.flags, args.file);

    bool status_only = false;
    auto* migrate = app.add_subcommand("migrate", "Apply database migrations");
    config::AddConfigFlags(*migrate, args.flags, args.file);
    migrate->add_flag("--status", status_only, "List migrations without applying any");

    auto* admin = app.add_subcommand("admin", "Administration: users, passwords, audit trail");
    admin->require_subcommand(1);
    AdminArgs a;
    auto* create = admin->add_subcommand("create-user", "Create a verified user");
    config::AddConfigFlags(*create, args.flags, args.file);
    create->add_option("--email", a.email, "E-mail address")->required();
    create->add_option("--password-file", a.password_file, "File holding the password ('-' = stdin)")->required();
    create->add_option("--role", a.role, "admin | analyst | operator | viewer")->required();
    create->add_option("--org", a.org, "Organisation name (created if missing; default \"Default\")");
    create->add_option("--name", a.name, "Display name");
    auto* reset = admin->add_subcommand("reset-password", "Set a user's password and end their sessions");
    config::AddConfigFlags(*reset, args.flags, args.file);
    reset->add_option("--email", a.email, "E-mail address")->required();
    reset->add_option("--password-file", a.password_file, "File holding the new password ('-' = stdin)")->required();
    auto* verify = admin->add_subcommand("verify-audit", "Verify the hash chain of the audit trail");
    config::AddConfigFlags(*verify, args.flags, args.file);

    auto* config_cmd = app.add_subcommand("config", "Configuration");
    config_cmd->require_subcommand(1);
    auto* show = config_cmd->add_subcommand("show", "Print the effective configuration, secrets redacted");
    config::AddConfigFlags(*show, args.flags, args.file);

    ScanArgs scan_args;
    auto* scan = AddScanCommand(app, scan_args);

    TemplatesCheckArgs templates_args;
    auto* templates_check = AddTemplatesCommand(app, templates_args);

    auto* version = app.add_subcommand("version", "Print the version");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    if (*serve) return Serve(args);
    if (*worker) return Worker(args);
    if (*migrate) return Migrate(args, status_only);
    if (*create) return AdminCommand(args, "create-user", a);
    if (*reset) return AdminCommand(args, "reset-password", a);
    if (*verify) return AdminCommand(args, "verify-audit", a);
    if (*show) return ConfigShow(args);
    if (*scan) {
        scan_args.ports_given = scan->count("--ports") > 0;
        return RunScanCommand(scan_args);
    }
    if (*templates_check) return RunTemplatesCheck(templates_args);
    if (*version) {
        std::printf("palisade %s\n", std::string(Version()).c_str());
        return kExitOk;
    }
    return kExitUsage;
}

}  // namespace palisade::cli
