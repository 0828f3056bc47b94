"""Extraction: the article and nothing else, from our sample site, the reference page and
small hand-written pages."""

from __future__ import annotations

import json

import pytest

import tracker.extract as X
from tests import seedpage
from tracker.article import Article, ExtractOptions, normalize_text
from tracker.demo.layouts import LAYOUTS, SAMPLE_ARTICLES, PageState, render
from tracker.extract import extract

LONG_A = "The council met on Tuesday evening to discuss the plans for the new bridge."
LONG_B = "Residents of both districts have waited more than ten years for the crossing."
LONG_C = "Engineers expect the construction to take three summers, weather permitting."


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def expected(state: PageState) -> tuple[str, ...]:
    return tuple(normalize_text(p) for p in state.paragraphs)


# --- the sample site ----------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(SAMPLE_ARTICLES))
def test_sample_site_extracts_exactly_the_article(layout: str, name: str) -> None:
    state = SAMPLE_ARTICLES[name]
    article = extract(render(layout, state))
    assert article.paragraphs == expected(state)
    assert article.title == state.title
    assert article.views == state.views


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(SAMPLE_ARTICLES))
def test_surroundings_changing_between_ticks_never_change_the_article(
    layout: str, name: str
) -> None:
    state = SAMPLE_ARTICLES[name]
    pages = [render(layout, state, tick=t) for t in (0, 1, 2, 3, 5, 17, 61, 3601)]
    assert len(set(pages)) > 1, "tick must change the page around the article"
    first = extract(pages[0])
    for html in pages[1:]:
        other = extract(html)
        assert (other.title, other.paragraphs, other.views) == (
            first.title,
            first.paragraphs,
            first.views,
        )


def test_duplicated_paragraph_is_kept_twice() -> None:
    state = SAMPLE_ARTICLES["harbour-rail"]
    for layout in LAYOUTS:
        paragraphs = extract(render(layout, state)).paragraphs
        repeated = [p for p in set(paragraphs) if paragraphs.count(p) == 2]
        assert len(repeated) == 1


def test_at_least_one_sample_prints_a_paragraph_twice() -> None:
    assert any(len(set(s.paragraphs)) < len(s.paragraphs) for s in SAMPLE_ARTICLES.values())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_edited_article_changes_only_what_was_edited(layout: str) -> None:
    state = SAMPLE_ARTICLES["orchard-frost"]
    edited = PageState(
        title=state.title + " (updated)",
        paragraphs=[
            *state.paragraphs[:2],
            "A brand new paragraph about pruning tools.",
            *state.paragraphs[3:],
        ],
        views=state.views + 10,
    )
    article = extract(render(layout, edited, tick=4))
    assert article.paragraphs == expected(edited)
    assert article.title == edited.title
    assert article.views == edited.views


def test_unknown_layout_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        render("nope", SAMPLE_ARTICLES["harbour-rail"])


# --- the reference page ----------------------------------------------------------------------


def test_seed_page_yields_the_article_only() -> None:
    html = seedpage.seed_html()
    if html is None:
        pytest.skip(f"seed text not found at {seedpage.SEED_PATH} (shared data not mounted)")
    blocks = [normalize_text(b) for b in seedpage.seed_blocks()]
    article = extract(html)
    assert article.paragraphs == tuple(blocks)
    assert article.views == 254
    assert article.title == seedpage.seed_headline()
    twice = [b for b in set(blocks) if blocks.count(b) == 2]
    assert len(twice) == 1
    assert all(blocks.count(b) <= 2 for b in blocks)


# --- view counters ------------------------------------------------------------------------------

ARTICLE = f"<article><p>{LONG_A}</p><p>{LONG_B}</p><p>{LONG_C}</p></article>"


@pytest.mark.parametrize(
    ("snippet", "views"),
    [
        ("<div>Views: 254</div>", 254),
        ("<span>254 views</span>", 254),
        ("<span>1,254 views</span>", 1254),
        ("<span>1.254 Aufrufe</span>", 1254),
        ("<span>Aufrufe: 9.870</span>", 9870),
        ("<div>Просмотров: 254</div>", 254),
        ("<div>Просмотры 254</div>", 254),
        ("<div>Просмотров: 1\u00a0254</div>", 1254),
        ("<div>Просмотров: 12\u202f345</div>", 12345),
        ("<div>Visitas: 1.234</div>", 1234),
        ("<div>Vues : 3 210</div>", 3210),
        ("<div>Lecturas: 77</div>", 77),
        ("<div>Visto 1.254 veces</div>", 1254),
        ("<span>1.2K views</span>", 1200),
        ("<span>3M views</span>", 3_000_000),
        ("<span>12\u2009500 views</span>", 12500),
        ('<span class="meta"><i class="fa fa-eye"></i> 4,321</span>', 4321),
        ('<span><svg class="icon-eye"></svg>87</span>', 87),
        ('<span class="post-views-count">908</span>', 908),
        ('<div id="hit-counter"><b>Hits:</b> 55</div>', 55),
        # a CMS's article info in the site's language (Joomla's "hits", as German, French
        # and Italian sites print it)
        ('<dl class="article-info"><dd class="hits">Zugriffe: 1.234</dd></dl>', 1234),
        ('<dl class="article-info"><dd class="hits">Affichages : 321</dd></dl>', 321),
        ('<dl class="article-info"><dd class="hits">Visite: 42</dd></dl>', 42),
    ],
)
def test_view_counter_formats(snippet: str, views: int) -> None:
    html = page(f"<div class='top'>{snippet}</div>{ARTICLE}")
    assert extract(html).views == views


