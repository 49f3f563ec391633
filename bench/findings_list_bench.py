#!/usr/bin/env python3
"""GET /api/v1/findings with 1,000,000 findings in the database, on SQLite and on PostgreSQL.

For each database: a fresh `palisade serve` on a free 127.0.0.1 port migrates the schema and creates the first
organisation and admin; it is stopped, the findings (and the assets they point to) are inserted with SQL
(findings_seed.py: sqlite3 with a recursive CTE, psql with generate_series), ANALYZE runs, and palisade starts again
on the filled database. The script then checks through the API that the list behaves (50 items per page, every item
matching the filter, a second page disjoint from the first, a combined filter, a filter that matches nothing, and the
row counts in the database) and measures, with `wrk -t2 -c64 --latency`, one after the other:

  GET /healthz                                   the HTTP pipeline alone (the reference of the ratios)
  GET /api/v1/me                                 authentication plus a small read (http_bench.sh's second row)
  GET /api/v1/findings?severity=high&limit=50    one filter, a page of 50, ~13 % of the rows match
  GET /api/v1/findings?status=open&limit=50      the default view (~55 % match)

and prints req/s, p50, p99, the ratio of req/s to /healthz and to /me, and the server's peak RSS (VmHWM).

PostgreSQL comes from PALISADE_TEST_PG_URL (or --pg-url): run the script under scripts/with-postgres, which starts a
throwaway PostgreSQL 15 on 127.0.0.1. The script creates its own database there and drops it at the end. Without a
URL only SQLite is measured (and that is said in the output).

A measurement, not a test: it exits non-zero only when the measurement is broken (palisade does not start, the API
answers non-2xx or wrong pages, seeding fails), never because a figure is low.

Usage:
  scripts/with-postgres bench/findings_list_bench.py [--palisade build/release/palisade] [--findings 1000000]
                                                     [--db sqlite,postgres] [--duration 15] [--keep]
"""
import argparse
import os
import shutil
import tempfile
import time

import findings_seed
from platform_server import (Palisade, PgDatabase, fail, http, machine_note, need_tools, psql, reset_hwm,
                             resolve_binary, run_main, sqlite, term_as_interrupt, vm_hwm_kib, wrk)

TARGETS = [
    ("GET /healthz", "/healthz", False),
    ("GET /api/v1/me", "/api/v1/me", True),
    ("GET /api/v1/findings?severity=high&limit=50", "/api/v1/findings?severity=high&limit=50", True),
    ("GET /api/v1/findings?status=open&limit=50", "/api/v1/findings?status=open&limit=50", True),
]


