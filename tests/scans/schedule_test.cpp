// SPDX-License-Identifier: Apache-2.0
// ScheduleService (and its routes) on every back-end from DatabaseBackends(): SQLite always, PostgreSQL under
// scripts/with-postgres. Scans are created through a real ScanService whose job queue has no workers: they stay
// queued, which is all these tests look at.
#include "scans/schedule_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <thread>

#include "api/scans/schedule_handlers.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "config/config.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "jobs/job_queue.hpp"
#include "scans/scan_event_log.hpp"
#include "scans/scan_service.hpp"
#include "server/router.hpp"
#include "store/audit_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"
#include "store/tx.hpp"
#include "support/test_env.hpp"

namespace palisade::scans {
namespace {

namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;

// One server process: its own Store (connection pool) over the shared database, and the services on top.
struct Node {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<identity::IdentityDeps> deps;
    std::unique_ptr<jobs::JobQueue> queue;
    std::unique_ptr<ScanEventLog> events;
    std::unique_ptr<ScanService> scans;
    std::unique_ptr<ScheduleService> schedules;
};

class ScheduleTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        url_ = palisade::testing::FreshDatabaseUrl(GetParam(), dir_.path());
        hasher_ = std::make_unique<auth::PasswordHasher>(auth::PasswordHasher::ForTests());
        jwt_ = std::make_unique<auth::JwtCodec>(std::string(32, 'k'), "palisade", clock_);
        secrets_ = std::make_unique<auth::SecretBox>(std::string(auth::SecretBox::kKeyBytes, 's'));
        node_ = MakeNode();
        ASSERT_TRUE(node_.store);
        auto migrated = node_.store->Migrate();
        ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
        acme_ = MakeOrg("Acme");
        other_ = MakeOrg("Other");
        ASSERT_TRUE(node_.scans->PutScope(acme_, OrgScope{{"example.com"}, {"10.0.0.0/8"}}).has_value());
        ASSERT_TRUE(node_.scans->PutScope(other_, OrgScope{{"example.org"}, {}}).has_value());
    }

    Node MakeNode() {
        Node n;
        auto opened = store::Store::Open({url_, 4, std::chrono::milliseconds(5000)});
        EXPECT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
        if (!opened) return n;
        n.store = std::move(*opened);
        n.deps = std::make_unique<identity::IdentityDeps>(identity::IdentityDeps{
            *n.store, config_.auth, clock_, *hasher_, *jwt_, *secrets_, "http://palisade.test", {}});
        n.queue = std::make_unique<jobs::JobQueue>(*n.store, clock_);
        n.events = std::make_unique<ScanEventLog>(*n.store, clock_, nullptr);
        n.scans = std::make_unique<ScanService>(ScanServiceDeps{*n.deps, *n.queue, *n.events, {}, {}, {}});
        n.schedules = std::make_unique<ScheduleService>(ScheduleServiceDeps{*n.deps, *n.scans});
        return n;
    }

    // An organisation and the context of an admin of it (users need no row: nothing here joins on them).
    identity::RequestContext MakeOrg(const std::string& name) {
        const std::string now = FormatTime(clock_.Now());
        store::OrgRecord org{NewUuidV7(clock_.Now()), name, now, now};
        auto w = node_.store->Write([&](store::Tx& tx) -> Status {
            store::orgs::Insert(tx, org);
            return Ok();
        });
        EXPECT_TRUE(w.has_value());
        identity::RequestContext ctx;
        ctx.request_id = "req-" + name;
        ctx.principal = auth::Principal{NewUuidV7(clock_.Now()), org.id, name + "@example.com", auth::Role::kAdmin};
        return ctx;
    }

    static ScheduleInput Hourly(const std::string& name, std::vector<std::string> targets = {"www.example.com"}) {
        ScheduleInput in;
        in.name = name;
        in.cron = "0 * * * *";
        in.targets = std::move(targets);
        in.profile = "quick";
        return in;
    }

