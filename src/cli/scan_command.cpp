// SPDX-License-Identifier: Apache-2.0
#include "cli/scan_command.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "cli/exit_code.hpp"
#include "scan/engine/port_spec.hpp"
#include "scan/engine/target.hpp"
#include "scan/output/output.hpp"
#include "scan/runner/scanner.hpp"

namespace palisade::cli {
namespace {

constexpr int kExitFindings = 1;

std::vector<std::string> SplitComma(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

int UsageError(const std::string& message) {
    std::fprintf(stderr, "palisade scan: %s\n", message.c_str());
    return kExitUsage;
}

// Writes `data` to `path` through a temporary file and a rename, so a crash never leaves half a report.
Status WriteFileAtomically(const std::string& path, const std::string& data) {
    std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return FailField("--output", "cannot write " + path);
    std::size_t written = 0;
    while (written < data.size()) {
        ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            return FailField("--output", "cannot write " + path);
        }
        written += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return FailField("--output", "cannot write " + path);
    }
    return Ok();
}

// The live progress line on stderr (only when stderr is a terminal).
class ProgressLine {
  public:
    explicit ProgressLine(bool enabled) : enabled_(enabled) {}
    void Update(const std::string& target, const std::string& module, double fraction, const std::string& message) {
        if (!enabled_) return;
        std::lock_guard lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        if (fraction < 1.0 && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        std::string line = target + "  " + module + " " + std::to_string(static_cast<int>(fraction * 100)) + "%  " +
                           message;
        if (line.size() > 110) line.resize(110);
        std::fprintf(stderr, "\r\033[2K%s", line.c_str());
        std::fflush(stderr);
        shown_ = true;
    }
    void Clear() {
        if (!enabled_) return;
        std::lock_guard lock(mutex_);
        if (shown_) std::fprintf(stderr, "\r\033[2K");
        std::fflush(stderr);
    }

  private:
    bool enabled_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
    bool shown_ = false;
};

// A flag value given as "@FILE" is read from FILE (first line, without its line end), so that passwords and tokens
// stay out of the process list and shell history. Returns false (and a problem) when the file cannot be read.
bool ResolveFileValue(std::string& value, const std::string& flag, std::vector<std::string>& problems) {
    if (!value.starts_with("@")) return true;
    std::ifstream in(value.substr(1));
    std::string line;
    if (!in || !std::getline(in, line)) {
        problems.push_back(flag + ": cannot read " + value.substr(1));
        return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    value = line;
    return true;
}

// The web and templates flags -> options; problems are appended.
void ValidateWebArgs(const ScanArgs& a, scan::ScanOptions& options, std::vector<std::string>& problems) {
    scan::WebScanOptions& web = options.web;
    if (a.crawl_depth < 0 || a.crawl_depth > 100) problems.push_back("--crawl-depth: must be 0..100");
    if (a.crawl_pages < 1 || a.crawl_pages > 1000000) problems.push_back("--crawl-pages: must be 1..1000000");
    if (a.crawl_time_s < 1 || a.crawl_time_s > 86400) problems.push_back("--crawl-time: must be 1..86400 s");
    if (a.web_rps < 0 || a.web_rps > 1e6) problems.push_back("--web-rps: must be 0..1000000");
    if (a.web_concurrency < 1 || a.web_concurrency > 256) problems.push_back("--web-concurrency: must be 1..256");
    for (std::string h : a.headers) {
        if (!ResolveFileValue(h, "--header", problems)) continue;
        std::size_t colon = h.find(':');
        if (colon == std::string::npos || colon == 0 || h.find_first_of("\r\n") != std::string::npos) {
            // The value may be a secret: it is not repeated.
            problems.push_back("--header: expected \"Name: value\" (one line)");
            continue;
        }
        web.headers.push_back(h);
    }
    std::string cookie = a.cookie;
    if (ResolveFileValue(cookie, "--cookie", problems)) {
        if (cookie.find_first_of("\r\n") != std::string::npos) {
            problems.push_back("--cookie: must be one line");
        } else {
            web.cookies = cookie;
        }
    }
    for (const std::string& f : a.login_fields) {
        std::size_t eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
            problems.push_back("--login-field: expected name=value or name=@FILE, got a field without '='");
            continue;
        }
        std::string value = f.substr(eq + 1);
        if (ResolveFileValue(value, "--login-field " + f.substr(0, eq), problems)) {
            web.login_fields.emplace_back(f.substr(0, eq), value);
        }
    }
    if (!a.login_fields.empty() && a.login_url.empty()) problems.push_back("--login-field: needs --login-url");
    for (const std::string& p : a.scope_paths) {
        if (p.empty() || p.front() != '/') problems.push_back("--scope-path: must start with '/': " + p);
    }
    if (!a.jsrepo.empty() && ::access(a.jsrepo.c_str(), R_OK) != 0) {
        problems.push_back("--jsrepo: cannot read " + a.jsrepo);
    }
    for (const std::string& dir : a.template_dirs) {
        if (::access(dir.c_str(), R_OK) != 0) problems.push_back("--templates: cannot read " + dir);
    }
    for (const std::string& s : SplitComma(a.template_severities)) {
        if (!scan::ParseSeverity(s) && s != "unknown") {
            problems.push_back("--template-severity: unknown severity '" + s + "'");
        }
    }
    web.max_depth = a.crawl_depth;
    web.max_pages = static_cast<std::size_t>(std::max(1, a.crawl_pages));
    web.crawl_budget = std::chrono::seconds(a.crawl_time_s);
    web.requests_per_second = a.web_rps;
    web.concurrency = a.web_concurrency;
    web.login_url = a.login_url;
    web.scope_hosts = a.scope_hosts;
    web.scope_paths = a.scope_paths;
    web.exclude_paths = a.exclude_paths;
    web.jsrepo_file = a.jsrepo;
    web.active = !a.passive_only;
    web.time_based_sqli = a.time_based_sqli;
    scan::TemplateScanOptions& templates = options.templates;
    templates.dirs = a.template_dirs;
    templates.builtin = !a.no_builtin_templates;
    templates.tags = SplitComma(a.template_tags);
    templates.ids = SplitComma(a.template_ids);
    templates.severities = SplitComma(a.template_severities);
}

}  // namespace

CLI::App* AddScanCommand(CLI::App& app, ScanArgs& a) {
    auto* scan = app.add_subcommand(
        "scan", "Scan hosts, ranges and URLs: ports, services, TLS, HTTP headers, web applications, templates");
    scan->footer(
        "Targets: host names, IPv4/IPv6 addresses, CIDR ranges (at most 65,536 addresses without --allow-large), "
        "http(s) URLs.\n"
        "Modules: ports, services, tls, headers, web, templates (services, tls and headers imply ports; web and\n"
        "templates imply ports and services).\n"
        "Exit codes: 0 = no finding at or above --fail-on, 1 = findings at or above --fail-on,\n"
        "            2 = usage or runtime error, or a scan interrupted by Ctrl-C (the partial result is written).");
    scan->add_option("targets", a.targets, "Targets to scan")->required();
    scan->add_option("--modules", a.modules, "Comma-separated modules")->capture_default_str();
    scan->add_option("--ports", a.ports, "top100 | top1000 | all | list such as 22,80,8000-8100")
        ->capture_default_str();
    scan->add_option("--concurrency", a.concurrency, "Connection attempts in flight")->capture_default_str();
    scan->add_option("--rate", a.rate, "New connections per second per host (0 = unlimited)")->capture_default_str();
    scan->add_option("--timeout", a.timeout_ms, "Timeout of one network operation, ms")->capture_default_str();
    scan->add_option("--ca-file", a.ca_file, "Extra trusted CA certificates (PEM) for TLS checks");
    scan->add_option("--format", a.format, "text | json | sarif | nmap-xml | jsonl")->capture_default_str();
    scan->add_option("--output", a.output, "Write the report to this file instead of standard output");
    scan->add_option("--fail-on", a.fail_on, "info | low | medium | high | critical | none")->capture_default_str();
    scan->add_flag("--quiet", a.quiet, "No progress line and no notes on standard error");
    scan->add_flag("--allow-large", a.allow_large, "Allow more than 65,536 addresses");
    scan->add_option("--module-budget", a.module_budget_s, "Time budget of one module on one target, seconds")
        ->capture_default_str();
    scan->add_option("--observatory-version", a.observatory_version,
                     "HTTP Observatory algorithm: 4 (npm 1.4.x), 5 (1.5/1.6) or 6 (with COOP/COEP)")
        ->capture_default_str();
    // web
    scan->add_option("--crawl-depth", a.crawl_depth, "web: link depth from the start page")->capture_default_str();
    scan->add_option("--crawl-pages", a.crawl_pages, "web: responses fetched by the crawler")->capture_default_str();
    scan->add_option("--crawl-time", a.crawl_time_s, "web: crawling time per site, seconds")->capture_default_str();
    scan->add_option("--web-rps", a.web_rps, "web, templates: requests per second per host (0 = unlimited)")
        ->capture_default_str();
    scan->add_option("--web-concurrency", a.web_concurrency, "web: requests in flight per site")->capture_default_str();
    scan->add_option("--header", a.headers,
                     "web, templates: extra request header \"Name: value\" or @FILE holding it (repeatable)");
    scan->add_option("--cookie", a.cookie, "web, templates: cookies sent with every request, \"a=1; b=2\" or @FILE");
    scan->add_option("--login-url", a.login_url, "web: login form URL to POST --login-field values to");
    scan->add_option("--login-field", a.login_fields,
                     "web: login form field name=value, or name=@FILE to read the value from FILE (repeatable)");
    scan->add_option("--scope-host", a.scope_hosts, "web: another host the crawler may visit (repeatable)");
    scan->add_option("--scope-path", a.scope_paths, "web: path prefix the crawler stays under (repeatable)");
    scan->add_option("--exclude-path", a.exclude_paths, "web: never request paths containing this (repeatable)");
    scan->add_option("--jsrepo", a.jsrepo, "web: extra retire.js-format vulnerability repository (JSON file)");
    scan->add_flag("--passive-only", a.passive_only, "web: crawl and passive checks only, no attack payloads");
    scan->add_flag("--time-based-sqli", a.time_based_sqli, "web: also time-based SQL injection probes (slow)");
    // templates
    scan->add_option("--templates", a.template_dirs, "templates: template file or directory (repeatable)");
    scan->add_flag("--no-builtin-templates", a.no_builtin_templates, "templates: not the built-in pack");
    scan->add_option("--tags", a.template_tags, "templates: only templates with one of these comma-separated tags");
    scan->add_option("--template-id", a.template_ids, "templates: only these comma-separated template ids");
    scan->add_option("--template-severity", a.template_severities,
                     "templates: only these comma-separated severities");
    return scan;
}

int RunScanCommand(const ScanArgs& a) {
    // Validate everything before anything is sent.
    std::vector<std::string> problems;
    scan::ScanOptions options;
    options.modules = SplitComma(a.modules);
    auto selected = scan::SelectModules(options.modules);
    if (!selected) problems.push_back("--modules: " + selected.error().message);
    auto ports = scan::ParsePorts(a.ports);
    if (!ports) {
        problems.push_back("--ports: " + ports.error().message);
    } else {
        options.ports = *ports;
    }
    options.ports_given = a.ports_given;
    if (a.concurrency < 1 || a.concurrency > 65535) problems.push_back("--concurrency: must be 1..65535");
    if (a.rate < 0 || a.rate > 1e6) problems.push_back("--rate: must be 0..1000000");
    if (a.timeout_ms < 10 || a.timeout_ms > 600000) problems.push_back("--timeout: must be 10..600000 ms");
    if (a.module_budget_s < 1 || a.module_budget_s > 86400) problems.push_back("--module-budget: must be 1..86400 s");
    if (a.observatory_version < 4 || a.observatory_version > 6) {
        problems.push_back("--observatory-version: must be 4, 5 or 6");
    }
    if (!a.ca_file.empty() && ::access(a.ca_file.c_str(), R_OK) != 0) {
        problems.push_back("--ca-file: cannot read " + a.ca_file);
    }
    if (a.format != "text" && a.format != "json" && a.format != "sarif" && a.format != "nmap-xml" &&
        a.format != "jsonl") {
        problems.push_back("--format: must be text, json, sarif, nmap-xml or jsonl");
    }
    ValidateWebArgs(a, options, problems);
    std::optional<scan::Severity> fail_on;
    if (a.fail_on != "none") {
        fail_on = scan::ParseSeverity(a.fail_on);
        if (!fail_on) problems.push_back("--fail-on: must be info, low, medium, high, critical or none");
    }
    scan::TargetLimits limits;
    limits.allow_large = a.allow_large;
    auto targets = scan::ParseTargets(a.targets, limits);
    if (!targets) problems.push_back(targets.error().message);
    if (!problems.empty()) {
        for (const auto& p : problems) std::fprintf(stderr, "palisade scan: %s\n", p.c_str());
        return kExitUsage;
    }
    options.concurrency = a.concurrency;
    options.host_concurrency = a.concurrency;
    options.rate = a.rate;
    options.timeout = std::chrono::milliseconds(a.timeout_ms);
    options.ca_file = a.ca_file;
    options.module_budget = std::chrono::seconds(a.module_budget_s);
    options.observatory_version = a.observatory_version;

    // Ctrl-C / SIGTERM: the first stops the scan (partial result written), a second one exits at once.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    scan::StopSource stop;
    const bool show_progress = !a.quiet && ::isatty(STDERR_FILENO);
    std::thread([stop, stop_signals, quiet = a.quiet]() mutable {
        int signal = 0;
        if (sigwait(&stop_signals, &signal) != 0) return;
        stop.RequestStop();
        if (!quiet) std::fprintf(stderr, "\npalisade scan: interrupted, writing the partial result\n");
        if (sigwait(&stop_signals, &signal) == 0) ::_exit(kExitUsage);
    }).detach();

    ProgressLine progress(show_progress);
    scan::ScanEvents events;
    events.progress = [&](const std::string& target, const std::string& module, double fraction,
                          const std::string& message) { progress.Update(target, module, fraction, message); };
    auto report = scan::RunScan(*targets, options, limits, stop, events);
    progress.Clear();
    if (!report) return UsageError(report.error().message);

    std::string command_line = "palisade scan";
    for (const auto& t : *targets) command_line += " " + t.ToString();
    report->command_line = command_line;

    std::string rendered;
    if (a.format == "json") {
        rendered = scan::output::ToJson(*report);
    } else if (a.format == "sarif") {
        rendered = scan::output::ToSarif(*report, scan::AllChecks());
    } else if (a.format == "nmap-xml") {
        rendered = scan::output::ToNmapXml(*report);
    } else if (a.format == "jsonl") {
        rendered = scan::output::ToJsonl(*report);
    } else {
        scan::output::TextOptions text;
        const char* no_color = std::getenv("NO_COLOR");
        text.color = a.output.empty() && ::isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
        rendered = scan::output::ToText(*report, text);
    }
    if (a.output.empty()) {
        std::fwrite(rendered.data(), 1, rendered.size(), stdout);
        std::fflush(stdout);
    } else if (auto written = WriteFileAtomically(a.output, rendered); !written) {
        return UsageError(written.error().message);
    }

    if (!report->complete) {
        if (!a.quiet) std::fprintf(stderr, "palisade scan: incomplete: %s\n", report->incomplete_reason.c_str());
        return kExitUsage;
    }
    if (fail_on) {
        for (const auto& f : report->findings) {
            if (static_cast<int>(f.severity) >= static_cast<int>(*fail_on)) return kExitFindings;
        }
    }
    return kExitOk;
}

}  // namespace palisade::cli
