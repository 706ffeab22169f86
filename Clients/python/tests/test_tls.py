"""TLS and mutual TLS, blocking and asyncio, with real TLS handshakes against Clients/testing/fake_councild.py and a
PKI made for the session by scripts/make-test-pki.sh: calls over TLS, a client certificate in place of a token,
the ways a TLS handshake fails (untrusted server, wrong name, a server refusing the client or its certificate, a
server that does not speak TLS), the parameters and files refused before connecting, and the examples over TLS."""

import asyncio
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

import pytest

from conftest import HERE, TOKEN
from councilclient import (AsyncClient, Client, ConnectionClosed, InvalidArgument, MalformedFrame, PermissionDenied,
                           Unauthenticated, Unavailable, pb, tls_context)

KINDS = ["blocking", "asyncio"]


def connect_and_call(kind, address, system="petition-office", **kw):
    """Connects with ``Client`` or ``AsyncClient``, makes one call, shuts down; returns (server_id, tls_version)."""
    kw.setdefault("client_instance", "pytest tls")
    if kind == "blocking":
        with Client.connect(address, client_system=system, **kw) as c:
            return c.call("get_server_info").server_id, c.tls_version

    async def main():
        c = await AsyncClient.connect(address, client_system=system, **kw)
        try:
            return (await c.call("get_server_info")).server_id, c.tls_version
        finally:
            await c.shutdown()
    return asyncio.run(main())


def refused_tls(kind, address, **kw):
    """The error a connection attempt ends with; it must come quickly (no hang)."""
    start = time.monotonic()
    with pytest.raises(Unavailable) as e:
        connect_and_call(kind, address, connect_timeout=5, **kw)
    assert time.monotonic() - start < 4
    assert e.value.code == 14 and e.value.origin == "client"
    return e.value


# ---- calls over TLS

def test_blocking_calls_over_tls(tls_fake, pki):
    with Client.connect(tls_fake.address, client_system="petition-office", token=TOKEN, ca_file=pki.path("ca.pem"),
                        client_instance="pytest tls") as c:
        assert c.tls_version in ("TLSv1.2", "TLSv1.3")
        assert (c.protocol_version, c.server_id) == (1, "fake-councild")
        assert c.get_case(number="QX07-20261130-0003").submission.submitter.name == "张**"
        assert 0 < c.ping() < 2

        # one reader thread, many writing threads, answers out of order, over one TLS connection
        results = []

        def worker(n):
            pending = [c.start("get_server_info" if i % 2 else "check_health",
                               trace_id="fake:delay=%d" % (((i * 37 + n) % 5) * 20)) for i in range(20)]
            for i, p in reversed(list(enumerate(pending))):
                r = p.result()
                results.append(r.DESCRIPTOR.name == ("GetServerInfoResponse" if i % 2 else "CheckHealthResponse"))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results.count(True) == 80

        # frames spanning many TLS records, both ways
        reference = "XF-TLS-%d-%d" % (os.getpid(), time.time_ns())
        description = "楼道灯不亮。" * 30000
        answer = c.submit(pb.Submission(title="TLS 大帧", description=description,
                                        source=pb.CASE_SOURCE_PETITION_OFFICE,
                                        external_reference=pb.ExternalReference(system="petition-office",
                                                                                reference=reference)))
        assert answer.created
        assert c.get_case(id=answer.case.id).submission.description == description

        with c.watch_events(after=3) as stream:
            assert stream.next(timeout=3).events[0].sequence == 4  # the golden event
        slow = c.start("get_server_info", trace_id="fake:delay=200", timeout=5)
        start = time.monotonic()
        assert c.shutdown(wait=3)
        assert slow.result().server_id == "fake-councild" and time.monotonic() - start < 2


def test_asyncio_calls_over_tls(tls_fake, pki):
    async def main():
        c = await AsyncClient.connect(tls_fake.address, client_system="petition-office", token=TOKEN,
                                      ca_file=pki.path("ca.pem"))
        assert c.tls_version in ("TLSv1.2", "TLSv1.3") and c.server_id == "fake-councild"
        calls = [c.call("get_server_info", trace_id="fake:delay=%d" % ((i * 53) % 5 * 30)) for i in range(30)]
        assert all(r.server_id == "fake-councild" for r in await asyncio.gather(*calls))
        assert await c.ping() < 2
        async with c.watch_events(after=3) as stream:
            assert (await stream.next(timeout=3)).events[0].sequence == 4  # the golden event
        start = time.monotonic()
        assert await c.shutdown(wait=2)
        assert time.monotonic() - start < 2
    asyncio.run(main())


