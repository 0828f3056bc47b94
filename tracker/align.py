"""Aligning two sequences (of words, tokens, sentences) in bounded time.

difflib's SequenceMatcher finds good alignments, but compares every element of one sequence
with every equal element of the other: on a long paragraph its time grows with the square of
the length (a 29 KB paragraph edited at both ends took 4 s; one word repeated, or a run of
one-word sentences, longer). Up to `BUDGET` element pairs it is used as it is. Beyond, their
common beginning and end are set aside, then they are cut at the elements that occur once
in each, in the same order in both (the anchors of a patience diff: a paragraph's rarer
words), and the pieces between anchors are aligned the same way; a piece too large that
holds no such element is one replacement.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import Match, SequenceMatcher
from typing import Final

__all__ = ["BUDGET", "common_ends", "matched", "matching_blocks", "opcodes"]

# Element pairs SequenceMatcher may be given (the product of the lengths): 500 tokens each
# side, a few milliseconds at worst.
BUDGET: Final = 250_000
# Rounds of cutting at anchors before a piece still too large is one replacement.
_MAX_ROUNDS: Final = 12

Opcode = tuple[str, int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """SequenceMatcher's opcodes for `a` to `b` (its alignment wherever the budget allows)."""
    out: list[Opcode] = []
    _align(a, b, 0, 0, 0, out)
    return out


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Match]:
    """The runs of `a` found in order in `b`, as SequenceMatcher's matching blocks (without
    its closing empty block)."""
    return [Match(i1, j1, i2 - i1) for tag, i1, i2, j1, _ in opcodes(a, b) if tag == "equal"]


def matched(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many elements of `a` are found in order in `b`."""
    return sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b) if tag == "equal")


def _align(
    a: Sequence[Hashable], b: Sequence[Hashable], i0: int, j0: int, rounds: int, out: list[Opcode]
) -> None:
    """Append the opcodes of a to b, their indexes shifted by i0 and j0, to `out`."""
    if len(a) * len(b) <= BUDGET:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            _append(out, (tag, i1 + i0, i2 + i0, j1 + j0, j2 + j0))
        return
    lo, hi = common_ends(a, b)
    if lo or hi:
        if lo:
            _append(out, ("equal", i0, i0 + lo, j0, j0 + lo))
        _align(a[lo : len(a) - hi], b[lo : len(b) - hi], i0 + lo, j0 + lo, rounds, out)
        if hi:
            _append(out, ("equal", i0 + len(a) - hi, i0 + len(a), j0 + len(b) - hi, j0 + len(b)))
        return
    anchors = _anchors(a, b) if rounds < _MAX_ROUNDS else []
    if not anchors:
        _append(out, ("replace", i0, i0 + len(a), j0, j0 + len(b)))
        return
    i = j = 0
    for ai, bj in anchors:
        if ai > i or bj > j:
            _align(a[i:ai], b[j:bj], i0 + i, j0 + j, rounds + 1, out)
        _append(out, ("equal", i0 + ai, i0 + ai + 1, j0 + bj, j0 + bj + 1))
        i, j = ai + 1, bj + 1
    if i < len(a) or j < len(b):
        _align(a[i:], b[j:], i0 + i, j0 + j, rounds + 1, out)


def _append(out: list[Opcode], op: Opcode) -> None:
    """Append an opcode, joining it to the last one when both are equal runs."""
    if out and op[0] == "equal" and out[-1][0] == "equal":
        tag, i1, _, j1, _ = out[-1]
        out[-1] = (tag, i1, op[2], j1, op[4])
    else:
        out.append(op)


def common_ends(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[int, int]:
    """Lengths of the common prefix and the common suffix of a and b (never overlapping).

    An edit usually touches a few words of a paragraph: matching only what lies between the
    common ends keeps the alignment off the untouched part."""
    shorter = min(len(a), len(b))
    lo = 0
    while lo < shorter and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < shorter - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    return lo, hi


def _anchors(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(i, j) of the elements that occur once in a and once in b, the most of them that
    keep one order in both (a longest increasing run of their places in b)."""
    in_a, in_b = Counter(a), Counter(b)
    where_b = {x: j for j, x in enumerate(b) if in_b[x] == 1}
    pairs = [(i, where_b[x]) for i, x in enumerate(a) if in_a[x] == 1 and x in where_b]
    # Patience sorting: tails[k] is the smallest place in b ending a run of k + 1 pairs.
    tails: list[int] = []
    ends: list[int] = []  # index in pairs of the pair ending that run
    back: list[int] = []  # each pair's predecessor in its run (-1: none)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k] = j
            ends[k] = n
        back.append(ends[k - 1] if k else -1)
    run: list[tuple[int, int]] = []
    n = ends[-1] if ends else -1
    while n >= 0:
        run.append(pairs[n])
        n = back[n]
    run.reverse()
    return run
