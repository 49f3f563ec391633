// SPDX-License-Identifier: Apache-2.0
// The API's route table: MountRoutes() is the one list of mounted resources (routes.cpp). Each resource folder
// (src/api/<resource>/) has Mount<Resource>Routes(Router&, const ApiContext&).
#pragma once

#include <string>

#include "config/config.hpp"
#include "server/http.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::identity {
class AuthService;
class AccountService;
class AdminService;
}  // namespace palisade::identity

namespace palisade::scans {
class ScanService;
class ScheduleService;
}  // namespace palisade::scans
namespace palisade::findings {
class FindingService;
class AssetService;
}  // namespace palisade::findings
namespace palisade::notifications {
class Notifications;
}
namespace palisade::imports {
class ImportService;
}

namespace palisade::api {

// What handlers need. Everything referenced must outlive the router; the services are only called when a request
// arrives, so mounting routes does not touch them (the contract test relies on that). Copied into each route.
struct ApiContext {
    identity::AuthService& auth;
    identity::AccountService& account;
    identity::AdminService& admin;
    store::Store& store;
    server::Metrics& metrics;
    const config::Config& config;
    bool tls = false;     // the server speaks HTTPS: session cookies get `Secure`
    std::string version;  // shown on the home page
    // The platform services (app/platform.hpp). Required: MountRoutes mounts their routes unconditionally.
    scans::ScanService* scans = nullptr;
    scans::ScheduleService* schedules = nullptr;
    findings::FindingService* findings = nullptr;
    findings::AssetService* assets = nullptr;
    notifications::Notifications* notifications = nullptr;
    imports::ImportService* imports = nullptr;
};

// Mounts every API route, each with its permission.
void MountRoutes(server::Router& router, const ApiContext& api);

// A handler that reads the context; Bind() turns it into a server::Handler holding a copy of `api`.
using ApiHandler = server::Response (*)(const ApiContext& api, server::Request& request);
server::Handler Bind(const ApiContext& api, ApiHandler handler);

}  // namespace palisade::api
