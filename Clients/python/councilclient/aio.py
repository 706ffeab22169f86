"""The asyncio client: the same protocol and errors as ``Client``, on one event loop.

One reader task per connection reads frames and resolves each call's future (unary) or feeds its queue
(stream); writes go through one lock so frames never interleave. Use it from the loop that connected it.

    client = await AsyncClient.connect("127.0.0.1:7420", client_system="grid-platform", token=KEY)
    case = await client.get_case(number="QX07-20261130-0003")
    async with client.watch_events(after=41) as stream:
        async for item in stream: ...
    await client.shutdown()

    # over TLS, verifying the server against ca.pem, with a client certificate (mutual TLS)
    client = await AsyncClient.connect("hall.example:7420", client_system="grid-platform", ca_file="ca.pem",
                                       cert_file="grid-platform.pem", key_file="grid-platform-key.pem")
"""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Dict, Optional

from . import council_pb2 as pb
from . import errors
from .errors import (CLIENT_TIMEOUT, CONNECT_FAILED, CONNECTION_CLOSED, GOAWAY, MALFORMED_FRAME, NOT_PROCESSED,
                     TOO_MANY_CALLS, UNEXPECTED_RESPONSE, ClientTimeout, ConnectionClosed, CouncilError,
                     FrameTooLarge, GoAwayReceived, MalformedFrame, NotProcessed, ResourceExhausted, Unavailable,
                     client_error)
from .wire import (DEFAULT_MAX_FRAME_BYTES, PROTOCOL_VERSION, STREAMING_METHODS, call_frame, check_length,
                   decode_frame, encode_frame, handshake_frame, parse_address)
from .tls import PathLike, closed_after_handshake, handshake_failed, looks_like_tls, tls_context, tls_required

_END = object()


class _Call:
    def __init__(self, call_id: int, method: str, stream: bool):
        self.call_id, self.method, self.stream = call_id, method, stream
        self.queue: "asyncio.Queue" = asyncio.Queue()
        self.ended = False
        self.cancel_sent = False


class AsyncWatchStream:
    """``async for item in stream`` yields ``WatchEventsResponse`` items; ``await stream.cancel()`` ends it and
    iteration stops cleanly; any other end raises its CouncilError."""

    def __init__(self, client: "AsyncClient", call: _Call):
        self._client, self._call = client, call
        self._cancelled = False
        self.end: Optional[CouncilError] = None

    @property
    def call_id(self) -> int:
        return self._call.call_id

    async def next(self, timeout: Optional[float] = None):
        """The next item, None at the end; raises asyncio.TimeoutError after ``timeout`` s (the stream goes on)."""
        if self.end is not None:
            if self._cancelled and self.end.code == 1:
                return None
            raise self.end
        item = await asyncio.wait_for(self._call.queue.get(), timeout)
        if item is _END:
            self.end = errors.Cancelled("", origin="client") if self._cancelled else None
            return None
        if isinstance(item, CouncilError):
            self.end = item
            if self._cancelled and item.code == 1:
                return None
            raise item
        return item.watch_events

    def __aiter__(self):
        return self

    async def __anext__(self):
        item = await self.next()
        if item is None:
            raise StopAsyncIteration
        return item

    async def cancel(self) -> None:
        self._cancelled = True
        await self._client._send_cancel(self._call)

    async def close(self) -> None:
        if self.end is None and not self._call.ended:
            await self.cancel()
        try:
            while await self.next(timeout=5) is not None:
                pass
        except (CouncilError, asyncio.TimeoutError):
            pass
        self._client._forget(self._call)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()