def test_counter_element_is_preferred_over_free_text() -> None:
    html = page(
        f"{ARTICLE}<p>Our records show 99 views of the old map.</p>"
        '<span class="view-count">1,500</span>'
    )
    assert extract(html).views == 1500


def test_no_counter_means_no_views() -> None:
    assert extract(page(ARTICLE)).views is None


def test_comment_and_share_counts_are_not_views() -> None:
    html = page(
        f'{ARTICLE}<span class="comment-count">12</span><span class="share-counter">7</span>'
    )
    assert extract(html).views is None


# --- text and markup -------------------------------------------------------------------------


def test_br_separates_blocks_and_never_glues_words() -> None:
    html = page(f"<div class='story'><p>{LONG_A}<br>{LONG_B}<br/><br/>{LONG_C}</p></div>")
    assert extract(html).paragraphs == (LONG_A, LONG_B, LONG_C)


def test_word_br_word_is_never_wordword() -> None:
    html = page(f"<p>{LONG_A}</p><p>{LONG_B} alpha<br>omega</p>")
    text = " ".join(extract(html).paragraphs)
    assert "alphaomega" not in text
    assert "alpha" in text and "omega" in text


def test_div_only_article_with_text_directly_in_divs() -> None:
    html = page(
        "<div id='wrap'><div class='menu'><a href='/'>Home</a> <a href='/a'>About</a></div>"
        f"<div class='txt'>{LONG_A}<div>{LONG_B}</div>{LONG_C}</div>"
        "<div class='footer'>Copyright 2024 Example Media, all rights reserved.</div></div>"
    )
    assert extract(html).paragraphs == (LONG_A, LONG_B, LONG_C)


def test_inline_markup_keeps_words_together() -> None:
    html = page(f"<p>{LONG_A} It was <b>very</b> <i>late</i>, almost mid<span>night</span>.</p>")
    assert extract(html).paragraphs == (f"{LONG_A} It was very late, almost midnight.",)


def test_script_style_and_template_text_never_appear() -> None:
    html = page(
        f"<article><p>{LONG_A}</p><script>var SECRET_SCRIPT = 1;</script>"
        f"<style>.SECRET_STYLE {{ color: red }}</style><p>{LONG_B}</p>"
        "<noscript>SECRET_NOSCRIPT please enable javascript in your browser</noscript>"
        f"<template><p>SECRET_TEMPLATE {LONG_C}</p></template></article>",
        head="<style>body{}</style><script>SECRET_HEAD()</script>",
    )
    article = extract(html)
    assert article.paragraphs == (LONG_A, LONG_B)
    assert "SECRET" not in repr(article)


def test_hidden_elements_are_not_text() -> None:
    html = page(
        f"<article><p>{LONG_A}</p><p hidden>{LONG_C} hidden one</p>"
        f"<p style='display: none'>{LONG_C} hidden two</p><p>{LONG_B}</p></article>"
    )
    assert extract(html).paragraphs == (LONG_A, LONG_B)


def test_whitespace_and_unicode_forms_are_normalised() -> None:
    html = page(f"<p>  {LONG_A}\n\t  Cafe\u0301\u00a0open. </p><p>{LONG_B}\u200b</p>")
    assert extract(html).paragraphs == (
        normalize_text(f"{LONG_A} Café open."),
        LONG_B,
    )


def test_the_joiners_a_script_spells_with_are_kept() -> None:
    """A Persian article's words keep their zero-width non-joiners, a Hindi one its joiners:
    without them the words are misspelt."""
    persian = (
        "یزد را «شهر بادگیرها» می\u200cنامند و این لقب اغراق نیست؛ در بافت تاریخی شهر "
        "صدها بادگیر هنوز هوای خانه\u200cها را خنک نگه می\u200cدارند."
    )
    hindi = "शहर के पुराने हिस्से में क्\u200dषेत्रीय बाज़ार हर सुबह खुलता है और देर रात तक चलता है।"
    html = page(f"<p>{LONG_A}</p><p>{persian}</p><p>{hindi}</p><p>{LONG_B}</p>")
    assert extract(html).paragraphs == (LONG_A, persian, hindi, LONG_B)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        b"",
        b"\x00\xff\xfe garbage \x80",
        "<<<>>>",
        "<html>",
        "</p></div>",
        "\x00" * 10,
        "<!-- unterminated",
        "<script>" * 5,
    ],
)
def test_empty_or_garbage_input_gives_an_empty_article(garbage: str | bytes) -> None:
    article = extract(garbage)
    assert article.paragraphs == ()
    assert article.views is None


def test_bytes_are_decoded_as_utf8() -> None:
    html = page(f"<p>{LONG_A} Grüße aus Köln.</p>").encode("utf-8")
    assert extract(html).paragraphs == (f"{LONG_A} Grüße aus Köln.",)


def test_empty_string_is_an_empty_article() -> None:
    assert extract("") == Article()