    store::ScanScheduleRecord MustCreate(const ScheduleInput& in, Node* node = nullptr) {
        auto s = (node ? *node : node_).schedules->Create(acme_, in);
        EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().field + ": " + s.error().message);
        return s.value_or(store::ScanScheduleRecord{});
    }

    store::ScanScheduleRecord Reload(const std::string& id) {
        auto s = node_.schedules->Get(acme_, id);
        EXPECT_TRUE(s.has_value());
        return s.value_or(store::ScanScheduleRecord{});
    }

    // The scans a schedule started, newest first.
    std::vector<store::ScanRecord> ScansOf(const std::string& schedule_id) {
        store::scans::ListFilter f;
        f.schedule_id = schedule_id;
        f.limit = 200;
        auto page = node_.scans->List(acme_, f);
        EXPECT_TRUE(page.has_value());
        return page ? page->items : std::vector<store::ScanRecord>{};
    }

    std::vector<store::AuditRecord> Audit(const std::string& action) {
        store::audit::Filter f;
        f.org_id = acme_.principal->org_id;
        f.action = action;
        auto rows = node_.store->Read([&](store::Tx& tx) -> Result<std::vector<store::AuditRecord>> {
            return store::audit::List(tx, f);
        });
        EXPECT_TRUE(rows.has_value());
        return rows.value_or(std::vector<store::AuditRecord>{});
    }

    palisade::testing::TempDir dir_;
    std::string url_;
    ManualClock clock_{ParseTime("2026-03-02T10:20:00Z").value()};
    config::Config config_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
    Node node_;
    identity::RequestContext acme_;
    identity::RequestContext other_;
};

void ExpectField(const Result<store::ScanScheduleRecord>& r, const std::string& field, const std::string& detail = {}) {
    ASSERT_FALSE(r.has_value()) << "expected an error on " << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_EQ(r.error().detail, detail) << r.error().message;
}

TEST_P(ScheduleTest, CreateComputesTheNextRun) {
    auto s = MustCreate(Hourly("hourly"));
    EXPECT_EQ(s.next_run_at, "2026-03-02T11:00:00.000Z");
    EXPECT_EQ(s.org_id, acme_.principal->org_id);
    EXPECT_EQ(s.created_by, acme_.principal->user_id);
    EXPECT_EQ(s.targets_json, "[\"www.example.com\"]");
    EXPECT_FALSE(s.last_run_at.has_value());

    ScheduleInput paris = Hourly("paris");
    paris.cron = "0 9 * * MON-FRI";
    paris.timezone = "Europe/Paris";
    EXPECT_EQ(MustCreate(paris).next_run_at, "2026-03-03T08:00:00.000Z");  // 09:00 CET, Tuesday

    ScheduleInput off = Hourly("off");
    off.enabled = false;
    EXPECT_FALSE(MustCreate(off).next_run_at.has_value());
    EXPECT_EQ(Audit("scan_schedules.create").size(), 3u);
}

TEST_P(ScheduleTest, CreateValidatesEveryField) {
    auto& svc = *node_.schedules;
    ScheduleInput in = Hourly("x");
    in.cron = "61 * * * *";
    ExpectField(svc.Create(acme_, in), "cron");
    in = Hourly("x");
    in.cron = "0 0 30 2 *";
    ExpectField(svc.Create(acme_, in), "cron");
    in = Hourly("x");
    in.timezone = "Europe/Atlantis";
    ExpectField(svc.Create(acme_, in), "timezone");
    ExpectField(svc.Create(acme_, Hourly("")), "name");
    ExpectField(svc.Create(acme_, Hourly(std::string(101, 'n'))), "name");
    ExpectField(svc.Create(acme_, Hourly("x", {})), "targets");
    ExpectField(svc.Create(acme_, Hourly("x", {"10.0.0.1/99"})), "targets");
    // Outside the scope: the same refusal as a scan request (the API answers 422).
    auto outside = svc.Create(acme_, Hourly("x", {"www.example.com", "evil.test", "192.168.1.1"}));
    ExpectField(outside, "targets", kOutOfScopeDetail);
    EXPECT_NE(outside.error().message.find("evil.test, 192.168.1.1"), std::string::npos) << outside.error().message;
    in = Hourly("x");
    in.profile = "nope";
    ExpectField(svc.Create(acme_, in), "profile");
    in.profile = "";
    ExpectField(svc.Create(acme_, in), "profile");
    in.modules = {"no-such-module"};
    ExpectField(svc.Create(acme_, in), "modules");
    in = Hourly("x");
    in.options = json::object{{"no_such_option", 1}};
    EXPECT_FALSE(svc.Create(acme_, in).has_value());
    // A saved profile of the organisation is accepted by name; another organisation's is not.
    ASSERT_TRUE(node_.scans->CreateProfile(other_, "mine", "", {"tls"}, {}).has_value());
    in = Hourly("x");
    in.profile = "mine";
    ExpectField(svc.Create(acme_, in), "profile");
    ASSERT_TRUE(node_.scans->CreateProfile(acme_, "mine", "", {"tls"}, {}).has_value());
    MustCreate(in);
    auto list = svc.List(acme_, "", 50);
    ASSERT_TRUE(list.has_value());
    EXPECT_EQ(list->items.size(), 1u);
}

