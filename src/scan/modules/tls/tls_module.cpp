// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/tls_module.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>

#include <boost/json.hpp>

#include "scan/modules/tls/cert/certificate.hpp"
#include "scan/modules/tls/cert/rating.hpp"
#include "scan/modules/tls/tls_checks.hpp"
#include "scan/probe/tls/tls_conn.hpp"

namespace palisade::scan::tls {
namespace {

std::optional<Address> ParseAddress(const std::string& text) {
    Address a;
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        a.is_v4 = true;
        a.bytes[10] = 0xFF;
        a.bytes[11] = 0xFF;
        std::memcpy(a.bytes.data() + 12, &v4, 4);
        return a;
    }
    if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        std::memcpy(a.bytes.data(), &v6, 16);
        return a;
    }
    return std::nullopt;
}

std::string Location(const Address& address, std::uint16_t port) {
    std::string host = address.ToString();
    if (!address.is_v4) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

// What one endpoint produced; reported in endpoint order after all probes ran.
struct EndpointOutcome {
    std::vector<Finding> findings;
    std::optional<Rating> rating;
    std::string details_json;
    bool probed = false;
};

class TlsModule final : public Module {
  public:
    explicit TlsModule(TlsOptions options) : options_(std::move(options)) {}

    std::string_view Name() const override { return "tls"; }
    std::string_view Description() const override {
        return "TLS protocols, cipher suites, key exchange, TLS vulnerabilities, certificates and SSL Labs rating";
    }
    std::span<const CheckInfo> Checks() const override { return AllTlsModuleChecks(); }

    Status Run(ModuleContext& ctx) override {
        const TlsOptions options = options_.WithScan(ctx.options());
        std::vector<TlsEndpoint> endpoints = TlsEndpoints(ctx.state());
        std::vector<EndpointOutcome> outcomes(endpoints.size());
        std::atomic<std::size_t> finished{0};
        ctx.Progress(0, endpoints.empty() ? "no TLS endpoints" : "probing " + std::to_string(endpoints.size()) +
                                                                     " TLS endpoint(s)");
        ParallelFor(endpoints.size(), std::max(1, options.dialogue_concurrency), ctx.cancel(), [&](std::size_t i) {
            outcomes[i] = ProbeEndpoint(endpoints[i], options, ctx.cancel());
            std::size_t n = ++finished;
            ctx.Progress(static_cast<double>(n) / static_cast<double>(endpoints.size()),
                         endpoints[i].location + " done");
        });

        boost::json::array details;
        std::optional<int> worst_score;
        std::string worst_grade;
        for (auto& outcome : outcomes) {
            if (!outcome.probed) continue;
            for (auto& f : outcome.findings) ctx.Report(std::move(f));
            boost::system::error_code ec;
            boost::json::value v = boost::json::parse(outcome.details_json, ec);
            if (!ec) details.push_back(std::move(v));
            if (outcome.rating && !outcome.rating->grade.empty()) {
                if (!worst_score || outcome.rating->final_score < *worst_score) worst_score = outcome.rating->final_score;
                if (worst_grade.empty() || GradeRank(outcome.rating->grade) > GradeRank(worst_grade)) {
                    worst_grade = outcome.rating->grade;
                }
            }
        }
        if (worst_score) ctx.SetScore(*worst_score, worst_grade);
        boost::json::object root;
        root["endpoints"] = std::move(details);
        if (!worst_grade.empty()) root["grade"] = worst_grade;
        if (worst_score) root["score"] = *worst_score;
        ctx.SetDetails(boost::json::serialize(root));
        ctx.Progress(1.0, "done");
        return Ok();
    }

  private:
    static EndpointOutcome ProbeEndpoint(const TlsEndpoint& ep, const TlsOptions& options, const CancelToken& cancel) {
        EndpointOutcome out;
        out.probed = true;
        Endpoint endpoint{ep.address, ep.port, ep.name};
        TlsProber prober(endpoint, ProbeSettings{options.timeout, cancel}, options.steps);
        TlsProbeResult probe = prober.Run();

        std::optional<CertificateAnalysis> cert;
        if (probe.Best() && !cancel.Stopped()) {
            std::vector<std::string> chain;
            bool stapled = false;
            const bool tls_handshake_possible = probe.Supports(Protocol::kTls10) || probe.Supports(Protocol::kTls11) ||
                                                probe.Supports(Protocol::kTls12) || probe.Supports(Protocol::kTls13);
            if (options.fetch_certificate && tls_handshake_possible) {
                if (auto conn = Conn::Connect(ep.address, ep.port, options.timeout, cancel)) {
                    TlsClientOptions client;
                    client.sni = ep.name;
                    client.request_ocsp = true;
                    if (auto tls = TlsConn::Handshake(std::move(*conn), client, options.timeout)) {
                        chain = tls->PeerChainDer();
                        stapled = tls->OcspStapled();
                        tls->Close();
                    }
                }
            }
            if (chain.empty()) chain = probe.raw_chain;
            if (!chain.empty()) {
                CertificateOptions copt;
                copt.ca_file = options.ca_file;
                copt.host_name = ep.name.empty() ? ep.address.ToString() : ep.name;
                copt.now = std::chrono::system_clock::now();
                copt.expiry_warning_days = options.expiry_warning_days;
                cert = AnalyzeCertificates(chain, stapled, copt, ep.location);
            }
        }
        if (probe.Best()) {
            RatingInput input = BuildRatingInput(probe, cert ? &cert->summary : nullptr);
            out.rating = RateTls(input);
        }
        out.findings = EvaluateTls(probe, ep.location, out.rating);
        if (cert) {
            for (auto& f : cert->findings) out.findings.push_back(std::move(f));
        }
        out.details_json =
            EndpointDetailsJson(probe, ep.location, ep.name, cert ? std::string_view(cert->details_json) : "", out.rating);
        return out;
    }

    TlsOptions options_;
};

}  // namespace