def test_page_chrome_inside_the_article_container_is_dropped() -> None:
    html = page(
        "<article>"
        "<div class='byline'>By Jane Example</div><time datetime='2024-01-02'>2 January 2024</time>"
        f"<p>{LONG_A}</p>"
        "<figure><img src='x.jpg'><figcaption>A long caption describing the photo of the "
        "bridge at sunset, taken from the river bank.</figcaption></figure>"
        f"<p>{LONG_B}</p>"
        "<div class='ad'>Advertisement<p>Buy the best insurance for your car today, "
        "it is cheap.</p></div>"
        "<p class='read-more'>Read more: <a href='/x'>Another story about bridges</a></p>"
        f"<p>{LONG_C}</p>"
        "<div class='share-buttons'><a>Facebook</a><a>Twitter</a><a>Copy link</a></div>"
        "<div class='related-posts'><h3>Related</h3><p>A related story with a long enough "
        "summary sentence to look like a paragraph.</p></div>"
        "</article>"
        "<section class='comments'><p>A reader comment that is long enough to be a paragraph "
        "of its own, with commas, clauses, and opinions.</p></section>"
    )
    assert extract(html).paragraphs == (LONG_A, LONG_B, LONG_C)


@pytest.mark.parametrize(
    "line",
    [
        *("Advert", "ADVERTISEMENT", "Publicité", "Reklama", "広告"),
        "segunda-feira, 22 de janeiro de 2018 às 0:13",
        "Montag, 22. Januar 2018, 10:15 Uhr",
        "3 de marzo de 2026",
        "Tags",
        # stamps of when and how long ago, and share and print prompts, in other languages
        *("vor 3 Stunden", "il y a 2 heures", "hace 5 minutos", "3 godziny temu", "2 ore fa"),
        *("Aktualisiert: 14.05.2026, 10:15 Uhr", "Stand: 12.03.2026", "Mis à jour le 3 mai"),
        *("Veröffentlicht am 3. Mai 2026", "Publicado el 3 de mayo", "5 uur geleden"),
        *("Teilen", "Artikel teilen:", "Drucken", "Link kopieren", "Partager", "Compartir"),
        *("Share on Facebook", "Share via Email", "Per E-Mail teilen", "Partager sur X"),
        *("Sat 6 Jul 2024 07.00 BST", "Last modified on Sat 6 Jul 2024 09.41 BST"),
        *("2,318 other people completed this guide.", "责任编辑：王敏", "来源：新华社"),
        "1.204 Personen haben dieses Rezept nachgekocht.",
        *("In stock – usually dispatched within 24 hours", "Sofort lieferbar, 1-3 Werktage"),
        *("Free UK delivery on orders over £30", "Versandkostenfrei ab 50 € Bestellwert"),
        "Auch interessant: Wie entsteht eine Sturmflut?",
        *("4,9 von 5 Sternen bei 212 Google-Bewertungen", "14 Tage kostenlos testen"),
        "4.8 out of 5 stars based on 1,204 reviews",
        *("Based on 612 Google reviews", "basierend auf 87 Google-Bewertungen"),
        *("- Advertisement -", "– Anzeige –", "- تبلیغات -", "إعلان", "ΔΙΑΦΗΜΙΣΗ", "Reklam"),
        *("— Hirdetés —", "[ Iklan ]", "विज्ञापन", "광고"),
        "As an Amazon Associate I earn from qualifying purchases.",
        "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.",
        "Copyright © Ron Whitcombe 2005. Please ask before using any of the photographs.",
        *("© 2024 Heimatverein Oberdorf e.V.", "This page last updated 3 February 2005."),
    ],
)
def test_an_ad_label_date_stamp_or_tag_label_alone_is_no_paragraph(line: str) -> None:
    # (in the page's language, without a class: an ad's label stays where its script left
    # it, a CMS prints its stamp or tag list's title as a line of its own)
    html = page(f"<article><p>{LONG_A}</p><div>{line}</div><p>{LONG_B}</p></article>")
    assert extract(html).paragraphs == (LONG_A, LONG_B)


@pytest.mark.parametrize(
    "head",
    ["<caption>Funded projects, first round</caption>", "<thead><tr><th>Town</th></tr></thead>"],
)
def test_a_table_of_data_under_its_title_is_kept_whatever_weak_word_styles_it(head: str) -> None:
    """German sites align a table "links" (to the left), a word that elsewhere names a box
    of links: under a caption or a header row, its rows are the text's data."""
    rows = "".join(
        f"<tr><td>{town}</td><td>Rain gardens and cisterns for {n} schools</td></tr>"
        for n, town in enumerate(("Flensburg", "Neumünster", "Lübeck"), start=2)
    )
    html = page(
        f"<article><p>{LONG_A}</p><table class='textualData links'>{head}<tbody>{rows}"
        f"</tbody></table><p>{LONG_B}</p></article>"
    )
    assert "Flensburg Rain gardens and cisterns for 2 schools" in " ".join(extract(html).paragraphs)
    # (a box of links drawn as a table, one link a row, stays out)
    links = "".join(
        f"<tr><td><a href='/{n}'>Other story number {n}</a></td></tr>" for n in range(4)
    )
    boxed = page(
        f"<article><p>{LONG_A}</p><table class='links'>{links}</table><p>{LONG_B}</p></article>"
    )
    assert extract(boxed).paragraphs == (LONG_A, LONG_B)


