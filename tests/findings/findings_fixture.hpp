// SPDX-License-Identifier: Apache-2.0
// FindingsTest: FindingService and AssetService over a fresh, migrated database of the test's back-end
// (DatabaseBackends(): SQLite always, PostgreSQL when PALISADE_TEST_PG_URL is set), with a ManualClock, plus
// builders for scan reports and findings.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "scan/engine/report.hpp"
#include "store/store.hpp"
#include "support/test_env.hpp"

namespace palisade::findings::testing {

// 2026-03-01T00:00:00Z
TimePoint StartTime();

// A finding of `check` at `location` with a fingerprint derived from both (and `detail`).
scan::Finding MakeFinding(const std::string& check, const std::string& location,
                          scan::Severity severity = scan::Severity::kMedium, const std::string& detail = "");

// A report target whose modules all have `status` (e.g. {"tls", "headers"} done).
scan::TargetReport MakeTarget(const std::string& target, const std::vector<std::string>& modules,
                              scan::ModuleStatus status = scan::ModuleStatus::kDone);

class FindingsTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override;

    // A new organisation; returns its id.
    std::string MakeOrg(const std::string& name);
    // A member of `org_id` with `role`; returns a request context for them.
    identity::RequestContext MakeMember(const std::string& org_id, const std::string& email,
                                        const std::string& role = "analyst");

    // Ingests `findings` (each with its target) as scan `scan_id` with `report` (targets, services).
    IngestSummary Ingest(const std::string& org_id, const std::string& scan_id, scan::ScanReport report,
                         const std::vector<TargetFinding>& findings, bool complete = true);
    // Ingests findings of one target whose listed modules are done.
    IngestSummary IngestOne(const std::string& org_id, const std::string& scan_id, const std::string& target,
                            const std::vector<std::string>& modules, const std::vector<scan::Finding>& findings,
                            bool complete = true);

    store::FindingRecord Finding(const identity::RequestContext& ctx, const std::string& id);
    // The single finding of `org` with this check and location (fails the test otherwise).
    store::FindingRecord ByCheck(const identity::RequestContext& ctx, const std::string& check);
    std::vector<store::FindingHistoryRecord> HistoryOf(const identity::RequestContext& ctx, const std::string& id);

    palisade::testing::TempDir dir_;
    ManualClock clock_{StartTime()};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<FindingService> findings_;
    std::unique_ptr<AssetService> assets_;
};

}  // namespace palisade::findings::testing
