#!/usr/bin/env python3
"""A small stand-in for councild that the client test suites run on loopback.

It speaks the framing and handshake of Schemas/PROTOCOL.md with nothing but the standard library (a tiny
protobuf wire encoder below), answers calls with canned responses built from the golden frames in
Schemas/testdata, keeps a toy case store so the example flows can run end to end, and misbehaves on request so
the clients' multiplexing, timeout, out-of-order, GoAway, malformed-frame and watch-stream code is tested
before the real daemon exists. It is not councild: it checks little and is never a reference for behaviour.

    fake_councild.py [--port 0] [--token TOKEN] [--hall-delay-ms 100] [--max-seconds 600] [--tls-dir DIR]

With ``--tls-dir`` (a directory ``scripts/make-test-pki.sh`` made) it speaks TLS with DIR/server.pem and asks for a
client certificate, verified against DIR/ca.pem when one is sent; ``--require-client-cert`` refuses the TLS
handshake without one. A verified client certificate's common name is accepted as the credential in place of a
bearer token, for the client system of that name.

It prints ``LISTENING <port>`` on stdout once it listens, and exits when stdin closes (so a test that dies
takes it along), on SIGTERM, or after --max-seconds.

Misbehaviour is asked for per call in the call's ``metadata.trace_id``: ``fake:`` then commands separated by
``;``:

=================  ==========================================================================================
``delay=MS``       answer after MS milliseconds (later calls overtake it: out-of-order responses)
``silent``         never answer (until cancelled: then CANCELLED)
``status=CODE``    answer with that status code (9 uses the golden FAILED_PRECONDITION status)
``goaway-before``  send GoAway{last_call_id = this id − 1, UNAVAILABLE draining} and leave this call and every
                   later one unprocessed; finish the earlier ones, then close
``goaway-after``   answer, then GoAway{last_call_id = this id, OK} and close once earlier calls are done
``oversize``       send a frame header announcing 1 MiB + 1 bytes, then close
``truncate``       send a header of 100 bytes, 10 bytes of payload, then close
``garbage``        send a frame that is not protobuf, then keep going
``slow-frame``     send half the answer, wait 1.5 s, send the rest
``bad-utf8``       answer with a status message that is not UTF-8
``bad-enum``       answer get_case with a case status of 99
``wrong-member``   answer with the result of another method
``unknown-id``     first send a response for call id 999999, then the answer
``unknown-kind``   first send a Frame member this version does not know (field 15), then the answer
``ping``           send Ping{payload 4242} first; answer get_server_info with server_version "pong-ok" when
                   the pong came back within 2 s, else INTERNAL
``budget``         answer list_communities with 60,000 empty communities (≈120 kB, a few MB decoded)
``close``          close the connection without answering
=================  ==========================================================================================

The bearer token ``deny-permission`` is refused with PERMISSION_DENIED; any other token than --token (when
given) with UNAUTHENTICATED; a client_instance containing ``max-calls=N`` gets that connection limit.
"""

import argparse
import os
import socket
import ssl
import struct
import sys
import threading
import time
import uuid

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Schemas", "testdata")
MAX_FRAME = 1024 * 1024

# ---- A tiny protobuf wire encoder/decoder --------------------------------------------------------------------


def varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_varint(buf, pos):
    n = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, pos
        if shift > 63:
            raise ValueError("varint too long")


def parse(buf):
    """[(field, wire_type, value)]: ints for varints, bytes for the rest."""
    fields, pos = [], 0
    while pos < len(buf):
        tag, pos = read_varint(buf, pos)
        field, wt = tag >> 3, tag & 7
        if wt == 0:
            value, pos = read_varint(buf, pos)
        elif wt == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wt == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        elif wt == 2:
            n, pos = read_varint(buf, pos)
            if pos + n > len(buf):
                raise ValueError("length past the end")
            value, pos = buf[pos:pos + n], pos + n
        else:
            raise ValueError("unsupported wire type %d" % wt)
        fields.append((field, wt, value))
    return fields