TEST_P(ScheduleTest, TickStartsOneScanPerDueScheduleAndMovesItOn) {
    auto a = MustCreate(Hourly("a"));
    auto b = MustCreate(Hourly("b", {"10.1.2.3"}));
    ScheduleInput daily = Hourly("daily");
    daily.cron = "@daily";
    auto d = MustCreate(daily);

    auto none = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, 0);

    clock_.Set(ParseTime("2026-03-02T11:00:00Z").value());
    auto started = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(started.has_value());
    EXPECT_EQ(*started, 2);
    for (const auto& s : {a, b}) {
        auto scans = ScansOf(s.id);
        ASSERT_EQ(scans.size(), 1u) << s.name;
        EXPECT_EQ(scans[0].schedule_id, s.id);
        EXPECT_EQ(scans[0].state, "queued");
        EXPECT_FALSE(scans[0].created_by.has_value());
        EXPECT_EQ(scans[0].targets_json, s.targets_json);
        EXPECT_EQ(scans[0].profile, "quick");
        auto now = Reload(s.id);
        EXPECT_EQ(now.next_run_at, "2026-03-02T12:00:00.000Z");
        EXPECT_EQ(now.last_run_at, "2026-03-02T11:00:00.000Z");
        EXPECT_EQ(now.last_scan_id, scans[0].id);
    }
    EXPECT_TRUE(ScansOf(d.id).empty());
    EXPECT_EQ(Reload(d.id).next_run_at, "2026-03-03T00:00:00.000Z");
    EXPECT_EQ(Audit("scan_schedules.run").size(), 2u);

    // The same instant again: nothing is due any more.
    auto again = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);
}

TEST_P(ScheduleTest, MissedSlotsRunOnceAfterDowntime) {
    auto s = MustCreate(Hourly("hourly"));
    // The server was down from before 11:00 until 20:30: ten hourly slots passed.
    clock_.Set(ParseTime("2026-03-02T20:30:00Z").value());
    auto started = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(started.has_value());
    EXPECT_EQ(*started, 1);
    EXPECT_EQ(ScansOf(s.id).size(), 1u);
    EXPECT_EQ(Reload(s.id).next_run_at, "2026-03-02T21:00:00.000Z");
    auto again = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);
}

