"""Every golden frame of Schemas/testdata decodes to the values its .md lists and re-encodes byte for byte; the
frames the client sends are also built through its own encoders and compared with the files."""

import struct

from conftest import golden
from councilclient import pb, wire


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
    assert c.get_case.WhichOneof("key") == "number" and c.get_case.number == "QX07-20261130-0003"
    assert wire.call_frame("get_case", pb.GetCaseRequest(number="QX07-20261130-0003"), 2) == golden("get-case-call.bin")


def test_get_case_response():
    r = decode("get-case-response.bin").response
    assert (r.call_id, r.HasField("status"), r.end_of_stream) == (2, False, True)
    c = r.get_case.case
    assert c.id == "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab"
    assert c.number == "QX07-20261130-0003"
    assert (c.version, c.status) == (1, pb.CASE_STATUS_SUBMITTED)
    s = c.submission
    assert (s.title, s.description) == ("小区垃圾清运不及时", "三号楼东侧垃圾站三天未清运")
    assert (s.source, s.community, s.category) == (pb.CASE_SOURCE_PETITION_OFFICE, "QX07", "environment")
    assert (s.submitter.name, s.submitter.phone) == ("张*", "138****5678")
    assert not s.submitter.HasField("address")
    assert (s.external_reference.system, s.external_reference.reference) == ("petition-office", "XF-2026-000123")
    assert c.submitter_disclosure == pb.PERSONAL_DATA_DISCLOSURE_MASKED
    assert (c.community, c.category, c.priority) == ("QX07", "environment", pb.PRIORITY_NORMAL)
    assert c.created_at == c.updated_at == 1796000400000
    assert c.response_due == 1797296400000
    assert c.step == pb.LOOP_STEP_COLLECT
    assert list(c.allowed_operations) == [2, 3, 4, 8, 21]
    assert c.deadline_state == pb.DEADLINE_STATE_ON_TIME
    assert c.HasField("current_due") and c.current_due == 1797296400000
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
    from councilclient import errors
    e = errors.from_status(st)
    assert isinstance(e, errors.FailedPrecondition)
    assert e.case_status_name == "inProgress"
    assert e.allowed_operation_names == ["addProgress", "requestExtension", "resolve", "return", "withdraw"]
    assert "case is inProgress" in str(e) and not e.retryable


def test_watch_events_item():
    r = decode("watch-events-item.bin").response
    assert (r.call_id, r.HasField("status"), r.end_of_stream) == (4, False, False)
    w = r.watch_events
    assert w.submitter_disclosure == pb.PERSONAL_DATA_DISCLOSURE_OMITTED
    (e,) = w.events
    assert (e.sequence, e.case_id, e.version, e.occurred_at) == (42, "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab", 2,
                                                                 1796004000000)
    assert e.case_number == "QX07-20261130-0003"
    assert (e.principal.system, e.principal.user) == ("hall-staff", "HS01")
    a = e.accepted
    assert (a.category, a.priority, a.handling_due, a.rework_limit) == ("environment", pb.PRIORITY_NORMAL,
                                                                        1801270800000, 2)
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
    assert (g.grid_cell.code, g.grid_cell.community, g.grid_cell.HasField("grid_worker")) == ("130703007001", "QX07",
                                                                                              False)
    assert (g.community.code, g.community.name) == ("QX07", "东山坡社区")


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
