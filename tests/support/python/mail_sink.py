"""An SMTP sink for the Python harnesses (tests/faults/faults_test.py, tests/galera/galera_test.py):
aiosmtpd (Debian's python3-aiosmtpd, scripts/setup --test) on 127.0.0.1, recording the
Message-ID of every message it accepts, so that a test can count each message's copies."""

import re
import threading


class Sink:
    """aiosmtpd on 127.0.0.1:port: the Message-IDs received, in arrival order. start() and
    stop() once each; received() may be called from any thread."""

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        outer = self
        self.ids, self.mu = [], threading.Lock()

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                m = re.search(rb"^Message-ID:\s*(\S+)", envelope.content, re.M | re.I)
                with outer.mu:
                    outer.ids.append(m.group(1).decode() if m else "")
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def received(self):
        with self.mu:
            return list(self.ids)
