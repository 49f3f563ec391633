// SPDX-License-Identifier: Apache-2.0
// FindingService::IngestScan: a finished scan's findings and assets into the organisation's store.
#include <algorithm>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "findings/asset_plan.hpp"
#include "findings/finding_service.hpp"
#include "findings/service_support.hpp"
#include "log/log.hpp"
#include "store/findings/asset_repository.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::findings {

namespace {

std::string CertificatesJson(const std::vector<CertificateSeen>& certs) {
    boost::json::array a;
    for (const auto& c : certs) {
        a.push_back(boost::json::object{
            {"location", c.location}, {"subject", c.subject}, {"issuer", c.issuer}, {"not_after", c.not_after}});
    }
    return boost::json::serialize(a);
}

std::string TechnologiesJson(const std::vector<std::pair<std::string, std::string>>& tech) {
    boost::json::array a;
    for (const auto& [name, version] : tech) a.push_back(boost::json::object{{"name", name}, {"version", version}});
    return boost::json::serialize(a);
}

// One ingest: the transaction's state and counters.
class Ingest {
public:
    Ingest(store::Tx& tx, const Clock& clock, const ScanIngest& in)
        : tx_(tx), clock_(clock), in_(in), now_(clock.Now()), now_text_(FormatTime(now_)),
          policy_(LoadPolicy(tx, in.org_id)) {}

    void Assets(const AssetPlan& plan) {
        asset_ids_.resize(plan.assets.size());
        std::vector<std::size_t> by_name(plan.assets.size());
        for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
        std::sort(by_name.begin(), by_name.end(),
                  [&](std::size_t a, std::size_t b) { return plan.assets[a].name < plan.assets[b].name; });
        for (std::size_t i : by_name) asset_ids_[i] = UpsertAsset(plan.assets[i]);
    }

    void Finding(const TargetFinding& tf, const std::string& fingerprint, std::optional<std::string> asset_id) {
        if (!fingerprints_.insert(fingerprint).second) return;  // the same finding twice in one scan
        auto existing = store::findings::FindByFingerprint(tx_, in_.org_id, fingerprint, true);
        store::FindingRecord r;
        if (!existing) {
            Refresh(r, tf, asset_id);
            r.id = NewId(now_);
            r.org_id = in_.org_id;
            r.fingerprint = fingerprint;
            r.status = "open";
            r.first_seen = r.created_at = now_text_;
            r.occurrences = 1;
            r.first_scan_id = in_.scan_id;
            r.sla_due_at = SlaDue(now_, policy_, r.severity_rank);
            if (store::findings::InsertIfAbsent(tx_, r)) {
                ++summary_.new_findings;
                summary_.new_finding_ids.push_back(r.id);
                Seen(r.id);
                return;
            }
            // Another scan of the organisation inserted it since (and committed): it is seen again.
            existing = store::findings::FindByFingerprint(tx_, in_.org_id, fingerprint, true);
            if (!existing) return;
        }
        r = *existing;
        Refresh(r, tf, asset_id);
        ++r.occurrences;
        SeenAgain(r);
        store::findings::Update(tx_, r);
        Seen(r.id);
    }

    // Open/triaged findings of (module, target) pairs this scan ran to `done` that it did not see.
    void AutoFix(const scan::ScanReport& report) {
        for (const scan::TargetReport& t : report.targets) {
            std::set<std::string> done;
            for (const auto& m : t.modules) {
                if (m.status == scan::ModuleStatus::kDone) done.insert(m.name);
            }
            if (done.empty()) continue;
            for (const auto& ref : store::findings::ListActiveForTarget(tx_, in_.org_id, t.target)) {
                if (!done.count(ref.module) || seen_ids_.count(ref.id)) continue;
                auto f = store::findings::Find(tx_, in_.org_id, ref.id, true);
                if (!f || !IsActive(f->status)) continue;  // closed meanwhile (the row is locked from here on)
                const std::string from = f->status;
                f->status = "fixed";
                f->fixed_scan_id = in_.scan_id;
                f->fixed_at = now_text_;
                f->updated_at = now_text_;
                store::findings::Update(tx_, *f);
                AddHistory(tx_, clock_, *f, Actor{}, "status", from, "fixed", "not seen by scan " + in_.scan_id);
                ++summary_.fixed;
            }
        }
    }

