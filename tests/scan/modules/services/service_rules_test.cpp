// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/services/service_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "scan/modules/services/service_prober.hpp"
#include "support/services/service_imitations.hpp"

namespace palisade::scan::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace imitation = palisade::testing::services;

const ServiceRules& Builtin() {
    auto rules = BuiltinServiceRules();
    EXPECT_TRUE(rules.has_value()) << (rules ? "" : rules.error().message);
    static ServiceRules empty;
    return rules ? **rules : empty;
}

std::string LoadError(const std::string& yaml) {
    auto rules = LoadServiceRules(yaml);
    EXPECT_FALSE(rules.has_value()) << yaml;
    if (rules) return {};
    EXPECT_EQ(rules.error().code, ErrorCode::kInvalidArgument);
    return rules.error().message;
}

// A valid document to break in one place at a time.
constexpr const char* kHead = R"(version: 1
probes:
  - name: greeting
    payload: ''
  - name: ping
    payload: 'PING\r\n'
    ports: [6379]
)";

ServiceMatch Expect(std::string_view probe, std::string_view reply, std::string_view service) {
    auto m = Match(Builtin(), probe, reply);
    EXPECT_TRUE(m.has_value()) << "no match for " << reply;
    if (!m) return {};
    EXPECT_EQ(m->service, service) << reply;
    return *m;
}

// ---- loader ----

TEST(ServiceRulesLoader, BuiltinRulesLoad) {
    auto rules = BuiltinServiceRules();
    ASSERT_TRUE(rules.has_value()) << rules.error().message;
    EXPECT_GE((*rules)->probes.size(), 10u);
    EXPECT_GE((*rules)->rules.size(), 60u);
    EXPECT_EQ((*rules)->port_table.at(22), "ssh");
    EXPECT_EQ((*rules)->TlsName("http"), "https");
    EXPECT_EQ((*rules)->TlsName("redis"), "redis");
    EXPECT_NE((*rules)->FindProbe("greeting"), nullptr);
    EXPECT_TRUE((*rules)->FindProbe("greeting")->IsNull());
    EXPECT_TRUE((*rules)->FindProbe("smtp_ehlo")->IsFollowUp());
    // The same object every time (compiled once).
    EXPECT_EQ(*rules, *BuiltinServiceRules());
}

TEST(ServiceRulesLoader, MinimalDocument) {
    auto rules = LoadServiceRules(std::string(kHead) + R"(rules:
  - probes: [ping]
    service: redis
    pattern: '^\+PONG'
    product: 'Redis $$1'
    facts: [no_auth]
)");
    ASSERT_TRUE(rules.has_value()) << rules.error().message;
    ASSERT_EQ(rules->probes.size(), 2u);
    EXPECT_EQ(rules->probes[1].payload, "PING\r\n");
    EXPECT_EQ(rules->probes[1].ports, std::vector<std::uint16_t>{6379});
    auto m = Match(*rules, "ping", "+PONG\r\n");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->product, "Redis $1");
    EXPECT_EQ(m->facts, std::vector<std::string>{"no_auth"});
    EXPECT_FALSE(Match(*rules, "greeting", "+PONG\r\n").has_value());  // the rule reads only ping's reply
}

TEST(ServiceRulesLoader, YamlSyntaxError) {
    EXPECT_THAT(LoadError("version: 1\nprobes: [\n  - {name: x"), HasSubstr("YAML"));
}

TEST(ServiceRulesLoader, DocumentShape) {
    EXPECT_THAT(LoadError("- a\n- b\n"), HasSubstr("must be a map"));
    EXPECT_THAT(LoadError(""), HasSubstr("must be a map"));
    EXPECT_THAT(LoadError("version: 2\nprobes: []\nrules: []\n"), HasSubstr("unsupported version '2'"));
    EXPECT_THAT(LoadError("version: 1\nrules: []\n"), HasSubstr("missing 'probes'"));
    EXPECT_THAT(LoadError("version: 1\nprobes: []\nrules: []\nextra: 1\n"), HasSubstr("unknown key 'extra'"));
    EXPECT_THAT(LoadError(std::string(2 << 20, '#')), HasSubstr("larger than 1 MiB"));
}

TEST(ServiceRulesLoader, UnknownKeyNamesTheProbe) {
    std::string msg = LoadError(std::string(kHead) + "    colour: blue\nrules: []\n");
    EXPECT_THAT(msg, HasSubstr("probe 'ping' (line 5): unknown key 'colour'"));
}

