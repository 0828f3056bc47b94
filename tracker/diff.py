"""Compare two versions of an article and describe what changed, in the change vocabulary.

Everything here is a pure function of its arguments (no I/O, no clock), so the same two
articles always produce the same list of changes in the same order.

How paragraphs are aligned (old version -> new version), in order:

1. Unchanged: the longest common subsequence of the two paragraph sequences, compared on
   normalised text. A paragraph that merely shifted because something was inserted or deleted
   elsewhere is part of it and is not reported.
2. Moved: an unmatched old paragraph whose exact text is still present among the unmatched new
   ones. The common subsequence is maximal, so the number of moves is minimal (swapping two
   paragraphs is one move, not two).
3. Edited: the remaining old/new paragraphs that are recognisably the same paragraph
   (``similarity`` >= ``EDIT_THRESHOLD``). Pairs inside the same gap between two unchanged
   paragraphs are chosen first, best similarity first, without crossing each other; what is
   left is paired across gaps and marked ``moved=True`` (edited and moved is one change).
4. What is still unmatched is removed (old side) or added (new side).

Duplicates: a text that occurs more than once in the new version and more often than in the
old one (first version: more than once at all) gets one ``duplicate_paragraph``. The surplus
copies that made it a duplicate are reported only there, never also as added paragraphs. When a
new text is duplicated from the start (it did not exist before), one copy is reported on its own
(as added, or as the edit of an old paragraph) and the other copies are the duplicate.

Splits and merges come before edits (step 3): one unmatched old paragraph whose words are, in
order, those of two or more consecutive unmatched new paragraphs of the same gap (word ratio at
least ``REGROUP_THRESHOLD``, and each new paragraph mostly made of the old one's words) is one
``paragraph_split``; the reverse is one ``paragraph_merged``. Words changed on the way are the
split's or merge's word diff, never an extra edit, addition or removal. Gaps with more than
``_REGROUP_BUDGET`` unmatched pairs (a wholesale rewrite) are not searched for them.

Edits and title changes carry ``significance``: what kind of edit it was (see
``tracker.significance``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from tracker import align
from tracker.article import Article, comparable_text, normalize_text
from tracker.significance import classify
from tracker.vocabulary import KIND_MEANINGS, ChangeKind

__all__ = [
    "CONTAINMENT_MIN_WORDS",
    "CONTAINMENT_THRESHOLD",
    "EDIT_THRESHOLD",
    "KIND_MEANINGS",
    "REGROUP_THRESHOLD",
    "Change",
    "ChangeKind",
    "diff_articles",
    "diff_views",
    "render_inline",
    "similarity",
    "word_diff",
]


@dataclass(frozen=True)
class Change:
    """One flag: what happened, one human line, and JSON-serialisable specifics."""

    kind: ChangeKind
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)


# Two paragraphs are "the same paragraph, edited" when similarity() reaches this. Word-level
# ratio 2*M/(len_a+len_b): one changed word in a two-word subheading gives exactly 0.5, one
# sentence appended to or removed from a three-sentence paragraph gives ~0.8, while two unrelated
# paragraphs of news prose share only scattered function words (typically 0.1-0.35).
EDIT_THRESHOLD = 0.5
# A long paragraph cut down to one of its sentences (or a sentence grown into a paragraph) has a
# low ratio but is still recognisable: when the shorter side has at least this many words and at
# least this share of them appear, in order, in the longer one, it counts as the same paragraph.
# Short texts are excluded because a handful of function words can be "contained" in anything.
CONTAINMENT_MIN_WORDS = 8
CONTAINMENT_THRESHOLD = 0.8

# Candidate pairs are found through shared words. A word present in more unmatched new
# paragraphs than max(_MIN_POSTING, _PAIR_BUDGET / unmatched old paragraphs) is too common to
# point at a counterpart; for ordinary diffs (a few unmatched paragraphs) nothing is skipped.
_MIN_POSTING = 4
_PAIR_BUDGET = 1500

# A split or merge keeps the words: the whole and its consecutive parts have a word ratio of at
# least this (a word or two edited on the way still passes; a neighbouring new paragraph of its
# own words does not), and each part has at least half its words from the whole.
REGROUP_THRESHOLD = 0.8
_REGROUP_MAX_PARTS = 8
# Unmatched old x new paragraphs of one gap beyond which splits and merges are not looked for:
# a rewrite that large is read as edits, additions and removals, in bounded time.
_REGROUP_BUDGET = 400

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_CLIP = 80

Op = tuple[str, str]


# --------------------------------------------------------------------------------------------
# Word-level diff of two strings


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Op]:
    """Diff two strings over word, punctuation and whitespace tokens.

    Returns ``("equal" | "delete" | "insert", text)`` operations, adjacent operations of the
    same kind merged, a deletion always before the insertion that replaces it. Concatenating
    the equal and delete texts gives ``old``; the equal and insert texts give ``new``.
    """
    a, b = _tokens(old), _tokens(new)
    lo, hi = align.common_ends(a, b)
    raw: list[Op] = [("equal", "".join(a[:lo]))] if lo else []
    a_mid, b_mid = a[lo : len(a) - hi], b[lo : len(b) - hi]
    for tag, i1, i2, j1, j2 in align.opcodes(a_mid, b_mid):
        if tag == "equal":
            raw.append(("equal", "".join(a_mid[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(a_mid[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(b_mid[j1:j2])))
    if hi:
        raw.append(("equal", "".join(a[len(a) - hi :])))
    # A lone space kept "equal" between two changes splits one edit into two hunks
    # ("[-a-]{+x+} [-b-]{+y+}"); folding it into both sides reads as one replacement.
    folded: list[Op] = []
    for k, (op, text) in enumerate(raw):
        if (
            op == "equal"
            and text.isspace()
            and 0 < k < len(raw) - 1
            and raw[k - 1][0] != "equal"
            and raw[k + 1][0] != "equal"
        ):
            folded.append(("delete", text))
            folded.append(("insert", text))
        else:
            folded.append((op, text))
    return _merge_ops(folded)


def _merge_ops(ops: Iterable[Op]) -> list[Op]:
    """Merge runs of changes: within a run, all deletions first, then all insertions."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(("delete", "".join(deleted)))
        if inserted:
            out.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in ops:
        if not text:
            continue
        if op == "equal":
            flush()
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append(("equal", text))
        elif op == "delete":
            deleted.append(text)
        else:
            inserted.append(text)
    flush()
    return out


