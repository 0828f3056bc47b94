"""The depth scan that guards the parser: it must never count fewer levels than lexbor
builds (but for a table's implied parts: at least a quarter of them), on well-formed pages,
on real ones, and on markup written to hide levels from it."""

from __future__ import annotations

import gzip
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from tracker import depth
from tracker.depth import nesting_depth, parse_cost

from .shared import SHARED, require


def lexbor_depth(html: str) -> int:
    """How deep the elements of lexbor's tree of `html` nest (the root element is 1)."""
    deepest, stack = 0, [(LexborHTMLParser(html).root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child if node is not None else None
        while child is not None:
            if child.tag and not child.tag.startswith(("-", "_")):
                stack.append((child, depth + 1))
            child = child.next
    return deepest


def lexbor_elements(html: str) -> int:
    """How many elements lexbor's tree of `html` holds."""
    root = LexborHTMLParser(html).root
    assert root is not None
    return len([node for node in root.traverse() if not (node.tag or "-").startswith(("-", "_"))])


def tags_bound(html: str) -> int:
    """The most elements the parser can make of `html`'s tags without reopening any: a start
    tag makes its element and the ones the parser implies (a cell's body and row); an end
    tag, a `<p>` or `<br>` for a stray one, or the copies its adoption agency makes (up to
    eight rounds of a formatting element and three others); the document's three."""
    starts = len(re.findall(r"<[A-Za-z]", html))
    ends = len(re.findall(r"</[A-Za-z]", html))
    return 3 * starts + 32 * ends + 3


def page(body: str) -> str:
    return f"<html><body>{body}</body></html>"


# --------------------------------------------------------------------------- well-formed pages

CONTAINERS = ["div", "span", "section", "b", "em", "article", "svg", "ul", "table"]
LEAVES = ["text", "<br>", "<img src=x>", "<!-- <div><div> -->", "<script>'<div>'</script>"]


@st.composite
def trees(draw: st.DrawFn, depth: int = 0, in_svg: bool = False) -> str:
    # In SVG, a script's text is markup, and an HTML tag (even <br>) ends the SVG: not drawn.
    if depth > 8 or draw(st.booleans()):
        return "text" if in_svg else draw(st.sampled_from(LEAVES))
    tag = draw(st.sampled_from(["g", "text"] if in_svg else CONTAINERS))
    inside = in_svg or tag == "svg"
    children = "".join(draw(st.lists(trees(depth + 1, inside), min_size=1, max_size=3)))
    if tag == "svg":
        return f"<svg><g/>{'<g>' + children + '</g>'}<path d='M0'/></svg>"
    if tag == "ul":
        return f"<ul><li>{children}</li><li>x</ul>"
    if tag == "table":
        return f"<table><tr><td>{children}</td></tr></table>"
    return f"<{tag}>{children}</{tag}>"


@settings(max_examples=100, deadline=None)
@given(body=trees())
def test_the_scan_counts_the_depth_a_parser_builds(body: str) -> None:
    html = page(body)
    scanned, parsed = nesting_depth(html, 10_000), lexbor_depth(html)
    # A table is four levels of the parser's tree (table, tbody, tr, td), three of the scan's.
    assert scanned <= parsed <= 4 * scanned
    assert nesting_depth(html, scanned - 1) == scanned  # stops just over the limit


def test_real_pages_scan_as_deep_as_they_parse() -> None:
    pages = sorted(require(SHARED / "extraction-bench" / "html", "the real pages").glob("*.gz"))
    for path in pages[::6]:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        scanned, parsed = nesting_depth(html, 10_000), lexbor_depth(html)
        assert parsed * 0.8 <= scanned <= parsed, path.name


# --------------------------------------------------------------------------- hostile markup

# Each repeated 3,000 times nests 3,000 levels or more in lexbor's tree, written so that a
# scan reading the markup by simpler rules than the parser's sees almost none of them.
HIDDEN_LEVELS = {
    "a > inside a quoted value": '<div title="a>b</div>">',
    "a quote in an attribute's name": '<div a"b>',
    "a quote in an unquoted value": '<div a=b="><div c">',
    "self-closing after an unquoted value": "<svg>" + "<g a=x/>" * 2,
    "an HTML tag ends the SVG": "<svg><p>" + "<div/>",
    "HTML inside an SVG title": "<div><svg><title></div>",
    "HTML inside foreignObject": "<svg><foreignObject>" + "<div/>",
    "a font with a color ends the MathML": "<math><mi>x</mi><font color=red><div/>",
    "MathML annotation read as HTML": '<math><annotation-xml encoding="text/html"><div/>',
    "ruby text outside a ruby": "<rt>",
    "option groups": "<optgroup>",
    "list items in definitions": "<li><dd>",
    "an empty comment": "<!---->" + "<!-->" + "<div>",
    "a comment closed by --!>": "<!-- x --!><div>",
    "CDATA in SVG": "<svg><g><![CDATA[ > </g> ]]>",
    "a vertical tab in an end tag": "<div><script></script\x0b></div></script>",
    "a script's escaped script": "<div><script><!--<script></script></div>--></script>",
    "an end tag with a quoted >": '<div></div title=">"><div>',
    "formatting elements reopened": "<nobr><font></span>",
    "a form's end leaves its content": "<form><div></form>",
    "an end tag inside an applet": "<applet></select><select>",
    "a form's end closes its paragraph": "<p></form><path d=x/><form>",
    "a Kelvin sign in a tag's name": "<lin\u212a>",
    "a dotted capital I in a tag's name": "<d\u0130v></di\u0307v>",
    "a dotted capital I in a script's end": "<div><script></scr\u0130pt></div></script>",
    "a title a template's columns ignore": "</template><object><template><col><title>",
    "a style after a tag a template's columns ignore": "<span><template><col><b><style></template>",
    "a heading's end tag of another level": "</h1><span></div><h2><div>",
    "a list item kept open by a noscript in its paragraph": "<li><p><noscript>",
    "a form's end with no form open to close": "<form><object></form></object></form>",
    "a rule closes its paragraph": "<hr><span><p>",
    "a head in the body": "<head><span></head>",
    "a frameset in the body": "<span></frameset><frameset>",
    "an input closes its select": "</select><select><input><span>",
    "a formatting element closed twice": "<span><dd><a></dd></a>",
    "formatting elements reopened before a nobr": "<s><nobr id=1></s><rb>",
    "a marker its table's end leaves": "</table><svg><table><marquee><a>",
    "a marker its template's end leaves": "\n<template><font color=red><marquee></template>",
    "formatting elements reopened after a caption": "</table><svg><table><b id=1><caption>",
    "a cell ends its caption": "<foreignObject></caption><table/><caption><td>",
    "a table in a caption": "<table><caption>",
    "a caption in a table's SVG": "<svg><foreignObject><caption><table/>",
    "a cell in a table's SVG": "<td><math><mi><table><svg><desc>",
    "a </br> reopens formatting elements": "<nobr></table></br ><table/>",
    "a link's end moves the SVG after a block out": "<a href=y><summary><svg></a>",
}

# The same, after an opening.
HIDDEN_AFTER = {
    "an option closes a list item in a select": ("<select>", "<li><option><div>"),
}


@pytest.mark.parametrize("unit", HIDDEN_LEVELS.values(), ids=HIDDEN_LEVELS.keys())
def test_levels_hidden_from_a_simpler_scan_are_counted(unit: str) -> None:
    html = page(unit * 3000)
    parsed = lexbor_depth(html)
    assert parsed >= 1000, "the unit no longer nests: the test proves nothing"
    assert nesting_depth(html, 100_000) * 4 + 4 >= parsed
    assert nesting_depth(html, 1000) > 1000  # refused at the default limit


@pytest.mark.parametrize("opening, unit", HIDDEN_AFTER.values(), ids=HIDDEN_AFTER.keys())
def test_levels_hidden_after_an_opening_are_counted(opening: str, unit: str) -> None:
    html = page(opening + unit * 3000)
    parsed = lexbor_depth(html)
    assert parsed >= 1000, "the unit no longer nests: the test proves nothing"
    assert nesting_depth(html, 100_000) * 4 + 4 >= parsed
    assert nesting_depth(html, 1000) > 1000


# Pieces of markup, well-formed or not, for the scan and the parser to disagree over.
PIECES = [
    *("<div>", "</div>", "<span>", "</span>", "<p>", "</p>", "<li>", "</li>", "<ul>"),
    *("</ul>", "<dd>", "<dt>", "</dd>", "<table>", "</table>", "<tr>", "<td>", "</td>"),
    *("</tr>", "<tbody>", "<caption>", "<colgroup>", "<col>", "<svg>", "</svg>", "<math>"),
    *("</math>", "<g>", "</g>", "<g/>", "<path d=x/>", "<title>", "</title>", "<desc>"),
    *("<foreignObject>", "</foreignObject>", "<mi>", "</mi>", "<mtext>", "<mglyph>"),
    *('<annotation-xml encoding="text/html">', "<annotation-xml>", "</annotation-xml>"),
    *("<font color=red>", "<font>", "</font>", "<b>", "</b>", "<i>", "</i>", "<a>", "</a>"),
    *("<nobr>", "<button>", "</button>", "<select>", "</select>", "<option>", "<optgroup>"),
    *("<ruby>", "<rt>", "<rb>", "<rp>", "<rtc>", "<script>", "</script>", "<script><!--"),
    *("-->", "<!--", "<!-->", "--!>", "<style>", "</style>", "<textarea>", "</textarea>"),
    *("<xmp>", "</xmp>", "<![CDATA[", "]]>", "<!x>", "<?x>", "</ x>", "</>", "<br/>"),
    *("</br>", "<img>", "<template>", "</template>", "<noscript>", "</noscript>", "<h1>"),
    *('<div title="a>b">', "<div title='>'>", '<div a"b>', '<div a=b="c>', "<div/>"),
    *("<span/>", "</div\x0b>", "</script\x0b>", '</div title=">">', "<h2>", "</h1>"),
    *("<form>", "</form>", "<object>", "</object>", "<marquee>", "<applet>", "<iframe>"),
    *("</iframe>", "<plaintext>", "x", ">", '"', "'", "<", "=", "/", "<head>", "<body>"),
    *("</body>", "<html>", "<section>", "</section>", "<address>", "<center>", "</p >"),
    *("<template><col>", "<frameset>", "<colgroup><col>", "<p><b>", "</b></p>", "<dl>"),
    *("<lin\u212a>", "<d\u0130v>", "</di\u0307v>", "</scr\u0130pt>", "<SCRIPT>", "</Script >"),
]


@settings(max_examples=300, deadline=None)
@given(
    unit=st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join),
    repeats=st.sampled_from([1, 5, 40, 120]),
)
def test_no_markup_hides_levels_from_the_scan(unit: str, repeats: int) -> None:
    html = page(unit * repeats)
    scanned, parsed = nesting_depth(html, 100_000), lexbor_depth(html)
    assert parsed <= 4 * scanned + 4, (scanned, parsed)
    if scanned > 1:
        assert nesting_depth(html, scanned - 1) == scanned
    # Elements the parser makes beyond what the tags bound, the scan counts as reopened.
    reopened = parse_cost(html, 100_000, 10**9, 10**9).reopened
    assert lexbor_elements(html) <= tags_bound(html) + reopened, reopened


# The token pattern's possessive quantifiers only spare the engine backtracking that could
# never make a match: written as plain ones, it must find the same tokens everywhere.
BACKTRACKING_TOKEN = re.compile(depth._TOKEN.pattern.replace("*+", "*").replace("++", "+"))
MARKUP_CHARACTERS = [*"<>/=\"' \tab!?-[]\n", "div", "CDATA", "<!--", "-->"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join),
        st.lists(st.sampled_from(MARKUP_CHARACTERS), min_size=1, max_size=40).map("".join),
    )
)
def test_possessive_quantifiers_change_no_token(text: str) -> None:
    assert depth._TOKEN.pattern != BACKTRACKING_TOKEN.pattern
    found = [(m.span(), m.groups()) for m in depth._TOKEN.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in BACKTRACKING_TOKEN.finditer(text)]