TEST(ServiceRulesLoader, MissingFields) {
    std::string msg = LoadError(std::string(kHead) + R"(  - name: nopayload
rules:
  - probes: [ping]
    service: redis
  - pattern: 'x'
    probes: [ping]
)");
    EXPECT_THAT(msg, HasSubstr("probe 'nopayload' (line 8): missing field 'payload'"));
    EXPECT_THAT(msg, HasSubstr("rule at line 10 ('redis'): missing field 'pattern'"));
    EXPECT_THAT(msg, HasSubstr("rule at line 12: missing field 'service'"));
}

TEST(ServiceRulesLoader, BadRegexCarriesRe2Message) {
    std::string msg = LoadError(std::string(kHead) + R"(rules:
  - probes: [ping]
    service: redis
    pattern: '^(\+PONG'
)");
    EXPECT_THAT(msg, HasSubstr("rule at line 9 ('redis'): bad regex in 'pattern': missing )"));
}

TEST(ServiceRulesLoader, BadEscapes) {
    std::string msg = LoadError(R"(version: 1
probes:
  - name: a
    payload: 'GET\q'
  - name: b
    payload: 'x\x4'
  - name: c
    payload: 'end\'
rules: []
)");
    EXPECT_THAT(msg, HasSubstr("probe 'a' (line 3): payload: bad escape '\\q' (offset 3"));
    EXPECT_THAT(msg, HasSubstr("probe 'b' (line 5): payload: bad escape: '\\x' needs two hex digits (offset 1)"));
    EXPECT_THAT(msg, HasSubstr("probe 'c' (line 7): payload: bad escape: a lone '\\' at the end"));
}

TEST(ServiceRulesLoader, TemplateGroupsUnknownProbesFlagsAndNames) {
    std::string msg = LoadError(std::string(kHead) + R"(  - name: ping
    payload: 'x'
  - name: Bad-Name
    payload: 'x'
rules:
  - probes: [ping, nosuch]
    service: redis
    pattern: '^\+PONG (\d+)'
    flags: 'iq'
    version: '$2'
    info: '$x'
    tunnel: ssl
)");
    EXPECT_THAT(msg, HasSubstr("duplicate probe name"));
    EXPECT_THAT(msg, HasSubstr("name must be [a-z0-9_]+"));
    EXPECT_THAT(msg, HasSubstr("unknown probe 'nosuch'"));
    EXPECT_THAT(msg, HasSubstr("unknown flag 'q'"));
    EXPECT_THAT(msg, HasSubstr("'version' refers to $2 but the pattern has 1 group(s)"));
    EXPECT_THAT(msg, HasSubstr("'info': '$' must be followed by 1..9 or '$'"));
    EXPECT_THAT(msg, HasSubstr("'tunnel' must be 'tls'"));
}

TEST(ServiceRulesLoader, WrongTypesAndPorts) {
    std::string msg = LoadError(R"(version: 1
probes:
  - name: a
    payload: {x: 1}
    ports: [80, 70000, http]
    wait_ms: soon
    in_tls: maybe
rules:
  - probes: [a]
    service: x
    pattern: [1]
    soft: 3
ports:
  99999: http
  80: 'Not A Name'
tls_names: [http]
)");
    EXPECT_THAT(msg, HasSubstr("'payload' must be a list of strings"));
    EXPECT_THAT(msg, HasSubstr("bad port '70000'"));
    EXPECT_THAT(msg, HasSubstr("bad port 'http'"));
    EXPECT_THAT(msg, HasSubstr("'wait_ms' must be 1..300000"));
    EXPECT_THAT(msg, HasSubstr("'in_tls' must be true or false"));
    EXPECT_THAT(msg, HasSubstr("'pattern' must be a string"));
    EXPECT_THAT(msg, HasSubstr("'soft' must be true or false"));
    EXPECT_THAT(msg, HasSubstr("ports (line 14): bad port '99999'"));
    EXPECT_THAT(msg, HasSubstr("ports (line 15): the service name must be"));
    EXPECT_THAT(msg, HasSubstr("tls_names: must be a map"));
}

