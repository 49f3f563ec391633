// SPDX-License-Identifier: Apache-2.0
// Scans as a service through the real server (in-process `serve` with its embedded workers) on SQLite and
// PostgreSQL: the scope refuses targets outside it, a scan of a loopback fixture runs to its end with stored events
// and results (JSON contract and SARIF), cancel keeps the partial result, profiles, diff, delete, bad input, and
// another organisation sees none of it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "integration/app_harness.hpp"
#include "support/http/http_fixture.hpp"
#include "support/ws_client.hpp"

namespace palisade::testing {
namespace {

namespace json = boost::json;

json::value Json(const HttpResult& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.status << " " << r.body.substr(0, 300);
    return v;
}

std::string Str(const json::value& v, std::string_view key) {
    const auto* x = v.is_object() ? v.as_object().if_contains(key) : nullptr;
    return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
}

class ScansApi : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        h_ = std::make_unique<AppHarness>(GetParam(), [this](config::Config& c) {
            c.server.rate_limit_ip_per_minute = 0;
            c.server.rate_limit_principal_per_minute = 0;
            c.workers.embedded = embedded_workers_;
        });
        h_->Start();
        c_ = h_->Client();
        h_->CreateUser("admin@acme.test", "admin", "Acme");
        h_->CreateUser("operator@acme.test", "operator", "Acme");
        h_->CreateUser("analyst@acme.test", "analyst", "Acme");
        h_->CreateUser("viewer@acme.test", "viewer", "Acme");
        h_->CreateUser("admin@other.test", "admin", "Other");
        admin_ = Bearer(h_->Login("admin@acme.test").access);
        operator_ = Bearer(h_->Login("operator@acme.test").access);
        analyst_ = Bearer(h_->Login("analyst@acme.test").access);
        viewer_ = Bearer(h_->Login("viewer@acme.test").access);
        other_ = Bearer(h_->Login("admin@other.test").access);
    }

    HttpResult Put(const std::string& path, const std::string& body, const Headers& who) {
        return c_->Request("PUT", path, body, who);
    }

    void AllowLoopback(const Headers& who) {
        auto r = Put("/api/v1/orgs/current/scope", R"({"domains": ["localhost"], "cidrs": ["127.0.0.0/8"]})", who);
        ASSERT_EQ(r.status, 200) << r.body;
    }

    // Starts a scan; returns its id ("" and a test failure otherwise). The manual clock moves on first, so scans
    // started one after the other have increasing ids and creation times, as with a real clock.
    std::string StartScan(const std::string& body, const Headers& who) {
        h_->Clock().Advance(std::chrono::milliseconds(10));
        auto r = c_->Post("/api/v1/scans", body, who);
        EXPECT_EQ(r.status, 202) << r.body;
        if (r.status != 202) return "";
        auto v = Json(r);
        EXPECT_EQ(Str(v, "state"), "queued");
        EXPECT_EQ(r.Header("location"), "/api/v1/scans/" + Str(v, "id"));
        return Str(v, "id");
    }

    // Polls the scan until `pred` holds for it (or 120 s pass: a failure).
    json::value WaitFor(const std::string& id, const std::function<bool(const json::value&)>& pred) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        json::value scan;
        while (std::chrono::steady_clock::now() < deadline) {
            auto r = c_->Get("/api/v1/scans/" + id, admin_);
            if (r.status == 200) {
                scan = Json(r);
                if (pred(scan)) return scan;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "scan " << id << " never reached the expected state; last: " << json::serialize(scan);
        return scan;
    }
    json::value WaitEnded(const std::string& id) {
        return WaitFor(id, [](const json::value& s) {
            const std::string state = Str(s, "state");
            return state == "done" || state == "failed" || state == "cancelled";
        });
    }

    std::string HeadersScan(std::uint16_t port) {
        return R"({"targets": ["127.0.0.1"], "modules": ["ports", "services", "headers"], "options": {"ports": ")" +
               std::to_string(port) + R"(", "timeout_ms": 2000}})";
    }

    bool embedded_workers_ = true;
    std::unique_ptr<AppHarness> h_;
    std::unique_ptr<HttpClient> c_;
    Headers admin_, operator_, analyst_, viewer_, other_;
};

