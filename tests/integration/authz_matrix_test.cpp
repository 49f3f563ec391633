// SPDX-License-Identifier: Apache-2.0
// The authorisation matrix, generated from the route table: every mounted route x every kind of caller (each
// role by access token and by API key, no credentials, an admin of another organisation by token and by key).
// Routes with an {id} get a fresh object of organisation Acme for every request, so requests that mutate
// (deactivate, revoke, change role, log out) never disturb later cells. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "app/runtime.hpp"
#include "app/server_app.hpp"
#include "auth/principal.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/store.hpp"
#include "store/tx.hpp"
#include "integration/app_harness.hpp"
#include "integration/route_probe.hpp"
#include "support/http/http_fixture.hpp"

namespace palisade::testing {
namespace {

using auth::Role;

constexpr const char* kLoginEmail = "acme-login@acme.test";  // whom anonymous login and refresh cells sign in as

struct Caller {
    std::string name;          // column heading
    std::optional<Role> role;  // nullopt: no credentials
    bool other_org = false;
    bool api_key = false;
    std::string email;   // the user behind the credentials ("" for none)
    std::string access;  // that user's access token
    Headers headers;     // the credentials the cell sends
    std::string user_id;  // that user's id
};

struct Cell {
    std::string route;
    std::string caller;
    long status = 0;
    std::string failure;  // "" when the answer is right
};

class AuthzMatrix : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        // The matrix is about 401/403/404: request-rate limits would only add 429 noise.
        h_ = std::make_unique<AppHarness>(GetParam(), [](config::Config& c) {
            c.server.rate_limit_ip_per_minute = 0;
            c.server.rate_limit_principal_per_minute = 0;
        });
        h_->Start();
        c_ = h_->Client();
        setup_user_ = h_->CreateUser("acme-setup@acme.test", "admin", "Acme");
        Secret(setup_user_, "acme-setup@acme.test");
        setup_ = h_->Login("acme-setup@acme.test").access;
        Secret(h_->CreateUser(kLoginEmail, "viewer", "Acme"), kLoginEmail);
        for (Role role : {Role::kAdmin, Role::kAnalyst, Role::kOperator, Role::kViewer}) {
            const std::string name(auth::ToString(role));
            AddCallers(name, role, "acme-" + name + "@acme.test", "Acme");
        }
        callers_.push_back({"none", std::nullopt, false, false, "", "", {}});
        AddCallers("other", Role::kAdmin, "other-admin@other.test", "Other");
        auto org = c_->Get("/api/v1/orgs/current", Bearer(setup_));
        ASSERT_EQ(org.status, 200) << org.body;
        acme_org_ = JsonString(org.body, "id");
        acme_secrets_.push_back(acme_org_);
        NewInvitation();  // so the invitation list, the outbox and the audit trail hold Acme data from the start
        // A finished scan of a loopback site, so the scan, finding and asset lists hold Acme data from the start.
        site_.Route("/", ScriptedResponse::Html("<html><body>acme</body></html>"));
        site_.Route("/hook", ScriptedResponse::Html("ok"));  // Acme's webhook receiver
        NewScan({"ports", "services", "headers"});
        AFinding();
        NewSchedule();
        NewImport();
        NewRule();
        webhook_ = NewWebhook();
        for (const Caller& caller : callers_) {
            if (caller.role && !caller.other_org && !caller.api_key) NewNotification(caller.user_id);
        }
        const auto assets = boost::json::parse(c_->Get("/api/v1/assets?limit=200", Bearer(setup_)).body);
        for (const auto& a : assets.at("items").as_array()) acme_secrets_.emplace_back(a.at("id").as_string());
    }