def render_inline(ops: Iterable[Op] | Iterable[Sequence[str]]) -> str:
    """Plain-text rendering of word_diff ops for logs and colourless terminals.

    ``"Under the plan, [-three-]{+four+} tram lines"``. Accepts the ops as tuples or as the
    two-item lists they become after a JSON round trip.
    """
    parts: list[str] = []
    for op, text in ops:
        if op == "delete":
            parts.append(f"[-{text}-]")
        elif op == "insert":
            parts.append(f"{{+{text}+}}")
        else:
            parts.append(text)
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Similarity of two paragraphs


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _score(a: Sequence[str], b: Sequence[str], matched: int) -> float:
    """Combine the word ratio and (for long enough texts) in-order containment."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    ratio = 2.0 * matched / total
    shorter = min(len(a), len(b))
    if shorter >= CONTAINMENT_MIN_WORDS:
        contained = matched / shorter
        if contained >= CONTAINMENT_THRESHOLD:
            return max(ratio, contained)
    return ratio


def _matched(matcher: SequenceMatcher[str]) -> int:
    return sum(block.size for block in matcher.get_matching_blocks())


def _matched_words(a: Sequence[str], b: Sequence[str]) -> int:
    """Words of a matched in order in b: the common ends, then SequenceMatcher between them."""
    lo, hi = align.common_ends(a, b)
    if lo + hi == min(len(a), len(b)):
        return lo + hi
    return lo + hi + align.matched(a[lo : len(a) - hi], b[lo : len(b) - hi])


def similarity(a: str, b: str) -> float:
    """How much two texts are the same text, 0.0 (nothing) to 1.0 (same words).

    Compared on case-folded word tokens (punctuation and spacing ignored): the ratio
    ``2 * matched_words / (words_a + words_b)``, raised to the share of the shorter text found
    in order in the longer one when that share is at least ``CONTAINMENT_THRESHOLD`` and the
    shorter text has at least ``CONTAINMENT_MIN_WORDS`` words (a sentence added to or cut from a
    long paragraph leaves it recognisable).
    """
    ka, kb = comparable_text(a), comparable_text(b)
    wa, wb = _words(ka), _words(kb)
    if not wa and not wb:
        return 1.0 if ka == kb else 0.0
    return _score(wa, wb, _matched_words(wa, wb))


# --------------------------------------------------------------------------------------------
# Paragraph alignment


def _lcs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of a and b (exact, duplicates allowed).

    Hunt-Szymanski: for every position of b, the matching positions of a (descending) extend
    the best chains found so far; O((r + n) log n) for r matching pairs, which for article
    paragraphs (mostly distinct) is close to linear.
    """
    lo = 0
    while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    head = [(i, i) for i in range(lo)]
    tail = [(hi_a + k, hi_b + k) for k in range(len(a) - hi_a)]

    positions: dict[str, list[int]] = {}
    for i in range(lo, hi_a):
        positions.setdefault(a[i], []).append(i)
    thresholds: list[int] = []
    # A chain node is (a_index, b_index, previous node); the last node of each length is kept.
    ends: list[tuple[int, int, Any]] = []
    for j in range(lo, hi_b):
        for i in reversed(positions.get(b[j], ())):
            k = bisect_left(thresholds, i)
            node = (i, j, ends[k - 1] if k else None)
            if k == len(thresholds):
                thresholds.append(i)
                ends.append(node)
            elif i < thresholds[k]:
                thresholds[k] = i
                ends[k] = node
    middle: list[tuple[int, int]] = []
    cursor: Any = ends[-1] if ends else None
    while cursor is not None:
        middle.append((cursor[0], cursor[1]))
        cursor = cursor[2]
    middle.reverse()
    return head + middle + tail