TEST_P(ScansApi, ScopeRefusesTargetsOutsideIt) {
    // Nothing may be scanned before an admin sets the scope.
    auto r = c_->Post("/api/v1/scans", R"({"targets": ["127.0.0.1"], "profile": "quick"})", operator_);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_NE(r.body.find("127.0.0.1"), std::string::npos);
    EXPECT_EQ(Str(Json(r), "type"), "urn:palisade:problem:out-of-scope");

    // Only admins change the scope; everyone reads it.
    EXPECT_EQ(Put("/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", operator_).status, 403);
    EXPECT_EQ(Put("/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", analyst_).status, 403);
    r = Put("/api/v1/orgs/current/scope", R"({"domains": ["*.Example.test", "bad domain"], "cidrs": ["10.0.0.0/33"]})",
            admin_);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("domains[1]"), std::string::npos);
    EXPECT_NE(r.body.find("cidrs[0]"), std::string::npos);
    r = Put("/api/v1/orgs/current/scope", R"({"domains": ["*.Example.test"], "cidrs": ["127.0.0.1/8"]})", admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::serialize(Json(r)), R"({"domains":["example.test"],"cidrs":["127.0.0.0/8"]})");
    r = c_->Get("/api/v1/orgs/current/scope", viewer_);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::serialize(Json(r)), R"({"domains":["example.test"],"cidrs":["127.0.0.0/8"]})");

    // Every target outside is named; one outside refuses the whole scan.
    r = c_->Post("/api/v1/scans", R"({"targets": ["127.0.0.1", "10.1.1.1", "https://evil.test/"], "profile": "quick"})",
                 operator_);
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("10.1.1.1"), std::string::npos);
    EXPECT_NE(r.body.find("https://evil.test"), std::string::npos);
    // The other organisation's scope is its own.
    r = c_->Post("/api/v1/scans", R"({"targets": ["127.0.0.1"], "profile": "quick"})", other_);
    EXPECT_EQ(r.status, 422);
    // Viewers cannot start scans at all.
    EXPECT_EQ(c_->Post("/api/v1/scans", R"({"targets": ["127.0.0.1"], "profile": "quick"})", viewer_).status, 403);
}

