"""How deep a page's elements nest, found before the page is parsed.

lexbor's parse time grows with the square of the depth (10,000 levels 0.15 s, 40,000 levels
6 s), so a page nested deeper than the budget is refused unparsed (`analysis.PageBudget`).
The scan is that guard, so it must never count fewer levels than the parser builds, on any
input: a hostile page that hides levels from it costs a worker minutes.

It reads the markup as the HTML tokenizer does wherever a difference would hide levels:
attribute values (a `>` inside quotes ends no tag; quotes open a value only after `=`),
comments (`<!-->` and `--!>` end one), the text of scripts (with their `<!--` escapes),
styles, titles and text areas, CDATA in SVG and MathML, whitespace in end tags. It follows
the tree builder only roughly: a stack of open elements, closed the way the parser closes
them (an end tag pops to its element, unless an element the parser stops at comes first; a
`<p>` before a block, a `<li>` before the next one, a cell before the next cell) and left
open wherever it cannot tell. So it may count more levels than the parser builds, never
fewer, but for the elements the parser inserts itself (a table's `<tbody>` and `<tr>`):
at least a quarter of the parser's depth on any page.

The parser's other unbounded cost is counted on the way: the formatting elements (`<b>`,
`<font>`, ...) that the end of a block closes wait to be opened again with the next text
or inline tag, as the parser's list of active formatting elements reopens them, so a few
characters can make it build as many elements as the stack holds.
"""

from __future__ import annotations

import re
import string
from typing import Final, NamedTuple

__all__ = ["ParseCost", "nesting_depth", "parse_cost"]

# Namespaces of the stack's entries; the integration points are the SVG and MathML elements
# whose content the parser reads as HTML (start tags and text).
_HTML: Final = 0
_SVG: Final = 1
_MATH: Final = 2
_SVG_HTML_POINT: Final = 3  # foreignObject, desc, title
_MATH_TEXT_POINT: Final = 4  # mi, mo, mn, ms, mtext
_MATH_ANNOTATION: Final = 5  # annotation-xml (an <svg> in it is read as HTML's)
_MATH_HTML_POINT: Final = 6  # annotation-xml with an HTML encoding

