// SPDX-License-Identifier: Apache-2.0
// The platform as separate processes of the real binary sharing one database:
//  - a worker killed with SIGKILL in the middle of a scan: the scan completes on another worker once the lease
//    expires (3 s here), with no duplicated findings (SQLite and PostgreSQL);
//  - two `serve` and two `worker` processes on one PostgreSQL: 50 scans of loopback fixtures each run exactly once,
//    and a WebSocket client connected to one `serve` receives, live, the progress of a scan started through the
//    other (LISTEN/NOTIFY).
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "integration/child_process.hpp"
#include "support/http/http_fixture.hpp"
#include "support/http_client.hpp"
#include "support/test_env.hpp"
#include "support/ws_client.hpp"

namespace palisade::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

json::value Json(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    return ec ? json::value() : v;
}

std::string Str(const json::value& v, std::string_view key) {
    const auto* x = v.is_object() ? v.as_object().if_contains(key) : nullptr;
    return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
}

Headers Auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

class ScaleOut : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        url_ = FreshDatabaseUrl(GetParam(), dir_.path());
        data_ = (dir_.path() / "data").string();
    }

    // The options of every process. The lease is short where a test waits for one to expire, and long elsewhere so
    // that a renewal delayed on a loaded machine (sanitizer builds) never hands a healthy job to another worker.
    std::vector<std::string> Common(std::vector<std::string> args) const {
        args.insert(args.end(), {"--database", url_, "--data-dir", data_, "--log-format", "text",
                                 "--set", "workers.lease=" + lease_, "--set", "server.rate_limit_ip_per_minute=0",
                                 "--set", "server.rate_limit_principal_per_minute=0"});
        return args;
    }

    // A `serve` process on a free port; the first one bootstraps the database and logs the admin in.
    std::unique_ptr<ChildProcess> Serve(bool embedded_workers, std::uint16_t& port) {
        const std::string name = "serve-" + std::to_string(children_++);
        auto child = std::make_unique<ChildProcess>(
            PALISADE_BINARY,
            Common({"serve", "--listen", "127.0.0.1:0", "--set",
                    std::string("workers.embedded=") + (embedded_workers ? "true" : "false")}),
            (dir_.path() / (name + ".log")).string());
        const std::string out = child->ReadUntil("is up on http://", seconds(60));
        const std::string url = LineValue(out, "is up on");
        EXPECT_FALSE(url.empty()) << out << LogOf(name);
        port = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
        if (token_.empty()) {
            const std::string email = LineValue(out, "e-mail:");
            const std::string password = LineValue(out, "password:");
            HttpClient c("http://127.0.0.1:" + std::to_string(port));
            auto r = c.Post("/api/v1/auth/login",
                            json::serialize(json::object{{"email", email}, {"password", password}}));
            EXPECT_EQ(r.status, 200) << r.body;
            token_ = Str(Json(r.body), "access_token");
            r = c.Request("PUT", "/api/v1/orgs/current/scope", R"({"cidrs": ["127.0.0.0/8"]})", Auth(token_));
            EXPECT_EQ(r.status, 200) << r.body;
        }
        return child;
    }

    std::unique_ptr<ChildProcess> Worker() {
        const std::string name = "worker-" + std::to_string(children_++);
        auto child = std::make_unique<ChildProcess>(PALISADE_BINARY, Common({"worker"}),
                                                    (dir_.path() / (name + ".log")).string());
        const std::string out = child->ReadUntil("worker is running", seconds(60));
        EXPECT_NE(out.find("worker is running"), std::string::npos) << out << LogOf(name);
        return child;
    }

    std::string LogOf(const std::string& name) const {
        std::ifstream in(dir_.path() / (name + ".log"));
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

    std::string StartScan(HttpClient& c, const std::string& body) {
        auto r = c.Post("/api/v1/scans", body, Auth(token_));
        EXPECT_EQ(r.status, 202) << r.body;
        return Str(Json(r.body), "id");
    }

    json::value WaitEnded(HttpClient& c, const std::string& id, seconds timeout = seconds(120)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        json::value scan;
        while (std::chrono::steady_clock::now() < deadline) {
            scan = Json(c.Get("/api/v1/scans/" + id, Auth(token_)).body);
            const std::string state = Str(scan, "state");
            if (state == "done" || state == "failed" || state == "cancelled") return scan;
            std::this_thread::sleep_for(milliseconds(50));
        }
        ADD_FAILURE() << "scan " << id << " did not end: " << json::serialize(scan);
        return scan;
    }

    // The `state` events of a scan, in order ("queued", "running", ...), with the data of each.
    std::vector<json::object> StateEvents(HttpClient& c, const std::string& id) {
        std::vector<json::object> out;
        const json::value page = Json(c.Get("/api/v1/scans/" + id + "/events", Auth(token_)).body);
        if (!page.is_object()) return out;
        for (const auto& e : page.at("items").as_array()) {
            if (Str(e, "type") == "state") out.push_back(e.at("data").as_object());
        }
        return out;
    }

    TempDir dir_;
    std::string url_;
    std::string data_;
    std::string token_;
    std::string lease_ = "30s";
    int children_ = 0;
};

