#!/usr/bin/python3
"""Many users at once through the production front (issue 17.5): --connections kept-alive
connections (1,000 by default) to nginx (deploy/nginx/incidentd.conf) in front of incidentd,
each one a user who sends a GET every --think seconds on average (exponential, so arrivals
are Poisson) for --seconds: /api/v1/tickets/{id} signed in (nine in ten) or /healthz. The
offered rate is connections / think (1,000 a second by default); it does not slow down when
the server does (open loop): a request's time runs from when it was due, so queueing in the
client counts too (no coordinated omission).

Each connection is opened with a first request of its own (unmeasured), as a browser's is:
nginx holds a connection that has sent nothing only client_header_timeout (10 s). A request
fails when the answer is not 200, the connection closes or is refused (the failure names the
exception), or no answer comes within --timeout seconds; a failed connection is opened again
for the user's next request. Printed per run: the connections established and the time to
open them, requests, failures by kind, the achieved rate and latency percentiles; then the
median over --runs and `SUMMARY {json}`.
With --check, exit 1 unless every run has 0 failures, every connection established, and p99
under --max-p99-ms.

  bench/front_many.py --incidentd build/apps/incidentd/incidentd [--connections 1000]
      [--think 1.0] [--seconds 20] [--runs 3] [--direct | --tls] [--check]

--direct measures incidentd without the front, for comparison (its http.threads, 64 by
default, each hold one connection: the rest wait in http.max_queued or are refused).
--tls goes through the production site file instead (deploy/nginx/datashare-incidents.site:
TLS, HTTP/2 offered; bench/tls_front.py): each connection pays its TLS handshake when it
opens (not counted in the latencies, which are the requests'), and every request and answer
is encrypted. The client speaks HTTP/1.1 (no ALPN), as a browser's fallback would.
Only 127.0.0.1 is ever a target; needs nginx (scripts/setup --test).
"""

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "support", "python"))
sys.path.insert(0, HERE)
from incidents_proc import Incidentd, login, new_ticket  # noqa: E402
from slow_clients import Nginx, find_nginx, read_response  # noqa: E402
from tls_front import TlsFront  # noqa: E402

HOST = "127.0.0.1"


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, max(0, int(q * len(sorted_values) + 0.5) - 1))]


class User:
    """One kept-alive connection and the requests it sends, one at a time."""

    def __init__(self, port, paths, token, think, until, timeout, results, tls=None):
        self.port, self.paths, self.token, self.think = port, paths, token, think
        self.until, self.timeout, self.results, self.tls = until, timeout, results, tls
        self.reader = self.writer = None

    async def connect(self):
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(HOST, self.port, ssl=self.tls, server_hostname=HOST if self.tls else None),
            self.timeout)

    async def warm(self):
        """One request as the connection opens, not measured: a user opens a connection to
        ask for something, and until its first request nginx holds it to client_header_timeout
        (10 s) instead of keepalive_timeout (60 s). Opening a thousand TLS connections one at a
        time can take longer than 10 s on a loaded machine."""
        self.writer.write(f"GET /healthz HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n\r\n".encode())
        status, reusable = await asyncio.wait_for(read_response(self.reader), self.timeout)
        if status != 200 or not reusable:
            raise OSError(f"the first request on the connection got {status}")

    def close(self):
        if self.writer:
            self.writer.close()
        self.reader = self.writer = None

    async def run(self, start_at):
        due = start_at + random.expovariate(1 / self.think)
        while due < self.until:
            await asyncio.sleep(max(0, due - time.monotonic()))
            path, signed = random.choice(self.paths)
            head = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
            if signed:
                head += f"Authorization: Bearer {self.token}\r\n"
            kind = "ok"
            try:
                if self.writer is None:
                    await self.connect()
                self.writer.write((head + "\r\n").encode())
                status, reusable = await asyncio.wait_for(read_response(self.reader), self.timeout)
                if status != 200:
                    kind = f"status {status}"
                if not reusable:
                    self.close()
            except asyncio.TimeoutError:
                kind = "timeout"
                self.close()
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
                kind = f"closed or refused ({type(e).__name__})"
                self.close()
            self.results.append((time.monotonic() - due, kind))
            due += random.expovariate(1 / self.think)
        self.close()