# --------------------------------------------------------------------------- reopened elements

# 200 formatting elements, each different (the parser keeps three alike at most), opened
# in a block that the repeated unit closes: the parser opens all of them again for its text.
FORMATTING = "".join(f"<b id={i}>" for i in range(200))
REOPENING = {
    "paragraphs": ("<p>" + FORMATTING, "<p>x"),
    "list items": ("<ul><li>" + FORMATTING, "<li>x"),
    "headings": ("<h1>" + FORMATTING, "</h1><h1>x"),
    "blocks": ("<div>" + FORMATTING, "</div><div>x"),
    "formatting elements closed by their own kind": (
        "".join(f"<b {i}>" for i in range(150)) + "".join(f"<i {i}>" for i in range(150)),
        "x</b>",
    ),
    # (reopened with the next text or inline tag, inside what opened since)
    "inside the next block": ("<p>" + FORMATTING, "<div><p><b>"),
    "by a select's end": ("<select>" + FORMATTING, "<select/><table/>"),
    "by a table's end": ("<table>" + FORMATTING, "<table/><tr>x"),
    "by a table's end from inside SVG": ("<table>" + FORMATTING, "<svg><foreignObject><table>x"),
}


@pytest.mark.parametrize("opening, unit", REOPENING.values(), ids=REOPENING.keys())
def test_elements_the_parser_opens_again_are_counted(opening: str, unit: str) -> None:
    html = page(opening + unit * 100)
    made = lexbor_elements(html)
    assert made > 10_000, "the parser does not reopen them: the test proves nothing"
    reopened = parse_cost(html, 1000, 10**9, 10**9).reopened
    assert made <= tags_bound(html) + reopened
    assert reopened <= 2 * made  # (counted once each, give or take the scan's haste)
    # the scan stops once past the budget (elements are reopened a stack's worth at a time)
    assert 10_000 < parse_cost(html, 1000, 10_000, 1000).reopened <= 10_000 + 1001