TEST(ServiceRulesLoader, BadAdvisories) {
    std::string msg = LoadError(std::string(kHead) + R"(rules: []
advisories:
  - product: OpenSSH
    affected: ['~ 9.3', '< ']
    cve: [CVE-1]
    severity: dire
    cvss: 'CVSS:3.1/AV:X'
    summary: s
  - product: X
    summary: s
    severity: low
    cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'
    fixed: '1.0'
)");
    EXPECT_THAT(msg, HasSubstr("advisory at line 10: bad version constraint '~ 9.3'"));
    EXPECT_THAT(msg, HasSubstr("bad version constraint '< '"));
    EXPECT_THAT(msg, HasSubstr("bad CVE id 'CVE-1'"));
    EXPECT_THAT(msg, HasSubstr("unknown severity 'dire'"));
    EXPECT_THAT(msg, HasSubstr("bad CVSS 3.1 vector"));
    EXPECT_THAT(msg, HasSubstr("advisory at line 16: unknown key 'fixed'"));
    EXPECT_THAT(msg, HasSubstr("advisory at line 16: missing field 'affected'"));
    EXPECT_THAT(msg, HasSubstr("advisory at line 16: missing field 'cve'"));
}

TEST(ServiceRulesLoader, ReportsEveryProblemAtOnce) {
    std::string msg = LoadError(R"(version: 1
probes:
  - name: a
    payload: '\z'
rules:
  - probes: [a]
    service: s
    pattern: '(('
  - probes: [a]
    service: t
    pattern: 'x'
    colour: red
)");
    EXPECT_THAT(msg, HasSubstr("3 problem(s)"));
    EXPECT_THAT(msg, HasSubstr("bad escape"));
    EXPECT_THAT(msg, HasSubstr("bad regex"));
    EXPECT_THAT(msg, HasSubstr("unknown key 'colour'"));
}

TEST(ServiceRulesLoader, MessagesEscapeControlBytes) {
    std::string msg = LoadError("version: 1\nprobes:\n  - name: \"a\\x01b\"\n    payload: ''\nrules: []\n");
    EXPECT_THAT(msg, HasSubstr("'a\\x01b'"));
    EXPECT_THAT(msg, Not(HasSubstr("\x01")));
}

// ---- escapes ----

TEST(DecodeEscapes, KnownEscapes) {
    auto s = DecodeEscapes(R"(a\r\n\t\0\\\'\"\x41\xff)");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(*s, std::string("a\r\n\t\0\\'\"A\xff", 10));
    EXPECT_EQ(DecodeEscapes("").value(), "");
    EXPECT_FALSE(DecodeEscapes(R"(\xg1)").has_value());
    EXPECT_FALSE(DecodeEscapes(R"(\u0041)").has_value());
}

// ---- versions ----

TEST(CompareVersions, Ordering) {
    EXPECT_EQ(CompareVersions("9.3p2", "9.3p2"), 0);
    EXPECT_LT(CompareVersions("9.3p1", "9.3p2"), 0);
    EXPECT_LT(CompareVersions("9.3", "9.3p1"), 0);
    EXPECT_LT(CompareVersions("9.2p1", "9.3"), 0);
    EXPECT_GT(CompareVersions("10.0p1", "9.9p1"), 0);
    EXPECT_LT(CompareVersions("1.3.5rc1", "1.3.5"), 0);
    EXPECT_GT(CompareVersions("1.3.5a", "1.3.5"), 0);
    EXPECT_LT(CompareVersions("1.3.3b", "1.3.3c"), 0);
    EXPECT_EQ(CompareVersions("1.20.01", "1.20.1"), 0);
    EXPECT_LT(CompareVersions("2.4.9", "2.4.10"), 0);
    EXPECT_LT(CompareVersions("6.2", "6.2.0.1"), 0);
    EXPECT_EQ(CompareVersions("", ""), 0);
}

