// SPDX-License-Identifier: Apache-2.0
#include "imports/imports_fixture.hpp"

#include "auth/permissions.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/identity_repository.hpp"
#include "store/imports/import_repository.hpp"

namespace palisade::imports::testing {

TimePoint ImportsTest::StartTime() { return *ParseTime("2026-03-01T00:00:00Z"); }

void ImportsTest::SetUp() {
    ASSERT_TRUE(InitCrypto());
    auto opened = store::Store::Open(
        {palisade::testing::FreshDatabaseUrl(GetParam(), dir_.path()), 4, std::chrono::milliseconds(5000)});
    ASSERT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
    store_ = std::move(*opened);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    queue_ = std::make_unique<jobs::JobQueue>(*store_, clock_);
    findings_ = std::make_unique<findings::FindingService>(*store_, clock_);
    assets_ = std::make_unique<findings::AssetService>(*store_, clock_);
    ImportServiceDeps deps{*store_, clock_, *queue_};
    deps.max_upload_bytes = 8 * 1024 * 1024;
    deps.chunk_bytes = kChunkBytes;
    imports_ = std::make_unique<ImportService>(deps);
    org_ = MakeOrg("Acme");
    alice_ = MakeMember(org_, "alice@acme.test");
}

std::string ImportsTest::MakeOrg(const std::string& name) {
    const std::string now = FormatTime(clock_.Now());
    store::OrgRecord o{NewUuidV7(clock_.Now()), name, now, now};
    auto r = store_->Write([&](store::Tx& tx) -> Status {
        store::orgs::Insert(tx, o);
        return Ok();
    });
    EXPECT_TRUE(r.has_value());
    return o.id;
}

identity::RequestContext ImportsTest::MakeMember(const std::string& org_id, const std::string& email,
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

CreateOutcome ImportsTest::Upload(const std::string& kind, const std::string& bytes,
                                  const identity::RequestContext& ctx, const std::string& filename) {
    clock_.Advance(std::chrono::milliseconds(5));  // ids in creation order, as with a real clock
    auto created = imports_->Create(kind, bytes, filename, ctx);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    return created.value_or(CreateOutcome{});
}

ImportJobDeps ImportsTest::JobDeps(std::size_t batch_size) {
    ImportJobDeps deps{*store_, clock_, [this](const findings::ScanIngest& in) { return findings_->IngestScan(in); }};
    deps.batch_size = batch_size;
    deps.feed_bytes = 1000;  // odd slices: boundaries fall inside tags and strings
    return deps;
}

jobs::JobOutcome ImportsTest::RunJob(const store::ImportRecord& record, const ImportJobDeps* deps,
                                     const std::function<void(jobs::JobContext&)>& before) {
    auto claimed = queue_->Claim("test-worker", {kImportJobKind}, std::chrono::seconds(60), {});
    EXPECT_TRUE(claimed.has_value() && claimed->has_value()) << "no import job to claim";
    jobs::Job job;
    if (claimed && *claimed) {
        job = **claimed;
        EXPECT_EQ(job.id, record.job_id.value_or("")) << "claimed another import's job";
    } else {
        auto any = queue_->GetAny(record.job_id.value_or(""));
        if (any) job = *any;
    }
    const ImportJobDeps own = JobDeps();
    jobs::JobContext ctx(job);
    if (before) before(ctx);
    jobs::JobOutcome outcome = MakeImportJobHandler(deps != nullptr ? *deps : own)(ctx);
    if (claimed && *claimed) {  // end the claim as the worker pool would, so the job can be claimed again
        using Kind = jobs::JobOutcome::Kind;
        Status ended = outcome.kind == Kind::kDone     ? queue_->Complete(job.id, "test-worker", outcome.result_json)
                       : outcome.kind == Kind::kFailed ? queue_->Fail(job.id, "test-worker", outcome.error, false)
                       : outcome.kind == Kind::kRetry  ? queue_->Fail(job.id, "test-worker", outcome.error, true)
                                                       : queue_->Release(job.id, "test-worker");
        EXPECT_TRUE(ended.has_value()) << (ended ? "" : ended.error().message);
        if (outcome.kind == Kind::kRetry) clock_.Advance(std::chrono::minutes(6));  // past the retry backoff
    }
    return outcome;
}

store::ImportRecord ImportsTest::Reload(const std::string& id, const identity::RequestContext& ctx) {
    auto r = imports_->Get(id, ctx);
    EXPECT_TRUE(r.has_value()) << id;
    return r.value_or(store::ImportRecord{});
}

std::vector<store::FindingRecord> ImportsTest::AllFindings(const identity::RequestContext& ctx) {
    std::vector<store::FindingRecord> out;
    findings::FindingQuery q;
    q.limit = 200;
    for (;;) {
        auto page = findings_->List(q, ctx);
        EXPECT_TRUE(page.has_value());
        if (!page) break;
        out.insert(out.end(), page->items.begin(), page->items.end());
        if (page->next_cursor.empty()) break;
        q.cursor = page->next_cursor;
    }
    return out;
}

std::vector<findings::AssetSummary> ImportsTest::AllAssets(const identity::RequestContext& ctx) {
    std::vector<findings::AssetSummary> out;
    findings::AssetQuery q;
    q.limit = 200;
    for (;;) {
        auto page = assets_->List(q, ctx);
        EXPECT_TRUE(page.has_value());
        if (!page) break;
        out.insert(out.end(), page->items.begin(), page->items.end());
        if (page->next_cursor.empty()) break;
        q.cursor = page->next_cursor;
    }
    return out;
}

int ImportsTest::StoredChunks(const std::string& import_id) {
    auto n = store_->Read([&](store::Tx& tx) -> Result<int> { return store::imports::CountChunks(tx, import_id); });
    EXPECT_TRUE(n.has_value());
    return n.value_or(-1);
}

}  // namespace palisade::imports::testing
