// SPDX-License-Identifier: Apache-2.0
// nmap's -oX format (nmap.dtd, xmloutputversion 1.05) for the port and service part of a scan, so that tools that read
// nmap XML (ndiff-style differs, importers, nmap.xsl) read ours. See docs/output-formats.md.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"

namespace palisade::scan::output {
namespace {

using detail::XmlEscape;

// ctime()-style text of a Unix time, in UTC ("Thu Jan  1 00:00:00 2026").
std::string TimeString(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return {};
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
    return std::string(buf, n);
}

class XmlWriter {
public:
    void Raw(std::string_view text) { out_ += text; }
    // <name a="v" ...   (the caller closes with Close() or SelfClose())
    void Open(std::string_view name) {
        Indent();
        out_ += '<';
        out_ += name;
    }
    void Attr(std::string_view name, std::string_view value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        out_ += XmlEscape(value, true);
        out_ += '"';
    }
    void Attr(std::string_view name, std::int64_t value) { Attr(name, std::to_string(value)); }
    void Close() {
        out_ += ">\n";
        ++depth_;
    }
    void SelfClose() { out_ += "/>\n"; }
    void End(std::string_view name) {
        --depth_;
        Indent();
        out_ += "</";
        out_ += name;
        out_ += ">\n";
    }
    std::string Take() { return std::move(out_); }

private:
    void Indent() { out_.append(static_cast<std::size_t>(depth_), ' '); }
    std::string out_;
    int depth_ = 0;
};

const Service* FindService(const ScanReport& report, const HostReport& host, const PortReport& port) {
    for (const auto& s : report.services) {
        if (s.port == port.port && s.proto == port.proto && s.host == host.address) return &s;
    }
    return nullptr;
}

void WriteService(XmlWriter& w, const Service& s) {
    w.Open("service");
    std::string name = detail::PlainServiceName(s.service.empty() ? "unknown" : s.service, s.tls);
    w.Attr("name", name);
    if (!s.product.empty()) w.Attr("product", s.product);
    if (!s.version.empty()) w.Attr("version", s.version);
    if (!s.extra_info.empty()) w.Attr("extrainfo", s.extra_info);
    if (!s.host_name.empty()) w.Attr("hostname", s.host_name);
    if (s.tls) w.Attr("tunnel", "ssl");
    w.Attr("method", s.method == "probed" ? "probed" : "table");
    w.Attr("conf", std::clamp(s.confidence, 0, 10));
    w.SelfClose();
}

// nmap's <times>: smoothed RTT and its variation in microseconds, and the probe timeout (at least 100 ms).
void WriteTimes(XmlWriter& w, const HostReport& host) {
    std::vector<double> samples;
    for (const auto& p : host.ports) {
        if (std::isfinite(p.rtt_ms) && p.rtt_ms > 0) samples.push_back(p.rtt_ms * 1000.0);
    }
    if (samples.empty()) return;
    double mean = 0;
    for (double s : samples) mean += s;
    mean /= static_cast<double>(samples.size());
    double var = 0;
    if (samples.size() < 2) {
        var = mean / 2;
    } else {
        for (double s : samples) var += std::fabs(s - mean);
        var /= static_cast<double>(samples.size());
    }
    auto srtt = static_cast<std::int64_t>(std::llround(mean));
    auto rttvar = static_cast<std::int64_t>(std::llround(var));
    w.Open("times");
    w.Attr("srtt", srtt);
    w.Attr("rttvar", rttvar);
    w.Attr("to", std::max<std::int64_t>(srtt + 4 * rttvar, 100000));
    w.SelfClose();
}

void WriteExtraPorts(XmlWriter& w, std::string_view state, std::uint64_t count, std::string_view reason) {
    if (count == 0) return;
    w.Open("extraports");
    w.Attr("state", state);
    w.Attr("count", std::to_string(count));
    w.Close();
    w.Open("extrareasons");
    w.Attr("reason", reason);
    w.Attr("count", std::to_string(count));
    w.Attr("proto", "tcp");
    w.SelfClose();
    w.End("extraports");
}

void WriteHost(XmlWriter& w, const ScanReport& report, const HostReport& host) {
    w.Open("host");
    w.Attr("starttime", report.started_unix);
    w.Attr("endtime", report.finished_unix);
    w.Close();

    std::string_view reason = "no-response";
    if (!host.ports.empty()) {
        reason = "syn-ack";
    } else if (host.closed > 0) {
        reason = "conn-refused";
    } else if (host.up) {
        reason = "user-set";
    }
    w.Open("status");
    w.Attr("state", host.up ? "up" : "down");
    w.Attr("reason", reason);
    w.Attr("reason_ttl", "0");
    w.SelfClose();

    w.Open("address");
    w.Attr("addr", host.address);
    w.Attr("addrtype", host.address.find(':') != std::string::npos ? "ipv6" : "ipv4");
    w.SelfClose();

    if (host.name.empty()) {
        w.Open("hostnames");
        w.SelfClose();
    } else {
        w.Open("hostnames");
        w.Close();
        w.Open("hostname");
        w.Attr("name", host.name);
        w.Attr("type", "user");
        w.SelfClose();
        w.End("hostnames");
    }

    if (host.up) {
        w.Open("ports");
        w.Close();
        WriteExtraPorts(w, "closed", host.closed, "conn-refused");
        WriteExtraPorts(w, "filtered", host.filtered, "no-response");
        for (const auto& p : host.ports) {
            w.Open("port");
            w.Attr("protocol", p.proto.empty() ? "tcp" : p.proto);
            w.Attr("portid", static_cast<std::int64_t>(p.port));
            w.Close();
            w.Open("state");
            w.Attr("state", p.state.empty() ? "open" : p.state);
            w.Attr("reason", p.reason.empty() ? "syn-ack" : p.reason);
            w.Attr("reason_ttl", "0");
            w.SelfClose();
            if (const Service* s = FindService(report, host, p)) WriteService(w, *s);
            w.End("port");
        }
        w.End("ports");
        WriteTimes(w, host);
    }
    w.End("host");
}

}  // namespace

std::string ToNmapXml(const ScanReport& report) {
    XmlWriter w;
    w.Raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n");

    w.Open("nmaprun");
    w.Attr("scanner", report.scanner_name.empty() ? "palisade" : report.scanner_name);
    w.Attr("args", report.command_line.empty() ? "palisade scan" : report.command_line);
    w.Attr("start", report.started_unix);
    w.Attr("startstr", TimeString(report.started_unix));
    w.Attr("version", report.scanner_version);
    w.Attr("xmloutputversion", "1.05");
    w.Close();

    w.Open("scaninfo");
    w.Attr("type", "connect");
    w.Attr("protocol", "tcp");
    w.Attr("numservices", std::to_string(report.ports_per_host));
    w.Attr("services", report.ports_spec);
    w.SelfClose();
    w.Open("verbose");
    w.Attr("level", "0");
    w.SelfClose();
    w.Open("debugging");
    w.Attr("level", "0");
    w.SelfClose();

    std::int64_t up = 0;
    std::int64_t total = 0;
    for (const auto& t : report.targets) {
        if (t.hosts.empty() && !t.error.empty()) {
            // nmap's record of a target it could not scan (a name that does not resolve).
            w.Open("target");
            w.Attr("specification", t.target);
            w.Attr("status", "skipped");
            w.Attr("reason", "invalid");
            w.SelfClose();
            continue;
        }
        for (const auto& h : t.hosts) {
            WriteHost(w, report, h);
            ++total;
            if (h.up) ++up;
        }
    }

    std::int64_t elapsed = std::max<std::int64_t>(0, report.finished_unix - report.started_unix);
    std::string timestr = TimeString(report.finished_unix);
    w.Open("runstats");
    w.Close();
    w.Open("finished");
    w.Attr("time", report.finished_unix);
    w.Attr("timestr", timestr);
    w.Attr("elapsed", detail::FormatFixed(static_cast<double>(elapsed), 2));
    w.Attr("summary", "Palisade done at " + timestr + "; " + std::to_string(total) + " IP address" +
                          (total == 1 ? "" : "es") + " (" + std::to_string(up) + " host" + (up == 1 ? "" : "s") +
                          " up) scanned in " + detail::FormatFixed(static_cast<double>(elapsed), 2) + " seconds");
    if (report.complete) {
        w.Attr("exit", "success");
    } else {
        w.Attr("exit", "error");
        w.Attr("errormsg", "incomplete: " + (report.incomplete_reason.empty() ? std::string("unknown reason")
                                                                                 : report.incomplete_reason));
    }
    w.SelfClose();
    w.Open("hosts");
    w.Attr("up", up);
    w.Attr("down", total - up);
    w.Attr("total", total);
    w.SelfClose();
    w.End("runstats");
    w.End("nmaprun");
    return w.Take();
}

}  // namespace palisade::scan::output