@pytest.mark.parametrize("kind", KINDS)
def test_server_name(kind, tls_fake, pki):
    # the server's certificate names localhost and 127.0.0.1: the IP address is checked by default, a name on request
    assert connect_and_call(kind, tls_fake.address, token=TOKEN, ca_file=pki.path("ca.pem"))[0] == "fake-councild"
    assert connect_and_call(kind, tls_fake.address, token=TOKEN, ca_file=pki.path("ca.pem"),
                            server_name="localhost")[0] == "fake-councild"


# ---- mutual TLS

@pytest.mark.parametrize("kind", KINDS)
def test_certificate_in_place_of_a_token(kind, tls_fake, pki):
    server_id, version = connect_and_call(kind, tls_fake.address, system="grid-platform", ca_file=pki.path("ca.pem"),
                                          cert_file=pki.path("grid-platform.pem"),
                                          key_file=pki.path("grid-platform-key.pem"))
    assert server_id == "fake-councild" and version.startswith("TLSv1.")
    # no token was sent, so the certificate was the credential: it names grid-platform, not petition-office
    with pytest.raises(PermissionDenied):
        connect_and_call(kind, tls_fake.address, system="petition-office", ca_file=pki.path("ca.pem"),
                         cert_file=pki.path("grid-platform.pem"), key_file=pki.path("grid-platform-key.pem"))


@pytest.mark.parametrize("kind", KINDS)
def test_certificate_and_key_in_one_file(kind, tls_fake, pki, tmp_path):
    combined = tmp_path / "grid-platform-combined.pem"
    with open(pki.path("grid-platform.pem"), "rb") as cert, open(pki.path("grid-platform-key.pem"), "rb") as key:
        combined.write_bytes(cert.read() + key.read())
    assert connect_and_call(kind, tls_fake.address, system="grid-platform", ca_file=pki.path("ca.pem"),
                            cert_file=combined)[0] == "fake-councild"


@pytest.mark.parametrize("commands,error,reason", [
    ("close", ConnectionClosed, "connectionClosed"),
    ("truncate", ConnectionClosed, "connectionClosed"),
    ("garbage", MalformedFrame, "malformedFrame"),
])
def test_connection_ends_over_tls(tls_fake, pki, commands, error, reason):
    c = Client.connect(tls_fake.address, client_system="petition-office", token=TOKEN, ca_file=pki.path("ca.pem"))
    other = c.start("get_server_info", trace_id="fake:silent", timeout=5)
    with pytest.raises(error) as e:
        c.call("get_server_info", trace_id="fake:" + commands, timeout=2)
    assert e.value.reason == reason
    with pytest.raises(error):
        other.result()
    assert not c.usable
    c.close()


@pytest.mark.parametrize("kind", KINDS)
def test_own_ssl_context(kind, tls_fake, pki):
    context = ssl.create_default_context(cafile=pki.path("ca.pem"))
    context.load_cert_chain(pki.path("grid-platform.pem"), pki.path("grid-platform-key.pem"))
    assert connect_and_call(kind, tls_fake.address, system="grid-platform",
                            ssl_context=context)[0] == "fake-councild"
    # the files' own context, adjusted
    context = tls_context(ca_file=pki.path("ca.pem"))
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    assert connect_and_call(kind, tls_fake.address, token=TOKEN, ssl_context=context)[1] == "TLSv1.3"


@pytest.mark.parametrize("kind", KINDS)
def test_server_requiring_a_client_certificate(kind, mtls_fake, pki):
    assert connect_and_call(kind, mtls_fake.address, system="grid-platform", ca_file=pki.path("ca.pem"),
                            cert_file=pki.path("grid-platform.pem"),
                            key_file=pki.path("grid-platform-key.pem"))[0] == "fake-councild"
    error = refused_tls(kind, mtls_fake.address, token=TOKEN, ca_file=pki.path("ca.pem"))
    assert error.reason == "tlsHandshakeFailed"
    assert error.message.startswith("TLS handshake with %s failed: " % mtls_fake.address)
    assert "certificate" in error.message


