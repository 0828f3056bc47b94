"""Alignment in bounded time: SequenceMatcher's answer within the budget, valid opcodes and
anchored pieces beyond it, and never a SequenceMatcher given more than the budget."""

from __future__ import annotations

import contextlib
import difflib
import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import align
from tracker.align import BUDGET, matched, matching_blocks, opcodes
from tracker.diff import word_diff


@contextlib.contextmanager
def budget_kept() -> Iterator[list[int]]:
    """SequenceMatcher as align uses it, failing the test if given more pairs than BUDGET;
    yields the sizes it was given."""
    sizes: list[int] = []

    class Bounded(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(self, isjunk: Any, a: Sequence[Any], b: Sequence[Any], **kw: Any) -> None:
            assert len(a) * len(b) <= BUDGET, (len(a), len(b))
            sizes.append(len(a) * len(b))
            super().__init__(isjunk, a, b, **kw)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "SequenceMatcher", Bounded)
        yield sizes


def valid(a: Sequence[Any], b: Sequence[Any], ops: list[tuple[str, int, int, int, int]]) -> None:
    """The opcodes cover both sequences in order, and their equal runs are equal."""
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert tag in ("equal", "replace", "delete", "insert")
        if tag == "equal":
            assert list(a[i1:i2]) == list(b[j1:j2]) and i2 > i1
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@settings(max_examples=200, deadline=None)
@given(
    a=st.lists(st.sampled_from("abcdefg"), max_size=60),
    b=st.lists(st.sampled_from("abcdefg"), max_size=60),
)
def test_within_the_budget_it_is_sequence_matchers_answer(a: list[str], b: list[str]) -> None:
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False)
    assert opcodes(a, b) == expected.get_opcodes()
    assert matched(a, b) == sum(m.size for m in expected.get_matching_blocks())
    assert matching_blocks(a, b) == expected.get_matching_blocks()[:-1]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    size=st.integers(600, 3000),
    alphabet=st.integers(1, 5000),
)
def test_beyond_it_the_opcodes_are_valid_and_the_budget_kept(
    seed: int, size: int, alphabet: int
) -> None:
    rnd = random.Random(seed)
    a = [rnd.randrange(alphabet) for _ in range(size)]
    b = list(a)
    for _ in range(rnd.randint(1, 30)):  # edits here and there
        k = rnd.randrange(len(b))
        b[k : k + rnd.randint(0, 5)] = [rnd.randrange(alphabet) for _ in range(rnd.randint(0, 5))]
    with budget_kept():
        ops = opcodes(a, b)
        found = matched(a, b)
    valid(a, b, ops)
    if alphabet >= 2000:  # rare words anchor the pieces: most of the text is found
        assert found >= 0.8 * min(len(a), len(b))


def test_a_long_paragraph_edited_at_both_ends_keeps_its_middle() -> None:
    rnd = random.Random(3)
    words = [f"w{rnd.randrange(4000)}" for _ in range(5000)]
    old = " ".join(words)
    new = " ".join(["Edited", *words[1:-1], "end."])
    with budget_kept() as sizes:
        ops = word_diff(old, new)
    changed = [(op, text) for op, text in ops if op != "equal"]
    assert changed == [
        ("delete", words[0]),
        ("insert", "Edited"),
        ("delete", words[-1]),
        ("insert", "end."),
    ]
    assert sizes  # the middle went through the anchored pieces


def test_one_word_repeated_is_one_replacement() -> None:
    old = " ".join(["the"] * 3000)
    new = " ".join(["the"] * 1500 + ["cat"] + ["the"] * 1499) + " x"
    with budget_kept():
        ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new
