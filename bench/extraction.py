"""Article extraction benchmark: our extractor against trafilatura and readability-lxml.

Runs every extractor over the same pages of the Zyte/Scrapinghub article extraction benchmark
in the same process, scores each with the benchmark's own metric (re-implemented below,
faithful to the upstream evaluate.py) and measures pages per second.

    python bench/extraction.py [--data ../shared/extraction-bench] [--repeat 5]
                               [--layout both|own|interleaved]
                               [--only tracker] [--limit N] [--worst 10]

Speed is measured in two layouts (both by default), each over `--repeat` rounds; a page's
time for an extractor is its fastest round, and pages/s is the number of pages over the sum
of those times. Timing covers the whole extraction from the decoded HTML string to the body
text (parse, scoring, text). Reading and decompressing the files is not timed. Single
process, single thread.

- own: each extractor goes over all the pages on its own, one after the other (the order
  of the extractors rotating from round to round), as extractors are usually compared.
- interleaved: each page goes through every extractor in turn (the order rotating from page
  to page and from round to round), so machine drift hits all alike, but each extractor
  also runs with the caches the others just filled: a fast extractor loses a larger share
  of its time to that than a slow one.

The quality figures come from the first round's outputs (extraction is deterministic).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# --- the metric (upstream evaluate.py) ----------------------------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[str]:
    """4-grams of `\\w+` tokens as a multiset; fewer than n tokens give one shingle of all."""
    tokens = tokenize(text)
    out: Counter[str] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = " ".join(tokens[i : i + n])
        if shingle:
            out[shingle] += 1
    return out


def shingle_matching(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of the multiset overlap, normalised to sum to 1 (each page weighs 1)."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    if s > 0:
        return tp / s, fp / s, fn / s
    return float(tp), float(fp), float(fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def prf(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision averaged over pages with a non-empty prediction, recall over pages with a
    non-empty truth, F1 of the two averages."""
    ps = [precision_score(*r) for r in rows if r[0] + r[1] > 0]
    rs = [recall_score(*r) for r in rows if r[0] + r[2] > 0]
    precision = statistics.mean(ps) if ps else 0.0
    recall = statistics.mean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(truths: list[str], preds: list[str], n_bootstrap: int = 1000) -> dict[str, float]:
    rows = [shingle_matching(t, p) for t, p in zip(truths, preds, strict=True)]
    precision, recall, f1 = prf(rows)
    pairs = zip(truths, preds, strict=True)
    accuracy = statistics.mean(float(tokenize(t) == tokenize(p)) for t, p in pairs)
    rng = random.Random(0)
    f1s = []
    for _ in range(n_bootstrap):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        f1s.append(prf(sample)[2])
    return {
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "accuracy": accuracy,
        "f1_std": statistics.pstdev(f1s) if f1s else 0.0,
        "empty": sum(1 for p in preds if not tokenize(p)),
    }


# --- the extractors ---------------------------------------------------------------------------


def _tracker() -> Callable[[str], str]:
    from tracker.extract import extract

    def run(html: str) -> str:
        return "\n\n".join(extract(html).paragraphs)

    return run


def _trafilatura() -> Callable[[str], str]:
    import trafilatura

    def run(html: str) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return run