def test_a_cell_keeps_its_formatting_elements_to_itself() -> None:
    # (the end of a cell clears the parser's list of them: nothing is reopened)
    html = page("<table><tr><td>" + FORMATTING + "</td><td>x" * 100 + "</table>")
    assert parse_cost(html, 1000, 10**9, 10**9).reopened == 0
    assert lexbor_elements(html) < 500


def test_real_pages_reopen_few_elements() -> None:
    pages = sorted(require(SHARED / "extraction-bench" / "html", "the real pages").glob("*.gz"))
    for path in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert parse_cost(html, 10_000, 10**9, 10**9).reopened < 100, path.name


# --------------------------------------------------------------------------- attributes


@pytest.mark.parametrize(
    "separator, value",
    [(" ", "=x"), (" ", ""), ("/", ""), ("\n", '="a>b"'), ('""', "=")],
    ids=["values", "bare names", "slashes", "quoted values with >", "no space after quotes"],
)
def test_the_attributes_of_a_tag_are_counted(separator: str, value: str) -> None:
    names = [f"a{i}{value}" for i in range(1500)]
    for tag in ("<div {}>", "<svg><g {}/></svg>"):
        html = page(tag.format(separator.join(names)) + "<p>x</p>")
        assert parse_cost(html, 1000, 10_000, 1500).attributes == 1500
        assert parse_cost(html, 1000, 10_000, 1000).attributes == 1001  # stops past it


