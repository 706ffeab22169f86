"""How long a change committed through one councild node takes to reach a watch on another node of the same database.

    python3 watch_lag.py --submit-to HOST:PORT --watch-on HOST:PORT [--cases 200]

Submits cases one after another through the first node (the petition office's demo key) while a hall-staff watch
runs on the second; for each case, the lag is the time from the submit's answer to the watch bringing its event.
Prints the distribution in milliseconds. Run through Benchmarks/WatchLag/run.sh, which starts the two nodes.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from councilclient import Client
from councilclient import council_pb2 as pb


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submit-to", required=True, help="host:port of the node cases are submitted through")
    parser.add_argument("--watch-on", required=True, help="host:port of the node whose watch is timed")
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    watcher = Client.connect(args.watch_on, client_system="hall-staff", token="demo-hall-staff")
    office = Client.connect(args.submit_to, client_system="petition-office", token="demo-petition-office")
    arrived: dict[str, float] = {}
    seen = threading.Condition()
    stream = watcher.watch_events(after=0)

    def follow() -> None:
        for batch in stream:
            now = time.monotonic()
            with seen:
                for event in batch.events:
                    arrived.setdefault(event.case_id, now)
                seen.notify_all()

    threading.Thread(target=follow, daemon=True).start()
    lags: list[float] = []
    run = int(time.time())
    for i in range(args.cases):
        submission = pb.Submission(title="路灯不亮 %d" % i, description="watch lag", source=pb.CASE_SOURCE_PETITION_OFFICE,
                                   community="QX03")
        submission.external_reference.system = "petition-office"
        submission.external_reference.reference = "LAG-%d-%d" % (run, i)
        answer = office.submit(submission)
        answered = time.monotonic()
        case_id = answer.case.id
        with seen:
            if not seen.wait_for(lambda: case_id in arrived, timeout=30):
                raise SystemExit("the watch on %s never brought case %s" % (args.watch_on, case_id))
            lags.append(max(0.0, arrived[case_id] - answered) * 1000)
    stream.cancel()
    print("%s watch lag across two nodes, %d cases: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms" % (
        args.label + (" " if args.label else ""), len(lags), percentile(lags, 50), percentile(lags, 90), percentile(lags, 99),
        max(lags), statistics.mean(lags)))


if __name__ == "__main__":
    main()
