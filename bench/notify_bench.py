#!/usr/bin/python3
"""Notification benchmark (issue 4), driven by bench/notify_bench; see that script.

One run = two phases, each with its own incidentd (Release build, default config, fresh
SQLite database with --demo) on 127.0.0.1:

 throughput  postfix's smtp-sink stores each mail in its own file. N tickets are filed as
             fast as CLIENTS concurrent keep-alive connections allow (each report makes 2
             mails: DoICT's and the reporting org's focal points; its SMS row goes dead at
             once, no gateway being configured). Mails/s = mails accepted by the sink from
             the first to the last (file modification times), over all mails and over the
             mails accepted after the last ticket was filed (the dispatcher alone, draining
             its backlog). smtp-sink's -c counters give the SMTP sessions: mails per session
             is the connection reuse.
 latency     a small SMTP sink inside this process (aiosmtpd) takes the time of each mail
             when its data is complete, before it answers 250. M tickets are filed and their
             mails drained (an idle outbox), then each ticket is acknowledged in turn (one
             mail, to the reporting org), one at a time, 10-30 ms apart: latency = acceptance
             time - the time the HTTP response (the commit) was received; also from the
             moment the request was sent (an upper bound: it includes the commit's fsync).

Run with /usr/bin/python3 (Debian's: python3-aiosmtpd).
"""
import argparse
import http.client
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, within=10):
    deadline = time.time() + within
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Incidentd:
    def __init__(self, args, tmp, name, smtp_port):
        self.log_path = os.path.join(tmp, name + ".log")
        cmd = [args.incidentd, "--listen", "127.0.0.1:0", "--database", "sqlite:" + os.path.join(tmp, name + ".db"),
               "--demo", "--config", os.path.join(args.root, "config/incidentd.json"),
               "--set", "demo_file=" + os.path.join(args.root, "config/demo-directory.csv"),
               "--set", "notifications.templates_dir=" + os.path.join(args.root, "config/templates"),
               "--set", "notifications.email.smtp_port=%d" % smtp_port]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=args.root)
        self.port = None
        deadline = time.time() + 30
        while time.time() < deadline and self.port is None:
            with open(self.log_path) as f:
                m = re.search(r"listening on 127\.0\.0\.1:(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        if self.port is None:
            self.stop()
            sys.exit("incidentd did not start; its log:\n" + open(self.log_path).read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Api:
    """One keep-alive connection (not thread-safe: one per thread)."""

    def __init__(self, port, token=None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.token = token

    def post(self, path, body):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        self.conn.request("POST", path, json.dumps(body, ensure_ascii=False).encode(), headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data

    def login(self, user):
        status, data = self.post("/api/v1/sessions", {"username": user, "password": "demo"})
        assert status == 201, (status, data)
        self.token = json.loads(data)["token"]
        return self.token


def file_tickets(port, token, n, clients):
    """Files n tickets over `clients` connections; returns their ids and the time span."""
    ids = []
    lock = threading.Lock()
    counter = iter(range(n))

    def work():
        api = Api(port, token)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            status, data = api.post("/api/v1/tickets", {
                "category": "connection_failure", "title": "Phiếu đo thông báo số %d: mất kết nối LGSP" % (i + 1),
                "description": "Đo thông lượng gửi thư", "parties": ["stnmt"]})
            assert status == 201, (status, data)
            with lock:
                ids.append(json.loads(data)["id"])

    start = time.time_ns()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ids, start, time.time_ns()


def throughput(args, tmp):
    mail_dir = os.path.join(tmp, "mail")
    os.makedirs(mail_dir)
    port = free_port()
    sink_cmd = ["/usr/sbin/smtp-sink", "-c"]
    if os.geteuid() == 0:  # smtp-sink drops to a user, who must own the dump folder
        nobody = pwd.getpwnam("nobody")
        os.chown(mail_dir, nobody.pw_uid, nobody.pw_gid)
        sink_cmd += ["-u", "nobody"]
    sink_cmd += ["-d", mail_dir + "/%Y%m%d%H%M%S.", "127.0.0.1:%d" % port, "256"]
    sink_log = open(os.path.join(tmp, "smtp-sink.log"), "w")
    sink = subprocess.Popen(sink_cmd, stdout=sink_log, stderr=subprocess.STDOUT)
    server = None
    try:
        if not wait_port(port):
            sys.exit("smtp-sink did not start")
        server = Incidentd(args, tmp, "throughput", port)
        token = Api(server.port).login("stp.reporter")
        ids, start, filed = file_tickets(server.port, token, args.tickets, args.clients)
        want = 2 * len(ids)
        deadline = time.time() + args.timeout
        while len(os.listdir(mail_dir)) < want and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        files = [os.path.join(mail_dir, f) for f in os.listdir(mail_dir)]
        times = sorted(os.stat(f).st_mtime_ns for f in files)
    finally:
        if server:
            server.stop()
        sink.send_signal(signal.SIGTERM)
        sink.wait()
        sink_log.close()
    counters = re.findall(r"sess=(\d+) quit=(\d+) mesg=(\d+)", open(os.path.join(tmp, "smtp-sink.log")).read())
    sessions, _, messages = (int(x) for x in counters[-1]) if counters else (0, 0, 0)
    sessions -= 1  # wait_port's probe
    span = (times[-1] - times[0]) / 1e9 if len(times) > 1 else float("nan")
    after = [t for t in times if t >= filed]
    drain_span = (after[-1] - after[0]) / 1e9 if len(after) > 1 else float("nan")
    return {
        "tickets": len(ids),
        "filing_s": (filed - start) / 1e9,
        "filing_per_s": len(ids) / ((filed - start) / 1e9),
        "mails_expected": want,
        "mails": len(times),
        "first_to_last_s": span,
        "mails_per_s": (len(times) - 1) / span,
        "mails_after_filing": len(after),
        "drain_mails_per_s": (len(after) - 1) / drain_span if len(after) > 1 else float("nan"),
        "last_mail_after_filing_s": (times[-1] - filed) / 1e9,
        "smtp_sessions": sessions,
        "mails_per_session": messages / sessions if sessions > 0 else float("nan"),
    }


class TimestampSink:
    """aiosmtpd handler: the time each mail's data is complete, by Message-ID."""

    def __init__(self):
        self.accepted = {}
        self.cond = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        t = time.time_ns()
        m = re.search(rb"^Message-ID:\s*(\S+)", envelope.content, re.M | re.I)
        with self.cond:
            key = m.group(1).decode() if m else "?"
            self.accepted.setdefault(key, []).append(t)
            self.cond.notify_all()
        return "250 OK"

    def wait_for(self, predicate, within):
        with self.cond:
            return self.cond.wait_for(predicate, within)


def percentile(values, p):
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def latency(args, tmp):
    handler = TimestampSink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    server = None
    try:
        server = Incidentd(args, tmp, "latency", port)
        reporter = Api(server.port)
        reporter.login("stp.reporter")
        ids, _, _ = file_tickets(server.port, reporter.token, args.events, 1)
        if not handler.wait_for(lambda: len(handler.accepted) >= 2 * len(ids), args.timeout):
            sys.exit("the report mails did not all arrive")
        time.sleep(1.0)  # idle outbox
        coordinator = Api(server.port)
        coordinator.login("stttt.coordinator")
        from_response, from_request = [], []
        for tid in ids:
            time.sleep(random.uniform(0.010, 0.030))
            msg_id = "<%s=3A2=3Aemail=3Aorg=3Astp@incidents.local>" % tid
            t_request = time.time_ns()
            status, data = coordinator.post("/api/v1/tickets/%s/events" % tid, {"type": "acknowledge"})
            t_response = time.time_ns()
            assert status == 200, (status, data)
            if not handler.wait_for(lambda: msg_id in handler.accepted, 10):
                sys.exit("no mail %s within 10 s" % msg_id)
            t_accept = handler.accepted[msg_id][0]
            from_response.append((t_accept - t_response) / 1e6)
            from_request.append((t_accept - t_request) / 1e6)
        time.sleep(0.3)
        dups = sum(len(v) - 1 for v in handler.accepted.values())
    finally:
        if server:
            server.stop()
        controller.stop()
    return {
        "events": len(from_response),
        "p50_ms": percentile(from_response, 50),
        "p99_ms": percentile(from_response, 99),
        "max_ms": max(from_response),
        "min_ms": min(from_response),
        "from_request_p50_ms": percentile(from_request, 50),
        "from_request_p99_ms": percentile(from_request, 99),
        "duplicates": dups,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--incidentd", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--tmp", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--tickets", type=int, default=1000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--events", type=int, default=200)
    p.add_argument("--timeout", type=float, default=180)
    args = p.parse_args()

    results = []
    for run in range(1, args.runs + 1):
        tmp = os.path.join(args.tmp, "run%d" % run)
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        t = throughput(args, tmp)
        l = latency(args, tmp)
        results.append((t, l))
        print("--- run %d" % run)
        print("throughput: %d tickets filed in %.2f s (%.0f/s, %d clients); %d/%d mails accepted, first to last "
              "%.2f s: %.0f mails/s; after the last filing %d mails at %.0f mails/s, the last %.2f s after it; "
              "%d SMTP sessions, %.1f mails per session"
              % (t["tickets"], t["filing_s"], t["filing_per_s"], args.clients, t["mails"], t["mails_expected"],
                 t["first_to_last_s"], t["mails_per_s"], t["mails_after_filing"], t["drain_mails_per_s"],
                 t["last_mail_after_filing_s"], t["smtp_sessions"], t["mails_per_session"]))
        print("latency: %d acknowledge events one at a time, commit (HTTP response) to mail accepted: p50 %.1f ms, "
              "p99 %.1f ms, max %.1f ms (min %.1f ms); from the request sent: p50 %.1f ms, p99 %.1f ms; "
              "%d duplicate mails"
              % (l["events"], l["p50_ms"], l["p99_ms"], l["max_ms"], l["min_ms"], l["from_request_p50_ms"],
                 l["from_request_p99_ms"], l["duplicates"]))
        sys.stdout.flush()
    med = lambda key, i: statistics.median(r[i][key] for r in results)
    print("--- median of %d runs" % len(results))
    print("throughput: %.0f mails/s first to last (%.0f mails/s draining after the filing), %.1f mails per SMTP "
          "session; filing %.0f tickets/s" % (med("mails_per_s", 0), med("drain_mails_per_s", 0),
                                             med("mails_per_session", 0), med("filing_per_s", 0)))
    print("latency: p50 %.1f ms, p99 %.1f ms (from the request: p50 %.1f ms, p99 %.1f ms)"
          % (med("p50_ms", 1), med("p99_ms", 1), med("from_request_p50_ms", 1), med("from_request_p99_ms", 1)))


if __name__ == "__main__":
    main()
