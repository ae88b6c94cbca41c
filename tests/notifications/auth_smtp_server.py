#!/usr/bin/python3
"""An SMTP server for email_channel_test.cpp that requires AUTH (user "incidents",
password "s3cret") and, when given a certificate, TLS before it: STARTTLS (the default
MODE) or implicit TLS (MODE "implicit": TLS from the first byte, as SMTPS on port 465).
Stores mails in a Maildir. Usage: auth_smtp_server.py PORT MAILDIR [CERT KEY [MODE]].
Runs until killed.

Run with /usr/bin/python3 (Debian's python3-aiosmtpd), not a pyenv shim."""
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == b'incidents'
          and auth_data.password == b's3cret')
    return AuthResult(success=ok, handled=False)


def main():
    port, maildir = int(sys.argv[1]), sys.argv[2]
    tls = None
    if len(sys.argv) > 4:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(sys.argv[3], sys.argv[4])
    implicit = tls is not None and len(sys.argv) > 5 and sys.argv[5] == 'implicit'
    if implicit:
        # The whole connection is TLS; aiosmtpd's own "TLS before AUTH" check only knows
        # STARTTLS, so it is off here: nothing on this port is ever clear text.
        controller = Controller(Mailbox(maildir), hostname='127.0.0.1', port=port,
                                authenticator=authenticator, auth_required=True,
                                auth_require_tls=False, ssl_context=tls)
    else:
        controller = Controller(Mailbox(maildir), hostname='127.0.0.1', port=port,
                                authenticator=authenticator, auth_required=True,
                                auth_require_tls=tls is not None, require_starttls=tls is not None,
                                tls_context=tls)
    controller.start()
    print('listening on', port, flush=True)
    threading.Event().wait()


main()