class _Side:
    """One version's non-empty paragraphs: normalised texts and their original indexes.

    Word tokens are computed on demand: only paragraphs left unmatched by the exact alignment
    ever need them.
    """

    def __init__(
        self, paragraphs: Iterable[str], cache: dict[str, tuple[str, str]] | None = None
    ) -> None:
        cache = {} if cache is None else cache
        self.texts: list[str] = []  # as shown in the changes
        self.keys: list[str] = []  # as compared (see `comparable_text`)
        self.index: list[int] = []
        for i, raw in enumerate(paragraphs):
            found = cache.get(raw)
            if found is None:
                text = normalize_text(raw)
                found = cache[raw] = (text, comparable_text(text))
            if found[0]:
                self.texts.append(found[0])
                self.keys.append(found[1])
                self.index.append(i)
        self._words: dict[int, list[str]] = {}

    def words(self, k: int) -> list[str]:
        found = self._words.get(k)
        if found is None:
            found = self._words[k] = _words(self.keys[k])
        return found


@dataclass
class _Alignment:
    anchors: list[tuple[int, int]]
    moves: list[tuple[int, int]]
    edits: list[tuple[int, int, float, bool]]  # old, new, similarity, moved
    splits: list[tuple[int, tuple[int, ...], float]]  # old, its new parts, word ratio
    merges: list[tuple[tuple[int, ...], int, float]]  # old parts, new, word ratio
    removed: list[int]
    added: list[int]
    duplicates: list[tuple[str, int, int, list[int]]]  # text, count, previous, new positions


def _gap_ids(anchors: Sequence[tuple[int, int]], side: int, items: Iterable[int]) -> dict[int, int]:
    """Gap number of each unmatched item: how many anchors precede it on its side."""
    keys = [pair[side] for pair in anchors]
    return {i: bisect_left(keys, i) for i in items}


