#!/usr/bin/env python3
"""WebSocket event latency, from emit to client: for every live event of a `scan:<id>` topic, the time the client
received the frame minus the event's `at`.

`at` is stamped by the server when the event is staged (scans/scan_event_log.cpp: FormatTime(clock.Now()) in the
transaction that stores it), so the figure covers storing the event, committing, publishing it on the event bus, the
hub, the session's send queue, the socket and the client's read. `at` is millisecond text, cut (not rounded), so
each sample over-states the latency by 0 to 1 ms (0.5 ms on average); client and server read the same clock.

Only live events count: a subscription first replays the stored events (frames before `subscribed`), and those are
reported apart (their age says when the client subscribed, not how fast the server is).

Standalone run: a fresh `palisade serve` (SQLite, 127.0.0.1, workers.threads=WORKER_THREADS), the scope set to
127.0.0.0/8, SCANS small HTTP servers on 127.0.0.11.. each with a silent port beside (platform_server.HttpFixtures:
the services module waits for its timeout there, so a scan lasts ~12 s and sends progress events), WebSocket
connections subscribed to every scan's topic right after the scan is created, SCANS scans with the `quick` profile
created one after the other, and the latency of every live event until all scans end. No other load.
scans_bench.py uses the same client to measure the latency under 100 concurrent scans and API load.

The client is a minimal RFC 6455 client on the standard library (no package needed): handshake with
`Authorization: Bearer`, masked text frames out, unmasked frames in, ping answered, fragments joined.

Loopback only. Exits non-zero only when the measurement is broken (handshake refused, a subscription refused, a scan
failing, no live event at all), never because a figure is high.

Usage: bench/ws_latency.py [--palisade build/release/palisade] [--scans 50] [--worker-threads 50]
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import shutil
import socket
import struct
import tempfile
import threading
import time

from platform_server import (HttpFixtures, Palisade, fail, machine_note, percentile, resolve_binary, run_main,
                             term_as_interrupt)

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TOPICS_PER_CONNECTION = 50  # the server allows 64 subscriptions per connection, and bursts of 64 subscribes


def parse_at(text):
    """'2026-01-02T03:04:05.678Z' -> seconds since the epoch (float)."""
    dt = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


class WsClient:
    """One WebSocket connection to /api/v1/ws. A reader thread records every text frame with its receive time."""

    def __init__(self, port, token, timeout=30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Authorization: Bearer {token}\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                fail("WebSocket: the server closed the connection during the handshake")
            buf += chunk
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            fail(f"WebSocket handshake refused: {lines[0]}")
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if not any(line.lower() == f"sec-websocket-accept: {accept.lower()}" for line in lines[1:]):
            fail("WebSocket handshake: wrong or missing Sec-WebSocket-Accept")
        self.sock.settimeout(None)
        self.lock = threading.Lock()
        self.frames = []  # (receive time, parsed JSON)
        self.closed = None
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()

    def _recv_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        with self.lock:
            self.sock.sendall(head + mask + masked)

    def send_json(self, obj):
        self._send_frame(0x1, json.dumps(obj).encode())

    def _read_loop(self):
        message, message_op = b"", None
        try:
            while True:
                b0, b1 = self._recv_exact(2)
                opcode, fin, n = b0 & 0x0F, b0 & 0x80, b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self._recv_exact(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", self._recv_exact(8))[0]
                mask = self._recv_exact(4) if b1 & 0x80 else None
                payload = self._recv_exact(n)
                if mask:
                    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                if opcode == 0x9:  # ping
                    self._send_frame(0xA, payload)
                    continue
                if opcode == 0x8:  # close
                    self.closed = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    return
                if opcode in (0x1, 0x2):
                    message, message_op = payload, opcode
                elif opcode == 0x0:
                    message += payload
                else:
                    continue
                if fin and message_op == 0x1:
                    received = time.time()
                    self.frames.append((received, json.loads(message)))
                    message = b""
        except (ConnectionError, OSError, ValueError):
            if self.closed is None:
                self.closed = 1006

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.reader.join(timeout=5)


class EventLatency:
    """Subscribes scan topics over as many connections as needed and splits the frames into replayed and live."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.clients = []
        self.topics = []
        self.lock = threading.Lock()

    def subscribe(self, topic):
        """Thread-safe: scans may be created (and subscribed) from several threads."""
        with self.lock:
            if not self.clients or len(self.topics) % TOPICS_PER_CONNECTION == 0:
                self.clients.append(WsClient(self.port, self.token))
            self.topics.append(topic)
            self.clients[-1].send_json({"op": "subscribe", "topic": topic})

    def close(self):
        for c in self.clients:
            c.close()

    def settle(self, timeout=15):
        """Waits (bounded) until every subscription is confirmed and every topic has seen its final state event:
        the final `state` event is published after the scan's row is updated, so it may trail the API by a little."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = self.analyse(strict=False)
            if r["confirmed"] == len(self.topics) and len(r["ended"]) == len(self.topics):
                break
            time.sleep(0.05)

    def analyse(self, strict=True):
        """Returns {live: [ms...], replayed, by_type: {type: [ms]}, ended: set(topics with a final state),
        confirmed: subscriptions confirmed}. strict: a missing confirmation or a closed connection fails."""
        live, by_type, replayed, ended, subscribed = [], {}, 0, set(), set()
        for c in self.clients:
            if strict and c.closed not in (None, 1000):
                fail(f"a WebSocket connection was closed by the server with {c.closed}")
            for received, frame in list(c.frames):
                topic, kind = frame.get("topic"), frame.get("type")
                if kind == "error":
                    fail(f"WebSocket error frame: {frame}")
                if kind == "subscribed":
                    subscribed.add(topic)
                    continue
                if kind in ("unsubscribed", "pong") or "seq" not in frame:
                    continue
                if kind == "state" and (frame.get("data") or {}).get("state") in ("done", "failed", "cancelled"):
                    ended.add(topic)
                if topic not in subscribed:
                    replayed += 1
                    continue
                ms = (received - parse_at(frame["at"])) * 1000.0
                live.append(ms)
                by_type.setdefault(kind, []).append(ms)
        missing = set(self.topics) - subscribed
        if strict and missing:
            fail(f"{len(missing)} subscriptions were not confirmed, e.g. {sorted(missing)[:2]}")
        return {"live": live, "by_type": by_type, "replayed": replayed, "ended": ended,
                "confirmed": len(self.topics) - len(missing)}


def summary(values):
    if not values:
        return "no samples"
    return (f"n={len(values)}  p50 {percentile(values, 50):.1f} ms  p99 {percentile(values, 99):.1f} ms  "
            f"max {max(values):.1f} ms")


def print_latency(result, title):
    print(f"{title}: {summary(result['live'])}  (replayed, not counted: {result['replayed']})")
    for kind, values in sorted(result["by_type"].items()):
        print(f"  {kind:<16} {summary(values)}")
    print("  resolution: `at` is millisecond text (truncated): each sample is 0-1 ms above the true latency")


def set_scope(server, token):
    server.api("PUT", "/api/v1/orgs/current/scope", {"domains": [], "cidrs": ["127.0.0.0/8"]}, token)


def wait_scans(server, token, ids, timeout):
    """Polls GET /api/v1/scans until every scan of ids has ended; returns {id: scan JSON} and the end time."""
    wanted, deadline = set(ids), time.monotonic() + timeout
    while True:
        page = server.api("GET", "/api/v1/scans?limit=200", token=token)
        states = {s["id"]: s for s in page["items"] if s["id"] in wanted}
        if len(states) == len(wanted) and all(s["state"] in ("done", "failed", "cancelled") for s in states.values()):
            return states, time.monotonic()
        if time.monotonic() > deadline:
            running = sum(1 for s in states.values() if s["state"] in ("queued", "running"))
            fail(f"{running} scans had not ended after {timeout} s")
        if not server.alive():
            fail(f"palisade died during the scans:\n{server.log_tail()}")
        time.sleep(0.25)


def check_scans(states):
    bad = {i: s for i, s in states.items() if s["state"] != "done"}
    if bad:
        sample = next(iter(bad.values()))
        fail(f"{len(bad)} scans did not end done, e.g. {sample['state']}: {sample.get('error')}")


def main():
    term_as_interrupt()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--palisade", default="build/release/palisade")
    p.add_argument("--scans", type=int, default=50)
    p.add_argument("--worker-threads", type=int, default=50)
    p.add_argument("--timeout", type=int, default=600, help="seconds to wait for the scans")
    args = p.parse_args()
    binary = resolve_binary(args.palisade)
    work = tempfile.mkdtemp(prefix="palisade-ws.")
    try:
        with HttpFixtures(args.scans, silent=True) as fixtures, \
                Palisade(binary, work, f"sqlite://{work}/p.db", [f"workers.threads={args.worker_threads}"]) as srv:
            srv.start()
            token = srv.login()
            set_scope(srv, token)
            events = EventLatency(srv.port, token)
            ids = []
            t0 = time.monotonic()
            for address in fixtures.addresses:
                scan = srv.api("POST", "/api/v1/scans", {"targets": [address], "profile": "quick"}, token,
                               expect=(202,))
                ids.append(scan["id"])
                events.subscribe(f"scan:{scan['id']}")
            states, t_end = wait_scans(srv, token, ids, args.timeout)
            check_scans(states)
            events.settle()
            result = events.analyse()
            events.close()
            if not result["live"]:
                fail("no live event was received")
            print()
            print(f"Palisade WebSocket latency — {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
            print(f"  binary:  {binary}")
            print(f"  machine: {machine_note()} (at the report)")
            print(f"  run:     {args.scans} scans, profile quick, workers.threads={args.worker_threads}, SQLite; "
                  f"all ended in {t_end - t0:.1f} s; fixtures 127.0.0.11.. ports {fixtures.port} (HTTP) and "
                  f"{fixtures.silent_port} (silent)")
            print(f"  ended:   {len(result['ended'])}/{len(ids)} topics saw their final state event")
            print()
            print_latency(result, "emit -> client")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_main(main)
