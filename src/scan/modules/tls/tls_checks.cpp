// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/tls_checks.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <boost/json.hpp>

namespace palisade::scan::tls {
namespace {

constexpr std::string_view kRatingGuide = "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide";

constexpr CheckInfo kChecks[] = {
    {"tls.protocol.sslv2", "SSLv2 is enabled", Severity::kHigh, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
     "CWE-327",
     "Disable SSLv2 on this service (and on every service that shares its key, because of DROWN); offer TLS 1.2 "
     "and TLS 1.3 only.",
     "https://www.rfc-editor.org/rfc/rfc6176 https://drownattack.com/ https://nvd.nist.gov/vuln/detail/CVE-2016-0800"},
    {"tls.protocol.sslv3", "SSLv3 is enabled", Severity::kMedium, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N",
     "CWE-327", "Disable SSLv3 (POODLE); offer TLS 1.2 and TLS 1.3 only.",
     "https://www.rfc-editor.org/rfc/rfc7568 https://nvd.nist.gov/vuln/detail/CVE-2014-3566"},
    {"tls.protocol.tls1_0", "TLS 1.0 is enabled", Severity::kLow, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
     "CWE-327", "Disable TLS 1.0 (deprecated by RFC 8996); offer TLS 1.2 and TLS 1.3.",
     "https://www.rfc-editor.org/rfc/rfc8996 https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.protocol.tls1_1", "TLS 1.1 is enabled", Severity::kLow, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
     "CWE-327", "Disable TLS 1.1 (deprecated by RFC 8996); offer TLS 1.2 and TLS 1.3.",
     "https://www.rfc-editor.org/rfc/rfc8996"},
    {"tls.protocol.no_tls1_2", "Neither TLS 1.2 nor TLS 1.3 is supported", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-327",
     "Upgrade the TLS library or its configuration so that TLS 1.2 and TLS 1.3 are offered.",
     "https://www.rfc-editor.org/rfc/rfc8996 https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.protocol.no_tls1_3", "TLS 1.3 is not supported", Severity::kInfo, "", "",
     "Enable TLS 1.3 (OpenSSL 1.1.1+, recent web servers) next to TLS 1.2.",
     "https://www.rfc-editor.org/rfc/rfc8446"},
    {"tls.cipher.null", "NULL cipher suites (no encryption) are accepted", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-327,CWE-319",
     "Remove every NULL suite from the server's cipher list (OpenSSL: add !eNULL).",
     "https://www.rfc-editor.org/rfc/rfc9325#section-4.1"},
    {"tls.cipher.anonymous", "Anonymous (unauthenticated) cipher suites are accepted", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-327,CWE-306",
     "Remove the anonymous DH/ECDH suites (OpenSSL: add !aNULL); they allow a man in the middle.",
     "https://www.rfc-editor.org/rfc/rfc9325#section-4.1"},
    {"tls.cipher.export", "Export-grade cipher suites are accepted", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-327,CWE-326",
     "Remove every EXPORT suite (OpenSSL: add !EXPORT); they enable FREAK and Logjam downgrades.",
     "https://freakattack.com/ https://weakdh.org/ https://nvd.nist.gov/vuln/detail/CVE-2015-0204 "
     "https://nvd.nist.gov/vuln/detail/CVE-2015-4000"},
    {"tls.cipher.rc4", "RC4 cipher suites are accepted", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-327",
     "Remove the RC4 suites (RFC 7465 prohibits them; OpenSSL: add !RC4).",
     "https://www.rfc-editor.org/rfc/rfc7465 https://nvd.nist.gov/vuln/detail/CVE-2013-2566 "
     "https://nvd.nist.gov/vuln/detail/CVE-2015-2808"},
    {"tls.cipher.des", "Single-DES cipher suites are accepted", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-327,CWE-326",
     "Remove the DES suites (56-bit keys are brute-forced in hours; OpenSSL: add !DES).",
     "https://www.rfc-editor.org/rfc/rfc5469"},
    {"tls.cipher.3des", "3DES cipher suites are accepted (SWEET32)", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-327",
     "Remove the 3DES and other 64-bit block cipher suites (OpenSSL: add !3DES).",
     "https://sweet32.info/ https://nvd.nist.gov/vuln/detail/CVE-2016-2183"},
    {"tls.cipher.cbc_tls1_0", "CBC cipher suites are accepted with TLS 1.0 or SSLv3 (BEAST)", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-327",
     "Disable TLS 1.0 and SSLv3; where TLS 1.0 must stay, clients need the 1/n-1 record split.",
     "https://nvd.nist.gov/vuln/detail/CVE-2011-3389 https://www.rfc-editor.org/rfc/rfc8996"},
    {"tls.cipher.static_rsa", "Cipher suites with static RSA key exchange are accepted", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-327",
     "Prefer (and preferably offer only) ECDHE/DHE suites, so that a stolen server key does not decrypt recorded "
     "traffic; static RSA is also the precondition of ROBOT-style oracles.",
     "https://www.rfc-editor.org/rfc/rfc9325#section-4.1 https://robotattack.org/"},
    {"tls.cipher.no_forward_secrecy", "No cipher suite with forward secrecy is accepted", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-327",
     "Enable ECDHE (and TLS 1.3) suites so that session keys cannot be recovered from the server's private key.",
     "https://www.rfc-editor.org/rfc/rfc9325#section-4.1 https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.cipher.no_aead", "No AEAD cipher suite (GCM, CHACHA20-POLY1305, CCM) is accepted", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-327",
     "Enable TLS 1.2 AEAD suites (ECDHE with AES-GCM or CHACHA20-POLY1305) and TLS 1.3.",
     "https://www.rfc-editor.org/rfc/rfc9325#section-4.2 https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.cipher.no_server_preference", "The server follows the client's cipher order", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-757",
     "Enable server cipher preference (nginx ssl_prefer_server_ciphers on; OpenSSL "
     "SSL_OP_CIPHER_SERVER_PREFERENCE) when weaker suites are still offered.",
     "https://wiki.mozilla.org/Security/Server_Side_TLS"},
    {"tls.kex.weak_dh", "Diffie-Hellman key exchange with a group smaller than 2048 bits", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-326",
     "Use DH groups of at least 2048 bits (RFC 7919 ffdhe2048 or larger), or drop DHE in favour of ECDHE.",
     "https://weakdh.org/ https://www.rfc-editor.org/rfc/rfc7919 https://nvd.nist.gov/vuln/detail/CVE-2015-4000"},
    {"tls.kex.weak_ecdh", "Elliptic-curve key exchange on a curve smaller than 224 bits", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-326",
     "Offer only X25519, P-256 or larger curves (OpenSSL groups X25519:P-256:P-384).",
     "https://www.rfc-editor.org/rfc/rfc8422 https://www.rfc-editor.org/rfc/rfc9325#section-4.2.1"},
    {"tls.vuln.heartbleed", "The server is vulnerable to Heartbleed", Severity::kCritical,
     "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-125",
     "Upgrade OpenSSL (1.0.1g or later), restart every process that uses it, then replace the private key, "
     "revoke the certificate and invalidate sessions and passwords that may have leaked.",
     "https://heartbleed.com/ https://nvd.nist.gov/vuln/detail/CVE-2014-0160"},
    {"tls.vuln.compression", "TLS compression is enabled (CRIME)", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", "CWE-200",
     "Disable TLS-level compression (OpenSSL SSL_OP_NO_COMPRESSION, the default since 1.1.0).",
     "https://nvd.nist.gov/vuln/detail/CVE-2012-4929 https://www.rfc-editor.org/rfc/rfc7457#section-2.6"},
    {"tls.vuln.insecure_renegotiation", "The server does not support secure renegotiation (RFC 5746)",
     Severity::kMedium, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N", "CWE-300",
     "Upgrade the TLS library so that it implements RFC 5746 renegotiation_info, or disable renegotiation.",
     "https://www.rfc-editor.org/rfc/rfc5746 https://nvd.nist.gov/vuln/detail/CVE-2009-3555"},
    {"tls.vuln.no_fallback_scsv", "TLS_FALLBACK_SCSV is not honoured (downgrade protection)", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-757",
     "Upgrade the TLS library so that it rejects TLS_FALLBACK_SCSV hellos below its best version (RFC 7507), or "
     "offer a single protocol version.",
     "https://www.rfc-editor.org/rfc/rfc7507"},
    {"tls.grade.low", "The TLS configuration is rated C or worse", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-326,CWE-327",
     "Fix the issues listed as grade caps (protocols, suites, key sizes) until the endpoint rates A.",
     "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
};

const CheckInfo& Check(std::string_view id) {
    for (const auto& c : kChecks) {
        if (c.id == id) return c;
    }
    PALISADE_ASSERT(false, "unknown TLS check id");
    return kChecks[0];
}

// Suites grouped by protocol for evidence: "TLSv1.0: A, B; TLSv1.2: C".
class SuiteList {
  public:
    void Add(Protocol p, std::string name) {
        auto& v = by_protocol_[p];
        if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(std::move(name));
    }
    bool empty() const { return by_protocol_.empty(); }
    std::string Text() const {
        std::string out;
        for (const auto& [p, names] : by_protocol_) {
            if (!out.empty()) out += "; ";
            out += std::string(ProtocolName(p)) + ": ";
            for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
        }
        return out;
    }

  private:
    std::map<Protocol, std::vector<std::string>> by_protocol_;
};

template <typename Pred>
SuiteList Collect(const TlsProbeResult& probe, Pred pred) {
    SuiteList list;
    for (const auto& pc : probe.ciphers) {
        for (auto code : pc.suites) {
            const CipherSuite* s = FindCipherSuite(code);
            if (s && pred(*s, pc.protocol)) list.Add(pc.protocol, s->iana_name);
        }
    }
    return list;
}

template <typename Pred>
SuiteList CollectSslv2(const TlsProbeResult& probe, Pred pred) {
    SuiteList list;
    if (const ProtocolCiphers* pc = probe.CiphersOf(Protocol::kSsl2)) {
        for (auto code : pc->sslv2_kinds) {
            const Sslv2CipherKind* k = FindSslv2CipherKind(code);
            if (k && pred(*k)) list.Add(Protocol::kSsl2, std::string(k->name));
        }
    }
    return list;
}

std::string Join(const SuiteList& a, const SuiteList& b) {
    std::string x = a.Text();
    std::string y = b.Text();
    if (x.empty()) return y;
    if (y.empty()) return x;
    return y + "; " + x;
}

std::string SupportedProtocolsText(const TlsProbeResult& probe) {
    std::string out;
    for (Protocol p : kAllProtocols) {
        if (probe.Supports(p)) out += (out.empty() ? "" : ", ") + std::string(ProtocolName(p));
    }
    return out.empty() ? "none" : out;
}

std::string Hex4(unsigned code, int digits = 4) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%0*X", digits, code);
    return buf;
}

boost::json::value OptionalBool(const std::optional<bool>& v) {
    if (!v) return nullptr;
    return *v;
}

}  // namespace

std::span<const CheckInfo> TlsChecks() { return kChecks; }

int GradeRank(std::string_view grade) {
    static constexpr std::string_view kOrder[] = {"A+", "A", "A-", "B", "C", "D", "E", "T", "M", "F"};
    for (std::size_t i = 0; i < std::size(kOrder); ++i) {
        if (kOrder[i] == grade) return static_cast<int>(i);
    }
    return static_cast<int>(std::size(kOrder));
}

RatingInput BuildRatingInput(const TlsProbeResult& probe, const CertificateSummary* cert) {
    RatingInput in;
    in.sslv2 = probe.Supports(Protocol::kSsl2);
    in.sslv3 = probe.Supports(Protocol::kSsl3);
    in.tls1_0 = probe.Supports(Protocol::kTls10);
    in.tls1_1 = probe.Supports(Protocol::kTls11);
    in.tls1_2 = probe.Supports(Protocol::kTls12);
    in.tls1_3 = probe.Supports(Protocol::kTls13);
    for (const auto& pc : probe.ciphers) {
        for (auto code : pc.sslv2_kinds) {
            const Sslv2CipherKind* k = FindSslv2CipherKind(code);
            if (!k) continue;
            in.cipher_bits.push_back(k->bits);
            in.export_suites |= k->export_grade;
            in.rc4 |= k->openssl_name.find("RC4") != std::string_view::npos;
        }
        for (auto code : pc.suites) {
            const CipherSuite* s = FindCipherSuite(code);
            if (!s) continue;
            const bool tls11_plus = pc.protocol >= Protocol::kTls11;
            in.cipher_bits.push_back(s->bits);
            in.export_suites |= s->export_grade;
            in.anonymous_suites |= s->anonymous;
            in.rc4 |= s->rc4;
            in.rc4_with_tls1_1_plus |= s->rc4 && tls11_plus;
            in.block64_with_tls1_1_plus |= s->block64 && tls11_plus;
            in.cbc_with_ssl3 |= s->cbc && pc.protocol == Protocol::kSsl3;
            in.cbc_with_tls1_0 |= s->cbc && pc.protocol == Protocol::kTls10;
            in.any_aead |= s->aead;
            in.any_forward_secrecy |= s->forward_secrecy;
        }
    }
    in.weakest_dh_bits = probe.WeakestDhBits();
    in.weakest_ecdh_bits = probe.WeakestEcdhBits();
    in.heartbleed = probe.heartbleed.value_or(false);
    in.compression = probe.compression.value_or(false);
    in.secure_renegotiation = probe.secure_renegotiation.value_or(true);
    in.insecure_client_renegotiation = false;  // not probed (it needs a completed handshake)
    in.fallback_scsv = probe.fallback_scsv;
    if (cert != nullptr) {
        in.server_key_bits = cert->key_bits;
        in.server_key_type = cert->key_type;
        in.cert_trusted = cert->trusted;
        in.cert_name_matches = cert->name_matches;
        in.cert_expired = cert->expired;
        in.cert_self_signed = cert->self_signed;
        in.cert_sha1_signature = cert->sha1_signature;
        in.cert_md5_or_md2_signature = cert->md5_or_md2_signature;
        in.cert_rsa_exponent_1 = cert->rsa_exponent_1;
        in.chain_incomplete = !cert->chain_complete;
    } else {
        in.cert_trusted = false;
    }
    return in;
}

std::vector<Finding> EvaluateTls(const TlsProbeResult& probe, std::string_view location,
                                 const std::optional<Rating>& rating) {
    std::vector<Finding> out;
    const std::string loc(location);
    auto add = [&](std::string_view id, std::string evidence, std::vector<std::string> cve = {}) {
        out.push_back(MakeFinding(Check(id), loc, std::move(evidence), {}, std::move(cve)));
    };
    if (!probe.Best()) return out;

    // Protocols.
    if (probe.Supports(Protocol::kSsl2)) {
        std::string kinds = CollectSslv2(probe, [](const Sslv2CipherKind&) { return true; }).Text();
        add("tls.protocol.sslv2", "The server answered an SSLv2 CLIENT-HELLO" + (kinds.empty() ? "" : " (" + kinds + ")"),
            {"CVE-2016-0800"});
    }
    auto protocol_finding = [&](Protocol p, std::string_view id, std::vector<std::string> cve = {}) {
        if (!probe.Supports(p)) return;
        std::string suites = Collect(probe, [p](const CipherSuite&, Protocol q) { return q == p; }).Text();
        add(id, "The server accepted a " + std::string(ProtocolName(p)) + " ClientHello" +
                    (suites.empty() ? "" : " (" + suites + ")"),
            std::move(cve));
    };
    protocol_finding(Protocol::kSsl3, "tls.protocol.sslv3", {"CVE-2014-3566"});
    protocol_finding(Protocol::kTls10, "tls.protocol.tls1_0");
    protocol_finding(Protocol::kTls11, "tls.protocol.tls1_1");
    if (!probe.Supports(Protocol::kTls12) && !probe.Supports(Protocol::kTls13)) {
        add("tls.protocol.no_tls1_2", "Supported protocols: " + SupportedProtocolsText(probe));
    }
    if (!probe.Supports(Protocol::kTls13)) {
        add("tls.protocol.no_tls1_3", "Supported protocols: " + SupportedProtocolsText(probe));
    }

    // Cipher suites.
    auto suite_finding = [&](std::string_view id, auto pred, auto pred2, std::vector<std::string> cve = {}) {
        SuiteList tls = Collect(probe, pred);
        SuiteList v2 = CollectSslv2(probe, pred2);
        if (tls.empty() && v2.empty()) return;
        add(id, "Accepted: " + Join(tls, v2), std::move(cve));
    };
    auto none2 = [](const Sslv2CipherKind&) { return false; };
    suite_finding("tls.cipher.null", [](const CipherSuite& s, Protocol) { return s.null_cipher; }, none2);
    suite_finding("tls.cipher.anonymous", [](const CipherSuite& s, Protocol) { return s.anonymous; }, none2);
    suite_finding("tls.cipher.export", [](const CipherSuite& s, Protocol) { return s.export_grade; },
                  [](const Sslv2CipherKind& k) { return k.export_grade; });
    suite_finding("tls.cipher.rc4", [](const CipherSuite& s, Protocol) { return s.rc4; },
                  [](const Sslv2CipherKind& k) { return k.openssl_name.find("RC4") != std::string_view::npos; },
                  {"CVE-2013-2566", "CVE-2015-2808"});
    suite_finding("tls.cipher.des", [](const CipherSuite& s, Protocol) { return s.single_des && !s.export_grade; },
                  [](const Sslv2CipherKind& k) { return k.code == 0x060040; });
    suite_finding("tls.cipher.3des", [](const CipherSuite& s, Protocol) { return s.triple_des; },
                  [](const Sslv2CipherKind& k) { return k.code == 0x0700C0; }, {"CVE-2016-2183"});
    suite_finding(
        "tls.cipher.cbc_tls1_0",
        [](const CipherSuite& s, Protocol p) { return s.cbc && (p == Protocol::kTls10 || p == Protocol::kSsl3); },
        none2, {"CVE-2011-3389"});
    suite_finding("tls.cipher.static_rsa",
                  [](const CipherSuite& s, Protocol) { return s.kx == KeyExchange::kRsa && !s.export_grade; }, none2);

    bool any_suite = false;
    bool any_fs = false;
    bool any_aead = false;
    for (const auto& pc : probe.ciphers) {
        for (auto code : pc.suites) {
            const CipherSuite* s = FindCipherSuite(code);
            if (!s) continue;
            any_suite = true;
            any_fs |= s->forward_secrecy;
            any_aead |= s->aead;
        }
        any_suite |= !pc.sslv2_kinds.empty();
    }
    if (any_suite && !any_fs) {
        add("tls.cipher.no_forward_secrecy", "None of the accepted suites uses an ephemeral (EC)DHE key exchange");
    }
    if (any_suite && !any_aead) add("tls.cipher.no_aead", "None of the accepted suites is an AEAD suite");
    std::string client_order;
    for (const auto& pc : probe.ciphers) {
        if (pc.server_preference == false) client_order += (client_order.empty() ? "" : ", ") + std::string(ProtocolName(pc.protocol));
    }
    if (!client_order.empty()) {
        add("tls.cipher.no_server_preference",
            "The server chose the client's first suite in both orders of a two-suite hello on " + client_order);
    }

    // Key exchange.
    std::string weak_dh;
    for (const auto& k : probe.ephemeral_keys) {
        if (k.kind == "DH" && k.bits > 0 && k.bits < 2048) {
            weak_dh += (weak_dh.empty() ? "" : ", ") + std::string(ProtocolName(k.protocol)) + " " +
                       CipherSuiteName(k.suite) + " (" + std::to_string(k.bits) + "-bit group)";
        }
    }
    if (!weak_dh.empty()) add("tls.kex.weak_dh", "ServerKeyExchange: " + weak_dh, {"CVE-2015-4000"});
    std::string weak_ec;
    for (const auto& g : probe.groups) {
        const NamedGroup* info = FindGroup(g.group);
        if (info && info->kind != GroupKind::kFfdhe && info->bits < 224 && (g.tls12 || g.tls13)) {
            weak_ec += (weak_ec.empty() ? "" : ", ") + std::string(info->name) + " (" + std::to_string(info->bits) + " bits)";
        }
    }
    for (const auto& k : probe.ephemeral_keys) {
        if (k.kind == "ECDH" && k.group == 0 && k.bits > 0 && k.bits < 224) {
            weak_ec += (weak_ec.empty() ? "" : ", ") + std::string("explicit curve (") + std::to_string(k.bits) + " bits)";
        }
    }
    if (!weak_ec.empty()) add("tls.kex.weak_ecdh", "Accepted curves: " + weak_ec);

    // Vulnerabilities.
    if (probe.heartbleed == true) {
        add("tls.vuln.heartbleed",
            "The server answered a heartbeat request that claimed 16384 payload bytes but carried none",
            {"CVE-2014-0160"});
    }
    if (probe.compression == true) {
        add("tls.vuln.compression", "The server selected DEFLATE compression in its ServerHello", {"CVE-2012-4929"});
    }
    if (probe.secure_renegotiation == false) {
        add("tls.vuln.insecure_renegotiation",
            "The ServerHello carried no renegotiation_info extension although the ClientHello offered it",
            {"CVE-2009-3555"});
    }
    if (probe.fallback_scsv == false) add("tls.vuln.no_fallback_scsv", probe.fallback_detail);

    if (rating && !rating->grade.empty()) {
        std::string_view g = rating->grade;
        if (g == "C" || g == "D" || g == "E" || g == "F") {
            std::string evidence = "Grade " + rating->grade + " (score " + std::to_string(rating->final_score) + ")";
            for (const auto& reason : rating->cap_reasons) evidence += "; " + reason;
            add("tls.grade.low", std::move(evidence));
        }
    }
    return out;
}

std::string EndpointDetailsJson(const TlsProbeResult& probe, std::string_view location, std::string_view sni,
                                std::string_view certificate_json, const std::optional<Rating>& rating) {
    namespace json = boost::json;
    json::object o;
    o["location"] = location;
    o["sni"] = sni;
    o["reachable"] = probe.reachable;
    o["speaks_tls"] = probe.speaks_tls;
    if (!probe.failure.empty()) o["failure"] = probe.failure;
    json::object protocols;
    for (Protocol p : kAllProtocols) protocols[ProtocolKey(p)] = OptionalBool(probe.protocols[static_cast<int>(p)]);
    o["protocols"] = std::move(protocols);

    json::array ciphers;
    for (const auto& pc : probe.ciphers) {
        json::object entry;
        entry["protocol"] = ProtocolName(pc.protocol);
        entry["server_preference"] = OptionalBool(pc.server_preference);
        json::array suites;
        for (std::size_t i = 0; i < pc.suites.size(); ++i) {
            json::object s;
            s["id"] = Hex4(pc.suites[i]);
            s["status"] = i == 0 ? "preferred" : "accepted";
            if (const CipherSuite* cs = FindCipherSuite(pc.suites[i])) {
                s["name"] = cs->iana_name;
                s["openssl_name"] = cs->openssl_name;
                s["bits"] = cs->bits;
                s["kx"] = KeyExchangeName(cs->kx);
                s["auth"] = AuthenticationName(cs->auth);
                s["encryption"] = cs->encryption;
                s["mac"] = cs->mac;
                s["forward_secrecy"] = cs->forward_secrecy;
                s["aead"] = cs->aead;
                s["strength"] = StrengthLabel(*cs);
            }
            for (const auto& k : probe.ephemeral_keys) {
                if (k.suite == pc.suites[i] && k.protocol == pc.protocol) {
                    if (k.kind == "DH") s["dhe_bits"] = k.bits;
                    if (k.kind == "ECDH") {
                        s["curve"] = k.group ? GroupName(k.group) : std::string("explicit");
                        s["ecdhe_bits"] = k.bits;
                    }
                    break;
                }
            }
            suites.push_back(std::move(s));
        }
        for (auto code : pc.sslv2_kinds) {
            json::object s;
            s["id"] = Hex4(code, 6);
            s["status"] = "accepted";
            if (const Sslv2CipherKind* k = FindSslv2CipherKind(code)) {
                s["name"] = k->name;
                s["openssl_name"] = k->openssl_name;
                s["bits"] = k->bits;
                s["strength"] = k->export_grade ? "weak" : "medium";
            }
            suites.push_back(std::move(s));
        }
        entry["suites"] = std::move(suites);
        ciphers.push_back(std::move(entry));
    }
    o["ciphers"] = std::move(ciphers);

    json::array groups;
    for (const auto& g : probe.groups) {
        json::object e;
        e["id"] = Hex4(g.group);
        e["name"] = GroupName(g.group);
        if (const NamedGroup* info = FindGroup(g.group)) e["bits"] = info->bits;
        e["tls1_2"] = g.tls12;
        e["tls1_3"] = g.tls13;
        groups.push_back(std::move(e));
    }
    o["groups"] = std::move(groups);

    bool any_fs = false;
    bool any_aead = false;
    for (const auto& pc : probe.ciphers) {
        for (auto code : pc.suites) {
            if (const CipherSuite* s = FindCipherSuite(code)) {
                any_fs |= s->forward_secrecy;
                any_aead |= s->aead;
            }
        }
    }
    o["forward_secrecy"] = any_fs;
    o["aead"] = any_aead;
    o["weakest_dh_bits"] = probe.WeakestDhBits();
    o["weakest_ecdh_bits"] = probe.WeakestEcdhBits();

    json::object vulns;
    vulns["secure_renegotiation"] = OptionalBool(probe.secure_renegotiation);
    vulns["compression"] = OptionalBool(probe.compression);
    vulns["fallback_scsv"] = OptionalBool(probe.fallback_scsv);
    vulns["fallback_scsv_detail"] = probe.fallback_detail;
    vulns["heartbeat_extension"] = OptionalBool(probe.heartbeat_extension);
    vulns["heartbleed"] = OptionalBool(probe.heartbleed);
    o["vulnerabilities"] = std::move(vulns);

    if (!certificate_json.empty()) {
        boost::system::error_code ec;
        json::value cert = json::parse(certificate_json, ec);
        o["certificate"] = ec ? json::value(nullptr) : std::move(cert);
    } else {
        o["certificate"] = nullptr;
    }
    if (rating) {
        json::object r;
        r["grade"] = rating->grade;
        r["final_score"] = rating->final_score;
        r["protocol_score"] = rating->protocol_score;
        r["key_exchange_score"] = rating->key_exchange_score;
        r["cipher_score"] = rating->cipher_score;
        json::array caps;
        for (const auto& c : rating->cap_reasons) caps.push_back(json::string(c));
        r["cap_reasons"] = std::move(caps);
        json::array warnings;
        for (const auto& w : rating->warnings) warnings.push_back(json::string(w));
        r["warnings"] = std::move(warnings);
        o["rating"] = std::move(r);
    } else {
        o["rating"] = nullptr;
    }
    json::array notes;
    for (const auto& n : probe.notes) notes.push_back(json::string(n));
    o["notes"] = std::move(notes);
    if (probe.cancelled) o["incomplete"] = true;
    return json::serialize(o);
}

}  // namespace palisade::scan::tls