def _candidates(
    old: _Side, new: _Side, free_old: Sequence[int], free_new: Sequence[int]
) -> list[tuple[float, int, int]]:
    """(similarity, old, new) for every unmatched pair recognisable as the same paragraph.

    Pairs are found through shared words; a word shared by very many unmatched new paragraphs
    does not point at a counterpart and is not followed (that keeps a wholesale rewrite of a
    long article fast). Cheap upper bounds discard hopeless pairs before the word alignment.
    """
    if not free_old or not free_new:
        return []
    max_posting = max(_MIN_POSTING, _PAIR_BUDGET // len(free_old))
    postings: dict[str, list[int]] = {}
    shape: dict[int, tuple[int, int, frozenset[str]]] = {}  # words, repeated words, word set
    for n in free_new:
        set_n = frozenset(new.words(n))
        shape[n] = (len(new.words(n)), len(new.words(n)) - len(set_n), set_n)
        for word in set_n:
            postings.setdefault(word, []).append(n)
    counters: dict[int, Counter[str]] = {}
    matchers: dict[int, SequenceMatcher[str]] = {}
    found: list[tuple[float, int, int]] = []
    for o in free_old:
        words_o = old.words(o)
        if not words_o:
            continue
        set_o = frozenset(words_o)
        partners: set[int] = set()
        for word in set_o:
            posting = postings.get(word)
            if posting is not None and len(posting) <= max_posting:
                partners.update(posting)
        counter_o: Counter[str] | None = None
        len_o, repeats_o = len(words_o), len(words_o) - len(set_o)
        for n in sorted(partners):
            len_n, repeats_n, set_n = shape[n]
            # Each distinct word not shared costs at least one word of in-order matching: an
            # upper bound from set sizes alone (inlined: this loop is the hot path), then the
            # exact multiset overlap, then the alignment itself.
            bound = (repeats_o if repeats_o < repeats_n else repeats_n) + len(set_o & set_n)
            shorter = len_o if len_o < len_n else len_n
            if 2 * bound < EDIT_THRESHOLD * (len_o + len_n) and (
                shorter < CONTAINMENT_MIN_WORDS or bound < CONTAINMENT_THRESHOLD * shorter
            ):
                continue
            words_n = new.words(n)
            if counter_o is None:
                counter_o = Counter(words_o)
            counter_n = counters.get(n)
            if counter_n is None:
                counter_n = counters[n] = Counter(words_n)
            bound = sum((counter_o & counter_n).values())
            if _score(words_o, words_n, bound) < EDIT_THRESHOLD:
                continue
            if (words_n and (words_o[0] == words_n[0] or words_o[-1] == words_n[-1])) or (
                len_o * len_n > align.BUDGET
            ):
                matched = _matched_words(words_o, words_n)
            else:
                # Nothing to trim: reuse this paragraph's matcher (its index of words_n).
                matcher = matchers.get(n)
                if matcher is None:
                    matcher = matchers[n] = SequenceMatcher(None, autojunk=False)
                    matcher.set_seq2(words_n)
                matcher.set_seq1(words_o)
                matched = _matched(matcher)
            score = _score(words_o, words_n, matched)
            if score >= EDIT_THRESHOLD:
                found.append((score, o, n))
    found.sort(key=lambda c: (-c[0], c[1], c[2]))
    return found


def _regroup_score(whole: Sequence[str], parts: Sequence[Sequence[str]]) -> float | None:
    """Word ratio of a whole paragraph and its parts joined, when they are a split of it."""
    if any(not part for part in parts):
        return None
    joined = [w for part in parts for w in part]
    total = len(whole) + len(joined)
    if 2 * min(len(whole), len(joined)) < REGROUP_THRESHOLD * total:
        return None
    if 2 * sum((Counter(whole) & Counter(joined)).values()) < REGROUP_THRESHOLD * total:
        return None
    blocks = align.matching_blocks(whole, joined)
    ratio = 2.0 * sum(b.size for b in blocks) / total
    if ratio < REGROUP_THRESHOLD:
        return None
    start = 0
    for part in parts:
        end = start + len(part)
        from_whole = sum(max(0, min(end, b.b + b.size) - max(start, b.b)) for b in blocks)
        if 2 * from_whole < len(part):
            return None  # a paragraph of its own next to the whole, not a piece of it
        start = end
    return ratio


def _runs(items: Sequence[int]) -> list[tuple[int, ...]]:
    """Windows of 2 to _REGROUP_MAX_PARTS consecutive indexes among the sorted items."""
    out: list[tuple[int, ...]] = []
    for k in range(len(items)):
        for size in range(2, _REGROUP_MAX_PARTS + 1):
            if k + size > len(items) or items[k + size - 1] - items[k] != size - 1:
                break
            out.append(tuple(items[k : k + size]))
    return out


def _regroupings(
    old: _Side,
    new: _Side,
    free_old: Sequence[int],
    free_new: Sequence[int],
    anchors: Sequence[tuple[int, int]],
) -> tuple[list[tuple[int, tuple[int, ...], float]], list[tuple[tuple[int, ...], int, float]]]:
    """Splits (old -> consecutive new parts) and merges (consecutive old parts -> new) within
    each gap between unchanged paragraphs; best word ratio first, no paragraph in two."""
    gap_old = _gap_ids(anchors, 0, free_old)
    gap_new = _gap_ids(anchors, 1, free_new)
    olds_in: dict[int, list[int]] = {}
    news_in: dict[int, list[int]] = {}
    for o in free_old:
        olds_in.setdefault(gap_old[o], []).append(o)
    for n in free_new:
        news_in.setdefault(gap_new[n], []).append(n)
    found: list[tuple[float, int, tuple[int, ...], tuple[int, ...]]] = []
    for gap, olds in olds_in.items():
        news = news_in.get(gap, [])
        if not news or len(olds) * len(news) > _REGROUP_BUDGET:
            continue
        for run in _runs(news):
            parts = [new.words(n) for n in run]
            for o in olds:
                score = _regroup_score(old.words(o), parts)
                if score is not None:
                    found.append((score, 0, (o,), run))
        for run in _runs(olds):
            parts = [old.words(o) for o in run]
            for n in news:
                score = _regroup_score(new.words(n), parts)
                if score is not None:
                    found.append((score, 1, run, (n,)))
    # Best first; on a tie the longer regrouping (it explains more paragraphs), then in order.
    found.sort(key=lambda f: (-f[0], -(len(f[2]) + len(f[3])), f[1], f[2], f[3]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    splits: list[tuple[int, tuple[int, ...], float]] = []
    merges: list[tuple[tuple[int, ...], int, float]] = []
    for score, merge, os_, ns in found:
        if used_old.intersection(os_) or used_new.intersection(ns):
            continue
        used_old.update(os_)
        used_new.update(ns)
        if merge:
            merges.append((os_, ns[0], score))
        else:
            splits.append((os_[0], ns, score))
    return splits, merges


def _align(old: _Side, new: _Side) -> _Alignment:
    anchors = _lcs(old.keys, new.keys)
    matched_old = {o for o, _ in anchors}
    matched_new = {n for _, n in anchors}

    # 2. Moves: the same text, on both sides, outside the common subsequence; copies of one
    # text are paired in document order.
    waiting: dict[str, list[int]] = {}
    for o in range(len(old.keys)):
        if o not in matched_old:
            waiting.setdefault(old.keys[o], []).append(o)
    moves: list[tuple[int, int]] = []
    for n in range(len(new.keys)):
        if n in matched_new:
            continue
        queue = waiting.get(new.keys[n])
        if queue:
            o = queue.pop(0)
            moves.append((o, n))
            matched_old.add(o)
            matched_new.add(n)

    # Duplicates. Texts already present before: their extra copies are the duplicate and take
    # no further part. Texts new in this version: one copy goes on to be matched like any
    # paragraph, the other copies are the duplicate (see the module docstring).
    old_count = Counter(old.keys)
    new_count = Counter(new.keys)
    flagged = [t for t, c in new_count.items() if c > 1 and c > old_count[t]]
    absorbed: set[int] = set()
    fresh_dup: dict[str, list[int]] = {}
    for text in flagged:
        copies = [n for n in range(len(new.keys)) if new.keys[n] == text]
        unmatched = [n for n in copies if n not in matched_new]
        if old_count[text]:
            absorbed.update(unmatched)
        else:
            fresh_dup[text] = unmatched

    free_old = [o for o in range(len(old.keys)) if o not in matched_old]
    free_new = [n for n in range(len(new.keys)) if n not in matched_new and n not in absorbed]

    # Splits and merges, before edits: otherwise one part would be read as the paragraph
    # edited and the others as added (or removed). Copies of a text new and duplicated take
    # no part (what they are is decided with the duplicates).
    splits, merges = _regroupings(
        old, new, free_old, [n for n in free_new if new.keys[n] not in fresh_dup], anchors
    )
    regrouped_old = {o for o, _, _ in splits} | {o for os_, _, _ in merges for o in os_}
    regrouped_new = {n for _, ns, _ in splits for n in ns} | {n for _, n, _ in merges}
    free_old = [o for o in free_old if o not in regrouped_old]
    free_new = [n for n in free_new if n not in regrouped_new]

    # 3. Edits.
    candidates = _candidates(old, new, free_old, free_new)
    gap_old = _gap_ids(anchors, 0, free_old)
    gap_new = _gap_ids(anchors, 1, free_new)
    used_old: set[int] = set()
    used_new: set[int] = set()
    # For a text that is new and duplicated, the old text its first copy was edited from: other
    # copies may only absorb old copies of that same text (a duplicated paragraph edited
    # everywhere), never an unrelated paragraph.
    dup_source: dict[str, str] = {}
    in_gap: dict[int, list[tuple[int, int]]] = {}
    edits: list[tuple[int, int, float, bool]] = []

    def take(score: float, o: int, n: int, moved: bool) -> bool:
        if o in used_old or n in used_new:
            return False
        text = new.keys[n]
        if text in fresh_dup:
            source = dup_source.setdefault(text, old.keys[o])
            if source != old.keys[o]:
                return False
        used_old.add(o)
        used_new.add(n)
        edits.append((o, n, score, moved))
        return True

    for score, o, n in candidates:
        gap = gap_old[o]
        if gap != gap_new[n] or o in used_old or n in used_new:
            continue
        chosen = in_gap.setdefault(gap, [])
        if any((po < o) != (pn < n) for po, pn in chosen):
            continue  # would cross a better pair of this gap: that is a move, decided below
        if take(score, o, n, False):
            chosen.append((o, n))
    for score, o, n in candidates:
        take(score, o, n, True)

    # Texts new and duplicated: report one copy (its edit, else its first copy as added).
    silent_new: set[int] = set(absorbed)
    silent_old: set[int] = set()
    kept_edits: list[tuple[int, int, float, bool]] = []
    first_edit: dict[str, int] = {}
    for o, n, score, moved in sorted(edits, key=lambda e: e[1]):
        text = new.keys[n]
        if text in fresh_dup and text in first_edit:
            silent_old.add(o)
            silent_new.add(n)
            continue
        first_edit.setdefault(text, n)
        kept_edits.append((o, n, score, moved))
    for text, copies in fresh_dup.items():
        leftover = [n for n in copies if n not in used_new]
        if text not in first_edit:
            leftover = leftover[1:]
        silent_new.update(leftover)

    duplicates = [
        (
            text,
            new_count[text],
            old_count[text],
            [n for n in range(len(new.keys)) if new.keys[n] == text],
        )
        for text in flagged
    ]
    removed = [o for o in free_old if o not in used_old and o not in silent_old]
    added = [n for n in free_new if n not in used_new and n not in silent_new]
    return _Alignment(anchors, moves, kept_edits, splits, merges, removed, added, duplicates)


# --------------------------------------------------------------------------------------------
# Building the changes


def _clip(text: str, limit: int = _CLIP) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _context_words(text: str, count: int, *, tail: bool) -> str:
    """The last (tail=True) or first ``count`` words of text, with what lies between them."""
    pieces = _tokens(text)
    seen = 0
    order = range(len(pieces) - 1, -1, -1) if tail else range(len(pieces))
    cut = len(pieces) if not tail else 0
    for k in order:
        if _WORD.fullmatch(pieces[k]):
            seen += 1
            if seen > count:
                break
        cut = k if tail else k + 1
    if tail:
        return "".join(pieces[cut:]).lstrip()
    return "".join(pieces[:cut]).rstrip()


def _edit_excerpt(ops: Sequence[Op]) -> tuple[str, str]:
    """The changed stretch of a paragraph, old and new, with two words of context around it."""
    changed = [k for k, (op, _) in enumerate(ops) if op != "equal"]
    if not changed:
        return "", ""
    first, last = changed[0], changed[-1]
    before = _context_words(ops[first - 1][1], 2, tail=True) if first > 0 else ""
    after = _context_words(ops[last + 1][1], 2, tail=False) if last + 1 < len(ops) else ""
    old_mid = "".join(t for op, t in ops[first : last + 1] if op != "insert")
    new_mid = "".join(t for op, t in ops[first : last + 1] if op != "delete")
    return (
        _clip((before + old_mid + after).strip()),
        _clip((before + new_mid + after).strip()),
    )


def _ops_json(ops: Sequence[Op]) -> list[list[str]]:
    return [[op, text] for op, text in ops]


def _title_change(old_title: str, new_title: str) -> Change | None:
    old_t, new_t = normalize_text(old_title), normalize_text(new_title)
    # An empty new title while the old one was not is treated as an extraction glitch (the
    # headline element went missing or moved), not as an editor deleting the headline: no flag.
    # The reverse (a headline appearing where there was none) is reported.
    if not new_t or comparable_text(old_t) == comparable_text(new_t):
        return None
    ops = word_diff(old_t, new_t)
    return Change(
        ChangeKind.TITLE_CHANGED,
        f'Title changed: "{_clip(old_t)}" -> "{_clip(new_t)}"',
        {
            "old": old_t,
            "new": new_t,
            "diff": _ops_json(ops),
            "inline": render_inline(ops),
            "significance": classify(old_t, new_t),
        },
    )


def _times(n: int) -> str:
    return {1: "once", 2: "twice", 3: "three times"}.get(n, f"{n} times")


def _duplicate_change(side: _Side, count: int, previous: int, at: list[int]) -> Change:
    text = side.texts[at[0]]
    times = _times(count)
    # "was 0x" would say the paragraph was missing before; on a first version, or for a
    # paragraph new in this one, there is no earlier count worth telling.
    before = f", was {_times(previous)}" if previous > 1 else ""
    places = ", ".join(str(i + 1) for i in at)
    return Change(
        ChangeKind.DUPLICATE_PARAGRAPH,
        f'Paragraph printed {times} (paragraphs {places}{before}): "{_clip(text)}"',
        {
            "text": text,
            "count": count,
            "previous_count": previous,
            "indexes": [side.index[n] for n in at],
        },
    )


def _numbers(indexes: Sequence[int]) -> str:
    """Paragraph numbers for a summary: '3' or '3-4' (counting from 1)."""
    if len(indexes) == 1:
        return f"paragraph {indexes[0] + 1}"
    return f"paragraphs {indexes[0] + 1}-{indexes[-1] + 1}"


def _regroup_change(
    split: bool,
    whole: str,
    parts: Sequence[str],
    old_indexes: Sequence[int],
    new_indexes: Sequence[int],
    score: float,
) -> Change:
    """One paragraph_split (whole -> parts) or paragraph_merged (parts -> whole).

    The word diff is always old -> new, over the parts joined by a space: a split or merge
    with the same words is all "equal" (``edited`` false).
    """
    joined = " ".join(parts)
    old_text, new_text = (whole, joined) if split else (joined, whole)
    ops = word_diff(old_text, new_text)
    edited = any(op != "equal" for op, _ in ops)
    detail: dict[str, Any] = {
        "old": whole if split else list(parts),
        "new": list(parts) if split else whole,
        "old_indexes": list(old_indexes),
        "new_indexes": list(new_indexes),
        "diff": _ops_json(ops),
        "inline": render_inline(ops),
        "edited": edited,
        "similarity": round(score, 3),
    }
    if edited:
        detail["significance"] = classify(old_text, new_text)
    how = ", with edits" if edited else ""
    if split:
        first, rest = parts[0], parts[-1]
        summary = (
            f"Paragraph {old_indexes[0] + 1} split into {_numbers(new_indexes)}{how}: "
            f'"{_clip(first, 40)}" | "{_clip(rest, 40)}"'
        )
        return Change(ChangeKind.PARAGRAPH_SPLIT, summary, detail)
    summary = (
        f"{_numbers(old_indexes).capitalize()} merged into paragraph {new_indexes[0] + 1}{how}: "
        f'"{_clip(whole)}"'
    )
    return Change(ChangeKind.PARAGRAPH_MERGED, summary, detail)


def diff_articles(old: Article | None, new: Article) -> list[Change]:
    """What changed from ``old`` to ``new``: title, paragraphs and duplicates (never views).

    ``old=None`` means ``new`` is the first version of its source (the baseline): only its
    duplicated paragraphs are flagged. Order: title, then paragraph changes in new-document
    order (a removal where the paragraph used to be), then duplicates. Indexes in the details
    are positions in the articles' ``paragraphs`` tuples (0-based); summaries count from 1.
    """
    cache: dict[str, tuple[str, str]] = {}  # most paragraphs are the same raw text in both
    new_side = _Side(new.paragraphs, cache)
    if old is None:
        counts = Counter(new_side.keys)
        return [
            _duplicate_change(
                new_side, count, 0, [n for n, t in enumerate(new_side.keys) if t == key]
            )
            for key, count in counts.items()
            if count > 1
        ]

    old_side = _Side(old.paragraphs, cache)
    found = _align(old_side, new_side)
    keyed: list[tuple[tuple[int, int, int], Change]] = []

    for o, n in found.moves:
        text = new_side.texts[n]
        oi, ni = old_side.index[o], new_side.index[n]
        keyed.append(
            (
                (n, 0, 0),
                Change(
                    ChangeKind.PARAGRAPH_MOVED,
                    f'Paragraph moved from {oi + 1} to {ni + 1}: "{_clip(text)}"',
                    {"text": text, "old_index": oi, "new_index": ni},
                ),
            )
        )
    for o, n, score, moved in found.edits:
        before, after = old_side.texts[o], new_side.texts[n]
        oi, ni = old_side.index[o], new_side.index[n]
        ops = word_diff(before, after)
        old_x, new_x = _edit_excerpt(ops)
        where = f"{ni + 1}" if not moved else f"{ni + 1} (moved from {oi + 1})"
        keyed.append(
            (
                (n, 0, 0),
                Change(
                    ChangeKind.PARAGRAPH_EDITED,
                    f'Paragraph {where} edited: "{old_x}" -> "{new_x}"',
                    {
                        "old": before,
                        "new": after,
                        "diff": _ops_json(ops),
                        "inline": render_inline(ops),
                        "old_index": oi,
                        "new_index": ni,
                        "similarity": round(score, 3),
                        "moved": moved,
                        "significance": classify(before, after),
                    },
                ),
            )
        )
    for o, ns, score in found.splits:
        whole, parts = old_side.texts[o], [new_side.texts[n] for n in ns]
        oi, nis = old_side.index[o], [new_side.index[n] for n in ns]
        keyed.append(((ns[0], 0, 0), _regroup_change(True, whole, parts, [oi], nis, score)))
    for os_, n, score in found.merges:
        whole, parts = new_side.texts[n], [old_side.texts[o] for o in os_]
        ois, ni = [old_side.index[o] for o in os_], new_side.index[n]
        keyed.append(((n, 0, 0), _regroup_change(False, whole, parts, ois, [ni], score)))
    for n in found.added:
        text, ni = new_side.texts[n], new_side.index[n]
        keyed.append(
            (
                (n, 0, 0),
                Change(
                    ChangeKind.PARAGRAPH_ADDED,
                    f'Paragraph {ni + 1} added: "{_clip(text)}"',
                    {"text": text, "index": ni},
                ),
            )
        )
    anchor_old = [a for a, _ in found.anchors]
    for o in found.removed:
        text, oi = old_side.texts[o], old_side.index[o]
        # Place the removal right after the unchanged paragraph that preceded it.
        k = bisect_left(anchor_old, o)
        after_new = found.anchors[k - 1][1] if k else -1
        keyed.append(
            (
                (after_new, 1, o),
                Change(
                    ChangeKind.PARAGRAPH_REMOVED,
                    f'Paragraph {oi + 1} removed: "{_clip(text)}"',
                    {"text": text, "index": oi},
                ),
            )
        )
    keyed.sort(key=lambda item: item[0])

    changes: list[Change] = []
    title = _title_change(old.title, new.title)
    if title is not None:
        changes.append(title)
    changes.extend(change for _, change in keyed)
    changes.extend(
        _duplicate_change(new_side, count, previous, at)
        for _, count, previous, at in found.duplicates
    )
    return changes


def diff_views(old: int | None, new: int | None) -> Change | None:
    """A views_changed flag, or None when either count is unknown or nothing changed.

    A decrease is flagged as an anomaly: view counters only grow, so a lower number means a
    reset, a different counter, or a misread page.
    """
    if old is None or new is None or old == new:
        return None
    delta = new - old
    summary = f"Views {old} -> {new} ({delta:+d})"
    if delta < 0:
        summary = f"Views {old} -> {new} ({delta:+d}, anomaly: the count went down)"
    return Change(
        ChangeKind.VIEWS_CHANGED,
        summary,
        {"old": old, "new": new, "delta": delta, "anomaly": delta < 0},
    )
