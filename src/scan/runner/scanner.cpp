// SPDX-License-Identifier: Apache-2.0
#include "scan/runner/scanner.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "scan/runner/score.hpp"

namespace palisade::scan {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool NeedsPorts(const std::string& name) {
    return name == "services" || name == "tls" || name == "headers" || name == "web" || name == "templates";
}

// The modules that work on web sites find them among the services (a URL target is its own site).
bool NeedsServices(const std::string& name) { return name == "web" || name == "templates"; }

std::string PortsSummary(const PortSet& ports) {
    std::string out;
    std::uint32_t run_start = 0, previous = 0;
    auto flush = [&] {
        if (run_start == 0) return;
        if (!out.empty()) out += ',';
        out += std::to_string(run_start);
        if (previous != run_start) out += "-" + std::to_string(previous);
    };
    for (std::uint16_t p : ports) {
        if (run_start != 0 && p == previous + 1) {
            previous = p;
            continue;
        }
        flush();
        run_start = previous = p;
    }
    flush();
    return out;
}

int SeverityRank(Severity s) { return static_cast<int>(s); }

}  // namespace

std::vector<CheckInfo> AllChecks() {
    std::vector<CheckInfo> all;
    for (const auto& module : BuiltinModules()) {
        auto checks = module->Checks();
        all.insert(all.end(), checks.begin(), checks.end());
    }
    return all;
}

Result<std::vector<std::string>> SelectModules(const std::vector<std::string>& names) {
    auto builtin = BuiltinModules();
    std::set<std::string> wanted;
    std::vector<std::string> unknown;
    for (const auto& raw : names) {
        std::string name = raw;
        bool known = std::any_of(builtin.begin(), builtin.end(), [&](const auto& m) { return m->Name() == name; });
        if (!known) {
            unknown.push_back(name);
            continue;
        }
        wanted.insert(name);
        if (NeedsPorts(name)) wanted.insert("ports");
        if (NeedsServices(name)) wanted.insert("services");
    }
    if (!unknown.empty() || wanted.empty()) {
        std::string valid;
        for (const auto& m : builtin) valid += (valid.empty() ? "" : ", ") + std::string(m->Name());
        std::string message = unknown.empty() ? "no module selected" : "unknown module";
        if (!unknown.empty()) {
            message += unknown.size() > 1 ? "s '" : " '";
            for (std::size_t i = 0; i < unknown.size(); ++i) message += (i ? "', '" : "") + unknown[i];
            message += "'";
        }
        return FailField("modules", message + " (valid: " + valid + ")");
    }
    std::vector<std::string> ordered;
    for (const auto& m : builtin) {
        if (wanted.count(std::string(m->Name()))) ordered.emplace_back(m->Name());
    }
    return ordered;
}

Result<std::vector<Address>> ResolveName(const std::string& name, std::chrono::milliseconds timeout,
                                         const CancelToken& cancel) {
    // getaddrinfo cannot be interrupted: it runs on its own thread, which is left to finish alone when the
    // deadline passes (it owns copies of everything it touches).
    struct Shared {
        std::mutex mutex;
        std::condition_variable done_cv;
        bool done = false;
        int rc = 0;
        std::vector<Address> addresses;
    };
    auto shared = std::make_shared<Shared>();
    std::thread([shared, name] {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* list = nullptr;
        int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &list);
        std::vector<Address> v4, v6;
        for (auto* ai = list; rc == 0 && ai; ai = ai->ai_next) {
            Address a;
            if (ai->ai_family == AF_INET) {
                auto* sin = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
                a.is_v4 = true;
                a.bytes[10] = a.bytes[11] = 0xff;
                std::memcpy(a.bytes.data() + 12, &sin->sin_addr, 4);
                if (std::find(v4.begin(), v4.end(), a) == v4.end()) v4.push_back(a);
            } else if (ai->ai_family == AF_INET6) {
                auto* sin6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
                std::memcpy(a.bytes.data(), &sin6->sin6_addr, 16);
                if (std::find(v6.begin(), v6.end(), a) == v6.end()) v6.push_back(a);
            }
        }
        if (list) ::freeaddrinfo(list);
        std::lock_guard lock(shared->mutex);
        shared->rc = rc;
        shared->addresses = std::move(v4);
        shared->addresses.insert(shared->addresses.end(), v6.begin(), v6.end());
        shared->done = true;
        shared->done_cv.notify_all();
    }).detach();
    const auto deadline = SteadyClock::now() + timeout;
    std::unique_lock lock(shared->mutex);
    while (!shared->done) {
        if (cancel.Stopped()) return Fail(ErrorCode::kTimeout, "cancelled while resolving '" + name + "'");
        if (SteadyClock::now() >= deadline) return Fail(ErrorCode::kTimeout, "'" + name + "' did not resolve in time");
        shared->done_cv.wait_for(lock, std::chrono::milliseconds(100));
    }
    if (shared->rc != 0) {
        return Fail(ErrorCode::kNotFound, "'" + name + "' does not resolve: " + ::gai_strerror(shared->rc));
    }
    if (shared->addresses.empty()) return Fail(ErrorCode::kNotFound, "'" + name + "' has no A or AAAA record");
    return shared->addresses;
}

