"""Time tracker.diff on a large article: the same edits with the code of two revisions.

    python bench/diff_time.py            # this checkout
    python bench/diff_time.py REV        # and the diff module of git revision REV, for comparison

Prints the median of a few rounds per case, in milliseconds. Cases: 400 paragraphs with five
small edits; with a split and a merge; half the paragraphs rewritten.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.article import Article

WORDS = [
    "council",
    "plan",
    "tram",
    "lines",
    "budget",
    "mayor",
    "residents",
    "city",
    "spring",
    "tender",
    "opposition",
    "vote",
    "debate",
    "district",
    "construction",
    "rails",
    "avenue",
    "extension",
    "commuters",
    "funding",
    "minister",
    "report",
    "figures",
]


def article(n: int, rnd: random.Random) -> list[str]:
    out = []
    for k in range(n):
        sentences = [
            " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + f" {k}."
            for _ in range(rnd.randint(1, 4))
        ]
        out.append(" ".join(sentences))
    return out


def cases() -> dict[str, tuple[Article, Article]]:
    rnd = random.Random(20)
    old = article(400, rnd)
    edits = list(old)
    for k in range(0, 400, 80):
        edits[k] = edits[k].replace(" ", " very ", 1)
    regrouped = list(old)
    regrouped[100:102] = [regrouped[100] + " " + regrouped[101]]
    sentences = regrouped[200].split(". ")
    if len(sentences) > 1:
        regrouped[200:201] = [sentences[0] + ".", ". ".join(sentences[1:])]
    rewritten = [p if k % 2 else " ".join(reversed(p.split())) for k, p in enumerate(old)]
    a = Article("Title", tuple(old))
    return {
        "five small edits": (a, Article("Title", tuple(edits))),
        "a split and a merge": (a, Article("Title", tuple(regrouped))),
        "half rewritten": (a, Article("Title", tuple(rewritten))),
    }


def timed(diff: Callable[[Article, Article], Any], old: Article, new: Article) -> float:
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        diff(old, new)
        rounds.append(time.perf_counter() - start)
    return statistics.median(rounds) * 1000


def module_at(revision: str) -> Any:
    source = subprocess.run(
        ["git", "show", f"{revision}:tracker/diff.py"], capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "diff_at_revision.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("diff_at_revision", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def main() -> None:
    from tracker.diff import diff_articles

    other = module_at(sys.argv[1]) if len(sys.argv) > 1 else None
    for name, (old, new) in cases().items():
        now = timed(diff_articles, old, new)
        kinds = sorted({c.kind.value for c in diff_articles(old, new)})
        line = f"{name:<22} {now:8.2f} ms  {kinds}"
        if other is not None:
            line += f"   {sys.argv[1]}: {timed(other.diff_articles, old, new):8.2f} ms"
        print(line)


if __name__ == "__main__":
    main()
