#!/usr/bin/env python3
"""How a valid client fares while silent sockets flood councild's listener.

    flood.py --address HOST:PORT --key KEY [--flood 2048] [--tries 300] [--system hall-staff]

Keeps --flood TCP connections open that never send a byte, re-opening each one as soon as the server closes it,
and meanwhile opens --tries connections of a valid client one after another, each doing the protocol's handshake
and one check_health call. Prints how many succeeded and the handshake-and-call time at p50, p90, p99 and max,
and how many flood connections the server closed. Figures only; BENCHMARKS.md keeps them.
"""

import argparse
import os
import selectors
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Clients", "python"))
from councilclient import Client  # noqa: E402


class Flood(threading.Thread):
    def __init__(self, host, port, count):
        super().__init__(daemon=True)
        self.host, self.port, self.count = host, port, count
        self.selector = selectors.DefaultSelector()
        self.closed_by_server = 0
        self.refused = 0
        self.stop = threading.Event()

    def open_one(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect((self.host, self.port))
        except BlockingIOError:
            pass
        except OSError:
            self.refused += 1
            sock.close()
            return False
        self.selector.register(sock, selectors.EVENT_READ)
        return True

    def run(self):
        for _ in range(self.count):
            self.open_one()
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.05):
                sock = key.fileobj
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if data:
                    continue  # a GoAway or refusal frame: keep reading until the close
                self.selector.unregister(sock)
                sock.close()
                self.closed_by_server += 1
                self.open_one()
            missing = self.count - len(self.selector.get_map())
            for _ in range(missing):
                self.open_one()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--system", default="hall-staff")
    parser.add_argument("--flood", type=int, default=2048)
    parser.add_argument("--tries", type=int, default=300)
    args = parser.parse_args()
    host, port = args.address.rsplit(":", 1)
    flood = Flood(host, int(port), args.flood)
    flood.start()
    time.sleep(1.0)  # let the flood fill the server's slots
    times, failures = [], {}
    for _ in range(args.tries):
        started = time.perf_counter()
        try:
            with Client.connect(args.address, client_system=args.system, token=args.key, connect_timeout=5.0) as client:
                client.call("check_health")
            times.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # noqa: BLE001 - every failure is counted by its kind
            name = getattr(error, "reason", None) or type(error).__name__
            failures[name] = failures.get(name, 0) + 1
    flood.stop.set()
    ok = len(times)
    print(f"flood: {args.flood} silent sockets; the server closed {flood.closed_by_server}, refused {flood.refused}")
    print(f"valid client: {ok}/{args.tries} succeeded ({100.0 * ok / args.tries:.1f} %)"
          + (f"; failures: {failures}" if failures else ""))
    if times:
        print("handshake + check_health ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f" % (
            percentile(times, 50), percentile(times, 90), percentile(times, 99), max(times)))


if __name__ == "__main__":
    main()
