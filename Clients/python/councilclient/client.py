"""The blocking client.

Threading model: one connection (``Client``) owns one daemon reader thread. It is the only code that reads the
socket; it checks and decodes each frame, answers server pings, records a GoAway, and puts each response in the
queue of the call it belongs to (responses may arrive in any order). Every method of ``Client`` may be called
from any number of threads at once: a lock guards the table of calls and call-id assignment, and the same lock
keeps frames from interleaving on the socket. A ``PendingCall`` or ``WatchStream`` belongs to the thread that
uses it. Over TLS the reader and the writers share the connection the same way (``tls.TLSSocket`` keeps them from
using OpenSSL's connection state at the same time).

    with Client.connect("127.0.0.1:7420", client_system="petition-office", token=KEY) as client:
        case = client.get_case(number="QX07-20261130-0003")

    # mutual TLS: the certificate identifies the system (with or without a token, as the server requires)
    client = Client.connect("hall.example:7420", client_system="grid-platform", ca_file="ca.pem",
                            cert_file="grid-platform.pem", key_file="grid-platform-key.pem")
"""

from __future__ import annotations

import queue
import socket
import ssl
import threading
import time
from typing import Dict, Iterator, Optional

from . import council_pb2 as pb
from . import errors
from .errors import (CLIENT_TIMEOUT, CONNECT_FAILED, CONNECTION_CLOSED, GOAWAY, MALFORMED_FRAME, NOT_PROCESSED,
                     TOO_MANY_CALLS, UNEXPECTED_RESPONSE, ClientTimeout, ConnectionClosed, CouncilError,
                     DeadlineExceeded, FrameTooLarge, GoAwayReceived, MalformedFrame, NotProcessed, ResourceExhausted,
                     Unavailable, client_error)
from .wire import (DEFAULT_MAX_FRAME_BYTES, PROTOCOL_VERSION, STREAMING_METHODS, call_frame, check_length,
                   decode_frame, encode_frame, handshake_frame, parse_address)
from .tls import (PathLike, TLSSocket, closed_after_handshake, handshake_failed, looks_like_tls, tls_context,
                  tls_required)

_END = object()  # queued after the last item of a call that ended OK


class _Call:
    """A call in the connection's table: its queue of responses (or errors) and how it ends."""

    def __init__(self, call_id: int, method: str, stream: bool):
        self.call_id = call_id
        self.method = method
        self.stream = stream
        self.queue: "queue.Queue" = queue.Queue()
        self.ended = False
        self.cancel_sent = False


class PendingCall:
    """A unary call in flight: ``result()`` waits for its answer."""

    def __init__(self, client: "Client", call: _Call, local_deadline: float):
        self._client, self._call, self._deadline = client, call, local_deadline
        self._outcome = None

    @property
    def call_id(self) -> int:
        return self._call.call_id

    def result(self, timeout: Optional[float] = None):
        """The result message (e.g. ``GetCaseResponse``); raises the call's CouncilError. ``timeout`` (seconds)
        only bounds this wait: past it ``TimeoutError`` is raised and the call goes on. The call's own local
        deadline (its timeout plus the grace period) ends it with ``ClientTimeout``."""
        if self._outcome is None:
            wait = self._deadline - time.monotonic()
            if timeout is not None and timeout < wait:
                try:
                    item = self._call.queue.get(timeout=max(timeout, 0))
                except queue.Empty:
                    raise TimeoutError("no answer yet to call %d" % self.call_id) from None
            else:
                try:
                    item = self._call.queue.get(timeout=max(wait, 0))
                except queue.Empty:
                    self._client._abandon(self._call)
                    item = client_error(ClientTimeout, CLIENT_TIMEOUT, "no response to call %d within its timeout"
                                        % self.call_id)
            self._outcome = item
        if isinstance(self._outcome, CouncilError):
            raise self._outcome
        return getattr(self._outcome, self._call.method)

    def cancel(self) -> None:
        """Asks the server to stop the call; ``result()`` then raises Cancelled (or returns the result if the
        server had finished)."""
        self._client._send_cancel(self._call)


