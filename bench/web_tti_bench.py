#!/usr/bin/env python3
"""Time to interactive of the web UI (dashboard and findings list, 100,000 findings) in headless Chromium, and the
size of the JavaScript the server ships.

A fresh `palisade serve` on a free 127.0.0.1 port migrates the schema and creates the first admin; it is stopped, the
findings are inserted with SQL exactly as findings_list_bench.py does (findings_seed.py, sqlite3, then ANALYZE), plus
12 finished scans so that the dashboard's latest-scans table has rows; palisade starts again on the filled database.

1. JavaScript shipped: index.html is fetched from the server, every script it names is followed, and every chunk those
   scripts import (`./Name-hash.js`, `assets/Name-hash.js`), recursively. Each file is fetched three times, with
   Accept-Encoding identity, gzip and br, and the bytes on the wire are reported (the server serves the compressed
   copies embedded in the binary; a file without one is sent as it is, which the table says).
2. bench/web_tti_bench.mjs drives Debian's Chromium (/usr/bin/chromium, headless, --no-sandbox) through
   web/node_modules/playwright-core: signs in once through the API, then measures `/sign-in` (signed out), `/` (the
   dashboard) and `/findings`, each --runs times with a cold HTTP cache (a new browser context per run) and with a
   warm one (a new tab in a context that has loaded the page before), interleaved. TTI is defined in the .mjs header
   and printed with the results. Also: DOMContentLoaded, load, the JS requests made and the bytes transferred.
3. Peers, measured in the same run: the API call each page waits on (GET /api/v1/findings?limit=50 for the list,
   GET /api/v1/findings/summary for the dashboard), fetched --api-runs times from inside a loaded page with fetch()
   and the same session; and the TTI of the sign-in page, the same bundle with no data to wait for.

A measurement, not a test: it exits non-zero only when the measurement is broken (no server, no browser, an API
that answers wrong, a page that never becomes ready), never because a figure is high.

Usage:
  bench/web_tti_bench.py [--palisade build/release/palisade] [--findings 100000] [--runs 10] [--quiet-ms 500]
                         [--api-runs 30] [--chromium /usr/bin/chromium] [--json FILE] [--keep]
"""
import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from findings_list_bench import seed_sqlite
from platform_server import (ADMIN_EMAIL, REPO, Palisade, fail, machine_note, need_tools, resolve_binary, run_main,
                             sqlite, term_as_interrupt)

HERE = os.path.dirname(os.path.abspath(__file__))
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def wait_for(what, probe, timeout_s):
    """Another engineer may be rebuilding the binary, and Chromium may still be installing: wait for them."""
    deadline = time.monotonic() + timeout_s
    said = False
    while True:
        ok = probe()
        if ok:
            return ok
        if time.monotonic() > deadline:
            fail(f"{what} not available after {timeout_s} s")
        if not said:
            print(f"waiting for {what} ...", flush=True)
            said = True
        time.sleep(5)


def chromium_version(path):
    try:
        r = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 and "Chromium" in r.stdout else None


