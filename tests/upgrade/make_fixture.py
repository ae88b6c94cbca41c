#!/usr/bin/python3
"""Captures an upgrade fixture (issue 17.3): a release's incidentd, started on an empty
database with its demo directory, writes scenario.py's tickets through its own API; the
database is then dumped as text into fixtures/ with what to expect of it.

  make_fixture.py --name 0.15 --incidentd OLD/build/apps/incidentd/incidentd --cwd OLD \
      --database sqlite:/tmp/x.db [--written-by TEXT]   # -> fixtures/0.15.sqlite.sql
  make_fixture.py --name 0.15 ... --database mysql://root@127.0.0.1:PORT/fixture_db
                                                        # -> fixtures/0.15.mariadb.sql

--cwd is the release's source tree (releases before 0.17 found config/ and web/ from the
working directory). Run it once per release, with that release's binary; commit the output.
upgrade_test.py opens every fixture with the current build.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlparse

import scenario
from server import Server

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--incidentd", required=True)
    p.add_argument("--cwd", required=True)
    p.add_argument("--database", required=True)
    p.add_argument("--written-by", default="", help="what wrote it, when the release has no --version")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="incidents-fixture.")
    server = Server(a.incidentd, a.database, work, a.cwd, extra=["--demo"])
    try:
        tickets = scenario.write(scenario.Api(server.base))
    finally:
        server.stop()
    version = a.written_by or subprocess.run([a.incidentd, "--version"], capture_output=True, text=True).stdout.strip()
    if a.database.startswith("sqlite:"):
        backend = "sqlite"
        dump = subprocess.run(["sqlite3", a.database[len("sqlite:"):], ".dump"], capture_output=True, text=True,
                              check=True).stdout
    else:
        backend = "mariadb"
        u = urlparse(a.database)
        dump = subprocess.run(["mariadb-dump", "--single-transaction", "--skip-dump-date", "--skip-comments",
                               "--routines", "--triggers", "-h", u.hostname, "-P", str(u.port), "-u", u.username,
                               u.path.lstrip("/")],
                              capture_output=True, text=True, check=True,
                              env=dict(os.environ, MYSQL_PWD=u.password or "")).stdout
    base = os.path.join(HERE, "fixtures", f"{a.name}.{backend}")
    with open(base + ".sql", "w", encoding="utf-8") as f:
        f.write(dump)
    with open(base + ".expected.json", "w", encoding="utf-8") as f:
        json.dump({"release": a.name, "written_by": version,
                   "tickets": tickets}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"{base}.sql: {len(dump)} bytes, {len(tickets)} tickets")


if __name__ == "__main__":
    sys.exit(main())
