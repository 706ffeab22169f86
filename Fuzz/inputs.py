#!/usr/bin/env python3
"""Turns wire frames into fuzz inputs and back, for Fuzz/run.sh.

    inputs.py seeds DIR FILE...        writes DIR/{frames,requests,responses}/ seeds: the FILEs, the calls and
                                       responses in them, and one empty message for each method of the schema
    inputs.py frame TARGET INPUT       prints a requests or responses input as one length-prefixed frame

A requests (responses) input is one byte naming the method by its field number in Call.request
(Response.response), then that method's message; the targets wrap it as Frame{call{call_id: 1, <method>: message}}
(Frame{response{...}}). `frame` does the same wrapping, so that a crash input can be kept in
Tests/CouncilWireTests/Regressions, which holds frames.
"""

import hashlib
import os
import re
import struct
import sys

CALL, RESPONSE = 3, 4  # Frame fields
FIRST_METHOD_FIELD = 10  # Call.request and Response.response start here


def varint(data, i):
    value = shift = 0
    while i < len(data) and shift < 64:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7
    raise ValueError("truncated varint")


def fields(data):
    """The fields of one message as (number, wire type, value); raises ValueError on a malformed one."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, i = varint(data, i)
        elif kind == 1:
            value, i = data[i : i + 8], i + 8
        elif kind == 2:
            length, i = varint(data, i)
            value, i = data[i : i + length], i + length
        elif kind == 5:
            value, i = data[i : i + 4], i + 4
        else:
            raise ValueError("unsupported wire type")
        if i > len(data):
            raise ValueError("truncated field")
        yield number, kind, value


def payloads(data):
    """The file as one payload, and as a stream of length-prefixed payloads."""
    yield data
    i = 0
    while i + 4 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        if i + 4 + length > len(data):
            break
        yield data[i + 4 : i + 4 + length]
        i += 4 + length


def method_messages(payload):
    """(target, method field number, message) for each call request or response the payload carries."""
    try:
        for number, kind, value in fields(payload):
            if kind != 2 or number not in (CALL, RESPONSE):
                continue
            target = "requests" if number == CALL else "responses"
            for inner, inner_kind, message in fields(value):
                if inner_kind == 2 and FIRST_METHOD_FIELD <= inner < 256:
                    yield target, inner, message
    except ValueError:
        return


def write(folder, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def method_numbers():
    """The field numbers of Call.request in Schemas/council.proto: one for each method."""
    schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Schemas", "council.proto")
    with open(schema) as f:
        text = f.read()
    block = re.search(r"^message Call \{.*?oneof request \{(.*?)^  \}", text, re.S | re.M).group(1)
    return [int(n) for n in re.findall(r"^\s*\w+ \w+ = (\d+);", block, re.M)]


def seeds(out, files):
    for number in method_numbers():
        for target in ("requests", "responses"):
            write(os.path.join(out, target), bytes([number]))
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        write(os.path.join(out, "frames"), data)
        for payload in payloads(data):
            for target, number, message in method_messages(payload):
                write(os.path.join(out, target), bytes([number]) + message)


def key(number, kind):
    return bytes(encode_varint(number << 3 | kind))


def encode_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return out


def length_delimited(number, value):
    return key(number, 2) + encode_varint(len(value)) + value


def frame(target, data):
    """The frame the target decodes for `data`; the method byte must already name a field number."""
    if not data:
        raise SystemExit("an empty input decodes nothing")
    inner = key(1, 0) + encode_varint(1) + length_delimited(data[0], data[1:])
    payload = length_delimited(CALL if target == "requests" else RESPONSE, inner)
    return struct.pack(">I", len(payload)) + payload


def main(argv):
    if len(argv) >= 2 and argv[0] == "seeds":
        seeds(argv[1], argv[2:])
    elif len(argv) == 3 and argv[0] == "frame" and argv[1] in ("requests", "responses"):
        with open(argv[2], "rb") as f:
            sys.stdout.buffer.write(frame(argv[1], f.read()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
