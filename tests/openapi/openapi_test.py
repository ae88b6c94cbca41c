#!/usr/bin/python3
"""docs/openapi.yaml held to the real incidentd.

Starts incidentd (a fresh SQLite file, --demo, --listen 127.0.0.1:0, cwd = the repo root so
that config/ and web/ are found), reads its `listening on HOST:PORT` line, and checks:

 (a) Routes. The server's routes are read from its source, the one table each (kRoutes in
     adapters/http/src/router.cpp; kPages and the two patterns of
     adapters/http/src/web_pages.cpp), and must equal the document's (method, path) pairs.
     Then every documented operation is probed on the running server: it must not answer
     as an unknown route (404 from the router, 405), every other method on a documented
     path must answer 405 with an `Allow` header naming exactly the documented methods,
     HEAD must answer like GET, and unknown paths 404. The problem type names are also read
     from the source (every Problem(status, "name", ...) in adapters/http/src) and must
     equal the document's `ProblemType`, with the same status.
 (b) Every status documented for every operation is produced by driving the server
     (missing ones are listed at the end and fail the test); a status the document does
     not list for that operation fails at once.
 (c) Every response received is checked against the document: media type, required
     headers and header values, and the body against its schema (Draft 2020-12, problems
     included). Request bodies and query values that the server accepted (2xx) must also
     be valid under the documented request schemas.

Fields the server sends that the document does not describe are listed (not failed: the
API may grow). Needs Debian's python3-yaml and python3-jsonschema (scripts/setup).
Usage: openapi_test.py --incidentd PATH [--repo DIR] [--spec FILE]
"""

import argparse
import copy
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import warnings

SETUP_HINT = "run scripts/setup (it installs python3-yaml and python3-jsonschema)"
warnings.filterwarnings("ignore", category=DeprecationWarning)  # RefResolver, in jsonschema >= 4.18
try:
    import yaml
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError as e:  # fail loudly, never skip
    print(f"FAIL: {e}: {SETUP_HINT}", file=sys.stderr)
    sys.exit(1)

PROBLEM_PREFIX = "urn:datashare-incidents:problem:"
METHODS = ["get", "post", "put", "patch", "delete"]
START = time.monotonic()


class Failure(Exception):
    pass


def fail(message):
    raise Failure(message)


def check(condition, message):
    if not condition:
        fail(message)


# --- the document ------------------------------------------------------------------------

class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        check(str(self.doc.get("openapi", "")).startswith("3.1."), "openapi: must be 3.1.x")
        self.resolver = jsonschema.RefResolver(base_uri="", referrer=self.doc)
        self.format_checker = jsonschema.FormatChecker()
        self._validators = {}
        self.ops = {}  # (METHOD, path) -> operation
        for path, item in self.doc["paths"].items():
            for method in METHODS:
                if method in item:
                    self.ops[(method.upper(), path)] = item[method]
        self._check_structure()

    def deref(self, obj):
        """An OpenAPI Reference Object -> its target (siblings such as description ignored)."""
        seen = 0
        while isinstance(obj, dict) and "$ref" in obj and seen < 10:
            obj = self.pointer(obj["$ref"])
            seen += 1
        return obj

    def pointer(self, ref):
        check(ref.startswith("#/"), f"only local $refs are used: {ref}")
        node = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            check(isinstance(node, dict) and part in node, f"$ref {ref} does not resolve")
            node = node[part]
        return node

    def _check_structure(self):
        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    self.pointer(node["$ref"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(self.doc)
        for name, schema in self.doc["components"]["schemas"].items():
            try:
                Draft202012Validator.check_schema(schema)
            except jsonschema.SchemaError as e:
                fail(f"components.schemas.{name} is not a valid JSON Schema: {e.message}")
        # A few OpenAPI 3.1 rules that tools enforce (no meta-schema is packaged in Debian):
        # responses have a description, media types hold only schema/examples, a reference
        # has only $ref/summary/description, path parameters are required.
        def response_ok(where, r):
            if "$ref" in r:
                check(set(r) <= {"$ref", "summary", "description"}, f"{where}: a reference with {sorted(r)}")
                return
            check("description" in r, f"{where}: a response needs a description")
            for media_type, media in (r.get("content") or {}).items():
                check(set(media) <= {"schema", "encoding", "example", "examples"},
                      f"{where}: {media_type}: a media type object with {sorted(media)}")
        for (method, path), op in self.ops.items():
            for code, r in op["responses"].items():
                check(re.fullmatch(r"[1-5][0-9][0-9]", str(code)), f"{method} {path}: response key {code}")
                response_ok(f"{method} {path} {code}", r)
            for p in op.get("parameters", []):
                p = self.deref(p)
                check(p["in"] != "path" or p.get("required") is True, f"{method} {path}: path parameter not required")
                if p["in"] == "path":
                    check("{" + p["name"] + "}" in path, f"{method} {path}: no {{{p['name']}}} in the path")
        for name, r in self.doc["components"].get("responses", {}).items():
            response_ok(f"components.responses.{name}", r)
        ids = [op.get("operationId") for op in self.ops.values()]
        check(all(ids) and len(ids) == len(set(ids)), "every operation needs a unique operationId")
        for key, op in self.ops.items():
            check(op.get("responses"), f"{key}: no responses")

    def validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(schema, resolver=self.resolver,
                                                         format_checker=self.format_checker)
        return self._validators[key]

    def errors(self, schema, instance):
        return sorted(self.validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))

    def schema_ref(self, name):
        return {"$ref": f"#/components/schemas/{name}"}

    def problem_types(self):
        """name -> status, from the ProblemType schema (status = the number its description starts with)."""
        out = {}
        for alt in self.doc["components"]["schemas"]["ProblemType"]["oneOf"]:
            m = re.match(r"(\d{3})\.", alt.get("description", ""))
            check(m, f"ProblemType {alt.get('const')}: the description must start with its status")
            check(alt["const"].startswith(PROBLEM_PREFIX), f"ProblemType {alt['const']}: wrong prefix")
            out[alt["const"][len(PROBLEM_PREFIX):]] = int(m.group(1))
        return out


# --- the server's own lists, from its source ----------------------------------------------

def routes_from_source(repo):
    src = open(os.path.join(repo, "adapters/http/src/router.cpp"), encoding="utf-8").read()
    table = re.search(r"kRoutes\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    check(table, "router.cpp: kRoutes not found (the test reads the route table from it)")
    routes = set(re.findall(r'\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(?:true|false)\s*,', table.group(1)))
    check(routes, "router.cpp: no routes read from kRoutes")
    web = open(os.path.join(repo, "adapters/http/src/web_pages.cpp"), encoding="utf-8").read()
    pages = re.search(r"kPages\[\]\s*=\s*\{([^}]*)\}", web)
    check(pages, "web_pages.cpp: kPages not found")
    for page in re.findall(r'"([^"]+)"', pages.group(1)):
        routes.add(("GET", page))
    for pattern in re.findall(r'"(/[a-z/-]*\{[a-z]+\})"', web):  # "/tickets/{id}", "/data-requests/{id}", "/assets/{file}"
        routes.add(("GET", pattern))
    return routes


def problems_from_source(repo):
    out = {}
    folder = os.path.join(repo, "adapters/http/src")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".cpp"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            for status, type_name in re.findall(r'Problem\(\s*(\d{3})\s*,\s*"([a-z-]+)"', text):
                out[type_name] = int(status)
    check(out, "no Problem(status, \"name\", ...) calls found in adapters/http/src")
    return out


# --- the server ---------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, repo, workdir):
        check(os.access(binary, os.X_OK), f"incidentd not found at {binary}: build it first")
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "incidentd.log")
        self.log = open(self.log_path, "wb")
        # No mail server listens: a closed port, one attempt per message.
        args = [binary, "--listen", "127.0.0.1:0", "--database", "sqlite:" + os.path.join(workdir, "incidents.db"),
                "--demo", "--set", f"notifications.email.smtp_port={free_port()}",
                "--set", "notifications.retry.max_attempts=1"]
        self.proc = subprocess.Popen(args, cwd=repo, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            m = re.search(r"listening on (127\.0\.0\.1):(\d+)", self.log_text())
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                fail("incidentd did not start:\n" + self.log_text())
            time.sleep(0.02)

    def log_text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value (the last one)
        self.body = body
        self._json = None

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def media_type(self):
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json


# --- the checker --------------------------------------------------------------------------

def encode_body(body):
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class Api:
    def __init__(self, spec, server):
        self.spec = spec
        self.server = server
        self.covered = {}      # (METHOD, path) -> statuses seen
        self.undocumented = set()
        self.origin = f"http://{server.host}:{server.port}"
        self.samples = {}      # schema name -> a body that validated (for the self-test)

    # The raw exchange; one connection per request.
    def send(self, method, target, body=None, headers=None):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            data = encode_body(body)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            # Always a length, even 0, except where HTTP has no body: without one incidentd
            # (Poco) reads a POST/PUT/PATCH/OPTIONS body until the connection closes.
            if data is not None or method not in ("GET", "HEAD", "DELETE"):
                conn.putheader("Content-Length", str(len(data or b"")))
            conn.endheaders()
            if data:
                conn.send(data)
            r = conn.getresponse()
            payload = r.read()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, payload)
        finally:
            conn.close()

    def call(self, method, path, params=None, query=None, body=None, token=None, cookie=None, headers=None,
             raw_query=None, content_type="application/json", expect=None):
        """One request to a documented operation; the response is checked against it."""
        op = self.spec.ops.get((method, path))
        check(op is not None, f"the test calls {method} {path}, which the document does not have")
        target = path
        for name, value in (params or {}).items():
            target = target.replace("{" + name + "}", urllib.parse.quote(value, safe="/" if name == "file" else ""))
        if query:
            target += "?" + urllib.parse.urlencode(query)
        if raw_query is not None:
            target += "?" + raw_query
        h = {}
        if token:
            h["Authorization"] = "Bearer " + token
        if cookie:
            h["Cookie"] = "incidents_session=" + cookie
        if body is not None and content_type:
            h["Content-Type"] = content_type
        h.update(headers or {})
        r = self.send(method, target, body, h)
        where = f"{method} {target}"
        if expect is not None:
            check(r.status == expect, f"{where}: status {r.status}, expected {expect}: {r.body[:300]!r}")
        self.check_response(method, path, op, r, where)
        if 200 <= r.status < 300:
            self.check_request(method, path, op, body, content_type, query, h, where)
        return r

    def check_request(self, method, path, op, body, content_type, query, headers, where):
        """A request the server accepted must be valid under the document."""
        if body is not None and "requestBody" in op and isinstance(body, (dict, list)):
            schema = self.spec.deref(op["requestBody"])["content"]["application/json"]["schema"]
            errs = self.spec.errors(schema, body)
            check(not errs, f"{where}: the server accepted a body the document calls invalid: "
                  f"{errs[0].message if errs else ''} at {list(errs[0].absolute_path) if errs else ''}")
        for p in op.get("parameters", []):
            p = self.spec.deref(p)
            value = None
            if p["in"] == "query" and query and p["name"] in query:
                value = query[p["name"]]
                if self.spec.deref(p["schema"]).get("type") == "integer":
                    value = int(value)
            elif p["in"] == "header":
                value = next((v for k, v in headers.items() if k.lower() == p["name"].lower()), None)
            if value is not None and value != "":
                errs = self.spec.errors(p["schema"], value)
                check(not errs, f"{where}: {p['in']} parameter {p['name']}={value!r} accepted by the server "
                      f"but invalid in the document: {errs[0].message if errs else ''}")

    def check_response(self, method, path, op, r, where, head=False):
        responses = op["responses"]
        key = str(r.status)
        check(key in responses, f"{where}: status {r.status} is not documented for {method} {path} "
              f"(documented: {', '.join(sorted(responses))}); body {r.body[:300]!r}")
        self.covered.setdefault((method, path), set()).add(r.status)
        doc = self.spec.deref(responses[key])
        self.check_against(doc, r, where, head)

    def check_against(self, doc, r, where, head=False):
        for name, h in (doc.get("headers") or {}).items():
            h = self.spec.deref(h)
            value = r.header(name)
            if h.get("required"):
                check(value is not None, f"{where}: header {name} is required by the document, missing")
            if value is not None:
                errs = self.spec.errors(h["schema"], value)
                check(not errs, f"{where}: header {name}: {value!r}: {errs[0].message if errs else ''}")
        content = doc.get("content")
        if not content:
            check(not r.body, f"{where}: the document says no body, got {r.body[:200]!r}")
            return
        mt = r.media_type
        media = content.get(mt) or content.get("*/*")
        check(media is not None, f"{where}: Content-Type {r.header('Content-Type')!r} is not documented "
              f"(documented: {', '.join(content)})")
        if head:
            check(not r.body, f"{where}: a HEAD response with a body")
            return
        is_json = mt == "application/json" or mt.endswith("+json")
        if is_json:
            ctype = (r.header("Content-Type") or "").lower().replace(" ", "")
            check("charset=utf-8" in ctype, f"{where}: JSON without charset=utf-8: {ctype}")
            try:
                instance = r.json()
            except (ValueError, UnicodeDecodeError) as e:
                fail(f"{where}: the body is not JSON: {e}: {r.body[:200]!r}")
        elif mt.startswith("text/"):
            instance = r.body.decode("utf-8", errors="strict")
        else:  # binary (a workbook): the bytes as Latin-1, one character each, for a pattern on the magic
            instance = r.body.decode("latin-1")
        schema = media.get("schema", {})
        errs = self.spec.errors(schema, instance)
        if errs:
            e = errs[0]
            fail(f"{where}: status {r.status}: the body does not match the document at "
                 f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}\n"
                 f"  schema path: {'/'.join(str(p) for p in e.absolute_schema_path)}\n"
                 f"  body: {r.body[:600].decode('utf-8', 'replace')}")
        if is_json:
            self.note_undocumented(schema, instance, "")
            if "$ref" in schema:
                self.samples.setdefault(schema["$ref"].rsplit("/", 1)[-1], instance)

    def note_undocumented(self, schema, instance, where):
        """Fields sent but not described (allowed; listed at the end)."""
        props, items = self.described(schema)
        if isinstance(instance, dict) and props is not None:
            for k, v in instance.items():
                if k not in props:
                    self.undocumented.add(f"{where}.{k}".lstrip("."))
                else:
                    self.note_undocumented(props[k], v, f"{where}.{k}")
        elif isinstance(instance, list) and items is not None:
            for v in instance[:3]:
                self.note_undocumented(items, v, f"{where}[]")

    def described(self, schema, depth=0):
        """(properties, items) a schema describes, following $ref and allOf."""
        if depth > 8 or not isinstance(schema, dict):
            return None, None
        schema = self.spec.deref(schema)
        props, items = None, schema.get("items")
        if "properties" in schema:
            props = dict(schema["properties"])
        for sub in schema.get("allOf", []):
            p, i = self.described(sub, depth + 1)
            if p is not None:
                props = {**(props or {}), **p}
            items = items or i
        return props, items