def first(fields, number, default=None):
    for f, _, v in fields:
        if f == number:
            return v
    return default


def encode(fields):
    out = bytearray()
    for f, wt, v in fields:
        out += varint(f << 3 | wt)
        if wt == 0:
            out += varint(v)
        elif wt == 2:
            out += varint(len(v)) + v
        else:
            out += v
    return bytes(out)


def replace(fields, number, wt=None, value=None):
    """Drops every `number` field, adds (number, wt, value) unless value is None, keeps field-number order."""
    kept = [x for x in fields if x[0] != number]
    if value is not None:
        kept.append((number, wt, value))
    kept.sort(key=lambda x: x[0])  # stable: repeated fields keep their order
    return kept


def v(field, value):
    return (field, 0, value)


def s(field, text):
    return (field, 2, text.encode() if isinstance(text, str) else text)


def packed(field, values):
    return (field, 2, b"".join(varint(x) for x in values))


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


# ---- Golden material -----------------------------------------------------------------------------------------


def load(name):
    with open(os.path.join(TESTDATA, name), "rb") as f:
        data = f.read()
    return parse(data[4:])


def status(code, message="", field="", reason="", case_status=0, allowed=()):
    fields = [v(1, code)] if code else []
    if message:
        fields.append(s(2, message))
    if field:
        fields.append(s(3, field))
    if reason:
        fields.append(s(4, reason))
    if case_status:
        fields.append(v(5, case_status))
    if allowed:
        fields.append(packed(6, allowed))
    return encode(fields)


def response(call_id, member=None, body=b"", status_bytes=None, eos=True):
    fields = [v(1, call_id)]
    if status_bytes is not None:
        fields.append(s(2, status_bytes))
    if eos:
        fields.append(v(3, 1))
    if member:
        fields.append(s(member, body))
    return frame(encode([s(4, encode(fields))]))


GOLDEN_CASE = parse(first(parse(first(parse(first(load("get-case-response.bin"), 4)), 30)), 1))
GOLDEN_LOCATE = first(parse(first(load("locate-grid-cell-response.bin"), 4)), 21)
GOLDEN_ERROR_STATUS = first(parse(first(load("error-response.bin"), 4)), 2)
GOLDEN_WATCH_EVENT = first(parse(first(parse(first(load("watch-events-item.bin"), 4)), 34)), 1)
GOLDEN_ACCEPTANCE = first(parse(GOLDEN_WATCH_EVENT), 11)
GOLDEN_SEQUENCE = first(parse(GOLDEN_WATCH_EVENT), 1)
GOLDEN_NUMBER = "QX07-20261130-0003"

LIMITS = [v(1, MAX_FRAME), v(2, 8 * 1024 * 1024), v(3, 100), v(4, 300000), v(5, 10000), v(6, 30000)]

# Case statuses and operations (numbers of the schema's enums).
SUBMITTED, ACCEPTED, IN_PROGRESS, RESOLVED, REOPENED = 1, 2, 8, 9, 12
OPS = {SUBMITTED: [2, 3, 4, 8, 21], ACCEPTED: [5, 6, 9, 4, 3, 8, 21], IN_PROGRESS: [11, 12, 15, 7, 21],
       REOPENED: [11, 12, 15, 7, 21], RESOLVED: [16, 19]}
STEP = {SUBMITTED: 1, ACCEPTED: 2, IN_PROGRESS: 4, REOPENED: 4, RESOLVED: 4}
STATUS_NAMES = {SUBMITTED: "submitted", ACCEPTED: "accepted", IN_PROGRESS: "inProgress", RESOLVED: "resolved",
                REOPENED: "reopened"}

# ---- The toy store ---------------------------------------------------------------------------------------------


def now_ms():
    return int(time.time() * 1000)


