"""Properties of extraction that hold for any input whatsoever."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker.extract as X
from tracker.article import ExtractOptions, normalize_text
from tracker.extract import extract

# Tags that switch the tokenizer into raw text (plaintext, xmp, ...) are left out of the
# markup alphabet: after them, a "<script>" is literally text and may rightly be shown.
TAGS = [
    "p",
    "div",
    "span",
    "a",
    "b",
    "br",
    "h1",
    "h2",
    "li",
    "ul",
    "article",
    "section",
    "table",
    "td",
    "tr",
    "nav",
    "footer",
    "aside",
    "blockquote",
    "i",
    "figure",
    "main",
]
ATTRS = [
    "",
    ' class="content"',
    ' class="share"',
    ' class="comments"',
    ' id="main"',
    ' class="views"',
    " hidden",
    ' class="fa fa-eye"',
    ' style="display:none"',
]

safe_text = st.text(
    alphabet=st.characters(exclude_characters="<&", codec="utf-8"),
    max_size=80,
)
words = st.lists(
    st.sampled_from(
        [
            "alpha",
            "beta",
            "gamma",
            "Views: 12",
            "1,254 views",
            "Просмотров",
            "delta, epsilon",
            "zeta.",
            "\u00a0",
            "\u200b",
            "Straße",
            "ﬁne",
        ]
    ),
    max_size=20,
).map(" ".join)

fragment = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    safe_text,
    words,
)
markup = st.lists(fragment, max_size=40).map("".join)


def check(article_paragraphs: tuple[str, ...]) -> None:
    for p in article_paragraphs:
        assert p
        assert p == normalize_text(p)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=500))
def test_any_text_never_raises(text: str) -> None:
    check(extract(text).paragraphs)


@settings(max_examples=300)
@given(st.binary(max_size=500))
def test_any_bytes_never_raise(data: bytes) -> None:
    check(extract(data).paragraphs)


@settings(max_examples=300)
@given(markup)
def test_any_markup_never_raises_and_is_deterministic(html: str) -> None:
    first = extract(html)
    check(first.paragraphs)
    assert extract(html) == first
    assert extract(html.encode("utf-8")) == first


@settings(max_examples=200)
@given(markup, markup, st.sampled_from(["script", "style"]))
def test_script_and_style_text_never_appears(before: str, after: str, tag: str) -> None:
    secret = "QZXSECRETQZX"
    html = f"{before}<{tag}>var {secret} = 'Views: 99 {secret}';</{tag}>{after}"
    article = extract(html)
    assert all(secret not in p for p in article.paragraphs)
    assert secret not in article.title


@settings(max_examples=100)
@given(
    markup,
    st.text(max_size=30),
    st.lists(st.text(max_size=20), max_size=3),
    st.text(max_size=30),
    st.text(max_size=30),
)
def test_arbitrary_options_never_raise(
    html: str, body: str, exclude: list[str], views_sel: str, views_re: str
) -> None:
    options = ExtractOptions(
        body_selector=body or None,
        exclude_selectors=tuple(exclude),
        views_selector=views_sel or None,
        views_regex=views_re or None,
    )
    check(extract(html, options=options).paragraphs)


def test_deeply_nested_markup_does_not_overflow() -> None:
    html = (
        "<div>" * 20000
        + "A paragraph that is long enough to be an article body, surely."
        + "</div>" * 20000
    )
    article = extract(html)
    check(article.paragraphs)


def test_huge_titles_and_many_headlines_never_raise() -> None:
    # (a page's titles name its subject, by the starts of their words, and its headlines
    # unmask their wrappers: a word of a megabyte in a title or a heading, and tens of
    # thousands of headings in chrome; how long this takes is bench/README.md's, not asserted)
    story = "<p>" + "Ein Satz des Artikels, der lang genug ist, um zu zählen. " * 8 + "</p>"
    html = (
        f"<html><head><title>{'a' * 2_000_000}</title></head><body><h1>{'b' * 1_000_000}</h1>"
        + "".join(f'<div class="sidebar-{i}"><h1>Titel {i}</h1></div>' for i in range(20_000))
        + f'<div class="cookie">{story * 3}</div></body></html>'
    )
    article = extract(html)
    check(article.paragraphs)


def test_slug_ids_permalinks_and_sibling_rows_never_raise() -> None:
    # (a section's id read as its heading's text, a heading's permalink mark, the rows of a
    # site builder before the article's: an id of 10,000 words over a heading of a
    # megabyte, 20,000 in-page anchors, 20,000 rows of the article's kind; how long this
    # takes is bench/README.md's, not asserted)
    story = "<p>" + "Ein Satz des Artikels, der lang genug ist, um zu zählen. " * 8 + "</p>"
    slug = "-".join(["related"] * 10_000)
    html = (
        f'<html><body><section id="{slug}"><h2>{"related " * 150_000}</h2>{story}</section>'
        f'<section id="a-b-related"><h2>{"x" * 1_000_000}</h2>{story}</section>'
        + "".join(f'<h3>Part {i}<a href="#p{i}">¶</a></h3>' for i in range(20_000))
        + '<div class="layout">'
        + '<div class="row"><p>short</p></div>' * 20_000
        + f'<div class="row">{story * 12}</div></div></body></html>'
    )
    article = extract(html)
    check(article.paragraphs)
    assert not any("¶" in p for p in article.paragraphs)


# Large pages take another path (the article's part is found first, then analysed): an
# article long enough for that, with arbitrary markup around and inside it.
sentence = st.lists(
    st.sampled_from(["council", "bridge", "river", "Views:", "1,254", "and,", "Straße", "ﬁne"]),
    min_size=12,
    max_size=30,
).map(" ".join)
large_page = st.tuples(
    markup,
    st.lists(st.tuples(sentence, markup), min_size=5, max_size=12),
    markup,
).map(
    lambda t: (
        t[0] + "<div class='story'>" + "".join(f"<p>{s}</p>{m}" for s, m in t[1]) + "</div>" + t[2]
    )
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(large_page)
def test_large_pages_never_raise_and_are_deterministic(html: str) -> None:
    first = extract(html)
    check(first.paragraphs)
    assert extract(html) == first
    assert extract(html.encode("utf-8")) == first


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    markup,
    st.lists(sentence, min_size=5, max_size=10),
    st.integers(min_value=0, max_value=10),
    st.sampled_from(["script", "style", "noscript", "template"]),
)
def test_script_and_style_text_never_appears_in_large_pages(
    before: str, sentences: list[str], at: int, tag: str
) -> None:
    secret = "QZXSECRETQZX"
    hidden = f"<{tag}>var {secret} = 'Views: 99 {secret}';</{tag}>"
    paragraphs = [f"<p>{s}</p>" for s in sentences]
    paragraphs.insert(min(at, len(paragraphs)), hidden)
    html = f"{before}<div class='story'>{''.join(paragraphs)}</div>"
    article = extract(html)
    assert all(secret not in p for p in article.paragraphs)
    assert secret not in article.title


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(large_page)
def test_large_page_paragraphs_come_from_the_page_text(html: str) -> None:
    # every word of every paragraph is written on the page: nothing is invented
    from selectolax.lexbor import LexborHTMLParser

    text = "".join(normalize_text(LexborHTMLParser(html).text(separator="")).split())
    for p in extract(html).paragraphs:
        assert all(word in text for word in p.split())


def _reference_words(value: str) -> list[str]:
    """The definition of a class/id token's words: camelCase parts it, then anything but
    ASCII letters and digits; lower case."""
    return [
        w
        for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", value).lower())
        if w
    ]


def _reference_skips(
    words: list[str], i: int, before: str, conditional: bool, block: list[str]
) -> bool:
    """Whether the word at `i` names nothing the element is: a job's advertisement (the
    posting), what an element holds only, an item's publishing state, the icon a box is
    drawn with, a part hidden (its label, its overflow) or hidden on some screens only, a
    closed panel the reader opens, where a part of the element sits, a qualifier ("extra"
    before the word it qualifies, "more" before information), the picture beside a block of
    text (a picture's word among the words of a block, before "__", that names a text too,
    or before the side the picture sits on)."""
    word = words[i]
    pictures = ("image", "img", "media", "photo", "pic", "picture")
    return (
        (
            word in pictures
            and (
                (i < len(block) and "text" in block and "text" in words)
                or (i + 1 < len(words) and words[i + 1] in ("left", "right", "links", "rechts"))
            )
        )
        or (word == "ad" and before == "job")
        or (word == "only" and i == 0 and len(words) > 1)
        or (word == "promoted" and before == "node")
        or (word == "icon" and i + 1 < len(words))
        or word in ("iconbox", "iconboxes")
        or (word == "extra" and i + 1 < len(words))
        or (word == "more" and i + 1 < len(words) and words[i + 1] in X._FURTHER)
        or (word == "next" and i + 1 < len(words) and words[i + 1] in ("step", "steps"))
        or (word == "sidebar" and before == "section" and i >= 2)
        or (word == "tag" and before == "heading")
        or (word == "header" and before in X._FOLDED_PARTS)
        or (word == "footer" and before == "product")
        or (
            word in ("hidden", "hide", "invisible")
            and (
                before in X._PART_WORDS
                or before in X._FOLDED_PARTS
                or conditional
                or not X._CONDITIONS.isdisjoint(words)
            )
        )
        or (i + 1 < len(words) and words[i + 1] in ("align", "alignment", "position", "placement"))
    )


def _reference_pair(words: list[str], i: int, before: str) -> int | None:
    """The flags of the word at `i` where the word beside it says what it names: the
    site's masthead, a subscription to alerts, the form for an answer (strong chrome); the
    site's other pages (a weak word of teasers)."""
    word = words[i]
    if (
        (word == "header" and before in ("site", "location", "global"))
        or (word == "alert" and before in ("job", "price", "search"))
        or (word == "form" and before == "answer")
    ):
        return X._CHROME_WORD | X._STRONG_CHROME_WORD | X._PLAIN_CHROME_WORD
    if word == "other" and i + 1 < len(words) and words[i + 1] not in X._FURTHER:
        return X._CHROME_WORD | X._PLAIN_CHROME_WORD | X._TEASER_WORD
    return None


