// SPDX-License-Identifier: Apache-2.0
// FindingService changes: triage (one finding and bulk) and the system sweeps (accepted-risk expiry, SLA breaches).
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "findings/finding_service.hpp"
#include "findings/service_support.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::findings {

namespace {

constexpr std::size_t kMaxNoteChars = 2000;
constexpr std::size_t kMaxJustificationChars = 2000;

// A change whose fields are checked and normalised once per request.
struct ValidChange {
    std::optional<FindingStatus> status;
    std::optional<std::optional<std::string>> assignee_id;
    std::optional<std::string> justification;
    std::optional<std::string> accepted_until;
    std::optional<std::optional<std::string>> sla_due_at;
    std::string note;
};

Status CheckText(const std::optional<std::string>& text, std::string_view field, std::size_t max_chars) {
    if (text && (!IsValidUtf8(*text) || Utf8Length(*text) > max_chars)) {
        return FailField(std::string(field), "must be at most " + std::to_string(max_chars) + " characters");
    }
    return Ok();
}

Result<ValidChange> Validate(const FindingChange& c, TimePoint now) {
    ValidChange v;
    if (c.status) {
        v.status = ParseStatus(*c.status);
        if (!v.status) return FailField("status", "must be one of open, triaged, fixed, accepted_risk, false_positive");
    }
    if (auto s = CheckText(c.note, "note", kMaxNoteChars); !s) return tl::unexpected<Error>(s.error());
    if (auto s = CheckText(c.justification, "justification", kMaxJustificationChars); !s) {
        return tl::unexpected<Error>(s.error());
    }
    v.note = c.note ? std::string(Trim(*c.note)) : std::string();
    v.assignee_id = c.assignee_id;
    if (c.sla_due_at) {
        v.sla_due_at.emplace();
        if (*c.sla_due_at) {
            auto t = RequireTime(**c.sla_due_at, "sla_due_at");
            if (!t) return tl::unexpected<Error>(t.error());
            *v.sla_due_at = *t;
        }
    }
    if (c.accepted_until) {
        auto t = RequireTime(*c.accepted_until, "accepted_until");
        if (!t) return tl::unexpected<Error>(t.error());
        if (*t <= FormatTime(now)) return Unprocessable("accepted_until", "must be in the future");
        v.accepted_until = *t;
    }
    if (c.justification) v.justification = std::string(Trim(*c.justification));
    const bool accepting = v.status == FindingStatus::kAcceptedRisk;
    if (accepting && (!v.justification || v.justification->empty())) {
        return Unprocessable("justification", "is required to accept a risk");
    }
    if (accepting && !v.accepted_until) return Unprocessable("accepted_until", "is required to accept a risk");
    if (v.status && !accepting && v.accepted_until) {
        return Unprocessable("accepted_until", "applies only with status accepted_risk");
    }
    if (v.status && !accepting && v.justification) {
        return Unprocessable("justification", "applies only with status accepted_risk");
    }
    return v;
}

struct PendingHistory {
    std::string field, from, to, note;
};

// Applies `v` to `f` in memory; the history rows to write go to `history`. kConflict for a transition the
// lifecycle does not allow, kInvalidArgument for acceptance fields on a finding that is not an accepted risk.
Status Apply(store::FindingRecord& f, const ValidChange& v, const SlaPolicy& policy, TimePoint now,
             std::vector<PendingHistory>& history) {
    const std::string now_text = FormatTime(now);
    const auto current = ParseStatus(f.status).value_or(FindingStatus::kOpen);
    if (v.status && *v.status != current) {
        if (!TransitionAllowed(current, *v.status)) {
            return Fail(ErrorCode::kConflict, "cannot change status from " + f.status + " to " +
                                                  std::string(StatusName(*v.status)));
        }
        const std::string from = f.status;
        f.status = std::string(StatusName(*v.status));
        if (current == FindingStatus::kAcceptedRisk) f.accepted_until.reset();
        if (*v.status == FindingStatus::kFixed) {
            f.fixed_at = now_text;
            f.fixed_scan_id.reset();
        }
        if (*v.status == FindingStatus::kOpen && !IsActive(from)) {
            // Reopened: the SLA clock starts again.
            f.fixed_at.reset();
            f.fixed_scan_id.reset();
            f.sla_due_at = SlaDue(now, policy, f.severity_rank);
            f.sla_breached = false;
        }
        history.push_back({"status", from, f.status, v.note.empty() && v.justification ? *v.justification : v.note});
    } else if (v.accepted_until || v.justification) {
        if (current != FindingStatus::kAcceptedRisk) {
            return Unprocessable("status", "accepted_until and justification apply only to accepted risks");
        }
    }
    if (f.status == "accepted_risk") {
        if (v.accepted_until && f.accepted_until != v.accepted_until) {
            history.push_back({"accepted_until", f.accepted_until.value_or(""), *v.accepted_until, v.note});
            f.accepted_until = v.accepted_until;
        }
        if (v.justification && f.justification != *v.justification) {
            history.push_back({"justification", f.justification, *v.justification, v.note});
            f.justification = *v.justification;
        }
    }
    if (v.assignee_id && f.assignee_id != *v.assignee_id) {
        history.push_back({"assignee_id", f.assignee_id.value_or(""), v.assignee_id->value_or(""), v.note});
        f.assignee_id = *v.assignee_id;
    }
    if (v.sla_due_at && f.sla_due_at != *v.sla_due_at) {
        history.push_back({"sla_due_at", f.sla_due_at.value_or(""), v.sla_due_at->value_or(""), v.note});
        f.sla_due_at = *v.sla_due_at;
        f.sla_breached = IsActive(f.status) && f.sla_due_at && *f.sla_due_at < now_text;
    }
    if (history.empty() && !v.note.empty()) history.push_back({"note", "", "", v.note});
    if (!history.empty()) f.updated_at = now_text;
    return Ok();
}

Status CheckAssignee(store::Tx& tx, const std::string& org_id, const ValidChange& v) {
    if (!v.assignee_id || !*v.assignee_id) return Ok();
    if (!store::memberships::Find(tx, org_id, **v.assignee_id)) {
        return Unprocessable("assignee_id", "is not a member of the organisation");
    }
    return Ok();
}

// Applies and writes one finding; kConflict/kInvalidArgument from Apply leave the database untouched.
Status ApplyAndSave(store::Tx& tx, const Clock& clock, store::FindingRecord& f, const ValidChange& v,
                    const SlaPolicy& policy, const Actor& actor) {
    std::vector<PendingHistory> history;
    if (auto s = Apply(f, v, policy, clock.Now(), history); !s) return s;
    if (history.empty()) return Ok();
    store::findings::Update(tx, f);
    for (auto& h : history) AddHistory(tx, clock, f, actor, h.field, h.from, h.to, h.note);
    return Ok();
}

}  // namespace

