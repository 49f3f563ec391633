// SPDX-License-Identifier: Apache-2.0
// Assets: what scans create (hosts of ranges, names, URLs, services, certificates), links from findings, and the
// AssetService (create, edit, list filters and cursor, delete, risk score).
#include <gmock/gmock.h>

#include "findings/asset_plan.hpp"
#include "findings/findings_fixture.hpp"

namespace palisade::findings::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST(HostOfLocation, TakesTheHostOutOfEveryLocationForm) {
    EXPECT_EQ(HostOfLocation("10.0.0.5:443"), "10.0.0.5");
    EXPECT_EQ(HostOfLocation("10.0.0.5"), "10.0.0.5");
    EXPECT_EQ(HostOfLocation("[2001:db8::1]:443"), "2001:db8::1");
    EXPECT_EQ(HostOfLocation("2001:db8::1"), "2001:db8::1");
    EXPECT_EQ(HostOfLocation("https://user@A.Test:8443/x?y"), "a.test");
    EXPECT_EQ(HostOfLocation("http://[::1]:8080/"), "::1");
}

TEST(RiskScore, WeighsSeveritiesAndCriticality) {
    EXPECT_EQ(RiskScore({0, 0, 0, 0, 0}, "critical"), 0);
    EXPECT_EQ(RiskScore({5, 0, 0, 0, 0}, "high"), 0) << "info findings carry no risk";
    EXPECT_EQ(RiskScore({0, 1, 1, 0, 0}, "medium"), 10);
    EXPECT_EQ(RiskScore({0, 0, 0, 0, 1}, "low"), 20);
    EXPECT_EQ(RiskScore({0, 0, 0, 1, 1}, "critical"), 100);
    EXPECT_EQ(RiskScore({0, 0, 0, 0, 9}, "medium"), 100) << "capped";
}

scan::ScanReport NetworkReport() {
    scan::ScanReport report;
    auto range = MakeTarget("10.0.0.0/30", {"ports", "tls"});
    range.hosts.push_back({"10.0.0.1", "", true});
    range.hosts.push_back({"10.0.0.2", "", true});
    range.modules[1].details_json =
        R"({"endpoints":[{"location":"10.0.0.1:443","certificate":{"subject":"CN=one","issuer":"CN=ca",)"
        R"("not_after":"2027-01-01T00:00:00Z"}}]})";
    report.targets.push_back(range);
    auto name = MakeTarget("a.test", {"ports"});
    name.hosts.push_back({"192.0.2.1", "a.test", true});
    report.targets.push_back(name);
    report.targets.push_back(MakeTarget("https://a.test/", {"headers"}));
    report.targets.back().hosts.push_back({"192.0.2.1", "a.test", true});
    scan::Service ssh;
    ssh.host = "10.0.0.1";
    ssh.port = 22;
    ssh.service = "ssh";
    ssh.product = "OpenSSH";
    ssh.version = "9.2";
    scan::Service https = ssh;
    https.port = 443;
    https.service = "https";
    https.product = "nginx";
    https.version = "1.22.1";
    https.tls = true;
    report.services = {ssh, https};
    return report;
}

TEST(PlanAssets, OneAssetPerLiteralNameOrUrlAndPerHostOfARange) {
    const AssetPlan plan = PlanAssets(NetworkReport());
    ASSERT_EQ(plan.assets.size(), 4u);
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const auto& a : plan.assets) kinds.emplace_back(a.type, a.name);
    EXPECT_THAT(kinds, UnorderedElementsAre(std::pair<std::string, std::string>{"host", "10.0.0.1"},
                                            std::pair<std::string, std::string>{"host", "10.0.0.2"},
                                            std::pair<std::string, std::string>{"domain", "a.test"},
                                            std::pair<std::string, std::string>{"web", "https://a.test/"}));
    const auto one = plan.AssetFor("10.0.0.0/30", "10.0.0.1:443");
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(plan.assets[*one].name, "10.0.0.1");
    EXPECT_EQ(plan.assets[*one].services.size(), 2u);
    EXPECT_TRUE(plan.assets[*one].ports_done);
    ASSERT_EQ(plan.assets[*one].certificates.size(), 1u);
    EXPECT_EQ(plan.assets[*one].certificates[0].subject, "CN=one");
    EXPECT_EQ(plan.assets[*plan.AssetFor("a.test", "a.test:443")].addresses, std::vector<std::string>{"192.0.2.1"});
    EXPECT_FALSE(plan.AssetFor("10.0.0.0/30", "10.0.0.3:443").has_value());
}

class AssetTest : public FindingsTest {
protected:
    void SetUp() override {
        FindingsTest::SetUp();
        org_ = MakeOrg("Acme");
        ctx_ = MakeMember(org_, "ops@acme.test", "operator");
    }
    std::string org_;
    identity::RequestContext ctx_;
};