TEST(Advisories, BuiltinRanges) {
    const auto& rules = Builtin();
    auto cves = [&](std::string_view product, std::string_view version) {
        std::vector<std::string> out;
        for (const Advisory* a : FindAdvisories(rules, product, version)) {
            out.insert(out.end(), a->cve.begin(), a->cve.end());
        }
        return out;
    };
    using ::testing::Contains;
    using ::testing::IsEmpty;
    EXPECT_THAT(cves("OpenSSH", "9.3p1"), Contains("CVE-2023-38408"));
    EXPECT_THAT(cves("OpenSSH", "9.3p1"), Contains("CVE-2024-6387"));
    EXPECT_THAT(cves("OpenSSH", "9.3p2"), Not(Contains("CVE-2023-38408")));
    EXPECT_THAT(cves("OpenSSH", "8.4p1"), Not(Contains("CVE-2024-6387")));
    EXPECT_THAT(cves("OpenSSH", "9.8p1"), IsEmpty());
    EXPECT_THAT(cves("openssh", "7.4"), Contains("CVE-2023-38408"));  // product is case-insensitive
    EXPECT_THAT(cves("vsftpd", "2.3.4"), Contains("CVE-2011-2523"));
    EXPECT_THAT(cves("vsftpd", "2.3.5"), IsEmpty());
    EXPECT_THAT(cves("ProFTPD", "1.3.5"), Contains("CVE-2015-3306"));
    EXPECT_THAT(cves("ProFTPD", "1.3.5a"), IsEmpty());
    EXPECT_THAT(cves("ProFTPD", "1.3.3b"), Contains("CVE-2010-4221"));
    EXPECT_THAT(cves("ProFTPD", "1.3.2rc2"), IsEmpty());
    EXPECT_THAT(cves("Redis key-value store", "6.2.5"), Contains("CVE-2021-32626"));
    EXPECT_THAT(cves("Redis key-value store", "6.2.12"), Contains("CVE-2022-24834"));
    EXPECT_THAT(cves("Redis key-value store", "6.2.14"), IsEmpty());
    EXPECT_THAT(cves("Redis key-value store", "7.2.4"), IsEmpty());
    EXPECT_THAT(cves("nginx", "1.18.0"), Contains("CVE-2021-23017"));
    EXPECT_THAT(cves("nginx", "1.24.0"), IsEmpty());
    EXPECT_THAT(cves("Apache httpd", "2.4.49"), Contains("CVE-2021-41773"));
    EXPECT_THAT(cves("Apache httpd", "2.4.57"), IsEmpty());
    EXPECT_THAT(cves("Exim smtpd", "4.90"), Contains("CVE-2019-10149"));
    EXPECT_THAT(cves("Exim smtpd", "4.92"), IsEmpty());
    EXPECT_THAT(cves("OpenSSH", ""), IsEmpty());
    EXPECT_THAT(cves("", "1.0"), IsEmpty());
}

// ---- matcher vectors (replies as real servers send them) ----

TEST(ServiceMatch, Ssh) {
    auto m = Expect("greeting", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "ssh");
    EXPECT_EQ(m.product, "OpenSSH");
    EXPECT_EQ(m.version, "9.2p1");
    EXPECT_EQ(m.info, "Debian-2+deb12u3");
    EXPECT_FALSE(m.soft);
    m = Expect("http_get", "SSH-2.0-OpenSSH_7.4\r\nInvalid SSH identification string.\r\n", "ssh");
    EXPECT_EQ(m.version, "7.4");
    EXPECT_EQ(m.info, "");
    m = Expect("greeting", "SSH-2.0-dropbear_2022.83\r\n", "ssh");
    EXPECT_EQ(m.product, "Dropbear sshd");
    EXPECT_EQ(m.version, "2022.83");
    m = Expect("greeting", "SSH-2.0-Go\r\n", "ssh");
    EXPECT_EQ(m.product, "");
    EXPECT_EQ(m.info, "Go");
}

TEST(ServiceMatch, Ftp) {
    auto m = Expect("greeting", "220 (vsFTPd 3.0.5)\r\n", "ftp");
    EXPECT_EQ(m.product, "vsftpd");
    EXPECT_EQ(m.version, "3.0.5");
    m = Expect("greeting", "220 ProFTPD 1.3.5 Server (ProFTPD Default Installation) [192.0.2.1]\r\n", "ftp");
    EXPECT_EQ(m.product, "ProFTPD");
    EXPECT_EQ(m.version, "1.3.5");
    m = Expect("greeting", "220 ProFTPD Server (Debian) [::ffff:192.0.2.1]\r\n", "ftp");
    EXPECT_EQ(m.product, "ProFTPD");
    EXPECT_EQ(m.version, "");
    m = Expect("greeting",
               "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"
               "220-You are user number 1 of 50 allowed.\r\n",
               "ftp");
    EXPECT_EQ(m.product, "Pure-FTPd");
    m = Expect("greeting", "220-FileZilla Server 1.7.3\r\n220 Please visit https://filezilla-project.org/\r\n", "ftp");
    EXPECT_EQ(m.product, "FileZilla ftpd");
    EXPECT_EQ(m.version, "1.7.3");
    m = Expect("greeting", "220-FileZilla Server version 0.9.60 beta\r\n", "ftp");
    EXPECT_EQ(m.version, "0.9.60 beta");
    EXPECT_EQ(Expect("greeting", "220 Microsoft FTP Service\r\n", "ftp").product, "Microsoft ftpd");
    EXPECT_EQ(Expect("greeting", "220 files.example.org FTP server ready.\r\n", "ftp").product, "");
}

