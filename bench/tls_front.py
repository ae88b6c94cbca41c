"""The production front as shipped, for the benchmarks: Debian's nginx in the foreground
from a private prefix, running deploy/nginx/datashare-incidents.site (TLS 1.2/1.3, HTTP/2,
the limits and buffering of docs/deployment-front.md) inside a minimal nginx.conf with the
main-context values that document asks for (worker_connections 4096, worker_rlimit_nofile
16384), and a throw-away self-signed certificate for 127.0.0.1 made with openssl.

The site file's listen ports, upstream, certificate, log paths and assets' root are
replaced line by line, each replacement required to match as many times as written here,
so a change of the file's shape fails loudly. tests/web/harness.mjs (siteForTest) does the
same for the browser suite; keep the two lists alike when the file changes.

Only 127.0.0.1 is ever a target.
"""

import http.client
import os
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "support", "python"))
sys.path.insert(0, HERE)
from incidents_proc import free_port  # noqa: E402
from slow_clients import Nginx  # noqa: E402

HOST = "127.0.0.1"
SITE_FILE = os.path.join(ROOT, "deploy", "nginx", "datashare-incidents.site")


def site_for_bench(text, http_port, https_port, upstream_port, cert, key, logs, web_root):
    """The site file with the production ports and paths replaced; ValueError when a line to
    replace is missing or appears another number of times."""
    swaps = [
        ("listen 80 default_server;", f"listen {HOST}:{http_port} default_server;", 1),
        ("listen [::]:80 default_server;", "# (no IPv6 here)", 1),
        ("listen 443 ssl http2 default_server;", f"listen {HOST}:{https_port} ssl http2 default_server;", 1),
        ("listen [::]:443 ssl http2 default_server;", "# (no IPv6 here)", 1),
        ("return 301 https://$host$request_uri;", f"return 301 https://$host:{https_port}$request_uri;", 1),
        ("server 127.0.0.1:8080 ", f"server {HOST}:{upstream_port} ", 1),
        ("ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;", f"ssl_certificate {cert};", 1),
        ("ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;", f"ssl_certificate_key {key};", 1),
        ("/var/log/nginx/", f"{logs}/", 4),
        ("root /usr/share/datashare-incidents/web;", f"root {web_root};", 1),
    ]
    for old, new, times in swaps:
        found = text.count(old)
        if found != times:
            raise ValueError(f'{SITE_FILE}: expected "{old}" {times} time(s), found {found}; '
                             "update bench/tls_front.py (and tests/web/harness.mjs) with the file")
        text = text.replace(old, new)
    return text


class TlsFront(Nginx):
    """nginx with the shipped TLS site in front of incidentd on `upstream_port`. `port` is the
    HTTPS port; `ssl_context()` trusts exactly the front's certificate. Started, stopped and
    its logs shown as slow_clients.Nginx does."""

    LOGS = Nginx.LOGS + ("datashare-incidents.error.log",)

    def config(self, upstream_port):
        prefix = self.prefix
        self.cert, self.key = os.path.join(prefix, "cert.pem"), os.path.join(prefix, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key,
                        "-out", self.cert, "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(SITE_FILE, encoding="utf-8") as f:
            site = site_for_bench(f.read(), free_port(), self.port, upstream_port, self.cert, self.key, self.logs,
                                  os.path.join(ROOT, "web"))
        site_path = os.path.join(prefix, "datashare-incidents.site")
        with open(site_path, "w", encoding="utf-8") as f:
            f.write(site)
        # Root runs the workers as root (they read the repository's web/); Debian's
        # nginx.conf says www-data. The rest is what that file gives the site, with the
        # connection limits docs/deployment-front.md asks for.
        user = "user root root;\n" if os.getuid() == 0 else ""
        temp = "\n".join(f"  {k}_temp_path {prefix}/tmp/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        return f"""{user}worker_processes auto;
worker_rlimit_nofile 16384;
pid {prefix}/nginx.pid;
error_log {self.logs}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
{temp}
  include {site_path};
}}
"""

    def ssl_context(self):
        return ssl.create_default_context(cafile=self.cert)

    def wait_ready(self, within):
        # Ready once /healthz answers 200 over TLS (so the upstream works too).
        deadline = time.time() + within
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                c = http.client.HTTPSConnection(HOST, self.port, timeout=1, context=self.ssl_context())
                try:
                    c.request("GET", "/healthz")
                    if c.getresponse().status == 200:
                        return
                finally:
                    c.close()
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"nginx did not answer /healthz over TLS within {within} s:\n{self.log_tail()}")
