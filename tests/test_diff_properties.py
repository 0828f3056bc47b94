"""Properties of tracker.diff that must hold for any article, checked with hypothesis."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.article import Article, normalize_text
from tracker.diff import Change, ChangeKind, diff_articles, word_diff

# Paragraph texts built from a small vocabulary so that overlaps, near-duplicates and
# accidental similarities actually happen.
VOCABULARY = (
    "the a council plan tram lines three four budget mayor said residents city spring "
    "tender 254 310 Zürich café , . ; ! ? « » —"
)
WORDS = st.sampled_from(VOCABULARY.split(" "))
TEXT = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
# Paragraphs guaranteed distinct (and never similar to each other): a unique serial word
# followed by filler that makes them long, so one added word never makes two look alike.
SERIAL = st.integers(min_value=0, max_value=10_000)


def unique_paragraph(k: int) -> str:
    words = [f"w{k}x{j}" for j in range(12)]
    return " ".join(words) + "."


def kinds(changes: list[Change]) -> Counter[str]:
    return Counter(c.kind.value for c in changes)


PARAGRAPHS = st.lists(TEXT, max_size=25)
TITLES = st.text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, TITLES)
def test_diff_with_itself_is_empty(paragraphs: list[str], title: str) -> None:
    a = Article(title=title, paragraphs=tuple(paragraphs))
    assert diff_articles(a, a) == []


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, PARAGRAPHS, TITLES, TITLES)
def test_diff_is_deterministic_and_serialisable(
    old: list[str], new: list[str], t1: str, t2: str
) -> None:
    a = Article(title=t1, paragraphs=tuple(old))
    b = Article(title=t2, paragraphs=tuple(new))
    first = diff_articles(a, b)
    assert first == diff_articles(a, b)
    assert first == diff_articles(Article(t1, tuple(old)), Article(t2, tuple(new)))
    for change in first:
        assert isinstance(change.kind, ChangeKind)
        assert change.summary and "\n" not in change.summary
    # Never more than one title change; duplicate flags only for texts that are duplicated.
    counted = kinds(first)
    assert counted["title_changed"] <= 1
    new_counts = Counter(t for t in (normalize_text(p) for p in new) if t)
    for change in first:
        if change.kind is ChangeKind.DUPLICATE_PARAGRAPH:
            assert new_counts[change.detail["text"]] == change.detail["count"] > 1


@settings(max_examples=150, deadline=None)
@given(PARAGRAPHS, PARAGRAPHS)
def test_paragraph_counts_are_consistent(old: list[str], new: list[str]) -> None:
    old_texts = [t for t in (normalize_text(p) for p in old) if t]
    new_texts = [t for t in (normalize_text(p) for p in new) if t]
    changes = diff_articles(Article(paragraphs=tuple(old)), Article(paragraphs=tuple(new)))
    c = kinds(changes)
    if len(set(old_texts)) == len(old_texts) and len(set(new_texts)) == len(new_texts):
        # Without duplicates every paragraph is accounted for exactly once on each side.
        # A split into k paragraphs adds k - 1 of them, a merge of k removes k - 1.
        regrouped = sum(
            len(ch.detail["new_indexes"]) - len(ch.detail["old_indexes"])
            for ch in changes
            if ch.kind in {ChangeKind.PARAGRAPH_SPLIT, ChangeKind.PARAGRAPH_MERGED}
        )
        assert c["paragraph_added"] - c["paragraph_removed"] + regrouped == len(new_texts) - len(
            old_texts
        )
        assert c["duplicate_paragraph"] == 0
    # Each old and new paragraph takes part in at most one paragraph change.
    olds = [
        ch.detail.get("old_index", ch.detail.get("index"))
        for ch in changes
        if ch.kind
        in {ChangeKind.PARAGRAPH_REMOVED, ChangeKind.PARAGRAPH_EDITED, ChangeKind.PARAGRAPH_MOVED}
    ]
    news = [
        ch.detail.get("new_index", ch.detail.get("index"))
        for ch in changes
        if ch.kind
        in {ChangeKind.PARAGRAPH_ADDED, ChangeKind.PARAGRAPH_EDITED, ChangeKind.PARAGRAPH_MOVED}
    ]
    for ch in changes:
        if ch.kind in {ChangeKind.PARAGRAPH_SPLIT, ChangeKind.PARAGRAPH_MERGED}:
            olds.extend(ch.detail["old_indexes"])
            news.extend(ch.detail["new_indexes"])
    assert len(olds) == len(set(olds)) and len(news) == len(set(news))
    # Edits are always between different texts; moves between equal ones.
    for ch in changes:
        if ch.kind is ChangeKind.PARAGRAPH_EDITED:
            assert ch.detail["old"] != ch.detail["new"]
        if ch.kind is ChangeKind.PARAGRAPH_MOVED:
            assert normalize_text(old[ch.detail["old_index"]]) == ch.detail["text"]
            assert normalize_text(new[ch.detail["new_index"]]) == ch.detail["text"]


@settings(max_examples=150, deadline=None)
@given(st.lists(SERIAL, min_size=1, max_size=30, unique=True), st.randoms(use_true_random=False))
def test_permutation_gives_only_moves(serials: list[int], rnd: random.Random) -> None:
    old = [unique_paragraph(k) for k in serials]
    new = list(old)
    rnd.shuffle(new)
    changes = diff_articles(Article(paragraphs=tuple(old)), Article(paragraphs=tuple(new)))
    assert set(kinds(changes)) <= {"paragraph_moved"}
    assert len(changes) <= len(old) - 1
    assert (len(changes) == 0) == (old == new)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(SERIAL, min_size=0, max_size=20, unique=True),
    st.lists(st.tuples(st.integers(0, 20), st.integers(20_001, 30_000)), max_size=8),
)
def test_inserting_k_unique_paragraphs_gives_k_added(
    serials: list[int], inserts: list[tuple[int, int]]
) -> None:
    old = [unique_paragraph(k) for k in serials]
    new = list(old)
    fresh = {serial for _, serial in inserts}
    for position, serial in inserts:
        if serial in fresh:
            fresh.discard(serial)
            new.insert(min(position, len(new)), unique_paragraph(serial))
    k = len(new) - len(old)
    changes = diff_articles(Article(paragraphs=tuple(old)), Article(paragraphs=tuple(new)))
    assert kinds(changes) == (Counter({"paragraph_added": k}) if k else Counter())


@settings(max_examples=150, deadline=None)
@given(st.lists(SERIAL, min_size=2, max_size=20, unique=True), st.data())
def test_editing_one_word_gives_one_edit(serials: list[int], data: st.DataObject) -> None:
    old = [unique_paragraph(k) for k in serials]
    where = data.draw(st.integers(0, len(old) - 1))
    new = list(old)
    new[where] = new[where].replace("x3 ", "x3 changed ", 1)
    changes = diff_articles(Article(paragraphs=tuple(old)), Article(paragraphs=tuple(new)))
    assert kinds(changes) == Counter({"paragraph_edited": 1})
    assert changes[0].detail["old_index"] == changes[0].detail["new_index"] == where


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_word_diff_reconstructs_both_sides(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op in {"equal", "delete"}) == old
    assert "".join(t for op, t in ops if op in {"equal", "insert"}) == new
    assert all(t for _, t in ops)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(ops))


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT)
def test_word_diff_of_word_texts(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new
    if old == new:
        assert ops == [("equal", old)]


# Sentences of distinct words, so that each paragraph below is unlike every other.
def sentence(k: int, words: int) -> str:
    return " ".join(f"s{k}w{j}" for j in range(words)).capitalize() + "."


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(2, 5), min_size=1, max_size=12),
    st.data(),
)
def test_split_then_the_merge_that_undoes_it(sizes: list[int], data: st.DataObject) -> None:
    # Each paragraph is a few sentences; one of them is split at a sentence boundary.
    serial = itertools.count()
    original = [
        " ".join(sentence(next(serial), data.draw(st.integers(3, 12))) for _ in range(size))
        for size in sizes
    ]
    k = data.draw(st.integers(0, len(original) - 1))
    sentences = original[k].split(". ")
    cut = data.draw(st.integers(1, len(sentences) - 1))
    first, second = ". ".join(sentences[:cut]) + ".", ". ".join(sentences[cut:])
    split = [*original[:k], first, second, *original[k + 1 :]]

    forward = diff_articles(Article(paragraphs=tuple(original)), Article(paragraphs=tuple(split)))
    assert [c.kind for c in forward] == [ChangeKind.PARAGRAPH_SPLIT]
    assert forward[0].detail["old_indexes"] == [k]
    assert forward[0].detail["new_indexes"] == [k, k + 1]
    assert " ".join(forward[0].detail["new"]) == original[k]

    back = diff_articles(Article(paragraphs=tuple(split)), Article(paragraphs=tuple(original)))
    assert [c.kind for c in back] == [ChangeKind.PARAGRAPH_MERGED]
    merge = back[0].detail
    assert merge["old"] == [first, second] and merge["new"] == original[k]
    # Undoing the split from the merge's detail gives the original text back, paragraph by
    # paragraph.
    rebuilt = list(split)
    rebuilt[merge["old_indexes"][0] : merge["old_indexes"][-1] + 1] = [merge["new"]]
    assert rebuilt == original
