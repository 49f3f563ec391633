// SPDX-License-Identifier: Apache-2.0
// ImportService on SQLite and PostgreSQL: the upload is stored and queued once per content, bad input is refused,
// another organisation sees nothing, lists page, reconciliation queues lost jobs and ends orphaned imports.
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "imports/import_samples.hpp"
#include "imports/imports_fixture.hpp"
#include "store/imports/import_repository.hpp"

namespace palisade::imports::testing {
namespace {

TEST_P(ImportsTest, CreateStoresTheUploadAndQueuesAJob) {
    const std::string doc = NmapHosts(40);
    const CreateOutcome c = Upload("nmap", doc, alice_, "scan.xml");
    EXPECT_FALSE(c.duplicate);
    const store::ImportRecord& r = c.record;
    EXPECT_EQ(r.kind, "nmap");
    EXPECT_EQ(r.filename, "scan.xml");
    EXPECT_EQ(r.state, "queued");
    EXPECT_EQ(r.progress, 0);
    EXPECT_EQ(r.sha256, Sha256Hex(doc));
    EXPECT_EQ(r.size_bytes, static_cast<std::int64_t>(doc.size()));
    EXPECT_EQ(r.created_by, alice_.principal->user_id);
    ASSERT_TRUE(r.job_id.has_value());
    EXPECT_EQ(StoredChunks(r.id), static_cast<int>((doc.size() + kChunkBytes - 1) / kChunkBytes));
    auto job = queue_->Get(org_, *r.job_id);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->kind, "import");
    EXPECT_EQ(job->dedup_key, "import:" + r.id);
    EXPECT_EQ(boost::json::parse(job->payload_json).at("import_id").as_string(), r.id);
    const store::ImportRecord again = Reload(r.id, alice_);
    EXPECT_EQ(again.job_id, r.job_id);
    EXPECT_EQ(again.state, "queued");
    // The stored chunks put back together are the upload.
    auto joined = store_->Read([&](store::Tx& tx) -> Result<std::string> {
        std::string all;
        for (int seq = 0;; ++seq) {
            auto chunk = store::imports::GetChunk(tx, r.id, seq);
            if (!chunk) break;
            all += *chunk;
        }
        return all;
    });
    ASSERT_TRUE(joined.has_value());
    EXPECT_EQ(*joined, doc);
}

TEST_P(ImportsTest, SameBytesTwiceIsOneImport) {
    const std::string doc = SarifSample();
    const CreateOutcome first = Upload("sarif", doc, alice_, "a.sarif");
    const identity::RequestContext bob = MakeMember(org_, "bob@acme.test", "operator");
    const CreateOutcome second = Upload("sarif", doc, bob, "b.sarif");
    EXPECT_TRUE(second.duplicate);
    EXPECT_EQ(second.record.id, first.record.id);
    EXPECT_EQ(second.record.job_id, first.record.job_id);
    EXPECT_EQ(second.record.filename, "a.sarif");
    auto page = imports_->List("", 50, alice_);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->items.size(), 1u);
    EXPECT_EQ(queue_->CountByState(jobs::JobState::kQueued).value_or(-1), 1);
    // Another organisation uploading the same bytes gets its own import.
    const std::string other_org = MakeOrg("Other");
    const CreateOutcome other = Upload("sarif", doc, MakeMember(other_org, "eve@other.test"));
    EXPECT_FALSE(other.duplicate);
    EXPECT_NE(other.record.id, first.record.id);
    // After it is done, the same bytes are still the same import.
    ASSERT_EQ(RunJob(first.record).kind, jobs::JobOutcome::Kind::kDone);
    const CreateOutcome third = Upload("sarif", doc, alice_);
    EXPECT_TRUE(third.duplicate);
    EXPECT_EQ(third.record.id, first.record.id);
    EXPECT_EQ(third.record.state, "done");
}

TEST_P(ImportsTest, RefusesBadInput) {
    auto field_of = [&](std::string_view kind, std::string_view bytes, const std::string& filename = "") {
        auto r = imports_->Create(kind, bytes, filename, alice_);
        EXPECT_FALSE(r.has_value());
        if (r) return std::string("(accepted)");
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        return r.error().field;
    };
    EXPECT_EQ(field_of("csv", "<nmaprun/>"), "kind");
    EXPECT_EQ(field_of("", "<nmaprun/>"), "kind");
    EXPECT_EQ(field_of("nmap", ""), "body");
    EXPECT_EQ(field_of("nmap", "{\"version\": \"2.1.0\"}"), "body");
    EXPECT_EQ(field_of("sarif", "<nmaprun/>"), "body");
    EXPECT_EQ(field_of("sarif", "   \n"), "body");
    EXPECT_EQ(field_of("nmap", "<nmaprun/>", "a\nb.xml"), "filename");
    EXPECT_EQ(field_of("nmap", "<nmaprun/>", std::string(300, 'a')), "filename");
    EXPECT_EQ(field_of("nmap", "<nmaprun/>", "bad\xFF.xml"), "filename");
    EXPECT_EQ(field_of("nmap", "<" + std::string(9 * 1024 * 1024, 'a')), "body");  // over max_upload_bytes
    // A BOM and white space before the first character are fine.
    EXPECT_TRUE(imports_->Create("nmap", "\xEF\xBB\xBF \n<nmaprun/>", "", alice_).has_value());
    // Without a principal: unauthenticated.
    auto anonymous = imports_->Create("nmap", "<nmaprun/>", "", identity::RequestContext{});
    ASSERT_FALSE(anonymous.has_value());
    EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ImportsTest, AnotherOrganisationSeesNothing) {
    const CreateOutcome c = Upload("nmap", NmapSample(), alice_);
    const identity::RequestContext eve = MakeMember(MakeOrg("Other"), "eve@other.test", "admin");
    auto got = imports_->Get(c.record.id, eve);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    auto listed = imports_->List("", 50, eve);
    ASSERT_TRUE(listed.has_value());
    EXPECT_TRUE(listed->items.empty());
    auto deleted = imports_->Delete(c.record.id, eve);
    ASSERT_FALSE(deleted.has_value());
    EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Reload(c.record.id, alice_).state, "queued");
}