@pytest.mark.parametrize("kind", KINDS)
def test_client_certificate_from_an_untrusted_ca(kind, tls_fake, pki):
    error = refused_tls(kind, tls_fake.address, token=TOKEN, ca_file=pki.path("ca.pem"),
                        cert_file=pki.path("stranger.pem"), key_file=pki.path("stranger-key.pem"))
    assert error.reason == "tlsHandshakeFailed" and "certificate" in error.message


# ---- TLS handshakes that fail

@pytest.mark.parametrize("kind", KINDS)
def test_untrusted_server(kind, tls_fake, pki):
    error = refused_tls(kind, tls_fake.address, token=TOKEN, ca_file=pki.path("stranger-ca.pem"))
    assert error.reason == "tlsHandshakeFailed"
    assert error.message.startswith("TLS handshake with %s failed: certificate verify failed" % tls_fake.address)
    assert "tlsHandshakeFailed" in str(error)


@pytest.mark.parametrize("kind", KINDS)
def test_server_name_mismatch(kind, tls_fake, pki):
    error = refused_tls(kind, tls_fake.address, token=TOKEN, ca_file=pki.path("ca.pem"), server_name="wrong.example")
    assert error.reason == "tlsHandshakeFailed"
    assert "certificate verify failed" in error.message and "wrong.example" in error.message


@pytest.mark.parametrize("kind", KINDS)
def test_server_without_tls(kind, fake, pki):
    error = refused_tls(kind, fake.address, token=TOKEN, ca_file=pki.path("ca.pem"))
    assert error.reason == "tlsHandshakeFailed" and "TLS" in error.message


@pytest.mark.parametrize("kind", KINDS)
def test_plain_client_to_a_tls_server(kind, tls_fake):
    with pytest.raises(ConnectionClosed) as e:
        connect_and_call(kind, tls_fake.address, token=TOKEN)
    assert e.value.code == 14


@pytest.mark.parametrize("kind", KINDS)
def test_plain_client_answered_with_a_tls_alert(kind):
    # what a TLS server may answer plain TCP with: a TLS alert record (protocol_version), not a frame
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve():
        conn, _ = listener.accept()
        conn.recv(1024)
        conn.sendall(b"\x15\x03\x03\x00\x02\x02\x46")
        conn.close()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        with pytest.raises(Unavailable) as e:
            connect_and_call(kind, "127.0.0.1:%d" % listener.getsockname()[1], token=TOKEN)
        assert e.value.reason == "tlsRequired" and "ca_file" in e.value.message
    finally:
        server.join(timeout=5)
        listener.close()


# ---- parameters and files

@pytest.mark.parametrize("kind", KINDS)
def test_parameters_that_do_not_go_together(kind, pki):
    address = "127.0.0.1:9"  # never reached: the parameters are refused first
    context = ssl.create_default_context(cafile=pki.path("ca.pem"))
    for kw, words in [(dict(ssl_context=context, ca_file=pki.path("ca.pem")), "either ssl_context or ca_file"),
                      (dict(ssl_context=context, cert_file=pki.path("grid-platform.pem"),
                            key_file=pki.path("grid-platform-key.pem")), "either ssl_context or cert_file"),
                      (dict(cert_file=pki.path("grid-platform.pem")), "needs ca_file"),
                      (dict(ca_file=pki.path("ca.pem"), key_file=pki.path("grid-platform-key.pem")), "key_file"),
                      (dict(server_name="localhost"), "server_name"),
                      (dict(ssl_context=ssl._create_unverified_context()), "must verify the server")]:
        with pytest.raises(ValueError) as e:
            connect_and_call(kind, address, token=TOKEN, **kw)
        assert words in str(e.value)


