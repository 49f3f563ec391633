// SPDX-License-Identifier: Apache-2.0
// The tls module end to end on loopback: real OpenSSL servers and imitations of weak ones. Every tls.* check has a
// server where it fires and one where it does not.
#include "scan/modules/tls/tls_module.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "scan/modules/tls/cert/certificate.hpp"
#include "scan/modules/tls/fake_tls_server.hpp"
#include "scan/modules/tls/tls_checks.hpp"
#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"

namespace palisade::scan::tls {
namespace {

using palisade::testing::CertSpec;
using palisade::testing::RawExchange;
using palisade::testing::RawReply;
using palisade::testing::RawTlsServer;
using palisade::testing::TestPki;
using palisade::testing::TlsServer;
using palisade::testing::TlsServerOptions;
using testing::FakeTlsConfig;
using testing::StartFakeTlsServer;

const TestPki& Pki() { return TestPki::Shared(); }

const std::string& CaFile() {
    static const std::string path = [] {
        auto p = std::filesystem::temp_directory_path() /
                 ("palisade_tls_module_test_root_" + std::to_string(::getpid()) + ".pem");
        Pki().WriteRoot(p);
        return p.string();
    }();
    return path;
}

Address Loopback() {
    Address a;
    a.is_v4 = true;
    a.bytes[10] = 0xFF;
    a.bytes[11] = 0xFF;
    a.bytes[12] = 127;
    a.bytes[15] = 1;
    return a;
}

struct RunResult {
    std::vector<Finding> findings;
    std::optional<int> score;
    std::optional<std::string> grade;
    boost::json::value details;
    std::set<std::string> ids;
    std::chrono::milliseconds elapsed{0};

