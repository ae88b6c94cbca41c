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

After each kill, before the restart, `incidentctl verify` checks every hash chain of the
database (when --incidentctl is given); a failed verify counts as a failure.

  bench/idempotency_kill_bench.py --incidentd build/apps/incidentd/incidentd
      [--incidentctl build/apps/incidentctl/incidentctl] [--cycles 3] [--writers 8]
      [--database sqlite:/tmp/x.db | mysql://...] [--tmp DIR]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support", "python"))
from incidents_proc import Incidentd, call, comment_counts, login, new_ticket  # noqa: E402

USER = "stp.reporter"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidentd", required=True)
    ap.add_argument("--incidentctl", default=None, help="run `incidentctl verify` after every kill")
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
    server = Incidentd(a.incidentd, a.root, database, os.path.join(tmp, "incidentd.log"))
    server.start(demo=True)
    failed = True
    try:
        token = login(server.port, USER)

        totals = {"duplicated": 0, "lost": 0, "committed_in_flight": 0, "replayed_unanswered": 0,
                  "verify_failed": 0}
        run_tag = f"{int(time.time())}"
        for cycle in range(a.cycles):
            # Fresh tickets each cycle keep each history short over hundreds of cycles.
            tickets = [new_ticket(server.port, token, f"Phiếu thử {cycle}-{w}") for w in range(a.writers)]
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
            if a.incidentctl:
                v = subprocess.run([os.path.abspath(a.incidentctl), "verify", "--database", database], cwd=a.root,
                                   capture_output=True, text=True)
                if v.returncode != 0:
                    totals["verify_failed"] += 1
                    print(f"  verify failed ({v.returncode}): {(v.stdout + v.stderr)[-600:]}", file=sys.stderr)
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
        failed = any(totals[k] for k in ("duplicated", "lost", "committed_in_flight", "verify_failed"))
    finally:
        server.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
