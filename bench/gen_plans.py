#!/usr/bin/env python3
"""Writes N plan files (TOML, and a share in Markdown) of realistic shape for the lint benchmark:
each plan 10 objectives x 5 key results, titles drawn from the sentence shapes real teams write
(outcomes with numbers, outputs, activities, capabilities, dates), some with declared fields.

Usage: bench/gen_plans.py DIR N [--markdown-share 0.3] [--seed 7]
Deterministic for a given seed.
"""
import argparse
import os
import random

OUTCOMES = [
    "Grow weekly active teams from {a:,} to {b:,}",
    "Cut p95 page load time on the dashboard by {p}%",
    "It takes less than {h} hours to import a {g}GB workspace",
    "Raise week-1 activation from {x}% to {y}% by end of Q{q}",
    "Keep monthly logo churn below {c}%",
    "Reduce support tickets about billing to under {t} per week",
    "Double weekly exports of shared reports",
    "Median time to first review drops from {d1} days to {d2} days",
    "{n}+ external maintainers review pull requests each month",
    "Net revenue retention reaches {r}% (current is {r0}%)",
]
OUTPUTS = [
    "Ship the guided onboarding checklist",
    "The Core API is finalized and released",
    "There is a prototype implementation of offline sync",
    "Search mode usage is tracked in telemetry",
    "Launch v{v} of the billing page by April 1st",
    "Docs for the plugin API exist",
    "Migrate the remaining {n} services to the new queue",
]
ACTIVITIES = [
    "Publish {n} blog posts with ecosystem partners",
    "Run {n} user tests with new admins",
    "Hold {n} AMAs with the community",
    "Hire two engineers for the platform team",
    "Interview {n} churned customers",
]
CAPABILITIES = [
    "Users can create a workspace from the website",
    "Admins can export audit logs without a support ticket",
]


def title(rng):
    pool = rng.choices([OUTCOMES, OUTPUTS, ACTIVITIES, CAPABILITIES], weights=[5, 3, 2, 1])[0]
    t = rng.choice(pool)
    a = rng.randrange(500, 5000)
    return t.format(
        a=a, b=a + rng.randrange(100, 3000), p=rng.randrange(10, 60), h=rng.randrange(2, 72),
        g=rng.randrange(1, 50), x=rng.randrange(10, 40), y=rng.randrange(41, 80), q=rng.randrange(1, 5),
        c=rng.randrange(1, 5), t=rng.randrange(5, 50), d1=rng.randrange(4, 9), d2=rng.randrange(1, 4),
        n=rng.randrange(2, 12), r=rng.randrange(100, 130), r0=rng.randrange(90, 110), v=rng.randrange(2, 5),
    )


def toml_plan(rng, i):
    out = [f'[team]\nname = "Team {i}"\nnorth_star = "weekly_active_teams"\n'
           'period = { start = 2026-01-01, end = 2026-03-31 }\n']
    for o in range(1, 11):
        out.append(f'[[objective]]\nid = "O{o}"\ntitle = "Objective {o} of team {i}"\nowner = "owner{o}"\n')
        for k in range(1, 6):
            kr = f'[[objective.key_result]]\nid = "O{o}.KR{k}"\ntitle = "{title(rng)}"\n'
            if rng.random() < 0.4:
                base = rng.randrange(10, 100)
                kr += f'metric = "metric_{o}_{k}"\nbaseline = {base}\ntarget = {base + rng.randrange(1, 50)}\nunit = "count"\n'
            out.append(kr)
    return "\n".join(out)


def markdown_plan(rng, i):
    out = [f"# Team {i} OKRs\n\n## 2026 Q1\n"]
    for o in range(1, 11):
        out.append(f"### O{o}: Objective {o} of team {i} @owner{o}\n")
        for _ in range(5):
            out.append(f"- {title(rng)}")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--markdown-share", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    for i in range(args.n):
        if rng.random() < args.markdown_share:
            path, text = os.path.join(args.dir, f"team{i:04d}", "OKR.md"), markdown_plan(rng, i)
        else:
            path, text = os.path.join(args.dir, f"team{i:04d}", "plan.toml"), toml_plan(rng, i)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
