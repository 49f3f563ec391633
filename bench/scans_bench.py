#!/usr/bin/env python3
"""100 concurrent scans of loopback fixtures on one node: completion time, peak memory, API latency and WebSocket
event latency while they run.

What it does, in order:
 1. Starts SCANS small HTTP servers (platform_server.HttpFixtures: python3 http.server, `Server: Apache/2.4.41`) on
    127.0.0.11, 127.0.0.12, ... all on one port of the `quick` profile's top-100 list.
 2. Starts a fresh `palisade serve` on 127.0.0.1 (SQLite, or PostgreSQL with --db postgres under
    scripts/with-postgres) with `workers.threads=WORKER_THREADS` (default 100: every scan runs at once on this node),
    `workers.global_limit=0` and `workers.per_org_limit=0` (no limit), rate limits off. Signs in as the first admin
    and sets the organisation's scope to 127.0.0.0/8.
 3. Reference, same run: `wrk -t2 -c64` on the API path (default GET /api/v1/findings?limit=50) for
    BASELINE seconds with no scan running.
 4. Opens WebSocket connections (ws_latency.WsClient, at most 50 topics each), starts wrk on the same path in the
    background, then creates the SCANS scans (`POST /api/v1/scans` {"targets": [127.0.0.N], "profile": "quick"}:
    top 100 TCP ports with a 1,500 ms timeout, then the services module on what is open), subscribing to each
    `scan:<id>` right after its creation.
 5. Polls GET /api/v1/scans until every scan has ended, then stops wrk with SIGINT, which makes it print the
    statistics of exactly that window. Every scan must end `done` (anything else breaks the measurement).
 6. Reads the server's VmHWM (peak RSS, /proc/PID/status) before the scans and at the end, and prints: completion
    time (first POST to the last scan ended), queue wait and run time per scan (created_at/started_at/finished_at),
    findings, API req/s, p50/p99 idle and during the scans, WebSocket emit-to-client latency (live events only; `at`
    has millisecond resolution, see ws_latency.py).

A measurement, not a test: it exits non-zero only when the measurement is broken, never because a number is high.
Loopback only.

Usage: bench/scans_bench.py [--palisade build/release/palisade] [--scans 100] [--worker-threads 100]
                            [--db sqlite|postgres] [--path /api/v1/scans?limit=50] [--baseline 10]
"""
import argparse
import concurrent.futures
import os
import shutil
import tempfile
import time

from platform_server import (HttpFixtures, Palisade, PgDatabase, WrkUntilStopped, fail, machine_note, percentile,
                             reset_hwm, resolve_binary, run_main, seconds_between, term_as_interrupt,
                             vm_hwm_kib, vm_rss_kib, wrk)
from ws_latency import EventLatency, check_scans, print_latency, set_scope, wait_scans


def run(args, binary, work, db_url, db_name):
    settings = [f"workers.threads={args.worker_threads}", "workers.global_limit=0", "workers.per_org_limit=0"]
    if args.pool_size:
        settings.append(f"store.pool_size={args.pool_size}")
    fixtures = HttpFixtures(args.scans, silent=not args.no_silent)
    with fixtures, Palisade(binary, work, db_url, settings) as srv:
        srv.start()
        token = srv.login()
        set_scope(srv, token)
        hwm_start = vm_hwm_kib(srv.pid)
        url = srv.base + args.path
        print(f"[scans] reference: wrk on {args.path} for {args.baseline} s, no scan running", flush=True)
        idle = wrk(url, args.baseline, token, args.threads, args.connections, warmup=2)
        hwm_before = vm_hwm_kib(srv.pid)
        reset = reset_hwm(srv.pid)  # VmHWM at the end is then the peak during the scans alone
        rss_reset = vm_rss_kib(srv.pid)

        events = EventLatency(srv.port, token)
        load = WrkUntilStopped(url, token, args.threads, args.connections)
        try:
            time.sleep(0.5)  # wrk's connections are up before the first scan
            print(f"[scans] creating {args.scans} scans (profile quick, {args.submitters} at a time) with wrk "
                  "running", flush=True)

            def create(address):
                scan = srv.api("POST", "/api/v1/scans", {"targets": [address], "profile": "quick"}, token,
                               expect=(202,))
                events.subscribe(f"scan:{scan['id']}")
                return scan["id"]

            t0 = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(args.submitters) as pool:
                ids = list(pool.map(create, fixtures.addresses))
            t_created = time.monotonic()
            states, t_end = wait_scans(srv, token, ids, args.timeout)
            busy = load.stop()
        finally:
            load.kill()
        check_scans(states)
        events.settle()
        ws = events.analyse()
        events.close()
        if not ws["live"]:
            fail("no live WebSocket event was received")
        hwm_after = vm_hwm_kib(srv.pid)
        if not srv.alive():
            fail(f"palisade died:\n{srv.log_tail()}")
    scans = list(states.values())
    return {
        "db": db_name, "port": fixtures.port, "idle": idle, "busy": busy, "busy_s": load.seconds, "ws": ws,
        "ended": len(ws["ended"]), "created_s": t_created - t0, "complete_s": t_end - t0,
        "hwm_start": hwm_start, "hwm_before": hwm_before, "hwm_after": hwm_after, "reset": reset,
        "rss_reset": rss_reset,
        "wait": [seconds_between(s["created_at"], s["started_at"]) for s in scans if s.get("started_at")],
        "runtime": [seconds_between(s["started_at"], s["finished_at"]) for s in scans
                    if s.get("started_at") and s.get("finished_at")],
        "findings": sum(int(s.get("findings_count") or 0) for s in scans), "scans": len(scans),
        "silent_port": fixtures.silent_port, "overlap": peak_overlap(scans),
    }


