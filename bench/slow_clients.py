#!/usr/bin/python3
"""Slow and many clients (issue 14.5): does a normal client still get answers while many
connections are held open, with incidentd alone ("direct") and behind the production front
("nginx", deploy/nginx/incidentd.conf)?

Scenarios, each held while a normal client measures:
  quiet  nothing held (the baseline: what the front costs by itself)
  slow   --slow slowloris connections: each sends "GET / HTTP/1.1\\r\\n", then one header
         line a second, and never ends its head
  idle   --idle idle keep-alive connections: each sends one whole GET /healthz, reads the
         answer, then says nothing
A held connection that the server closes (or refuses) is opened again, so that the count
stays up (an attacker, or a browser, does that): a slow one after --reopen-slow (0.1 s), an
idle one after --reopen-idle (1 s; incidentd alone refuses most of 1,000, and reopening
them at once would be a storm of thousands of connects a second). "cut" counts the closes.

The normal client, once the held connections are established: --requests GET /healthz and
--requests GET /api/v1/tickets/{id} (signed in as stp.reporter), alternating, one every
--interval seconds, in two streams at once:
  new        a new connection for each request (Connection: close)
  keepalive  reuses its open connections, like a browser (a reused connection that the
             server has closed is retried once on a new one)
Each stream has at most 6 requests in flight (a browser's per-host limit). A request's time
runs from its scheduled start, so waiting for a free slot counts; no answer (status 200)
within --timeout seconds is a timeout, a closed or refused connection an error.

  bench/slow_clients.py --incidentd build/apps/incidentd/incidentd [--fronts direct,nginx]
      [--scenarios quiet,slow,idle] [--runs 3] [--requests 200] [--check]

Prints a table per run, the medians over runs, and one line `SUMMARY {json}`. With --check,
exits 1 unless every measured row has p99 < --max-p99 s and no timeout or error, and every
held connection was established; with --slow-cut-within S also unless the server cut every
slow connection, after at most S seconds (median). CTest runs the nginx scenarios this way
(bench/CMakeLists.txt); `--fronts direct --check` fails. Exit 2 when nginx
is wanted and not installed (scripts/setup installs it). Only 127.0.0.1 is ever a target.
"""

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
from collections import Counter
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support", "python"))
from incidents_proc import Incidentd, free_port, login, new_ticket, wait_healthy  # noqa: E402

HOST = "127.0.0.1"
USER = "stp.reporter"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "deploy", "nginx", "incidentd.conf")
SLOTS = 6          # requests in flight per stream of the normal client


# --- the front --------------------------------------------------------------------------

def find_nginx():
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


