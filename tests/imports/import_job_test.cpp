// SPDX-License-Identifier: Apache-2.0
// The import job on SQLite and PostgreSQL: nmap hosts become assets with services, SARIF results become findings,
// a malformed file fails with its line and ingests nothing, and reruns (after a retry, a shutdown, or when done)
// never count anything twice. The large import runs through a real WorkerPool.
#include <algorithm>
#include <atomic>
#include <thread>

#include "imports/import_samples.hpp"
#include "imports/imports_fixture.hpp"
#include "jobs/worker_pool.hpp"

namespace palisade::imports::testing {
namespace {

using Kind = jobs::JobOutcome::Kind;

const store::FindingRecord* ByCheck(const std::vector<store::FindingRecord>& all, const std::string& check) {
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& f) { return f.check_id == check; });
    return it != all.end() ? &*it : nullptr;
}

TEST_P(ImportsTest, NmapImportCreatesHostAssetsWithServices) {
    const CreateOutcome c = Upload("nmap", NmapSample(), alice_);
    ASSERT_EQ(RunJob(c.record).kind, Kind::kDone);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "done");
    EXPECT_EQ(r.progress, 100);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.counts.hosts, 2);
    EXPECT_EQ(r.counts.services, 3);
    EXPECT_EQ(r.counts.errors, 0);
    EXPECT_EQ(r.counts.assets_created, 2);
    EXPECT_EQ(r.counts.results, 0);
    EXPECT_TRUE(r.started_at.has_value());
    EXPECT_TRUE(r.finished_at.has_value());
    EXPECT_EQ(StoredChunks(r.id), 0);  // the upload is gone; its sha256 stays
    EXPECT_EQ(r.sha256, c.record.sha256);

    const auto assets = AllAssets(alice_);
    ASSERT_EQ(assets.size(), 2u);
    auto gw = std::find_if(assets.begin(), assets.end(), [](const auto& a) { return a.asset.name == "192.0.2.1"; });
    ASSERT_NE(gw, assets.end());
    EXPECT_EQ(gw->asset.type, "host");
    EXPECT_EQ(gw->asset.source, "scan");
    auto detail = assets_->Get(gw->asset.id, alice_);
    ASSERT_TRUE(detail.has_value());
    ASSERT_EQ(detail->services.size(), 2u);
    EXPECT_EQ(detail->services[0].port, 22);
    EXPECT_EQ(detail->services[0].service, "ssh");
    EXPECT_EQ(detail->services[0].product, "OpenSSH");
    EXPECT_EQ(detail->services[1].port, 443);
    EXPECT_TRUE(detail->services[1].tls);
    ASSERT_EQ(detail->scan_ids.size(), 1u);
    EXPECT_EQ(detail->scan_ids[0], "import:" + r.id + ":0");
    EXPECT_TRUE(AllFindings(alice_).empty());
}

TEST_P(ImportsTest, SarifImportCreatesFindings) {
    const CreateOutcome c = Upload("sarif", SarifSample(), alice_, "codeql.sarif");
    ASSERT_EQ(RunJob(c.record).kind, Kind::kDone);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "done");
    EXPECT_EQ(r.counts.results, 3);
    EXPECT_EQ(r.counts.new_findings, 3);
    EXPECT_EQ(r.counts.seen_again, 0);
    EXPECT_EQ(r.counts.errors, 0);
    const auto all = AllFindings(alice_);
    ASSERT_EQ(all.size(), 3u);
    const store::FindingRecord* xss = ByCheck(all, "codeql.js/xss");
    ASSERT_NE(xss, nullptr);
    EXPECT_EQ(xss->module, "codeql");
    EXPECT_EQ(xss->severity, "medium");  // security-severity 6.1 wins over level error
    EXPECT_EQ(xss->location, "src/app.js:42");
    EXPECT_EQ(xss->target, "https://git.example.test/acme/shop");
    EXPECT_EQ(xss->title, "Cross-site scripting vulnerability due to [user-provided value](1).");
    EXPECT_EQ(xss->cwe, R"(["CWE-79","CWE-116"])");
    EXPECT_EQ(xss->status, "open");
    const store::FindingRecord* sqli = ByCheck(all, "codeql.js/sql-injection");
    ASSERT_NE(sqli, nullptr);
    EXPECT_EQ(sqli->severity, "high");
    const store::FindingRecord* secret = ByCheck(all, "codeql.custom/hardcoded-secret");
    ASSERT_NE(secret, nullptr);
    EXPECT_EQ(secret->severity, "high");
}

