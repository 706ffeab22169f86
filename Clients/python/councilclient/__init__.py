"""councilclient — Python clients for councild, the Council Hall server (Schemas/PROTOCOL.md, protocol 1).

* ``Client``: blocking, thread-safe, one reader thread per connection.
* ``AsyncClient``: asyncio.
* ``pb``: the messages generated from Schemas/council.proto (``council_pb2``).
* TLS and mutual TLS: ``ca_file``, ``cert_file``, ``key_file``, ``server_name`` or ``ssl_context`` on ``connect``;
  ``tls_context`` builds the context the clients use from the files, for those who want to adjust it.
* Typed errors, one class per status code: ``InvalidArgument``, ``NotFound``, ``FailedPrecondition`` (with
  ``case_status`` and ``allowed_operations``), ``Aborted``, ``Unavailable``, … all ``CouncilError``.
"""

from . import council_pb2 as pb
from .aio import AsyncClient, AsyncWatchStream
from .client import Client, PendingCall, WatchStream
from .tls import tls_context
from .errors import (Aborted, AlreadyExists, Cancelled, ClientTimeout, ConnectionClosed, CouncilError, DataLoss,
                     DeadlineExceeded, FailedPrecondition, FrameTooLarge, GoAwayReceived, Internal, InvalidArgument,
                     MalformedFrame, NotFound, NotProcessed, OutOfRange, PermissionDenied, ResourceExhausted,
                     Unauthenticated, Unavailable, Unimplemented, Unknown)

__version__ = "0.1.0"

__all__ = [
    "pb", "Client", "AsyncClient", "PendingCall", "WatchStream", "AsyncWatchStream", "tls_context",
    "CouncilError", "Cancelled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
    "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
    "Internal", "Unavailable", "DataLoss", "Unauthenticated", "ConnectionClosed", "NotProcessed", "GoAwayReceived",
    "ClientTimeout", "MalformedFrame", "FrameTooLarge",
]
