#!/usr/bin/env python3
"""Q319207's retry loop written with SimPy, as a modeller would: one process
per failing package, a process for other package work, and a Sender process
taking jobs out of Schedule.box (a Container) one at a time.

It is the reference the Rust simulator (crates/engine/src/sim) is timed and
checked against: same model, same conventions, so the totals must match
`kbwiz simulate --json` exactly for the same parameters.

Time unit: 1/capacity of a second, so the Sender's service time (3600/capacity
seconds) is exactly 3600 ticks and no float rounding creeps in.
Conventions shared with the Rust model: everything starts at 0 with the first
processing of every failing package (a send, not a retry); a package is retried
when its timer fires (retry interval after its last processing) or when other
work arrives and its last processing is at least the minimum gap old, at most
once per instant; events at the horizon are not processed, but a job whose
sending completes exactly at the horizon counts as sent; per-hour `sent` counts
completions in (start, end] of the hour.

    python3 retry_loop.py --sites 1000 --failing 50 --hours 720 --json
"""

import argparse
import json
import math
import time

import simpy


def simulate(sites, failing, hours, retry_s=3600, other_s=900, min_gap_s=300,
             capacity=2000, initial_backlog=0, threshold=10_000, hotfix=False,
             workaround=False, key_deleted_s=None, repaired_s=None):
    tick = capacity                     # ticks per second
    hour = 3600 * tick
    horizon = hours * hour
    service = 3600                      # ticks per job
    step = max(retry_s, min_gap_s, 1) * tick
    min_gap = min_gap_s * tick
    key_deleted = None if key_deleted_s is None else key_deleted_s * tick
    repaired = 0 if workaround else (None if repaired_s is None else repaired_s * tick)

    env = simpy.Environment()
    box = simpy.Container(env, init=initial_backlog) if initial_backlog else simpy.Container(env)
    retries = [0] * hours
    created = [0] * hours
    sent = [0] * hours
    state = {"backlog": initial_backlog, "peak": initial_backlog, "peak_at": 0,
             "exceeded_at": 0 if initial_backlog > threshold else None}
    arrival = [env.event()]             # succeeds at each other-package arrival

    def queue(jobs):
        if jobs <= 0:
            return
        box.put(jobs)
        created[int(env.now // hour)] += jobs
        state["backlog"] += jobs
        if state["backlog"] > state["peak"]:
            state["peak"], state["peak_at"] = state["backlog"], env.now // tick
        if state["exceeded_at"] is None and state["backlog"] > threshold:
            state["exceeded_at"] = env.now // tick

    def other_work():
        while True:
            yield env.timeout(other_s * tick)
            if env.now >= horizon:
                return
            fired, arrival[0] = arrival[0], env.event()
            fired.succeed()

    def package():
        queue(sites)                    # first processing: a send, not a retry
        if repaired is not None and repaired <= 0:
            return
        last = 0
        while True:
            timer = env.timeout(last + step - env.now)
            while True:
                yield timer | arrival[0]
                if timer.processed or (env.now > last and env.now - last >= min_gap):
                    break
            now = env.now
            if now >= horizon or (key_deleted is not None and now >= key_deleted):
                return
            retries[int(now // hour)] += 1
            if not hotfix:
                queue(sites)
            if repaired is not None and now >= repaired:
                return                  # this processing succeeded
            last = now

    def sender():
        while True:
            yield box.get(1)
            yield env.timeout(service)
            state["backlog"] -= 1
            h = math.ceil(env.now / hour) - 1
            if h < hours:
                sent[h] += 1

    for _ in range(failing):
        env.process(package())
    if other_s:
        env.process(other_work())
    env.process(sender())
    env.run(until=horizon + 0.5)

    series, cum = [], initial_backlog
    for h in range(hours):
        cum += created[h] - sent[h]
        series.append({"hour": h, "retries": retries[h], "created": created[h],
                       "sent": sent[h], "backlog": cum})
    return {"retries": sum(retries), "created": sum(created), "sent": sum(sent),
            "peak_backlog": state["peak"], "backlog_end": cum,
            "peak_at_s": state["peak_at"], "threshold_exceeded_at_s": state["exceeded_at"],
            "series": series}


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--sites", type=int, default=1000)
    a.add_argument("--failing", type=int, default=50)
    a.add_argument("--hours", type=int, default=720)
    a.add_argument("--retry-s", type=int, default=3600)
    a.add_argument("--other-s", type=int, default=900, help="0: no other work")
    a.add_argument("--min-gap-s", type=int, default=300)
    a.add_argument("--capacity", type=int, default=2000)
    a.add_argument("--initial-backlog", type=int, default=0)
    a.add_argument("--threshold", type=int, default=10_000)
    a.add_argument("--patched", action="store_true")
    a.add_argument("--workaround", action="store_true")
    a.add_argument("--key-deleted-s", type=int)
    a.add_argument("--repaired-s", type=int)
    a.add_argument("--json", action="store_true", help="print the full result as JSON")
    o = a.parse_args()
    start = time.perf_counter()
    r = simulate(o.sites, o.failing, o.hours, o.retry_s, o.other_s, o.min_gap_s, o.capacity,
                 o.initial_backlog, o.threshold, o.patched, o.workaround, o.key_deleted_s,
                 o.repaired_s)
    elapsed = time.perf_counter() - start
    if o.json:
        print(json.dumps(r))
    else:
        keys = ["retries", "created", "sent", "peak_backlog", "backlog_end", "peak_at_s",
                "threshold_exceeded_at_s"]
        print(" ".join(f"{k}={r[k]}" for k in keys))
    print(f"elapsed_s={elapsed:.3f}", file=__import__("sys").stderr)


if __name__ == "__main__":
    main()