    void Seen(const std::string& id) {
        store::findings::AddToScan(tx_, in_.scan_id, id);
        seen_ids_.insert(id);
    }

    const std::optional<std::string>& AssetId(std::size_t index) const { return asset_ids_[index]; }
    IngestSummary& summary() { return summary_; }

private:
    // Catalogue content and where it was seen: the latest scan's view wins.
    void Refresh(store::FindingRecord& r, const TargetFinding& tf, const std::optional<std::string>& asset_id) {
        const scan::Finding& f = tf.finding;
        r.check_id = f.check;
        r.module = ModuleOfCheck(f.check);
        r.title = f.title;
        r.severity = std::string(scan::SeverityName(f.severity));
        r.severity_rank = static_cast<int>(f.severity);
        r.cvss_vector = f.cvss ? f.cvss->vector : std::string();
        r.cvss_score = f.cvss ? std::optional<double>(f.cvss->score) : std::nullopt;
        r.cwe = JsonStringArray(f.cwe);
        r.cve = JsonStringArray(f.cve);
        r.location = f.location;
        r.evidence = f.evidence;
        r.recommendation = f.recommendation;
        r.refs = JsonStringArray(f.references);
        r.target = tf.target;
        if (asset_id) r.asset_id = asset_id;
        r.last_seen = r.updated_at = now_text_;
        r.last_scan_id = in_.scan_id;
    }

    void SeenAgain(store::FindingRecord& r) {
        const bool accepted_live = r.status == "accepted_risk" && r.accepted_until && *r.accepted_until > now_text_;
        if (IsActive(r.status)) {
            ++summary_.seen_again;
        } else if (r.status == "false_positive" || accepted_live) {
            ++summary_.suppressed;
        } else if (r.status == "fixed") {
            Reopen(r, "seen again by scan " + in_.scan_id + " (regression)");
            r.regression = true;
            ++summary_.regressions;
            summary_.new_finding_ids.push_back(r.id);
        } else {  // an accepted risk whose acceptance expired
            Reopen(r, "risk acceptance expired; seen again by scan " + in_.scan_id);
            ++summary_.seen_again;
        }
    }

    void Reopen(store::FindingRecord& r, const std::string& note) {
        const std::string from = r.status;
        r.status = "open";
        r.fixed_scan_id.reset();
        r.fixed_at.reset();
        r.accepted_until.reset();
        r.sla_due_at = SlaDue(now_, policy_, r.severity_rank);
        r.sla_breached = false;
        AddHistory(tx_, clock_, r, Actor{}, "status", from, "open", note);
    }

    std::optional<std::string> UpsertAsset(const AssetSeen& seen) {
        auto existing = store::assets::FindByName(tx_, in_.org_id, seen.name);
        store::AssetRecord a = existing ? *existing : store::AssetRecord{};
        std::vector<std::string> addresses = ParseStringArray(a.addresses);
        for (const auto& addr : seen.addresses) {
            if (std::find(addresses.begin(), addresses.end(), addr) == addresses.end()) addresses.push_back(addr);
        }
        a.addresses = JsonStringArray(addresses);
        if (!seen.certificates.empty()) a.certificates = CertificatesJson(seen.certificates);
        if (!seen.technologies.empty()) a.technologies = TechnologiesJson(seen.technologies);
        if (!a.first_seen) a.first_seen = now_text_;
        a.last_seen = a.updated_at = now_text_;
        a.last_scan_id = in_.scan_id;
        bool created = false;
        if (!existing) {
            a.id = NewId(now_);
            a.org_id = in_.org_id;
            a.type = seen.type;
            a.name = seen.name;
            a.source = "scan";
            a.created_at = now_text_;
            created = store::assets::InsertIfAbsent(tx_, a);
            if (!created) {  // a concurrent ingest created it: update that one
                existing = store::assets::FindByName(tx_, in_.org_id, seen.name);
                if (!existing) return std::nullopt;
                return UpsertAsset(seen);
            }
        }
        if (created) {
            ++summary_.assets_created;
        } else {
            store::assets::Update(tx_, a);
            ++summary_.assets_updated;
        }
        for (const ServiceSeen& s : seen.services) {
            store::assets::UpsertService(tx_, {a.id, s.address, s.port, s.proto, s.service, s.product, s.version,
                                               s.tls, now_text_, now_text_, in_.scan_id});
        }
        if (seen.ports_done && in_.complete) store::assets::DeleteServicesNotSeenBy(tx_, a.id, in_.scan_id);
        store::assets::AddScan(tx_, a.id, in_.scan_id, now_text_);
        return a.id;
    }