def test_attributes_of_one_name_count_once() -> None:
    # (the parser keeps the first of a name, whatever its case, and compares no more)
    html = page("<div " + " ".join(["a=1", "A=2"] * 2000) + ">x</div>")
    assert parse_cost(html, 1000, 10_000, 1000).attributes == 1


def test_real_pages_have_few_attributes_on_a_tag() -> None:
    pages = sorted(require(SHARED / "extraction-bench" / "html", "the real pages").glob("*.gz"))
    for path in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert parse_cost(html, 10_000, 10**9, 100).attributes <= 100, path.name


@pytest.mark.parametrize(
    "text",
    [
        "<a" * 200_000,  # no tag ever ends
        "<script>" * 200_000,  # a script that never ends: the rest is its text
        "<!--" * 200_000,
        "<div x='>'" * 100_000 + ">",
        '<a b="' * 100_000,  # a quoted value that never ends
        "<a =" * 100_000,
        "<svg>" + "<![CDATA[" * 100_000,
        "<script><!--<script>" * 100_000,  # escapes that never end
        "<!--->" * 100_000,
        "</" * 200_000,
        "<a " + "/ " * 200_000,
    ],
)
def test_the_scan_of_broken_markup_ends(text: str) -> None:
    assert nesting_depth(text, 1000) <= 1001