    // A finished Acme scan of the loopback site (the scope is set again first: a PUT cell may have emptied it).
    std::string NewScan(const std::vector<std::string>& modules = {"ports"}) {
        auto scope = c_->Request("PUT", "/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", Bearer(setup_));
        EXPECT_EQ(scope.status, 200) << scope.body;
        boost::json::array names;
        for (const auto& m : modules) names.emplace_back(m);
        boost::json::object body{{"targets", boost::json::array{"127.0.0.1"}},
                                 {"modules", names},
                                 {"options", {{"ports", std::to_string(site_.port())}, {"timeout_ms", 2000}}}};
        auto r = c_->Post("/api/v1/scans", boost::json::serialize(body), Bearer(setup_));
        EXPECT_EQ(r.status, 202) << r.body;
        const std::string id = JsonString(r.body, "id");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string state = JsonString(c_->Get("/api/v1/scans/" + id, Bearer(setup_)).body, "state");
            if (state == "done" || state == "failed" || state == "cancelled") break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        acme_secrets_.push_back(id);
        return id;
    }

    // One of Acme's findings (from the scan of SetUp), in turn: findings come from scans, not from requests.
    std::string AFinding() {
        if (findings_.empty()) {
            const auto page = boost::json::parse(c_->Get("/api/v1/findings?limit=200", Bearer(setup_)).body);
            for (const auto& f : page.at("items").as_array()) {
                findings_.emplace_back(f.at("id").as_string());
                acme_secrets_.push_back(findings_.back());
            }
            EXPECT_FALSE(findings_.empty()) << "the scan of SetUp found nothing";
            if (findings_.empty()) return "no-finding";
        }
        return findings_[static_cast<std::size_t>(serial_++) % findings_.size()];
    }

