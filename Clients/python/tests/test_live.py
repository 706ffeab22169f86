"""The Python clients against a running councild. Skipped unless COUNCIL_ADDRESS is set.

    COUNCIL_ADDRESS   host:port of councild
    COUNCIL_KEY       a key of client system COUNCIL_SYSTEM (default petition-office), scopes submit + read
    COUNCIL_HALL_KEY  optional hall-staff key (read + manage) for the transition checks
    COUNCIL_TLS_CA    connect over TLS, verifying councild against this PEM file (the hall connection too)
    COUNCIL_TLS_CERT  optional client certificate of COUNCIL_SYSTEM for mutual TLS, with its key COUNCIL_TLS_KEY
    COUNCIL_TLS_DIR   with COUNCIL_TLS_CA: the directory scripts/make-test-pki.sh wrote and councild was started
                      with; adds the checks of how councild treats certificates (untrusted, revoked, a certificate
                      alone), with COUNCIL_KEY the petition-office key
"""

import asyncio
import os
import time

import pytest

from councilclient import (Aborted, AlreadyExists, AsyncClient, Client, FailedPrecondition, NotFound,
                           Unauthenticated, Unavailable, pb)

ADDRESS = os.environ.get("COUNCIL_ADDRESS")
KEY = os.environ.get("COUNCIL_KEY")
SYSTEM = os.environ.get("COUNCIL_SYSTEM") or "petition-office"
HALL_KEY = os.environ.get("COUNCIL_HALL_KEY")
TLS_CA = os.environ.get("COUNCIL_TLS_CA") or None
TLS_CERT = os.environ.get("COUNCIL_TLS_CERT") or None
TLS_KEY = os.environ.get("COUNCIL_TLS_KEY") or None
TLS_DIR = os.environ.get("COUNCIL_TLS_DIR") or None
# This system's connections: over TLS when COUNCIL_TLS_CA is set, with its client certificate when one is given.
TLS = dict(ca_file=TLS_CA, cert_file=TLS_CERT, key_file=TLS_KEY) if TLS_CA else {}
# Connections of other systems (the hall): the trust roots only.
TLS_ROOTS = dict(ca_file=TLS_CA) if TLS_CA else {}

pytestmark = pytest.mark.skipif(not ADDRESS, reason="COUNCIL_ADDRESS is not set: no live councild to test against "
                                                    "(set COUNCIL_ADDRESS=host:port and COUNCIL_KEY=token)")


@pytest.fixture
def client():
    c = Client.connect(ADDRESS, client_system=SYSTEM, token=KEY, client_instance="councilclient pytest", **TLS)
    yield c
    c.shutdown()


def submission(reference, title="Python 客户端联调测试：楼道灯不亮"):
    return pb.Submission(title=title, description="自动测试提交", source=pb.CASE_SOURCE_PETITION_OFFICE,
                         community=os.environ.get("COUNCIL_COMMUNITY", "QX07"),
                         external_reference=pb.ExternalReference(system=SYSTEM, reference=reference))


def test_wrong_key_is_refused():
    with pytest.raises(Unauthenticated):
        Client.connect(ADDRESS, client_system=SYSTEM, token="not-a-key-anyone-issued", **TLS)


def test_server_info_health_ping(client):
    assert client.protocol_version == 1
    assert (client.tls_version is not None) == bool(TLS_CA)
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
                        token=HALL_KEY, **TLS_ROOTS) as hall:
        with pytest.raises(FailedPrecondition) as e:
            hall.call("evaluate", pb.EvaluateRequest(case_id=case.id, evaluation=pb.Evaluation(
                rating=pb.RATING_SATISFIED, solved=True)))
        assert e.value.reason == "illegalTransition" and e.value.case_status == pb.CASE_STATUS_SUBMITTED
        assert pb.CASE_OPERATION_ACCEPT in e.value.allowed_operations
        with pytest.raises(Aborted):
            hall.call("accept", pb.AcceptRequest(case_id=case.id, expected_version=99))


def test_async_client_live():
    async def main():
        c = await AsyncClient.connect(ADDRESS, client_system=SYSTEM, token=KEY, **TLS)
        infos = await asyncio.gather(*[c.call("get_server_info") for _ in range(10)])
        assert all(i.server_id == infos[0].server_id for i in infos)
        with pytest.raises(NotFound):
            await c.get_case(number="QX07-19990101-9999")
        assert await c.shutdown()
    asyncio.run(main())


# ---- how councild treats client certificates (COUNCIL_TLS_DIR: the PKI councild was started with)

tls_pki = pytest.mark.skipif(not (TLS_CA and TLS_DIR) or SYSTEM != "petition-office",
                             reason="COUNCIL_TLS_CA and COUNCIL_TLS_DIR are not both set (or COUNCIL_SYSTEM is not "
                                    "petition-office, the system the PKI's certificates and COUNCIL_KEY are for)")


def pki_connect(kind, system, certificate, token):
    """Connects as ``system`` with DIR/<certificate>.pem and its key, makes one call, shuts down."""
    options = dict(client_system=system, token=token, client_instance="councilclient pytest tls", ca_file=TLS_CA,
                   cert_file=os.path.join(TLS_DIR, certificate + ".pem"),
                   key_file=os.path.join(TLS_DIR, certificate + "-key.pem"))
    if kind == "blocking":
        with Client.connect(ADDRESS, **options) as c:
            return c.call("get_server_info")

    async def main():
        c = await AsyncClient.connect(ADDRESS, **options)
        try:
            return await c.call("get_server_info")
        finally:
            await c.shutdown()
    return asyncio.run(main())


@tls_pki
@pytest.mark.parametrize("kind", ["blocking", "asyncio"])
def test_certificate_from_an_untrusted_ca_is_refused_in_the_tls_handshake(kind):
    start = time.monotonic()
    with pytest.raises(Unavailable) as e:
        pki_connect(kind, "petition-office", "stranger", KEY)
    assert e.value.reason == "tlsHandshakeFailed" and e.value.origin == "client", e.value
    assert time.monotonic() - start < 5


@tls_pki
@pytest.mark.parametrize("kind", ["blocking", "asyncio"])
def test_revoked_certificate_is_refused(kind):
    with pytest.raises(Unauthenticated) as e:
        pki_connect(kind, "petition-office", "revoked", KEY)
    assert e.value.reason == "certificateRevoked" and e.value.origin == "server", e.value


@tls_pki
@pytest.mark.parametrize("kind", ["blocking", "asyncio"])
def test_certificate_alone_for_a_system_that_allows_it(kind):
    assert pki_connect(kind, "grid-platform", "grid-platform", None).protocol_versions


@tls_pki
@pytest.mark.parametrize("kind", ["blocking", "asyncio"])
def test_certificate_alone_for_a_system_that_needs_its_key_too(kind):
    with pytest.raises(Unauthenticated) as e:
        pki_connect(kind, "petition-office", "petition-office", None)
    assert e.value.reason == "unauthenticated" and e.value.origin == "server", e.value
