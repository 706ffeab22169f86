"""Shared fixtures: the package on sys.path, the golden frames, and the fake server on a loopback port."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..")))
TESTDATA = os.path.join(ROOT, "Schemas", "testdata")
FAKE_SERVER = os.path.join(ROOT, "Clients", "testing", "fake_councild.py")
TOKEN = "test-token"


def golden(name):
    with open(os.path.join(TESTDATA, name), "rb") as f:
        return f.read()


class FakeServer:
    def __init__(self, hall_delay_ms="100"):
        self.proc = subprocess.Popen([sys.executable, FAKE_SERVER, "--token", TOKEN, "--hall-delay-ms", hall_delay_ms,
                                      "--max-seconds", "600"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
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