# --- the scenario -------------------------------------------------------------------------

def run(spec, server, repo):
    api = Api(spec, server)
    P = "/api/v1"

    # (a) The route lists and the problem types, from the source.
    source_routes = routes_from_source(repo)
    doc_routes = set(spec.ops)
    check(source_routes == doc_routes,
          "routes: the server and the document differ:\n"
          f"  only on the server: {sorted(source_routes - doc_routes)}\n"
          f"  only in the document: {sorted(doc_routes - source_routes)}")
    source_problems = problems_from_source(repo)
    doc_problems = spec.problem_types()
    # ProblemFromStatus maps engine errors with Problem(...) calls too, so the source lists all.
    check(source_problems == doc_problems,
          f"problem types: source {sorted(source_problems.items())} != document {sorted(doc_problems.items())}")

    # (a) Probing: each documented operation exists, other methods are 405, HEAD is GET.
    sample_params = {"id": "INC-2026-999999", "file": "app.js", "username": "nobody", "code": "no-such-code"}
    for (method, path), op in sorted(spec.ops.items()):
        params = {k: v for k, v in sample_params.items() if "{" + k + "}" in path}
        body = {} if method == "POST" else None
        r = api.call(method, path, params=params, body=body)
        # A public request's code is its only key: an unknown one is the handler's 404, told
        # apart from an unknown route by its detail.
        public_404 = (r.status == 404 and "{code}" in path and
                      "yêu cầu khai thác dữ liệu" in (r.json() or {}).get("detail", ""))
        check(r.status not in (404, 405) or public_404, f"{method} {path}: answers as an unknown route ({r.status})")
        target = path
        for k, v in params.items():
            target = target.replace("{" + k + "}", v)
        documented = sorted(m.upper() for m in METHODS if m in spec.doc["paths"][path])
        for other in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]:
            if other in documented:
                continue
            r = api.send(other, target, b"{}" if other in ("POST", "PUT", "PATCH") else None,
                         {"Content-Type": "application/json"})
            check(r.status == 405, f"{other} {target}: {r.status}, expected 405 (the path has {documented})")
            allow = sorted(a.strip() for a in (r.header("Allow") or "").split(","))
            # API routes list their methods; the pages say "GET, HEAD".
            expect_allow = documented if path.startswith(("/api/", "/healthz", "/readyz", "/metrics")) else sorted(documented + ["HEAD"])
            check(allow == expect_allow, f"{other} {target}: Allow {allow}, expected {expect_allow}")
            api.check_against({"content": {"application/problem+json": {"schema": spec.schema_ref(
                "MethodNotAllowedProblem")}}}, r, f"{other} {target}")
        if method == "GET":
            g = api.send("GET", target)
            h = api.send("HEAD", target)
            check(h.status == g.status and h.media_type == g.media_type,
                  f"HEAD {target}: {h.status} {h.media_type}, GET: {g.status} {g.media_type}")
            api.check_response("GET", path, op, h, f"HEAD {target}", head=True)
    for unknown in ["/api/v1/nothing", "/api", "/api/v1/tickets/x/y", "/nothing", "/assets/nothing.js",
                    "/tickets/x/y", "/index.html"]:
        r = api.send("GET", unknown)
        check(r.status == 404, f"GET {unknown}: {r.status}, expected 404")
        api.check_against({"content": {"application/problem+json": {"schema": spec.schema_ref(
            "NotFoundProblem")}}}, r, f"GET {unknown}")

    # (b) A malformed URI: 400 on every operation.
    for (method, path) in sorted(spec.ops):
        params = {k: v for k, v in sample_params.items() if "{" + k + "}" in path}
        api.call(method, path, params=params, raw_query="q=%zz", expect=400)

    # --- service ---
    api.call("GET", "/healthz", expect=200)
    api.call("GET", "/readyz", expect=200)
    # Not ready while the database file is moved away (the server would write to a file no
    # restart finds); ready again once it is back.
    db_path = os.path.join(server.workdir, "incidents.db")
    os.rename(db_path, db_path + ".moved")
    try:
        api.call("GET", "/readyz", expect=503)
    finally:
        os.rename(db_path + ".moved", db_path)
    api.call("GET", "/readyz", expect=200)
    api.call("GET", "/metrics", expect=200)

    # --- sessions ---
    tokens, csrf = {}, {}
    for user in ["stp.reporter", "stp.focal", "stnmt.focal", "syt.reporter", "stttt.engineer",
                 "stttt.coordinator", "chairman", "admin"]:
        r = api.call("POST", P + "/sessions", body={"username": user, "password": "demo"}, expect=201)
        tokens[user], csrf[user] = r.json()["token"], r.json()["csrf_token"]
        check(r.header("Set-Cookie") is None, "a bearer sign-in sets no cookie")
    r = api.call("POST", P + "/sessions", body={"username": "stp.reporter", "password": "demo", "cookie": True,
                                                "unknown_field": [1]}, expect=201)
    check(r.header("Set-Cookie"), "\"cookie\": true sets the session cookie")
    cookie_token, cookie_csrf = r.json()["token"], r.json()["csrf_token"]
    api.call("POST", P + "/sessions", body="{\"username\":", expect=400)
    api.call("POST", P + "/sessions", body={"username": "stp.reporter"}, expect=400)
    api.call("POST", P + "/sessions", body={"username": "stp.reporter", "password": "demo", "cookie": "yes"},
             expect=400)
    api.call("POST", P + "/sessions", body={"username": "stp.reporter", "password": "wrong"}, expect=401)
    api.call("POST", P + "/sessions", body="username=stp.reporter", content_type="application/x-www-form-urlencoded",
             expect=415)
    limit = 1 << 20  # http.body_limit_bytes, default
    api.call("POST", P + "/sessions", body=b"{" + b" " * limit + b"}", expect=413)

    me = api.call("GET", P + "/me", token=tokens["stttt.coordinator"], expect=200).json()
    check(me["csrf_token"] == csrf["stttt.coordinator"], "/me: csrf_token differs from the sign-in's")
    api.call("GET", P + "/me", cookie=cookie_token, expect=200)
    api.call("GET", P + "/me", expect=401)
    api.call("GET", P + "/me", token="not-a-token", expect=401)
    api.call("GET", P + "/orgs", token=tokens["stp.reporter"], expect=200)
    api.call("GET", P + "/orgs", expect=401)

    # --- reference ---
    api.call("GET", P + "/calendar", token=tokens["stp.reporter"], query={"year": "2027"}, expect=200)
    api.call("GET", P + "/calendar", token=tokens["stp.reporter"], expect=200)
    api.call("GET", P + "/calendar", token=tokens["stp.reporter"], query={"year": "abc"}, expect=400)
    api.call("GET", P + "/calendar", token=tokens["stp.reporter"], query={"year": "1800"}, expect=422)
    api.call("GET", P + "/calendar", expect=401)

    # --- reports (issue 16) ---
    period = {"from": "2026-01-01", "to": "2026-12-31"}
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"], query=period, expect=200)
    api.call("GET", P + "/reports/incidents", token=tokens["stnmt.focal"],
             query=dict(period, group_by="category"), expect=200)
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"], query={"from": "2026-01-01"},
             expect=422)
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"],
             raw_query="from=2026-01-01&to=%ZZ", expect=400)
    api.call("GET", P + "/reports/incidents", query=period, expect=401)
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"],
             query=dict(period, group_by="org", format="xlsx"), expect=200)
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"],
             query=dict(period, format="csv"), expect=200)
    api.call("GET", P + "/reports/incidents", token=tokens["stttt.coordinator"],
             query=dict(period, format="pdf"), expect=422)
    api.call("GET", P + "/reports/data-requests", token=tokens["stttt.coordinator"],
             raw_query="from=2026-01-01&to=%ZZ", expect=400)
    api.call("GET", P + "/reports/data-requests", token=tokens["stttt.coordinator"],
             query=dict(period, group_by="month"), expect=200)
    api.call("GET", P + "/reports/data-requests", token=tokens["stttt.coordinator"],
             query=dict(period, group_by="colour"), expect=422)
    api.call("GET", P + "/reports/data-requests", query=period, expect=401)
    api.call("GET", P + "/workflows/incident", token=tokens["chairman"], expect=200)
    api.call("GET", P + "/workflows/incident", expect=401)

    # --- tickets: create ---
    rep, coord, eng = tokens["stp.reporter"], tokens["stttt.coordinator"], tokens["stttt.engineer"]
    new = {"category": "data_discrepancy", "title": "Dữ liệu hộ tịch sai lệch",
           "description": "Số liệu khai sinh tháng 3 không khớp giữa hai hệ thống.", "parties": ["stnmt"]}
    t1 = api.call("POST", P + "/tickets", token=rep, body=new, expect=201).json()
    check(t1["version"] == 1 and t1["state"] == "reported", "a new ticket is reported at version 1")
    t2 = api.call("POST", P + "/tickets", token=rep, expect=201,
                  body={"category": "connection_failure", "title": "Mất kết nối", "description": "",
                        "priority": "critical", "parties": None, "service": "LGSP", "ignored": True}).json()
    key = {"Idempotency-Key": "openapi-create-1"}
    t3 = api.call("POST", P + "/tickets", token=rep, body=dict(new, title="Phiếu thứ ba"), headers=key,
                  expect=201).json()
    again = api.call("POST", P + "/tickets", token=rep, body=dict(new, title="Phiếu thứ ba"), headers=key,
                     expect=201)
    check(again.header("Idempotent-Replayed") == "true" and again.json()["id"] == t3["id"],
          "a replayed POST /tickets answers the first ticket with Idempotent-Replayed: true")
    api.call("POST", P + "/tickets", token=rep, body=dict(new, title="Khác"), headers=key, expect=422)
    api.call("POST", P + "/tickets", token=rep, body=new, headers={"Idempotency-Key": "k" * 256}, expect=400)
    api.call("POST", P + "/tickets", token=rep, body="{\"category\":", expect=400)
    api.call("POST", P + "/tickets", token=rep, body={"category": "other", "description": "x"}, expect=400)
    api.call("POST", P + "/tickets", token=rep, body=dict(new, category="weather"), expect=422)
    api.call("POST", P + "/tickets", token=rep, body=dict(new, title="   "), expect=422)
    api.call("POST", P + "/tickets", token=rep, body=dict(new, parties=["nobody"]), expect=422)
    api.call("POST", P + "/tickets", token=coord, body=new, expect=403)
    api.call("POST", P + "/tickets", body=new, expect=401)
    api.call("POST", P + "/tickets", token=rep, body=json.dumps(new), content_type="text/plain", expect=415)
    api.call("POST", P + "/tickets", token=rep, body=b"{" + b" " * limit + b"}", expect=413)
    # A cookie session: Origin and X-CSRF-Token, else 403 csrf.
    api.call("POST", P + "/tickets", cookie=cookie_token, body=new, headers={"Origin": api.origin}, expect=403)
    api.call("POST", P + "/tickets", cookie=cookie_token, body=new,
             headers={"Origin": "http://evil.example", "X-CSRF-Token": cookie_csrf}, expect=403)
    t4 = api.call("POST", P + "/tickets", cookie=cookie_token, body=new,
                  headers={"Origin": api.origin, "X-CSRF-Token": cookie_csrf}, expect=201).json()

    # --- tickets: read ---
    api.call("GET", P + "/tickets/{id}", params={"id": t1["id"]}, token=rep, expect=200)
    api.call("GET", P + "/tickets/{id}", params={"id": t1["id"]}, token=tokens["stnmt.focal"], expect=200)
    api.call("GET", P + "/tickets/{id}", params={"id": t1["id"]}, token=tokens["syt.reporter"], expect=404)
    api.call("GET", P + "/tickets/{id}", params={"id": "INC-2026-999999"}, token=coord, expect=404)
    api.call("GET", P + "/tickets/{id}", params={"id": t1["id"]}, expect=401)

    # --- events: the whole workflow on t1 (every user event type) ---
    def event(token, ticket, body, expect=200, **kw):
        return api.call("POST", P + "/tickets/{id}/events", params={"id": ticket["id"]}, token=token, body=body,
                        expect=expect, **kw)

    t = event(coord, t1, {"type": "acknowledge", "expected_version": 1}).json()
    check(t["state"] == "triage" and t["version"] == 2, "acknowledge: triage, version 2")
    event(eng, t1, {"type": "assign_doict"})
    event(eng, t1, {"type": "request_info", "question": "Xin gửi bản ghi cụ thể?"})
    event(rep, t1, {"type": "provide_info", "answer": "Bản ghi số 12, 13."})
    event(eng, t1, {"type": "request_party_fix", "party": "stnmt", "instructions": "Đối soát lại dữ liệu."})
    event(coord, t1, {"type": "refer_ministry", "question": "Chuẩn dữ liệu nào áp dụng?"})
    event(coord, t1, {"type": "record_ministry_conclusion", "conclusion": "Áp dụng chuẩn của Bộ."})
    event(coord, t1, {"type": "escalate_chairman", "reason": "Các bên chưa thống nhất."})
    event(tokens["chairman"], t1, {"type": "record_chairman_decision", "decision": "Sở TN&MT sửa.",
                                   "requires_action": True})
    event(tokens["stnmt.focal"], t1, {"type": "resolve", "resolution": "Đã sửa."})
    event(rep, t1, {"type": "reopen", "reason": "Vẫn còn sai."})
    event(eng, t1, {"type": "assign_doict", "assignee": "stttt.engineer"})
    event(eng, t1, {"type": "resolve", "resolution": "Đã sửa lần hai."})
    event(rep, t1, {"type": "confirm", "feedback": None})
    cmt = {"type": "comment", "body": "Cảm ơn.", "expected_version": None}
    ikey = {"Idempotency-Key": "openapi-comment-1"}
    first = event(rep, t1, cmt, headers=ikey).json()
    replay = event(rep, t1, cmt, headers=ikey)
    check(replay.header("Idempotent-Replayed") == "true" and replay.json()["version"] == first["version"],
          "a replayed event answers the first response and changes nothing")
    event(rep, t1, dict(cmt, body="Khác"), headers=ikey, expect=422)
    event(rep, t1, cmt, headers={"Idempotency-Key": "k" * 256}, expect=400)
    event(coord, t2, {"type": "reject", "reason": "Trùng.", "duplicate_of": t1["id"]})
    api.call("POST", P + "/tickets/{id}/events", params={"id": t4["id"]}, cookie=cookie_token,
             headers={"Origin": api.origin, "X-CSRF-Token": cookie_csrf},
             body={"type": "comment", "body": "Qua cookie."}, expect=200)

    # --- events: every error status, on t3 (reported) ---
    event(rep, t3, "{\"type\":", expect=400)
    event(rep, t3, {"body": "no type"}, expect=400)
    event(rep, t3, {"type": "comment"}, expect=400)
    event(rep, t3, {"type": "comment", "body": "x", "expected_version": "1"}, expect=400)
    api.call("POST", P + "/tickets/{id}/events", params={"id": t3["id"]}, body={"type": "comment", "body": "x"},
             expect=401)
    event(rep, t3, {"type": "acknowledge"}, expect=403)
    event(coord, t3, {"type": "sla_breach", "clock": "ack", "level": 1}, expect=403)
    api.call("POST", P + "/tickets/{id}/events", params={"id": t3["id"]}, cookie=cookie_token,
             headers={"Origin": api.origin}, body={"type": "comment", "body": "x"}, expect=403)
    api.call("POST", P + "/tickets/{id}/events", params={"id": "INC-2026-999999"}, token=coord,
             body={"type": "acknowledge"}, expect=404)
    event(tokens["syt.reporter"], t3, {"type": "comment", "body": "x"}, expect=404)
    event(rep, t3, {"type": "confirm"}, expect=409)
    event(rep, t3, {"type": "comment", "body": "x", "expected_version": 99}, expect=409)
    event(rep, t3, {"type": "comment", "body": "x"}, content_type="text/plain", expect=415)
    event(rep, t3, b"{" + b" " * limit + b"}", expect=413)
    event(rep, t3, {"type": "bogus"}, expect=422)
    event(rep, t3, {"type": "report", "category": "other", "title": "x", "description": ""}, expect=422)
    event(rep, t3, {"type": "comment", "body": "  "}, expect=422)
    event(coord, t3, {"type": "acknowledge"})
    event(coord, t3, {"type": "assign_doict", "assignee": "stp.reporter"}, expect=422)

    # --- tickets: lists ---
    page = api.call("GET", P + "/tickets", token=coord, query={"limit": "2"}, expect=200).json()
    check(page["next_cursor"] is not None and len(page["items"]) == 2, "limit=2 of 4 tickets: a next_cursor")
    api.call("GET", P + "/tickets", token=coord, query={"limit": "2", "cursor": page["next_cursor"]}, expect=200)
    api.call("GET", P + "/tickets", token=rep, expect=200)
    api.call("GET", P + "/tickets", token=coord, expect=200,
             query={"state": "closed", "category": "data_discrepancy", "org": "stnmt", "priority": "normal",
                    "assignee": "stttt.engineer", "limit": "500"})
    api.call("GET", P + "/tickets", token=coord, query={"limit": "many"}, expect=400)
    api.call("GET", P + "/tickets", token=coord, query={"cursor": "abc"}, expect=400)
    api.call("GET", P + "/tickets", token=coord, query={"state": "open"}, expect=422)
    api.call("GET", P + "/tickets", token=coord, query={"limit": "0"}, expect=422)
    api.call("GET", P + "/tickets", token=coord, query={"org": "nobody"}, expect=422)
    api.call("GET", P + "/tickets", expect=401)
    # Search and date ranges (issue 16.5): without diacritics, in any case, words ANDed.
    found = [x["id"] for x in api.call("GET", P + "/tickets", token=coord, query={"q": "SAI LECH ho tich", "limit": "500"},
                                       expect=200).json()["items"]]
    check(t1["id"] in found and t2["id"] not in found, f"q=SAI LECH ho tich finds t1 only of ours: {found}")
    check(api.call("GET", P + "/tickets", token=coord, query={"q": "sai lech mat ket noi"},
                   expect=200).json()["items"] == [], "q's words are ANDed")
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))  # Vietnam's date
    dated = [x["id"] for x in api.call("GET", P + "/tickets", token=coord, expect=200, query={
        "created_from": today, "created_to": today, "q": "sai lệch", "limit": "500"}).json()["items"]]
    check(t1["id"] in dated, "created_from=created_to=today lists today's ticket")
    check(api.call("GET", P + "/tickets", token=coord, expect=200,
                   query={"created_from": "2020-01-01", "created_to": "2020-12-31"}).json()["items"] == [],
          "no ticket was created in 2020")
    api.call("GET", P + "/tickets", token=coord, query={"resolved_from": "2020-01-01", "resolved_to": today}, expect=200)
    api.call("GET", P + "/tickets", token=coord, query={"created_from": "31/01/2027"}, expect=400)
    api.call("GET", P + "/tickets", token=coord, query={"resolved_to": "2027-02-30"}, expect=400)
    api.call("GET", P + "/tickets", token=coord, query={"created_from": "2027-02-01", "created_to": "2027-01-31"},
             expect=422)
    api.call("GET", P + "/tickets", token=coord, query={"q": "x" * 201}, expect=422)
    # Exports (issue 16.3): the list's filters and visibility, as CSV and XLSX.
    EXPORT = P + "/tickets/export"
    csv = api.call("GET", EXPORT, token=coord, query={"format": "csv", "q": "sai lệch"}, expect=200).body.decode("utf-8")
    check(t1["id"] in csv and t2["id"] not in csv, "the CSV export takes the list's q filter")
    theirs = api.call("GET", EXPORT, token=tokens["syt.reporter"], query={"format": "csv"}, expect=200).body.decode("utf-8")
    check(t1["id"] not in theirs, "another agency's export lacks stp's tickets")
    xlsx = api.call("GET", EXPORT, token=coord, query={"format": "xlsx", "state": "closed", "created_to": today},
                    expect=200)
    check(xlsx.header("Content-Disposition").endswith(".xlsx"), "the workbook is named .xlsx")
    api.call("GET", EXPORT, token=coord, expect=200)
    api.call("GET", EXPORT, token=coord, query={"created_from": "31/01/2027"}, expect=400)
    api.call("GET", EXPORT, token=coord, query={"format": "pdf"}, expect=422)
    api.call("GET", EXPORT, expect=401)

    # --- history and notifications ---
    for ticket in (t1, t2, t3, t4):
        api.call("GET", P + "/tickets/{id}/history", params={"id": ticket["id"]}, token=coord, expect=200)
        api.call("GET", P + "/tickets/{id}/notifications", params={"id": ticket["id"]}, token=coord, expect=200)
    hist = api.call("GET", P + "/tickets/{id}/history", params={"id": t1["id"]}, token=rep, expect=200).json()
    seen = {e["type"] for e in hist["items"]}
    # Issue 12.3's events need settings the demo server does not have (director sign-off,
    # chairman_may_return) and a director: tests/e2e/escalation_test.cpp drives them.
    settings_only = {"approve_escalation", "return_escalation", "return_to_doict"}
    want = set(spec.doc["components"]["schemas"]["UserEventType"]["enum"]) - settings_only | {"report"}
    check(want - {"reject"} <= seen, f"t1's history lacks {sorted(want - {'reject'} - seen)}")
    api.call("GET", P + "/tickets/{id}/history", params={"id": t1["id"]}, token=tokens["syt.reporter"], expect=404)
    api.call("GET", P + "/tickets/{id}/history", params={"id": t1["id"]}, expect=401)
    api.call("GET", P + "/tickets/{id}/notifications", params={"id": "INC-2026-999999"}, token=coord, expect=404)
    api.call("GET", P + "/tickets/{id}/notifications", params={"id": t1["id"]}, expect=401)

    # --- data-sharing requests (issue 15): every route and status ---
    data_requests(api, P, tokens, limit, t1, cookie_token)
    public_requests(api, P, tokens, limit, server)

    # --- web pages ---
    for (method, path) in sorted(spec.ops):
        if path.startswith(("/api/", "/healthz", "/readyz", "/metrics")):
            continue
        params = {k: v for k, v in {"id": t1["id"], "file": "app.js"}.items() if "{" + k + "}" in path}
        r = api.call("GET", path, params=params, expect=200)
        api.call("GET", path, params=params, headers={"If-None-Match": r.header("ETag")}, expect=304)
    api.call("GET", "/assets/{file}", params={"file": "pages/nothing.js"}, expect=404)
    api.call("GET", "/assets/{file}", params={"file": "app.css"}, expect=200)

    # --- the directory (Chapter VI) ---
    directory_user_token = directory(api, P, tokens, limit)

    # --- sign-out ---
    api.call("DELETE", P + "/sessions/current", cookie=cookie_token, headers={"Origin": api.origin}, expect=403)
    r = api.call("DELETE", P + "/sessions/current", cookie=cookie_token,
                 headers={"Origin": api.origin, "X-CSRF-Token": cookie_csrf}, expect=204)
    check(r.header("Set-Cookie"), "signing out by cookie clears the cookie")
    api.call("DELETE", P + "/sessions/current", token=tokens["admin"], expect=204)
    api.call("DELETE", P + "/sessions/current", token=tokens["admin"], expect=401)
    api.call("GET", P + "/me", token=tokens["admin"], expect=401)

    # --- the login throttle (last: it also throttles this client's address for a minute) ---
    for attempt in range(1, 13):
        r = api.call("POST", P + "/sessions", body={"username": "openapi.nobody", "password": "x"})
        if r.status == 429:
            break
        check(r.status == 401, f"failed sign-in {attempt}: {r.status}")
    check(r.status == 429, "no 429 after 12 failed sign-ins")
    # A password check from the throttled address is refused too, whoever asks.
    api.call("PUT", P + "/me/password", token=directory_user_token, body={"current": "x", "new": "y"}, expect=429)

    self_test(spec, api)
    return api