TEST_P(ScansApi, ScanRunsToTheEndWithEventsAndResults) {
    AllowLoopback(admin_);
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<html><body>hello</body></html>"));
    const std::string id = StartScan(HeadersScan(site.port()), operator_);
    ASSERT_FALSE(id.empty());
    auto scan = WaitEnded(id);
    ASSERT_EQ(Str(scan, "state"), "done") << json::serialize(scan);
    EXPECT_TRUE(scan.at("complete").as_bool());
    EXPECT_EQ(scan.at("progress").as_int64(), 100);
    EXPECT_GT(scan.at("findings_count").as_int64(), 0);
    EXPECT_FALSE(Str(scan, "grade").empty());
    EXPECT_GT(scan.at("summary").at("new").as_int64(), 0);

    // The contract JSON: the missing security headers of the fixture are findings.
    auto r = c_->Get("/api/v1/scans/" + id + "/results", viewer_);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "application/json");
    auto result = Json(r);
    EXPECT_EQ(Str(result, "target"), "127.0.0.1");
    std::set<std::string> checks;
    for (const auto& f : result.at("findings").as_array()) checks.insert(Str(f, "check"));
    EXPECT_TRUE(checks.count("headers.csp.missing")) << json::serialize(result.at("findings"));
    EXPECT_EQ(static_cast<std::int64_t>(result.at("findings").as_array().size()), scan.at("findings_count").as_int64());
    r = c_->Get("/api/v1/scans/" + id + "/results?format=sarif", viewer_);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "application/sarif+json");
    EXPECT_EQ(Str(Json(r), "version"), "2.1.0");
    EXPECT_EQ(c_->Get("/api/v1/scans/" + id + "/results?format=xml", viewer_).status, 400);

    // Events: stored in order, 1..n, from queued to done, modules in between.
    r = c_->Get("/api/v1/scans/" + id + "/events", viewer_);
    ASSERT_EQ(r.status, 200);
    auto events = Json(r).at("items").as_array();
    ASSERT_GE(events.size(), 5u);
    std::vector<std::string> types;
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].at("seq").as_int64(), static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(Str(events[i], "topic"), "scan:" + id);
        types.push_back(Str(events[i], "type"));
    }
    EXPECT_EQ(Str(events.front().at("data"), "state"), "queued");
    EXPECT_EQ(Str(events[1].at("data"), "state"), "running");
    EXPECT_EQ(Str(events.back().at("data"), "state"), "done");
    EXPECT_NE(std::find(types.begin(), types.end(), "module_started"), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), "module_finished"), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), "progress"), types.end());
    // Each finding was streamed as it was found, once per fingerprint, before the scan ended.
    std::set<std::string> streamed;
    std::size_t finding_events = 0;
    for (const auto& e : events) {
        if (Str(e, "type") != "finding") continue;
        ++finding_events;
        const auto& d = e.at("data");
        streamed.insert(Str(d, "fingerprint"));
        EXPECT_EQ(Str(d, "target"), "127.0.0.1");
        EXPECT_FALSE(Str(d, "title").empty());
        EXPECT_FALSE(Str(d, "severity").empty());
    }
    EXPECT_EQ(finding_events, streamed.size());
    EXPECT_EQ(static_cast<std::int64_t>(streamed.size()), scan.at("findings_count").as_int64());
    std::set<std::string> result_fingerprints;
    for (const auto& f : result.at("findings").as_array()) result_fingerprints.insert(Str(f, "fingerprint"));
    EXPECT_EQ(streamed, result_fingerprints);
    // after_seq pages.
    r = c_->Get("/api/v1/scans/" + id + "/events?after_seq=2&limit=2", viewer_);
    ASSERT_EQ(r.status, 200);
    auto page = Json(r);
    ASSERT_EQ(page.at("items").as_array().size(), 2u);
    EXPECT_EQ(page.at("items").as_array()[0].at("seq").as_int64(), 3);
    EXPECT_EQ(page.at("next_after_seq").as_int64(), 4);
    EXPECT_EQ(c_->Get("/api/v1/scans/" + id + "/events?after_seq=-1", viewer_).status, 400);

    // Listed, newest first, filterable.
    r = c_->Get("/api/v1/scans?state=done&target=127.0.0.1", viewer_);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(Json(r).at("items").as_array().size(), 1u);
    EXPECT_EQ(Str(Json(r).at("items").as_array()[0], "id"), id);
    EXPECT_TRUE(Json(c_->Get("/api/v1/scans?state=running", viewer_)).at("items").as_array().empty());
    EXPECT_EQ(c_->Get("/api/v1/scans?state=bogus", viewer_).status, 400);

    // Another organisation sees none of it.
    for (const std::string path : {"/api/v1/scans/" + id, "/api/v1/scans/" + id + "/results",
                                   "/api/v1/scans/" + id + "/events", "/api/v1/scans/" + id + "/diff?against=" + id}) {
        EXPECT_EQ(c_->Get(path, other_).status, 404) << path;
    }
    EXPECT_EQ(c_->Post("/api/v1/scans/" + id + "/cancel", "", other_).status, 404);
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scans/" + id, "", other_).status, 404);
    EXPECT_TRUE(Json(c_->Get("/api/v1/scans", other_)).at("items").as_array().empty());

    // Deleting: admins only, then it is gone.
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scans/" + id, "", operator_).status, 403);
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scans/" + id, "", admin_).status, 204);
    EXPECT_EQ(c_->Get("/api/v1/scans/" + id, admin_).status, 404);
    EXPECT_EQ(c_->Get("/api/v1/scans/" + id + "/events", admin_).status, 404);
}

