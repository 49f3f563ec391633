// SPDX-License-Identifier: Apache-2.0
// Metrics: what /metrics serves, in Prometheus text format 0.0.4. Thread-safe; recording is lock-light.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace palisade::server {

class Metrics {
public:
    Metrics();
    ~Metrics();

    // One finished request: route pattern ("" for unmatched -> "unmatched"), method, status, latency.
    void RecordRequest(std::string_view route, std::string_view method, int status, double seconds);
    void InFlightAdd(int delta);
    void ConnectionsAdd(int delta);
    // A gauge read at render time (pool usage, database pool size...). Name must be a valid metric name.
    // Adding a name that exists replaces its reader (a restarted component re-registers). `read` is called
    // without locks held, from the thread that renders; it must stay callable as long as this object lives.
    void AddGauge(std::string name, std::string help, std::function<double()> read);
    // As AddGauge, for a value that only grows (rendered as TYPE counter; the name should end in _total).
    void AddCounter(std::string name, std::string help, std::function<double()> read);

    std::string RenderPrometheus() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace palisade::server