def data_requests(api, P, tokens, limit, incident, cookie_token):
    """The data-sharing request workflow (Art. 12-13): its table, a person's request taken
    through consultation to a grant, an outside agency's grant that waits for the owning
    units' agreement and goes to the Chairman, and every error status of its routes."""
    eng, coord, rep = tokens["stttt.engineer"], tokens["stttt.coordinator"], tokens["stp.reporter"]
    stnmt, chairman = tokens["stnmt.focal"], tokens["chairman"]
    skhdt = api.call("POST", P + "/sessions", body={"username": "skhdt.focal", "password": "demo"},
                     expect=201).json()["token"]
    big = b"{" + b" " * limit + b"}"
    DR, ONE = P + "/data-requests", P + "/data-requests/{id}"
    EVENTS, HISTORY = P + "/data-requests/{id}/events", P + "/data-requests/{id}/history"

    # The table.
    wf = api.call("GET", P + "/workflows/data_request", token=rep, expect=200).json()
    states = set(api.spec.doc["components"]["schemas"]["RequestState"]["enum"])
    check(wf["name"] == "data_request" and wf["categories"] == [] and {s["id"] for s in wf["states"]} == states,
          "the data_request table has its own states and no categories")
    check(any(t["event"] == "decide" and t["to"] == "awaiting_agreement" for t in wf["transitions"]),
          "the table has the grant that waits for the owning units")
    api.call("GET", P + "/workflows/data_request", expect=401)

    # Filing: only DoICT engineers and coordinators.
    person = {"scope": "person_or_business", "title": "Danh sách doanh nghiệp đăng ký mới",
              "data_wanted": "Tên, mã số thuế, ngành nghề của doanh nghiệp đăng ký năm 2025.",
              "purpose": "Nghiên cứu thị trường.", "legal_basis": "Luật Tiếp cận thông tin 2016.",
              "requester_name": "Nguyễn Văn An", "organisation": "Công ty TNHH Thử nghiệm", "tax_code": "4500123456",
              "email": "an@thunghiem.example", "phone": "+84900000001", "portal_reference": None,
              "period_from": "2025-01-01", "period_to": "2025-12-31", "personal_data": False, "owners": None}
    r = api.call("POST", DR, token=eng, body=person, expect=201)
    d1 = r.json()
    check(r.header("Location") == DR + "/" + d1["id"], f"Location names the request: {r.header('Location')}")
    check(d1["workflow"] == "data_request" and d1["state"] == "submitted" and d1["version"] == 1 and
          d1["category_label_vi"] == "" and d1["parties"] == [], "a new request is submitted at version 1")
    check(d1["request"]["email"] == person["email"] and d1["request"]["contact_shown"] is True,
          "DoICT sees the requester's contact details")
    agency = {"scope": "outside_agency", "title": "Bản đồ địa chính số", "data_wanted": "Bản đồ địa chính các xã.",
              "purpose": "Quy hoạch vùng.", "legal_basis": "Luật Đất đai 2024.", "requester_name": "Cục Đo đạc",
              "organisation": "Bộ Tài nguyên và Môi trường", "portal_reference": "NDP-2026-0042",
              "personal_data": True, "owners": ["stnmt", "skhdt", "stnmt"]}
    d2 = api.call("POST", DR, token=coord, body=agency, expect=201).json()
    check(d2["parties"] == ["stnmt", "skhdt"] and d2["scope"] == "outside_agency", "owners become the parties")
    key = {"Idempotency-Key": "openapi-dr-1"}
    third = dict(person, title="Yêu cầu thứ ba")
    d3 = api.call("POST", DR, token=eng, body=third, headers=key, expect=201).json()
    again = api.call("POST", DR, token=eng, body=third, headers=key, expect=201)
    check(again.header("Idempotent-Replayed") == "true" and again.json()["id"] == d3["id"],
          "a replayed POST /data-requests answers the first request with Idempotent-Replayed: true")
    api.call("POST", DR, token=eng, body=dict(third, title="Khác"), headers=key, expect=422)
    api.call("POST", DR, token=eng, body=person, headers={"Idempotency-Key": "k" * 256}, expect=400)
    api.call("POST", DR, token=eng, body="{\"scope\":", expect=400)
    api.call("POST", DR, token=eng, body={k: v for k, v in person.items() if k != "purpose"}, expect=400)
    api.call("POST", DR, token=eng, body=dict(person, personal_data="yes"), expect=400)
    api.call("POST", DR, token=eng, body=dict(person, owners="stnmt"), expect=400)
    for bad in [dict(person, scope="intra_province"), dict(person, period_from="2026-01-01"),
                dict(person, owners=["nobody"]), dict(person, owners=["stttt"]), dict(person, title="   "),
                dict(person, period_to="2025-02-30")]:
        api.call("POST", DR, token=eng, body=bad, expect=422)
    for forbidden in (rep, stnmt, chairman, tokens["admin"]):
        api.call("POST", DR, token=forbidden, body=person, expect=403)
    api.call("POST", DR, cookie=cookie_token, body=person, headers={"Origin": api.origin}, expect=403)
    api.call("POST", DR, body=person, expect=401)
    api.call("POST", DR, token=eng, body=json.dumps(person), content_type="text/plain", expect=415)
    api.call("POST", DR, token=eng, body=big, expect=413)
    d4 = api.call("POST", DR, token=eng, body=dict(person, title="Yêu cầu để thử lỗi"), expect=201).json()

    # Reading: each family sees only its own workflow's tickets.
    api.call("GET", ONE, params={"id": d1["id"]}, token=eng, expect=200)
    api.call("GET", ONE, params={"id": d1["id"]}, token=chairman, expect=200)
    api.call("GET", ONE, params={"id": d1["id"]}, token=rep, expect=404)
    api.call("GET", ONE, params={"id": incident["id"]}, token=coord, expect=404)
    api.call("GET", ONE, params={"id": "YC-2026-999999"}, token=coord, expect=404)
    api.call("GET", ONE, params={"id": d1["id"]}, expect=401)
    api.call("GET", P + "/tickets/{id}", params={"id": d1["id"]}, token=coord, expect=404)
    api.call("POST", P + "/tickets/{id}/events", params={"id": d1["id"]}, token=coord,
             body={"type": "comment", "body": "x"}, expect=404)
    api.call("GET", P + "/tickets/{id}/history", params={"id": d1["id"]}, token=coord, expect=404)

    def event(token, req, body, expect=200, **kw):
        return api.call("POST", EVENTS, params={"id": req["id"]}, token=token, body=body, expect=expect, **kw).json()

    # A person's request: screened, completed, consulted, an opinion given, granted, closed.
    t = event(eng, d1, {"type": "screen", "note": None, "expected_version": 1})
    check(t["state"] == "screening" and t["version"] == 2, "screen: screening, version 2")
    check(event(eng, d1, {"type": "request_info", "question": "Xin bổ sung giấy phép kinh doanh?"})["state"]
          == "waiting_reporter", "request_info: waiting_reporter")
    check(event(eng, d1, {"type": "provide_info", "answer": "Đã nộp bản sao."})["state"] == "screening",
          "provide_info goes back to screening")
    t = event(eng, d1, {"type": "consult", "units": ["stnmt"], "question": "Có chia sẻ được không?",
                        "due": "2027-01-15"})
    check(t["state"] == "consulting" and t["request"]["consulted"] == ["stnmt"] and "stnmt" in t["parties"]
          and t["request"]["opinions_due"] == "2027-01-15", "consult: the unit is consulted and a party")
    event(skhdt, d1, {"type": "give_opinion", "opinion": "Đồng ý.", "agrees": True}, expect=404)
    seen = api.call("GET", ONE, params={"id": d1["id"]}, token=stnmt, expect=200).json()
    check(seen["request"]["email"] is None and seen["request"]["tax_code"] is None and
          seen["request"]["phone"] is None and seen["request"]["contact_shown"] is False,
          "a consulted unit does not see the requester's contact details")
    check("give_opinion" in seen["allowed_actions"], "the consulted unit may give its opinion")
    t = event(stnmt, d1, {"type": "give_opinion", "opinion": "Đồng ý chia sẻ, trừ số điện thoại.", "agrees": True})
    check(t["request"]["opinions_from"] == ["stnmt"] and t["state"] == "consulting", "the opinion is recorded")
    event(stnmt, d1, {"type": "give_opinion", "opinion": "Lần nữa.", "agrees": False}, expect=403)
    event(eng, d1, {"type": "decide", "outcome": "grant", "datasets": ["Danh sách doanh nghiệp"],
                    "valid_until": "2027-12-31"}, expect=403)
    t = event(coord, d1, {"type": "decide", "outcome": "grant", "datasets": ["Danh sách doanh nghiệp"],
                          "conditions": "Không công bố lại.", "valid_until": "2027-12-31",
                          "document_number": "12/QĐ-STTTT", "document_date": "2026-12-01"})
    check(t["state"] == "granted" and t["request"]["decision"]["outcome"] == "grant" and
          t["request"]["proposal"] is None, "a person's request is granted by DoICT alone")
    check(event(eng, d1, {"type": "close", "note": "Đã bàn giao dữ liệu."})["state"] == "closed", "close: closed")
    event(stnmt, d1, {"type": "comment", "body": "Đã nhận thông tin."})

    # An outside agency's grant waits for the owning units (Art. 12.2); they disagree, the Chairman decides.
    event(eng, d2, {"type": "screen"})
    t = event(coord, d2, {"type": "decide", "outcome": "grant", "datasets": ["Bản đồ địa chính"],
                          "valid_until": "2027-06-30"})
    check(t["state"] == "awaiting_agreement" and t["request"]["proposal"]["outcome"] == "grant" and
          t["request"]["decision"] is None, "an outside agency's grant goes to awaiting_agreement as a proposal")
    t = event(stnmt, d2, {"type": "agree", "note": None})
    check(t["state"] == "awaiting_agreement" and t["request"]["agreed_by"] == ["stnmt"], "one owner agreed")
    event(stnmt, d2, {"type": "agree"}, expect=403)
    t = event(skhdt, d2, {"type": "disagree", "reason": "Dữ liệu chưa được chuẩn hoá."})
    check(t["request"]["disagreed_by"] == ["skhdt"], "the other disagreed")
    event(eng, d2, {"type": "escalate_chairman", "reason": "Các đơn vị chưa thống nhất."}, expect=403)
    check(event(coord, d2, {"type": "escalate_chairman", "reason": "Các đơn vị chưa thống nhất."})["state"]
          == "awaiting_chairman", "escalate_chairman: awaiting_chairman")
    t = event(chairman, d2, {"type": "decide", "outcome": "partial", "datasets": ["Bản đồ địa chính cấp huyện"],
                             "valid_until": "2027-06-30", "reason": "Chỉ chia sẻ cấp huyện.",
                             "document_number": "45/QĐ-UBND", "document_date": "2026-12-02"})
    check(t["state"] == "partially_granted" and t["request"]["decision"]["reason"] == "Chỉ chia sẻ cấp huyện.",
          "the Chairman grants in part")

    # Withdrawn; refused.
    check(event(eng, d3, {"type": "withdraw", "reason": "Người yêu cầu rút."})["state"] == "withdrawn",
          "withdraw: withdrawn")
    event(eng, d4, {"type": "screen"})
    event(coord, d4, {"type": "decide", "outcome": "refuse"}, expect=422)
    check(event(coord, d4, {"type": "decide", "outcome": "refuse", "reason": "Dữ liệu thuộc bí mật nhà nước.",
                            "datasets": None})["state"] == "refused", "refuse: refused")

    # Every error status of the events route, on d4 (refused) and d5 (screening).
    d5 = api.call("POST", DR, token=eng, body=dict(person, title="Yêu cầu thứ năm"), expect=201).json()
    event(eng, d5, {"type": "screen"})
    event(eng, d5, "{\"type\":", expect=400)
    event(eng, d5, {"note": "no type"}, expect=400)
    event(eng, d5, {"type": "request_info"}, expect=400)
    event(eng, d5, {"type": "comment", "body": "x", "expected_version": "2"}, expect=400)
    event(coord, d5, {"type": "give_opinion", "opinion": "x", "agrees": "yes"}, expect=400)
    api.call("POST", EVENTS, params={"id": d5["id"]}, body={"type": "comment", "body": "x"}, expect=401)
    event(chairman, d5, {"type": "request_info", "question": "?"}, expect=403)
    api.call("POST", EVENTS, params={"id": d5["id"]}, cookie=cookie_token, headers={"Origin": api.origin},
             body={"type": "comment", "body": "x"}, expect=403)
    event(rep, d5, {"type": "comment", "body": "x"}, expect=404)
    event(coord, incident, {"type": "comment", "body": "x"}, expect=404)
    api.call("POST", EVENTS, params={"id": "YC-2026-999999"}, token=coord, body={"type": "screen"}, expect=404)
    event(eng, d5, {"type": "close"}, expect=409)
    event(eng, d4, {"type": "screen"}, expect=409)
    # An incident's event is as unknown on a request as a made-up name.
    event(coord, d5, {"type": "acknowledge"}, expect=422)
    event(eng, d5, {"type": "comment", "body": "x", "expected_version": 99}, expect=409)
    event(eng, d5, {"type": "comment", "body": "x"}, content_type="text/plain", expect=415)
    event(eng, d5, big, expect=413)
    for bad in [{"type": "bogus"}, {"type": "submit"}, {"type": "report"}, {"type": "comment", "body": "  "},
                {"type": "consult", "units": [], "question": "?", "due": "2027-01-15"},
                {"type": "consult", "units": ["stnmt"], "question": "?"},
                {"type": "consult", "units": ["nobody"], "question": "?", "due": "2027-01-15"},
                {"type": "consult", "units": ["stnmt"], "question": "?", "due": "2027-02-30"},
                {"type": "decide", "outcome": "maybe"},
                {"type": "decide", "outcome": "grant", "datasets": ["x"]},
                {"type": "decide", "outcome": "partial", "datasets": ["x"], "valid_until": "2027-12-31"}]:
        event(coord, d5, bad, expect=422)
    cmt = {"type": "comment", "body": "Đang xem xét.", "expected_version": None}
    ikey = {"Idempotency-Key": "openapi-dr-comment-1"}
    first = event(eng, d5, cmt, headers=ikey)
    replay = api.call("POST", EVENTS, params={"id": d5["id"]}, token=eng, body=cmt, headers=ikey, expect=200)
    check(replay.header("Idempotent-Replayed") == "true" and replay.json()["version"] == first["version"],
          "a replayed data-request event answers the first response and changes nothing")
    event(eng, d5, dict(cmt, body="Khác"), headers=ikey, expect=422)
    event(eng, d5, cmt, headers={"Idempotency-Key": "k" * 256}, expect=400)

    # Lists: data requests only, newest first.
    page = api.call("GET", DR, token=coord, query={"limit": "2"}, expect=200).json()
    check(len(page["items"]) == 2 and page["items"][0]["id"] == d5["id"] and page["next_cursor"] is not None,
          "limit=2 of 5 requests: the newest first, and a next_cursor")
    api.call("GET", DR, token=coord, query={"limit": "2", "cursor": page["next_cursor"]}, expect=200)
    every = api.call("GET", DR, token=coord, query={"limit": "500"}, expect=200).json()["items"]
    check(sorted(x["id"] for x in every) == sorted(d["id"] for d in (d1, d2, d3, d4, d5)),
          "GET /data-requests lists the data requests only")
    incidents = api.call("GET", P + "/tickets", token=coord, query={"limit": "500"}, expect=200).json()["items"]
    check(all(x["workflow"] == "incident" for x in incidents), "GET /tickets lists incidents only")
    theirs = api.call("GET", DR, token=stnmt, expect=200).json()["items"]
    check(sorted(x["id"] for x in theirs) == sorted([d1["id"], d2["id"]]) and
          all(x["request"]["email"] is None for x in theirs), "a focal point lists its units' requests, no contact")
    check(api.call("GET", DR, token=rep, expect=200).json()["items"] == [], "a reporter sees no request")
    found = [x["id"] for x in api.call("GET", DR, token=coord, query={"q": "ban do DIA CHINH"}, expect=200).json()["items"]]
    check(found == [d2["id"]], f"q=ban do DIA CHINH finds the cadastral map request: {found}")
    api.call("GET", DR, token=coord, query={"created_from": "2020-01-01", "resolved_to": "2099-12-31"}, expect=200)
    api.call("GET", DR, token=coord, query={"created_to": "yesterday"}, expect=400)
    api.call("GET", DR, token=coord, query={"resolved_from": "2027-02-01", "resolved_to": "2027-01-31"}, expect=422)
    closed = api.call("GET", DR, token=coord, expect=200,
                      query={"state": "closed", "org": "stnmt", "assignee": "", "limit": "500"}).json()["items"]
    check([x["id"] for x in closed] == [d1["id"]], "state=closed&org=stnmt: the person's request")
    for name, value in (("category", "other"), ("priority", "normal")):
        refused = api.call("GET", DR, token=coord, query={name: value}, expect=422).json()
        check(f"'{name}'" in refused["detail"], f"{name} on the request list: 422 naming it ({refused['detail']})")
    api.call("GET", DR, token=coord, query={"limit": "many"}, expect=400)
    api.call("GET", DR, token=coord, query={"cursor": "abc"}, expect=400)
    api.call("GET", DR, token=coord, query={"state": "open"}, expect=422)
    api.call("GET", DR, token=coord, query={"limit": "0"}, expect=422)
    api.call("GET", DR, token=coord, query={"org": "nobody"}, expect=422)
    api.call("GET", DR, expect=401)
    # Exports (issue 16.3): the requester's contact for DoICT only.
    DR_EXPORT = P + "/data-requests/export"
    mine = api.call("GET", DR_EXPORT, token=eng, query={"format": "csv"}, expect=200).body.decode("utf-8")
    check(person["email"] in mine and d2["id"] in mine, "DoICT's export has the requests and the contact")
    focal = api.call("GET", DR_EXPORT, token=stnmt, query={"format": "csv"}, expect=200).body.decode("utf-8")
    check(d1["id"] in focal and person["email"] not in focal and person["tax_code"] not in focal,
          "a focal point's export has its units' requests without the requester's contact")
    api.call("GET", DR_EXPORT, token=coord, query={"format": "xlsx", "org": "stnmt"}, expect=200)
    api.call("GET", DR_EXPORT, token=coord, query={"created_to": "yesterday"}, expect=400)
    api.call("GET", DR_EXPORT, token=coord, query={"category": "other"}, expect=422)
    api.call("GET", DR_EXPORT, expect=401)

    # History.
    hist = api.call("GET", HISTORY, params={"id": d1["id"]}, token=eng, expect=200).json()
    check([e["type"] for e in hist["items"]] == ["submit", "screen", "request_info", "provide_info", "consult",
                                                 "give_opinion", "decide", "close", "comment"],
          f"d1's history: {[e['type'] for e in hist['items']]}")
    check(len(hist["citations"]) == len(hist["items"]), "one citation per event")
    check(hist["items"][0]["payload"]["email"] == person["email"], "DoICT's history shows the requester's email")
    masked = api.call("GET", HISTORY, params={"id": d1["id"]}, token=stnmt, expect=200).json()
    submitted = masked["items"][0]["payload"]
    check(submitted["email"] is None and submitted["phone"] is None and submitted["tax_code"] is None,
          f"a consulted unit's history hides the requester's contact details: {submitted}")
    for d in (d2, d3, d4, d5):
        api.call("GET", HISTORY, params={"id": d["id"]}, token=coord, expect=200)
    api.call("GET", HISTORY, params={"id": d2["id"]}, token=stnmt, expect=200)
    api.call("GET", HISTORY, params={"id": d1["id"]}, token=rep, expect=404)
    api.call("GET", HISTORY, params={"id": incident["id"]}, token=coord, expect=404)
    api.call("GET", HISTORY, params={"id": d1["id"]}, expect=401)


