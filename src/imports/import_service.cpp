// SPDX-License-Identifier: Apache-2.0
#include "imports/import_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "jobs/job_queue.hpp"
#include "log/log.hpp"
#include "store/audit_repository.hpp"
#include "store/store.hpp"

namespace palisade::imports {

namespace {

constexpr std::chrono::minutes kEnqueueGrace{1};

Result<auth::Principal> Who(const identity::RequestContext& ctx) {
    if (!ctx.principal) return Fail(ErrorCode::kUnauthenticated, "authentication required");
    return *ctx.principal;
}

bool Ended(const std::string& state) { return state == "done" || state == "failed"; }

// The first byte after an optional UTF-8 BOM and white space.
char FirstSignificant(std::string_view bytes) {
    if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
    for (char c : bytes) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
    }
    return '\0';
}

Status CheckFilename(const std::string& name) {
    if (name.size() > kMaxFilenameBytes) {
        return FailField("filename", "must be at most " + std::to_string(kMaxFilenameBytes) + " bytes");
    }
    if (!IsValidUtf8(name)) return FailField("filename", "must be valid UTF-8 text");
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F) return FailField("filename", "must not contain control characters");
    }
    return Ok();
}

// A UUID in text form (the ids of this table): 36 characters of hex digits and dashes.
bool LooksLikeId(std::string_view s) {
    if (s.size() != 36) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
    }
    return true;
}

void Audit(store::Tx& tx, const Clock& clock, const identity::RequestContext& ctx, const std::string& org_id,
           std::string action, const std::string& id, std::string summary) {
    store::AuditRecord r;
    r.id = NewUuidV7(clock.Now());
    r.at = FormatTime(clock.Now());
    r.org_id = org_id;
    if (ctx.principal) {
        r.actor_user_id = ctx.principal->user_id;
        r.actor_label = ctx.principal->email;
        if (!ctx.principal->api_key_id.empty()) r.actor_key_id = ctx.principal->api_key_id;
    } else {
        r.actor_label = "system";
    }
    r.action = std::move(action);
    r.object_type = "import";
    r.object_id = id;
    r.client_ip = ctx.client_ip;
    r.request_id = ctx.request_id;
    r.outcome = "success";
    r.summary = std::move(summary);
    store::audit::Append(tx, std::move(r));
}

}  // namespace

ImportService::ImportService(ImportServiceDeps deps) : deps_(std::move(deps)) {}

Result<CreateOutcome> ImportService::Create(std::string_view kind, std::string_view bytes, const std::string& filename,
                                            const identity::RequestContext& ctx) {
    auto who = Who(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    if (kind != "nmap" && kind != "sarif") return FailField("kind", "must be nmap or sarif");
    if (auto ok = CheckFilename(filename); !ok) return tl::unexpected<Error>(ok.error());
    if (bytes.empty()) return FailField("body", "is empty: send the file as the request body");
    if (bytes.size() > deps_.max_upload_bytes) {
        return FailField("body", "is over the import limit of " + std::to_string(deps_.max_upload_bytes) + " bytes");
    }
    const char first = FirstSignificant(bytes);
    if (kind == "nmap" && first != '<') return FailField("body", "is not nmap XML (it must start with '<')");
    if (kind == "sarif" && first != '{') return FailField("body", "is not a SARIF log (it must start with '{')");

    store::ImportRecord r;
    r.org_id = who->org_id;
    r.kind = std::string(kind);
    r.sha256 = Sha256Hex(bytes);
    auto existing = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<store::ImportRecord>> {
        return store::imports::FindLive(tx, r.org_id, r.kind, r.sha256);
    });
    if (!existing) return tl::unexpected<Error>(existing.error());
    if (*existing) return CreateOutcome{**existing, true};

    const std::string now = FormatTime(deps_.clock.Now());
    r.id = NewUuidV7(deps_.clock.Now());
    r.filename = filename;
    r.size_bytes = static_cast<std::int64_t>(bytes.size());
    r.state = "queued";
    if (!who->user_id.empty()) r.created_by = who->user_id;
    r.created_at = r.updated_at = now;
    const std::size_t chunk = std::max<std::size_t>(1, deps_.chunk_bytes);
    auto written = deps_.store.Write([&](store::Tx& tx) -> Status {
        store::imports::Insert(tx, r);
        int seq = 0;
        for (std::size_t at = 0; at < bytes.size(); at += chunk) {
            store::imports::PutChunk(tx, r.id, seq++, bytes.substr(at, chunk));
        }
        Audit(tx, deps_.clock, ctx, r.org_id, "imports.create", r.id,
              r.kind + " " + filename + " (" + std::to_string(bytes.size()) + " bytes)");
        return Ok();
    });
    if (!written) {
        // The same content uploaded at the same moment by another request: that one is the import.
        if (written.error().code == ErrorCode::kConflict) {
            auto other = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<store::ImportRecord>> {
                return store::imports::FindLive(tx, r.org_id, r.kind, r.sha256);
            });
            if (other && *other) return CreateOutcome{**other, true};
        }
        return tl::unexpected<Error>(written.error());
    }
    if (auto queued = Enqueue(r); !queued) {
        log::Warn("import job not queued; reconciliation will queue it",
                  {{"import_id", r.id}, {"error", queued.error().message}});
    }
    log::Info("import queued",
              {{"import_id", r.id}, {"org_id", r.org_id}, {"kind", r.kind}, {"bytes", std::to_string(bytes.size())}});
    return CreateOutcome{r, false};
}

