"""Article extraction benchmark: our extractor against trafilatura and readability-lxml.

Scores every set in the data folder (`../shared/extraction-bench`) side by side, in one run:

- `zyte`: the Zyte/Scrapinghub article extraction benchmark (181 news pages);
- `readability`: Mozilla Readability's test pages (130 pages of many kinds), whose expected
  article HTML gives the truth as text (block elements on lines of their own).

Each set is split once and for all: every third page in name order (the 3rd, 6th, ...) is
held out. A normal run shows the development half only; `--report` shows the held-out half
and the whole set beside it, and is what figures in bench/README.md and closing notes come
from. Tuning looks at the development half only.

    python bench/extraction.py [--data ../shared/extraction-bench] [--set zyte] [--report]
                               [--speed none|cli|own|interleaved|all] [--repeat 5]
                               [--only tracker] [--worst 10] [--dump out.json]

Quality uses the Zyte benchmark's own metric (re-implemented below, faithful to upstream
evaluate.py) on every set.

Speed, by default `cli`, is measured as users meet the code: `tracker extract FILE... --json`
over all of a set's pages in one call (one process, each page once, cold), against
trafilatura run the same way (one process reading each file's bytes and extracting it once);
each process's start-up (interpreter, imports, one tiny page) is measured in the same run and
subtracted. Each process is called `--calls` times (3), alternating, and the medians are
taken. The in-process layouts time the extraction from the decoded page to the body
text, the fastest of `--repeat` rounds per page:

- own: each extractor goes over all the pages on its own (the order of the extractors
  rotating from round to round);
- interleaved: each page goes through every extractor in turn, so machine drift hits all
  alike, but each extractor runs with the caches the others just filled.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Every HELD_OUT_EVERY-th page of a set (in name order) is held out.
HELD_OUT_EVERY = 3

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


def page_f1(true: str, pred: str) -> tuple[float, float, float]:
    tp, fp, fn = shingle_matching(true, pred)
    pr, rc = precision_score(tp, fp, fn), recall_score(tp, fp, fn)
    return (2 * pr * rc / (pr + rc) if pr + rc else 0.0), pr, rc


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


# --- the sets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str
    data: bytes  # the page's bytes as a user would save them
    truth: str
    held_out: bool

    @property
    def html(self) -> str:
        return self.data.decode("utf-8", "replace")


_BLOCK_EDGE = re.compile(
    r"<(/?)(p|div|li|ul|ol|dl|dd|dt|h[1-6]|br|hr|tr|td|th|table|pre|blockquote|section|"
    r"article|figure|figcaption|header|footer|aside|details|summary)\b",
    re.IGNORECASE,
)


def _html_text(html: str) -> str:
    """The text of an HTML fragment, each block element on lines of its own."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fromstring(_BLOCK_EDGE.sub(lambda m: "\n<" + m[1] + m[2], html))
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _split(pages: list[tuple[str, bytes, str]]) -> list[Page]:
    return [
        Page(key, data, truth, held_out=(i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1))
        for i, (key, data, truth) in enumerate(sorted(pages))
    ]


def load_zyte(data: Path) -> list[Page]:
    truth: dict[str, Any] = json.loads((data / "ground-truth.json").read_text("utf-8"))
    return _split(
        [
            (
                key,
                gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()),
                truth[key].get("articleBody", ""),
            )
            for key in truth
        ]
    )


def load_readability(data: Path) -> list[Page]:
    folder = data / "readability" / "pages"
    pages = []
    for page in sorted(folder.iterdir()):
        source, expected = page / "source.html.gz", page / "expected.html.gz"
        if source.is_file() and expected.is_file():
            truth = _html_text(gzip.decompress(expected.read_bytes()).decode("utf-8", "replace"))
            pages.append((page.name, gzip.decompress(source.read_bytes()), truth))
    return _split(pages)


