// SPDX-License-Identifier: Apache-2.0
#include "findings/findings_fixture.hpp"

#include "auth/permissions.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/identity_repository.hpp"

namespace palisade::findings::testing {

TimePoint StartTime() { return *ParseTime("2026-03-01T00:00:00Z"); }

scan::Finding MakeFinding(const std::string& check, const std::string& location, scan::Severity severity,
                          const std::string& detail) {
    scan::Finding f;
    f.check = check;
    f.title = "Title of " + check;
    f.severity = severity;
    f.location = location;
    f.evidence = "evidence at " + location;
    f.recommendation = "fix it";
    f.cwe = {"CWE-327"};
    f.references = {"https://example.test/ref"};
    f.fingerprint = Sha256Hex(check + "|" + location + "|" + detail).substr(0, 32);
    return f;
}

scan::TargetReport MakeTarget(const std::string& target, const std::vector<std::string>& modules,
                              scan::ModuleStatus status) {
    scan::TargetReport t;
    t.target = target;
    for (const auto& m : modules) t.modules.push_back({m, status});
    return t;
}

void FindingsTest::SetUp() {
    ASSERT_TRUE(InitCrypto());
    auto opened = store::Store::Open(
        {palisade::testing::FreshDatabaseUrl(GetParam(), dir_.path()), 4, std::chrono::milliseconds(5000)});
    ASSERT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
    store_ = std::move(*opened);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    findings_ = std::make_unique<FindingService>(*store_, clock_);
    assets_ = std::make_unique<AssetService>(*store_, clock_);
}

std::string FindingsTest::MakeOrg(const std::string& name) {
    const std::string now = FormatTime(clock_.Now());
    store::OrgRecord o{NewUuidV7(clock_.Now()), name, now, now};
    auto r = store_->Write([&](store::Tx& tx) -> Status {
        store::orgs::Insert(tx, o);
        return Ok();
    });
    EXPECT_TRUE(r.has_value());
    return o.id;
}

identity::RequestContext FindingsTest::MakeMember(const std::string& org_id, const std::string& email,
                                                  const std::string& role) {
    const std::string now = FormatTime(clock_.Now());
    store::UserRecord u;
    u.id = NewUuidV7(clock_.Now());
    u.email = email;
    u.password_hash = "$argon2id$fake";
    u.email_verified = true;
    u.password_changed_at = u.created_at = u.updated_at = now;
    auto r = store_->Write([&](store::Tx& tx) -> Status {
        store::users::Insert(tx, u);
        store::memberships::Insert(tx, {org_id, u.id, role, now});
        return Ok();
    });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    identity::RequestContext ctx;
    ctx.request_id = "test";
    ctx.principal = auth::Principal{u.id, org_id, email, auth::ParseRole(role).value_or(auth::Role::kViewer)};
    return ctx;
}

IngestSummary FindingsTest::Ingest(const std::string& org_id, const std::string& scan_id, scan::ScanReport report,
                                   const std::vector<TargetFinding>& findings, bool complete) {
    report.complete = complete;
    for (const auto& tf : findings) report.findings.push_back(tf.finding);
    ScanIngest in{org_id, scan_id, complete, &report, findings};
    auto s = findings_->IngestScan(in);
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message + " " + s.error().detail);
    return s.value_or(IngestSummary{});
}

IngestSummary FindingsTest::IngestOne(const std::string& org_id, const std::string& scan_id, const std::string& target,
                                      const std::vector<std::string>& modules,
                                      const std::vector<scan::Finding>& findings, bool complete) {
    scan::ScanReport report;
    report.targets.push_back(MakeTarget(target, modules));
    std::vector<TargetFinding> tfs;
    for (const auto& f : findings) tfs.push_back({target, f});
    return Ingest(org_id, scan_id, std::move(report), tfs, complete);
}

store::FindingRecord FindingsTest::Finding(const identity::RequestContext& ctx, const std::string& id) {
    auto f = findings_->Get(id, ctx);
    EXPECT_TRUE(f.has_value()) << id;
    return f.value_or(store::FindingRecord{});
}

store::FindingRecord FindingsTest::ByCheck(const identity::RequestContext& ctx, const std::string& check) {
    FindingQuery q;
    q.check = check;
    q.limit = 200;
    auto page = findings_->List(q, ctx);
    EXPECT_TRUE(page.has_value());
    if (!page || page->items.size() != 1) {
        ADD_FAILURE() << "expected one finding of " << check << ", got " << (page ? page->items.size() : 0);
        return {};
    }
    return page->items.front();
}

std::vector<store::FindingHistoryRecord> FindingsTest::HistoryOf(const identity::RequestContext& ctx,
                                                                  const std::string& id) {
    auto page = findings_->History(id, "", 200, ctx);
    EXPECT_TRUE(page.has_value());
    return page ? page->items : std::vector<store::FindingHistoryRecord>{};
}

}  // namespace palisade::findings::testing
