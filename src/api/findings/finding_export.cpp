// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/findings/export?format=csv|json|sarif: the findings matching the list filters, capped at
// kMaxExportRows (X-Export-Truncated says whether more matched), built in memory and sent in one response.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/findings/finding_json.hpp"
#include "api/findings/finding_query.hpp"
#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "core/version.hpp"
#include "scan/output/output.hpp"

namespace palisade::api {

namespace {

constexpr int kMaxExportRows = 10000;

// RFC 4180 field; a cell a spreadsheet would read as a formula (leading = + - @, tab or CR) gets a leading
// apostrophe first (OWASP CSV injection).
std::string CsvCell(std::string_view value) {
    std::string cell;
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) cell = "'";
    cell.append(value);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string Joined(std::string_view json_array) {
    std::string out;
    for (const auto& s : findings::ParseStringArray(json_array)) {
        if (!out.empty()) out += ';';
        out += s;
    }
    return out;
}

std::string Csv(const std::vector<store::FindingRecord>& items) {
    std::string out =
        "id,check,title,severity,status,cvss_score,cvss_vector,cwe,cve,location,target,asset_id,module,first_seen,"
        "last_seen,occurrences,sla_due_at,sla_breached,assignee_id,regression,fingerprint,evidence,recommendation\r\n";
    for (const auto& f : items) {
        char score[16] = "";
        if (f.cvss_score) std::snprintf(score, sizeof score, "%.1f", *f.cvss_score);
        const std::string cells[] = {f.id,
                                     f.check_id,
                                     f.title,
                                     f.severity,
                                     f.status,
                                     score,
                                     f.cvss_vector,
                                     Joined(f.cwe),
                                     Joined(f.cve),
                                     f.location,
                                     f.target,
                                     f.asset_id.value_or(""),
                                     f.module,
                                     f.first_seen,
                                     f.last_seen,
                                     std::to_string(f.occurrences),
                                     f.sla_due_at.value_or(""),
                                     f.sla_breached ? "true" : "false",
                                     f.assignee_id.value_or(""),
                                     f.regression ? "true" : "false",
                                     f.fingerprint,
                                     f.evidence,
                                     f.recommendation};
        bool first = true;
        for (const auto& c : cells) {
            if (!first) out += ',';
            out += CsvCell(c);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

std::string Json(const findings::ExportRows& rows) {
    boost::json::array items;
    items.reserve(rows.items.size());
    for (const auto& f : rows.items) items.emplace_back(FindingJson(f));
    return boost::json::serialize(boost::json::object{{"count", rows.items.size()},
                                                      {"truncated", rows.truncated},
                                                      {"findings", std::move(items)}});
}

// SARIF 2.1.0 through the scanner's writer: one run whose results are the findings (rules from the findings).
std::string Sarif(const std::vector<store::FindingRecord>& items) {
    scan::ScanReport report;
    report.scanner_version = std::string(Version());
    report.command_line = "findings export";
    for (const auto& r : items) {
        scan::Finding f;
        f.check = r.check_id;
        f.title = r.title;
        f.severity = static_cast<scan::Severity>(r.severity_rank);
        if (!r.cvss_vector.empty()) f.cvss = scan::Cvss{"3.1", r.cvss_vector, r.cvss_score.value_or(0)};
        f.cwe = findings::ParseStringArray(r.cwe);
        f.cve = findings::ParseStringArray(r.cve);
        f.location = r.location;
        f.evidence = r.evidence;
        f.recommendation = r.recommendation;
        f.references = findings::ParseStringArray(r.refs);
        f.fingerprint = r.fingerprint;
        report.findings.push_back(std::move(f));
    }
    return scan::output::ToSarif(report, {});
}

}  // namespace

server::Response ExportFindings(findings::FindingService& service, server::Request& request) {
    std::vector<server::FieldError> errors;
    findings::FindingQuery q = ReadFindingFilters(request, errors);
    std::string format = "json";
    if (auto f = ReadQueryText(request, "format", 16, errors)) {
        if (*f != "csv" && *f != "json" && *f != "sarif") {
            errors.push_back({"format", "must be one of csv, json, sarif"});
        } else {
            format = *f;
        }
    }
    if (!errors.empty()) return FindingError(ValidationFailed(std::move(errors)).value(), request);
    auto rows = service.Export(q, kMaxExportRows, MakeRequestContext(request));
    if (!rows) return FindingError(rows.error(), request);
    server::Response r;
    r.status = 200;
    if (format == "csv") {
        r.body = Csv(rows->items);
        r.SetHeader("Content-Type", "text/csv; charset=utf-8");
        r.SetHeader("Content-Disposition", "attachment; filename=\"findings.csv\"");
    } else if (format == "sarif") {
        r.body = Sarif(rows->items);
        r.SetHeader("Content-Type", "application/sarif+json");
        r.SetHeader("Content-Disposition", "attachment; filename=\"findings.sarif\"");
    } else {
        r.body = Json(*rows);
        r.SetHeader("Content-Type", "application/json");
        r.SetHeader("Content-Disposition", "attachment; filename=\"findings.json\"");
    }
    r.SetHeader("X-Export-Truncated", rows->truncated ? "true" : "false");
    r.SetHeader("X-Export-Count", std::to_string(rows->items.size()));
    return r;
}

}  // namespace palisade::api
