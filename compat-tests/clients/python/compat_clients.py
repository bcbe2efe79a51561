"""Runs a batch of the Python scenarios (scenarios.py) with one library (adapters.py) against one
broker, for Samsa's compatibility suite (compat-tests, ChildProtocol.java).

    python3 compat_clients.py --client kafka-python|confluent-kafka --list
    python3 compat_clients.py --client NAME --bootstrap HOST:PORT --node-id N --broker NAME \\
        --tag TAG --scenarios a,b,c

Protocol lines go to the real stdout, each "##compat## " and one JSON object; everything the
libraries print goes to stderr (the batch's log). One result line per scenario, in order.
"""

import argparse
import json
import os
import signal
import sys
import time
import traceback

import scenarios as catalog
from adapters import LIBRARIES, Unsupported

MARKER = "##compat## "
# The protocol keeps the real stdout; file descriptor 1 and sys.stdout then point at stderr, so
# nothing a library prints (from Python or C) can land between protocol lines.
PROTOCOL = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr


def emit(message):
    PROTOCOL.write(MARKER + json.dumps(message, sort_keys=True) + "\n")
    PROTOCOL.flush()


class ScenarioTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise ScenarioTimeout()


def run_one(scenario, client, args):
    start = time.monotonic()
    reason = next((client.lacks(f) for f in scenario.needs if client.lacks(f)), None)
    if reason:
        return {"type": "result", "scenario": scenario.name, "status": "NOT_APPLICABLE", "fields": {},
                "failures": [reason], "elapsedMillis": 0}
    ctx = catalog.Context(scenario.name, client, args.bootstrap, args.tag, int(args.node_id))
    out = catalog.Observations()
    failures = []
    status = None
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, scenario.timeout)
    try:
        scenario.body(ctx, out)
    except Unsupported as e:
        status = "NOT_APPLICABLE"
        failures.append(str(e))
    except ScenarioTimeout:
        failures.append("timed out after %d s" % scenario.timeout)
    except catalog.Fail as e:
        failures.append(str(e))
    except Exception as e:  # noqa: BLE001 - any failure of a scenario is its result
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith("scenarios.py")]
        where = " ".join("@scenarios.py:%d" % f.lineno for f in frames[-4:])
        failures.append("%s: %s %s" % (type(e).__name__, e, where))
        traceback.print_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        ctx.close()
    failures = out.failures + failures
    if status is None:
        status = "FAIL" if failures else "PASS"
    return {"type": "result", "scenario": scenario.name, "status": status,
            "fields": out.fields if status != "NOT_APPLICABLE" else {}, "failures": failures,
            "elapsedMillis": int((time.monotonic() - start) * 1000)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", required=True, choices=sorted(LIBRARIES))
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--bootstrap")
    parser.add_argument("--node-id", default="1")
    parser.add_argument("--broker", default="")
    parser.add_argument("--tag", default="py")
    parser.add_argument("--scenarios", default="")
    args = parser.parse_args()
    library = LIBRARIES[args.client]
    if args.list:
        for s in catalog.SCENARIOS:
            if s.only is None or args.client in s.only:
                emit({"type": "scenario", "name": s.name, "area": s.area, "summary": s.summary,
                      "timeoutMillis": int(s.timeout * 1000), "exclusive": s.area == "restart"})
        return 0
    client = library(args.bootstrap)
    catalog.CONTROL = control
    by_name = {s.name: s for s in catalog.SCENARIOS}
    try:
        for name in [n for n in args.scenarios.split(",") if n]:
            if name not in by_name:
                emit({"type": "result", "scenario": name, "status": "FAIL", "fields": {},
                      "failures": ["no Python scenario named " + name], "elapsedMillis": 0})
                continue
            emit(run_one(by_name[name], client, args))
    finally:
        client.close()
    return 0


def control(action):
    """Asks the suite to stop / start / kill / restart the broker; returns its (same) address."""
    emit({"type": "control", "action": action})
    reply = json.loads(sys.stdin.readline())
    if not reply.get("ok"):
        raise RuntimeError("the suite could not %s the broker: %s" % (action, reply.get("error")))
    return reply["bootstrap"]


if __name__ == "__main__":
    sys.exit(main())
