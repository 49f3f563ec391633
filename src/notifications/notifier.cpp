// SPDX-License-Identifier: Apache-2.0
#include "notifications/notifier.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "log/log.hpp"
#include "notifications/dispatch.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/store.hpp"

namespace palisade::notifications {

namespace json = boost::json;

namespace {

std::string Capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string Upper(std::string s) {
    for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return s;
}

long long Count(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_int64() ? v->as_int64() : 0;
}

std::string Plural(long long n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string SummaryText(const json::object& summary) {
    std::vector<std::string> parts;
    if (long long n = Count(summary, "new")) parts.push_back(Plural(n, "new finding", "new findings"));
    if (long long n = Count(summary, "regressions")) parts.push_back(Plural(n, "regression", "regressions"));
    if (long long n = Count(summary, "fixed")) parts.push_back(Plural(n, "finding fixed", "findings fixed"));
    if (parts.empty()) return "No new findings.";
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out + ".";
}

Item ScanItem(const NotificationDeps& deps, const std::string& scan_id, const std::string& state,
              const json::object& summary) {
    Item item;
    item.mark_key = "scan.ended:" + scan_id;
    item.link = "/scans/" + scan_id;
    if (state == "failed") {
        item.title = "Scan failed";
        item.body = "The scan did not complete; its events tell why.";
        item.priority = "high";
    } else {
        item.title = state == "cancelled" ? "Scan cancelled" : "Scan finished";
        item.body = SummaryText(summary);
    }
    item.line = item.title + ": " + item.body;
    item.data = json::object{
        {"scan_id", scan_id}, {"state", state}, {"summary", summary}, {"link", deps.public_url + item.link}};
    return item;
}

Item FindingItem(const NotificationDeps& deps, std::string_view event, const store::FindingBrief& f) {
    Item item;
    item.severity_rank = f.severity_rank;
    item.link = "/findings/" + f.id;
    item.priority = PriorityForSeverity(f.severity_rank);
    item.line = "[" + Upper(f.severity) + "] " + f.title + (f.location.empty() ? "" : " - " + f.location);
    item.data = json::object{{"id", f.id},
                             {"check", f.check_id},
                             {"title", f.title},
                             {"severity", f.severity},
                             {"location", f.location},
                             {"target", f.target},
                             {"status", f.status},
                             {"link", deps.public_url + item.link}};
    const std::string where = f.location.empty() ? "" : " at " + f.location;
    if (event == kFindingNew) {
        item.title = (f.regression ? "Regression: " : "New " + f.severity + " finding: ") + f.title;
        item.body = Capitalised(f.severity) + " finding" + where + (f.regression ? ", seen again after its fix." : ".");
        item.data["regression"] = f.regression;
    } else if (event == kSlaBreached) {
        const std::string due = f.sla_due_at.value_or("");
        item.mark_key = "sla.breached:" + f.id + ":" + due;
        item.title = "SLA breached: " + f.title;
        item.body = Capitalised(f.severity) + " finding" + where + " was due " + due + ".";
        item.priority = std::string(PriorityName(PriorityRank(item.priority) + 1));
        item.data["sla_due_at"] = due;
    } else {
        const std::string until = f.accepted_until.value_or("");
        item.mark_key = "risk.expiring:" + f.id + ":" + until;
        if (auto t = ParseTime(until)) item.expires = *t;
        item.title = "Accepted risk expires soon: " + f.title;
        item.body = "The acceptance of this " + f.severity + " finding" + where + " ends " + until +
                    "; the finding reopens then.";
        item.data["accepted_until"] = until;
    }
    return item;
}

DispatchInput FindingsInput(const std::string& org_id, std::string_view event) {
    DispatchInput in;
    in.org_id = org_id;
    in.event = std::string(event);
    if (event == kFindingNew) {
        in.digest_title = "{n} new findings";
    } else if (event == kSlaBreached) {
        in.digest_title = "{n} findings breached their SLA";
        in.digest_link = "/findings?sla_breached=true";
    } else {
        in.digest_title = "{n} accepted risks expire soon";
        in.digest_link = "/findings?status=accepted_risk";
    }
    return in;
}

// Most severe first, so digests and truncated lists show what matters.
void SortBySeverity(std::vector<store::FindingBrief>& findings) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const auto& a, const auto& b) { return a.severity_rank > b.severity_rank; });
}

