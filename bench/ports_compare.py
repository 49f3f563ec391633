#!/usr/bin/env python3
"""Side-by-side port scan of one loopback host: Palisade vs nmap -sT, all 65,535 ports.

Starts a set of known listeners on 127.0.0.1 (some of them speaking a protocol: an HTTP server, an SSH-style
banner, a Redis-style PING answer, an FTP/SMTP banner), then times, in the same run and on the same machine:
  palisade scan 127.0.0.1 --modules ports --ports all --format nmap-xml
  nmap -sT -p- -T4 -n -Pn 127.0.0.1 -oX -
and compares the sets of open ports. Peak resident memory of each process comes from getrusage (ru_maxrss).
With --services it also compares service names on the open ports: palisade --modules services vs nmap -sV.
Loopback only. Nothing here asserts a timing; it exits non-zero only if the measurement is broken (a tool
missing, a tool failing, or the open-port sets differ).

Usage: bench/ports_compare.py [--palisade build/release/palisade] [--runs 3] [--services]
"""
import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

BANNERS = {
    "http": b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello",
    "ssh": b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n",
    "ftp": b"220 (vsFTPd 3.0.3)\r\n",
    "smtp": b"220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n",
    "redis": b"+PONG\r\n",
    "silent": b"",
}


def serve(sock, kind):
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        def talk(c=conn):
            try:
                c.settimeout(3)
                if kind in ("ssh", "ftp", "smtp"):
                    c.sendall(BANNERS[kind])
                    try:
                        c.recv(4096)
                    except OSError:
                        pass
                elif kind in ("http", "redis"):
                    data = c.recv(4096)
                    if data:
                        c.sendall(BANNERS[kind])
                else:
                    c.recv(4096)
            except OSError:
                pass
            finally:
                c.close()
        threading.Thread(target=talk, daemon=True).start()


def start_listeners(count):
    kinds = ["http", "ssh", "ftp", "smtp", "redis", "silent"]
    listeners = []
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(128)
        kind = kinds[i % len(kinds)]
        threading.Thread(target=serve, args=(s, kind), daemon=True).start()
        listeners.append((s.getsockname()[1], kind, s))
    return listeners


def measure(cmd):
    """Runs cmd in a fresh python child so ru_maxrss is that command's own peak."""
    code = (
        "import resource,subprocess,sys,time,json;"
        "s=time.monotonic();p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.PIPE);"
        "e=time.monotonic()-s;"
        "sys.stderr.write(json.dumps({'rc':p.returncode,'s':e,'kb':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        "'err':p.stderr.decode(errors='replace')[-2000:]})+'\\n');sys.stdout.buffer.write(p.stdout)"
    )
    proc = subprocess.run([sys.executable, "-c", code] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    import json
    info = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    if info["rc"] not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({info['rc']}): {info['err']}")
    return info["s"], proc.stdout, info["kb"]


def open_ports(xml_bytes):
    root = ET.fromstring(xml_bytes)
    ports = {}
    for port in root.iter("port"):
        state = port.find("state")
        if state is not None and state.get("state") == "open":
            svc = port.find("service")
            ports[int(port.get("portid"))] = svc.get("name") if svc is not None else ""
    return ports


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--palisade", default="build/release/palisade")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--listeners", type=int, default=24)
    ap.add_argument("--services", action="store_true")
    args = ap.parse_args()
    for tool in ("nmap",):
        if subprocess.run(["which", tool], stdout=subprocess.DEVNULL).returncode != 0:
            sys.exit(f"{tool} is not installed (scripts/install-deps --bench)")
    listeners = start_listeners(args.listeners)
    expected = {p for p, _, _ in listeners}

    pal_cmd = [args.palisade, "scan", "127.0.0.1", "--modules", "ports", "--ports", "all", "--format", "nmap-xml",
               "--quiet", "--concurrency", "1024", "--fail-on", "none"]
    nmap_cmd = ["nmap", "-sT", "-p-", "-T4", "-n", "-Pn", "127.0.0.1", "-oX", "-"]
    results = {"palisade": [], "nmap": []}
    for _ in range(args.runs):
        for name, cmd in (("palisade", pal_cmd), ("nmap", nmap_cmd)):
            seconds, out, kb = measure(cmd)
            ports = open_ports(out)
            missing = expected - set(ports)
            if missing:
                sys.exit(f"{name} missed listeners {sorted(missing)}")
            results[name].append((seconds, kb, set(ports)))
    pal_s = statistics.median(r[0] for r in results["palisade"])
    nmap_s = statistics.median(r[0] for r in results["nmap"])
    pal_kb = max(r[1] for r in results["palisade"])
    nmap_kb = max(r[1] for r in results["nmap"])
    same = results["palisade"][0][2] == results["nmap"][0][2]
    print(f"All 65,535 TCP ports of 127.0.0.1, {args.listeners} known listeners, median of {args.runs} runs")
    print(f"| tool | wall time | peak RSS | open ports |")
    print(f"| --- | --- | --- | --- |")
    print(f"| palisade --modules ports | {pal_s:.2f} s | {pal_kb/1024:.1f} MiB | {len(results['palisade'][0][2])} |")
    print(f"| nmap -sT -p- -T4 | {nmap_s:.2f} s | {nmap_kb/1024:.1f} MiB | {len(results['nmap'][0][2])} |")
    print(f"ratio palisade/nmap wall time: {pal_s/nmap_s:.2f}; same open-port set: {same}")
    if not same:
        print("only palisade:", sorted(results["palisade"][0][2] - results["nmap"][0][2]))
        print("only nmap:", sorted(results["nmap"][0][2] - results["palisade"][0][2]))

    if args.services:
        plist = ",".join(str(p) for p in sorted(expected))
        s1, out1, _ = measure([args.palisade, "scan", "127.0.0.1", "--modules", "services", "--ports", plist,
                               "--format", "nmap-xml", "--quiet", "--fail-on", "none"])
        s2, out2, _ = measure(["nmap", "-sT", "-sV", "-p", plist, "-n", "-Pn", "127.0.0.1", "-oX", "-"])
        ours, theirs = open_ports(out1), open_ports(out2)
        print(f"\nService names on the {len(expected)} open ports (palisade {s1:.2f} s, nmap -sV {s2:.2f} s,"
              f" ratio {s1/s2:.2f})")
        print("| port | listener | palisade | nmap -sV |")
        print("| --- | --- | --- | --- |")
        kinds = {p: k for p, k, _ in listeners}
        agree = 0
        for p in sorted(expected):
            a, b = ours.get(p, ""), theirs.get(p, "")
            agree += a == b
            print(f"| {p} | {kinds[p]} | {a} | {b} |")
        print(f"agreement: {agree}/{len(expected)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
