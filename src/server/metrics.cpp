// SPDX-License-Identifier: Apache-2.0
#include "server/metrics.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace palisade::server {

namespace {

constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
};

struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
    std::string_view type = "gauge";  // or "counter"
};

// Label values may hold anything: escape backslash, double quote and newline (exposition format 0.0.4).
std::string EscapeLabel(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string FormatDouble(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string FormatBound(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += EscapeHelp(help);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

}  // namespace

struct Metrics::State {
    mutable std::mutex mutex;  // guards the maps and gauges; held only to copy or bump numbers
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;  // (route, method, status)
    std::map<std::string, Histogram> durations;                                   // by route
    std::vector<Gauge> gauges;
    std::atomic<std::int64_t> in_flight{0};
    std::atomic<std::int64_t> connections{0};
};

Metrics::Metrics() : state_(std::make_unique<State>()) {}
Metrics::~Metrics() = default;

void Metrics::RecordRequest(std::string_view route, std::string_view method, int status, double seconds) {
    std::string route_label = route.empty() ? std::string("unmatched") : std::string(route);
    std::lock_guard lock(state_->mutex);
    ++state_->requests[{route_label, std::string(method), status}];
    Histogram& h = state_->durations[route_label];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++h.counts[i];
            break;
        }
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::InFlightAdd(int delta) { state_->in_flight.fetch_add(delta); }
void Metrics::ConnectionsAdd(int delta) { state_->connections.fetch_add(delta); }

namespace {

void AddReader(std::mutex& mutex, std::vector<Gauge>& gauges, Gauge gauge) {
    std::lock_guard lock(mutex);
    for (Gauge& g : gauges) {
        if (g.name == gauge.name) {  // a restarted component re-registers: the newest reader wins
            g = std::move(gauge);
            return;
        }
    }
    gauges.push_back(std::move(gauge));
}

}  // namespace

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    AddReader(state_->mutex, state_->gauges, Gauge{std::move(name), std::move(help), std::move(read), "gauge"});
}

void Metrics::AddCounter(std::string name, std::string help, std::function<double()> read) {
    AddReader(state_->mutex, state_->gauges, Gauge{std::move(name), std::move(help), std::move(read), "counter"});
}

std::string Metrics::RenderPrometheus() const {
    decltype(state_->requests) requests;
    decltype(state_->durations) durations;
    std::vector<Gauge> gauges;
    {
        std::lock_guard lock(state_->mutex);
        requests = state_->requests;
        durations = state_->durations;
        gauges = state_->gauges;
    }
    std::string out;
    AppendHeader(out, "palisade_http_requests_total", "HTTP requests answered, by route pattern, method and status.",
                 "counter");
    for (const auto& [key, n] : requests) {
        const auto& [route, method, status] = key;
        out += "palisade_http_requests_total{route=\"" + EscapeLabel(route) + "\",method=\"" + EscapeLabel(method) +
               "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
    AppendHeader(out, "palisade_http_request_duration_seconds",
                 "Time from a complete request to its response, by route pattern.", "histogram");
    for (const auto& [route, h] : durations) {
        const std::string label = "route=\"" + EscapeLabel(route) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += h.counts[i];
            out += "palisade_http_request_duration_seconds_bucket{" + label + ",le=\"" + FormatBound(kBuckets[i]) +
                   "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "palisade_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(h.count) +
               "\n";
        out += "palisade_http_request_duration_seconds_sum{" + label + "} " + FormatDouble(h.sum) + "\n";
        out += "palisade_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
    }
    AppendHeader(out, "palisade_http_in_flight_requests", "Requests being handled now.", "gauge");
    out += "palisade_http_in_flight_requests " + std::to_string(state_->in_flight.load()) + "\n";
    AppendHeader(out, "palisade_http_connections", "Open HTTP connections.", "gauge");
    out += "palisade_http_connections " + std::to_string(state_->connections.load()) + "\n";
    // Read outside the lock: a callback may take its own locks.
    for (const Gauge& g : gauges) {
        double value = std::nan("");
        try {
            if (g.read) value = g.read();
        } catch (...) {  // a broken gauge must not take /metrics down with it
        }
        AppendHeader(out, g.name, g.help, g.type);
        out += g.name + " " + FormatDouble(value) + "\n";
    }
    return out;
}

}  // namespace palisade::server
