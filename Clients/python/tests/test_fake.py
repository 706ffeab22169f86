"""The blocking and asyncio clients against Clients/testing/fake_councild.py: handshake refusals, typed errors,
multiplexing from threads and coroutines, out-of-order answers, timeouts, cancel, GoAway, frames to refuse,
pings, the watch stream, idempotent intake, shutdown, and the example programs."""

import asyncio
import os
import subprocess
import sys
import threading
import time

import pytest

from conftest import HERE, TOKEN
from councilclient import (AsyncClient, Client, ClientTimeout, ConnectionClosed, FailedPrecondition, FrameTooLarge,
                           GoAwayReceived, InvalidArgument, MalformedFrame, NotFound, NotProcessed, PermissionDenied,
                           ResourceExhausted, Unauthenticated, AlreadyExists, Cancelled, Unimplemented, pb)


def connect(fake, **kw):
    kw.setdefault("client_instance", "pytest")
    return Client.connect(fake.address, client_system="petition-office", token=TOKEN, **kw)


def fake_call(client, commands, timeout=2.0):
    return client.call("get_server_info", pb.GetServerInfoRequest(), timeout=timeout, trace_id="fake:" + commands)


# ---- handshake

def test_handshake(fake):
    with connect(fake) as c:
        assert (c.protocol_version, c.server_id) == (1, "fake-councild")
        assert c.limits.max_frame_bytes == 1 << 20 and c.limits.max_concurrent_calls == 100
        assert c.usable


@pytest.mark.parametrize("token,system,error,reason", [
    ("wrong", "petition-office", Unauthenticated, "unauthenticated"),
    (None, "petition-office", Unauthenticated, "unauthenticated"),
    ("deny-permission", "petition-office", PermissionDenied, "permissionDenied"),
    (TOKEN, "", InvalidArgument, "invalidArgument"),
])
def test_handshake_refusals(fake, token, system, error, reason):
    with pytest.raises(error) as e:
        Client.connect(fake.address, client_system=system, token=token)
    assert e.value.reason == reason and e.value.origin == "server"


def test_connect_failures():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    address = "127.0.0.1:%d" % s.getsockname()[1]
    with pytest.raises(ConnectionError.__mro__[0] if False else Exception) as e:
        Client.connect(address, client_system="x", token="t")
    assert getattr(e.value, "reason", "") == "connectFailed"
    s.listen(1)
    start = time.monotonic()
    with pytest.raises(ClientTimeout):
        Client.connect(address, client_system="x", token="t", connect_timeout=0.3)
    assert time.monotonic() - start < 2
    s.close()


# ---- calls and errors

def test_unary_and_typed_errors(fake):
    with connect(fake) as c:
        info = c.call("get_server_info")
        assert info.district.name == "桥西区"
        case = c.get_case(number="QX07-20261130-0003")
        assert case.id == "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab" and case.submission.submitter.name == "张**"
        located = c.call("locate_grid_cell", pb.LocateGridCellRequest(grid_cell="130703007001"))
        assert located.community.name == "示例社区07"
        with pytest.raises(NotFound) as e:
            c.call("locate_grid_cell", pb.LocateGridCellRequest(grid_cell="0"))
        assert (e.value.field, e.value.reason) == ("grid_cell", "notFound")
        with pytest.raises(FailedPrecondition) as e:
            fake_call(c, "status=9")
        assert e.value.case_status == pb.CASE_STATUS_IN_PROGRESS
        assert e.value.allowed_operation_names == ["addProgress", "requestExtension", "resolve", "return", "withdraw"]
        with pytest.raises(InvalidArgument) as e:
            fake_call(c, "status=3")
        assert e.value.field == "submission.title"
        with pytest.raises(Unimplemented):
            c.call("list_units")


def test_out_of_order(fake):
    with connect(fake) as c:
        slow = c.start("get_server_info", trace_id="fake:delay=400", timeout=5)
        quick = c.start("locate_grid_cell", pb.LocateGridCellRequest(grid_cell="130703007001"))
        assert quick.call_id == slow.call_id + 1
        assert quick.result(timeout=2).community.code == "QX07"
        with pytest.raises(TimeoutError):
            slow.result(timeout=0.01)
        assert slow.result().server_version == "fake-councild 0"


def test_multiplexing_from_threads(fake):
    with connect(fake) as c:
        results = []

        def worker(n):
            pending = [c.start("get_server_info" if i % 2 else "check_health",
                               trace_id="fake:delay=%d" % (((i * 37 + n) % 7) * 30)) for i in range(15)]
            for i, p in reversed(list(enumerate(pending))):
                r = p.result()
                results.append(r.DESCRIPTOR.name == ("GetServerInfoResponse" if i % 2 else "CheckHealthResponse"))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results.count(True) == 60