def seed_sqlite(path, n, assets, now_ms):
    org = sqlite(path, "SELECT id FROM organizations;").split()
    user = sqlite(path, "SELECT id FROM users;").split()
    if len(org) != 1 or len(user) != 1:
        fail(f"expected one organisation and one user after the first start, found {len(org)} and {len(user)}")
    rows = sqlite(path, "SELECT name || char(9) || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "AND tbl_name IN ('findings', 'assets');").splitlines()
    indexes = [r.split("\t", 1) for r in rows if "\t" in r]
    body = findings_seed.seed_sql("sqlite", org[0], user[0], n, assets, now_ms, [name for name, _ in indexes])
    script = ("PRAGMA synchronous = OFF;\nPRAGMA cache_size = -262144;\nPRAGMA temp_store = MEMORY;\nBEGIN;\n" + body +
              "".join(f"{sql};\n" for _, sql in indexes) + "COMMIT;\nANALYZE;\nPRAGMA wal_checkpoint(TRUNCATE);\n")
    sqlite(path, script)
    return int(sqlite(path, "SELECT COUNT(*) FROM findings;").strip()), len(indexes)


def seed_postgres(url, n, assets, now_ms):
    org = psql(url, "SELECT id FROM organizations;", capture=True).split()
    user = psql(url, "SELECT id FROM users;", capture=True).split()
    if len(org) != 1 or len(user) != 1:
        fail(f"expected one organisation and one user after the first start, found {len(org)} and {len(user)}")
    rows = psql(url, "SELECT indexname || chr(9) || indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                     "AND tablename IN ('findings', 'assets') AND indexname NOT IN "
                     "(SELECT conname FROM pg_constraint);", capture=True).splitlines()
    indexes = [r.split("\t", 1) for r in rows if "\t" in r]
    body = findings_seed.seed_sql("postgres", org[0], user[0], n, assets, now_ms, [name for name, _ in indexes])
    script = ("SET synchronous_commit = off;\nSET maintenance_work_mem = '256MB';\nBEGIN;\n" + body +
              "".join(f"{sql};\n" for _, sql in indexes) + "COMMIT;\nANALYZE;\n")
    psql(url, script)
    return int(psql(url, "SELECT COUNT(*) FROM findings;", capture=True).strip()), len(indexes)


def check_api(server, token, n):
    """The list must behave before its speed means anything."""
    high, crit_fixed = findings_seed.expected_counts(n)
    status, page, raw = http("GET", server.base + "/api/v1/findings?severity=high&limit=50", token=token)
    if status != 200 or not isinstance(page, dict):
        fail(f"GET /api/v1/findings?severity=high&limit=50 answered {status}: {raw[:300]!r}")
    items = page.get("items", [])
    if len(items) != min(50, high) or any(f.get("severity") != "high" for f in items):
        fail(f"severity=high page: {len(items)} items, severities {sorted({f.get('severity') for f in items})}")
    if high > 50:
        if not page.get("next_cursor"):
            fail("severity=high: no next_cursor although more findings match")
        page2 = server.api("GET", f"/api/v1/findings?severity=high&limit=50&cursor={page['next_cursor']}",
                           token=token)
        items2 = page2.get("items", [])
        if len(items2) != min(50, high - 50) or any(f.get("severity") != "high" for f in items2):
            fail("severity=high second page: wrong size or severities")
        if {f["id"] for f in items} & {f["id"] for f in items2}:
            fail("severity=high: the second page repeats findings of the first")
        if max(f["id"] for f in items2) >= min(f["id"] for f in items):
            fail("severity=high: pages are not in descending id order within one severity")
    both = server.api("GET", "/api/v1/findings?severity=critical&status=fixed&limit=200", token=token)["items"]
    if len(both) != min(200, crit_fixed) or any(f.get("severity") != "critical" or f.get("status") != "fixed"
                                                for f in both):
        fail(f"severity=critical&status=fixed: {len(both)} items, expected {min(200, crit_fixed)} all matching")
    none = server.api("GET", "/api/v1/findings?check=no.such.check&limit=50", token=token)
    if none.get("items") or none.get("next_cursor"):
        fail("check=no.such.check matched findings")
    return high, len(raw)


def measure(name, binary, workdir, db_url, sqlite_path, args):
    print(f"[{name}] first start (migrations, first admin)", flush=True)
    settings = [f"store.pool_size={args.pool_size}"] if args.pool_size else []
    with Palisade(binary, workdir, db_url, settings) as server:
        server.start()
        server.login()
        server.stop()
        now_ms = int(time.time() * 1000)
        print(f"[{name}] seeding {args.findings:,} findings over {args.assets:,} assets", flush=True)
        t0 = time.monotonic()
        if sqlite_path:
            count, nidx = seed_sqlite(sqlite_path, args.findings, args.assets, now_ms)
            size = os.path.getsize(sqlite_path)
        else:
            count, nidx = seed_postgres(db_url, args.findings, args.assets, now_ms)
            size = int(psql(db_url, "SELECT pg_database_size(current_database());", capture=True).strip())
        seed_s = time.monotonic() - t0
        if count != args.findings:
            fail(f"{name}: {count} findings in the database after seeding, expected {args.findings}")
        print(f"[{name}] seeded in {seed_s:.0f} s ({nidx} indexes re-created, ANALYZE done), "
              f"database {size / 2**20:.0f} MiB", flush=True)
        server.start()
        token = server.login()
        high, page_bytes = check_api(server, token, args.findings)
        print(f"[{name}] API checks passed ({high:,} findings with severity high; a page of 50 is "
              f"{page_bytes:,} bytes of JSON)", flush=True)
        # Sign-in's argon2id verification sets a high-water mark of its own: measure the load alone.
        reset = reset_hwm(server.pid)
        rows = []
        for label, path, auth in TARGETS:
            r = wrk(server.base + path, args.duration, token if auth else None, args.threads, args.connections,
                    args.warmup)
            rows.append((label, r))
            print(f"[{name}] {label}: {r['rps']:.0f} req/s, p99 {r['p99']:.2f} ms", flush=True)
            if not server.alive():
                fail(f"palisade died under load:\n{server.log_tail()}")
        hwm = vm_hwm_kib(server.pid)
    return {"name": name, "rows": rows, "seed_s": seed_s, "db_mib": size / 2**20, "hwm_kib": hwm, "reset": reset}


def report(results, args, binary):
    print()
    print(f"Palisade findings list benchmark — {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    print(f"  binary:   {binary}")
    print(f"  machine:  {machine_note()} (at the report)")
    print(f"  load:     wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency "
          f"(warm-up {args.warmup}s), loopback")
    print(f"  data:     {args.findings:,} findings over {args.assets:,} assets in one organisation")
    for res in results:
        print()
        print(f"{res['name']}: seeded in {res['seed_s']:.0f} s, database {res['db_mib']:.0f} MiB, "
              f"palisade peak RSS {res['hwm_kib'] / 1024:.1f} MiB "
              f"({'during the wrk runs' if res['reset'] else 'VmHWM, sign-in included'})")
        print(f"{'target':<46} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs healthz':>10} {'vs me':>6}")
        ref = res["rows"][0][1]["rps"]
        me = res["rows"][1][1]["rps"]
        for label, r in res["rows"]:
            print(f"{label:<46} {r['rps']:>8.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['rps'] / ref:>10.3f} "
                  f"{r['rps'] / me:>6.2f}")
        for label, r in res["rows"]:
            if r["socket_errors"]:
                print(f"note: {label}: socket errors: {r['socket_errors']}")


def main():
    term_as_interrupt()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--palisade", default="build/release/palisade")
    p.add_argument("--db", default=None, help="sqlite,postgres (default: both when a PostgreSQL URL is set)")
    p.add_argument("--pg-url", default=os.environ.get("PALISADE_TEST_PG_URL", ""))
    p.add_argument("--findings", type=int, default=1_000_000)
    p.add_argument("--assets", type=int, default=5_000)
    p.add_argument("--duration", type=int, default=15)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--pool-size", type=int, default=0, help="store.pool_size (default: the server's)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (SQLite database, logs)")
    args = p.parse_args()
    if args.findings < 100 or args.assets < 1:
        fail("--findings must be at least 100 and --assets at least 1")
    binary = resolve_binary(args.palisade)
    need_tools("wrk", "sqlite3")
    dbs = (args.db or ("sqlite,postgres" if args.pg_url else "sqlite")).split(",")
    if "postgres" in dbs and not args.pg_url:
        fail("PostgreSQL asked for but no URL: run under scripts/with-postgres or pass --pg-url")
    if not args.pg_url:
        print("note: no PostgreSQL URL (PALISADE_TEST_PG_URL): measuring SQLite only", flush=True)
    results = []
    for db in dbs:
        work = tempfile.mkdtemp(prefix=f"palisade-findings-{db}.")
        try:
            if db == "sqlite":
                path = os.path.join(work, "p.db")
                results.append(measure("SQLite", binary, work, f"sqlite://{path}", path, args))
            elif db == "postgres":
                with PgDatabase(args.pg_url) as pg:
                    results.append(measure("PostgreSQL", binary, work, pg.url, None, args))
            else:
                fail(f"unknown database '{db}' (sqlite or postgres)")
        finally:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    report(results, args, binary)
    return 0


if __name__ == "__main__":
    run_main(main)
