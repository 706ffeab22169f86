"""The checks of scripts/check-prometheus.sh that read files and HTTP answers; that script starts and stops the
processes. Two commands:

    check-prometheus.py names README RULES DASHBOARD
        Offline, standard library only. Every council_* name the alerting rules and the Grafana dashboard use must be
        a metric of README.md's table (a histogram's _bucket, _sum and _count count as the histogram), and the
        dashboard must be importable: a ${DS_PROMETHEUS} input that every query uses, unique panel ids, no panels
        on top of each other.

    check-prometheus.py live --councild HOST:PORT --admin HOST:PORT --prometheus URL --ca FILE \
                             --readme README --dashboard DASHBOARD [--seconds N]
        Needs the Python client (run it with Clients/python/.venv/bin/python). Against a councild that a real
        Prometheus scrapes every second: the admin endpoints answer as documented; the exposition holds exactly the
        README's metrics with their types; a short load of real calls (submits, reads, a not-found read, a refused
        sign-in) shows up in Prometheus as the same counts, and as finite latency quantiles; council_ready is 1;
        every query of the dashboard runs; every alerting rule evaluates without error and none fires on this
        healthy server. Prints the figures it read. Every wait is a bounded poll: slow machines wait longer, they
        do not fail.

Exit status 1 with a message saying what was wrong; 2 for a usage error.
"""

import argparse
import json
import math
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class Failure(Exception):
    pass


def fail(message):
    raise Failure(message)


# ---- the documented metrics ----

def documented_metrics(readme, with_labels=False):
    """{name: type} from the rows of README.md's metrics table: | `council_...` | type | `label`, ... | meaning |;
    with_labels: {name: (type, {label names})}."""
    metrics = {}
    with open(readme, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\|\s*`(council_[a-z0-9_]+)`\s*\|\s*(counter|gauge|histogram|summary)\s*\|([^|]*)\|", line)
            if m:
                labels = set(re.findall(r"`([a-z_]+)`", m.group(3)))
                metrics[m.group(1)] = (m.group(2), labels) if with_labels else m.group(2)
    if not metrics:
        fail("%s has no metrics table (rows like | `council_...` | counter | ... |)" % readme)
    return metrics


def base_name(name, documented):
    """The documented metric a series name belongs to, or None."""
    if name in documented:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if documented.get(base) in ("histogram", "summary") and (suffix != "_bucket" or
                                                                    documented[base] == "histogram"):
                return base
    return None


def names_used(path):
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"\bcouncil_[a-z0-9_]*[a-z0-9]\b", f.read()))


# ---- the dashboard ----

def dashboard_queries(dashboard):
    """[(panel title, expr)] of every panel, rows' panels included."""
    queries = []

    def walk(panels):
        for panel in panels:
            for target in panel.get("targets", []):
                if target.get("expr"):
                    queries.append((panel.get("title", "?"), target["expr"]))
            walk(panel.get("panels", []))
    walk(dashboard.get("panels", []))
    return queries


def check_dashboard(path):
    try:
        with open(path, encoding="utf-8") as f:
            dashboard = json.load(f)
    except ValueError as e:
        fail("%s is not JSON: %s" % (path, e))
    problems = []
    inputs = [i.get("name") for i in dashboard.get("__inputs", [])]
    if inputs != ["DS_PROMETHEUS"]:
        problems.append("its __inputs should be the one data source DS_PROMETHEUS, not %s" % inputs)
    ids, boxes = set(), []

    def walk(panels):
        for panel in panels:
            title = panel.get("title", "?")
            if panel.get("id") in ids:
                problems.append("panel id %s is used twice (%s)" % (panel.get("id"), title))
            ids.add(panel.get("id"))
            g = panel.get("gridPos", {})
            box = (g.get("x", 0), g.get("y", 0), g.get("w", 0), g.get("h", 0), title)
            for other in boxes:
                if (box[0] < other[0] + other[2] and other[0] < box[0] + box[2] and
                        box[1] < other[1] + other[3] and other[1] < box[1] + box[3]):
                    problems.append("panels %r and %r overlap" % (title, other[4]))
            if box[0] + box[2] > 24:
                problems.append("panel %r is wider than the dashboard's 24 columns" % title)
            boxes.append(box)
            if panel.get("type") != "row":
                for target in [panel] + panel.get("targets", []):
                    uid = target.get("datasource", {}).get("uid")
                    if uid != "${DS_PROMETHEUS}":
                        problems.append("panel %r uses data source %r, not ${DS_PROMETHEUS}" % (title, uid))
            walk(panel.get("panels", []))
    walk(dashboard.get("panels", []))
    if not dashboard_queries(dashboard):
        problems.append("it has no queries")
    if problems:
        fail("%s: %s" % (path, "; ".join(problems)))
    return dashboard


