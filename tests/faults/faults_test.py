#!/usr/bin/python3
"""Faults (issue 14.4), each against the real incidentd on 127.0.0.1:

  disk-full     SQLite on a size-limited tmpfs (mounted here: needs root) fills up under
                writers that send Idempotency-Keys; then the tmpfs grows.
  mariadb-stop  MariaDB (a private server, scripts/mariadb) is shut down under the writers,
                then started again on its data.
  smtp-down     --messages mails are queued while nothing listens on the SMTP port; after
                --down-seconds an SMTP sink (aiosmtpd) starts there.

What each shows: while the fault lasts, writes are answered 503 with a problem document
(never 500, never a hang: every answer within --answer-within seconds) and reads go on;
when the disk, the database or the mail server is back, the service is back by itself,
without a restart; every acknowledged write is in the history once, the retries of the
unanswered ones (same key, same body) commit each exactly once, and `incidentctl verify`
passes. For mail: the backlog is visible in /metrics meanwhile, and afterwards every
message has been delivered exactly once (one Message-ID each) and none went dead.

  tests/faults/faults_test.py SCENARIO --incidentd BIN --incidentctl BIN [--root DIR]
      [--down-seconds 20] [--messages 1000]

Exit status 1 with the reasons on any failed check.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "python"))
from incidents_proc import Incidentd, call, comment_counts, free_port, login, new_ticket  # noqa: E402
from checks import run_checked  # noqa: E402
from mail_sink import Sink  # noqa: E402

USER = "stp.reporter"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Writers:
    """Threads that post comments with Idempotency-Keys to one ticket each, and record every
    answer (key, ticket, status, seconds taken, body)."""

    def __init__(self, port, token, tickets, tag, body_size=200, pause=0.0):
        self.port, self.token, self.tickets, self.tag = port, token, tickets, tag
        self.body_size, self.pause = body_size, pause
        self.sent, self.mu, self.stop_flag = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(w,)) for w in range(len(tickets))]

    def body(self, key):
        return key + " " + "d" * max(0, self.body_size - len(key) - 1)

    def _run(self, w):
        i = 0
        while not self.stop_flag.is_set():
            key = f"{self.tag}-w{w}-{i}"
            t0 = time.monotonic()
            status, _, body = call(self.port, "POST", f"/api/v1/tickets/{self.tickets[w]}/events",
                                   {"type": "comment", "body": self.body(key)}, token=self.token, key=key,
                                   timeout=30)
            with self.mu:
                self.sent.append((key, self.tickets[w], status, time.monotonic() - t0, body))
            i += 1
            if self.pause:
                time.sleep(self.pause)
            elif status == 503:
                # A client backs off on 503: without a pause, a few seconds of a
                # full disk are thousands of refused writes, each retried one by one in settle().
                time.sleep(0.1)

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join()

    def since(self, n):
        with self.mu:
            return list(self.sent[n:])

    def count(self):
        with self.mu:
            return len(self.sent)


def check_fault_answers(checks, answers, within, what):
    statuses = {}
    for (_, _, status, took, _) in answers:
        statuses[status] = statuses.get(status, 0) + 1
    slowest = max((took for (_, _, _, took, _) in answers), default=0.0)
    print(f"  {what}: {len(answers)} answers {dict(sorted(statuses.items()))}, slowest {slowest:.2f} s", flush=True)
    checks.expect(set(statuses) <= {200, 503}, f"{what}: every answer is 200 or 503 (got {sorted(statuses)})")
    checks.expect(statuses.get(503, 0) > 0, f"{what}: the fault was answered 503")
    checks.expect(slowest <= within, f"{what}: every answer within {within} s (slowest {slowest:.2f} s)")
    bad = [b for (_, _, s, _, b) in answers if s == 503]
    if bad:
        try:
            doc = json.loads(bad[0])
            checks.expect(doc.get("status") == 503 and doc.get("type", "").endswith("unavailable"),
                          f"{what}: the 503 is a problem document ({doc.get('type')}: {doc.get('detail')})")
        except ValueError:
            checks.expect(False, f"{what}: the 503 is a problem document (got {bad[0][:120]!r})")


def wait_for_write(checks, port, token, ticket, within, what):
    """Polls until a comment POST is 200; the seconds it took, or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < within:
        status, _, _ = call(port, "POST", f"/api/v1/tickets/{ticket}/events",
                            {"type": "comment", "body": f"probe {time.time()}"}, token=token, timeout=10)
        if status == 200:
            took = time.monotonic() - t0
            checks.expect(True, f"{what}: writes are back by themselves after {took:.1f} s")
            return took
        time.sleep(0.25)
    checks.expect(False, f"{what}: writes are back by themselves within {within} s")
    return None


