// SPDX-License-Identifier: Apache-2.0
#include "store/findings/finding_repository.hpp"

#include <charconv>

#include "store/findings/sql_params.hpp"
#include "store/tx.hpp"

namespace palisade::store {

namespace {

// Nullable numbers travel as a sentinel: NULLIF(:x, -1) on the way in, COALESCE(x, -1) on the way out, so the
// Query builder's plain int/double binding serves both dialects.
constexpr double kNoScore = -1.0;

constexpr std::string_view kColumns =
    "id, org_id, fingerprint, check_id, module, title, severity, severity_rank, cvss_vector, "
    "COALESCE(cvss_score, -1.0), cwe, cve, location, evidence, recommendation, refs, target, asset_id, status, "
    "regression, first_seen, last_seen, occurrences, first_scan_id, last_scan_id, fixed_scan_id, fixed_at, "
    "sla_due_at, sla_breached, assignee_id, accepted_until, justification, created_at, updated_at";

struct FindingRow {
    FindingRecord rec;
    double score = kNoScore;
    int regression = 0;
    int breached = 0;
    OptText asset, first_scan, last_scan, fixed_scan, fixed_at, due, assignee, accepted;

    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.fingerprint).Into(rec.check_id).Into(rec.module).Into(rec.title);
        q.Into(rec.severity).Into(rec.severity_rank).Into(rec.cvss_vector).Into(score).Into(rec.cwe).Into(rec.cve);
        q.Into(rec.location).Into(rec.evidence).Into(rec.recommendation).Into(rec.refs).Into(rec.target);
        q.Into(asset.value, asset.ind).Into(rec.status).Into(regression).Into(rec.first_seen).Into(rec.last_seen);
        q.Into(rec.occurrences).Into(first_scan.value, first_scan.ind).Into(last_scan.value, last_scan.ind);
        q.Into(fixed_scan.value, fixed_scan.ind).Into(fixed_at.value, fixed_at.ind).Into(due.value, due.ind);
        q.Into(breached).Into(assignee.value, assignee.ind).Into(accepted.value, accepted.ind);
        q.Into(rec.justification).Into(rec.created_at).Into(rec.updated_at);
    }
    FindingRecord Get() const {
        FindingRecord out = rec;
        out.cvss_score = score < 0 ? std::nullopt : std::optional<double>(score);
        out.regression = regression != 0;
        out.sla_breached = breached != 0;
        out.asset_id = asset.Get();
        out.first_scan_id = first_scan.Get();
        out.last_scan_id = last_scan.Get();
        out.fixed_scan_id = fixed_scan.Get();
        out.fixed_at = fixed_at.Get();
        out.sla_due_at = due.Get();
        out.assignee_id = assignee.Get();
        out.accepted_until = accepted.Get();
        return out;
    }
};

std::vector<FindingRecord> Select(Tx& tx, const std::string& sql_tail, SqlParams& params) {
    std::vector<FindingRecord> out;
    FindingRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM findings " + sql_tail);
    row.Bind(q);
    params.BindTo(q);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

int SeverityRankOf(std::string_view severity) {
    constexpr std::string_view kNames[] = {"info", "low", "medium", "high", "critical"};
    for (int i = 0; i < 5; ++i) {
        if (kNames[i] == severity) return i;
    }
    return -1;  // matches nothing
}

std::string ForUpdate(Tx& tx, bool lock) {
    return lock && tx.dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
}

std::string SortColumn(FindingSortKey sort) {
    switch (sort) {
        case FindingSortKey::kSeverity: return "severity_rank";
        case FindingSortKey::kLastSeen: return "last_seen";
        case FindingSortKey::kFirstSeen: return "first_seen";
        case FindingSortKey::kSlaDueAt: return std::string("COALESCE(sla_due_at, '") + kNoSlaDueKey + "')";
    }
    return "severity_rank";
}

// "a IN (:p1, :p2)" for a non-empty list.
void AddIn(std::string& where, SqlParams& params, std::string_view column, const std::vector<std::string>& values) {
    where += " AND ";
    where += column;
    where += " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) where += ", ";
        where += params.Text(values[i]);
    }
    where += ")";
}

