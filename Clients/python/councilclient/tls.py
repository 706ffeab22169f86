"""TLS and mutual TLS for both clients, with nothing but the standard ``ssl`` module.

TLS only wraps the connection: the frames inside are byte for byte those of plain TCP (PROTOCOL.md §1), and the
handshake frame is still the first thing the client sends. What this module adds:

* ``tls_context``: the ``ssl.SSLContext`` the clients build from ``ca_file``, ``cert_file`` and ``key_file`` —
  TLS 1.2 at least, the server's certificate always verified against ``ca_file`` and its name (or IP address)
  checked. Files that cannot be used raise InvalidArgument ``invalidArgument`` naming the parameter.
* ``TLSSocket``: the blocking client's TLS connection. OpenSSL forbids using one SSL object from two threads at
  once, and ``ssl.SSLSocket`` offers no way to keep its reader thread (blocked in ``recv``) apart from the threads
  that write. Here OpenSSL works on memory buffers (``ssl.SSLObject`` with ``ssl.MemoryBIO``) under a lock held
  only while bytes are encrypted or decrypted; waiting for the network happens outside it.
* ``tls_required``: what a plain TCP connection to a TLS server is told (Unavailable ``tlsRequired``), instead of
  the frame too large that the server's TLS alert reads as.
* ``handshake_failed`` and ``closed_after_handshake``: how a failed TLS handshake is reported — Unavailable with
  reason ``tlsHandshakeFailed`` and a message naming the address and the cause. Under TLS 1.3 the client finishes
  its side of the handshake before the server has checked the client's certificate, so a refused certificate
  shows up only on the first read: as the server's alert, or as the connection ending before the first frame.
  Both are reported the same way.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import threading
import time
from typing import Optional, Union

from .errors import (BAD_TLS_FILE, CLIENT_TIMEOUT, TLS_HANDSHAKE_FAILED, TLS_REQUIRED, ClientTimeout, CouncilError,
                     InvalidArgument, Unavailable, client_error)

PathLike = Union[str, "os.PathLike[str]"]

# Alerts a server sends when it refuses the client's certificate (or the lack of one).
_CERTIFICATE_ALERTS = ("BAD_CERTIFICATE", "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_REVOKED", "CERTIFICATE_EXPIRED",
                       "CERTIFICATE_UNKNOWN", "UNKNOWN_CA", "ACCESS_DENIED", "CERTIFICATE_REQUIRED")


class _EncryptedKey(Exception):
    """Raised instead of letting OpenSSL prompt on the terminal for a key's passphrase."""


def _no_passphrase():
    raise _EncryptedKey()


def _read_pem(parameter: str, path: PathLike) -> str:
    try:
        with open(path, "rb") as f:
            return f.read().decode("ascii", "replace")
    except OSError as e:
        raise client_error(InvalidArgument, BAD_TLS_FILE, "cannot read %s %s: %s"
                           % (parameter, os.fspath(path), e.strerror or e), parameter) from None


def _bad_file(parameter: str, message: str) -> CouncilError:
    return client_error(InvalidArgument, BAD_TLS_FILE, message, parameter)


