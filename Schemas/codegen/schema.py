"""The schema as the generators see it: messages, enums, methods and their annotations.

It is read from the `FileDescriptorSet` that `protoc --include_source_info --descriptor_set_out` writes for
`council.proto`, decoded here with a few lines of protobuf wire-format parsing, so the generators need nothing but
Python and Debian's protoc.

Annotations are bracketed tags in a comment, for example `[required]` or `[scope: manage]`; PROTOCOL.md §3a says
which tags exist and what they mean. Tags are taken out of the text the generators copy into documentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ---- protobuf wire format, just enough to read descriptor.proto messages --------------------------------------


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(data: bytes) -> dict[int, list]:
    """Field number → values in order: ints for varints, bytes for length-delimited fields."""
    out: dict[int, list] = {}
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, i = _varint(data, i)
        elif kind == 2:
            length, i = _varint(data, i)
            value, i = data[i : i + length], i + length
        elif kind == 1:
            value, i = data[i : i + 8], i + 8
        elif kind == 5:
            value, i = data[i : i + 4], i + 4
        else:
            raise ValueError(f"unsupported wire type {kind} in a descriptor")
        out.setdefault(number, []).append(value)
    return out


def _text(fields: dict[int, list], number: int, default: str = "") -> str:
    return fields[number][0].decode() if number in fields else default


def _int(fields: dict[int, list], number: int, default: int = 0) -> int:
    return fields[number][0] if number in fields else default


def _packed(fields: dict[int, list], number: int) -> list[int]:
    values: list[int] = []
    for chunk in fields.get(number, []):
        if isinstance(chunk, int):
            values.append(chunk)
            continue
        i = 0
        while i < len(chunk):
            value, i = _varint(chunk, i)
            values.append(value)
    return values


# ---- the model ---------------------------------------------------------------------------------------------------

TAG = re.compile(r"\[([a-z][a-z-]*)(?::\s*([^\]]*))?\]")

# FieldDescriptorProto.Type
DOUBLE, FLOAT, INT64, UINT64, INT32, BOOL, STRING, MESSAGE, BYTES, UINT32, ENUM = 1, 2, 3, 4, 5, 8, 9, 11, 12, 13, 14
REPEATED = 3


def _comment(raw: str) -> tuple[str, dict[str, str]]:
    """A comment's text without its tags, and the tags (name → value, "" for a tag without one)."""
    tags = {m.group(1): (m.group(2) or "").strip() for m in TAG.finditer(raw)}
    text = TAG.sub("", raw)
    lines = [line.strip() for line in text.strip().splitlines()]
    return " ".join(line for line in lines if line).replace(" .", ".").strip(), tags


@dataclass
class Field:
    name: str
    number: int
    type: int
    type_name: str  # the referenced message or enum, without the package; "" for scalars
    repeated: bool
    oneof: str | None  # the real oneof the field belongs to
    presence: bool  # alone in a `oneof _name`: absent and zero differ
    doc: str
    tags: dict[str, str]


@dataclass
class Oneof:
    name: str
    fields: list[Field]
    doc: str
    tags: dict[str, str]


@dataclass
class Message:
    name: str  # dotted within the package: `TimeLimit`, `CheckHealthResponse.ServingStatus`
    fields: list[Field]
    oneofs: list[Oneof]
    doc: str
    tags: dict[str, str]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass
class EnumValue:
    name: str
    number: int
    doc: str
    tags: dict[str, str]


@dataclass
class Enum:
    name: str
    values: list[EnumValue]
    doc: str
    tags: dict[str, str]


@dataclass
class Method:
    name: str  # the member of Call.request: `return_case`
    number: int
    request: str  # message names
    response: str
    doc: str  # the request message's documentation
    scope: str | None  # None: any authenticated caller
    own_cases_scope: str | None
    writes: bool
    streams: bool
    idempotent: bool


@dataclass
class Schema:
    package: str
    messages: dict[str, Message] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    methods: list[Method] = field(default_factory=list)


SCOPES = {"none", "submit", "read", "manage", "personalData", "directory", "notifications", "accounts"}
METHOD_TAGS = {"scope", "own-cases", "writes", "streams", "idempotent"}


