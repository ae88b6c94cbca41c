#!/usr/bin/python3
"""Galera failover (issue 17.4), against a real 3-node MariaDB Galera cluster (scripts/galera)
and two real incidentd nodes on 127.0.0.1, both given the host list
mysql://app:apppw@127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/appdb, so both write to node 1.

Writers file tickets and comment on them through both incidentd nodes, each request with an
Idempotency-Key and retried (same key, same body) until it is answered 2xx. Mid-load the
primary Galera node (node 1) is killed with SIGKILL; the writers keep going. Then:

  - every acknowledged ticket and comment is in the history, exactly once, and every retried
    request committed exactly once (no acknowledged event lost, none doubled);
  - every email of the outbox was delivered to the SMTP sink exactly once (one copy per
    Message-ID), none dead;
  - both incidentd nodes use Galera node 1 only before the kill, node 2 only after it;
  - nodes 2 and 3 hold the same events (reads anywhere would see them), node 1 rejoins
    (IST) and holds them too, and writes go back to it (failback: no local commit on
    node 2 any more); `incidentctl verify` passes on the host list.

Figures printed: requests acknowledged, answers other than 2xx after the kill, the longest
time without any acknowledgement after the kill, the slowest acknowledged request
(retries included), messages in the outbox / received / second copies.

  tests/galera/galera_test.py --incidentd BIN --incidentctl BIN [--writers 6]
      [--before 8] [--after 15] [--keep]

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
from incidents_proc import Incidentd, call, comment_counts, free_port, login  # noqa: E402
from checks import run_checked  # noqa: E402
from mail_sink import Sink  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GALERA = os.path.join(ROOT, "scripts", "galera")
USER = "stp.reporter"
DOMAIN = "galera-test.local"


def node_sql(gdir, n, query):
    """The rows of `query` on Galera node n (root over its socket), as lists of strings."""
    out = subprocess.run(["mariadb", "--no-defaults", f"--socket={gdir}/node{n}/mysqld.sock", "-uroot", "-N",
                          "-e", query, "appdb"], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise RuntimeError(f"node {n}: {query}: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines()]


def app_connections(gdir, nodes):
    """{node: connections of the user app} on the Galera nodes given."""
    q = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'app'"
    return {n: int(node_sql(gdir, n, q)[0][0]) for n in nodes}


RETRYABLE = {0, 409, 500, 502, 503, 504}


class Writers:
    """Threads that file a ticket, then comment on it four times, and so on. Each request
    carries an Idempotency-Key and is retried with the same key and body until it is
    answered 2xx (or 60 s pass). Thread w talks to incidentd node w % 2."""

    def __init__(self, ports, token, count, tag):
        self.ports, self.token, self.tag = ports, token, tag
        self.ops, self.attempts, self.mu = [], [], threading.Lock()
        self.stop_flag = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(w,)) for w in range(count)]

    def _request(self, port, method, path, body, key):
        """(final status, answer body, t sent, t answered) after retries."""
        t_first = time.monotonic()
        while True:
            t0 = time.monotonic()
            status, _, answer = call(port, method, path, body, token=self.token, key=key, timeout=30)
            t1 = time.monotonic()
            with self.mu:
                self.attempts.append((t0, t1, status))
            if 200 <= status < 300 or status not in RETRYABLE or t1 - t_first > 60:
                return status, answer, t_first, t1
            time.sleep(0.1)

    def _run(self, w):
        port = self.ports[w % len(self.ports)]
        i, ticket = 0, None
        while not self.stop_flag.is_set():
            key = f"{self.tag}-w{w}-{i}"
            if i % 5 == 0:
                body = {"category": "data_discrepancy", "title": f"Phiếu thử Galera {key}",
                        "description": "Phiếu dùng cho kiểm thử chuyển nút cơ sở dữ liệu.",
                        "parties": ["stnmt"], "priority": "normal"}
                status, answer, t0, t1 = self._request(port, "POST", "/api/v1/tickets", body, key)
                ticket = json.loads(answer)["id"] if status == 201 else None
                op = ("create", key, ticket, status, t0, t1)
            elif ticket:
                status, _, t0, t1 = self._request(port, "POST", f"/api/v1/tickets/{ticket}/events",
                                                  {"type": "comment", "body": key}, key)
                op = ("comment", key, ticket, status, t0, t1)
            else:
                op = None
            if op:
                with self.mu:
                    self.ops.append(op)
            i += 1

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join()


def local_commits(gdir, n):
    return int(node_sql(gdir, n, "SHOW GLOBAL STATUS LIKE 'wsrep_local_commits'")[0][1])


def failback(a, gdir, nodes, token, checks):
    """Writers again, now that node 1 is back: within 2 x MysqlDatabase::kFailbackSeconds
    (5 s) of node 1 being synced, every write goes to node 1 again (a node that failed is
    skipped for 5 s, and connections to node 2 older than 5 s are closed, not reused);
    none is lost."""
    writers = Writers([n.port for n in nodes], token, 2, "failback")
    writers.start()
    time.sleep(12)
    c1, c2 = local_commits(gdir, 1), local_commits(gdir, 2)
    time.sleep(a.failback)
    d1, d2 = local_commits(gdir, 1) - c1, local_commits(gdir, 2) - c2
    writers.stop()
    ops = list(writers.ops)
    acked = [op for op in ops if 200 <= op[3] < 300]
    checks.expect(ops and len(acked) == len(ops), f"failback: {len(acked)} of {len(ops)} requests acknowledged")
    checks.expect(d1 > 0 and d2 == 0, f"failback: writes went back to node 1 ({d1} local commits on node 1, "
                                      f"{d2} on node 2, {a.failback:.0f} s measured from 12 s after node 1 was synced)")
    lost = 0
    for t in {op[2] for op in acked if op[0] == "comment"}:
        counts = comment_counts(nodes[0].port, token, t)
        lost += sum(1 for op in acked if op[0] == "comment" and op[2] == t and counts.get(op[1], 0) != 1)
    checks.expect(lost == 0, f"failback: every acknowledged comment is in the history once ({lost} not)")


def email_metrics(port):
    """{status: count} of the email rows, from /metrics."""
    status, _, body = call(port, "GET", "/metrics", timeout=10)
    if status != 200:
        return None
    return {k: int(v) for k, v in
            re.findall(r'incidentd_notifications\{channel="email",status="(\w+)"\} (\d+)', body.decode())}


def run(a, tmp, checks):
    gdir = os.path.join(tmp, "galera")
    t0 = time.monotonic()
    out = subprocess.run([GALERA, "start", gdir], capture_output=True, text=True)
    if not checks.expect(out.returncode == 0, f"a 3-node Galera cluster started ({time.monotonic() - t0:.1f} s)"
                         + ("" if out.returncode == 0 else f": {out.stderr.strip()[-600:]}")):
        return
    url = re.search(r"INCIDENTS_TEST_MYSQL_URL=(\S+)", out.stdout).group(1)
    print(f"  database {re.sub(r':[^:@/]*@', ':***@', url)}", flush=True)
    smtp_port = free_port()
    sink = Sink(smtp_port)
    sink.start()
    sets = {"notifications.email.smtp_port": smtp_port, "notifications.email.message_id_domain": DOMAIN,
            "notifications.retry.initial_backoff_ms": 100, "notifications.retry.max_backoff_ms": 1000,
            "notifications.poll_interval_ms": 100, "notifications.lease_ms": 5000, "storage.pool_size": 4}
    extra = [x for k, v in sets.items() for x in ("--set", f"{k}={v}")]
    nodes = [Incidentd(a.incidentd, ROOT, url, os.path.join(tmp, f"incidentd{i}.log"), extra=extra) for i in (1, 2)]
    try:
        for n in nodes:
            n.start(demo=True)
        token = login(nodes[0].port, USER)
        writers = Writers([n.port for n in nodes], token, a.writers, "galera")
        writers.start()
        time.sleep(a.before)
        conns = app_connections(gdir, (1, 2, 3))
        checks.expect(conns[1] > 0 and conns[2] == 0 and conns[3] == 0,
                      f"before the kill both incidentd nodes use Galera node 1 only (app connections {conns})")
        t_kill = time.monotonic()
        subprocess.run([GALERA, "kill", gdir, "1"], check=True)
        acked_before = sum(1 for op in writers.ops if 200 <= op[3] < 300)
        print(f"  killed Galera node 1 (SIGKILL) after {acked_before} acknowledged requests", flush=True)
        time.sleep(a.after)
        conns = app_connections(gdir, (2, 3))
        checks.expect(conns[2] > 0 and conns[3] == 0,
                      f"after the kill both incidentd nodes use Galera node 2 only (app connections {conns})")
        writers.stop()
        t_end = time.monotonic()

        ops, attempts = list(writers.ops), list(writers.attempts)
        acked = [op for op in ops if 200 <= op[3] < 300]
        after_kill = [x for x in attempts if x[1] >= t_kill]
        errors = [x for x in after_kill if not 200 <= x[2] < 300]
        by_status = {}
        for x in errors:
            by_status[x[2]] = by_status.get(x[2], 0) + 1
        ack_times = sorted(x[1] for x in attempts if 200 <= x[2] < 300 and x[1] >= t_kill)
        gap = max((b - a_ for a_, b in zip([t_kill] + ack_times, ack_times)), default=None)
        first_ack = min((x[1] for x in attempts if x[0] >= t_kill and 200 <= x[2] < 300), default=None)
        stall = None if first_ack is None else first_ack - t_kill
        slowest = max((op[5] - op[4] for op in acked), default=0.0)
        print(f"  figures: {len(ops)} requests, {len(acked)} acknowledged ({len(attempts)} attempts); "
              f"{len(errors)} answers other than 2xx after the kill {dict(sorted(by_status.items()))}; "
              f"first acknowledgement of a request sent after the kill after {stall if stall is None else round(stall, 2)} s; "
              f"longest time without any acknowledgement after the kill {gap if gap is None else round(gap, 2)} s; slowest acknowledged request "
              f"(with its retries) {slowest:.2f} s; {len(acked) / (t_end - t_kill + a.before):.0f} acked/s", flush=True)
        checks.expect(all(200 <= op[3] < 300 for op in ops),
                      f"every request was acknowledged in the end ({len(ops) - len(acked)} not: "
                      f"{[op[:4] for op in ops if not 200 <= op[3] < 300][:5]})")
        checks.expect(gap is not None and gap < a.stall_within,
                      f"writes go on after the kill (longest pause in acknowledgements {gap} s, "
                      f"limit {a.stall_within} s)")
        checks.expect(any(x[0] >= t_kill + a.after / 2 and 200 <= x[2] < 300 for x in attempts),
                      "writes are still acknowledged in the second half of the run after the kill")

        # Every acknowledged event is in its ticket's history, exactly once.
        port = nodes[1].port
        lost, doubled = [], []
        created = [op for op in acked if op[0] == "create"]
        for (_, key, ticket, _, _, _) in created:
            counts = comment_counts(port, token, ticket)
            for c in (op for op in acked if op[0] == "comment" and op[2] == ticket):
                n = counts.get(c[1], 0)
                if n == 0:
                    lost.append(c[1])
                elif n > 1:
                    doubled.append(c[1])
        titles = node_sql(gdir, 2, "SELECT JSON_VALUE(snapshot, '$.title') AS t, COUNT(*) FROM tickets "
                                   "WHERE JSON_VALUE(snapshot, '$.title') LIKE 'Phiếu thử Galera %' GROUP BY t")
        per_title = {t: int(n) for t, n in titles}
        lost += [op[1] for op in created if per_title.get(f"Phiếu thử Galera {op[1]}", 0) == 0]
        doubled += [t for t, n in per_title.items() if n > 1]
        n_comments = sum(1 for op in acked if op[0] == "comment")
        checks.expect(not lost, f"{len(created)} tickets and {n_comments} comments acknowledged: none lost "
                                f"({len(lost)} lost: {lost[:5]})")
        checks.expect(not doubled, f"none committed twice ({len(doubled)} doubled: {doubled[:5]})")

        # Every email delivered exactly once.
        deadline = time.monotonic() + a.drain_within
        m = None
        while time.monotonic() < deadline:
            m = email_metrics(port)
            if m and m.get("pending", 0) + m.get("failed", 0) == 0:
                break
            time.sleep(0.5)
        time.sleep(2)  # a late second copy would arrive now
        ids = sink.received()
        rows = int(node_sql(gdir, 2, "SELECT COUNT(*) FROM outbox WHERE channel = 'email'")[0][0])
        sent = int(node_sql(gdir, 2, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND status = 'sent'")[0][0])
        dup = len(ids) - len(set(ids))
        print(f"  messages: {rows} email rows in the outbox, {sent} sent, {len(ids)} received by the sink, "
              f"{len(set(ids))} distinct Message-IDs, {dup} second copies; /metrics {m}", flush=True)
        checks.expect(rows > 0 and sent == rows and len(set(ids)) == rows and "" not in ids,
                      "every email of the outbox was sent and received")
        checks.expect(dup == 0, f"every email was received once ({dup} second copies)")

        # Reads anywhere: nodes 2 and 3 hold the same events; node 1 rejoins and holds them too.
        q = "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT(ticket_id, ':', seq, ':', hash))), 0) FROM ticket_events"
        on2, on3 = node_sql(gdir, 2, q)[0], node_sql(gdir, 3, q)[0]
        checks.expect(on2 == on3, f"nodes 2 and 3 hold the same {on2[0]} events (checksum {on2[1]} / {on3[1]})")
        t_resume = time.monotonic()
        r = subprocess.run([GALERA, "resume", gdir, "1"], capture_output=True, text=True)
        if checks.expect(r.returncode == 0, f"node 1 rejoined, synced after {time.monotonic() - t_resume:.1f} s"
                         + ("" if r.returncode == 0 else f": {r.stderr.strip()[-400:]}")):
            on1 = node_sql(gdir, 1, q)[0]
            checks.expect(on1 == on2, f"node 1 holds the same {on1[0]} events after rejoining")
            failback(a, gdir, nodes, token, checks)
        for n in nodes:
            n.stop()
        v = subprocess.run([a.incidentctl, "verify", "--database", url], cwd=ROOT, capture_output=True, text=True)
        checks.expect(v.returncode == 0,
                      f"incidentctl verify passes ({v.returncode}: {(v.stdout + v.stderr).strip()[-300:]})")
    finally:
        for n in nodes:
            n.stop()
        sink.stop()
        subprocess.run([GALERA, "stop", gdir])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--incidentctl", required=True)
    ap.add_argument("--writers", type=int, default=6)
    ap.add_argument("--before", type=float, default=8, help="seconds of load before the kill")
    ap.add_argument("--after", type=float, default=15, help="seconds of load after the kill")
    ap.add_argument("--stall-within", type=float, default=15, help="limit on the write stall, seconds")
    ap.add_argument("--failback", type=float, default=5, help="seconds of failback writes measured")
    ap.add_argument("--drain-within", type=float, default=60)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    a.incidentd, a.incidentctl = os.path.abspath(a.incidentd), os.path.abspath(a.incidentctl)
    tmp = tempfile.mkdtemp(prefix="galera-test-")
    if os.geteuid() == 0:
        os.chmod(tmp, 0o755)  # the nodes run as mysql (scripts/galera) and need to reach their folders
    run_checked("galera failover", tmp, lambda checks: run(a, tmp, checks), a.keep, f"logs in {tmp}")


if __name__ == "__main__":
    main()
