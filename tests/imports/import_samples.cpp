// SPDX-License-Identifier: Apache-2.0
#include "imports/import_samples.hpp"

namespace palisade::imports::testing {

std::string NmapSample() {
    return R"xml(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated Sun Mar  1 10:00:00 2026 as: nmap -sV -O -oX scan.xml 192.0.2.1-2 2001:db8::10 -->
<nmaprun scanner="nmap" args="nmap -sV -O -oX scan.xml 192.0.2.1-2 2001:db8::10" start="1772359200" startstr="Sun Mar  1 10:00:00 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="syn" protocol="tcp" numservices="1000" services="1,3-4,6-7,9,13,17,19-26"/>
<verbose level="0"/>
<debugging level="0"/>
<hosthint><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="192.0.2.1" addrtype="ipv4"/>
<address addr="00:11:22:33:44:55" addrtype="mac" vendor="Acme"/>
<hostnames>
</hostnames>
</hosthint>
<host starttime="1772359201" endtime="1772359230"><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="192.0.2.1" addrtype="ipv4"/>
<address addr="00:11:22:33:44:55" addrtype="mac" vendor="Acme"/>
<hostnames>
<hostname name="gw.example.test" type="PTR"/>
</hostnames>
<ports><extraports state="closed" count="997">
<extrareasons reason="reset" count="997" proto="tcp" ports="1,3-4,6-7,9,13,17,19-21,23-26"/>
</extraports>
<port protocol="tcp" portid="22"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ssh" product="OpenSSH" version="9.2p1 Debian 2+deb12u1" extrainfo="protocol 2.0" ostype="Linux" method="probed" conf="10"><cpe>cpe:/a:openbsd:openssh:9.2p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service></port>
<port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http" product="nginx" version="1.22.1" tunnel="ssl" method="probed" conf="10"><cpe>cpe:/a:igor_sysoev:nginx:1.22.1</cpe></service><script id="http-title" output="Welcome &amp; hello"><elem key="title">Welcome &amp; hello</elem></script></port>
<port protocol="tcp" portid="8080"><state state="filtered" reason="no-response" reason_ttl="0"/><service name="http-proxy" method="table" conf="3"/></port>
</ports>
<os><portused state="open" proto="tcp" portid="22"/>
<osmatch name="Linux 5.0 - 5.14" accuracy="98" line="67590">
<osclass type="general purpose" vendor="Linux" osfamily="Linux" osgen="5.X" accuracy="98"><cpe>cpe:/o:linux:linux_kernel:5</cpe></osclass>
</osmatch>
<osmatch name="MikroTik RouterOS 7.2 - 7.5 (Linux 5.6.3)" accuracy="91" line="86964"/>
</os>
<uptime seconds="86400" lastboot="Sat Feb 28 10:00:00 2026"/>
<times srtt="512" rttvar="250" to="100000"/>
</host>
<host starttime="1772359201" endtime="1772359230"><status state="down" reason="no-response" reason_ttl="0"/>
<address addr="192.0.2.2" addrtype="ipv4"/>
<hostnames>
</hostnames>
<times srtt="0" rttvar="0" to="0"/>
</host>
<host starttime="1772359202" endtime="1772359240"><status state="up" reason="echo-reply" reason_ttl="63"/>
<address addr="2001:db8::10" addrtype="ipv6"/>
<hostnames>
</hostnames>
<ports><port protocol="udp" portid="53"><state state="open" reason="udp-response" reason_ttl="63"/><service name="domain" product="ISC BIND" version="9.18.19" method="probed" conf="10"/></port>
</ports>
<times srtt="700" rttvar="300" to="100000"/>
</host>
<runstats><finished time="1772359300" timestr="Sun Mar  1 10:01:40 2026" summary="Nmap done: 3 IP addresses (2 hosts up) scanned in 100.00 seconds" elapsed="100.00" exit="success"/><hosts up="2" down="1" total="3"/>
</runstats>
</nmaprun>
)xml";
}

