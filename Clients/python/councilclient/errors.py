"""Typed errors: one exception class per canonical status code (PROTOCOL.md §9).

Every error carries what the server's ``council.v1.Status`` said — ``code``, ``message``, ``field``, ``reason``,
``case_status`` and ``allowed_operations`` — and ``origin``: ``"server"`` when the server sent it, ``"client"``
when this library concluded it (a lost connection, a local timeout, a malformed frame from the server).
Switch on the class (or ``code``), then on ``reason``; show ``message``; highlight ``field``.

    try:
        client.call("evaluate", request)
    except FailedPrecondition as e:
        print(e.case_status_name, e.allowed_operation_names)
"""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Type

from . import council_pb2 as pb

CODE_NAMES = {value.number: value.name for value in pb.Status.DESCRIPTOR.enum_types_by_name["Code"].values}

# Reasons the client itself produces (origin "client").
CONNECT_FAILED = "connectFailed"
CLIENT_TIMEOUT = "clientTimeout"
CONNECTION_CLOSED = "connectionClosed"
NOT_PROCESSED = "notProcessed"
GOAWAY = "goaway"
TOO_MANY_CALLS = "tooManyCalls"
STORAGE_FULL = "storageFull"                 # ResourceExhausted from the server: its disk is full; retry later
FRAME_TOO_LARGE = "frameTooLarge"
MALFORMED_FRAME = "malformedFrame"
UNEXPECTED_RESPONSE = "unexpectedResponse"
BAD_REQUEST = "badRequest"
TLS_HANDSHAKE_FAILED = "tlsHandshakeFailed"  # Unavailable: the TLS handshake failed (the message says why)
BAD_TLS_FILE = "invalidArgument"             # InvalidArgument: a certificate or key file cannot be used (field: which)
TLS_REQUIRED = "tlsRequired"                 # Unavailable: the server answered plain TCP with TLS


def _lower_camel(enum_name: str, prefix: str) -> str:
    words = enum_name[len(prefix):].lower().split("_")
    return words[0] + "".join(w.capitalize() for w in words[1:])


class CouncilError(Exception):
    """A non-OK status. Subclasses exist for every code; catch this one for all of them."""

    code: int = 2

    def __init__(self, message: str = "", *, field: str = "", reason: str = "", case_status: int = 0,
                 allowed_operations: Sequence[int] = (), origin: str = "server", code: Optional[int] = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.field = field
        self.reason = reason
        self.case_status = case_status
        self.allowed_operations = list(allowed_operations)
        self.origin = origin

    @property
    def code_name(self) -> str:
        return CODE_NAMES.get(self.code, str(self.code))

    @property
    def case_status_name(self) -> str:
        """``"inProgress"``, as PROTOCOL.md and CouncilKit spell it; ``""`` when not set."""
        if not self.case_status:
            return ""
        return _lower_camel(pb.CaseStatus.Name(self.case_status), "CASE_STATUS_")

    @property
    def allowed_operation_names(self) -> list:
        return [_lower_camel(pb.CaseOperation.Name(op), "CASE_OPERATION_") for op in self.allowed_operations]

    @property
    def retryable(self) -> bool:
        """Whether retrying later (or on a new connection) is sensible, per PROTOCOL.md §9.1."""
        return self.code in (4, 14) or (self.code == 8 and self.reason in (TOO_MANY_CALLS, STORAGE_FULL))

    def __str__(self) -> str:
        parts = [self.code_name]
        if self.reason:
            parts.append(self.reason)
        if self.field:
            parts.append("field=" + self.field)
        text = " ".join(parts) + ": " + (self.message or "(no message)")
        if self.case_status:
            text += " [case is %s; allowed: %s]" % (self.case_status_name, " ".join(self.allowed_operation_names))
        if self.origin == "client":
            text += " (client)"
        return text

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, str(self))


class Cancelled(CouncilError): code = 1
class Unknown(CouncilError): code = 2
class InvalidArgument(CouncilError): code = 3
class DeadlineExceeded(CouncilError): code = 4
class NotFound(CouncilError): code = 5
class AlreadyExists(CouncilError): code = 6
class PermissionDenied(CouncilError): code = 7
class ResourceExhausted(CouncilError): code = 8


class FailedPrecondition(CouncilError):
    """The case's status does not allow the operation, or a condition of the case refuses it now:
    ``case_status`` and ``allowed_operations`` say what is possible."""
    code = 9


class Aborted(CouncilError):
    """``expected_version`` was stale: read the case again, decide again."""
    code = 10


class OutOfRange(CouncilError): code = 11
class Unimplemented(CouncilError): code = 12
class Internal(CouncilError): code = 13
class Unavailable(CouncilError): code = 14
class DataLoss(CouncilError): code = 15
class Unauthenticated(CouncilError): code = 16


# Client-side refinements (origin "client"); each is also its code's class.
class ConnectionClosed(Unavailable):
    """The connection ended before the call did. Retry on a new connection."""


class NotProcessed(Unavailable):
    """The server's GoAway said this call (id above ``last_call_id``) was not processed: send it again on a new
    connection."""


class GoAwayReceived(Unavailable):
    """The connection takes no new calls after a GoAway: open a new one."""


class ClientTimeout(DeadlineExceeded):
    """No answer within the call's timeout plus the client's grace period."""


class MalformedFrame(Internal):
    """The server sent bytes that are not a valid frame (bad protobuf, bad UTF-8, a NUL in a string, an unknown
    enum value, a frame of the wrong kind, a response for another method)."""


class FrameTooLarge(ResourceExhausted):
    """The server announced a frame larger than the client accepts; the connection is closed."""


BY_CODE: Dict[int, Type[CouncilError]] = {
    cls.code: cls for cls in (Cancelled, Unknown, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists,
                              PermissionDenied, ResourceExhausted, FailedPrecondition, Aborted, OutOfRange,
                              Unimplemented, Internal, Unavailable, DataLoss, Unauthenticated)}


def from_status(status: "pb.Status") -> CouncilError:
    """The exception for a non-OK ``council.v1.Status`` from the server."""
    cls = BY_CODE.get(status.code, Unknown)
    return cls(status.message, field=status.field, reason=status.reason, case_status=status.case_status,
               allowed_operations=list(status.allowed_operations), origin="server", code=status.code)


def client_error(cls: Type[CouncilError], reason: str, message: str, field: str = "") -> CouncilError:
    return cls(message, field=field, reason=reason, origin="client")