def tls_context(*, ca_file: Optional[PathLike] = None, cert_file: Optional[PathLike] = None,
                key_file: Optional[PathLike] = None, ssl_context: Optional[ssl.SSLContext] = None,
                server_name: Optional[str] = None) -> Optional[ssl.SSLContext]:
    """The context for a connection, or None for plain TCP.

    ``ca_file`` (PEM trust roots) turns TLS on; the server's certificate must chain to one of them and carry the
    host's name (or IP address) — ``server_name`` when given. ``cert_file`` and ``key_file`` (PEM) are the client
    certificate for mutual TLS; ``key_file`` may be left out when ``cert_file`` holds the key too. A ready
    ``ssl_context`` is used as it is instead, and must verify the server as well.

    Raises ValueError for parameters that do not go together, and InvalidArgument ``invalidArgument`` (``field`` naming
    the parameter) for a file that is missing, unreadable, not PEM of the right kind, a key that does not belong
    to the certificate, or an encrypted key (decrypt it, or load it into your own ``ssl_context``).
    """
    if ssl_context is not None:
        given = [name for name, value in (("ca_file", ca_file), ("cert_file", cert_file), ("key_file", key_file))
                 if value is not None]
        if given:
            raise ValueError("give either ssl_context or %s, not both: ssl_context carries its own trust roots "
                             "and client certificate" % " and ".join(given))
        if not isinstance(ssl_context, ssl.SSLContext):
            raise ValueError("ssl_context must be an ssl.SSLContext, not %s" % type(ssl_context).__name__)
        if ssl_context.verify_mode != ssl.CERT_REQUIRED or not ssl_context.check_hostname:
            raise ValueError("ssl_context must verify the server: verify_mode CERT_REQUIRED and check_hostname True")
        return ssl_context
    if ca_file is None:
        if cert_file is not None or key_file is not None:
            raise ValueError("a client certificate needs ca_file too: the trust roots to verify the server with")
        if server_name is not None:
            raise ValueError("server_name is for TLS: give ca_file (or ssl_context) as well")
        return None
    if key_file is not None and cert_file is None:
        raise ValueError("key_file without cert_file: give the client certificate too")

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verify_mode CERT_REQUIRED, check_hostname True
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if "-----BEGIN CERTIFICATE-----" not in _read_pem("ca_file", ca_file):
        raise _bad_file("ca_file", "ca_file %s holds no PEM certificate" % os.fspath(ca_file))
    try:
        context.load_verify_locations(cafile=os.fspath(ca_file))
    except ssl.SSLError as e:
        raise _bad_file("ca_file", "ca_file %s cannot be used as trust roots: %s"
                        % (os.fspath(ca_file), describe(e))) from None
    if cert_file is not None:
        if "-----BEGIN CERTIFICATE-----" not in _read_pem("cert_file", cert_file):
            raise _bad_file("cert_file", "cert_file %s holds no PEM certificate" % os.fspath(cert_file))
        key_parameter, key_path = ("key_file", key_file) if key_file is not None else ("cert_file", cert_file)
        if "PRIVATE KEY-----" not in _read_pem(key_parameter, key_path):
            raise _bad_file(key_parameter, "%s %s holds no PEM private key%s"
                            % (key_parameter, os.fspath(key_path), "" if key_file is not None else
                               ": give the client certificate's key as key_file"))
        try:
            context.load_cert_chain(os.fspath(cert_file), None if key_file is None else os.fspath(key_file),
                                    password=_no_passphrase)
        except _EncryptedKey:
            raise _bad_file(key_parameter, "%s %s is encrypted: decrypt it, or load it into an ssl.SSLContext of "
                            "your own and pass that as ssl_context" % (key_parameter, os.fspath(key_path))) from None
        except ssl.SSLError as e:
            if e.reason == "KEY_VALUES_MISMATCH":
                raise _bad_file(key_parameter, "%s %s is not the key of the certificate in cert_file %s"
                                % (key_parameter, os.fspath(key_path), os.fspath(cert_file))) from None
            raise _bad_file("cert_file", "cert_file %s with %s %s cannot be used as the client certificate: %s"
                            % (os.fspath(cert_file), key_parameter, os.fspath(key_path), describe(e))) from None
    return context


def describe(error: BaseException) -> str:
    """A TLS error in words, without OpenSSL's bracketed codes and source locations."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return "certificate verify failed: %s" % (error.verify_message or error.reason)
    if isinstance(error, ssl.SSLError):
        reason = error.reason or ""
        text = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], str) else str(error)
        text = re.sub(r"^\[[^\]]*\]\s*", "", text)
        text = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", text) or reason or "TLS error"
        if "ALERT" in reason:
            if any(reason.endswith(alert) for alert in _CERTIFICATE_ALERTS):
                return "the server refused the client certificate (%s)" % text
            return "the server refused the connection (%s)" % text
        if reason in ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG") or \
                isinstance(error, ssl.SSLEOFError):
            return "%s (does the server speak TLS at this address?)" % text
        return text
    if isinstance(error, (ConnectionResetError, BrokenPipeError, EOFError)):
        return "the server ended the connection (does the server speak TLS at this address?)"
    return str(error)


def handshake_failed(address: str, error: BaseException) -> CouncilError:
    """Unavailable ``tlsHandshakeFailed`` for a TLS handshake with ``address`` that ended in ``error``."""
    return client_error(Unavailable, TLS_HANDSHAKE_FAILED, "TLS handshake with %s failed: %s"
                        % (address, describe(error)))


def closed_after_handshake(address: str, error: Optional[BaseException] = None) -> CouncilError:
    """The connection ended (or was reset) right after a TLS 1.3 handshake, before the server sent a frame: the
    way a refused client certificate can show when the server's alert did not arrive."""
    cause = " (%s)" % error if error is not None else ""
    return client_error(Unavailable, TLS_HANDSHAKE_FAILED, "TLS handshake with %s failed: the server ended the "
                        "connection before its first frame%s; under TLS 1.3 this is how a server refuses the client "
                        "certificate (or its absence)" % (address, cause))


def looks_like_tls(length: int) -> bool:
    """Whether a frame header's length is really the start of a TLS record — an alert or a handshake message of
    version 3.x — which is what a TLS server answers a client speaking plain TCP to it."""
    return length >> 24 in (0x15, 0x16) and (length >> 16) & 0xFF == 0x03


def tls_required(address: str) -> CouncilError:
    """Unavailable ``tlsRequired``: a plain TCP connection to a server that speaks TLS."""
    return client_error(Unavailable, TLS_REQUIRED, "the server at %s answered in TLS: connect with ca_file (or "
                        "ssl_context)" % address)


