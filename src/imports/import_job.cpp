// SPDX-License-Identifier: Apache-2.0
#include "imports/import_job.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>

#include "core/time.hpp"
#include "imports/import_mapping.hpp"
#include "log/log.hpp"
#include "store/imports/import_repository.hpp"
#include "store/store.hpp"

namespace palisade::imports {

namespace {

namespace json = boost::json;
using Steady = std::chrono::steady_clock;

// How a pass over the upload ended.
enum class End { kOk, kInvalid, kStore, kCancelled };

class ImportRun {
  public:
    ImportRun(const ImportJobDeps& deps, jobs::JobContext& ctx, store::ImportRecord rec)
        : deps_(deps), ctx_(ctx), rec_(std::move(rec)) {}

    jobs::JobOutcome Execute() {
        log::Info("import started", {{"import_id", rec_.id}, {"job_id", ctx_.job.id}, {"kind", rec_.kind}});
        if (End e = Pass(false); e != End::kOk) return Outcome(e);
        counts_ = store::ImportCounts{};
        if (End e = Pass(true); e != End::kOk) return Outcome(e);
        if (!Flush()) return Outcome(End::kStore);
        progress_ = 100;
        if (!EndImport("done", "")) return jobs::JobOutcome::Retry(error_.message);
        log::Info("import done", {{"import_id", rec_.id},
                                  {"hosts", std::to_string(counts_.hosts)},
                                  {"results", std::to_string(counts_.results)},
                                  {"new", std::to_string(counts_.new_findings)}});
        return jobs::JobOutcome::Done(json::serialize(json::object{{"import_id", rec_.id},
                                                                   {"hosts", counts_.hosts},
                                                                   {"services", counts_.services},
                                                                   {"results", counts_.results},
                                                                   {"new_findings", counts_.new_findings},
                                                                   {"seen_again", counts_.seen_again},
                                                                   {"assets_created", counts_.assets_created},
                                                                   {"assets_updated", counts_.assets_updated},
                                                                   {"errors", counts_.errors}}));
    }

  private:
    // One pass over the stored upload: validate only, or ingest.
    End Pass(bool ingest) {
        ingesting_ = ingest;
        if (rec_.kind == "nmap") {
            NmapXmlParser parser(deps_.nmap, ingest
                                                 ? NmapXmlParser::HostSink([this](NmapHost&& h) { return OnHost(h); })
                                                 : NmapXmlParser::HostSink());
            return Stream([&](std::string_view s) { return parser.Feed(s); }, [&] { return parser.Finish(); });
        }
        SarifReader reader(deps_.sarif, ingest
                                            ? SarifReader::ResultSink([this](SarifResult&& r) { return OnResult(r); })
                                            : SarifReader::ResultSink());
        return Stream([&](std::string_view s) { return reader.Feed(s); }, [&] { return reader.Finish(); });
    }

    template <typename FeedFn, typename FinishFn>
    End Stream(FeedFn feed, FinishFn finish) {
        const std::uint64_t size = static_cast<std::uint64_t>(rec_.size_bytes);
        std::uint64_t done = 0;
        const std::size_t slice = std::max<std::size_t>(1, deps_.feed_bytes);
        for (int seq = 0; done < size; ++seq) {
            auto chunk = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<std::string>> {
                return store::imports::GetChunk(tx, rec_.id, seq);
            });
            if (!chunk) return StoreError(chunk.error());
            if (!*chunk || (*chunk)->empty()) {
                return Invalid("the stored upload is incomplete (chunk " + std::to_string(seq) + ")");
            }
            const std::string_view bytes = **chunk;
            for (std::size_t at = 0; at < bytes.size(); at += slice) {
                if (ctx_.Cancelled()) return End::kCancelled;
                if (auto s = feed(bytes.substr(at, slice)); !s) return ParseError(s.error());
                done += std::min(slice, bytes.size() - at);
                Progress(done, size, false);
            }
        }
        if (auto s = finish(); !s) return ParseError(s.error());
        return End::kOk;
    }

    Status OnHost(const NmapHost& host) {
        const HostOutcome o = AddNmapHost(host, report_);
        counts_.hosts += o.imported ? 1 : 0;
        counts_.services += o.services;
        counts_.errors += o.errors;
        if (o.imported && report_.targets.size() >= deps_.batch_size) return FlushStatus();
        return Ok();
    }

    Status OnResult(const SarifResult& r) {
        auto tf = SarifFinding(r);
        if (!tf) {
            ++counts_.errors;
            return Ok();
        }
        ++counts_.results;
        batch_.push_back(std::move(*tf));
        if (batch_.size() >= deps_.batch_size) return FlushStatus();
        return Ok();
    }

    Status FlushStatus() {
        if (Flush()) return Ok();
        return tl::unexpected<Error>(error_);
    }

