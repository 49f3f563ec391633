// SPDX-License-Identifier: Apache-2.0
// FindingService reads: one finding, lists and exports, history, comments, the SLA policy.
#include "findings/finding_service.hpp"

#include <charconv>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "findings/cursor.hpp"
#include "findings/service_support.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/store.hpp"

namespace palisade::findings {

namespace {

constexpr std::size_t kCursorParts = 3;  // sort name, sort key, id

Result<std::optional<std::string>> OptionalTime(const std::optional<std::string>& text, std::string_view field) {
    if (!text) return std::optional<std::string>();
    auto t = RequireTime(*text, field);
    if (!t) return tl::unexpected<Error>(t.error());
    return std::optional<std::string>(*t);
}

// The cursor's sort key must be what the sort produces (a rank 0..4 for severity, a time otherwise).
bool KeyFits(const FindingSort& sort, const std::string& key) {
    if (sort.key == store::FindingSortKey::kSeverity) {
        int rank = -1;
        const auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), rank);
        return ec == std::errc() && ptr == key.data() + key.size() && rank >= 0 && rank <= 4;
    }
    return key == store::kNoSlaDueKey || NormalizeTime(key).has_value();
}

Status ReadCheck(const std::optional<std::string>& check, store::FindingFilter& f) {
    if (!check) return Ok();
    std::string_view c = *check;
    if (!c.empty() && c.back() == '*') {
        c.remove_suffix(1);
        if (c.empty()) return Ok();  // "*": every check
        f.check_prefix = std::string(c);
    } else if (!c.empty() && c.back() == '.') {
        f.check_prefix = std::string(c);
    } else {
        f.check = std::string(c);
    }
    return Ok();
}

// The repository filter for `q` in the principal's organisation; the cursor is applied when `use_cursor`.
Result<std::pair<store::FindingFilter, FindingSort>> BuildFilter(const FindingQuery& q, const auth::Principal& p,
                                                                 bool use_cursor) {
    store::FindingFilter f;
    f.org_id = p.org_id;
    for (const std::string& s : q.severities) {
        if (!SeverityRank(s)) return FailField("severity", "must be one of info, low, medium, high, critical");
        f.severities.push_back(s);
    }
    for (const std::string& s : q.statuses) {
        if (!ParseStatus(s)) {
            return FailField("status", "must be one of open, triaged, fixed, accepted_risk, false_positive");
        }
        f.statuses.push_back(s);
    }
    f.asset_id = q.asset_id;
    f.target = q.target;
    f.scan_id = q.scan_id;
    f.sla_breached = q.sla_breached;
    if (q.text && !Trim(*q.text).empty()) f.text = std::string(Trim(*q.text));
    if (q.assignee) f.assignee_id = *q.assignee == "me" ? p.user_id : *q.assignee;
    if (auto s = ReadCheck(q.check, f); !s) return tl::unexpected<Error>(s.error());
    const std::pair<const std::optional<std::string>*, std::optional<std::string>*> times[] = {
        {&q.first_seen_from, &f.first_seen_from},
        {&q.first_seen_to, &f.first_seen_to},
        {&q.last_seen_from, &f.last_seen_from},
        {&q.last_seen_to, &f.last_seen_to},
    };
    const std::string_view names[] = {"first_seen_from", "first_seen_to", "last_seen_from", "last_seen_to"};
    for (std::size_t i = 0; i < 4; ++i) {
        auto t = OptionalTime(*times[i].first, names[i]);
        if (!t) return tl::unexpected<Error>(t.error());
        *times[i].second = *t;
    }
    auto sort = ParseSort(q.sort);
    if (!sort) {
        return FailField("sort", "must be one of severity, last_seen, first_seen, sla_due_at, optionally prefixed "
                                 "with - for descending order");
    }
    f.sort = sort->key;
    f.descending = sort->descending;
    if (use_cursor && !q.cursor.empty()) {
        auto parts = DecodeCursor(q.cursor, kCursorParts);
        if (!parts || (*parts)[0] != SortName(*sort) || !KeyFits(*sort, (*parts)[1]) || (*parts)[2].empty()) {
            return FailField("cursor", "is not a cursor of this list and sort order");
        }
        f.after_key = (*parts)[1];
        f.after_id = (*parts)[2];
    }
    return std::make_pair(std::move(f), *sort);
}

Result<store::FindingRecord> FindIn(store::Tx& tx, const std::string& org_id, const std::string& id) {
    auto f = store::findings::Find(tx, org_id, id);
    if (!f) return Fail(ErrorCode::kNotFound, "finding not found");
    return *f;
}

Status ValidateDays(const std::optional<int>& days, std::string_view field) {
    if (days && (*days < 1 || *days > kMaxSlaDays)) {
        return FailField(std::string(field), "must be between 1 and " + std::to_string(kMaxSlaDays) +
                                                 " days, or null for no SLA");
    }
    return Ok();
}

}  // namespace

Result<store::FindingRecord> FindingService::Get(const std::string& id, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return store_.Read([&](store::Tx& tx) { return FindIn(tx, p->org_id, id); });
}