def public_requests(api, P, tokens, limit, server):
    """Issue 15.2: a person's request without an account, confirmed from the mail."""
    NEW, ONE = P + "/public/data-requests", P + "/public/data-requests/{code}"
    CONFIRM, EVENTS = ONE + "/confirm", ONE + "/events"
    form = {"title": "Dữ liệu quy hoạch sử dụng đất", "data_wanted": "Bản đồ quy hoạch đến năm 2030.",
            "purpose": "Lập dự án đầu tư.", "legal_basis": "Luật Đất đai 2024.",
            "requester_name": "Công ty TNHH Vĩnh Hy", "organisation": "Công ty TNHH Vĩnh Hy",
            "email": "lienhe@vinhhy.example", "phone": "0912345678", "personal_data": False}
    created = api.call("POST", NEW, body=form, expect=202).json()
    code = created["code"]
    check(created["tracking_url"].endswith("/request-data/status#code=" + code), "the tracking link keeps the code in the fragment")
    api.call("POST", NEW, body="{\"title\":", expect=400)
    api.call("POST", NEW, body=dict(form, scope="outside_agency"), expect=422)
    api.call("POST", NEW, body={k: v for k, v in form.items() if k != "email"}, expect=422)
    api.call("POST", NEW, body=json.dumps(form), content_type="text/plain", expect=415)
    api.call("POST", NEW, body=b"{" + b" " * limit + b"}", expect=413)
    other = api.call("POST", NEW, body=dict(form, title="Yêu cầu thứ hai"), expect=202).json()["code"]
    api.call("POST", NEW, body=dict(form, title="Yêu cầu thứ ba"), expect=202)
    api.call("POST", NEW, body=dict(form, title="Yêu cầu thứ tư"), expect=429)  # 3 a day per email

    pending = api.call("GET", ONE, params={"code": code}, expect=200).json()
    check(pending["status"] == "unconfirmed" and pending["id"] is None, "an unconfirmed request is not filed")
    api.call("GET", ONE, params={"code": "no-such-code"}, expect=404)
    # The token, as the requester reads it from the mail: the confirmation row's link.
    with sqlite3.connect(os.path.join(server.workdir, "incidents.db")) as db:
        rows = [json.loads(v)["confirm_link"] for (v,) in db.execute(
            "SELECT vars FROM outbox WHERE event_type = 'submit' AND recipient_ref = 'requester' ORDER BY id")]
    check(len(rows) == 3, f"three confirmation mails are queued, not {len(rows)}")
    token = urllib.parse.parse_qs(rows[0].split("#", 1)[1])["token"][0]
    api.call("POST", CONFIRM, params={"code": code}, body={"token": "wrong"}, expect=404)
    api.call("POST", CONFIRM, params={"code": code}, body={}, expect=400)
    api.call("POST", CONFIRM, params={"code": code}, body=json.dumps({"token": token}), content_type="text/plain",
             expect=415)
    api.call("POST", CONFIRM, params={"code": code}, body=b"{" + b" " * limit + b"}", expect=413)
    filed = api.call("POST", CONFIRM, params={"code": code}, body={"token": token}, expect=200).json()
    check(filed["status"] == "filed" and filed["state"] == "submitted", "the confirmed request is filed")
    again = api.call("POST", CONFIRM, params={"code": code}, body={"token": token}, expect=200).json()
    check(again["id"] == filed["id"], "confirming again answers the same request")
    api.call("GET", P + "/data-requests/{id}", params={"id": filed["id"]}, token=tokens["stttt.engineer"], expect=200)

    api.call("POST", EVENTS, params={"code": other}, body={"type": "withdraw"}, expect=409)  # not filed yet
    api.call("POST", EVENTS, params={"code": code}, body={"type": "comment", "body": "x"}, expect=422)
    api.call("POST", EVENTS, params={"code": code}, body={"answer": "x"}, expect=400)
    api.call("POST", EVENTS, params={"code": "no-such-code"}, body={"type": "withdraw"}, expect=404)
    api.call("POST", EVENTS, params={"code": code}, body=json.dumps({"type": "withdraw"}), content_type="text/plain",
             expect=415)
    api.call("POST", EVENTS, params={"code": code}, body=b"{" + b" " * limit + b"}", expect=413)
    done = api.call("POST", EVENTS, params={"code": code}, body={"type": "withdraw", "reason": "Không còn nhu cầu."},
                    expect=200).json()
    check(done["state"] == "withdrawn" and done["allowed_actions"] == [], "the requester withdrew the request")


