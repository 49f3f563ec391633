"""SQL that fills a migrated Palisade database with N findings over A assets of one organisation, for
findings_list_bench.py. The same rows in both dialects (SQLite through the sqlite3 CLI with a recursive CTE,
PostgreSQL through psql with generate_series): every value is a function of the row number, so the two databases
hold the same data and a row's severity/status can be predicted (expected_counts) to check the API's answers.

The rows follow the schema of src/store/migrations/{sqlite,postgres}/0003_findings.sql and the conventions of the
store: UUIDv7-shaped text ids whose first 48 bits are the creation time in ms, times as "YYYY-MM-DDTHH:MM:SS.mmmZ",
JSON arrays in TEXT, booleans 0/1. The findings' indexes are dropped before the insert and re-created from the
definitions the migration left in the catalogue (sqlite_master / pg_indexes), which is the same schema built faster.

Spread (by row number i, deterministic): severity info 35 %, low 25 %, medium 22 %, high 13 %, critical 5 %;
status open 55 %, triaged 10 %, fixed 25 %, accepted_risk 5 %, false_positive 5 %; 22 check ids (24 titles) of 7
modules; assets 80 % hosts, 20 % web applications; first seen spread over the 400 days before now; open and
triaged findings have an SLA due date (breached when it has passed, so the server's SLA sweep has nothing to do), a
quarter of them an assignee; accepted risks expire 90 days from now.
"""
import re

SEVERITIES = [("critical", 4, 5), ("high", 3, 18), ("medium", 2, 40), ("low", 1, 65), ("info", 0, 100)]
STATUSES = [("open", 55), ("triaged", 65), ("fixed", 90), ("accepted_risk", 95), ("false_positive", 100)]
SLA_DAYS = {4: 7, 3: 30, 2: 90, 1: 180}
SEV_MUL, SEV_ADD = 7919, 3
STATUS_MUL, STATUS_ADD = 104729, 7
HASH = 2654435761  # Knuth's multiplicative hash: spreads assets and id bits