SETS: dict[str, Callable[[Path], list[Page]]] = {
    "zyte": load_zyte,
    "readability": load_readability,
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
        try:
            summary = Document(html).summary(html_partial=True)
        except Exception:  # readability-lxml gives up on some pages (no body, bad markup)
            return ""
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

# --- speed as users meet it: one process over all of a set's files ----------------------------

_TINY = b"<html><head><title>t</title></head><body><p>A short page.</p></body></html>"

# trafilatura the way a program uses it: read each file's bytes, extract once.
_TRAFILATURA_PROCESS = """
import json, sys
import trafilatura
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        text = trafilatura.extract(f.read(), include_comments=False) or ""
    sys.stdout.write(json.dumps({"input": path, "body": text}) + "\\n")
"""


def _tracker_command(files: list[str]) -> list[str]:
    # (the console script an install puts beside the interpreter, as users run it)
    return [str(Path(sys.executable).parent / "tracker"), "extract", "--json", *files]


def _trafilatura_command(files: list[str]) -> list[str]:
    return [sys.executable, "-c", _TRAFILATURA_PROCESS, *files]


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall time and CPU time (user + system) of one run of `command`, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.decode("utf-8")


def _bodies(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        item = json.loads(line)
        body = item["body"] if "body" in item else "\n\n".join(item.get("paragraphs", ()))
        out[item["input"]] = body
    return out


def cli_speed(
    pages: list[Page], workdir: Path, calls: int = 3
) -> tuple[dict[str, float], dict[str, float], dict[str, list[str]]]:
    """Pages per second of one `tracker extract` process and one trafilatura process over
    all the pages (start-up subtracted), by wall time and by the process's CPU time, and
    each one's outputs. (On a shared machine the CPU time is the steadier of the two: a
    burst of other work stretches a short run's wall time more than a long one's.)"""
    files = []
    for i, page in enumerate(pages):
        path = workdir / f"{i:04d}.html"
        path.write_bytes(page.data)
        files.append(str(path))
    tiny = workdir / "tiny.html"
    tiny.write_bytes(_TINY)
    speed, outputs = {}, {}
    commands = (("tracker", _tracker_command), ("trafilatura", _trafilatura_command))
    cpu_speed: dict[str, float] = {}
    startups: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in commands}
    totals: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in commands}
    # Each call extracts each page once, cold; the calls alternate between the extractors so
    # that the machine's drift hits both, and each figure is the median of its calls.
    for _ in range(calls):
        for name, command in commands:
            startups[name].append(_timed(command([str(tiny)]))[:2])
            wall, cpu, stdout = _timed(command(files))
            totals[name].append((wall, cpu))
            bodies = _bodies(stdout)
            outputs[name] = [bodies.get(f, "") for f in files]
    for name, _ in commands:
        for k, into in ((0, speed), (1, cpu_speed)):
            work = statistics.median(t[k] for t in totals[name]) - statistics.median(
                t[k] for t in startups[name]
            )
            into[name] = len(pages) / max(work, 1e-9)
    return speed, cpu_speed, outputs


# --- in-process timing --------------------------------------------------------------------------

Runner = Callable[[str], str]
Visit = tuple[int, str, int]  # (round, extractor, page index)


def _own(names: list[str], pages: int, repeat: int) -> Iterator[Visit]:
    for rnd in range(max(1, repeat)):
        shift = rnd % len(names)
        for name in names[shift:] + names[:shift]:
            for i in range(pages):
                yield rnd, name, i


def _interleaved(names: list[str], pages: int, repeat: int) -> Iterator[Visit]:
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


# --- variants: the same pages written the way other sites write theirs -------------------------

