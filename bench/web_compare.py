#!/usr/bin/env python3
"""Side-by-side web application scan of palisade_vulnapp: Palisade's web module vs wapiti (default modules).

palisade_vulnapp (tests/support/webapp/) is a deliberately vulnerable loopback web shop with a table of planted
vulnerabilities and of decoys beside them (planted_table.cpp, dumped by `palisade_vulnapp --print-table`). For each
of its two modes (normal, and --catch-all: every unknown path answers 200 with one soft-404 page, so exposed-file
and TRACE findings there are false positives) the script starts a fresh vulnapp on a free 127.0.0.1 port for each
run and times, on the same machine and one after the other:
  palisade scan http://127.0.0.1:PORT/ --modules web --format json --output FILE --fail-on none --quiet
  palisade ... --login-url /login --login-field user=admin --login-field pass=s3cret     (normal mode, --login)
  wapiti -u http://127.0.0.1:PORT/ --flush-session -f json -o FILE --max-scan-time T --no-bugreport
         --endpoint http://127.0.0.1:<closed port>/ --store-session TMP
(wapiti's default modules; --no-bugreport and the loopback --endpoint keep it off the Internet: its SSRF module
otherwise asks wapiti3.ovh for results and failed modules send bug reports). Each tool runs in its own helper
process so that getrusage gives its own peak RSS. Requests are counted on the server's side (the vulnapp prints
"stopped after N requests"), the same way for both tools; Palisade's own count (web module details,
sites[].requests) is shown beside it.

Findings are matched against the table: a Palisade finding matches a row when it has the row's check id and path
(findings kept once per site are located at the origin and name the page in their evidence) and, for rows that
name a parameter, its evidence names it -- the rule of tests/scan/modules/web/module/web_module_test.cpp. A wapiti
vulnerability matches when its category maps to the row's check id (WAPITI_CATEGORIES below), its path is the row's
path and, for rows that name a parameter, its parameter (for cookies: the cookie named in its text) is the row's.
Wapiti's anomalies (HTTP 500 answers to payloads) are listed, not matched. Everything a tool reports that matches
neither a planted row nor a decoy is listed as "outside the table" (not necessarily wrong: the table has no row for
missing security headers, for example).

Loopback only. Nothing here asserts a timing or a detection rate; it exits non-zero only when the measurement is
broken (a tool or the vulnapp missing or failing, a report that cannot be read, a run the server saw no request of).

Usage: bench/web_compare.py [--palisade build/release/palisade] [--vulnapp PATH] [--login] [--runs 1]
                            [--no-catch-all] [--wapiti-time 1800] [--wapiti-modules LIST] [--keep DIR]
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

# wapiti category -> the check ids of ours it corresponds to. A category with a function decides by the text.
WAPITI_CATEGORIES = {
    "Cross Site Scripting": {"web.xss.reflected"},
    "SQL Injection": {"web.sqli.error", "web.sqli.boolean"},
    "Blind SQL Injection": {"web.sqli.error", "web.sqli.boolean"},
    "Path Traversal": {"web.path_traversal"},
    "Open Redirect": {"web.open_redirect"},
    "Cross Site Request Forgery": {"web.csrf.missing_token"},
    "Backup file": {"web.exposed.backup_file"},
    "Potentially dangerous file": {"web.exposed.git", "web.exposed.env", "web.exposed.svn", "web.exposed.ds_store",
                                   "web.exposed.server_status", "web.exposed.phpinfo", "web.exposed.backup_file"},
    "HttpOnly Flag cookie": {"web.cookie.no_httponly"},
    "HTTP Secure Headers": lambda info: {"web.clickjacking"} if "X-Frame-Options" in info else set(),
    "Content Security Policy Configuration": lambda info: (
        {"web.clickjacking"} if "frame-ancestors" in info else set()),
    # No check id of ours: "Secure Flag cookie" (the site is plain http), "Htaccess Bypass", "Command execution",
    # "CRLF Injection", "XML External Entity", "Server Side Request Forgery", "Weak credentials".
}


def fail(message):
    sys.exit(f"web_compare: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VulnApp:
    """palisade_vulnapp on a free port, from start() to stop(); stop() returns the server-side request count."""

    def __init__(self, binary, catch_all, log_path):
        args = [binary, "--port", "0", "--log-requests", log_path] + (["--catch-all"] if catch_all else [])
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:(\d+)/)", line)
        if not match:
            self.proc.kill()
            fail(f"{binary} did not start: {line!r} {self.proc.stderr.read()[-500:]}")
        self.url, self.port = match.group(1), int(match.group(2))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=60)
        match = re.search(r"stopped after (\d+) requests", out)
        if self.proc.returncode != 0 or not match:
            fail(f"palisade_vulnapp did not stop cleanly ({self.proc.returncode}): {out[-300:]} {err[-300:]}")
        return int(match.group(1))


def measure(cmd, timeout):
    """Runs cmd in a fresh python child so ru_maxrss is that command's own peak. Returns (seconds, kb, rc, err)."""
    code = (
        "import resource,subprocess,sys,time,json\n"
        "s=time.monotonic()\n"
        "try:\n"
        "    p=subprocess.run(sys.argv[2:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,\n"
        "                     timeout=float(sys.argv[1]))\n"
        "    rc,err=p.returncode,p.stderr.decode(errors='replace')[-2000:]\n"
        "except subprocess.TimeoutExpired:\n"
        "    rc,err=-999,'timed out'\n"
        "e=time.monotonic()-s\n"
        "print(json.dumps({'rc':rc,'s':e,'kb':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,'err':err}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(timeout)] + cmd, stdout=subprocess.PIPE, text=True)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return info["s"], info["kb"], info["rc"], info["err"]


def path_of(url):
    m = re.match(r"[a-z]+://[^/?#]*(/[^?#]*)?", url)
    return (m.group(1) or "/") if m else url


def palisade_matches(f, row):
    """The rule of web_module_test.cpp's Matches()."""
    if f["check"] != row["check"]:
        return False
    loc, path, param, evidence = f["location"], row["path"], row["parameter"], f.get("evidence") or ""
    at_origin = "/" not in loc[loc.find("://") + 3:]
    named = (path + ":") in evidence or (path + " ") in evidence
    if path_of(loc) != path and not (at_origin and named):
        return False
    if not param:
        return True
    if row["check"].startswith("web.cookie."):
        return (param + "=") in evidence
    if row["check"].startswith("web.js."):
        return param.lower() in evidence.lower()
    return f"'{param}'" in evidence or f'"{param}"' in evidence


def wapiti_checks(item):
    mapped = WAPITI_CATEGORIES.get(item["category"], set())
    return mapped(item["info"]) if callable(mapped) else mapped


def wapiti_matches(item, row):
    if row["check"] not in wapiti_checks(item) or item["path"] != row["path"]:
        return False
    param = row["parameter"]
    if not param:
        return True
    if row["check"].startswith("web.cookie."):
        return re.search(r"cookie\s*:\s*" + re.escape(param) + r"\b", item["info"]) is not None
    return item["parameter"] == param


def read_palisade(report_path):
    try:
        with open(report_path) as fh:
            doc = json.load(fh)
        findings = doc["findings"]
        modules = {m["name"]: m for t in doc["targets"] for m in t["modules"]}
        sites = (json.loads(modules["web"]["details"]) if isinstance(modules["web"]["details"], str)
                 else modules["web"]["details"])["sites"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"cannot read Palisade's report {report_path}: {e!r}")
    if modules["web"]["status"] != "done":
        fail(f"Palisade's web module ended {modules['web']['status']}: {modules['web'].get('error')}")
    return {
        "findings": [f for f in findings if f["check"].startswith("web.")],
        "other": [f for f in findings if not f["check"].startswith("web.")],
        "own_requests": sum(s["requests"] for s in sites),
        "pages": sum(s["pages"] for s in sites),
        "modules_ms": {name: m["duration_ms"] for name, m in modules.items()},
        "logged_in": any(s.get("logged_in") for s in sites),
    }


def read_wapiti(report_path):
    try:
        with open(report_path) as fh:
            doc = json.load(fh)
        items, anomalies = [], []
        for section, out in (("vulnerabilities", items), ("anomalies", anomalies)):
            for category, entries in doc[section].items():
                for e in entries:
                    out.append({"category": category, "method": e.get("method", ""), "path": e.get("path", ""),
                                "parameter": e.get("parameter", "") or "", "info": e.get("info", "") or ""})
    except (OSError, ValueError, KeyError, AttributeError) as e:
        fail(f"cannot read wapiti's report {report_path}: {e!r}")
    return {"findings": items, "anomalies": anomalies}


def unique(seq):
    return list(dict.fromkeys(seq))


def run_tool(name, kind, cmd_for, binary_vulnapp, catch_all, workdir, timeout, runs):
    """Runs one tool `runs` times, a fresh vulnapp each time; returns the measurements and the last run's report."""
    samples = []
    parsed = None
    for i in range(runs):
        tag = f"{name.replace(' ', '_').replace('+', '_')}_{'catchall' if catch_all else 'normal'}_{i}"
        report = os.path.join(workdir, tag + ".json")
        app = VulnApp(binary_vulnapp, catch_all, os.path.join(workdir, tag + ".requests"))
        try:
            seconds, kb, rc, err = measure(cmd_for(app.url, report, os.path.join(workdir, tag + ".session")), timeout)
        finally:
            served = app.stop()
        if rc == -999:
            fail(f"{name} did not finish within {timeout} s")
        if rc != 0:
            fail(f"{name} failed with status {rc}: {err}")
        if served == 0:
            fail(f"{name}: the vulnapp saw no request")
        parsed = read_palisade(report) if kind == "palisade" else read_wapiti(report)
        samples.append((seconds, kb, served))
    return {
        "name": name,
        "kind": kind,
        "seconds": statistics.median(s[0] for s in samples),
        "kb": max(s[1] for s in samples),
        "served": statistics.median(s[2] for s in samples),
        "report": parsed,
    }


def compare(mode, table, results):
    planted, decoys = table["planted"], table["decoys"]
    names = [r["name"] for r in results]

    def found(r, row):
        m = palisade_matches if r["kind"] == "palisade" else wapiti_matches
        return any(m(f, row) for f in r["report"]["findings"])

    print(f"\n## {mode}: {len(planted)} planted, {len(decoys)} decoys\n")
    print("| planted | reach | " + " | ".join(names) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    totals = [0] * len(results)
    for row in planted:
        cells = []
        for i, r in enumerate(results):
            hit = found(r, row)
            totals[i] += hit
            cells.append("yes" if hit else "-")
        label = f"`{row['check']}` {row['path']}" + (f" {row['parameter']}" if row["parameter"] else "")
        print(f"| {label} | {row['reach']} | " + " | ".join(cells) + " |")
    print(f"| **found** | | " + " | ".join(f"**{t}/{len(planted)}**" for t in totals) + " |")

    flagged = []
    for r in results:
        flagged.append([d for d in decoys if found(r, d)])
    print(f"| **decoys flagged** | | " + " | ".join(f"**{len(f)}/{len(decoys)}**" for f in flagged) + " |")
    for r, f in zip(results, flagged):
        for d in f:
            print(f"  - {r['name']} flagged decoy `{d['check']}` {d['path']} {d['parameter']}: {d['note']}")

    print("\nReported outside the table (matching no planted row and no decoy), unique by check/category and path:")
    for r in results:
        rows = planted + decoys
        if r["kind"] == "palisade":
            extra = unique(f"{f['check']} {path_of(f['location'])}" for f in r["report"]["findings"]
                           if not any(palisade_matches(f, row) for row in rows))
            others = unique(f["check"] for f in r["report"]["other"])
            note = f" (and non-web checks of the implied services module: {', '.join(others)})" if others else ""
        else:
            extra = unique(f"{f['category']} {f['path']} {f['parameter']}".rstrip() for f in r["report"]["findings"]
                           if not any(wapiti_matches(f, row) for row in rows))
            anomalies = unique(f"{f['category']} {f['path']} {f['parameter']}" for f in r["report"]["anomalies"])
            note = f" (anomalies, not counted: {'; '.join(anomalies)})" if anomalies else ""
        print(f"- {r['name']}: {len(extra)}: {'; '.join(extra) if extra else '-'}{note}")
    return totals, flagged


def print_measurements(mode, results):
    base = next(r for r in results if r["kind"] == "palisade")
    print(f"\n{mode}: measurements (wall time median of the runs, peak RSS the largest)\n")
    print("| tool | wall time | vs palisade | peak RSS | requests (server) | requests/s | tool's own count |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        own = r["report"].get("own_requests", "")
        print(f"| {r['name']} | {r['seconds']:.2f} s | {r['seconds'] / base['seconds']:.2f}x | "
              f"{r['kb'] / 1024:.1f} MiB | {r['served']:.0f} | {r['served'] / r['seconds']:.0f} | {own} |")
    wap = [r for r in results if r["kind"] == "wapiti"]
    if wap:
        print(f"\nratio palisade/wapiti wall time: {base['seconds'] / wap[0]['seconds']:.3f}")
    for r in results:
        if r["kind"] == "palisade":
            rep = r["report"]
            ms = ", ".join(f"{k} {v / 1000:.2f} s" for k, v in rep["modules_ms"].items())
            web_s = rep["modules_ms"]["web"] / 1000
            rate = f"{rep['own_requests'] / web_s:.0f} requests/s" if web_s > 0 else "-"
            print(f"{r['name']}: modules {ms} (web module alone: {rate}); {rep['pages']} pages crawled;"
                  f" logged in: {str(rep['logged_in']).lower()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--palisade", default="build/release/palisade")
    ap.add_argument("--vulnapp", help="default: tests/support/webapp/palisade_vulnapp next to --palisade")
    ap.add_argument("--login", action="store_true", help="also run Palisade with the /login recipe (normal mode)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-catch-all", action="store_true", help="skip the --catch-all mode")
    ap.add_argument("--wapiti-time", type=int, default=1800, help="wapiti --max-scan-time, seconds")
    ap.add_argument("--wapiti-modules", help="wapiti -m LIST instead of its default modules")
    ap.add_argument("--palisade-time", type=int, default=900, help="timeout of one Palisade run, seconds")
    ap.add_argument("--keep", help="keep the reports and request logs in this directory")
    args = ap.parse_args()

    palisade = os.path.abspath(args.palisade)
    vulnapp = os.path.abspath(args.vulnapp or os.path.join(os.path.dirname(palisade),
                                                           "tests/support/webapp/palisade_vulnapp"))
    for binary in (palisade, vulnapp):
        if not os.access(binary, os.X_OK):
            fail(f"{binary} not found (build palisade and palisade_vulnapp, Release please)")
    if shutil.which("wapiti") is None:
        fail("wapiti is not installed (apt-get install wapiti)")
    wapiti_version = subprocess.run(["wapiti", "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True).stdout.strip().splitlines()[-1]

    workdir = args.keep or tempfile.mkdtemp(prefix="web_compare.")
    os.makedirs(workdir, exist_ok=True)
    closed_port = free_port()  # nothing listens there: wapiti's SSRF endpoint stays on loopback and fails fast

    def palisade_cmd(extra):
        return lambda url, report, _session: (
            [palisade, "scan", url, "--modules", "web", "--format", "json", "--output", report,
             "--fail-on", "none", "--quiet"] + extra)

    def wapiti_cmd(url, report, session):
        cmd = ["wapiti", "-u", url, "--flush-session", "--store-session", session, "-f", "json", "-o", report,
               "--max-scan-time", str(args.wapiti_time), "--no-bugreport",
               "--endpoint", f"http://127.0.0.1:{closed_port}/"]
        return cmd + (["-m", args.wapiti_modules] if args.wapiti_modules else [])

    login = ["--login-url", "/login", "--login-field", "user=admin", "--login-field", "pass=s3cret"]
    wapiti_name = "wapiti" + (f" -m {args.wapiti_modules}" if args.wapiti_modules else "")
    load = os.getloadavg()
    print(f"# palisade_vulnapp: Palisade vs {wapiti_version}")
    print(f"palisade: {palisade}; {os.cpu_count()} CPUs; load average before: {load[0]:.2f}; runs: {args.runs}")
    print(f"commands: palisade scan URL --modules web --format json --output F --fail-on none --quiet"
          f"{' [' + ' '.join(login) + ']' if args.login else ''}; "
          f"wapiti -u URL --flush-session -f json -o F --max-scan-time {args.wapiti_time} --no-bugreport "
          f"--endpoint http://127.0.0.1:<closed>/{' -m ' + args.wapiti_modules if args.wapiti_modules else ''}")

    modes = [("normal", False)] + ([] if args.no_catch_all else [("catch-all", True)])
    summary = []
    try:
        for mode, catch_all in modes:
            table_args = [vulnapp, "--print-table"] + (["--catch-all"] if catch_all else [])
            try:
                table = json.loads(subprocess.run(table_args, stdout=subprocess.PIPE, check=True).stdout)
            except (subprocess.CalledProcessError, ValueError) as e:
                fail(f"{vulnapp} --print-table: {e}")
            tools = [("palisade", "palisade", palisade_cmd([]), args.palisade_time)]
            if args.login and not catch_all:
                tools.append(("palisade+login", "palisade", palisade_cmd(login), args.palisade_time))
            tools.append((wapiti_name, "wapiti", wapiti_cmd, args.wapiti_time + 300))
            results = [run_tool(n, k, c, vulnapp, catch_all, workdir, t, args.runs) for n, k, c, t in tools]
            totals, flagged = compare(mode, table, results)
            print_measurements(mode, results)
            summary.append((mode, results, totals, flagged, len(table["planted"]), len(table["decoys"])))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print("\n## Summary\n")
    print("| mode | tool | planted found | decoys flagged | wall time | peak RSS | requests | requests/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for mode, results, totals, flagged, n_planted, n_decoys in summary:
        for r, t, f in zip(results, totals, flagged):
            print(f"| {mode} | {r['name']} | {t}/{n_planted} | {len(f)}/{n_decoys} | {r['seconds']:.2f} s | "
                  f"{r['kb'] / 1024:.1f} MiB | {r['served']:.0f} | {r['served'] / r['seconds']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