def test_concurrency_limit(fake):
    with Client.connect(fake.address, client_system="petition-office", token=TOKEN,
                        client_instance="pytest max-calls=2") as c:
        a = c.start("get_server_info", trace_id="fake:silent", timeout=5)
        b = c.start("get_server_info", trace_id="fake:silent", timeout=5)
        with pytest.raises(ResourceExhausted) as e:
            c.start("get_server_info")
        assert e.value.reason == "tooManyCalls" and e.value.retryable
        a.cancel()
        with pytest.raises(Cancelled):
            a.result()
        c._forget(a._call)
        c._forget(b._call)


def test_timeout_and_cancel(fake):
    with Client.connect(fake.address, client_system="petition-office", token=TOKEN, grace=0.3) as c:
        start = time.monotonic()
        with pytest.raises(ClientTimeout) as e:
            fake_call(c, "silent", timeout=0.2)
        assert e.value.reason == "clientTimeout" and 0.4 <= time.monotonic() - start < 3
        assert c.usable
        p = c.start("get_server_info", trace_id="fake:silent", timeout=10)
        p.cancel()
        with pytest.raises(Cancelled) as e:
            p.result()
        assert e.value.origin == "server" and e.value.reason == "cancelled"


def test_pings(fake):
    with connect(fake) as c:
        assert 0 < c.ping() < 2
        assert fake_call(c, "ping").server_version == "pong-ok"


def test_ignored_frames_and_call_level_errors(fake):
    with connect(fake) as c:
        fake_call(c, "unknown-id")
        fake_call(c, "unknown-kind")
        with pytest.raises(MalformedFrame):
            fake_call(c, "bad-utf8")
        with pytest.raises(MalformedFrame) as e:
            c.call("get_case", pb.GetCaseRequest(number="QX07-20261130-0003"), trace_id="fake:bad-enum")
        assert "get_case.case.status" in e.value.message
        with pytest.raises(MalformedFrame) as e:
            fake_call(c, "wrong-member")
        assert e.value.reason == "unexpectedResponse"
        assert c.usable
        fake_call(c, "")


@pytest.mark.parametrize("commands,error,reason", [
    ("oversize", FrameTooLarge, "frameTooLarge"),
    ("truncate", ConnectionClosed, "connectionClosed"),
    ("garbage", MalformedFrame, "malformedFrame"),
    ("close", ConnectionClosed, "connectionClosed"),
    ("slow-frame", ClientTimeout, "clientTimeout"),
])
def test_fatal_frames(fake, commands, error, reason):
    c = Client.connect(fake.address, client_system="petition-office", token=TOKEN, frame_read_timeout=0.3)
    other = c.start("get_server_info", trace_id="fake:silent", timeout=5)
    with pytest.raises(error) as e:
        fake_call(c, commands)
    assert e.value.reason == reason
    with pytest.raises(error):
        other.result()
    assert not c.usable
    with pytest.raises(ConnectionClosed):
        fake_call(c, "")
    c.close()


def test_goaway_drain(fake):
    c = connect(fake)
    before = c.start("get_server_info", trace_id="fake:delay=300", timeout=5)
    trigger = c.start("get_server_info", trace_id="fake:goaway-before", timeout=5)
    with pytest.raises(NotProcessed) as e:
        trigger.result()
    assert e.value.retryable
    assert c.goaway.last_call_id == before.call_id and c.goaway.status.reason == "draining"
    with pytest.raises(GoAwayReceived):
        c.start("get_server_info")
    assert before.result().server_id == "fake-councild"
    c.close()


def test_goaway_after(fake):
    c = connect(fake)
    fake_call(c, "goaway-after")
    for _ in range(50):
        if not c.usable:
            break
        time.sleep(0.02)
    assert not c.usable and c.goaway is not None
    c.close()


def test_submit_watch_and_shutdown(fake):
    c = connect(fake)
    reference = "XF-PY-%d-%d" % (os.getpid(), time.time_ns())
    sub = pb.Submission(title="测试", source=pb.CASE_SOURCE_PETITION_OFFICE,
                        external_reference=pb.ExternalReference(system="petition-office", reference=reference))
    a, b = c.submit(sub), c.submit(sub)
    assert a.created and not b.created and a.case.id == b.case.id
    with pytest.raises(AlreadyExists) as e:
        c.submit(pb.Submission(title="别的", source=pb.CASE_SOURCE_PETITION_OFFICE,
                               external_reference=sub.external_reference))
    assert e.value.reason == "externalReferenceConflict"
    assert c.get_case(external_reference=("petition-office", reference)).id == a.case.id

    stream = c.watch_events(after=3)  # the golden event (watch-events-item.bin) is sequence 4
    saw_golden = saw_resolved = False
    last = 0
    for item in stream:
        for ev in item.events:
            assert ev.sequence > last
            last = ev.sequence
            saw_golden |= ev.sequence == 4 and ev.principal.user == "HS01"
            saw_resolved |= ev.case_id == a.case.id and ev.WhichOneof("change") == "resolved"
        if saw_resolved:
            stream.cancel()
    assert saw_golden and saw_resolved
    assert stream.end is not None and stream.end.code == 1
    stream.close()

    slow = c.start("get_server_info", trace_id="fake:delay=200", timeout=5)
    assert c.shutdown(wait=3)
    assert slow.result().server_id == "fake-councild"