Result<store::FindingRecord> FindingService::Update(const std::string& id, const FindingChange& change,
                                                    const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto v = Validate(change, clock_.Now());
    if (!v) return tl::unexpected<Error>(v.error());
    return store_.Write([&](store::Tx& tx) -> Result<store::FindingRecord> {
        auto f = store::findings::Find(tx, p->org_id, id, true);
        if (!f) return Fail(ErrorCode::kNotFound, "finding not found");
        if (auto s = CheckAssignee(tx, p->org_id, *v); !s) return tl::unexpected<Error>(s.error());
        if (auto s = ApplyAndSave(tx, clock_, *f, *v, LoadPolicy(tx, p->org_id), ActorOf(*p)); !s) {
            return tl::unexpected<Error>(s.error());
        }
        return *f;
    });
}

Result<BulkResult> FindingService::BulkUpdate(const std::vector<std::string>& raw_ids, const FindingChange& change,
                                              const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    // Unique, in id order: concurrent bulk changes lock their rows in the same order.
    const std::set<std::string> unique(raw_ids.begin(), raw_ids.end());
    const std::vector<std::string> ids(unique.begin(), unique.end());
    if (ids.empty()) return FailField("ids", "must list at least one finding id");
    if (ids.size() > kMaxBulkIds) return FailField("ids", "must list at most " + std::to_string(kMaxBulkIds) + " ids");
    auto v = Validate(change, clock_.Now());
    if (!v) return tl::unexpected<Error>(v.error());
    return store_.Write([&](store::Tx& tx) -> Result<BulkResult> {
        if (auto s = CheckAssignee(tx, p->org_id, *v); !s) return tl::unexpected<Error>(s.error());
        const SlaPolicy policy = LoadPolicy(tx, p->org_id);
        const Actor actor = ActorOf(*p);
        BulkResult out;
        for (const std::string& id : ids) {
            auto f = store::findings::Find(tx, p->org_id, id, true);
            if (!f) {
                out.not_found.push_back(id);
                continue;
            }
            if (auto s = ApplyAndSave(tx, clock_, *f, *v, policy, actor); !s) {
                out.conflicts.push_back({id, s.error().message});
                continue;
            }
            out.updated.push_back(id);
        }
        return out;
    });
}

Result<std::vector<std::string>> FindingService::ExpireAcceptedRisks(TimePoint now) {
    const std::string now_text = FormatTime(now);
    return store_.Write([&](store::Tx& tx) -> Result<std::vector<std::string>> {
        std::vector<std::string> ids;
        std::map<std::string, SlaPolicy> policies;
        for (store::FindingRecord& f : store::findings::ListExpiredAcceptances(tx, now_text)) {
            auto it = policies.find(f.org_id);
            if (it == policies.end()) it = policies.emplace(f.org_id, LoadPolicy(tx, f.org_id)).first;
            const std::string until = f.accepted_until.value_or("");
            f.status = "open";
            f.accepted_until.reset();
            f.sla_due_at = SlaDue(now, it->second, f.severity_rank);
            f.sla_breached = false;
            f.updated_at = now_text;
            store::findings::Update(tx, f);
            AddHistory(tx, clock_, f, Actor{}, "status", "accepted_risk", "open",
                       "risk acceptance expired at " + until);
            ids.push_back(f.id);
        }
        return ids;
    });
}

Result<std::vector<std::string>> FindingService::MarkSlaBreaches(TimePoint now) {
    const std::string now_text = FormatTime(now);
    return store_.Write([&](store::Tx& tx) -> Result<std::vector<std::string>> {
        std::vector<std::string> ids;
        for (store::FindingRecord& f : store::findings::ListNewlyBreached(tx, now_text)) {
            f.sla_breached = true;
            f.updated_at = now_text;
            store::findings::Update(tx, f);
            AddHistory(tx, clock_, f, Actor{}, "sla_breached", "false", "true",
                       "SLA due " + f.sla_due_at.value_or("") + " passed");
            ids.push_back(f.id);
        }
        return ids;
    });
}

}  // namespace palisade::findings