    std::string NewAsset() {
        const std::string name = "asset-" + std::to_string(++serial_) + ".acme.test";
        auto r = c_->Post("/api/v1/assets", R"({"type":"host","name":")" + name + R"("})", Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), name);
        return JsonString(r.body, "id");
    }

    std::string NewSchedule() {
        auto scope = c_->Request("PUT", "/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", Bearer(setup_));
        EXPECT_EQ(scope.status, 200) << scope.body;
        const std::string name = "schedule-" + std::to_string(++serial_);
        auto r = c_->Post("/api/v1/scan-schedules",
                          R"({"name":")" + name + R"(","cron":"0 3 * * *","targets":["127.0.0.1"],"profile":"quick"})",
                          Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), name);
        return JsonString(r.body, "id");
    }

    std::string NewProfile() {
        const std::string name = "profile-" + std::to_string(++serial_);
        auto r = c_->Post("/api/v1/scan-profiles", R"({"name":")" + name + R"(","modules":["ports"]})", Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), name);
        return JsonString(r.body, "id");
    }

    // An in-app notification of `user_id` (notifications come from events, not from requests).
    std::string NewNotification(const std::string& user_id) {
        store::NotificationRecord n;
        n.id = NewUuidV7(std::chrono::system_clock::now());
        n.org_id = acme_org_;
        n.user_id = user_id;
        n.kind = "scan.finished";
        n.priority = "normal";
        n.title = "notification-" + std::to_string(++serial_);
        n.created_at = FormatTime(std::chrono::system_clock::now());
        auto written = h_->App().runtime().store().Write([&](store::Tx& tx) -> Status {
            store::inbox::Insert(tx, n);
            return Ok();
        });
        EXPECT_TRUE(written.has_value());
        Secret(n.id, n.title);
        return n.id;
    }

    // An ended import of a one-host nmap file (unique, so never a duplicate of an earlier one).
    std::string NewImport() {
        const int n = ++serial_;
        const std::string host = "10.9." + std::to_string(n / 250) + "." + std::to_string(n % 250);
        const std::string xml = R"(<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -oX" version="7.93">)"
                                R"(<host><status state="up"/><address addr=")" + host + R"(" addrtype="ipv4"/>)"
                                R"(<ports><port protocol="tcp" portid="22"><state state="open"/>)"
                                R"(<service name="ssh"/></port></ports></host></nmaprun>)";
        auto r = c_->Post("/api/v1/imports?kind=nmap&filename=matrix.xml", xml, Bearer(setup_));
        EXPECT_EQ(r.status, 202) << r.body;
        const std::string id = JsonString(r.body, "id");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string state = JsonString(c_->Get("/api/v1/imports/" + id, Bearer(setup_)).body, "state");
            if (state == "done" || state == "failed") break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        acme_secrets_.push_back(id);
        return id;
    }

    std::string NewRule() {
        const std::string name = "rule-" + std::to_string(++serial_);
        auto r = c_->Post("/api/v1/notification-rules",
                          R"({"name":")" + name + R"(","event":"scan.finished","channels":{"in_app":{"to":"all"}}})",
                          Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), name);
        return JsonString(r.body, "id");
    }

    std::string NewWebhook() {
        const std::string name = "webhook-" + std::to_string(++serial_);
        const std::string url = "http://127.0.0.1:" + std::to_string(site_.port()) + "/hook";
        auto r = c_->Post("/api/v1/webhooks", R"({"name":")" + name + R"(","url":")" + url + R"(","allow_private":true})",
                          Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), name);
        return JsonString(r.body, "id");
    }

    void Secret(const std::string& id, const std::string& email) {
        acme_secrets_.push_back(id);
        acme_secrets_.push_back(email);
    }

    // A user of `role` in `org`, as two callers: by access token and by an API key of the same role.
    void AddCallers(const std::string& name, Role role, const std::string& email, const std::string& org) {
        const bool other = org != "Acme";
        const std::string id = h_->CreateUser(email, std::string(auth::ToString(role)), org);
        if (!other) Secret(id, email);
        const std::string access = h_->Login(email).access;
        const auto key = NewKey(access, !other);
        callers_.push_back({name, role, other, false, email, access, Bearer(access), id});
        callers_.push_back({name + "/key", role, other, true, email, access, {{"X-API-Key", key.second}}, id});
    }

    // (id, key) of a new API key made with `access`; the id is Acme's when `acme`.
    std::pair<std::string, std::string> NewKey(const std::string& access, bool acme) {
        auto r = c_->Post("/api/v1/api-keys", R"({"name":"matrix"})", Bearer(access));
        EXPECT_EQ(r.status, 201) << r.body;
        if (acme) acme_secrets_.push_back(JsonString(r.body, "id"));
        return {JsonString(r.body, "id"), JsonString(r.body, "key")};
    }

    std::string NewInvitation() {
        const std::string email = "invitee-" + std::to_string(++serial_) + "@acme.test";
        auto r = c_->Post("/api/v1/invitations", R"({"email":")" + email + R"(","role":"viewer"})", Bearer(setup_));
        EXPECT_EQ(r.status, 201) << r.body;
        Secret(JsonString(r.body, "id"), email);
        return JsonString(r.body, "id");
    }

    // A fresh Acme object of the kind the route's {id} names. An Acme caller gets an API key of its own user
    // (members may only revoke their own keys); everybody else one of the setup admin's.
    std::string TargetFor(const ProbeRoute& route, const Caller& caller) {
        if (!route.HasId()) return "";
        if (route.pattern.rfind("/api/v1/users/", 0) == 0) {
            const std::string email = "target-" + std::to_string(++serial_) + "@acme.test";
            const std::string id = h_->CreateUser(email, "viewer", "Acme");
            Secret(id, email);
            return id;
        }
        if (route.pattern.rfind("/api/v1/invitations/", 0) == 0) return NewInvitation();
        if (route.pattern.rfind("/api/v1/scans/", 0) == 0) return NewScan();
        if (route.pattern.rfind("/api/v1/scan-profiles/", 0) == 0) return NewProfile();
        if (route.pattern.rfind("/api/v1/findings/", 0) == 0) return AFinding();
        if (route.pattern.rfind("/api/v1/scan-schedules/", 0) == 0) return NewSchedule();
        if (route.pattern.rfind("/api/v1/assets/", 0) == 0) return NewAsset();
        if (route.pattern.rfind("/api/v1/notifications/", 0) == 0) {
            // A member's own notification; everybody else (no credentials, another organisation) tries the setup
            // admin's.
            return NewNotification(caller.role && !caller.other_org ? caller.user_id : setup_user_);
        }
        if (route.pattern.rfind("/api/v1/notification-rules/", 0) == 0) return NewRule();
        if (route.pattern.rfind("/api/v1/imports/", 0) == 0) return NewImport();
        if (route.pattern.rfind("/api/v1/webhooks/", 0) == 0) {
            // An organisation has at most 50 webhooks: only a DELETE cell uses up one of its own.
            if (route.method == "DELETE") return NewWebhook();
            if (webhook_.empty()) webhook_ = NewWebhook();
            return webhook_;
        }
        if (route.pattern.rfind("/api/v1/api-keys/", 0) == 0) {
            return NewKey(caller.role && !caller.other_org ? caller.access : setup_, true).first;
        }
        ADD_FAILURE() << route.Name() << ": no Acme object kind for its {id}; teach TargetFor about it";
        return "no-such-object";
    }

    // The documented minimal body; sign-in cells sign in as the caller's own user so that they can succeed.
    std::string BodyFor(const ProbeRoute& route, const Caller& caller) {
        const BodySpec spec = BodySpecOf(route);
        if (!route.TakesBody() || !spec.documented) return "";
        boost::json::object body = MinimalBody(spec);
        const std::string self = caller.email.empty() ? kLoginEmail : caller.email;
        if (route.pattern == "/api/v1/auth/login") body["email"] = self;
        if (route.pattern == "/api/v1/auth/refresh") body["refresh_token"] = h_->Login(self).refresh;
        if (route.pattern == "/api/v1/orgs/current") body["name"] = caller.other_org ? "Other" : "Acme";
        return boost::json::serialize(body);
    }

    // Required query parameters: a scan diff compares the scan with itself.
    static std::string QueryFor(const ProbeRoute& route, const std::string& target) {
        if (route.pattern == "/api/v1/scans/{id}/diff") return "?against=" + target;
        return "";
    }

    // Logout ends the session it is sent with: such a cell gets a session of its own.
    Headers CredentialsFor(const ProbeRoute& route, const Caller& caller) {
        if (route.pattern == "/api/v1/auth/logout" && caller.role && !caller.api_key) {
            return Bearer(h_->Login(caller.email).access);
        }
        return caller.headers;
    }

    std::string Leak(const std::string& body, const std::string& except) const {
        for (const std::string& s : acme_secrets_) {
            if (!s.empty() && s != except && body.find(s) != std::string::npos) return s;
        }
        return "";
    }

    // What is wrong with `r` as the answer to `caller` on `route` about object `target` ("" when nothing).
    std::string Judge(const ProbeRoute& route, const Caller& caller, const HttpResult& r, const std::string& target) {
        const long s = r.status;
        const bool refused = s == 401 || s == 403;
        if (s == 0 || s >= 500) return "server error";
        if (s == 429) return "rate limited";
        if (!route.permission) return s == 403 ? "" : "a route without a permission must be denied";
        const std::string needs(auth::ToString(*route.permission));
        if (route.IsPublic()) {
            if (refused) return "public route refused the caller";
        } else if (!caller.role) {
            return s == 401 ? "" : "expected 401 without credentials";
        } else if (caller.other_org && route.HasId()) {
            if (s != 404) return "expected 404 for another organisation's object (403 would confirm it exists)";
        } else if (!auth::Allows(*caller.role, caller.api_key ? auth::CredentialKind::kApiKey
                                                               : auth::CredentialKind::kAccessToken,
                                 *route.permission)) {
            return s == 403 ? "" : "expected 403: the caller lacks " + needs;
        } else if (refused) {
            return "refused although the role has " + needs;
        } else if (!caller.other_org && route.HasId() && (s < 200 || s > 299)) {
            return "expected 2xx on an object of the caller's own organisation";
        }
        if (caller.other_org) {
            if (const std::string leaked = Leak(r.body, target); !leaked.empty()) return "shows Acme's " + leaked;
        }
        // A collection (GET with query parameters, no {id}): the admin's answer must hold Acme data.
        // Lists page (`limit`) or export (`format`); a summary of counts (`weeks`) holds nothing to recognise.
        const std::vector<std::string> params = QueryParamsOf(route);
        const bool is_list = route.method == "GET" && !route.HasId() &&
                             (std::count(params.begin(), params.end(), "limit") > 0 ||
                              std::count(params.begin(), params.end(), "format") > 0);
        if (is_list && caller.name == "admin" && Leak(r.body, "").empty()) {
            return "the Acme admin's list shows no Acme data: the leak check would prove nothing";
        }
        return "";
    }

    std::unique_ptr<AppHarness> h_;
    std::unique_ptr<HttpClient> c_;
    HttpFixture site_;  // the loopback site Acme's scans look at
    std::vector<std::string> findings_;
    std::string setup_;
    std::string setup_user_;
    std::string webhook_;  // an Acme webhook for the cells that do not delete it
    std::string acme_org_;
    std::vector<Caller> callers_;
    std::vector<std::string> acme_secrets_;  // ids and addresses of Acme that no other organisation may see
    int serial_ = 0;
};

