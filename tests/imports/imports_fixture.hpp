// SPDX-License-Identifier: Apache-2.0
// ImportsTest: ImportService, the import job handler, FindingService and AssetService over a fresh, migrated
// database of the test's back-end (DatabaseBackends(): SQLite always, PostgreSQL when PALISADE_TEST_PG_URL is set),
// with a real JobQueue and a ManualClock at 2026-03-01T00:00:00Z.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "imports/import_job.hpp"
#include "imports/import_service.hpp"
#include "jobs/job_queue.hpp"
#include "store/store.hpp"
#include "support/test_env.hpp"

namespace palisade::imports::testing {

using IngestFn = std::function<Result<findings::IngestSummary>(const findings::ScanIngest&)>;

class ImportsTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override;

    // A new organisation; returns its id.
    std::string MakeOrg(const std::string& name);
    // A member of `org_id` with `role`; returns a request context for them.
    identity::RequestContext MakeMember(const std::string& org_id, const std::string& email,
                                        const std::string& role = "analyst");

    // Create() that must succeed.
    CreateOutcome Upload(const std::string& kind, const std::string& bytes, const identity::RequestContext& ctx,
                         const std::string& filename = "upload");
    // The job deps the platform would use (ingest = FindingService::IngestScan), with `batch_size`.
    ImportJobDeps JobDeps(std::size_t batch_size = 500);
    // Claims the import's job from the queue and runs the handler once with `deps` (JobDeps() when null).
    jobs::JobOutcome RunJob(const store::ImportRecord& record, const ImportJobDeps* deps = nullptr,
                            const std::function<void(jobs::JobContext&)>& before = {});
    // The import as the organisation of `ctx` sees it (fails the test when missing).
    store::ImportRecord Reload(const std::string& id, const identity::RequestContext& ctx);
    // Every finding / asset of the organisation of `ctx`.
    std::vector<store::FindingRecord> AllFindings(const identity::RequestContext& ctx);
    std::vector<findings::AssetSummary> AllAssets(const identity::RequestContext& ctx);
    int StoredChunks(const std::string& import_id);

    palisade::testing::TempDir dir_;
    ManualClock clock_{StartTime()};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<jobs::JobQueue> queue_;
    std::unique_ptr<findings::FindingService> findings_;
    std::unique_ptr<findings::AssetService> assets_;
    std::unique_ptr<ImportService> imports_;
    std::string org_;
    identity::RequestContext alice_;  // analyst of org_

    static TimePoint StartTime();
    static constexpr std::size_t kChunkBytes = 4096;  // small stored chunks: several per test file
};

}  // namespace palisade::imports::testing