TEST_P(ImportsTest, ANewerLogSeesKnownFindingsAgain) {
    ASSERT_EQ(RunJob(Upload("sarif", SarifResults(20), alice_).record).kind, Kind::kDone);
    const CreateOutcome second = Upload("sarif", SarifResults(25), alice_);
    ASSERT_EQ(RunJob(second.record).kind, Kind::kDone);
    const store::ImportRecord r = Reload(second.record.id, alice_);
    EXPECT_EQ(r.counts.results, 25);
    EXPECT_EQ(r.counts.new_findings, 5);
    EXPECT_EQ(r.counts.seen_again, 20);
    const auto all = AllFindings(alice_);
    ASSERT_EQ(all.size(), 25u);
    for (const auto& f : all) {
        const int i = std::stoi(f.location.substr(std::string("src/file").size()));  // "src/file<i>.js:<i+1>"
        EXPECT_EQ(f.occurrences, i < 20 ? 2 : 1) << f.location;
    }
}

TEST_P(ImportsTest, MalformedFileFailsWithItsLineAndIngestsNothing) {
    const std::string doc = NmapHosts(30);
    const std::string cut = doc.substr(0, doc.size() - 200);  // truncated near the end
    const CreateOutcome c = Upload("nmap", cut, alice_);
    const jobs::JobOutcome out = RunJob(c.record, nullptr);
    ASSERT_EQ(out.kind, Kind::kFailed);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "failed");
    EXPECT_NE(r.error.find("line "), std::string::npos) << r.error;
    EXPECT_EQ(out.error, r.error);
    EXPECT_EQ(r.counts.hosts, 0);
    EXPECT_TRUE(AllAssets(alice_).empty());  // validated before anything was ingested
    EXPECT_EQ(StoredChunks(r.id), 0);
    // The same bytes again: a new import, since the first failed.
    EXPECT_FALSE(Upload("nmap", cut, alice_).duplicate);
}

TEST_P(ImportsTest, HostileOrWrongFilesFail) {
    const CreateOutcome xxe = Upload(
        "nmap", "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<nmaprun/>",
        alice_);
    ASSERT_EQ(RunJob(xxe.record).kind, Kind::kFailed);
    EXPECT_NE(Reload(xxe.record.id, alice_).error.find("line 2: a DOCTYPE"), std::string::npos);
    const CreateOutcome old = Upload("sarif", "{\"version\": \"2.0.0\", \"runs\": []}", alice_);
    ASSERT_EQ(RunJob(old.record).kind, Kind::kFailed);
    EXPECT_NE(Reload(old.record.id, alice_).error.find("only SARIF 2.1.0"), std::string::npos);
}

// An ingest that fails (kUnavailable) on its `fail_on`-th call, or cancels the job (shutdown) there.
ImportJobDeps Flaky(ImportsTest& t, ImportJobDeps deps, std::shared_ptr<std::atomic<int>> calls, int fail_on,
                    std::function<void()> instead = {}) {
    auto real = deps.ingest;
    deps.ingest = [real, calls, fail_on, instead](const findings::ScanIngest& in) -> Result<findings::IngestSummary> {
        if (++*calls == fail_on) {
            if (!instead) return Fail(ErrorCode::kUnavailable, "database unavailable");
            instead();
        }
        return real(in);
    };
    (void)t;
    return deps;
}

TEST_P(ImportsTest, RetriedJobDoesNotCountTwice) {
    const CreateOutcome c = Upload("sarif", SarifResults(45), alice_);
    auto calls = std::make_shared<std::atomic<int>>(0);
    const ImportJobDeps flaky = Flaky(*this, JobDeps(10), calls, 3);
    ASSERT_EQ(RunJob(c.record, &flaky).kind, Kind::kRetry);
    const store::ImportRecord mid = Reload(c.record.id, alice_);
    EXPECT_EQ(mid.state, "running");
    EXPECT_EQ(AllFindings(alice_).size(), 20u);  // two batches of 10 went in
    EXPECT_GT(StoredChunks(c.record.id), 0);
    const ImportJobDeps steady = JobDeps(10);
    ASSERT_EQ(RunJob(c.record, &steady).kind, Kind::kDone);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "done");
    EXPECT_EQ(r.counts.results, 45);
    EXPECT_EQ(r.counts.new_findings, 45);
    EXPECT_EQ(r.counts.seen_again, 0);
    const auto all = AllFindings(alice_);
    ASSERT_EQ(all.size(), 45u);
    for (const auto& f : all) EXPECT_EQ(f.occurrences, 1) << f.location;
    // Running the job of a done import again changes nothing.
    jobs::Job job = queue_->GetAny(*c.record.job_id).value_or(jobs::Job{});
    jobs::JobContext ctx(job);
    EXPECT_EQ(MakeImportJobHandler(steady)(ctx).kind, Kind::kDone);
    EXPECT_EQ(Reload(c.record.id, alice_).counts.new_findings, 45);
    for (const auto& f : AllFindings(alice_)) EXPECT_EQ(f.occurrences, 1) << f.location;
}