TEST(ServiceMatch, Smtp) {
    EXPECT_EQ(Expect("greeting", "220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n", "smtp").product, "Postfix smtpd");
    auto m = Expect("greeting", "220 mx.example.org ESMTP Exim 4.96 Mon, 01 Jan 2024 10:00:00 +0000\r\n", "smtp");
    EXPECT_EQ(m.product, "Exim smtpd");
    EXPECT_EQ(m.version, "4.96");
    m = Expect("greeting", "220 mail.example.org ESMTP Sendmail 8.17.1.9/8.17.1.9; Mon, 1 Jan 2024 10:00:00 GMT\r\n",
               "smtp");
    EXPECT_EQ(m.product, "Sendmail");
    EXPECT_EQ(m.version, "8.17.1.9");
    EXPECT_EQ(Expect("greeting", "220 relay.example.org ESMTP ready\r\n", "smtp").product, "");
    m = Expect("smtp_ehlo",
               "220 mail ESMTP Postfix\r\n250-mail\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n", "smtp");
    EXPECT_THAT(m.facts, ::testing::Contains("starttls"));
    m = Expect("smtp_ehlo", "220 mail ESMTP Postfix\r\n250-mail\r\n250-PIPELINING\r\n250 8BITMIME\r\n", "smtp");
    EXPECT_THAT(m.facts, Not(::testing::Contains("starttls")));
}

TEST(ServiceMatch, Pop3AndImap) {
    auto m = Expect("greeting", "+OK Dovecot (Debian) ready.\r\n", "pop3");
    EXPECT_EQ(m.product, "Dovecot pop3d");
    m = Expect("greeting", "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n", "pop3");
    EXPECT_TRUE(m.soft);
    m = Expect("pop3_capa", "+OK Dovecot ready.\r\n+OK\r\nCAPA\r\nTOP\r\nSTLS\r\n.\r\n", "pop3");
    EXPECT_THAT(m.facts, ::testing::Contains("starttls"));

    m = Expect("greeting", "* OK [CAPABILITY IMAP4rev1 LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n", "imap");
    EXPECT_EQ(m.product, "Dovecot imapd");
    m = Expect("greeting",
               "* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT "
               "QUOTA IDLE ACL ACL2=UNION STARTTLS] Courier-IMAP ready. Copyright 1998-2018 Double Precision, Inc.  "
               "See COPYING for distribution information.\r\n",
               "imap");
    EXPECT_EQ(m.product, "Courier imapd");
    m = Expect("greeting", "* OK imap.example.org Cyrus IMAP v2.4.17-Debian-2.4.17 server ready\r\n", "imap");
    EXPECT_EQ(m.product, "Cyrus imapd");
    EXPECT_EQ(m.version, "2.4.17-Debian-2.4.17");
    m = Expect("imap_capability",
               "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n",
               "imap");
    EXPECT_THAT(m.facts, ::testing::Contains("starttls"));
    m = Expect("imap_capability", "* OK [CAPABILITY IMAP4rev1] ready\r\n* CAPABILITY IMAP4rev1\r\na1 OK done\r\n",
               "imap");
    EXPECT_THAT(m.facts, Not(::testing::Contains("starttls")));
}

TEST(ServiceMatch, MysqlAndMariadb) {
    auto m = Expect("greeting", imitation::MysqlHandshake("8.0.35"), "mysql");
    EXPECT_EQ(m.product, "MySQL");
    EXPECT_EQ(m.version, "8.0.35");
    m = Expect("greeting", imitation::MysqlHandshake("5.5.5-10.11.4-MariaDB-1~deb12u1"), "mysql");
    EXPECT_EQ(m.product, "MariaDB");
    EXPECT_EQ(m.version, "10.11.4");
    m = Expect("greeting", std::string("\x45\x00\x00\x00\xff\x6a\x04Host '192.0.2.9' is not allowed to connect", 49),
               "mysql");
    EXPECT_EQ(m.info, "refuses this client host");
}

