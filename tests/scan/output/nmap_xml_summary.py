#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Parses an nmap XML file with xml.etree (a real, strict XML parser) and prints what nmap XML readers
(ndiff, importers) look at as JSON: the nmaprun attributes and child order, each host's status, addresses,
hostnames, extraports, ports (state, service) and times, the skipped targets, and runstats. Exit 1 when the
document is not well-formed XML."""
import json
import sys
import xml.etree.ElementTree as ET


def attrs(e):
    return dict(e.attrib) if e is not None else None


def main() -> int:
    try:
        root = ET.parse(sys.argv[1]).getroot()
    except ET.ParseError as e:
        print(f"not well-formed: {e}")
        return 1
    out = {"tag": root.tag, "attrs": attrs(root), "children": [c.tag for c in root],
           "scaninfo": attrs(root.find("scaninfo")), "hosts": [],
           "targets": [attrs(t) for t in root.findall("target")],
           "finished": attrs(root.find("runstats/finished")), "runstats_hosts": attrs(root.find("runstats/hosts"))}
    for h in root.findall("host"):
        host = {"attrs": attrs(h), "children": [c.tag for c in h], "status": attrs(h.find("status")),
                "addresses": [attrs(a) for a in h.findall("address")],
                "hostnames": [attrs(n) for n in h.findall("hostnames/hostname")],
                "extraports": [], "ports": [], "times": attrs(h.find("times"))}
        for x in h.findall("ports/extraports"):
            host["extraports"].append({"attrs": attrs(x), "reasons": [attrs(r) for r in x.findall("extrareasons")]})
        for p in h.findall("ports/port"):
            host["ports"].append({"attrs": attrs(p), "children": [c.tag for c in p],
                                  "state": attrs(p.find("state")), "service": attrs(p.find("service"))})
        out["hosts"].append(host)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