TEST_P(ImportsTest, ListsNewestFirstInPages) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(Upload("nmap", NmapHosts(i + 1), alice_).record.id);
    auto first = imports_->List("", 2, alice_);
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->items.size(), 2u);
    EXPECT_EQ(first->items[0].id, ids[2]);
    EXPECT_EQ(first->items[1].id, ids[1]);
    ASSERT_FALSE(first->next_cursor.empty());
    auto second = imports_->List(first->next_cursor, 2, alice_);
    ASSERT_TRUE(second.has_value());
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].id, ids[0]);
    EXPECT_TRUE(second->next_cursor.empty());
    auto bad = imports_->List("not-a-cursor", 2, alice_);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "cursor");
}

TEST_P(ImportsTest, DeletesOnlyEndedImports) {
    const CreateOutcome c = Upload("nmap", NmapSample(), alice_);
    auto early = imports_->Delete(c.record.id, alice_);
    ASSERT_FALSE(early.has_value());
    EXPECT_EQ(early.error().code, ErrorCode::kConflict);
    ASSERT_EQ(RunJob(c.record).kind, jobs::JobOutcome::Kind::kDone);
    ASSERT_TRUE(imports_->Delete(c.record.id, alice_).has_value());
    EXPECT_EQ(imports_->Get(c.record.id, alice_).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(AllAssets(alice_).size(), 2u);  // what it imported stays
}

TEST_P(ImportsTest, ReconcileQueuesAnImportWhoseJobWasNeverQueued) {
    // A crash between storing the upload and queueing its job: the row and chunks exist, no job.
    store::ImportRecord r;
    r.id = NewUuidV7(clock_.Now());
    r.org_id = org_;
    r.kind = "nmap";
    r.sha256 = Sha256Hex(NmapSample());
    r.size_bytes = static_cast<std::int64_t>(NmapSample().size());
    r.created_at = r.updated_at = FormatTime(clock_.Now());
    ASSERT_TRUE(store_->Write([&](store::Tx& tx) -> Status {
        store::imports::Insert(tx, r);
        store::imports::PutChunk(tx, r.id, 0, NmapSample());
        return Ok();
    }));
    EXPECT_EQ(imports_->Reconcile().value_or(-1), 0);  // too recent: Create may still be queueing it
    clock_.Advance(std::chrono::minutes(2));
    EXPECT_EQ(imports_->Reconcile().value_or(-1), 1);
    const store::ImportRecord queued = Reload(r.id, alice_);
    ASSERT_TRUE(queued.job_id.has_value());
    EXPECT_EQ(imports_->Reconcile().value_or(-1), 0);  // queued once
    ASSERT_EQ(RunJob(queued).kind, jobs::JobOutcome::Kind::kDone);
    const store::ImportRecord done = Reload(r.id, alice_);
    EXPECT_EQ(done.state, "done");
    EXPECT_EQ(done.counts.hosts, 2);
}

TEST_P(ImportsTest, ReconcileFailsAnImportWhoseJobFailed) {
    const CreateOutcome c = Upload("nmap", NmapSample(), alice_);
    auto claimed = queue_->Claim("w", {kImportJobKind}, std::chrono::seconds(30), {});
    ASSERT_TRUE(claimed.has_value() && claimed->has_value());
    ASSERT_TRUE(queue_->Fail((*claimed)->id, "w", "worker exploded", false));
    EXPECT_EQ(imports_->Reconcile().value_or(-1), 1);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "failed");
    EXPECT_EQ(r.error, "worker exploded");
    EXPECT_EQ(StoredChunks(c.record.id), 0);
    // A failed import does not block uploading the same bytes again.
    const CreateOutcome again = Upload("nmap", NmapSample(), alice_);
    EXPECT_FALSE(again.duplicate);
    EXPECT_NE(again.record.id, c.record.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportsTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()));

}  // namespace
}  // namespace palisade::imports::testing
