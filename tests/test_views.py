"""Reading a view count from text (the elements and lines to read are extract's: see
test_extract.py)."""

from __future__ import annotations

import re

import pytest

from tracker.views import number_in, parse_views, views_by_regex


def test_parse_views_helper() -> None:
    assert parse_views("Views: 1,254") == 1254
    # (a verb after "Mal" is a sentence's, not a counter's)
    assert parse_views("Das Video wurde 3000 Mal angesehen.") is None
    assert parse_views("254", keyword=False) == 254
    assert parse_views("254") is None
    assert parse_views("no numbers here") is None


@pytest.mark.parametrize(
    ("text", "views"),
    [
        ("Zugriffe: 1.234", 1234),
        ("Affichages : 321", 321),
        ("Visite: 42", 42),
        ("1.2K views", 1200),
        ("3M views", 3_000_000),
        ("Просмотров: 1\u00a0254", 1254),
        ("Visto 1.254 veces", 1254),
        ("\U0001f441 254", 254),
    ],
)
def test_counts_in_the_words_pages_use(text: str, views: int) -> None:
    assert parse_views(text) == views


@pytest.mark.parametrize(
    "text",
    [
        "Page last reviewed: 14 February 2024",
        "Previews: 3",
        "Overview: 5 steps",
        "Threads: 1,234",
        "Reviews: 12",
        "We interviewed 20 residents",
        "Entrevistas: 3",
        "Revues: 2",
    ],
)
def test_a_view_word_inside_another_word_counts_nothing(text: str) -> None:
    """A health page's review date, a forum's threads, a shop's reviews: read as views, each
    would be a series of view counts that jumps whenever the page is reviewed again."""
    assert parse_views(text) is None


@pytest.mark.parametrize(
    ("text", "views"),
    [("Seitenaufrufe: 1.234", 1234), ("Page views: 88", 88), ("記事の閲覧数：456", 456)],
)
def test_compounds_of_a_view_word_still_count(text: str, views: int) -> None:
    assert parse_views(text) == views


def test_a_number_named_by_the_owner() -> None:
    assert number_in("Gelesen von 1.254 Menschen") == 1254
    assert number_in("keine Zahl") is None
    assert views_by_regex(re.compile(r"(\d+) Leser"), "bisher 77 Leser") == 77
    assert views_by_regex(re.compile(r"\d+"), "Leser: 5") == 5
    assert views_by_regex(re.compile(r"(\d+) Leser"), "niemand") is None
