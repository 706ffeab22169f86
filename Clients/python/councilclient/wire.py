"""Frames on the wire (PROTOCOL.md §2–§3): encoding, reading with limits, and checking what the server sent.

Shared by the blocking and the asyncio client, and usable on its own (the tests drive it directly).
"""

from __future__ import annotations

import struct
from typing import Optional, Tuple

from google.protobuf import descriptor as _descriptor
from google.protobuf.message import DecodeError

from . import council_pb2 as pb
from .errors import (BAD_REQUEST, MALFORMED_FRAME, FRAME_TOO_LARGE, FrameTooLarge, InvalidArgument,
                     MalformedFrame, client_error)

PROTOCOL_VERSION = 1
DEFAULT_PORT = 7420
DEFAULT_MAX_FRAME_BYTES = 1024 * 1024
METADATA_MAX_CHARS = 128
_HEADER = struct.Struct(">I")
_FD = _descriptor.FieldDescriptor

# The methods: the names of Call.request's members, which are also Response.response's.
METHODS = tuple(f.name for f in pb.Call.DESCRIPTOR.oneofs_by_name["request"].fields)
STREAMING_METHODS = frozenset({"watch_events"})


def encode_frame(frame: "pb.Frame") -> bytes:
    payload = frame.SerializeToString()
    return _HEADER.pack(len(payload)) + payload


def parse_address(address: str) -> Tuple[str, int]:
    """``host:port``, ``[v6]:port`` or ``host`` (port 7420)."""
    if not address:
        raise ValueError("an address is required, for example 127.0.0.1:7420")
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else DEFAULT_PORT
    if address.count(":") == 1:
        host, port = address.split(":")
        return host, int(port)
    return address, DEFAULT_PORT


def handshake_frame(client_system: str, token: Optional[str], client_instance: str = "") -> "pb.Frame":
    frame = pb.Frame()
    frame.handshake.protocol_version = PROTOCOL_VERSION
    frame.handshake.client_system = client_system
    frame.handshake.client_instance = client_instance or ""
    if token is not None:
        frame.handshake.credential.bearer_token = token
    return frame


def call_frame(method: str, request, call_id: int, timeout_ms: int = 0, trace_id: Optional[str] = None,
               idempotency_key: Optional[str] = None, acting_user: Optional[str] = None,
               max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES) -> bytes:
    """The encoded frame of one call. Raises InvalidArgument (``badRequest``) for what the server would refuse."""
    if method not in METHODS:
        raise client_error(InvalidArgument, BAD_REQUEST, "unknown method %r" % method)
    frame = pb.Frame()
    call = frame.call
    call.call_id = call_id
    call.timeout_ms = timeout_ms
    for name, value in (("trace_id", trace_id), ("idempotency_key", idempotency_key), ("acting_user", acting_user)):
        if value:
            if len(value) > METADATA_MAX_CHARS:
                raise client_error(InvalidArgument, BAD_REQUEST, "%s is longer than %d characters"
                                   % (name, METADATA_MAX_CHARS), "metadata." + name)
            setattr(call.metadata, name, value)
    member = getattr(call, method)
    if request is not None:
        if request.DESCRIPTOR is not member.DESCRIPTOR:
            raise client_error(InvalidArgument, BAD_REQUEST, "%s takes a %s, not a %s"
                               % (method, member.DESCRIPTOR.name, request.DESCRIPTOR.name))
        member.CopyFrom(request)
    else:
        member.SetInParent()
    problem = check_message(call)
    if problem:
        raise client_error(InvalidArgument, BAD_REQUEST, problem[1], problem[0])
    data = encode_frame(frame)
    if max_frame_bytes and len(data) - 4 > max_frame_bytes:
        raise client_error(InvalidArgument, BAD_REQUEST, "the call encodes to %d bytes; the server accepts at most %d"
                           % (len(data) - 4, max_frame_bytes))
    return data


def check_message(message, path: str = "", depth: int = 0) -> Optional[Tuple[str, str]]:
    """(field path, problem) for the first string with a NUL or enum value this schema does not define, else None.

    Python's protobuf already refuses invalid UTF-8 in proto3 strings while parsing; NULs and unknown values of
    open enums it keeps, and PROTOCOL.md §3 says to refuse both.
    """
    if depth > 32:
        return path, "messages nested too deep"
    for field, value in message.ListFields():
        name = path + ("." if path else "") + field.name
        repeated = field.label == _FD.LABEL_REPEATED
        values = list(value) if repeated else [value]
        for i, item in enumerate(values):
            where = "%s[%d]" % (name, i) if repeated else name
            if field.type == _FD.TYPE_STRING:
                if "\x00" in item:
                    return where, "a NUL character in %s" % where
            elif field.type == _FD.TYPE_ENUM:
                if item not in field.enum_type.values_by_number:
                    return where, "unknown enum value %d in %s" % (item, where)
            elif field.type == _FD.TYPE_MESSAGE:
                problem = check_message(item, where, depth + 1)
                if problem:
                    return problem
    return None


def check_length(length: int, max_frame_bytes: int) -> None:
    """Raises FrameTooLarge for a length above the limit; the exception's ``length`` attribute holds it."""
    if length > max_frame_bytes:
        error = client_error(FrameTooLarge, FRAME_TOO_LARGE, "the server announced a frame of %d bytes; the limit is %d"
                             % (length, max_frame_bytes))
        error.length = length
        raise error


def decode_frame(payload: bytes) -> "pb.Frame":
    """Parses and checks a frame payload from the server. Raises MalformedFrame; when the frame was a response
    whose call id could be read, the exception's ``call_id`` attribute holds it (else None)."""
    frame = pb.Frame()
    call_id = None
    if not payload:
        error = client_error(MalformedFrame, MALFORMED_FRAME, "the server sent an empty frame")
        error.call_id = None
        raise error
    try:
        frame.ParseFromString(payload)
    except (DecodeError, RuntimeError, ValueError) as e:
        error = client_error(MalformedFrame, MALFORMED_FRAME, "the server sent a frame that is not a valid "
                             "council.v1.Frame: %s" % e)
        error.call_id = _salvage_call_id(payload)
        raise error
    problem = check_message(frame)
    if problem:
        if frame.WhichOneof("kind") == "response":
            call_id = frame.response.call_id
        error = client_error(MalformedFrame, MALFORMED_FRAME, "malformed frame from the server: %s" % problem[1])
        error.call_id = call_id
        raise error
    return frame


def _read_varint(buf: bytes, pos: int) -> Tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, pos
        if shift > 63:
            raise ValueError("varint too long")


def _salvage_call_id(payload: bytes) -> Optional[int]:
    """The call id of a response frame that does not parse as a whole (e.g. invalid UTF-8 in a string):
    Frame field 4, then Response field 1, read with a minimal walker."""
    try:
        tag, pos = _read_varint(payload, 0)
        if tag != (4 << 3 | 2):
            return None
        _, pos = _read_varint(payload, pos)
        tag, pos = _read_varint(payload, pos)
        if tag != (1 << 3):
            return None
        value, _ = _read_varint(payload, pos)
        return value
    except (IndexError, ValueError):
        return None
