#!/usr/bin/env python3
"""grid_report — the grid-management platform (网格化管理) reports a grid worker's event and verifies the fix.

1. locate_grid_cell: which community the worker's grid cell lies in (NotFound for an unknown cell);
2. submit the event: grid cell code, WGS-84 coordinates, category, photo references, the platform's own event id
   as external reference (a retry is the same case);
3. poll get_case until the hall has resolved it;
4. record the on-site verification (核查) with verify: pass, or --fail (the case goes back to handling). Only the
   system that submitted a case may verify it.

Connects as client system "grid-platform" with COUNCIL_KEY (scopes: submit, read; it verifies its own case), over
TLS with --ca (and mutual TLS with --cert and --cert-key, where the key may then be left out). See _common.py.
"""

import time

import _common
from _common import fail, show
from councilclient import Aborted, CouncilError, pb

SYSTEM = "grid-platform"
CELL = "130703007001"


def run(args):
    with _common.connect(args, SYSTEM, "grid_report example", args.key) as client:
        located = client.call("locate_grid_cell", pb.LocateGridCellRequest(grid_cell=CELL))
        print("grid cell %s lies in %s %s" % (CELL, located.community.code, located.community.name), flush=True)
        reference = "WG-" + args.reference
        submission = pb.Submission(
            title="路灯损坏，夜间无照明", description="网格员巡查发现5号楼北侧两盏路灯不亮。",
            source=pb.CASE_SOURCE_GRID_PLATFORM, community=located.community.code, category="environment",
            location=pb.Location(grid_cell=CELL, latitude=40.7676, longitude=114.8794, description="5号楼北侧路灯"),
            attachments=["grid://photos/2026/11/WG-0001-1.jpg", "grid://photos/2026/11/WG-0001-2.jpg"],
            external_reference=pb.ExternalReference(system=SYSTEM, reference=reference))
        answer = client.submit(submission, idempotency_key=reference + "-submit", acting_user="GW-0417", timeout=10)
        case = answer.case
        show("reported: ", case)
        print("the case %s on-site verification by this platform"
              % ("requires" if case.requires_verification else "does not require"), flush=True)
        if args.hall_key:
            _common.play_hall(args, case, with_report=False)

        give_up, seen = time.monotonic() + args.wait, 0
        while True:
            case = client.get_case(id=case.id)
            if case.version != seen:
                show("poll: ", case)
            seen = case.version
            if case.status in _common.SETTLED:
                break
            if case.status in _common.ABANDONED:
                fail("the hall ended the case without resolving it")
            if time.monotonic() > give_up:
                fail("the case was not resolved within %s s" % args.wait)
            time.sleep(0.5)
        if case.result.summary:
            print("result: " + case.result.summary)

        verification = pb.Verification(passed=not args.fail,
                                       note="复查时仍有一盏路灯不亮" if args.fail else "复查两盏路灯均已恢复照明")
        for attempt in range(3):
            try:
                verified = client.call("verify", pb.VerifyRequest(case_id=case.id, expected_version=case.version,
                                                                  verification=verification),
                                       idempotency_key="%s-verify-v%d" % (reference, case.version),
                                       acting_user="GW-0417", timeout=10)
                break
            except Aborted:
                case = client.get_case(id=case.id)  # someone changed it first: read again, decide again
        else:
            fail("the case kept changing under the verification")
        show("verification failed, " if args.fail else "verification passed, ", verified.case)


def main():
    args = _common.settings(__doc__.split("\n")[0], lambda p: p.add_argument("--fail", action="store_true"))
    try:
        run(args)
    except CouncilError as e:
        fail("grid_report failed: %s" % e)


if __name__ == "__main__":
    main()
