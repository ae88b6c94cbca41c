#!/usr/bin/python3
"""Schema upgrades from earlier releases' databases (issue 17.3). Each fixture in fixtures/
is a database written by a release's own incidentd through its API (make_fixture.py),
dumped as text. For each one this test loads the dump into a fresh database, then with the
current build:

  1. `incidentctl verify` migrates it and passes (every hash chain, every replay);
  2. incidentd starts on it and answers every ticket the release wrote
     with the same state, title and history: the same events with the same hashes;
  3. what later releases added works on the old tickets: search finds them, the period's
     report counts them (figures backfilled), and new events apply;
  4. `incidentctl verify` passes again after those events.

SQLite fixtures always; MariaDB fixtures when INCIDENTS_TEST_MYSQL_URL names a server
(scripts/test and .ci/run start one), each in a database of its own that is dropped after.
Without any fixture, or with a MariaDB fixture and no server, the test fails and says so.
"""
import argparse
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from urllib.parse import urlparse

import scenario
from server import Server

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def verify(incidentctl, database, cwd):
    r = subprocess.run([incidentctl, "verify", "--database", database], capture_output=True, text=True, cwd=cwd)
    check(r.returncode == 0, f"incidentctl verify exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    m = re.search(r"OK: (\d+) tickets verified", r.stdout)
    check(m is not None, f"incidentctl verify said:\n{r.stdout}")
    return int(m.group(1))


def mysql_client(url, *args, stdin=None):
    u = urlparse(url)
    return subprocess.run(["mariadb", "--no-defaults", "-h", u.hostname, "-P", str(u.port), "-u", u.username, *args],
                          input=stdin, capture_output=True, text=True, check=True,
                          env=dict(os.environ, MYSQL_PWD=u.password or ""))


def load(fixture, backend, work):
    """A fresh database holding the dump; returns (url, cleanup)."""
    dump = open(fixture, encoding="utf-8").read()
    if backend == "sqlite":
        path = os.path.join(work, os.path.basename(fixture) + ".db")
        db = sqlite3.connect(path)
        db.executescript(dump)
        db.close()
        return "sqlite:" + path, lambda: None
    base = os.environ.get("INCIDENTS_TEST_MYSQL_URL", "")
    if not base:
        fail(f"{fixture} needs MariaDB: set INCIDENTS_TEST_MYSQL_URL (scripts/test starts a server)")
    u = urlparse(base)
    name = f"{u.path.lstrip('/')}_upgrade_{os.getpid()}"
    mysql_client(base, "-e", f"DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    mysql_client(base, name, stdin=dump)
    url = base[: base.rindex("/") + 1] + name
    return url, lambda: mysql_client(base, "-e", f"DROP DATABASE IF EXISTS `{name}`")


def upgrade(expected_file, backend, a, work):
    expected = json.load(open(expected_file, encoding="utf-8"))
    fixture = expected_file.replace(".expected.json", ".sql")
    label = f"{expected['release']} ({backend}, written by {expected['written_by']})"
    database, cleanup = load(fixture, backend, work)
    try:
        tickets = expected["tickets"]
        # 1. The release's chains verify under the current code (its open migrates the schema).
        check(verify(a.incidentctl, database, a.repo) == len(tickets), f"{label}: verify counts other tickets")
        # 2. The current server migrates and reads back what the release wrote.
        server = Server(a.incidentd, database, work, cwd=work)
        try:
            api = scenario.Api(server.base)
            coord = api.token("stttt.coordinator")
            for tid, old in tickets.items():
                now = scenario.read(api, tid, old["kind"])
                check(now["title"] == old["title"], f"{label}: {tid}'s title changed: {now['title']!r}")
                # Timers that fell due since the capture may have appended sla_breach events:
                # the recorded history is a prefix, hashes and all.
                check(now["events"][: len(old["events"])] == old["events"],
                      f"{label}: {tid}'s history changed:\n{old['events']}\n{now['events']}")
                extra = {e[1] for e in now["events"][len(old["events"]):]}
                check(extra <= {"sla_breach"}, f"{label}: {tid} gained events {extra}")
                if not extra:
                    check(now["state"] == old["state"], f"{label}: {tid} is {now['state']}, was {old['state']}")
            # 3. Search (FTS5 / ticket_words, backfilled) and reports (figures, backfilled).
            found = api.call("GET", "/api/v1/tickets?q=ho+tich&limit=100", token=coord)["items"]
            incidents = [t for t, old in tickets.items() if old["kind"] == "tickets"]
            check(set(incidents) <= {t["id"] for t in found},
                  f"{label}: search for 'ho tich' misses old tickets: {[t['id'] for t in found]}")
            years = sorted({t.split("-")[1] for t in tickets})
            report = api.call("GET", f"/api/v1/reports/incidents?from={years[0]}-01-01&to={years[-1]}-12-31",
                              token=coord)
            check(report["totals"]["opened"] == len(incidents),
                  f"{label}: the report counts {report['totals']['opened']} incidents opened, not {len(incidents)}")
            # New events on the old tickets.
            open_incident = next(t for t in incidents if tickets[t]["state"] == "triage")
            api.call("POST", f"/api/v1/tickets/{open_incident}/events", token=api.token("stttt.engineer"),
                     body={"type": "assign_doict"})
            consulting = next(t for t, old in tickets.items() if old["state"] == "consulting")
            api.call("POST", f"/api/v1/data-requests/{consulting}/events", token=api.token("stnmt.focal"),
                     body={"type": "give_opinion", "opinion": "Đồng ý.", "agrees": True})
        finally:
            server.stop()
        # 4. Every chain still holds, the new events included.
        check(verify(a.incidentctl, database, a.repo) == len(tickets), f"{label}: verify after the new events")
        print(f"upgrade: {label}: {len(tickets)} tickets read back, searched, reported, moved on and verified")
    finally:
        cleanup()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--incidentd", required=True)
    p.add_argument("--incidentctl", required=True)
    p.add_argument("--repo", required=True)
    a = p.parse_args()
    fixtures = sorted(glob.glob(os.path.join(HERE, "fixtures", "*.expected.json")))
    check(fixtures, "no fixture in tests/upgrade/fixtures (make_fixture.py writes them)")
    work = tempfile.mkdtemp(prefix="incidents-upgrade.")
    try:
        for f in fixtures:
            backend = "sqlite" if f.endswith(".sqlite.expected.json") else "mariadb"
            upgrade(f, backend, a, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