async def one_run(port, paths, token, a, tls=None):
    results = []
    users = []
    # Open every connection first (one at a time, as browsers arriving would, each with its
    # first request), then load.
    established = 0
    opening = time.monotonic()
    for i in range(a.connections):
        u = User(port, paths, token, a.think, 0, a.timeout, results, tls)
        try:
            await u.connect()
            await u.warm()
            established += 1
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            u.close()
        users.append(u)
    open_s = time.monotonic() - opening
    start = time.monotonic() + 0.5
    for u in users:
        u.until = start + a.seconds
    await asyncio.gather(*(u.run(start) for u in users))
    latencies = sorted(r[0] for r in results if r[1] == "ok")
    failures = {}
    for _, kind in results:
        if kind != "ok":
            failures[kind] = failures.get(kind, 0) + 1
    ms = lambda v: None if v is None else round(v * 1000, 1)
    return {"connections": established, "open_s": round(open_s, 1), "requests": len(results), "failures": failures,
            "failed": sum(failures.values()), "rate": round(len(results) / a.seconds),
            "p50_ms": ms(percentile(latencies, 0.50)), "p90_ms": ms(percentile(latencies, 0.90)),
            "p99_ms": ms(percentile(latencies, 0.99)), "max_ms": ms(latencies[-1] if latencies else None)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--incidentd", required=True)
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--think", type=float, default=1.0)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=10)
    via = p.add_mutually_exclusive_group()
    via.add_argument("--direct", action="store_true")
    via.add_argument("--tls", action="store_true")
    p.add_argument("--check", action="store_true")
    p.add_argument("--max-p99-ms", type=float, default=100)
    a = p.parse_args()
    # The client holds one descriptor per connection.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, a.connections * 2 + 256)), hard))
    nginx_binary = find_nginx()
    if not a.direct and not nginx_binary:
        print("nginx is not installed: scripts/setup --test", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="incidents-front-many.")
    server = Incidentd(a.incidentd, tmp, "sqlite:" + os.path.join(tmp, "incidents.db"),
                       os.path.join(tmp, "incidentd.log"),
                       extra=["--set", "reports.drafts.enabled=false", "--set", "http.trusted_proxies=127.0.0.1"])
    front = None
    tls = None
    if a.tls:
        # As behind the real front: its https address is the public one.
        front = TlsFront(nginx_binary, os.path.join(tmp, "nginx"), server.port)
        server.extra += ["--set", f"public_url=https://127.0.0.1:{front.port}"]
        tls = front.ssl_context()
    server.start(demo=True)
    try:
        token = login(server.port, "stp.reporter")
        tickets = [new_ticket(server.port, token, f"Phiếu thử {i}") for i in range(20)]
        paths = [(f"/api/v1/tickets/{t}", True) for t in tickets] + [("/healthz", False)] * 2
        port = server.port
        if not a.direct:
            if not front:
                front = Nginx(nginx_binary, os.path.join(tmp, "nginx"), server.port)
            front.start()
            port = front.port
        runs = []
        for i in range(a.runs):
            r = asyncio.run(one_run(port, paths, token, a, tls))
            runs.append(r)
            print(f"run {i + 1}: {json.dumps(r, ensure_ascii=False)}", flush=True)
        med = lambda k: statistics.median(r[k] for r in runs if r[k] is not None)
        summary = {"via": "direct" if a.direct else "nginx tls" if a.tls else "nginx", "connections": a.connections, "think_s": a.think,
                   "seconds": a.seconds, "runs": a.runs, "median_rate": med("rate"), "median_p50_ms": med("p50_ms"),
                   "median_p99_ms": med("p99_ms"), "max_ms": max(r["max_ms"] or 0 for r in runs),
                   "failed": sum(r["failed"] for r in runs),
                   "min_connections": min(r["connections"] for r in runs)}
        print("SUMMARY " + json.dumps(summary))
        if a.check:
            ok = (summary["failed"] == 0 and summary["min_connections"] == a.connections and
                  all(r["p99_ms"] is not None and r["p99_ms"] < a.max_p99_ms for r in runs))
            if not ok:
                print(f"CHECK FAILED: every run needs 0 failures, {a.connections} connections and p99 < "
                      f"{a.max_p99_ms} ms", file=sys.stderr)
                return 1
        return 0
    finally:
        if front:
            front.stop()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