class TLSSocket:
    """A TLS connection over a connected socket, read by one thread and written by any number of others.

    Offers the socket methods the blocking client uses (``recv``, ``sendall``, ``settimeout``, ``shutdown``,
    ``close``); a timeout set with ``settimeout`` applies to the underlying socket as it would without TLS. A clean
    or abrupt end of the connection reads as ``b""``, as ``ssl.SSLSocket`` does by default.
    """

    def __init__(self, sock: socket.socket, context: ssl.SSLContext, server_hostname: str):
        self._sock = sock
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(self._incoming, self._outgoing, server_side=False,
                                     server_hostname=server_hostname)
        self._tls_lock = threading.Lock()    # guards the SSL object and both buffers; never held while waiting
        self._write_lock = threading.Lock()  # keeps TLS records in order on the socket; taken before _tls_lock
        self._eof = False

    @classmethod
    def connect(cls, sock: socket.socket, context: ssl.SSLContext, server_hostname: str, address: str,
                deadline: float) -> "TLSSocket":
        """Runs the TLS handshake on ``sock`` until ``deadline`` (monotonic). Raises Unavailable
        ``tlsHandshakeFailed`` or ClientTimeout, having closed ``sock``."""
        try:
            conn = cls(sock, context, server_hostname)
            conn._handshake(deadline)
            return conn
        except socket.timeout:
            sock.close()
            raise client_error(ClientTimeout, CLIENT_TIMEOUT, "the TLS handshake with %s did not complete in time"
                               % address) from None
        except (ssl.SSLError, OSError, EOFError) as e:
            sock.close()
            raise handshake_failed(address, e) from None

    def _handshake(self, deadline: float) -> None:
        while True:
            try:
                with self._tls_lock:
                    self._tls.do_handshake()
                done = True
            except ssl.SSLWantReadError:
                done = False
            except ssl.SSLError:
                self._send_last_words()  # the alert saying why
                raise
            self._flush()
            if done:
                return
            self._sock.settimeout(max(deadline - time.monotonic(), 0.001))
            if not self._fill():
                with self._tls_lock:
                    self._incoming.write_eof()
                raise EOFError("the server ended the connection during the TLS handshake")

    def version(self) -> Optional[str]:
        """The TLS version in use, e.g. ``"TLSv1.3"``."""
        return self._tls.version()

    def getpeercert(self):
        return self._tls.getpeercert()

    # ---- moving bytes

    def _fill(self) -> bool:
        """Reads what the socket has into the incoming buffer; False at its end."""
        chunk = self._sock.recv(65536)
        if not chunk:
            return False
        with self._tls_lock:
            self._incoming.write(chunk)
        return True

    def _flush(self, wait: bool = True) -> None:
        """Sends what OpenSSL put in the outgoing buffer. Bytes leave the buffer only under the write lock, so
        records reach the socket in the order they were made. Without ``wait`` (the reader, which must not wait for
        a writer stuck on a full socket), a busy write lock leaves them to the next writer, which sends everything
        pending."""
        if not self._write_lock.acquire(blocking=wait):
            return
        try:
            with self._tls_lock:
                data = self._outgoing.read()
            if data:
                self._sock.sendall(data)
        finally:
            self._write_lock.release()

    def _send_last_words(self) -> None:
        """Best effort for a connection that is ending (an alert, a close_notify): whatever the socket takes at once."""
        with self._tls_lock:
            data = self._outgoing.read()
        if data:
            try:
                self._sock.send(data, getattr(socket, "MSG_DONTWAIT", 0))
            except OSError:
                pass

    def recv(self, n: int) -> bytes:
        while True:
            with self._tls_lock:
                try:
                    data = self._tls.read(n)
                except ssl.SSLWantReadError:
                    data = None
                except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                    data = b""
                pending = self._outgoing.pending
            if pending:
                self._flush(wait=False)  # e.g. the answer to a TLS 1.3 key update
            if data is not None:
                return data
            if self._eof:
                return b""
            if not self._fill():
                self._eof = True
                with self._tls_lock:
                    self._incoming.write_eof()

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        with self._write_lock:
            with self._tls_lock:
                while view:
                    view = view[self._tls.write(view):]
                encrypted = self._outgoing.read()
            self._sock.sendall(encrypted)

    def settimeout(self, timeout: Optional[float]) -> None:
        self._sock.settimeout(timeout)

    def setsockopt(self, *args) -> None:
        self._sock.setsockopt(*args)

    def shutdown(self, how: int) -> None:
        """Says goodbye with a TLS close_notify when the socket takes it at once, then shuts the socket down (which
        also ends a ``recv`` waiting in another thread)."""
        if self._write_lock.acquire(timeout=0.5):
            try:
                with self._tls_lock:
                    try:
                        self._tls.unwrap()
                    except (ssl.SSLError, ValueError):
                        pass
                self._send_last_words()
            finally:
                self._write_lock.release()
        self._sock.shutdown(how)

    def close(self) -> None:
        self._sock.close()
