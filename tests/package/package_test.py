#!/usr/bin/python3
"""The Debian package (issue 17.1), built from this build tree with CPack and installed into
a throw-away root with `dpkg -x`, then started from there as an operator would: from a
working directory that is not the repository, with no path given but the config's.

Checks: the control fields (name, version, computed Depends, conffiles, maintainer scripts),
the files and where they go, the installed config's service values, the systemd unit's
hardening, and that incidentd from the root serves its pages and /readyz with the files of
the root (not of the source tree), that incidentctl there finds its regulation file, and
that both print the version. Exits non-zero with the reason on the first failure.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail(f"{' '.join(args)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r.stdout


def build_package(build_dir, out_dir):
    cfg = os.path.join(build_dir, "CPackConfig.cmake")
    check(os.path.exists(cfg), f"{cfg} missing: configure the build first")
    cache = open(os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8").read()
    prefix = re.search(r"^CMAKE_INSTALL_PREFIX:PATH=(.*)$", cache, re.M)
    check(prefix and prefix.group(1) == "/usr",
          f"{build_dir} installs into {prefix.group(1) if prefix else '?'}: the package's layout needs "
          f"cmake -DCMAKE_INSTALL_PREFIX=/usr {build_dir} (the default of a new build directory)")
    run(["cpack", "-G", "DEB", "--config", cfg, "-B", out_dir])
    debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
    check(len(debs) == 1, f"one .deb expected in {out_dir}, found {debs}")
    return os.path.join(out_dir, debs[0])


def check_control(deb, version):
    field = lambda name: run(["dpkg-deb", "-f", deb, name]).strip()
    check(field("Package") == "datashare-incidents", "Package field")
    check(field("Version") == version, f"Version {field('Version')} is not the project's {version}")
    depends = field("Depends")
    # dpkg-shlibdeps computed them from the binaries: the libraries they link.
    for lib in ["adduser", "init-system-helpers", "libsqlite3", "libpoco", "libssl", "libstdc++6"]:
        check(lib in depends, f"Depends lacks {lib}: {depends}")
    control = tempfile.mkdtemp()
    run(["dpkg-deb", "-e", deb, control])
    conffiles = open(os.path.join(control, "conffiles")).read().split()
    check(conffiles == ["/etc/datashare-incidents/incidentd.json", "/etc/datashare-incidents/incidentd.env"],
          f"conffiles: {conffiles}")
    for script in ["postinst", "prerm", "postrm"]:
        path = os.path.join(control, script)
        check(os.access(path, os.X_OK), f"{script} is not executable")
        run(["sh", "-n", path])
    postinst = open(os.path.join(control, "postinst")).read()
    check("adduser --system" in postinst and "incidentd" in postinst, "postinst does not create the system user")
    shutil.rmtree(control)


def check_files(root):
    for path in ["usr/bin/incidentd", "usr/bin/incidentctl", "lib/systemd/system/incidentd.service",
                 "etc/datashare-incidents/incidentd.json", "etc/datashare-incidents/incidentd.env",
                 "usr/share/datashare-incidents/web/index.html",
                 "usr/share/datashare-incidents/config/templates/vi",
                 "usr/share/datashare-incidents/config/regulations/qd-57-2020-ubnd-ninhthuan.json",
                 "usr/share/datashare-incidents/config/demo-directory.csv",
                 "usr/share/doc/datashare-incidents/LICENSE", "usr/share/doc/datashare-incidents/CHANGELOG.md",
                 "usr/share/doc/datashare-incidents/operations.md"]:
        check(os.path.exists(os.path.join(root, path)), f"the package lacks /{path}")
    for name in ["incidentd.env", "incidentd.json"]:
        mode = os.stat(os.path.join(root, "etc/datashare-incidents", name)).st_mode & 0o777
        check(mode & 0o007 == 0, f"{name} is readable by others (mode {oct(mode)})")
    config = json.load(open(os.path.join(root, "etc/datashare-incidents/incidentd.json"), encoding="utf-8"))
    check(config["database"] == "sqlite:/var/lib/datashare-incidents/incidents.db", f"database {config['database']}")
    check(config["log"] == {"format": "json", "level": "info", "stream": "stdout"}, f"log {config['log']}")
    unit = open(os.path.join(root, "lib/systemd/system/incidentd.service")).read()
    # systemd's own check of every key (unknown keys, wrong sections, bad values), with the
    # binary of the root standing in for /usr/bin/incidentd (not installed on this machine).
    checked = os.path.join(os.path.dirname(root), "incidentd.service")
    with open(checked, "w") as f:
        f.write(unit.replace("/usr/bin/incidentd", os.path.join(root, "usr/bin/incidentd")))
    r = subprocess.run(["systemd-analyze", "verify", checked], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr.strip() and not r.stdout.strip(),
          f"systemd-analyze verify: {r.returncode}\n{r.stdout}{r.stderr}")
    for line in ["User=incidentd", "Restart=on-failure", "EnvironmentFile=-/etc/datashare-incidents/incidentd.env",
                 "ExecStart=/usr/bin/incidentd --config /etc/datashare-incidents/incidentd.json",
                 "StateDirectory=datashare-incidents", "NoNewPrivileges=yes", "ProtectSystem=strict",
                 "CapabilityBoundingSet="]:
        check(re.search("^" + re.escape(line) + "$", unit, re.M), f"the unit lacks '{line}'")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_from_root(root, workdir):
    """incidentd of the root, in a working directory of its own, on the installed config."""
    log_path = os.path.join(workdir, "incidentd.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [os.path.join(root, "usr/bin/incidentd"), "--config", os.path.join(root, "etc/datashare-incidents/incidentd.json"),
         "--listen", "127.0.0.1:0", "--database", "sqlite:" + os.path.join(workdir, "incidents.db"),
         "--set", f"notifications.email.smtp_port={free_port()}"],
        cwd=workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        text = open(log_path, encoding="utf-8", errors="replace").read()
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", text)
        if m:
            return proc, int(m.group(1)), log_path
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            fail("incidentd from the package did not start:\n" + text)
        time.sleep(0.05)


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return r.status, r.read().decode("utf-8", "replace")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--version", required=True)
    a = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="incidents-package.")
    try:
        deb = build_package(a.build, os.path.join(tmp, "out"))
        print(f"package: {os.path.basename(deb)}, {os.path.getsize(deb) // 1024} KiB")
        check_control(deb, a.version)
        root = os.path.join(tmp, "root")
        run(["dpkg", "-x", deb, root])
        check_files(root)

        workdir = os.path.join(tmp, "elsewhere")
        os.makedirs(workdir)
        for binary in ["incidentd", "incidentctl"]:
            out = run([os.path.join(root, "usr/bin", binary), "--version"], cwd=workdir)
            check(out.strip() == f"{binary} {a.version}", f"{binary} --version printed {out!r}")
        # With no --config: the root's /etc (install_layout.h), whatever the working directory.
        printed = json.loads(run([os.path.join(root, "usr/bin/incidentd"), "--print-config"], cwd=workdir))
        check(printed["database"] == "sqlite:/var/lib/datashare-incidents/incidents.db",
              "incidentd without --config did not read the root's /etc/datashare-incidents/incidentd.json")
        # incidentctl finds the regulation file of the root: the table cites in Vietnamese.
        table = run([os.path.join(root, "usr/bin/incidentctl"), "workflow"], cwd=workdir)
        check("[khoản 1 Điều 17]" in table, "incidentctl workflow from the root cites nothing:\n" + table)

        # The server reads the root's pages, templates and regulation, not the source tree's:
        # install_layout.h finds root/usr/share/datashare-incidents from the executable.
        proc, port, log_path = start_from_root(root, workdir)
        try:
            status, body = get(port, "/readyz")
            check(status == 200, f"/readyz answered {status}")
            status, page = get(port, "/")
            check(status == 200 and "<html" in page.lower(), "the pages are not served from the package")
            status, _ = get(port, "/assets/app.js")
            check(status == 200, "the assets are not served from the package")
            # The log is JSON lines on stdout (the installed config's log.format and stream).
            lines = [l for l in open(log_path, encoding="utf-8").read().splitlines() if l.strip()]
            for l in lines:
                json.loads(l)
            check(any("listening on" in l for l in lines), "no 'listening on' line")
            data_dir = os.path.join(root, "usr/share/datashare-incidents")
            check(any("files from " + data_dir in l for l in lines),
                  f"the server did not say it reads its files from {data_dir}:\n" + "\n".join(lines))
        finally:
            proc.send_signal(signal.SIGTERM)
            check(proc.wait(20) == 0, "incidentd did not stop cleanly on SIGTERM")
        print("package: installed into a throw-away root, started from elsewhere, served pages and /readyz")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
