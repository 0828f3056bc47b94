"""How well revisit schedules catch article edits, at the same number of fetches.

    python bench/revisit.py                      # 4,000 articles, two budgets
    python bench/revisit.py --articles 20000 --seed 7

Each simulated article is published, found by the outlet's poll (every `--poll` minutes, so
0 to 10 minutes later) and tracked for `--days` days. Its edits are drawn from a model of how
news pages change (see `edits`): most articles are never edited; an edited one gets its first
edit within hours (log-normal, median 40 minutes); each edit is often followed by another
within the hour (a correction of the correction, an update to a developing story); a few
articles get a late correction, days later.

Three schedules are replayed over the same articles:

- fixed: every article checked at one interval;
- diffengine: an entry is due when the time since its last check reaches a fifth of its age,
  looked at on each poll (diffengine runs from cron);
- tracker: tracker.outlets.policy, the rule the service runs.

The budget is diffengine's own number of fetches; the fixed interval and tracker's divisor are
solved for the same number. A second budget doubles it (diffengine's rule then uses a tenth of
the age). An edit counts as detected when a check falls between it and the next edit (or the
end of tracking): otherwise the version it made was overwritten before anyone looked. Its
delay is from the edit to that first check.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.outlets.policy import RevisitBounds, revisit_interval

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0


@dataclass(frozen=True)
class Article:
    found: float  # seconds after publication when the outlet's poll saw it
    edits: tuple[float, ...]  # seconds after publication, ascending


def edits(rng: random.Random, horizon: float) -> tuple[float, ...]:
    """One article's edit times: the model described in the module's docstring."""
    if rng.random() < 0.55:  # most articles are never edited
        return ()
    times = [rng.lognormvariate(math.log(40 * MINUTE), 1.1)]
    while True:
        roll = rng.random()
        if roll < 0.55:  # a follow-up within the hour
            times.append(times[-1] + rng.expovariate(1 / (25 * MINUTE)) + MINUTE)
        elif roll < 0.70:  # a late correction, days later
            times.append(times[-1] + rng.uniform(DAY, 10 * DAY))
        else:
            break
    return tuple(t for t in sorted(times) if t < horizon)


def population(n: int, seed: int, horizon: float, poll: float) -> list[Article]:
    rng = random.Random(seed)
    return [Article(found=rng.uniform(0, poll), edits=edits(rng, horizon)) for _ in range(n)]


# A schedule maps (article's age at its last check, the age of its last seen change or None)
# to the age of its next check.
Schedule = Callable[[float, float | None], float]


def replay(article: Article, schedule: Schedule, horizon: float) -> list[float]:
    """The ages at which `schedule` checks `article`, from its discovery to the horizon."""
    checks = [article.found]
    changed: float | None = None
    while True:
        last = checks[-1]
        # What the check at `last` saw: a version newer than the one seen before it.
        seen = bisect.bisect_right(article.edits, last)
        before = bisect.bisect_right(article.edits, checks[-2]) if len(checks) > 1 else 0
        if seen > before and len(checks) > 1:
            changed = last
        following = schedule(last, changed)
        if following >= horizon:
            return checks
        checks.append(max(following, last + 1.0))


def fixed(interval: float) -> Schedule:
    return lambda age, _changed: age + interval


def diffengine(divisor: float, poll: float) -> Schedule:
    def due(age: float, _changed: float | None) -> float:
        # The first poll at which (now - last) >= now / divisor, on the poll's grid.
        target = age * divisor / (divisor - 1)
        return math.ceil(max(target, age + 1) / poll) * poll

    return due


def tracker_policy(bounds: RevisitBounds) -> Schedule:
    def due(age: float, changed: float | None) -> float:
        since = None if changed is None else age - changed
        return age + revisit_interval(age, since, bounds)

    return due


@dataclass(frozen=True)
class Score:
    fetches: float  # per article
    detected: float  # share of edits
    median: float  # seconds from edit to the check that saw it
    p95: float


def score(articles: list[Article], schedule: Schedule, horizon: float) -> Score:
    fetches = 0
    total = 0
    delays: list[float] = []
    for article in articles:
        checks = replay(article, schedule, horizon)
        fetches += len(checks)
        ends = [*article.edits[1:], horizon][: len(article.edits)]
        for edit, end in zip(article.edits, ends, strict=True):
            total += 1
            at = bisect.bisect_left(checks, edit)
            if at < len(checks) and checks[at] < end:
                delays.append(checks[at] - edit)
    delays.sort()
    return Score(
        fetches=fetches / len(articles),
        detected=len(delays) / total if total else 0.0,
        median=statistics.median(delays) if delays else math.inf,
        p95=delays[min(len(delays) - 1, int(0.95 * len(delays)))] if delays else math.inf,
    )


def solve(
    make: Callable[[float], Schedule],
    budget: float,
    lo: float,
    hi: float,
    sample: list[Article],
    horizon: float,
    *,
    rising: bool,
) -> float:
    """The parameter in [lo, hi] whose schedule spends `budget` fetches per article."""
    for _ in range(40):
        mid = math.sqrt(lo * hi)
        spent = score(sample, make(mid), horizon).fetches
        if (spent < budget) == rising:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def human(seconds: float) -> str:
    if seconds == math.inf:
        return "-"
    if seconds < HOUR:
        return f"{seconds / MINUTE:.0f} min"
    if seconds < DAY:
        return f"{seconds / HOUR:.1f} h"
    return f"{seconds / DAY:.1f} d"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--days", type=float, default=14.0)
    ap.add_argument("--poll", type=float, default=10.0, help="minutes between outlet polls")
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()
    horizon, poll = a.days * DAY, a.poll * MINUTE
    articles = population(a.articles, a.seed, horizon, poll)
    n_edits = sum(len(x.edits) for x in articles)
    print(
        f"{a.articles} articles over {a.days:g} days, {n_edits} edits "
        f"({sum(1 for x in articles if x.edits) / a.articles:.0%} of articles edited), "
        f"outlet polled every {a.poll:g} min, seed {a.seed}"
    )
    defaults = RevisitBounds(track_for=horizon)
    scored = score(articles, tracker_policy(defaults), horizon)
    print(
        f"\ntracker's defaults (clock/{defaults.divisor:g}, {human(defaults.fastest)} to "
        f"{human(defaults.slowest)}): {scored.fetches:.1f} fetches per article, "
        f"{scored.detected:.1%} detected, median {human(scored.median)}, p95 {human(scored.p95)}"
    )
    for divisor in (5.0, 10.0):
        rule = diffengine(divisor, poll)
        budget = score(articles, rule, horizon).fetches
        interval = solve(fixed, budget, MINUTE, horizon, articles, horizon, rising=False)
        # Half the budget goes to the floor: the slowest revisit spreads half the fetches
        # evenly over the tracking time, and the divisor is solved for the rest.
        slowest = 2 * horizon / budget

        def ours(divisor: float, slowest: float = slowest) -> Schedule:
            return tracker_policy(
                RevisitBounds(fastest=poll, slowest=slowest, track_for=horizon, divisor=divisor)
            )

        mine = solve(ours, budget, 0.2, 500.0, articles, horizon, rising=True)
        rows = [
            (f"fixed every {human(interval)}", score(articles, fixed(interval), horizon)),
            (f"diffengine (age/{divisor:g})", score(articles, rule, horizon)),
            (
                f"tracker (clock/{mine:.1f}, {human(poll)} to {human(slowest)})",
                score(articles, ours(mine), horizon),
            ),
        ]
        print(f"\nbudget: {budget:.1f} fetches per article")
        print(f"{'schedule':<38} {'fetches':>8} {'detected':>9} {'median':>9} {'p95':>9}")
        for label, s in rows:
            print(
                f"{label:<38} {s.fetches:>8.1f} {s.detected:>9.1%} "
                f"{human(s.median):>9} {human(s.p95):>9}"
            )


if __name__ == "__main__":
    main()
