#!/usr/bin/env python3
"""petition_transfer — the petition office (信访) transfers a petition to the council hall and follows it.

1. submit the petition: the office's own reference (external_reference), the due date the office sets
   (requested_due, 30 days out), the petitioner's contact (submitter: personal data, never logged);
2. submit it again, as a bridge would after a lost response: the same external reference returns the same case
   with created = False, so retrying is always safe;
3. follow the case on the watch stream (or with --poll, by polling get_case) until it is resolved;
4. print the completion report (办结报告) the hall wrote.

Connects as client system "petition-office" with COUNCIL_KEY (scopes: submit, read), over TLS with --ca (and
mutual TLS with --cert and --cert-key). --asyncio runs the same flow on AsyncClient. See _common.py for every
setting.
"""

import asyncio
import time

import _common
from _common import fail, show
from councilclient import AsyncClient, CouncilError, pb

SYSTEM = "petition-office"


def petition(args):
    due = (int(time.time()) // 60 + 30 * 24 * 60) * 60000  # a whole minute, so every retry sends the same value
    return pb.Submission(
        title="小区垃圾清运不及时", description="三号楼东侧垃圾站三天未清运，信访人要求尽快处理。",
        source=pb.CASE_SOURCE_PETITION_OFFICE, community="QX07", category="environment",
        location=pb.Location(description="3号楼东侧垃圾站"),
        submitter=pb.PersonalData(name="张三", phone="13812345678"),
        external_reference=pb.ExternalReference(system=SYSTEM, reference="XF-" + args.reference),
        requested_due=due)


def follow_by_watch(client, stream, case_id, wait):
    give_up = time.monotonic() + wait
    while time.monotonic() < give_up:
        try:
            item = stream.next(timeout=max(give_up - time.monotonic(), 0.01))
        except TimeoutError:
            break
        if item is None:
            fail("the watch stream ended")
        for event in item.events:
            if event.case_id != case_id:
                continue
            change = event.WhichOneof("change")
            print("event %d: %s version %d %s by %s" % (event.sequence, event.case_number, event.version, change,
                                                        event.principal.system), flush=True)
            if change == "resolved":
                return
    fail("the case was not resolved within %s s" % wait)


def follow_by_polling(client, case_id, wait):
    give_up, seen = time.monotonic() + wait, 0
    while time.monotonic() < give_up:
        case = client.get_case(id=case_id)
        if case.version != seen:
            show("poll: ", case)
        seen = case.version
        if case.status in _common.SETTLED:
            return
        if case.status in _common.ABANDONED:
            fail("the hall ended the case without resolving it")
        time.sleep(0.5)
    fail("the case was not resolved within %s s" % wait)


def run(args):
    with _common.connect(args, SYSTEM, "petition_transfer example", args.key) as client:
        submission = petition(args)
        key = "XF-%s-submit" % args.reference
        first = client.submit(submission, idempotency_key=key, acting_user="XF-clerk-07", timeout=10)
        show("transferred: new " if first.created else "transferred: existing ", first.case)
        again = client.submit(submission, idempotency_key=key, acting_user="XF-clerk-07", timeout=10)
        if again.case.id != first.case.id or again.created:
            fail("the retry registered another case: " + again.case.number)
        print("retry: same case %s, created = false" % again.case.number, flush=True)

        stream = None
        if not args.poll:
            history = client.call("get_history", pb.GetHistoryRequest(case_id=first.case.id))
            after = history.events[0].sequence
            stream = client.watch_events(after=after)
            print("watching events after sequence %d" % after, flush=True)
        if args.hall_key:
            _common.play_hall(args, first.case, with_report=True)
        if stream is not None:
            follow_by_watch(client, stream, first.case.id, args.wait)
            stream.cancel()
            while stream.next(timeout=5) is not None:
                pass
            print("watch ended: CANCELLED %s" % stream.end.reason, flush=True)
            stream.close()
        else:
            follow_by_polling(client, first.case.id, args.wait)

        case = client.get_case(external_reference=(SYSTEM, submission.external_reference.reference))
        show("resolved: ", case)
        print("result: " + (case.result.summary or "(none)"))
        print("completion report: " + (case.result.completion_report if case.result.HasField("completion_report")
                                       else "(none given)"))


async def run_async(args):
    client = await AsyncClient.connect(args.address, client_system=SYSTEM, token=args.key or None,
                                       client_instance="petition_transfer example (asyncio)",
                                       **_common.tls_options(args))
    try:
        submission = petition(args)
        key = "XF-%s-submit" % args.reference
        first, again = await asyncio.gather(client.submit(submission, idempotency_key=key),
                                            client.submit(submission, idempotency_key=key))
        if first.case.id != again.case.id or (first.created and again.created):
            fail("two submissions of one petition made two cases")
        show("transferred: ", first.case)
        history = await client.call("get_history", pb.GetHistoryRequest(case_id=first.case.id))
        async with client.watch_events(after=history.events[0].sequence) as stream:
            async for item in stream:
                if any(e.case_id == first.case.id and e.WhichOneof("change") == "resolved" for e in item.events):
                    break
        case = await client.get_case(id=first.case.id)
        show("resolved: ", case)
        print("completion report: " + case.result.completion_report)
    finally:
        await client.shutdown()


def main():
    args = _common.settings(__doc__.split("\n")[0], lambda p: (p.add_argument("--poll", action="store_true"),
                                                              p.add_argument("--asyncio", action="store_true")))
    try:
        if args.asyncio:
            asyncio.run(asyncio.wait_for(run_async(args), args.wait))
        else:
            run(args)
    except CouncilError as e:
        fail("petition_transfer failed: %s" % e)


if __name__ == "__main__":
    main()