    bool Has(const std::string& id) const { return ids.count(id) != 0; }
    const Finding* Get(const std::string& id) const {
        for (const auto& f : findings) {
            if (f.check == id) return &f;
        }
        return nullptr;
    }
    const boost::json::object& Endpoint() const { return details.at("endpoints").as_array().at(0).as_object(); }
};

RunResult RunModule(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::milliseconds(1500),
                    CancelToken cancel = {}) {
    ScanOptions options;
    options.timeout = timeout;
    options.ca_file = CaFile();
    options.dialogue_concurrency = 4;
    TargetState state;
    state.target = Target{AddressTarget{Loopback(), "127.0.0.1"}};
    state.display = "127.0.0.1";
    state.hosts.push_back(HostAddress{Loopback(), ""});
    state.open_ports.push_back(OpenPort{Loopback(), "localhost", port, 0.1});
    // A non-TLS port list entry must not matter: only the service below marks the endpoint.
    Service service;
    service.host = "127.0.0.1";
    service.host_name = "localhost";
    service.port = port;
    service.service = "https";
    service.tls = true;
    service.method = "probed";
    state.services.push_back(service);
    ModuleContext ctx(options, state, cancel);
    auto module = MakeTlsModule();
    auto start = std::chrono::steady_clock::now();
    Status status = module->Run(ctx);
    RunResult r;
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_TRUE(status.has_value());
    r.findings = ctx.TakeFindings();
    for (const auto& f : r.findings) {
        EXPECT_TRUE(r.ids.insert(f.check).second) << "two findings of " << f.check;
        EXPECT_EQ(f.location, "127.0.0.1:" + std::to_string(port));
    }
    r.score = ctx.score();
    r.grade = ctx.grade();
    if (std::getenv("PALISADE_TLS_TEST_DUMP") != nullptr) std::cerr << ctx.details() << "\n";
    boost::system::error_code ec;
    r.details = boost::json::parse(ctx.details(), ec);
    EXPECT_FALSE(ec) << ctx.details();
    return r;
}

const std::vector<std::string> kAllTlsIds = [] {
    std::vector<std::string> ids;
    for (const auto& c : TlsChecks()) ids.emplace_back(c.id);
    return ids;
}();

void ExpectExactly(const RunResult& r, const std::set<std::string>& expected) {
    for (const auto& id : kAllTlsIds) {
        EXPECT_EQ(r.Has(id), expected.count(id) != 0) << id << (r.Get(id) ? ": " + r.Get(id)->evidence : "");
    }
}

TEST(TlsModule, CheckTableIsValidAndDocumented) {
    EXPECT_TRUE(ValidateCheckTable(AllTlsModuleChecks()).empty());
    for (const auto& p : ValidateCheckTable(AllTlsModuleChecks())) ADD_FAILURE() << p;
    auto module = MakeTlsModule();
    EXPECT_EQ(module->Name(), "tls");
    EXPECT_EQ(module->Checks().size(), TlsChecks().size() + CertificateChecks().size());
    std::ifstream doc(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(doc.good());
    std::stringstream text;
    text << doc.rdbuf();
    for (const auto& c : TlsChecks()) {
        EXPECT_TRUE(c.id.starts_with("tls."));
        EXPECT_NE(text.str().find("### `" + std::string(c.id) + "`"), std::string::npos) << c.id;
    }
}

TEST(TlsModule, EndpointSelection) {
    TargetState state;
    Address a = Loopback();
    state.open_ports = {OpenPort{a, "example.test", 443, 0}, OpenPort{a, "", 80, 0}, OpenPort{a, "", 993, 0},
                        OpenPort{a, "", 8443, 0}};
    Service tls_on_odd_port;
    tls_on_odd_port.host = "127.0.0.1";
    tls_on_odd_port.host_name = "svc.example.test";
    tls_on_odd_port.port = 4433;
    tls_on_odd_port.tls = true;
    Service plain;
    plain.host = "127.0.0.1";
    plain.port = 8443;
    plain.tls = false;
    plain.method = "probed";
    plain.service = "http";
    state.services = {tls_on_odd_port, plain};
    UrlTarget url;
    url.scheme = "https";
    url.host = "www.example.test";
    url.port = 443;
    state.url = url;
    state.hosts = {HostAddress{a, "www.example.test"}};
    auto eps = TlsEndpoints(state);
    ASSERT_EQ(eps.size(), 3u);
    EXPECT_EQ(eps[0].port, 4433);
    EXPECT_EQ(eps[0].name, "svc.example.test");
    EXPECT_EQ(eps[0].location, "127.0.0.1:4433");
    EXPECT_EQ(eps[1].port, 443);
    EXPECT_EQ(eps[1].name, "example.test");
    EXPECT_EQ(eps[2].port, 993);
    EXPECT_EQ(eps[2].name, "");

    TargetState v6;
    Address six;
    six.bytes[15] = 1;
    v6.open_ports = {OpenPort{six, "::1", 443, 0}};
    auto e6 = TlsEndpoints(v6);
    ASSERT_EQ(e6.size(), 1u);
    EXPECT_EQ(e6[0].location, "[::1]:443");
    EXPECT_EQ(e6[0].name, "");  // an address is never a name
}

TEST(TlsModule, ModernServerHasNoTlsFindingsAndRatesA) {
    TlsServerOptions o;
    o.cert = Pki().Issue(CertSpec{});
    o.min_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305";
    o.server_preference = true;
    TlsServer server(o);
    RunResult r = RunModule(server.port());
    ExpectExactly(r, {});
    for (const auto& f : r.findings) EXPECT_EQ(f.check, "tls.cert.no_ocsp_stapling") << f.evidence;
    ASSERT_TRUE(r.grade.has_value());
    EXPECT_TRUE(*r.grade == "A" || *r.grade == "A+") << *r.grade;
    EXPECT_GE(r.score.value_or(0), 80);
    const auto& ep = r.Endpoint();
    EXPECT_EQ(ep.at("protocols").at("tls1_3"), true);
    EXPECT_EQ(ep.at("protocols").at("tls1_0"), false);
    EXPECT_EQ(ep.at("vulnerabilities").at("fallback_scsv"), true);
    EXPECT_EQ(ep.at("certificate").at("trusted"), true);
    EXPECT_EQ(ep.at("sni"), "localhost");
    const auto& tls12 = ep.at("ciphers").as_array().at(0).as_object();
    EXPECT_EQ(tls12.at("protocol"), "TLSv1.2");
    EXPECT_EQ(tls12.at("suites").as_array().size(), 3u);
    EXPECT_EQ(tls12.at("suites").as_array().at(0).at("strength"), "strong");
    EXPECT_EQ(tls12.at("suites").as_array().at(0).at("status"), "preferred");
    EXPECT_EQ(r.details.at("grade"), boost::json::value(*r.grade));
}

TEST(TlsModule, OldProtocolsServer) {
    TlsServerOptions o;
    o.cert = Pki().Issue(CertSpec{});
    o.min_version = TLS1_VERSION;
    o.max_version = TLS1_1_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0";
    o.server_preference = true;
    TlsServer server(o);
    RunResult r = RunModule(server.port());
    ExpectExactly(r, {"tls.protocol.tls1_0", "tls.protocol.tls1_1", "tls.protocol.no_tls1_2", "tls.protocol.no_tls1_3",
                      "tls.cipher.cbc_tls1_0", "tls.cipher.no_aead", "tls.grade.low"});
    EXPECT_EQ(r.grade, "C");
    EXPECT_NE(r.Get("tls.cipher.cbc_tls1_0")->evidence.find("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
              std::string::npos);
    EXPECT_EQ(r.Get("tls.cipher.cbc_tls1_0")->cve, std::vector<std::string>{"CVE-2011-3389"});
}

TEST(TlsModule, WeakImitationFiresEveryWeakness) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0300, 0x0301, 0x0302, 0x0303};
    cfg.suites = {0x009C, 0x0033, 0x0005, 0x000A, 0x0009, 0x0003, 0x0002, 0x0034, 0xC013};
    cfg.server_preference = false;
    cfg.secure_renegotiation = false;
    cfg.compression = true;
    cfg.heartbeat = true;
    cfg.heartbleed = true;
    cfg.honour_fallback_scsv = false;
    cfg.dh_bits = 1024;
    cfg.curves = {0x0013};  // secp192r1
    cfg.cert_der = Pki().Issue(CertSpec{}).der;
    auto server = StartFakeTlsServer(cfg);
    RunResult r = RunModule(server->port());
    ExpectExactly(r, {"tls.protocol.sslv3", "tls.protocol.tls1_0", "tls.protocol.tls1_1", "tls.protocol.no_tls1_3",
                      "tls.cipher.null", "tls.cipher.anonymous", "tls.cipher.export", "tls.cipher.rc4",
                      "tls.cipher.des", "tls.cipher.3des", "tls.cipher.cbc_tls1_0", "tls.cipher.static_rsa",
                      "tls.cipher.no_server_preference", "tls.kex.weak_dh", "tls.kex.weak_ecdh",
                      "tls.vuln.heartbleed", "tls.vuln.compression", "tls.vuln.insecure_renegotiation",
                      "tls.vuln.no_fallback_scsv", "tls.grade.low"});
    EXPECT_EQ(r.grade, "F");
    EXPECT_EQ(r.Get("tls.vuln.heartbleed")->severity, Severity::kCritical);
    EXPECT_EQ(r.Get("tls.vuln.heartbleed")->cve, std::vector<std::string>{"CVE-2014-0160"});
    EXPECT_NE(r.Get("tls.kex.weak_dh")->evidence.find("1024-bit"), std::string::npos);
    EXPECT_NE(r.Get("tls.kex.weak_ecdh")->evidence.find("secp192r1"), std::string::npos);
    EXPECT_NE(r.Get("tls.cipher.export")->evidence.find("TLS_RSA_EXPORT_WITH_RC4_40_MD5"), std::string::npos);
    // The certificate came from the raw handshake (OpenSSL cannot finish one with this server).
    EXPECT_TRUE(r.Endpoint().at("certificate").is_object());
}

TEST(TlsModule, StaticRsaOnlyHasNoForwardSecrecy) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0303};
    cfg.suites = {0x009C, 0x002F};
    cfg.cert_der = Pki().Issue(CertSpec{}).der;
    auto server = StartFakeTlsServer(cfg);
    RunResult r = RunModule(server->port());
    ExpectExactly(r, {"tls.protocol.no_tls1_3", "tls.cipher.static_rsa", "tls.cipher.no_forward_secrecy"});
    EXPECT_NE(r.Get("tls.cipher.static_rsa")->evidence.find("TLSv1.2: TLS_RSA_WITH_AES_128_GCM_SHA256, "
                                                           "TLS_RSA_WITH_AES_128_CBC_SHA"),
              std::string::npos);
}

