// SPDX-License-Identifier: Apache-2.0
// TCP connect scan: an Asio event loop with C++20 coroutines, a fixed pool of workers (the concurrency limit, so
// memory does not grow with the number of probes), a per-host concurrency limit and connection rate, and adaptive
// per-host timeouts from the round trips it measures (RFC 6298 smoothing, as TCP and nmap do).
// open = connect succeeded (closed at once with a reset), closed = refused (RST), filtered = no answer after the
// retries, or an ICMP unreachable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/engine/module.hpp"
#include "scan/engine/port_spec.hpp"
#include "scan/engine/target.hpp"

namespace palisade::scan::ports {

struct ConnectScanOptions {
    int concurrency = 512;       // probes in flight, all hosts together (capped by the file-descriptor limit)
    int host_concurrency = 512;  // probes in flight per host
    double rate = 0;             // new connections per second per host; 0 = unlimited
    std::chrono::milliseconds initial_timeout{1000};  // before the first round trip of a host is measured
    std::chrono::milliseconds min_timeout{100};
    std::chrono::milliseconds max_timeout{3000};
    int max_retries = 1;  // extra tries of a port that did not answer
    // Hosts of a range that answer none of their first `down_after` probes are taken as down and skipped
    // (0 = never; the module uses it for CIDR targets only).
    int down_after = 0;
};

struct ScanHost {
    Address address;
    std::string name;
};

struct ConnectScanResult {
    std::vector<OpenPort> open;      // ascending by host order, then port
    std::vector<HostTally> tallies;  // every host that answered, and every host given by name
    std::uint64_t probes = 0;        // connection attempts, retries included
    std::uint64_t hosts_down = 0;
    bool stopped = false;            // the token stopped the scan before the end
};

using HostSource = std::function<std::optional<ScanHost>()>;
using ProgressFn = std::function<void(std::uint64_t done_ports, std::uint64_t total_ports)>;

// Scans every host the source yields on every port of `ports`. `total_hosts` is for progress only. Runs on the
// calling thread and returns when done or within ~100 ms of `cancel` stopping (partial result, stopped = true).
ConnectScanResult ConnectScan(const HostSource& hosts, std::uint64_t total_hosts, const PortSet& ports,
                              const ConnectScanOptions& options, const CancelToken& cancel,
                              const ProgressFn& progress = {});

// Raises the soft open-file limit to the hard limit; returns the limit now in force.
std::uint64_t RaiseFileLimit();

}  // namespace palisade::scan::ports