# check_id, title, CWE, port, evidence, recommendation (realistic lengths: evidence 150-250, recommendation ~120)
CHECKS = [
    ("services.cleartext.http", "HTTP service without TLS", "CWE-319", 80,
     "GET / answered 200 OK over plain HTTP; Server: Apache/2.4.41 (Ubuntu); no redirect to https", "Serve it over "
     "HTTPS only and redirect plain HTTP to HTTPS; enable HSTS once every client is on HTTPS."),
    ("services.cleartext.ftp", "FTP service accepts clear-text logins", "CWE-319", 21,
     "220 ProFTPD 1.3.5e Server ready; AUTH TLS not offered in FEAT", "Replace FTP with SFTP, or require FTPS "
     "(AUTH TLS) for every login and data channel."),
    ("services.cleartext.telnet", "Telnet service exposed", "CWE-319", 23, "Banner: Debian GNU/Linux 9 login:",
     "Disable telnet and use SSH with key authentication."),
    ("services.version.outdated", "Outdated OpenSSH version", "CWE-1104", 22,
     "SSH-2.0-OpenSSH_7.4 (released 2016-12-19); the current release line is 9.x",
     "Upgrade OpenSSH to a supported release from the distribution's security updates."),
    ("services.version.outdated", "Outdated nginx version", "CWE-1104", 443,
     "Server: nginx/1.14.0; several CVEs fixed in later releases", "Upgrade nginx to a supported stable release."),
    ("ports.open.database", "Database port reachable from the network", "CWE-284", 5432,
     "TCP 5432 open; PostgreSQL answered an SSLRequest with 'S'", "Restrict the database port to the application "
     "hosts with a firewall or security group."),
    ("ports.open.database", "Redis reachable without authentication", "CWE-306", 6379,
     "PING answered +PONG without AUTH", "Bind Redis to localhost or a private network and require a password."),
    ("ports.open.admin", "Remote desktop port exposed", "CWE-284", 3389, "TCP 3389 open; RDP negotiation answered",
     "Expose RDP only through a VPN or a bastion host."),
    ("tls.protocol.tls10", "TLS 1.0 accepted", "CWE-327", 443, "ServerHello TLS 1.0 with TLS_RSA_WITH_AES_128_CBC_SHA",
     "Disable TLS 1.0 and 1.1; keep TLS 1.2 and 1.3."),
    ("tls.protocol.tls11", "TLS 1.1 accepted", "CWE-327", 443, "ServerHello TLS 1.1 with ECDHE-RSA-AES128-SHA",
     "Disable TLS 1.0 and 1.1; keep TLS 1.2 and 1.3."),
    ("tls.cert.expired", "Certificate expired", "CWE-298", 443,
     "notAfter=2025-03-01T00:00:00Z; subject CN=intranet.corp.example; issuer CN=Corp Issuing CA 2",
     "Renew the certificate and automate renewal (ACME)."),
    ("tls.cert.self_signed", "Self-signed certificate", "CWE-295", 8443, "subject == issuer: CN=localhost",
     "Use a certificate from a trusted CA, or an internal CA the clients trust."),
    ("tls.cipher.weak", "Weak cipher suites accepted", "CWE-327", 443,
     "TLS 1.2 accepts TLS_RSA_WITH_3DES_EDE_CBC_SHA and TLS_RSA_WITH_RC4_128_SHA",
     "Allow only AEAD suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305)."),
    ("headers.csp.missing", "Content-Security-Policy header missing", "CWE-693", 443,
     "GET / answered 200 without Content-Security-Policy", "Send a Content-Security-Policy that restricts "
     "script sources; start with report-only to find breakage."),
    ("headers.hsts.missing", "Strict-Transport-Security header missing", "CWE-319", 443,
     "GET / over https answered without Strict-Transport-Security",
     "Send Strict-Transport-Security: max-age=31536000; includeSubDomains."),
    ("headers.cookie.insecure", "Session cookie without Secure and HttpOnly", "CWE-614", 443,
     "Set-Cookie: JSESSIONID=...; Path=/", "Mark session cookies Secure, HttpOnly and SameSite=Lax."),
    ("web.xss.reflected", "Reflected cross-site scripting", "CWE-79", 443,
     "GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E reflected the payload unencoded in the HTML body",
     "Encode output for its HTML context and add a strict Content-Security-Policy."),
    ("web.sqli.error", "SQL injection (database error)", "CWE-89", 443,
     "GET /item?id=1' answered 500 with 'You have an error in your SQL syntax' in the body",
     "Use parameterised queries for every statement; never build SQL from request text."),
    ("web.path_traversal", "Path traversal", "CWE-22", 443, "GET /download?file=../../../../etc/passwd returned "
     "root:x:0:0:root:/root:/bin/bash", "Resolve file names against an allow-list, never from request paths."),
    ("web.exposed.git", "Exposed .git directory", "CWE-538", 443, "GET /.git/HEAD answered 200: ref: refs/heads/main",
     "Remove the .git directory from the web root and deny dot-files in the server configuration."),
    ("web.cors.wildcard", "CORS allows any origin with credentials", "CWE-942", 443,
     "Access-Control-Allow-Origin reflects https://evil.example with Access-Control-Allow-Credentials: true",
     "Allow only the application's own origins."),
    ("template.tech.wordpress-outdated", "Outdated WordPress", "CWE-1104", 443,
     "meta generator WordPress 5.2.4", "Update WordPress core and plugins."),
    ("template.exposure.phpinfo", "phpinfo() page exposed", "CWE-200", 80, "GET /phpinfo.php answered 200 with "
     "PHP Version 7.2.24", "Remove diagnostic pages from production."),
    ("observatory.grade", "HTTP Observatory grade F", "CWE-693", 443, "score 0/100: no CSP, no HSTS, no XFO",
     "Add the missing security headers; see the per-test findings."),
]


def _q(text):
    return "'" + text.replace("'", "''") + "'"


def _check_values():
    rows = []
    for n, (check_id, title, cwe, port, evidence, rec) in enumerate(CHECKS):
        module = "templates" if check_id.startswith("template.") else check_id.split(".")[0]
        refs = f'["https://cwe.mitre.org/data/definitions/{cwe[4:]}.html"]'
        rows.append(f"({n}, {_q(check_id)}, {_q(module)}, {_q(title)}, {_q(f'[{chr(34)}{cwe}{chr(34)}]')}, {port}, "
                    f"{_q(evidence)}, {_q(rec)}, {_q(refs)})")
    return ",\n".join(rows)


def expected_counts(n):
    """(findings with severity high, findings critical and fixed) among rows 1..n, as the SQL assigns them."""
    high = crit_fixed = 0
    for i in range(1, n + 1):
        rs = (i * SEV_MUL + SEV_ADD) % 100
        rt = (i * STATUS_MUL + STATUS_ADD) % 100
        if 5 <= rs < 18:
            high += 1
        if rs < 5 and 65 <= rt < 90:
            crit_fixed += 1
    return high, crit_fixed


