// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/services/service_prober.hpp"

#include <algorithm>
#include <optional>
#include <variant>

#include <re2/re2.h>

#include "scan/probe/conn.hpp"
#include "scan/probe/tls/tls_conn.hpp"

namespace palisade::scan::services {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After a hard match the rest of a reply is seldom needed: a short gap ends it.
constexpr milliseconds kMatchedGap{100};

// A plain or TLS connection with one read/write interface.
class Stream {
  public:
    explicit Stream(Conn conn) : impl_(std::move(conn)) {}
    explicit Stream(TlsConn conn) : impl_(std::move(conn)) {}

    Status SendAll(std::string_view data, milliseconds timeout) {
        return std::visit([&](auto& c) { return c.SendAll(data, timeout); }, impl_);
    }
    Result<std::size_t> ReadSome(std::string& out, std::size_t max_bytes, milliseconds timeout) {
        return std::visit([&](auto& c) { return c.ReadSome(out, max_bytes, timeout); }, impl_);
    }

  private:
    std::variant<Conn, TlsConn> impl_;
};

bool Matches(const re2::RE2& re, std::string_view text) {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

void AddFacts(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const auto& f : from) {
        if (std::find(to.begin(), to.end(), f) == to.end()) to.push_back(f);
    }
}

}  // namespace

bool PortDetection::HasFact(std::string_view fact) const {
    return std::find(facts.begin(), facts.end(), fact) != facts.end();
}

struct ServiceProber::Reply {
    bool connected = false;      // TCP connected (and the TLS handshake succeeded when tls)
    bool tls_failed = false;     // TCP connected but the TLS handshake failed
    bool closed = false;         // the peer closed (or reset) the connection
    std::string bytes;
};

struct ServiceProber::Round {
    bool connected = false;
    bool tls_failed = false;     // tls round: the handshake failed on the first probe
    bool tunnel = false;         // a plain probe showed TLS
    bool wrapped = false;
    bool interrupted = false;
    std::optional<ServiceMatch> match;
    std::string probe;
    std::string reply;
};

bool ServiceProber::TlsFirst(std::uint16_t port) const {
    return std::any_of(rules_.probes.begin(), rules_.probes.end(),
                       [&](const ServiceProbe& p) { return !p.IsFollowUp() && p.in_tls && p.ListsPort(port, true); });
}

std::vector<const ServiceProbe*> ServiceProber::ProbeOrder(std::uint16_t port, bool tls) const {
    std::vector<const ServiceProbe*> order;
    auto usable = [&](const ServiceProbe& p) { return !p.IsFollowUp() && (!tls || p.in_tls); };
    auto add = [&](const ServiceProbe* p) {
        if (std::find(order.begin(), order.end(), p) == order.end()) order.push_back(p);
    };
    for (const auto& p : rules_.probes) {
        if (usable(p) && p.ListsPort(port, tls)) add(&p);
    }
    for (const auto& p : rules_.probes) {
        if (usable(p) && p.IsNull()) add(&p);
    }
    for (const auto& p : rules_.probes) {
        if (usable(p)) add(&p);
    }
    return order;
}

ServiceProber::Reply ServiceProber::Exchange(const ServiceProbe& probe, const Address& address, std::uint16_t port,
                                             bool tls, const std::string& sni, const CancelToken& cancel) const {
    Reply reply;
    auto conn = Conn::Connect(address, port, options_.timeout, cancel);
    if (!conn) return reply;
    std::optional<Stream> stream;
    if (tls) {
        TlsClientOptions tls_options;
        tls_options.sni = sni;
        tls_options.verify = false;
        auto session = TlsConn::Handshake(std::move(*conn), tls_options, options_.timeout);
        if (!session) {
            reply.tls_failed = true;
            return reply;
        }
        stream.emplace(std::move(*session));
    } else {
        stream.emplace(std::move(*conn));
    }
    reply.connected = true;

    const milliseconds wait = probe.wait ? std::min(*probe.wait, options_.timeout) : options_.timeout;
    const std::size_t cap = options_.max_reply_bytes;

    // Reads into reply.bytes until done(), close, cap, the deadline, or (once data came) a quiet gap.
    auto read_phase = [&](auto done) {
        const auto deadline = Clock::now() + wait;
        const std::size_t start = reply.bytes.size();
        bool matched = false;
        while (reply.bytes.size() < cap && !cancel.Stopped()) {
            auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) break;
            milliseconds slice = left;
            if (reply.bytes.size() > start) slice = std::min(left, matched ? kMatchedGap : options_.quiet_gap);
            auto n = stream->ReadSome(reply.bytes, cap - reply.bytes.size(), slice);
            if (!n) {
                if (n.error().code != ErrorCode::kTimeout) reply.closed = true;
                break;
            }
            if (*n == 0) {
                reply.closed = true;
                break;
            }
            int verdict = done(std::string_view(reply.bytes));
            if (verdict > 0) break;
            if (verdict < 0) matched = true;
        }
    };

    if (probe.banner) {
        read_phase([&](std::string_view b) { return Matches(*probe.banner, b) ? 1 : 0; });
        if (reply.closed || cancel.Stopped()) return reply;
    }
    if (!probe.payload.empty()) {
        if (!stream->SendAll(probe.payload, options_.timeout)) {
            // The peer may have answered and closed already (a refusal banner): keep what came.
            read_phase([](std::string_view) { return 0; });
            return reply;
        }
    }
    // done(): 1 = stop now; -1 = a hard rule matches (shorten the quiet gap); 0 = go on.
    read_phase([&](std::string_view b) {
        if (probe.until) return Matches(*probe.until, b) ? 1 : 0;
        auto m = Match(rules_, probe.name, b);
        if (!m || m->soft) return 0;
        if (m->tunnel_tls || b.back() == '\n') return 1;
        return -1;
    });
    return reply;
}

