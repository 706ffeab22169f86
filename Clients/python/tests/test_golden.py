"""Every golden frame of Schemas/testdata decodes to the values its .md lists and re-encodes byte for byte; the
frames the client sends are also built through its own encoders and compared with the files."""

import struct

from conftest import golden
from councilclient import errors, pb, wire

CASE_ID = "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab"
NUMBER = "QX07-20261130-0003"
REGISTERED = 1796000400000      # Monday 2026-11-30 09:00 UTC+8
RESPONSE_DUE = 1797350400000    # 2026-12-16 00:00 UTC+8: the midnight that ends the 15th calendar day
HANDLING_DUE = 1801238400000    # 2027-01-30 00:00 UTC+8: the midnight that ends the 60th calendar day
DRAINING = (pb.Status.UNAVAILABLE, "the server is shutting down", "draining")


def decode(name):
    data = golden(name)
    (length,) = struct.unpack(">I", data[:4])
    assert length == len(data) - 4
    frame = wire.decode_frame(data[4:])
    assert wire.encode_frame(frame) == data  # re-encodes byte for byte
    return frame


def test_handshake():
    f = decode("handshake.bin")
    assert f.WhichOneof("kind") == "handshake"
    h = f.handshake
    assert (h.protocol_version, h.client_system, h.client_instance) == (1, "petition-office", "xf-bridge/2.3")
    assert h.credential.bearer_token == "example-token"
    built = wire.encode_frame(wire.handshake_frame("petition-office", "example-token", "xf-bridge/2.3"))
    assert built == golden("handshake.bin")


def test_get_case_call():
    f = decode("get-case-call.bin")
    c = f.call
    assert (c.call_id, c.timeout_ms, c.HasField("metadata")) == (2, 0, False)
    assert c.WhichOneof("request") == "get_case"
    assert c.get_case.WhichOneof("key") == "number" and c.get_case.number == NUMBER
    assert wire.call_frame("get_case", pb.GetCaseRequest(number=NUMBER), 2) == golden("get-case-call.bin")


def test_handshake_result():
    f = decode("handshake-result.bin")
    assert f.WhichOneof("kind") == "handshake_result"
    h = f.handshake_result
    # Accepted: the status is present and empty, which is OK just as an absent one would be.
    assert h.HasField("status") and h.status == pb.Status()
    assert h.status.code == pb.Status.OK and (h.status.message, h.status.reason) == ("", "")
    assert (h.protocol_version, h.server_id) == (1, "councild-01")
    lim = h.limits
    assert (lim.max_frame_bytes, lim.decode_budget_bytes, lim.max_concurrent_calls) == (1048576, 8388608, 100)
    assert (lim.idle_timeout_ms, lim.frame_read_timeout_ms, lim.default_call_timeout_ms) == (300000, 10000, 30000)


def test_get_case_response():
    r = decode("get-case-response.bin").response
    assert (r.call_id, r.HasField("status"), r.end_of_stream) == (2, False, True)
    c = r.get_case.case
    assert c.id == CASE_ID
    assert c.number == NUMBER
    assert (c.version, c.status) == (1, pb.CASE_STATUS_SUBMITTED)
    s = c.submission
    assert (s.title, s.description) == ("小区垃圾清运不及时", "三号楼东侧垃圾站三天未清运")
    assert (s.source, s.community, s.category) == (pb.CASE_SOURCE_PETITION_OFFICE, "QX07", "environment")
    assert (s.submitter.name, s.submitter.phone) == ("张**", "138****5678")
    assert not s.submitter.HasField("address")
    assert (s.external_reference.system, s.external_reference.reference) == ("petition-office", "XF-2026-000123")
    assert c.submitter_disclosure == pb.PERSONAL_DATA_DISCLOSURE_MASKED
    assert (c.community, c.category, c.priority) == ("QX07", "environment", pb.PRIORITY_NORMAL)
    assert c.created_at == c.updated_at == REGISTERED
    assert c.response_due == RESPONSE_DUE
    assert c.step == pb.LOOP_STEP_COLLECT
    assert list(c.allowed_operations) == [2, 3, 4, 8, 21]
    assert c.deadline_state == pb.DEADLINE_STATE_ON_TIME
    assert c.HasField("current_due") and c.current_due == RESPONSE_DUE
    assert not c.HasField("acceptance") and not c.HasField("handling_due")