def _reference_flags(token: str) -> int:
    """The definition of a token's flags: each word tested against every listed prefix."""
    flags = 0
    before = ""
    # (a utility's variants are its conditions: "md:hidden", "print:break-inside-avoid")
    conditional = ":" in token
    token = token.rpartition(":")[2]
    words = _reference_words(token)
    block = _reference_words(token.partition("__")[0])
    for i, word in enumerate(words):
        if word in ("has", "with", "without", "no") or (word in ("before", "after") and i > 0):
            break  # (what follows says what the element has, or names its neighbour)
        if _reference_skips(words, i, before, conditional, block):
            before = word
            continue
        pair = _reference_pair(words, i, before)
        if pair is not None:
            flags |= pair
            before = word
            continue
        before = word
        # (a part of the frame glued to a prefix, "sitefooter", "leftnav": the part's word)
        word = next(
            (
                suffix
                for suffix in ("footer", "nav", "navigation", "menu", "sidebar", "breadcrumb")
                if word.endswith(suffix) and len(word) > len(suffix) and len(word) > 4
            ),
            word,
        )
        if word in X._STRONG_EXACT or word.startswith(X._STRONG_PREFIXES):
            found = X._CHROME_WORD | X._STRONG_CHROME_WORD
        elif word in X._WEAK_EXACT or word.startswith(X._WEAK_PREFIXES):
            found = X._CHROME_WORD
        else:
            found = 0
        if word.startswith(X._NOTE_PREFIXES):
            found |= X._NOTE_WORD
        elif found:
            # (a chrome word that names no note: the box is no note of the text)
            found |= X._PLAIN_CHROME_WORD
        if word.startswith(X._POS_PREFIXES):
            found |= X._ARTICLE_WORD
        if word.startswith(X._VIEW_PREFIXES) and not word.startswith("viewport"):
            found |= X._COUNTER_WORD
        if word.startswith(X._TEASER_PREFIXES):
            found |= X._TEASER_WORD
        if word in X._CODE_EXACT or word.startswith(X._CODE_PREFIXES):
            found |= X._CODE_WORD
        flags |= found
    # (a token that names code says nothing else)
    return X._CODE_WORD if flags & X._CODE_WORD else flags