    // Ingests the pending batch as scan "import:<id>:<n>"; false (error_ set) when the ingest failed.
    bool Flush() {
        if (report_.targets.empty() && batch_.empty()) return true;
        findings::ScanIngest in;
        in.org_id = rec_.org_id;
        in.scan_id = "import:" + rec_.id + ":" + std::to_string(batch_no_);
        in.complete = false;
        report_.complete = false;
        report_.incomplete_reason = "import";
        if (!report_.targets.empty()) in.report = &report_;
        in.findings = std::move(batch_);
        auto s = deps_.ingest(in);
        batch_.clear();
        report_ = scan::ScanReport{};
        if (!s) {
            error_ = s.error();
            ingest_failed_ = true;
            return false;
        }
        ++batch_no_;
        counts_.new_findings += s->new_findings;
        counts_.seen_again += s->seen_again + s->regressions + s->suppressed;
        counts_.assets_created += s->assets_created;
        counts_.assets_updated += s->assets_updated;
        return true;
    }

    void Progress(std::uint64_t done, std::uint64_t size, bool force) {
        const double fraction = size == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(size);
        const double overall = ingesting_ ? 0.1 + 0.9 * fraction : 0.1 * fraction;
        progress_ = std::min(99, static_cast<int>(overall * 100));
        ctx_.Progress(std::min(0.99, overall));
        const auto now = Steady::now();
        if (!force && now - last_write_ < deps_.progress_interval) return;
        last_write_ = now;
        const std::string at = FormatTime(deps_.clock.Now());
        (void)deps_.store.Write([&](store::Tx& tx) -> Status {
            store::imports::SetProgress(tx, rec_.id, progress_, counts_, at);
            return Ok();
        });
    }

    End ParseError(const Error& e) {
        if (ingest_failed_) return End::kStore;  // the sink's error, not the file's
        error_ = e;
        return End::kInvalid;
    }
    End StoreError(const Error& e) {
        error_ = e;
        return End::kStore;
    }
    End Invalid(std::string message) {
        error_ = Error{ErrorCode::kInvalidArgument, std::move(message), {}, {}, 0};
        return End::kInvalid;
    }

    jobs::JobOutcome Outcome(End e) {
        if (e == End::kCancelled) {
            const jobs::CancelReason why = ctx_.Reason();
            if (why == jobs::CancelReason::kShutdown || why == jobs::CancelReason::kLeaseLost) {
                log::Info("import handed back", {{"import_id", rec_.id}, {"job_id", ctx_.job.id}});
                return jobs::JobOutcome::Cancelled();
            }
            (void)EndImport("failed", "cancelled");
            return jobs::JobOutcome::Cancelled();
        }
        const bool permanent = e == End::kInvalid || error_.code == ErrorCode::kInvalidArgument ||
                               error_.code == ErrorCode::kNotFound || ctx_.job.attempts >= ctx_.job.max_attempts;
        if (!permanent) {
            log::Warn("import attempt failed", {{"import_id", rec_.id}, {"error", error_.message}});
            return jobs::JobOutcome::Retry(error_.message);
        }
        const std::string message = error_.message;
        log::Warn("import failed", {{"import_id", rec_.id}, {"error", message}});
        if (!EndImport("failed", message)) return jobs::JobOutcome::Retry(message);
        return jobs::JobOutcome::Failed(message);
    }

    // Ends the import with its counts and deletes the stored upload, in one transaction.
    bool EndImport(const std::string& state, const std::string& error) {
        const std::string now = FormatTime(deps_.clock.Now());
        auto s = deps_.store.Write([&](store::Tx& tx) -> Status {
            if (store::imports::Finish(tx, rec_.id, state, error, progress_, counts_, now)) {
                store::imports::DeleteChunks(tx, rec_.id);
            }
            return Ok();
        });
        if (!s) error_ = s.error();
        return s.has_value();
    }

    const ImportJobDeps& deps_;
    jobs::JobContext& ctx_;
    const store::ImportRecord rec_;
    store::ImportCounts counts_;
    int progress_ = 0;
    bool ingesting_ = false;
    bool ingest_failed_ = false;
    Error error_;
    int batch_no_ = 0;
    scan::ScanReport report_;
    std::vector<findings::TargetFinding> batch_;
    Steady::time_point last_write_{};
};

jobs::JobOutcome RunImportJob(const ImportJobDeps& deps, jobs::JobContext& ctx) {
    boost::system::error_code ec;
    const json::value payload = json::parse(ctx.job.payload_json, ec);
    const json::value* id = !ec && payload.is_object() ? payload.get_object().if_contains("import_id") : nullptr;
    if (id == nullptr || !id->is_string()) return jobs::JobOutcome::Failed("payload has no import_id");
    const std::string import_id(id->get_string());
    const std::string now = FormatTime(deps.clock.Now());
    auto loaded = deps.store.Write([&](store::Tx& tx) -> Result<std::optional<store::ImportRecord>> {
        auto r = store::imports::GetAny(tx, import_id);
        if (!r || !store::imports::MarkRunning(tx, import_id, ctx.job.id, now)) return r;
        r->state = "running";
        return r;
    });
    if (!loaded) return jobs::JobOutcome::Retry(loaded.error().message);
    if (!*loaded) return jobs::JobOutcome::Failed("the import was deleted");
    if ((*loaded)->state != "running") return jobs::JobOutcome::Done();  // ended by an earlier attempt
    ImportRun run(deps, ctx, std::move(**loaded));
    return run.Execute();
}

}  // namespace

jobs::JobHandler MakeImportJobHandler(ImportJobDeps deps) {
    return [deps = std::move(deps)](jobs::JobContext& ctx) { return RunImportJob(deps, ctx); };
}

}  // namespace palisade::imports