@pytest.mark.parametrize(
    "line",
    [
        "Top 10 Songs 2018",
        "Am 22. Januar 2018 beschloss der Rat",
        "Vor 3 Stunden hat der Rat die Sanierung beschlossen",
        "Stand 3 der Messe",
        "Die Stadt teilen",
        "Share of 5 per cent",
        "Satellites 6 Jul 2024",
        "300 Personen haben das Haus verlassen",
        "In Stockholm fiel 2024 der erste Schnee",
        "Free shipping ended in 2019 for the town",
        "14 Tage dauerte die Sperrung der Brücke",
        "Copyright law changed in 2019 for every member state",
        "Werbung: Was Kinder sehen",
    ],
)
def test_a_short_line_with_a_number_and_a_year_is_kept(line: str) -> None:
    html = page(f"<article><p>{LONG_A}</p><h2>{line}</h2><p>{LONG_B}</p></article>")
    assert extract(html).paragraphs == (LONG_A, line, LONG_B)


def test_lists_blockquotes_and_subheadings_are_blocks() -> None:
    html = page(
        f"<article><h1>Title here</h1><p>{LONG_A}</p><h2>A subheading</h2>"
        f"<ul><li>{LONG_B}</li><li>Short item</li></ul><blockquote>{LONG_C}</blockquote></article>"
    )
    assert extract(html).paragraphs == (LONG_A, "A subheading", LONG_B, "Short item", LONG_C)


# --- title ----------------------------------------------------------------------------------


def test_title_prefers_the_h1_and_drops_site_suffix() -> None:
    html = page(
        f"<div class='logo'><h1>City Post</h1></div><article><h1>Bridge plans approved</h1>"
        f"<p>{LONG_A}</p><p>{LONG_B}</p></article>",
        head="<title>Bridge plans approved | City Post</title>",
    )
    assert extract(html).title == "Bridge plans approved"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            "<title>Bridge plans approved | City Post</title>"
            "<meta property='og:site_name' content='City Post'>",
            "Bridge plans approved",
        ),
        ("<title>Bridge plans approved - Caliber.Az</title>", "Bridge plans approved"),
        (
            "<title>Site — Bridge plans approved</title>"
            "<meta property='og:site_name' content='Site'>",
            "Bridge plans approved",
        ),
        (
            "<meta property='og:title' content='Bridge plans approved'>"
            "<title>Something else entirely | Portal</title>",
            "Bridge plans approved",
        ),
    ],
)
def test_title_from_head_without_h1(head: str, title: str) -> None:
    html = page(f"<article><p>{LONG_A}</p><p>{LONG_B}</p></article>", head=head)
    assert extract(html).title == title


def test_title_is_never_a_body_paragraph() -> None:
    html = page(f"<article><h1>Bridge plans approved</h1><p>{LONG_A}</p></article>")
    article = extract(html)
    assert article.title == "Bridge plans approved"
    assert article.paragraphs == (LONG_A,)


# --- overrides -------------------------------------------------------------------------------


OVERRIDE_PAGE = page(
    f"<div class='main'><p>{LONG_A}</p><p>{LONG_B}</p><p>{LONG_C}</p></div>"
    "<div class='teaser-text'><p>Short note</p><p>Another short one</p></div>"
    "<div id='stats'>Seen by 4,200 people</div><span class='views'>Views: 11</span>"
)


def test_body_selector_overrides_detection() -> None:
    article = extract(OVERRIDE_PAGE, options=ExtractOptions(body_selector=".teaser-text"))
    assert article.paragraphs == ("Short note", "Another short one")


def test_body_selector_that_matches_nothing_falls_back_to_detection() -> None:
    article = extract(OVERRIDE_PAGE, options=ExtractOptions(body_selector="#missing"))
    assert article.paragraphs == (LONG_A, LONG_B, LONG_C)


def test_body_selector_still_drops_chrome_inside() -> None:
    html = page(
        f"<div id='b'><p>{LONG_A}</p><div class='share'>Share on Facebook and Twitter today</div>"
        f"<p>{LONG_B}</p></div>"
    )
    article = extract(html, options=ExtractOptions(body_selector="#b"))
    assert article.paragraphs == (LONG_A, LONG_B)


def test_exclude_selectors_are_removed_first() -> None:
    options = ExtractOptions(exclude_selectors=(".main p:nth-child(2)", "span.views"))
    article = extract(OVERRIDE_PAGE, options=options)
    assert article.paragraphs == (LONG_A, LONG_C)
    assert article.views is None


def test_invalid_selectors_never_raise() -> None:
    options = ExtractOptions(
        body_selector="[[[", exclude_selectors=(">>>",), views_selector="::nope("
    )
    article = extract(OVERRIDE_PAGE, options=options)
    assert article.paragraphs == (LONG_A, LONG_B, LONG_C)


def test_views_selector() -> None:
    article = extract(OVERRIDE_PAGE, options=ExtractOptions(views_selector="#stats"))
    assert article.views == 4200


def test_views_selector_with_regex() -> None:
    options = ExtractOptions(views_selector="#stats", views_regex=r"by ([\d,]+) people")
    assert extract(OVERRIDE_PAGE, options=options).views == 4200


def test_views_regex_over_page_text() -> None:
    options = ExtractOptions(views_regex=r"Seen by ([\d,]+)")
    assert extract(OVERRIDE_PAGE, options=options).views == 4200
    assert extract(OVERRIDE_PAGE).views == 11


