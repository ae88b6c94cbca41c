"""An incidentd process for the upgrade fixtures and their test: started on 127.0.0.1:0,
its port read from the 'listening on' line, stopped with SIGTERM."""
import os
import re
import signal
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, database, workdir, cwd, extra=()):
        self.log_path = os.path.join(workdir, f"incidentd-{time.monotonic_ns()}.log")
        log = open(self.log_path, "wb")
        env = dict(os.environ)
        args = [os.path.abspath(binary), "--listen", "127.0.0.1:0", "--database", database,
                "--set", f"notifications.email.smtp_port={free_port()}", "--set", "notifications.retry.max_attempts=1",
                *extra]
        self.proc = subprocess.Popen(args, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env)
        deadline = time.monotonic() + 60
        while True:
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if m:
                self.base = f"http://127.0.0.1:{m.group(1)}"
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise AssertionError(f"{binary} did not start:\n{self.log()}")
            time.sleep(0.05)

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(30)
        if code != 0:
            raise AssertionError(f"incidentd exited {code} on SIGTERM:\n{self.log()}")