TEST_P(ScheduleTest, ConcurrentTicksStartEachSlotOnce) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(MustCreate(Hourly("s" + std::to_string(i))).id);
    // A second process over the same database (PostgreSQL; SQLite stays one process in production).
    Node second;
    if (GetParam() == "postgres") second = MakeNode();
    clock_.Set(ParseTime("2026-03-02T11:00:00Z").value());
    const TimePoint now = clock_.Now();
    std::atomic<int> total{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        ScheduleService* svc = (second.schedules && t % 2 == 1) ? second.schedules.get() : node_.schedules.get();
        threads.emplace_back([svc, now, &total, &failures] {
            auto n = svc->Tick(now);
            if (n) {
                total += *n;
            } else {
                ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(total.load(), 5);
    for (const auto& id : ids) EXPECT_EQ(ScansOf(id).size(), 1u) << id;
}

TEST_P(ScheduleTest, DisabledSchedulesDoNotRunAndEnablingDoesNotCatchUp) {
    auto s = MustCreate(Hourly("hourly"));
    SchedulePatch off;
    off.enabled = false;
    auto disabled = node_.schedules->Update(acme_, s.id, off);
    ASSERT_TRUE(disabled.has_value());
    EXPECT_FALSE(disabled->enabled);
    EXPECT_FALSE(disabled->next_run_at.has_value());
    clock_.Set(ParseTime("2026-03-02T15:30:00Z").value());
    auto started = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(started.has_value());
    EXPECT_EQ(*started, 0);
    EXPECT_TRUE(ScansOf(s.id).empty());

    SchedulePatch on;
    on.enabled = true;
    auto enabled = node_.schedules->Update(acme_, s.id, on);
    ASSERT_TRUE(enabled.has_value());
    EXPECT_EQ(enabled->next_run_at, "2026-03-02T16:00:00.000Z");
    started = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(started.has_value());
    EXPECT_EQ(*started, 0);
}

TEST_P(ScheduleTest, UpdateRevalidatesWhatChanged) {
    auto s = MustCreate(Hourly("hourly"));
    SchedulePatch p;
    p.cron = "*/15 * * * *";
    p.timezone = "America/New_York";
    p.name = "quarter";
    auto u = node_.schedules->Update(acme_, s.id, p);
    ASSERT_TRUE(u.has_value()) << u.error().message;
    EXPECT_EQ(u->name, "quarter");
    EXPECT_EQ(u->next_run_at, "2026-03-02T10:30:00.000Z");
    EXPECT_EQ(u->created_at, s.created_at);

    SchedulePatch bad;
    bad.targets = std::vector<std::string>{"evil.test"};
    ExpectField(node_.schedules->Update(acme_, s.id, bad), "targets", kOutOfScopeDetail);
    bad = {};
    bad.cron = "0 0 * * 9";
    ExpectField(node_.schedules->Update(acme_, s.id, bad), "cron");
    bad = {};
    bad.timezone = "Nowhere/Land";
    ExpectField(node_.schedules->Update(acme_, s.id, bad), "timezone");
    EXPECT_EQ(Reload(s.id).cron, "*/15 * * * *");

    // The scope shrinks: renaming or disabling still works; changing targets is refused.
    ASSERT_TRUE(node_.scans->PutScope(acme_, OrgScope{{"example.net"}, {}}).has_value());
    SchedulePatch rename;
    rename.name = "renamed";
    rename.enabled = false;
    EXPECT_TRUE(node_.schedules->Update(acme_, s.id, rename).has_value());
    SchedulePatch enable;
    enable.enabled = true;
    ExpectField(node_.schedules->Update(acme_, s.id, enable), "targets", kOutOfScopeDetail);
}

TEST_P(ScheduleTest, AScanThatCannotStartIsRecordedAndTheScheduleMovesOn) {
    auto s = MustCreate(Hourly("hourly"));
    ASSERT_TRUE(node_.scans->PutScope(acme_, OrgScope{{"example.net"}, {}}).has_value());
    clock_.Set(ParseTime("2026-03-02T11:00:00Z").value());
    auto started = node_.schedules->Tick(clock_.Now());
    ASSERT_TRUE(started.has_value());
    EXPECT_EQ(*started, 0);
    EXPECT_TRUE(ScansOf(s.id).empty());
    auto now = Reload(s.id);
    EXPECT_EQ(now.next_run_at, "2026-03-02T12:00:00.000Z");
    EXPECT_FALSE(now.last_scan_id.has_value());
    auto entries = Audit("scan_schedules.run");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].outcome, "failure");
    EXPECT_EQ(entries[0].object_id, s.id);
    EXPECT_NE(entries[0].summary.find("outside the organisation's scope"), std::string::npos) << entries[0].summary;
}

TEST_P(ScheduleTest, AnotherOrganisationsScheduleIsNotFound) {
    auto s = MustCreate(Hourly("hourly"));
    auto& svc = *node_.schedules;
    EXPECT_EQ(svc.Get(other_, s.id).error().code, ErrorCode::kNotFound);
    SchedulePatch p;
    p.name = "mine now";
    EXPECT_EQ(svc.Update(other_, s.id, p).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(svc.RunNow(other_, s.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(svc.Delete(other_, s.id).error().code, ErrorCode::kNotFound);
    auto theirs = svc.List(other_, "", 50);
    ASSERT_TRUE(theirs.has_value());
    EXPECT_TRUE(theirs->items.empty());
    EXPECT_EQ(Reload(s.id).name, "hourly");
    ASSERT_TRUE(svc.Delete(acme_, s.id).has_value());
    EXPECT_EQ(svc.Get(acme_, s.id).error().code, ErrorCode::kNotFound);
}

TEST_P(ScheduleTest, RunNowStartsAScanWithoutMovingTheSchedule) {
    auto s = MustCreate(Hourly("hourly"));
    auto scan = node_.schedules->RunNow(acme_, s.id);
    ASSERT_TRUE(scan.has_value()) << scan.error().message;
    EXPECT_EQ(scan->schedule_id, s.id);
    EXPECT_EQ(scan->created_by, acme_.principal->user_id);
    auto now = Reload(s.id);
    EXPECT_EQ(now.next_run_at, s.next_run_at);
    EXPECT_EQ(now.last_scan_id, scan->id);
    EXPECT_EQ(ScansOf(s.id).size(), 1u);
}

TEST_P(ScheduleTest, ListPagesByCursor) {
    for (int i = 0; i < 5; ++i) MustCreate(Hourly("s" + std::to_string(i)));
    auto first = node_.schedules->List(acme_, "", 3);
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->items.size(), 3u);
    ASSERT_FALSE(first->next_cursor.empty());
    auto second = node_.schedules->List(acme_, first->next_cursor, 3);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->items.size(), 2u);
    EXPECT_TRUE(second->next_cursor.empty());
}

// ---- routes: the handlers called as the server would after authentication ----

server::Response Call(const server::Router& router, const identity::RequestContext& who, server::Method method,
                      const std::string& path, const std::string& body = {}) {
    std::map<std::string, std::string, std::less<>> params;
    server::RouteMatch m = router.Match(method, path, params);
    if (m.route == nullptr) return server::Response{404, {}, "no route"};
    server::Request r;
    r.method = method;
    r.target = r.path = path;
    r.body = body;
    r.path_params = params;
    r.principal = who.principal;
    r.request_id = "test";
    return m.route->handler(r);
}

TEST_P(ScheduleTest, RoutesMapRequestsAndErrors) {
    server::Router router;
    api::MountScheduleRoutes(router, api::ScheduleApi{*node_.schedules});
    for (const auto& route : router.Routes()) EXPECT_TRUE(route.permission.has_value()) << route.pattern;

    auto created = Call(router, acme_, server::Method::kPost, "/api/v1/scan-schedules",
                        R"({"name":"nightly","cron":"30 2 * * *","timezone":"Europe/Paris",
                            "targets":["www.example.com"],"profile":"quick"})");
    ASSERT_EQ(created.status, 201) << created.body;
    json::object s = json::parse(created.body).as_object();
    const std::string id(s.at("id").as_string());
    EXPECT_EQ(s.at("next_run_at"), "2026-03-03T01:30:00.000Z");
    EXPECT_EQ(s.at("modules"), json::array());
    EXPECT_TRUE(s.at("last_run_at").is_null());
    for (const char* key : {"cron", "timezone", "targets", "profile", "options", "enabled", "last_scan_id",
                            "created_by", "created_at", "updated_at"}) {
        EXPECT_TRUE(s.contains(key)) << key;
    }

    auto bad = Call(router, acme_, server::Method::kPost, "/api/v1/scan-schedules",
                    R"({"name":"x","cron":"* * * * FUN","timezone":"Mars/Base","targets":["a.example.com"],
                        "profile":"quick","color":"red"})");
    EXPECT_EQ(bad.status, 400);
    for (const char* field : {"\"cron\"", "\"timezone\"", "\"color\""}) {
        EXPECT_NE(bad.body.find(field), std::string::npos) << field << " " << bad.body;
    }
    auto outside = Call(router, acme_, server::Method::kPost, "/api/v1/scan-schedules",
                        R"({"name":"x","cron":"@daily","targets":["evil.test"],"profile":"quick"})");
    EXPECT_EQ(outside.status, 422) << outside.body;

    EXPECT_EQ(Call(router, acme_, server::Method::kGet, "/api/v1/scan-schedules").status, 200);
    EXPECT_EQ(Call(router, other_, server::Method::kGet, "/api/v1/scan-schedules/" + id).status, 404);
    auto patched = Call(router, acme_, server::Method::kPatch, "/api/v1/scan-schedules/" + id, R"({"enabled":false})");
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_TRUE(json::parse(patched.body).as_object().at("next_run_at").is_null());
    auto run = Call(router, acme_, server::Method::kPost, "/api/v1/scan-schedules/" + id + "/run");
    ASSERT_EQ(run.status, 202) << run.body;
    EXPECT_EQ(json::parse(run.body).as_object().at("schedule_id"), json::value(id));
    EXPECT_EQ(Call(router, other_, server::Method::kDelete, "/api/v1/scan-schedules/" + id).status, 404);
    EXPECT_EQ(Call(router, acme_, server::Method::kDelete, "/api/v1/scan-schedules/" + id).status, 204);
    EXPECT_EQ(Call(router, acme_, server::Method::kGet, "/api/v1/scan-schedules/" + id).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScheduleTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::scans