TEST(TlsModule, Sslv2Imitation) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0303};
    cfg.suites = {0xC02F};
    cfg.sslv2 = true;
    cfg.sslv2_specs = {0x020080, 0x060040};  // EXP-RC4-MD5, DES-CBC-MD5
    cfg.cert_der = Pki().Issue(CertSpec{}).der;
    auto server = StartFakeTlsServer(cfg);
    RunResult r = RunModule(server->port());
    ExpectExactly(r, {"tls.protocol.sslv2", "tls.protocol.no_tls1_3", "tls.cipher.export", "tls.cipher.rc4",
                      "tls.cipher.des", "tls.grade.low"});
    EXPECT_EQ(r.Get("tls.protocol.sslv2")->cve, std::vector<std::string>{"CVE-2016-0800"});
    EXPECT_EQ(r.grade, "F");
}

TEST(TlsModule, MisbehavingServersEndQuietly) {
    RawTlsServer garbage([](const RawExchange&) -> RawReply { return {"SSH-2.0-OpenSSH_9.2\r\n", true, false}; });
    RunResult g = RunModule(garbage.port());
    EXPECT_TRUE(g.findings.empty());
    EXPECT_EQ(g.Endpoint().at("speaks_tls"), false);
    EXPECT_FALSE(g.grade.has_value());

    RawTlsServer silent([](const RawExchange&) -> RawReply { return {"", false, true}; }, 20000);
    RunResult s = RunModule(silent.port(), std::chrono::milliseconds(300));
    EXPECT_TRUE(s.findings.empty());
    EXPECT_LT(s.elapsed, std::chrono::seconds(4));

    RawTlsServer closer([](const RawExchange&) -> RawReply { return {"", true, false}; });
    RunResult c = RunModule(closer.port());
    EXPECT_TRUE(c.findings.empty());
}

TEST(TlsModule, CancelledRunReturnsPromptly) {
    TlsServerOptions o;
    o.cert = Pki().Issue(CertSpec{});
    TlsServer server(o);
    StopSource stop;
    stop.RequestStop();
    RunResult r = RunModule(server.port(), std::chrono::milliseconds(1500), CancelToken(stop));
    EXPECT_LT(r.elapsed, std::chrono::seconds(1));
    EXPECT_TRUE(r.findings.empty());
}

}  // namespace
}  // namespace palisade::scan::tls