def test_views_regex_without_group_uses_whole_match() -> None:
    options = ExtractOptions(views_regex=r"\d[\d,]*(?= people)")
    assert extract(OVERRIDE_PAGE, options=options).views == 4200


# --- metadata ---------------------------------------------------------------------------------


def test_metadata_from_json_ld_graph() -> None:
    head = """
    <script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Example"},
      {"@type": ["NewsArticle"], "headline": "Bridge plans approved",
       "datePublished": "2024-07-06T13:15:00+04:00",
       "author": [{"@type": "Person", "name": "Jane Example"}, {"name": "Max Muster"}]}
    ]}
    </script>
    <link rel="canonical" href="https://example.org/bridge">
    <meta property="og:site_name" content="Example News">
    """
    article = extract(page(ARTICLE, head=head).replace("<html>", "<html lang='de'>"))
    assert article.published == "2024-07-06T13:15:00+04:00"
    assert article.author == "Jane Example, Max Muster"
    assert article.canonical_url == "https://example.org/bridge"
    assert article.site_name == "Example News"
    assert article.language == "de"
    assert article.title == "Bridge plans approved"


def test_metadata_from_meta_tags() -> None:
    head = (
        "<meta property='article:published_time' content='2024-02-03T04:05:06Z'>"
        "<meta name='author' content='Jane Example'>"
        "<meta property='og:url' content='https://example.org/a'>"
        "<meta http-equiv='content-language' content='es'>"
    )
    article = extract(page(ARTICLE, head=head))
    assert article.published == "2024-02-03T04:05:06+00:00"
    assert article.author == "Jane Example"
    assert article.canonical_url == "https://example.org/a"
    assert article.language == "es"


def test_published_from_time_element() -> None:
    html = page(f"<article><time datetime='2023-12-24'>Christmas Eve</time>{ARTICLE}</article>")
    assert extract(html).published == "2023-12-24T00:00:00"


def test_relative_canonical_is_resolved_against_url() -> None:
    html = page(ARTICLE, head="<link rel='canonical' href='/news/1'>")
    assert (
        extract(html, url="https://example.org/x?y=1").canonical_url == "https://example.org/news/1"
    )


def test_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", broken</script>'
    article = extract(page(ARTICLE, head=head))
    assert article.paragraphs == (LONG_A, LONG_B, LONG_C)
    assert article.published is None


@pytest.mark.parametrize(
    "snippet",
    [
        # a slider's position, a cart's items, a page builder's animated figures
        '<div class="slider-counter"><span class="slider-counter--current">1</span> / 4</div>',
        '<span class="counter qty"><span class="counter-number">3</span></span>',
        '<div class="elementor-counter"><span class="elementor-counter-number">1962</span>'
        '<div class="elementor-counter-title">Gründungsjahr</div></div>',
    ],
)
def test_a_bare_number_in_any_counter_is_no_view_count(snippet: str) -> None:
    assert extract(page(f"<div class='top'>{snippet}</div>{ARTICLE}")).views is None


def _with_teasers(counts: list[int], article_counter: str) -> str:
    rail = "".join(
        f"<li><a href='/s/{i}'>Another story number {i} worth reading</a> "
        f"<span class='views'>{n} views</span></li>"
        for i, n in enumerate(counts)
    )
    body = "".join(
        f"<p>Paragraph {i} of the story carries enough words to be a real paragraph.</p>"
        for i in range(5)
    )
    return (
        f"<html><body><div class='col'><ul>{rail}</ul></div><article><h1>Story</h1>"
        f"{article_counter}{body}</article><div class='popular-posts'><div>"
        "<a href='/p'>A popular story headline</a><span>55 views</span></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "counter",
    [
        "<div class='meta'><span class='view-count'>Views: 254</span></div>",
        "<ul class='meta'><li><a href='/a'>Jo</a></li><li><i class='fa-eye'></i> 254</li></ul>",
    ],
)
def test_view_counts_of_teasers_are_not_the_pages(counter: str) -> None:
    # the rail rotates between checks: its counts must never be taken for the article's
    assert extract(_with_teasers([120, 5000], counter)).views == 254
    assert extract(_with_teasers([999, 4], counter)).views == 254


def test_only_teaser_counts_means_no_views() -> None:
    assert extract(_with_teasers([120, 5000], "")).views is None


# --- large pages: the article's part is found first, then analysed --------------------------

ARTICLE_PARAS = [
    f"Paragraph {i} of the report explains, in some detail, how the council weighed the costs, "
    f"the risks and the benefits of the new bridge for both districts over the next decade."
    for i in range(8)
]


