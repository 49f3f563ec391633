// SPDX-License-Identifier: Apache-2.0
// Service detection on one open TCP port: runs the probes of a ServiceRules against it (each on a fresh connection,
// plain or inside TLS), matches the replies, and runs the follow-up probes of the service it found. Blocking; every
// connect, handshake and read has a deadline and a byte cap, and everything stops soon after the CancelToken stops.
// One prober may be used from several threads at once (it holds no per-port state).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/engine/target.hpp"
#include "scan/modules/services/service_rules.hpp"

namespace palisade::scan::services {

struct ProberOptions {
    std::chrono::milliseconds timeout{3000};      // connect, handshake, and the default wait for a reply
    std::size_t max_reply_bytes = 16 * 1024;      // per reply; a server that talks forever is cut here
    std::chrono::milliseconds quiet_gap{500};     // once data came, this much silence ends a reply
    bool tls = true;                              // probe inside TLS when the port is TLS-first or shows TLS
    bool follow_ups = true;                       // run the follow-up probes of the service found
};

// What was learnt about one port.
struct PortDetection {
    bool connected = false;   // at least one probe connected
    bool matched = false;     // a rule named the service (hard or soft)
    bool soft = false;        // only a soft rule matched
    bool tls = false;         // the service was found inside TLS (or TLS was seen and nothing inside matched)
    bool wrapped = false;     // every probe's connection was closed by the peer without a byte (tcpwrapped)
    bool interrupted = false; // the cancel token stopped before the probes were done
    std::string service;      // plain name ("http", not "https"); "tls" when only TLS was recognised
    std::string product;
    std::string version;
    std::string info;
    std::vector<std::string> facts;     // from the detection match and the follow-ups
    std::string probe;                  // the probe whose reply matched
    std::string reply;                  // that reply (capped), for evidence; never logged
    std::vector<std::string> follow_ups_answered;  // follow-up probes that got a reply

    bool HasFact(std::string_view fact) const;
};

class ServiceProber {
  public:
    // `rules` must outlive the prober.
    ServiceProber(const ServiceRules& rules, ProberOptions options) : rules_(rules), options_(options) {}

    // Detects the service on address:port. `sni` is the host name for TLS (empty for none). Never fails: what could
    // not be learnt stays unset.
    PortDetection Detect(const Address& address, std::uint16_t port, const std::string& sni,
                         const CancelToken& cancel) const;

    // The detection probes for a port, in the order they are tried (see data/services.yaml).
    std::vector<const ServiceProbe*> ProbeOrder(std::uint16_t port, bool tls) const;

  private:
    struct Reply;
    struct Round;
    Reply Exchange(const ServiceProbe& probe, const Address& address, std::uint16_t port, bool tls,
                   const std::string& sni, const CancelToken& cancel) const;
    Round RunProbes(const Address& address, std::uint16_t port, bool tls, const std::string& sni,
                    const CancelToken& cancel) const;
    bool TlsFirst(std::uint16_t port) const;

    const ServiceRules& rules_;
    ProberOptions options_;
};

}  // namespace palisade::scan::services
