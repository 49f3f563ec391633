// SPDX-License-Identifier: Apache-2.0
// The module interface. A module is one check family (ports, services, tls, headers, ...). The engine runs the
// selected modules in the order of the built-in list (modules/builtin_modules.cpp), one target at a time; a module
// reads what earlier modules found (open ports, services) from the TargetState and reports findings, services and
// its own score/grade through the ModuleContext. Run() is called on an engine thread and may block; it must return
// soon after ctx.cancel().Stopped() turns true (Ctrl-C or the module's time budget).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/cancel.hpp"
#include "scan/engine/finding.hpp"
#include "scan/engine/port_spec.hpp"
#include "scan/engine/target.hpp"

namespace palisade::scan {

// Options of the "web" module (crawler and checks): the `palisade scan --crawl-*`, `--header`, `--cookie`,
// `--login-*`, `--scope-*`, `--jsrepo` flags.
struct WebScanOptions {
    int max_depth = 5;                             // link depth from the start page
    std::size_t max_pages = 300;                   // responses fetched by the crawler
    std::chrono::seconds crawl_budget{120};        // crawling time; the checks have the rest of the module budget
    std::size_t max_response_bytes = 2 * 1024 * 1024;
    double requests_per_second = 0;                // per host, every request of the module; 0 = unlimited
    int concurrency = 8;                           // requests in flight per site
    std::vector<std::string> headers;              // "Name: value", on every request (authenticated scans)
    std::string cookies;                           // "a=1; b=2", on every request
    std::string login_url;                         // a login form to POST `login_fields` to, replayed when logged out
    std::vector<std::pair<std::string, std::string>> login_fields;
    std::vector<std::string> scope_hosts;          // hosts beyond the start URL's own origin that may be crawled
    std::vector<std::string> scope_paths;          // path prefixes the crawl stays under (empty: the whole origin)
    std::vector<std::string> exclude_paths;        // path substrings never requested (besides logout-like links)
    std::string jsrepo_file;                       // an extra retire.js-format repository
    bool active = true;                            // active checks (false: crawl and passive checks only)
    bool time_based_sqli = false;                  // time-based SQL injection probes (slow)
};

// Options of the "templates" module.
struct TemplateScanOptions {
    std::vector<std::string> dirs;       // template files or directories (recursively); empty: the built-in pack
    bool builtin = true;                 // also the built-in pack when `dirs` is given
    std::vector<std::string> tags;       // only templates with one of these tags (empty: all)
    std::vector<std::string> ids;        // only these template ids (empty: all)
    std::vector<std::string> severities; // only these severities (empty: all)
};

// Options of one scan (the `palisade scan` flags). Modules derive their own options structs from it.
struct ScanOptions {
    std::vector<std::string> modules{"ports", "services", "tls", "headers"};
    PortSet ports;                    // filled by the caller (default top 100)
    bool ports_given = false;         // --ports was explicit (URL targets then scan these too)
    int concurrency = 512;            // connect probes in flight, all hosts together
    int host_concurrency = 512;       // connect probes in flight per host
    int dialogue_concurrency = 16;    // protocol dialogues (service probes, TLS handshakes) in parallel
    double rate = 0;                  // new connections per second per host, every module; 0 = unlimited
    std::chrono::milliseconds timeout{3000};  // per network operation (connect, read)
    std::string ca_file;              // extra trust anchors for TLS certificate checks (PEM)
    std::chrono::seconds module_budget{300};  // time budget of one module on one target
    // headers: MDN Observatory algorithm: 4 = npm 1.4.x (what the npm registry serves), 5 = 1.5/1.6, 6 = with
    // COOP/COEP.
    int observatory_version = 4;
    std::string user_agent = "Palisade-Scanner/1.0 (+https://palisade.local)";
    WebScanOptions web;
    TemplateScanOptions templates;
};

// One address of a target, with the name it came from (SNI, Host header) when there was one.
struct HostAddress {
    Address address;
    std::string name;  // empty for address and CIDR targets
};

struct OpenPort {
    Address address;
    std::string name;
    std::uint16_t port = 0;
    double rtt_ms = 0;
};

// Per-host counts of the ports module (hosts that answered at all, and every resolved host of a name or URL).
struct HostTally {
    Address address;
    std::string name;
    bool up = false;  // some port answered (open or closed)
    std::uint64_t closed = 0;
    std::uint64_t filtered = 0;
    double srtt_ms = 0;
    double rttvar_ms = 0;
    double timeout_ms = 0;
};

// What is known about one target while it is scanned. Filled by the engine (hosts, url) and by modules in order.
struct TargetState {
    Target target;
    std::string display;             // Target::ToString()
    std::vector<HostAddress> hosts;  // resolved addresses (for a CIDR: empty; the ports module enumerates it)
    std::optional<UrlTarget> url;    // for URL targets
    std::vector<OpenPort> open_ports;
    std::vector<Service> services;
    std::vector<HostTally> tallies;  // filled by the ports module
    std::uint64_t closed_ports = 0;
    std::uint64_t filtered_ports = 0;
};

// Where a running module reports. Thread-safe.
class ModuleContext {
  public:
    ModuleContext(const ScanOptions& options, TargetState& state, CancelToken cancel,
                  std::function<void(const Finding&)> on_finding = {},
                  std::function<void(double, const std::string&)> on_progress = {})
        : options_(options),
          state_(state),
          cancel_(std::move(cancel)),
          on_finding_(std::move(on_finding)),
          on_progress_(std::move(on_progress)) {}

    const ScanOptions& options() const { return options_; }
    const CancelToken& cancel() const { return cancel_; }
    // The target state. Modules may read it freely; they add to it only through the methods below (or, for the
    // ports module, under Lock()).
    TargetState& state() { return state_; }
    std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mutex_); }

    void Report(Finding finding);
    void AddService(Service service);
    void SetScore(int score, std::string grade);
    void SetGrade(std::string grade);
    // Module-specific facts for the JSON output ("tls": protocols, ciphers...; "headers": the Observatory tests).
    // `json` must be a serialised JSON value.
    void SetDetails(std::string json);
    // Progress of this module, 0..1, and a short message (live progress line, server events).
    void Progress(double fraction, std::string message = {});

    // Read by the engine after Run().
    std::vector<Finding> TakeFindings();
    std::optional<int> score() const { return score_; }
    std::optional<std::string> grade() const { return grade_; }
    std::string details() const { return details_; }
    double progress() const;

  private:
    const ScanOptions& options_;
    TargetState& state_;
    CancelToken cancel_;
    std::function<void(const Finding&)> on_finding_;
    std::function<void(double, const std::string&)> on_progress_;
    mutable std::mutex mutex_;
    std::vector<Finding> findings_;
    std::optional<int> score_;
    std::optional<std::string> grade_;
    std::string details_;
    double progress_ = 0;
    std::string progress_message_;
};

class Module {
  public:
    virtual ~Module() = default;
    virtual std::string_view Name() const = 0;
    virtual std::string_view Description() const = 0;
    // Every check this module can report (the catalogue; see docs/checks.md).
    virtual std::span<const CheckInfo> Checks() const = 0;
    // Runs on one target. An error means the module could not do its work (reported as status "failed" with the
    // message); findings reported before the error are kept.
    virtual Status Run(ModuleContext& ctx) = 0;
};

// Runs fn(i) for i in [0, count) on up to `threads` threads (the calling thread included); stops handing out new
// indices once `cancel` stops. Returns when every started call has returned.
void ParallelFor(std::size_t count, int threads, const CancelToken& cancel, const std::function<void(std::size_t)>& fn);

}  // namespace palisade::scan