TEST_P(ScaleOut, AScanWhoseWorkerIsKilledCompletesOnAnotherWorker) {
    lease_ = "3s";  // the second worker takes the scan once the killed worker's lease has expired
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<html><body>killed</body></html>"));
    std::uint16_t port = 0;
    auto serve = Serve(false, port);  // no embedded workers: only the worker processes run scans
    HttpClient c("http://127.0.0.1:" + std::to_string(port));
    auto first = Worker();
    // 300 closed ports at 100 new connections a second: about three seconds of work before the site's own port.
    const std::string id = StartScan(
        c, R"({"targets": ["127.0.0.1"], "modules": ["ports", "services", "headers"],
               "options": {"ports": "1-300,)" + std::to_string(site.port()) + R"(", "rate": 100, "timeout_ms": 2000}})");
    ASSERT_FALSE(id.empty());
    // Killed as soon as it has made progress.
    const auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const json::value scan = Json(c.Get("/api/v1/scans/" + id, Auth(token_)).body);
        if (Str(scan, "state") == "running" && scan.at("progress").as_int64() > 0) break;
        std::this_thread::sleep_for(milliseconds(20));
    }
    first->Signal(SIGKILL);
    EXPECT_EQ(first->Wait(seconds(10)), 128 + SIGKILL);
    EXPECT_EQ(Str(Json(c.Get("/api/v1/scans/" + id, Auth(token_)).body), "state"), "running");

    auto second = Worker();
    const json::value scan = WaitEnded(c, id);
    EXPECT_EQ(Str(scan, "state"), "done") << json::serialize(scan) << LogOf("worker-2");
    EXPECT_TRUE(scan.at("complete").as_bool());
    // Two attempts: the killed one and the one that finished, which says it resumed the scan.
    const auto states = StateEvents(c, id);
    int running = 0;
    bool resumed = false;
    for (const auto& s : states) {
        if (s.at("state") == "running") {
            ++running;
            if (s.contains("resumed")) resumed = s.at("resumed").as_bool();
        }
    }
    EXPECT_EQ(running, 2);
    EXPECT_TRUE(resumed);
    EXPECT_EQ(states.back().at("state"), "done");
    // Findings: one per fingerprint of the result, none twice.
    const json::value result = Json(c.Get("/api/v1/scans/" + id + "/results", Auth(token_)).body);
    std::set<std::string> fingerprints;
    for (const auto& f : result.at("findings").as_array()) fingerprints.insert(Str(f, "fingerprint"));
    ASSERT_FALSE(fingerprints.empty());
    const json::value findings = Json(c.Get("/api/v1/findings?limit=200", Auth(token_)).body);
    std::map<std::string, int> seen;
    for (const auto& f : findings.at("items").as_array()) ++seen[Str(f, "fingerprint")];
    EXPECT_EQ(seen.size(), fingerprints.size());
    for (const auto& [fp, n] : seen) EXPECT_EQ(n, 1) << fp;
    second->Signal(SIGTERM);
    EXPECT_EQ(second->Wait(seconds(30)), 0);
    serve->Signal(SIGTERM);
    EXPECT_EQ(serve->Wait(seconds(30)), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScaleOut, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

class ScaleOutPg : public ScaleOut {};

TEST_P(ScaleOutPg, TwoServeTwoWorkersRunFiftyScansExactlyOnceAndShareEvents) {
    std::vector<std::unique_ptr<HttpFixture>> sites;
    for (int i = 0; i < 5; ++i) {
        sites.push_back(std::make_unique<HttpFixture>());
        sites.back()->Route("/", ScriptedResponse::Html("<html><body>site " + std::to_string(i) + "</body></html>"));
    }
    std::uint16_t port_a = 0, port_b = 0;
    auto serve_a = Serve(false, port_a);
    auto serve_b = Serve(false, port_b);
    HttpClient a("http://127.0.0.1:" + std::to_string(port_a));
    HttpClient b("http://127.0.0.1:" + std::to_string(port_b));

    // A scan started through B while no worker runs, watched through A: everything after "queued" can only reach A
    // live from the worker process, through PostgreSQL NOTIFY.
    const std::string watched = StartScan(
        b, R"({"targets": ["127.0.0.1"], "modules": ["ports", "services", "headers"], "options": {"ports": ")" +
               std::to_string(sites[0]->port()) + R"("}})");
    WsClient ws;
    ASSERT_TRUE(ws.Connect(port_a, Auth(token_))) << ws.Status() << " " << ws.Error();
    ASSERT_TRUE(ws.Subscribe("scan:" + watched));
    ASSERT_TRUE(ws.ReadUntil("\"subscribed\"").has_value());

    auto worker_1 = Worker();
    auto worker_2 = Worker();
    std::vector<std::string> types;
    while (auto message = ws.Read(seconds(60))) {
        const json::value m = Json(*message);
        types.push_back(Str(m, "type"));
        if (Str(m, "type") == "state" && (Str(m.at("data"), "state") == "done" || Str(m.at("data"), "state") == "failed")) {
            EXPECT_EQ(Str(m.at("data"), "state"), "done");
            break;
        }
    }
    EXPECT_NE(std::find(types.begin(), types.end(), "module_started"), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), "progress"), types.end());
    ASSERT_FALSE(types.empty());
    EXPECT_EQ(types.back(), "state");

    // Fifty scans through both nodes, all run by the two workers.
    std::vector<std::string> ids;
    for (int i = 0; i < 50; ++i) {
        HttpClient& c = i % 2 == 0 ? a : b;
        ids.push_back(StartScan(c, R"({"targets": ["127.0.0.1"], "modules": ["ports", "headers"], "options": {"ports": ")" +
                                        std::to_string(sites[static_cast<std::size_t>(i) % sites.size()]->port()) +
                                        R"("}})"));
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const json::value scan = WaitEnded(i % 2 == 0 ? b : a, ids[i]);
        EXPECT_EQ(Str(scan, "state"), "done") << json::serialize(scan);
        const auto states = StateEvents(a, ids[i]);
        int running = 0;
        for (const auto& s : states) running += s.at("state") == "running" ? 1 : 0;
        EXPECT_EQ(running, 1) << ids[i] << " ran " << running << " times";
    }
    const json::value done = Json(a.Get("/api/v1/scans?state=done&limit=200", Auth(token_)).body);
    EXPECT_EQ(done.at("items").as_array().size(), 51u);
    // Every process stops cleanly on SIGTERM.
    for (auto* w : {worker_1.get(), worker_2.get(), serve_a.get(), serve_b.get()}) {
        w->Signal(SIGTERM);
        EXPECT_EQ(w->Wait(seconds(30)), 0);
    }
}

std::vector<std::string> PostgresOnly() {
    std::vector<std::string> out;
    for (const auto& b : DatabaseBackends()) {
        if (b == "postgres") out.push_back(b);
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Backends, ScaleOutPg, ::testing::ValuesIn(PostgresOnly()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScaleOutPg);

}  // namespace
}  // namespace palisade::testing