def directory(api, P, tokens, limit):
    """Every directory route and status: orgs, users, passwords, focal points, the list,
    the history. Returns a session of the user it creates (for the 429 at the end)."""
    adm, coord, rep, chairman = tokens["admin"], tokens["stttt.coordinator"], tokens["stp.reporter"], tokens["chairman"]
    big = b"{" + b" " * limit + b"}"

    def common_errors(method, path, params, body, forbidden_token):
        """401 without a session, 403 for a caller without the right, 413, 415."""
        api.call(method, path, params=params, body=body, expect=401)
        if forbidden_token:
            api.call(method, path, params=params, body=body, token=forbidden_token, expect=403)
        api.call(method, path, params=params, body=json.dumps(body), token=adm, content_type="text/plain", expect=415)
        api.call(method, path, params=params, body=big, token=adm, expect=413)

    # Orgs.
    api.call("GET", P + "/orgs", token=rep, query={"q": "tu phap", "kind": "department", "active": "true"}, expect=200)
    api.call("GET", P + "/orgs", token=rep, query={"active": "yes"}, expect=400)
    api.call("GET", P + "/orgs", token=rep, query={"kind": "planet"}, expect=422)
    org = {"id": "openapi-org", "name": "Sở Thử nghiệm", "short_name": "STN", "kind": "department"}
    key = {"Idempotency-Key": "openapi-org-1"}
    created = api.call("POST", P + "/orgs", token=adm, body=org, headers=key, expect=201).json()
    check(created["focal_point"] is None and created["deputy"] is None, "a new org has no focal point")
    again = api.call("POST", P + "/orgs", token=adm, body=org, headers=key, expect=201)
    check(again.header("Idempotent-Replayed") == "true", "a replayed POST /orgs says Idempotent-Replayed")
    api.call("POST", P + "/orgs", token=adm, body=dict(org, name="Khác"), headers=key, expect=422)
    api.call("POST", P + "/orgs", token=adm, body=org, expect=409)
    api.call("POST", P + "/orgs", token=adm, body={"id": "openapi-x"}, expect=400)
    r = api.call("POST", P + "/orgs", token=adm, body=dict(org, id="openapi-x", kind="planet"), expect=422)
    check("'kind'" in r.json()["detail"], f"the problem names the field: {r.json()['detail']}")
    common_errors("POST", P + "/orgs", None, org, rep)
    api.call("POST", P + "/orgs", token=adm, expect=201,
             body={"id": "openapi-org2", "name": "Sở Thử nghiệm hai", "kind": "district", "active": True,
                   "successor": None})
    api.call("GET", P + "/orgs/{id}", params={"id": "openapi-org"}, token=rep, expect=200)
    api.call("GET", P + "/orgs/{id}", params={"id": "nobody"}, token=rep, expect=404)
    one = {"id": "openapi-org"}
    api.call("PATCH", P + "/orgs/{id}", params=one, token=adm, body={"short_name": None}, expect=200)
    api.call("PATCH", P + "/orgs/{id}", params=one, token=adm, body={"active": "no"}, expect=400)
    api.call("PATCH", P + "/orgs/{id}", params=one, token=adm, body={"kind": "planet"}, expect=422)
    api.call("PATCH", P + "/orgs/{id}", params={"id": "nobody"}, token=adm, body={"name": "X"}, expect=404)
    common_errors("PATCH", P + "/orgs/{id}", one, {"name": "Sở"}, rep)

    # Users, and their set-password links.
    api.call("GET", P + "/users", token=adm, expect=200,
             query={"q": "so tu phap", "org": "stp", "role": "reporter", "active": "true", "offset": "0", "limit": "200"})
    api.call("GET", P + "/users", token=coord, expect=200)
    api.call("GET", P + "/users", token=adm, query={"limit": "x"}, expect=400)
    api.call("GET", P + "/users", token=adm, query={"role": "king"}, expect=422)
    api.call("GET", P + "/users", token=rep, expect=403)
    api.call("GET", P + "/users", expect=401)
    user = {"username": "openapi.user", "display_name": "Người Thử", "org": "openapi-org", "roles": ["reporter"],
            "email": "thu@openapi.example", "phone": None}
    created = api.call("POST", P + "/users", token=adm, body=user, expect=201).json()
    check(created["has_password"] is False and created["password_reset"]["link"], "a new user gets a link")
    token = created["password_reset"]["link"].split("#token=")[1]
    api.call("POST", P + "/users", token=adm, body=user, expect=409)
    api.call("POST", P + "/users", token=adm, body=dict(user, username="openapi.x", roles=None), expect=400)
    r = api.call("POST", P + "/users", token=adm, body=dict(user, username="openapi.x", roles=["king"]), expect=422)
    check("'roles'" in r.json()["detail"], f"the problem names the field: {r.json()['detail']}")
    common_errors("POST", P + "/users", None, user, rep)
    gone = dict(user, username="openapi.gone")
    api.call("POST", P + "/users", token=adm, body=gone, expect=201)
    who = {"username": "openapi.user"}
    api.call("GET", P + "/users/{username}", params=who, token=adm, expect=200)
    api.call("GET", P + "/users/{username}", params={"username": "stp.reporter"}, token=rep, expect=200)
    api.call("GET", P + "/users/{username}", params=who, token=rep, expect=403)
    api.call("GET", P + "/users/{username}", params={"username": "nobody"}, token=adm, expect=404)
    api.call("PATCH", P + "/users/{username}", params=who, token=adm, body={"phone": "+84900000099"}, expect=200)
    api.call("PATCH", P + "/users/{username}", params={"username": "openapi.gone"}, token=adm,
             body={"active": False}, expect=200)
    api.call("PATCH", P + "/users/{username}", params=who, token=adm, body={"active": "no"}, expect=400)
    api.call("PATCH", P + "/users/{username}", params=who, token=adm, body={"org": "nobody"}, expect=422)
    api.call("PATCH", P + "/users/{username}", params={"username": "nobody"}, token=adm, body={"phone": ""},
             expect=404)
    common_errors("PATCH", P + "/users/{username}", who, {"phone": ""}, rep)
    reset = P + "/users/{username}/password-reset"
    link = api.call("POST", reset, params=who, token=adm, body={}, expect=201).json()["link"]
    api.call("POST", P + "/set-password", body={"token": "x" * 43, "new": "Mật khẩu thử nghiệm 2027"}, expect=404)
    token = link.split("#token=")[1]  # the new link (it supersedes the first)
    api.call("POST", reset, params={"username": "openapi.gone"}, token=adm, body={}, expect=422)
    api.call("POST", reset, params={"username": "nobody"}, token=adm, body={}, expect=404)
    common_errors("POST", reset, who, {}, rep)

    # Passwords.
    password = "Mật khẩu thử nghiệm 2027"
    r = api.call("POST", P + "/set-password", body={"token": token, "new": "short"}, expect=422)
    check("'new'" in r.json()["detail"], f"the policy problem names 'new': {r.json()['detail']}")
    api.call("POST", P + "/set-password", body={"token": token}, expect=400)
    api.call("POST", P + "/set-password", body={"token": token, "new": password}, expect=204)
    api.call("POST", P + "/set-password", body={"token": token, "new": password}, expect=404)
    api.call("POST", P + "/set-password", body=json.dumps({"token": token}), content_type="text/plain", expect=415)
    api.call("POST", P + "/set-password", body=big, expect=413)
    r = api.call("POST", P + "/sessions", body={"username": "openapi.user", "password": password, "cookie": True},
                 expect=201)
    mine, mine_csrf = r.json()["token"], r.json()["csrf_token"]
    change = P + "/me/password"
    r = api.call("PUT", change, token=mine, body={"current": "wrong", "new": password + "!"}, expect=422)
    check("'current'" in r.json()["detail"], f"names 'current': {r.json()['detail']}")
    api.call("PUT", change, token=mine, body={"current": password, "new": "openapi.user-1234"}, expect=422)
    api.call("PUT", change, token=mine, body={"current": password}, expect=400)
    api.call("PUT", change, cookie=mine, body={"current": password, "new": password + "!"},
             headers={"Origin": api.origin}, expect=403)
    api.call("PUT", change, cookie=mine, body={"current": password, "new": password + "!"},
             headers={"Origin": api.origin, "X-CSRF-Token": mine_csrf}, expect=204)
    common_errors("PUT", change, None, {"current": "x", "new": "y"}, None)

    # Focal points.
    appoint = P + "/orgs/{id}/focal-points"
    term = {"username": "openapi.user", "position": "Chuyên viên", "since": "2026-01-05",
            "decision_ref": "12/QĐ-STN", "decision_date": "2026-01-02"}
    key = {"Idempotency-Key": "openapi-appoint-1"}
    t = api.call("POST", appoint, params=one, token=coord, body=term, headers=key, expect=201).json()
    check(t["until"] is None and t["role"] == "focal", "a new term is in force")
    api.call("POST", appoint, params=one, token=coord, body=dict(term, position="Khác"), headers=key, expect=422)
    api.call("POST", appoint, params=one, token=coord, body=dict(term, since=None), expect=400)
    r = api.call("POST", appoint, params=one, token=coord, body=dict(term, since="2026-02-30"), expect=422)
    check("'since'" in r.json()["detail"], f"names 'since': {r.json()['detail']}")
    api.call("POST", appoint, params={"id": "nobody"}, token=coord, body=term, expect=404)
    common_errors("POST", appoint, one, term, rep)
    api.call("GET", appoint, params=one, token=rep, expect=200)
    api.call("GET", appoint, params={"id": "nobody"}, token=rep, expect=404)
    current = P + "/orgs/{id}/focal-points/current"
    t = api.call("PATCH", current, params=one, token=coord, body={"absent": True}, expect=200).json()
    check(t["absent"] is True, "marked absent")
    api.call("PATCH", current, params=one, token=adm, body={"absent": False}, expect=200)
    api.call("PATCH", current, params=one, token=coord, body={"absent": "yes"}, expect=400)
    api.call("PATCH", current, params={"id": "openapi-org2"}, token=coord, body={"absent": True}, expect=404)
    common_errors("PATCH", current, one, {"absent": True}, rep)
    day = api.call("GET", P + "/focal-points", token=rep, expect=200).json()
    check(any(i["org"] == "openapi-org" for i in day["items"]), "today's list has the new focal point")
    api.call("GET", P + "/focal-points", token=rep, query={"on": "2026-01-04", "format": "json"}, expect=200)
    csv = api.call("GET", P + "/focal-points", token=rep, query={"format": "csv"}, expect=200)
    check("openapi-org,Sở Thử nghiệm,Đầu mối,Người Thử" in csv.body.decode("utf-8"), "the csv has the row")
    xlsx = api.call("GET", P + "/focal-points", token=rep, query={"format": "xlsx"}, expect=200)
    check(xlsx.header("Content-Disposition").endswith('.xlsx"'), "the workbook is named .xlsx")
    api.call("GET", P + "/focal-points", token=rep, query={"on": "yesterday"}, expect=400)
    api.call("GET", P + "/focal-points", token=rep, query={"format": "pdf"}, expect=422)
    api.call("GET", P + "/focal-points", expect=401)
    submit, approve = P + "/focal-points/list/submit", P + "/focal-points/list/approve"
    decision = {"decision_ref": "345/QĐ-UBND", "decision_date": "2026-01-10"}
    api.call("POST", approve, token=chairman, body=decision, expect=409)
    api.call("POST", submit, token=coord, body={}, expect=200)
    api.call("POST", submit, token=coord, body={}, expect=409)
    common_errors("POST", submit, None, {}, rep)
    api.call("POST", approve, token=chairman, body={"decision_ref": "345/QĐ-UBND"}, expect=400)
    api.call("POST", approve, token=chairman, body=dict(decision, decision_date="2999-01-01"), expect=422)
    listed = api.call("POST", approve, token=chairman, body=decision, expect=200).json()
    check(listed["status"] == "approved" and listed["decision_ref"] == "345/QĐ-UBND", "the list is approved")
    common_errors("POST", approve, None, decision, rep)

    # The history.
    hist = P + "/directory/history"
    items = api.call("GET", hist, token=adm, expect=200).json()["items"]
    check(items and all(password not in json.dumps(e, ensure_ascii=False) and token not in json.dumps(e)
                        for e in items), "the directory history holds no password or token")
    api.call("GET", hist, token=adm, query={"after": "2", "limit": "3"}, expect=200)
    api.call("GET", hist, token=adm, query={"limit": "x"}, expect=400)
    api.call("GET", hist, token=adm, query={"limit": "0"}, expect=422)
    api.call("GET", hist, token=coord, expect=403)
    api.call("GET", hist, expect=401)
    return mine