class AsyncClient:
    """One connection to councild on an asyncio loop. Build it with ``await AsyncClient.connect(...)``."""

    def __init__(self, reader, writer, *, max_frame_bytes, frame_read_timeout, grace, default_timeout):
        self._reader, self._writer = reader, writer
        self._wlock = asyncio.Lock()
        self._calls: Dict[int, _Call] = {}
        self._last_call_id = 0
        self._closed: Optional[CouncilError] = None
        self._goaway: Optional[pb.GoAway] = None
        self._goaway_sent = False
        self._pongs: Dict[int, asyncio.Future] = {}
        self._max_frame_bytes = max_frame_bytes
        self._frame_read_timeout = frame_read_timeout
        self._grace = grace
        self._default_timeout = default_timeout
        self._changed = asyncio.Event()
        self._task: Optional[asyncio.Task] = None
        self.protocol_version = 0
        self.server_id = ""
        self.limits = pb.Limits()
        self.tls_version: Optional[str] = None  # "TLSv1.3" / "TLSv1.2" over TLS, None over plain TCP

    @classmethod
    async def connect(cls, address: str, *, client_system: str, token: Optional[str] = None,
                      client_instance: str = "", ca_file: Optional[PathLike] = None,
                      cert_file: Optional[PathLike] = None, key_file: Optional[PathLike] = None,
                      server_name: Optional[str] = None, ssl_context: Optional[ssl.SSLContext] = None,
                      connect_timeout: float = 5.0, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
                      frame_read_timeout: float = 10.0, grace: float = 2.0,
                      default_timeout: float = 30.0) -> "AsyncClient":
        """Connects and handshakes within ``connect_timeout`` s; a refusal raises the server's CouncilError.

        ``token`` may be None when a client certificate identifies the system (no credential is sent then).
        TLS as in ``Client.connect``: ``ca_file`` turns it on (the server is always verified, as ``server_name``,
        default the host; TLS 1.2 at least), ``cert_file`` + ``key_file`` add the client certificate, or a ready
        ``ssl_context`` replaces the three (ValueError with any of them). A failed TLS handshake raises
        Unavailable ``tlsHandshakeFailed``; an unusable file InvalidArgument ``invalidArgument`` naming it."""
        host, port = parse_address(address)
        context = tls_context(ca_file=ca_file, cert_file=cert_file, key_file=key_file, ssl_context=ssl_context,
                              server_name=server_name)
        tls = {} if context is None else dict(ssl=context, server_hostname=server_name or host,
                                              ssl_handshake_timeout=connect_timeout)
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, **tls), connect_timeout)
        except asyncio.TimeoutError:
            raise client_error(ClientTimeout, CLIENT_TIMEOUT, "connecting to %s timed out" % address) from None
        except ssl.SSLError as e:
            raise handshake_failed(address, e) from None
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as e:
            # the connection was made (refusing it is ConnectionRefusedError) and then ended in the TLS handshake
            if context is None:
                raise client_error(Unavailable, CONNECT_FAILED, "cannot connect to %s: %s" % (address, e)) from None
            raise handshake_failed(address, e) from None
        except OSError as e:
            raise client_error(Unavailable, CONNECT_FAILED, "cannot connect to %s: %s" % (address, e)) from None
        client = cls(reader, writer, max_frame_bytes=max_frame_bytes, frame_read_timeout=frame_read_timeout,
                     grace=grace, default_timeout=default_timeout)
        ssl_object = writer.get_extra_info("ssl_object")
        client.tls_version = ssl_object.version() if ssl_object is not None else None
        # Under TLS 1.3 the server checks our certificate after our side of the TLS handshake is done: a refusal
        # arrives as an alert on the first read, or as the connection ending before the first frame.
        tls13 = client.tls_version == "TLSv1.3"
        try:
            writer.write(encode_frame(handshake_frame(client_system, token, client_instance)))
            try:
                await writer.drain()
            except OSError:
                if context is None:
                    raise
                # the server may have refused the TLS connection already: its alert is read next
            try:
                frame = await asyncio.wait_for(client._read_frame(), connect_timeout)
            except asyncio.TimeoutError:
                raise client_error(ClientTimeout, CLIENT_TIMEOUT, "no handshake result in time") from None
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
                raise errors.FailedPrecondition("the server chose protocol version %d" % result.protocol_version,
                                                reason="unsupportedVersion", origin="client")
        except ssl.SSLError as e:
            await _discard(writer)
            raise handshake_failed(address, e) from None
        except OSError as e:
            await _discard(writer)
            if tls13:
                raise closed_after_handshake(address, e) from None
            raise client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection to %s failed during the "
                               "handshake: %s" % (address, e)) from None
        except FrameTooLarge as e:
            writer.close()
            if context is None and looks_like_tls(getattr(e, "length", 0)):
                raise tls_required(address) from None
            raise
        except BaseException:
            writer.close()
            raise
        client.protocol_version = result.protocol_version
        client.server_id = result.server_id
        client.limits.CopyFrom(result.limits)
        client._task = asyncio.get_running_loop().create_task(client._read_loop())
        return client

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.shutdown()

    # ---- reading

    async def _read_frame(self) -> Optional["pb.Frame"]:
        first = await self._reader.read(1)
        if not first:
            return None
        try:
            async def rest():
                header = first + await self._reader.readexactly(3)
                length = int.from_bytes(header, "big")
                check_length(length, self._max_frame_bytes)
                return await self._reader.readexactly(length) if length else b""
            payload = await asyncio.wait_for(rest(), self._frame_read_timeout)
        except asyncio.IncompleteReadError:
            raise client_error(ConnectionClosed, CONNECTION_CLOSED,
                               "the connection ended inside a frame (truncated frame)") from None
        except asyncio.TimeoutError:
            raise client_error(ClientTimeout, CLIENT_TIMEOUT,
                               "a frame from the server did not complete in time") from None
        return decode_frame(payload)

    async def _read_loop(self) -> None:
        reason: CouncilError = client_error(ConnectionClosed, CONNECTION_CLOSED, "the server closed the connection")
        try:
            while True:
                try:
                    frame = await self._read_frame()
                except MalformedFrame as e:
                    if getattr(e, "call_id", None) is None:
                        raise
                    call = self._calls.get(e.call_id)
                    if call and not call.ended:
                        self._end(call, e)
                        await self._send_cancel(call, force=True)
                    continue
                if frame is None:
                    break
                await self._dispatch(frame)
        except CouncilError as e:
            reason = e
        except (OSError, asyncio.CancelledError) as e:
            reason = client_error(ConnectionClosed, CONNECTION_CLOSED, "reading the connection failed: %r" % e)
        self._close_with(reason)

    async def _dispatch(self, frame: "pb.Frame") -> None:
        kind = frame.WhichOneof("kind")
        if kind == "response":
            await self._deliver(frame.response)
        elif kind == "ping":
            reply = pb.Frame()
            reply.pong.payload = frame.ping.payload
            await self._send(encode_frame(reply))
        elif kind == "pong":
            future = self._pongs.get(frame.pong.payload)
            if future and not future.done():
                future.set_result(None)
        elif kind == "goaway":
            self._on_goaway(frame.goaway)
        elif kind is None:
            pass  # a member a newer server knows: ignored
        else:
            raise client_error(MalformedFrame, MALFORMED_FRAME, "the server sent a %s frame" % kind)

    async def _deliver(self, response: "pb.Response") -> None:
        call = self._calls.get(response.call_id)
        if call is None or call.ended:
            return
        member = response.WhichOneof("response")
        cancel = False
        if response.HasField("status") and response.status.code != 0:
            self._end(call, errors.from_status(response.status))
        elif member is None:
            if response.end_of_stream and call.stream:
                self._end(call, _END)
            else:
                self._end(call, client_error(MalformedFrame, UNEXPECTED_RESPONSE,
                                             "call %d got an OK response without a result" % call.call_id))
                cancel = not response.end_of_stream
        elif member != call.method:
            self._end(call, client_error(MalformedFrame, UNEXPECTED_RESPONSE, "call %d asked for %s and got %s"
                                         % (call.call_id, call.method, member)))
            cancel = not response.end_of_stream
        else:
            call.queue.put_nowait(response)
            if response.end_of_stream:
                self._end(call, _END if call.stream else None)
        if cancel:
            await self._send_cancel(call, force=True)

    def _end(self, call: _Call, outcome) -> None:
        if call.ended:
            return
        call.ended = True
        if outcome is not None:
            call.queue.put_nowait(outcome)
        self._changed.set()

    def _on_goaway(self, goaway: "pb.GoAway") -> None:
        if self._goaway is None or goaway.last_call_id < self._goaway.last_call_id:
            self._goaway = goaway
        last = self._goaway.last_call_id
        for call in self._calls.values():
            if call.call_id > last and not call.ended:
                self._end(call, client_error(NotProcessed, NOT_PROCESSED, "the server's GoAway (last call %d) left "
                                             "call %d unprocessed" % (last, call.call_id)))

    def _close_with(self, reason: CouncilError) -> None:
        if self._closed is None:
            self._closed = reason
        for call in self._calls.values():
            self._end(call, self._closed)
        for future in self._pongs.values():
            if not future.done():
                future.set_exception(self._closed)
        self._changed.set()
        self._writer.close()

    # ---- writing

    async def _send(self, data: bytes) -> bool:
        async with self._wlock:
            if self._closed is not None:
                return False
            try:
                self._writer.write(data)
                await self._writer.drain()
                return True
            except OSError as e:
                self._closed = client_error(ConnectionClosed, CONNECTION_CLOSED, "writing failed: %s" % e)
                return False

    async def _send_cancel(self, call: _Call, force: bool = False) -> None:
        if call.cancel_sent or (call.ended and not force):
            return
        call.cancel_sent = True
        frame = pb.Frame()
        frame.cancel.call_id = call.call_id
        await self._send(encode_frame(frame))

    def _forget(self, call: _Call) -> None:
        call.ended = True
        self._calls.pop(call.call_id, None)
        self._changed.set()

    async def _start(self, method, request, timeout, trace_id, idempotency_key, acting_user) -> _Call:
        stream = method in STREAMING_METHODS
        timeout_ms = 0 if stream else max(1, int(timeout * 1000))
        if self._goaway is not None or self._goaway_sent:
            raise client_error(GoAwayReceived, GOAWAY, "the connection takes no new calls after a GoAway")
        in_flight = sum(1 for c in self._calls.values() if not c.ended)
        if self._closed is not None:
            raise client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection is closed: %s"
                               % self._closed.message)
        if self.limits.max_concurrent_calls and in_flight >= self.limits.max_concurrent_calls:
            raise client_error(ResourceExhausted, TOO_MANY_CALLS, "%d calls are in flight" % in_flight)
        # Id assignment and the write happen under the write lock, so ids reach the wire in increasing order.
        async with self._wlock:
            call_id = self._last_call_id + 1
            data = call_frame(method, request, call_id, timeout_ms, trace_id, idempotency_key, acting_user,
                              self.limits.max_frame_bytes or self._max_frame_bytes)
            self._last_call_id = call_id
            call = _Call(call_id, method, stream)
            self._calls[call_id] = call
            try:
                self._writer.write(data)
                await self._writer.drain()
            except OSError as e:
                self._end(call, client_error(ConnectionClosed, CONNECTION_CLOSED, "sending failed: %s" % e))
        return call

    # ---- calls

    async def call(self, method: str, request=None, *, timeout: Optional[float] = None,
                   trace_id: Optional[str] = None, idempotency_key: Optional[str] = None,
                   acting_user: Optional[str] = None):
        """A unary call: the result message, or its CouncilError. Many may run at once (asyncio.gather)."""
        if method in STREAMING_METHODS:
            raise ValueError("use watch_events() for the stream")
        timeout = self._default_timeout if timeout is None else timeout
        call = await self._start(method, request, timeout, trace_id, idempotency_key, acting_user)
        try:
            item = await asyncio.wait_for(call.queue.get(), timeout + self._grace)
        except asyncio.TimeoutError:
            await self._send_cancel(call)
            raise client_error(ClientTimeout, CLIENT_TIMEOUT, "no response to call %d within its timeout"
                               % call.call_id) from None
        except asyncio.CancelledError:
            await self._send_cancel(call)
            raise
        finally:
            self._forget(call)
        if isinstance(item, CouncilError):
            raise item
        return getattr(item, method)

    def watch_events(self, after: int = 0, *, trace_id: Optional[str] = None) -> "_WatchStarter":
        """``async with client.watch_events(after) as stream:`` (or ``stream = await client.watch_events(...)``)."""
        return _WatchStarter(self, after, trace_id)

    async def get_case(self, *, id: Optional[str] = None, number: Optional[str] = None,
                       external_reference: Optional[tuple] = None, **options) -> "pb.Case":
        request = pb.GetCaseRequest()
        if id is not None:
            request.id = id
        elif number is not None:
            request.number = number
        elif external_reference is not None:
            request.external_reference.system, request.external_reference.reference = external_reference
        else:
            raise ValueError("give id, number or external_reference")
        return (await self.call("get_case", request, **options)).case

    async def submit(self, submission: "pb.Submission", **options) -> "pb.SubmitResponse":
        return await self.call("submit", pb.SubmitRequest(submission=submission), **options)

    async def ping(self, timeout: float = 5.0) -> float:
        payload = time.monotonic_ns()
        future = asyncio.get_running_loop().create_future()
        self._pongs[payload] = future
        try:
            frame = pb.Frame()
            frame.ping.payload = payload
            if not await self._send(encode_frame(frame)):
                raise self._closed
            try:
                await asyncio.wait_for(future, timeout)
            except asyncio.TimeoutError:
                raise client_error(ClientTimeout, CLIENT_TIMEOUT, "no pong within %s s" % timeout) from None
            return (time.monotonic_ns() - payload) / 1e9
        finally:
            self._pongs.pop(payload, None)

    @property
    def usable(self) -> bool:
        return self._closed is None and self._goaway is None and not self._goaway_sent

    @property
    def goaway(self) -> Optional["pb.GoAway"]:
        return self._goaway

    async def shutdown(self, wait: float = 5.0) -> bool:
        """GoAway, up to ``wait`` s for calls in flight, then close. True when everything ended in time."""
        if not self._goaway_sent and self._closed is None:
            self._goaway_sent = True
            frame = pb.Frame()
            frame.goaway.last_call_id = self._last_call_id
            await self._send(encode_frame(frame))
        deadline = time.monotonic() + wait
        done = True
        while self._closed is None and any(not c.ended for c in self._calls.values()):
            left = deadline - time.monotonic()
            if left <= 0:
                done = False
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass
        await self.close()
        return done

    async def close(self) -> None:
        self._close_with(client_error(ConnectionClosed, CONNECTION_CLOSED, "the connection was closed by the client"))
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        try:
            await self._writer.wait_closed()
        except (OSError, ConnectionError):
            pass


async def _discard(writer: asyncio.StreamWriter) -> None:
    """Drops a connection that failed while connecting and collects how it ended, so that asyncio is left with no
    unretrieved exception to report later."""
    writer.transport.abort()
    try:
        await asyncio.wait_for(writer.wait_closed(), 1)
    except Exception:
        pass


class _WatchStarter:
    def __init__(self, client: AsyncClient, after: int, trace_id: Optional[str]):
        self._client, self._after, self._trace_id = client, after, trace_id
        self._stream: Optional[AsyncWatchStream] = None

    def __await__(self):
        return self._open().__await__()

    async def _open(self) -> AsyncWatchStream:
        call = await self._client._start("watch_events", pb.WatchEventsRequest(after=self._after), 0,
                                         self._trace_id, None, None)
        return AsyncWatchStream(self._client, call)

    async def __aenter__(self) -> AsyncWatchStream:
        self._stream = await self._open()
        return self._stream

    async def __aexit__(self, *exc):
        await self._stream.close()