TEST_P(AssetTest, ScansCreateAssetsAndLinkTheirFindings) {
    scan::ScanReport report = NetworkReport();
    auto s = Ingest(org_, "scan-1", report,
                    {{"10.0.0.0/30", MakeFinding("tls.protocol.tls1_0", "10.0.0.1:443", scan::Severity::kHigh)},
                     {"https://a.test/", MakeFinding("headers.csp.missing", "https://a.test/")}});
    EXPECT_EQ(s.assets_created, 4);
    EXPECT_EQ(s.assets_updated, 0);
    const auto tls = ByCheck(ctx_, "tls.protocol.tls1_0");
    ASSERT_TRUE(tls.asset_id.has_value());
    auto host = assets_->Get(*tls.asset_id, ctx_);
    ASSERT_TRUE(host.has_value());
    EXPECT_EQ(host->summary.asset.name, "10.0.0.1");
    EXPECT_EQ(host->summary.asset.source, "scan");
    EXPECT_EQ(host->summary.open_findings[3], 1);
    EXPECT_EQ(host->summary.risk_score, 20);
    ASSERT_EQ(host->services.size(), 2u);
    EXPECT_EQ(host->services[0].port, 22);
    EXPECT_EQ(host->services[1].product, "nginx");
    EXPECT_THAT(host->scan_ids, ElementsAre("scan-1"));
    EXPECT_NE(host->summary.asset.certificates.find("CN=one"), std::string::npos);
    EXPECT_NE(host->summary.asset.technologies.find("OpenSSH"), std::string::npos);
    const auto web = ByCheck(ctx_, "headers.csp.missing");
    ASSERT_TRUE(web.asset_id.has_value());
    EXPECT_EQ(assets_->Get(*web.asset_id, ctx_)->summary.asset.type, "web");

    // A later complete scan whose ports module is done no longer lists port 22: it is closed.
    report.services.erase(report.services.begin());
    clock_.Advance(std::chrono::hours(1));
    s = Ingest(org_, "scan-2", report, {});
    EXPECT_EQ(s.assets_created, 0);
    EXPECT_EQ(s.assets_updated, 4);
    host = assets_->Get(*tls.asset_id, ctx_);
    ASSERT_EQ(host->services.size(), 1u);
    EXPECT_EQ(host->services[0].port, 443);
    EXPECT_THAT(host->scan_ids, ElementsAre("scan-2", "scan-1"));
}

TEST_P(AssetTest, CreateEditListAndDeleteByHand) {
    auto created = assets_->Create({"host", "db-1", "critical", "dba team", "production", {{"db", "pci"}}}, ctx_);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(created->summary.asset.source, "manual");
    EXPECT_THAT(created->summary.asset.tags, ElementsAre("db", "pci"));
    auto dup = assets_->Create({"web", "db-1"}, ctx_);
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(dup.error().field, "name");
    auto bad = assets_->Create({"server", "x"}, ctx_);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "type");
    bad = assets_->Create({"host", "x", "extreme"}, ctx_);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "criticality");
    ASSERT_TRUE(assets_->Create({"web", "https://shop.test/", "high", "web team", "", {{"pci"}}}, ctx_));
    ASSERT_TRUE(assets_->Create({"domain", "acme.test"}, ctx_));

    AssetQuery q;
    q.tag = "pci";
    auto page = assets_->List(q, ctx_);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].asset.name, "db-1");
    q = AssetQuery{};
    q.text = "WEB TEAM";
    page = assets_->List(q, ctx_);
    ASSERT_EQ(page->items.size(), 1u);
    q = AssetQuery{};
    q.limit = 2;
    page = assets_->List(q, ctx_);
    ASSERT_EQ(page->items.size(), 2u);
    ASSERT_FALSE(page->next_cursor.empty());
    q.cursor = page->next_cursor;
    auto next = assets_->List(q, ctx_);
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_EQ(next->items[0].asset.name, "https://shop.test/");
    EXPECT_TRUE(next->next_cursor.empty());

    const std::string id = created->summary.asset.id;
    auto edited = assets_->Update(id, {.criticality = "low", .tags = std::vector<std::string>{}}, ctx_);
    ASSERT_TRUE(edited.has_value());
    EXPECT_EQ(edited->summary.asset.criticality, "low");
    EXPECT_TRUE(edited->summary.asset.tags.empty());
    EXPECT_EQ(edited->summary.asset.owner, "dba team");
    EXPECT_EQ(assets_->Update(id, {.name = "acme.test"}, ctx_).error().code, ErrorCode::kAlreadyExists);
    ASSERT_TRUE(assets_->Delete(id, ctx_));
    EXPECT_EQ(assets_->Get(id, ctx_).error().code, ErrorCode::kNotFound);
}

TEST_P(AssetTest, AnotherOrganisationsAssetIsNotFound) {
    auto created = assets_->Create({"host", "db-1"}, ctx_);
    ASSERT_TRUE(created.has_value());
    const auto other = MakeMember(MakeOrg("Other"), "ops@other.test", "admin");
    const std::string id = created->summary.asset.id;
    EXPECT_EQ(assets_->Get(id, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(assets_->Update(id, {.owner = "me"}, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(assets_->Delete(id, other).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(assets_->List({}, other)->items.empty());
    EXPECT_TRUE(assets_->Get(id, ctx_).has_value());
}

TEST_P(AssetTest, DeletingAnAssetKeepsItsFindingsUnlinked) {
    Ingest(org_, "scan-1", NetworkReport(),
           {{"10.0.0.0/30", MakeFinding("tls.protocol.tls1_0", "10.0.0.1:443", scan::Severity::kHigh)}});
    const auto f = ByCheck(ctx_, "tls.protocol.tls1_0");
    ASSERT_TRUE(f.asset_id.has_value());
    ASSERT_TRUE(assets_->Delete(*f.asset_id, ctx_));
    EXPECT_FALSE(Finding(ctx_, f.id).asset_id.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, AssetTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
