// SPDX-License-Identifier: Apache-2.0
// The human-readable summary of `palisade scan` (the default format); see docs/output-formats.md.
#include <algorithm>
#include <array>

#include "core/strings.hpp"
#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"

namespace palisade::scan::output {
namespace {

constexpr std::size_t kMaxValue = 100;    // title, location, module error, ... (code points)
constexpr std::size_t kMaxEvidence = 96;  // evidence is cut harder: it is a hint, the JSON has it whole

constexpr std::array<Severity, 5> kSeverityOrder = {Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                                    Severity::kLow, Severity::kInfo};

// Untrusted text on one terminal line: valid UTF-8, no control characters (an ESC would let a banner recolour or
// rewrite the terminal), newlines shown as "\n", cut to `max` code points with "…".
std::string OneLine(std::string_view raw, std::size_t max = kMaxValue) {
    std::string text = SanitizeUtf8(raw);
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    if (Utf8Length(out) <= max) return out;
    // Cut at a code point boundary.
    std::size_t points = 0;
    std::size_t i = 0;
    for (; i < out.size(); ++i) {
        if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80) {
            if (points == max - 1) break;
            ++points;
        }
    }
    out.resize(i);
    return out + "…";
}

std::string PadRight(std::string text, std::size_t width) {
    std::size_t len = Utf8Length(text);
    if (len < width) text.append(width - len, ' ');
    return text;
}

class Painter {
public:
    explicit Painter(bool color) : color_(color) {}
    std::string Paint(std::string_view code, std::string_view text) const {
        if (!color_) return std::string(text);
        return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
    }
    std::string Bold(std::string_view text) const { return Paint("1", text); }
    std::string Severity(scan::Severity s, std::string_view text) const {
        switch (s) {
            case scan::Severity::kCritical: return Paint("1;91", text);
            case scan::Severity::kHigh: return Paint("31", text);
            case scan::Severity::kMedium: return Paint("33", text);
            case scan::Severity::kLow: return Paint("36", text);
            case scan::Severity::kInfo: return Paint("2", text);
        }
        return std::string(text);
    }

private:
    bool color_;
};

std::string ScoreText(const std::optional<int>& score, const std::optional<std::string>& grade) {
    std::string out;
    out += "score " + (score ? std::to_string(*score) : std::string("-"));
    out += ", grade " + (grade ? OneLine(*grade, 4) : std::string("-"));
    return out;
}

std::string ModuleText(const ModuleReport& m) {
    std::string out = OneLine(m.name, 24) + " " + std::string(detail::StatusName(m.status));
    if (m.score && m.grade) {
        out += " " + std::to_string(*m.score) + "/" + OneLine(*m.grade, 4);
    } else if (m.grade) {
        out += " " + OneLine(*m.grade, 4);
    } else if (m.score) {
        out += " " + std::to_string(*m.score);
    }
    out += " (" + std::to_string(m.duration_ms) + " ms)";
    return out;
}

const Service* FindService(const ScanReport& report, const HostReport& host, const PortReport& port) {
    for (const auto& s : report.services) {
        if (s.port == port.port && s.proto == port.proto && s.host == host.address) return &s;
    }
    return nullptr;
}

void WriteHost(std::string& out, const ScanReport& report, const HostReport& host) {
    std::string line = "  Host " + OneLine(host.address, 45);
    if (!host.name.empty()) line += " (" + OneLine(host.name, 60) + ")";
    line += host.up ? ": up" : ": down";
    out += line + "\n";
    if (!host.up) return;

    struct Row {
        std::string port, state, service, version;
    };
    std::vector<Row> rows;
    for (const auto& port : host.ports) {
        Row r;
        r.port = std::to_string(port.port) + "/" + OneLine(port.proto, 8);
        r.state = OneLine(port.state, 16);
        if (const Service* s = FindService(report, host, port)) {
            std::string name = s->service.empty() ? "unknown" : detail::PlainServiceName(s->service, s->tls);
            r.service = OneLine((s->tls ? "ssl/" : "") + name, 24);
            std::string version = s->product;
            if (!s->version.empty()) version += (version.empty() ? "" : " ") + s->version;
            if (!s->extra_info.empty()) version += (version.empty() ? "(" : " (") + s->extra_info + ")";
            r.version = OneLine(version, 64);
        } else {
            r.service = "unknown";
        }
        rows.push_back(std::move(r));
    }
    if (!rows.empty()) {
        std::size_t wp = 4, ws = 5, wv = 7;
        for (const auto& r : rows) {
            wp = std::max(wp, Utf8Length(r.port));
            ws = std::max(ws, Utf8Length(r.state));
            wv = std::max(wv, Utf8Length(r.service));
        }
        out += "    " + PadRight("PORT", wp + 1) + PadRight("STATE", ws + 1) + PadRight("SERVICE", wv + 1) +
               "VERSION\n";
        for (const auto& r : rows) {
            std::string row = "    " + PadRight(r.port, wp + 1) + PadRight(r.state, ws + 1) +
                              PadRight(r.service, wv + 1) + r.version;
            while (!row.empty() && row.back() == ' ') row.pop_back();
            out += row + "\n";
        }
    } else {
        out += "    No open ports.\n";
    }
    if (host.closed > 0 || host.filtered > 0) {
        std::string hidden = "    Not shown: ";
        if (host.closed > 0) hidden += std::to_string(host.closed) + " closed";
        if (host.closed > 0 && host.filtered > 0) hidden += ", ";
        if (host.filtered > 0) hidden += std::to_string(host.filtered) + " filtered";
        hidden += host.closed + host.filtered == 1 ? " port\n" : " ports\n";
        out += hidden;
    }
}

void WriteTarget(std::string& out, const ScanReport& report, const TargetReport& t, const Painter& p) {
    out += p.Bold("Target " + OneLine(t.target)) + "\n";
    out += "  " + p.Bold(ScoreText(t.score, t.grade)) + "\n";
    if (!t.error.empty()) out += "  " + p.Paint("31", "Error: " + OneLine(t.error)) + "\n";
    if (!t.modules.empty()) {
        // Modules wrap onto further lines rather than run past the width.
        std::string line = "  Modules:";
        for (std::size_t i = 0; i < t.modules.size(); ++i) {
            std::string item = " " + ModuleText(t.modules[i]) + (i + 1 < t.modules.size() ? "," : "");
            if (Utf8Length(line) + Utf8Length(item) > 118) {
                out += line + "\n";
                line = "          ";
            }
            line += item;
        }
        out += line + "\n";
        for (const auto& m : t.modules) {
            if (!m.error.empty()) out += "    " + OneLine(m.name, 24) + ": " + OneLine(m.error) + "\n";
        }
    }
    for (const auto& h : t.hosts) WriteHost(out, report, h);
    out += "\n";
}

std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

void WriteFindings(std::string& out, const ScanReport& report, const Painter& p) {
    if (report.findings.empty()) {
        out += "No findings.\n\n";
        return;
    }
    out += p.Bold("Findings") + "\n";
    for (Severity s : kSeverityOrder) {
        std::vector<const Finding*> group;
        for (const auto& f : report.findings) {
            if (f.severity == s) group.push_back(&f);
        }
        if (group.empty()) continue;
        out += "  " + p.Severity(s, Upper(SeverityName(s)) + " (" + std::to_string(group.size()) + ")") + "\n";
        for (const Finding* f : group) {
            std::string tag = "[" + std::string(SeverityName(s)) + "]";
            std::string check = OneLine(f->check, 60);
            // The title gets what is left of the 120 columns (at least 30).
            std::size_t used = 4 + tag.size() + 1 + Utf8Length(check) + 2;
            std::size_t room = used < 120 - 30 ? 120 - used : 30;
            out += "    " + p.Severity(s, tag) + " " + check + "  " + OneLine(f->title, room) + "\n";
            if (!f->location.empty()) out += "        at " + OneLine(f->location) + "\n";
            if (!f->evidence.empty()) out += "        evidence: " + OneLine(f->evidence, kMaxEvidence) + "\n";
        }
    }
    out += "\n";
}

}  // namespace