TEST_P(ImportsTest, ShutdownHandsTheJobBackAndTheRerunCountsOnce) {
    const CreateOutcome c = Upload("nmap", NmapHosts(35, 1), alice_);
    auto calls = std::make_shared<std::atomic<int>>(0);
    jobs::JobContext* running = nullptr;
    const ImportJobDeps stopping =
        Flaky(*this, JobDeps(10), calls, 2, [&running] { running->Cancel(jobs::CancelReason::kShutdown); });
    const jobs::JobOutcome first = RunJob(c.record, &stopping, [&](jobs::JobContext& ctx) { running = &ctx; });
    ASSERT_EQ(first.kind, Kind::kCancelled);
    EXPECT_EQ(Reload(c.record.id, alice_).state, "running");
    EXPECT_EQ(AllAssets(alice_).size(), 20u);
    const ImportJobDeps steady = JobDeps(10);
    ASSERT_EQ(RunJob(c.record, &steady).kind, Kind::kDone);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.counts.hosts, 35);
    EXPECT_EQ(r.counts.services, 35);
    EXPECT_EQ(r.counts.assets_created, 35);
    EXPECT_EQ(r.counts.assets_updated, 0);
    EXPECT_EQ(AllAssets(alice_).size(), 35u);
}

TEST_P(ImportsTest, CancelRequestFailsTheImport) {
    const CreateOutcome c = Upload("sarif", SarifResults(30), alice_);
    auto calls = std::make_shared<std::atomic<int>>(0);
    jobs::JobContext* running = nullptr;
    const ImportJobDeps cancelling =
        Flaky(*this, JobDeps(10), calls, 1, [&running] { running->Cancel(jobs::CancelReason::kRequested); });
    ASSERT_EQ(RunJob(c.record, &cancelling, [&](jobs::JobContext& ctx) { running = &ctx; }).kind, Kind::kCancelled);
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "failed");
    EXPECT_EQ(r.error, "cancelled");
    EXPECT_EQ(StoredChunks(r.id), 0);
}

TEST_P(ImportsTest, LastAttemptFailsTheImport) {
    const CreateOutcome c = Upload("sarif", SarifResults(5), alice_);
    ImportJobDeps broken = JobDeps();
    broken.ingest = [](const findings::ScanIngest&) -> Result<findings::IngestSummary> {
        return Fail(ErrorCode::kUnavailable, "database unavailable");
    };
    ASSERT_EQ(RunJob(c.record, &broken).kind, Kind::kRetry);
    ASSERT_EQ(RunJob(c.record, &broken).kind, Kind::kRetry);
    EXPECT_EQ(Reload(c.record.id, alice_).state, "running");
    ASSERT_EQ(RunJob(c.record, &broken).kind, Kind::kFailed);  // the third of three attempts
    const store::ImportRecord r = Reload(c.record.id, alice_);
    EXPECT_EQ(r.state, "failed");
    EXPECT_EQ(r.error, "database unavailable");
}

TEST_P(ImportsTest, LargeNmapImportThroughAWorkerPool) {
    const std::string doc = NmapHosts(2000, 2);
    ImportServiceDeps big{*store_, clock_, *queue_};
    big.max_upload_bytes = 64 * 1024 * 1024;  // 1 MiB chunks, as in production
    ImportService service(big);
    auto created = service.Create("nmap", doc, "big.xml", alice_);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    jobs::WorkerOptions options;
    options.threads = 1;
    options.poll = std::chrono::milliseconds(20);
    options.progress_interval = std::chrono::milliseconds(50);
    jobs::WorkerPool pool(*queue_, options);
    ImportJobDeps deps = JobDeps(500);
    deps.feed_bytes = 256 * 1024;
    pool.Register(kImportJobKind, MakeImportJobHandler(deps));
    pool.Start();
    store::ImportRecord r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        r = Reload(created->record.id, alice_);
    } while ((r.state == "queued" || r.state == "running") && std::chrono::steady_clock::now() < deadline);
    pool.Stop(std::chrono::seconds(10));
    ASSERT_EQ(r.state, "done") << r.error;
    EXPECT_EQ(r.progress, 100);
    EXPECT_EQ(r.counts.hosts, 2000);
    EXPECT_EQ(r.counts.services, 4000);
    EXPECT_EQ(r.counts.assets_created, 2000);
    EXPECT_EQ(r.counts.errors, 0);
    EXPECT_EQ(AllAssets(alice_).size(), 2000u);
    auto job = queue_->Get(org_, *r.job_id);
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->state, jobs::JobState::kDone);
    EXPECT_EQ(StoredChunks(r.id), 0);
}

}  // namespace
}  // namespace palisade::imports::testing
