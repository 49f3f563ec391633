#!/usr/bin/env python3
"""Template generator of bench/templates_bench.py: COUNT distinct nuclei templates in eight shapes, the pages that
answer them (for nginx) and the requests they send (for the curl replay).

As a program: bench/templates_gen.py DIR COUNT writes the templates and prints the expected number of results.
"""
import os
import random
import sys

SEVERITIES = ["info", "info", "low", "medium", "high", "critical"]
PRODUCTS = ["acme-cms", "orbit-panel", "nimbus-api", "quartz-admin", "helix-portal", "delta-store", "vega-monitor",
            "atlas-gateway", "lumen-wiki", "cobalt-crm"]


def info_block(i, kind, rng, max_request):
    product = PRODUCTS[i % len(PRODUCTS)]
    severity = SEVERITIES[rng.randrange(len(SEVERITIES))]
    return f"""id: bench-{i:05d}-{kind}
info:
  name: {product.title()} {i} - {kind.replace('-', ' ').title()}
  author: palisade-bench,bench-generator
  severity: {severity}
  description: |
    Generated benchmark template {i} ({kind}) for {product}: detects a {kind.replace('-', ' ')} exposed by the
    bench server. Realistic size and metadata, nothing else.
  reference:
    - https://example.invalid/advisories/{product}/{i}
    - https://example.invalid/docs/{kind}
  classification:
    cvss-metrics: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N
    cvss-score: 5.3
    cwe-id: CWE-{200 + i % 600}
  remediation: Restrict access to the {kind.replace('-', ' ')} of {product} or upgrade.
  metadata:
    max-request: {max_request}
    vendor: {product.split('-')[0]}
    product: {product}
  tags: bench,{kind},{product},{"panel" if i % 3 == 0 else "exposure"}
"""