class _Dialect:
    def __init__(self, name):
        self.name = name

    def hexp(self, expr, width):
        if self.name == "sqlite":
            return f"printf('%0{width}x', {expr})"
        return f"lpad(to_hex({expr}), {width}, '0')"

    def time(self, ms_expr):
        if self.name == "sqlite":
            return f"strftime('%Y-%m-%dT%H:%M:%fZ', ({ms_expr}) / 1000.0, 'unixepoch')"
        return (f"to_char(to_timestamp(({ms_expr}) / 1000.0) AT TIME ZONE 'UTC', "
                f"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")

    def least(self, a, b):
        return f"min({a}, {b})" if self.name == "sqlite" else f"LEAST({a}, {b})"

    def uuid7(self, ms_expr, n_expr):
        """UUIDv7-shaped text: 48 bits of ms time, version 7, variant 10, then bits that are unique per n."""
        h = self.hexp
        return (f"{h(f'({ms_expr}) / 65536', 8)} || '-' || {h(f'({ms_expr}) % 65536', 4)} || '-7' || "
                f"{h(f'({n_expr}) % 4096', 3)} || '-' || {h(f'32768 + ({n_expr}) * 40503 % 16384', 4)} || '-' || "
                f"{h(f'({n_expr}) * {HASH} % 281474976710656', 12)}")

    def series(self, n):
        if self.name == "sqlite":
            return f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})\n"
        return ""

    def series_from(self, n):
        return "seq" if self.name == "sqlite" else f"generate_series(1::bigint, {n}::bigint) AS seq(i)"