std::string ToText(const ScanReport& report, const TextOptions& options) {
    Painter p(options.color);
    std::string out;
    std::string title = OneLine(report.scanner_name.empty() ? "palisade" : report.scanner_name, 24);
    if (!report.scanner_version.empty()) title += " " + OneLine(report.scanner_version, 24);
    title += " scan report";
    out += p.Bold(title) + "\n";
    if (!report.started_at.empty()) {
        std::string when = "Started " + OneLine(report.started_at, 40);
        if (!report.finished_at.empty()) when += ", finished " + OneLine(report.finished_at, 40);
        if (report.finished_unix >= report.started_unix && report.finished_unix > 0) {
            when += " (" + std::to_string(report.finished_unix - report.started_unix) + " s)";
        }
        out += when + "\n";
    }
    if (!report.complete) {
        std::string reason = report.incomplete_reason.empty() ? "unknown reason" : OneLine(report.incomplete_reason);
        out += p.Paint("1;33", "INCOMPLETE (" + reason + "): the results below are partial") + "\n";
    }
    if (report.targets.size() > 1) out += "Overall " + ScoreText(report.score, report.grade) + "\n";
    out += "\n";

    for (const auto& t : report.targets) WriteTarget(out, report, t, p);
    WriteFindings(out, report, p);

    std::array<std::size_t, 5> counts{};
    for (const auto& f : report.findings) ++counts[static_cast<std::size_t>(f.severity)];
    std::string summary = std::to_string(report.findings.size()) +
                          (report.findings.size() == 1 ? " finding: " : " findings: ");
    for (std::size_t i = 0; i < kSeverityOrder.size(); ++i) {
        Severity s = kSeverityOrder[i];
        if (i > 0) summary += ", ";
        summary += std::to_string(counts[static_cast<std::size_t>(s)]) + " " + std::string(SeverityName(s));
    }
    out += summary + "\n";
    return out;
}

}  // namespace palisade::scan::output