# What the stack holds for a form (under another name, which no end tag closes without a
# look at the parser's form element pointer: see _end_tag).
_FORM: Final = "#form"
_VOID: Final = frozenset(
    {
        *("area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "image", "img"),
        *("input", "keygen", "link", "meta", "param", "source", "track", "wbr", "frame"),
    }
)
# Start tags that close an open <p> first (when one is in button scope).
_CLOSES_P: Final = frozenset(
    {
        *("address", "article", "aside", "blockquote", "center", "details", "dialog", "dir"),
        *("div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup"),
        *("main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2"),
        *("h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "hr", "xmp", "li"),
        *("dd", "dt"),
    }
)
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The ones that do nothing else (no list item, heading, or text to skip).
# (a form's start tag goes the long way too: see _html_start_tag)
_CLOSES_P_ONLY: Final = _CLOSES_P - _HEADINGS - {"li", "dd", "dt", "xmp", "plaintext", "hr", "form"}
# The parser's special elements: an end tag of another name stops at them.
_SPECIAL: Final = frozenset(
    {
        *("address", "applet", "area", "article", "aside", "base", "basefont", "bgsound"),
        *("blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "dd"),
        *("details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure"),
        *("footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head"),
        *("header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link"),
        *("listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes"),
        *("noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search"),
        *("section", "select", "source", "style", "summary", "table", "tbody", "td"),
        *("template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr"),
        *("xmp", _FORM),
    }
)
# Where a search "in scope" for an element stops (a <select> too: its content model is in
# flux, and stopping there can only leave more open).
_SCOPE: Final = frozenset(
    {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "select"}
)
_BUTTON_SCOPE: Final = _SCOPE | {"button"}
# A new list item ends the open one if only elements the parser passes lie between them.
_ITEM_STOPS: Final = _SPECIAL - {"address", "div", "p"}
_LIST_SCOPE: Final = _SCOPE | {"ol", "ul"}
_TABLE_SCOPE: Final = frozenset({"html", "table", "template"})
_TABLE_PARTS: Final = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
_NOWHERE: Final[frozenset[str]] = frozenset()
# The tokenizer lowers ASCII letters only: Python's lower() would also turn a Kelvin sign
# into "k" (`<linK>` is no <link>) or a dotted capital I into "i" and a combining dot.
_ASCII_LOWER: Final = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# What the stack holds for a template whose content became a list of columns (a <col>
# first in it): the parser then ignores all but columns and templates, so no text element
# starts there either. (one level more than the parser counts)
_COLUMNS: Final = "#columns"
_SECTIONS: Final = frozenset({"tbody", "thead", "tfoot"})
_CELLS: Final = frozenset({"td", "th"})
# The elements that tell, the nearest of them, what a table's start tag or part does (as
# the parser's insertion mode does).
_TABLE_MODES: Final = _SECTIONS | _CELLS | {"table", "tr", "colgroup", "template", "caption"}
# ...a table's start tag ends the table then
_IN_TABLE: Final = _SECTIONS | {"table", "tr", "colgroup"}
# What "generate implied end tags" pops (for ruby's parts).
_IMPLIED: Final = frozenset({"dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"})
_FORMATTING: Final = frozenset(
    {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong"}
    | {"tt", "u"}
)
# End tags that close their element wherever it is in scope, past special elements.
_BLOCK_END: Final = frozenset(
    {
        *("address", "article", "aside", "blockquote", "button", "center", "details"),
        *("dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer"),
        *("header", "hgroup", "listing", "main", "menu", "nav", "ol", "pre", "search"),
        *("section", "summary", "ul", "applet", "marquee", "object", "dd", "dt"),
    }
)
# What a start tag in HTML content does to the stack, beyond opening its element.
_PLAIN: Final = 0
_VOID_KIND: Final = 1
_DOCUMENT: Final = 2  # html, head, body: one of each (and frameset)
_TABLE_PART: Final = 3
_CLOSES_P_KIND: Final = 4
_OPTION: Final = 5
_RUBY_PART: Final = 6
_ONE_OPEN: Final = 7  # a, nobr, button: a new one ends the open one
_FOREIGN_ROOT: Final = 8
_TEXT_KIND: Final = 9
_SELECT_KIND: Final = 10  # select, input: a select in scope closes first
_TABLE_KIND: Final = 11
# Elements that put a marker in the list of active formatting elements.
_MARKERS: Final = frozenset({"applet", "caption", "marquee", "object", "td", "template", "th"})
# HTML start tags that end SVG or MathML content (a <font> only with these attributes).
_BREAKOUT: Final = frozenset(
    {
        *("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt"),
        *("em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li"),
        *("listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span"),
        *("strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"),
    }
)
_FONT_ATTRIBUTES: Final = frozenset({"color", "face", "size"})
_HTML_ENCODINGS: Final = frozenset({"text/html", "application/xhtml+xml"})
# Where the parser reads HTML: HTML elements and the integration points.
_HTML_CONTENT: Final = frozenset({_HTML, _SVG_HTML_POINT, _MATH_HTML_POINT, _MATH_TEXT_POINT})
# The SVG and MathML elements that are special to the parser.
_FOREIGN_SPECIAL: Final = frozenset(
    {_SVG_HTML_POINT, _MATH_TEXT_POINT, _MATH_ANNOTATION, _MATH_HTML_POINT}
)
# Elements whose content is text up to their end tag (RCDATA and RAWTEXT), in HTML content.
_TEXT_ELEMENTS: Final = frozenset(
    {"title", "textarea", "style", "xmp", "iframe", "noembed", "noframes"}
)
# (each letter as a class of its two ASCII cases, not re.I: the search then looks for the
# literal "</" first, many times faster over a long script; and re.I would also take a
# dotted capital I for an i, which the tokenizer does not)
_TEXT_END: Final = {
    name: re.compile("</" + "".join(f"[{c}{c.upper()}]" for c in name) + r"[\t\n\f\r />]")
    for name in (*_TEXT_ELEMENTS, "script")
}
# A script's text: the tokens that move the tokenizer between its script data states.
_SCRIPT_TOKEN: Final = re.compile(r"<!--(-?>)?|-->|<(/?)[sS][cC][rR][iI][pP][tT][\t\n\f\r />]")

# One piece of markup from its `<`: a comment's start (group 1), CDATA's start (2), an end
# tag (3: its name), a start tag (4: its name; 5 or 6: the `/` that closes it) with its attributes
# to its `>` (or the end of the page), or a bogus comment (`<!x>`, `<?x>`, `</ x>`) or `</>`,
# which are nothing. Attributes by the tokenizer's rules: a quote opens a value only after
# `=`, an unquoted value runs to whitespace or `>`, and a tag closes itself only by a `/`
# right before its `>`.
_ATTRIBUTES: Final = (
    r"""(?:[\t\n\f\r ]+|/(?!>)|[^\t\n\f\r />][^\t\n\f\r />=]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^\t\n\f\r >]*))?)*"""
)
# (most tags are written in a simpler form, whose match is tried first and is cheaper:
# names without quotes or `=`, values in double quotes, spaces between. Its quantifiers,
# and the names', are possessive: each stops at a character the next part must start
# with, so giving characters back can never make a match, and the engine is told not to
# try: a fifth of the pattern's time on real pages)
_SIMPLE_ATTRIBUTES: Final = (
    r"""(?:[\t\n\f\r ]++[^\t\n\f\r /"'<=>]++(?:="[^"]*+")?)*+[\t\n\f\r ]*+"""
)
_TOKEN: Final = re.compile(
    r"<(?:(!--)|(!\[CDATA\[)"
    rf"|/([A-Za-z][^\t\n\f\r />]*+)(?:{_SIMPLE_ATTRIBUTES}>|{_ATTRIBUTES}/?(?:>|\Z))"
    rf"|([A-Za-z][^\t\n\f\r />]*+)(?:{_SIMPLE_ATTRIBUTES}(/)?>|{_ATTRIBUTES}(/)?(?:>|\Z))"
    r"|[!?/][^>]*+(?:>|\Z))"
)
_COMMENT_END: Final = re.compile(r"--!?>")
# One attribute of a tag (1: its name, 2: its value), or the tag's end (neither).
_ATTRIBUTE: Final = re.compile(
    r"""[\t\n\f\r /]*(?:([^\t\n\f\r />][^\t\n\f\r />=]*)"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"?|'[^']*'?|[^\t\n\f\r >]*))?|>|\Z)"""
)


def _start_kinds() -> dict[str, int]:
    kinds: dict[str, int] = {}
    for names, kind in (
        (_TEXT_ELEMENTS | {"script"}, _TEXT_KIND),
        (_CLOSES_P, _CLOSES_P_KIND),
        (_VOID - {"col", "hr", "input"}, _VOID_KIND),
        (("html", "head", "body", "frameset"), _DOCUMENT),
        (("select", "input"), _SELECT_KIND),
        (("table",), _TABLE_KIND),
        (_TABLE_PARTS, _TABLE_PART),
        (("option", "optgroup"), _OPTION),
        (("rb", "rtc", "rp", "rt"), _RUBY_PART),
        (("a", "nobr", "button"), _ONE_OPEN),
        (("svg", "math"), _FOREIGN_ROOT),
    ):
        for name in names:
            kinds[name] = kind
    return kinds


_START_KINDS: Final = _start_kinds()
# Start tags before which the parser reopens the formatting elements it closed (a block,
# a table's part or a ruby's part opens first; their text then reopens them inside).
_REOPEN_FIRST: Final = frozenset(
    {_PLAIN, _VOID_KIND, _ONE_OPEN, _OPTION, _FOREIGN_ROOT, _TEXT_KIND, _SELECT_KIND}
)
# ...but for these, which the parser inserts without reopening them (they wait for the
# next text or inline tag, inside whatever opens in between)
_KEEP_PENDING: Final = frozenset(
    {
        *("param", "source", "track", "meta", "link", "base", "basefont", "bgsound"),
        *("textarea", "iframe", "noembed", "noframes", "script", "style", "title"),
        *("template", "frame"),
    }
)
_UNLIMITED: Final = 2**62


class ParseCost(NamedTuple):
    """What parsing a page would cost beyond its size: each figure counted until it passes
    its maximum, where the scan stops."""

    depth: int  # how deep the elements nest
    reopened: int  # how many elements the parser opens again after closing them
    # the most attributes of one tag (names told apart), among the tags long enough to hold
    # more than the maximum: the parser compares each with the ones before it, so a tag of
    # 40,000 takes it 3.5 s
    attributes: int


def nesting_depth(html: str, limit: int) -> int:
    """How deep the elements of `html` nest (see the module's doc), counted up to
    `limit + 1` at most."""
    return parse_cost(html, limit, _UNLIMITED, _UNLIMITED).depth


def parse_cost(html: str, max_depth: int, max_reopened: int, max_attributes: int) -> ParseCost:
    """How deep the elements of `html` nest, how many elements the parser opens again after
    closing them, and the most attributes of one of its tags; the scan stops as soon as one
    passes its maximum (the depth at `max_depth + 1`, the elements reopened a stack's worth
    at a time).

    The second figure is the parser's other cost that the page's size does not bound: a
    formatting element closed by the end of the block it sits in is opened again in the
    next one, so `<p>` and fifty formatting tags, then `<p>x` repeated, make fifty
    elements for every four characters."""
    names: list[str] = []
    spaces: list[int] = []
    pending: list[str] = []  # formatting elements closed, to be opened again
    form = [False]  # whether the parser's form element pointer is set (see _end_tag)
    deepest = reopened = attributes = 0
    closed_at = 0  # where the end tag that left elements pending ends
    # (a tag shorter than this holds fewer attributes than the maximum: each takes a
    # character and a separator)
    long_tag = min(2 * max_attributes, len(html))
    pos = 0
    kinds = _START_KINDS
    while pos < len(html):
        jump = -1
        for m in _TOKEN.finditer(html, pos):
            # (the last group the match set tells its kind: see _TOKEN)
            group = m.lastindex
            if group is None:
                continue  # a bogus comment, or `</>`
            if pending and m.start() > closed_at and (not spaces or spaces[-1] in _HTML_CONTENT):
                # text since the end tag that closed them: the parser reopens them for it
                reopened += _reopen(names, spaces, pending)
                deepest = max(deepest, len(names))
                if deepest > max_depth or reopened > max_reopened:
                    return ParseCost(deepest, reopened, attributes)
            if group >= 4:
                name = _lower(m.group(4))
                if m.end() - m.start() > long_tag:
                    attributes = max(attributes, _count_attributes(html, m.end(4), max_attributes))
                    if attributes > max_attributes:
                        return ParseCost(deepest, reopened, attributes)
                # (-1: the tag goes the long way, in SVG and MathML, and where the parser
                # ignores all but columns: see _COLUMNS)
                kind = (
                    kinds.get(name, _PLAIN)
                    if not spaces or (spaces[-1] == _HTML and names[-1] != _COLUMNS)
                    else -1
                )
                if pending and kind in _REOPEN_FIRST and name not in _KEEP_PENDING:
                    # (the parser reopens them first, the new element opens inside them)
                    reopened += _reopen(names, spaces, pending)
                if (
                    kind == _PLAIN
                    or (kind == _CLOSES_P_KIND and name in _CLOSES_P_ONLY and "p" not in names)
                    or (kind == _ONE_OPEN and name not in names)
                ):
                    # (most tags: an element opens, nothing else happens)
                    names.append(name)
                    spaces.append(_HTML)
                    depth, text = len(names), False
                elif kind == _VOID_KIND or (
                    kind == _SELECT_KIND and name == "input" and "select" not in names
                ):
                    depth, text = len(names) + 1, False
                elif kind == _TABLE_KIND and "table" not in names:
                    names.append(name)
                    spaces.append(_HTML)
                    depth, text = len(names), False
                elif kind == _ONE_OPEN:
                    # the open one ends first; what that closes is reopened before the new
                    # one opens, outside it
                    _close_implied(names, spaces, pending, name, kind)
                    if pending:
                        reopened += _reopen(names, spaces, pending)
                    names.append(name)
                    spaces.append(_HTML)
                    depth, text = len(names), False
                else:
                    depth, text = _start_tag(
                        names, spaces, pending, form, name, group > 4, html, m.end(4)
                    )
                if pending:
                    if name in _MARKERS and names[-1] == name and spaces[-1] == _HTML:
                        # (the parser reopens them only once the cell, caption, template
                        # ... that opened ends: here at once, outside it)
                        names.pop()
                        spaces.pop()
                        reopened += _reopen(names, spaces, pending)
                        names.append(name)
                        spaces.append(_HTML)
                        depth = max(depth, len(names))
                    else:
                        # What the tag closed (or what closed before a block, which does
                        # not reopen them itself) the parser reopens with the next text or
                        # inline tag, inside whatever opens until then.
                        closed_at = m.end()
                if depth > deepest:
                    deepest = depth
                    if deepest > max_depth:
                        return ParseCost(deepest, reopened, attributes)
                if reopened > max_reopened:
                    return ParseCost(deepest, reopened, attributes)
                if text:
                    jump = _text_end(html, name, m.end())
                    break
            elif group == 3:
                name = _lower(m.group(3))
                if spaces and spaces[-1] == _HTML and names[-1] == name:
                    names.pop()  # (the usual case, whatever the rule)
                    spaces.pop()
                else:
                    if name == "br" and pending and spaces and spaces[-1] in _HTML_CONTENT:
                        # (`</br>` is read as `<br>`, which reopens them first)
                        reopened += _reopen(names, spaces, pending)
                        deepest = max(deepest, len(names) + 1)
                    _end_tag(names, spaces, pending, form, name)
                    closed_at = m.end()
            else:
                jump = _skip(
                    html, m.end(), comment=group == 1, foreign=bool(spaces) and spaces[-1] != _HTML
                )
                break
        if jump < 0:
            break
        pos = jump
    if pending and len(html) > closed_at:  # (text at the end)
        reopened += len(pending)
        deepest = max(deepest, len(names) + len(pending))
    return ParseCost(deepest, reopened, attributes)


def _lower(name: str) -> str:
    """A tag or attribute name as the tokenizer lowers it (ASCII letters only)."""
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def _skip(html: str, pos: int, *, comment: bool, foreign: bool) -> int:
    """Where a comment (comment=True) or a CDATA section that starts before `pos` ends."""
    if comment:
        if html.startswith(">", pos):
            return pos + 1  # (`<!-->`)
        if html.startswith("->", pos):
            return pos + 2  # (`<!--->`)
        closing = _COMMENT_END.search(html, pos)
        return closing.end() if closing is not None else len(html)
    if foreign:
        closing_at = html.find("]]>", pos)
        return closing_at + 3 if closing_at >= 0 else len(html)
    gt = html.find(">", pos)  # (in HTML content, CDATA is a bogus comment)
    return gt + 1 if gt >= 0 else len(html)


def _attributes(html: str, pos: int) -> dict[str, str]:
    """The attributes of the tag whose name ends at `pos` (names in lower case; the first
    of a name wins, as in the parser)."""
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(html, pos):
        if m.group(1) is None:
            break  # the tag's end
        value = m.group(2) or ""
        found.setdefault(_lower(m.group(1)), value.strip("\"'"))
    return found


def _count_attributes(html: str, pos: int, limit: int) -> int:
    """How many attributes of different names the tag whose name ends at `pos` has, counted
    up to `limit + 1` at most."""
    names: set[str] = set()
    for m in _ATTRIBUTE.finditer(html, pos):
        name = m.group(1)
        if name is None:
            break  # the tag's end
        names.add(_lower(name))
        if len(names) > limit:
            break
    return len(names)


def _leave_foreign(names: list[str], spaces: list[int]) -> None:
    """Pop the SVG and MathML elements the parser pops before reading an HTML tag in them."""
    while spaces and spaces[-1] not in _HTML_CONTENT:
        names.pop()
        spaces.pop()


def _start_tag(
    names: list[str],
    spaces: list[int],
    pending: list[str],
    form: list[bool],
    name: str,
    closed: bool,
    html: str,
    attributes: int,
) -> tuple[int, bool]:
    """Apply a start tag to the stack: the depth of the element it makes (0: none), and
    whether its content is text to skip. `attributes`: where the tag's name ends."""
    if not spaces or spaces[-1] == _HTML:
        return _html_start_tag(names, spaces, pending, form, name, closed)
    space = spaces[-1]
    if (
        space in (_SVG_HTML_POINT, _MATH_HTML_POINT)
        or (space == _MATH_TEXT_POINT and name not in ("mglyph", "malignmark"))
        or (space == _MATH_ANNOTATION and name == "svg")
    ):
        return _html_start_tag(names, spaces, pending, form, name, closed)
    if name in _BREAKOUT or (
        name == "font" and not _FONT_ATTRIBUTES.isdisjoint(_attributes(html, attributes))
    ):
        # An HTML element ends the SVG or MathML around it: the parser pops out of it
        # first, then reads the tag as HTML's.
        _leave_foreign(names, spaces)
        return _html_start_tag(names, spaces, pending, form, name, closed)
    if closed:  # (in SVG and MathML, `<x/>` closes itself)
        return len(names) + 1, False
    if space in (_SVG, _SVG_HTML_POINT):
        kind = _SVG_HTML_POINT if name in ("foreignobject", "desc", "title") else _SVG
    elif name in ("mi", "mo", "mn", "ms", "mtext"):
        kind = _MATH_TEXT_POINT
    elif name == "annotation-xml":
        encoding = _lower(_attributes(html, attributes).get("encoding", ""))
        kind = _MATH_HTML_POINT if encoding in _HTML_ENCODINGS else _MATH_ANNOTATION
    else:
        kind = _MATH
    names.append(name)
    spaces.append(kind)
    return len(names), False


def _html_start_tag(
    names: list[str],
    spaces: list[int],
    pending: list[str],
    form: list[bool],
    name: str,
    closed: bool,
) -> tuple[int, bool]:
    kind = _START_KINDS.get(name, _PLAIN)
    if kind == _VOID_KIND:
        return len(names) + 1, False
    if kind == _DOCUMENT and (
        name in names
        or (name == "head" and (len(names) > 1 or (names and names[0] != "html")))
        or (name == "frameset" and "body" in names)
    ):
        # (the parser keeps the one it has; a head only before anything else, a frameset
        # only in place of a body that holds nothing yet)
        return 0, False
    if names and names[-1] == _COLUMNS and name != "template":
        # A template's columns: the parser ignores all but more columns (and templates).
        return (len(names) + 1 if name == "col" else 0), False
    if kind == _TABLE_PART:
        table = _nearest_html(names, spaces, ("table", "template"), ())
        if table < 0:
            return 0, False  # (outside a table, the parser ignores it)
        if "caption" in names:
            # (any table part ends the open caption first)
            at = _nearest_html(names, spaces, ("caption",), _TABLE_SCOPE)
            _pop_to(names, spaces, pending, at)
        if name == "col":
            if names[-1] == "template":
                names.append(_COLUMNS)
                spaces.append(_HTML)
            return len(names) + 1, False
        at = _open_table_part(names, spaces, name, table)
        _pop_to(names, spaces, pending, at, at >= len(names) or names[at] in _TABLE_MODES)
    elif kind == _CLOSES_P_KIND:
        if name == "form":
            if form[0] and "template" not in names:
                return 0, False  # (the parser has a form: it ignores the tag)
            form[0] = "template" not in names
        _close_before_block(names, spaces, pending, name)
        if name == "form":
            names.append(_FORM)
            spaces.append(_HTML)
            return len(names), False
        if name == "hr":
            return len(names) + 1, False
    elif kind == _TABLE_KIND:
        # In a table (not in its cell or caption), a new table ends the open one, even from
        # inside SVG or MathML put there.
        at = _table_mode(names, spaces)
        if at >= 0 and names[at] in _IN_TABLE:
            while at >= 0 and (spaces[at] != _HTML or names[at] not in _TABLE_SCOPE):
                at -= 1
            if at >= 0 and names[at] == "table":
                _pop_to(names, spaces, pending, at)
    elif kind == _SELECT_KIND:
        # A select in scope ends: a new select ends it alone, an input opens after it.
        at = _nearest(names, spaces, ("select",), _SCOPE) if "select" in names else -1
        _pop_to(names, spaces, pending, at)
        if name == "input" or at >= 0:
            return len(names) + (name == "input"), False
    elif kind in (_OPTION, _RUBY_PART, _ONE_OPEN):
        _close_implied(names, spaces, pending, name, kind)
    elif kind == _FOREIGN_ROOT:
        if closed:
            return len(names) + 1, False
        names.append(name)
        spaces.append(_SVG if name == "svg" else _MATH)
        return len(names), False
    if name in _TEXT_ELEMENTS or name in ("script", "plaintext"):
        return len(names) + 1, True
    names.append(name)
    spaces.append(_HTML)
    return len(names), False


def _close_implied(
    names: list[str], spaces: list[int], pending: list[str], name: str, kind: int
) -> None:
    """What an option, a part of a ruby, a link or a button closes when it starts."""
    if kind == _OPTION:
        if "select" in names and _nearest(names, spaces, ("select",), _SCOPE) >= 0:
            # (in a select, an option ends the open paragraph, list item, ... first)
            implied = _IMPLIED - {"optgroup"} if name == "option" else _IMPLIED
            while names and names[-1] in implied and spaces[-1] == _HTML:
                names.pop()
                spaces.pop()
        elif names and names[-1] == "option":
            _pop_to(names, spaces, pending, len(names) - 1)
    elif kind == _RUBY_PART:
        if "ruby" in names and _nearest(names, spaces, ("ruby",), _SCOPE) >= 0:
            implied = _IMPLIED if name in ("rb", "rtc") else _IMPLIED - {"rtc"}
            while names and names[-1] in implied:
                names.pop()
                spaces.pop()
    elif name in names:
        # a new link (or button) ends the open one, when nothing the parser keeps lies
        # between them
        _pop_to(names, spaces, pending, _nearest(names, spaces, (name,), _SPECIAL | _SCOPE))


def _nearest_html(
    names: list[str],
    spaces: list[int],
    wanted: tuple[str, ...] | frozenset[str],
    stops: tuple[str, ...] | frozenset[str],
) -> int:
    """As _nearest, past all SVG and MathML elements, integration points too: what a table's
    part does, even in them, the parser tells from its insertion mode."""
    i = len(names) - 1
    while i >= 0:
        if spaces[i] == _HTML:
            current = names[i]
            if current in wanted:
                return i
            if current in stops:
                return -1
        i -= 1
    return -1


def _table_mode(names: list[str], spaces: list[int]) -> int:
    """The index of the innermost open HTML element in _TABLE_MODES, past any other (SVG
    and MathML too), or -1."""
    i = len(names) - 1
    while i >= 0 and (spaces[i] != _HTML or names[i] not in _TABLE_MODES):
        i -= 1
    return i


def _open_table_part(names: list[str], spaces: list[int], name: str, table: int) -> int:
    """The open cell, row, row group (or, for a caption or column group, whatever is open
    in the table) that a new table part of this name closes; -1 for none. As in the parser,
    what is open above the part it adds to (the elements it put before the table) closes
    too."""
    if name not in _CELLS and name != "tr" and name not in _SECTIONS:
        return table + 1  # caption, colgroup
    at = _nearest_html(names, spaces, _TABLE_MODES, ())
    if at < 0 or names[at] == "template" or names[at] == "caption":
        return -1  # (a caption in scope has closed first: see _html_start_tag)
    current = names[at]
    if current == "table":
        return at + 1
    if current == "colgroup":
        return at
    cell = current in _CELLS
    if name in _CELLS:
        return at if cell else at + 1
    if name in _SECTIONS:
        if current in _SECTIONS:
            return at
        section = _nearest_html(names, spaces, _SECTIONS, ("table", "template"))
        if section >= 0:
            return section
    elif current in _SECTIONS:
        return at + 1  # (a row)
    row = _nearest_html(names, spaces, ("tr",), ("table", "template"))
    return row if row >= 0 else at


def _close_before_block(names: list[str], spaces: list[int], pending: list[str], name: str) -> None:
    """What a block's start tag closes: the open list item before a list item, then an open
    <p>, then a heading before a heading. (The item is looked for first, with the <p> still
    open: an element the search stops at inside that <p>, a <noscript> or a <button>, keeps
    the item open, and the new one opens inside it.)"""
    if name == "li":
        if "li" in names:
            _pop_to(names, spaces, pending, _nearest(names, spaces, ("li",), _ITEM_STOPS))
    elif name in ("dd", "dt") and ("dd" in names or "dt" in names):
        _pop_to(names, spaces, pending, _nearest(names, spaces, ("dd", "dt"), _ITEM_STOPS))
    if "p" in names:
        _pop_to(names, spaces, pending, _nearest(names, spaces, ("p",), _BUTTON_SCOPE))
    if name in _HEADINGS and names and names[-1] in _HEADINGS and spaces[-1] == _HTML:
        _pop_to(names, spaces, pending, len(names) - 1)


def _end_tag(
    names: list[str], spaces: list[int], pending: list[str], form: list[bool], name: str
) -> None:
    if not names:
        return
    if spaces[-1] != _HTML:
        if name in ("br", "p"):
            _leave_foreign(names, spaces)
        elif _foreign_end_tag(names, spaces, pending, name):
            return
    elif names[-1] == name:
        # (the usual case, whatever the rule: the element closes itself)
        names.pop()
        spaces.pop()
        return
    if name in ("body", "html", "br", "head"):
        return  # (a head closes only on top, in the head)
    if name in pending:
        # A formatting element closed, not reopened yet: the parser forgets it.
        pending.reverse()
        pending.remove(name)
        pending.reverse()
        return
    if name == "form":
        # The parser's form element pointer: the end tag clears it, and with none set (and
        # no template open) it does nothing, even with a form on top.
        pointer = form[0]
        form[0] = False
        if pointer or "template" in names:
            # (the form element alone leaves the stack: what is open inside it stays open)
            at = _nearest(names, spaces, (_FORM,), _SCOPE)
            if at >= 0:
                while names[-1] in _IMPLIED and spaces[-1] == _HTML:  # (a <p> in it closes)
                    names.pop()
                    spaces.pop()
                del names[at], spaces[at]
        return
    if name in _HEADINGS:
        if _HEADINGS.isdisjoint(names):
            return  # (any heading's end tag closes the open heading, whatever its level)
    elif name not in names:
        return
    at = _nearest(names, spaces, *_end_search(name))
    if at < 0 and name in _FORMATTING:
        _adopt(names, spaces, pending, name)  # (a special element above it)
    else:
        _pop_to(names, spaces, pending, at)


def _adopt(names: list[str], spaces: list[int], pending: list[str], name: str) -> None:
    """A formatting element's end (or the start of a link or nobr while one is open), as
    the parser's adoption agency moves the stack: when a special element (the "furthest
    block") lies above the element, the element leaves the stack, as does what is between
    them but formatting elements, and a copy of it opens right above that block; then the
    same again for the copy, up to eight rounds; with no special element above, the
    element closes with all it holds."""
    for _ in range(8):
        at = _nearest(names, spaces, (name,), _SCOPE)
        if at < 0:
            return
        block = at + 1
        while block < len(names) and not (
            (spaces[block] == _HTML and names[block] in _SPECIAL)
            or spaces[block] in _FOREIGN_SPECIAL
        ):
            block += 1
        if block == len(names):
            _pop_to(names, spaces, pending, at)
            return
        kept = [j for j in range(at + 1, block) if names[j] in _FORMATTING and spaces[j] == _HTML]
        names[at : block + 1] = [*(names[j] for j in kept), names[block], name]
        spaces[at : block + 1] = [*(_HTML for _ in kept), spaces[block], _HTML]


def _end_search(name: str) -> tuple[tuple[str, ...] | frozenset[str], frozenset[str]]:
    """The elements an HTML end tag of this name closes, and where the parser's search for
    one stops."""
    if name == "p":
        return ("p",), _BUTTON_SCOPE
    if name == "li":
        return ("li",), _LIST_SCOPE
    if name in _HEADINGS:
        return _HEADINGS, _SCOPE
    if name == "caption":  # (ignored in a cell, a row, ...)
        return (name,), _TABLE_SCOPE | _TABLE_PARTS - {name}
    if name in _TABLE_PARTS or name == "table":
        return (name,), _TABLE_SCOPE - {name}
    if name == "template":
        return (name,), _NOWHERE
    if name == "select":
        return (name,), _SCOPE - {name}
    if name in _BLOCK_END:
        return (name,), _SCOPE - {name}
    # any other end tag (the formatting elements' too: with an element the parser keeps
    # above one, its adoption agency moves things about; left as it is, which counts more):
    # to the element of that name, unless a special element comes first
    return (name,), _SPECIAL | _SCOPE


def _foreign_end_tag(names: list[str], spaces: list[int], pending: list[str], name: str) -> bool:
    """An end tag in SVG or MathML content: it closes the nearest element of its name
    among the SVG and MathML elements on top of the stack (True), or falls to the HTML
    rules when it reaches an HTML element first (False)."""
    i = len(names) - 1
    while i >= 0:
        if names[i] == name:
            _pop_to(names, spaces, pending, i)
            return True
        i -= 1
        if i >= 0 and spaces[i] == _HTML:
            return False
    return True


def _nearest(
    names: list[str],
    spaces: list[int],
    wanted: tuple[str, ...] | frozenset[str],
    stops: tuple[str, ...] | frozenset[str],
) -> int:
    """The index of the innermost open HTML element named in `wanted`, or -1 when there is
    none or an element in `stops` comes first. As in the parser, the search passes SVG and
    MathML elements but for their integration points, where it stops."""
    i = len(names) - 1
    while i >= 0:
        space = spaces[i]
        if space == _HTML:
            current = names[i]
            if current in wanted:
                return i
            if current in stops:
                return -1
        elif space != _SVG and space != _MATH:
            return -1
        i -= 1
    return -1


def _pop_to(
    names: list[str], spaces: list[int], pending: list[str], index: int, own: bool = True
) -> None:
    """Close the element at `index` and everything opened inside it (nothing for -1); by its
    own end (own=True), or as one of the elements above a table's part the parser clears.

    The formatting elements (b, i, font, a, ...) closed on the way wait in `pending` to be
    opened again: the parser keeps them in its list of active formatting elements and
    reopens them before the next text or inline tag, unless they sat inside a cell, a
    caption, an object or a template, whose end clears that list. (Only the end of the
    element at `index` clears it, and only back to the last marker such an element left
    in it: an object or a marquee closed on the way leaves its marker, and what follows it
    is reopened. A cell or a caption the parser always closes itself.)"""
    if index < 0 or index >= len(names):
        return
    start = len(pending)
    kept = -1  # (what the end of the marker at `index` leaves of them)
    for j in range(index if not own else index + 1, len(names)):
        if spaces[j] != _HTML:
            continue
        current = names[j]
        if current in _MARKERS:
            if current in _CELLS or current == "caption":
                break
            kept = len(pending)
        elif current in _FORMATTING:
            pending.append(current)
    if own and names[index] in _MARKERS:
        del pending[max(kept, start) :]
    del names[index:], spaces[index:]


def _reopen(names: list[str], spaces: list[int], pending: list[str]) -> int:
    """Open the formatting elements that wait in `pending` (see `_pop_to`): how many."""
    count = len(pending)
    for current in pending:
        names.append(current)
        spaces.append(_HTML)
    pending.clear()
    return count


def _text_end(html: str, name: str, pos: int) -> int:
    """Where the text of a script, style, title, text area (...) that starts at `pos` ends:
    at its end tag (left for the scan to read), or at the end of the page."""
    if name == "plaintext":
        return len(html)  # (the rest of the page is its text)
    closing = _TEXT_END[name].search(html, pos)
    end = closing.start() if closing is not None else len(html)
    if name != "script" or html.find("<!--", pos, end) < 0:
        return end
    # A script's `<!--` escapes it: a `<script>` inside the escape must be closed before
    # `</script>` ends the script, and `-->` ends the escape.
    data, escaped, double = 0, 1, 2
    state = data
    for token in _SCRIPT_TOKEN.finditer(html, pos):
        text = token.group(0)
        if text.startswith("<!--"):
            if token.group(1) is not None:
                state = data  # (`<!-->`, `<!--->`: the escape ends as it starts)
            elif state == data:
                state = escaped
        elif text == "-->":
            state = data
        elif token.group(2):  # </script
            if state == double:
                state = escaped
            else:
                return token.start()
        elif state == escaped:  # <script
            state = double
    return len(html)
