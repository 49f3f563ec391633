// SPDX-License-Identifier: Apache-2.0
// The services module end to end, against loopback listeners that imitate real services (tests/support/services).
// Several imitations run in one module run (in parallel, as a scan would), so each test costs about one probe
// sequence.
#include "scan/modules/services/services_module.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scan/modules/services/service_prober.hpp"
#include "support/services/service_imitations.hpp"

namespace palisade::scan::services {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
namespace imitation = palisade::testing::services;
using imitation::ListenerScript;
using imitation::ScriptedListener;
using std::chrono::milliseconds;

Address Loopback() {
    Address a;
    a.is_v4 = true;
    a.bytes[10] = 0xff;
    a.bytes[11] = 0xff;
    a.bytes[12] = 127;
    a.bytes[15] = 1;
    return a;
}

constexpr milliseconds kTimeout{1000};

struct RunResult {
    Status status;
    std::vector<Service> services;
    std::vector<Finding> findings;

    const Service* ServiceOn(std::uint16_t port) const {
        for (const auto& s : services) {
            if (s.port == port) return &s;
        }
        return nullptr;
    }
    std::vector<std::string> ChecksOn(std::uint16_t port) const {
        std::vector<std::string> out;
        for (const auto& f : findings) {
            if (f.location == "127.0.0.1:" + std::to_string(port)) out.push_back(f.check);
        }
        return out;
    }
    const Finding* FindingOn(std::uint16_t port, std::string_view check) const {
        for (const auto& f : findings) {
            if (f.location == "127.0.0.1:" + std::to_string(port) && f.check == check) return &f;
        }
        return nullptr;
    }
};

ServicesOptions FastOptions() {
    ServicesOptions o;
    o.quiet_gap = milliseconds(150);
    return o;
}

RunResult RunOn(const std::vector<std::uint16_t>& ports, ServicesOptions options = FastOptions(),
                milliseconds timeout = kTimeout) {
    ScanOptions scan;
    scan.timeout = timeout;
    scan.dialogue_concurrency = 16;
    TargetState state;
    for (auto port : ports) state.open_ports.push_back(OpenPort{Loopback(), "", port, 0.1});
    StopSource stop;
    ModuleContext ctx(scan, state, CancelToken(stop));
    auto module = MakeServicesModule(options);
    RunResult r;
    r.status = module->Run(ctx);
    r.services = state.services;
    r.findings = ctx.TakeFindings();
    return r;
}

// Several listeners, started together.
struct Listeners {
    std::vector<std::unique_ptr<ScriptedListener>> all;
    std::uint16_t Add(ListenerScript script) {
        all.push_back(std::make_unique<ScriptedListener>(std::move(script)));
        return all.back()->Port();
    }
    std::vector<std::uint16_t> Ports() const {
        std::vector<std::uint16_t> out;
        for (const auto& l : all) out.push_back(l->Port());
        return out;
    }
};

ListenerScript Tls(ListenerScript s) {
    s.tls = true;
    return s;
}

void ExpectService(const RunResult& r, std::uint16_t port, std::string_view service, std::string_view product = {},
                   std::string_view version = {}, bool tls = false) {
    const Service* s = r.ServiceOn(port);
    ASSERT_NE(s, nullptr) << "no service on " << port;
    EXPECT_EQ(s->service, service) << port;
    EXPECT_EQ(s->product, product) << port;
    EXPECT_EQ(s->version, version) << port;
    EXPECT_EQ(s->tls, tls) << port;
    EXPECT_EQ(s->host, "127.0.0.1");
    EXPECT_EQ(s->proto, "tcp");
}

// ---- catalogue and docs ----

TEST(ServicesModule, CheckTableIsValid) {
    EXPECT_THAT(ValidateCheckTable(ServicesChecks()), IsEmpty());
    auto module = MakeServicesModule();
    EXPECT_EQ(module->Name(), "services");
    EXPECT_EQ(module->Checks().size(), ServicesChecks().size());
    for (const auto& c : ServicesChecks()) EXPECT_TRUE(c.id.rfind("services.", 0) == 0) << c.id;
}

TEST(ServicesModule, EveryCheckIsDocumented) {
    std::ifstream in(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& c : ServicesChecks()) {
        EXPECT_THAT(text.str(), HasSubstr("### `" + std::string(c.id) + "`\n")) << c.id;
    }
}

TEST(ServicesOptions, Parse) {
    auto o = ServicesOptions::Parse(YAML::Load("{max_reply_bytes: 4096, quiet_gap_ms: 200, tls: false}"));
    ASSERT_TRUE(o.has_value()) << o.error().message;
    EXPECT_EQ(o->max_reply_bytes, 4096u);
    EXPECT_EQ(o->quiet_gap, milliseconds(200));
    EXPECT_FALSE(o->tls);
    EXPECT_TRUE(o->follow_ups);
    auto bad = ServicesOptions::Parse(YAML::Load("{max_reply_bytes: 1, tls: maybe, colour: red}"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_THAT(bad.error().message, HasSubstr("max_reply_bytes"));
    EXPECT_THAT(bad.error().message, HasSubstr("services.tls"));
    EXPECT_THAT(bad.error().message, HasSubstr("unknown key 'colour'"));
    EXPECT_TRUE(ServicesOptions::Parse(YAML::Node()).has_value());
}

TEST(ServicesModule, NoOpenPortsIsANoOp) {
    auto r = RunOn({});
    EXPECT_TRUE(r.status.has_value());
    EXPECT_THAT(r.services, IsEmpty());
    EXPECT_THAT(r.findings, IsEmpty());
}

// ---- data stores ----

TEST(ServicesModule, RedisWithoutAndWithPassword) {
    Listeners l;
    auto open = l.Add(imitation::RedisScript(false, "7.2.4"));
    auto locked = l.Add(imitation::RedisScript(true));
    auto old = l.Add(imitation::RedisScript(false, "6.2.5"));
    auto r = RunOn(l.Ports());
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    ExpectService(r, open, "redis", "Redis key-value store", "7.2.4");
    ExpectService(r, locked, "redis", "Redis key-value store", "");
    EXPECT_EQ(r.ServiceOn(open)->method, "probed");
    EXPECT_EQ(r.ServiceOn(open)->confidence, 10);
    EXPECT_THAT(r.ChecksOn(open), Contains("services.redis.no_auth"));
    EXPECT_THAT(r.ChecksOn(open), Not(Contains("services.version.outdated")));
    EXPECT_THAT(r.ChecksOn(locked), IsEmpty());
    const Finding* f = r.FindingOn(open, "services.redis.no_auth");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, Severity::kCritical);
    EXPECT_THAT(f->evidence, HasSubstr("+PONG"));
    EXPECT_THAT(f->evidence, Not(HasSubstr("os:Linux")));  // INFO output is never shown
    // 6.2.5: no auth, and outdated (CVE-2021-32626, CVE-2022-24834).
    EXPECT_THAT(r.ChecksOn(old), Contains("services.redis.no_auth"));
    const Finding* outdated = r.FindingOn(old, "services.version.outdated");
    ASSERT_NE(outdated, nullptr);
    EXPECT_THAT(outdated->cve, Contains("CVE-2021-32626"));
    EXPECT_EQ(outdated->severity, Severity::kHigh);
    ASSERT_TRUE(outdated->cvss.has_value());
    EXPECT_DOUBLE_EQ(outdated->cvss->score, 8.8);
}

TEST(ServicesModule, MemcachedAndMongodb) {
    Listeners l;
    auto mc = l.Add(imitation::MemcachedScript("1.6.21"));
    auto mongo_open = l.Add(imitation::MongodbScript(false, "7.0.4"));
    auto mongo_auth = l.Add(imitation::MongodbScript(true, "6.0.12"));
    auto r = RunOn(l.Ports());
    ExpectService(r, mc, "memcached", "memcached", "1.6.21");
    EXPECT_THAT(r.ChecksOn(mc), Contains("services.memcached.exposed"));
    EXPECT_THAT(r.FindingOn(mc, "services.memcached.exposed")->evidence, HasSubstr("stats too"));
    ExpectService(r, mongo_open, "mongodb", "MongoDB", "7.0.4");
    ExpectService(r, mongo_auth, "mongodb", "MongoDB", "6.0.12");
    EXPECT_THAT(r.ChecksOn(mongo_open), Contains("services.mongodb.no_auth"));
    EXPECT_THAT(r.FindingOn(mongo_open, "services.mongodb.no_auth")->evidence, Not(HasSubstr("customers")));
    EXPECT_THAT(r.ChecksOn(mongo_auth), IsEmpty());
}

TEST(ServicesModule, MemcachedSafeWhenNotAnswering) {
    // A memcached that refuses the version command (SASL-only builds answer errors): no finding.
    ListenerScript s;
    s.rules = {{R"(\n)", "CLIENT_ERROR unauthenticated\r\n"}};
    ScriptedListener l(s);
    auto r = RunOn({l.Port()});
    EXPECT_THAT(r.ChecksOn(l.Port()), Not(Contains("services.memcached.exposed")));
}

TEST(ServicesModule, ElasticsearchOpenAndSecured) {
    Listeners l;
    auto open = l.Add(imitation::ElasticsearchScript(false, "8.11.1"));
    auto secured = l.Add(imitation::ElasticsearchScript(true));
    auto r = RunOn(l.Ports());
    ExpectService(r, open, "elasticsearch", "Elasticsearch", "8.11.1");
    EXPECT_THAT(r.ChecksOn(open), Contains("services.elasticsearch.no_auth"));
    ExpectService(r, secured, "http");
    EXPECT_THAT(r.ChecksOn(secured), IsEmpty());
}

TEST(ServicesModule, PostgresqlAndMysql) {
    Listeners l;
    auto pg = l.Add(imitation::PostgresScript());
    auto mysql = l.Add(imitation::MysqlScript("8.0.35"));
    auto maria = l.Add(imitation::MysqlScript("5.5.5-10.11.4-MariaDB-1~deb12u1"));
    auto r = RunOn(l.Ports());
    ExpectService(r, pg, "postgresql", "PostgreSQL DB");
    ExpectService(r, mysql, "mysql", "MySQL", "8.0.35");
    ExpectService(r, maria, "mysql", "MariaDB", "10.11.4");
    EXPECT_THAT(r.findings, IsEmpty());
}

// ---- remote shells and file transfer ----

TEST(ServicesModule, SshVersions) {
    Listeners l;
    auto current = l.Add(imitation::SshScript("SSH-2.0-OpenSSH_9.8p1 Debian-3"));
    auto old = l.Add(imitation::SshScript("SSH-2.0-OpenSSH_9.3p1"));
    auto r = RunOn(l.Ports());
    ExpectService(r, current, "ssh", "OpenSSH", "9.8p1");
    EXPECT_EQ(r.ServiceOn(current)->extra_info, "Debian-3");
    EXPECT_THAT(r.ChecksOn(current), IsEmpty());
    ExpectService(r, old, "ssh", "OpenSSH", "9.3p1");
    std::vector<std::string> cves;
    for (const auto& f : r.findings) {
        if (f.check == "services.version.outdated" && f.location == "127.0.0.1:" + std::to_string(old)) {
            cves.insert(cves.end(), f.cve.begin(), f.cve.end());
            EXPECT_THAT(f.evidence, HasSubstr("SSH-2.0-OpenSSH_9.3p1"));
            EXPECT_THAT(f.title, HasSubstr("OpenSSH 9.3p1"));
        }
    }
    EXPECT_THAT(cves, Contains("CVE-2023-38408"));
    EXPECT_THAT(cves, Contains("CVE-2024-6387"));
    EXPECT_THAT(cves, Contains("CVE-2023-48795"));
}

TEST(ServicesModule, FtpServers) {
    Listeners l;
    auto backdoored = l.Add(imitation::VsftpdScript("2.3.4", false));
    auto tls_offered = l.Add(imitation::VsftpdScript("3.0.5", true));
    auto proftpd = l.Add(imitation::ProftpdScript("1.3.5"));
    auto proftpd_fixed = l.Add(imitation::ProftpdScript("1.3.5a"));
    auto r = RunOn(l.Ports());
    ExpectService(r, backdoored, "ftp", "vsftpd", "2.3.4");
    ExpectService(r, tls_offered, "ftp", "vsftpd", "3.0.5");
    ExpectService(r, proftpd, "ftp", "ProFTPD", "1.3.5");
    EXPECT_THAT(r.ChecksOn(backdoored), Contains("services.cleartext.ftp"));
    EXPECT_THAT(r.ChecksOn(backdoored), Contains("services.version.outdated"));
    EXPECT_THAT(r.FindingOn(backdoored, "services.version.outdated")->cve, Contains("CVE-2011-2523"));
    EXPECT_EQ(r.FindingOn(backdoored, "services.version.outdated")->severity, Severity::kCritical);
    EXPECT_THAT(r.FindingOn(backdoored, "services.cleartext.ftp")->evidence, HasSubstr("FEAT does not list"));
    EXPECT_THAT(r.ChecksOn(tls_offered), IsEmpty());
    EXPECT_THAT(r.FindingOn(proftpd, "services.version.outdated")->cve, Contains("CVE-2015-3306"));
    EXPECT_THAT(r.ChecksOn(proftpd_fixed), Not(Contains("services.version.outdated")));
}

TEST(ServicesModule, Telnet) {
    Listeners l;
    auto telnet = l.Add(imitation::TelnetScript());
    auto r = RunOn(l.Ports());
    ExpectService(r, telnet, "telnet");
    EXPECT_THAT(r.ChecksOn(telnet), Contains("services.cleartext.telnet"));
    EXPECT_EQ(r.FindingOn(telnet, "services.cleartext.telnet")->severity, Severity::kHigh);
}

// ---- mail ----

TEST(ServicesModule, SmtpWithAndWithoutStarttls) {
    Listeners l;
    auto with = l.Add(imitation::SmtpScript(true));
    auto without = l.Add(imitation::SmtpScript(false));
    auto exim = l.Add(imitation::SmtpScript(true, "mx.example.test ESMTP Exim 4.90_1 Ubuntu Mon, 01 Jan 2024 "
                                                  "00:00:00 +0000"));
    auto r = RunOn(l.Ports());
    ExpectService(r, with, "smtp", "Postfix smtpd");
    ExpectService(r, without, "smtp", "Postfix smtpd");
    ExpectService(r, exim, "smtp", "Exim smtpd", "4.90");
    EXPECT_THAT(r.ChecksOn(with), IsEmpty());
    EXPECT_THAT(r.ChecksOn(without), Contains("services.cleartext.smtp"));
    EXPECT_THAT(r.FindingOn(without, "services.cleartext.smtp")->evidence, HasSubstr("EHLO does not list STARTTLS"));
    EXPECT_THAT(r.FindingOn(exim, "services.version.outdated")->cve, Contains("CVE-2019-10149"));
    EXPECT_THAT(r.ChecksOn(exim), Not(Contains("services.cleartext.smtp")));
}

TEST(ServicesModule, Pop3AndImapStarttls) {
    Listeners l;
    auto pop_tls = l.Add(imitation::Pop3Script(true));
    auto pop_plain = l.Add(imitation::Pop3Script(false));
    auto imap_tls = l.Add(imitation::ImapScript(true));
    auto imap_plain = l.Add(imitation::ImapScript(false));
    auto r = RunOn(l.Ports());
    ExpectService(r, pop_tls, "pop3", "Dovecot pop3d");
    ExpectService(r, imap_tls, "imap", "Dovecot imapd");
    EXPECT_THAT(r.ChecksOn(pop_tls), IsEmpty());
    EXPECT_THAT(r.ChecksOn(pop_plain), Contains("services.cleartext.pop3"));
    EXPECT_THAT(r.ChecksOn(imap_tls), IsEmpty());
    EXPECT_THAT(r.ChecksOn(imap_plain), Contains("services.cleartext.imap"));
}

// ---- HTTP ----

TEST(ServicesModule, HttpServers) {
    Listeners l;
    auto nginx = l.Add(imitation::HttpScript("nginx/1.24.0"));
    auto old_nginx = l.Add(imitation::HttpScript("nginx/1.18.0"));
    auto apache = l.Add(imitation::HttpScript("Apache/2.4.49 (Unix)", 403));
    auto bare = l.Add(imitation::HttpScript(""));
    auto r = RunOn(l.Ports());
    ExpectService(r, nginx, "http", "nginx", "1.24.0");
    ExpectService(r, apache, "http", "Apache httpd", "2.4.49");
    ExpectService(r, bare, "http");
    EXPECT_THAT(r.ChecksOn(nginx), ::testing::ElementsAre("services.cleartext.http"));
    EXPECT_EQ(r.FindingOn(nginx, "services.cleartext.http")->severity, Severity::kInfo);
    // 403: no content served, but Apache 2.4.49 is outdated.
    EXPECT_THAT(r.ChecksOn(apache), Not(Contains("services.cleartext.http")));
    EXPECT_THAT(r.FindingOn(apache, "services.version.outdated")->cve, Contains("CVE-2021-41773"));
    EXPECT_THAT(r.FindingOn(old_nginx, "services.version.outdated")->cve, Contains("CVE-2021-23017"));
    // Evidence: status line and Server header only; the session cookie never appears.
    for (const auto& f : r.findings) {
        EXPECT_THAT(f.evidence, Not(HasSubstr("S3CR3T"))) << f.check;
        EXPECT_THAT(f.evidence, Not(HasSubstr("Set-Cookie"))) << f.check;
    }
    EXPECT_THAT(r.FindingOn(old_nginx, "services.version.outdated")->evidence,
                HasSubstr("HTTP/1.1 200 OK; Server: nginx/1.18.0"));
}

// ---- TLS ----

TEST(ServicesModule, ServicesInsideTls) {
    Listeners l;
    auto https = l.Add(Tls(imitation::HttpScript("nginx/1.24.0")));
    auto rediss = l.Add(Tls(imitation::RedisScript(false)));
    auto imaps = l.Add(Tls(imitation::ImapScript(false)));
    auto smtps = l.Add(Tls(imitation::SmtpScript(false)));
    auto r = RunOn(l.Ports());
    ExpectService(r, https, "https", "nginx", "1.24.0", true);
    ExpectService(r, rediss, "redis", "Redis key-value store", "7.2.4", true);
    ExpectService(r, imaps, "imaps", "Dovecot imapd", "", true);
    ExpectService(r, smtps, "smtps", "Postfix smtpd", "", true);
    EXPECT_THAT(r.ChecksOn(https), IsEmpty());  // no cleartext.http inside TLS
    EXPECT_THAT(r.ChecksOn(rediss), Contains("services.redis.no_auth"));
    EXPECT_THAT(r.ChecksOn(imaps), IsEmpty());  // no STARTTLS needed inside TLS
    EXPECT_THAT(r.ChecksOn(smtps), IsEmpty());
}

TEST(ServicesModule, TlsWithoutTlsProbingIsNamedTls) {
    ScriptedListener l(Tls(imitation::HttpScript("nginx/1.24.0")));
    ServicesOptions o = FastOptions();
    o.tls = false;
    auto r = RunOn({l.Port()}, o);
    ExpectService(r, l.Port(), "tls", "", "", true);
}

TEST(ServicesModule, TlsFirstPortsHandshakeFirst) {
    // Custom rules that list the listener's port as TLS-first: the first connection is a TLS handshake, and the
    // HTTP probe inside TLS answers without waiting for a banner.
    ScriptedListener l(Tls(imitation::HttpScript("Caddy")));
    std::string yaml = "version: 1\nprobes:\n  - name: greeting\n    payload: ''\n  - name: get\n"
                       "    payload: 'GET / HTTP/1.0\\r\\n\\r\\n'\n    tls_ports: [" +
                       std::to_string(l.Port()) +
                       "]\nrules:\n  - probes: [get]\n    service: http\n"
                       "    pattern: '^HTTP/1\\.[01] \\d\\d\\d[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*?Server: *Caddy'\n"
                       "    product: Caddy\ntls_names: {http: https}\n";
    auto rules = LoadServiceRules(yaml);
    ASSERT_TRUE(rules.has_value()) << rules.error().message;
    ServicesOptions o = FastOptions();
    o.rules = &*rules;
    auto started = std::chrono::steady_clock::now();
    auto r = RunOn({l.Port()}, o, milliseconds(3000));
    ExpectService(r, l.Port(), "https", "Caddy", "", true);
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2500));  // no 3 s banner wait
    EXPECT_EQ(l.Connections(), 1u);
}