def settle(checks, server, token, writers, incidentctl, database):
    """Retries every unanswered or refused write with its key and body, then checks that
    each acknowledged or retried key is in the history exactly once, and verify passes."""
    retried = 0
    for (key, ticket, status, _, _) in writers.since(0):
        if status != 200:
            s, _, b = call(server.port, "POST", f"/api/v1/tickets/{ticket}/events",
                           {"type": "comment", "body": writers.body(key)}, token=token, key=key, timeout=30)
            retried += 1
            if s != 200:
                checks.expect(False, f"retry of {key} answered {s} {b[:160]!r}")
    counts = {}
    for t in writers.tickets:
        for body, n in comment_counts(server.port, token, t).items():
            counts[body.split(" ", 1)[0]] = n
    acked = sum(1 for (_, _, s, _, _) in writers.since(0) if s == 200)
    lost = [k for (k, _, s, _, _) in writers.since(0) if s == 200 and counts.get(k, 0) == 0]
    missing = [k for (k, _, s, _, _) in writers.since(0) if s != 200 and counts.get(k, 0) == 0]
    dup = {k: n for k, n in counts.items() if n > 1 and not k.startswith("probe")}
    checks.expect(not lost, f"{acked} acknowledged writes: none lost ({len(lost)} lost: {lost[:5]})")
    checks.expect(not missing, f"{retried} retried writes all committed ({len(missing)} missing: {missing[:5]})")
    checks.expect(not dup, f"no write committed twice ({len(dup)} duplicated: {list(dup.items())[:5]})")
    server.stop()
    v = subprocess.run([incidentctl, "verify", "--database", database], cwd=ROOT, capture_output=True, text=True)
    checks.expect(v.returncode == 0, f"incidentctl verify passes ({v.returncode}: {(v.stdout + v.stderr).strip()[-300:]})")


def reads_work(checks, port, token, ticket, what):
    s1, _, _ = call(port, "GET", "/healthz", timeout=5)
    s2, _, _ = call(port, "GET", f"/api/v1/tickets/{ticket}", token=token, timeout=5)
    checks.expect(s1 == 200 and s2 == 200, f"{what}: reads go on (/healthz {s1}, ticket GET {s2})")


def disk_full(a, tmp, checks):
    # 4 MiB: the demo database with its search index (migration 13) takes about 2, so writers
    # commit for a while before the disk fills.
    mnt = os.path.join(tmp, "disk")
    os.makedirs(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt], capture_output=True, text=True)
    if m.returncode != 0:
        checks.expect(False, f"mount a 4 MiB tmpfs (needs root, CAP_SYS_ADMIN): {m.stderr.strip()}")
        return
    database = "sqlite:" + os.path.join(mnt, "incidents.db")
    server = Incidentd(a.incidentd, ROOT, database, os.path.join(tmp, "incidentd.log"))
    try:
        server.start(demo=True)
        token = login(server.port, USER)
        tickets = [new_ticket(server.port, token, f"Phiếu thử đĩa đầy {w}") for w in range(4)]
        writers = Writers(server.port, token, tickets, "disk", body_size=3000)
        writers.start()
        # Until the disk has been full for 3 s (every answer in that window a 503), at most 90 s.
        t0, full_since = time.monotonic(), None
        seen = 0
        while time.monotonic() - t0 < 90:
            time.sleep(0.5)
            recent = writers.since(seen)
            seen += len(recent)
            if recent and all(s == 503 for (_, _, s, _, _) in recent):
                full_since = full_since or time.monotonic()
                if time.monotonic() - full_since >= 3:
                    break
            else:
                full_since = None
        checks.expect(full_since is not None, "the disk filled up (writes refused for 3 s in a row)")
        reads_work(checks, server.port, token, tickets[0], "disk full")
        checks.expect(server.alive(), "disk full: incidentd is still running")
        n_full = writers.count()
        subprocess.run(["mount", "-o", "remount,size=256m", mnt], check=True)
        wait_for_write(checks, server.port, token, tickets[0], 30, "disk grown")
        time.sleep(1)
        writers.stop()
        check_fault_answers(checks, writers.since(0)[:n_full], a.answer_within, "disk full")
        after = writers.since(n_full)
        checks.expect(any(s == 200 for (_, _, s, _, _) in after), "writers commit again after the disk grew")
        settle(checks, server, token, writers, a.incidentctl, database)
    finally:
        server.stop()
        subprocess.run(["umount", mnt])


