#!/usr/bin/env python3
"""Idempotency-Key under SIGKILL (issue 14.3): writers post comments with keys, incidentd is
SIGKILLed at a random moment and restarted on the same database, and every key is retried.

The answer of a request commits with its event, so after the restart each key's retry must:
  - replay the first answer when the event committed (byte for byte, for acknowledged keys);
  - run the command for the first time when it never committed;
  - or be 409 while the dead request's claim is still in flight, and then the event must not
    be in the history (a committed event carries its answer).
Counted per cycle: requests, acknowledged, replayed (of which the client had no answer),
first runs, still in flight; and the failures: duplicated events (one key, two events),
lost acknowledged events, committed events whose key is still in flight (the old bug).
Exit status 1 when any failure was seen.

  bench/idempotency_kill_bench.py --incidentd build/apps/incidentd/incidentd [--cycles 3]
      [--writers 8] [--database sqlite:/tmp/x.db | mysql://...] [--tmp DIR]
"""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

USER = "stp.reporter"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, root, database, port, log_path):
        self.binary, self.root, self.database, self.port, self.log_path = binary, root, database, port, log_path
        self.proc = None

    def start(self, demo):
        log = open(self.log_path, "ab")
        args = [self.binary, "--listen", f"127.0.0.1:{self.port}", "--database", self.database]
        if demo:
            args.append("--demo")
        self.proc = subprocess.Popen(args, cwd=self.root, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"incidentd exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        sys.exit(f"incidentd did not answer /healthz within 20 s; see {self.log_path}")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)


def call(port, method, path, body=None, token=None, key=None, timeout=10):
    """(status, headers, body); status 0 when there was no answer."""
    data = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if key:
        req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
    except OSError:
        return 0, {}, b""


def comment_counts(port, token, ticket):
    status, _, body = call(port, "GET", f"/api/v1/tickets/{ticket}/history", token=token)
    if status != 200:
        sys.exit(f"history of {ticket}: {status}")
    counts = {}
    for e in json.loads(body)["items"]:
        if e["type"] == "comment":
            b = e["payload"]["body"]
            counts[b] = counts.get(b, 0) + 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--tmp", default=None)
    ap.add_argument("--database", default=None, help="default: sqlite:TMP/kill.db")
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args()
    tmp = a.tmp or tempfile.mkdtemp(prefix="idempotency-kill-")
    os.makedirs(tmp, exist_ok=True)
    database = a.database or f"sqlite:{os.path.join(tmp, 'kill.db')}"
    rng = random.Random(a.seed)
    server = Server(os.path.abspath(a.incidentd), a.root, database, free_port(), os.path.join(tmp, "incidentd.log"))
    server.start(demo=True)
    try:
        status, _, body = call(server.port, "POST", "/api/v1/sessions", {"username": USER, "password": "demo"})
        if status != 201:
            sys.exit(f"login: {status} {body[:200]!r}")
        token = json.loads(body)["token"]
        tickets = []
        for w in range(a.writers):
            status, _, body = call(server.port, "POST", "/api/v1/tickets",
                                   {"category": "data_discrepancy", "title": f"Phiếu thử {w}",
                                    "description": "Kiểm thử Idempotency-Key khi tiến trình bị SIGKILL.",
                                    "parties": ["stnmt"], "priority": "normal"}, token=token)
            if status != 201:
                sys.exit(f"create ticket: {status} {body[:200]!r}")
            tickets.append(json.loads(body)["id"])

        totals = {"duplicated": 0, "lost": 0, "committed_in_flight": 0, "replayed_unanswered": 0}
        run_tag = f"{int(time.time())}"
        for cycle in range(a.cycles):
            sent, mu = [], threading.Lock()

            def writer(w):
                i = 0
                while True:
                    key = f"{run_tag}-c{cycle}-w{w}-{i}"
                    status, _, body = call(server.port, "POST", f"/api/v1/tickets/{tickets[w]}/events",
                                           {"type": "comment", "body": key}, token=token, key=key)
                    with mu:
                        sent.append((tickets[w], key, status, body))
                    if status != 200:
                        return
                    i += 1

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(a.writers)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.2, 1.0))
            server.kill()
            for t in threads:
                t.join()
            server.start(demo=False)

            retries = [call(server.port, "POST", f"/api/v1/tickets/{t}/events", {"type": "comment", "body": k},
                            token=token, key=k) for (t, k, _, _) in sent]
            counts = {t: comment_counts(server.port, token, t) for t in tickets}
            acked = replayed = unanswered_replayed = first_runs = in_flight = 0
            dup = lost = committed_in_flight = 0
            for (t, k, first_status, first_body), (status, headers, body) in zip(sent, retries):
                n = counts[t].get(k, 0)
                if n > 1:
                    dup += n - 1
                if first_status == 200:
                    acked += 1
                    if n == 0:
                        lost += 1
                    if status == 200 and body != first_body:
                        print(f"  {k}: replay differs from the first answer", file=sys.stderr)
                        lost += 1
                if status == 409:
                    in_flight += 1
                    if n > 0:
                        committed_in_flight += 1
                elif status == 200:
                    if headers.get("Idempotent-Replayed") == "true":
                        replayed += 1
                        if first_status != 200:
                            unanswered_replayed += 1
                    else:
                        first_runs += 1
                else:
                    print(f"  {k}: retry answered {status} {body[:200]!r}", file=sys.stderr)
            print(f"cycle {cycle + 1}/{a.cycles}: {len(sent)} requests, {acked} acknowledged; after the restart "
                  f"{replayed} replayed ({unanswered_replayed} of them had no answer), {first_runs} ran for the "
                  f"first time, {in_flight} still in flight; duplicated {dup}, lost {lost}, committed but in "
                  f"flight {committed_in_flight}", flush=True)
            totals["duplicated"] += dup
            totals["lost"] += lost
            totals["committed_in_flight"] += committed_in_flight
            totals["replayed_unanswered"] += unanswered_replayed
        print("total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
        failed = totals["duplicated"] or totals["lost"] or totals["committed_in_flight"]
    finally:
        server.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