def seed_sql(dialect, org_id, user_id, findings, assets, now_ms, dropped_index_names):
    """The whole seeding script: temporary tables, assets, findings (with their indexes dropped first and re-created
    by the caller), then ANALYZE is left to the caller too. org_id/user_id are checked to be id text."""
    for value in (org_id, user_id):
        if not re.fullmatch(r"[0-9A-Za-z-]{1,64}", value):
            raise ValueError(f"unexpected id text {value!r}")
    d = _Dialect(dialect)
    day = 86_400_000
    dayx = "86400000" if dialect == "sqlite" else "86400000::bigint"  # int4 * int4 would overflow in PostgreSQL
    start_ms = now_ms - 400 * day
    step_ms = (400 * day) // max(findings, 1)
    sev_case = ("CASE " + " ".join(f"WHEN rs < {hi} THEN {_q(name)}" for name, _, hi in SEVERITIES[:-1]) +
                " ELSE 'info' END")
    rank_case = "CASE " + " ".join(f"WHEN rs < {hi} THEN {rank}" for _, rank, hi in SEVERITIES[:-1]) + " ELSE 0 END"
    status_case = ("CASE " + " ".join(f"WHEN rt < {hi} THEN {_q(name)}" for name, hi in STATUSES[:-1]) +
                   " ELSE 'false_positive' END")
    sla_case = "CASE " + " ".join(f"WHEN sr = {r} THEN {days}" for r, days in SLA_DAYS.items()) + " ELSE NULL END"
    active = "status IN ('open', 'triaged')"
    sql = [f"CREATE TEMP TABLE bench_checks (n INTEGER PRIMARY KEY, check_id TEXT, module TEXT, title TEXT, "
           "cwe TEXT, port INTEGER, evidence TEXT, recommendation TEXT, refs TEXT);",
           f"INSERT INTO bench_checks VALUES\n{_check_values()};"]
    for name in dropped_index_names:
        sql.append(f"DROP INDEX {name};")
    # Assets: 80 % hosts 10.x.y.z, 20 % web applications; numbered n so findings can pick one.
    sql.append(f"CREATE TEMP TABLE bench_assets (n INTEGER PRIMARY KEY, id TEXT, name TEXT);")
    asset_ms = f"({start_ms} + i * 1000)"
    name = (f"CASE WHEN i % 5 = 0 THEN 'https://app' || i || '.corp.example/' ELSE '10.' || (i / 65536 % 256) || "
            f"'.' || (i / 256 % 256) || '.' || (i % 256) END")
    sql.append(f"{d.series(assets)}INSERT INTO bench_assets (n, id, name) SELECT i - 1, {d.uuid7(asset_ms, 'i')}, "
               f"{name} FROM {d.series_from(assets)};")
    sql.append(f"""INSERT INTO assets (id, org_id, type, name, criticality, owner, environment, source, addresses,
    first_seen, last_seen, created_at, updated_at)
SELECT id, '{org_id}', CASE WHEN n % 5 = 4 THEN 'web' ELSE 'host' END, name,
    CASE WHEN n % 10 < 1 THEN 'critical' WHEN n % 10 < 3 THEN 'high' WHEN n % 10 < 7 THEN 'medium' ELSE 'low' END,
    CASE WHEN n % 3 = 0 THEN '' ELSE 'team-' || (n % 12) END,
    CASE n % 3 WHEN 0 THEN 'production' WHEN 1 THEN 'staging' ELSE 'development' END, 'scan',
    CASE WHEN n % 5 = 4 THEN '[]' ELSE '["' || name || '"]' END,
    {d.time(f'{start_ms} + n * 1000')}, {d.time(f'{now_ms} - (n % 30) * {dayx}')},
    {d.time(f'{start_ms} + n * 1000')}, {d.time(f'{now_ms} - (n % 30) * {dayx}')}
FROM bench_assets;""")
    # Findings: three nested SELECTs so each derived value is written once.
    inner = f"""SELECT i, (i * {SEV_MUL} + {SEV_ADD}) % 100 AS rs, (i * {STATUS_MUL} + {STATUS_ADD}) % 100 AS rt,
        (i * 31 + i / 97) % {len(CHECKS)} AS c, (i * {HASH}) % {assets} AS a,
        {start_ms} + i * {step_ms} AS created_ms FROM {d.series_from(findings)}"""
    middle = f"""SELECT x.*, {sev_case} AS severity, {rank_case} AS sr, {status_case} AS status,
        {d.least(f'x.created_ms + (x.i % 45) * {dayx}', str(now_ms - 60_000))} AS last_ms,
        {d.uuid7(f'{start_ms} + (x.i / 500) * 500 * {step_ms}', 'x.i / 500')} AS scan_id
    FROM ({inner}) x"""
    sql.append(f"""{d.series(findings)}INSERT INTO findings (id, org_id, fingerprint, check_id, module, title, severity,
    severity_rank, cvss_vector, cvss_score, cwe, cve, location, evidence, recommendation, refs, target, asset_id,
    status, regression, first_seen, last_seen, occurrences, first_scan_id, last_scan_id, fixed_scan_id, fixed_at,
    sla_due_at, sla_breached, assignee_id, accepted_until, justification, created_at, updated_at)
SELECT {d.uuid7('y.created_ms', 'y.i')}, '{org_id}',
    {d.hexp(f'y.i * {HASH} % 1152921504606846976', 16)} || {d.hexp('y.i * 40503 % 1152921504606846976', 16)} ||
        {d.hexp('y.a * 65599 + y.c', 16)} || {d.hexp('y.i', 16)},
    k.check_id, k.module, k.title, y.severity, y.sr,
    CASE WHEN y.sr >= 3 THEN 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N' ELSE '' END,
    CASE WHEN y.sr = 0 THEN NULL ELSE y.sr * 2.1 + (y.i % 10) / 10.0 END,
    k.cwe, CASE WHEN y.i % 50 = 0 THEN '["CVE-2023-' || (10000 + y.i % 40000) || '"]' ELSE '[]' END,
    CASE WHEN y.a % 5 = 4 THEN b.name || 'search?q=' || (y.i % 100) ELSE b.name || ':' || k.port END,
    k.evidence || ' (observed ' || y.occ || ' times)', k.recommendation, k.refs, b.name, b.id,
    y.status, CASE WHEN y.i % 97 = 0 THEN 1 ELSE 0 END,
    {d.time('y.created_ms')}, {d.time('y.last_ms')}, y.occ, y.scan_id, y.scan_id,
    CASE WHEN y.status = 'fixed' THEN y.scan_id END,
    CASE WHEN y.status = 'fixed' THEN {d.time(f'y.last_ms + {dayx}')} END,
    CASE WHEN y.due_ms IS NOT NULL THEN {d.time('y.due_ms')} END,
    CASE WHEN y.due_ms IS NOT NULL AND y.due_ms < {now_ms} THEN 1 ELSE 0 END,
    CASE WHEN y.i % 4 = 0 AND y.{active} THEN '{user_id}' END,
    CASE WHEN y.status = 'accepted_risk' THEN {d.time(f'{now_ms} + 90 * {dayx}')} END,
    CASE WHEN y.status IN ('accepted_risk', 'false_positive') THEN 'Compensating control: WAF rule 9421' ELSE '' END,
    {d.time('y.created_ms')}, {d.time('y.last_ms')}
FROM (SELECT m.*, 1 + m.i % 20 AS occ,
        CASE WHEN m.{active} AND m.sr > 0 THEN m.created_ms + ({sla_case.replace('sr =', 'm.sr =')}) * {dayx}
        END AS due_ms
      FROM ({middle}) m) y
JOIN bench_checks k ON k.n = y.c
JOIN bench_assets b ON b.n = y.a;""")
    sql.append("DROP TABLE bench_checks;")
    sql.append("DROP TABLE bench_assets;")
    return "\n".join(sql) + "\n"
