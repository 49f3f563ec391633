// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 (OASIS) in the subset GitHub code scanning accepts; see docs/output-formats.md for the mapping.
#include <algorithm>
#include <map>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/strings.hpp"
#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"

namespace palisade::scan::output {
namespace {

namespace json = boost::json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

// Everything a rule is built from: the catalogue entry when there is one, else the first finding of that check.
struct RuleSource {
    std::string id;
    std::string title;
    Severity severity = Severity::kInfo;
    std::string cvss_vector;
    std::optional<double> cvss_score;
    std::vector<std::string> cwe;
    std::string recommendation;
    std::vector<std::string> references;
};

std::vector<std::string> SplitOn(std::string_view text, char sep) {
    std::vector<std::string> out;
    for (auto part : Split(text, sep)) {
        part = Trim(part);
        if (!part.empty()) out.emplace_back(part);
    }
    return out;
}

RuleSource FromCatalogue(const CheckInfo& c) {
    RuleSource r;
    r.id = std::string(c.id);
    r.title = std::string(c.title);
    r.severity = c.severity;
    r.cvss_vector = std::string(c.cvss_vector);
    if (!c.cvss_vector.empty()) r.cvss_score = CvssBaseScore(c.cvss_vector);
    r.cwe = SplitOn(c.cwe, ',');
    r.recommendation = std::string(c.recommendation);
    r.references = SplitOn(c.references, ' ');
    return r;
}

RuleSource FromFinding(const Finding& f) {
    RuleSource r;
    r.id = f.check;
    r.title = f.title;
    r.severity = f.severity;
    if (f.cvss) {
        r.cvss_vector = f.cvss->vector;
        r.cvss_score = f.cvss->score;
    }
    r.cwe = f.cwe;
    r.recommendation = f.recommendation;
    r.references = f.references;
    return r;
}

// "tls.protocol.tls1_0" -> "TlsProtocolTls1_0": SARIF's rule name is an identifier-like friendly name.
std::string RuleName(std::string_view id) {
    std::string out;
    bool upper = true;
    for (char c : id) {
        if (c == '.' || c == '-') {
            upper = true;
            continue;
        }
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        out += c;
        upper = false;
    }
    return out;
}

bool IsHttpUrl(std::string_view s) {
    if (!StartsWith(s, "https://") && !StartsWith(s, "http://")) return false;
    for (unsigned char c : s) {
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
            c == '{' || c == '|' || c == '}') {
            return false;
        }
    }
    return true;
}

std::string LowerAscii(std::string_view s) { return ToLower(s); }

json::object RuleJson(const RuleSource& r) {
    std::string full = r.title + ". Severity: " + std::string(SeverityName(r.severity)) + ".";
    if (r.cvss_score) full += " CVSS 3.1 base score " + detail::FormatFixed(*r.cvss_score, 1) + " (" + r.cvss_vector + ").";
    if (!r.cwe.empty()) {
        full += " Weakness:";
        for (std::size_t i = 0; i < r.cwe.size(); ++i) full += (i ? ", " : " ") + r.cwe[i];
        full += ".";
    }

    std::string help_text = "Recommendation: " + r.recommendation;
    std::string help_md = "**" + r.title + "** (" + std::string(SeverityName(r.severity)) + ")\n\n**Recommendation:** " +
                          r.recommendation;
    if (!r.references.empty()) {
        help_text += "\n\nReferences:";
        help_md += "\n\n**References:**\n";
        for (const auto& ref : r.references) {
            help_text += "\n- " + ref;
            help_md += "\n- <" + ref + ">";
        }
    }
    help_md += "\n";

    json::array tags{"security"};
    for (const auto& cwe : r.cwe) tags.emplace_back("external/cwe/" + LowerAscii(cwe));

    json::object properties{
        {"tags", std::move(tags)},
        {"precision", "high"},
        {"severity", SeverityName(r.severity)},
    };
    if (auto ss = detail::SecuritySeverity(r.severity, r.cvss_score)) properties["security-severity"] = *ss;
    if (!r.cvss_vector.empty()) properties["cvss"] = r.cvss_vector;

    json::object rule{
        {"id", r.id},
        {"name", RuleName(r.id)},
        {"shortDescription", json::object{{"text", r.title}}},
        {"fullDescription", json::object{{"text", full}}},
        {"help", json::object{{"text", help_text}, {"markdown", help_md}}},
    };
    if (!r.references.empty() && IsHttpUrl(r.references.front())) rule["helpUri"] = r.references.front();
    rule["defaultConfiguration"] = json::object{{"level", detail::SarifLevel(r.severity)}};
    rule["properties"] = std::move(properties);
    return rule;
}

json::array StringArray(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

json::object ResultJson(const Finding& f, std::size_t rule_index) {
    std::string text = f.title;
    if (!f.evidence.empty()) text += "\nEvidence: " + f.evidence;
    json::object result{
        {"ruleId", f.check},
        {"ruleIndex", static_cast<std::int64_t>(rule_index)},
        {"level", detail::SarifLevel(f.severity)},
        {"message", json::object{{"text", text}}},
    };
    std::string uri = detail::LocationUri(f.location);
    json::array locations;
    if (!uri.empty()) {
        locations.push_back(json::object{
            {"physicalLocation",
             json::object{{"artifactLocation", json::object{{"uri", uri}}},
                          {"region", json::object{{"startLine", 1}}}}},
        });
    }
    result["locations"] = std::move(locations);
    if (!f.fingerprint.empty()) result["partialFingerprints"] = json::object{{"palisade/v1", f.fingerprint}};
    json::object properties{
        {"severity", SeverityName(f.severity)},
        {"cwe", StringArray(f.cwe)},
        {"cve", StringArray(f.cve)},
        {"location", f.location},
    };
    if (f.cvss) {
        properties["cvss"] = f.cvss->vector;
        properties["cvss-score"] = f.cvss->score;
    }
    result["properties"] = std::move(properties);
    return result;
}

// Why the run is not the whole picture: incomplete scans, targets that failed, modules that did not finish.
json::array Notifications(const ScanReport& report) {
    json::array out;
    auto add = [&out](std::string_view level, std::string text) {
        out.push_back(json::object{{"level", level}, {"message", json::object{{"text", std::move(text)}}}});
    };
    if (!report.complete) {
        add("error", "Scan incomplete: " + (report.incomplete_reason.empty() ? std::string("unknown reason")
                                                                              : report.incomplete_reason));
    }
    for (const auto& t : report.targets) {
        if (!t.error.empty()) add("error", t.target + ": " + t.error);
        for (const auto& m : t.modules) {
            if (m.status == ModuleStatus::kDone) continue;
            std::string text = t.target + ": module " + m.name + " " + std::string(detail::StatusName(m.status));
            if (!m.error.empty()) text += ": " + m.error;
            add(m.status == ModuleStatus::kSkipped ? "note" : "warning", std::move(text));
        }
    }
    return out;
}

}  // namespace

std::string ToSarif(const ScanReport& report, std::span<const CheckInfo> catalogue) {
    std::map<std::string_view, const CheckInfo*> by_id;
    for (const auto& c : catalogue) by_id.emplace(c.id, &c);

    // One rule per check id in the findings, sorted by id (std::map order).
    std::map<std::string, RuleSource> sources;
    for (const auto& f : report.findings) {
        if (sources.count(f.check)) continue;
        auto it = by_id.find(f.check);
        sources.emplace(f.check, it != by_id.end() ? FromCatalogue(*it->second) : FromFinding(f));
    }
    json::array rules;
    std::map<std::string, std::size_t> rule_index;
    for (const auto& [id, source] : sources) {
        rule_index.emplace(id, rules.size());
        rules.emplace_back(RuleJson(source));
    }

    json::array results;
    for (const auto& f : report.findings) results.emplace_back(ResultJson(f, rule_index.at(f.check)));

    json::object invocation{{"executionSuccessful", report.complete}};
    if (!report.command_line.empty()) invocation["commandLine"] = report.command_line;
    if (!report.started_at.empty()) invocation["startTimeUtc"] = report.started_at;
    if (!report.finished_at.empty()) invocation["endTimeUtc"] = report.finished_at;
    if (auto notes = Notifications(report); !notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);

    json::object driver{{"name", "palisade"}};
    if (!report.scanner_version.empty()) driver["version"] = report.scanner_version;
    driver["informationUri"] = kInformationUri;
    driver["rules"] = std::move(rules);

    json::array targets;
    for (const auto& t : report.targets) {
        targets.push_back(json::object{
            {"target", t.target},
            {"score", t.score ? json::value(*t.score) : json::value(nullptr)},
            {"grade", t.grade ? json::value(*t.grade) : json::value(nullptr)},
        });
    }
    json::object run_properties{
        {"score", report.score ? json::value(*report.score) : json::value(nullptr)},
        {"grade", report.grade ? json::value(*report.grade) : json::value(nullptr)},
        {"complete", report.complete},
        {"targets", std::move(targets)},
    };

    json::object run{
        {"tool", json::object{{"driver", std::move(driver)}}},
        {"invocations", json::array{std::move(invocation)}},
        {"results", std::move(results)},
        {"columnKind", "unicodeCodePoints"},
        {"properties", std::move(run_properties)},
    };
    json::object log{
        {"$schema", kSchemaUri},
        {"version", "2.1.0"},
        {"runs", json::array{std::move(run)}},
    };
    return detail::PrettyJson(log);
}

}  // namespace palisade::scan::output
