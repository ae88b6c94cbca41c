#!/usr/bin/env python3
"""The real incidentd on a database report_bench filled (issue 16): its start-up, a year's
report and searches through HTTP, and its memory.

  bench/report_server.py --incidentd build/apps/incidentd/incidentd --root . \\
      --database sqlite:/tmp/rb-1m.db [--runs 5]

report_bench seeds the demo directory without passwords, so this script writes two sign-in
sessions straight into the database (their tokens are random and only their SHA-256 is
stored, as incidentd stores its own). SQLite only: the MariaDB figures come from
report_bench itself.

Prints: the start (exec to "listening on"), each timed request's runs and median (GET of
the 2026 report grouped by category as DoICT and as an agency, the same as XLSX, searches,
the DoICT queue's list and one ticket), then incidentd's VmHWM (peak resident memory) and
VmRSS.
"""

import argparse
import hashlib
import http.client
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--root", default=".")
    ap.add_argument("--database", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not args.database.startswith("sqlite:"):
        sys.exit("report_server.py: SQLite databases only")
    path = args.database[len("sqlite:"):]

    tokens = {}
    db = sqlite3.connect(path)
    now = int(time.time())
    for user in ("stttt.coordinator", "stnmt.focal"):
        token = secrets.token_urlsafe(32)
        db.execute("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                   (hashlib.sha256(token.encode()).hexdigest(), user, now, now + 3600))
        tokens[user] = token
    db.commit()
    db.close()

    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="report-server-", suffix=".log", delete=False)
    t0 = time.monotonic()
    proc = subprocess.Popen([os.path.abspath(args.incidentd), "--database", args.database,
                             "--listen", f"127.0.0.1:{port}", "--set", "reports.drafts.enabled=false"],
                            cwd=args.root, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if proc.poll() is not None:
                sys.exit(open(log.name).read())
            if "listening on" in open(log.name).read():
                break
            time.sleep(0.05)
        started = time.monotonic() - t0
        print(f"incidentd: listening {started:.2f} s after exec; VmRSS {status_kb(proc.pid, 'VmRSS:')} kB")

        def timed(label, user, target):
            ms, size, status = [], 0, 0
            for _ in range(args.runs):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                t = time.monotonic()
                c.request("GET", target, headers={"Authorization": "Bearer " + tokens[user]})
                r = c.getresponse()
                body = r.read()
                ms.append((time.monotonic() - t) * 1000)
                size, status = len(body), r.status
                c.close()
            print(f"{label}: HTTP {status}, {size} bytes; " + " / ".join(f"{m:.1f}" for m in ms) +
                  f" ms; median {statistics.median(ms):.1f} ms")

        year = "/api/v1/reports/incidents?from=2026-01-01&to=2026-12-31&group_by=category"
        timed("report 2026 (DoICT)", "stttt.coordinator", year)
        timed("report 2026 (an agency)", "stnmt.focal", year)
        timed("report 2026 as XLSX (DoICT)", "stttt.coordinator", year + "&format=xlsx")
        timed("search 'sai lech', first page (DoICT)", "stttt.coordinator", "/api/v1/tickets?q=sai%20lech")
        timed("search 'sai lech', first page (an agency)", "stnmt.focal", "/api/v1/tickets?q=sai%20lech")
        timed("queue page's list: triage, first page", "stttt.coordinator", "/api/v1/tickets?state=triage")
        # One ticket as the ticket page reads it, the newest and the oldest (issue 17.5: against
        # the same on a nearly empty database, made by report_bench --tickets 100).
        for label, order in (("newest", "DESC"), ("oldest", "ASC")):
            db = sqlite3.connect(path)
            ticket = db.execute(f"SELECT id FROM tickets WHERE workflow = 'incident' ORDER BY rowid {order} LIMIT 1"
                                ).fetchone()[0]
            db.close()
            timed(f"ticket GET ({label})", "stttt.coordinator", f"/api/v1/tickets/{ticket}")
        print(f"incidentd: VmHWM {status_kb(proc.pid, 'VmHWM:')} kB, VmRSS {status_kb(proc.pid, 'VmRSS:')} kB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        os.unlink(log.name)


if __name__ == "__main__":
    main()