TlsOptions TlsOptions::WithScan(const ScanOptions& scan) const {
    TlsOptions out = *this;
    static_cast<ScanOptions&>(out) = scan;
    return out;
}

std::vector<TlsEndpoint> TlsEndpoints(const TargetState& state) {
    std::vector<TlsEndpoint> out;
    auto add = [&](const Address& address, std::uint16_t port, const std::string& name) {
        for (const auto& e : out) {
            if (e.address == address && e.port == port) return;
        }
        out.push_back(TlsEndpoint{address, port, name, Location(address, port)});
    };
    for (const auto& s : state.services) {
        if (!s.tls || s.proto != "tcp") continue;
        if (auto a = ParseAddress(s.host)) add(*a, s.port, s.host_name);
    }
    for (const auto& p : state.open_ports) {
        if (std::find(std::begin(kTlsPorts), std::end(kTlsPorts), p.port) == std::end(kTlsPorts)) continue;
        bool known_plain = false;
        for (const auto& s : state.services) {
            if (s.port == p.port && !s.tls && s.method == "probed" && s.host == p.address.ToString()) known_plain = true;
        }
        if (!known_plain) add(p.address, p.port, p.name);
    }
    if (state.url && state.url->scheme == "https") {
        for (const auto& h : state.hosts) add(h.address, state.url->port, state.url->host);
        if (state.hosts.empty()) {
            if (auto a = ParseAddress(state.url->host)) add(*a, state.url->port, "");
        }
    }
    // An IP literal is not a name: no SNI, the certificate is checked against the address.
    for (auto& e : out) {
        if (ParseAddress(e.name)) e.name.clear();
    }
    return out;
}

std::unique_ptr<Module> MakeTlsModule() { return std::make_unique<TlsModule>(TlsOptions{}); }
std::unique_ptr<Module> MakeTlsModule(TlsOptions options) { return std::make_unique<TlsModule>(std::move(options)); }

std::span<const CheckInfo> AllTlsModuleChecks() {
    static const std::vector<CheckInfo> all = [] {
        std::vector<CheckInfo> v(TlsChecks().begin(), TlsChecks().end());
        for (const auto& c : CertificateChecks()) v.push_back(c);
        return v;
    }();
    return all;
}

}  // namespace palisade::scan::tls