_CLASS_OR_ID = re.compile(rb"\s(?:class|id)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_P_TAG = re.compile(rb"<(/?)p(\s|>)", re.I)
_P_OPEN = re.compile(rb"<p(?:\s[^>]*)?>", re.I)
_P_CLOSE = re.compile(rb"</p\s*>", re.I)

# Each variant rewrites every page of a set as a class of sites the sets hold few of, keeping
# the ground truth: an extractor that learned the sets' markup, not articles, loses there.
_P_ELEMENT = re.compile(rb"<p(\s[^>]*)?>(.*?)</p\s*>", re.I | re.S)
_ANY_TAG = re.compile(rb"<[^>]+>")


def _article_in_divs(page: Page, *, spans: bool = False) -> bytes:
    """The page with its article's paragraphs (those whose text opens a part of the ground
    truth) written as <div>s, and every other <p> kept: a CMS whose body editor writes
    <div>s, beside comments, notices and widgets written in <p>s. With `spans`, each
    <div>'s text sits in a <span> (as WYSIWYG editors write it, styled)."""
    truth = " ".join(page.truth.split())
    start, end = (b"<span>", b"</span>") if spans else (b"", b"")

    def rewrite(m: re.Match[bytes]) -> bytes:
        inner = m.group(2)
        text = " ".join(_ANY_TAG.sub(b" ", inner).decode("utf-8", "replace").split())
        if len(text) >= 40 and text[:40] in truth:
            return b"<div" + (m.group(1) or b"") + b">" + start + inner + end + b"</div>"
        return m.group(0)

    return _P_ELEMENT.sub(rewrite, page.data)


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    # sites whose class and id words say nothing (generated names, or none at all)
    "no class or id": lambda data: _CLASS_OR_ID.sub(b"", data),
    # sites that write their text in <div>s, never <p>s
    "paragraphs as div": lambda data: _P_TAG.sub(rb"<\1div\2", data),
    # sites that write their text as lines broken by <br>
    "paragraphs as br": lambda data: _P_CLOSE.sub(b"<br><br>", _P_OPEN.sub(b"", data)),
    # old hand-made or CMS sites: neither class words nor <p>s, text in plain <div>s
    "div text, no class or id": lambda data: _P_TAG.sub(rb"<\1div\2", _CLASS_OR_ID.sub(b"", data)),
    # pages laid out in tables (association, public-body and other hand-made sites): each
    # paragraph a cell of its own row
    "paragraphs as table cells": lambda data: _P_CLOSE.sub(
        b"</td></tr></table>", _P_OPEN.sub(b"<table><tr><td>", data)
    ),
    # documentation, recipes and shops write text as list items
    "paragraphs as list items": lambda data: _P_TAG.sub(rb"<\1li\2", data),
    # text written inline, lines ended by <br>, no class words either
    "spans and br, no class or id": lambda data: _P_CLOSE.sub(
        b"</span><br>", _P_OPEN.sub(b"<span>", _CLASS_OR_ID.sub(b"", data))
    ),
}


def _lost(truth: str, pred: str) -> bool:
    """Whether next to nothing of a page's article came out (a tenth of it or less)."""
    return bool(truth.strip()) and page_f1(truth, pred)[2] <= 0.1


def score_variants(
    pages: list[Page], names: list[str], halves: list[tuple[str, list[int]]]
) -> None:
    """F1 (precision / recall) of each extractor on each variant of the pages."""
    runners = {name: EXTRACTORS[name]() for name in names}
    rewrites: dict[str, Callable[[Page], bytes]] = {
        name: (lambda page, rewrite=rewrite: rewrite(page.data))
        for name, rewrite in VARIANTS.items()
    }
    # the variants that read the ground truth: which paragraphs are the article's
    rewrites["article in divs, the rest in p"] = _article_in_divs
    rewrites["article in spans in divs, the rest in p"] = lambda page: _article_in_divs(
        page, spans=True
    )
    for variant, rewrite_page in rewrites.items():
        htmls = [rewrite_page(p).decode("utf-8", "replace") for p in pages]
        outputs = {name: [run(html) for html in htmls] for name, run in runners.items()}
        for half, idx in halves:
            cells = []
            for name in names:
                r = evaluate([pages[i].truth for i in idx], [outputs[name][i] for i in idx], 0)
                lost = sum(_lost(pages[i].truth, outputs[name][i]) for i in idx)
                cells.append(
                    f"{r['f1']:.4f} ({r['precision']:.3f} / {r['recall']:.3f}) {lost} lost"
                )
            print(f"| {variant}, {half} | " + " | ".join(cells) + " |")


# --- the run -------------------------------------------------------------------------------------


