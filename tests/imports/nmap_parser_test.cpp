// SPDX-License-Identifier: Apache-2.0
// NmapXmlParser: hosts, ports and services of a real-shaped nmap report; chunk boundaries anywhere; hostile and
// broken documents refused with their line.
#include "imports/nmap_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imports/import_samples.hpp"

namespace palisade::imports {
namespace {

using testing::NmapHosts;
using testing::NmapSample;

// Every field of the hosts, one line each, for comparisons.
std::string Describe(const std::vector<NmapHost>& hosts) {
    std::string out;
    for (const auto& h : hosts) {
        out += "host " + h.status + " line " + std::to_string(h.line) + " mac " + h.mac + " os " + h.os_match + "/" +
               std::to_string(h.os_accuracy) + "\n";
        for (const auto& a : h.addresses) out += " addr " + a + "\n";
        for (const auto& n : h.hostnames) out += " name " + n + "\n";
        for (const auto& p : h.ports) {
            out += " port " + std::to_string(p.port) + "/" + p.proto + " " + p.state + " " + p.reason + " " +
                   p.service + "|" + p.product + "|" + p.version + "|" + p.extra_info + (p.tls ? " tls" : "") + "\n";
        }
    }
    return out;
}

struct Parsed {
    std::vector<NmapHost> hosts;
    Status status;
};

constexpr std::size_t kWhole = static_cast<std::size_t>(-1);

// Feeds `doc` in chunks of the given sizes (cycled), then finishes.
Parsed Parse(const std::string& doc, std::vector<std::size_t> sizes = {kWhole}, NmapLimits limits = {}) {
    Parsed out;
    NmapXmlParser parser(limits, [&](NmapHost&& h) {
        out.hosts.push_back(std::move(h));
        return Ok();
    });
    std::size_t at = 0;
    for (std::size_t i = 0; at < doc.size(); ++i) {
        const std::size_t n = std::min(sizes[i % sizes.size()], doc.size() - at);
        out.status = parser.Feed(std::string_view(doc).substr(at, n));
        if (!out.status) return out;
        at += n;
    }
    out.status = parser.Finish();
    return out;
}

std::string ErrorOf(const Parsed& p) { return p.status ? std::string("(no error)") : p.status.error().message; }

TEST(NmapXmlParser, ReadsHostsPortsAndServices) {
    const Parsed p = Parse(NmapSample());
    ASSERT_TRUE(p.status) << ErrorOf(p);
    ASSERT_EQ(p.hosts.size(), 3u);
    const NmapHost& gw = p.hosts[0];
    EXPECT_EQ(gw.status, "up");
    EXPECT_EQ(gw.addresses, std::vector<std::string>{"192.0.2.1"});
    EXPECT_EQ(gw.mac, "00:11:22:33:44:55");
    EXPECT_EQ(gw.hostnames, std::vector<std::string>{"gw.example.test"});
    EXPECT_EQ(gw.os_match, "Linux 5.0 - 5.14");
    EXPECT_EQ(gw.os_accuracy, 98);
    EXPECT_EQ(gw.line, 15u);
    ASSERT_EQ(gw.ports.size(), 3u);
    EXPECT_EQ(gw.ports[0].port, 22);
    EXPECT_EQ(gw.ports[0].proto, "tcp");
    EXPECT_EQ(gw.ports[0].state, "open");
    EXPECT_EQ(gw.ports[0].reason, "syn-ack");
    EXPECT_EQ(gw.ports[0].service, "ssh");
    EXPECT_EQ(gw.ports[0].product, "OpenSSH");
    EXPECT_EQ(gw.ports[0].version, "9.2p1 Debian 2+deb12u1");
    EXPECT_EQ(gw.ports[0].extra_info, "protocol 2.0");
    EXPECT_FALSE(gw.ports[0].tls);
    EXPECT_EQ(gw.ports[1].port, 443);
    EXPECT_TRUE(gw.ports[1].tls);
    EXPECT_EQ(gw.ports[1].product, "nginx");
    EXPECT_EQ(gw.ports[2].state, "filtered");
    EXPECT_EQ(p.hosts[1].status, "down");
    EXPECT_EQ(p.hosts[1].addresses, std::vector<std::string>{"192.0.2.2"});
    EXPECT_TRUE(p.hosts[1].ports.empty());
    const NmapHost& v6 = p.hosts[2];
    EXPECT_EQ(v6.addresses, std::vector<std::string>{"2001:db8::10"});
    ASSERT_EQ(v6.ports.size(), 1u);
    EXPECT_EQ(v6.ports[0].proto, "udp");
    EXPECT_EQ(v6.ports[0].service, "domain");
    EXPECT_EQ(v6.ports[0].version, "9.18.19");
}

TEST(NmapXmlParser, OneByteChunksGiveTheSameHosts) {
    const std::string doc = NmapSample();
    const Parsed whole = Parse(doc);
    ASSERT_TRUE(whole.status) << ErrorOf(whole);
    const Parsed bytes = Parse(doc, {1});
    ASSERT_TRUE(bytes.status) << ErrorOf(bytes);
    EXPECT_EQ(Describe(bytes.hosts), Describe(whole.hosts));
    const Parsed odd = Parse(doc, {7, 1, 13, 2, 64, 3});
    ASSERT_TRUE(odd.status) << ErrorOf(odd);
    EXPECT_EQ(Describe(odd.hosts), Describe(whole.hosts));
}

TEST(NmapXmlParser, SplitsAMultiByteCharacterAcrossChunks) {
    const std::string doc =
        "<nmaprun><host><status state=\"up\"/><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/>"
        "<hostnames><hostname name=\"caf\xC3\xA9.example.test\"/></hostnames></host></nmaprun>";
    const Parsed p = Parse(doc, {1});
    ASSERT_TRUE(p.status) << ErrorOf(p);
    ASSERT_EQ(p.hosts.size(), 1u);
    EXPECT_EQ(p.hosts[0].hostnames.front(), "caf\xC3\xA9.example.test");
}

TEST(NmapXmlParser, ManyHostsStreamOneByOne) {
    const std::string doc = NmapHosts(2000, 3);
    std::uint64_t seen = 0;
    NmapXmlParser parser({}, [&](NmapHost&& h) {
        ++seen;
        EXPECT_EQ(h.ports.size(), 3u);
        return Ok();
    });
    for (std::size_t at = 0; at < doc.size(); at += 4096)
        ASSERT_TRUE(parser.Feed(std::string_view(doc).substr(at, 4096)));
    ASSERT_TRUE(parser.Finish());
    EXPECT_EQ(seen, 2000u);
    EXPECT_EQ(parser.hosts_seen(), 2000u);
    EXPECT_EQ(parser.bytes_fed(), doc.size());
}

TEST(NmapXmlParser, RefusesBillionLaughs) {
    const std::string doc =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [\n<!ENTITY lol \"lol\">\n"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
        "<nmaprun>&lol2;</nmaprun>\n";
    const Parsed p = Parse(doc);
    ASSERT_FALSE(p.status);
    EXPECT_EQ(p.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ErrorOf(p).find("line 2"), std::string::npos) << ErrorOf(p);
    EXPECT_NE(ErrorOf(p).find("DOCTYPE"), std::string::npos) << ErrorOf(p);
}

TEST(NmapXmlParser, RefusesExternalEntities) {
    const Parsed xxe = Parse("<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun SYSTEM \"file:///etc/passwd\">\n<nmaprun/>\n");
    ASSERT_FALSE(xxe.status);
    EXPECT_NE(ErrorOf(xxe).find("line 2"), std::string::npos) << ErrorOf(xxe);
    const Parsed undeclared = Parse("<nmaprun>\n<host>&xxe;</host></nmaprun>");
    ASSERT_FALSE(undeclared.status);
    EXPECT_NE(ErrorOf(undeclared).find("line 2"), std::string::npos) << ErrorOf(undeclared);
    EXPECT_NE(ErrorOf(undeclared).find("undefined entity"), std::string::npos) << ErrorOf(undeclared);
}

TEST(NmapXmlParser, AcceptsNmapsOwnDoctype) {
    const Parsed p = Parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n<nmaprun></nmaprun>\n");
    EXPECT_TRUE(p.status) << ErrorOf(p);
    EXPECT_TRUE(p.hosts.empty());
}

TEST(NmapXmlParser, TruncatedDocumentFailsWithItsLine) {
    const std::string doc = NmapSample();
    const std::string cut = doc.substr(0, doc.find("<host starttime=\"1772359202\""));
    const Parsed p = Parse(cut, {100});
    ASSERT_FALSE(p.status);
    EXPECT_EQ(p.hosts.size(), 2u);  // the complete hosts were delivered before the end was found missing
    EXPECT_NE(ErrorOf(p).find("line "), std::string::npos) << ErrorOf(p);
    const Parsed mid_tag = Parse(doc.substr(0, doc.find("portid=\"443\"") + 5));
    ASSERT_FALSE(mid_tag.status);
    EXPECT_NE(ErrorOf(mid_tag).find("line 25"), std::string::npos) << ErrorOf(mid_tag);
}

TEST(NmapXmlParser, MalformedXmlNamesTheLine) {
    const Parsed p = Parse("<nmaprun>\n<host>\n<status state=\"up\">\n</host>\n</nmaprun>\n");
    ASSERT_FALSE(p.status);
    EXPECT_NE(ErrorOf(p).find("line 4"), std::string::npos) << ErrorOf(p);
    EXPECT_NE(ErrorOf(p).find("mismatched tag"), std::string::npos) << ErrorOf(p);
}

TEST(NmapXmlParser, RefusesOtherDocuments) {
    const Parsed other = Parse("<?xml version=\"1.0\"?>\n<html><body/></html>");
    ASSERT_FALSE(other.status);
    EXPECT_NE(ErrorOf(other).find("not an nmap XML document"), std::string::npos) << ErrorOf(other);
    const Parsed empty = Parse("   ");
    EXPECT_FALSE(empty.status);
    const Parsed json = Parse("{\"version\": \"2.1.0\"}");
    EXPECT_FALSE(json.status);
}

TEST(NmapXmlParser, EnforcesLimits) {
    NmapLimits depth;
    depth.max_depth = 4;
    const Parsed deep = Parse("<nmaprun>\n<a><b><c><d></d></c></b></a></nmaprun>", {kWhole}, depth);
    ASSERT_FALSE(deep.status);
    EXPECT_NE(ErrorOf(deep).find("line 2: elements nested deeper than 4"), std::string::npos) << ErrorOf(deep);

    NmapLimits attr;
    attr.max_attribute_bytes = 16;
    const Parsed long_attr = Parse(
        "<nmaprun>\n\n<host><hostnames><hostname name=\"" + std::string(17, 'a') + "\"/></hostnames></host></nmaprun>",
        {kWhole}, attr);
    ASSERT_FALSE(long_attr.status);
    EXPECT_NE(ErrorOf(long_attr).find("line 3: attribute \"name\""), std::string::npos) << ErrorOf(long_attr);

    NmapLimits hosts;
    hosts.max_hosts = 5;
    const Parsed many = Parse(NmapHosts(6, 1), {kWhole}, hosts);
    ASSERT_FALSE(many.status);
    EXPECT_EQ(many.hosts.size(), 5u);
    EXPECT_NE(ErrorOf(many).find("more than 5 hosts"), std::string::npos) << ErrorOf(many);
    EXPECT_TRUE(Parse(NmapHosts(5, 1), {kWhole}, hosts).status);

    NmapLimits token;
    token.max_token_bytes = 1024;
    const Parsed comment = Parse("<nmaprun>\n<!-- " + std::string(4096, 'x') + " -->\n</nmaprun>", {256}, token);
    ASSERT_FALSE(comment.status);
    EXPECT_NE(ErrorOf(comment).find("a single tag or comment is over 1024 bytes"), std::string::npos)
        << ErrorOf(comment);
}

TEST(NmapXmlParser, SinkErrorStopsTheParse) {
    int calls = 0;
    NmapXmlParser parser({}, [&](NmapHost&&) -> Status {
        ++calls;
        return Fail(ErrorCode::kUnavailable, "database down");
    });
    auto s = parser.Feed(NmapHosts(3, 1));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(s.error().message, "database down");
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(parser.Finish());  // the same error again
}

TEST(NmapXmlParser, BadPortNumberIsKeptAsInvalid) {
    const Parsed p = Parse(
        "<nmaprun><host><status state=\"up\"/><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/><ports>"
        "<port protocol=\"tcp\" portid=\"99999\"><state state=\"open\"/></port>"
        "<port protocol=\"tcp\" portid=\"80\"><state state=\"open\"/></port></ports></host></nmaprun>");
    ASSERT_TRUE(p.status) << ErrorOf(p);
    ASSERT_EQ(p.hosts.size(), 1u);
    ASSERT_EQ(p.hosts[0].ports.size(), 2u);
    EXPECT_EQ(p.hosts[0].ports[0].state, "invalid");
    EXPECT_EQ(p.hosts[0].ports[1].port, 80);
}

}  // namespace
}  // namespace palisade::imports
