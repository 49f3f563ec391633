#!/usr/bin/env python3
"""Templates module: throughput of 200 templates against one loopback server, and memory with 5,000 templates.

There is no peer in the same run: nuclei is not a Debian package (`apt-cache policy nuclei` has no candidate) and
this benchmark downloads nothing. The reference for (a) is the server-side ceiling instead: the very same requests
(method, URL, headers, body; taken from what the templates send) replayed by `curl --parallel` with the same number
of requests in flight as the templates module (16, ScanOptions::dialogue_concurrency), and `wrk` on one template
URL when it is installed.

(a) Throughput. Generates (templates_gen.py) 200 distinct nuclei templates into a temporary directory, in eight
    shapes: word + status (and), regex + regex extractor on a JSON body, a DSL matcher on status/body/headers, two
    requests chained by an internal extractor, three paths with stop-at-first-match and a negative matcher, a POST
    with headers and a JSON body matched on a response header, a raw request with {{randstr}} and a regex, a status +
    size + content_type matcher. Every second group of eight has no page on the server (404), as most templates of
    a real run do not match. nginx (127.0.0.1, free port, its own configuration in the temporary directory, one
    exact `location` per page answering with `return`) serves the pages and logs every request; the script times
      palisade scan http://127.0.0.1:PORT/ --modules templates --templates DIR --no-builtin-templates --format jsonl
    (RUNS times, median), checks that the results are the expected ones, and counts the requests nginx saw under
    /t/ (the templates' own; the implied ports and services modules send a few probes besides, counted apart).
    One more run with --format json gives the templates module's own duration and request count (its details), so
    requests/s is given both for the whole command and for the module alone.
(b) Memory. Generates 5,000 templates (same shapes) and measures the peak RSS (getrusage of a helper process) of
      palisade templates check DIR --format json
    against `palisade templates check EMPTY_DIR` (the baseline: the binary, its built-in pack parsed on use, no
    templates), and of a scan with the 5,000 templates against the same nginx against a scan with none. Reports
    MiB per 1,000 templates.

Loopback only. Nothing here asserts a timing or a memory figure; it exits non-zero only when the measurement is
broken (a tool missing or failing, a generated template not loading, transport errors, no request reaching nginx).

Usage: bench/templates_bench.py [--palisade build/release/palisade] [--templates 200] [--memory-templates 5000]
                                [--runs 3] [--keep DIR]
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

from templates_gen import write_templates  # same directory

CONCURRENCY = 16  # ScanOptions::dialogue_concurrency: templates in flight


def fail(message):
    sys.exit(f"templates_bench: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- nginx ---------------------------------------------------------------------------------------------------------

def nginx_string(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


class Nginx:
    def __init__(self, workdir, pages):
        self.dir = os.path.join(workdir, "nginx")
        for sub in ("logs", "tmp", "html"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        self.port = free_port()
        self.log = os.path.join(self.dir, "logs", "access.log")
        locations = []
        for path, (status, ctype, headers, body) in sorted(pages.items()):
            if "$" in body or "$" in path:
                fail(f"page {path}: '$' would be an nginx variable")
            extra = "".join(f" add_header {k} {v} always;" for k, v in headers.items())
            locations.append(f"        location = {path} {{ default_type {ctype};{extra} return {status} "
                             f"{nginx_string(body)}; }}")
        user = "user root root;" if os.getuid() == 0 else ""
        conf = f"""{user}
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.dir}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format bench '$request_method $request_uri $status';
    access_log {self.log} bench;
    keepalive_requests 1000000;
    client_body_temp_path {self.dir}/tmp/body;
    proxy_temp_path {self.dir}/tmp/proxy;
    fastcgi_temp_path {self.dir}/tmp/fastcgi;
    uwsgi_temp_path {self.dir}/tmp/uwsgi;
    scgi_temp_path {self.dir}/tmp/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        root {self.dir}/html;
        location = / {{ default_type text/html; return 200 '<html><body>bench server</body></html>'; }}
{chr(10).join(locations)}
    }}
}}
"""
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as fh:
            fh.write(conf)
        self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", self.conf, "-e", f"{self.dir}/logs/error.log",
                                      "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}/"
        for _ in range(100):
            if self.proc.poll() is not None:
                fail(f"nginx did not start: {self.proc.stderr.read().decode(errors='replace')[-1000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            fail("nginx did not listen")

    def lines(self):
        with open(self.log) as fh:
            return fh.read().splitlines()

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def count_since(nginx, before):
    """(requests under /t/, other requests, non-2xx/404 statuses) logged since line `before`."""
    lines = nginx.lines()[before:]
    ours = [l for l in lines if " /t/" in l]
    odd = [l for l in ours if not re.search(r" (200|201|404)$", l)]
    return len(ours), len(lines) - len(ours), odd, len(nginx.lines())


# --- measurements --------------------------------------------------------------------------------------------------

def measure(cmd, stdout_path=None, timeout=1800):
    """Runs cmd in a fresh python child so ru_maxrss is that command's own peak. Returns (seconds, kb, rc, err)."""
    code = (
        "import resource,subprocess,sys,time,json\n"
        "out=open(sys.argv[1],'wb') if sys.argv[1] else subprocess.DEVNULL\n"
        "s=time.monotonic()\n"
        "try:\n"
        "    p=subprocess.run(sys.argv[3:],stdout=out,stderr=subprocess.PIPE,timeout=float(sys.argv[2]))\n"
        "    rc,err=p.returncode,p.stderr.decode(errors='replace')[-2000:]\n"
        "except subprocess.TimeoutExpired:\n"
        "    rc,err=-999,'timed out'\n"
        "e=time.monotonic()-s\n"
        "print(json.dumps({'rc':rc,'s':e,'kb':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,'err':err}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, stdout_path or "", str(timeout)] + cmd,
                          stdout=subprocess.PIPE, text=True)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return info["s"], info["kb"], info["rc"], info["err"]