def test_error_response():
    r = decode("error-response.bin").response
    assert (r.call_id, r.end_of_stream, r.WhichOneof("response")) == (3, True, None)
    st = r.status
    assert st.code == pb.Status.FAILED_PRECONDITION
    assert st.message == "cannot evaluate a case that is inProgress"
    assert (st.reason, st.field) == ("illegalTransition", "")
    assert st.case_status == pb.CASE_STATUS_IN_PROGRESS
    assert list(st.allowed_operations) == [11, 12, 15, 7, 21]
    e = errors.from_status(st)
    assert isinstance(e, errors.FailedPrecondition)
    assert e.case_status_name == "inProgress"
    assert e.allowed_operation_names == ["addProgress", "requestExtension", "resolve", "return", "withdraw"]
    assert "case is inProgress" in str(e) and not e.retryable


def test_watch_events_item():
    r = decode("watch-events-item.bin").response
    assert (r.call_id, r.HasField("status"), r.end_of_stream) == (4, False, False)
    w = r.watch_events
    assert w.submitter_disclosure == pb.PERSONAL_DATA_DISCLOSURE_MASKED
    (e,) = w.events
    assert (e.sequence, e.case_id, e.version, e.occurred_at) == (4, CASE_ID, 2, REGISTERED + 3600 * 1000)
    assert e.case_number == NUMBER
    assert (e.principal.system, e.principal.user, e.principal.user_authenticated) == ("hall-staff", "HS01", False)
    a = e.accepted
    assert (a.category, a.priority, a.handling_due, a.rework_limit) == ("environment", pb.PRIORITY_NORMAL,
                                                                        HANDLING_DUE, 2)
    for limit, count in ((a.handling_limit, 60), (a.evaluation_window, 30), (a.max_extension, 30)):
        assert (limit.unit, limit.count) == (pb.TimeLimit.CALENDAR_DAYS, count)
    assert not a.HasField("note")


def test_locate_grid_cell():
    c = decode("locate-grid-cell-call.bin").call
    assert (c.call_id, c.locate_grid_cell.grid_cell) == (5, "130703007001")
    assert wire.call_frame("locate_grid_cell", pb.LocateGridCellRequest(grid_cell="130703007001"), 5) == \
        golden("locate-grid-cell-call.bin")
    r = decode("locate-grid-cell-response.bin").response
    assert (r.call_id, r.end_of_stream) == (5, True)
    g = r.locate_grid_cell
    assert (g.grid_cell.code, g.grid_cell.community, g.grid_cell.grid_worker) == ("130703007001", "QX07", "GW07")
    assert (g.community.code, g.community.name, g.community.street) == ("QX07", "示例社区07", "新华街街道")


def test_watch_events_end():
    r = decode("watch-events-end.bin").response
    assert (r.call_id, r.end_of_stream, r.WhichOneof("response")) == (4, True, None)
    assert (r.status.code, r.status.message, r.status.reason) == DRAINING
    e = errors.from_status(r.status)
    assert isinstance(e, errors.Unavailable) and e.retryable


def test_ping_pong():
    ping = decode("ping.bin")
    pong = decode("pong.bin")
    assert ping.WhichOneof("kind") == "ping" and pong.WhichOneof("kind") == "pong"
    assert ping.ping.payload == pong.pong.payload == REGISTERED
    # The answer the client gives a server's ping: the same payload.
    reply = pb.Frame()
    reply.pong.payload = ping.ping.payload
    assert wire.encode_frame(reply) == golden("pong.bin")


def test_goaway_drain():
    g = decode("goaway-drain.bin").goaway
    assert g.last_call_id == 5
    assert (g.status.code, g.status.message, g.status.reason) == DRAINING


def test_submit_call():
    c = decode("submit-call.bin").call
    assert (c.call_id, c.timeout_ms) == (1, 5000)
    assert (c.metadata.trace_id, c.metadata.idempotency_key, c.metadata.acting_user) == (
        "4bf92f3577b34da6a3ce929d0e0e4736", "XF-2026-000123-submit", "")
    s = c.submit.submission
    assert (s.title, s.description, s.source) == ("小区垃圾清运不及时", "三号楼东侧垃圾站三天未清运",
                                                  pb.CASE_SOURCE_PETITION_OFFICE)
    assert (s.community, s.category, s.submitter.name, s.submitter.phone) == ("QX07", "environment", "张三",
                                                                              "13812345678")
    assert (s.external_reference.system, s.external_reference.reference) == ("petition-office", "XF-2026-000123")
    built = wire.call_frame("submit", pb.SubmitRequest(submission=pb.Submission(
        title="小区垃圾清运不及时", description="三号楼东侧垃圾站三天未清运", source=pb.CASE_SOURCE_PETITION_OFFICE,
        community="QX07", category="environment", submitter=pb.PersonalData(name="张三", phone="13812345678"),
        external_reference=pb.ExternalReference(system="petition-office", reference="XF-2026-000123"))),
        1, 5000, trace_id="4bf92f3577b34da6a3ce929d0e0e4736", idempotency_key="XF-2026-000123-submit")
    assert built == golden("submit-call.bin")
