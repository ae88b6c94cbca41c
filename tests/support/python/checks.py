"""The checks of a scripted test (tests/faults, tests/galera): each printed as it is made,
the failures kept, and the script's end - exit 1 when one failed, keeping its files for a
look; otherwise their removal."""

import shutil
import sys


class Checks:
    def __init__(self):
        self.failures = []

    def expect(self, ok, what):
        print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def run_checked(title, tmp, body, keep, logs):
    """Runs body(checks), a test whose files are in `tmp`: an exception from it is a failed
    check with its reason. Exits 1 when any check failed (saying where `logs` are and keeping
    `tmp`); else removes `tmp` unless `keep`."""
    checks = Checks()
    print(f"{title} (files in {tmp})", flush=True)
    try:
        body(checks)
    except Exception as e:  # a harness error is a failure, with its reason
        checks.expect(False, f"{type(e).__name__}: {e}")
    if checks.failures:
        print(f"{len(checks.failures)} check(s) failed; {logs}", flush=True)
        sys.exit(1)
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print("all checks passed")