class WatchStream:
    """A ``watch_events`` stream: iterate for ``WatchEventsResponse`` items. ``cancel()`` ends it; iteration
    then stops cleanly (the server's CANCELLED end is expected). Any other end raises its CouncilError
    (e.g. Unavailable ``draining``: resume with ``after`` = the last sequence processed)."""

    def __init__(self, client: "Client", call: _Call):
        self._client, self._call = client, call
        self._cancelled = False
        self.end: Optional[CouncilError] = None

    @property
    def call_id(self) -> int:
        return self._call.call_id

    def next(self, timeout: Optional[float] = None):
        """The next item; None when the stream ended after cancel() or with OK; raises TimeoutError when nothing
        came within ``timeout`` seconds (the stream goes on)."""
        if self.end is not None or self._call.ended and self._call.queue.empty():
            if self.end is not None and not (self._cancelled and self.end.code == 1):
                raise self.end
            return None
        try:
            item = self._call.queue.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("no stream item within %s s" % timeout) from None
        if item is _END:
            self._call.ended = True
            return None
        if isinstance(item, CouncilError):
            self.end = item
            if self._cancelled and item.code == 1:
                return None
            raise item
        return item.watch_events

    def __iter__(self) -> Iterator["pb.WatchEventsResponse"]:
        while True:
            item = self.next()
            if item is None:
                return
            yield item

    def cancel(self) -> None:
        self._cancelled = True
        self._client._send_cancel(self._call)

    def close(self) -> None:
        """Cancels (if needed) and drains the stream to its end, at most 5 s."""
        if self.end is None and not self._call.ended:
            self.cancel()
            deadline = time.monotonic() + 5
            try:
                while self.next(timeout=max(deadline - time.monotonic(), 0.01)) is not None:
                    pass
            except (CouncilError, TimeoutError):
                pass
        self._client._forget(self._call)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Client:
    """One connection to councild. Build it with ``Client.connect``."""

    def __init__(self, sock: "socket.socket | TLSSocket", *, max_frame_bytes: int, frame_read_timeout: float,
                 grace: float, default_timeout: float):
        self._sock = sock
        self._lock = threading.Lock()
        self._calls: Dict[int, _Call] = {}
        self._last_call_id = 0
        self._closed: Optional[CouncilError] = None
        self._goaway: Optional[pb.GoAway] = None
        self._goaway_sent = False
        self._pongs: Dict[int, threading.Event] = {}
        self._max_frame_bytes = max_frame_bytes
        self._frame_read_timeout = frame_read_timeout
        self._grace = grace
        self._default_timeout = default_timeout
        self._idle = threading.Condition(self._lock)
        self.protocol_version = 0
        self.server_id = ""
        self.limits = pb.Limits()
        self.tls_version: Optional[str] = None  # "TLSv1.3" / "TLSv1.2" over TLS, None over plain TCP
        self._reader: Optional[threading.Thread] = None

    # ---- connecting

    @classmethod
    def connect(cls, address: str, *, client_system: str, token: Optional[str] = None, client_instance: str = "",
                ca_file: Optional[PathLike] = None, cert_file: Optional[PathLike] = None,
                key_file: Optional[PathLike] = None, server_name: Optional[str] = None,
                ssl_context: Optional[ssl.SSLContext] = None, connect_timeout: float = 5.0,
                max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES, frame_read_timeout: float = 10.0, grace: float = 2.0,
                default_timeout: float = 30.0) -> "Client":
        """Connects, sends the handshake and waits for its result within ``connect_timeout`` seconds. A refusal
        raises the server's status as its CouncilError (Unauthenticated, PermissionDenied, FailedPrecondition
        ``unsupportedVersion``, ResourceExhausted ``tooManyConnections``, Unavailable ``draining``…).

        ``token`` is the client system's bearer token; without one (None) the handshake carries no credential,
        which a server may accept when a client certificate identifies the system.

        TLS: ``ca_file`` (PEM trust roots) turns it on. The server's certificate must chain to those roots and name
        ``server_name`` (default: the host of ``address``; an IP address is checked against the certificate's IP
        addresses); TLS 1.2 at least. ``cert_file`` and ``key_file`` (PEM) are the client certificate and its key
        for mutual TLS. Or pass a ready ``ssl_context`` instead of the three files (ValueError with any of them);
        it must verify the server. Over TLS the frames are the same as over plain TCP. A failed TLS handshake
        raises Unavailable ``tlsHandshakeFailed`` saying why; an unusable file raises InvalidArgument
        ``invalidArgument`` with ``field`` naming the parameter."""
        host, port = parse_address(address)
        context = tls_context(ca_file=ca_file, cert_file=cert_file, key_file=key_file, ssl_context=ssl_context,
                              server_name=server_name)
        deadline = time.monotonic() + connect_timeout
        try:
            sock = socket.create_connection((host, port), timeout=connect_timeout)
        except socket.timeout:
            raise client_error(ClientTimeout, CLIENT_TIMEOUT, "connecting to %s timed out" % address) from None
        except OSError as e:
            raise client_error(Unavailable, CONNECT_FAILED, "cannot connect to %s: %s" % (address, e)) from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        tls_version = None
        if context is not None:
            sock = TLSSocket.connect(sock, context, server_name or host, address, deadline)
            tls_version = sock.version()
        client = cls(sock, max_frame_bytes=max_frame_bytes, frame_read_timeout=frame_read_timeout, grace=grace,
                     default_timeout=default_timeout)
        client.tls_version = tls_version
        # Under TLS 1.3 the server checks our certificate after our side of the TLS handshake is done: a refusal
        # arrives as an alert on the first read, or as the connection ending before the first frame.
        tls13 = tls_version == "TLSv1.3"
        try:
            try:
                sock.sendall(encode_frame(handshake_frame(client_system, token, client_instance)))
            except OSError:
                if context is None:
                    raise
                # the server may have refused the TLS connection already: its alert is read next
            frame = client._read_frame(deadline)
            if frame is None:
                if tls13:
                    raise closed_after_handshake(address)
                raise client_error(ConnectionClosed, CONNECTION_CLOSED,
                                   "the server closed the connection before answering the handshake")
            kind = frame.WhichOneof("kind")
            if kind == "goaway":
                raise errors.from_status(frame.goaway.status) if frame.goaway.status.code else \
                    client_error(GoAwayReceived, GOAWAY, "the server sent a GoAway instead of a handshake result")
            if kind != "handshake_result":
                raise client_error(MalformedFrame, MALFORMED_FRAME,
                                   "the server's first frame is a %s, not a handshake result" % kind)
            result = frame.handshake_result
            if result.HasField("status") and result.status.code != 0:
                raise errors.from_status(result.status)
            if result.protocol_version != PROTOCOL_VERSION:
                raise errors.FailedPrecondition("the server chose protocol version %d; this client speaks %d"
                                                % (result.protocol_version, PROTOCOL_VERSION),
                                                reason="unsupportedVersion", origin="client")
        except ssl.SSLError as e:
            sock.close()
            raise handshake_failed(address, e) from None
        except OSError as e:
            sock.close()
            if tls13:
                raise closed_after_handshake(address, e) from None
            raise client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection to %s failed during the "
                               "handshake: %s" % (address, e)) from None
        except FrameTooLarge as e:
            sock.close()
            if context is None and looks_like_tls(getattr(e, "length", 0)):
                raise tls_required(address) from None
            raise
        except BaseException:
            sock.close()
            raise
        client.protocol_version = result.protocol_version
        client.server_id = result.server_id
        client.limits.CopyFrom(result.limits)
        sock.settimeout(None)
        client._reader = threading.Thread(target=client._read_loop, name="councilclient-reader", daemon=True)
        client._reader.start()
        return client

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()

    # ---- reading

    def _recv_exact(self, n: int, deadline: Optional[float]) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise client_error(ClientTimeout, CLIENT_TIMEOUT, "a frame from the server did not complete in time")
                self._sock.settimeout(left)
            try:
                chunk = self._sock.recv(n - len(buf))
            except socket.timeout:
                continue
            if not chunk:
                if not buf:
                    raise EOFError
                raise client_error(ConnectionClosed, CONNECTION_CLOSED,
                                   "the connection ended inside a frame (truncated frame)")
            buf += chunk
        return bytes(buf)

    def _read_frame(self, deadline: Optional[float] = None) -> Optional["pb.Frame"]:
        """One frame; None on a clean end of the connection. The first byte is awaited until ``deadline``
        (None: forever); from then the whole frame must arrive within the frame read timeout."""
        if deadline is not None:
            self._sock.settimeout(max(deadline - time.monotonic(), 0.001))
        else:
            self._sock.settimeout(None)
        try:
            first = self._sock.recv(1)
        except socket.timeout:
            raise client_error(ClientTimeout, CLIENT_TIMEOUT, "no handshake result in time") from None
        if not first:
            return None
        frame_deadline = time.monotonic() + self._frame_read_timeout
        try:
            header = first + self._recv_exact(3, frame_deadline)
            (length,) = (int.from_bytes(header, "big"),)
            check_length(length, self._max_frame_bytes)
            payload = self._recv_exact(length, frame_deadline) if length else b""
        except EOFError:
            raise client_error(ConnectionClosed, CONNECTION_CLOSED,
                               "the connection ended inside a frame (truncated frame)") from None
        finally:
            self._sock.settimeout(None)
        return decode_frame(payload)

    def _read_loop(self) -> None:
        reason: CouncilError = client_error(ConnectionClosed, CONNECTION_CLOSED, "the server closed the connection")
        try:
            while True:
                try:
                    frame = self._read_frame()
                except MalformedFrame as e:
                    if getattr(e, "call_id", None) is None:
                        raise
                    self._fail_call(e.call_id, e)
                    continue
                if frame is None:
                    break
                self._dispatch(frame)
        except CouncilError as e:
            reason = e
        except OSError as e:
            reason = client_error(ConnectionClosed, CONNECTION_CLOSED, "reading the connection failed: %s" % e)
        self._close_with(reason)

    def _dispatch(self, frame: "pb.Frame") -> None:
        kind = frame.WhichOneof("kind")
        if kind == "response":
            self._deliver(frame.response)
        elif kind == "ping":
            reply = pb.Frame()
            reply.pong.payload = frame.ping.payload
            self._send(encode_frame(reply))
        elif kind == "pong":
            with self._lock:
                event = self._pongs.get(frame.pong.payload)
            if event:
                event.set()
        elif kind == "goaway":
            self._on_goaway(frame.goaway)
        elif kind is None:
            pass  # a member a newer server knows and this version does not: ignored (PROTOCOL.md §9.3)
        else:
            raise client_error(MalformedFrame, MALFORMED_FRAME, "the server sent a %s frame, which only clients send"
                               % kind)

    def _deliver(self, response: "pb.Response") -> None:
        cancel = None
        with self._lock:
            call = self._calls.get(response.call_id)
            if call is None or call.ended:
                return  # unknown, cancelled or finished: ignored (PROTOCOL.md §5.7)
            member = response.WhichOneof("response")
            if response.HasField("status") and response.status.code != 0:
                self._end(call, errors.from_status(response.status))
            elif member is None:
                if response.end_of_stream and call.stream:
                    self._end(call, _END)
                else:
                    self._end(call, client_error(MalformedFrame, UNEXPECTED_RESPONSE,
                                                 "call %d got an OK response without a result" % call.call_id))
                    cancel = call if not response.end_of_stream else None
            elif member != call.method:
                self._end(call, client_error(MalformedFrame, UNEXPECTED_RESPONSE,
                                             "call %d asked for %s and got the result of %s"
                                             % (call.call_id, call.method, member)))
                cancel = call if not response.end_of_stream else None
            else:
                call.queue.put(response)
                if response.end_of_stream:
                    self._end(call, _END if call.stream else None)
        if cancel:
            self._send_cancel(cancel, force=True)

    def _end(self, call: _Call, outcome) -> None:
        """With the lock held: the call will get nothing more; `outcome` (an error, _END or None) is queued."""
        if call.ended:
            return
        call.ended = True
        if outcome is not None:
            call.queue.put(outcome)
        self._idle.notify_all()

    def _fail_call(self, call_id: int, error: CouncilError) -> None:
        with self._lock:
            call = self._calls.get(call_id)
            if call is not None and not call.ended:
                self._end(call, error)
            else:
                call = None
        if call is not None:
            self._send_cancel(call, force=True)

    def _on_goaway(self, goaway: "pb.GoAway") -> None:
        with self._lock:
            if self._goaway is None or goaway.last_call_id < self._goaway.last_call_id:
                self._goaway = goaway
            last = self._goaway.last_call_id
            for call in self._calls.values():
                if call.call_id > last and not call.ended:
                    self._end(call, client_error(NotProcessed, NOT_PROCESSED,
                                                 "the server's GoAway (last call %d) left call %d unprocessed: send "
                                                 "it again on a new connection" % (last, call.call_id)))

    def _close_with(self, reason: CouncilError) -> None:
        with self._lock:
            if self._closed is None:
                self._closed = reason
            for call in self._calls.values():
                self._end(call, self._closed)
            for event in self._pongs.values():
                event.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---- writing

    def _send(self, data: bytes) -> bool:
        with self._lock:
            return self._send_locked(data)

    def _send_locked(self, data: bytes) -> bool:
        if self._closed is not None:
            return False
        try:
            self._sock.sendall(data)
            return True
        except OSError as e:
            self._closed = client_error(ConnectionClosed, CONNECTION_CLOSED, "writing the connection failed: %s" % e)
            return False

    def _send_cancel(self, call: _Call, force: bool = False) -> None:
        with self._lock:
            if call.cancel_sent or (call.ended and not force):
                return
            call.cancel_sent = True
            frame = pb.Frame()
            frame.cancel.call_id = call.call_id
            self._send_locked(encode_frame(frame))

    def _abandon(self, call: _Call) -> None:
        """A call the caller stops waiting for: cancel it on the server, forget it here."""
        self._send_cancel(call)
        self._forget(call)

    def _forget(self, call: _Call) -> None:
        with self._lock:
            call.ended = True
            self._calls.pop(call.call_id, None)
            self._idle.notify_all()

    def _start(self, method: str, request, timeout: Optional[float], trace_id, idempotency_key, acting_user) -> _Call:
        stream = method in STREAMING_METHODS
        timeout = self._default_timeout if timeout is None else timeout
        timeout_ms = 0 if stream else max(1, int(timeout * 1000))
        with self._lock:
            if self._goaway is not None or self._goaway_sent:
                raise client_error(GoAwayReceived, GOAWAY,
                                   "the connection takes no new calls after a GoAway: open a new connection")
            if self._closed is not None:
                raise client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection is closed: %s"
                                   % self._closed.message)
            in_flight = sum(1 for c in self._calls.values() if not c.ended)
            if self.limits.max_concurrent_calls and in_flight >= self.limits.max_concurrent_calls:
                raise client_error(ResourceExhausted, TOO_MANY_CALLS,
                                   "%d calls are in flight, the connection's limit" % in_flight)
            call_id = self._last_call_id + 1
            data = call_frame(method, request, call_id, timeout_ms, trace_id, idempotency_key, acting_user,
                              self.limits.max_frame_bytes or self._max_frame_bytes)
            self._last_call_id = call_id
            call = _Call(call_id, method, stream)
            self._calls[call_id] = call
            if not self._send_locked(data):
                self._end(call, self._closed)
        return call

    # ---- calls

    def start(self, method: str, request=None, *, timeout: Optional[float] = None, trace_id: Optional[str] = None,
              idempotency_key: Optional[str] = None, acting_user: Optional[str] = None) -> PendingCall:
        """Sends a unary call and returns at once. ``method`` is the request member's name (``"get_case"``),
        ``request`` its message (``GetCaseRequest``). ``timeout`` (seconds, default 30) is sent as the call's
        deadline; the local deadline is that plus the grace period."""
        if method in STREAMING_METHODS:
            raise ValueError("use watch_events() for the stream")
        timeout = self._default_timeout if timeout is None else timeout
        call = self._start(method, request, timeout, trace_id, idempotency_key, acting_user)
        pending = PendingCall(self, call, time.monotonic() + timeout + self._grace)
        return pending

    def call(self, method: str, request=None, **options):
        """A unary call start to finish: returns the result message or raises its CouncilError."""
        pending = self.start(method, request, **options)
        try:
            return pending.result()
        finally:
            self._forget(pending._call)

    def watch_events(self, after: int = 0, *, trace_id: Optional[str] = None) -> WatchStream:
        """Starts the event stream after sequence ``after`` (PROTOCOL.md §6)."""
        return WatchStream(self, self._start("watch_events", pb.WatchEventsRequest(after=after), None, trace_id,
                                             None, None))

    # ---- convenience

    def get_case(self, *, id: Optional[str] = None, number: Optional[str] = None,
                 external_reference: Optional[tuple] = None, **options) -> "pb.Case":
        """The case by one of its keys; raises NotFound."""
        request = pb.GetCaseRequest()
        if id is not None:
            request.id = id
        elif number is not None:
            request.number = number
        elif external_reference is not None:
            request.external_reference.system, request.external_reference.reference = external_reference
        else:
            raise ValueError("give id, number or external_reference")
        return self.call("get_case", request, **options).case

    def submit(self, submission: "pb.Submission", **options) -> "pb.SubmitResponse":
        """Registers a case; with an external reference a retry returns the first case (``created`` False)."""
        return self.call("submit", pb.SubmitRequest(submission=submission), **options)

    def ping(self, timeout: float = 5.0) -> float:
        """Round trip of a Ping in seconds; raises ClientTimeout."""
        payload = time.monotonic_ns()
        event = threading.Event()
        with self._lock:
            self._pongs[payload] = event
        try:
            frame = pb.Frame()
            frame.ping.payload = payload
            if not self._send(encode_frame(frame)):
                raise self._closed or client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection is closed")
            if not event.wait(timeout):
                raise client_error(ClientTimeout, CLIENT_TIMEOUT, "no pong within %s s" % timeout)
            if self._closed is not None:
                raise self._closed
            return (time.monotonic_ns() - payload) / 1e9
        finally:
            with self._lock:
                self._pongs.pop(payload, None)

    # ---- state and shutdown

    @property
    def usable(self) -> bool:
        """Whether the connection takes new calls."""
        with self._lock:
            return self._closed is None and self._goaway is None and not self._goaway_sent

    @property
    def goaway(self) -> Optional["pb.GoAway"]:
        """The server's GoAway, when one came."""
        with self._lock:
            return self._goaway

    def shutdown(self, wait: float = 5.0) -> bool:
        """Clean shutdown: a GoAway (no more calls from us), up to ``wait`` seconds for calls in flight, close.
        True when everything ended within the wait."""
        with self._lock:
            send = not self._goaway_sent and self._closed is None
            self._goaway_sent = True
            if send:
                frame = pb.Frame()
                frame.goaway.last_call_id = self._last_call_id
                frame.goaway.status.code = 0
                self._send_locked(encode_frame(frame))
            done = self._idle.wait_for(lambda: self._closed is not None or
                                       not any(not c.ended for c in self._calls.values()), timeout=wait)
        self.close()
        return done

    def close(self) -> None:
        """Closes at once; calls still waiting fail with ConnectionClosed."""
        self._close_with(client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection was closed by the client"))
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=5)
        self._sock.close()