// One transaction per organisation; the first error is returned after every organisation had its turn.
Status DispatchPerOrg(const NotificationDeps& deps, std::string_view event,
                      const std::map<std::string, std::vector<store::FindingBrief>>& by_org) {
    Status first = Ok();
    for (const auto& [org_id, list] : by_org) {
        DispatchInput in = FindingsInput(org_id, event);
        for (const auto& f : list) in.items.push_back(FindingItem(deps, event, f));
        auto r = deps.store.Write([&](store::Tx& tx) -> Result<DispatchResult> { return Dispatch(tx, deps, in); });
        if (!r) {
            log::Warn("notifications not sent",
                      {{"event", std::string(event)}, {"org_id", org_id}, {"error", r.error().detail}});
            if (first) first = tl::unexpected<Error>(r.error());
            continue;
        }
        Publish(deps, *r);
    }
    return first;
}

}  // namespace

Status Notifier::OnScanEnded(const std::string& org_id, const std::string& scan_id, const std::string& state,
                             const std::string& created_by, const std::string& summary_json,
                             const std::vector<std::string>& new_finding_ids) {
    if (org_id.empty()) return FailField("org_id", "is required");
    if (scan_id.empty()) return FailField("scan_id", "is required");
    if (state != "done" && state != "failed" && state != "cancelled") {
        return FailField("state", "must be done, failed or cancelled");
    }
    boost::system::error_code ec;
    const json::value parsed = json::parse(summary_json, ec);
    const json::object summary = !ec && parsed.is_object() ? parsed.as_object() : json::object();

    DispatchInput scan;
    scan.org_id = org_id;
    scan.event = std::string(state == "failed" ? kScanFailed : kScanFinished);
    scan.creator = created_by;
    scan.single_data = true;
    scan.items.push_back(ScanItem(deps_, scan_id, state, summary));

    auto r = deps_.store.Write([&](store::Tx& tx) -> Result<DispatchResult> {
        DispatchResult out = Dispatch(tx, deps_, scan);
        std::vector<store::FindingBrief> found;
        for (const auto& id : new_finding_ids) {
            auto f = store::notification_sources::FindFinding(tx, id);
            if (f && f->org_id == org_id) found.push_back(std::move(*f));
        }
        SortBySeverity(found);
        DispatchInput findings = FindingsInput(org_id, kFindingNew);
        findings.digest_link = "/findings?scan_id=" + scan_id;
        findings.data_base = json::object{{"scan_id", scan_id}};
        for (const auto& f : found) {
            Item item = FindingItem(deps_, kFindingNew, f);
            item.mark_key = "finding.new:" + scan_id + ":" + f.id;
            findings.items.push_back(std::move(item));
        }
        out.Merge(Dispatch(tx, deps_, findings));
        return out;
    });
    if (!r) {
        log::Warn("scan notifications not sent", {{"scan_id", scan_id}, {"error", r.error().detail}});
        return tl::unexpected<Error>(r.error());
    }
    Publish(deps_, *r);
    return Ok();
}

Status Notifier::OnSlaBreached(const std::vector<std::string>& finding_ids) {
    std::map<std::string, std::vector<store::FindingBrief>> by_org;
    auto read = deps_.store.Read([&](store::Tx& tx) -> Status {
        for (const auto& id : finding_ids) {
            if (auto f = store::notification_sources::FindFinding(tx, id)) by_org[f->org_id].push_back(std::move(*f));
        }
        return Ok();
    });
    if (!read) return read;
    for (auto& [org, list] : by_org) SortBySeverity(list);
    return DispatchPerOrg(deps_, kSlaBreached, by_org);
}

Status Notifier::OnAcceptedRisksExpiring(TimePoint now) {
    const std::string after = FormatTime(now);
    const std::string until = FormatTime(now + std::chrono::hours(24) * kMaxDaysBefore);
    auto expiring = deps_.store.Read([&](store::Tx& tx) -> Result<std::vector<store::FindingBrief>> {
        return store::notification_sources::ListAcceptedExpiring(tx, after, until);
    });
    if (!expiring) return tl::unexpected<Error>(expiring.error());
    std::map<std::string, std::vector<store::FindingBrief>> by_org;
    for (auto& f : *expiring) by_org[f.org_id].push_back(std::move(f));
    for (auto& [org, list] : by_org) SortBySeverity(list);
    return DispatchPerOrg(deps_, kRiskExpiring, by_org);
}

Result<long long> Notifier::Purge(TimePoint now, std::chrono::hours keep) {
    const std::string before = FormatTime(now - keep);
    return deps_.store.Write([&](store::Tx& tx) -> Result<long long> {
        return store::inbox::PurgeRead(tx, before) + store::notification_marks::Purge(tx, before) +
               store::webhook_deliveries::Purge(tx, before) + store::notification_events::Purge(tx, before);
    });
}

}  // namespace palisade::notifications
