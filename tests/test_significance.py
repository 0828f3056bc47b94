"""What kind of edit it was: each class alone, mixed, in several languages; and its invariants."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import significance
from tracker.article import Article
from tracker.diff import ChangeKind, diff_articles
from tracker.significance import SIGNIFICANCE, classify, parse_significance

BASE = (
    "The city council approved the plan on Tuesday. Mayor Anna Berg said the work would cost "
    "40 million euros. “We will start in the spring,” she told reporters."
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # typo: one word respelled
        (BASE.replace("council", "councel"), ["typo"]),
        # punctuation, case and spacing only
        (BASE.replace("plan on", "plan, on"), ["punctuation"]),
        (BASE.replace("The city", "THE CITY"), ["punctuation"]),
        # a figure, a date
        (BASE.replace("40 million", "45 million"), ["number"]),
        (BASE.replace("40 million", "40 billion"), ["number"]),
        (BASE.replace("Tuesday", "Wednesday"), ["number"]),
        # a name
        (BASE.replace("Anna Berg", "Anna Lind"), ["name"]),
        # a quotation rewritten
        (BASE.replace("We will start", "We might start"), ["quote"]),
        # whole sentences
        (BASE + " Critics were not convinced.", ["sentence_added"]),
        (
            BASE.replace(" Mayor Anna Berg said the work would cost 40 million euros.", ""),
            ["sentence_removed"],
        ),
        # anything else
        (BASE.replace("approved the plan", "backed the scheme"), ["wording"]),
    ],
)
def test_each_class_alone(new: str, expected: list[str]) -> None:
    assert classify(BASE, new) == expected


def test_classes_mixed_come_in_vocabulary_order() -> None:
    new = (
        BASE.replace("40 million", "45 million")
        .replace("Anna Berg", "Anna Lind")
        .replace("council", "councel")
        + " Critics were not convinced."
    )
    assert classify(BASE, new) == ["typo", "number", "name", "sentence_added"]


def test_a_figure_inside_a_quote_is_both() -> None:
    old = "“It will cost 40 million,” she said."
    assert classify(old, "“It will cost 45 million,” she said.") == ["number", "quote"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Il a déclaré « nous allons gagner » hier.", "Il a déclaré « nous allons perdre » hier."),
        ("Er sagte „wir gewinnen“ am Montag.", "Er sagte „wir verlieren“ am Montag."),
        ("Er sagte »wir gewinnen« am Montag.", "Er sagte »wir verlieren« am Montag."),
        ('He said "we will win" on Monday.', 'He said "we could win" on Monday.'),
        ("Она сказала «мы победим» вчера.", "Она сказала «мы проиграем» вчера."),
    ],
)
def test_quotation_marks_of_several_languages(old: str, new: str) -> None:
    assert classify(old, new) == ["quote"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("It cost 1,500 euros.", "It cost 1.500 euros.", ["punctuation"]),
        ("It cost 1 500 000 euros.", "It cost 1,500,000 euros.", ["punctuation"]),
        ("Growth was 1,5 percent.", "Growth was 1.5 percent.", ["punctuation"]),
        ("Growth was 1,5 %.", "Growth was 1,7 %.", ["number"]),
        ("Das Wachstum lag bei 2,5 Prozent.", "Das Wachstum lag bei 3,1 Prozent.", ["number"]),
        ("Trois lignes seront prolongées.", "Quatre lignes seront prolongées.", ["number"]),
        ("It was 1999.", "It was 1998.", ["number"]),
    ],
)
def test_number_formats(old: str, new: str, expected: list[str]) -> None:
    assert classify(old, new) == expected


def test_words_joined_or_split_are_a_typo() -> None:
    assert classify("It happens every day here.", "It happens everyday here.") == ["typo"]


def test_same_text_has_no_class() -> None:
    assert classify(BASE, BASE) == []
    assert classify(BASE, "  " + BASE.replace(" ", "  ") + " ") == []


def test_edits_and_titles_carry_significance() -> None:
    old = Article("Council approves plan", (BASE, "A second paragraph about something else."))
    new = Article(
        "Council approves plan after debate",
        (BASE.replace("40 million", "45 million"), "A second paragraph about something else."),
    )
    changes = diff_articles(old, new)
    assert [c.kind for c in changes] == [ChangeKind.TITLE_CHANGED, ChangeKind.PARAGRAPH_EDITED]
    assert changes[0].detail["significance"] == ["wording"]
    assert changes[1].detail["significance"] == ["number"]


def test_parse_significance() -> None:
    assert parse_significance(["number,name", "quote"]) == frozenset({"number", "name", "quote"})
    assert parse_significance([]) is None
    with pytest.raises(ValueError, match="unknown significance 'figure'"):
        parse_significance(["figure"])


# Texts from a vocabulary where every class can occur: names, numbers, quotes, sentence ends.
VOCABULARY_TEXT = (
    'the council plan said Anna Berg Zürich 40 45 1,5 1.500 million March « » “ ” „ " . , ! ? '
    "counsil café cafe\u0301 ﬁnal final e\u0301te\u0301 été"
)
VOCABULARY = VOCABULARY_TEXT.split(" ")
TEXT = st.lists(st.sampled_from(VOCABULARY), max_size=30).map(" ".join)


def respaced(text: str, data: st.DataObject) -> str:
    spaces = st.sampled_from([" ", "  ", "\u00a0", "\t", "\n "])
    return data.draw(spaces) + data.draw(spaces).join(text.split(" ")) + data.draw(spaces)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, st.data())
def test_classes_are_stable_under_whitespace_and_unicode_forms(
    old: str, new: str, data: st.DataObject
) -> None:
    expected = classify(old, new)
    assert expected == classify(old, new)  # deterministic
    assert set(expected) <= set(SIGNIFICANCE)
    forms: list[Literal["NFC", "NFD", "NFKC", "NFKD"]] = ["NFC", "NFD", "NFKC", "NFKD"]
    form = data.draw(st.sampled_from(forms))
    assert classify(unicodedata.normalize(form, old), respaced(new, data)) == expected
    assert classify(respaced(old, data), unicodedata.normalize(form, new)) == expected


# --------------------------------------------------------------------------- bounded work


def full_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, every cell of the table worked out."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            value = min(
                table[i - 1][j] + 1,
                table[i][j - 1] + 1,
                table[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, table[i - 2][j - 2] + 1)
            table[i][j] = value
    return table[-1][-1]


@settings(max_examples=500, deadline=None)
@given(
    a=st.text(alphabet="abc", max_size=10),
    b=st.text(alphabet="abc", max_size=10),
    limit=st.integers(0, 3),
)
def test_the_banded_distance_is_the_full_one_up_to_the_limit(a: str, b: str, limit: int) -> None:
    assert significance._distance(a, b, limit) == min(full_distance(a, b), limit + 1)


def test_a_long_word_respelled_is_a_typo() -> None:
    word = "x" * 20_000
    assert classify(f"Intro {word}a tail.", f"Intro {word}b tail.") == ["typo"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='ab "«»“”', max_size=40))
def test_a_token_is_quoted_where_a_quotation_spans_it(text: str) -> None:
    side = significance._Text(text)
    for token in side.tokens:
        assert side.quoted(token) == any(a < token.start < b for a, b in side.quotes)


def test_a_long_run_of_replaced_sentences_is_compared_a_few_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = significance._similar

    def counted(a: list[str], b: list[str]) -> float:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(significance, "_similar", counted)

    def word(i: int, letters: str) -> str:  # a word of its own for each i
        return "".join(letters[int(d)] for d in str(i))

    kept = " ".join(f"Kept {word(i, 'abcdefghij')}." for i in range(300))
    old = kept + " " + " ".join(f"Gone {word(i, 'klmnopqrst')}." for i in range(400)) + " " + kept
    new = kept + " " + " ".join(f"Came {word(i, 'uvwxyzABCD')}." for i in range(400)) + " " + kept
    assert classify(old, new) == ["sentence_added", "sentence_removed"]
    assert len(calls) <= 400 * significance._PAIRING_WINDOW
