// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/strings.hpp"
#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"
#include "scan/output/sample_reports.hpp"

namespace palisade::scan::output {
namespace {

namespace json = boost::json;
using testing::IncompleteEmptyReport;
using testing::MultiTargetReport;
using testing::RunTool;
using testing::ShellQuote;
using testing::UnresolvedReport;
using testing::WriteTemp;

const std::string kTestDir = PALISADE_OUTPUT_TEST_DIR;
const std::string kPython = PALISADE_PYTHON3;

// Parses `xml` with Python's xml.etree (strict XML 1.0) and returns the structure summary of nmap_xml_summary.py.
json::value ParseXml(const std::string& xml, const std::string& name) {
    std::string file = WriteTemp(name, xml);
    auto run = RunTool(ShellQuote(kPython) + " " + ShellQuote(kTestDir + "/nmap_xml_summary.py") + " " +
                       ShellQuote(file));
    EXPECT_EQ(run.exit_code, 0) << run.output << "\n" << xml;
    boost::system::error_code ec;
    json::value v = json::parse(run.output, ec);
    EXPECT_FALSE(ec) << run.output;
    return ec ? json::value(json::object{}) : v;
}

std::string Attr(const json::value& attrs, std::string_view key) {
    if (!attrs.is_object() || !attrs.as_object().contains(key)) return "<missing>";
    return std::string(attrs.at(key).as_string());
}

std::vector<std::string> Tags(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& t : list.as_array()) out.emplace_back(t.as_string());
    return out;
}

TEST(NmapXmlOutput, ParsesAndHasTheNmapRunShape) {
    std::string xml = ToNmapXml(MultiTargetReport());
    EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n<nmaprun ", 0), 0u);
    json::value v = ParseXml(xml, "multi.xml");
    EXPECT_EQ(v.at("tag").as_string(), "nmaprun");
    const auto& attrs = v.at("attrs");
    EXPECT_EQ(Attr(attrs, "scanner"), "palisade");
    EXPECT_EQ(Attr(attrs, "args"), "palisade scan https://example.test 127.0.0.2");
    EXPECT_EQ(Attr(attrs, "start"), "1767323045");
    EXPECT_EQ(Attr(attrs, "startstr"), "Fri Jan  2 03:04:05 2026");
    EXPECT_EQ(Attr(attrs, "version"), "0.1.0");
    EXPECT_EQ(Attr(attrs, "xmloutputversion"), "1.05");
    EXPECT_EQ(Tags(v.at("children")), (std::vector<std::string>{"scaninfo", "verbose", "debugging", "host", "host",
                                                                 "host", "runstats"}));
    const auto& scaninfo = v.at("scaninfo");
    EXPECT_EQ(Attr(scaninfo, "type"), "connect");
    EXPECT_EQ(Attr(scaninfo, "protocol"), "tcp");
    EXPECT_EQ(Attr(scaninfo, "numservices"), "1000");
    EXPECT_EQ(Attr(scaninfo, "services"), "1-1000");

    EXPECT_EQ(Attr(v.at("finished"), "time"), "1767323057");
    EXPECT_EQ(Attr(v.at("finished"), "elapsed"), "12.00");
    EXPECT_EQ(Attr(v.at("finished"), "exit"), "success");
    EXPECT_EQ(Attr(v.at("finished"), "summary"),
              "Palisade done at Fri Jan  2 03:04:17 2026; 3 IP addresses (3 hosts up) scanned in 12.00 seconds");
    EXPECT_EQ(Attr(v.at("runstats_hosts"), "up"), "3");
    EXPECT_EQ(Attr(v.at("runstats_hosts"), "down"), "0");
    EXPECT_EQ(Attr(v.at("runstats_hosts"), "total"), "3");
}

TEST(NmapXmlOutput, HostsPortsAndServicesAsNdiffReadsThem) {
    json::value v = ParseXml(ToNmapXml(MultiTargetReport()), "hosts.xml");
    const auto& hosts = v.at("hosts").as_array();
    ASSERT_EQ(hosts.size(), 3u);

    const auto& h4 = hosts[0];
    EXPECT_EQ(Tags(h4.at("children")), (std::vector<std::string>{"status", "address", "hostnames", "ports", "times"}));
    EXPECT_EQ(Attr(h4.at("attrs"), "starttime"), "1767323045");
    EXPECT_EQ(Attr(h4.at("attrs"), "endtime"), "1767323057");
    EXPECT_EQ(Attr(h4.at("status"), "state"), "up");
    EXPECT_EQ(Attr(h4.at("status"), "reason"), "syn-ack");
    EXPECT_EQ(Attr(h4.at("status"), "reason_ttl"), "0");
    ASSERT_EQ(h4.at("addresses").as_array().size(), 1u);
    EXPECT_EQ(Attr(h4.at("addresses").as_array()[0], "addr"), "127.0.0.1");
    EXPECT_EQ(Attr(h4.at("addresses").as_array()[0], "addrtype"), "ipv4");
    ASSERT_EQ(h4.at("hostnames").as_array().size(), 1u);
    EXPECT_EQ(Attr(h4.at("hostnames").as_array()[0], "name"), "example.test");
    EXPECT_EQ(Attr(h4.at("hostnames").as_array()[0], "type"), "user");

    const auto& extra = h4.at("extraports").as_array();
    ASSERT_EQ(extra.size(), 2u);
    EXPECT_EQ(Attr(extra[0].at("attrs"), "state"), "closed");
    EXPECT_EQ(Attr(extra[0].at("attrs"), "count"), "997");
    EXPECT_EQ(Attr(extra[0].at("reasons").as_array()[0], "reason"), "conn-refused");
    EXPECT_EQ(Attr(extra[1].at("attrs"), "state"), "filtered");
    EXPECT_EQ(Attr(extra[1].at("attrs"), "count"), "1");

    const auto& ports = h4.at("ports").as_array();
    ASSERT_EQ(ports.size(), 2u);
    EXPECT_EQ(Attr(ports[0].at("attrs"), "protocol"), "tcp");
    EXPECT_EQ(Attr(ports[0].at("attrs"), "portid"), "80");
    EXPECT_EQ(Tags(ports[0].at("children")), (std::vector<std::string>{"state", "service"}));
    EXPECT_EQ(Attr(ports[0].at("state"), "state"), "open");
    EXPECT_EQ(Attr(ports[0].at("state"), "reason"), "syn-ack");
    EXPECT_EQ(Attr(ports[0].at("state"), "reason_ttl"), "0");
    EXPECT_EQ(Attr(ports[0].at("service"), "name"), "http");
    EXPECT_EQ(Attr(ports[0].at("service"), "product"), "nginx");
    EXPECT_EQ(Attr(ports[0].at("service"), "version"), "1.22.1");
    EXPECT_EQ(Attr(ports[0].at("service"), "method"), "probed");
    EXPECT_EQ(Attr(ports[0].at("service"), "conf"), "10");
    EXPECT_EQ(Attr(ports[0].at("service"), "tunnel"), "<missing>");
    // HTTPS: nmap's name="http" tunnel="ssl".
    EXPECT_EQ(Attr(ports[1].at("service"), "name"), "http");
    EXPECT_EQ(Attr(ports[1].at("service"), "tunnel"), "ssl");
    EXPECT_EQ(Attr(ports[1].at("service"), "extrainfo"), "Debian");
    // Times in microseconds: mean of 213 us and 188 us, mean deviation, timeout floor of 100 ms.
    EXPECT_EQ(Attr(h4.at("times"), "srtt"), "200");
    EXPECT_EQ(Attr(h4.at("times"), "rttvar"), "13");
    EXPECT_EQ(Attr(h4.at("times"), "to"), "100000");

    const auto& h6 = hosts[1];
    EXPECT_EQ(Attr(h6.at("addresses").as_array()[0], "addr"), "::1");
    EXPECT_EQ(Attr(h6.at("addresses").as_array()[0], "addrtype"), "ipv6");
    EXPECT_EQ(Attr(h6.at("ports").as_array()[0].at("service"), "method"), "table");
    EXPECT_EQ(Attr(h6.at("ports").as_array()[0].at("service"), "conf"), "3");
    EXPECT_EQ(h6.at("extraports").as_array().size(), 1u);  // no filtered ports: no element for them

    const auto& h2 = hosts[2];
    EXPECT_TRUE(h2.at("hostnames").as_array().empty());
    const auto& odd = h2.at("ports").as_array()[1].at("service");
    EXPECT_EQ(Attr(odd, "name"), "ssh");
    EXPECT_EQ(Attr(odd, "product"), "Open\"SSH<&>");                      // escaped, parsed back intact
    EXPECT_EQ(Attr(odd, "version"), "9.2p1 \xEF\xBF\xBD\\x1b[1m");         // bad byte -> U+FFFD, ESC -> \x1b
}

TEST(NmapXmlOutput, OddBytesAreEscaped) {
    ScanReport r = MultiTargetReport();
    r.command_line = "palisade scan " + testing::kOddBytes;
    r.targets[0].hosts[0].name = testing::kOddBytes;
    std::string xml = ToNmapXml(r);
    EXPECT_TRUE(IsValidUtf8(xml));
    EXPECT_EQ(xml.find('\x1b'), std::string::npos);
    EXPECT_EQ(xml.find(std::string(1, '\0')), std::string::npos);
    EXPECT_EQ(xml.find("\xef\xbf\xbf"), std::string::npos);  // U+FFFF is not an XML character
    json::value v = ParseXml(xml, "odd.xml");
    std::string name = Attr(v.at("hosts").as_array()[0].at("hostnames").as_array()[0], "name");
    EXPECT_NE(name.find("<tag a=\"1\"> & 'q'"), std::string::npos) << name;
    EXPECT_NE(name.find("end\r\n2nd"), std::string::npos) << name;  // &#13;&#10; survive attribute normalisation
    EXPECT_NE(name.find("\\x1b[31m"), std::string::npos) << name;
}

TEST(NmapXmlOutput, IncompleteScanAndDownHostsAndSkippedTargets) {
    json::value v = ParseXml(ToNmapXml(IncompleteEmptyReport()), "incomplete.xml");
    EXPECT_EQ(Attr(v.at("finished"), "exit"), "error");
    EXPECT_EQ(Attr(v.at("finished"), "errormsg"), "incomplete: cancelled");
    const auto& host = v.at("hosts").as_array()[0];
    EXPECT_EQ(Attr(host.at("status"), "reason"), "conn-refused");  // only closed ports answered
    EXPECT_TRUE(host.at("ports").as_array().empty());
    EXPECT_TRUE(host.at("times").is_null());  // no RTT samples: no <times>

    json::value u = ParseXml(ToNmapXml(UnresolvedReport()), "unresolved.xml");
    ASSERT_EQ(u.at("targets").as_array().size(), 1u);
    EXPECT_EQ(Attr(u.at("targets").as_array()[0], "specification"), "no-such-name.invalid");
    EXPECT_EQ(Attr(u.at("targets").as_array()[0], "status"), "skipped");
    const auto& down = u.at("hosts").as_array()[0];
    EXPECT_EQ(Attr(down.at("status"), "state"), "down");
    EXPECT_EQ(Attr(down.at("status"), "reason"), "no-response");
    EXPECT_EQ(Tags(down.at("children")), (std::vector<std::string>{"status", "address", "hostnames"}));
    EXPECT_EQ(Attr(u.at("runstats_hosts"), "up"), "0");
    EXPECT_EQ(Attr(u.at("runstats_hosts"), "down"), "1");
    EXPECT_EQ(Attr(u.at("finished"), "summary"),
              "Palisade done at Fri Jan  2 03:04:07 2026; 1 IP address (0 hosts up) scanned in 2.00 seconds");

    json::value e = ParseXml(ToNmapXml(ScanReport{}), "empty.xml");
    EXPECT_EQ(Tags(e.at("children")), (std::vector<std::string>{"scaninfo", "verbose", "debugging", "runstats"}));
}

// Bonus: where nmap is installed, its own DTD validates the document. The DTD only allows scanner="nmap", so that one
// attribute is swapped before validation; everything else is checked as is.
TEST(NmapXmlOutput, ValidatesAgainstNmapDtdWhenNmapIsInstalled) {
    const std::string dtd = "/usr/share/nmap/nmap.dtd";
    if (!std::filesystem::exists(dtd) || RunTool("command -v xmllint").exit_code != 0) {
        GTEST_SKIP() << "nmap.dtd or xmllint not installed";
    }
    for (const ScanReport& r : {MultiTargetReport(), IncompleteEmptyReport(), UnresolvedReport()}) {
        std::string xml = ToNmapXml(r);
        auto pos = xml.find("scanner=\"palisade\"");
        ASSERT_NE(pos, std::string::npos);
        xml.replace(pos, 18, "scanner=\"nmap\"");
        std::string file = WriteTemp("dtd.xml", xml);
        auto run = RunTool("xmllint --noout --dtdvalid " + ShellQuote(dtd) + " " + ShellQuote(file));
        EXPECT_EQ(run.exit_code, 0) << run.output;
    }
}

TEST(XmlEscape, AttributesAndText) {
    EXPECT_EQ(detail::XmlEscape("a<b>&\"c'", true), "a&lt;b&gt;&amp;&quot;c&apos;");
    EXPECT_EQ(detail::XmlEscape("a<b>&\"c'", false), "a&lt;b&gt;&amp;\"c'");
    EXPECT_EQ(detail::XmlEscape("\t\n\r", true), "&#9;&#10;&#13;");
    EXPECT_EQ(detail::XmlEscape("\t\n\r", false), "\t\n&#13;");
    EXPECT_EQ(detail::XmlEscape(std::string("\x1b\x01", 2) + std::string(1, '\0'), false), "\\x1b\\x01\\x00");
    EXPECT_EQ(detail::XmlEscape("\xff", false), "\xEF\xBF\xBD");
    EXPECT_EQ(detail::XmlEscape("\xEF\xBF\xBE\xEF\xBF\xBF", false), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(detail::XmlEscape("caf\xc3\xa9", false), "caf\xc3\xa9");
}

}  // namespace
}  // namespace palisade::scan::output