class Store:
    """Cases and the store-wide event log, enough for the two example flows."""

    def __init__(self, hall_delay_ms):
        self.lock = threading.Condition()
        self.cases = {}           # id -> dict
        self.by_ref = {}          # (system, reference) -> id
        self.events = [(GOLDEN_SEQUENCE, GOLDEN_WATCH_EVENT)]  # the golden event, with its sequence
        self.hall_delay_ms = hall_delay_ms
        self.count = 0

    def case_bytes(self, c):
        fields = list(GOLDEN_CASE)
        fields = replace(fields, 1, 2, c["id"].encode())
        fields = replace(fields, 2, 2, c["number"].encode())
        fields = replace(fields, 3, 0, c["version"])
        fields = replace(fields, 4, 0, c["status"])
        fields = replace(fields, 5, 2, c["submission"])
        fields = replace(fields, 6, 0, 1)  # FULL: the fake shows what it was given
        fields = replace(fields, 15, 0, c["updated_at"])
        fields = replace(fields, 24, 2, c.get("result"))
        fields = replace(fields, 31, 0, 1 if c["requires_verification"] else None)
        fields = replace(fields, 32, 2, c.get("verification"))
        fields = replace(fields, 40, 0, STEP.get(c["status"], 4))
        allowed = [op for op in OPS.get(c["status"], [])
                   if op != 19 or (c["requires_verification"] and not c.get("verified"))]
        fields = replace(fields, 41, 2, b"".join(varint(x) for x in allowed) if allowed else None)
        return encode(fields)

    def add_event(self, c, change_field, change_body, system):
        seq = self.events[-1][0] + 1
        ev = encode([v(1, seq), s(2, c["id"]), v(3, c["version"]), v(4, now_ms()), s(5, encode([s(1, system)])),
                     s(change_field, change_body)])
        self.events.append((seq, ev))
        self.lock.notify_all()

    def submit(self, submission, system):
        sub = parse(submission)
        ref = first(sub, 9)
        key = None
        if ref is not None:
            rf = parse(ref)
            key = (first(rf, 1, b"").decode(), first(rf, 2, b"").decode())
        with self.lock:
            if key and key in self.by_ref:
                c = self.cases[self.by_ref[key]]
                if c["submission"] != submission:
                    return None, status(6, "the external reference was submitted before with other content",
                                        "submission.external_reference", "externalReferenceConflict")
                return (self.case_bytes(c), False), None
            self.count += 1
            c = {"id": str(uuid.uuid4()), "number": "QX07-%s-%04d" % (time.strftime("%Y%m%d"), self.count),
                 "version": 1, "status": SUBMITTED, "submission": submission, "updated_at": now_ms(),
                 "system": system, "source": first(sub, 3, 0), "requires_verification": first(sub, 3, 0) == 6}
            self.cases[c["id"]] = c
            if key:
                self.by_ref[key] = c["id"]
            self.add_event(c, 10, encode([s(1, submission), s(2, "QX07"), v(3, now_ms() + 86400000),
                                          v(4, 1 if c["requires_verification"] else 0)]), system)
            if self.hall_delay_ms > 0:
                threading.Thread(target=self.play_hall, args=(c["id"],), daemon=True).start()
            return (self.case_bytes(c), True), None

    def transition(self, c, to, change_field, change_body, system):
        c["status"] = to
        c["version"] += 1
        c["updated_at"] = now_ms()
        self.add_event(c, change_field, change_body, system)

    def play_hall(self, case_id):
        """The hall's side, done by the fake: accept, handle locally, resolve with a completion report."""
        steps = [(ACCEPTED, 11, GOLDEN_ACCEPTANCE),
                 (IN_PROGRESS, 15, encode([s(1, "社区即办"), v(2, now_ms() + 7 * 86400000)]))]
        for step in steps + [None]:
            time.sleep(self.hall_delay_ms / 1000.0)
            with self.lock:
                c = self.cases[case_id]
                if step is None:
                    if c["status"] != IN_PROGRESS:
                        return
                    result = encode([s(1, "垃圾站已清运，并增加每日清运一次"),
                                     s(2, "办结报告：经社区协调物业公司，三号楼东侧垃圾站已于当日清运完毕。")])
                    c["result"] = result
                    self.transition(c, RESOLVED, 24, result, "hall-staff")
                    return
                to, member, body = step
                if c["status"] not in (SUBMITTED, ACCEPTED):
                    return
                self.transition(c, to, member, body, "hall-staff")

    def find(self, key_field, value):
        with self.lock:
            if key_field == 1:
                return self.cases.get(value.decode())
            if key_field == 2:
                for c in self.cases.values():
                    if c["number"] == value.decode():
                        return c
                return None
            rf = parse(value)
            cid = self.by_ref.get((first(rf, 1, b"").decode(), first(rf, 2, b"").decode()))
            return self.cases.get(cid) if cid else None

    def operate(self, method, body, system):
        """Case operations: every one is checked against the case's status (a CaseOperation's number is its
        method's number − 39); accept, handle_locally, add_progress, resolve and verify are carried out."""
        req = parse(body)
        with self.lock:
            c = self.cases.get(first(req, 1, b"").decode())
            if c is None:
                return None, status(5, "no such case", "case_id", "notFound")
            expected = first(req, 2, 0)
            if expected and expected != c["version"]:
                return None, status(10, "the case changed since version %d" % expected, "expected_version",
                                    "versionConflict")
            op = method - 39
            allowed = [o for o in OPS.get(c["status"], []) if o != 19 or c["requires_verification"]]
            if op not in allowed:
                return None, status(9, "cannot do that to a case that is %s" % STATUS_NAMES[c["status"]], "",
                                    "illegalTransition", c["status"], allowed)
            if method not in (41, 45, 50, 54, 58):
                return None, status(12, "the fake server does not carry out method %d" % method, "", "unknownMethod")
            if method == 58 and c["system"] != system:
                return None, status(7, "only the system that submitted the case may verify it", "", "permissionDenied")
            if method == 41:
                self.transition(c, ACCEPTED, 11, GOLDEN_ACCEPTANCE, system)
            elif method == 45:
                self.transition(c, IN_PROGRESS, 15, encode([v(2, now_ms() + 86400000)]), system)
            elif method == 50:
                self.transition(c, c["status"], 20, encode([s(1, first(req, 3, b""))]), system)
            elif method == 54:
                c["result"] = first(req, 3, b"")
                self.transition(c, RESOLVED, 24, c["result"], system)
            else:
                verification = first(req, 3, b"")
                passed = first(parse(verification), 1, 0)
                c["verification"] = verification
                c["verified"] = bool(passed)
                self.transition(c, RESOLVED if passed else REOPENED, 28, encode([s(1, verification)]), system)
            return self.case_bytes(c), None


