#!/usr/bin/env python3
"""Writes a realistic nmap XML report (the shape nmap 7.93 emits for `nmap -sV -oX`), for nmap_import_bench.py.

The file: XML declaration, DOCTYPE, the stylesheet processing instruction and the "scan initiated" comment;
<nmaprun> with <scaninfo> (a port-range list in nmap's format), <verbose>, <debugging>; then per host a <hosthint> and a
<host> with <status>, an IPv4 <address> (and a MAC <address> with a vendor for hosts on the local /24s),
<hostnames> (PTR names for most hosts), <ports> with <extraports> (closed or filtered, with <extrareasons>) and 1 to
7 <port> elements (<state> and a <service> with product, version, extrainfo, ostype, method, conf, tunnel="ssl" for
TLS services, and <cpe> entries), sometimes a filtered port without a version, and <times>; <runstats> at the end.
Deterministic for a seed: the same arguments give the same bytes.

Usage: bench/gen_nmap_xml.py OUT.xml [--hosts 10000] [--seed 1]
"""
import argparse
import random
import sys
import time
from xml.sax.saxutils import quoteattr

# name, port, product, versions, extrainfo, ostype, cpe (with {v} for the version), tls
SERVICES = [
    ("ssh", 22, "OpenSSH", ["7.4", "8.2p1 Ubuntu 4ubuntu0.5", "8.4p1 Debian 5+deb11u1", "9.2p1 Debian 2+deb12u2"],
     "protocol 2.0", "Linux", "cpe:/a:openbsd:openssh:{v}", False),
    ("http", 80, "Apache httpd", ["2.4.41", "2.4.54", "2.4.57"], "(Ubuntu)", None, "cpe:/a:apache:http_server:{v}",
     False),
    ("http", 80, "nginx", ["1.14.0", "1.18.0", "1.22.1"], None, None, "cpe:/a:igor_sysoev:nginx:{v}", False),
    ("https", 443, "nginx", ["1.18.0", "1.22.1", "1.24.0"], None, None, "cpe:/a:igor_sysoev:nginx:{v}", True),
    ("https", 443, "Microsoft IIS httpd", ["10.0"], None, "Windows",
     "cpe:/a:microsoft:internet_information_services:{v}", True),
    ("http-proxy", 8080, "Apache Tomcat", ["9.0.41", "9.0.65"], None, None, "cpe:/a:apache:tomcat:{v}", False),
    ("mysql", 3306, "MySQL", ["5.7.33", "8.0.32"], None, None, "cpe:/a:mysql:mysql:{v}", False),
    ("postgresql", 5432, "PostgreSQL DB", ["12.2 - 12.4", "13.3 - 13.7", "15.1 - 15.4"], None, None,
     "cpe:/a:postgresql:postgresql:{v}", False),
    ("ms-wbt-server", 3389, "Microsoft Terminal Services", [""], None, "Windows", "cpe:/o:microsoft:windows", False),
    ("microsoft-ds", 445, "Samba smbd", ["4.6.2"], "workgroup: CORP", None, "cpe:/a:samba:samba", False),
    ("ftp", 21, "vsftpd", ["3.0.3"], None, "Unix", "cpe:/a:vsftpd:vsftpd:{v}", False),
    ("smtp", 25, "Postfix smtpd", [""], None, None, "cpe:/a:postfix:postfix", False),
    ("domain", 53, "ISC BIND", ["9.16.1", "9.18.19-1~deb12u1"], "Debian Linux", "Linux", "cpe:/a:isc:bind:{v}", False),
    ("redis", 6379, "Redis key-value store", ["6.0.16", "7.0.11"], None, None, "cpe:/a:redislabs:redis:{v}", False),
    ("snmp", 161, "net-snmp", ["5.9"], "SNMPv3 server", None, "cpe:/a:net-snmp:net-snmp:{v}", False),
]
# Host roles: the services a host of that role tends to have (indexes into SERVICES).
ROLES = [[0, 1], [0, 3], [0, 2, 3], [0, 6], [0, 7], [8, 9], [8, 9, 4], [0, 5], [0, 11, 12], [0, 13], [0, 10],
         [0, 1, 3, 6], [0, 2, 3, 7, 13], [14, 0]]
MAC_VENDORS = [("52:54:00", "QEMU virtual NIC"), ("00:50:56", "VMware"), ("3c:ec:ef", "Super Micro Computer"),
               ("b8:27:eb", "Raspberry Pi Foundation")]
TOP1000_RANGES = ("1,3-4,6-7,9,13,17,19-26,30,32-33,37,42-43,49,53,70,79-85,88-90,99-100,106,109-111,113,119,125,"
                  "135,139,143-144,146,161,163,179,199,211-212,222,254-256,259,264,280,301,306,311,340,366,389,406-407,"
                  "416-417,425,427,443-445,458,464-465,481,497,500,512-515,524,541,543-545,548,554-555,563,587,593,"
                  "616-617,625,631,636,646,648,666-668,683,687,691,700,705,711,714,720,722,726,749,765,777,783,787,"
                  "800-801,808,843,873,880,888,898,900-903,911-912,981,987,990,992-993,995,999-1002,1007,1009-1011")


def _attrs(**kw):
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in kw.items() if v is not None)