# ---- asyncio

def test_async_client(fake):
    async def main():
        c = await AsyncClient.connect(fake.address, client_system="petition-office", token=TOKEN, grace=0.3)
        assert c.server_id == "fake-councild"
        case = await c.get_case(number="QX07-20261130-0003")
        assert case.number == "QX07-20261130-0003"
        # many at once, answered out of order
        calls = [c.call("get_server_info", trace_id="fake:delay=%d" % ((i * 53) % 5 * 40)) for i in range(30)]
        results = await asyncio.gather(*calls)
        assert all(r.server_id == "fake-councild" for r in results)
        with pytest.raises(NotFound):
            await c.call("locate_grid_cell", pb.LocateGridCellRequest(grid_cell="0"))
        with pytest.raises(FailedPrecondition) as e:
            await c.call("get_server_info", trace_id="fake:status=9")
        assert e.value.allowed_operations == [11, 12, 15, 7, 21]
        with pytest.raises(ClientTimeout):
            await c.call("get_server_info", trace_id="fake:silent", timeout=0.2)
        with pytest.raises(MalformedFrame):
            await c.call("get_server_info", trace_id="fake:bad-utf8")
        assert await c.ping() < 2
        assert (await c.call("get_server_info", trace_id="fake:ping")).server_version == "pong-ok"
        async with c.watch_events(after=3) as stream:
            item = await stream.next(timeout=3)
            assert item.events[0].sequence == 4  # the golden event
            await stream.cancel()
            while await stream.next(timeout=3) is not None:
                pass
            assert stream.end.code == 1
        assert await c.shutdown(wait=2)

        d = await AsyncClient.connect(fake.address, client_system="petition-office", token=TOKEN)
        before = asyncio.ensure_future(d.call("get_server_info", trace_id="fake:delay=300"))
        await asyncio.sleep(0.05)
        with pytest.raises(NotProcessed):
            await d.call("get_server_info", trace_id="fake:goaway-before")
        assert (await before).server_id == "fake-councild"
        with pytest.raises(GoAwayReceived):
            await d.call("get_server_info")
        await d.close()

        with pytest.raises(Unauthenticated):
            await AsyncClient.connect(fake.address, client_system="petition-office", token="wrong")
        e = await AsyncClient.connect(fake.address, client_system="petition-office", token=TOKEN,
                                      frame_read_timeout=0.3)
        with pytest.raises(FrameTooLarge):
            await e.call("get_server_info", trace_id="fake:oversize")
        assert not e.usable
        await e.close()

    asyncio.run(main())


# ---- the example programs

EXAMPLES = os.path.join(HERE, "..", "examples")


def run_example(server, name, *args):
    env = dict(os.environ, PYTHONPATH=os.path.join(HERE, ".."), COUNCIL_ADDRESS=server.address, COUNCIL_KEY=TOKEN)
    for variable in ("COUNCIL_HALL_KEY", "COUNCIL_TLS_CA", "COUNCIL_TLS_CERT", "COUNCIL_TLS_KEY"):
        env.pop(variable, None)
    out = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), "--wait", "20", *args], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    text = out.stdout.decode()
    assert out.returncode == 0, text
    return text


def test_example_petition_transfer(fake):
    assert "completion report: 办结报告" in run_example(fake, "petition_transfer.py")
    assert "completion report: 办结报告" in run_example(fake, "petition_transfer.py", "--poll")
    assert "completion report: 办结报告" in run_example(fake, "petition_transfer.py", "--asyncio")


def test_example_grid_report(fake):
    assert "verification passed" in run_example(fake, "grid_report.py")
    assert "verification failed" in run_example(fake, "grid_report.py", "--fail")


def test_examples_playing_the_hall(quiet_fake):
    assert "hall: resolve" in run_example(quiet_fake, "petition_transfer.py", "--hall-key", TOKEN)
    assert "verification passed" in run_example(quiet_fake, "grid_report.py", "--hall-key", TOKEN)