def _readability() -> Callable[[str], str]:
    import logging

    import lxml.html
    from readability import Document

    logging.getLogger("readability").setLevel(logging.ERROR)

    def run(html: str) -> str:
        summary = Document(html).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
        blocks = []
        for el in root.iter("p", "li", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td"):
            text = " ".join(el.text_content().split())
            if text:
                blocks.append(text)
        if not blocks:
            return " ".join(root.text_content().split())
        return "\n\n".join(blocks)

    return run


EXTRACTORS: dict[str, Callable[[], Callable[[str], str]]] = {
    "tracker": _tracker,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
}


# --- the run -------------------------------------------------------------------------------------


def load(data: Path, limit: int | None) -> tuple[list[str], list[str], list[str]]:
    truth: dict[str, Any] = json.loads((data / "ground-truth.json").read_text("utf-8"))
    ids, pages, truths = [], [], []
    for key in sorted(truth):
        path = data / "html" / f"{key}.html.gz"
        ids.append(key)
        pages.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
        truths.append(truth[key].get("articleBody", ""))
        if limit and len(ids) >= limit:
            break
    return ids, pages, truths


Runner = Callable[[str], str]


Visit = tuple[int, str, int]  # (round, extractor, page index)


def _own(names: list[str], pages: int, repeat: int) -> Iterator[Visit]:
    """Each extractor over all the pages on its own; the order of the extractors rotates
    from round to round."""
    for rnd in range(max(1, repeat)):
        shift = rnd % len(names)
        for name in names[shift:] + names[:shift]:
            for i in range(pages):
                yield rnd, name, i


def _interleaved(names: list[str], pages: int, repeat: int) -> Iterator[Visit]:
    """Each page through every extractor in turn; the order rotates from page to page and
    from round to round."""
    for rnd in range(max(1, repeat)):
        for i in range(pages):
            shift = (i + rnd) % len(names)
            for name in names[shift:] + names[:shift]:
                yield rnd, name, i


def _time(
    runners: dict[str, Runner],
    pages: list[str],
    visits: Iterator[Visit],
    outputs: dict[str, list[str]],
) -> dict[str, list[float]]:
    """Each page's fastest time per extractor over the visits (the first round's outputs
    are kept)."""
    best = {name: [float("inf")] * len(pages) for name in runners}
    clock = time.perf_counter
    for rnd, name, i in visits:
        run, html = runners[name], pages[i]
        t0 = clock()
        result = run(html)
        elapsed = clock() - t0
        if elapsed < best[name][i]:
            best[name][i] = elapsed
        if rnd == 0:
            outputs[name][i] = result
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/extraction-bench")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds (default 5)")
    parser.add_argument(
        "--layout",
        choices=["both", "own", "interleaved"],
        default="both",
        help="how the extractors take turns (default both; see above)",
    )
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS))
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages by F1")
    parser.add_argument("--dump", type=Path, default=None, help="write outputs as JSON")
    args = parser.parse_args(argv)

    ids, pages, truths = load(args.data, args.limit)
    names = args.only or list(EXTRACTORS)
    runners = {name: EXTRACTORS[name]() for name in names}
    outputs: dict[str, list[str]] = {name: [""] * len(pages) for name in names}
    layouts = ["own", "interleaved"] if args.layout == "both" else [args.layout]
    speed: dict[str, dict[str, float]] = {}
    for layout in layouts:
        order = _own if layout == "own" else _interleaved
        best = _time(runners, pages, order(names, len(pages), args.repeat), outputs)
        speed[layout] = {name: len(pages) / sum(best[name]) for name in names}

    results = {name: evaluate(truths, outputs[name]) for name in names}
    print(f"{len(pages)} pages, {args.repeat} timing rounds, fastest round per page\n")
    head = "| extractor | F1 | precision | recall | accuracy | empty |"
    rule = "| --- | --- | --- | --- | --- | --- |"
    for layout in layouts:
        head += f" pages/s {layout} | x trafilatura |"
        rule += " --- | --- |"
    print(head)
    print(rule)
    for name in names:
        r = results[name]
        row = (
            f"| {name} | {r['f1']:.4f} ± {r['f1_std']:.4f} | {r['precision']:.4f} "
            f"| {r['recall']:.4f} | {r['accuracy']:.3f} | {int(r['empty'])} |"
        )
        for layout in layouts:
            base = speed[layout].get("trafilatura")
            ratio = f"{speed[layout][name] / base:.1f}" if base else "-"
            row += f" {speed[layout][name]:.0f} | {ratio} |"
        print(row)
    if args.worst and names:
        name = names[0]
        scored = []
        for key, t, p in zip(ids, truths, outputs[name], strict=True):
            tp, fp, fn = shingle_matching(t, p)
            pr, rc = precision_score(tp, fp, fn), recall_score(tp, fp, fn)
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
            scored.append((f1, pr, rc, key))
        scored.sort()
        print(f"\nworst pages for {name}: f1 precision recall id")
        for f1, pr, rc, key in scored[: args.worst]:
            print(f"  {f1:.3f} {pr:.3f} {rc:.3f} {key}")
    if args.dump:
        args.dump.write_text(
            json.dumps({n: dict(zip(ids, outputs[n], strict=True)) for n in names}),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