TEST_P(ScansApi, CancelStopsARunningScanAndKeepsThePartialResult) {
    AllowLoopback(admin_);
    // Every port at 40 new connections a second: about half an hour unless cancelled.
    const std::string id =
        StartScan(R"({"targets": ["127.0.0.1"], "modules": ["ports"], "options": {"ports": "all", "rate": 40}})",
                  operator_);
    ASSERT_FALSE(id.empty());
    WaitFor(id, [](const json::value& s) { return Str(s, "state") == "running"; });
    auto r = c_->Post("/api/v1/scans/" + id + "/cancel", "", operator_);
    ASSERT_EQ(r.status, 202) << r.body;
    auto scan = WaitEnded(id);
    EXPECT_EQ(Str(scan, "state"), "cancelled");
    EXPECT_FALSE(scan.at("complete").as_bool());
    EXPECT_EQ(Str(scan, "incomplete_reason"), "cancelled");
    r = c_->Get("/api/v1/scans/" + id + "/results", operator_);
    ASSERT_EQ(r.status, 200) << r.body;
    auto result = Json(r);
    EXPECT_FALSE(result.at("complete").as_bool());
    EXPECT_EQ(Str(result, "incomplete_reason"), "cancelled");
    // Cancelling again changes nothing.
    r = c_->Post("/api/v1/scans/" + id + "/cancel", "", operator_);
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(Str(Json(r), "state"), "cancelled");
}