std::string Table(const std::vector<ProbeRoute>& routes, const std::vector<Caller>& callers,
                  const std::map<std::pair<std::string, std::string>, Cell>& cells) {
    std::ostringstream out;
    out << std::left << std::setw(44) << "route (! = wrong answer)";
    for (const Caller& c : callers) out << std::setw(12) << c.name;
    out << "\n";
    for (const ProbeRoute& r : routes) {
        out << std::setw(44) << r.Name();
        for (const Caller& c : callers) {
            auto it = cells.find({r.Name(), c.name});
            const std::string text =
                it == cells.end() ? "-" : std::to_string(it->second.status) + (it->second.failure.empty() ? "" : "!");
            out << std::setw(12) << text;
        }
        out << "\n";
    }
    return out.str();
}

TEST_P(AuthzMatrix, EveryRouteAnswersEveryCallerAsItsPermissionSays) {
    const std::vector<ProbeRoute> routes = RoutesOf(h_->App());
    ASSERT_GE(routes.size(), 30u) << "the route table looks empty";
    std::map<std::pair<std::string, std::string>, Cell> cells;
    std::vector<std::string> failures;
    for (const ProbeRoute& route : routes) {
        for (const Caller& caller : callers_) {
            const std::string target = TargetFor(route, caller);
            const std::string body = BodyFor(route, caller);
            const HttpResult r =
                c_->Request(route.method, route.Path(target) + QueryFor(route, target), body, CredentialsFor(route, caller));
            Cell cell{route.Name(), caller.name, r.status, Judge(route, caller, r, target)};
            if (!cell.failure.empty()) {
                failures.push_back(cell.route + " as " + cell.caller + ": " + cell.failure + " (got " +
                                   Brief(r).substr(0, 200) + ")");
            }
            cells[{cell.route, cell.caller}] = cell;
        }
    }
    // An API key answers exactly like an access token of the same role, except on session-only routes.
    for (const ProbeRoute& route : routes) {
        for (const Caller& caller : callers_) {
            if (!caller.api_key || route.permission == auth::Permission::kSession) continue;
            const Cell& by_key = cells[{route.Name(), caller.name}];
            const Cell& by_token = cells[{route.Name(), caller.name.substr(0, caller.name.size() - 4)}];
            if (by_key.status != by_token.status) {
                failures.push_back(route.Name() + ": " + caller.name + " got " + std::to_string(by_key.status) +
                                   " but the token of the same role got " + std::to_string(by_token.status));
            }
        }
    }
    std::set<std::string> covered;
    for (const auto& [key, cell] : cells) covered.insert(key.first);
    EXPECT_EQ(covered.size(), routes.size());
    EXPECT_EQ(cells.size(), routes.size() * callers_.size());
    std::ostringstream all;
    for (const std::string& f : failures) all << "  " << f << "\n";
    EXPECT_TRUE(failures.empty()) << failures.size() << " wrong answer(s):\n"
                                  << all.str() << "\n"
                                  << Table(routes, callers_, cells);
    RecordProperty("cells", static_cast<int>(cells.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthzMatrix, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::testing