# ---- Connections -------------------------------------------------------------------------------------------------


class Connection:
    def __init__(self, server, sock):
        self.server, self.sock = server, sock
        self.wlock = threading.Lock()
        self.state = threading.Condition()
        self.calls = {}          # call id -> {"done": bool, "cancelled": Event}
        self.last_id = 0
        self.draining = False
        self.closed = False
        self.system = ""
        self.certificate_system = None
        self.max_calls = 100
        self.pong = threading.Event()

    # -- output
    def send(self, data):
        with self.wlock:
            if self.closed:
                return
            try:
                self.sock.sendall(data)
            except OSError:
                self.closed = True

    def finish(self, call_id, data):
        """Sends the last response of a call unless it was answered already."""
        with self.state:
            call = self.calls.get(call_id)
            if call is None or call["done"]:
                return
            call["done"] = True
            self.send(data)
            self.state.notify_all()

    def in_flight(self):
        return sum(1 for c in self.calls.values() if not c["done"])

    def close_when_idle(self):
        def wait():
            with self.state:
                while self.in_flight() and not self.closed:
                    self.state.wait(0.05)
            self.close()
        threading.Thread(target=wait, daemon=True).start()

    def close(self):
        with self.wlock:
            self.closed = True
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # -- input
    def read_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def read_frame(self):
        (n,) = struct.unpack(">I", self.read_exact(4))
        if n > MAX_FRAME:
            raise EOFError
        return parse(self.read_exact(n))

    def goaway(self, last_id, code, message="", reason=""):
        self.send(frame(encode([s(8, encode([v(1, last_id)] + ([s(2, status(code, message, "", reason))]
                                                                      if code or message else [])))])))

    def run(self):
        try:
            if self.server.tls is not None:
                self.sock.settimeout(10)
                self.sock = self.server.tls.wrap_socket(self.sock, server_side=True)
                self.sock.settimeout(None)
                peer = self.sock.getpeercert()
                if peer:
                    self.certificate_system = dict(x[0] for x in peer["subject"]).get("commonName")
            self.handshake()
            while True:
                kind = self.read_frame()
                if not kind:
                    self.goaway(self.last_id, 3, "empty frame", "unexpectedFrame")
                    break
                number, _, body = kind[0]
                if number == 3:
                    self.on_call(parse(body))
                elif number == 5:
                    self.on_cancel(first(parse(body), 1, 0))
                elif number == 6:
                    self.send(frame(encode([s(7, body)])))
                elif number == 7:
                    if first(parse(body), 1, 0) == 4242:
                        self.pong.set()
                elif number == 8:
                    self.draining = True
                    self.close_when_idle()
        except (EOFError, OSError, ValueError, ssl.SSLError):
            pass
        finally:
            with self.state:
                for c in self.calls.values():
                    c["done"] = True
                    c["cancelled"].set()
                self.state.notify_all()
            self.close()
            self.sock.close()

    def handshake(self):
        kind = self.read_frame()
        if not kind or kind[0][0] != 1:
            self.goaway(0, 3, "the first frame must be a handshake", "handshakeRequired")
            raise EOFError
        hs = parse(kind[0][2])
        version = first(hs, 1, 0)
        self.system = first(hs, 2, b"").decode("utf-8", "replace")
        instance = first(hs, 3, b"").decode("utf-8", "replace")
        cred = first(hs, 4)
        token = first(parse(cred), 1, b"").decode("utf-8", "replace") if cred is not None else None
        refuse = None
        if version != 1:
            refuse = status(9, "this server speaks protocol version 1", "protocol_version", "unsupportedVersion")
        elif not self.system:
            refuse = status(3, "client_system is required", "client_system", "invalidArgument")
        elif token == "deny-permission":
            refuse = status(7, "this client system may not connect", "", "permissionDenied")
        elif self.certificate_system is not None and token is None:
            if self.certificate_system != self.system:
                refuse = status(7, "this certificate belongs to another client system", "", "permissionDenied")
        elif self.server.token is not None and token != self.server.token:
            refuse = status(16, "the credential is missing or not valid", "credential", "unauthenticated")
        if refuse:
            self.send(frame(encode([s(2, encode([s(1, refuse), v(2, 1)]))])))
            raise EOFError
        if "max-calls=" in instance:
            self.max_calls = int(instance.split("max-calls=")[1].split()[0])
        limits = replace(list(LIMITS), 3, 0, self.max_calls)
        self.send(frame(encode([s(2, encode([v(2, 1), s(3, "fake-councild"), s(4, encode(limits))]))])))

    def on_cancel(self, call_id):
        call = self.calls.get(call_id)
        if call and not call["done"]:
            call["cancelled"].set()
            self.finish(call_id, response(call_id, status_bytes=status(1, "the call was cancelled", "", "cancelled")))

    def on_call(self, call):
        call_id = first(call, 1, 0)
        if call_id == 0 or call_id <= self.last_id:
            self.goaway(self.last_id, 3, "call ids must increase", "callIDNotIncreasing")
            raise EOFError
        self.last_id = call_id
        if self.draining:
            return  # crossed our GoAway: not processed
        meta = first(call, 3)
        trace = first(parse(meta), 1, b"").decode("utf-8", "replace") if meta is not None else ""
        commands = dict((c.split("=", 1) + [""])[:2] for c in trace[5:].split(";")) if trace.startswith("fake:") else {}
        method, body = next(((f, b) for f, wt, b in call if f >= 10), (0, b""))
        with self.state:
            if self.in_flight() >= self.max_calls:
                self.send(response(call_id, status_bytes=status(8, "too many calls in flight", "", "tooManyCalls")))
                return
            self.calls[call_id] = {"done": False, "cancelled": threading.Event()}
        if "goaway-before" in commands:
            self.draining = True
            with self.state:
                self.calls[call_id]["done"] = True
            self.goaway(call_id - 1, 14, "the server is draining", "draining")
            self.close_when_idle()
            return
        if "close" in commands:
            self.close()
            return
        for bad in ("oversize", "truncate"):
            if bad in commands:
                self.send(struct.pack(">I", MAX_FRAME + 1 if bad == "oversize" else 100) + b"\x0a" * 10)
                self.close()
                return
        if "garbage" in commands:
            self.send(frame(b"\xff\xff\xff\xff"))
        if "unknown-id" in commands:
            self.send(response(999999, 11, encode([v(1, 1)])))
        if "unknown-kind" in commands:
            self.send(frame(encode([s(15, b"\x08\x01")])))
        threading.Thread(target=self.answer, args=(call_id, method, body, commands), daemon=True).start()

    def answer(self, call_id, method, body, commands):
        call = self.calls[call_id]
        if "delay" in commands:
            if call["cancelled"].wait(int(commands["delay"]) / 1000.0):
                return
        if "silent" in commands:
            return
        if "ping" in commands:
            self.pong.clear()
            self.send(frame(encode([s(6, encode([v(1, 4242)]))])))
            ok = self.pong.wait(2)
            self.finish(call_id, response(call_id, 10, encode([s(1, "fake-councild"), s(2, "pong-ok")])) if ok
                        else response(call_id, status_bytes=status(13, "no pong", "", "internal")))
            return
        if "status" in commands:
            code = int(commands["status"])
            st = GOLDEN_ERROR_STATUS if code == 9 else status(code, "asked for status %d" % code, "submission.title"
                                                                if code == 3 else "", "fakeStatus")
            self.finish(call_id, response(call_id, status_bytes=st))
            return
        if "bad-utf8" in commands:
            self.finish(call_id, response(call_id, status_bytes=encode([v(1, 3), s(2, b"bad \xc3\x28 text")])))
            return
        if "bad-enum" in commands:
            self.finish(call_id, response(call_id, 30, encode([s(1, encode(replace(list(GOLDEN_CASE), 4, 0, 99)))])))
            return
        if "wrong-member" in commands:
            self.finish(call_id, response(call_id, 11, encode([v(1, 1)])))
            return
        if "budget" in commands:
            self.finish(call_id, response(call_id, 20, b"\x12\x00" * 60000))
            return
        if "slow-frame" in commands:
            data = response(call_id, 11, encode([v(1, 1)]))
            with self.state:
                call["done"] = True
            self.send(data[:5])
            time.sleep(1.5)
            self.send(data[5:])
            return
        if method == 34:
            self.watch(call_id, first(parse(body), 1, 0))
            return
        self.finish(call_id, self.unary(call_id, method, body))
        if "goaway-after" in commands:
            self.draining = True
            self.goaway(call_id, 0)
            self.close_when_idle()

    def unary(self, call_id, method, body):
        store = self.server.store
        req = parse(body)
        if method == 10:
            return response(call_id, 10, encode([s(1, "fake-councild"), s(2, "fake-councild 0"), packed(3, [1]),
                                                 v(4, now_ms()), s(5, encode(LIMITS)),
                                                 s(6, encode([s(1, "130703"), s(2, "桥西区")]))]))
        if method == 11:
            return response(call_id, 11, encode([v(1, 1)]))
        if method == 21:
            if first(req, 1, b"") == b"130703007001":
                return response(call_id, 21, GOLDEN_LOCATE)
            return response(call_id, status_bytes=status(5, "no such grid cell", "grid_cell", "notFound"))
        if method == 30:
            key_field, key = next(((f, b) for f, _, b in req), (0, b""))
            if key_field == 2 and key == GOLDEN_NUMBER.encode():
                return response(call_id, 30, encode([s(1, encode(GOLDEN_CASE))]))
            c = store.find(key_field, key) if key_field else None
            if c is None:
                return response(call_id, status_bytes=status(5, "no such case", "", "notFound"))
            with store.lock:
                return response(call_id, 30, encode([s(1, store.case_bytes(c))]))
        if method == 31:
            cid = first(req, 1, b"").decode()
            with store.lock:
                evs = [e for seq, e in store.events if first(parse(e), 2, b"").decode() == cid]
            if not evs:
                return response(call_id, status_bytes=status(5, "no such case", "case_id", "notFound"))
            return response(call_id, 31, encode([s(1, e) for e in evs] + [v(2, 1)]))
        if method == 40:
            ok, err = store.submit(first(req, 1, b""), self.system)
            if err:
                return response(call_id, status_bytes=err)
            case, created = ok
            return response(call_id, 40, encode([s(1, case)] + ([v(2, 1)] if created else [])))
        if 41 <= method <= 61:
            case, err = store.operate(method, body, self.system)
            if err:
                return response(call_id, status_bytes=err)
            return response(call_id, method, encode([s(1, case)]))
        return response(call_id, status_bytes=status(12, "the fake server does not implement method %d" % method,
                                                     "", "unknownMethod"))

    def watch(self, call_id, after):
        store, call = self.server.store, self.calls[call_id]
        sent = after
        while True:
            with store.lock:
                pending = [(seq, e) for seq, e in store.events if seq > sent]
                if not pending:
                    store.lock.wait(0.05)
            if call["done"] or self.closed:
                return
            if self.draining:
                self.finish(call_id, response(call_id, status_bytes=status(14, "the server is draining", "",
                                                                           "draining")))
                return
            for i in range(0, len(pending), 100):
                chunk = pending[i:i + 100]
                item = response(call_id, 34, encode([s(1, e) for _, e in chunk] + [v(2, 3)]), eos=False)
                with self.state:
                    if call["done"]:
                        return
                    self.send(item)
                sent = chunk[-1][0]