_LISTED = sorted(
    {*X._STRONG_PREFIXES, *X._WEAK_PREFIXES, *X._POS_PREFIXES, *X._VIEW_PREFIXES}
    | {*X._TEASER_PREFIXES, *X._STRONG_EXACT, *X._WEAK_EXACT, *X._CODE_PREFIXES, *X._CODE_EXACT}
    | {*X._NOTE_PREFIXES}
    | {"viewport", "has", "with", "without", "no", "job", "Ü", "ß", "panel", "faq", "align"}
    | {"site", "location", "global", "price", "search", "answer", "form", "other"}
    | {"image", "img", "media", "photo", "pic", "picture", "text", "left", "right", "links"}
    | {"rechts", "next", "step", "steps", "section", "cms", "heading", "product", "iconbox"}
    | {"nav", "menu", "footer", "breadcrumb", "site", "main", "left", "expand", "hidden"}
)
_TOKEN_PART = st.one_of(
    st.sampled_from(_LISTED),
    st.sampled_from(_LISTED).map(str.title),
    st.sampled_from(["-", "_", "--", "__", ":", "1", "A", "x", "Ü", "é"]),
    st.text(max_size=4),
)


@settings(max_examples=2000)
@given(st.lists(_TOKEN_PART, max_size=6).map("".join))
def test_class_words_are_classified_as_defined(token: str) -> None:
    assert X._hint_words(token) == _reference_words(token)
    assert X._token_flags(token) == _reference_flags(token)


# Every kind of whitespace str.split() knows, and the invisible characters it does not.
SPACES = st.sampled_from(
    list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f")
    + list("\u205f\u3000\u200b\ufeff")
)


@given(st.lists(st.one_of(SPACES, st.characters(), st.just("Zeile ")), max_size=120).map("".join))
def test_collapsing_spaces_is_splitting_and_joining(text: str) -> None:
    assert X._collapse_space(text) == " ".join(text.split())