std::string NmapHosts(int hosts, int ports) {
    static const int kPorts[] = {22, 80, 443, 3306, 5432, 6379, 8080, 8443};
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
        "<nmaprun scanner=\"nmap\" args=\"nmap -sV 10.0.0.0/8\" version=\"7.93\" xmloutputversion=\"1.05\">\n";
    for (int i = 0; i < hosts; ++i) {
        const int n = i + 1;
        const std::string addr = "10." + std::to_string(n >> 16 & 255) + "." + std::to_string(n >> 8 & 255) + "." +
                                 std::to_string(n & 255);
        out += "<host><status state=\"up\" reason=\"syn-ack\" reason_ttl=\"64\"/>\n<address addr=\"" + addr +
               "\" addrtype=\"ipv4\"/>\n<hostnames>\n<hostname name=\"h" + std::to_string(n) +
               ".example.test\" type=\"PTR\"/>\n</hostnames>\n<ports>";
        for (int p = 0; p < ports; ++p) {
            const int port = kPorts[p % 8] + 10000 * (p / 8);
            out += "<port protocol=\"tcp\" portid=\"" + std::to_string(port) +
                   "\"><state state=\"open\" reason=\"syn-ack\" reason_ttl=\"64\"/><service name=\"svc" +
                   std::to_string(p) + "\" product=\"Product " + std::to_string(p) +
                   "\" version=\"1.0\" method=\"probed\" conf=\"10\"/></port>\n";
        }
        out += "</ports>\n</host>\n";
    }
    out += "<runstats><finished time=\"1772359300\" exit=\"success\"/><hosts up=\"" + std::to_string(hosts) +
           "\" down=\"0\" total=\"" + std::to_string(hosts) + "\"/></runstats>\n</nmaprun>\n";
    return out;
}

std::string SarifSample() {
    return R"json({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "CodeQL",
          "semanticVersion": "2.15.0",
          "rules": [
            {
              "id": "js/xss",
              "name": "js/xss",
              "shortDescription": {"text": "Client-side cross-site scripting"},
              "fullDescription": {"text": "Writing user input directly to the DOM allows for a cross-site scripting vulnerability."},
              "defaultConfiguration": {"enabled": true, "level": "error"},
              "help": {"text": "Escape user input before writing it to the DOM."},
              "helpUri": "https://codeql.github.com/codeql-query-help/javascript/js-xss/",
              "properties": {"tags": ["security", "external/cwe/cwe-079", "external/cwe/cwe-116"], "precision": "high",
                             "security-severity": "6.1"}
            },
            {
              "id": "js/sql-injection",
              "shortDescription": {"text": "Database query built from user-controlled sources"},
              "defaultConfiguration": {"level": "error"},
              "properties": {"tags": ["security", "CWE-89"], "security-severity": 8.8}
            },
            {
              "id": "js/unused-local-variable",
              "shortDescription": {"text": "Unused variable"},
              "defaultConfiguration": {"level": "note"}
            }
          ]
        }
      },
      "versionControlProvenance": [{"repositoryUri": "https://git.example.test/acme/shop", "revisionId": "abc123"}],
      "results": [
        {
          "ruleId": "js/xss",
          "ruleIndex": 0,
          "message": {"text": "Cross-site scripting vulnerability due to [user-provided value](1).\nSecond line."},
          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.js", "uriBaseId": "%SRCROOT%"},
                                              "region": {"startLine": 42, "startColumn": 7}}}],
          "partialFingerprints": {"primaryLocationLineHash": "39fa2ee980eb94b0:1", "primaryLocationStartColumnFingerprint": "4"}
        },
        {
          "ruleId": "js/sql-injection",
          "message": {"text": "This query depends on {0}.", "arguments": ["a user-provided value"]},
          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/db.js"}, "region": {"startLine": 7}}}]
        },
        {
          "ruleId": "custom/hardcoded-secret",
          "level": "error",
          "message": {"text": "A secret is hard-coded."},
          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "config/settings.js"}, "region": {"startLine": 3}}}]
        },
        {
          "ruleId": "js/unused-local-variable",
          "message": {"text": "Unused variable x."},
          "suppressions": [{"kind": "inSource"}]
        },
        {
          "ruleId": "js/xss",
          "kind": "pass",
          "message": {"text": "Checked."}
        }
      ]
    }
  ]
}
)json";
}

std::string SarifResults(int results, const std::string& tool) {
    std::string out = R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": ")" + tool + R"(", "rules": [)";
    for (int r = 0; r < 7; ++r) {
        out += std::string(r == 0 ? "" : ",") + R"({"id": "r)" + std::to_string(r) +
               R"(", "defaultConfiguration": {"level": "warning"}})";
    }
    out += R"(]}}, "results": [)";
    for (int i = 0; i < results; ++i) {
        const std::string n = std::to_string(i);
        out += std::string(i == 0 ? "" : ",\n") + R"({"ruleId": "r)" + std::to_string(i % 7) +
               R"(", "message": {"text": "Problem )" + n +
               R"("}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/file)" + n +
               R"(.js"}, "region": {"startLine": )" + std::to_string(i + 1) +
               R"(}}}], "partialFingerprints": {"hash": "h)" + n + R"("}})";
    }
    out += "]}]}\n";
    return out;
}

}  // namespace palisade::imports::testing