Status ImportService::Enqueue(store::ImportRecord& r) {
    jobs::JobSpec spec;
    spec.kind = kImportJobKind;
    spec.org_id = r.org_id;
    spec.payload_json = boost::json::serialize(boost::json::object{{"import_id", r.id}});
    spec.max_attempts = deps_.max_attempts;
    spec.dedup_key = "import:" + r.id;
    auto job = deps_.queue.Enqueue(spec);
    if (!job) return tl::unexpected<Error>(job.error());
    r.job_id = job->id;
    const std::string now = FormatTime(deps_.clock.Now());
    auto set = deps_.store.Write([&](store::Tx& tx) -> Status {
        store::imports::SetJob(tx, r.id, job->id, now);
        return Ok();
    });
    if (deps_.job_enqueued) deps_.job_enqueued();
    return set;
}

Result<store::ImportRecord> ImportService::Get(const std::string& id, const identity::RequestContext& ctx) {
    auto who = Who(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.store.Read([&](store::Tx& tx) -> Result<store::ImportRecord> {
        auto r = store::imports::Get(tx, who->org_id, id);
        if (!r) return Fail(ErrorCode::kNotFound, "no such import");
        return *r;
    });
}

Result<identity::Page<store::ImportRecord>> ImportService::List(const std::string& cursor, int limit,
                                                                const identity::RequestContext& ctx) {
    auto who = Who(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    if (!cursor.empty() && !LooksLikeId(cursor)) return FailField("cursor", "is not a valid cursor");
    const int n = std::clamp(limit, 1, 200);
    auto rows = deps_.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ImportRecord>> {
        return store::imports::List(tx, who->org_id, cursor, n + 1);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    identity::Page<store::ImportRecord> page;
    page.items = std::move(*rows);
    if (static_cast<int>(page.items.size()) > n) {
        page.items.resize(static_cast<std::size_t>(n));
        page.next_cursor = page.items.back().id;
    }
    return page;
}

Status ImportService::Delete(const std::string& id, const identity::RequestContext& ctx) {
    auto who = Who(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        auto r = store::imports::Get(tx, who->org_id, id);
        if (!r) return Fail(ErrorCode::kNotFound, "no such import");
        if (!Ended(r->state)) return Fail(ErrorCode::kConflict, "the import has not ended yet");
        store::imports::Delete(tx, who->org_id, id);
        Audit(tx, deps_.clock, ctx, who->org_id, "imports.delete", id, r->kind + " " + r->filename);
        return Ok();
    });
}

Result<int> ImportService::Reconcile() {
    auto rows = deps_.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ImportRecord>> {
        return store::imports::ListUnended(tx, 200);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    const std::string cutoff = FormatTime(deps_.clock.Now() - kEnqueueGrace);
    int changed = 0;
    for (store::ImportRecord r : *rows) {
        if (!r.job_id) {
            if (r.state == "queued" && r.created_at < cutoff && Enqueue(r)) ++changed;
            continue;
        }
        auto job = deps_.queue.GetAny(*r.job_id);
        std::string error;
        if (!job && job.error().code == ErrorCode::kNotFound) {
            error = "the import's job was lost";
        } else if (job && (job->state == jobs::JobState::kFailed || job->state == jobs::JobState::kCancelled)) {
            error = job->error.empty() ? "the import's job ended without finishing it" : job->error;
        } else {
            continue;
        }
        const std::string now = FormatTime(deps_.clock.Now());
        auto ended = deps_.store.Write([&](store::Tx& tx) -> Result<bool> {
            const bool done = store::imports::Finish(tx, r.id, "failed", error, r.progress, r.counts, now);
            if (done) store::imports::DeleteChunks(tx, r.id);
            return done;
        });
        if (ended && *ended) {
            log::Warn("import ended by its job", {{"import_id", r.id}, {"error", error}});
            ++changed;
        }
    }
    return changed;
}

}  // namespace palisade::imports
