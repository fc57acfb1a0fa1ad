#!/usr/bin/env python3
"""Writes synthetic DORA inputs for `okrlint dora`: deterministic (seeded), stdlib only.

OUTDIR/deployments.csv  N rows: deploy_id, service, deployed_at, status, rework
OUTDIR/changes.csv      ~3N:    change_id, deploy_id, committed_at
OUTDIR/incidents.csv    N/20:   incident_id, service, created_at, resolved_at, deploy_id

40 services with skewed volumes (the busiest deploys many times a day, the quietest a few
times a month; each service deploys at least once), two years (2023-2024), fewer deploys
at weekends. Timestamps are RFC 3339 with `Z` or an offset (+02:00, -05:00, +05:30, +00:00),
so many local dates differ from the UTC date. Status ~89% success, ~8% failed, ~3%
rolled_back (~1% in another case); rework true ~10%. Changes: 1-5 per deployment, ~0.5%
committed after the deploy (negative lead time), ~0.2% at the same instant (zero), ~0.01%
naming an unknown deploy_id. Incidents: ~5% open, ~60% naming a deployment (some named
twice, a handful unknown ids), resolved_at never before created_at.
Usage: gen_dora.py N_DEPLOYS OUTDIR
"""
import datetime
import os
import random
import sys

DAY = 86400
SPAN_DAYS = 731  # 2023-01-01 .. 2024-12-31, UTC
BEFORE = 200  # days of dates before the span (commits), and after it (resolutions)
BASE = datetime.date(2023, 1, 1)  # a Sunday
OFFSETS = [(0, "Z")] * 10 + [(7200, "+02:00")] * 4 + [(-18000, "-05:00")] * 4 + [(19800, "+05:30"), (0, "+00:00")]
SERVICES = 40


def main():
    n, outdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(42)
    rand = rng.random
    dates = [(BASE + datetime.timedelta(days=d - BEFORE)).isoformat() for d in range(SPAN_DAYS + 2 * BEFORE)]
    hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]
    n_off = len(OFFSETS)
    shift = BEFORE * DAY

    def stamp(t):  # t: seconds since BASE, UTC
        sec, suffix = OFFSETS[int(rand() * n_off)]
        d, s = divmod(t + sec + shift, DAY)
        return f"{dates[d]}T{hms[s]}{suffix}"

    names = [f"svc-{k:02d}" for k in range(SERVICES)]
    weights = [1 / (k + 1) ** 2.5 for k in range(SERVICES)]
    service_of = rng.choices(range(SERVICES), weights, k=n)
    service_of[: min(n, SERVICES)] = range(min(n, SERVICES))
    rng.shuffle(service_of)

    def deploy_time():
        while True:
            t = int(rand() * SPAN_DAYS * DAY)
            if (t // DAY + 6) % 7 < 5 or rand() < 0.2:  # Monday=0; keep 1 in 5 weekend draws
                return t

    times = sorted(deploy_time() for _ in range(n))
    ids = [f"dep-{i:07d}" for i in range(1, n + 1)]
    statuses = ["failed"] * 8 + ["rolled_back"] * 3 + ["success"] * 89
    with open(os.path.join(outdir, "deployments.csv"), "w", buffering=1 << 20) as f:
        f.write("deploy_id,service,deployed_at,status,rework\n")
        lines = []
        for i in range(n):
            status = statuses[int(rand() * 100)]
            if rand() < 0.01:
                status = status.upper() if rand() < 0.5 else status.capitalize()
            lines.append(f"{ids[i]},{names[service_of[i]]},{stamp(times[i])},{status},{'true' if rand() < 0.1 else 'false'}\n")
            if len(lines) == 100000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))

    max_lead = 90 * DAY
    lognorm = rng.lognormvariate
    with open(os.path.join(outdir, "changes.csv"), "w", buffering=1 << 20) as f:
        f.write("change_id,deploy_id,committed_at\n")
        lines = []
        c = 0
        for i in range(n):
            t = times[i]
            for _ in range(1 + int(rand() * 5)):
                c += 1
                r = rand()
                if r < 0.0001:  # names no deployment
                    lines.append(f"chg-{c:08d},dep-x{c},{stamp(t - 3600)}\n")
                    continue
                if r < 0.0051:
                    lead = -int(60 + rand() * 6 * 3600)
                elif r < 0.0071:
                    lead = 0
                else:
                    lead = min(max_lead, int(lognorm(11.2, 1.2)))  # median ~20 h
                lines.append(f"chg-{c:08d},{ids[i]},{stamp(t - lead)}\n")
            if len(lines) >= 100000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))

    incidents = []
    named = []
    expo = rng.expovariate
    for k in range(n // 20):
        r = rand()
        if r < 0.6 and n:
            if named and rand() < 0.08:
                i = named[int(rand() * len(named))]  # a second incident for the same deployment
            else:
                i = int(rand() * n)
                named.append(i)
            deploy, service = ids[i], service_of[i]
            created = times[i] + int(expo(1 / 7200))
            if rand() < 0.002:
                deploy = f"dep-y{k}"  # names no deployment
        else:
            deploy, service = "", rng.choices(range(SERVICES), weights)[0]
            created = int(rand() * SPAN_DAYS * DAY)
        resolved = None if rand() < 0.05 else created + (0 if rand() < 0.01 else int(expo(1 / (5 * 3600))))
        incidents.append((created, service, resolved, deploy))
    incidents.sort(key=lambda x: x[0])
    with open(os.path.join(outdir, "incidents.csv"), "w", buffering=1 << 20) as f:
        f.write("incident_id,service,created_at,resolved_at,deploy_id\n")
        f.write("".join(
            f"inc-{k + 1:06d},{names[service]},{stamp(created)},{'' if resolved is None else stamp(resolved)},{deploy}\n"
            for k, (created, service, resolved, deploy) in enumerate(incidents)
        ))


if __name__ == "__main__":
    main()
