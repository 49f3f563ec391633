// SPDX-License-Identifier: Apache-2.0
// The findings, assets and SLA routes over HTTP semantics: round trips, permissions per role, another
// organisation's ids (404 on every {id} route), bad input (field names), export formats and CSV injection.
#include <gmock/gmock.h>

#include <boost/json.hpp>

#include "findings/findings_api_fixture.hpp"
#include "findings/findings_fixture.hpp"

namespace palisade::findings::testing {
namespace {

using server::Method;
namespace json = boost::json;

json::object Body(const server::Response& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return !ec && v.is_object() ? v.as_object() : json::object();
}

// The fields the problem's `errors` name.
std::vector<std::string> Fields(const server::Response& r) {
    std::vector<std::string> out;
    const auto body = Body(r);
    if (const auto* errors = body.if_contains("errors")) {
        for (const auto& e : errors->as_array()) out.emplace_back(e.as_object().at("field").as_string());
    }
    return out;
}

class FindingsApi : public FindingsApiTest {
protected:
    void SetUp() override {
        FindingsApiTest::SetUp();
        admin_ = User("admin@acme.test", "admin", "Acme");
        analyst_ = User("analyst@acme.test", "analyst", "Acme");
        operator_ = User("ops@acme.test", "operator", "Acme");
        viewer_ = User("viewer@acme.test", "viewer", "Acme");
        Seed(admin_.org_id, "scan-1", "10.0.0.5",
             {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443", scan::Severity::kHigh),
              MakeFinding("headers.csp.missing", "https://10.0.0.5/", scan::Severity::kMedium)});
        finding_ = FindingId(analyst_, "tls.protocol.tls1_0");
    }
    TestUser admin_, analyst_, operator_, viewer_;
    std::string finding_;
};

TEST_P(FindingsApi, TriageRoundTrip) {
    auto r = Call(Method::kGet, "/api/v1/findings?sort=-severity&limit=1", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = Body(r);
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("items").as_array()[0].as_object().at("check"), "tls.protocol.tls1_0");
    ASSERT_TRUE(page.at("next_cursor").is_string());
    r = Call(Method::kGet, "/api/v1/findings?cursor=" + std::string(page.at("next_cursor").as_string()) +
                               "&sort=-severity&limit=1",
             viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("items").as_array()[0].as_object().at("check"), "headers.csp.missing");

    r = Call(Method::kPatch, "/api/v1/findings/" + finding_, analyst_.token,
             R"({"status":"triaged","assignee_id":")" + viewer_.id + R"(","note":"mine now"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("status"), "triaged");
    EXPECT_EQ(Body(r).at("assignee_id"), json::value(viewer_.id));
    r = Call(Method::kGet, "/api/v1/findings?assignee=me", viewer_.token);
    EXPECT_EQ(Body(r).at("items").as_array().size(), 1u) << r.body;
    r = Call(Method::kGet, "/api/v1/findings/" + finding_ + "/history", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto history = Body(r).at("items").as_array();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].as_object().at("actor"), "analyst@acme.test");
    EXPECT_EQ(history[0].as_object().at("note"), "mine now");

    r = Call(Method::kPost, "/api/v1/findings/" + finding_ + "/comments", analyst_.token,
             R"({"text":"see ticket 42"})");
    ASSERT_EQ(r.status, 201) << r.body;
    r = Call(Method::kGet, "/api/v1/findings/" + finding_ + "/comments", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("items").as_array()[0].as_object().at("text"), "see ticket 42");

    r = Call(Method::kPost, "/api/v1/findings/bulk", analyst_.token,
             R"({"ids":[")" + finding_ + R"(","unknown"],"status":"fixed"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("updated").as_array().size(), 1u);
    EXPECT_EQ(Body(r).at("not_found").as_array()[0], "unknown");
}

TEST_P(FindingsApi, PermissionsFollowTheRole) {
    const std::string patch = R"({"status":"triaged"})";
    EXPECT_EQ(Call(Method::kGet, "/api/v1/findings/" + finding_, viewer_.token).status, 200);
    EXPECT_EQ(Call(Method::kPatch, "/api/v1/findings/" + finding_, viewer_.token, patch).status, 403);
    EXPECT_EQ(Call(Method::kPatch, "/api/v1/findings/" + finding_, operator_.token, patch).status, 403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/findings/bulk", viewer_.token, R"({"ids":["x"],"status":"open"})").status,
              403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/findings/" + finding_ + "/comments", viewer_.token, R"({"text":"x"})")
                  .status,
              403);
    EXPECT_EQ(Call(Method::kPatch, "/api/v1/findings/" + finding_, analyst_.token, patch).status, 200);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/findings/" + finding_, "").status, 401);

    const std::string asset = R"({"type":"host","name":"db-1"})";
    EXPECT_EQ(Call(Method::kPost, "/api/v1/assets", viewer_.token, asset).status, 403);
    EXPECT_EQ(Call(Method::kPost, "/api/v1/assets", operator_.token, asset).status, 201);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/assets", viewer_.token).status, 200);

    const std::string sla = R"({"high_days":14})";
    EXPECT_EQ(Call(Method::kGet, "/api/v1/orgs/current/sla", viewer_.token).status, 200);
    EXPECT_EQ(Call(Method::kPut, "/api/v1/orgs/current/sla", analyst_.token, sla).status, 403);
    auto r = Call(Method::kPut, "/api/v1/orgs/current/sla", admin_.token, sla);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("high_days"), 14);
    EXPECT_EQ(Body(r).at("critical_days"), 7) << "an omitted severity takes its default";
    EXPECT_TRUE(Body(r).at("info_days").is_null());
}

TEST_P(FindingsApi, SummaryCountsTheCallersOrganisationAndChecksWeeks) {
    const TestUser other = User("admin@other.test", "admin", "Other");
    auto r = Call(Method::kGet, "/api/v1/findings/summary", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = Body(r);
    EXPECT_EQ(body.at("active_by_severity").at("high"), 1);
    EXPECT_EQ(body.at("active_by_severity").at("medium"), 1);
    EXPECT_EQ(body.at("by_status").at("open"), 2);
    EXPECT_EQ(body.at("sla").at("on_track").as_int64() + body.at("sla").at("due_soon").as_int64(), 2);
    ASSERT_EQ(body.at("weeks").as_array().size(), 12u);
    EXPECT_EQ(body.at("weeks").as_array().back().at("opened"), 2);
    r = Call(Method::kGet, "/api/v1/findings/summary?weeks=2", other.token);
    ASSERT_EQ(r.status, 200) << r.body;
    body = Body(r);
    EXPECT_EQ(body.at("by_status").at("open"), 0);
    EXPECT_EQ(body.at("weeks").as_array().size(), 2u);
    for (const char* bad : {"0", "53", "x", "1.5", "-2"}) {
        r = Call(Method::kGet, std::string("/api/v1/findings/summary?weeks=") + bad, viewer_.token);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_THAT(Fields(r), ::testing::ElementsAre("weeks")) << bad;
    }
    EXPECT_EQ(Call(Method::kGet, "/api/v1/findings/summary", "").status, 401);
}

TEST_P(FindingsApi, EveryIdRouteAnswers404ForAnotherOrganisation) {
    const TestUser stranger = User("admin@other.test", "admin", "Other");
    auto created = Call(Method::kPost, "/api/v1/assets", admin_.token, R"({"type":"host","name":"db-1"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string asset = std::string(Body(created).at("id").as_string());
    const std::string before_finding = Call(Method::kGet, "/api/v1/findings/" + finding_, admin_.token).body;
    const std::string before_asset = Call(Method::kGet, "/api/v1/assets/" + asset, admin_.token).body;
    int probed = 0;
    for (const server::Route& route : router_.Routes()) {
        const auto at = route.pattern.find("{id}");
        if (at == std::string::npos) continue;
        std::string path = route.pattern;
        path.replace(at, 4, route.pattern.find("/assets/") != std::string::npos ? asset : finding_);
        std::string body;
        if (route.method == Method::kPatch) body = route.pattern.find("/assets/") != std::string::npos
                                                       ? R"({"owner":"eve"})"
                                                       : R"({"status":"triaged"})";
        if (route.method == Method::kPost) body = R"({"text":"hi"})";
        auto r = Call(route.method, path, stranger.token, body);
        EXPECT_EQ(r.status, 404) << server::ToString(route.method) << " " << route.pattern << ": " << r.body;
        ++probed;
    }
    EXPECT_EQ(probed, 8);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/findings/" + finding_, admin_.token).body, before_finding);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/assets/" + asset, admin_.token).body, before_asset);
    EXPECT_TRUE(Body(Call(Method::kGet, "/api/v1/findings", stranger.token)).at("items").as_array().empty());
}

TEST_P(FindingsApi, BadInputNamesEveryFieldAtFault) {
    const std::string path = "/api/v1/findings/" + finding_;
    auto r = Call(Method::kPatch, path, analyst_.token, R"({"status":"bogus"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("status"));
    // Well-formed but refused by the lifecycle rules: 422 naming the field.
    r = Call(Method::kPatch, path, analyst_.token,
             R"({"status":"accepted_risk","accepted_until":"2027-01-01T00:00:00Z"})");
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(Body(r).at("type"), "urn:palisade:problem:unprocessable");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("justification"));
    r = Call(Method::kPatch, path, analyst_.token, R"({"status":"accepted_risk","justification":"j"})");
    EXPECT_EQ(r.status, 422);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("accepted_until"));
    r = Call(Method::kPatch, path, analyst_.token,
             R"({"status":"accepted_risk","justification":"j","accepted_until":"2020-01-01T00:00:00Z"})");
    EXPECT_EQ(r.status, 422);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("accepted_until"));
    r = Call(Method::kPatch, path, analyst_.token, R"({"assignee_id":"somebody-else"})");
    EXPECT_EQ(r.status, 422);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("assignee_id"));
    r = Call(Method::kPatch, path, analyst_.token, R"({"status":"fixed"})");
    ASSERT_EQ(r.status, 200) << r.body;
    r = Call(Method::kPatch, path, analyst_.token, R"({"status":"triaged"})");
    EXPECT_EQ(r.status, 409) << "a closed finding can only be reopened";
    ASSERT_EQ(Call(Method::kPatch, path, analyst_.token, R"({"status":"open"})").status, 200);
    r = Call(Method::kPatch, path, analyst_.token, R"({"status":7,"note":["x"],"zz":1,"sla_due_at":"soon"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(Fields(r), ::testing::UnorderedElementsAre("status", "note", "zz"));
    r = Call(Method::kPatch, path, analyst_.token, R"({"sla_due_at":"soon"})");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("sla_due_at"));
    r = Call(Method::kPatch, path, analyst_.token, "not json");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("body"));
    r = Call(Method::kPost, "/api/v1/findings/bulk", analyst_.token, R"({"ids":"x","status":"open"})");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("ids"));
    r = Call(Method::kPost, "/api/v1/findings/bulk", analyst_.token, R"({"status":"open"})");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("ids"));
    r = Call(Method::kGet, "/api/v1/findings?severity=urgent&sort=name&limit=500&first_seen_from=x&sla_breached=maybe",
             viewer_.token);
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(Fields(r), ::testing::UnorderedElementsAre("severity", "sort", "limit", "first_seen_from",
                                                           "sla_breached"));
    r = Call(Method::kGet, "/api/v1/findings?cursor=garbage", viewer_.token);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("cursor"));
    r = Call(Method::kGet, "/api/v1/findings/export?format=pdf", viewer_.token);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("format"));
    r = Call(Method::kPut, "/api/v1/orgs/current/sla", admin_.token, R"({"critical_days":0,"low_days":"x"})");
    EXPECT_THAT(Fields(r), ::testing::UnorderedElementsAre("critical_days", "low_days"));
    r = Call(Method::kPost, "/api/v1/assets", operator_.token, "{}");
    EXPECT_THAT(Fields(r), ::testing::UnorderedElementsAre("type", "name"));
    r = Call(Method::kPost, "/api/v1/assets", operator_.token, R"({"type":"host","name":"x","tags":[1]})");
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("tags"));
    r = Call(Method::kGet, "/api/v1/assets?type=server", viewer_.token);
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("type"));
    r = Call(Method::kPost, path + "/comments", analyst_.token,
             json::serialize(json::object{{"text", std::string(kMaxCommentChars + 1, 'x')}}));
    EXPECT_THAT(Fields(r), ::testing::ElementsAre("text"));
    EXPECT_EQ(Body(Call(Method::kGet, path, viewer_.token)).at("status"), "open");
}