def load(descriptor_set: bytes) -> Schema:
    files = [_fields(f) for f in _fields(descriptor_set).get(1, [])]
    if len(files) != 1:
        raise ValueError("expected the descriptor set of council.proto alone")
    f = files[0]
    package = _text(f, 2)
    comments: dict[tuple[int, ...], str] = {}
    if 9 in f:
        for location in _fields(f[9][0]).get(1, []):
            loc = _fields(location)
            comments[tuple(_packed(loc, 1))] = _text(loc, 3)
    schema = Schema(package=package)
    prefix = "." + package + "."

    def read_enum(raw: bytes, path: tuple[int, ...], scope: str) -> None:
        e = _fields(raw)
        name = scope + _text(e, 1)
        values = []
        for k, value in enumerate(e.get(2, [])):
            v = _fields(value)
            doc, tags = _comment(comments.get(path + (2, k), ""))
            values.append(EnumValue(_text(v, 1), _int(v, 2), doc, tags))
        doc, tags = _comment(comments.get(path, ""))
        schema.enums[name] = Enum(name, values, doc, tags)

    def read_message(raw: bytes, path: tuple[int, ...], scope: str) -> None:
        m = _fields(raw)
        name = scope + _text(m, 1)
        oneof_names = [_text(_fields(o), 1) for o in m.get(8, [])]
        members: dict[int, list[tuple[int, dict]]] = {}
        for k, raw_field in enumerate(m.get(2, [])):
            fd = _fields(raw_field)
            if 9 in fd:
                members.setdefault(_int(fd, 9), []).append((k, fd))
        fields = []
        for k, raw_field in enumerate(m.get(2, [])):
            fd = _fields(raw_field)
            index = _int(fd, 9, -1) if 9 in fd else -1
            oneof_name = oneof_names[index] if index >= 0 else None
            presence = oneof_name is not None and oneof_name == "_" + _text(fd, 1) and len(members[index]) == 1
            type_name = _text(fd, 6)
            if type_name.startswith(prefix):
                type_name = type_name[len(prefix) :]
            doc, tags = _comment(comments.get(path + (2, k), ""))
            if presence:
                # A presence oneof `_x { … x … }` documents its field: its comment and tags are the field's.
                oneof_doc, oneof_tags = _comment(comments.get(path + (8, index), ""))
                doc, tags = doc or oneof_doc, {**oneof_tags, **tags}
            fields.append(
                Field(
                    name=_text(fd, 1),
                    number=_int(fd, 3),
                    type=_int(fd, 5),
                    type_name=type_name,
                    repeated=_int(fd, 4) == REPEATED,
                    oneof=None if presence else oneof_name,
                    presence=presence,
                    doc=doc,
                    tags=tags,
                )
            )
        oneofs = []
        for index, oneof_name in enumerate(oneof_names):
            members_of = [f for f in fields if f.oneof == oneof_name]
            if members_of:
                doc, tags = _comment(comments.get(path + (8, index), ""))
                oneofs.append(Oneof(oneof_name, members_of, doc, tags))
        doc, tags = _comment(comments.get(path, ""))
        schema.messages[name] = Message(name, fields, oneofs, doc, tags)
        for k, nested in enumerate(m.get(3, [])):
            read_message(nested, path + (3, k), name + ".")
        for k, nested in enumerate(m.get(4, [])):
            read_enum(nested, path + (4, k), name + ".")

    for i, raw in enumerate(f.get(4, [])):
        read_message(raw, (4, i), "")
    for i, raw in enumerate(f.get(5, [])):
        read_enum(raw, (5, i), "")
    schema.methods = _methods(schema)
    return schema


def _methods(schema: Schema) -> list[Method]:
    call, response = schema.messages["Call"], schema.messages["Response"]
    answers = {f.number: f for f in response.fields if f.oneof == "response"}
    methods = []
    for member in (f for f in call.fields if f.oneof == "request"):
        tags = member.tags
        unknown = set(tags) - METHOD_TAGS
        if unknown:
            raise ValueError(f"Call.request.{member.name}: unknown tags {sorted(unknown)}")
        if "scope" not in tags:
            raise ValueError(f"Call.request.{member.name} names no [scope: …]")
        for scope in (tags["scope"], tags.get("own-cases", "none")):
            if scope not in SCOPES:
                raise ValueError(f"Call.request.{member.name}: {scope} is not a scope")
        answer = answers.get(member.number)
        if answer is None or answer.name != member.name:
            raise ValueError(f"Response.response has no member {member.name} = {member.number}")
        methods.append(
            Method(
                name=member.name,
                number=member.number,
                request=member.type_name,
                response=answer.type_name,
                doc=schema.messages[member.type_name].doc,
                scope=None if tags["scope"] == "none" else tags["scope"],
                own_cases_scope=tags.get("own-cases"),
                writes="writes" in tags,
                streams="streams" in tags,
                idempotent="idempotent" in tags,
            )
        )
    return methods
