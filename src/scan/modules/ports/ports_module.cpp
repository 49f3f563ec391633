// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/ports/ports_module.hpp"

#include <algorithm>

#include "scan/modules/ports/connect_scan.hpp"

namespace palisade::scan {
namespace {

class PortsModule final : public Module {
  public:
    std::string_view Name() const override { return "ports"; }
    std::string_view Description() const override { return "TCP connect scan: open, closed and filtered ports"; }
    std::span<const CheckInfo> Checks() const override { return {}; }

    Status Run(ModuleContext& ctx) override {
        TargetState& state = ctx.state();
        const ScanOptions& options = ctx.options();

        // A URL target scans its own port unless --ports was given.
        PortSet ports = options.ports;
        if (state.url && !options.ports_given) {
            ports = PortSet{};
            ports.Add(state.url->port);
        }

        ports::ConnectScanOptions scan;
        scan.concurrency = options.concurrency;
        scan.host_concurrency = options.host_concurrency;
        scan.rate = options.rate;
        scan.max_timeout = options.timeout;
        scan.initial_timeout = std::min(options.timeout, std::chrono::milliseconds(1000));
        scan.min_timeout = std::min(options.timeout, std::chrono::milliseconds(100));

        // Addresses: resolved hosts, or the CIDR range enumerated lazily (memory constant in the range size).
        std::vector<Target> range;
        std::optional<AddressEnumerator> enumerator;
        std::size_t next_host = 0;
        std::uint64_t total_hosts = state.hosts.size();
        if (state.hosts.empty() && std::holds_alternative<CidrTarget>(state.target.value)) {
            range.push_back(state.target);
            enumerator.emplace(range);
            total_hosts = state.target.AddressCount();
            if (total_hosts > 1) scan.down_after = 64;
        }
        ports::HostSource source = [&]() -> std::optional<ports::ScanHost> {
            if (enumerator) {
                auto address = enumerator->Next();
                if (!address) return std::nullopt;
                return ports::ScanHost{*address, {}};
            }
            if (next_host >= state.hosts.size()) return std::nullopt;
            const auto& host = state.hosts[next_host++];
            return ports::ScanHost{host.address, host.name};
        };
        const double total = static_cast<double>(total_hosts) * static_cast<double>(ports.Count());
        auto progress = [&](std::uint64_t done, std::uint64_t) {
            ctx.Progress(total > 0 ? static_cast<double>(done) / total : 1.0,
                         std::to_string(done) + " of " + std::to_string(static_cast<std::uint64_t>(total)) + " ports");
        };
        auto result = ports::ConnectScan(source, total_hosts, ports, scan, ctx.cancel(), progress);

        auto lock = ctx.Lock();
        state.open_ports = std::move(result.open);
        state.tallies = std::move(result.tallies);
        state.closed_ports = 0;
        state.filtered_ports = 0;
        for (const auto& tally : state.tallies) {
            state.closed_ports += tally.closed;
            state.filtered_ports += tally.filtered;
        }
        lock.unlock();
        ctx.Progress(1.0, std::to_string(state.open_ports.size()) + " open");
        return Ok();
    }
};

}  // namespace

std::unique_ptr<Module> MakePortsModule() { return std::make_unique<PortsModule>(); }

}  // namespace palisade::scan