def command_names(args):
    documented = documented_metrics(args.readme)
    check_dashboard(args.dashboard)
    unknown, counted = [], []
    for path in (args.rules, args.dashboard):
        used = names_used(path)
        unknown += ["%s (in %s)" % (name, path) for name in sorted(used) if base_name(name, documented) is None]
        counted.append("%s uses %d" % (path, len(used)))
    if unknown:
        fail("not metrics of the README's table: %s. Fix the name, or document the metric (name, type, labels, "
             "meaning) if councild really exposes it" % ", ".join(unknown))
    print("metric names: %s; every one is in %s's table of %d metrics" % ("; ".join(counted), args.readme,
                                                                        len(documented)))


# ---- HTTP ----

def http_get(url, timeout=10.0):
    """(status, content type, body text); an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")


def poll(what, attempt, tries, pause):
    """Calls attempt() until it returns something other than None, at most `tries` times `pause` seconds apart.
    A readiness wait: a slow machine takes more tries, it does not fail."""
    last = None
    for _ in range(tries):
        try:
            value = attempt()
            if value is not None:
                return value
        except (OSError, ValueError, Failure) as e:
            last = e
        time.sleep(pause)
    fail("gave up after %d tries, %.0f s, waiting for %s%s" % (tries, tries * pause, what,
                                                              " (last error: %s)" % last if last else ""))


class Prometheus:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def api(self, path, **params):
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        status, _, body = http_get(self.url + path + query)
        answer = json.loads(body)
        if answer.get("status") != "success":
            fail("Prometheus %s%s answered %s: %s %s" % (path, " " + params.get("query", "") if params else "",
                                                         status, answer.get("errorType"), answer.get("error")))
        return answer["data"]

    def query(self, expr):
        """The instant vector's samples as [(labels, value)]."""
        data = self.api("/api/v1/query", query=expr)
        if data["resultType"] == "scalar":
            return [({}, float(data["result"][1]))]
        return [(s["metric"], float(s["value"][1])) for s in data["result"]]

    def scalar(self, expr):
        """The one sample's value, or None when there is none."""
        samples = self.query(expr)
        if len(samples) > 1:
            fail("%s gave %d series, expected one: %s" % (expr, len(samples), samples))
        return samples[0][1] if samples else None


# ---- the exposition ----