TEST_P(ScansApi, DiffNamesNewFixedAndUnchangedFindings) {
    AllowLoopback(admin_);
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<html><body>v1</body></html>"));
    const std::string first = StartScan(HeadersScan(site.port()), operator_);
    ASSERT_EQ(Str(WaitEnded(first), "state"), "done");
    // The site gains a content security policy and loses nothing else.
    site.Route("/", ScriptedResponse::Html("<html><body>v2</body></html>",
                                           {{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"}}));
    const std::string second = StartScan(HeadersScan(site.port()), operator_);
    ASSERT_EQ(Str(WaitEnded(second), "state"), "done");

    auto r = c_->Get("/api/v1/scans/" + first + "/diff?against=" + second, viewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    auto diff = Json(r);
    EXPECT_EQ(Str(diff, "scan_id"), second);
    EXPECT_EQ(Str(diff, "base_scan_id"), first);
    std::set<std::string> fixed;
    for (const auto& f : diff.at("fixed").as_array()) fixed.insert(Str(f, "check"));
    EXPECT_TRUE(fixed.count("headers.csp.missing")) << r.body;
    EXPECT_GT(diff.at("unchanged").as_array().size(), 0u);
    for (const auto& f : diff.at("unchanged").as_array()) EXPECT_NE(Str(f, "check"), "headers.csp.missing");

    // The second scan's summary says what it fixed among the stored findings.
    auto scan = Json(c_->Get("/api/v1/scans/" + second, viewer_));
    EXPECT_GE(scan.at("summary").at("fixed").as_int64(), 1) << json::serialize(scan);
    EXPECT_GT(scan.at("summary").at("seen_again").as_int64(), 0) << json::serialize(scan);

    // A scan of other targets cannot be compared; the query needs `against`.
    const std::string elsewhere = StartScan(
        R"({"targets": ["127.0.0.2"], "modules": ["ports"], "options": {"ports": ")" + std::to_string(site.port()) +
            R"("}})",
        operator_);
    WaitEnded(elsewhere);
    r = c_->Get("/api/v1/scans/" + first + "/diff?against=" + elsewhere, viewer_);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("against"), std::string::npos);
    EXPECT_EQ(c_->Get("/api/v1/scans/" + first + "/diff", viewer_).status, 400);

    // The grade distribution counts the latest done scan of each target list: `second` (not `first`) and
    // `elsewhere`; another organisation sees none of them.
    std::map<std::string, std::int64_t> expected;
    std::int64_t ungraded = 0;
    for (const std::string& id : {second, elsewhere}) {
        auto one = Json(c_->Get("/api/v1/scans/" + id, viewer_));
        if (Str(one, "state") != "done") continue;
        const auto* grade = one.as_object().if_contains("grade");
        if (grade == nullptr || grade->is_null()) {
            ++ungraded;
        } else {
            ++expected[std::string(grade->as_string())];
        }
    }
    r = c_->Get("/api/v1/scans/grades", viewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    auto grades = Json(r);
    std::map<std::string, std::int64_t> got;
    for (const auto& [grade, count] : grades.at("grades").as_object()) got[std::string(grade)] = count.as_int64();
    EXPECT_EQ(got, expected) << r.body;
    EXPECT_EQ(grades.at("ungraded").as_int64(), ungraded);
    std::int64_t graded = 0;
    for (const auto& [grade, count] : expected) graded += count;
    EXPECT_EQ(grades.at("target_lists").as_int64(), graded + ungraded);
    EXPECT_GE(grades.at("target_lists").as_int64(), 1);
    auto theirs = Json(c_->Get("/api/v1/scans/grades", other_));
    EXPECT_EQ(theirs.at("target_lists").as_int64(), 0);
}

TEST_P(ScansApi, ProfilesBuiltInAndSaved) {
    AllowLoopback(admin_);
    auto r = c_->Get("/api/v1/scan-profiles", viewer_);
    ASSERT_EQ(r.status, 200);
    std::vector<std::string> names;
    const json::value listed = Json(r);
    for (const auto& p : listed.at("items").as_array()) names.push_back(Str(p, "name"));
    EXPECT_EQ(names, (std::vector<std::string>{"quick", "standard", "full"}));

    const std::string body = R"({"name": "Loopback web", "modules": ["headers"], "options": {"ports": "1"}})";
    EXPECT_EQ(c_->Post("/api/v1/scan-profiles", body, viewer_).status, 403);
    r = c_->Post("/api/v1/scan-profiles", body, operator_);
    ASSERT_EQ(r.status, 201) << r.body;
    auto profile = Json(r);
    EXPECT_FALSE(profile.at("builtin").as_bool());
    EXPECT_EQ(json::serialize(profile.at("modules")), R"(["ports","headers"])");
    EXPECT_EQ(c_->Post("/api/v1/scan-profiles", body, operator_).status, 409);
    r = c_->Post("/api/v1/scan-profiles", R"({"name": "Quick", "modules": ["ports"]})", operator_);
    EXPECT_EQ(r.status, 400);
    r = c_->Post("/api/v1/scan-profiles", R"({"name": "x", "modules": ["nope"], "options": {"ca_file": "/etc/passwd"}})",
                 operator_);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("options.ca_file"), std::string::npos);
    EXPECT_NE(r.body.find("\"modules\""), std::string::npos);

    // A scan by the saved profile's name takes its modules and options.
    r = c_->Post("/api/v1/scans", R"({"targets": ["127.0.0.1"], "profile": "loopback web"})", operator_);
    ASSERT_EQ(r.status, 202) << r.body;
    auto scan = Json(r);
    EXPECT_EQ(json::serialize(scan.at("modules")), R"(["ports","headers"])");
    EXPECT_EQ(json::serialize(scan.at("options")), R"({"ports":"1"})");
    WaitEnded(Str(scan, "id"));

    // The other organisation neither sees nor deletes it.
    const std::string pid = Str(profile, "id");
    names.clear();
    const json::value others = Json(c_->Get("/api/v1/scan-profiles", other_));
    for (const auto& p : others.at("items").as_array()) names.push_back(Str(p, "name"));
    EXPECT_EQ(names.size(), 3u);
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scan-profiles/" + pid, "", other_).status, 404);
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scan-profiles/" + pid, "", operator_).status, 204);
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scan-profiles/" + pid, "", operator_).status, 404);
}

