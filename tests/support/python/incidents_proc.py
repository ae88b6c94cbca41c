"""incidentd as a child process, and plain HTTP calls to it, for the Python harnesses
(bench/idempotency_kill_bench.py, tests/faults/faults_test.py).

Only 127.0.0.1 is ever a target. Python's standard library only, so that /usr/bin/python3
runs it without extra modules. Not thread-safe per Incidentd object; call() is.
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

DEMO_PASSWORD = "demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(proc, port, name, log_tail, within):
    """Waits until 127.0.0.1:`port` answers GET /healthz; raises RuntimeError (with
    `log_tail()`) if `proc` exits first or nothing answers within `within` seconds."""
    deadline = time.time() + within
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log_tail()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not answer /healthz within {within} s:\n{log_tail()}")


class Incidentd:
    """One incidentd on a fixed port of 127.0.0.1 (picked free), restartable on the same port
    and database. `extra` are more command-line arguments (e.g. ["--set", "k=v"])."""

    def __init__(self, binary, root, database, log_path, extra=(), port=None):
        self.binary, self.root, self.database, self.log_path = os.path.abspath(binary), root, database, log_path
        self.extra = list(extra)
        self.port = port or free_port()
        self.proc = None

    def start(self, demo, within=30):
        """Starts it and waits for /healthz; raises RuntimeError (with the log's tail) if it
        exits or does not answer within `within` seconds."""
        log = open(self.log_path, "ab")
        args = [self.binary, "--listen", f"127.0.0.1:{self.port}", "--database", self.database] + self.extra
        if demo:
            args.append("--demo")
        self.proc = subprocess.Popen(args, cwd=self.root, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_healthy(self.proc, self.port, "incidentd", self.log_tail, within)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self, within=20):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(within)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"


def call(port, method, path, body=None, token=None, key=None, timeout=10):
    """(status, headers, body bytes); status 0 when there was no answer within `timeout`."""
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


def login(port, username):
    """A session token for a demo user; raises RuntimeError if sign-in fails."""
    status, _, body = call(port, "POST", "/api/v1/sessions", {"username": username, "password": DEMO_PASSWORD})
    if status != 201:
        raise RuntimeError(f"sign-in as {username}: {status} {body[:200]!r}")
    return json.loads(body)["token"]


def new_ticket(port, token, title):
    status, _, body = call(port, "POST", "/api/v1/tickets",
                           {"category": "data_discrepancy", "title": title,
                            "description": "Phiếu dùng cho kiểm thử sự cố và lỗi hệ thống.",
                            "parties": ["stnmt"], "priority": "normal"}, token=token)
    if status != 201:
        raise RuntimeError(f"create ticket: {status} {body[:200]!r}")
    return json.loads(body)["id"]


def comment_counts(port, token, ticket):
    """{comment body: how many comment events carry it} from the ticket's history."""
    status, _, body = call(port, "GET", f"/api/v1/tickets/{ticket}/history", token=token)
    if status != 200:
        raise RuntimeError(f"history of {ticket}: {status} {body[:200]!r}")
    counts = {}
    for e in json.loads(body)["items"]:
        if e["type"] == "comment":
            b = e["payload"]["body"]
            counts[b] = counts.get(b, 0) + 1
    return counts