Result<ScanReport> RunScan(const std::vector<Target>& targets, const ScanOptions& options, const TargetLimits& limits,
                           const StopSource& stop, const ScanEvents& events) {
    auto selected = SelectModules(options.modules);
    if (!selected) return tl::unexpected(selected.error());

    ScanReport report;
    report.scanner_version = std::string(Version());
    const auto started = std::chrono::system_clock::now();
    report.started_at = FormatTime(started);
    report.started_unix = ToUnixSeconds(started);
    report.ports_spec = PortsSummary(options.ports);
    report.ports_per_host = options.ports.Count();

    // Targets and their addresses. Names resolve first, so the address limit is checked on the real count
    // before any probe is sent.
    CancelToken cancel(stop);
    std::vector<TargetState> states;
    std::vector<std::string> target_errors;
    std::uint64_t total_addresses = 0;
    for (const auto& target : targets) {
        TargetState state;
        state.target = target;
        state.display = target.ToString();
        std::string error;
        std::string name;
        if (const auto* a = std::get_if<AddressTarget>(&target.value)) {
            state.hosts.push_back(HostAddress{a->address, {}});
        } else if (std::holds_alternative<CidrTarget>(target.value)) {
            // Enumerated lazily by the ports module.
        } else if (const auto* h = std::get_if<HostNameTarget>(&target.value)) {
            name = h->name;
        } else if (const auto* u = std::get_if<UrlTarget>(&target.value)) {
            state.url = *u;
            auto literal = ParseTargets({u->host}, TargetLimits{1, false});
            if (literal && std::holds_alternative<AddressTarget>(literal->front().value)) {
                state.hosts.push_back(HostAddress{std::get<AddressTarget>(literal->front().value).address, {}});
            } else {
                name = u->host;
            }
        }
        if (!name.empty()) {
            auto resolved = ResolveName(name, std::max(options.timeout, std::chrono::milliseconds(5000)), cancel);
            if (resolved) {
                for (const auto& a : *resolved) state.hosts.push_back(HostAddress{a, name});
            } else {
                error = resolved.error().message;
            }
        }
        total_addresses += std::holds_alternative<CidrTarget>(target.value) ? target.AddressCount() : state.hosts.size();
        target_errors.push_back(std::move(error));
        states.push_back(std::move(state));
    }
    if (!limits.allow_large && total_addresses > limits.max_addresses) {
        return FailField("targets", "the targets resolve to " + std::to_string(total_addresses) +
                                        " addresses, more than the limit of " + std::to_string(limits.max_addresses) +
                                        " (use --allow-large to scan them anyway)");
    }

    auto modules = BuiltinModules();
    // One pacer for the whole scan: --rate holds per host across modules and threads.
    auto pacer = options.rate > 0 ? std::make_shared<HostPacer>(options.rate) : nullptr;
    std::vector<Finding> all_findings;
    for (std::size_t t = 0; t < states.size(); ++t) {
        TargetState& state = states[t];
        TargetReport target_report;
        target_report.target = state.display;
        target_report.error = target_errors[t];
        std::vector<Finding> target_findings;
        for (const auto& module : modules) {
            std::string module_name(module->Name());
            if (std::find(selected->begin(), selected->end(), module_name) == selected->end()) continue;
            ModuleReport mr;
            mr.name = module_name;
            if (!target_report.error.empty()) {
                mr.status = ModuleStatus::kSkipped;
                mr.error = target_report.error;
                target_report.modules.push_back(std::move(mr));
                continue;
            }
            if (stop.StopRequested()) {
                mr.status = ModuleStatus::kCancelled;
                target_report.modules.push_back(std::move(mr));
                continue;
            }
            const auto module_started = SteadyClock::now();
            CancelToken token = CancelToken(stop, module_started + options.module_budget).WithPacer(pacer);
            ModuleContext ctx(
                options, state, token,
                [&](const Finding& f) {
                    if (events.finding) events.finding(state.display, f);
                },
                [&](double fraction, const std::string& message) {
                    if (events.progress) events.progress(state.display, module_name, fraction, message);
                });
            Status status = module->Run(ctx);
            mr.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - module_started)
                                 .count();
            if (!status) {
                mr.status = ModuleStatus::kFailed;
                mr.error = status.error().message;
            } else if (token.Cancelled()) {
                mr.status = ModuleStatus::kCancelled;
            } else if (token.Stopped()) {
                mr.status = ModuleStatus::kTimedOut;
                mr.error = "time budget of " + std::to_string(options.module_budget.count()) + " s exceeded";
            }
            mr.score = ctx.score();
            mr.grade = ctx.grade();
            mr.details_json = ctx.details();
            auto found = ctx.TakeFindings();
            target_findings.insert(target_findings.end(), std::make_move_iterator(found.begin()),
                                   std::make_move_iterator(found.end()));
            if (mr.status == ModuleStatus::kTimedOut && report.complete) {
                report.complete = false;
                report.incomplete_reason = "module budget exceeded: " + module_name + " on " + state.display;
            }
            if (events.module_done) events.module_done(state.display, mr);
            target_report.modules.push_back(std::move(mr));
        }

        // Hosts: every host that answered, and every resolved host of a name or URL.
        std::map<std::string, HostReport> hosts;
        std::vector<std::string> order;
        auto host_for = [&](const Address& address, const std::string& name) -> HostReport& {
            std::string key = address.ToString();
            auto it = hosts.find(key);
            if (it == hosts.end()) {
                order.push_back(key);
                it = hosts.emplace(key, HostReport{key, name, false, {}, 0, 0}).first;
            }
            return it->second;
        };
        for (const auto& h : state.hosts) host_for(h.address, h.name);
        for (const auto& tally : state.tallies) {
            auto& hr = host_for(tally.address, tally.name);
            hr.up = tally.up;
            hr.closed = tally.closed;
            hr.filtered = tally.filtered;
        }
        for (const auto& open : state.open_ports) {
            auto& hr = host_for(open.address, open.name);
            hr.up = true;
            hr.ports.push_back(PortReport{open.port, "tcp", "open", "syn-ack", open.rtt_ms});
        }
        for (const auto& key : order) target_report.hosts.push_back(std::move(hosts[key]));

        std::vector<const Finding*> pointers;
        for (const auto& f : target_findings) pointers.push_back(&f);
        if (target_report.error.empty()) {
            auto score = ScoreTarget(pointers, target_report.modules);
            target_report.score = score.score;
            target_report.grade = score.grade;
        }
        report.services.insert(report.services.end(), state.services.begin(), state.services.end());
        all_findings.insert(all_findings.end(), std::make_move_iterator(target_findings.begin()),
                            std::make_move_iterator(target_findings.end()));
        report.targets.push_back(std::move(target_report));
    }

    if (stop.StopRequested()) {
        report.complete = false;
        report.incomplete_reason = "cancelled";
    }
    std::stable_sort(all_findings.begin(), all_findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity) return SeverityRank(a.severity) > SeverityRank(b.severity);
        if (a.check != b.check) return a.check < b.check;
        return a.location < b.location;
    });
    report.findings = std::move(all_findings);
    for (const auto& tr : report.targets) {
        if (tr.score && (!report.score || *tr.score < *report.score)) {
            report.score = tr.score;
            report.grade = tr.grade;
        }
    }
    const auto finished = std::chrono::system_clock::now();
    report.finished_at = FormatTime(finished);
    report.finished_unix = ToUnixSeconds(finished);
    return report;
}

}  // namespace palisade::scan
