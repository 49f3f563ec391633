#!/usr/bin/env python3
"""Import of an nmap XML report with 10,000 hosts: wall time and peak memory, against a streaming XML parse of the
same file in the same run.

1. gen_nmap_xml.py writes a realistic `nmap -sV -oX` report (nmap 7.93 shape) of HOSTS hosts into a temporary
   directory.
2. Peers, each in its own child process under GNU time (/usr/bin/time -f "%e %M": wall time with 10 ms resolution,
   peak RSS):
     python3 xml.etree.ElementTree.iterparse, counting hosts and open ports, clearing each <host> (streaming);
     xmllint --stream --noout (libxml2's reader), when xmllint is installed.
   They only parse; Palisade also maps hosts and services to assets and findings and stores them, so the ratio is
   "what the import costs over reading the file once".
3. A fresh `palisade serve` on 127.0.0.1 (SQLite; PostgreSQL with --db postgres under scripts/with-postgres),
   signed in as the first admin: POST /api/v1/imports?kind=nmap&filename=scan.xml with the file as the body, then
   GET /api/v1/imports/{id} every 100 ms until the state is done or failed. Wall time is from the start of the POST
   to the poll that sees the end (100 ms resolution); the server's own created_at -> finished_at is printed too.
   Peak memory: the server's VmHWM (/proc/PID/status) is reset just before the POST (5 > /proc/PID/clear_refs;
   sign-in's argon2id sets a high-water mark of its own), so the VmHWM at the end is the peak of the import.
4. The import must end `done` with as many hosts as the file has; otherwise the measurement is broken.

If the server has no imports endpoint (404/405 on POST /api/v1/imports with an empty body), the peers are still
printed, then "imports endpoint not available", and the exit status is 2.

Usage: bench/nmap_import_bench.py [--palisade build/release/palisade] [--hosts 10000] [--db sqlite|postgres]
                                  [--keep-xml PATH]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from gen_nmap_xml import write_nmap_xml
from platform_server import (Palisade, PgDatabase, fail, http, machine_note, reset_hwm, resolve_binary,
                             run_main, seconds_between, term_as_interrupt, vm_hwm_kib, vm_rss_kib)

GNU_TIME = "/usr/bin/time"
ITERPARSE = r'''
import sys, xml.etree.ElementTree as ET
hosts = ports = 0
for _, el in ET.iterparse(sys.argv[1]):
    if el.tag == "state" and el.get("state") == "open":
        ports += 1
    elif el.tag == "host":
        hosts += 1
        el.clear()
print(hosts, ports)
'''


def measure_child(cmd, work):
    """Runs cmd under GNU time (a small process, so the child's peak RSS is its own: a child forked from this Python
    process would start its high-water mark at this process's size); returns (wall s, peak RSS KiB, stdout)."""
    if not os.access(GNU_TIME, os.X_OK):
        fail(f"{GNU_TIME} not found (Debian package `time`)")
    stats = os.path.join(work, "time.txt")
    r = subprocess.run([GNU_TIME, "-f", "%e %M", "-o", stats, *cmd], capture_output=True)
    if r.returncode != 0:
        fail(f"{cmd[0]} failed ({r.returncode}): {r.stderr.decode(errors='replace')[:400]}")
    wall, rss = open(stats).read().split()[-2:]
    return float(wall), int(rss), r.stdout.decode()


def peers(path, expected, work):
    rows = []
    wall, rss, out = measure_child([sys.executable, "-c", ITERPARSE, path], work)
    hosts, ports = (int(x) for x in out.split())
    if (hosts, ports) != (expected["hosts"], expected["open_ports"]):
        fail(f"iterparse counted {hosts} hosts and {ports} open ports, the generator wrote {expected}")
    rows.append(("python3 ElementTree.iterparse (streaming)", wall, rss))
    if shutil.which("xmllint"):
        wall, rss, _ = measure_child(["xmllint", "--stream", "--noout", path], work)
        rows.append(("xmllint --stream --noout", wall, rss))
    return rows


def import_run(binary, work, db_url, path, expected, timeout):
    """Returns a dict of figures, or None when the server has no imports endpoint."""
    with Palisade(binary, work, db_url) as srv:
        srv.start()
        token = srv.login()
        # Does the route exist? An empty body is refused by the handler (422), by the router with 404/405 otherwise.
        status, _, _ = http("POST", srv.base + "/api/v1/imports?kind=nmap", token=token, raw_body=b"",
                            headers={"Content-Type": "application/xml"})
        if status in (404, 405):
            return None
        body = open(path, "rb").read()
        hwm_before = vm_hwm_kib(srv.pid)
        reset = reset_hwm(srv.pid)  # VmHWM at the end is then the peak of the import alone
        rss_before = vm_rss_kib(srv.pid)
        t0 = time.monotonic()
        status, created, raw = http("POST", srv.base + "/api/v1/imports?kind=nmap&filename=scan.xml", token=token,
                                    raw_body=body, headers={"Content-Type": "application/xml"}, timeout=300)
        t_posted = time.monotonic()
        if status != 202 or not created or "id" not in created:
            fail(f"POST /api/v1/imports answered {status}: {raw[:400]!r}")
        deadline = t0 + timeout
        while True:
            rec = srv.api("GET", f"/api/v1/imports/{created['id']}", token=token)
            if rec["state"] in ("done", "failed"):
                break
            if time.monotonic() > deadline:
                fail(f"the import had not ended after {timeout} s (state {rec['state']})")
            if not srv.alive():
                fail(f"palisade died during the import:\n{srv.log_tail()}")
            time.sleep(0.1)
        t_end = time.monotonic()
        hwm_after = vm_hwm_kib(srv.pid)
        if rec["state"] != "done":
            fail(f"the import failed: {rec.get('error')}")
        counts = rec.get("counts") or {}
        if counts.get("hosts") != expected["hosts"]:
            fail(f"the import counted {counts.get('hosts')} hosts, the file has {expected['hosts']}: {counts}")
    server_s = None
    if rec.get("finished_at") and rec.get("created_at"):
        server_s = seconds_between(rec["created_at"], rec["finished_at"])
    return {"wall": t_end - t0, "post": t_posted - t0, "server_s": server_s, "counts": counts,
            "hwm_before": hwm_before, "rss_before": rss_before, "hwm_after": hwm_after, "reset": reset}


def main():
    term_as_interrupt()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--palisade", default="build/release/palisade")
    p.add_argument("--hosts", type=int, default=10_000)
    p.add_argument("--db", default="sqlite", choices=("sqlite", "postgres"))
    p.add_argument("--pg-url", default=os.environ.get("PALISADE_TEST_PG_URL", ""))
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--keep-xml", default="", help="also copy the generated report to this path")
    args = p.parse_args()
    binary = resolve_binary(args.palisade)
    work = tempfile.mkdtemp(prefix="palisade-import.")
    try:
        path = os.path.join(work, "scan.xml")
        expected = write_nmap_xml(path, args.hosts)
        if args.keep_xml:
            shutil.copyfile(path, args.keep_xml)
        print(f"[import] {args.hosts:,} hosts, {expected['open_ports']:,} open ports, "
              f"{expected['bytes'] / 2**20:.1f} MiB of XML", flush=True)
        rows = peers(path, expected, work)
        if args.db == "postgres":
            if not args.pg_url:
                fail("--db postgres needs PALISADE_TEST_PG_URL (run under scripts/with-postgres) or --pg-url")
            with PgDatabase(args.pg_url) as pg:
                result = import_run(binary, work, pg.url, path, expected, args.timeout)
        else:
            result = import_run(binary, work, f"sqlite://{work}/p.db", path, expected, args.timeout)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"Palisade nmap import benchmark — {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    print(f"  binary:  {binary}")
    print(f"  machine: {machine_note()} (at the report)")
    print(f"  file:    gen_nmap_xml.py --hosts {args.hosts} (seed 1): {expected['open_ports']:,} open ports, "
          f"{expected['bytes']:,} bytes; database {'PostgreSQL' if args.db == 'postgres' else 'SQLite'}")
    print()
    base_wall, base_rss = rows[0][1], rows[0][2]
    print(f"{'what':<44} {'wall s':>8} {'peak MiB':>9} {'x iterparse time':>17}")
    for name, wall, rss in rows:
        print(f"{name:<44} {wall:>8.2f} {rss / 1024:>9.1f} {wall / base_wall:>17.2f}")
    if result is None:
        print(f"{'palisade POST /api/v1/imports?kind=nmap':<44} imports endpoint not available (404/405)")
        return 2
    print(f"{'palisade import (POST -> state done)':<44} {result['wall']:>8.2f} "
          f"{result['hwm_after'] / 1024:>9.1f} {result['wall'] / base_wall:>17.2f}")
    print()
    print(f"upload (POST answered 202 after)   {result['post']:.2f} s")
    if result["server_s"] is not None:
        print(f"server created_at -> finished_at   {result['server_s']:.2f} s")
    base = result["rss_before"] if result["reset"] else result["hwm_before"]
    print(f"palisade memory                    VmHWM {result['hwm_before'] / 1024:.1f} MiB and VmRSS "
          f"{result['rss_before'] / 1024:.1f} MiB before the POST; peak {result['hwm_after'] / 1024:.1f} MiB during "
          f"the import (+{(result['hwm_after'] - base) / 1024:.1f} MiB over the "
          f"{'RSS' if result['reset'] else 'VmHWM'} before; VmHWM {'was' if result['reset'] else 'could not be'} "
          f"reset before the POST)")
    print(f"counts                             {result['counts']}")
    return 0


if __name__ == "__main__":
    run_main(main)