def parse_exposition(text):
    """({name: type} from the # TYPE lines, {sample name: {label names}}) of a text exposition 0.0.4."""
    types, samples = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            parts = line.split()
            if len(parts) != 4:
                fail("malformed TYPE line in /metrics: %r" % line)
            types[parts[2]] = parts[3]
        elif line and not line.startswith("#"):
            m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)(\s+\d+)?$", line)
            if not m:
                fail("malformed sample line in /metrics: %r" % line)
            float(m.group(3).replace("+Inf", "inf").replace("-Inf", "-inf"))
            labels = set(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="', m.group(2) or ""))
            samples.setdefault(m.group(1), set()).update(labels)
    return types, samples


def compare_with_docs(types, samples, documented_labels):
    documented = {name: kind for name, (kind, _) in documented_labels.items()}
    problems = []
    for name, labels in sorted(samples.items()):
        if not name.startswith("council_"):
            continue
        base = base_name(name, documented)
        if base is None:
            problems.append("councild exposes %s, which README.md's table does not describe" % name)
            continue
        labels = labels - ({"le"} if name.endswith("_bucket") else set())
        if labels != documented_labels[base][1]:
            problems.append("%s has the labels {%s} in /metrics but {%s} in README.md" % (
                name, ", ".join(sorted(labels)), ", ".join(sorted(documented_labels[base][1]))))
    for name, kind in sorted(types.items()):
        if name.startswith("council_") and name in documented and documented[name] != kind:
            problems.append("%s is a %s in /metrics but a %s in README.md" % (name, kind, documented[name]))
    for name in sorted(set(documented) - set(types)):
        problems.append("README.md documents %s but councild does not expose it" % name)
    if problems:
        fail("the exposition and README.md's metrics table disagree: " + "; ".join(problems))


# ---- the load ----

def drive_load(address, ca, seconds):
    """Real calls for `seconds` seconds, counted by what the client saw."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Clients", "python"))
    from councilclient import Client, NotFound, Unauthenticated, pb

    counts = {"submit OK": 0, "get_case OK": 0, "get_case NOT_FOUND": 0, "check_health OK": 0,
              "refused sign-ins": 0}
    try:
        Client.connect(address, client_system="petition-office", token="not-a-key-anyone-issued", ca_file=ca).close()
        fail("councild accepted a made-up key")
    except Unauthenticated:
        counts["refused sign-ins"] += 1

    client = Client.connect(address, client_system="petition-office", token="demo-petition-office", ca_file=ca,
                            client_instance="check-prometheus")
    try:
        stamp = "%d-%d" % (time.time(), os.getpid())
        end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < end and i < 5000:
            i += 1
            reference = "PROM-%s-%d" % (stamp, i)
            answer = client.submit(pb.Submission(
                title="监控联调：楼道灯不亮", description="check-prometheus.sh", source=pb.CASE_SOURCE_PETITION_OFFICE,
                community="QX07", external_reference=pb.ExternalReference(system="petition-office",
                                                                          reference=reference)),
                idempotency_key=reference + "-submit")
            if not answer.created:
                fail("submit %s was not new" % reference)
            counts["submit OK"] += 1
            client.get_case(number=answer.case.number)
            client.get_case(id=answer.case.id)
            counts["get_case OK"] += 2
            if i % 10 == 1:
                try:
                    client.get_case(number="QX07-19990101-9999")
                    fail("a case that does not exist was found")
                except NotFound:
                    counts["get_case NOT_FOUND"] += 1
                client.call("check_health")
                counts["check_health OK"] += 1
    finally:
        client.shutdown()
    return counts


def command_live(args):
    documented = documented_metrics(args.readme)
    prometheus = Prometheus(args.prometheus)
    admin = "http://" + args.admin

    # ---- the admin endpoints ----
    status, ctype, body = http_get(admin + "/healthz")
    if status != 200 or body.strip() != "ok":
        fail("GET /healthz answered %d %r, expected 200 ok" % (status, body[:200]))
    status, ctype, body = http_get(admin + "/readyz")
    if status != 200:
        fail("GET /readyz answered %d on a councild that should be ready: %s" % (status, body[:500]))
    print("GET /healthz: 200 ok; GET /readyz: 200\n  " + "\n  ".join(body.strip().splitlines()))
    status, ctype, exposition = http_get(admin + "/metrics")
    if status != 200 or ctype != "text/plain; version=0.0.4; charset=utf-8":
        fail("GET /metrics answered %d with Content-Type %r, expected 200 text/plain; version=0.0.4; "
             "charset=utf-8" % (status, ctype))
    status, _, _ = http_get(admin + "/no-such-path")
    if status != 404:
        fail("GET /no-such-path answered %d, expected 404" % status)

    # ---- Prometheus scrapes it ----
    def target_up():
        targets = prometheus.api("/api/v1/targets")["activeTargets"]
        mine = [t for t in targets if t["labels"].get("job") == "councild"]
        if mine and mine[0]["health"] == "up":
            return mine[0]
        return None
    target = poll("Prometheus to scrape councild's /metrics (target health up)", target_up, 240, 0.5)
    print("Prometheus scrapes %s: health %s" % (target["scrapeUrl"], target["health"]))

    # ---- the load ----
    started = time.monotonic()
    counts = drive_load(args.councild, args.ca, args.seconds)
    print("load: %.1f s of calls: %s" % (time.monotonic() - started,
                                        ", ".join("%s %d" % kv for kv in counts.items())))

    # ---- the same counts in Prometheus ----
    expected = [
        ('sum(council_calls_total{method="submit",code="OK"})', counts["submit OK"]),
        ('sum(council_calls_total{method="get_case",code="OK"})', counts["get_case OK"]),
        ('sum(council_calls_total{method="get_case",code="NOT_FOUND"})', counts["get_case NOT_FOUND"]),
        ('sum(council_calls_total{method="check_health",code="OK"})', counts["check_health OK"]),
    ]

    def caught_up():
        values = [prometheus.scalar(expr) for expr, _ in expected]
        if all(v is not None and v >= want for v, (_, want) in zip(values, expected)):
            return values
        return None
    values = poll("Prometheus to scrape the counts of the load's calls", caught_up, 240, 0.5)
    for value, (expr, want) in zip(values, expected):
        print("  %s = %g (calls made: %d)" % (expr, value, want))
        if value != want:
            fail("%s is %g, but the load made %d such calls" % (expr, value, want))

    figures = {}
    for name, expr in [
        ("get_case p50", 'histogram_quantile(0.5, sum by (le) (rate(council_call_duration_seconds_bucket{method="get_case"}[5m])))'),
        ("get_case p99", 'histogram_quantile(0.99, sum by (le) (rate(council_call_duration_seconds_bucket{method="get_case"}[5m])))'),
        ("submit p99", 'histogram_quantile(0.99, sum by (le) (rate(council_call_duration_seconds_bucket{method="submit"}[5m])))'),
        ("commit p99", 'histogram_quantile(0.99, sum by (le) (rate(council_store_commit_duration_seconds_bucket{store="sqlite"}[5m])))'),
    ]:
        value = prometheus.scalar(expr)
        print("  %s = %s s   [%s]" % (name, "%.6f" % value if value is not None else "none", expr))
        if value is None or not math.isfinite(value) or value <= 0:
            fail("%s should be a finite positive number of seconds, got %s: the histogram's buckets or their le "
                 "labels are wrong" % (expr, value))
        figures[name] = value
    histogram_count = prometheus.scalar('sum(council_call_duration_seconds_count{method="get_case"})')
    counter = prometheus.scalar('sum(council_calls_total{method="get_case"})')
    print("  get_case calls: %g in council_calls_total, %g in council_call_duration_seconds_count" %
          (counter, histogram_count))
    if histogram_count != counter:
        fail("council_call_duration_seconds_count{method=\"get_case\"} (%g) and council_calls_total{method="
             "\"get_case\"} (%g) should count the same calls" % (histogram_count, counter))
    ready = prometheus.scalar("council_ready")
    print("  council_ready = %s" % ready)
    if ready != 1:
        fail("council_ready is %s on a councild that answers /readyz with 200" % ready)
    refused = prometheus.scalar("sum(council_sign_ins_failed_total)")
    print("  sum(council_sign_ins_failed_total) = %s (refused sign-ins made: %d)" % (refused, counts["refused sign-ins"]))
    if refused is None or refused < counts["refused sign-ins"]:
        fail("council_sign_ins_failed_total does not count the refused sign-in")
    days = prometheus.scalar("(council_tls_certificate_expiry_timestamp_seconds - time()) / 86400")
    print("  certificate days left = %s" % ("%.1f" % days if days is not None else "none"))
    if days is None or days < 1:
        fail("council_tls_certificate_expiry_timestamp_seconds should show the test certificate's notAfter, "
             "years away; got %s days" % days)

    # ---- the exposition against the README ----
    _, _, exposition = http_get(admin + "/metrics")
    types, samples = parse_exposition(exposition)
    compare_with_docs(types, samples, documented_metrics(args.readme, with_labels=True))
    print("/metrics: %d council metrics, exactly those of README.md's table, with the same types and labels" % len(
        [t for t in types if t.startswith("council_")]))

    # ---- the dashboard's queries ----
    with open(args.dashboard, encoding="utf-8") as f:
        dashboard = json.load(f)
    empty = []
    queries = dashboard_queries(dashboard)
    for title, expr in queries:
        concrete = (expr.replace("$__rate_interval", "5m").replace("$__range", "5m")
                    .replace("$instance", ".*"))
        try:
            if not prometheus.query(concrete):
                empty.append(title)
        except Failure as e:
            fail("the dashboard's panel %r has a query Prometheus refuses: %s" % (title, e))
    print("dashboard: %d queries run; %d with data, %d empty here (%s)" % (
        len(queries), len(queries) - len(empty), len(empty), ", ".join(sorted(set(empty))) or "none"))

    # ---- the alerting rules, evaluated by Prometheus on this councild ----
    def all_evaluated():
        rules = [r for g in prometheus.api("/api/v1/rules")["groups"] for r in g["rules"]]
        broken = [r for r in rules if r.get("health") == "err"]
        if broken:
            fail("alerting rules fail to evaluate: " + "; ".join("%s: %s" % (r["name"], r.get("lastError"))
                                                                  for r in broken))
        if rules and all(r.get("health") == "ok" for r in rules):
            return rules
        return None
    rules = poll("Prometheus to evaluate every alerting rule", all_evaluated, 120, 0.5)
    alerts = prometheus.api("/api/v1/alerts")["alerts"]
    firing = [a for a in alerts if a["state"] == "firing"]
    pending = [a for a in alerts if a["state"] == "pending"]
    print("alerting rules: %d evaluated without error; firing: %s; pending: %s" % (
        len(rules), ", ".join(a["labels"]["alertname"] for a in firing) or "none",
        ", ".join(a["labels"]["alertname"] for a in pending) or "none"))
    if firing:
        fail("alerts fire on a healthy councild: " + "; ".join(
            "%s %s" % (a["labels"]["alertname"], a["annotations"].get("summary", "")) for a in firing))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    names = sub.add_parser("names")
    names.add_argument("readme")
    names.add_argument("rules")
    names.add_argument("dashboard")
    live = sub.add_parser("live")
    live.add_argument("--councild", required=True, help="HOST:PORT of councild's client listener")
    live.add_argument("--admin", required=True, help="HOST:PORT of councild's admin listener")
    live.add_argument("--prometheus", required=True, help="the Prometheus server's URL")
    live.add_argument("--ca", required=True, help="the CA of councild's TLS certificate")
    live.add_argument("--readme", required=True)
    live.add_argument("--dashboard", required=True)
    live.add_argument("--seconds", type=float, default=12)
    args = parser.parse_args()
    try:
        (command_names if args.command == "names" else command_live)(args)
    except Failure as e:
        print("check-prometheus: FAILED: %s" % e, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