TEST_P(ScansApi, BadRequestsNameTheirFields) {
    AllowLoopback(admin_);
    struct Case {
        std::string body;
        std::string field;
    };
    const std::vector<Case> cases = {
        {R"({"profile": "quick"})", "targets"},
        {R"({"targets": "127.0.0.1", "profile": "quick"})", "targets"},
        {R"({"targets": [7], "profile": "quick"})", "targets[0]"},
        {R"({"targets": ["127.0.0.1"]})", "profile"},
        {R"({"targets": ["127.0.0.1"], "profile": "nope"})", "profile"},
        {R"({"targets": ["127.0.0.1"], "modules": ["bogus"]})", "modules"},
        {R"({"targets": ["127.0.0.1"], "profile": "quick", "options": {"ports": "0"}})", "options.ports"},
        {R"({"targets": ["127.0.0.1"], "profile": "quick", "options": {"templates": {"dirs": ["/"]}}})",
         "options.templates.dirs"},
        {R"({"targets": ["127.0.0.1"], "profile": "quick", "priority": 99})", "priority"},
        {R"({"targets": ["127.0.0.1/4"], "profile": "quick"})", "targets"},
        {R"({"targets": ["not a target!"], "profile": "quick"})", "targets"},
        {R"({"targets": ["127.0.0.1"], "profile": "quick", "surprise": 1})", "surprise"},
    };
    for (const auto& c : cases) {
        auto r = c_->Post("/api/v1/scans", c.body, operator_);
        EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
        EXPECT_NE(r.body.find("\"field\":\"" + c.field + "\""), std::string::npos) << c.body << " -> " << r.body;
    }
    EXPECT_TRUE(Json(c_->Get("/api/v1/scans", admin_)).at("items").as_array().empty());
}