ServiceProber::Round ServiceProber::RunProbes(const Address& address, std::uint16_t port, bool tls,
                                              const std::string& sni, const CancelToken& cancel) const {
    Round round;
    bool all_closed_empty = true;
    bool first = true;
    std::optional<ServiceMatch> soft;
    std::string soft_probe, soft_reply;
    for (const ServiceProbe* probe : ProbeOrder(port, tls)) {
        if (cancel.Stopped()) {
            round.interrupted = true;
            break;
        }
        if (soft && !rules_.ProbeCanMatch(probe->name, soft->service)) continue;
        Reply reply = Exchange(*probe, address, port, tls, sni, cancel);
        if (!reply.connected) {
            if (first) {
                // Refused, filtered, no TLS, or cancelled: there is nothing more to learn this way.
                round.tls_failed = reply.tls_failed;
                round.interrupted = cancel.Stopped();
                return round;
            }
            continue;
        }
        first = false;
        round.connected = true;
        if (!(reply.closed && reply.bytes.empty())) all_closed_empty = false;
        auto m = Match(rules_, probe->name, reply.bytes);
        if (!m) continue;
        if (m->tunnel_tls) {
            if (tls) continue;  // TLS inside TLS: ignore
            round.tunnel = true;
            round.match = m;
            round.probe = probe->name;
            round.reply = std::move(reply.bytes);
            return round;
        }
        if (!m->soft) {
            if (soft && soft->service == m->service) AddFacts(m->facts, soft->facts);
            round.match = m;
            round.probe = probe->name;
            round.reply = std::move(reply.bytes);
            return round;
        }
        if (!soft) {
            soft = m;
            soft_probe = probe->name;
            soft_reply = std::move(reply.bytes);
        }
    }
    if (cancel.Stopped()) round.interrupted = true;
    if (soft) {
        round.match = soft;
        round.probe = soft_probe;
        round.reply = std::move(soft_reply);
    } else {
        round.wrapped = round.connected && all_closed_empty && !round.interrupted;
    }
    return round;
}

PortDetection ServiceProber::Detect(const Address& address, std::uint16_t port, const std::string& sni,
                                    const CancelToken& cancel) const {
    PortDetection out;
    Round round;
    bool in_tls = false;
    bool tls_seen = false;
    if (options_.tls && TlsFirst(port)) {
        round = RunProbes(address, port, true, sni, cancel);
        if (round.connected) {
            in_tls = true;
        } else if (!cancel.Stopped()) {
            round = RunProbes(address, port, false, sni, cancel);
        }
    } else {
        round = RunProbes(address, port, false, sni, cancel);
    }
    if (round.tunnel) {
        tls_seen = true;
        Round inner;
        if (options_.tls && !cancel.Stopped()) inner = RunProbes(address, port, true, sni, cancel);
        if (inner.connected) {
            in_tls = true;
            round = std::move(inner);
        } else {
            round.interrupted = round.interrupted || inner.interrupted;
        }
    }
    out.connected = round.connected;
    // Anything decided after the token stopped may rest on a cut-short exchange.
    out.interrupted = round.interrupted || cancel.Stopped();
    out.tls = in_tls || tls_seen;
    out.wrapped = round.wrapped;
    if (round.match && !round.match->tunnel_tls) {
        out.matched = true;
        out.soft = round.match->soft;
        out.service = round.match->service;
        out.product = round.match->product;
        out.version = round.match->version;
        out.info = round.match->info;
        out.facts = round.match->facts;
        out.probe = round.probe;
        out.reply = std::move(round.reply);
    } else if (out.tls) {
        out.matched = true;
        out.soft = true;
        out.service = "tls";
        out.probe = round.probe;
    }
    if (!out.matched || out.service == "tls" || !options_.follow_ups) return out;

    for (const auto& probe : rules_.probes) {
        if (cancel.Stopped()) {
            out.interrupted = true;
            break;
        }
        if (!probe.IsFollowUp() || (in_tls && !probe.in_tls)) continue;
        if (std::find(probe.after.begin(), probe.after.end(), out.service) == probe.after.end()) continue;
        Reply reply = Exchange(probe, address, port, in_tls, sni, cancel);
        if (!reply.connected || reply.bytes.empty()) continue;
        out.follow_ups_answered.push_back(probe.name);
        auto m = Match(rules_, probe.name, reply.bytes);
        if (!m || m->service != out.service) continue;
        AddFacts(out.facts, m->facts);
        if (!m->soft) {
            if (out.product.empty()) out.product = m->product;
            if (out.version.empty()) out.version = m->version;
            if (out.info.empty()) out.info = m->info;
        }
    }
    return out;
}

}  // namespace palisade::scan::services