def check_load(palisade, paths, count):
    """Peak RSS of `templates check` on `paths` (a directory or a list); every one of `count` templates must load."""
    paths = [paths] if isinstance(paths, str) else paths
    out = os.path.join(os.path.dirname(paths[0]), "check.json")
    seconds, kb, rc, err = measure([palisade, "templates", "check"] + paths + ["--format", "json"], out)
    with open(out) as fh:
        text = fh.read()
    if rc not in (0, 1):
        fail(f"palisade templates check {paths} failed ({rc}): {err}")
    doc = json.loads(text)
    if doc["loaded"] != count:
        bad = [f"{t['path']}: {t['reason']}" for t in doc["templates"] if t["status"] != "loaded"][:5]
        fail(f"{doc['loaded']} of {count} generated templates loaded: {bad}")
    return seconds, kb


def scan_cmd(palisade, url, directory, fmt, output):
    return [palisade, "scan", url, "--modules", "templates", "--templates", directory, "--no-builtin-templates",
            "--format", fmt, "--output", output, "--fail-on", "none", "--quiet"]


def curl_replay(workdir, url, requests):
    """The same requests with curl --parallel, CONCURRENCY in flight; returns seconds."""
    config = os.path.join(workdir, "replay.curl")
    with open(config, "w") as fh:
        for n, (method, path, headers, body) in enumerate(requests):
            if n:
                fh.write("next\n")
            fh.write(f'url = "{url.rstrip("/")}{path}"\noutput = "/dev/null"\nsilent\n')
            if method != "GET":
                fh.write(f'request = "{method}"\n')
            for k, v in headers.items():
                fh.write(f'header = "{k}: {v}"\n')
            if body is not None:
                fh.write('data-binary = "' + body.replace("\\", "\\\\").replace('"', '\\"') + '"\n')
    start = time.monotonic()
    proc = subprocess.run(["curl", "--parallel", "--parallel-max", str(CONCURRENCY), "-K", config],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        fail(f"curl --parallel failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-500:]}")
    return seconds


def wrk_ceiling(url):
    if shutil.which("wrk") is None:
        return None
    out = subprocess.run(["wrk", "-t2", f"-c{CONCURRENCY}", "-d5s", url], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    m = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    return float(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--palisade", default="build/release/palisade")
    ap.add_argument("--templates", type=int, default=200, help="templates of the throughput run")
    ap.add_argument("--memory-templates", type=int, default=5000, help="templates of the memory run (0 = skip)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="keep the templates, nginx configuration and reports in this directory")
    args = ap.parse_args()

    palisade = os.path.abspath(args.palisade)
    if not os.access(palisade, os.X_OK):
        fail(f"{palisade} not found (a Release build, please)")
    for tool in ("nginx", "curl"):
        if shutil.which(tool) is None:
            fail(f"{tool} is not installed (scripts/install-deps --bench)")
    nuclei = shutil.which("nuclei")
    workdir = args.keep or tempfile.mkdtemp(prefix="templates_bench.")
    os.makedirs(workdir, exist_ok=True)
    nginx = None
    try:
        small = os.path.join(workdir, f"templates-{args.templates}")
        pages, requests, expected = write_templates(small, args.templates)
        large = os.path.join(workdir, f"templates-{args.memory_templates}")
        if args.memory_templates:
            large_pages, large_requests, large_expected = write_templates(large, args.memory_templates)
            pages.update(large_pages)
        empty = os.path.join(workdir, "empty")
        os.makedirs(empty, exist_ok=True)
        nginx = Nginx(workdir, pages)
        load = os.getloadavg()
        print(f"# Templates module benchmark ({os.cpu_count()} CPUs, load average before {load[0]:.2f})")
        nginx_version = subprocess.run(["nginx", "-v"], stderr=subprocess.PIPE, text=True).stderr.strip()
        peer = (f"nuclei at {nuclei} (not run by this script)" if nuclei
                else "none (nuclei is not a Debian package and is not installed)")
        print(f"palisade: {palisade}; server: {nginx_version} on {nginx.url}; peer: {peer}")

        # (a) throughput
        check_s, check_kb = check_load(palisade, small, args.templates)
        runs = []
        for i in range(args.runs):
            before = len(nginx.lines())
            out = os.path.join(workdir, f"scan-{i}.jsonl")
            seconds, kb, rc, err = measure(scan_cmd(palisade, nginx.url, small, "jsonl", out))
            if rc != 0:
                fail(f"palisade scan failed ({rc}): {err}")
            ours, other, odd, _ = count_since(nginx, before)
            if ours == 0:
                fail("no template request reached nginx")
            if odd:
                fail(f"unexpected statuses: {odd[:5]}")
            with open(out) as fh:
                results = [json.loads(l) for l in fh if l.strip()]
            # The same scan with --format json: the module's own duration and request count (its details).
            json_out = os.path.join(workdir, f"scan-{i}.json")
            _, _, rc, err = measure(scan_cmd(palisade, nginx.url, small, "json", json_out))
            if rc != 0:
                fail(f"palisade scan --format json failed ({rc}): {err}")
            with open(json_out) as fh:
                doc = json.load(fh)
            modules = {m["name"]: m for t in doc["targets"] for m in t["modules"]}
            tm = modules["templates"]
            details = json.loads(tm["details"]) if isinstance(tm["details"], str) else tm["details"]
            if details.get("errors_total"):
                fail(f"templates module transport errors: {details['errors'][:3]}")
            runs.append((seconds, kb, ours, other, results, tm["duration_ms"] / 1000, modules))
        seconds = statistics.median(r[0] for r in runs)
        served = statistics.median(r[2] for r in runs)
        probes = statistics.median(r[3] for r in runs)
        module_s = statistics.median(r[5] for r in runs)
        results = runs[-1][4]
        matched = len({r["template-id"] for r in results})

        replay_s = statistics.median(curl_replay(workdir, nginx.url, requests) for _ in range(args.runs))
        wrk = wrk_ceiling(nginx.url.rstrip("/") + requests[0][1])

        print(f"\n## (a) {args.templates} templates against one nginx on 127.0.0.1 (median of {args.runs} runs)\n")
        print(f"command: palisade scan {nginx.url} --modules templates --templates DIR --no-builtin-templates "
              f"--format jsonl --output F --fail-on none --quiet")
        print("| measurement | value |")
        print("| --- | --- |")
        print(f"| templates loaded (`templates check`) | {args.templates} in {check_s:.2f} s, "
              f"{check_kb / 1024:.1f} MiB |")
        print(f"| results | {len(results)} from {matched} templates (expected {expected}) |")
        print(f"| template requests seen by nginx | {served:.0f} (+ {probes:.0f} probes of the implied ports/services"
              f" modules); module's own count {details['requests']} |")
        print(f"| wall time of the command | {seconds:.2f} s, peak RSS {max(r[1] for r in runs) / 1024:.1f} MiB |")
        print(f"| requests/s, whole command | {served / seconds:.0f} |")
        print(f"| templates module alone (module duration of the --format json runs) | {module_s:.3f} s, "
              f"{details['requests'] / module_s:.0f} requests/s; last run's modules: "
              + ", ".join(f"{n} {m['duration_ms'] / 1000:.2f} s" for n, m in modules.items()) + " |")
        print(f"| reference: same {len(requests)} requests, `curl --parallel --parallel-max {CONCURRENCY}` | "
              f"{replay_s:.2f} s, {len(requests) / replay_s:.0f} requests/s |")
        if wrk:
            print(f"| reference: `wrk -t2 -c{CONCURRENCY} -d5s` on one template URL | {wrk:.0f} requests/s |")
        print(f"| templates module vs curl replay (time) | {module_s / replay_s:.2f}x |")
        if len(results) != expected:
            got = {r["template-id"] for r in results}
            print(f"note: {expected} results were expected; {len(results)} came"
                  f" (templates with a result: {sorted(got)[:10]}...)")

        # (b) memory
        if args.memory_templates:
            base_s, base_kb, rc, err = measure([palisade, "templates", "check", empty, "--format", "json"])
            if rc not in (0, 1):
                fail(f"palisade templates check on an empty directory failed ({rc}): {err}")
            big_s, big_kb = check_load(palisade, large, args.memory_templates)
            # A point between (the first groups of 500 of the same set), to see that memory grows linearly.
            groups = sorted(os.listdir(large))[:2]
            mid_count = min(args.memory_templates, 500 * len(groups))
            mid_s, mid_kb = check_load(palisade, [os.path.join(large, g) for g in groups], mid_count)
            per_k = (big_kb - base_kb) / 1024 / (args.memory_templates / 1000)
            scan_base_s, scan_base_kb, rc, err = measure(
                scan_cmd(palisade, nginx.url, empty, "jsonl", os.path.join(workdir, "empty.jsonl")))
            if rc != 0:
                fail(f"palisade scan with no template failed ({rc}): {err}")
            before = len(nginx.lines())
            scan_big_s, scan_big_kb, rc, err = measure(
                scan_cmd(palisade, nginx.url, large, "jsonl", os.path.join(workdir, "large.jsonl")))
            if rc != 0:
                fail(f"palisade scan with {args.memory_templates} templates failed ({rc}): {err}")
            big_served, _, odd, _ = count_since(nginx, before)
            with open(os.path.join(workdir, "large.jsonl")) as fh:
                big_results = sum(1 for l in fh if l.strip())
            if big_served == 0 or odd:
                fail(f"scan with {args.memory_templates} templates: {big_served} requests, odd statuses {odd[:5]}")
            scan_per_k = (scan_big_kb - scan_base_kb) / 1024 / (args.memory_templates / 1000)
            # The same templates with nothing matching (the base URL has a path prefix nginx has no page under):
            # what the templates cost in a scan without the results they produce.
            before = len(nginx.lines())
            none_s, none_kb, rc, err = measure(
                scan_cmd(palisade, nginx.url + "none/", large, "jsonl", os.path.join(workdir, "none.jsonl")))
            if rc != 0:
                fail(f"palisade scan with {args.memory_templates} templates on /none/ failed ({rc}): {err}")
            none_served = sum(1 for line in nginx.lines()[before:] if " /none/t/" in line)
            with open(os.path.join(workdir, "none.jsonl")) as fh:
                none_results = sum(1 for line in fh if line.strip())
            none_per_k = (none_kb - scan_base_kb) / 1024 / (args.memory_templates / 1000)
            print(f"\n## (b) memory with {args.memory_templates} templates (peak RSS, getrusage)\n")
            print("| command | templates | peak RSS | wall time |")
            print("| --- | --- | --- | --- |")
            print(f"| palisade templates check EMPTY --format json | 0 | {base_kb / 1024:.1f} MiB | {base_s:.2f} s |")
            print(f"| palisade templates check DIR/group-00 DIR/group-01 --format json | {mid_count} | "
                  f"{mid_kb / 1024:.1f} MiB | {mid_s:.2f} s |")
            print(f"| palisade templates check DIR --format json | {args.memory_templates} | {big_kb / 1024:.1f} MiB"
                  f" | {big_s:.2f} s |")
            print(f"| palisade scan URL --modules templates --templates EMPTY --no-builtin-templates | 0 | "
                  f"{scan_base_kb / 1024:.1f} MiB | {scan_base_s:.2f} s |")
            print(f"| palisade scan URL --modules templates --templates DIR --no-builtin-templates | "
                  f"{args.memory_templates} | {scan_big_kb / 1024:.1f} MiB | {scan_big_s:.2f} s "
                  f"({big_served} requests, {big_served / scan_big_s:.0f}/s; {big_results} results, expected "
                  f"{large_expected}) |")
            print(f"| palisade scan URL/none/ ... (same {args.memory_templates} templates, nothing matches) | "
                  f"{args.memory_templates} | {none_kb / 1024:.1f} MiB | {none_s:.2f} s ({none_served} requests, "
                  f"{none_served / none_s:.0f}/s; {none_results} results) |")
            print(f"\nMiB per 1,000 templates: {per_k:.2f} loaded (`templates check`), {scan_per_k:.2f} in a scan"
                  f" with {big_results / args.memory_templates * 1000:.0f} results per 1,000, {none_per_k:.2f} in a"
                  " scan without results")
    finally:
        if nginx:
            nginx.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