def test_unusable_files(pki, tmp_path):
    encrypted = str(tmp_path / "encrypted-key.pem")
    subprocess.run(["openssl", "pkey", "-in", pki.path("grid-platform-key.pem"), "-aes128", "-passout", "pass:x",
                    "-out", encrypted], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ca, cert, key = pki.path("ca.pem"), pki.path("grid-platform.pem"), pki.path("grid-platform-key.pem")
    for kw, field, words in [
            (dict(ca_file=pki.path("missing.pem")), "ca_file", "cannot read ca_file"),
            (dict(ca_file=key), "ca_file", "no PEM certificate"),
            (dict(ca_file=ca, cert_file=key, key_file=key), "cert_file", "no PEM certificate"),
            (dict(ca_file=ca, cert_file=cert, key_file=pki.path("missing-key.pem")), "key_file",
             "cannot read key_file"),
            (dict(ca_file=ca, cert_file=cert, key_file=ca), "key_file", "no PEM private key"),
            (dict(ca_file=ca, cert_file=cert), "cert_file", "no PEM private key"),
            (dict(ca_file=ca, cert_file=cert, key_file=pki.path("petition-office-key.pem")), "key_file",
             "is not the key of the certificate"),
            (dict(ca_file=ca, cert_file=cert, key_file=encrypted), "key_file", "is encrypted")]:
        for kind in KINDS:
            with pytest.raises(InvalidArgument) as e:
                connect_and_call(kind, "127.0.0.1:9", token=TOKEN, **kw)
            assert (e.value.reason, e.value.field, e.value.origin) == ("invalidArgument", field, "client")
            assert words in e.value.message and field in e.value.message


def test_wrong_token_over_tls_is_the_servers_refusal(tls_fake, pki):
    with pytest.raises(Unauthenticated) as e:
        connect_and_call("blocking", tls_fake.address, token="wrong", ca_file=pki.path("ca.pem"))
    assert e.value.origin == "server"


# ---- the example programs over TLS

EXAMPLES = os.path.join(HERE, "..", "examples")


def run_example(server, name, *args, **env_vars):
    env = dict(os.environ, PYTHONPATH=os.path.join(HERE, ".."), COUNCIL_ADDRESS=server.address)
    for variable in ("COUNCIL_KEY", "COUNCIL_HALL_KEY", "COUNCIL_TLS_CA", "COUNCIL_TLS_CERT", "COUNCIL_TLS_KEY"):
        env.pop(variable, None)
    env.update(env_vars)
    out = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), "--wait", "20", *args], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    return out.returncode, out.stdout.decode()


def test_examples_over_mutual_tls(tls_fake, pki):
    tls_env = dict(COUNCIL_TLS_CA=pki.path("ca.pem"), COUNCIL_TLS_CERT=pki.path("petition-office.pem"),
                   COUNCIL_TLS_KEY=pki.path("petition-office-key.pem"))
    for extra in ((), ("--asyncio",)):
        code, text = run_example(tls_fake, "petition_transfer.py", *extra, **tls_env)
        assert code == 0 and "completion report: 办结报告" in text, text
    code, text = run_example(tls_fake, "grid_report.py", "--ca", pki.path("ca.pem"), "--cert",
                             pki.path("grid-platform.pem"), "--cert-key", pki.path("grid-platform-key.pem"))
    assert code == 0 and "verification passed" in text and ", TLSv1." in text, text
    code, text = run_example(tls_fake, "grid_report.py", "--ca", pki.path("ca.pem"), COUNCIL_KEY=TOKEN)
    assert code == 0 and "verification passed" in text, text


def test_example_hall_over_tls(quiet_tls_fake, pki):
    # the hall's connection verifies the server with the CA and identifies with its key, without the certificate
    code, text = run_example(quiet_tls_fake, "petition_transfer.py", "--hall-key", TOKEN, "--ca", pki.path("ca.pem"),
                             "--cert", pki.path("petition-office.pem"), "--cert-key",
                             pki.path("petition-office-key.pem"))
    assert code == 0 and "connected to %s as hall-staff" % quiet_tls_fake.address in text, text
    assert "hall: resolve" in text, text


def test_example_settings(tls_fake, pki):
    code, text = run_example(tls_fake, "grid_report.py")
    assert code == 2 and "no key" in text
    code, text = run_example(tls_fake, "grid_report.py", "--cert", pki.path("grid-platform.pem"))
    assert code == 2 and "--ca" in text
    code, text = run_example(tls_fake, "grid_report.py", "--ca", pki.path("stranger-ca.pem"), COUNCIL_KEY=TOKEN)
    assert code == 1 and "tlsHandshakeFailed" in text and "certificate verify failed" in text
    code, text = run_example(tls_fake, "grid_report.py", "--ca", pki.path("missing.pem"), COUNCIL_KEY=TOKEN)
    assert code == 1 and "invalidArgument field=ca_file" in text