Result<Page<store::FindingRecord>> FindingService::List(const FindingQuery& query, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto built = BuildFilter(query, *p, true);
    if (!built) return tl::unexpected<Error>(built.error());
    auto& [filter, sort] = *built;
    const int n = ClampLimit(query.limit);
    filter.limit = n + 1;
    return store_.Read([&](store::Tx& tx) -> Result<Page<store::FindingRecord>> {
        return MakePage(store::findings::List(tx, filter), n, [&](const store::FindingRecord& r) {
            return EncodeCursor({SortName(sort), store::SortKeyOf(r, sort.key), r.id});
        });
    });
}

Result<ExportRows> FindingService::Export(const FindingQuery& query, int max_rows, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto built = BuildFilter(query, *p, false);
    if (!built) return tl::unexpected<Error>(built.error());
    store::FindingFilter& filter = built->first;
    const int n = std::max(1, max_rows);
    filter.limit = n + 1;
    return store_.Read([&](store::Tx& tx) -> Result<ExportRows> {
        ExportRows out;
        out.items = store::findings::List(tx, filter);
        if (static_cast<int>(out.items.size()) > n) {
            out.items.resize(static_cast<std::size_t>(n));
            out.truncated = true;
        }
        return out;
    });
}

Result<Page<store::FindingHistoryRecord>> FindingService::History(const std::string& id, const std::string& cursor,
                                                                  int limit, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return store_.Read([&](store::Tx& tx) -> Result<Page<store::FindingHistoryRecord>> {
        if (auto f = FindIn(tx, p->org_id, id); !f) return tl::unexpected<Error>(f.error());
        return MakePage(store::finding_history::List(tx, p->org_id, id, cursor, n + 1), n,
                        [](const store::FindingHistoryRecord& r) { return r.id; });
    });
}

Result<Page<store::FindingCommentRecord>> FindingService::Comments(const std::string& id, const std::string& cursor,
                                                                   int limit, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return store_.Read([&](store::Tx& tx) -> Result<Page<store::FindingCommentRecord>> {
        if (auto f = FindIn(tx, p->org_id, id); !f) return tl::unexpected<Error>(f.error());
        return MakePage(store::finding_comments::List(tx, p->org_id, id, cursor, n + 1), n,
                        [](const store::FindingCommentRecord& r) { return r.id; });
    });
}

Result<store::FindingCommentRecord> FindingService::AddComment(const std::string& id, const std::string& text,
                                                               const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (Trim(text).empty()) return FailField("text", "is required");
    if (!IsValidUtf8(text) || Utf8Length(text) > kMaxCommentChars) {
        return FailField("text", "must be at most " + std::to_string(kMaxCommentChars) + " characters");
    }
    return store_.Write([&](store::Tx& tx) -> Result<store::FindingCommentRecord> {
        if (auto f = FindIn(tx, p->org_id, id); !f) return tl::unexpected<Error>(f.error());
        store::FindingCommentRecord c;
        c.id = NewId(clock_.Now());
        c.org_id = p->org_id;
        c.finding_id = id;
        c.author_id = p->user_id;
        c.author_label = p->email;
        c.body = text;
        c.created_at = FormatTime(clock_.Now());
        store::finding_comments::Insert(tx, c);
        return c;
    });
}

Result<SlaPolicy> FindingService::GetSlaPolicy(const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return store_.Read([&](store::Tx& tx) -> Result<SlaPolicy> { return LoadPolicy(tx, p->org_id); });
}

Result<SlaPolicy> FindingService::SetSlaPolicy(const SlaPolicy& policy, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const std::pair<const std::optional<int>*, std::string_view> fields[] = {
        {&policy.critical, "critical_days"}, {&policy.high, "high_days"}, {&policy.medium, "medium_days"},
        {&policy.low, "low_days"},           {&policy.info, "info_days"},
    };
    for (const auto& [days, name] : fields) {
        if (auto s = ValidateDays(*days, name); !s) return tl::unexpected<Error>(s.error());
    }
    store::SlaPolicyRecord r;
    r.org_id = p->org_id;
    r.critical_days = policy.critical;
    r.high_days = policy.high;
    r.medium_days = policy.medium;
    r.low_days = policy.low;
    r.info_days = policy.info;
    r.updated_by = p->user_id;
    r.updated_at = FormatTime(clock_.Now());
    return store_.Write([&](store::Tx& tx) -> Result<SlaPolicy> {
        store::sla_policies::Upsert(tx, r);
        auto text = [](const std::optional<int>& d) { return d ? std::to_string(*d) : std::string("none"); };
        AddAudit(tx, clock_, ctx, p->org_id, "findings.sla_policy", "organization", p->org_id,
                 "critical " + text(r.critical_days) + ", high " + text(r.high_days) + ", medium " +
                     text(r.medium_days) + ", low " + text(r.low_days) + ", info " + text(r.info_days));
        return PolicyFromRecord(r);
    });
}

}  // namespace palisade::findings
