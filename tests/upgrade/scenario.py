"""The tickets an upgrade fixture holds (issue 17.3): written through the HTTP API of the
release being captured (make_fixture.py), read back through the current one
(upgrade_test.py). Uses only routes that every release since 0.15 has; stdlib only."""
import json
import urllib.error
import urllib.request

P = "/api/v1"


class Api:
    def __init__(self, base):
        self.base = base
        self.tokens = {}

    def call(self, method, path, token=None, body=None, expect=200):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status != expect:
            raise AssertionError(f"{method} {path}: {status}, expected {expect}: {text[:500]}")
        return json.loads(text) if text else None

    def token(self, user):
        if user not in self.tokens:
            self.tokens[user] = self.call("POST", P + "/sessions", body={"username": user, "password": "demo"},
                                          expect=201)["token"]
        return self.tokens[user]


def write(api):
    """Files and moves tickets of both workflows into a spread of states; returns what to
    expect of each: {id: {"kind", "state", "events": [event types in order]}}."""
    rep, coord, eng = api.token("stp.reporter"), api.token("stttt.coordinator"), api.token("stttt.engineer")
    chairman, stnmt = api.token("chairman"), api.token("stnmt.focal")
    tickets = {}

    def new_incident(title, **extra):
        body = {"category": "data_discrepancy", "title": title,
                "description": "Số liệu hộ tịch tháng 3 không khớp giữa hai hệ thống.", "parties": ["stnmt"]}
        body.update(extra)
        return api.call("POST", P + "/tickets", token=rep, body=body, expect=201)["id"]

    def ev(token, tid, body, kind="tickets"):
        return api.call("POST", f"{P}/{kind}/{tid}/events", token=token, body=body)

    closed = new_incident("Dữ liệu hộ tịch sai lệch")
    for token, body in [(coord, {"type": "acknowledge"}), (eng, {"type": "assign_doict"}),
                        (eng, {"type": "request_party_fix", "party": "stnmt", "instructions": "Đối soát lại."}),
                        (stnmt, {"type": "resolve", "resolution": "Đã sửa."}),
                        (rep, {"type": "confirm", "feedback": "Cảm ơn."})]:
        ev(token, closed, body)
    escalated = new_incident("Bất đồng về phạm vi chia sẻ", category="sharing_disagreement")
    for token, body in [(coord, {"type": "acknowledge"}), (eng, {"type": "assign_doict"}),
                        (coord, {"type": "escalate_chairman", "reason": "Các bên chưa thống nhất."})]:
        ev(token, escalated, body)
    rejected = new_incident("Phiếu trùng")
    ev(coord, rejected, {"type": "reject", "reason": "Trùng.", "duplicate_of": closed})
    open_one = new_incident("Mất kết nối trục LGSP", category="connection_failure", priority="high")
    ev(coord, open_one, {"type": "acknowledge"})
    ev(rep, open_one, {"type": "comment", "body": "Vẫn chưa kết nối được."})

    person = {"scope": "person_or_business", "title": "Danh sách doanh nghiệp đăng ký mới",
              "data_wanted": "Tên, mã số thuế của doanh nghiệp đăng ký năm 2025.", "purpose": "Nghiên cứu.",
              "legal_basis": "Luật Tiếp cận thông tin 2016.", "requester_name": "Nguyễn Văn An",
              "organisation": "Công ty TNHH Thử nghiệm", "email": "an@thunghiem.example", "phone": "+84900000001",
              "personal_data": False}
    granted = api.call("POST", P + "/data-requests", token=eng, body=person, expect=201)["id"]
    for token, body in [(eng, {"type": "screen"}),
                        (coord, {"type": "decide", "outcome": "grant", "datasets": ["Danh sách doanh nghiệp"],
                                 "valid_until": "2027-12-31"}),
                        (eng, {"type": "close", "note": "Đã bàn giao."})]:
        ev(token, granted, body, "data-requests")
    consulting = api.call("POST", P + "/data-requests", token=eng, body=dict(person, title="Yêu cầu đang hỏi ý kiến"),
                          expect=201)["id"]
    ev(eng, consulting, {"type": "screen"}, "data-requests")
    ev(eng, consulting, {"type": "consult", "units": ["stnmt"], "question": "Có chia sẻ được không?",
                         "due": "2027-01-15"}, "data-requests")

    for tid, kind in [(closed, "tickets"), (escalated, "tickets"), (rejected, "tickets"), (open_one, "tickets"),
                      (granted, "data-requests"), (consulting, "data-requests")]:
        tickets[tid] = read(api, tid, kind)
    return tickets


def read(api, tid, kind):
    coord = api.token("stttt.coordinator")
    t = api.call("GET", f"{P}/{kind}/{tid}", token=coord)
    history = api.call("GET", f"{P}/{kind}/{tid}/history", token=coord)
    return {"kind": kind, "state": t["state"], "title": t["title"],
            "events": [[e["seq"], e["type"], e["hash"]] for e in history["items"]]}