def q(text):
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def generate(i, rng):
    """Returns (template YAML, pages, requests, expected result count) for template i.

    pages: {path: (status, content type, extra headers, body)} served by nginx (none when the template is one of
    the non-matching half); requests: what the template sends, [(method, path, headers, body)], for the replay.
    """
    kind_index = i % 8
    live = (i // 8) % 2 == 0
    base = f"/t/{i:05d}"
    pages, requests, expected = {}, [], 0
    if kind_index == 0:
        kind, path = "admin-panel", f"{base}/admin/login.php"
        body = (f"<html><head><title>Bench Panel {i}</title></head><body><form method=\"post\">"
                f"<input name=\"username\"><input name=\"password\" type=\"password\"></form></body></html>")
        http = f"""http:
  - method: GET
    path:
      - "{{{{BaseURL}}}}{path}"
    matchers-condition: and
    matchers:
      - type: word
        part: body
        words:
          - "<title>Bench Panel {i}</title>"
          - 'name="password"'
        condition: and
      - type: status
        status:
          - 200
"""
        pages[path] = (200, "text/html", {}, body)
        requests.append(("GET", path, {}, None))
        expected = 1
    elif kind_index == 1:
        kind, path = "version-api", f"{base}/api/version"
        version = f"{1 + i % 4}.{i % 10}.{i % 7}"
        body = f'{{"product":"benchsvc-{i}","version":"{version}","build":"{rng.getrandbits(32):08x}"}}'
        http = f"""http:
  - method: GET
    path:
      - "{{{{BaseURL}}}}{path}"
    matchers-condition: and
    matchers:
      - type: regex
        regex:
          - '"product":"benchsvc-{i}"'
          - '"version":"[0-9]+\\.[0-9]+\\.[0-9]+"'
        condition: and
      - type: status
        status:
          - 200
    extractors:
      - type: regex
        name: version
        group: 1
        regex:
          - '"version":"([0-9.]+)"'
"""
        pages[path] = (200, "application/json", {}, body)
        requests.append(("GET", path, {}, None))
        expected = 1
    elif kind_index == 2:
        kind, path = "health-endpoint", f"{base}/health"
        body = f"status: healthy {i}\nuptime: {rng.randrange(10**6)}\n"
        http = f"""http:
  - method: GET
    path:
      - "{{{{BaseURL}}}}{path}"
    matchers:
      - type: dsl
        dsl:
          - 'status_code == 200 && contains(body, "healthy {i}")'
          - 'contains(to_lower(header), "x-bench-service: svc-{i}")'
          - 'len(body) < 200'
        condition: and
"""
        pages[path] = (200, "text/plain", {"X-Bench-Service": f"svc-{i}"}, body)
        requests.append(("GET", path, {}, None))
        expected = 1
    elif kind_index == 3:
        kind = "login-flow"
        token = f"{rng.getrandbits(40):010x}"
        start, finish = f"{base}/flow/start", f"{base}/flow/{token}"
        http = f"""http:
  - method: GET
    path:
      - "{{{{BaseURL}}}}{start}"
    extractors:
      - type: regex
        name: token
        internal: true
        group: 1
        regex:
          - 'csrf_token=([a-f0-9]+)'
  - method: GET
    path:
      - "{{{{BaseURL}}}}{base}/flow/{{{{token}}}}"
    matchers:
      - type: word
        words:
          - "flow {i} complete"
"""
        pages[start] = (200, "text/html", {}, f"<a href=\"/flow?csrf_token={token}\">continue</a>")
        pages[finish] = (200, "text/html", {}, f"<p>flow {i} complete</p>")
        requests.append(("GET", start, {}, None))
        requests.append(("GET", finish, {}, None))  # not sent when the start page is missing (no token)
        expected = 1
    elif kind_index == 4:
        kind = "backup-archive"
        paths = [f"{base}/backup.zip", f"{base}/backup.tar.gz", f"{base}/site.bak"]
        http = f"""stop-at-first-match: true
http:
  - method: GET
    path:
""" + "".join(f'      - "{{{{BaseURL}}}}{p}"\n' for p in paths) + f"""    matchers-condition: and
    matchers:
      - type: word
        words:
          - "BENCHARCHIVE-{i}"
      - type: word
        words:
          - "<html"
        negative: true
      - type: status
        status:
          - 200
"""
        pages[paths[1]] = (200, "application/octet-stream", {}, f"BENCHARCHIVE-{i} " + "x" * 64)
        requests += [("GET", p, {}, None) for p in (paths[:2] if live else paths)]
        expected = 1
    elif kind_index == 5:
        kind, path = "api-create", f"{base}/api/items"
        payload = f'{{"name":"bench-{i}","qty":{1 + i % 5}}}'
        headers = {"Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest"}
        http = f"""http:
  - method: POST
    path:
      - "{{{{BaseURL}}}}{path}"
    headers:
      Content-Type: application/json
      X-Requested-With: XMLHttpRequest
    body: {q(payload)}
    matchers-condition: and
    matchers:
      - type: status
        status:
          - 201
      - type: word
        part: header
        case-insensitive: true
        words:
          - "x-bench-created: item-{i}"
"""
        pages[path] = (201, "application/json", {"X-Bench-Created": f"item-{i}"}, f'{{"id":{i}}}')
        requests.append(("POST", path, headers, payload))
        expected = 1
    elif kind_index == 6:
        kind, path = "raw-probe", f"{base}/raw/probe"
        http = f"""http:
  - raw:
      - |
        GET {path}?nonce={{{{randstr}}}} HTTP/1.1
        Host: {{{{Hostname}}}}
        Accept: application/json

    matchers:
      - type: regex
        part: body
        regex:
          - 'probe-{i}: (ok|ready)'
"""
        pages[path] = (200, "application/json", {}, f"probe-{i}: ready")
        requests.append(("GET", path + "?nonce=bench", {"Accept": "application/json"}, None))
        expected = 1
    else:
        kind, path = "robots-file", f"{base}/robots-bench.txt"
        body = f"User-agent: *\nDisallow: /private-{i}/\n"
        http = f"""http:
  - method: GET
    path:
      - "{{{{BaseURL}}}}{path}"
    matchers-condition: and
    matchers:
      - type: status
        status:
          - 200
      - type: size
        size:
          - {len(body)}
      - type: regex
        part: content_type
        regex:
          - '^text/plain'
"""
        pages[path] = (200, "text/plain", {}, body)
        requests.append(("GET", path, {}, None))
        expected = 1
    if not live:
        pages, expected = {}, 0
        if kind_index == 3:
            requests = requests[:1]
    max_request = 3 if kind_index == 4 else (2 if kind_index == 3 else 1)
    return info_block(i, kind, rng, max_request) + "\n" + http, pages, requests, expected


def write_templates(directory, count, seed=1):
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    pages, requests, expected = {}, [], 0
    for i in range(count):
        text, p, r, e = generate(i, rng)
        sub = os.path.join(directory, f"group-{i // 500:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"bench-{i:05d}.yaml"), "w") as fh:
            fh.write(text)
        pages.update(p)
        requests += r
        expected += e
    return pages, requests, expected


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: bench/templates_gen.py DIR COUNT")
    print(write_templates(sys.argv[1], int(sys.argv[2]))[2])