// ---- bad peers ----

TEST(ServicesModule, BadPeers) {
    Listeners l;
    auto silent = l.Add(imitation::SilentScript());
    auto garbage = l.Add(imitation::GarbageScript());
    auto endless = l.Add(imitation::EndlessScript());
    auto wrapped = l.Add(imitation::CloseAtOnceScript());
    ScriptedListener closed_later(imitation::SilentScript());
    std::uint16_t gone = closed_later.Port();
    closed_later.Stop();  // nothing listens there any more
    auto ports = l.Ports();
    ports.push_back(gone);
    auto started = std::chrono::steady_clock::now();
    auto r = RunOn(ports);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    EXPECT_TRUE(r.status.has_value());
    EXPECT_THAT(r.findings, IsEmpty());
    ExpectService(r, silent, "unknown");
    EXPECT_EQ(r.ServiceOn(silent)->method, "table");
    ExpectService(r, garbage, "unknown");
    ExpectService(r, endless, "unknown");
    ExpectService(r, wrapped, "tcpwrapped");
    EXPECT_EQ(r.ServiceOn(wrapped)->confidence, 8);
    ExpectService(r, gone, "unknown");
}

TEST(ServicesModule, EndlessReplyIsCapped) {
    ScriptedListener l(imitation::EndlessScript());
    std::string yaml = R"(version: 1
probes:
  - name: greeting
    payload: ''
rules:
  - probes: [greeting]
    service: flood
    pattern: '^A'
    soft: true
)";
    auto rules = LoadServiceRules(yaml);
    ASSERT_TRUE(rules.has_value()) << rules.error().message;
    ProberOptions o;
    o.timeout = milliseconds(2000);
    o.max_reply_bytes = 5000;
    ServiceProber prober(*rules, o);
    auto d = prober.Detect(Loopback(), l.Port(), "", CancelToken());
    EXPECT_EQ(d.service, "flood");
    EXPECT_LE(d.reply.size(), 5000u);
    EXPECT_GE(d.reply.size(), 4096u);
}