def peak_overlap(scans):
    """Most scans running at the same moment, from their started_at/finished_at."""
    edges = []
    for s in scans:
        if s.get("started_at") and s.get("finished_at"):
            edges += [(s["started_at"], 1), (s["finished_at"], -1)]
    running = peak = 0
    for _, step in sorted(edges, key=lambda e: (e[0], e[1])):  # an end before a start at the same millisecond
        running += step
        peak = max(peak, running)
    return peak


def stats(values):
    if not values:
        return "-"
    return f"median {percentile(values, 50):.2f} s, max {max(values):.2f} s"


def report(r, args, binary):
    print()
    print(f"Palisade concurrent scans benchmark — {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    print(f"  binary:   {binary}")
    print(f"  machine:  {machine_note()} (at the report)")
    print(f"  config:   {r['db']}, workers.threads={args.worker_threads}, workers.global_limit=0, "
          f"workers.per_org_limit=0{f', store.pool_size={args.pool_size}' if args.pool_size else ''}")
    silent = f", silent listener on port {r['silent_port']}" if r["silent_port"] else ""
    print(f"  scans:    {r['scans']} x profile quick, one target each (127.0.0.11.., HTTP fixture on port "
          f"{r['port']}{silent})")
    print(f"  load:     wrk -t{args.threads} -c{args.connections} --latency on {args.path}")
    print()
    print(f"completion (first POST -> last scan ended)  {r['complete_s']:.2f} s  (creating the scans took "
          f"{r['created_s']:.2f} s)")
    print(f"most scans running at once                  {r['overlap']} (from started_at/finished_at)")
    print(f"queue wait per scan (created -> started)    {stats(r['wait'])}")
    print(f"run time per scan (started -> finished)     {stats(r['runtime'])}")
    print(f"findings reported by the scans              {r['findings']}")
    print(f"palisade VmHWM after start / idle wrk run    {r['hwm_start'] / 1024:.1f} / "
          f"{r['hwm_before'] / 1024:.1f} MiB")
    if r["reset"]:
        grew = (r["hwm_after"] - r["rss_reset"]) / 1024
        print(f"palisade peak RSS during the scans           {r['hwm_after'] / 1024:.1f} MiB (VmHWM reset before them, "
              f"at RSS {r['rss_reset'] / 1024:.1f} MiB: +{grew:.1f} MiB)")
    else:
        print(f"palisade peak RSS (VmHWM) at the end         {r['hwm_after'] / 1024:.1f} MiB (could not reset it "
              "before the scans: it may be the peak of the idle wrk run)")
    print()
    print(f"{'API ' + args.path:<46} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9}")
    for label, w in (("idle (reference, same run)", r["idle"]), (f"during the scans ({r['busy_s']:.1f} s)",
                                                                  r["busy"])):
        print(f"{label:<46} {w['rps']:>8.0f} {w['p50']:>8.2f} {w['p99']:>8.2f} {w['requests']:>9}")
    print(f"{'ratio during / idle':<46} {r['busy']['rps'] / r['idle']['rps']:>8.2f} "
          f"{r['busy']['p50'] / r['idle']['p50']:>8.2f} {r['busy']['p99'] / r['idle']['p99']:>8.2f}")
    for label, w in (("idle", r["idle"]), ("during", r["busy"])):
        if w["socket_errors"]:
            print(f"note: wrk {label}: socket errors: {w['socket_errors']}")
    print()
    print_latency(r["ws"], "WebSocket emit -> client during the scans")
    print(f"  {r['ended']}/{r['scans']} topics saw their final state event")


def main():
    term_as_interrupt()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--palisade", default="build/release/palisade")
    p.add_argument("--scans", type=int, default=100)
    p.add_argument("--worker-threads", type=int, default=100)
    p.add_argument("--pool-size", type=int, default=0, help="store.pool_size (default: the server's)")
    p.add_argument("--db", default="sqlite", choices=("sqlite", "postgres"))
    p.add_argument("--pg-url", default=os.environ.get("PALISADE_TEST_PG_URL", ""))
    p.add_argument("--path", default="/api/v1/findings?limit=50", help="API path loaded with wrk")
    p.add_argument("--baseline", type=int, default=10, help="seconds of the idle reference run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--timeout", type=int, default=900, help="seconds to wait for the scans")
    p.add_argument("--submitters", type=int, default=16, help="POST /api/v1/scans requests in flight")
    p.add_argument("--no-silent", action="store_true", help="no silent port on the fixtures (scans end faster)")
    args = p.parse_args()
    if not 1 <= args.scans <= 200:
        fail("--scans must be 1..200 (one fixture address each)")
    binary = resolve_binary(args.palisade)
    work = tempfile.mkdtemp(prefix="palisade-scans.")
    try:
        if args.db == "postgres":
            if not args.pg_url:
                fail("--db postgres needs PALISADE_TEST_PG_URL (run under scripts/with-postgres) or --pg-url")
            with PgDatabase(args.pg_url) as pg:
                result = run(args, binary, work, pg.url, "PostgreSQL")
        else:
            result = run(args, binary, work, f"sqlite://{work}/p.db", "SQLite")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(result, args, binary)
    return 0


if __name__ == "__main__":
    run_main(main)