def _large_page(counter: str = "<span class='post-views'>Views: 1,254</span>") -> str:
    nav = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(30))
    rail = "".join(
        f"<li><a href='/r/{i}'>Another story headline number {i} worth a click</a>"
        f"<span class='views'>{i * 100 + 7} views</span></li>"
        for i in range(12)
    )
    comments = "".join(
        f"<div class='comment'><p>Reader {i} thinks that the council, the mayor and the "
        f"engineers should have asked the residents first, and says so at length here.</p>"
        "</div>"
        for i in range(4)
    )
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS[:4])
    body += "<figure><img src='b.jpg'><figcaption>The bridge at dusk, seen from the river."
    body += "</figcaption></figure><script>var SECRET_IN_BODY = 'Views: 99';</script>"
    body += "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS[4:])
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Bridge plans approved | City Post</title>"
        "<meta property='og:site_name' content='City Post'></head><body>"
        f"<header class='site-header'><nav><ul>{nav}</ul></nav></header>"
        "<main><div class='story'><div class='story-head'><h1>Bridge plans approved</h1>"
        f"<div class='meta'>By Jane Example · {counter}</div></div>"
        f"<div class='story-text'><div class='inner'>{body}</div></div></div>"
        f"<section class='comments'>{comments}</section>"
        f"<aside class='sidebar'><h3>Most read</h3><ul>{rail}</ul></aside></main>"
        "<footer class='footer'><p>Copyright 2024 City Post, all rights reserved, and "
        "nothing on this site may be copied without the written consent of the editors.</p>"
        "</footer></body></html>"
    )


def test_large_page_yields_the_article_its_headline_and_its_counter() -> None:
    article = extract(_large_page())
    assert article.paragraphs == tuple(ARTICLE_PARAS)
    assert article.title == "Bridge plans approved"
    assert article.views == 1254
    assert article.language == "en"


@pytest.mark.parametrize(
    ("counter", "views"),
    [
        ("<span class='hits'>1.2K</span>", 1200),
        ("<span><i class='fa fa-eye'></i> 3\u00a0210</span>", 3210),
        ("<span class='counter'>Aufrufe: 9.870</span>", 9870),
        ("", None),  # the rail's counts belong to other stories
    ],
)
def test_large_page_counter_formats(counter: str, views: int | None) -> None:
    assert extract(_large_page(counter)).views == views


def test_large_page_is_the_same_from_bytes_and_str() -> None:
    html = _large_page()
    assert extract(html.encode("utf-8")) == extract(html)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<b>alpha</b> <i>omega</i>", "alpha omega"),
        ("alpha<a href='#'> </a>omega", "alpha omega"),
        ("alpha<!-- note --> <b>omega</b>", "alpha omega"),
        ("alpha <span><b>omega</b></span>", "alpha omega"),
        ("alpha<span>omega</span>", "alphaomega"),
        ("alpha<b></b><i>omega</i>", "alphaomega"),
    ],
)
def test_whitespace_between_inline_elements(markup: str, text: str) -> None:
    html = page(f"<article><p>{LONG_A} {markup}</p><p>{LONG_B}</p></article>")
    assert extract(html).paragraphs == (f"{LONG_A} {text}", LONG_B)


def test_nul_characters_are_dropped() -> None:
    html = page(f"<article><p>{LONG_A}\x00</p><p>{LONG_B}</p></article>")
    assert extract(html).paragraphs == (LONG_A, LONG_B)


def test_author_from_microdata_and_date_from_time() -> None:
    html = page(
        "<article><div itemprop='author' itemscope><span itemprop='name'>Jane Example</span>"
        f"</div><time datetime='2024-03-01T08:00:00Z'>1 March</time>{ARTICLE}</article>"
    )
    article = extract(html)
    assert article.author == "Jane Example"
    assert article.published == "2024-03-01T08:00:00+00:00"


def test_author_and_date_from_the_page_only_where_the_metadata_has_none() -> None:
    # an author link and a <time> are looked for only when the metadata names no author
    # and no date, and then before the article's part is taken apart
    body = (
        "<article><p class='meta'><a rel='author' href='/u/jane'>Jane Example</a> "
        f"<time datetime='2024-03-01'>1 March</time></p>{ARTICLE}</article>"
    )
    article = extract(page(body))
    assert (article.author, article.published) == ("Jane Example", "2024-03-01T00:00:00")
    head = "<meta name='author' content='Max Muster'><meta name='date' content='2023-05-06'>"
    article = extract(page(body, head=head))
    assert (article.author, article.published) == ("Max Muster", "2023-05-06T00:00:00")


def test_hidden_block_still_separates_the_text_around_it() -> None:
    # found by the property test: removing the hidden block used to glue "0" and "0" into "00"
    words = " ".join(["council"] * 12)
    body = "".join(f"<p>{words}</p>" for _ in range(4))
    html = f"<div class='story'>{body}0<div hidden><p>{words}</p></div>0</div>"
    assert extract(html).paragraphs[-1] == "0 0"
    # an inline element around a block is a block to the reader (found by the same test)
    html = f"<div class='story'>{body}0<span hidden><p>{words}</p></span>0</div>"
    assert extract(html).paragraphs[-1] == "0 0"
    inline = "<p>foo<span hidden>x</span>bar is a paragraph long enough to be kept here.</p>"
    assert extract(inline).paragraphs == ("foobar is a paragraph long enough to be kept here.",)


def test_bytes_in_a_declared_single_byte_charset_are_decoded_by_it() -> None:
    html = page(f"<p>{LONG_A} Grüße aus Köln.</p>", head='<meta charset="iso-8859-1">')
    assert extract(html.encode("cp1252")).paragraphs == (f"{LONG_A} Grüße aus Köln.",)


def test_bytes_without_a_declaration_are_detected() -> None:
    text = "Die Bürgerinnen und Bürger müssen sich über die Änderungen äußern können. " * 4
    html = page(f"<p>{text.strip()}</p>")
    assert extract(html.encode("cp1252")).paragraphs == (text.strip(),)