def _host(rng, n, t):
    a, b, c = 10, (n // 254) // 254 % 256, (n // 254) % 254
    addr = f"{a}.{b}.{c}.{n % 254 + 1}"
    lines = [f"<hosthint><status state=\"up\" reason=\"unknown-response\" reason_ttl=\"0\"/>\n"
             f"<address addr=\"{addr}\" addrtype=\"ipv4\"/>\n<hostnames>\n</hostnames>\n</hosthint>"]
    role = ROLES[rng.randrange(len(ROLES))]
    picked = [SERVICES[i] for i in role if rng.random() < 0.9] or [SERVICES[role[0]]]
    ttl = 63 if c else 64
    lines.append(f"<host starttime=\"{t}\" endtime=\"{t + rng.randrange(5, 90)}\">"
                 f"<status state=\"up\" reason=\"{'arp-response' if c == 0 else 'echo-reply'}\" reason_ttl=\"{ttl}\"/>")
    lines.append(f"<address addr=\"{addr}\" addrtype=\"ipv4\"/>")
    if c == 0:
        prefix, vendor = MAC_VENDORS[n % len(MAC_VENDORS)]
        mac = prefix + "".join(f":{rng.randrange(256):02X}" for _ in range(3))
        lines.append(f"<address addr=\"{mac.upper()}\" addrtype=\"mac\" vendor=\"{vendor}\"/>")
    lines.append("<hostnames>")
    if rng.random() < 0.8:
        kind = ("web", "db", "app", "mail", "ns", "fs", "dc")[n % 7]
        lines.append(f"<hostname name=\"{kind}-{n}.corp.example\" type=\"PTR\"/>")
    lines.append("</hostnames>")
    filtered = rng.random() < 0.3
    extra = 1000 - len(picked) - (1 if filtered else 0)
    lines.append("<ports>")
    if rng.random() < 0.5:
        lines.append(f"<extraports state=\"closed\" count=\"{extra}\">\n<extrareasons reason=\"reset\" "
                     f"count=\"{extra}\" proto=\"tcp\" ports=\"{TOP1000_RANGES}\"/>\n</extraports>")
    else:
        lines.append(f"<extraports state=\"filtered\" count=\"{extra}\">\n<extrareasons reason=\"no-response\" "
                     f"count=\"{extra}\" proto=\"tcp\" ports=\"{TOP1000_RANGES}\"/>\n</extraports>")
    open_ports = 0
    for name, port, product, versions, extrainfo, ostype, cpe, tls in sorted(picked, key=lambda s: s[1]):
        version = rng.choice(versions)
        proto = "udp" if name == "snmp" else "tcp"
        service = _attrs(name=name, product=product, version=version or None, extrainfo=extrainfo, ostype=ostype,
                         tunnel="ssl" if tls else None, method="probed", conf=10)
        cpe_text = cpe.format(v=version.split(" ")[0]) if "{v}" in cpe else cpe
        lines.append(f"<port protocol=\"{proto}\" portid=\"{port}\"><state state=\"open\" reason=\"syn-ack\" "
                     f"reason_ttl=\"{ttl}\"/><service{service}><cpe>{cpe_text}</cpe></service></port>")
        open_ports += 1
    if filtered:
        lines.append(f"<port protocol=\"tcp\" portid=\"8443\"><state state=\"filtered\" reason=\"no-response\" "
                     f"reason_ttl=\"0\"/><service name=\"https-alt\" method=\"table\" conf=\"3\"/></port>")
    lines.append("</ports>")
    lines.append(f"<times srtt=\"{rng.randrange(200, 3000)}\" rttvar=\"{rng.randrange(100, 2000)}\" to=\"100000\"/>")
    lines.append("</host>")
    return "\n".join(lines) + "\n", open_ports


def write_nmap_xml(path, hosts=10_000, seed=1):
    """Writes the report; returns {hosts, open_ports, bytes}."""
    rng = random.Random(seed)
    start = 1_795_000_000 + seed  # a fixed date (2026-11), so the output depends only on the arguments
    startstr = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(start))
    total_addresses = ((hosts + 253) // 254) * 254
    args = f"nmap -sV -T4 -oX scan.xml 10.0.0.0/{32 - max(8, (total_addresses - 1).bit_length())}"
    open_ports = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
                '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n'
                f"<!-- Nmap 7.93 scan initiated {startstr} as: {args} -->\n"
                f"<nmaprun scanner=\"nmap\" args=\"{args}\" start=\"{start}\" startstr=\"{startstr}\" "
                "version=\"7.93\" xmloutputversion=\"1.05\">\n"
                f"<scaninfo type=\"syn\" protocol=\"tcp\" numservices=\"1000\" services=\"{TOP1000_RANGES}\"/>\n"
                "<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n")
        t = start
        for n in range(hosts):
            t += rng.randrange(0, 2)
            text, ports = _host(rng, n, t)
            open_ports += ports
            f.write(text)
        elapsed = t - start + 42
        endstr = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(start + elapsed))
        f.write(f"<runstats><finished time=\"{start + elapsed}\" timestr=\"{endstr}\" summary=\"Nmap done at "
                f"{endstr}; {total_addresses} IP addresses ({hosts} hosts up) scanned in {elapsed}.00 seconds\" "
                f"elapsed=\"{elapsed}.00\" exit=\"success\"/><hosts up=\"{hosts}\" down=\"{total_addresses - hosts}\" "
                f"total=\"{total_addresses}\"/>\n</runstats>\n</nmaprun>\n")
        size = f.tell()
    return {"hosts": hosts, "open_ports": open_ports, "bytes": size}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out")
    p.add_argument("--hosts", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if args.hosts < 1:
        sys.exit("gen_nmap_xml: --hosts must be at least 1")
    info = write_nmap_xml(args.out, args.hosts, args.seed)
    print(f"{args.out}: {info['hosts']} hosts, {info['open_ports']} open ports, {info['bytes']:,} bytes")


if __name__ == "__main__":
    main()