def self_test(spec, api):
    """The schemas bite: a renamed or mistyped field in a real response fails validation."""
    ticket = api.samples.get("Ticket")
    check(ticket is not None, "no ticket response was validated")
    for mutate, what in [
        (lambda t: t.__setitem__("status", t.pop("state")), "state renamed"),
        (lambda t: t.__setitem__("state", "open"), "an unknown state"),
        (lambda t: t["sla"].pop("paused"), "sla.paused missing"),
        (lambda t: t.__setitem__("version", "1"), "version as a string"),
        (lambda t: t.__setitem__("created_at", "2026-01-05 01:00:00"), "a time without T and Z"),
    ]:
        bad = copy.deepcopy(ticket)
        mutate(bad)
        check(spec.errors(spec.schema_ref("Ticket"), bad), f"self-test: a ticket with {what} still validates")
    hist = api.samples.get("History")
    check(hist is not None, "no history response was validated")
    bad = copy.deepcopy(hist)
    bad["items"][0]["payload"].pop("title")
    check(spec.errors(spec.schema_ref("History"), bad), "self-test: a report without title still validates")
    request = api.samples.get("DataRequest")
    check(request is not None, "no data request response was validated")
    for mutate, what in [
        (lambda t: t["request"].pop("email"), "request.email missing"),
        (lambda t: t.pop("request"), "no request"),
        (lambda t: t.__setitem__("state", "reported"), "an incident's state"),
        (lambda t: t.__setitem__("id", "INC-2026-000001"), "an incident's id"),
        (lambda t: t["request"].__setitem__("decision", {"outcome": "yes"}), "a malformed decision"),
    ]:
        bad = copy.deepcopy(request)
        mutate(bad)
        check(spec.errors(spec.schema_ref("DataRequest"), bad), f"self-test: a data request with {what} still validates")
    check(spec.errors(spec.schema_ref("Ticket"), request), "self-test: a data request validates as an incident")
    check(spec.errors(spec.schema_ref("DataRequest"), ticket), "self-test: an incident validates as a data request")
    hist = api.samples.get("DataRequestHistory")
    check(hist is not None, "no data request history was validated")
    bad = copy.deepcopy(hist)
    bad["items"][0]["payload"].pop("requester_name")
    check(spec.errors(spec.schema_ref("DataRequestHistory"), bad), "self-test: a submit without requester_name validates")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidentd", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--repo", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--spec", default=None)
    args = ap.parse_args()
    spec_path = args.spec or os.path.join(args.repo, "docs", "openapi.yaml")
    server = None
    with tempfile.TemporaryDirectory(prefix="incidents-openapi.") as workdir:
        try:
            spec = Spec(spec_path)
            server = Server(args.incidentd, args.repo, workdir)
            api = run(spec, server, args.repo)
            missing = [f"{m} {p}: {sorted(set(map(int, spec.ops[(m, p)]['responses'])) - api.covered.get((m, p), set()))}"
                       for (m, p) in sorted(spec.ops)
                       if set(map(int, spec.ops[(m, p)]["responses"])) - api.covered.get((m, p), set())]
            check(not missing, "documented statuses never produced:\n  " + "\n  ".join(missing))
            code = server.stop()
            check(code == 0, f"incidentd exited with {code} after SIGTERM")
            if api.undocumented:
                print("note: fields sent but not described in docs/openapi.yaml: " + ", ".join(sorted(api.undocumented)))
            pairs = sum(len(v) for v in api.covered.values())
            print(f"ok: {len(spec.ops)} operations, {pairs} (operation, status) pairs produced and validated, "
                  f"{time.monotonic() - START:.1f} s")
            return 0
        except (Failure, Exception) as e:
            if not isinstance(e, Failure):
                import traceback
                traceback.print_exc()
            print(f"FAIL: {e}", file=sys.stderr)
            if server:
                print("--- incidentd log (last 40 lines) ---\n" + "\n".join(server.log_text().splitlines()[-40:]),
                      file=sys.stderr)
            return 1
        finally:
            if server:
                server.stop()


if __name__ == "__main__":
    sys.exit(main())