@pytest.mark.parametrize(
    "hider",
    [
        '<div style="visibility: hidden;">',
        '<div style="display:none">',
        '<div style="color: red; DISPLAY : NONE">',
        "<div hidden>",
        '<div aria-hidden="true">',
        '<div aria-hidden=" TRUE ">',
    ],
)
def test_hidden_parts_are_left_out(hider: str) -> None:
    html = page(f"<article><p>{LONG_A}</p>{hider}<p>{LONG_B}</p></div><p>{LONG_C}</p></article>")
    assert extract(html).paragraphs == (LONG_A, LONG_C)


def test_text_hidden_until_found_is_text() -> None:
    """hidden="until-found" is a collapsed section a reader opens (a FAQ's answers)."""
    html = page(
        f'<article><p>{LONG_A}</p><div hidden="until-found"><p>{LONG_B}</p></div></article>'
    )
    assert extract(html).paragraphs == (LONG_A, LONG_B)


@pytest.mark.parametrize(
    ("counter", "views"),
    [
        ('<span class="post-views">&#128065; 254</span>', 254),
        ('<span class="meta">\U0001f441\ufe0f 1,254</span>', 1254),
        ('<div class="stats"><span>\U0001f440 3.4K</span></div>', 3400),
    ],
)
def test_view_count_after_an_eye_character(counter: str, views: int) -> None:
    html = page(f"<article><h1>Bridge</h1><p>{LONG_A} {LONG_B}</p>{counter}</article>")
    article = extract(html)
    assert article.views == views
    assert article.paragraphs == (f"{LONG_A} {LONG_B}",)


def test_a_page_of_short_lines_has_them_as_its_body() -> None:
    """No line of running text (a contact page, a notice): the lines outside chrome are the
    body; a few words alone (an error page's "Not found") are none."""
    lines = ["Bürgerbüro Mitte", "Marktplatz 1", "Telefon 0123 45678", "Mo bis Fr 8 bis 16 Uhr"]
    html = page(
        '<nav><a href="/">Start</a> <a href="/kontakt">Kontakt</a></nav><main><h1>Kontakt</h1>'
        + "".join(f"<p>{line}</p>" for line in lines)
        + "</main><footer>© Stadt</footer>"
    )
    assert extract(html).paragraphs == tuple(lines)
    assert extract(page("<h1>Error</h1><p>Not found</p>")).paragraphs == ()


def test_control_characters_are_not_article_text() -> None:
    """ESC, BEL and C1 controls in a page's text would drive a terminal: they are no text."""
    html = page(
        "<article><h1>Head\x1b]0;PWNED\x07\x1b[2Jline</h1>"
        f"<p>{LONG_A}\x1b[31m {LONG_B}\x9b</p></article>",
        head='<meta name="author" content="Jo\x1b[31mhn">',
    )
    article = extract(html)
    assert article.title == "Head]0;PWNED[2Jline"
    assert article.paragraphs == (f"{LONG_A}[31m {LONG_B}",)
    assert article.author == "Jo[31mhn"


def test_mathml_is_text_its_annotations_are_not() -> None:
    """Browsers render MathML: a changed formula is a changed article. The TeX source in an
    <annotation> is not shown."""
    formula = (
        "<math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn>"
        '</msup></mrow><annotation encoding="application/x-tex">E=mc^2</annotation>'
        "</semantics></math>"
    )
    html = page(f"<article><p>{LONG_A} The formula {formula} holds.</p><p>{LONG_B}</p></article>")
    assert extract(html).paragraphs == (f"{LONG_A} The formula E=mc2 holds.", LONG_B)


STATED = [
    "The council approved the new tram line on Tuesday after a debate of four hours.",
    "Construction starts in spring and the first trams are to run within three years.",
    "Opponents had asked for a referendum, which the council turned down by 31 votes to 12.",
]


def _app_page(body: str, stated: str) -> str:
    ld = json.dumps(
        {"@type": "NewsArticle", "headline": "Tram line approved", "articleBody": stated}
    )
    return (
        '<html><head><title>Tram line approved</title><script type="application/ld+json">'
        f"{ld}</script></head><body>{body}</body></html>"
    )


def test_a_script_built_page_gives_the_article_its_structured_data_states() -> None:
    """A page whose markup is an empty app root and scripts: its JSON-LD article text (lines,
    or the markup some sites put there) is the body."""
    shell = '<div id="app"></div><script src="/app.js"></script>'
    assert extract(_app_page(shell, "\n".join(STATED))).paragraphs == tuple(STATED)
    marked_up = "".join(f"<p>{line}</p>" for line in STATED)
    assert extract(_app_page(shell, marked_up)).paragraphs == tuple(STATED)
    # a summary is no article
    assert extract(_app_page(shell, STATED[0])).paragraphs == ()


