"""Shared fixtures: the package on sys.path, the golden frames, the fake server on a loopback port, and for TLS a
throwaway PKI (scripts/make-test-pki.sh) with the fake server speaking TLS."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..")))
TESTDATA = os.path.join(ROOT, "Schemas", "testdata")
FAKE_SERVER = os.path.join(ROOT, "Clients", "testing", "fake_councild.py")
MAKE_PKI = os.path.join(ROOT, "scripts", "make-test-pki.sh")
TOKEN = "test-token"


def golden(name):
    with open(os.path.join(TESTDATA, name), "rb") as f:
        return f.read()


class FakeServer:
    """fake_councild.py on a loopback port; with ``tls_dir`` it speaks TLS with that directory's certificates."""

    def __init__(self, hall_delay_ms="100", tls_dir=None, require_client_cert=False):
        command = [sys.executable, FAKE_SERVER, "--token", TOKEN, "--hall-delay-ms", hall_delay_ms,
                   "--max-seconds", "600"]
        if tls_dir:
            command += ["--tls-dir", tls_dir] + (["--require-client-cert"] if require_client_cert else [])
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("LISTENING "):
            self.stop()
            raise RuntimeError("the fake server did not start: %r" % line)
        self.port = int(line.split()[1])
        self.address = "127.0.0.1:%d" % self.port

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture(scope="session")
def fake():
    server = FakeServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def quiet_fake():
    """A fake server whose hall never acts: for examples that play the hall themselves."""
    server = FakeServer(hall_delay_ms="0")
    yield server
    server.stop()


class PKI:
    """A directory scripts/make-test-pki.sh wrote: ca.pem, server.pem, petition-office.pem/-key.pem,
    grid-platform.pem/-key.pem, hall-staff.pem/-key.pem, revoked.pem/-key.pem, and stranger.pem/-key.pem signed by
    stranger-ca.pem, a CA the server does not trust."""

    def __init__(self, directory):
        self.directory = directory

    def path(self, name):
        return os.path.join(self.directory, name)


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """A fresh throwaway PKI for this test session."""
    directory = str(tmp_path_factory.mktemp("pki"))
    made = subprocess.run(["bash", MAKE_PKI, directory], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert made.returncode == 0, "scripts/make-test-pki.sh failed:\n" + made.stdout.decode(errors="replace")
    return PKI(directory)


@pytest.fixture(scope="session")
def tls_fake(pki):
    """The fake server over TLS: a client certificate is optional (its CN then stands in for a bearer token)."""
    server = FakeServer(tls_dir=pki.directory)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def quiet_tls_fake(pki):
    """The fake server over TLS whose hall never acts."""
    server = FakeServer(hall_delay_ms="0", tls_dir=pki.directory)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mtls_fake(pki):
    """The fake server over TLS refusing, in the TLS handshake, clients without a certificate from its CA."""
    server = FakeServer(tls_dir=pki.directory, require_client_cert=True)
    yield server
    server.stop()