def fetch(url, encoding):
    req = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with _OPENER.open(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Encoding", "identity"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", e.read()
    except (urllib.error.URLError, OSError) as e:
        fail(f"GET {url}: {e}")


IMPORT_RE = re.compile(r"""["'`](?:\./|/?assets/)([\w.-]+\.(?:js|css))["'`]""")


def js_sizes(base):
    """Every JS (and CSS) file reachable from index.html: {path: {raw, gzip, br, gzip_enc, br_enc, gzip9}}."""
    status, _, html = fetch(base + "/", "identity")
    if status != 200:
        fail(f"GET / answered {status}")
    html = html.decode()
    todo = re.findall(r"""(?:src|href)="(/assets/[^"]+\.(?:js|css))\"""", html)
    if not any(p.endswith(".js") for p in todo):
        fail("index.html names no script under /assets/: is the UI built into this binary?")
    entry = [p for p in todo if p.endswith(".js")]
    seen = {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        status, _, raw = fetch(base + path, "identity")
        if status != 200:
            fail(f"GET {path} answered {status}")
        row = {"raw": len(raw), "gzip9": len(gzip.compress(raw, 9))}
        for enc in ("gzip", "br"):
            s, served, body = fetch(base + path, enc)
            if s != 200:
                fail(f"GET {path} (Accept-Encoding: {enc}) answered {s}")
            row[enc], row[enc + "_enc"] = len(body), served
        seen[path] = row
        if path.endswith(".js"):
            for name in IMPORT_RE.findall(raw.decode("utf-8", "replace")):
                todo.append("/assets/" + name)
    return entry, seen


def uuid7_text(ms, rnd):
    h = f"{ms:012x}" + "7" + rnd[:3] + "8" + rnd[3:6] + rnd[6:18]
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"


def seed_scans(path, count, now_ms):
    """count finished scans, one an hour back from now (the dashboard's latest-scans table and grade card)."""
    org = sqlite(path, "SELECT id FROM organizations;").split()[0]
    user = sqlite(path, "SELECT id FROM users;").split()[0]
    rows = []
    for k in range(count):
        start = now_ms - (k + 1) * 3_600_000
        sid = uuid7_text(start, secrets.token_hex(9))
        grade, score = "ABCDF"[k % 5], 95 - 12 * (k % 5)
        rows.append(f"('{sid}', '{org}', '{user}', 'quick', '[\"10.0.{k}.0/24\"]', '[\"ports\",\"services\",\"tls\"]', "
                    f"'done', 1, {500 + k}, 1, {score}, '{grade}', '{iso(start)}', '{iso(start + 1000)}', "
                    f"'{iso(start + 600_000)}', '{iso(start + 600_000)}')")
    sqlite(path, "INSERT INTO scans (id, org_id, created_by, profile, targets, modules, state, progress, "
                 "findings_count, complete, score, grade, created_at, started_at, finished_at, updated_at) VALUES\n"
           + ",\n".join(rows) + ";\n")


def kib(n):
    return f"{n / 1024:,.1f}"


def ms(x):
    return f"{x:,.0f}"


def report(args, binary, chromium, entry, sizes, res, db_mib, seed_s):
    s = res["summary"]
    print()
    print(f"Palisade web UI benchmark — {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    print(f"  binary:   {binary}")
    print(f"  browser:  {chromium} (playwright-core, headless, --no-sandbox), viewport "
          f"{args.viewport[0]}x{args.viewport[1]}")
    print(f"  machine:  {machine_note()} (at the report)")
    print(f"  data:     {args.findings:,} findings over {args.assets:,} assets, 12 scans, SQLite "
          f"({db_mib:.0f} MiB, seeded in {seed_s:.0f} s)")
    print(f"  runs:     {args.runs} cold (new browser context each) and {args.runs} warm (new tab, warmed context) "
          f"per page, interleaved")
    print()
    print("TTI = from navigation start to max(ready, end of the last long task (>50 ms, PerformanceObserver "
          "'longtask')),")
    print(f"      once {args.quiet_ms} ms have passed after it with no long task and the load event has fired; "
          "ready = the first frame")
    print("      after: dashboard: the 5 severity links and a latest-scans row; findings: the first table row "
          "(tabindex 0, laid out);")
    print("      sign-in: the e-mail and password fields and an enabled submit button.")

    print()
    print("JavaScript shipped (every chunk reachable from index.html; bytes on the wire per Accept-Encoding)")
    print(f"{'file':<44} {'raw KiB':>9} {'gzip KiB':>9} {'br KiB':>8} {'gzip-9 KiB':>10}  note")
    tot = {"raw": 0, "gzip": 0, "br": 0, "gzip9": 0}
    js = sorted(((p, r) for p, r in sizes.items() if p.endswith(".js")), key=lambda x: -x[1]["raw"])
    for p, r in js:
        notes = []
        if p in entry:
            notes.append("entry")
        for enc in ("gzip", "br"):
            if r[enc + "_enc"] != enc:
                notes.append(f"{enc} asked, {r[enc + '_enc']} served")
        print(f"{p.removeprefix('/assets/'):<44} {kib(r['raw']):>9} {kib(r['gzip']):>9} {kib(r['br']):>8} "
              f"{kib(r['gzip9']):>10}  {', '.join(notes)}")
        for k in tot:
            tot[k] += r[k]
    print(f"{'total: ' + str(len(js)) + ' JS files':<44} {kib(tot['raw']):>9} {kib(tot['gzip']):>9} "
          f"{kib(tot['br']):>8} {kib(tot['gzip9']):>10}")
    for p, r in sizes.items():
        if p.endswith(".css"):
            print(f"{'(css) ' + p.removeprefix('/assets/'):<44} {kib(r['raw']):>9} {kib(r['gzip']):>9} "
                  f"{kib(r['br']):>8} {kib(r['gzip9']):>10}")
    print()
    print("JS loaded per route (cold cache, from the browser's Resource Timing; sizes from the table above)")
    print(f"{'route':<12} {'files':>5} {'raw KiB':>9} {'gzip KiB':>9} {'br KiB':>8} {'on the wire KiB':>16}  "
          f"encoding  files")
    for name in ("sign-in", "dashboard", "findings"):
        files = s[name]["cold"]["jsFiles"]
        rows = [sizes.get(f["path"], {"raw": f["decoded"], "gzip": 0, "br": 0}) for f in files]
        encs = sorted({f["encoding"] for f in files})
        print(f"{s[name]['path']:<12} {len(files):>5} {kib(sum(r['raw'] for r in rows)):>9} "
              f"{kib(sum(r['gzip'] for r in rows)):>9} {kib(sum(r['br'] for r in rows)):>8} "
              f"{kib(sum(f['transfer'] for f in files)):>16}  {','.join(encs):<8}  "
              f"{' '.join(f['path'].removeprefix('/assets/').split('-')[0] for f in files)}")

    print()
    print(f"Time to interactive, ms (median / p90 over {args.runs} runs)")
    print(f"{'page':<12} {'cache':<5} {'TTI':>13} {'ready':>13} {'DCL':>11} {'load':>11} {'LCP':>7} "
          f"{'long tasks':>10} {'longest':>7} {'CLS':>6} {'JS req':>6} {'JS sent':>7} {'JS KiB':>7}")
    for name in ("sign-in", "dashboard", "findings"):
        for cache in ("cold", "warm"):
            r = s[name][cache]
            print(f"{s[name]['path']:<12} {cache:<5} {ms(r['tti']['median']):>6} / {ms(r['tti']['p90']):>4} "
                  f"{ms(r['ready']['median']):>6} / {ms(r['ready']['p90']):>4} "
                  f"{ms(r['dcl']['median']):>4} / {ms(r['dcl']['p90']):>4} {ms(r['load']['median']):>4} / "
                  f"{ms(r['load']['p90']):>4} {ms(r['lcp']['median']):>7} {r['longtasks']['median']:>10} "
                  f"{ms(r['longestTask']['median']):>7} {r['cls']['median']:>6.3f} {r['jsRequests']['median']:>6} "
                  f"{r['jsTransferred']['median']:>7} {kib(r['jsEncodedBytes']['median']):>7}")
    print("  (JS req: .js requests made; JS sent: of those, transferred over the network (not from the HTTP cache);")
    print("   JS KiB: their encoded bodies, i.e. the compressed bytes received)")

    print()
    print("API calls during the page loads (warm runs, Resource Timing, median ms) and the peer: the same URL fetched")
    print(f"from inside a loaded page, {args.api_runs} times one after the other (median / p90 ms, response bytes)")
    peer = res["peer"]
    print(f"{'call':<58} {'in page load':>12} {'start':>6} {'alone':>15} {'bytes':>9}")
    for name in ("dashboard", "findings"):
        for path, a in sorted(s[name]["warm"]["api"].items(), key=lambda x: x[1]["start"]["median"]):
            p = peer.get(path)
            alone = f"{p['stat']['median']:.1f} / {p['stat']['p90']:.1f}" if p else "-"
            print(f"{name[:4] + ' ' + path:<58} {a['dur']['median']:>12.1f} {ms(a['start']['median']):>6} "
                  f"{alone:>15} {(p or {}).get('bytes', 0):>9,}")

    print()
    print("Where the time goes (medians, ms from navigation start): boot = the first API request leaves (the app's")
    print("script has run that far); then the call the page waits on starts and ends; ready; TTI")
    print(f"{'page':<12} {'cache':<5} {'boot':>6} {'call start':>10} {'call end':>9} {'call ms':>8} {'ready':>6} "
          f"{'TTI':>6}  call")
    for name in ("dashboard", "findings"):
        for cache in ("cold", "warm"):
            r = s[name][cache]
            w = r["waitsOn"]
            if not w or not r["firstApiStart"]:
                continue
            print(f"{s[name]['path']:<12} {cache:<5} {ms(r['firstApiStart']['median']):>6} "
                  f"{ms(w['start']['median']):>10} {ms(w['end']['median']):>9} {w['dur']['median']:>8.1f} "
                  f"{ms(r['ready']['median']):>6} {ms(r['tti']['median']):>6}  {w['path']}")

    print()
    print("Ratios (median TTI over the peer's median)")
    sign = {c: s["sign-in"][c]["tti"]["median"] for c in ("cold", "warm")}
    for name in ("findings", "dashboard"):
        for cache in ("cold", "warm"):
            t = s[name][cache]["tti"]["median"]
            line = f"  {s[name]['path']:<10} {cache}: TTI {ms(t)} ms = {t / sign[cache]:.2f}x the sign-in page's TTI"
            w = s[name][cache]["waitsOn"]
            if w and w["path"] in peer:
                line += f", {t / peer[w['path']]['stat']['median']:.1f}x the API call it waits on alone ({w['path']})"
            print(line)
    for name in ("dashboard", "findings"):
        if not s[name]["cold"]["focusable"]:
            print(f"note: {name}: the first row did not take the focus in some run")


def main():
    term_as_interrupt()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--palisade", default="build/release/palisade")
    p.add_argument("--chromium", default="/usr/bin/chromium")
    p.add_argument("--findings", type=int, default=100_000)
    p.add_argument("--assets", type=int, default=5_000)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--api-runs", type=int, default=30)
    p.add_argument("--quiet-ms", type=int, default=500, help="quiet window after the last long task")
    p.add_argument("--timeout-ms", type=int, default=60_000, help="per navigation")
    p.add_argument("--viewport", type=lambda v: tuple(int(x) for x in v.split("x")), default=(1280, 800))
    p.add_argument("--wait", type=int, default=900, help="seconds to wait for the binary and Chromium to appear")
    p.add_argument("--json", help="also write the raw results (every run) to this file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs)")
    args = p.parse_args()
    if args.findings < 100 or args.runs < 1:
        fail("--findings must be at least 100 and --runs at least 1")
    need_tools("sqlite3", "node")
    mjs = os.path.join(HERE, "web_tti_bench.mjs")
    if not os.path.isdir(os.path.join(REPO, "web", "node_modules", "playwright-core")):
        fail("web/node_modules/playwright-core is missing: run `npm ci` in web/")
    path = args.palisade if os.path.isabs(args.palisade) else os.path.join(REPO, args.palisade)
    wait_for(path, lambda: os.access(path, os.X_OK), args.wait)
    binary = resolve_binary(args.palisade)
    chromium = wait_for(f"{args.chromium} --version", lambda: chromium_version(args.chromium), args.wait)

    work = tempfile.mkdtemp(prefix="palisade-webtti.")
    try:
        db = os.path.join(work, "p.db")
        with Palisade(binary, work, f"sqlite://{db}") as server:
            print("[web] first start (migrations, first admin)", flush=True)
            server.start()
            server.login()
            server.stop()
            now_ms = int(time.time() * 1000)
            print(f"[web] seeding {args.findings:,} findings over {args.assets:,} assets, 12 scans", flush=True)
            t0 = time.monotonic()
            count, _ = seed_sqlite(db, args.findings, args.assets, now_ms)
            seed_scans(db, 12, now_ms)
            seed_s = time.monotonic() - t0
            if count != args.findings:
                fail(f"{count} findings in the database after seeding, expected {args.findings}")
            server.start()
            token = server.login()
            page = server.api("GET", "/api/v1/findings?limit=50", token=token)
            if len(page.get("items", [])) != 50:
                fail("GET /api/v1/findings?limit=50 did not return 50 findings")
            if len(server.api("GET", "/api/v1/scans?limit=10", token=token).get("items", [])) != 10:
                fail("GET /api/v1/scans?limit=10 did not return the 10 seeded scans")
            print(f"[web] {server.base} ready; measuring the JavaScript", flush=True)
            entry, sizes = js_sizes(server.base)
            cfg = {"base": server.base, "email": ADMIN_EMAIL, "password": server.password, "runs": args.runs,
                   "apiRuns": args.api_runs, "quietMs": args.quiet_ms, "timeoutMs": args.timeout_ms,
                   "chromium": args.chromium, "viewport": {"width": args.viewport[0], "height": args.viewport[1]}}
            cfg_path = os.path.join(work, "web_tti.json")
            with open(cfg_path, "w") as f:
                json.dump(cfg, f)
            print(f"[web] Chromium: {args.runs} runs x 3 pages x (cold, warm)", flush=True)
            r = subprocess.run(["node", mjs, cfg_path], stdout=subprocess.PIPE, text=True)
            if r.returncode != 0:
                fail(f"web_tti_bench.mjs failed ({r.returncode}); server log:\n{server.log_tail()}")
            res = json.loads(r.stdout)
            if not server.alive():
                fail(f"palisade died during the runs:\n{server.log_tail()}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"sizes": sizes, "entry": entry, **res}, f, indent=1)
        report(args, binary, chromium, entry, sizes, res, os.path.getsize(db) / 2**20, seed_s)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_main(main)