TEST_P(ScansApi, WebSocketSubscribersGetEveryEventInOrderLiveOrLate) {
    AllowLoopback(admin_);
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<html><body>ws</body></html>"));
    const std::uint16_t port = h_->App().Port();
    {
        WsClient anonymous;
        EXPECT_FALSE(anonymous.Connect(port));
        EXPECT_EQ(anonymous.Status(), 401);
    }
    // 100 closed ports at 100 new connections a second, then the site: about a second of live progress.
    const std::string id = StartScan(
        R"({"targets": ["127.0.0.1"], "modules": ["ports", "services", "headers"], "options": {"ports": "1-100,)" +
            std::to_string(site.port()) + R"(", "rate": 100}})",
        operator_);
    ASSERT_FALSE(id.empty());
    auto read_all = [&](WsClient& ws) {
        std::vector<json::value> events;
        while (auto message = ws.Read(std::chrono::seconds(60))) {
            json::value m = Json(HttpResult{200, *message, {}, {}});
            if (Str(m, "type") == "subscribed") continue;
            events.push_back(m);
            if (Str(m, "type") == "state" && Str(m.at("data"), "state") == "done") break;
        }
        return events;
    };
    WsClient live;
    ASSERT_TRUE(live.Connect(port, viewer_)) << live.Status() << " " << live.Error();
    ASSERT_TRUE(live.Subscribe("scan:" + id));
    const auto live_events = read_all(live);
    ASSERT_FALSE(live_events.empty());
    for (std::size_t i = 0; i < live_events.size(); ++i) {
        EXPECT_EQ(Str(live_events[i], "topic"), "scan:" + id);
        EXPECT_EQ(live_events[i].at("seq").as_int64(), static_cast<std::int64_t>(i + 1)) << "a gap or a duplicate";
    }
    EXPECT_EQ(Str(live_events.front().at("data"), "state"), "queued");

    // A subscriber that comes after the end replays the same events from the store.
    WsClient late;
    ASSERT_TRUE(late.Connect(port, admin_));
    ASSERT_TRUE(late.Subscribe("scan:" + id));
    const auto late_events = read_all(late);
    ASSERT_EQ(late_events.size(), live_events.size());
    for (std::size_t i = 0; i < late_events.size(); ++i) {
        EXPECT_EQ(json::serialize(late_events[i]), json::serialize(live_events[i]));
    }
    // ... or only what it missed.
    WsClient resumed;
    ASSERT_TRUE(resumed.Connect(port, admin_));
    ASSERT_TRUE(resumed.Subscribe("scan:" + id, static_cast<std::int64_t>(live_events.size() - 1)));
    const auto tail = read_all(resumed);
    ASSERT_EQ(tail.size(), 1u);
    EXPECT_EQ(json::serialize(tail[0]), json::serialize(live_events.back()));

    // Another organisation's scan is not found, as is a scan that does not exist.
    WsClient other;
    ASSERT_TRUE(other.Connect(port, other_));
    ASSERT_TRUE(other.Subscribe("scan:" + id));
    auto refused = other.ReadUntil("error");
    ASSERT_TRUE(refused.has_value());
    EXPECT_NE(refused->find("not_found"), std::string::npos) << *refused;
    ASSERT_TRUE(other.Subscribe("scan:00000000-0000-7000-8000-000000000000"));
    auto unknown = other.ReadUntil("error");
    ASSERT_TRUE(unknown.has_value());
    // The same answer for both: nothing tells a foreign scan from a missing one.
    const json::value a = Json(HttpResult{200, *refused, {}, {}});
    const json::value b = Json(HttpResult{200, *unknown, {}, {}});
    EXPECT_EQ(Str(a, "type"), "error");
    EXPECT_EQ(json::serialize(a.at("data")), json::serialize(b.at("data")));
}

class QueuedScans : public ScansApi {
  protected:
    void SetUp() override {
        embedded_workers_ = false;  // nothing runs: scans stay queued
        ScansApi::SetUp();
    }
};

TEST_P(QueuedScans, CancelAQueuedScanAndDeleteOnlyEndedOnes) {
    AllowLoopback(admin_);
    const std::string id = StartScan(R"({"targets": ["127.0.0.1"], "profile": "quick"})", operator_);
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scans/" + id, "", admin_).status, 409);
    EXPECT_EQ(c_->Get("/api/v1/scans/" + id + "/results", admin_).status, 409);
    auto r = c_->Post("/api/v1/scans/" + id + "/cancel", "", operator_);
    ASSERT_EQ(r.status, 202);
    EXPECT_EQ(Str(Json(r), "state"), "cancelled");
    auto events = Json(c_->Get("/api/v1/scans/" + id + "/events", admin_)).at("items").as_array();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(Str(events[1].at("data"), "state"), "cancelled");
    EXPECT_EQ(c_->Request("DELETE", "/api/v1/scans/" + id, "", admin_).status, 204);
    // Cursor pagination over several scans, newest first, no duplicates.
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(StartScan(R"({"targets": ["127.0.0.1"], "profile": "quick"})", operator_));
    std::vector<std::string> seen;
    std::string cursor;
    do {
        auto page = Json(c_->Get("/api/v1/scans?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), viewer_));
        for (const auto& s : page.at("items").as_array()) seen.push_back(Str(s, "id"));
        cursor = page.at("next_cursor").is_string() ? std::string(page.at("next_cursor").as_string()) : "";
    } while (!cursor.empty());
    std::reverse(ids.begin(), ids.end());
    EXPECT_EQ(seen, ids);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScansApi, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, QueuedScans, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::testing