def mariadb_stop(a, tmp, checks):
    mdir = os.path.join(tmp, "mariadb")
    script = os.path.join(ROOT, "scripts", "mariadb")
    out = subprocess.run([script, "start", mdir], capture_output=True, text=True)
    if out.returncode != 0:
        checks.expect(False, f"start a private MariaDB (scripts/setup installs it): {out.stderr.strip()[-300:]}")
        return
    url = re.search(r"INCIDENTS_TEST_MYSQL_URL=(\S+)", out.stdout).group(1)
    server = Incidentd(a.incidentd, ROOT, url, os.path.join(tmp, "incidentd.log"))
    try:
        server.start(demo=True)
        token = login(server.port, USER)
        tickets = [new_ticket(server.port, token, f"Phiếu thử CSDL dừng {w}") for w in range(4)]
        writers = Writers(server.port, token, tickets, "mariadb", pause=0.01)
        writers.start()
        time.sleep(2)
        n_before = writers.count()
        subprocess.run([script, "stop", mdir], check=True)
        checks.expect(True, f"MariaDB shut down after {n_before} writes")
        time.sleep(4)
        n_down = writers.count()
        resumed = subprocess.run([script, "resume", mdir], capture_output=True, text=True)
        checks.expect(resumed.returncode == 0, f"MariaDB started again ({resumed.stderr.strip()[-200:]})")
        wait_for_write(checks, server.port, token, tickets[0], 30, "MariaDB back")
        time.sleep(1)
        writers.stop()
        check_fault_answers(checks, writers.since(n_before)[: n_down - n_before], a.answer_within, "MariaDB down")
        checks.expect(any(s == 200 for (_, _, s, _, _) in writers.since(n_down)),
                      "writers commit again after MariaDB came back")
        settle(checks, server, token, writers, a.incidentctl, url)
    finally:
        server.stop()
        subprocess.run([script, "stop", mdir])


def email_backlog(port):
    """(pending + failed, sent, dead) email rows from /metrics, or None."""
    status, _, body = call(port, "GET", "/metrics", timeout=10)
    if status != 200:
        return None
    got = dict(re.findall(r'incidentd_notifications\{channel="email",status="(\w+)"\} (\d+)', body.decode()))
    return (int(got.get("pending", 0)) + int(got.get("failed", 0)), int(got.get("sent", 0)), int(got.get("dead", 0)))


def smtp_down(a, tmp, checks):
    smtp_port = free_port()  # nothing listens here until the sink starts
    database = "sqlite:" + os.path.join(tmp, "incidents.db")
    server = Incidentd(a.incidentd, ROOT, database, os.path.join(tmp, "incidentd.log"),
                       extra=["--set", f"notifications.email.smtp_port={smtp_port}"])
    sink = None
    try:
        server.start(demo=True)
        token = login(server.port, USER)
        queued, filed, t0 = 0, 0, time.monotonic()
        while queued < a.messages and time.monotonic() - t0 < 300:
            new_ticket(server.port, token, f"Phiếu thử thư chờ gửi {filed}")
            filed += 1
            if filed % 50 == 0 or queued == 0:
                queued = email_backlog(server.port)[0]
        queued = email_backlog(server.port)[0]
        checks.expect(queued >= a.messages,
                      f"{filed} tickets queued {queued} mails while SMTP is down (/metrics backlog)")
        down_start = time.monotonic()
        samples = []
        while time.monotonic() - down_start < a.down_seconds:
            time.sleep(min(5, a.down_seconds))
            samples.append(email_backlog(server.port))
        checks.expect(all(s and s[0] == queued and s[1] == 0 and s[2] == 0 for s in samples),
                      f"the backlog stays visible and nothing goes dead while SMTP is down "
                      f"({len(samples)} samples of /metrics, last {samples[-1] if samples else None})")
        sink = Sink(smtp_port)
        sink.start()
        back = time.monotonic()
        deadline = back + a.drain_within
        while time.monotonic() < deadline:
            b = email_backlog(server.port)
            if b and b[0] == 0:
                break
            time.sleep(1)
        drained = time.monotonic() - back
        b = email_backlog(server.port)
        checks.expect(b is not None and b[0] == 0 and b[2] == 0,
                      f"the backlog drained {drained:.0f} s after SMTP came back, none dead (/metrics {b})")
        time.sleep(2)  # no late second copy
        ids = sink.received()
        once = len(set(ids)) == len(ids) and "" not in ids
        checks.expect(len(ids) == queued and once,
                      f"every message delivered exactly once ({len(ids)} received, {len(set(ids))} distinct, "
                      f"{queued} queued)")
    finally:
        server.stop()
        if sink:
            sink.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=["disk-full", "mariadb-stop", "smtp-down"])
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--incidentctl", required=True)
    ap.add_argument("--answer-within", type=float, default=5.0)
    ap.add_argument("--down-seconds", type=float, default=20)
    ap.add_argument("--drain-within", type=float, default=120)
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    a.incidentd, a.incidentctl = os.path.abspath(a.incidentd), os.path.abspath(a.incidentctl)
    tmp = tempfile.mkdtemp(prefix=f"faults-{a.scenario}-")
    scenario = {"disk-full": disk_full, "mariadb-stop": mariadb_stop, "smtp-down": smtp_down}[a.scenario]
    run_checked(a.scenario, tmp, lambda checks: scenario(a, tmp, checks), a.keep,
                f"incidentd's log: {tmp}/incidentd.log")


if __name__ == "__main__":
    main()
