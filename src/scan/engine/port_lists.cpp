// SPDX-License-Identifier: Apache-2.0
// The built-in port lists of `--ports top100` and `--ports top1000`.
//
// How they were chosen: by hand, from the IANA assignments (well-known ports 1-1023 and registered ports) and the
// documented default ports of widely deployed services, grouped by kind: web, remote access, mail, file sharing,
// name service, directory, databases and caches, message queues, VPN, VoIP, monitoring and orchestration, and
// development servers. They are NOT derived from nmap's nmap-services frequency data (its licence forbids shipping
// it), so the order inside a group is ours and carries no frequency claim.
//
// top1000 is built at compile time, skipping duplicates, from: (1) the top100 list; (2) further registered and
// conventional service ports (kExtraServicePorts); (3) contiguous ranges of commonly used alternate ports
// (kAlternateRanges: 8000-8100, 9000-9100, and the first ports above 3000, 4000, ... 10000 that dev servers and
// appliances pick); (4) the remaining IANA well-known ports in ascending order, until exactly 1000 are reached.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>

#include "scan/engine/port_spec.hpp"

namespace palisade::scan {
namespace {

// One group of services per line, so the formatter must not put one port per line.
// clang-format off
constexpr std::array<std::uint16_t, 100> kTop100 = {
    // Web and web administration.
    80, 443, 8080, 8443, 8000, 8008, 8081, 8888, 8880, 4443, 9443,
    // Remote access and administration.
    22, 23, 3389, 5900, 5901, 5985, 5986, 2222, 514, 10000,
    // Mail.
    25, 110, 143, 465, 587, 993, 995, 2525,
    // File transfer and sharing.
    20, 21, 139, 445, 2049, 111, 873, 990, 548,
    // Name service, routing, RPC, printing, proxies.
    53, 135, 179, 631, 515, 1080, 3128,
    // Directory and authentication.
    88, 389, 636, 464, 3268, 3269,
    // Databases and caches.
    1433, 1521, 3306, 5432, 27017, 6379, 9200, 9300, 5984, 9042, 11211, 50000, 26257, 8123,
    // Message queues and streaming.
    5672, 15672, 1883, 8883, 61616, 4222, 9092, 5222, 6667,
    // VPN and tunnelling.
    1194, 1723,
    // VoIP.
    5060, 5061,
    // Monitoring, orchestration and infrastructure services.
    9100, 9090, 9093, 10050, 10051, 5601, 8086, 2379, 2375, 2376, 6443, 10250, 8500, 8200, 9418,
    // Application servers and development servers.
    3000, 5000, 9000, 7001, 8009, 4848, 8161,
};

constexpr std::uint16_t kExtraServicePorts[] = {
    // Web: alternate HTTP(S), proxies, admin consoles and framework defaults.
    81, 82, 83, 88, 591, 593, 2000, 2082, 2083, 2086, 2087, 2095, 2096, 3001, 3002, 3003, 4000, 4001, 4200, 4567,
    5001, 5173, 5601, 5800, 6001, 7000, 7002, 7070, 7080, 7443, 8001, 8002, 8082, 8083, 8084, 8085, 8088, 8089,
    8090, 8091, 8096, 8180, 8181, 8243, 8280, 8281, 8333, 8530, 8531, 8800, 8834, 8843, 8889, 8983, 9001, 9002,
    9043, 9060, 9080, 9081, 9091, 9444, 9800, 9981, 10001, 12443, 16080, 18080, 18091, 18092, 20000, 28080,
    // Remote access, management and out-of-band consoles.
    512, 513, 543, 544, 623, 664, 902, 903, 1494, 2179, 3283, 4899, 5631, 5632, 5902, 5903, 5938, 6000, 6001,
    8291, 8728, 8729, 16992, 16993, 17988, 47001,
    // Mail, news and chat.
    26, 106, 109, 119, 220, 563, 585, 1109, 4190, 5223, 5269, 5280, 6697, 7777, 9998, 11332,
    // File transfer and sharing, storage.
    69, 115, 137, 138, 427, 497, 600, 2121, 3260, 3261, 4045, 6346, 6881, 8021, 9102, 9103, 9333, 10080, 20048,
    // Name service, time, network infrastructure.
    37, 42, 43, 67, 68, 113, 123, 161, 162, 199, 546, 547, 853, 1812, 1813, 1985, 2601, 2604, 2605, 3478, 3479,
    5353, 5355, 8053,
    // Directory, identity and authentication.
    749, 750, 751, 754, 1645, 1646, 3890, 8089, 9389,
    // Databases and caches.
    1434, 1830, 2483, 2484, 3050, 3351, 4333, 5000, 5050, 5433, 5984, 6380, 7199, 7473, 7474, 7687, 8087, 8098,
    8529, 9160, 9191, 11210, 27018, 27019, 28015, 28017, 29015, 33060, 50001,
    // Message queues, streaming and coordination.
    1099, 2181, 2888, 3888, 4369, 5671, 6650, 6651, 8161, 8222, 9094, 9093, 25672, 61613, 61614,
    // VPN, tunnelling and security appliances.
    500, 1701, 4500, 1293, 10443, 4433, 8388, 51820,
    // VoIP, video and streaming media.
    554, 1719, 1720, 1935, 2000, 3480, 5004, 5005, 8554,
    // Monitoring, logging, orchestration and cloud.
    514, 2003, 2004, 2380, 3100, 4194, 5044, 5665, 6060, 6783, 8125, 8126, 8300, 8301, 8302, 8400, 8600, 9115,
    9116, 9187, 9256, 9411, 9600, 10248, 10249, 10255, 10256, 14250, 14268, 16686, 24224, 30000, 32400, 4040,
    // Application servers, CI and development tools.
    1098, 2100, 3690, 4848, 5555, 6543, 7071, 7990, 7999, 8005, 8069, 8111, 8140, 8172, 8383, 8761, 8765, 9009,
    9111, 9418, 9990, 9999, 11111, 50070, 50075,
    // Printing, industrial and building control.
    102, 502, 1911, 2404, 20000, 44818, 47808, 9100,
};

constexpr std::pair<std::uint16_t, std::uint16_t> kAlternateRanges[] = {
    {8000, 8100}, {9000, 9100}, {3000, 3010}, {4000, 4010}, {5000, 5010}, {6000, 6010}, {7000, 7010}, {10000, 10010},
};
// clang-format on

struct Builder {
    std::array<std::uint16_t, 1000> ports{};
    std::size_t size = 0;
    std::array<std::uint64_t, 1024> seen{};  // a bitmap, to stay well inside the compiler's constexpr budget

    constexpr void Add(std::uint16_t port) {
        const std::uint64_t bit = std::uint64_t{1} << (port % 64);
        if (size == ports.size() || (seen[port / 64] & bit) != 0) return;
        seen[port / 64] |= bit;
        ports[size++] = port;
    }
};

constexpr Builder BuildTop1000() {
    Builder b;
    for (std::uint16_t p : kTop100) b.Add(p);
    for (std::uint16_t p : kExtraServicePorts) b.Add(p);
    for (auto [first, last] : kAlternateRanges) {
        for (std::uint32_t p = first; p <= last; ++p) b.Add(static_cast<std::uint16_t>(p));
    }
    for (std::uint16_t p = 1; p <= 1023; ++p) b.Add(p);
    return b;
}

constexpr Builder kTop1000 = BuildTop1000();
static_assert(kTop1000.size == 1000, "the top1000 sources must yield at least 1000 distinct ports");
static_assert(std::equal(kTop100.begin(), kTop100.end(), kTop1000.ports.begin()), "top1000 starts with top100");

}  // namespace

std::span<const std::uint16_t> Top100Ports() { return kTop100; }
std::span<const std::uint16_t> Top1000Ports() { return kTop1000.ports; }

}  // namespace palisade::scan
