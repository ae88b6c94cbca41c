#!/usr/bin/env python3
"""The real incidentd on a database report_bench filled (issue 16): its start-up, a year's
report and searches through HTTP, and its memory.

  bench/report_server.py --incidentd build/apps/incidentd/incidentd --root . \\
      --database sqlite:/tmp/rb-1m.db [--runs 5]

  bench/report_server.py --incidentd build/apps/incidentd/incidentd --root . \\
      --database mysql://app:apppw@127.0.0.1:PORT/appdb_bench [--runs 5]

report_bench seeds the demo directory without passwords, so this script writes two sign-in
sessions straight into the database (their tokens are random and only their SHA-256 is
stored, as incidentd stores its own): on SQLite through sqlite3, on MariaDB through the
`mariadb` command-line client (which must be installed; the URL's password reaches it in
MYSQL_PWD, never on a command line or in the output). incidentd gets the URL as given and
migrates the schema at its start if the database is behind, inside the timed start.

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
import shutil
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


class SqliteDatabase:
    """The database of a sqlite:PATH URL, read and written through sqlite3."""

    def __init__(self, url):
        self.path = url[len("sqlite:"):]

    def add_sessions(self, rows):
        db = sqlite3.connect(self.path)
        for row in rows:
            db.execute("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)", row)
        db.commit()
        db.close()

    def end_ticket(self, order):
        db = sqlite3.connect(self.path)
        ticket = db.execute(f"SELECT id FROM tickets WHERE workflow = 'incident' ORDER BY rowid {order} LIMIT 1"
                            ).fetchone()[0]
        db.close()
        return ticket


class MariadbDatabase:
    """The database of a mysql://USER:PASSWORD@HOST[:PORT][,...]/DB URL (the first node), read
    and written through the `mariadb` client. Parsed as incidentd parses it: the last '@'
    ends the credentials, the first ':' in them ends the user, nothing is percent-decoded."""

    def __init__(self, url):
        rest = url[len("mysql://"):]
        at = rest.rfind("@")
        slash = rest.find("/", max(at, 0))
        if at < 0 or slash < 0:
            sys.exit("report_server.py: the URL must look like mysql://USER:PASSWORD@HOST:PORT/DATABASE")
        self.user, _, self.password = rest[:at].partition(":")
        host, _, port = rest[at + 1:slash].split(",")[0].partition(":")
        self.host, self.port, self.name = host, port or "3306", rest[slash + 1:]

    def run(self, sql):
        """Runs `sql`; returns its output rows as lists of tab-separated fields."""
        env = dict(os.environ, MYSQL_PWD=self.password)
        out = subprocess.run(["mariadb", "--no-defaults", "--batch", "--skip-column-names", "-h", self.host,
                              "-P", self.port, "-u", self.user, self.name, "-e", sql],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"report_server.py: mariadb: {out.stderr.strip()}")
        return [line.split("\t") for line in out.stdout.splitlines()]

    def add_sessions(self, rows):
        # Every value is a hex digest, a known user name or a number: safe as literals.
        values = ", ".join(f"('{h}', '{u}', {c}, {e})" for h, u, c, e in rows)
        self.run(f"INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES {values}")

    def end_ticket(self, order):
        return self.run(f"SELECT id FROM tickets WHERE workflow = 'incident' ORDER BY pos {order} LIMIT 1")[0][0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--root", default=".")
    ap.add_argument("--database", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep-log", metavar="FILE", help="keep incidentd's log as FILE (default: deleted)")
    args = ap.parse_args()
    if args.database.startswith("sqlite:"):
        database = SqliteDatabase(args.database)
    elif args.database.startswith("mysql://"):
        database = MariadbDatabase(args.database)
    else:
        sys.exit("report_server.py: --database must be sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DB")

    tokens, sessions = {}, []
    now = int(time.time())
    for user in ("stttt.coordinator", "stnmt.focal"):
        token = secrets.token_urlsafe(32)
        sessions.append((hashlib.sha256(token.encode()).hexdigest(), user, now, now + 3600))
        tokens[user] = token
    database.add_sessions(sessions)

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
            ticket = database.end_ticket(order)
            timed(f"ticket GET ({label})", "stttt.coordinator", f"/api/v1/tickets/{ticket}")
        print(f"incidentd: VmHWM {status_kb(proc.pid, 'VmHWM:')} kB, VmRSS {status_kb(proc.pid, 'VmRSS:')} kB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if args.keep_log:
            shutil.move(log.name, args.keep_log)
        else:
            os.unlink(log.name)


if __name__ == "__main__":
    main()
