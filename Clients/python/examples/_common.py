"""What both example programs share: settings from flags or the environment, and playing the hall.

    --address HOST:PORT   COUNCIL_ADDRESS    where councild listens
    --key TOKEN           COUNCIL_KEY        this system's bearer token (optional with --cert, when the server
                                             accepts the certificate alone)
    --hall-key TOKEN      COUNCIL_HALL_KEY   optional hall-staff key (read + manage): the program then accepts,
                                             handles and resolves its own case, so a demo needs nobody at the hall
    --ca FILE             COUNCIL_TLS_CA     connect over TLS, verifying the server against these PEM trust roots
                                             (the hall connection too)
    --cert FILE           COUNCIL_TLS_CERT   this system's client certificate (PEM) for mutual TLS; needs --ca
    --cert-key FILE       COUNCIL_TLS_KEY    the client certificate's private key (PEM)
    --reference REF                          the external reference (default: a fresh one)
    --wait SECONDS                           how long to follow the case (default 120)
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from councilclient import Client, CouncilError, pb  # noqa: E402

SETTLED = {pb.CASE_STATUS_RESOLVED, pb.CASE_STATUS_AWAITING_EVALUATION, pb.CASE_STATUS_EVALUATED,
           pb.CASE_STATUS_CLOSED}
ABANDONED = {pb.CASE_STATUS_DECLINED, pb.CASE_STATUS_REFERRED, pb.CASE_STATUS_MERGED, pb.CASE_STATUS_WITHDRAWN}


def settings(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--address", default=os.environ.get("COUNCIL_ADDRESS"))
    parser.add_argument("--key", default=os.environ.get("COUNCIL_KEY"))
    parser.add_argument("--hall-key", default=os.environ.get("COUNCIL_HALL_KEY") or None)
    parser.add_argument("--hall-system", default=os.environ.get("COUNCIL_HALL_SYSTEM", "hall-staff"))
    parser.add_argument("--ca", metavar="FILE", default=os.environ.get("COUNCIL_TLS_CA") or None)
    parser.add_argument("--cert", metavar="FILE", default=os.environ.get("COUNCIL_TLS_CERT") or None)
    parser.add_argument("--cert-key", metavar="FILE", default=os.environ.get("COUNCIL_TLS_KEY") or None)
    parser.add_argument("--reference", default="%d-%d" % (time.time(), os.getpid()))
    parser.add_argument("--wait", type=float, default=120)
    if extra:
        extra(parser)
    args = parser.parse_args()
    if not args.address:
        parser.error("no server address: pass --address HOST:PORT or set COUNCIL_ADDRESS")
    if args.cert and not args.ca:
        parser.error("a client certificate needs the server's trust roots too: pass --ca FILE or set COUNCIL_TLS_CA")
    if args.cert_key and not args.cert:
        parser.error("--cert-key without a certificate: pass --cert FILE or set COUNCIL_TLS_CERT")
    if not args.key and not args.cert:
        parser.error("no key: pass --key TOKEN or set COUNCIL_KEY (or, if the server accepts it alone, a client "
                     "certificate: --cert FILE --cert-key FILE)")
    return args


def tls_options(args, client_certificate=True):
    """The TLS parameters of ``connect`` from the settings: none without --ca; the client certificate only for this
    system's own connection (the hall's uses its key)."""
    if not args.ca:
        return {}
    options = {"ca_file": args.ca}
    if client_certificate and args.cert:
        options.update(cert_file=args.cert, key_file=args.cert_key)
    return options


def status_name(status):
    words = pb.CaseStatus.Name(status)[len("CASE_STATUS_"):].lower().split("_")
    return words[0] + "".join(w.capitalize() for w in words[1:])


def show(prefix, case):
    print("%scase %s (%s) version %d: %s" % (prefix, case.number, case.id, case.version, status_name(case.status)),
          flush=True)


def connect(args, system, instance, key, client_certificate=True):
    client = Client.connect(args.address, client_system=system, token=key or None, client_instance=instance,
                            **tls_options(args, client_certificate))
    print("connected to %s as %s (server %s, protocol %d%s)"
          % (args.address, system, client.server_id, client.protocol_version,
             ", " + client.tls_version if client.tls_version else ""), flush=True)
    return client


def play_hall(args, case, with_report):
    """The hall's part: accept, handle locally (即办), log progress, resolve — each against the version just
    read, each with an idempotency key. Needs a hall-staff key with the manage scope."""
    with connect(args, args.hall_system, "example (hall)", args.hall_key, client_certificate=False) as hall:
        version = case.version
        result = pb.HandlingResult(summary="问题已处理完毕")
        if with_report:
            result.completion_report = "办结报告：经社区协调物业公司，问题已于当日处理完毕，并已回访信访人。"
        steps = [("accept", pb.AcceptRequest()),
                 ("handle_locally", pb.HandleLocallyRequest(note="社区即办")),
                 ("add_progress", pb.AddProgressRequest(note="已联系物业公司，当日安排清运")),
                 ("resolve", pb.ResolveRequest(result=result))]
        for method, request in steps:
            request.case_id = case.id
            request.expected_version = version
            answer = hall.call(method, request, idempotency_key="demo-%s-%s-v%d" % (case.id, method, version),
                               acting_user="HS01", timeout=10)
            version = answer.case.version
            print("hall: %-14s -> %s" % (method, status_name(answer.case.status)), flush=True)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)
