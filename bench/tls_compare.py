#!/usr/bin/env python3
"""Side-by-side TLS analysis of one loopback TLS server: Palisade vs sslscan vs testssl.sh.

Starts `openssl s_server` on 127.0.0.1 with a throwaway certificate and a deliberately wide configuration
(TLS 1.0 to 1.3, every cipher suite OpenSSL 3 still has at @SECLEVEL=0: static RSA, CBC, 3DES when compiled in,
DHE, ECDHE, CHACHA20), then, in the same run on the same machine:
  palisade scan https://127.0.0.1:PORT/ --modules tls --format json
  sslscan --xml=- 127.0.0.1:PORT
  testssl.sh -p -E --jsonfile F 127.0.0.1:PORT       (protocols + every cipher per protocol: the lists compared)
  testssl.sh 127.0.0.1:PORT                          (its default full run: timed only)
and prints wall times (ratios against palisade) and whether the accepted protocol and per-protocol cipher-suite
lists agree (by IANA code point). Loopback only. Exits non-zero only if a tool is missing or fails, or the lists
differ (the measurement is then wrong somewhere, which is what this script exists to catch).

Usage: bench/tls_compare.py [--palisade build/release/palisade] [--skip-testssl-full]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

PROTOS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def timed(cmd, **kw):
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return time.monotonic() - start, proc


def palisade_lists(out):
    report = json.loads(out)
    tls = [m for m in report["targets"][0]["modules"] if m["name"] == "tls"][0]
    ep = tls["details"]["endpoints"][0]
    names = {"sslv2": "SSLv2", "sslv3": "SSLv3", "tls1_0": "TLSv1.0", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2",
             "tls1_3": "TLSv1.3"}
    protocols = {names[k] for k, v in ep["protocols"].items() if v}
    ciphers = {}
    for group in ep["ciphers"]:
        proto = group["protocol"].replace("TLSv1 ", "TLSv1.0").replace("TLSv1.0.", "TLSv1.")
        if proto == "TLSv1":
            proto = "TLSv1.0"
        ciphers[proto] = {int(s["id"], 16) for s in group["suites"]}
    return protocols, ciphers, tls.get("grade")


def sslscan_lists(out):
    root = ET.fromstring(out)
    protocols = set()
    for p in root.iter("protocol"):
        if p.get("enabled") == "1":
            v = p.get("version")
            protocols.add(("SSLv" if p.get("type") == "ssl" else "TLSv") + (v if v != "1" else "1.0"))
    ciphers = {}
    for c in root.iter("cipher"):
        v = c.get("sslversion").replace("TLSv1.0", "TLSv1.0")
        if v == "TLSv1":
            v = "TLSv1.0"
        ciphers.setdefault(v, set()).add(int(c.get("id"), 16))
    return protocols, ciphers


def testssl_lists(path):
    with open(path) as f:
        items = json.load(f)
    protocols = set()
    mapping = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLSv1.0", "TLS1_1": "TLSv1.1", "TLS1_2": "TLSv1.2",
               "TLS1_3": "TLSv1.3"}
    ciphers = {}
    for it in items:
        i = it.get("id", "")
        if i in mapping and it.get("finding", "").startswith("offered"):
            protocols.add(mapping[i])
        m = re.match(r"cipher-(tls1(?:_[123])?|ssl3|ssl2)_x([0-9a-f]+)$", i)
        if m:
            proto = {"tls1": "TLSv1.0", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3",
                     "ssl3": "SSLv3", "ssl2": "SSLv2"}[m.group(1)]
            code = int(m.group(2)[-4:], 16)
            ciphers.setdefault(proto, set()).add(code)
    return protocols, ciphers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--palisade", default="build/release/palisade")
    ap.add_argument("--skip-testssl-full", action="store_true")
    args = ap.parse_args()
    testssl = shutil.which("testssl") or shutil.which("testssl.sh")
    for tool in ("openssl", "sslscan"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (scripts/install-deps --bench)")
    if not testssl:
        sys.exit("testssl.sh is not installed (scripts/install-deps --bench)")
    work = tempfile.mkdtemp(prefix="palisade-tls-bench-")
    key, cert = os.path.join(work, "k.pem"), os.path.join(work, "c.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "90", "-subj", "/CN=bench.test", "-addext", "subjectAltName=DNS:bench.test"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", cert, "-key", key,
                               "-www", "-quiet", "-min_protocol", "TLSv1", "-cipher", "ALL:@SECLEVEL=0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        target = f"127.0.0.1:{port}"
        t_pal, p = timed([args.palisade, "scan", f"https://{target}/", "--modules", "tls", "--format", "json",
                          "--fail-on", "none", "--quiet"])
        if p.returncode != 0:
            sys.exit(f"palisade failed: {p.stderr.decode()[-2000:]}")
        pal_protocols, pal_ciphers, grade = palisade_lists(p.stdout)
        t_ssl, p = timed(["sslscan", "--xml=-", "--no-colour", target])
        if p.returncode != 0:
            sys.exit(f"sslscan failed: {p.stderr.decode()[-2000:]}")
        ssl_protocols, ssl_ciphers = sslscan_lists(p.stdout)
        jf = os.path.join(work, "testssl.json")
        t_tp, p = timed([testssl, "--quiet", "--warnings", "off", "-p", "-E", "--jsonfile", jf, target])
        if not os.path.exists(jf):
            sys.exit(f"testssl.sh failed: {p.stdout.decode()[-2000:]}")
        ts_protocols, ts_ciphers = testssl_lists(jf)
        t_full = None
        if not args.skip_testssl_full:
            t_full, _ = timed([testssl, "--quiet", "--warnings", "off", target])
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    print(f"Full TLS analysis of openssl s_server on {target} (TLS 1.0-1.3, ALL:@SECLEVEL=0)")
    print("| tool | wall time | ratio to palisade |")
    print("| --- | --- | --- |")
    print(f"| palisade --modules tls (protocols, all ciphers, groups, vulns, certificate, rating) | {t_pal:.2f} s | 1.00 |")
    print(f"| sslscan 2.0 (protocols, ciphers, groups, renegotiation, heartbleed, certificate) | {t_ssl:.2f} s | {t_ssl/t_pal:.2f} |")
    print(f"| testssl.sh -p -E (protocols, each cipher per protocol) | {t_tp:.2f} s | {t_tp/t_pal:.2f} |")
    if t_full is not None:
        print(f"| testssl.sh default full run | {t_full:.2f} s | {t_full/t_pal:.2f} |")
    print(f"palisade grade: {grade}")
    ok = True
    for name, protocols, ciphers in (("sslscan", ssl_protocols, ssl_ciphers), ("testssl.sh", ts_protocols, ts_ciphers)):
        same_p = protocols == pal_protocols
        print(f"protocols palisade={sorted(pal_protocols)} {name}={sorted(protocols)} agree={same_p}")
        ok &= same_p
        for proto in sorted(set(pal_ciphers) | set(ciphers)):
            a, b = pal_ciphers.get(proto, set()), ciphers.get(proto, set())
            agree = a == b
            print(f"  {proto}: palisade {len(a)} suites, {name} {len(b)} suites, agree={agree}"
                  + ("" if agree else f" only palisade={sorted(hex(x) for x in a - b)} only {name}={sorted(hex(x) for x in b - a)}"))
            ok &= agree
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