    store::Tx& tx_;
    const Clock& clock_;
    const ScanIngest& in_;
    TimePoint now_;
    std::string now_text_;
    SlaPolicy policy_;
    IngestSummary summary_;
    std::vector<std::optional<std::string>> asset_ids_;
    std::set<std::string> fingerprints_;
    std::set<std::string> seen_ids_;
};

IngestSummary Replayed(const store::IngestRecord& r) {
    IngestSummary s;
    s.new_findings = r.new_findings;
    s.seen_again = r.seen_again;
    s.regressions = r.regressions;
    s.fixed = r.fixed;
    s.suppressed = r.suppressed;
    s.assets_created = r.assets_created;
    s.assets_updated = r.assets_updated;
    s.replayed = true;
    return s;
}

}  // namespace

Result<IngestSummary> FindingService::IngestScan(const ScanIngest& in) {
    if (in.org_id.empty()) return FailField("org_id", "is required");
    if (in.scan_id.empty()) return FailField("scan_id", "is required");
    const AssetPlan plan = in.report ? PlanAssets(*in.report) : AssetPlan{};
    // Rows are written in fingerprint order (assets in name order), so two ingests of one organisation running at
    // once on PostgreSQL take their row locks in the same order and wait for each other instead of deadlocking.
    std::vector<std::pair<std::string, std::size_t>> order;
    order.reserve(in.findings.size());
    for (std::size_t i = 0; i < in.findings.size(); ++i) {
        const scan::Finding& f = in.findings[i].finding;
        order.emplace_back(
            f.fingerprint.empty() ? Sha256Hex(f.check + "\n" + f.location).substr(0, 32) : f.fingerprint, i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto result = store_.Write([&](store::Tx& tx) -> Result<IngestSummary> {
        if (auto done = store::finding_ingests::Find(tx, in.org_id, in.scan_id)) return Replayed(*done);
        if (!store::orgs::Find(tx, in.org_id)) return Fail(ErrorCode::kNotFound, "organisation not found");
        Ingest ingest(tx, clock_, in);
        ingest.Assets(plan);
        for (const auto& [fingerprint, i] : order) {
            const TargetFinding& tf = in.findings[i];
            auto index = plan.AssetFor(tf.target, tf.finding.location);
            ingest.Finding(tf, fingerprint, index ? ingest.AssetId(*index) : std::nullopt);
        }
        if (in.complete && in.report && in.report->complete) ingest.AutoFix(*in.report);
        IngestSummary& s = ingest.summary();
        store::finding_ingests::Insert(tx, {in.org_id, in.scan_id, FormatTime(clock_.Now()), s.new_findings,
                                            s.seen_again, s.regressions, s.fixed, s.suppressed, s.assets_created,
                                            s.assets_updated});
        return s;
    });
    if (result) {
        log::Info("scan ingested", {{"scan_id", in.scan_id},
                                    {"org_id", in.org_id},
                                    {"new", std::to_string(result->new_findings)},
                                    {"fixed", std::to_string(result->fixed)},
                                    {"regressions", std::to_string(result->regressions)},
                                    {"replayed", result->replayed ? "true" : "false"}});
    }
    return result;
}

}  // namespace palisade::findings