class Server:
    def __init__(self, port, token, hall_delay_ms, tls_dir=None, require_client_cert=False):
        self.token = token
        self.tls = None
        if tls_dir:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.minimum_version = ssl.TLSVersion.TLSv1_2
            self.tls.load_cert_chain(os.path.join(tls_dir, "server.pem"), os.path.join(tls_dir, "server-key.pem"))
            self.tls.load_verify_locations(os.path.join(tls_dir, "ca.pem"))
            self.tls.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_OPTIONAL
        self.store = Store(hall_delay_ms)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]

    def serve(self):
        while True:
            conn, _ = self.sock.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=Connection(self, conn).run, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=None, help="the only bearer token accepted (default: any)")
    parser.add_argument("--hall-delay-ms", type=int, default=100,
                        help="the fake hall accepts, handles and resolves each new case this often; 0: never")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--tls-dir", default=None, help="speak TLS with the certificates make-test-pki.sh made here")
    parser.add_argument("--require-client-cert", action="store_true", help="with --tls-dir: refuse clients without one")
    args = parser.parse_args()
    server = Server(args.port, args.token, args.hall_delay_ms, args.tls_dir, args.require_client_cert)
    print("LISTENING %d" % server.port, flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    if not sys.stdin.isatty():
        threading.Thread(target=watch_stdin, daemon=True).start()
    timer = threading.Timer(args.max_seconds, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