void AddCompare(std::string& where, SqlParams& params, std::string_view column, std::string_view op,
                const std::optional<std::string>& value) {
    if (!value) return;
    where += " AND ";
    where += column;
    where += op;
    where += params.Text(*value);
}

}  // namespace

std::string SortKeyOf(const FindingRecord& f, FindingSortKey sort) {
    switch (sort) {
        case FindingSortKey::kSeverity: return std::to_string(f.severity_rank);
        case FindingSortKey::kLastSeen: return f.last_seen;
        case FindingSortKey::kFirstSeen: return f.first_seen;
        case FindingSortKey::kSlaDueAt: return f.sla_due_at.value_or(kNoSlaDueKey);
    }
    return {};
}

namespace findings {

namespace {

long long InsertRow(Tx& tx, const FindingRecord& f, std::string_view on_conflict) {
    const double score = f.cvss_score.value_or(kNoScore);
    return Query(tx,
                 "INSERT INTO findings (id, org_id, fingerprint, check_id, module, title, severity, severity_rank, "
                 "cvss_vector, cvss_score, cwe, cve, location, evidence, recommendation, refs, target, asset_id, "
                 "status, regression, first_seen, last_seen, occurrences, first_scan_id, last_scan_id, fixed_scan_id, "
                 "fixed_at, sla_due_at, sla_breached, assignee_id, accepted_until, justification, created_at, "
                 "updated_at) VALUES (:id, :o, :fp, :c, :m, :t, :s, :sr, :cv, NULLIF(:cs, -1.0), :cwe, :cve, :loc, "
                 ":ev, :rec, :refs, :tg, :a, :st, :rg, :fs, :ls, :oc, :fsi, :lsi, :fxi, :fxa, :due, :br, :as, :au, :j, "
                 ":ca, :ua)" + std::string(on_conflict))
        .Use(f.id).Use(f.org_id).Use(f.fingerprint).Use(f.check_id).Use(f.module).Use(f.title).Use(f.severity)
        .Use(f.severity_rank).Use(f.cvss_vector).Use(score).Use(f.cwe).Use(f.cve).Use(f.location).Use(f.evidence)
        .Use(f.recommendation).Use(f.refs).Use(f.target).Use(f.asset_id).Use(f.status).Use(f.regression)
        .Use(f.first_seen).Use(f.last_seen).Use(f.occurrences).Use(f.first_scan_id).Use(f.last_scan_id)
        .Use(f.fixed_scan_id).Use(f.fixed_at).Use(f.sla_due_at).Use(f.sla_breached).Use(f.assignee_id)
        .Use(f.accepted_until).Use(f.justification).Use(f.created_at).Use(f.updated_at).Exec();
}

}  // namespace

void Insert(Tx& tx, const FindingRecord& f) { InsertRow(tx, f, ""); }

bool InsertIfAbsent(Tx& tx, const FindingRecord& f) {
    return InsertRow(tx, f, " ON CONFLICT (org_id, fingerprint) DO NOTHING") == 1;
}

bool Update(Tx& tx, const FindingRecord& f) {
    const double score = f.cvss_score.value_or(kNoScore);
    return Query(tx,
                 "UPDATE findings SET check_id = :c, module = :m, title = :t, severity = :s, severity_rank = :sr, "
                 "cvss_vector = :cv, cvss_score = NULLIF(:cs, -1.0), cwe = :cwe, cve = :cve, location = :loc, "
                 "evidence = :ev, recommendation = :rec, refs = :refs, target = :tg, asset_id = :a, status = :st, "
                 "regression = :rg, first_seen = :fs, last_seen = :ls, occurrences = :oc, first_scan_id = :fsi, "
                 "last_scan_id = :lsi, fixed_scan_id = :fxi, fixed_at = :fxa, sla_due_at = :due, "
                 "sla_breached = :br, assignee_id = :as, accepted_until = :au, justification = :j, "
                 "updated_at = :ua WHERE org_id = :o AND id = :id")
               .Use(f.check_id).Use(f.module).Use(f.title).Use(f.severity).Use(f.severity_rank).Use(f.cvss_vector)
               .Use(score).Use(f.cwe).Use(f.cve).Use(f.location).Use(f.evidence).Use(f.recommendation).Use(f.refs)
               .Use(f.target).Use(f.asset_id).Use(f.status).Use(f.regression).Use(f.first_seen).Use(f.last_seen)
               .Use(f.occurrences).Use(f.first_scan_id).Use(f.last_scan_id).Use(f.fixed_scan_id).Use(f.fixed_at)
               .Use(f.sla_due_at).Use(f.sla_breached).Use(f.assignee_id).Use(f.accepted_until).Use(f.justification)
               .Use(f.updated_at).Use(f.org_id).Use(f.id).Exec() == 1;
}

std::optional<FindingRecord> Find(Tx& tx, const std::string& org_id, const std::string& id, bool for_update) {
    SqlParams params;
    std::string tail = "WHERE org_id = " + params.Text(org_id);
    tail += " AND id = " + params.Text(id);
    tail += ForUpdate(tx, for_update);
    auto rows = Select(tx, tail, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::optional<FindingRecord> FindByFingerprint(Tx& tx, const std::string& org_id, const std::string& fingerprint,
                                               bool for_update) {
    SqlParams params;
    std::string tail = "WHERE org_id = " + params.Text(org_id);
    tail += " AND fingerprint = " + params.Text(fingerprint);
    tail += ForUpdate(tx, for_update);
    auto rows = Select(tx, tail, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::vector<FindingRecord> List(Tx& tx, const FindingFilter& f) {
    SqlParams params;
    std::string where = "WHERE org_id = " + params.Text(f.org_id);
    if (!f.severities.empty()) {
        // By rank: the (org, [filter,] severity_rank, id) indexes then seek straight to the wanted severities.
        where += " AND severity_rank IN (";
        for (std::size_t i = 0; i < f.severities.size(); ++i) {
            if (i) where += ", ";
            where += params.Int(SeverityRankOf(f.severities[i]));
        }
        where += ")";
    }
    if (!f.statuses.empty()) AddIn(where, params, "status", f.statuses);
    AddCompare(where, params, "asset_id", " = ", f.asset_id);
    AddCompare(where, params, "check_id", " = ", f.check);
    if (f.check_prefix) {
        where += " AND check_id LIKE " + params.Text(EscapeLike(*f.check_prefix) + "%") + " ESCAPE '!'";
    }
    AddCompare(where, params, "assignee_id", " = ", f.assignee_id);
    AddCompare(where, params, "target", " = ", f.target);
    if (f.scan_id) {
        where += " AND id IN (SELECT finding_id FROM scan_findings WHERE scan_id = " + params.Text(*f.scan_id) + ")";
    }
    if (f.sla_breached) where += " AND sla_breached = " + params.Int(*f.sla_breached ? 1 : 0);
    if (f.text) {
        const std::string pattern = "%" + EscapeLike(*f.text) + "%";
        if (tx.dialect() == Dialect::kPostgres) {
            // The expression of the findings_text_trgm index (migration 0003), so pg_trgm can serve the search.
            where += " AND lower(title || ' ' || location || ' ' || evidence) LIKE lower(" + params.Text(pattern) +
                     ") ESCAPE '!'";
        } else {
            // SQLite's LIKE folds ASCII case by default; three LIKEs scan faster than one over a concatenation.
            where += " AND (title LIKE " + params.Text(pattern) + " ESCAPE '!'";
            where += " OR location LIKE " + params.Text(pattern) + " ESCAPE '!'";
            where += " OR evidence LIKE " + params.Text(pattern) + " ESCAPE '!')";
        }
    }
    AddCompare(where, params, "first_seen", " >= ", f.first_seen_from);
    AddCompare(where, params, "first_seen", " < ", f.first_seen_to);
    AddCompare(where, params, "last_seen", " >= ", f.last_seen_from);
    AddCompare(where, params, "last_seen", " < ", f.last_seen_to);
    const std::string column = SortColumn(f.sort);
    if (f.after_key) {
        std::string key_param;
        if (f.sort == FindingSortKey::kSeverity) {
            int rank = 0;
            std::from_chars(f.after_key->data(), f.after_key->data() + f.after_key->size(), rank);
            key_param = params.Int(rank);
        } else {
            key_param = params.Text(*f.after_key);
        }
        where += " AND (" + column + ", id) " + (f.descending ? "<" : ">") + " (" + key_param + ", " +
                 params.Text(f.after_id) + ")";
    }
    const std::string dir = f.descending ? " DESC" : " ASC";
    where += " ORDER BY " + column + dir + ", id" + dir + " LIMIT " + params.Int(f.limit);
    return Select(tx, where, params);
}

std::vector<ActiveRef> ListActiveForTarget(Tx& tx, const std::string& org_id, const std::string& target) {
    std::vector<ActiveRef> out;
    ActiveRef row;
    Query q(tx,
            "SELECT id, module FROM findings WHERE org_id = :o AND target = :t AND status IN ('open', 'triaged')");
    q.Into(row.id).Into(row.module).Use(org_id).Use(target);
    q.Each([&] { out.push_back(row); });
    return out;
}

std::vector<FindingRecord> ListNewlyBreached(Tx& tx, const std::string& now) {
    SqlParams params;
    const std::string tail = "WHERE sla_breached = 0 AND status IN ('open', 'triaged') AND sla_due_at IS NOT NULL "
                             "AND sla_due_at < " + params.Text(now) + " ORDER BY id" + ForUpdate(tx, true);
    return Select(tx, tail, params);
}

std::vector<FindingRecord> ListExpiredAcceptances(Tx& tx, const std::string& now) {
    SqlParams params;
    const std::string tail = "WHERE status = 'accepted_risk' AND accepted_until IS NOT NULL AND accepted_until <= " +
                             params.Text(now) + " ORDER BY id" + ForUpdate(tx, true);
    return Select(tx, tail, params);
}

std::map<std::string, std::array<long long, 5>> CountOpenByAsset(Tx& tx, const std::string& org_id,
                                                                 const std::vector<std::string>& asset_ids) {
    std::map<std::string, std::array<long long, 5>> out;
    if (asset_ids.empty()) return out;
    SqlParams params;
    std::string sql = "SELECT asset_id, severity_rank, COUNT(*) FROM findings WHERE org_id = " + params.Text(org_id) +
                      " AND status IN ('open', 'triaged')";
    AddIn(sql, params, "asset_id", asset_ids);
    sql += " GROUP BY asset_id, severity_rank";
    std::string asset;
    int rank = 0;
    long long count = 0;
    Query q(tx, sql);
    q.Into(asset).Into(rank).Into(count);
    params.BindTo(q);
    q.Each([&] {
        auto& counts = out.try_emplace(asset, std::array<long long, 5>{}).first->second;
        if (rank >= 0 && rank < 5) counts[static_cast<std::size_t>(rank)] += count;
    });
    return out;
}

std::map<std::string, AssetOpenCounts> CountOpenForAllAssets(Tx& tx, const std::string& org_id) {
    std::map<std::string, AssetOpenCounts> out;
    std::string asset;
    std::string criticality;
    int rank = 0;
    long long count = 0;
    Query q(tx,
            // Filtered by the asset's organisation (a finding's asset is always of its own organisation), so the
            // findings side reads only the covering index findings_asset (asset_id, status, severity_rank).
            "SELECT f.asset_id, a.criticality, f.severity_rank, COUNT(*) FROM assets a "
            "JOIN findings f ON f.asset_id = a.id "
            "WHERE a.org_id = :o AND f.status IN ('open', 'triaged') "
            "GROUP BY f.asset_id, a.criticality, f.severity_rank");
    q.Use(org_id).Into(asset).Into(criticality).Into(rank).Into(count);
    q.Each([&] {
        auto& entry = out[asset];
        entry.criticality = criticality;
        if (rank >= 0 && rank < 5) entry.by_rank[static_cast<std::size_t>(rank)] += count;
    });
    return out;
}

bool AddToScan(Tx& tx, const std::string& scan_id, const std::string& finding_id) {
    return Query(tx, "INSERT INTO scan_findings (scan_id, finding_id) VALUES (:s, :f) ON CONFLICT DO NOTHING")
               .Use(scan_id).Use(finding_id).Exec() == 1;
}

std::vector<StatusSeverityCount> CountByStatusSeverity(Tx& tx, const std::string& org_id) {
    std::vector<StatusSeverityCount> out;
    StatusSeverityCount row;
    Query q(tx, "SELECT status, severity_rank, COUNT(*) FROM findings WHERE org_id = :o GROUP BY status, severity_rank");
    q.Use(org_id).Into(row.status).Into(row.severity_rank).Into(row.count);
    q.Each([&] { out.push_back(row); });
    return out;
}

SlaCounts CountSla(Tx& tx, const std::string& org_id, const std::string& soon) {
    SlaCounts c;
    Query(tx,
          "SELECT COALESCE(SUM(CASE WHEN sla_breached = 1 THEN 1 ELSE 0 END), 0),"
          " COALESCE(SUM(CASE WHEN sla_breached = 0 AND sla_due_at <= :soon THEN 1 ELSE 0 END), 0), COUNT(*)"
          " FROM findings WHERE org_id = :o AND status IN ('open', 'triaged') AND sla_due_at IS NOT NULL")
        .Use(soon)
        .Use(org_id)
        .Into(c.breached)
        .Into(c.due_soon)
        .Into(c.with_due)
        .One();
    return c;
}

std::vector<std::pair<std::string, long long>> CountByDay(Tx& tx, const std::string& org_id, DayColumn column,
                                                          const std::string& since) {
    // The column is one of two fixed names, never input.
    const std::string col = column == DayColumn::kFirstSeen ? "first_seen" : "fixed_at";
    std::vector<std::pair<std::string, long long>> out;
    std::string day;
    long long count = 0;
    Query q(tx, "SELECT substr(" + col + ", 1, 10), COUNT(*) FROM findings WHERE org_id = :o AND " + col +
                    " >= :since GROUP BY substr(" + col + ", 1, 10)");
    q.Use(org_id).Use(since).Into(day).Into(count);
    q.Each([&] { out.emplace_back(day, count); });
    return out;
}

}  // namespace findings

namespace finding_history {

void Insert(Tx& tx, const FindingHistoryRecord& h) {
    Query(tx,
          "INSERT INTO finding_history (id, org_id, finding_id, at, actor_user_id, actor_label, field, from_value, "
          "to_value, note) VALUES (:id, :o, :f, :at, :u, :l, :fd, :fv, :tv, :n)")
        .Use(h.id).Use(h.org_id).Use(h.finding_id).Use(h.at).Use(h.actor_user_id).Use(h.actor_label).Use(h.field)
        .Use(h.from_value).Use(h.to_value).Use(h.note).Exec();
}

std::vector<FindingHistoryRecord> List(Tx& tx, const std::string& org_id, const std::string& finding_id,
                                       const std::string& after_id, int limit) {
    std::vector<FindingHistoryRecord> out;
    FindingHistoryRecord r;
    OptText actor;
    Query q(tx,
            "SELECT id, org_id, finding_id, at, actor_user_id, actor_label, field, from_value, to_value, note "
            "FROM finding_history WHERE org_id = :o AND finding_id = :f AND id > :a ORDER BY id LIMIT :l");
    q.Into(r.id).Into(r.org_id).Into(r.finding_id).Into(r.at).Into(actor.value, actor.ind).Into(r.actor_label);
    q.Into(r.field).Into(r.from_value).Into(r.to_value).Into(r.note);
    q.Use(org_id).Use(finding_id).Use(after_id).Use(limit);
    q.Each([&] {
        FindingHistoryRecord copy = r;
        copy.actor_user_id = actor.Get();
        out.push_back(std::move(copy));
    });
    return out;
}

}  // namespace finding_history

namespace finding_comments {

void Insert(Tx& tx, const FindingCommentRecord& c) {
    Query(tx,
          "INSERT INTO finding_comments (id, org_id, finding_id, author_id, author_label, body, created_at) "
          "VALUES (:id, :o, :f, :a, :l, :b, :c)")
        .Use(c.id).Use(c.org_id).Use(c.finding_id).Use(c.author_id).Use(c.author_label).Use(c.body)
        .Use(c.created_at).Exec();
}

std::vector<FindingCommentRecord> List(Tx& tx, const std::string& org_id, const std::string& finding_id,
                                       const std::string& after_id, int limit) {
    std::vector<FindingCommentRecord> out;
    FindingCommentRecord r;
    OptText author;
    Query q(tx,
            "SELECT id, org_id, finding_id, author_id, author_label, body, created_at FROM finding_comments "
            "WHERE org_id = :o AND finding_id = :f AND id > :a ORDER BY id LIMIT :l");
    q.Into(r.id).Into(r.org_id).Into(r.finding_id).Into(author.value, author.ind).Into(r.author_label).Into(r.body);
    q.Into(r.created_at).Use(org_id).Use(finding_id).Use(after_id).Use(limit);
    q.Each([&] {
        FindingCommentRecord copy = r;
        copy.author_id = author.Get();
        out.push_back(std::move(copy));
    });
    return out;
}

}  // namespace finding_comments

namespace finding_ingests {

std::optional<IngestRecord> Find(Tx& tx, const std::string& org_id, const std::string& scan_id) {
    IngestRecord r;
    Query q(tx,
            "SELECT org_id, scan_id, ingested_at, new_findings, seen_again, regressions, fixed, suppressed, "
            "assets_created, assets_updated FROM finding_ingests WHERE org_id = :o AND scan_id = :s");
    q.Into(r.org_id).Into(r.scan_id).Into(r.ingested_at).Into(r.new_findings).Into(r.seen_again).Into(r.regressions);
    q.Into(r.fixed).Into(r.suppressed).Into(r.assets_created).Into(r.assets_updated).Use(org_id).Use(scan_id);
    if (!q.One()) return std::nullopt;
    return r;
}

void Insert(Tx& tx, const IngestRecord& r) {
    Query(tx,
          "INSERT INTO finding_ingests (org_id, scan_id, ingested_at, new_findings, seen_again, regressions, fixed, "
          "suppressed, assets_created, assets_updated) VALUES (:o, :s, :at, :n, :sa, :r, :f, :su, :ac, :au)")
        .Use(r.org_id).Use(r.scan_id).Use(r.ingested_at).Use(r.new_findings).Use(r.seen_again).Use(r.regressions)
        .Use(r.fixed).Use(r.suppressed).Use(r.assets_created).Use(r.assets_updated).Exec();
}

}  // namespace finding_ingests

namespace sla_policies {

std::optional<SlaPolicyRecord> Find(Tx& tx, const std::string& org_id) {
    SlaPolicyRecord r;
    int days[5] = {};
    OptText by;
    Query q(tx,
            "SELECT org_id, COALESCE(critical_days, -1), COALESCE(high_days, -1), COALESCE(medium_days, -1), "
            "COALESCE(low_days, -1), COALESCE(info_days, -1), updated_by, updated_at FROM org_sla_policies "
            "WHERE org_id = :o");
    q.Into(r.org_id).Into(days[0]).Into(days[1]).Into(days[2]).Into(days[3]).Into(days[4]).Into(by.value, by.ind);
    q.Into(r.updated_at).Use(org_id);
    if (!q.One()) return std::nullopt;
    auto opt = [](int d) { return d < 0 ? std::nullopt : std::optional<int>(d); };
    r.critical_days = opt(days[0]);
    r.high_days = opt(days[1]);
    r.medium_days = opt(days[2]);
    r.low_days = opt(days[3]);
    r.info_days = opt(days[4]);
    r.updated_by = by.Get();
    return r;
}

void Upsert(Tx& tx, const SlaPolicyRecord& p) {
    const int c = p.critical_days.value_or(-1), h = p.high_days.value_or(-1), m = p.medium_days.value_or(-1);
    const int l = p.low_days.value_or(-1), i = p.info_days.value_or(-1);
    Query(tx,
          "INSERT INTO org_sla_policies (org_id, critical_days, high_days, medium_days, low_days, info_days, "
          "updated_by, updated_at) VALUES (:o, NULLIF(:c, -1), NULLIF(:h, -1), NULLIF(:m, -1), NULLIF(:l, -1), "
          "NULLIF(:i, -1), :by, :at) ON CONFLICT (org_id) DO UPDATE SET critical_days = excluded.critical_days, "
          "high_days = excluded.high_days, medium_days = excluded.medium_days, low_days = excluded.low_days, "
          "info_days = excluded.info_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .Use(p.org_id).Use(c).Use(h).Use(m).Use(l).Use(i).Use(p.updated_by).Use(p.updated_at).Exec();
}

}  // namespace sla_policies

}  // namespace palisade::store