TEST(ServiceMatch, Http) {
    auto m = Expect("http_get", "HTTP/1.1 200 OK\r\nServer: nginx/1.18.0 (Ubuntu)\r\nContent-Length: 0\r\n\r\n", "http");
    EXPECT_EQ(m.product, "nginx");
    EXPECT_EQ(m.version, "1.18.0");
    EXPECT_THAT(m.facts, ::testing::Contains("serves_content"));
    m = Expect("http_get", "HTTP/1.1 301 Moved\r\nDate: x\r\nServer: Apache/2.4.57 (Debian)\r\n\r\n", "http");
    EXPECT_EQ(m.product, "Apache httpd");
    EXPECT_EQ(m.version, "2.4.57");
    EXPECT_EQ(m.info, "Debian");
    EXPECT_THAT(m.facts, Not(::testing::Contains("serves_content")));
    EXPECT_EQ(Expect("http_get", "HTTP/1.0 200 OK\r\nServer: lighttpd/1.4.69\r\n\r\n", "http").version, "1.4.69");
    EXPECT_EQ(Expect("http_get", "HTTP/1.1 200 OK\r\nserver: Caddy\r\n\r\n", "http").product, "Caddy");
    m = Expect("http_get", "HTTP/1.1 404 Not Found\r\nServer: Microsoft-IIS/10.0\r\n\r\n", "http");
    EXPECT_EQ(m.product, "Microsoft IIS httpd");
    EXPECT_EQ(m.version, "10.0");
    m = Expect("http_get", "HTTP/1.1 200 OK\r\nServer: MyServer/2.1 beta\r\n\r\n", "http");
    EXPECT_EQ(m.product, "MyServer");
    EXPECT_EQ(m.version, "2.1");
    // No Server header: HTTP, no product; a "Server:" in the body is not a header.
    m = Expect("http_get", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nServer: nginx/1.0\r\n", "http");
    EXPECT_EQ(m.product, "");
    EXPECT_FALSE(m.soft);
    // Headers not complete yet: soft.
    EXPECT_TRUE(Expect("http_get", "HTTP/1.1 200 OK\r\nContent-Ty", "http").soft);
    // Any probe's reply that is an HTTP status line names HTTP softly.
    EXPECT_TRUE(Expect("tls_hello", "HTTP/1.1 400 Bad Request\r\n\r\n", "http").soft);
}

TEST(ServiceMatch, Elasticsearch) {
    auto m = Expect("http_get",
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{\n  \"version\" : {\n    \"number\" : "
                    "\"8.11.1\"\n  },\n  \"tagline\" : \"You Know, for Search\"\n}\n",
                    "elasticsearch");
    EXPECT_EQ(m.version, "8.11.1");
    EXPECT_THAT(m.facts, ::testing::Contains("no_auth"));
}

TEST(ServiceMatch, Tls) {
    std::string server_hello("\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03", 11);
    auto m = Expect("tls_hello", server_hello + std::string(80, '\x11'), "tls");
    EXPECT_TRUE(m.tunnel_tls);
    m = Expect("tls_hello", std::string("\x15\x03\x01\x00\x02\x02\x46", 7), "tls");  // protocol_version alert
    EXPECT_TRUE(m.tunnel_tls);
    EXPECT_FALSE(Match(Builtin(), "greeting", server_hello).has_value());  // only the ClientHello's reply
    EXPECT_FALSE(Match(Builtin(), "tls_hello", std::string("\x16\x03\x09\x00", 4)).has_value());
}

TEST(ServiceMatch, DataStores) {
    auto m = Expect("redis_ping", "+PONG\r\n", "redis");
    EXPECT_THAT(m.facts, ::testing::ElementsAre("no_auth"));
    m = Expect("redis_ping", "-NOAUTH Authentication required.\r\n", "redis");
    EXPECT_THAT(m.facts, ::testing::ElementsAre("auth_required"));
    m = Expect("redis_info", "$60\r\n# Server\r\nredis_version:6.2.5\r\nredis_mode:standalone\r\n\r\n", "redis");
    EXPECT_EQ(m.version, "6.2.5");
    EXPECT_TRUE(Expect("http_get", "-ERR wrong number of arguments for 'get' command\r\n", "redis").soft);

    m = Expect("memcached_version", "VERSION 1.6.21\r\n", "memcached");
    EXPECT_EQ(m.version, "1.6.21");
    EXPECT_THAT(m.facts, ::testing::ElementsAre("no_auth"));

    using namespace std::string_literals;
    std::string bson = "\x24\x00\x00\x00\x02version\x00\x06\x00\x00\x00"s + "7.0.4\x00"s +
                       "\x01ok\x00\x00\x00\x00\x00\x00\x00\xf0\x3f\x00"s;
    m = Expect("mongodb_buildinfo", imitation::MongoReply(bson, 1), "mongodb");
    EXPECT_EQ(m.product, "MongoDB");
    EXPECT_EQ(m.version, "7.0.4");

    EXPECT_TRUE(Expect("pg_sslrequest", "N", "postgresql").soft);
    EXPECT_THAT(Expect("pg_sslrequest", "S", "postgresql").facts, ::testing::ElementsAre("ssl_offered"));
    EXPECT_FALSE(Match(Builtin(), "pg_sslrequest", "NO").has_value());
    m = Expect("pg_startup", "R\x00\x00\x00\x17\x00\x00\x00\x0aSCRAM-SHA-256\x00\x00"s, "postgresql");
    EXPECT_FALSE(m.soft);
    m = Expect("pg_startup",
               "E\x00\x00\x00\x5cSFATAL\x00VFATAL\x00"
               "C28000\x00Mno pg_hba.conf entry for host\x00\x00"s,
               "postgresql");
    EXPECT_EQ(m.product, "PostgreSQL DB");
}

TEST(ServiceMatch, Telnet) {
    EXPECT_EQ(Expect("greeting", std::string("\xff\xfd\x18\xff\xfd\x20", 6), "telnet").service, "telnet");
}

TEST(ServiceMatch, NothingMatchesNoise) {
    const auto& rules = Builtin();
    for (const auto& probe : rules.probes) {
        EXPECT_FALSE(Match(rules, probe.name, "").has_value()) << probe.name;
        EXPECT_FALSE(Match(rules, probe.name, imitation::GarbageScript().banner).has_value()) << probe.name;
        EXPECT_FALSE(Match(rules, probe.name, std::string(20000, 'A')).has_value()) << probe.name;
    }
    EXPECT_FALSE(Match(rules, "no_such_probe", "SSH-2.0-OpenSSH_9.6\r\n").has_value());
    EXPECT_FALSE(Match(rules, "http_get", "+PONG\r\n").has_value());  // redis rules read redis_ping only
}

TEST(ServiceMatch, CapturesAreCleaned) {
    auto m = Expect("greeting", std::string("SSH-2.0-OpenSSH_9.6 \x01\x1b[31mred\x7f\r\n"), "ssh");
    EXPECT_EQ(m.info, "[31mred");
    m = Expect("http_get", "HTTP/1.1 200 OK\r\nServer: " + std::string(300, 'x') + "\r\n\r\n", "http");
    EXPECT_EQ(m.product.size(), 80u);
}

// ---- probe order ----

TEST(ProbeOrder, PortSpecificProbesFirst) {
    ServiceProber prober(Builtin(), ProberOptions{});
    auto names = [&](std::uint16_t port, bool tls) {
        std::vector<std::string> out;
        for (const auto* p : prober.ProbeOrder(port, tls)) out.push_back(p->name);
        return out;
    };
    auto p6379 = names(6379, false);
    ASSERT_GE(p6379.size(), 3u);
    EXPECT_EQ(p6379[0], "redis_ping");
    EXPECT_EQ(p6379[1], "greeting");
    auto p80 = names(80, false);
    EXPECT_EQ(p80[0], "http_get");
    auto p22 = names(22, false);
    EXPECT_EQ(p22[0], "greeting");
    auto p443 = names(443, true);
    EXPECT_EQ(p443[0], "http_get");
    EXPECT_THAT(p443, Not(::testing::Contains("tls_hello")));  // not sent inside TLS
    auto p5432 = names(5432, false);
    EXPECT_EQ(p5432[0], "pg_sslrequest");
    EXPECT_EQ(p5432[1], "pg_startup");
    for (const auto& n : names(12345, false)) {
        EXPECT_FALSE(Builtin().FindProbe(n)->IsFollowUp()) << n;
    }
    EXPECT_EQ(names(12345, false)[0], "greeting");
}

}  // namespace
}  // namespace palisade::scan::services