TEST_P(FindingsApi, CsvExportEscapesFormulaCells) {
    auto evil = MakeFinding("web.injection", "-1+1", scan::Severity::kCritical);
    evil.title = "=HYPERLINK(\"http://evil.test\",\"click\")";
    evil.evidence = "@SUM(1+1)";
    evil.recommendation = "+cmd|' /C calc'!A0";
    Seed(admin_.org_id, "scan-2", "https://shop.test/", {evil});
    auto r = Call(Method::kGet, "/api/v1/findings/export?format=csv&check=web.injection", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(*r.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(*r.Header("x-export-truncated"), "false");
    const std::string& csv = r.body;
    EXPECT_NE(csv.find(R"x("'=HYPERLINK(""http://evil.test"",""click"")")x"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",'-1+1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",'@SUM(1+1),"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",'+cmd|' /C calc'!A0\r\n"), std::string::npos) << csv;
    EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2) << "header and one row";

    r = Call(Method::kGet, "/api/v1/findings/export?format=json&severity=high,medium", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("count"), 2);
    EXPECT_EQ(Body(r).at("truncated"), false);
    r = Call(Method::kGet, "/api/v1/findings/export?format=sarif", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("version"), "2.1.0");
    EXPECT_EQ(Body(r).at("runs").as_array()[0].as_object().at("results").as_array().size(), 3u);
}

TEST_P(FindingsApi, AssetsOverHttp) {
    auto r = Call(Method::kPost, "/api/v1/assets", operator_.token,
                  R"({"type":"web","name":"https://shop.test/","criticality":"critical","owner":"web team",)"
                  R"("environment":"production","tags":["pci","edge"]})");
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string id = std::string(Body(r).at("id").as_string());
    EXPECT_EQ(Body(r).at("tags").as_array().size(), 2u);
    r = Call(Method::kPost, "/api/v1/assets", operator_.token, R"({"type":"web","name":"https://shop.test/"})");
    EXPECT_EQ(r.status, 409);
    r = Call(Method::kGet, "/api/v1/assets?tag=pci&criticality=critical", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("items").as_array().size(), 1u);
    r = Call(Method::kGet, "/api/v1/assets?type=host", viewer_.token);
    EXPECT_EQ(Body(r).at("items").as_array().size(), 1u) << "10.0.0.5 from the scan: " << r.body;
    const auto host = Body(r).at("items").as_array()[0].as_object();
    EXPECT_EQ(host.at("open_findings").as_object().at("total"), 2);
    EXPECT_EQ(host.at("risk_score"), 28);
    r = Call(Method::kGet, "/api/v1/assets/" + std::string(host.at("id").as_string()), viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("scan_ids").as_array()[0], "scan-1");
    r = Call(Method::kPatch, "/api/v1/assets/" + id, operator_.token, R"({"criticality":"low"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r).at("criticality"), "low");
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/assets/" + id, viewer_.token).status, 403);
    EXPECT_EQ(Call(Method::kDelete, "/api/v1/assets/" + id, operator_.token).status, 204);
    EXPECT_EQ(Call(Method::kGet, "/api/v1/assets/" + id, viewer_.token).status, 404);
}

TEST_P(FindingsApi, RiskiestAssetsRankByRiskScoreWithinTheOrganisation) {
    Seed(admin_.org_id, "scan-2", "10.0.0.9", {MakeFinding("tls.cert.expired", "10.0.0.9:443", scan::Severity::kCritical)});
    Seed(admin_.org_id, "scan-3", "10.0.0.7", {MakeFinding("headers.hsts.missing", "https://10.0.0.7/", scan::Severity::kInfo)});
    auto r = Call(Method::kGet, "/api/v1/assets/riskiest", viewer_.token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = Body(r).at("items").as_array();
    ASSERT_EQ(items.size(), 2u) << "an asset with only info findings scores 0 and is left out: " << r.body;
    EXPECT_EQ(items[0].at("name"), "10.0.0.9");
    EXPECT_EQ(items[0].at("risk_score"), 40);
    EXPECT_EQ(items[1].at("name"), "10.0.0.5");
    EXPECT_EQ(items[1].at("risk_score"), 28);
    r = Call(Method::kGet, "/api/v1/assets/riskiest?limit=1", viewer_.token);
    ASSERT_EQ(Body(r).at("items").as_array().size(), 1u);
    // Fixing the critical finding drops the asset from the ranking.
    const std::string critical = FindingId(analyst_, "tls.cert.expired");
    ASSERT_EQ(Call(Method::kPatch, "/api/v1/findings/" + critical, analyst_.token, R"({"status":"fixed"})").status, 200);
    items = Body(Call(Method::kGet, "/api/v1/assets/riskiest", viewer_.token)).at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("name"), "10.0.0.5");
    const TestUser stranger = User("admin@other.test", "admin", "Other");
    EXPECT_TRUE(Body(Call(Method::kGet, "/api/v1/assets/riskiest", stranger.token)).at("items").as_array().empty());
    for (const char* bad : {"0", "51", "x", "1.5"}) {
        r = Call(Method::kGet, std::string("/api/v1/assets/riskiest?limit=") + bad, viewer_.token);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_THAT(Fields(r), ::testing::ElementsAre("limit")) << bad;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, FindingsApi, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
