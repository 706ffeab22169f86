"""The Python clients against a running councild. Skipped unless COUNCIL_ADDRESS is set.

    COUNCIL_ADDRESS   host:port of councild
    COUNCIL_KEY       a key of client system COUNCIL_SYSTEM (default petition-office), scopes submit + read
    COUNCIL_HALL_KEY  optional hall-staff key (read + manage) for the transition checks
"""

import asyncio
import os
import time

import pytest

from councilclient import (Aborted, AlreadyExists, AsyncClient, Client, FailedPrecondition, NotFound,
                           Unauthenticated, pb)

ADDRESS = os.environ.get("COUNCIL_ADDRESS")
KEY = os.environ.get("COUNCIL_KEY")
SYSTEM = os.environ.get("COUNCIL_SYSTEM") or "petition-office"
HALL_KEY = os.environ.get("COUNCIL_HALL_KEY")

pytestmark = pytest.mark.skipif(not ADDRESS, reason="COUNCIL_ADDRESS is not set: no live councild to test against "
                                                    "(set COUNCIL_ADDRESS=host:port and COUNCIL_KEY=token)")


@pytest.fixture
def client():
    c = Client.connect(ADDRESS, client_system=SYSTEM, token=KEY, client_instance="councilclient pytest")
    yield c
    c.shutdown()


def submission(reference, title="Python 客户端联调测试：楼道灯不亮"):
    return pb.Submission(title=title, description="自动测试提交", source=pb.CASE_SOURCE_PETITION_OFFICE,
                         community=os.environ.get("COUNCIL_COMMUNITY", "QX07"),
                         external_reference=pb.ExternalReference(system=SYSTEM, reference=reference))


def test_wrong_key_is_refused():
    with pytest.raises(Unauthenticated):
        Client.connect(ADDRESS, client_system=SYSTEM, token="not-a-key-anyone-issued")


def test_server_info_health_ping(client):
    assert client.protocol_version == 1
    assert 1 in client.call("get_server_info").protocol_versions
    assert client.call("check_health").status == pb.CheckHealthResponse.SERVING
    assert client.ping() < 5


def test_not_found(client):
    with pytest.raises(NotFound):
        client.get_case(number="QX07-19990101-9999")


def test_submit_fetch_watch(client):
    reference = "PY-LIVE-%d-%d" % (time.time(), os.getpid())
    first = client.submit(submission(reference), idempotency_key=reference + "-submit")
    again = client.submit(submission(reference), idempotency_key=reference + "-submit")
    assert first.created and not again.created and first.case.id == again.case.id
    case = first.case
    assert case.version == 1 and case.status == pb.CASE_STATUS_SUBMITTED
    assert client.get_case(number=case.number).id == case.id
    assert client.get_case(id=case.id).number == case.number
    assert client.get_case(external_reference=(SYSTEM, reference)).id == case.id
    with pytest.raises(AlreadyExists) as e:
        client.submit(submission(reference, title="内容不同"))
    assert e.value.reason == "externalReferenceConflict"
    history = client.call("get_history", pb.GetHistoryRequest(case_id=case.id))
    with client.watch_events(after=history.events[0].sequence - 1) as stream:
        item = stream.next(timeout=10)
        assert any(ev.case_id == case.id and ev.case_number == case.number for ev in item.events)


@pytest.mark.skipif(not HALL_KEY, reason="COUNCIL_HALL_KEY is not set")
def test_refused_transitions(client):
    reference = "PY-LIVE-T-%d-%d" % (time.time(), os.getpid())
    case = client.submit(submission(reference)).case
    with Client.connect(ADDRESS, client_system=os.environ.get("COUNCIL_HALL_SYSTEM", "hall-staff"),
                        token=HALL_KEY) as hall:
        with pytest.raises(FailedPrecondition) as e:
            hall.call("evaluate", pb.EvaluateRequest(case_id=case.id, evaluation=pb.Evaluation(
                rating=pb.RATING_SATISFIED, solved=True)))
        assert e.value.reason == "illegalTransition" and e.value.case_status == pb.CASE_STATUS_SUBMITTED
        assert pb.CASE_OPERATION_ACCEPT in e.value.allowed_operations
        with pytest.raises(Aborted):
            hall.call("accept", pb.AcceptRequest(case_id=case.id, expected_version=99))


def test_async_client_live():
    async def main():
        c = await AsyncClient.connect(ADDRESS, client_system=SYSTEM, token=KEY)
        infos = await asyncio.gather(*[c.call("get_server_info") for _ in range(10)])
        assert all(i.server_id == infos[0].server_id for i in infos)
        with pytest.raises(NotFound):
            await c.get_case(number="QX07-19990101-9999")
        assert await c.shutdown()
    asyncio.run(main())