def _halves(pages: list[Page], report: bool) -> list[tuple[str, list[int]]]:
    dev = [i for i, p in enumerate(pages) if not p.held_out]
    if not report:
        return [("dev", dev)]
    held = [i for i, p in enumerate(pages) if p.held_out]
    return [("dev", dev), ("held-out", held), ("all", list(range(len(pages))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/extraction-bench")
    parser.add_argument("--set", action="append", choices=sorted(SETS), dest="sets")
    parser.add_argument(
        "--report", action="store_true", help="also score the held-out half (for reports)"
    )
    parser.add_argument(
        "--speed",
        choices=["none", "cli", "own", "interleaved", "all"],
        default="cli",
        help="how speed is measured (default cli: one `tracker extract` call per set)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="in-process timing rounds")
    parser.add_argument(
        "--calls", type=int, default=3, help="calls of each process per set (median taken)"
    )
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS))
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also score each set rewritten as other classes of sites (no class words, "
        "text in <div>s, text broken by <br>)",
    )
    parser.add_argument("--worst", type=int, default=0, help="list our N worst dev pages")
    parser.add_argument("--dump", type=Path, default=None, help="write outputs as JSON")
    args = parser.parse_args(argv)

    names = args.only or list(EXTRACTORS)
    runners = {name: EXTRACTORS[name]() for name in names}
    layouts = {
        "none": [],
        "cli": ["cli"],
        "own": ["own"],
        "interleaved": ["interleaved"],
        "all": ["cli", "own", "interleaved"],
    }[args.speed]
    dumped: dict[str, dict[str, dict[str, str]]] = {}
    for set_name in args.sets or list(SETS):
        pages = SETS[set_name](args.data)
        htmls = [p.html for p in pages]
        outputs: dict[str, list[str]] = {name: [""] * len(pages) for name in names}
        speed: dict[str, dict[str, float]] = {}
        timed = [lay for lay in layouts if lay != "cli"]
        # Quality comes from a plain pass when no in-process layout produces the outputs.
        order = {"own": _own, "interleaved": _interleaved}
        for layout in timed or ["own"]:
            repeat = args.repeat if timed else 1
            best = _time(runners, htmls, order[layout](names, len(pages), repeat), outputs)
            if timed:
                speed[layout] = {name: len(pages) / sum(best[name]) for name in names}
        cli_outputs: dict[str, list[str]] = {}
        if "cli" in layouts:
            with tempfile.TemporaryDirectory() as tmp:
                speed["cli"], speed["cli cpu"], cli_outputs = cli_speed(
                    pages, Path(tmp), args.calls
                )

        print(f"\n## {set_name}: {len(pages)} pages ({sum(p.held_out for p in pages)} held out)")
        shown = [lay for lay in [*layouts, "cli cpu"] if lay in speed]
        for half, idx in _halves(pages, args.report):
            truths = [pages[i].truth for i in idx]
            print(f"\n### {set_name}, {half} ({len(idx)} pages)\n")
            head = "| extractor | F1 | precision | recall | accuracy | empty | lost |"
            rule = "| --- | --- | --- | --- | --- | --- | --- |"
            if half != "dev" or not args.report:
                for layout in shown:
                    head += f" pages/s {layout} | x trafilatura |"
                    rule += " --- | --- |"
            print(head)
            print(rule)
            for name in names:
                r = evaluate(truths, [outputs[name][i] for i in idx])
                lost = sum(_lost(pages[i].truth, outputs[name][i]) for i in idx)
                row = (
                    f"| {name} | {r['f1']:.4f} ± {r['f1_std']:.4f} | {r['precision']:.4f} "
                    f"| {r['recall']:.4f} | {r['accuracy']:.3f} | {int(r['empty'])} | {lost} |"
                )
                if half != "dev" or not args.report:
                    for layout in shown:
                        own = speed[layout].get(name)
                        base = speed[layout].get("trafilatura")
                        if own is None:
                            row += " - | - |"
                            continue
                        ratio = f"{own / base:.1f}" if base else "-"
                        row += f" {own:.0f} | {ratio} |"
                print(row)
            if half == "all" or (half == "dev" and not args.report):
                for name, outs in cli_outputs.items():
                    r = evaluate(truths, [outs[i] for i in idx], n_bootstrap=0)
                    print(
                        f"| {name} through its process | {r['f1']:.4f} | "
                        f"{r['precision']:.4f} | {r['recall']:.4f} | {r['accuracy']:.3f} "
                        f"| {int(r['empty'])} | - |"
                    )
        if args.variants:
            print(f"\n### {set_name}, variants: F1 (precision / recall)\n")
            print("| variant, half | " + " | ".join(names) + " |")
            print("| --- |" + " --- |" * len(names))
            score_variants(pages, names, _halves(pages, args.report))
        if args.worst and names:
            name = names[0]
            dev = [i for i, p in enumerate(pages) if not p.held_out]
            scored = sorted((*page_f1(pages[i].truth, outputs[name][i]), pages[i].key) for i in dev)
            print(f"\nworst dev pages for {name}: f1 precision recall id")
            for f1, pr, rc, key in scored[: args.worst]:
                print(f"  {f1:.3f} {pr:.3f} {rc:.3f} {key}")
        if args.dump:
            shown_pages = [(i, p) for i, p in enumerate(pages) if args.report or not p.held_out]
            dumped[set_name] = {n: {p.key: outputs[n][i] for i, p in shown_pages} for n in names}
    if args.dump:
        args.dump.write_text(json.dumps(dumped), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