TEST(ServicesModule, PortTableNamesUnmatchedPorts) {
    // A silent listener is "unknown"; with a port-table entry for its port it gets that name (method table).
    ScriptedListener l(imitation::SilentScript());
    std::string yaml = "version: 1\nprobes:\n  - name: greeting\n    payload: ''\nrules: []\nports:\n  " +
                       std::to_string(l.Port()) + ": gopher\n";
    auto rules = LoadServiceRules(yaml);
    ASSERT_TRUE(rules.has_value()) << rules.error().message;
    ServicesOptions o = FastOptions();
    o.rules = &*rules;
    auto r = RunOn({l.Port()}, o, milliseconds(300));
    ExpectService(r, l.Port(), "gopher");
    EXPECT_EQ(r.ServiceOn(l.Port())->method, "table");
    EXPECT_EQ(r.ServiceOn(l.Port())->confidence, 3);
    o.port_table = false;
    r = RunOn({l.Port()}, o, milliseconds(300));
    ExpectService(r, l.Port(), "unknown");
}

TEST(ServicesModule, CancelStopsPromptly) {
    Listeners l;
    for (int i = 0; i < 4; ++i) l.Add(imitation::SilentScript());
    ScanOptions scan;
    scan.timeout = milliseconds(5000);
    TargetState state;
    for (auto port : l.Ports()) state.open_ports.push_back(OpenPort{Loopback(), "", port, 0.1});
    StopSource stop;
    ModuleContext ctx(scan, state, CancelToken(stop));
    auto module = MakeServicesModule(FastOptions());
    std::thread canceller([&] {
        // Wait until every port has a probe connection, then cancel.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (;;) {
            std::size_t connected = 0;
            for (const auto& x : l.all) connected += x->Connections() > 0 ? 1 : 0;
            if (connected == l.all.size() || std::chrono::steady_clock::now() > deadline) break;
            std::this_thread::yield();
        }
        stop.RequestStop();
    });
    auto started = std::chrono::steady_clock::now();
    auto status = module->Run(ctx);
    auto took = std::chrono::steady_clock::now() - started;
    canceller.join();
    EXPECT_TRUE(status.has_value());
    EXPECT_LT(took, std::chrono::seconds(3));  // not 8 probes x 5 s
    EXPECT_THAT(state.services, IsEmpty());     // nothing half-detected is reported
}

TEST(ServicesModule, DeadlineStopsPromptly) {
    ScriptedListener l(imitation::SilentScript());
    ScanOptions scan;
    scan.timeout = milliseconds(5000);
    TargetState state;
    state.open_ports.push_back(OpenPort{Loopback(), "", l.Port(), 0.1});
    StopSource stop;
    ModuleContext ctx(scan, state, CancelToken(stop, std::chrono::steady_clock::now() + milliseconds(500)));
    auto module = MakeServicesModule(FastOptions());
    auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(module->Run(ctx).has_value());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

}  // namespace
}  // namespace palisade::scan::services