@pytest.mark.parametrize("title", ["Tram line approved", "Bus lanes"])
@pytest.mark.parametrize("links", [("/about", "/imprint"), ("/a", "/i")])
def test_a_script_shell_whose_only_text_is_the_site_footer_gives_no_article(
    title: str, links: tuple[str, str]
) -> None:
    """An application's shell before its script runs (or a wall in its place): navigation,
    an empty root and the site's footer. The footer's lines are no article; the check is
    to record that the page yielded none, not a version of its legal lines."""
    footer = (
        f'<footer><div class="footer-links"><a href="{links[0]}">About us</a> '
        f'<a href="{links[1]}">Imprint</a></div><p>© 2026 Example Media GmbH. Alle Rechte'
        " vorbehalten.</p><p>Example Media GmbH, Hauptstraße 1, 10115 Berlin, Germany.</p>"
        "</footer>"
    )
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(10))
    shell = (
        f"<html><head><title>{title}</title></head><body><header><nav><ul>{nav}</ul></nav>"
        '</header><div id="root"><noscript>You need to enable JavaScript to run this app.'
        f"</noscript></div>{footer}</body></html>"
    )
    assert extract(shell).paragraphs == ()
    # the same page once its script has written the article
    article = "".join(f"<p>{line}</p>" for line in STATED)
    assert extract(shell.replace('<div id="root">', f'<div id="root">{article}')).paragraphs == (
        tuple(STATED)
    )


def test_the_markup_wins_over_structured_data_that_says_the_same() -> None:
    """Where the page shows its article, the text as shown is the body (the structured data
    is often a shortened or older copy)."""
    shown = [*STATED, "A fourth paragraph only the page shows, with the mayor's statement."]
    page = _app_page(
        "<article><h1>Tram line approved</h1>"
        + "".join(f"<p>{line}</p>" for line in shown)
        + "</article>",
        "\n".join(STATED[:2]),
    )
    assert extract(page).paragraphs == tuple(shown)


def _cache_sizes() -> list[int]:
    return [len(cache) for cache in (X._value_cache, X._token_cache, X._word_cache)]


def _page_of_classes(classes: list[str], ids: list[str]) -> str:
    paragraphs = "".join(
        f'<p class="{name}"><span id="{ident}">Paragraph {i} of an article, with enough '
        "words in it to count as running text.</span></p>"
        for i, (name, ident) in enumerate(zip(classes, ids, strict=True))
    )
    return f"<html><body><article>{paragraphs}</article></body></html>"


def test_long_class_strings_are_not_kept_in_the_classification_caches() -> None:
    # A page whose class attributes are long and new on every visit must not keep their
    # text alive in a running service; short ones are what the caches are for.
    before = _cache_sizes()
    long_names = [f"{'x' * 300}{n} {'z' * 300}{n}" for n in range(200)]
    long_ids = [f"{'y' * 250}{n}" for n in range(200)]
    assert extract(_page_of_classes(long_names, long_ids)).paragraphs
    assert _cache_sizes() == before
    short = [f"story{n}" for n in range(200)]
    assert extract(_page_of_classes(short, [f"p{n}" for n in range(200)])).paragraphs
    assert all(a > b for a, b in zip(_cache_sizes()[:2], before[:2], strict=True))


@pytest.mark.parametrize(
    "token",
    [
        "product-detail-review-list",
        "product-detail-review-item",
        "customer-reviews",
        # the readers' reviews, in the plural, of what they rate
        "recipe-reviews",
        "product-reviews",
    ],
)
def test_a_token_naming_customer_reviews_names_no_article(token: str) -> None:
    """A shop's namespace ("product-detail-") gives every element of its product page a
    word of an article: a token that names the customers' reviews is theirs as a whole, so
    the reviews, longer than the description, never stand for the article."""
    flags = X._classify(token)
    assert flags & X._STRONG_CHROME_WORD
    assert not flags & X._ARTICLE_WORD


@pytest.mark.parametrize("token", ["product-review", "review-body", "recipe-review-content"])
def test_a_review_is_an_article(token: str) -> None:
    """A review in the singular is a text of its own: a magazine's review of a product."""
    assert not X._classify(token) & X._CHROME_WORD


@pytest.mark.parametrize(
    ("token", "chrome", "strong"),
    [
        # a utility's variants are conditions: styled for print, hidden on some screens
        ("print:break-inside-avoid", False, False),
        ("md:hidden", False, False),
        ("max-md:hidden", False, False),
        ("group-hover:opacity-100", False, False),
        # the site's masthead, whatever holds it (a theme, a page builder's template)
        ("site-header", True, True),
        ("elementor-location-header", True, True),
        ("global-header", True, True),
        # a subscription to alerts, as a newsletter is one; an alert alone may be a note
        ("job-alert", True, True),
        ("listing-content-provider-job-alert", True, True),
        ("price-alert", True, True),
        ("alert-info", True, False),
        # the form for a reader's answer; an answer alone is a FAQ's or a thread's text
        ("AnswerForm", True, True),
        ("answer-form-hint", True, True),
        ("faq-answer", False, False),
        # the site's other pages; a byline's variant; more of the subject
        ("other-releases", True, False),
        ("otherSlideShows", True, False),
        ("by-line--f-other", False, False),
        ("other-info", False, False),
        # a header that may hold the article's headline
        ("entry-header", True, False),
        ("page-header", True, False),
    ],
)
def test_class_tokens_that_name_no_part_the_masthead_and_subscriptions(
    token: str, chrome: bool, strong: bool
) -> None:
    flags = X._classify(token)
    assert bool(flags & X._CHROME_WORD) == chrome
    assert bool(flags & X._STRONG_CHROME_WORD) == strong