class Nginx:
    """nginx in the foreground on a free port of 127.0.0.1 (`port`) with incidentd on
    `upstream_port` as its upstream; everything of its own in `prefix`. This one runs the
    shipped plain-HTTP template; bench/tls_front.py's TlsFront runs the TLS site file."""

    LOGS = ("stderr.log", "error.log")  # under prefix/logs, shown by log_tail

    def __init__(self, binary, prefix, upstream_port):
        self.binary, self.prefix = binary, prefix
        self.logs = os.path.join(prefix, "logs")
        self.port = free_port()
        os.makedirs(self.logs, exist_ok=True)
        os.makedirs(os.path.join(prefix, "tmp"), exist_ok=True)
        self.conf = os.path.join(prefix, "nginx.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(self.config(upstream_port))
        self.proc = None

    def config(self, upstream_port):
        """The nginx.conf to run (called once, from the constructor)."""
        with open(TEMPLATE, encoding="utf-8") as f:
            conf = f.read()
        return conf.replace("@LISTEN@", f"{HOST}:{self.port}").replace("@UPSTREAM@", f"{HOST}:{upstream_port}")

    def start(self, within=10):
        log = open(os.path.join(self.logs, "stderr.log"), "ab")
        self.proc = subprocess.Popen([self.binary, "-p", self.prefix + "/", "-c", self.conf, "-g", "daemon off;"],
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.wait_ready(within)

    def wait_ready(self, within):
        wait_healthy(self.proc, self.port, "nginx", self.log_tail, within)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self):
        out = []
        for name in self.LOGS:
            try:
                with open(os.path.join(self.logs, name), "rb") as f:
                    out.append(b"\n".join(f.read().splitlines()[-20:]).decode("utf-8", "replace"))
            except OSError:
                pass
        return "\n".join(out) or "(no log)"


# --- HTTP over asyncio streams ----------------------------------------------------------

async def read_response(reader):
    """(status, reusable) of one response; raises IncompleteReadError when the peer closes."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection", "").lower() != "close"


def request_bytes(port, path, token=None, close=False):
    h = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
    if token:
        h += f"Authorization: Bearer {token}\r\n"
    if close:
        h += "Connection: close\r\n"
    return (h + "\r\n").encode()


def close_quietly(writer):
    try:
        writer.close()
    except Exception:  # noqa: BLE001 - already closed or reset
        pass


# --- held connections -------------------------------------------------------------------

class Held:
    """Counters of one kind of held connection (touched by the event loop only)."""

    def __init__(self, wanted, reopen_after):
        self.wanted, self.reopen_after = wanted, reopen_after
        self.open = 0          # connected now (slow) / connected and answered now (idle)
        self.cut = 0           # closed by the server
        self.lifetimes = []    # seconds from connect to the server's close, of each cut slow one
        self.failed = 0        # connects that failed
        self.samples = []      # `open`, every 0.1 s while the normal client measures

    def sample(self):
        self.samples.append(self.open)


async def wait_closed_or(reader, stop, seconds):
    """True when the peer closed (or reset) the connection within `seconds` (math.inf: no
    limit) and before `stop` was set; any bytes it sends (a 408, say) are read and dropped."""
    end = time.monotonic() + seconds
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return False
            read = asyncio.ensure_future(reader.read(4096))
            done, _ = await asyncio.wait({read, stopping}, timeout=None if math.isinf(left) else left,
                                         return_when=asyncio.FIRST_COMPLETED)
            if read not in done:
                read.cancel()
                return False
            try:
                if not read.result():
                    return True
            except OSError:
                return True
        return False
    finally:
        stopping.cancel()


async def slow_holder(port, held, stop):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            held.failed += 1
            await asyncio.sleep(held.reopen_after)
            continue
        held.open += 1
        connected, closed = time.monotonic(), False
        try:
            writer.write(b"GET / HTTP/1.1\r\n")
            line = 0
            while not stop.is_set():
                await writer.drain()
                if await wait_closed_or(reader, stop, 1.0):
                    closed = True
                    break
                writer.write(f"X-Slow-{line}: {line}\r\n".encode())
                line += 1
        except OSError:
            closed = True
        finally:
            held.open -= 1
            close_quietly(writer)
        if closed and not stop.is_set():
            held.cut += 1
            held.lifetimes.append(time.monotonic() - connected)
            await asyncio.sleep(held.reopen_after)


async def idle_holder(port, held, stop):
    while not stop.is_set():
        answered = False
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            held.failed += 1
            await asyncio.sleep(held.reopen_after)
            continue
        try:
            writer.write(request_bytes(port, "/healthz"))
            await writer.drain()
            read = asyncio.ensure_future(read_response(reader))
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({read, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not read.done():
                read.cancel()
                break
            read.result()
            answered = True
            held.open += 1
            await wait_closed_or(reader, stop, math.inf)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError, asyncio.LimitOverrunError):
            pass
        finally:
            if answered:
                held.open -= 1
            close_quietly(writer)
        if not stop.is_set():
            held.cut += 1
            await asyncio.sleep(held.reopen_after)


# --- the normal client ------------------------------------------------------------------

class Stream:
    """One stream of the normal client: `new` or `keepalive` connections."""

    def __init__(self, port, mode, token, ticket, timeout):
        self.port, self.mode, self.timeout = port, mode, timeout
        close = mode == "new"
        self.requests = {"healthz": request_bytes(port, "/healthz", close=close),
                         "ticket": request_bytes(port, f"/api/v1/tickets/{ticket}", token=token, close=close)}
        self.slots = asyncio.Semaphore(SLOTS)
        self.idle = []  # open connections (keepalive)
        self.results = []  # (kind, seconds or None, outcome)

    async def exchange(self, kind):
        reused = self.mode == "keepalive" and bool(self.idle)
        reader, writer = self.idle.pop() if reused else await asyncio.open_connection(HOST, self.port)
        try:
            writer.write(self.requests[kind])
            await writer.drain()
            status, reusable = await read_response(reader)
        except (OSError, asyncio.IncompleteReadError) as e:
            close_quietly(writer)
            nothing_back = not isinstance(e, asyncio.IncompleteReadError) or not e.partial
            if reused and nothing_back:  # the server closed it while idle: once more, anew
                reader, writer = await asyncio.open_connection(HOST, self.port)
                try:
                    writer.write(self.requests[kind])
                    await writer.drain()
                    status, reusable = await read_response(reader)
                except BaseException:
                    close_quietly(writer)
                    raise
            else:
                raise
        except BaseException:  # cancelled by the timeout
            close_quietly(writer)
            raise
        if self.mode == "keepalive" and reusable:
            self.idle.append((reader, writer))
        else:
            close_quietly(writer)
        return status

    async def one(self, kind, scheduled):
        """One request whose time starts at `scheduled` (time.monotonic())."""
        await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
        outcome = "ok"
        try:
            await asyncio.wait_for(self.slots.acquire(), self.timeout - (time.monotonic() - scheduled))
        except asyncio.TimeoutError:
            self.results.append((kind, None, "timeout"))
            return
        try:
            left = self.timeout - (time.monotonic() - scheduled)
            status = await asyncio.wait_for(self.exchange(kind), max(left, 0.001))
            if status != 200:
                outcome = f"status {status}"
        except asyncio.TimeoutError:
            outcome = "timeout"
        except asyncio.IncompleteReadError:
            outcome = "closed"  # the server closed the connection without (a whole) answer
        except ConnectionResetError:
            outcome = "reset"
        except ConnectionRefusedError:
            outcome = "refused"
        except (OSError, ValueError, IndexError, asyncio.LimitOverrunError) as e:
            outcome = type(e).__name__
        finally:
            self.slots.release()
        elapsed = time.monotonic() - scheduled
        self.results.append((kind, elapsed if outcome == "ok" else None, outcome))

    def close(self):
        for _, w in self.idle:
            close_quietly(w)
        self.idle.clear()


def nearest_rank(sorted_values, q):
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def row_of(results, kind):
    """Figures of one kind: failures count as infinitely slow in the percentiles."""
    mine = [r for r in results if r[0] == kind]
    times = sorted(r[1] if r[1] is not None else math.inf for r in mine)
    return {"n": len(mine), "ok": sum(1 for r in mine if r[2] == "ok"),
            "timeouts": sum(1 for r in mine if r[2] == "timeout"),
            "errors": sum(1 for r in mine if r[2] not in ("ok", "timeout")),
            "error_kinds": dict(Counter(r[2] for r in mine if r[2] not in ("ok", "timeout"))),
            "p50": nearest_rank(times, 0.50), "p99": nearest_rank(times, 0.99), "max": times[-1]}


# --- one scenario -----------------------------------------------------------------------

async def run_scenario(port, scenario, a, token, ticket):
    stop = asyncio.Event()
    held, holders = None, []
    if scenario in ("slow", "idle"):
        held = Held(a.slow, a.reopen_slow) if scenario == "slow" else Held(a.idle, a.reopen_idle)
        holder = slow_holder if scenario == "slow" else idle_holder
        holders = [asyncio.ensure_future(holder(port, held, stop)) for _ in range(held.wanted)]
        deadline = time.monotonic() + a.settle
        while held.open < held.wanted and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # let the server take them in
    at_start = held.open if held else None
    cut_before = held.cut if held else 0

    streams = [Stream(port, mode, token, ticket, a.timeout) for mode in a.modes]
    t0 = time.monotonic() + 0.05
    tasks = []
    for s_index, stream in enumerate(streams):
        offset = s_index * a.interval / len(streams)
        for i in range(2 * a.requests):
            kind = "healthz" if i % 2 == 0 else "ticket"
            tasks.append(asyncio.ensure_future(stream.one(kind, t0 + offset + i * a.interval)))
    measuring = asyncio.ensure_future(asyncio.gather(*tasks))
    while not measuring.done():
        if held:
            held.sample()
        await asyncio.sleep(0.1)
    await measuring
    for s in streams:
        s.close()

    stop.set()
    if holders:
        await asyncio.wait(holders, timeout=10)
        for h in holders:
            h.cancel()
    rows = {s.mode: {kind: row_of(s.results, kind) for kind in ("healthz", "ticket")} for s in streams}
    holding = None
    if held:
        holding = {"kind": scenario, "wanted": held.wanted, "open_at_start": at_start,
                   "min_open": min(held.samples), "mean_open": round(statistics.mean(held.samples)),
                   "cut_while_measuring": held.cut - cut_before, "connect_failures": held.failed,
                   "cut_total": held.cut,
                   "median_life_s": round(statistics.median(held.lifetimes), 1) if held.lifetimes else None}
    return rows, holding


def wait_quiet(port, within=30):
    """Waits until the server answers /healthz again after a scenario (direct: the threads
    free themselves as the held connections close)."""
    deadline = time.time() + within
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def run_front(front, a, nginx_binary, tmp, run_index):
    workdir = os.path.join(tmp, f"{front}-{run_index}")
    os.makedirs(workdir, exist_ok=True)
    # As deployed behind the front (docs/deployment-front.md): its X-Forwarded-For is believed.
    extra = ["--set", "http.trusted_proxies=127.0.0.1"] if front == "nginx" else []
    server = Incidentd(a.incidentd, a.root, f"sqlite:{os.path.join(workdir, 'incidents.db')}",
                       os.path.join(workdir, "incidentd.log"), extra=extra)
    nginx = None
    server.start(demo=True)
    try:
        token = login(server.port, USER)
        ticket = new_ticket(server.port, token, "Phiếu đo máy khách chậm")
        port = server.port
        if front == "nginx":
            nginx = Nginx(nginx_binary, os.path.join(workdir, "nginx"), server.port)
            nginx.start()
            port = nginx.port
        out = {}
        for scenario in a.scenarios:
            if not wait_quiet(port):
                raise RuntimeError(f"{front}: /healthz does not answer before the {scenario} scenario")
            rows, holding = asyncio.run(run_scenario(port, scenario, a, token, ticket))
            out[scenario] = {"rows": rows, "held": holding}
            print_scenario(front, scenario, rows, holding)
        return out
    finally:
        if nginx:
            nginx.stop()
        server.stop()


# --- output -----------------------------------------------------------------------------

def ms(v):
    return "fail" if v is None or v == math.inf else f"{v * 1000:.1f}"


def print_scenario(front, scenario, rows, holding):
    if holding:
        print(f"  {front} {scenario}: held {holding['wanted']} wanted, {holding['open_at_start']} open when the "
              f"client started, {holding['mean_open']} on average ({holding['min_open']} at least) while it measured, "
              f"{holding['cut_while_measuring']} cut by the server meanwhile"
              + (f" (a slow one lived {holding['median_life_s']} s, median)" if holding["median_life_s"] else "") + ", "
              f"{holding['connect_failures']} connects failed", flush=True)
    for mode, kinds in rows.items():
        for kind, r in kinds.items():
            print(f"  {front:6} {scenario:6} {mode:9} {kind:8} n={r['n']:4} ok={r['ok']:4} timeouts={r['timeouts']:4} "
                  f"errors={r['errors']:4}  p50={ms(r['p50']):>7} ms  p99={ms(r['p99']):>7} ms  "
                  f"max={ms(r['max']):>7} ms"
                  + (f"  ({', '.join(f'{k} {v}' for k, v in r['error_kinds'].items())})" if r["errors"] else ""),
                  flush=True)


def median_rows(runs):
    """Per front/scenario/mode/kind: the median over runs of each figure."""
    out = {}
    for front in runs[0]:
        for scenario in runs[0][front]:
            for mode, kinds in runs[0][front][scenario]["rows"].items():
                for kind in kinds:
                    each = [r[front][scenario]["rows"][mode][kind] for r in runs]
                    out[(front, scenario, mode, kind)] = {
                        k: statistics.median(e[k] for e in each) for k in ("n", "ok", "timeouts", "errors", "p50",
                                                                           "p99", "max")}
    return out


def summary_row(r):
    """A median row for SUMMARY: counts, and times in ms (null: the request failed)."""
    out = {k: r[k] for k in ("n", "ok", "timeouts", "errors")}
    for k in ("p50", "p99", "max"):
        out[k + "_ms"] = None if math.isinf(r[k]) else round(r[k] * 1000, 1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--root", default=ROOT, help="incidentd's working directory (web/, config/)")
    ap.add_argument("--nginx", default=None, help="default: nginx on PATH or /usr/sbin/nginx")
    ap.add_argument("--fronts", default="direct,nginx")
    ap.add_argument("--scenarios", default="quiet,slow,idle")
    ap.add_argument("--modes", default="new,keepalive")
    ap.add_argument("--slow", type=int, default=200)
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=200, help="of each kind (healthz, ticket) per stream")
    ap.add_argument("--interval", type=float, default=0.025, help="seconds between two requests of a stream")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--reopen-slow", type=float, default=0.1,
                    help="seconds before a slow connection that the server closed is opened again")
    ap.add_argument("--reopen-idle", type=float, default=1.0,
                    help="seconds before an idle connection that the server closed (or refused) is opened again")
    ap.add_argument("--settle", type=float, default=8.0, help="seconds to wait for the held connections")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--max-p99", type=float, default=1.0)
    ap.add_argument("--slow-cut-within", type=float, default=None,
                    help="with --check: every slow connection must also have been cut by the server, after "
                         "this many seconds at most (median); the front's client_header_timeout")
    ap.add_argument("--tmp", default=None, help="kept; default: a new folder, removed unless a check failed")
    a = ap.parse_args()
    a.fronts = [f for f in a.fronts.split(",") if f]
    a.scenarios = [s for s in a.scenarios.split(",") if s]
    a.modes = [m for m in a.modes.split(",") if m]
    if set(a.fronts) - {"direct", "nginx"} or set(a.scenarios) - {"quiet", "slow", "idle"} \
            or set(a.modes) - {"new", "keepalive"} or not (a.fronts and a.scenarios and a.modes):
        ap.error("fronts: direct,nginx; scenarios: quiet,slow,idle; modes: new,keepalive")

    nginx_binary = a.nginx or find_nginx()
    if "nginx" in a.fronts and not (nginx_binary and os.access(nginx_binary, os.X_OK)):
        print(f"slow_clients: nginx is not installed ({nginx_binary or 'not on PATH, no /usr/sbin/nginx'}): run "
              f"scripts/setup (the production front, deploy/nginx)", file=sys.stderr)
        sys.exit(2)

    # Held connections, the client's and the servers' (which inherit the limit) descriptors.
    need = max(a.slow, a.idle) * 2 + 4 * SLOTS + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        want = need if hard == resource.RLIM_INFINITY else min(hard, max(need, 16384))
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        if want < need:
            print(f"slow_clients: need {need} file descriptors, the hard limit is {hard}", file=sys.stderr)
            sys.exit(2)

    tmp = a.tmp or tempfile.mkdtemp(prefix="slow-clients-")
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o755)  # nginx's workers (www-data under root) reach their tmp/ through it
    load = os.getloadavg()
    print(f"slow_clients: {', '.join(a.fronts)}; scenarios {', '.join(a.scenarios)}; {a.slow} slow, {a.idle} idle; "
          f"{a.requests} healthz + {a.requests} ticket GETs per stream ({', '.join(a.modes)}), one every "
          f"{a.interval} s, timeout {a.timeout} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} cores; files in {tmp}", flush=True)

    runs = []
    for i in range(a.runs):
        print(f"run {i + 1}/{a.runs}", flush=True)
        runs.append({front: run_front(front, a, nginx_binary, tmp, i + 1) for front in a.fronts})

    medians = median_rows(runs)
    if a.runs > 1:
        print(f"medians over {a.runs} runs:")
        for (front, scenario, mode, kind), r in medians.items():
            print(f"  {front:6} {scenario:6} {mode:9} {kind:8} timeouts={r['timeouts']:g} errors={r['errors']:g}  "
                  f"p50={ms(r['p50']):>7} ms  p99={ms(r['p99']):>7} ms  max={ms(r['max']):>7} ms")

    failures = []
    if a.check:
        for i, run in enumerate(runs):
            for front, scenarios in run.items():
                for scenario, res in scenarios.items():
                    h = res["held"]
                    if h and scenario == "slow" and a.slow_cut_within is not None and (
                            h["cut_total"] < h["wanted"] or h["median_life_s"] > a.slow_cut_within):
                        failures.append(f"run {i + 1} {front} slow: {h['cut_total']} of {h['wanted']} slow connections "
                                        f"were cut by the server, after {h['median_life_s']} s (median); want all, "
                                        f"within {a.slow_cut_within:g} s")
                    if h and h["open_at_start"] < h["wanted"]:
                        failures.append(f"run {i + 1} {front} {scenario}: only {h['open_at_start']} of "
                                        f"{h['wanted']} held connections were established")
                    for mode, kinds in res["rows"].items():
                        for kind, r in kinds.items():
                            if r["timeouts"] or r["errors"] or r["p99"] >= a.max_p99:
                                failures.append(f"run {i + 1} {front} {scenario} {mode} {kind}: p99 {ms(r['p99'])} "
                                                f"ms, {r['timeouts']} timeouts, {r['errors']} errors (want p99 < "
                                                f"{a.max_p99 * 1000:g} ms, none failed)")

    summary = {"load_before": [round(x, 2) for x in load], "runs": a.runs, "slow": a.slow, "idle": a.idle,
               "requests": a.requests, "interval": a.interval, "timeout": a.timeout,
               "held": [{"run": i + 1, "front": f, "scenario": s, **res["held"]}
                        for i, run in enumerate(runs) for f, sc in run.items() for s, res in sc.items() if res["held"]],
               "medians": [{"front": f, "scenario": s, "mode": m, "kind": k, **summary_row(r)}
                           for (f, s, m, k), r in medians.items()],
               "check": None if not a.check else {"passed": not failures, "failures": failures}}
    print("SUMMARY " + json.dumps(summary, separators=(",", ":")), flush=True)
    if not a.tmp and not failures:
        shutil.rmtree(tmp, ignore_errors=True)  # kept (logs, databases) when a check failed
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
