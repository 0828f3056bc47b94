"""The text normaliser that extraction, hashing and diff share."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tracker.article import Article, comparable_text, normalize_text

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"), None)


def reference(text: str) -> str:
    """The definition: control characters (but whitespace) and invisible characters (but the
    zero-width joiner and non-joiner) dropped, NFC, whitespace runs as one space."""
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return re.sub(r"\s+", " ", text).strip()


def comparable_reference(text: str) -> str:
    """How texts compare: the canonical text without the joiners, compatibility forms folded
    (NFKC)."""
    folded = unicodedata.normalize("NFKC", reference(text).translate(_JOINERS))
    return re.sub(r"\s+", " ", folded).strip()


# Characters where the quick paths could go wrong: every kind of space, the invisible ones,
# characters NFKC rewrites (ligatures, full-width, circled digits, compatibility spaces).
TRICKY = st.sampled_from(
    list(" \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000")
    + list("\u00ad\u200b\u200c\u200d\u2060\ufeff")
    + list("\ufb01\uff21\u2460\u00bd\u2126\u1e9b\u0301e\u00e9ab. ")
    + list("\x00\x07\x1b\x7f\x80\x9b\x9f\x1c\x1f")  # control characters
)
TEXT = st.lists(st.one_of(TRICKY, st.characters()), max_size=40).map("".join)


@given(TEXT)
def test_normalize_text_is_its_definition(text: str) -> None:
    assert normalize_text(text) == reference(text)


@given(TEXT)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(TEXT)
def test_single_spaced_text_needs_no_second_look_at_its_spacing(text: str) -> None:
    # (what extraction hands over: its blocks are single-spaced already; NFKC may still
    # make a space, as it does of U+00A8, and dropping a zero-width space may join two)
    spaced = " ".join(text.split())
    assert normalize_text(spaced, single_spaced=True) == reference(spaced)


@given(TEXT)
def test_comparable_text_is_its_definition(text: str) -> None:
    assert comparable_text(text) == comparable_reference(text)
    assert comparable_text(comparable_text(text)) == comparable_text(text)


def test_text_is_kept_as_written_and_compared_with_its_forms_folded() -> None:
    """A report quotes "m²", "…" and full-width punctuation as the page printed them; a
    version stored with their compatibility forms is still the same text."""
    written = "Die Wohnung hat 80 m² … 「東京（とうきょう）」！ ﬁnal"
    assert normalize_text(written) == written
    assert comparable_text(written) == comparable_text(
        "Die Wohnung hat 80 m2 ... 「東京(とうきょう)」! final"
    )
    assert comparable_text(written) != comparable_text("Die Wohnung hat 80 m3 ... ")


def test_the_joiners_that_spell_a_word_are_kept_and_compared_without() -> None:
    """Persian spells words with the zero-width non-joiner, Hindi and emoji sequences use the
    joiner: the text keeps them. A version stored without them (as earlier releases stored
    every text) is the same text, not an edit of each such word."""
    persian = "یزد را «شهر بادگیرها» می\u200cنامند."
    hindi = "क्\u200dष"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    for text in (persian, hindi, family):
        assert normalize_text(text) == text
        assert comparable_text(text) == comparable_text(text.translate(_JOINERS))
    assert normalize_text("Zero\u200bwidth\u00ad space") == "Zerowidth space"


def test_an_invisible_character_inside_a_letter_does_not_split_it() -> None:
    assert normalize_text("e\u00ad\u0301t\u00e9") == "\u00e9t\u00e9"


def test_whitespace_and_unicode_forms_hash_alike() -> None:
    a = Article("Title", ("Caf\u00e9 opens\u00a0 today.", "Second\u200b paragraph"))
    b = Article(" Title ", ("Cafe\u0301 opens today.", "Second paragraph"))
    assert a.content_hash() == b.content_hash()
    assert a.content_hash() != Article("Title", ("Caf\u00e9 opens today.",)).content_hash()


def test_control_characters_are_no_text() -> None:
    """A page's ESC sequences never reach a version, a diff or a terminal."""
    assert normalize_text("Head\x1b]0;PWNED\x07\x1b[2J\x1b[31mline") == "Head]0;PWNED[2J[31mline"
    assert normalize_text("a\x00 \x9b b") == "a b"
