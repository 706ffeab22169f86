"""Frames the client must refuse or survive, driven through a socketpair-backed Client reader, and the checks
on outgoing requests."""

import socket
import struct
import threading
import time

import pytest

from councilclient import errors, pb, wire
from councilclient.client import Client


def reader_over(data: bytes, close: bool = True, max_frame_bytes: int = 1 << 20, frame_read_timeout: float = 1.0):
    a, b = socket.socketpair()
    b.sendall(data)
    if close:
        b.shutdown(socket.SHUT_WR)
    client = Client(a, max_frame_bytes=max_frame_bytes, frame_read_timeout=frame_read_timeout, grace=1,
                    default_timeout=5)
    return client, b


def frame_of(message_bytes: bytes) -> bytes:
    return struct.pack(">I", len(message_bytes)) + message_bytes


PING = frame_of(bytes([0x32, 0x02, 0x08, 0x05]))  # Frame{ping{payload 5}}


def test_frames_back_to_back_and_clean_end():
    client, other = reader_over(PING + PING)
    assert client._read_frame().WhichOneof("kind") == "ping"
    assert client._read_frame().WhichOneof("kind") == "ping"
    assert client._read_frame() is None
    other.close()


def test_oversized_length_refused_from_header():
    client, other = reader_over(struct.pack(">I", (1 << 20) + 1), close=False)
    start = time.monotonic()
    with pytest.raises(errors.FrameTooLarge) as e:
        client._read_frame()
    assert e.value.reason == "frameTooLarge" and e.value.origin == "client"
    assert time.monotonic() - start < 0.5
    other.close()


@pytest.mark.parametrize("data", [PING[:2], PING[:5]])
def test_truncated(data):
    client, other = reader_over(data)
    with pytest.raises(errors.ConnectionClosed) as e:
        client._read_frame()
    assert "truncated" in e.value.message
    other.close()


def test_stalled_frame_times_out():
    client, other = reader_over(PING[:5], close=False, frame_read_timeout=0.2)
    with pytest.raises(errors.ClientTimeout):
        client._read_frame()
    other.close()


def test_empty_frame_is_malformed():
    with pytest.raises(errors.MalformedFrame):
        wire.decode_frame(b"")


def test_invalid_utf8_fails_with_the_call_id():
    bad = bytes([0x22, 0x0b, 0x08, 0x07, 0x12, 0x07, 0x08, 0x03, 0x12, 0x03]) + b"a\xc3("
    with pytest.raises(errors.MalformedFrame) as e:
        wire.decode_frame(bad)
    assert e.value.call_id == 7


def test_nul_and_unknown_enum_refused():
    nul = bytes([0x22, 0x0b, 0x08, 0x07, 0x12, 0x07, 0x08, 0x03, 0x12, 0x03]) + b"a\x00b"
    with pytest.raises(errors.MalformedFrame) as e:
        wire.decode_frame(nul)
    assert e.value.call_id == 7 and "response.status.message" in e.value.message
    code99 = bytes([0x22, 0x06, 0x08, 0x07, 0x12, 0x02, 0x08, 0x63])
    with pytest.raises(errors.MalformedFrame) as e:
        wire.decode_frame(code99)
    assert "unknown enum value 99 in response.status.code" in e.value.message
    packed = bytes([0x22, 0x08, 0x08, 0x07, 0x12, 0x04, 0x32, 0x02, 0x0b, 0x63])
    with pytest.raises(errors.MalformedFrame) as e:
        wire.decode_frame(packed)
    assert "allowed_operations[1]" in e.value.message


def test_unknown_fields_are_ignored():
    f = wire.decode_frame(bytes([0x22, 0x07, 0x08, 0x07, 0xfa, 0x3e, 0x02, 0xff, 0xfe]))
    assert f.response.call_id == 7


def test_outgoing_checks():
    with pytest.raises(errors.InvalidArgument) as e:
        wire.call_frame("submit", pb.SubmitRequest(submission=pb.Submission(title="a\x00b")), 1)
    assert e.value.field == "submit.submission.title" and e.value.reason == "badRequest"
    with pytest.raises(errors.InvalidArgument) as e:
        wire.call_frame("get_case", pb.GetCaseRequest(number="x"), 1, idempotency_key="k" * 129)
    assert e.value.field == "metadata.idempotency_key"
    wire.call_frame("get_case", pb.GetCaseRequest(number="x"), 1, idempotency_key="案" * 128)
    with pytest.raises(errors.InvalidArgument):
        wire.call_frame("get_case", pb.SubmitRequest(), 1)
    with pytest.raises(errors.InvalidArgument):
        wire.call_frame("no_such_method", None, 1)
    with pytest.raises(errors.InvalidArgument):
        wire.call_frame("submit", pb.SubmitRequest(submission=pb.Submission(title="x" * 100)), 1, max_frame_bytes=64)


def test_addresses():
    assert wire.parse_address("127.0.0.1:7420") == ("127.0.0.1", 7420)
    assert wire.parse_address("[::1]:9") == ("::1", 9)
    assert wire.parse_address("councild") == ("councild", 7420)


def test_error_classes_cover_every_code():
    for code in range(1, 17):
        e = errors.from_status(pb.Status(code=code, message="m", reason="r"))
        assert e.code == code and isinstance(e, errors.CouncilError)
        assert type(e).__name__.upper().replace("_", "") == errors.CODE_NAMES[code].replace("_", "")
    assert errors.client_error(errors.ResourceExhausted, "tooManyCalls", "x").retryable
    assert not errors.client_error(errors.ResourceExhausted, "frameTooLarge", "x").retryable
    full = errors.from_status(pb.Status(code=8, message="the server's disk is full; nothing was written; try again later",
                                        reason="storageFull"))
    assert isinstance(full, errors.ResourceExhausted) and full.retryable
