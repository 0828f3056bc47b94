"""Pages and edits written to cost the most: how long a check's analysis of each takes.

Each shape is built at two sizes; a cost that grows with the size's square shows as a ratio
far above the sizes' ratio (4). The parse budget's shapes should be refused before parsing
(`too_deep`, `too_costly`); the rest should grow no faster than their size.

    python bench/hostile.py [--sizes 400 1600]

Pages go through `analysis.extract_page` with the default budget (the depth scan, then the
extractor), edits through `diff_articles` on a three-paragraph article whose middle
paragraph is the one edited.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.analysis import PageBudget, extract_page
from tracker.article import Article, ExtractOptions
from tracker.diff import diff_articles

PARAGRAPH = "<p>A sentence of the article, long enough to count as its text, with commas.</p>"


def pages(n: int) -> Iterator[tuple[str, str]]:
    formatting = "".join(f"<b id={i}>" for i in range(min(n, 900)))
    yield "formatting reopened in each paragraph", f"<p>{formatting}" + "<p>x" * (n * 10)
    yield "one tag of many attributes", "<div " + " ".join(f"a{i}=x" for i in range(n * 50)) + ">"
    yield "divs nested", "<div>" * (n * 10) + PARAGRAPH
    yield "paragraphs", PARAGRAPH * (n * 10)
    yield "headings with ids", "".join(f'<h2 id="s{i}">Part {i}</h2>{PARAGRAPH}' for i in range(n))
    yield (
        "accordion panels",
        "".join(
            f'<button aria-controls="p{i}">Q{i}?</button><div id="p{i}" role="region" hidden>'
            f"{PARAGRAPH}</div>"
            for i in range(n)
        ),
    )


def edits(n: int) -> Iterator[tuple[str, str, str]]:
    rnd = random.Random(1)

    def words(k: int) -> str:
        return " ".join("".join(rnd.choice("abcdefghij") for _ in range(5)) for _ in range(k))

    kept = [f"Sentence {words(6)}." for _ in range(n)]
    yield (
        "a run of sentences replaced",
        " ".join([*kept, *(f"Sentence {words(6)}." for _ in range(n // 2)), *kept]),
        " ".join([*kept, *(f"Sentence {words(6)}." for _ in range(n // 2)), *kept]),
    )
    short = [f"Kept{i}." for i in range(n)]
    yield (
        "one-word sentences replaced",
        " ".join([*short, *(f"W{i}." for i in range(n)), *short]),
        " ".join([*short, *(f"V{i}." for i in range(n)), *short]),
    )
    yield (
        "one word repeated",
        " ".join(["the"] * n * 4) + " end.",
        " ".join(["the"] * n * 2 + ["cat"] + ["the"] * n * 2) + " end.",
    )
    word = "q" * (n * 10)
    yield "a long word respelled", f"Intro {word}a tail.", f"Intro {word}b tail."
    text = " ".join(f"w{rnd.randrange(n * 4)}" for _ in range(n * 10))
    yield "a long paragraph edited at both ends", text, "Edited" + text[2:-2] + "end."


def timed(func: Callable[[], str]) -> tuple[float, str]:
    started = time.process_time()
    outcome = func()
    return time.process_time() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[400, 1600])
    args = parser.parse_args()
    small, large = args.sizes
    options, budget = ExtractOptions(), PageBudget()

    def page_outcome(html: str) -> Callable[[], str]:
        def run() -> str:
            found = extract_page(f"<html><body>{html}</body></html>", None, options, budget)
            return found.error or f"{len(found.article.paragraphs)} paragraphs"

        return run

    def edit_outcome(old: str, new: str) -> Callable[[], str]:
        def run() -> str:
            before = Article(title="t", paragraphs=("First.", old, "Last."))
            after = Article(title="t", paragraphs=("First.", new, "Last."))
            return ", ".join(sorted({c.kind.value for c in diff_articles(before, after)}))

        return run

    rows: list[tuple[str, str, float, float, str]] = []
    for kind, shapes in (("page", zip(pages(small), pages(large), strict=True)),):
        for (name, html_s), (_, html_l) in shapes:
            t_s, _ = timed(page_outcome(html_s))
            t_l, outcome = timed(page_outcome(html_l))
            rows.append((kind, f"{name} ({len(html_l) // 1000} KB)", t_s, t_l, outcome))
    for (name, old_s, new_s), (_, old_l, new_l) in zip(edits(small), edits(large), strict=True):
        t_s, _ = timed(edit_outcome(old_s, new_s))
        t_l, outcome = timed(edit_outcome(old_l, new_l))
        rows.append(("edit", f"{name} ({len(old_l) // 1000} KB)", t_s, t_l, outcome))
    print(f"CPU seconds at sizes {small} and {large} (the sizes' ratio: {large / small:.0f})")
    print("| input | shape (larger size) | small | large | ratio | outcome (larger size) |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for kind, name, t_s, t_l, outcome in rows:
        ratio = t_l / t_s if t_s > 0 else float("nan")
        print(f"| {kind} | {name} | {t_s:.3f} | {t_l:.3f} | {ratio:.1f} | {outcome} |")


if __name__ == "__main__":
    main()
