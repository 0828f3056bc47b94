"""HTML -> Article: find the article on a page and leave everything else behind.

One parse (selectolax, lexbor backend). Lexbor does the work over the whole document: one
search collects the metadata elements and the paragraphs; on a large page the paragraphs'
text lengths, weighed by the class/id words above them, point at the part that holds the
article (`_find_scope`), and only that part is analysed in Python. The walk leaves out
invisible subtrees (and unlinks them, see `_prune`) and cuts the visible text into blocks (a
block ends at every block-level element boundary and at every <br>, so "word<br>word" never
becomes "wordword") and keeps, per element, how much text and link text it holds. A
readability-style score picks the element that holds the article's paragraphs; blocks inside
it are kept unless they sit in page chrome (share widgets, comments, captions, "related"
inserts, counters ...). The detection uses generic signals only: text and link density,
paragraph counts, and class/id words such as "comment" or "share" (in several languages).

A body that is implausible for the page (a small share of its paragraph text, or shorter
than its own description) sends the page through further readings, each trusting fewer of
its hints (`_extract`): the whole page, then the strong chrome words only, then hidden parts
as visible. A page without a line of running text gets its short lines (`_short_text_page`).

The view count, the headline and the metadata are read from the same tree (headlines and
counters outside the analysed part by lexbor searches; what the metadata says is read by
`tracker.metadata`).

`extract` is pure: any input (bytes, broken markup, nothing) gives an Article; an exception
is a bug, which the property tests look for and a check records as a failed extraction.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, Final, NamedTuple

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

from tracker.article import Article, ExtractOptions, normalize_text
from tracker.encoding import page_input
from tracker.metadata import (
    iso_date,
    meta_author,
    modified_date,
    published_date,
    read_json_ld,
    read_meta,
    stated_body,
    strip_site,
    time_datetime,
)
from tracker.views import number_in, parse_views, views_by_regex

__all__ = ["extract"]

# Elements whose text is never part of what a reader sees as the page's text.
_SKIP_TAGS: Final = frozenset(
    {
        "head", "script", "style", "noscript", "template", "svg", "annotation",
        "annotation-xml", "iframe", "object",
        "embed", "canvas", "video", "audio", "select", "option", "optgroup", "button",
        "textarea", "input", "label", "title", "meta", "link", "base", "img", "picture",
        "source", "map", "area", "dialog",
    }
)  # fmt: skip

# Elements that start a new line of text; everything else is inline.
_BLOCK_TAGS: Final = frozenset(
    {
        "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "caption", "br", "frameset", "frame", "legend", "listing",
        "xmp", "plaintext", "noframes",
    }
)  # fmt: skip

_ICON_TAGS: Final = frozenset({"svg", "img"})
_CODE_TAGS: Final = frozenset({"pre", "code"})
_FOREIGN_TAGS: Final = frozenset({"svg", "math"})
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_SELECTOR: Final = "h1, h2, h3, h4, h5, h6"
# Elements that a "header" word describes as what they are, or whose header row it styles.
_HEADERS: Final = _HEADINGS | {"table", "thead", "tr", "th"}
# Text holders: a paragraph's score goes to the element that holds it, not to itself.
_PARAGRAPH_TAGS: Final = frozenset({"p", "li", "pre", "blockquote", "dd", "dt", "h2", "h3", "h4"})
# Elements that are page chrome whatever their classes say, when found inside the article.
# (not a table's <caption>: the title of a table of data, the article's as the table is)
_CHROME_TAGS: Final = frozenset(
    {"nav", "aside", "footer", "header", "form", "figure", "figcaption", "menu"}
)
_ARTICLE_TAGS: Final = frozenset({"article", "main"})
# Elements that hold other stories' teasers (and their view counts) whatever their classes.
_TEASER_TAGS: Final = frozenset({"aside", "nav", "footer"})

# Class/id words of page chrome. A word matches when it starts with one of the prefixes or
# equals one of the exact words (short words like "ad" must not match "header" or "load").
# Strong words name parts that never hold the article's text (comments, ads, consent
# banners, navigation, lists of other stories); weak words name parts that are chrome as a
# rule but hold the article's text on some sites (a page builder calls every block of
# content a "widget", a paywalled article sits in a "paywall", a lede in a "teaser" box).
_STRONG_PREFIXES: Final = (
    "comment", "share", "sharing", "social", "sidebar", "footer", "related", "promo",
    "newsletter", "cookie", "consent", "advert", "sponsor", "breadcrumb", "pagination",
    "pager", "subscri", "popup", "modal", "navbar", "navigation", "menu", "toolbar",
    "recommend", "trending", "popular", "mostread", "signup", "login", "gdpr", "tagcloud",
    "rating", "reaction", "survey", "disqus", "copyright", "readalso", "seealso",
    "crosslink", "outbrain", "taboola", "subnav", "topnav", "dropdown", "lightbox",
    "overlay", "donat", "feedback", "boilerplate", "cta",
    # the same parts named in German, Polish, Spanish, French and Italian
    "kommentar", "werbung", "seitenleiste", "impressum", "datenschutz", "empfehlung",
    "komentarz", "reklama", "comentario", "compartir", "publicidad", "publicite",
    "pubblicita", "condividi", "partage", "relacionad", "correlat", "bewertung", "teilen",
    "fusszeile", "pressekontakt", "aehnlich", "verwandt",
    # customers' quotes on a company's pages (testimonials, "Kundenstimmen"): praise that
    # rotates, as customers' reviews do
    "testimonial", "kundenstimme",
    # the readers' discussion below a text, as Czech, Slovak, Polish and German sites name
    # their comments ("diskuse", "diskusia", "dyskusja", "Diskussion")
    "diskus", "dyskusj",
    # the condolences below a death notice, a guest book of mourners (German, English and
    # Spanish, French, Polish)
    "kondolenz", "condolenc", "condolean", "kondolenc",
    # share buttons named by the library that draws them (Heise's "shariff", which German
    # sites use for its privacy, AddThis, AddToAny)
    "shariff", "addthis", "addtoany",
)  # fmt: skip
# ("relation" and "relations" name what "related" does, as a glossary's "lexikon-relation"
# list of related terms writes it; a "relationship" is a subject)
_STRONG_EXACT: Final = frozenset(
    {
        *("ad", "ads", "adv", "adsense", "dfp", "nav", "aside", "foot", "logo", "reply"),
        *("replies", "relation", "relations"),
    }
)
_WEAK_PREFIXES: Final = (
    "widget", "masthead", "byline", "caption", "banner", "paywall", "tags", "author",
    "dateline", "timestamp", "readmore", "print", "skip", "credit", "counter", "pageview",
    "views", "breaking", "ticker", "alert", "notice", "partner", "icon", "more",
    "latest", "embed", "fontsize", "fontresiz",
    # a tool beside a listing or a product (a mortgage's, a move's costs)
    "calculator",
    # a forum post's signature, a news site's byline block ("bloc_signature", "c-signature")
    "signature",
)  # fmt: skip
_WEAK_EXACT: Final = frozenset(
    {
        "tag", "meta", "date", "time", "rail", "source", "tools", "utility", "most", "extra",
        "hidden", "hide", "sr", "only", "invisible", "brand", "header",
        "secondary", "links", "lang", "language", "search", "photo", "image", "img",
        "gallery", "video", "media", "figure", "follow", "next", "prev", "previous",
        # what a consent tool puts where an embedded map or video will load ("map-
        # placeholder", "cmplz-blocked-content-notice", "_brlbs-content-blocker")
        "placeholder", "blocker", "blocked",
        # an embedded map and its note ("Die genaue Adresse erhalten Sie auf Anfrage")
        "map",
        # the author's box named in French, German, Spanish, Polish and Italian
        "auteur", "auteurs", "autor", "autorin", "autoren", "autore", "autori",
    }
)  # fmt: skip
# Weak words of boxes that hold a site's announcements outside the article and a note of
# the text inside it ("alert alert-info" as Bootstrap themes write a "Hinweis", GOV.UK's
# "help-notice" warnings, a documentation theme's "alert" notes).
_NOTE_PREFIXES: Final = ("alert", "notice")
# Words that make an element a candidate for the article itself.
# (with the words sites in other languages use: German, Dutch, French, Spanish, Italian,
# Portuguese and Polish names for the content, the article, the post)
_POS_PREFIXES: Final = (
    "article", "content", "body", "entry", "post", "story", "text", "main", "blog", "news",
    "prose", "rich", "detail", "single", "page", "paragraph", "artikel", "noticia",
    "materia", "statya", "column", "inhalt", "beitrag", "meldung", "inhoud", "contenu",
    "contenido", "contenuto", "conteudo", "articolo", "artykul", "tresc", "cuerpo", "corpo",
)  # fmt: skip
# Words of a block of code, as syntax highlighters and the sites that use them name it
# ("highlight", "sourceCode", "codehilite", "highlighter-rouge", "prettyprint",
# "syntaxhighlighter"): beside them, "language", "source" or "lang" name the code's
# language, not page chrome. (exact words: "highlights" and "codes" are other things)
_CODE_EXACT: Final = frozenset(
    {"highlight", "highlighter", "code", "codeblock", "codehilite", "hljs", "prettyprint"}
)
_CODE_PREFIXES: Final = ("syntax",)
# Words of a view counter's class/id.
_VIEW_PREFIXES: Final = ("view", "hit", "counter", "eye", "pageview", "visit", "reads", "seen")
# Substrings of those prefixes ("pageview" contains "view"): a counter has one in its class or id.
_VIEW_SUBSTRINGS: Final = ("view", "hit", "counter", "eye", "visit", "reads", "seen")
# Those that name views, not any count.
_VIEWS_NAMED: Final = tuple(word for word in _VIEW_SUBSTRINGS if word != "counter")
# Words of lists of *other* articles: a view count in there belongs to a teaser, not the page.
# (a "stream" is a news portal's feed of other stories below the article, or a social
# site's activity stream)
_TEASER_PREFIXES: Final = (
    "sidebar", "related", "popular", "mostread", "trending", "recommend", "latest", "teaser",
    "rail", "widget", "similar", "recent", "tile", "stream",
)  # fmt: skip
# (a list of posts is named by their plural: page builders' and block themes' grids of
# other posts, "elementor-posts", "wp-block-latest-posts"; the post itself is a "post")
_TEASER_EXACT: Final = frozenset({"posts"})

_WORD_SPLIT: Final = re.compile(r"[^a-z0-9]+")
# (the place between the two parts of a camelCase word: a replacement without a group
# reference is substituted in C, a template like r"\1 \2" in Python per match)
_CAMEL_JOIN: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# ASCII characters that part words in a class or id ("article-body", "post_content"), as
# a byte table (bytes.translate is a table look-up per byte, str.translate a dict look-up)
_SEPARATORS: Final = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))


def _hint_words(value: str) -> list[str]:
    """The words of a class/id token: camelCase and anything but letters and digits part
    them, lower case."""
    if not value.isascii():
        return [w for w in _WORD_SPLIT.split(_CAMEL_JOIN.sub(" ", value).lower()) if w]
    if not value.islower():  # (an upper-case letter, or no letter at all)
        value = _CAMEL_JOIN.sub(" ", value)
    return value.lower().encode("ascii").translate(_SEPARATORS).decode("ascii").split()


# What the class/id words of an element say (bit flags, see _classify).
_CHROME_WORD: Final = 1
_ARTICLE_WORD: Final = 2
_COUNTER_WORD: Final = 4
_TEASER_WORD: Final = 8
_STRONG_CHROME_WORD: Final = 16  # (with _CHROME_WORD: a word of the strong kind)
_CODE_WORD: Final = 32
_NOTE_WORD: Final = 64  # (with _CHROME_WORD: a box's word that may name a note of the text)
_PLAIN_CHROME_WORD: Final = 128  # (with _CHROME_WORD: a chrome word that names no note)


def _word_table() -> tuple[dict[str, int], dict[str, int], tuple[int, ...]]:
    """The flags of each listed prefix and exact word, and the prefixes' lengths: a word's
    flags are then a dictionary look-up per prefix length, not a test per prefix."""
    prefixes: dict[str, int] = {}
    exact: dict[str, int] = {}
    listed: list[tuple[Iterable[str], int, dict[str, int]]] = [
        (_STRONG_PREFIXES, _CHROME_WORD | _STRONG_CHROME_WORD, prefixes),
        (_WEAK_PREFIXES, _CHROME_WORD, prefixes),
        (_POS_PREFIXES, _ARTICLE_WORD, prefixes),
        (_VIEW_PREFIXES, _COUNTER_WORD, prefixes),
        (_TEASER_PREFIXES, _TEASER_WORD, prefixes),
        (_CODE_PREFIXES, _CODE_WORD, prefixes),
        (_NOTE_PREFIXES, _NOTE_WORD, prefixes),
        (_CODE_EXACT, _CODE_WORD, exact),
        (_STRONG_EXACT, _CHROME_WORD | _STRONG_CHROME_WORD, exact),
        (_WEAK_EXACT, _CHROME_WORD, exact),
        (_TEASER_EXACT, _TEASER_WORD, exact),
    ]
    for words, flag, table in listed:
        for word in words:
            table[word] = table.get(word, 0) | flag
    for table in (prefixes, exact):
        for word, flags in table.items():
            if flags & _CHROME_WORD and not flags & _NOTE_WORD:
                table[word] = flags | _PLAIN_CHROME_WORD
    return prefixes, exact, tuple(sorted({len(p) for p in prefixes}))


_PREFIX_FLAGS, _EXACT_FLAGS, _PREFIX_LENGTHS = _word_table()


# Class strings longer than this are classified without being kept in the caches below: a
# page whose class attributes are long and new on every visit would otherwise keep their
# text alive in a running service for good. Each cache is emptied when it holds
# _CACHE_ENTRIES strings. (plain dictionaries: a look-up from compiled code costs a fraction
# of a call through functools' cache, and most look-ups hit)
_CACHED_CHARS: Final = 200
_CACHE_ENTRIES: Final = 1 << 17
# (words repeat across tokens far more than tokens do: "post", "content", "wrapper"; class
# tokens repeat from page to page of a site, whole attribute strings, with ids, much less)
_word_cache: Final[dict[str, int]] = {}
_token_cache: Final[dict[str, int]] = {}
_value_cache: Final[dict[str, int]] = {}


def _remember(cache: dict[str, int], key: str, flags: int) -> int:
    if len(key) <= _CACHED_CHARS:
        if len(cache) >= _CACHE_ENTRIES:
            cache.clear()
        cache[key] = flags
    return flags


# The parts of a page's frame that old sites and hand-written templates glue to a prefix of
# their own in one word ("sitefooter", "leftnav", "mainmenu", "rightsidebar", a university's
# "nsufooter"): such a word names the part, whatever its prefix would name alone ("main").
_CHROME_SUFFIXES: Final = ("footer", "nav", "navigation", "menu", "sidebar", "breadcrumb")


def _word_flags(word: str) -> int:
    if len(word) > 4 and word.endswith(_CHROME_SUFFIXES):
        for suffix in _CHROME_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                return _EXACT_FLAGS.get(suffix, 0) | _PREFIX_FLAGS.get(suffix, 0)
    found = _EXACT_FLAGS.get(word, 0)
    size = len(word)
    for length in _PREFIX_LENGTHS:
        if length > size:
            break
        found |= _PREFIX_FLAGS.get(word[:length], 0)
    if found & _COUNTER_WORD and word.startswith(("viewport", "viewmode")):
        found &= ~_COUNTER_WORD  # (layout and display modes, not view counters)
    return found


# A microdata property that makes its element a comment (schema.org's "comment" of a post
# or an article; "comments" as some themes write it).
_COMMENT_PROPERTY: Final = re.compile(r"(?i)(?:^|\s)comments?(?:\s|$)")
# An item typed as a comment (schema.org's Comment, and its older UserComments).
_COMMENT_TYPE: Final = re.compile(r"(?i)schema\.org/(?:Comment|UserComments)(?:\s|$)")
# An item typed as a question (schema.org's Question, which question-and-answer sites and
# shops' product questions write around a question and its answers for search engines).
_QUESTION_TYPE: Final = re.compile(r"(?i)schema\.org/Question(?:\s|$)")


def _typed_question(itemtype: str | None) -> bool:
    """Whether an element's itemtype types it as a question (see `_QUESTION_TYPE`)."""
    return itemtype is not None and _QUESTION_TYPE.search(itemtype) is not None


# Words after which a class token says what the element has or lacks, not what it is
# ("mv-create-has-image", "has-sidebar", "with-thumbnail", a table's "fr-table--no-caption",
# "no-sidebar"): the rest of the token is left unread.
_HAS_WORDS: Final = frozenset({"has", "with", "without", "no"})
# Words after which a class token names the element's neighbour, when another word comes
# first ("el_before_av_image", "el_after_av_heading", as a page builder marks each block by
# the blocks around it): the rest of the token is left unread. (first in a token, they
# name an area of the page: "before-footer", "after-article", a theme's widget areas)
_NEIGHBOUR_WORDS: Final = frozenset({"before", "after"})
# Words of a picture, and what a block of text beside one names: a token whose block (its
# words before a "__") names both is a block of text and a picture ("wp-block-media-text",
# as WordPress's editor writes it, a CMS's "paragraph--type--image-text", a builder's
# "text-image" module), and a picture's word before a side ("image-left", "media--right")
# says where the picture of such a block sits: the element is the text's, no picture's.
# (the element of a picture's block, "image__text", is its caption)
_PICTURE_WORDS: Final = frozenset({"image", "img", "media", "photo", "pic", "picture"})
_TEXT_BESIDE: Final = "text"
_SIDE_WORDS: Final = frozenset({"left", "right", "links", "rechts"})
# Words that say how an element is styled when a part's name follows them (a page builder's
# list "type-icons", a block's "is-style-icons"): its items are drawn with icons, it is no
# icon. (a "cms-type-rich-text" field is read: it is rich text)
_STYLE_WORDS: Final = frozenset({"type", "style"})
# "secondary" after what a style colours ("bg-secondary", "text-secondary", TYPO3's
# "frame-background-secondary"): Bootstrap's second colour of the theme, no secondary column.
_SECONDARY: Final = "secondary"
_COLOURED: Final = frozenset({"bg", "background", "text", "btn", "button", "border", "color"})


# Words that hide a part of an element when they follow that part's name in a token
# ("field--label-hidden", a CMS's field whose label is not shown; "overflow-hidden", a
# utility class that clips what overflows): the element itself is seen.
_HIDING_WORDS: Final = frozenset({"hidden", "hide", "invisible"})
_PART_WORDS: Final = frozenset(
    {
        *("label", "labels", "title", "titles", "heading", "caption", "legend", "icon"),
        *("overflow", "scrollbar", "scroll", "bullet", "bullets", "marker", "arrow", "arrows"),
        *("border", "outline", "placeholder"),
    }
)
# Parts that a reader opens, when a hiding word follows them ("kt-accordion-panel-hidden",
# "faq-answer-hidden", a collapsed section's "collapsible-content-hide", the "expand-hidden"
# of Confluence's expand macro): an accordion's closed panel, the answer to a FAQ's
# question, which the page holds for the reader to unfold as its text, not a part it keeps
# from them.
_FOLDED_PARTS: Final = frozenset(
    {
        *("panel", "pane", "accordion", "collapse", "collapsible", "toggle", "answer", "faq"),
        *("expand", "expandable", "expander"),
    }
)
# Words that say where a part of an element sits ("kt-blocks-info-box-media-align-left", a
# box with its picture on the left; "image-position-top", "icon-placement-right"): the
# part's name before them names no part the element is.
_PLACEMENT_WORDS: Final = frozenset({"align", "alignment", "position", "placement"})
# Words that make a hiding word a condition ("hidden-xs", "hide-for-large", "product--mobile-
# hide", "hidden-print", "hide-if-no-js", a shop's "quick-add-hidden"): the element is hidden on
# some screens or in some view, and seen on the others.
_CONDITIONS: Final = frozenset(
    {
        *("xs", "sm", "md", "lg", "xl", "xxl", "xlg", "mobile", "desktop", "tablet", "phone"),
        *("print", "small", "medium", "large", "xmedium", "for", "on", "if", "from", "when"),
        *("until", "below", "above", "quick", "quickview"),
    }
)
# The parts an element's style draws (see _STYLE_WORDS).
_STYLED_PARTS: Final = frozenset({"icon", "icons", "image", "images", "bullet", "bullets"})
# The word that makes a "view" before it a CMS's display mode, not a view counter
# ("paragraph--view-mode--default", "node--view-mode-full", "viewmode-teaser").
_VIEW_MODE: Final = "mode"
# "ad" after "job" is a job's advertisement, the posting itself ("job-ad-display",
# "job-ad__description", as job boards name the text of a vacancy), no advertising space.
_JOB: Final = "job"
_AD: Final = "ad"
# "only" after a word says whom an element is for ("sr-only", "print-only": not the screen's
# reader); first, before others, it says what the element holds ("only-text", "only-image",
# as CMS templates mark a content element's layout), which names no chrome.
_ONLY: Final = "only"
# "icon" before the words of an icon's name says which icon a box is drawn with, as design
# systems' utility classes do ("fr-icon-information-line" on a note, "icon-check" on a
# list item): the box is no icon. (an "icon" last in a token is one: "social-icon")
_ICON: Final = "icon"
# Nor is an "iconbox" written as one word ("w-iconbox", "iconbox-grid"): page builders
# name so their boxes of a heading and a text beside an icon (a service, a feature).
_ICON_BOXES: Final = frozenset({"iconbox", "iconboxes"})
# "promoted" after "node" is a publishing state of the item itself (Drupal's "node-promoted",
# "node--promoted": the article is listed on the front page), not promoted content.
_NODE: Final = "node"
_PROMOTED: Final = "promoted"
# "sidebar" after "section" and a namespace before it names a layout, a section with a
# sidebar beside its main column ("cms-section-sidebar", as Shopware 6 writes it): the
# sidebar's own element names itself again ("cms-section-sidebar-sidebar-content"), the
# main column does not ("cms-section-sidebar-main-content"). (without a namespace,
# "section-sidebar" is a section's sidebar)
_SECTION: Final = "section"
_SIDEBAR: Final = "sidebar"
# "tag" after "heading" names a heading's own element ("av-special-heading-tag", as a
# theme's heading module classes its <h2>), not a list of tags.
_HEADING_WORD: Final = "heading"
_TAG: Final = "tag"
# "extra" before another word qualifies it ("extra-small", "text-extra-large", a news
# CMS's "active-extra-styles" on every paragraph block): a size or a set of styles, which
# the words after it name. Last in a token it is the noun, a box of extras ("entry-extra",
# "post-extra"), chrome.
_EXTRA: Final = "extra"
# "more" before a word for information about the page's subject ("more-info", a public
# service page's section of further information; a product's "more-details") names more
# of it, no more stories.
_MORE: Final = "more"
# "next" before a step names what follows for the reader ("next-steps", a public body's
# or a manual's section "What happens next"), no link to the next page.
_NEXT: Final = "next"
_STEPS: Final = frozenset({"step", "steps"})
_FURTHER: Final = frozenset({"info", "infos", "information", "informations", "detail", "details"})
# "header" after a word for the whole site names the site's masthead ("site-header", a
# theme's "global-header", a page builder's "elementor-location-header" template): the
# logo, the menu and the site's notices, strong chrome. Alone, or after other words
# ("entry-header", "page-header", "article-header"), a header may hold the article's
# headline and lede. After a part that a reader opens ("accordion-header", "faq-header",
# "toggle-header", see _FOLDED_PARTS) it is the bar that opens the part: a FAQ's question,
# a collapsed section's title.
_HEADER: Final = "header"
# "footer" after "product" names the part of a shop's product page below the product's
# summary ("product-footer", as WooCommerce themes such as Flatsome write it): the tabs of
# its description and details, no footer of the page or of a teaser.
_FOOTER: Final = "footer"
_PRODUCT: Final = "product"
# "dropdown" in a token that names a part a reader opens ("accordion-item__dropdown", as
# Squarespace writes an accordion's panel; "faq-dropdown") is that part: a FAQ's answer,
# not a menu's list of links.
_DROPDOWN: Final = "dropdown"
_SITE_WIDE: Final = frozenset({"site", "location", "global"})
# "alert" after what a reader has alerts sent of ("job-alert", "price-alert", a saved
# search's "search-alert") names a subscription box, as "newsletter" does; alone, an
# "alert" may be a note of the text (see _NOTE_PREFIXES).
_ALERT: Final = "alert"
_SUBSCRIBED: Final = frozenset({"job", "price", "search"})
# "form" after "answer" ("AnswerForm", "answer-form"): a question-and-answer site's form
# for a reader's answer and its prompt, as a comment form is a comment's; an "answer"
# alone is the text a FAQ or a thread gives.
_FORM: Final = "form"
_ANSWER: Final = "answer"
# "other" before what it names ("other-releases", "other-links", "otherSlideShows",
# "other-threads"): the other pages of the site, a list of them below the article, as
# "related" names them but weak (a theme may name a byline's variant "by-line--other").
# Before information ("other-info") it names more of the page's subject, as "more" does.
_OTHER: Final = "other"


# Customers' reviews ("customer-reviews", "user-review", a shop's "product-review-item"):
# words of both parts of the name. (a review alone, or a "product-review", is an article)
_REVIEWS: Final = frozenset({"review", "reviews", "bewertung", "bewertungen"})
_REVIEWERS: Final = frozenset({"customer", "customers", "user", "users", "kunden"})
_REVIEW_ITEMS: Final = frozenset({"item", "items", "list"})
# ... or the reviews, in the plural, of what a shop's, a recipe site's, an app store's or
# a booking site's visitors rate ("recipe-reviews", "product-reviews", "app-reviews",
# "hotel-reviews", "rezept-bewertungen"): the visitors' ratings
_REVIEWS_OF_MANY: Final = frozenset({"reviews", "bewertungen"})
_RATED: Final = frozenset({"product", "recipe", "rezept", "produkt", "app", "hotel", "course"})
# ... and a shop's customers' questions about a product, with their answers ("product-
# questions", "produkt-fragen"): asked by its visitors, as reviews are written by them
_ASKED: Final = frozenset({"questions", "fragen", "qa", "qna"})
_PRODUCTS: Final = frozenset({"product", "produkt"})


# The controls that change the text's size ("font-resizer", "font-size-switcher",
# "font-larger"): "font" with one of these words. "font" alone styles text: site builders
# class every paragraph "font_8", utility CSS "font-serif", "font-bold".
_FONT_CONTROLS: Final = frozenset(
    {
        *("resize", "resizer", "resizing", "sizer", "switcher", "switch", "changer"),
        *("control", "controls", "tools", "toolbar", "buttons", "increase", "decrease"),
        *("larger", "smaller", "bigger", "plus", "minus"),
    }
)


# The mark of a token's variants before its utility ("print:break-inside-avoid",
# "md:hidden", "hover:bg-tint-hover", as Tailwind and the utility CSS after it write a
# style that applies only in print, on some screens or on hover): the variants are
# conditions, and the utility says how the element looks under them, not what it is.
_VARIANT: Final = ":"


# Every word the rules of _token_flags name: a token with none of them has the flags of its
# words, each read alone (most tokens, and a token is classified once per process).
_RULE_WORDS: Final = frozenset(
    {
        *("font", _VIEW_MODE, _AD, _ONLY, _PROMOTED, _ICON, _EXTRA, _MORE, _NEXT, _SIDEBAR),
        *(_TAG, _HEADER, _FOOTER, _ALERT, _FORM, _OTHER, _DROPDOWN, _SECONDARY),
        *_REVIEWS,
        *_ASKED,
        *_ICON_BOXES,
        *_PICTURE_WORDS,
        *_HAS_WORDS,
        *_NEIGHBOUR_WORDS,
        *_STYLE_WORDS,
        *_HIDING_WORDS,
        *_PLACEMENT_WORDS,
    }
)


def _words_flags(words: list[str]) -> int:
    flags = 0
    for word in words:
        known = _word_cache.get(word)
        flags |= known if known is not None else _remember(_word_cache, word, _word_flags(word))
    return _CODE_WORD if flags & _CODE_WORD else flags


def _token_flags(token: str) -> int:
    flags = 0
    before = ""
    variant = _VARIANT in token
    if variant:
        token = token.rpartition(_VARIANT)[2]
    words = _hint_words(token)
    if _RULE_WORDS.isdisjoint(words):
        return _words_flags(words)
    if "font" in words and not _FONT_CONTROLS.isdisjoint(words):
        flags = _CHROME_WORD | _PLAIN_CHROME_WORD
    if not _ASKED.isdisjoint(words) and not _PRODUCTS.isdisjoint(words):
        return _CHROME_WORD | _STRONG_CHROME_WORD | _PLAIN_CHROME_WORD
    if not _REVIEWS.isdisjoint(words) and (
        not _REVIEWERS.isdisjoint(words)
        or ("product" in words and not _REVIEW_ITEMS.isdisjoint(words))
        or (not _RATED.isdisjoint(words) and not _REVIEWS_OF_MANY.isdisjoint(words))
        # (or the token names them first, in the plural: "reviews-list", a CSS module's
        # "Reviews_root", a shop's or a delivery portal's list of its customers' reviews)
        or words[0] in _REVIEWS_OF_MANY
    ):
        # (the token names the customers' reviews as a whole: its other words are the
        # shop's namespace, "product-detail-review-list", and call it no article)
        return _CHROME_WORD | _STRONG_CHROME_WORD | _PLAIN_CHROME_WORD
    conditional = variant or not _CONDITIONS.isdisjoint(words)
    # (how many of the words are the block's, for a picture's word to stand beside a text)
    beside = 0
    if _TEXT_BESIDE in words and not _PICTURE_WORDS.isdisjoint(words):
        block = words if "__" not in token else _hint_words(token.partition("__")[0])
        if _TEXT_BESIDE in block:
            beside = len(block)
    for i, word in enumerate(words):
        if word in _PICTURE_WORDS and (
            i < beside or (i + 1 < len(words) and words[i + 1] in _SIDE_WORDS)
        ):
            before = word
            continue
        if word in _HAS_WORDS or (word in _NEIGHBOUR_WORDS and i > 0):
            break
        if word in _STYLE_WORDS and i + 1 < len(words) and words[i + 1] in _STYLED_PARTS:
            break
        if word in _HIDING_WORDS and (
            before in _PART_WORDS or before in _FOLDED_PARTS or conditional
        ):
            before = word
            continue
        if i + 1 < len(words) and words[i + 1] in _PLACEMENT_WORDS:
            before = word
            continue
        if word == _VIEW_MODE and before == "view":
            flags &= ~_COUNTER_WORD
        if (
            (word == _AD and before == _JOB)
            or (word == _ONLY and i == 0 and len(words) > 1)
            or (word == _PROMOTED and before == _NODE)
            or (word == _ICON and i + 1 < len(words))
            or word in _ICON_BOXES
            or (word == _EXTRA and i + 1 < len(words))
            or (word == _MORE and i + 1 < len(words) and words[i + 1] in _FURTHER)
            or (word == _NEXT and i + 1 < len(words) and words[i + 1] in _STEPS)
            or (word == _SIDEBAR and before == _SECTION and i >= 2)
            or (word == _TAG and before == _HEADING_WORD)
            # ("tag-2", "tag_10": a numbered day of a German itinerary or programme, "Tag 2")
            or (word == _TAG and i + 1 < len(words) and words[i + 1].isdigit())
            or (word == _HEADER and before in _FOLDED_PARTS)
            or (word == _FOOTER and before == _PRODUCT)
            or (word == _DROPDOWN and not _FOLDED_PARTS.isdisjoint(words[:i]))
            or (word == _SECONDARY and before in _COLOURED)
        ):
            before = word
            continue
        if (
            (word == _HEADER and before in _SITE_WIDE)
            or (word == _ALERT and before in _SUBSCRIBED)
            or (word == _FORM and before == _ANSWER)
        ):
            flags |= _CHROME_WORD | _STRONG_CHROME_WORD | _PLAIN_CHROME_WORD
            before = word
            continue
        if word == _OTHER and i + 1 < len(words) and words[i + 1] not in _FURTHER:
            flags |= _CHROME_WORD | _PLAIN_CHROME_WORD | _TEASER_WORD
            before = word
            continue
        before = word
        known = _word_cache.get(word)
        flags |= known if known is not None else _remember(_word_cache, word, _word_flags(word))
    # (a token that names code is about the code: Prism wraps a block in "code-toolbar",
    # whose toolbar is the block's own copy button)
    return _CODE_WORD if flags & _CODE_WORD else flags


# A class attribute of this many tokens, at least this share of them short bare words, is
# atomic CSS generated by a build ("cp fx mn sr jz bk": Medium, CSS-in-JS sites): its short
# words are hashes, and one that happens to spell "ad" or "sr" names nothing.
_ATOMIC_TOKENS: Final = 6
_ATOMIC_SHARE: Final = 0.75
_ATOMIC_WORD: Final = 3


# The notes and warnings of documentation generators (Sphinx's and MkDocs' "admonition",
# Docusaurus' "theme-admonition"; "markdown-alert", as GitHub and the Markdown renderers
# that follow it write Markdown's alert syntax), whatever box style they carry. (not
# "callout": news sites call their promotions so)
_CALLOUT: Final = re.compile(r"(?i)admonition|markdown-alert")


def _value_flags(value: str) -> int:
    flags = 0
    tokens = value.split()
    if len(tokens) >= _ATOMIC_TOKENS:
        named = [t for t in tokens if len(t) > _ATOMIC_WORD or not t.isalnum()]
        if len(tokens) - len(named) >= len(tokens) * _ATOMIC_SHARE:
            tokens = named
    for token in tokens:
        known = _token_cache.get(token)
        if known is None:
            known = _remember(_token_cache, token, _token_flags(token))
        flags |= known
    if flags & _CHROME_WORD and _CALLOUT.search(value):
        # (a documentation page's note or warning, styled as an "alert" box, and its "see
        # also" admonition, as Sphinx writes it: its text)
        flags &= ~(_CHROME_WORD | _STRONG_CHROME_WORD | _TEASER_WORD)
    return flags


def _classify(value: str) -> int:
    """Bit flags for a class/id/role string: 1 chrome, 2 article-like, 4 view counter,
    8 a list of other articles, 16 strong chrome, 32 code, 64 a note's box, 128 a chrome
    word that names no note (cached per string, per token and per word)."""
    known = _value_cache.get(value)
    return known if known is not None else _remember(_value_cache, value, _value_flags(value))


class _El:
    """What the walk learns about one element.

    From the walk: `tag`, `parent`; `block`, the nearest block-level element (itself
    included), which owns the text written in it; whether it sits in a link or the
    headline (`in_link`, `in_h1`) or in code (`in_code`: a <pre> or <code>, where class
    words are a syntax highlighter's), or in a part that is never the article
    (`in_strong_chrome`: under a strong chrome word, or an aside, nav or footer); what its
    class/id words say (`chrome_words`, `article_words`, `teaser`) and whether it is page
    chrome by its words or its tag (`chrome`); its subtree's text, link text and running
    text in characters (`text_len`, `link_len`, `running_text`; running text is the lines
    of `_Block.running`).

    From choosing the body: `penalized` (it sits in chrome that does not hold nearly all of
    the page's running text: its text counts for little); the text and running text outside
    penalized parts (`text_outside_chrome`, `running_outside_chrome`); its readability-style
    `score`; whether it is a root of the body (`selected`), the root it sits under
    (`body_root`) and whether chrome lies between the two (`under_chrome`). Its class
    attribute (`kind`): an article's paragraphs are often all of one class, or all in
    containers of one class (see `_paragraph_kind`).
    """

    __slots__ = (
        "article_words",
        "block",
        "body_root",
        "chrome",
        "chrome_words",
        "in_code",
        "in_facts",
        "in_h1",
        "in_link",
        "in_strong_chrome",
        "kind",
        "link_len",
        "note",
        "parent",
        "penalized",
        "running_outside_chrome",
        "running_text",
        "score",
        "selected",
        "tag",
        "teaser",
        "text_len",
        "text_outside_chrome",
        "under_chrome",
    )

    def __init__(
        self,
        tag: str,
        parent: _El | None,
        chrome_words: bool,
        article_words: bool,
        chrome: bool,
        teaser: bool = False,
        strong_chrome: bool = False,
    ) -> None:
        self.tag = tag
        self.teaser = teaser
        self.parent = parent
        self.chrome_words = chrome_words
        self.article_words = article_words
        self.chrome = chrome
        self.text_len = 0
        self.link_len = 0
        self.running_text = 0
        self.score = 0.0
        self.selected = False
        self.penalized = False
        self.running_outside_chrome = 0
        self.text_outside_chrome = 0
        self.under_chrome = False
        self.body_root: _El | None = None
        self.kind: str | None = None
        self.in_facts = False
        self.note = False
        if parent is None:
            self.block: _El = self
            self.in_link = False
            self.in_h1 = tag == "h1"
            self.in_code = tag in _CODE_TAGS
            self.in_strong_chrome = strong_chrome
        else:
            # nearest block-level element, self included: the owner of text written in it
            self.block = self if tag in _BLOCK_TAGS else parent.block
            self.in_link = parent.in_link or tag == "a"
            self.in_h1 = parent.in_h1 or tag == "h1"
            self.in_code = parent.in_code or tag in _CODE_TAGS
            self.in_strong_chrome = parent.in_strong_chrome or strong_chrome


class _WalkCounter(NamedTuple):
    """A view counter the walk met."""

    node: LexborNode  # the counter element, or the parent of a counter's icon
    holder: _El  # the record of the element it sits in
    icon: str | None  # the icon's class, for an icon's parent
    record: _El  # its own record
    holder_is_own: bool  # whether `holder` is its parent's own record, not an ancestor's


class _Counter(NamedTuple):
    """A view counter as the view count is read from it."""

    node: LexborNode
    in_teaser: bool  # it sits in another story's teaser
    icon: str | None  # the icon's class, for an icon's parent
    text_len: int  # the block text the walk found in it (0: unknown)
    parent_text_len: int  # and in its parent (0: unknown)


class _Block:
    """One line of visible text and where it sits: its `owner` element, its place among
    the page's lines (`index`), how much of it is link text and whether it opens with a
    link's (`lead_link`), and whether it is `running` text (long enough, mostly not links,
    not a heading: a line of the kind articles are made of)."""

    __slots__ = ("index", "lead_link", "link_len", "owner", "running", "text")

    def __init__(
        self, text: str, link_len: int, owner: _El, index: int, running: bool, lead_link: bool
    ) -> None:
        self.text = text
        self.link_len = link_len
        self.owner = owner
        self.index = index
        # long enough, mostly not links, not a heading: a paragraph of running text
        self.running = running
        # it opens with a link's text (a teaser's headline, an entry of a link list)
        self.lead_link = lead_link


# Elements whose subtree is never visible text; removed from the tree (in C) before the walk.
# (one :is() is one pass of lexbor's matcher over the subtree, a selector list one per tag)
_SKIP_SELECTOR: Final = ":is(" + ", ".join(sorted(_SKIP_TAGS - {"head"})) + ")"
_PRUNE_SELECTOR: Final = (
    _SKIP_SELECTOR + ', [hidden], [aria-hidden="true" i], [style*="none" i], [style*="hidden" i]'
)
_PRUNE_TAGS: Final = _SKIP_TAGS - {"head"}  # (what _SKIP_SELECTOR matches)


def _prune(root: LexborNode, exclude: list[LexborNode]) -> list[tuple[LexborNode, str]]:
    """Unlink from the tree what a reader never sees: scripts, styles, form controls, media,
    hidden elements and the sources' excluded selectors. Returns the icons (an eye next to
    a view count) found on the way, with their class, as (parent, class) pairs.

    Nodes are unlinked, not destroyed, so unlinking a node inside an already unlinked
    subtree is harmless.
    """
    icons: list[tuple[LexborNode, str]] = []
    doomed = list(exclude)
    root_id = root.mem_id
    for node in root.css(_PRUNE_SELECTOR):
        tag = node.tag
        if tag in _SKIP_TAGS:
            if tag in _ICON_TAGS:
                icon = node.attrs.get("class")
                if icon and _classify(icon) & _COUNTER_WORD:
                    parent = node.parent
                    if parent is not None:
                        icons.append((parent, icon))
            doomed.append(node)
            continue
        if _hides(node.attributes):
            doomed.append(node)
    for node in doomed:
        if node.mem_id != root_id:  # (css() may match the subtree's own root)
            _unlink(node)
    return icons


def _unlink(node: LexborNode) -> None:
    """Take a node a reader never sees out of the tree (its subtree goes with it)."""
    if node.tag in _BLOCK_TAGS or _holds_block(node):
        # a hidden block still ends the text before it: "a<div hidden>x</div>b" is two
        # words, not "ab"; so does a hidden inline element around one
        node.replace_with(" ")
    else:
        node.decompose(recursive=False)


class _IconFound(Exception):
    """The walk met an icon of a view counter (which makes its parent a counter)."""


def _find_icons(root: LexborNode) -> list[tuple[LexborNode, str]]:
    """The icons (an eye next to a view count) under `root`, with their class, as
    (parent, class) pairs, as `_prune` finds them."""
    icons: list[tuple[LexborNode, str]] = []
    for node in root.css("svg, img"):
        icon = node.attrs.get("class")
        if icon and _classify(icon) & _COUNTER_WORD:
            parent = node.parent
            if parent is not None:
                icons.append((parent, icon))
    return icons


# A title of at most this many words names what the page is rather than telling a story
# ("Impressum", "Datenschutzerklärung", "Cookie Policy", "Newsletter abonnieren").
_SUBJECT_WORDS: Final = 4
# Shorter class words are too common to name a page's subject.
_MIN_SUBJECT_WORD: Final = 5
# The <h1>s that may name the page (a page of many headings names itself in its first).
_SUBJECT_H1S: Final = 3
# A longer word names nothing (and its starts would be as many as its letters).
_MAX_SUBJECT_WORD: Final = 40


def _page_subject(meta_titles: list[str], h1s: list[LexborNode]) -> frozenset[str]:
    """The starts (`_MIN_SUBJECT_WORD` letters or more) of the words of the page's short
    titles (its metadata's and its first <h1>s'), in lower case: what a service page (a
    legal notice, a privacy policy, a newsletter's sign-up) is named after. Empty for a
    story's title, which says more than what the page is."""
    starts: set[str] = set()
    titles = itertools.chain(meta_titles, (h1.text(deep=True) for h1 in h1s[:_SUBJECT_H1S]))
    for title in titles:
        found = re.findall(r"\w+", title.casefold())
        if 0 < len(found) <= _SUBJECT_WORDS:
            for word in found:
                if len(word) <= _MAX_SUBJECT_WORD:
                    starts.update(word[:n] for n in range(_MIN_SUBJECT_WORD, len(word) + 1))
    return frozenset(starts)


def _page_kind(meta: dict[str, str]) -> frozenset[str]:
    """The word of what the page is by its Open Graph type, where a weak chrome word names
    it: a video's page ("video.other", as broadcasters' and video sites' pages say) holds
    its description and transcript in its "video-info", the story the video tells."""
    kind = meta.get("og:type") or ""
    return _VIDEO_PAGE if kind.strip().lower().startswith("video") else frozenset()


_VIDEO_PAGE: Final = frozenset({"video"})


def _names_subject(hint: str, subject: frozenset[str]) -> bool:
    """Whether one of a class/id's chrome words names the page's subject (the start of one
    of its title's words: "datenschutz" of "Datenschutzerklärung"). Another word of the
    class that names the subject does not make its chrome word the page's: a glossary
    entry titled "Lexikon" calls its list of related terms "lexikonRelations"."""
    return any(word in subject and _word_flags(word) & _CHROME_WORD for word in _hint_words(hint))


def _walk(
    root: LexborNode,
    excluded: list[LexborNode],
    body_ids: set[int],
    keep_hidden: bool = False,
    chrome_words: bool = True,
    subject: frozenset[str] = frozenset(),
    strong_words: bool = True,
) -> _Walk:
    """Prune and walk the subtree of `root` (see `_prune`: the walk leaves out and unlinks
    what it finds invisible, so no search for it is needed first).

    Icons of view counters mark their parents before the walk reaches them; they are rare,
    so they are looked for only once the walk has met one (then it starts again), or when
    excluded nodes, which may be icons, are taken out first."""
    icons = _find_icons(root) if excluded else None
    root_id = root.mem_id
    for node in excluded:
        if node.mem_id != root_id:
            _unlink(node)
    walk = _Walk(body_ids, keep_hidden, chrome_words, subject, strong_words)
    try:
        walk.run(root, icons)
    except _IconFound:
        walk.release()
        walk = _Walk(body_ids, keep_hidden, chrome_words, subject, strong_words)
        walk.run(root, _find_icons(root))
    return walk


def _holds_block(node: LexborNode) -> bool:
    """Whether a block-level element sits inside `node` (SVG and MathML content holds none)."""
    if node.first_child is None or node.tag in _FOREIGN_TAGS:
        return False
    walker = node.traverse()
    next(walker, None)  # `node` itself
    return any(child.tag in _BLOCK_TAGS for child in walker)


def _space_before(node: LexborNode) -> bool:
    """Whether the text just before `node` inside its block (comments and empty elements
    passed over) is a whitespace-only text node: "<b>a</b> <i>b</i>", "a<a> </a>b"."""
    cur = node
    while True:
        prev = cur.prev
        if prev is None:
            parent = cur.parent
            if parent is None or parent.tag in _BLOCK_TAGS:
                return False
            cur = parent
            continue
        while True:  # down to the last leaf of the previous sibling
            tag = prev.tag
            if tag == "-text":
                return bool(prev.is_empty_text_node)
            if tag in _BLOCK_TAGS:
                return False
            last = prev.last_child
            if last is None:
                break
            prev = last
        cur = prev


# lexbor's id of a text node; the ids of the tags it knows are small numbers, the same in
# every document (those of other tags, custom elements and SVG's, are addresses).
_TEXT_NODE: Final = 2
_STATIC_TAG_IDS: Final = 1 << 16
_TAG_NAMES: Final[dict[int, str]] = {}


class _Walk:
    """Single pass over the (pruned) body: blocks, per-element text statistics, counters."""

    def __init__(
        self,
        body_ids: set[int],
        keep_hidden: bool = False,
        chrome_words: bool = True,
        subject: frozenset[str] = frozenset(),
        strong_words: bool = True,
    ) -> None:
        self.blocks: list[_Block] = []
        self.elements: list[_El] = []
        self.counters: list[_WalkCounter] = []
        self.body_ids = body_ids
        self.selected = False  # whether the body selector matched an element
        # (hidden elements are walked as visible ones: see _extract)
        self.keep_hidden = keep_hidden
        # (whether class/id words may call an element chrome, and the strong ones: see
        # _extract)
        self.chrome_words = chrome_words
        self.strong_words = strong_words
        # The words of a page named by what it is ("Impressum", "Datenschutzerklärung",
        # "Newsletter"): an element whose chrome word names that is the page's content.
        self.subject = subject
        # Whether the walk left out a hidden element, and whether it met an element that
        # only a weak chrome word calls chrome: without either, reading the page again
        # with hidden parts or without weak words would give the same body (see _extract).
        self.met_hidden = False
        self.met_weak_chrome = False
        # Whether the body chosen sits in a part that class words or a tag other than
        # aside, nav and footer call chrome (see `_pick_body`).
        self.body_in_weak_chrome = False
        # The elements whose id numbers a post of a thread ("post_612044", "p12345"), in
        # document order (see `_replies`).
        self.posts: list[_El] = []
        # The elements typed as a question (see `_QUESTION_TYPE`), in document order.
        self.questions: list[_El] = []
        # Whether the walk met an <aside> that may be a callout of the text (`_in_callout`).
        self.met_callout = False
        self.replies_text = 0  # (their running text)
        # Whether the body's climb may pass a level that adds a line or two of running text
        # (a re-reading's), and whether the climb stopped at such a level (see
        # `_candidate_roots`): without that, a re-reading's climb ends where the first did.
        self.climb_past_lines = False
        self.stopped_at_lines = False

    def release(self) -> None:
        """Break the records' references to themselves (a block element owns its own text,
        a selected root is its own root), so that they are freed at once, not by a later
        garbage collection."""
        for el in self.elements:
            el.block = el.body_root = None  # type: ignore[assignment]

    def run(self, root: LexborNode, icons: list[tuple[LexborNode, str]] | None) -> None:
        """Walk the subtree of `root`, leaving out (and unlinking) what `_prune` would.
        With `icons` None, meeting a view counter's icon raises _IconFound."""
        # The tree is walked in document order, each element's children by lexbor (an
        # explicit stack, no recursion, so hostile nesting is harmless): the element whose
        # children are being read is the parent of each of them, so no node is asked for
        # its parent. Text becomes a block when the block-level element that owns it
        # changes, or at a <br>/<hr>.
        root_el = _El(root.tag or "body", None, False, False, False)
        elements = self.elements
        elements.append(root_el)
        # (the scope is the question where the article's part sits in one: see
        # `_scope_with_question`)
        if _typed_question(root.attributes.get("itemtype")):
            self.questions.append(root_el)
        blocks = self.blocks
        counters = self.counters
        body_ids = self.body_ids
        keep_hidden = self.keep_hidden
        weak_chrome = self.chrome_words
        strong_words = self.strong_words
        subject = self.subject
        icon_parents = {parent.mem_id: (parent, icon) for parent, icon in icons or ()}
        find_icons = icons is None
        # elements that need a record of their own whatever their tag and classes
        marked = body_ids | icon_parents.keys()
        links: dict[_El, _El] = {}
        parts: list[str] = []
        link = 0
        owner: _El = root_el
        block_tags = _BLOCK_TAGS
        article_tags = _ARTICLE_TAGS
        chrome_tags = _CHROME_TAGS
        teaser_tags = _TEASER_TAGS
        skip_tags = _PRUNE_TAGS
        icon_tags = _ICON_TAGS

        met_hidden = met_weak_chrome = False
        sign_ups: list[_El] = []  # (the records around an email address's input, a choice's)
        dishes: set[_El] = set()  # (the menus of dishes met, see _lists_dishes)
        sponsored: list[_El] = []  # (the records a sponsored link is written in)
        reviews: list[_El] = []  # (the records of elements that a microdata review names)
        lead = False  # (whether the block being written opens with a link's text)
        stack: list[tuple[Iterator[LexborNode], _El, bool]] = []
        children = root.iter(include_text=True, skip_empty=True)
        parent_el = root_el  # the record of the element whose children are read
        parent_own = True  # (whether it is that element's own record, not an ancestor's)
        while True:
            for node in children:
                # (a node's tag id is the cheapest question lexbor answers: a text node is
                # then asked for its text, an element for nothing more than its name, from
                # a table of the names of the tags lexbor knows)
                tag_id = node.tag_id
                if tag_id == _TEXT_NODE:
                    text = node.text_content
                    if not text:
                        continue
                    if text.isspace():
                        # whitespace matters only between words of one block
                        if parts and parent_el.block is owner:
                            parts.append(" ")
                        continue
                    if parent_el.block is not owner:
                        if parts:
                            _flush(parts, link, lead, owner, blocks)
                            link = 0
                        owner = parent_el.block
                    elif (
                        parts
                        and not parts[-1][-1:].isspace()
                        and not text[:1].isspace()
                        and _space_before(node)
                    ):
                        # lexbor skips the whitespace-only text nodes; one that stood
                        # between the last text and this one still parts words
                        parts.append(" ")
                    if not parts:
                        lead = parent_el.in_link
                    parts.append(text)
                    if parent_el.in_link:
                        link += len(text.strip())
                    continue
                tag = _TAG_NAMES.get(tag_id)
                if tag is None:
                    tag = node.tag
                    if not tag or tag[0] == "-":
                        continue  # (comments and the like: nothing inside)
                    if tag_id < _STATIC_TAG_IDS:
                        _TAG_NAMES[tag_id] = tag
                # (a button in a heading is its text: the trigger of an accordion's panel,
                # as FAQs and collapsible sections write their questions; so is a button
                # that opens the answer to the question it asks, and the label of a list
                # item's check box, a recipe's ingredient to tick off)
                if tag in skip_tags and not (
                    (tag == "button" and (parent_el.tag in _HEADINGS or _opens_panel(node)))
                    or (tag == "label" and parent_el.tag == "li" and _checks_item(node))
                ):
                    if find_icons and tag in icon_tags:
                        icon = node.attributes.get("class")
                        if icon and _classify(icon) & _COUNTER_WORD:
                            raise _IconFound
                    elif (tag == "input" and _asks_the_reader(node)) or (
                        tag == "label" and _labels_choice(node)
                    ):
                        sign_ups.append(parent_el)
                    _unlink(node)
                    continue
                attrs = node.attributes
                if attrs and not keep_hidden and _hides(attrs):
                    met_hidden = True
                    _unlink(node)
                    continue
                if tag == "a" and attrs:
                    if _is_permalink(node, attrs):
                        continue
                    rel = attrs.get("rel")
                    if rel and "sponsored" in rel.lower():
                        sponsored.append(parent_el)
                if (
                    tag == "a"
                    and parent_el.tag in _HEADINGS
                    and attrs
                    and (attrs.get("href") or "").startswith("#")
                ):
                    # (a heading whose words link to its own section, as documentation
                    # generators, blog themes and READMEs write them: its text, no link
                    # away from the page)
                    tag = "span"
                if tag == "br" or tag == "hr":
                    if parts:
                        _flush(parts, link, lead, owner, blocks)
                        link = 0
                    continue  # (void elements: nothing inside)
                flags = 0
                article_like = tag in article_tags
                reviewed = asked = menu_of_dishes = False
                kind: str | None = None
                ident: str | None = None
                role: str | None = None
                if attrs:
                    kind = attrs.get("class")
                    hint = kind or ""
                    ident = attrs.get("id")
                    if ident:
                        hint = f"{hint} {ident}"
                    role = attrs.get("role")
                    if role:
                        hint = f"{hint} {role}"
                    # (sites whose classes are hashes, from CSS-in-JS builds, name their
                    # parts for their tests and scripts: "related-inline", "share-tools")
                    named = attrs.get("data-testid") or attrs.get("data-component")
                    if named:
                        hint = f"{hint} {named}"
                    # (a highlighter's "token comment" or "language-c" calls code
                    # nothing: code in tutorials, documentation and blogs is their text)
                    labelled = attrs.get("aria-labelledby") if tag in _SECTION_TAGS else None
                    if (hint or labelled) and not parent_el.in_code and tag not in _CODE_TAGS:
                        flags = _classify(hint) if hint else 0
                        if ident and flags & _CHROME_WORD and _heading_slug(node, tag, ident):
                            # (the id is the heading's text: only the class and role speak)
                            flags = _classify(f"{attrs.get('class') or ''} {role or ''}")
                        if flags & _CODE_WORD and not flags & _STRONG_CHROME_WORD:
                            flags &= ~(_CHROME_WORD | _TEASER_WORD)
                        if flags & _CHROME_WORD and subject and _names_subject(hint, subject):
                            flags &= ~(_CHROME_WORD | _STRONG_CHROME_WORD | _TEASER_WORD)
                        if flags & _CHROME_WORD and not flags & _STRONG_CHROME_WORD:
                            met_weak_chrome = True
                            if not weak_chrome:
                                # (a page builder's "widget" is neither chrome nor teaser)
                                flags &= ~(_CHROME_WORD | _TEASER_WORD)
                        if (
                            flags & _CHROME_WORD
                            and tag in _HEADERS
                            and not flags & _STRONG_CHROME_WORD
                            and _named_header(hint)
                        ):
                            # ("header-anchor", "cc-m-header-1": a heading is a header; a
                            # "table-header" styles the table's header row)
                            flags &= ~(_CHROME_WORD | _TEASER_WORD)
                        if (
                            flags & _CHROME_WORD
                            and tag == "table"
                            and not flags & _STRONG_CHROME_WORD
                            and _titled_table(node)
                        ):
                            # (a table of data under its caption or header row is the
                            # text's, whatever weak word styles it: German sites align
                            # it "links", to the left)
                            flags &= ~(_CHROME_WORD | _TEASER_WORD)
                        if (
                            flags & _STRONG_CHROME_WORD
                            and not parent_el.in_strong_chrome
                            and _MENU_WORD.search(hint) is not None
                            and not _classify(_MENU_WORD.sub(" ", hint)) & _CHROME_WORD
                            and (_in_dishes(parent_el, dishes) or _lists_dishes(node))
                        ):
                            # (a restaurant's, a café's or a bar's menu: its dishes and
                            # their descriptions are the page's text, no list of links;
                            # so are its sections and items, named a menu's too)
                            menu_of_dishes = True
                            flags &= ~(
                                _CHROME_WORD
                                | _STRONG_CHROME_WORD
                                | _TEASER_WORD
                                | _PLAIN_CHROME_WORD
                            )
                        if (
                            flags & _CHROME_WORD
                            and not flags & _STRONG_CHROME_WORD
                            and "alert" in hint.lower()
                            and _quotes(node)
                        ):
                            # (an alert box around a quotation is Markdown's alert syntax,
                            # "> [!WARNING]", as documentation generators such as mdBook
                            # render it: a note of the text; a site's alert banner holds
                            # no quotation)
                            flags &= ~(_CHROME_WORD | _TEASER_WORD)
                        if role == "dialog" or role == "alertdialog" or role == "status":
                            # (a box in a dialog's role is what a <dialog> is: a consent
                            # banner, a sign-up or log-in box over the page, whatever its
                            # classes say; a status is a message of the page's scripts, a
                            # paywall's count of the free articles left, a form's progress)
                            flags |= _CHROME_WORD | _STRONG_CHROME_WORD
                        if labelled:
                            named_flags = _named_by_heading(attrs)
                            if named_flags and not _numbered_section(node, tag):
                                flags |= named_flags
                        if not strong_words:
                            flags &= ~(_CHROME_WORD | _STRONG_CHROME_WORD | _TEASER_WORD)
                        if flags & _ARTICLE_WORD:
                            article_like = True
                    itemprop = attrs.get("itemprop")
                    if itemprop:
                        if itemprop == "articleBody":
                            article_like = True
                        elif itemprop == "review":
                            # (read by its tags alone, a page of nothing but reviews is
                            # its reviews)
                            reviewed = strong_words
                        elif _COMMENT_PROPERTY.search(itemprop):
                            # (schema.org's comments, a forum's replies: named so in the
                            # page's own data whatever its classes say)
                            flags |= _CHROME_WORD | _STRONG_CHROME_WORD
                    itemtype = attrs.get("itemtype")
                    if itemtype:
                        if strong_words and _COMMENT_TYPE.search(itemtype):
                            # (a forum's replies typed as schema.org's comments, below its
                            # first post; a forum that types every post so is read by its
                            # tags alone)
                            flags |= _CHROME_WORD | _STRONG_CHROME_WORD
                        asked = _typed_question(itemtype)
                if marked:
                    mem_id = node.mem_id
                    is_marked = mem_id in marked
                else:
                    is_marked = False
                if not flags and not article_like and tag not in block_tags and not is_marked:
                    # An inline element without hints adds nothing but (for a link) the
                    # fact that its text is link text: it shares its parent's record,
                    # links one record per parent.
                    if tag == "a" and not parent_el.in_link:
                        el = links.get(parent_el)
                        if el is None:
                            el = links[parent_el] = _El("a", parent_el, False, False, False)
                            elements.append(el)
                    else:
                        el = parent_el
                    own = False
                else:
                    own = True
                    chrome_like = bool(flags & _CHROME_WORD)
                    # (an <aside> of facts is the article's, see _FACT_WORDS)
                    facts = tag == "aside" and _names_facts(kind)
                    boxed_out = tag in teaser_tags and not facts
                    # (the parts of a quote's or a table's figure, the article's: its
                    # caption, its title, its source, whatever weak words call them)
                    in_figure = parent_own and parent_el.tag == "figure" and not parent_el.chrome
                    el = _El(
                        tag,
                        parent_el,
                        chrome_like,
                        article_like,
                        (chrome_like and not (in_figure and not flags & _STRONG_CHROME_WORD))
                        or (
                            tag in chrome_tags
                            and not (tag == "figure" and (_quotes(node) or _tabulates(node)))
                            and not facts
                            and not (tag == "figcaption" and in_figure)
                        ),
                        bool(flags & _TEASER_WORD) or boxed_out,
                        bool(flags & _STRONG_CHROME_WORD) or boxed_out,
                    )
                    if kind:
                        el.kind = kind
                    if (
                        ident
                        and ident[0] in _POST_ID_START
                        and tag in _POST_TAGS
                        and _POST_ID.fullmatch(ident)
                    ):
                        self.posts.append(el)
                    if reviewed:
                        reviews.append(el)
                    if menu_of_dishes:
                        dishes.add(el)
                    if asked:
                        self.questions.append(el)
                    if flags & _CODE_WORD:
                        el.in_code = True
                    if (
                        (flags & _NOTE_WORD or role == "note")
                        and not flags & _PLAIN_CHROME_WORD
                        and tag not in chrome_tags
                    ):
                        el.note = True
                    elif (
                        tag == "aside"
                        and (not flags & _CHROME_WORD or flags & _NOTE_WORD)
                        and not flags & _PLAIN_CHROME_WORD
                        and not facts
                    ):
                        # (an <aside> that no word calls chrome, or that a note's word
                        # names, may be a callout of the text, as Markdown renderers and
                        # blog platforms write notes, tips and warnings: a note if it sits
                        # in the body, see `_is_chrome_el`)
                        el.note = True
                        self.met_callout = True
                    if flags & _COUNTER_WORD:
                        counters.append(_WalkCounter(node, parent_el, None, el, parent_own))
                    if is_marked:
                        if mem_id in body_ids:
                            el.selected = self.selected = True
                        if mem_id in icon_parents:
                            icon_parent, icon = icon_parents[mem_id]
                            counters.append(_WalkCounter(icon_parent, el, icon, el, parent_own))
                    elements.append(el)
                    if tag in block_tags and parts:
                        _flush(parts, link, lead, owner, blocks)
                        link = 0
                # read the element's children next, then go on with its siblings
                stack.append((children, parent_el, parent_own))
                children = node.iter(include_text=True, skip_empty=True)
                parent_el = el
                parent_own = own
                break
            else:
                if not stack:
                    break
                children, parent_el, parent_own = stack.pop()
        if parts:
            _flush(parts, link, lead, owner, blocks)
        self.met_hidden = met_hidden
        self.met_weak_chrome = met_weak_chrome
        # Subtree totals: children come after their parents in document order.
        for el in reversed(elements):
            up = el.parent
            if up is not None and el.text_len:  # (link and good text are part of it)
                up.text_len += el.text_len
                up.link_len += el.link_len
                up.running_text += el.running_text
        for el in sign_ups:
            box = _mark_sign_up(el)
            if box is not None:
                _mark_pitch(box, elements, blocks)
        _mark_sponsored(sponsored, blocks)
        _mark_reviews(reviews)


# A box that asks for an email address (a newsletter's sign-up, a course by email, a comment
# form) or for a choice (a poll, a quiz's question, "Was this page helpful?") holds at most
# this much text beside its form: more is a page inside a form.
_SIGN_UP_TEXT: Final = 400
# The inputs of such boxes, by type.
_ASKING_INPUTS: Final = frozenset({"email", "radio"})
# An advertiser's box in the text (an affiliate plugin's product box: its picture, name, a
# few features, its price and a button to the shop) holds at most this much text.
_SPONSORED_BOX: Final = 600
# A customer's review of a product holds at most this much text (a critic's runs longer).
_CUSTOMER_REVIEW: Final = 1200


# The words of a box of facts beside the article's text ("fact-box", "InfoBox_box",
# "infokasten", "key-facts"), as news sites and CMSs set the figures, dates and steps of
# a story apart: written as an <aside>, it is the article's still.
_FACT_WORDS: Final = frozenset(
    {
        *("fact", "facts", "factbox", "factsbox", "infobox", "infokasten", "faktenbox"),
        "keyfacts",
        # how an investigation was done, in a box beside its text ("methodology-box")
        *("methodology", "methodik", "methodologie", "metodologia", "metodologie"),
    }
)


def _names_facts(kind: str | None) -> bool:
    """Whether a class attribute names a box of facts (see `_FACT_WORDS`; "info" before
    "box" or "kasten" too)."""
    if not kind:
        return False
    for token in kind.split():
        words = _hint_words(token)
        for i, word in enumerate(words):
            if word in _FACT_WORDS or (
                word == "info" and i + 1 < len(words) and words[i + 1] in ("box", "kasten")
            ):
                return True
    return False


def _quotes(box: LexborNode) -> bool:
    """Whether an element is a quotation: its first element a <blockquote> (a <figure> so,
    as HTML's example of a quote with its attribution and WordPress's quote blocks write
    it, is no image or chart with its caption)."""
    child = box.child
    while child is not None:
        if child.tag_id != _TEXT_NODE:
            return child.tag == "blockquote"
        child = child.next
    return False


def _tabulates(box: LexborNode) -> bool:
    """Whether a <figure> holds a table of rows (a block editor's table block,
    "wp-block-table"): the article's data, not an image with its caption. (a table of one
    row is a layout's box around a caption). The table may sit in a <div> of its own, as
    sites wrap a wide table to scroll it sideways."""
    child = box.child
    while child is not None:
        if child.tag == "table":
            return len(child.css("tr")) > 1
        if child.tag == "div":
            inner = child.child
            while inner is not None:
                if inner.tag == "table":
                    return len(inner.css("tr")) > 1
                inner = inner.next
        child = child.next
    return False


def _titled_table(table: LexborNode) -> bool:
    """Whether a <table> holds rows of data under a title of its own: a caption, or a
    header row above at least two rows. (a layout's table has neither; a box of links
    drawn as a table, one cell a row, no header)"""
    child = table.child
    while child is not None:
        if child.tag == "caption":
            return len(child.text(deep=True).strip()) > 0 and len(table.css("tr")) > 1
        if child.tag == "thead":
            return len(table.css("tr")) > 2
        if child.tag in ("tbody", "tr"):
            break
        child = child.next
    return False


# A word of a menu's class: a site's menu of links, or a restaurant's of dishes.
_MENU_WORD: Final = re.compile(r"(?i)menu\w*")
# A menu holds this much text, none of it in links, when it is a restaurant's of dishes (a
# menu of links, however it is drawn, holds links; a menu's toggle, a few words).
_DISHES_TEXT: Final = 300


# How far above an element the menu of dishes it belongs to may be.
_DISHES_UP: Final = 6


def _in_dishes(el: _El | None, dishes: set[_El]) -> bool:
    """Whether `el` sits in a menu of dishes (see `_lists_dishes`), a few levels down."""
    for _ in range(_DISHES_UP):
        if el is None or not dishes:
            return False
        if el in dishes:
            return True
        el = el.parent
    return False


def _lists_dishes(node: LexborNode) -> bool:
    """Whether an element named a menu lists dishes, not links: no link in it, and the
    text of a menu of a few dishes with their descriptions."""
    return node.css_first("a") is None and len(node.text(deep=True, strip=True)) >= _DISHES_TEXT


def _asks_the_reader(node: LexborNode) -> bool:
    kind = node.attributes.get("type")
    return kind is not None and kind.strip().lower() in _ASKING_INPUTS


def _labelled_input(label: LexborNode) -> str | None:
    """The type of the input a <label> is written around (lower case), or None."""
    for child in label.iter():
        if child.tag == "input":
            kind = child.attributes.get("type")
            return kind.strip().lower() if kind is not None else "text"
    return None


def _labels_choice(label: LexborNode) -> bool:
    """Whether a <label> holds a radio button (the answer of a poll, written around its
    input as most poll plugins do)."""
    return _labelled_input(label) == "radio"


def _checks_item(label: LexborNode) -> bool:
    """Whether a <label> is the text of a list's item that a reader ticks off: a check box
    and the item's text, as recipe sites write their ingredients (no form's field: its
    label names what to type or choose)."""
    return _labelled_input(label) == "checkbox"


def _mark_sign_up(el: _El) -> _El | None:
    """Make chrome the box around a form that asks for an email address or a choice (the
    form's parent, or the record the input is written in), when the box holds little text:
    the box, or None. Sign-up boxes and polls inside an article carry no class word on many
    sites (hashed classes, an email provider's, a poll's in the site's language)."""
    box: _El | None = el
    while box is not None and box.tag != "form":
        box = box.parent
    # (a form of its own record is in the box; one that shares its parent's is the box)
    box = el if box is None else box.parent
    if box is not None and box.parent is not None and box.text_len <= _SIGN_UP_TEXT:
        box.chrome = True
        box.note = False
        return box
    return None


# How many blocks before a sign-up's form its pitch may take (a heading, a line).
_PITCH_BLOCKS: Final = 2
_PITCH_WRAPPERS: Final = 3


def _mark_pitch(box: _El, elements: list[_El], blocks: list[_Block]) -> None:
    """Make chrome the pitch before a sign-up's form: a page builder writes the offer's
    heading and its line as blocks of their own beside the form's ("Reisepost abonnieren",
    "Einmal im Monat schicken wir dir ..."), each block a text widget of the kind the
    article's text is written in. The one or two blocks right before the form's, when
    they are short, link nowhere much, and one of them asks to sign up or names e-mail."""
    # (the form's own block: its box, and the wrappers that hold nothing else)
    for _ in range(_PITCH_WRAPPERS):
        up = box.parent
        if up is None or up.parent is None or up.text_len != box.text_len:
            break
        box = up
    parent = box.parent
    at = elements.index(box)
    pitch: list[_El] = []
    for j in range(at - 1, -1, -1):
        el = elements[j]
        if el is parent or len(pitch) == _PITCH_BLOCKS:
            break
        if el.parent is not parent:
            continue  # (inside an earlier block)
        if not el.text_len:
            continue
        if el.text_len > _PITCH_LINE_MAX or el.link_len * 2 >= el.text_len or el.selected:
            break
        pitch.append(el)
    if not pitch or sum(el.text_len for el in pitch) > _SIGN_UP_TEXT:
        return
    asked = False
    for b in blocks:
        if any(_sits_in(b.owner, el) for el in pitch) and _PITCH_WORDS.search(b.text):
            asked = True
            break
    if asked:
        for el in pitch:
            el.chrome = el.in_strong_chrome = True
            el.note = False


def _mark_sponsored(sponsored: list[_El], blocks: list[_Block]) -> None:
    """Make chrome the boxes around sponsored links (rel="sponsored", as search engines ask
    affiliates and advertisers to mark their links): the largest element around each that
    holds little text, when none of its lines is a sentence. An affiliate's product box
    between a blog's or a buying guide's paragraphs carries the plugin's classes, named in
    no language; an inline affiliate link sits in a sentence of the text, which stays."""
    boxes: set[_El] = set()
    for el in dict.fromkeys(sponsored):  # (the links of one record climb once)
        box = el
        while (
            box.parent is not None
            and box.parent.parent is not None
            and box.parent.text_len <= _SPONSORED_BOX
        ):
            box = box.parent
        if box.parent is not None and not box.chrome and box.text_len <= _SPONSORED_BOX:
            boxes.add(box)
    if not boxes:
        return
    # (a sentence's line clears the boxes around it: each line climbs only through the
    # small elements that could be such a box, so the cost stays that of the page's lines)
    for block in blocks:
        if _is_sentence(block.text):
            up: _El | None = block.owner
            while up is not None and up.text_len <= _SPONSORED_BOX:
                boxes.discard(up)
                up = up.parent
    for box in boxes:
        box.chrome = True
        box.note = False


def _mark_reviews(reviews: list[_El]) -> None:
    """Make chrome the customers' reviews of a shop's product, as its microdata names them
    (itemprop="review", schema.org's reviews of the product): short reviews side by side.
    (an editorial review, a critic's of a film or a test of a product, is one review and
    the page's text)"""
    siblings: dict[_El | None, int] = {}
    for el in reviews:
        siblings[el.parent] = siblings.get(el.parent, 0) + 1
    for el in reviews:
        if siblings[el.parent] > 1 and el.text_len <= _CUSTOMER_REVIEW:
            el.chrome = True
            el.note = False


# A line of running text is at least this long (characters).
_RUNNING_LINE: Final = 25


def _flush(parts: list[str], link: int, lead: bool, owner: _El, blocks: list[_Block]) -> None:
    """End the block being written: its text parts (cleared) become a block of `owner`,
    `link` characters of it link text, opening with a link's text when `lead`."""
    text = _collapse_space("".join(parts))
    parts.clear()
    if text:
        n = len(text)
        ln = link if link < n else n
        running = n >= _RUNNING_LINE and ln * 2 < n and owner.tag not in _HEADINGS
        blocks.append(_Block(text, ln, owner, len(blocks), running, lead and ln > 0))
        owner.text_len += n
        owner.link_len += ln
        if running:
            owner.running_text += n


def _collapse_space(text: str) -> str:
    """`" ".join(text.split())`. Most long text is written with single spaces already;
    checking that is cheaper than splitting it into words and joining them again. (A
    printable text holds no whitespace but the ASCII space: str.isprintable is false for
    every character of Unicode's Separator and Other categories but that one.)"""
    if len(text) < 80:
        return " ".join(text.split())
    text = text.strip()
    if text.isprintable() and "  " not in text:
        return text
    return " ".join(text.split())


_HIDDEN_STYLE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# The elements that hold a section of a page (what ARIA's landmarks and a site's parts are
# written as): only their names are looked for in the headings they point to.
_SECTION_TAGS: Final = frozenset(
    {"section", "div", "aside", "article", "main", "nav", "ol", "ul", "form"}
)


def _named_by_heading(attrs: dict[str, str | None]) -> int:
    """The chrome flags of a section named after its heading, as ARIA's landmarks are
    (aria-labelledby="comments-title"): the heading's id says what the section holds when
    its own classes say nothing. Only a strong word counts: the id may be the heading's
    own text ("Technische_Denkmale_im_Landkreis"), which names no part of a page."""
    labelled = attrs.get("aria-labelledby")
    if not labelled:
        return 0
    flags = _classify(labelled)
    if not flags & _STRONG_CHROME_WORD:
        return 0
    return flags & (_CHROME_WORD | _STRONG_CHROME_WORD | _TEASER_WORD)


def _hides(attrs: dict[str, str | None]) -> bool:
    """Whether an element's own attributes hide it from a reader: the hidden attribute,
    aria-hidden="true", an inline style of display:none or visibility:hidden.

    hidden="until-found" is text a reader reaches by searching or opening it (collapsed
    answers of a FAQ, sections of an accordion), so it counts as visible; so does the
    panel of an accordion or of tabs as ARIA's patterns write it (a region or tab panel
    labelled by the button or tab that opens it), however it is hidden until then."""
    return _hidden_by_attributes(attrs) and not _is_disclosed_panel(attrs)


def _hidden_by_attributes(attrs: dict[str, str | None]) -> bool:
    hidden = attrs.get("hidden", "")
    if hidden is None or ("hidden" in attrs and hidden.strip().lower() != "until-found"):
        return True
    aria = attrs.get("aria-hidden")
    if aria is not None and aria.strip().lower() == "true":
        return True
    style = attrs.get("style")
    if style:
        low = style.lower()
        return ("none" in low or "hidden" in low) and _HIDDEN_STYLE.search(low) is not None
    return False


def _opens_panel(node: LexborNode) -> bool:
    """Whether a button asks the question whose answer it opens (a FAQ's question as ARIA's
    accordion pattern writes it; a button that opens "Read the letter" is a prompt)."""
    attrs = node.attributes
    if not attrs.get("aria-controls") or "aria-expanded" not in attrs:
        return False
    text = node.text(deep=True, strip=True)
    return text.endswith(("?", "？")) or text.startswith("¿")


_PANEL_ROLES: Final = frozenset({"region", "tabpanel"})


def _is_disclosed_panel(attrs: dict[str, str | None]) -> bool:
    role = attrs.get("role")
    return (
        role is not None
        and role.strip().lower() in _PANEL_ROLES
        and bool(attrs.get("aria-labelledby"))
    )


# ---------------------------------------------------------------------------------------
# View counts


def _in_teaser(el: _El | None) -> bool:
    """Inside a list of other articles (a sidebar, "most read", a teaser card)?"""
    while el is not None:
        # a list item that is mostly a link to another story is a teaser too
        if el.teaser or (el.tag == "li" and el.link_len >= 20):
            return True
        el = el.parent
    return False


def _views_from_counters(counters: Iterable[_Counter]) -> int | None:
    """The first counter (not in a teaser) that reads as a view count; else the first bare
    number of one whose words name views."""
    bare: int | None = None
    for node, teaser, icon, known, parent_known in counters:
        if teaser or known > 60:
            continue  # (a longer text, or its parent's, is no count: see below)
        if icon is None:
            attrs = node.attrs
            hint = " ".join(v for v in (attrs.get("class"), attrs.get("id")) if v).lower()
        else:
            hint = icon.lower()
        if "comment" in hint or "share" in hint or "like" in hint:
            continue
        # ("counter" alone names any count: a slider's "1 / 4", a cart's items, a page
        # builder's animated figures, "1962 founded"; a bare number is a view count only
        # where the words name views)
        named = icon is not None or any(word in hint for word in _VIEWS_NAMED)
        # (a counter's text is short; a longer one is no count, and neither is its parent's,
        # which holds it)
        text = _short_text(node)
        if text is None:
            continue
        if not any(c.isdigit() for c in text):
            # an icon (eye) with the number next to it: read the parent's text
            parent = node.parent
            if parent is None or parent_known > 60:
                continue
            text = _short_text(parent)
            if text is None:
                continue
        found = parse_views(text)
        if found is not None:
            return found
        if bare is None and named:
            bare = parse_views(text, keyword=False)
    return bare


def _short_text(node: LexborNode, limit: int = 60) -> str | None:
    """The text of `node`, single-spaced, if it is at most `limit` characters long.

    A large element's text is not split into all its words to learn that: `limit` words
    would already make it longer."""
    words = node.text(separator=" ").split(None, limit // 2)
    if len(words) > limit // 2:
        return None  # (more words than that: longer than `limit` with the spaces)
    text = " ".join(words)
    return text if len(text) <= limit else None


def _walk_counters(walk: _Walk) -> Iterator[_Counter]:
    # (the text of an element's blocks is part of its text, which is no shorter)
    teasers: dict[_El, bool] = {}  # (counters of one list share their ancestors)
    for node, where, icon, own, parent_own in walk.counters:
        teaser = teasers.get(where)
        if teaser is None:
            teaser = teasers[where] = _in_teaser(where)
        yield _Counter(node, teaser, icon, own.text_len, where.text_len if parent_own else 0)


# Elements whose class or id holds a view word, in document order: one pass of lexbor's
# matcher (one :is(), where a selector list would cost a pass per selector), which reads
# the attributes in C; asking Python for every classed element's attributes cost twice
# as much. The words' places in the class/id are then checked in Python.
_COUNTER_SELECTOR: Final = (
    ":is("
    + ", ".join(f'[{name}*="{word}" i]' for name in ("class", "id") for word in _VIEW_SUBSTRINGS)
    + ")"
)


def _view_word_in(value: str | None) -> bool:
    if not value:
        return False
    value = value.lower()
    return any(word in value for word in _VIEW_SUBSTRINGS)


def _page_counters(
    root: LexborNode,
    region: LexborNode,
    excluded: set[int],
    *,
    detach: LexborNode | None = None,
) -> Iterator[_Counter]:
    """View-counter elements in `region`, in document order, found by lexbor; the ones a
    reader cannot see (pruned, hidden, excluded) are left out. `detach` (a part of the
    region already searched) is unlinked from the tree first."""
    if detach is not None and detach.mem_id not in (region.mem_id, root.mem_id):
        detach.decompose(recursive=False)
    memo: dict[int, tuple[bool, bool] | None] = {}
    for node in region.css(_COUNTER_SELECTOR):
        attrs = node.attributes
        name, ident, role = attrs.get("class"), attrs.get("id"), attrs.get("role")
        hint = name or ""
        if ident:
            hint = f"{hint} {ident}"
        if role:
            hint = f"{hint} {role}"
        if not _classify(hint) & _COUNTER_WORD or _hides(attrs):
            continue
        if not _view_word_in(name) and not _view_word_in(ident):
            continue  # (the view word is in its role only)
        if node.tag in _SKIP_TAGS and node.tag not in _ICON_TAGS:
            continue
        where = _context(node, root.mem_id, excluded, teasers=True, memo=memo)
        if where is None:
            continue
        icon = attrs.get("class") if node.tag in _ICON_TAGS else None
        yield _Counter(node, where[1], icon, 0, 0)


def _context(
    node: LexborNode,
    stop: int,
    excluded: set[int],
    *,
    teasers: bool = False,
    memo: dict[int, tuple[bool, bool] | None] | None = None,
    inside: int = 0,
) -> tuple[bool, bool] | None:
    """Climb from `node` to the element with id `stop`: None when it is not reached (the
    node sits in a pruned subtree) or an ancestor is invisible; else (inside an article or
    main element, inside a list of other articles); None too under the element `inside`.
    `memo` keeps what was learnt about each ancestor for the next climb (counters of one
    list share their ancestors)."""
    chain: list[tuple[int, bool, bool]] = []  # (ancestor, article at or above, teaser ...)
    result: tuple[bool, bool] | None = None
    up = node.parent
    while up is not None:
        mem_id = up.mem_id
        if mem_id == stop:
            result = (False, False)
            break
        if memo is not None and mem_id in memo:
            result = memo[mem_id]
            break
        if mem_id == inside:
            break  # under the element `inside`: not wanted
        tag = up.tag or ""
        if tag in _SKIP_TAGS or mem_id in excluded:
            break
        attrs = up.attributes
        if attrs and _hides(attrs):
            break
        teaser = False
        if teasers:
            if tag in ("aside", "nav", "footer"):
                teaser = True
            else:
                hint = " ".join(
                    v for v in (attrs.get("class"), attrs.get("id"), attrs.get("role")) if v
                )
                teaser = bool(hint and _classify(hint) & _TEASER_WORD) or (
                    tag == "li" and _link_chars(up) >= 20
                )
        chain.append((mem_id, tag in _ARTICLE_TAGS, teaser))
        up = up.parent
    # fold the chain from the top down: each ancestor's answer covers everything above it
    for mem_id, article, teaser in reversed(chain):
        if result is not None:
            result = (result[0] or article, result[1] or teaser)
        if memo is not None:
            memo[mem_id] = result
    return result


def _below(node: LexborNode, ancestor: int) -> bool:
    """Whether `node` sits below the element with id `ancestor`."""
    up = node.parent
    while up is not None:
        if up.mem_id == ancestor:
            return True
        up = up.parent
    return False


def _link_chars(node: LexborNode) -> int:
    return sum(len(a.text(deep=True).strip()) for a in node.css("a"))


def _views_from_blocks(blocks: list[_Block]) -> int | None:
    for b in blocks:
        if len(b.text) <= 80:
            found = parse_views(b.text)
            if found is not None and not _in_teaser(b.owner):
                return found
    return None


class _DocNodes:
    """The elements metadata is read from: what every page needs by one lexbor search over
    the document, the author's (`_scan_authors`) only where the metadata names none."""

    __slots__ = (
        "author_items",
        "author_links",
        "breaks",
        "canonical",
        "h1s",
        "metas",
        "paragraphs",
        "scripts",
        "time",
        "title",
    )

    def __init__(self) -> None:
        self.paragraphs: list[LexborNode] = []  # p and pre elements, for the scope
        self.breaks: list[LexborNode] = []  # br elements, for the scope
        self.metas: list[dict[str, str | None]] = []  # their attributes
        self.scripts: list[LexborNode] = []
        self.h1s: list[LexborNode] = []
        self.author_items: list[LexborNode] = []
        self.author_links: list[LexborNode] = []
        self.canonical: LexborNode | None = None
        self.title: LexborNode | None = None  # the first <title>
        self.time: LexborNode | None = None  # the first <time datetime>


# (lexbor's matcher costs about a pass over the document per selector of a list, one for an
# :is() of them; the author's elements, which only a page whose metadata names no author
# needs, would have every paragraph asked for its attributes: see _scan_authors)
_DOC_SELECTOR: Final = (
    ':is(meta, script[type="application/ld+json"], h1, p, pre, br, title, time[datetime])'
)
_AUTHOR_SELECTOR: Final = '[itemprop="author"], a[rel="author"]'


def _scan_document(tree: LexborHTMLParser) -> _DocNodes:
    doc = _DocNodes()
    for node in tree.css(_DOC_SELECTOR):
        tag = node.tag
        if tag == "p" or tag == "pre":
            doc.paragraphs.append(node)
        elif tag == "br":
            doc.breaks.append(node)
        elif tag == "meta":
            doc.metas.append(node.attributes)
        elif tag == "script":
            if (node.attributes.get("type") or "").strip().lower() == "application/ld+json":
                doc.scripts.append(node)
        elif tag == "h1":
            doc.h1s.append(node)
        elif tag == "title":
            if doc.title is None:
                doc.title = node
        elif tag == "time" and doc.time is None:
            doc.time = node
    # (a canonical link sits in the head, so the search for the first one ends early)
    doc.canonical = tree.css_first('link[rel="canonical"]')
    return doc


def _scan_authors(tree: LexborHTMLParser, doc: _DocNodes) -> None:
    """The author items and links, for a page whose metadata names no author. Before the
    walk changes the tree."""
    for node in tree.css(_AUTHOR_SELECTOR):
        attrs = node.attributes
        if attrs.get("itemprop") == "author":
            doc.author_items.append(node)
        if node.tag == "a" and attrs.get("rel") == "author":
            doc.author_links.append(node)


# ---------------------------------------------------------------------------------------
# Title


def _pick_title(
    h1s: list[_Block],
    selected_first: int,
    meta_titles: list[str],
    outside: list[tuple[str, bool]] = [],  # noqa: B006 (never mutated)
) -> str:
    folded = [t.casefold() for t in meta_titles]
    best: tuple[int, int, str] | None = None
    # h1s outside the walked part of the page: farther than those before the article
    for i, (raw, in_article) in enumerate(outside):
        text = normalize_text(raw)
        if not text:
            continue
        key = text.casefold()
        score = (2 if any(key in t for t in folded) else 0) + in_article
        rank = (score, -(5_000 + i), text)
        if best is None or rank[:2] > best[:2]:
            best = rank
    for b in h1s:
        text = normalize_text(b.text)
        if not text:
            continue
        score = 0
        key = text.casefold()
        if any(key in t for t in folded):
            score += 2
        el: _El | None = b.owner
        while el is not None:
            if el.selected or el.tag in _ARTICLE_TAGS:
                score += 1
                break
            el = el.parent
        idx = b.index
        distance = selected_first - idx if idx <= selected_first else 10_000 + idx
        rank = (score, -distance, text)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is not None and (best[0] > 0 or not meta_titles):
        return best[2]
    return meta_titles[0] if meta_titles else ""


# ---------------------------------------------------------------------------------------
# Body


# Whole blocks that are chrome even inside the article: counters, stamps, prompts.

# A count that changes with the page's visitors, not with its text: a site's visitor counter
# as small sites print it in a footer or a meta line ("Besucher seit 2001: 48213",
# "Visitors: 1,024", "Sie sind der 48213. Besucher", "You are visitor number 1024"), and
# the count of readers' comments, likes or ratings beside a post's date ("12
# Kommentare", "Comments (5)", "4,7 (1.234 Bewertungen)"). A line that mentions visitors or
# comments ("5000 Besucher kamen") is no such count.
_RESPONSES: Final = (
    r"(?:comments?|kommentare?|antworten|replies|repl(?:y|ies)|likes?|bewertungen"
    r"|ratings?|reviews?|rezensionen|commentaires?|comentarios?|commenti|komentarz\w*"
    r"|reactions?|reakcj\w*|reacties|комментари\w*|отзыв\w*)"
)
# A whole number, its thousands set apart or not ("1.234", "1,234", "1234"; a section's
# number, "2.3 Comments", is none).
_COUNT: Final = r"(?:\d{1,3}(?:[.,'’ ]\d{3})+|\d+)"
_AUDIENCE_COUNT: Final = (
    r"(?:besucher(?:zähler)?|visitors?|visiteurs|visitantes|visitatori|bezoekers"
    r"|odwiedzin\w*|посетител\w*)(?: (?:seit|since|depuis|desde|dal|sinds|od|с) \d{4})?"
    r" ?[:：] ?\d[\d.,'’\u00a0 ]*"
    r"|(?:sie sind|du bist|you are)(?: der| die| the)? (?:besucher(?:in)?|visitor)"
    r"(?: (?:nr|no|number|#))?\.? ?\d[\d.,'’]*\W*"
    r"|(?:sie sind|du bist|you are)(?: der| die| the)? \d[\d.,'’]*\.?"
    r" (?:besucher(?:in)?|visitor)\W*"
    # readers' responses: "12 Kommentare", "Comments: 12", "Comments (12)", "4,7 (1.234
    # Bewertungen)", "4.5 out of 5 stars (3,812 ratings)"
    rf"|(?:[\d.,]+(?: out of \d stars| von \d sternen)? ?\()?{_COUNT} {_RESPONSES}\)?"
    rf"|{_RESPONSES} ?[:：(] ?{_COUNT}\)?"
    # a score beside its count ("4,9 von 5 Sternen bei 212 Google-Bewertungen", "4.8 out of 5
    # stars based on 1,204 reviews")
    r"|(?:[\d.,]+ (?:out of|von|de|sur|su) \d (?:stars|sternen|estrellas|étoiles|stelle),? )?"
    rf"(?:bei|from|based on|aus|basierend auf|con|sur|su|de) {_COUNT} (?:[\w-]+[- ])?"
    rf"{_RESPONSES}"
    # how many readers did what a guide or a recipe describes ("2,318 other people completed
    # this guide", "1.204 Personen haben dieses Rezept gespeichert")
    rf"|{_COUNT} (?:other )?(?:people|users|readers|members) (?:have )?(?:completed|made|cooked"
    r"|tried|saved|liked|found (?:this|it) (?:helpful|useful))(?: (?:this|it))?(?: \w+)?\.?"
    rf"|{_COUNT} (?:personen|leser(?:innen)?|nutzer(?:innen)?|mitglieder) haben (?:dies(?:e[ns]?)?"
    r"|das|es) (?:\w+ )?(?:gespeichert|nachgekocht|nachgebacken|ausprobiert|geschafft"
    r"|abgeschlossen|hilfreich gefunden)\.?"
)
# The words of a stamp of when the page was published or updated, in the page's language.
_STAMP_WORDS: Final = (
    r"updated|published|posted|last updated|last modified|aktualisiert|zuletzt aktualisiert"
    r"|veröffentlicht|mis à jour|publié(?: le)?|actualizado|publicado|aggiornato"
    r"|pubblicato|bijgewerkt|gepubliceerd|zaktualizowano|opublikowano"
)
# A stamp relative to now ("3 hours ago", "2h ago", "vor 3 Std.", "il y a 2 heures",
# "heute, 14:05 Uhr").
_RELATIVE_STAMP: Final = (
    r"(?:\d+ ?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|s|m|h|d)\.? ago"
    r"|(?:an?|one) (?:second|minute|hour|day) ago"
    r"|vor (?:\d+|einer|einem) (?:sekunden?|sek|minuten?|min|stunden?|std|tagen?|tag)\.?"
    r"|il y a \d+ (?:secondes?|minutes?|min|heures?|h|jours?)"
    r"|hace \d+ (?:segundos?|minutos?|min|horas?|h|días?)"
    r"|há \d+ (?:segundos?|minutos?|horas?|dias?)"
    r"|\d+ (?:secondi|minuti|ore|giorni) fa|\d+ (?:seconden|minuten|uur|dagen) geleden"
    r"|\d+ (?:sekund|minut|godzin|dni)\w* temu"
    # a day named relative to now, and a time ("heute, 14:05 Uhr", "yesterday at 9:30 am")
    r"|(?:heute|gestern|today|yesterday|aujourd'hui|hier|hoy|ayer|oggi|ieri|vandaag"
    r"|gisteren|dzisiaj|wczoraj),?(?: (?:um|at|à|a las|alle|om|o))? \d{1,2}[:.h]\d{2}"
    r"(?: ?(?:uhr|h|[ap]m))?)"
)
# A date stamp, its weekday or place before it and its time after it in the manner of the
# page's language ("segunda-feira, 22 de janeiro de 2018 às 0:13", "Montag, 22. Januar
# 2018, 10:15 Uhr"), or a time alone.
# The name of a day before a date ("Sat 6 Jul 2024", "Montag, 6. Juli").
_WEEKDAY: Final = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_DATE: Final = (
    rf"(?:[\w-]+, |{_WEEKDAY}\.? )?\d{{1,2}}(?:[./] ?| (?:de )?)\w{{1,12}}"
    r"(?:[./] ?| (?:de )?)\d{2,4}"
    r"(?:,? (?:\w{1,5} )?\d{1,2}[:h.]\d{2}(?::\d{2})?(?: ?(?:uhr|[ap]m|h))?(?: [a-z]{3,4})?)?"
    r"|\w+ \d{1,2}, \d{4}(?:,? \d{1,2}:\d{2}(?: ?[ap]m)?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
)
_CHROME_LINE: Final = re.compile(
    r"^(?:advert(?:isement|ising)?|anzeige|werbung|реклама|reklama|publicidad|publicidade"
    r"|pubblicità|publicité|advertentie|広告|广告|sponsored"
    r"|(?:also |read )?(?:read|see) (?:more|also)\b.*|related:.*|more:.*"
    r"|lesen sie (?:auch|mehr)\b.*|mehr zum thema\b.*|читайте (?:также|тоже)\b.*"
    r"|(?:auch|ebenfalls) interessant:.*|passend (?:dazu|zum thema):.*"
    r"|lee (?:también|más)\b.*|leia (?:também|mais)\b.*|ver también\b.*"
    # a stamp of when the page was published or updated, in the page's language
    rf"|(?:(?:this |diese )?(?:page|seite) )?(?:{_STAMP_WORDS}):? "
    rf"(?:on |at |am |um |le |el |il |op )?(?:{_WEEKDAY}\.?,? )?\d.{{0,40}}"
    # a page's copyright line, as old sites and personal pages close with it
    r"|(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}|[^\W\d_]).{0,120}|copyright \d{4}\b.{0,120}"
    r"|stand: \d.{0,40}"
    # a relative stamp ("3 hours ago", "vor 3 Stunden", "Aktualisiert vor 5 Min."): a clock
    # that changes on every visit
    rf"|(?:(?:{_STAMP_WORDS}):? )?{_RELATIVE_STAMP}"
    r"|share(?: this)?(?: article| story| post)?:?|print|copy link|liked the story\?.*"
    # a share button's label that names where to ("Share on Facebook", "Per E-Mail teilen")
    r"|share (?:on|via|to|by) [\w .+-]{1,20}|(?:auf|bei|per|via) [\w .+-]{1,20} teilen"
    r"|teilen (?:auf|bei|per|via) [\w .+-]{1,20}|partager (?:sur|par) [\w .+-]{1,20}"
    r"|compartir (?:en|por) [\w .+-]{1,20}|condividi (?:su|via) [\w .+-]{1,20}"
    # the same prompts in other languages
    r"|(?:artikel )?teilen:?|drucken|link kopieren|partager(?: l'article)?:?|imprimer"
    r"|compartir:?|imprimir|condividi:?|stampa|delen:?|udostępnij:?|drukuj"
    # a shop's line of its stock and its delivery, beside the product's text ("In stock –
    # usually dispatched within 24 hours", "Sofort lieferbar", "Free UK delivery on orders
    # over £30"): the stock changes with the sales, not with the text
    r"|(?:in stock|out of stock|sold out|auf lager|nicht auf lager|sofort lieferbar"
    r"|nicht lieferbar|ausverkauft|en stock|en rupture de stock|agotado|esaurito"
    r"|op voorraad|uitverkocht)\b.{0,60}"
    r"|(?:free (?:\w+ )?(?:delivery|shipping)|kostenlose?r? (?:versand|lieferung)"
    r"|versandkostenfrei|livraison (?:gratuite|offerte)|envío gratis|spedizione gratuita)"
    r"(?: (?:on|for|over|from|within|to|ab|innerhalb|für|in|dès|à partir|desde|a partir"
    r"|da)\b.{0,40})?"
    # a software's offer to try it, beside its features ("14 Tage kostenlos testen")
    r"|(?:jetzt )?\d+ (?:tage|days?|wochen|weeks?) (?:kostenlos|gratis|free)\b.{0,40}"
    r"|(?:start (?:your |a )?)?free trial\b.{0,40}|(?:jetzt )?kostenlos testen\b.{0,40}"
    # the editor's and the source's credit under a Chinese news text ("责任编辑：王敏")
    r"|(?:责任编辑|责编|编辑|来源)[:：] ?\S.{0,20}"
    # the disclosure Amazon's affiliate programme asks for, in its own words, wherever a
    # blog puts it (under a box of products in the text, too)
    r"|as an amazon associate,? (?:i|we) earn from qualifying purchases\.?"
    r"|als amazon-partner verdiene(?:n)? (?:ich|wir) an qualifizierten (?:verkäufen|käufen)\.?"
    r"|en tant que partenaire amazon,? (?:je|nous) réalis(?:e|ons) un bénéfice sur les achats"
    r" remplissant les conditions requises\.?"
    r"|como afiliad[oa] de amazon,? (?:obtengo|obtenemos) ingresos por las compras adscritas"
    r"(?: que cumplen los requisitos aplicables)?\.?"
    r"|follow us\b.*|subscribe\b.{0,60}|sign up\b.{0,60}|click here\b.{0,60}"
    r"|tags?(?::.*)?|filed under:?.*|photo:.{0,80}|foto:.{0,80}|фото:.{0,80}|source:.{0,60}"
    rf"|{_DATE})$",
    re.I,
)
# The site's call to follow it where readers get their news (its WhatsApp or Telegram
# channel, Google News, its social accounts), or to send the newsroom their tips, which
# news sites append to the text or put below its last paragraph: "Follow us", "Únete a
# nuestro canal", "Obserwuj nas", "Got a news tip?", "Heb je een tip voor de redactie?", in
# the page's language (read in lower case). Such a line is short; an article quoting one
# among its last lines is rare.
_FOLLOW_US: Final = re.compile(
    r"\b(?:follow us|join our (?:channel|community)|folg(?:en sie|t) uns|folge uns"
    r"|suivez-nous|rejoignez notre (?:chaîne|canal)|síguenos|únete a nuestro canal|seguici"
    r"|unisciti al nostro canale|obserwuj nas|volg ons|sledujte nás|siga-nos|segue-nos"
    r"|news ?tips?|nieuwstips?|got a (?:news )?tip|send us your (?:news|tips?|stories|photos)"
    r"|(?:tip|tipp|hinweis) (?:voor|for|für) (?:de|the|die|unsere) (?:redactie|newsroom"
    r"|redaktion)|hinweise? an die redaktion|leserreporter"
    # (a pointer to the site's account: "Bilder gibt es auf @chor", "more on @ourclub")
    r"|(?:auf|on|bei|sur|en|su|op|na) (?:instagram |facebook |tiktok |mastodon )?@\w{2,}"
    # (the same call in the Scandinavian languages: "ett tips till redaktionen", "tipsa oss",
    # "Har du ett tips?"; in Dutch, "Stuur je foto, video of tip"; in Czech, Slovak and
    # Polish, "Napište nám", "pošlite nám správu", "Napisz do nas")
    r"|tips(?:a)? (?:till |til )?(?:redaktionen|redaksjonen)|tipsa oss|tips oss"
    r"|har du (?:ett|et) tips|stuur (?:je|ons) (?:je )?(?:foto|video|tip)"
    r"|napište nám|napíšte nám|pošlete nám|pošlite nám|napisz do nas|wyślij nam"
    # an independent site's ask for its readers' support (a podcast's, a blog's, a
    # newsletter's: "listener-supported", "become a patron", "Unterstütze uns auf Steady")
    r"|(?:reader|listener|viewer)s?[- ]supported|become a (?:patron|supporter)"
    r"|funded by (?:its |our )?readers|support (?:independent|quality) journalism"
    r"|support (?:us|our work|our journalism|this (?:blog|podcast|newsletter)) on"
    r"|unterstütze(?:n sie)? (?:uns|unsere arbeit) (?:auf|bei|mit)"
    # a blog's ask to save the post on Pinterest ("Pin it for later", "Save this guide for
    # later! Pin it to your board")
    r"|pin (?:it|this(?: \w+)?) (?:for later|to (?:your|a) [\w ]{1,30}board)"
    r"|merk dir (?:den|diesen) (?:beitrag|artikel|pin) auf pinterest"
    # a news site's ask to report a mistake in the text ("Vous avez repéré une erreur dans
    # cet article ? Signalez-la", "Fehler gefunden?", "Spotted an error?")
    # (asked as a question or named as the link's label: "researchers found a mistake in
    # the data" closes a story of its own)
    r"|signalez-la|signaler une erreur|(?:spotted|found|noticed) an? (?:error|mistake|typo)"
    r"[^.?!]{0,40}(?=\?)|report an? (?:error|mistake|typo) in (?:this|the) (?:article|story)"
    r"|fehler (?:gefunden|entdeckt)(?=\?)|fehler im (?:artikel|text|beitrag) (?:melden|gefunden)"
    r"|¿has (?:visto|encontrado) un error"
    # a newsletter's ask to pass it on, below its last letter
    r"|forward (?:this|it)(?: e-?mail| newsletter)? to (?:a friend|friends|someone|a colleague)"
    r"|(?:empfehlen|leiten) sie (?:ihn|sie|es|uns|(?:den|diesen) newsletter|diese e-mail)"
    r" (?:gerne? )?(?:an .{1,60} )?weiter)\b"
)
_FOLLOW_LINE: Final = 300
# How many of the body's last lines are read for such a call: it closes the text.
_FOLLOW_TAIL: Final = 3
# The notes a site puts above or below every text, in the page's language (read in lower
# case): that a post may earn from its links (blogs of recipes, travel, products: "This
# post may contain affiliate links", "Dieser Beitrag enthält Affiliate-Links"), and that a
# reader is needed for the PDF files offered (public bodies' and companies' pages).
_AFFILIATE_NOTE: Final = re.compile(
    r"affiliate[- ]?links?\b|\bas an amazon associate\b|\bpartner-?links?\b"
    r"|\bliens? (?:d'|d’)?affili|\benlaces? de afiliad|\blink di affiliazione"
    r"|\blinki? afiliacyjn|\baffiliatelinks?\b|アフィリエイト"
    # (the same note told by what the site earns: "When you buy through links on our site,
    # we may earn a commission", "erhalten wir ggf. eine Provision")
    r"|\b(?:we|i) (?:may |might |could )?(?:earn|receive|get|make) (?:a |an )?(?:small )?"
    r"(?:affiliate )?commission|\b(?:erhalten|bekommen) wir (?:ggf\. |gegebenenfalls "
    r"|eventuell |möglicherweise |unter umständen )?eine (?:kleine )?(?:provision|vergütung)"
    r"|\bnous (?:pouvons )?(?:percevons|percevoir|touchons|toucher) une (?:petite )?commission"
    r"|\bpodemos (?:recibir|obtener|ganar) una (?:pequeña )?comisión"
)
_PDF_READER: Final = re.compile(r"\b(?:adobe (?:acrobat )?reader|acrobat reader)")
# (and the site's offer of its newsletter, in a line of its own beside the text: "Melden Sie
# sich jetzt für den Rathaus-Newsletter an", "Subscribe to our newsletter"; where the line
# speaks of "this newsletter", the text is the newsletter, and the line is its own)
_NEWSLETTER_NOTE: Final = re.compile(
    r"(?:melden sie sich|abonnieren sie|sign up|subscribe|inscrivez-vous|abonnez-vous"
    r"|suscríbete|iscriviti)\b.{0,80}newsletter|newsletter\b.{0,80}\b(?:jetzt (?:kostenlos )?"
    r"(?:anmelden|abonnieren)|sign up|subscribe)\b"
)
_THIS_NEWSLETTER: Final = re.compile(
    r"\b(?:this|diese[nms]?|ce|cette|esta|este|questa|questo) (?:\w+ )?newsletter"
)
# How many of the body's first and last lines are read for such notes.
_NOTE_LINES: Final = 6


# Substrings of those notes' words in lower case: a line without one is no such note (a
# substring search is far cheaper than the patterns, which are tried at every character).
_SITE_NOTE_WORDS: Final = (
    "affili", "afili", "partner", "amazon", "アフィリエイト", "pdf", "commission", "comisión",
    "provision", "vergütung", "newsletter",
)  # fmt: skip


def _is_site_note(line: str) -> bool:
    if len(line) > _FOLLOW_LINE:
        return False
    low = line.lower()
    if not any(word in low for word in _SITE_NOTE_WORDS):
        return False
    return (
        _AFFILIATE_NOTE.search(low) is not None
        or ("pdf" in low and _PDF_READER.search(low) is not None)
        or (
            "newsletter" in low
            and _NEWSLETTER_NOTE.search(low) is not None
            and _THIS_NEWSLETTER.search(low) is None
        )
    )


def _asks_to_follow(line: str) -> bool:
    return len(line) <= _FOLLOW_LINE and _FOLLOW_US.search(line.lower()) is not None


# A line that is a date or a time alone: a stamp above or below the text, or an item of a
# schedule (see `_is_schedule_entry`).
_DATE_LINE: Final = re.compile(rf"(?:{_DATE})$", re.I)
# The items and cells that hold the dates and times of a schedule (a club's or a parish's
# dates, a theatre's performances, a table of opening times): the page's text, whose change
# is news (an event moved), though each would be a stamp alone.
_SCHEDULE_TAGS: Final = frozenset({"li", "td", "th", "dd", "dt"})


# A byline: "By Jane Doe", "Von Max Muster", "Автор: Иван Петров" (names are capitalised).
_BYLINE: Final = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]or|[Pp]ar|[Dd]i|[Аа]втор:?|[Тт]екст:?)\s+"
    r"[A-ZÀ-ÞА-ЯЁ][\w.'’-]*(?:,? (?:and |und |y |и )?"
    r"[A-ZÀ-ÞА-ЯЁ][\w.'’-]*){0,5}$"
)


# A part of a line that changes with the visitors or the clock, not with the page's text: a
# count of them, or a stamp relative to now ("Max Muster · vor 3 Stunden").
_VOLATILE_PART: Final = re.compile(
    rf"(?:{_AUDIENCE_COUNT})|(?:(?:{_STAMP_WORDS}):? )?{_RELATIVE_STAMP}", re.I
)
# The parts of a meta line ("Letzte Aktualisierung: 03.02.2024 | Webmaster: H. Maier |
# Besucher: 48213", "3. Februar 2024 · 12 Kommentare").
_LINE_PARTS: Final = re.compile(r"\s[|·•]\s")
_DIGIT: Final = re.compile(r"\d")
# Such a count or stamp is short ("4.5 out of 5 stars (3,812 ratings)").
_MAX_VOLATILE_PART: Final = 50


def _is_chrome_line(text: str) -> bool:
    if len(text) > 120:
        return False
    if (
        _CHROME_LINE.match(text)
        or (len(text) <= 60 and _BYLINE.match(text))
        or (len(text) <= 30 and _AD_LABEL.match(text))
    ):
        return True
    if _DIGIT.search(text) is None:
        # (every count holds a digit; a stamp without one, "an hour ago", is chrome as a
        # whole line only, above)
        return False
    if len(text) <= 60 and parse_views(text) is not None:
        return True
    if len(text) <= _MAX_VOLATILE_PART and _VOLATILE_PART.fullmatch(text):
        return True
    # (a meta line with such a part changes with the visitors or the clock as a whole; the
    # block's text is single-spaced)
    if " | " not in text and " · " not in text and " • " not in text:
        return False
    return any(
        len(part) <= _MAX_VOLATILE_PART and _VOLATILE_PART.fullmatch(part.strip())
        for part in _LINE_PARTS.split(text)
    )


def _is_schedule_entry(owner: _El, text: str) -> bool:
    """Whether a line that is a date or a time alone is an entry of a schedule: an item of
    a list or a cell of a table (see _SCHEDULE_TAGS), not a stamp."""
    return owner.tag in _SCHEDULE_TAGS and _DATE_LINE.match(text) is not None


def _is_headline(text: str, folded_titles: list[str]) -> bool:
    """Whether an <h1>'s text is the page's headline: its metadata's title (case-folded),
    or most of it (a site's name in an <h1> is a small part of the page's title at most)."""
    key = normalize_text(text).casefold()
    if len(key) < _MIN_HEADLINE:
        return False
    # (the length first: a page of many short headings never searches a long title)
    return any(len(key) * 2 >= len(folded) and key in folded for folded in folded_titles)


# An <h1> shorter than this says too little to be known for the page's headline.
_MIN_HEADLINE: Final = 10
# A title longer than this is no title.
_MAX_TITLE: Final = 2000


def _unmask_headline_wrappers(walk: _Walk, h1s: list[_Block], meta_titles: list[str]) -> None:
    """Clear the chrome words of the elements that hold the page's headline and as large a
    share of its running text as a plausible body holds: layout wrappers named after the
    page's layout or a script, not their content ("theiaStickySidebar" around the article's
    column as around the sidebar's, "container penci_sidebar", an ad slot's wrapper left
    open around the rest of the page). Comment threads, sidebars and banners never hold the
    headline; the article's own header holds little running text."""
    total = walk.elements[0].running_text if walk.elements else 0
    unmasked: set[_El] = set()
    climbed: set[_El] = set()  # (a page of many headlines climbs each ancestor once)
    folded = [title.casefold() for title in meta_titles]
    for block in h1s:
        if not _is_headline(block.text, folded):
            continue
        el: _El | None = block.owner
        while el is not None and el not in climbed:
            climbed.add(el)
            if (
                el.chrome_words
                and el.tag not in _CHROME_TAGS
                and el.running_text * _PLAUSIBLE_SHARE >= total
            ):
                unmasked.add(el)
            el = el.parent
    if not unmasked:
        return
    # (parents come before their children: each element's strong chrome is its parent's
    # or its own, as it was before the wrapper's words were cleared)
    was_strong: dict[_El, bool] = {}
    for el in walk.elements:
        parent = el.parent
        was_strong[el] = el.in_strong_chrome
        own = el.in_strong_chrome and not (parent is not None and was_strong[parent])
        if el in unmasked:
            el.chrome_words = el.chrome = el.teaser = own = False
        el.in_strong_chrome = own or (parent is not None and parent.in_strong_chrome)


# The id a forum gives each post of a thread, numbered (vBulletin's and MyBB's "post_612044",
# phpBB's "p12345", SMF's "msg4711", Discourse's "post_2", XenForo's "js-post-1402231"), on
# the element that holds it. (not WordPress's "post-123": an archive's or a blog's front
# page lists posts so; nor a page's own numbering of its parts, "p1", "p2": a forum's "p"
# and "msg" number posts by the database's count)
_POST_ID: Final = re.compile(r"(?i)post_\d+|p\d{3,}|msg\d{3,}|js-post-\d+")
_POST_TAGS: Final = frozenset({"div", "li", "article", "section", "table"})
# (what such an id opens with: most ids need no match)
_POST_ID_START: Final = frozenset("pPmMjJ")


def _replies(walk: _Walk) -> None:
    """A thread's posts after the first, as chrome: sibling elements numbered as a forum
    numbers its posts hold its first post (the question, the announcement: the article)
    and the replies to it, whatever their classes say ("postcontainer", "message")."""
    if len(walk.posts) < 2:
        return
    first: dict[_El, _El] = {}
    replies = False
    for el in walk.posts:
        parent = el.parent
        if parent is None:
            continue
        if parent not in first:
            first[parent] = el
            continue
        el.chrome = el.chrome_words = el.in_strong_chrome = True
        el.article_words = el.teaser = False
        walk.replies_text += el.running_text
        replies = True
    if replies:
        for el in walk.elements:  # (parents before children)
            parent = el.parent
            if parent is not None and parent.in_strong_chrome:
                el.in_strong_chrome = True


def _asked_in(questions: list[_El], root: _El) -> _El | None:
    """The question (an element typed as one, see `_QUESTION_TYPE`) that the body's root
    sits in: on a question-and-answer page the body is an answer, and the question, the
    page's subject, is as much its text. None where there is no such question, or where
    the page calls it chrome."""
    for question in questions:
        if question.chrome or question.in_strong_chrome or question.penalized:
            continue
        up: _El | None = root.parent
        while up is not None:
            if up is question:
                return question
            up = up.parent
    return None


def _pick_body(walk: _Walk) -> list[_Block]:
    elements = walk.elements
    if not walk.selected:
        _replies(walk)
        facts, named = _facts(walk)
        roots = _candidate_roots(walk)
        if not roots:
            return _short_text_page(walk)
        question = _asked_in(walk.questions, roots[0])
        if question is not None:
            roots.insert(0, question)
        # Chosen in spite of a weak word's penalty, the body is the best there is among
        # parts the page calls chrome: page builders name every block of text a "widget".
        walk.body_in_weak_chrome = roots[0].penalized and not roots[0].in_strong_chrome
        kin = _kin_paragraphs(walk, roots)
        roots.extend(kin)
        if kin:
            roots.extend(_kin_headings(walk, roots))
        roots.extend(_kin_sections(walk, roots[0]))
        roots.extend(_fact_lists(facts, named, roots[0]))
        for root in roots:
            root.selected = True
    # Per element, once (parents before children): the selected root it sits in; then
    # whether some element between it and that root is page chrome.
    for el in elements:
        if el.selected:
            el.body_root = el
            el.under_chrome = False
            continue
        parent = el.parent
        if parent is None or parent.body_root is None:
            continue
        el.body_root = parent.body_root
    widgets = _kin_text_widgets(elements)
    boxes: set[_El] = set()  # (the text boxes in the body, and what they hold, see below)
    for el in elements:
        parent = el.parent
        if el.selected or parent is None or el.body_root is None:
            continue
        if parent.under_chrome:
            el.under_chrome = True
            continue
        budget = el.body_root.running_text or 1
        if el.chrome and _is_text_box(el, budget, parent in boxes):
            boxes.add(el)
            el.under_chrome = False
            continue
        el.under_chrome = _is_chrome_el(el, budget, widgets)
        if parent in boxes and not el.under_chrome:
            boxes.add(el)
    blocks = walk.blocks
    body = [b for b in blocks if b.owner.body_root is not None and not b.owner.under_chrome]
    body = _with_telling_captions(blocks, body)
    if walk.met_callout:
        body = _without_pull_quotes(body)
    if not body:
        return body
    # An <h1> inside the body after its text has begun heads a section of it (editors in the
    # manner of Medium's head an article's sections with <h1>s), not the page. So does a
    # heading that a <header> of the body holds alone: HTML5's sections, and CMSs that write
    # each content element as a header and its text, wrap their headings so.
    start = body[0].index
    late = [
        b
        for b in blocks
        if _is_section_heading(b.owner, b.index > start) or (b.index < start and _is_header_lede(b))
    ]
    if not late:
        return body
    return sorted(body + late, key=lambda b: b.index)


_CAPTION_TAGS: Final = frozenset({"figure", "figcaption"})


def _with_telling_captions(blocks: list[_Block], body: list[_Block]) -> list[_Block]:
    """The body with its pictures' captions where they tell the story: a photo essay's
    captions hold more running text than the paragraphs between its pictures. (a news
    story's captions, however long, hold less than its text: they stay out)"""
    captions = [
        b
        for b in blocks
        if b.running
        and b.owner.body_root is not None
        and b.owner.under_chrome
        and _in_caption(b.owner)
    ]
    if not captions:
        return body
    if sum(len(b.text) for b in captions) <= sum(len(b.text) for b in body if b.running):
        return body
    return sorted(body + captions, key=lambda b: b.index)


def _in_caption(el: _El) -> bool:
    """Whether an element of the body is chrome by a picture's <figure> or <figcaption>
    alone, no class word calling it or a part around it chrome."""
    caption = False
    up: _El | None = el
    while up is not None and up.body_root is not None and not up.selected:
        if up.chrome:
            if up.tag not in _CAPTION_TAGS or (up.kind and _classify(up.kind) & _CHROME_WORD):
                return False
            caption = True
        up = up.parent
    return caption


# What a copied sentence may end with where the text it copies goes on.
_COPY_ENDS: Final = " .,;:!?-–—"
# Marks a pull quote opens, closes or shortens its copy with.
_PULL_QUOTE_MARKS: Final = re.compile(r"[\"'“”„‟«»‹›‘’‚]|…|\.\.\.")


def _without_pull_quotes(body: list[_Block]) -> list[_Block]:
    """The body without the lines of callouts (see `_in_callout`) that copy its text: a
    pull quote repeats a sentence of the article beside it, set in an <aside> as news sites
    and magazines write it, and would read as a duplicated paragraph in every version."""
    in_callout = [_in_callout(block.owner) for block in body]
    if not any(in_callout):
        return body
    own = [
        _folded_copy(block.text)
        for block, callout in zip(body, in_callout, strict=True)
        if not callout
    ]
    text = "\n".join(own)
    out = []
    for block, callout in zip(body, in_callout, strict=True):
        if callout:
            # (a sentence quoted whole ends with its stop where the text goes on: "...
            # signs." beside "... signs, she notes.")
            parts = [part.strip(_COPY_ENDS) for part in _folded_copy(block.text).split("\x00")]
            parts = [part for part in parts if part]
            if parts and all(part in text for part in parts):
                continue
        out.append(block)
    return out


def _folded_copy(line: str) -> str:
    """A line as a copy of it is compared: case folded, single-spaced, its quotation marks
    and ellipses replaced by a break that no compared text holds."""
    return " ".join(_PULL_QUOTE_MARKS.sub("\x00", line.casefold()).split())


def _in_callout(el: _El | None) -> bool:
    """Whether a record sits in a callout: an <aside> that no class word calls chrome, or
    that a note's word names (see `_Walk.run`)."""
    for _ in range(_RELATED_DEPTH):
        if el is None:
            return False
        if el.tag == "aside":
            return el.note
        el = el.parent
    return False


def _kin_text_widgets(elements: list[_El]) -> frozenset[str]:
    """The classes of the body's blocks of text that a weak word calls chrome and that hold
    a plausible body's share of it (`_is_chrome_el`): a page builder that names every
    block a "widget" writes each of the article's blocks of text in the same class, and
    the smaller ones are the article's too."""
    kinds: set[str] = set()
    for el in elements:
        root = el.body_root
        if (
            root is not None
            and el.chrome
            and el.article_words
            and not el.in_strong_chrome
            and el.kind is not None
            and el.running_text * _PLAUSIBLE_SHARE >= root.running_text
            and el is not root
        ):
            kinds.add(el.kind)
    return frozenset(kinds)


def _is_section_heading(owner: _El, late: bool) -> bool:
    """Whether a block's owner, in the body but left out of it, is a section's heading:
    an <h1> after the body's first line (see `_pick_body`), or a heading alone in a
    header that is chrome only by its tag or its "header" words (directly or in a plain
    wrapper of its own)."""
    parent = owner.parent
    if owner.body_root is None or owner.chrome or parent is None:
        return False
    if owner.tag == "h1":
        return late and not parent.under_chrome
    if owner.tag not in _HEADINGS:
        return False
    # (or alone in a plain wrapper of its own inside such a header: block editors that
    # write each block as a "header-block" around the heading's own <div>)
    if (
        not _left_out_header(parent)
        and not parent.chrome_words
        and parent.text_len == owner.text_len
        and parent.parent is not None
    ):
        parent = parent.parent
    if not _left_out_header(parent):
        return False
    # (and the section it heads has text of its own, not a box of links to other stories)
    up = parent.parent
    return (
        up is not None
        and parent.text_len == owner.text_len
        and up.running_text > 0
        and up.link_len * 2 < up.text_len
    )


def _left_out_header(el: _El) -> bool:
    """Whether `el` is a header in the body left out of it as chrome by its tag alone (a
    <header> no class word calls chrome) or by the word "header" alone (CMSs that write a
    content element's heading in a "csc-header", "ce-header" or "section-header"), and
    what holds it is in the body."""
    up = el.parent
    # (a <header> may be named for what it is too: TYPO3's "frame-header" around each
    # content element's heading)
    named = el.chrome_words and not el.in_strong_chrome and _named_header(el.kind)
    if el.tag == "header":
        named = named or not el.chrome_words
    return (
        named
        and el.under_chrome
        and el.body_root is not None
        and up is not None
        and not up.under_chrome
    )


# The marks of a heading's permalink ("¶" in Sphinx, "#" in MkDocs and GitHub, "§", a link
# symbol): an anchor to the page itself that a reader's text does not hold.
_PERMALINK_MARKS: Final = frozenset({"¶", "#", "§", "🔗", "⚓", "⚓︎", "¶︎"})


def _is_permalink(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    href = attrs.get("href")
    return (
        href is not None
        and href.startswith("#")
        and node.text(deep=True).strip() in _PERMALINK_MARKS
    )


# Anchors written from a heading are short, and so are headings (the test reads both).
_MAX_SLUG: Final = 200
_MAX_SLUG_HEADING: Final = 1000


# A heading of at least this many words is a title, not a role's label ("Related posts").
_SLUG_TITLE_WORDS: Final = 5


def _heading_slug(node: LexborNode, tag: str, ident: str) -> bool:
    """Whether an element's id is its heading's text written as an id ("retrying-only-some-
    exceptions" for a section headed "Retrying only some exceptions", as documentation
    generators and CMSs write anchors): named after its content, not its role."""
    if len(ident) > _MAX_SLUG:
        return False
    heading = _own_heading(node, tag)
    if heading is None:
        return False
    text = heading.text(deep=True)
    if _SECTION_NUMBER.match(text.strip()) is not None:
        # (the anchor of a numbered section, a legal text's "2. Cookies", "§ 4
        # Kommentarfunktion": no widget's title is numbered)
        return True
    if ident.count("-") + ident.count("_") < 2 and (
        heading is not node or len(text.split()) < _SLUG_TITLE_WORDS
    ):
        # (an anchor of one or two words may as well be a role's name, unless it is the
        # shortened id of a heading that says more: "more-neighbors" of "Serving more
        # neighbors than ever before", as an editor names a section's anchor)
        return False
    words = _hint_words(ident)
    low = text.lower()
    return bool(words) and len(low) <= _MAX_SLUG_HEADING and all(word in low for word in words)


# A section's number before its heading's text: "2. Cookies", "3.1 Newsletter", "§ 4
# Kommentare", "IV. Subscriptions", "b) Social media" (a count, "3 Kommentare", is none),
# after the permalink sign a generator may put first ("#", "¶").
_SECTION_NUMBER: Final = re.compile(
    r"(?:[#¶] ?)?(?:§+ ?\d+[a-z]?|\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+|\d{1,3}\)"
    r"|[IVXLC]{1,6}\.|[a-z]\))\s+\S"
)


def _own_heading(node: LexborNode, tag: str) -> LexborNode | None:
    """The heading an element is, or opens with (after empty anchors only)."""
    if tag in _HEADINGS:
        return node
    for child in node.iter(include_text=False):
        if child.tag in _HEADINGS:
            return child
        if child.tag not in ("span", "a") or child.text(deep=True).strip():
            return None  # (only empty anchors may come before the heading)
    return None


def _numbered_section(node: LexborNode, tag: str) -> bool:
    """Whether an element opens with a numbered heading: a section of a document (a legal
    text, a report), whatever topic its name says ("2. Cookies" in a privacy policy)."""
    heading = _own_heading(node, tag)
    return (
        heading is not None and _SECTION_NUMBER.match(heading.text(deep=True).strip()) is not None
    )


def _named_header(kind: str | None) -> bool:
    """Whether a class attribute calls its element chrome by "header" words alone."""
    if not kind or "header" not in kind.lower():
        return False
    rest = " ".join(token for token in kind.split() if "header" not in token.lower())
    return not _classify(rest) & _CHROME_WORD


# A line in the article's own <header> this long is its lede, not a byline or a date.
_LEDE: Final = 80


def _is_header_lede(block: _Block) -> bool:
    """Whether a block above the body's first line is the lede that the article's
    <header> holds beside its headline (news sites print the standfirst there): a long line
    of running text in a <header> of the body, the header chrome only by its tag or its
    "header" words (see `_left_out_header`). (the headers of graphics further down hold
    their captions)"""
    if not block.running or len(block.text) < _LEDE:
        return False
    owner = block.owner
    if owner.chrome or owner.teaser:
        return False
    header = owner.parent  # (or its parent: a lede in a <div> of the header)
    if header is not None and header.tag != "header" and not header.chrome:
        header = header.parent
    return header is not None and _left_out_header(header)


# A page of short lines needs this much text in them to have a body.
_MIN_SHORT_TEXT: Final = 50


def _short_text_page(walk: _Walk) -> list[_Block]:
    """The body of a page without one line of running text (a notice, a contact page, a
    page of short lines): its lines outside page chrome that are not mostly link text."""
    chrome: set[_El] = set()
    for el in walk.elements:  # (parents before children)
        parent = el.parent
        if el.chrome or el.in_h1 or (parent is not None and parent in chrome):
            chrome.add(el)
    lines = [b for b in walk.blocks if b.owner not in chrome and b.link_len * 2 <= len(b.text)]
    # (a few words are no body: an error page's "Not found", stray bytes that are no HTML)
    if sum(len(b.text) for b in lines) < _MIN_SHORT_TEXT:
        return []
    return lines


# Weak class words of a box that may hold the text's own lines: the rest of a text that a
# reader unlocks or unfolds (a paywall, a "read more" fold), a listicle's items written as
# the slides of a gallery.
_TEXT_BOX: Final = re.compile(r"(?i)paywall|read-?more|gallery|(?:^|[\s_-])more(?:$|[\s_-])")


def _is_text_box(el: _El, budget: int, in_box: bool) -> bool:
    """Whether an element in the body that a weak word calls chrome holds the text's own
    lines (see `_TEXT_BOX`): the box holds half as much running text as the body has
    beside it or more (an opinion piece's open paywall below its author's boxes) and links
    nowhere, and inside it (`in_box`) no word but the box's own calls a part
    chrome (a gallery's captions, photo credits and counters stay out)."""
    kind = el.kind
    if kind is None or el.in_strong_chrome or el.tag in _CHROME_TAGS:
        return False
    if _TEXT_BOX.search(kind) is None or _classify(_TEXT_BOX.sub(" ", kind)) & _CHROME_WORD:
        return False
    return in_box or (el.running_text * 3 >= budget and el.link_len * 10 <= el.text_len)


# The class of the opening of a text that a reader sees before its paywall
# ("subscriber-preview", as newspapers' CMSs such as BLOX write it; "paywall-preview",
# "premium_preview"; "Paywallstyled__Fade", as styled-components name the paragraph that
# fades out above the paywall): the text's, whatever the paywall's word calls chrome.
_PAYWALL_PREVIEW: Final = re.compile(
    r"(?i)(?:subscri(?:ber|bers|ption)|paywall|premium|paid|members?)(?:styled)?[-_]*"
    r"(?:preview|fade)"
)


# The word "tag" in a class, and how much running text an element so named holds at
# least when it is no tag's label.
_TAG_IN_CLASS: Final = re.compile(r"(?i)(?<![a-z])tag(?![a-z])")
_TAG_TEXT: Final = 60


def _is_chrome_el(el: _El, budget: int, widgets: frozenset[str]) -> bool:
    """Whether an element in the body is page chrome, `budget` being its root's running
    text and `widgets` the classes of the body's text widgets (`_kin_text_widgets`)."""
    if el.tag == "h1":
        return True
    if el.teaser and el.link_len and el.running_text * 2 < budget:
        # Other stories' teasers link to them; an article's own lede, often classed
        # "teaser" too, links nowhere.
        return True
    if el.chrome:
        if (
            el.kind is not None
            and el.link_len * 4 <= el.text_len
            and _PAYWALL_PREVIEW.search(el.kind) is not None
        ):
            return False
        if (
            el.running_text >= _TAG_TEXT
            and not el.in_strong_chrome
            and el.kind is not None
            and _TAG_IN_CLASS.search(el.kind) is not None
            and not _classify(_TAG_IN_CLASS.sub(" ", el.kind)) & _CHROME_WORD
        ):
            # (a "tag" that holds paragraphs of running text is no tag's label: a German
            # itinerary's day, "reiseverlauf__tag", a "Tag der offenen Tür")
            return False
        # (an <aside> is strong chrome by its tag, not by where it sits)
        around = el.parent if el.tag == "aside" else el
        if (
            el.note
            and not el.link_len
            and el.running_text
            and around is not None
            and not around.in_strong_chrome
        ):
            # A box named a notice or an alert, or a note by its role, inside the body, of
            # running text that links nowhere, is a note of the text (a site's announcements
            # link to more, and sit outside the article)
            return False
        # a wrapper with a chrome-ish word that holds most of the article is the article
        if el.article_words and el.running_text * 2 >= budget:
            return False
        # (one whose chrome word is a weak one needs no more than a plausible body's share:
        # a CMS's rich-text field named "meta_field", a "post-widget" of the text; or the
        # class of a text widget that has it)
        if (
            el.article_words
            and not el.in_strong_chrome
            and (el.running_text * _PLAUSIBLE_SHARE >= budget or el.kind in widgets)
        ):
            return False
        return not (el.running_text * 5 >= budget * 4 and el.tag not in _CHROME_TAGS)
    return False


# Levels that add too little article-like text passed on the way up from the best-scored
# element, looking for one that adds enough (see `_candidate_roots`).
_CLIMB_PAST: Final = 2
# A level adds "a line or two" of running text when that is less than 1/_LINES_SHARE of
# the body's own running text.
_LINES_SHARE: Final = 10
# Past a line or two, the first reading climbs to a level whose added link text is less
# than 1/_UNLINKED_SHARE of the running text it adds.
_UNLINKED_SHARE: Final = 4


def _candidate_roots(walk: _Walk) -> list[_El]:
    # Text under a chrome element (a comments section, a sidebar) counts for little, unless
    # that element holds nearly all of the page's text (a wrapper with an unlucky class).
    total = walk.elements[0].running_text if walk.elements else 0
    for element in walk.elements:
        parent = element.parent
        element.penalized = (parent is not None and parent.penalized) or (
            element.chrome and not element.article_words and element.running_text * 10 < total * 9
        )
    scored: list[_El] = []
    for b in walk.blocks:
        owner = b.owner
        if owner.penalized or owner.in_facts:
            continue
        if b.running:
            owner.text_outside_chrome += len(b.text)
            owner.running_outside_chrome += len(b.text)
        else:
            # Short lines that are not links (a recipe's ingredients, a product's
            # specifications, the headings of a page's sections) weigh half as much
            # against climbing as link text does: they are as often the content as chrome.
            owner.text_outside_chrome += b.link_len + (len(b.text) - b.link_len) // 2
    for element in reversed(walk.elements):
        parent = element.parent
        if parent is not None and element.text_outside_chrome:  # (clean text is part of it)
            parent.text_outside_chrome += element.text_outside_chrome
            parent.running_outside_chrome += element.running_outside_chrome
    for b in walk.blocks:
        if not b.running or b.owner.in_facts:
            continue
        text = b.text
        points = (
            1.0 + text.count(",") + text.count("，") + text.count("、") + min(len(text) / 100, 3)
        )
        if b.owner.penalized:
            points *= 0.2
        owner = b.owner
        # A paragraph's points go to what holds it; so do those of a <div> that holds this
        # one line of text and nothing else: the paragraph of a page that writes its text in
        # <div>s, not <p>s.
        if owner.tag in _PARAGRAPH_TAGS or (owner.tag == "div" and owner.text_len == len(text)):
            up = owner.parent
            # (and past the <div>s that hold the paragraph alone: a CMS's field around
            # each paragraph, Drupal's paragraphs, each step of a recipe in its own)
            while up is not None and up.tag == "div" and up.text_len == owner.text_len:
                up = up.parent
        else:
            up = owner
        level = 0
        while up is not None and level < 5:
            if up.score == 0:
                scored.append(up)
            up.score += points if level == 0 else points / (2 if level == 1 else level * 3)
            up = up.parent
            level += 1
    if not scored:
        return []

    def final(el: _El) -> float:
        density = el.link_len / el.text_len if el.text_len else 1.0
        value = el.score * (1.0 - density)
        if el.chrome_words and not el.article_words:
            value *= 0.3
        elif el.article_words and not el.chrome_words:
            value *= 1.3
        if el.tag in _CHROME_TAGS:
            value *= 0.3
        return value

    finals = {id(el): final(el) for el in scored}
    top = max(scored, key=lambda el: finals[id(el)])
    # The site's footer is never the article, however much of the page's text it holds: a
    # page whose only running text is there (an application's shell before its script
    # runs, a wall put in the article's place) has no article, and a check says so rather
    # than recording the legal lines as a version. (Other chrome that holds nearly all of
    # the text is often a wrapper with an unlucky word or tag: the article.)
    if top.in_strong_chrome:
        footer: _El | None = top
        while footer is not None and footer.tag != "footer":
            footer = footer.parent
        if footer is not None:
            return []
    top_score = finals[id(top)]
    # Climb while the parent adds more article-like text than anything else (an article
    # split over sibling columns or sections under one wrapper).
    # A level that adds only headings, images and buttons is passed (a page builder nests
    # each of a page's text blocks in its own section, with its heading and buttons), as
    # long as a level above it adds enough article-like text to outweigh them.
    # A numbered list of long points (an authority's notice, a how-to's steps) is introduced
    # and closed by lines of the text around it: the climb starts from what holds the list.
    if top.tag == "ol" and top.parent is not None and not top.parent.penalized:
        top = top.parent
    cur = top
    passed = 0
    past_lines = False  # (whether the first reading's climb passed a line or two)
    rows: _Rows | None = None  # (made when the climb first meets a table row)
    while cur.parent is not None and not cur.parent.penalized:
        parent = cur.parent
        adds_running = parent.running_outside_chrome > cur.running_outside_chrome
        adds = adds_running or parent.text_outside_chrome > cur.text_outside_chrome
        below, cur = cur, parent
        if not adds:
            continue  # a wrapper that adds nothing: look further up
        gained = parent.running_outside_chrome - top.running_outside_chrome
        noise = parent.text_outside_chrome - top.text_outside_chrome - gained
        # (past such a level, the text gained must be a part of the article's size: the
        # other sections of the page, not a byline or a note under the article)
        if gained * (2 if passed else 10) < top.running_outside_chrome or gained < noise * 2:
            passed += 1
            if adds_running and gained * _LINES_SHARE < top.running_outside_chrome:
                # A line or two beside the body (a byline, a caption in the next column)
                # ends the climb: above it, a news page's teasers often follow. A body that
                # is implausible for its page is read again passing such a level, since
                # a page builder's sections each hold one block of the text beside its
                # picture's caption, and their common wrapper is the article.
                walk.stopped_at_lines = True
                if not walk.climb_past_lines:
                    if past_lines:
                        break
                    # (the first reading passes one such level only towards a level
                    # that adds text of the article's size linking nowhere, text before
                    # the body among it: a recipe's steps below their times, in the
                    # recipe with its introduction)
                    past_lines = True
            elif adds_running:
                break
            if passed > _CLIMB_PAST:
                break
            continue
        if past_lines and (
            (parent.link_len - top.link_len) * _UNLINKED_SHARE > gained
            or _running_before(walk, top, parent) * _LINES_SHARE < top.running_outside_chrome
        ):
            # (teasers above a byline: their headlines link to their stories; and a level
            # that adds no text before the body, where the article would begin, adds other
            # parts of the page after it: a builder's sign-up section)
            break
        if parent.tag == "tr":
            if rows is None:
                rows = _Rows(walk)
            if _side_columns(rows, parent, below):
                break
        top = parent
        passed = 0
        top_score = max(top_score, finals.get(id(top), 0.0))
    # The article split over sibling containers (sections, inline ads between parts).
    roots = [top]
    threshold = max(10.0, top_score * 0.2)
    parent = top.parent
    if parent is not None:
        for el in scored:
            if (
                el is not top
                and el.parent is parent
                and finals[id(el)] >= threshold
                and not el.chrome
            ):
                roots.append(el)
    return roots


def _running_before(walk: _Walk, top: _El, level: _El) -> int:
    """The running text that `level` holds before the first line of `top`, an element
    inside it, outside chrome (see `_candidate_roots`)."""
    found = 0
    for block in walk.blocks:
        owner: _El | None = block.owner
        while owner is not None and owner is not level:
            if owner is top:
                return found
            owner = owner.parent
        if owner is level and block.running and not block.owner.penalized:
            found += len(block.text)
    return found


class _Rows:
    """The cells of the walk's table rows, and the elements that hold a line opening with a
    link (in their subtree): what `_side_columns` asks, found in one pass over the walk's
    records the first time it is asked."""

    __slots__ = ("cells", "led")

    def __init__(self, walk: _Walk) -> None:
        self.cells: dict[_El, list[_El]] = {}
        self.led: set[_El] = {b.owner for b in walk.blocks if b.lead_link}
        for el in reversed(walk.elements):  # (children before their parents)
            parent = el.parent
            if parent is None:
                continue
            if el in self.led:
                self.led.add(parent)
            if parent.tag == "tr":
                self.cells.setdefault(parent, []).append(el)


def _side_columns(rows: _Rows, row: _El, cell: _El) -> bool:
    """Whether the other cells of the table row whose `cell` holds the body are the side
    columns of a layout table (a menu, other announcements under their linked titles), not
    columns of the text: none of them holds half as much running text as the cell, and
    each that holds running text holds lines that open with a link too."""
    texts = [el for el in rows.cells.get(row, ()) if el is not cell and el.running_outside_chrome]
    return (
        bool(texts)
        and max(el.running_outside_chrome for el in texts) * 2 < cell.running_outside_chrome
        and all(el in rows.led for el in texts)
    )


def _paragraph_kind(el: _El) -> str | None:
    """What marks a paragraph as one of its kind: its class, or else the class of the
    element it sits in ("\n" + class: no class attribute holds a line break of its own)."""
    if el.tag != "p":
        return None
    if el.kind is not None:
        return el.kind
    parent = el.parent
    if parent is not None and parent.kind is not None:
        return "\n" + parent.kind
    return None


def _kin_paragraphs(walk: _Walk, roots: list[_El]) -> list[_El]:
    """Paragraphs outside the body's roots that are of the class most of the body's running
    text is written in: the rest of an article a CMS writes in paragraphs of one class and
    splits into containers between ads, figures and "continue reading" prompts.

    Only a class that carries at least half of the body's running text counts, and only
    paragraphs outside page chrome (by words or tag), teasers and penalized parts join."""
    under: set[_El] = set(roots)
    for el in walk.elements:  # (parents before children)
        parent = el.parent
        if parent is not None and parent in under:
            under.add(el)
    inside: dict[str, int] = {}
    body_running = 0
    outside: list[_El] = []
    for b in walk.blocks:
        if not b.running:
            continue
        owner = b.owner
        kind = _paragraph_kind(owner)
        if owner in under:
            body_running += len(b.text)
            if kind is not None:
                inside[kind] = inside.get(kind, 0) + len(b.text)
        elif kind is not None and not owner.penalized:
            outside.append(owner)
    if not outside or not inside:
        return []
    kind = max(inside, key=inside.__getitem__)
    if inside[kind] * 2 < body_running:
        return []
    kin: list[_El] = []
    for el in outside:
        if el.selected or _paragraph_kind(el) != kind:
            continue
        up: _El | None = el
        while up is not None and not (up.chrome or up.teaser or up.tag in _CHROME_TAGS):
            up = up.parent
        if up is None:
            el.selected = True  # (marked now so a paragraph of many lines joins once)
            kin.append(el)
    return kin


# How far above the body's root the section it sits in may be (the section, its text's box).
_SECTION_UP: Final = 2
_SECTION_TAGS_OF_KIN: Final = frozenset({"section", "div", "article"})


def _kin_sections(walk: _Walk, root: _El) -> list[_El]:
    """The sections beside the one the body's root sits in, of its kind: an app's, a
    product's or a service's page writes its description, its news, its terms, each in a
    section of one class (see `_section_kind`), each headed by a heading of its own; the
    body, chosen in the longest, is all of them. Only sections
    that open with a heading (not a link), hold mostly text that is no link, and that no
    word, tag or penalty calls chrome or another page's teaser join, and only when the
    body's own section opens so too."""
    section: _El | None = root
    others: list[_El] = []
    for _ in range(_SECTION_UP):
        if section is None or section.parent is None:
            return []
        if section.tag in _SECTION_TAGS_OF_KIN and section.kind:
            others = _sections_of_kind(walk, section)
            if others:
                break
        section = section.parent
    if section is None or not others:
        return []
    # (each section's first line: a heading of its own)
    wanted = {section, *others}
    opening: dict[_El, _Block] = {}
    for b in walk.blocks:
        up: _El | None = b.owner
        while up is not None and up not in wanted:
            up = up.parent
        if up is not None and up not in opening:
            opening[up] = b
            if len(opening) == len(wanted):
                break
    if not _opens_with_heading(opening.get(section)):
        return []
    return [el for el in others if _opens_with_heading(opening.get(el))]


def _sections_of_kind(walk: _Walk, section: _El) -> list[_El]:
    """The elements beside `section` of its tag and its kind (see `_section_kind`), that no
    word, tag or penalty calls chrome or a teaser, holding mostly text that is no link."""
    parent, kind = section.parent, section.kind
    if parent is None or not kind:
        return []
    first_word = _section_kind(kind)
    return [
        el
        for el in walk.elements
        if el.parent is parent
        and el is not section
        and el.tag == section.tag
        and el.kind
        and _section_kind(el.kind) == first_word
        and not (el.chrome or el.teaser or el.penalized or el.in_strong_chrome or el.selected)
        and el.link_len * 2 < el.text_len
    ]


def _section_kind(kind: str) -> str:
    """What makes sections of one kind: the first word of their class attributes, or its
    block's name where it names an element of a block ("petition-text__claim" and
    "petition-text__reasoning", as BEM writes them)."""
    return kind.split()[0].partition("__")[0]


def _opens_with_heading(block: _Block | None) -> bool:
    return (
        block is not None
        and block.owner.tag in _HEADINGS
        and block.owner.tag != "h1"
        and block.link_len * 2 <= len(block.text)
    )


def _kin_headings(walk: _Walk, roots: list[_El]) -> list[_El]:
    """The headings between a body's paragraphs when the body is gathered from paragraphs
    of one kind (`_kin_paragraphs`): a site builder that writes each text element in a
    block of its own (a heading's, a paragraph's) heads the article's sections with
    headings outside the paragraphs' blocks. A heading joins when the body has begun before
    it and the next line of running text after it is the body's, and nothing above it is
    page chrome, a teaser or penalized."""
    selected: set[_El] = set(roots)
    for el in walk.elements:  # (parents before children)
        parent = el.parent
        if parent is not None and parent in selected:
            selected.add(el)
    found: list[_El] = []
    begun = False
    waiting: list[_El] = []
    for b in walk.blocks:
        owner = b.owner
        if owner in selected:
            if b.running:
                begun = True
                found.extend(waiting)
                waiting.clear()
            continue
        if b.running:
            waiting.clear()  # (text of another part: the heading is that part's)
        elif (
            begun and owner.tag in _HEADINGS and owner.tag != "h1" and b.link_len * 2 <= len(b.text)
        ):
            up: _El | None = owner
            while up is not None and not (
                up.chrome or up.teaser or up.penalized or up.tag in _CHROME_TAGS
            ):
                up = up.parent
            if up is None:
                waiting.append(owner)
    for el in found:
        el.selected = True
    return found


# A list of facts holds short values: more text is a glossary or a list of other things.
_FACTS_TEXT: Final = 600
# A table of facts: rows of a name and its value, each row short (more is a table of text).
_FACT_ROW: Final = 160
# How far above the body's top a list of facts may share an ancestor with it: a product's
# tabs put the description and its specifications in sibling panels, each in wrappers.
_FACTS_UP: Final = 3
# How far above it, when the list sits in a panel of the body's own kind (see
# `_panel_of_kind`): a shop's page builder writes the description in rows and columns of
# its own inside the description's panel (Magento's "data-content-type" rows, three deep).
_PANELS_UP: Final = 6
# How deep below that ancestor the list may sit (a block editor's box of facts beside the
# text sits five deep: the field of boxes, its item, the box, the box's text field, the list).
_FACTS_DOWN: Final = 5


def _facts(walk: _Walk) -> tuple[list[_El], list[_El]]:
    """The page's lists of facts, written as terms and their values: a <dl> of two terms
    or more; a table whose rows all pair a name with its value (two cells a row, two rows
    or more, each row short, a header row over them at most), or a list whose items all
    do ("Gewicht: 520 g"): a shop's "additional information", a product's specifications,
    a recipe's ingredients, an association's or a public office's key data. (A CMS's one
    "Details" term over the post's author, date and hits is no such list.)

    The text of tables and lists is marked (`in_facts`): the body is chosen without it,
    and it joins the body when it sits beside it (`_fact_lists`); a shop's specifications
    would otherwise draw the body up to the wrapper of the product's tabs, with its
    reviews. (A <dl>'s text counts: a page of questions and answers writes them as one.)

    Also returned, apart: the lists of short items that name things without labels (see
    `_item_lists`), which join the body from a panel of its own kind only."""
    lists: list[_El] = []
    terms: dict[_El, int] = {}
    cells: dict[_El, int] = {}
    rows: list[_El] = []
    data_rows: set[_El] = set()  # (the others are header rows: a heading over the pairs)
    items: dict[_El, int] = {}
    for el in walk.elements:
        tag = el.tag
        if tag == "li":
            holder = el.parent
            if holder is not None and (holder.tag == "ul" or holder.tag == "ol"):
                items[holder] = items.get(holder, 0) + 1
        elif tag == "td" or tag == "th":
            row = el.parent
            if row is not None and row.tag == "tr":
                cells[row] = cells.get(row, 0) + 1
                if tag == "td":
                    data_rows.add(row)
        elif tag == "tr":
            rows.append(el)
        elif tag == "dt":
            if el.parent is not None:
                terms[el.parent] = terms.get(el.parent, 0) + 1
        elif tag == "dl" and not el.selected and 0 < el.text_len <= _FACTS_TEXT:
            lists.append(el)
    lists = [el for el in lists if terms.get(el, 0) >= 2 and el.link_len * 2 <= el.text_len]
    marked = _labelled_lists(walk.blocks, items) if items else []
    named = _item_lists(walk.blocks, items, marked) if items else []
    if not rows and not marked:
        return lists, named
    pairs: dict[_El, int] = {}
    other: set[_El] = set()
    for row in rows:
        table = row.parent
        if table is not None and table.tag != "table":
            table = table.parent  # (a <tbody>'s, <thead>'s or <tfoot>'s row)
        if table is None or table.tag != "table":
            continue
        if cells.get(row, 0) == 2 and row.text_len <= _FACT_ROW:
            pairs[table] = pairs.get(table, 0) + 1
        elif row in data_rows or row.text_len > _FACT_ROW:
            other.add(table)
    marked.extend(
        table
        for table, n in pairs.items()
        if n >= 2
        and table not in other
        and not table.selected
        and table.link_len * 2 <= table.text_len
    )
    if marked:
        for el in marked:
            el.in_facts = True
        for el in walk.elements:  # (parents before children)
            parent = el.parent
            if parent is not None and parent.in_facts:
                el.in_facts = True
    return lists + marked, named


# A list item that names a value: a short label, its colon, the value ("Gewicht: 520 g",
# "Mahlwerk: Kegelmahlwerk aus Keramik"); not a web address's scheme.
_LABELLED_ITEM: Final = re.compile(r"^[^:：\n]{1,40}[:：]\s*(?!//)\S")


def _labelled_lists(blocks: list[_Block], items: dict[_El, int]) -> list[_El]:
    """The lists (<ul>, <ol>) of two items or more whose every item is one short line that
    names a value."""
    labelled: dict[_El, int] = {}
    other: set[_El] = set()
    for b in blocks:
        owner = b.owner
        if owner.tag != "li":
            continue
        holder = owner.parent
        if holder is None or holder not in items:
            continue
        if len(b.text) <= _FACT_ROW and _LABELLED_ITEM.match(b.text):
            labelled[holder] = labelled.get(holder, 0) + 1
        else:
            other.add(holder)
    return [
        holder
        for holder, n in labelled.items()
        if n >= 2
        and n == items[holder]
        and holder not in other
        and not holder.selected
        and holder.link_len * 2 <= holder.text_len
    ]


# A list of things a product or a place has holds this many items at least (two are a pair
# of links or notes as often).
_ITEM_LIST: Final = 3


def _item_lists(blocks: list[_Block], items: dict[_El, int], labelled: list[_El]) -> list[_El]:
    """The lists (<ul>, <ol>) of `_ITEM_LIST` items or more whose every item is one short
    line without a link, and that are no labelled lists: what a product, a vehicle or a
    flat has ("Rückfahrkamera", "Einbauküche"), what a course covers. In a panel of their
    own beside the description's, a shop's or a dealer's page lists its features so."""
    lines: dict[_El, int] = {}
    other: set[_El] = set(labelled)
    for b in blocks:
        owner = b.owner
        if owner.tag != "li":
            continue
        holder = owner.parent
        if holder is None or holder not in items or holder in other:
            continue
        if b.link_len or len(b.text) > _FACT_ROW:
            other.add(holder)
        else:
            lines[holder] = lines.get(holder, 0) + 1
    return [
        holder
        for holder, n in lines.items()
        if n >= _ITEM_LIST
        and n == items[holder]
        and holder not in other
        and not holder.selected
        and holder.text_len <= _FACTS_TEXT
    ]


def _fact_lists(lists: list[_El], named: list[_El], top: _El) -> list[_El]:
    """The lists of facts (see `_facts`) beside the body, in what holds it and outside
    chrome: an event's time, place and price, a job's place and hours, a product's
    specifications.

    Beside the body's parent, any such list; a few levels further up, only one in a panel
    of the body's own kind that holds little else: a shop's tabs put the description and
    the product's specifications in sibling panels of one class, where an unmarked column
    of the layout holds a widget's table among other things. The `named` lists (of
    features, `_item_lists`) join from such a panel only: beside the body they are as often
    a box of other things."""
    branches: dict[_El, _El] = {}  # an ancestor of the body's top: its child on the way
    below = top
    up: _El | None = top.parent
    while up is not None and len(branches) < _PANELS_UP:
        branches[up] = below
        below = up
        up = up.parent
    if not branches:
        return []
    beside: list[tuple[_El, _El, _El]] = []  # a list, its branch, where the branch meets the body's
    in_branch: dict[_El, int] = {}  # (a recipe's ingredients: a table for each part of the dish)
    features = set(named)
    for el in itertools.chain(lists, named):
        branch = el
        up = el.parent
        level = 1
        while up is not None and up is not top and up not in branches and level < _FACTS_DOWN:
            if up.chrome or up.teaser or up.tag in _CHROME_TAGS:
                break
            branch = up
            up = up.parent
            level += 1
        if el.chrome or el.teaser or up is None or up not in branches:
            continue
        beside.append((el, branch, up))
        in_branch[branch] = in_branch.get(branch, 0) + el.text_len
    found: list[_El] = []
    for el, branch, up in beside:
        if (up is not top.parent or el in features) and not _panel_of_kind(
            branch, branches[up], in_branch[branch]
        ):
            continue
        el.selected = True
        found.append(el)
    return found


def _panel_of_kind(panel: _El, body_panel: _El, facts: int) -> bool:
    """Whether `panel` is a sibling of `body_panel` of its kind (the same tag, a class in
    common) that holds little besides the lists of facts in it (`facts` characters)."""
    if panel.tag != body_panel.tag or not panel.kind or not body_panel.kind:
        return False
    if facts * 3 < panel.text_len * 2:
        return False
    return not set(panel.kind.split()).isdisjoint(body_panel.kind.split())


def _in_data_row(cell: _El) -> bool:
    """Whether an element is a cell of a table row that holds text outside links in some
    other cell (a table of data, not a row of links)."""
    if cell.tag != "td" and cell.tag != "th" and cell.parent is not None:
        cell = cell.parent  # (a cell's paragraph)
    row = cell.parent
    if (cell.tag != "td" and cell.tag != "th") or row is None or row.tag != "tr":
        return False
    return row.text_len - row.link_len > cell.text_len - cell.link_len


# A line that is a web address (after a short label): a link that shows where it goes is
# the article's source or resource ("Quelle: www.example.de", a list of links written
# out), never a menu's or a teaser's, whose links show names.
_WEB_ADDRESS: Final = re.compile(
    r"^\s*(?:[^\s:]{1,30}(?: [^\s:]{1,30}){0,4} ?[:–-] )?(?:https?://|www\.)\S+\s*$", re.I
)
_WEB_ADDRESS_LINE: Final = 300


# A sentence's end: its stop, and the quote or bracket that may close after it.
_SENTENCE_END: Final = re.compile(r"[.!?…。][\"'”’»)\]]?\s*$")
# Text outside the links a sentence needs, at least (characters).
_OWN_CHARS: Final = 15


def _is_linked_sentence(block: _Block) -> bool:
    """Whether a line that is mostly link text is a sentence of the article with a link in
    it ("He faces <a>a charge of conspiracy ...</a>."): it opens with words of its own and
    ends as a sentence does, where a teaser opens with its link or a prompt's label and
    ends with a headline."""
    return (
        not block.lead_link
        and len(block.text) - block.link_len >= _OWN_CHARS
        and _SENTENCE_END.search(block.text) is not None
    )


# A box's label that points to other stories ("Lesen Sie auch", "You might also like",
# "【関連記事】"), in the languages of the pages watched; "see also" is left out: reference
# works and documentation point to their own related entries so.
_RELATED_LABEL: Final = re.compile(
    r"^[\[【(«\"]?\s*(?:"
    r"related(?: articles?| posts?| stor(?:y|ies)| content| reading| news)?|you (?:might|may) also"
    r" (?:like|enjoy)|(?:also read|read also|read more|read next|more stories|recommended"
    r"(?: for you)?|more from .{1,40})"
    r"|lesen sie (?:auch|mehr)|mehr zum thema|das könnte sie auch interessieren"
    r"|auch interessant|(?:weitere|mehr) (?:artikel|beiträge|meldungen|nachrichten)"
    r"(?: (?:aus|zum|zur|von|vom|im|in) .{1,40})?|mehr aus .{1,40}"
    r"|more (?:stories|news|articles) (?:from|in|about) .{1,40}"
    r"|(?:explore )?more on (?:these|this) (?:topics?|story)"
    # (a company's or a product's page showing its blog's latest posts below its text)
    r"|(?:fresh |latest )?from (?:the|our) (?:blog|newsroom|magazine)"
    r"|(?:latest|recent) (?:posts|articles|stories|blog posts)"
    r"|(?:neues |neueste beiträge |aktuelles )?aus (?:dem|unserem) (?:blog|magazin)"
    r"|(?:neueste|aktuelle) (?:beiträge|artikel|blogbeiträge)|derniers articles|du blog"
    r"|últimas entradas|del blog|dal blog|ultimi articoli"
    r"|ähnliche (?:artikel|beiträge)|verwandte (?:themen|artikel|beiträge)"
    r"|verknüpfte (?:vorlagen|dokumente|beiträge)"
    r"|(?:à )?lire aussi|sur le même sujet|leggi anche|potrebbe interessarti|lee también"
    r"|más información"
    r"|te puede interesar|lea también|leia também|veja também"
    r"|(?:czytaj|przeczytaj) (?:też|także|również)|zobacz (?:też|także|również)"
    r"|(?:čtěte|přečtěte si) (?:také|též)|lees ook|läs också|les også|læs også"
    r"|(?:další|ďalšie) (?:zprávy|správy|články)(?: .{1,40})?|mohlo by vás (?:zajímat|zaujímať)"
    r"|więcej (?:wiadomości|artykułów)(?: .{1,40})?|meer (?:nieuws|artikelen) (?:uit|over) .{1,40}"
    r"|читайте (?:также|тоже)"
    r"|関連記事|関連ニュース|関連リンク|相关阅读|相关文章|관련 기사"
    r")\s*[\]】)»\"]?\s*:?$",
    re.I,
)
# A related box holds a few teasers: more text is a section of the article.
_RELATED_BOX: Final = 1500
# How far below the box its lines may sit.
_RELATED_DEPTH: Final = 8


def _without_related_boxes(blocks: list[_Block]) -> list[_Block]:
    """The body's lines without boxes of teasers for other stories: a small container that
    opens with a label pointing to them ("Lesen Sie auch", "【関連記事】") and holds no
    sentence after it, whatever its classes (sites built with CSS modules name nothing);
    the teasers' titles may be links or text beside a linked picture. Nor an advertisement
    in the text that its label names (see `_ad_box_end`), a shop's panel of its terms
    (`_terms_panel_end`), a newsletter's offer (`_pitch_box_end`) or the author's box
    (`_author_box_end`)."""
    out: list[_Block] = []
    i = 0
    n = len(blocks)
    while i < n:
        block = blocks[i]
        end = max(
            _ad_box_end(blocks, i),
            _terms_panel_end(blocks, i),
            _pitch_box_end(blocks, i),
            _author_box_end(blocks, i),
        )
        if end > i:
            i = end
            continue
        box = block.owner.parent
        if (
            box is not None
            and len(block.text) <= 60
            and box.text_len <= _RELATED_BOX
            and _RELATED_LABEL.match(block.text)
        ):
            j = i + 1
            while (
                j < n
                and _sits_in(blocks[j].owner, box)
                and (not _is_sentence(blocks[j].text) or _describes_teaser(blocks, j, i))
            ):
                j += 1
            if j > i + 1 and (j == n or not _sits_in(blocks[j].owner, box)):
                i = j  # (the label and its teasers, the box's last line among them)
                continue
            if j == i + 1 and box.text_len <= len(block.text):
                j = _linked_teasers_after(blocks, i + 1, box)
                if j > i + 1:
                    i = j  # (the label alone in its block, and the list of links after it)
                    continue
        out.append(block)
        i += 1
    return out


# The label an advertisement in the text carries by law or custom ("Anzeige", "- Werbung -",
# "[Advertisement]"), alone on its line.
_AD_WORDS: Final = (
    r"(?:anzeige|werbung|advertisement|advertising|sponsored|publicidad"
    r"|publicité|pubblicità|reklama|advertentie|реклама|広告|广告"
    # (in Persian, Arabic, Hebrew, Greek, Turkish and Swedish, Finnish, Hungarian,
    # Romanian, Czech, Vietnamese, Indonesian, Thai, Hindi and Korean)
    r"|تبلیغات|إعلان|פרסומת|διαφ[ηή]μιση|reklam|mainos|hirdetés|publicitate|reclamă|inzerce"
    r"|quảng cáo|iklan|โฆษณา|विज्ञापन|광고)"
)
_AD_LABEL: Final = re.compile(rf"^[-–—\[(|*\s]*{_AD_WORDS}[-–—\])|*\s]*$", re.I)
# ... and the label of an advertisement's box, which may name what it advertises after a
# separator ("Werbung · Unsere Empfehlung")
_AD_BOX_LABEL: Final = re.compile(
    rf"^[-–—\[(|*\s]*{_AD_WORDS}(?:\s*[·|:–—]\s*[^·|:–—]{{1,40}})?[-–—\])|*\s]*$", re.I
)
# How long such a label is at most.
_AD_LABEL_MAX: Final = 60
# An advertisement's box in the text holds a line or two (a slogan beside its picture): a
# container with more text than this is a part of the article that a label heads.
_AD_BOX: Final = 300


def _ad_box_end(blocks: list[_Block], at: int) -> int:
    """Where the advertisement ends whose label is the line at `at`: the label's element
    holds little more text, all of it the advertisement's, whatever its classes (old
    layouts' table cells, a text advertisement beside a picture). `at` when that line is
    no such label. (a label alone in its element may stand between the paragraphs of a
    short text, where a script's advertisement was: the text after it is the article's)"""
    block = blocks[at]
    if len(block.text) > _AD_LABEL_MAX or not _AD_BOX_LABEL.match(block.text):
        return at
    box = block.owner
    if box.text_len <= len(block.text) or box.text_len > _AD_BOX:
        return at
    return _end_of(blocks, at + 1, box)


# The label of a shop's panel of its terms, as product pages fold them in a <details>
# ("Versand & Details", "Shipping & Returns", "Livraison et retours").
_TERMS_LABEL: Final = re.compile(
    r"(?i)^(?:shipping|delivery|returns?|versand|lieferung|lieferzeit|rückgabe|rücksendung"
    r"|envíos?|devoluciones|livraison|retours?|spedizion[ei]|resi|verzending|retourneren"
    r"|wysyłka|zwroty)\b.{0,30}$"
)
_TERMS_LABEL_MAX: Final = 40


def _terms_panel_end(blocks: list[_Block], at: int) -> int:
    """Where a shop's folded panel of shipping and returns terms ends, whose label is the
    line at `at` (in the panel's <details>): the shop's terms, the same under every
    product, not the product's text. `at` when that line is no such label."""
    block = blocks[at]
    if len(block.text) > _TERMS_LABEL_MAX or not _TERMS_LABEL.match(block.text):
        return at
    panel: _El | None = block.owner
    for _ in range(_RELATED_DEPTH):
        if panel is None or panel.tag == "details":
            break
        panel = panel.parent
    if panel is None or panel.tag != "details":
        return at
    return _end_of(blocks, at + 1, panel)


# A box that offers the site's newsletter: a short label naming it ("Rathaus-Newsletter",
# "Newsletter Clima") and a line or two that say what comes by e-mail and ask to sign up.
_PITCH_WORDS: Final = re.compile(
    r"(?i)e-?mail|correo|courriel|inbox|postfach|posteingang|abonn|suscr|subscri|inscri"
    r"|melden sie sich|anmelden"
)
_PITCH_LABEL_MAX: Final = 60
_PITCH_LINE_MAX: Final = 250
_PITCH_BOX: Final = 600


def _pitch_box_end(blocks: list[_Block], at: int) -> int:
    """Where a newsletter's offer ends whose label is the line at `at`: the label and the
    short lines after it in one small box, one of them about e-mail or signing up. `at`
    when that line is no such label."""
    block = blocks[at]
    text = block.text
    if (
        len(text) > _PITCH_LABEL_MAX
        or "newsletter" not in text.lower()
        or _SENTENCE_END.search(text) is not None
        or _SECTION_NUMBER.match(text) is not None  # (a document's section, "3. Newsletter")
        or at + 1 >= len(blocks)
    ):
        return at
    box = _labelled_box(blocks, at, _PITCH_BOX)
    if box is None:
        return at
    j = at + 1
    pitched = False
    while j < len(blocks) and _sits_in(blocks[j].owner, box):
        if len(blocks[j].text) > _PITCH_LINE_MAX:
            return at
        pitched = pitched or _PITCH_WORDS.search(blocks[j].text) is not None
        j += 1
    return j if pitched else at


# The label of a box about the text's author, below it ("About the author", "Über den
# Autor", "Sobre el autor"), in the page's language.
_AUTHOR_LABEL: Final = re.compile(
    r"(?i)^(?:about the authors?|the authors?|authors?|written by|über (?:den|die) autor(?:in)?"
    r"|zu[rm]? autor(?:in)?|autor(?:in|en)?|die autorin|der autor|sobre (?:el|la) autora?"
    r"|(?:à propos de )?l'auteur|l’auteur|(?:o )?autorze|(?:sull')?autore|over de auteur)"
    r"\s*:?$"
)
_AUTHOR_LABEL_MAX: Final = 30
# A box about an author holds a name, a picture's caption, a few lines of biography.
_AUTHOR_BOX: Final = 800


def _author_box_end(blocks: list[_Block], at: int) -> int:
    """Where the box about the author ends whose label is the line at `at`: the label and
    the lines after it in one small box, whatever its classes (hashed ones name nothing).
    `at` when that line is no such label."""
    block = blocks[at]
    if len(block.text) > _AUTHOR_LABEL_MAX or not _AUTHOR_LABEL.match(block.text):
        return at
    box = _labelled_box(blocks, at, _AUTHOR_BOX) if at + 1 < len(blocks) else None
    if box is None:
        return at
    return _end_of(blocks, at + 1, box)


def _labelled_box(blocks: list[_Block], at: int, most: int) -> _El | None:
    """The small box (at most `most` characters of text) that holds the label at `at` and
    the line after it: the label's parent, or one or two levels above it. None where
    there is no such box."""
    box = blocks[at].owner.parent
    after = blocks[at + 1].owner
    for _ in range(2):
        if box is None or _sits_in(after, box):
            break
        box = box.parent
    if box is None or box.text_len > most or not _sits_in(after, box):
        return None
    return box


def _describes_teaser(blocks: list[_Block], at: int, label: int) -> bool:
    """Whether the line at `at` is a teaser's description: a sentence right after a
    headline that links to its story (a news list's items, "Weitere Nachrichten": a linked
    headline, a line of summary, a date), below the box's label at `label`."""
    if at - 1 <= label:
        return False
    headline = blocks[at - 1]
    return headline.link_len * 2 > len(headline.text) and not _is_sentence(headline.text)


def _linked_teasers_after(blocks: list[_Block], start: int, label: _El) -> int:
    """Where the teasers end that follow a related label standing alone in its element
    (`label`), as block editors write "Veja também:" or "Lesen Sie auch:" as a paragraph
    block of its own and the links as the next block, a list: the lines from `start` that
    are links and no sentences (or a teaser's description, as a CMS's news list gives each
    linked headline a line of summary), all in the one element after the label's, which
    holds no more than a box of teasers. `start` when there are none."""
    if start >= len(blocks):
        return start
    # (the element beside the label's that holds the first line after it)
    beside: _El | None = blocks[start].owner
    for _ in range(_RELATED_DEPTH):
        if beside is None or beside.parent is label.parent:
            break
        beside = beside.parent
    if beside is None or beside.parent is not label.parent or beside.text_len > _RELATED_BOX:
        return start
    j = start
    while (
        j < len(blocks)
        and _sits_in(blocks[j].owner, beside)
        and (
            (blocks[j].link_len * 2 > len(blocks[j].text) and not _is_sentence(blocks[j].text))
            or _describes_teaser(blocks, j, start - 1)
        )
    ):
        j += 1
    return j if j == len(blocks) or not _sits_in(blocks[j].owner, beside) else start


def _end_of(blocks: list[_Block], start: int, box: _El) -> int:
    """The index of the first line from `start` on that does not sit in `box`."""
    j = start
    while j < len(blocks) and _sits_in(blocks[j].owner, box):
        j += 1
    return j


def _sits_in(el: _El, box: _El) -> bool:
    up: _El | None = el
    for _ in range(_RELATED_DEPTH):
        if up is None:
            return False
        if up is box:
            return True
        up = up.parent
    return False


# A note's label before its text ("Update: the vote was postponed").
_NOTE_LABEL: Final = re.compile(r"\S: \S")


def _is_label(text: str) -> bool:
    """Whether a heading's text labels what follows it: no sentence (an editor's note set
    as a heading ends as one) and no note after a label ("Update: ...")."""
    return _SENTENCE_END.search(text) is None and _NOTE_LABEL.search(text) is None


def _clean(blocks: list[_Block], title: str, site_name: str | None, walked: int) -> list[str]:
    """The body's lines from its blocks, `walked` being how many blocks the walk met."""
    drop = {normalize_text(title).casefold()} if title else set()
    if site_name:
        drop.add(normalize_text(site_name).casefold())
    # (case folding never shortens a text: one longer than all of them is none of them)
    longest = max(map(len, drop), default=-1)
    out: list[str] = []
    heading: list[bool] = []  # (whether each line of `out` is a heading)
    ranks: list[int] = []  # (each heading's rank, 2 for an <h2>; 0 for a line of text)
    indices: list[int] = []  # (each line's block's index among the walk's blocks)
    headed = 0  # (how many of the last lines are headings)
    last = -1  # (the index of the last line's block)
    for b in _without_related_boxes(blocks):
        n = len(b.text)
        # (a line that is mostly a link is another page's teaser or a "read more" prompt;
        # an item of a list inside the article is the article's, link or not: its
        # resources, its key points, its sources; so is a cell of a table of data whose row
        # says more than its links: the row's name, linked to the item it names)
        if (
            b.link_len * 2 > n
            and (n < 200 or b.link_len * 10 > n * 9)
            and b.owner.tag != "li"
            and not _in_data_row(b.owner)
            and not (n <= _WEB_ADDRESS_LINE and _WEB_ADDRESS.match(b.text))
            and not _is_linked_sentence(b)
        ):
            continue
        text = normalize_text(b.text, single_spaced=True)  # (blocks are)
        if not text:
            continue
        n = len(text)
        if (n <= longest and text.casefold() in drop) or (
            n <= 120 and _is_chrome_line(text) and not _is_schedule_entry(b.owner, text)
        ):
            continue
        out.append(text)
        heading.append(b.owner.tag in _HEADINGS)
        ranks.append(int(b.owner.tag[1]) if heading[-1] else 0)
        indices.append(b.index)
        headed = headed + 1 if heading[-1] and _is_label(text) else 0
        last = b.index
    # Headings after the text's last line, above what the reading left out, head nothing
    # of the text: the teasers, quotes or logos they headed were chrome ("Latest news",
    # "Our sponsors" below a page builder's page). (headings that end the page are kept,
    # and so is a note set as a heading: see `_is_label`)
    if headed < len(out) and last + 1 < walked:
        kept = len(out) - headed
        del out[kept:], heading[kept:], ranks[kept:], indices[kept:]
    # So does a heading between the text's sections whose whole section the reading left
    # out: the next line is a heading of its rank or above, and lines were left out between
    # them ("What our patients say" above a widget of testimonials).
    empty = [
        i
        for i in range(len(out) - 1)
        if heading[i]
        and heading[i + 1]
        and ranks[i + 1] <= ranks[i]
        and indices[i + 1] > indices[i] + 1
        and _is_label(out[i])
    ]
    for i in reversed(empty):
        del out[i], heading[i], ranks[i], indices[i]
    # (a call to follow the site closes the text: only the last lines are read for one; a
    # site's notes open or close it, before its contact box or after its headings)
    tail = len(out) - _FOLLOW_TAIL
    notes = len(out) - _NOTE_LINES
    keep = [
        (i < tail or not _asks_to_follow(line))
        and ((_NOTE_LINES <= i < notes) or not _is_site_note(line))
        for i, line in enumerate(out)
    ]
    if all(keep):
        return out
    # A heading right above such a call or note headed it alone ("Gefällt Ihnen der
    # Newsletter?" above its ask to pass it on) where no text of its own follows them.
    n = len(out)
    i = 0
    while i < n:
        if keep[i]:
            i += 1
            continue
        end = i
        while end < n and not keep[end]:
            end += 1
        if end == n or heading[end]:
            j = i - 1
            while j >= 0 and keep[j] and heading[j]:
                keep[j] = False
                j -= 1
        i = end
    return [line for line, kept in zip(out, keep, strict=True) if kept]


# ---------------------------------------------------------------------------------------
# Entry point


def extract(
    html: str | bytes, *, url: str | None = None, options: ExtractOptions | None = None
) -> Article:
    """The article on a page: title, body paragraphs, view count and metadata.

    Input that holds no article (or no HTML at all) gives an empty Article. Any exception
    is a bug, and is left to the caller to record (see `tracker.analysis.extract_page`):
    swallowing it here would report a crash as a page without an article.
    """
    return _extract(html, url, options or ExtractOptions())


def _select_nodes(
    tree: LexborHTMLParser, selectors: tuple[str, ...] | list[str]
) -> list[LexborNode]:
    nodes: list[LexborNode] = []
    for selector in selectors:
        if not selector or not selector.strip():
            continue
        with contextlib.suppress(Exception):  # an invalid selector matches nothing
            nodes.extend(tree.css(selector))
    return nodes


# The scope holds at least this share of the page's paragraph text; a chrome-ish wrapper
# holding this share of it is a wrapper of the page, not chrome.
_SCOPE_SHARE: Final = 0.6
# How many of the places with the most paragraph points are weighed by their class words.
_CANDIDATES: Final = 8
_WRAPPER_SHARE: Final = 0.75
# The weight of a candidate under an article-like class (and no chrome).
_MAX_WEIGHT: Final = 1.3
# Below this much paragraph text a page is small enough to walk whole.
_SCOPE_MIN_TEXT: Final = 400
# How far above the element holding the most paragraph text the walk starts: room for an
# article split over sibling sections (one level measured best; none loses split articles).
_SCOPE_UP: Final = 1


def _find_scope(
    root: LexborNode, paragraphs: list[LexborNode], breaks: list[LexborNode]
) -> tuple[LexborNode | None, int]:
    """The part of a large page that holds its article, found from paragraph text alone
    (in lexbor: no walk over the page in Python), or None to walk the whole page; and how
    much paragraph text the page holds (which the article's body is measured against).

    The element holding the most paragraph text (readability-style points for each <p>,
    half for its grandparent; text broken by <br> counts for the element holding it) is
    taken a level up; the full analysis then runs on that subtree only."""
    points: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    total = paragraph_text = 0

    # points per parent first (paragraphs share their parents), then up to the grandparents
    by_parent: dict[int, list[Any]] = {}  # parent id -> [parent, points]
    lengths: dict[int, int] = {}
    held: dict[int, int] = {}  # parent id -> text length of its paragraphs
    seen: set[int] = set()
    for br in breaks:
        # text broken by <br> counts for the element holding it
        holder = br.parent
        if holder is None or holder.mem_id in seen:
            continue
        seen.add(holder.mem_id)
        text = holder.text(deep=False)
        n = len(text.strip())
        if n < 100:
            continue
        total += n
        _give_points(
            points, nodes, holder, holder.mem_id, 1.0 + text.count(",") + min(n / 100, 3) * 3
        )
    for p in paragraphs:
        text = p.text(deep=True)
        n = len(text.strip())
        if n < _RUNNING_LINE:
            continue
        lengths[p.mem_id] = n
        total += n
        paragraph_text += n
        value = 1.0 + text.count(",") + min(n / 100, 3)
        parent = p.parent
        if parent is not None:
            parent_id = parent.mem_id
            held[parent_id] = held.get(parent_id, 0) + n
            entry = by_parent.get(parent_id)
            if entry is None:
                by_parent[parent_id] = [parent, value]
            else:
                entry[1] += value
    for key, (parent, value) in by_parent.items():
        _give_points(points, nodes, parent, key, value)
    if paragraph_text < _SCOPE_MIN_TEXT or not points:
        return None, total
    # The best few by points, weighed by the class/id words of the element and everything
    # above it (a comment thread or a consent banner is full of paragraphs too).
    root_id = root.mem_id
    ranked = sorted(points, key=points.__getitem__, reverse=True)[:_CANDIDATES]
    memo: dict[int, tuple[bool, bool]] = {}
    sums = _paragraph_sums(lengths, held, by_parent)
    # (ranked by points, so once a candidate's points at the highest weight cannot beat the
    # best so far, no later one can either)
    best = ranked[0]
    best_weight = best_value = -1.0
    for key in ranked:
        if points[key] * _MAX_WEIGHT < best_value:
            break
        weight = _weight(nodes[key], root_id, paragraph_text, sums, memo)
        if points[key] * weight > best_value:
            best, best_weight, best_value = key, weight, points[key] * weight
    if best_weight < 1.0:
        return None, total  # the most paragraph text sits in page chrome: judge the page whole
    scope = nodes[best]
    for _ in range(_SCOPE_UP):
        parent = scope.parent
        if parent is None or parent.mem_id == root_id or scope.mem_id == root_id:
            break
        scope = parent
    # The scope must hold most of the page's paragraph text (an article split over
    # containers); climb until it does.
    while paragraph_text and sums.get(scope.mem_id, 0) < paragraph_text * _SCOPE_SHARE:
        parent = scope.parent
        if parent is None or parent.mem_id == root_id:
            return None, total
        scope = parent
    if sums.get(scope.mem_id, 0) < paragraph_text * _KIN_SHARE:
        scope = _scope_with_kin(root, scope, paragraphs, lengths, sums)
    scope = _scope_with_sections(scope, root_id, sums)
    scope = _scope_with_facts(scope, root_id)
    scope = _scope_with_question(scope, root_id)
    # a scope under which no blocks live (a detached node) or the root itself: walk it all
    if scope.mem_id == root_id or _context(scope, root_id, set()) is None:
        return None, total
    return scope, total


# How many levels the scope climbs to take in the sections of an article around it.
_SECTIONS_UP: Final = 3
# The share of what such a level adds to the text that must be paragraph text.
_SECTIONS_SHARE: Final = 0.67


def _scope_with_sections(scope: LexborNode, root_id: int, sums: dict[int, int]) -> LexborNode:
    """The scope, widened while the siblings before it hold mostly paragraph text, in
    siblings of the scope's own kind (its tag, a class in common): a page builder writes an
    article's opening and its sections as rows or sections alike (Squarespace, Wix,
    Elementor), a CMS its opening in the body's field and its sections in a field of text
    components (Drupal's paragraphs), and the scope holds the largest of them. (the
    siblings after it are left to the walk: a CMS writes a press release's notes on the
    company as one more text component)"""
    for _ in range(_SECTIONS_UP):
        parent = scope.parent
        if parent is None or parent.mem_id == root_id:
            break
        kind = scope.attributes.get("class")
        added = 0
        preceding: list[LexborNode] = []  # (the siblings before the scope)
        alone = before = True  # (a wrapper of the scope alone; siblings before the scope)
        for sibling in parent.iter(include_text=True, skip_empty=True):
            if sibling.mem_id == scope.mem_id:
                before = False
                continue
            if sibling.tag_id == _TEXT_NODE:
                alone = alone and (sibling.text_content or "").isspace()
                if before:
                    preceding.append(sibling)
                continue
            tag = sibling.tag
            if not tag or tag[0] == "-" or sibling.child is None:
                continue  # (comments; empty elements: a CMS's anchor before each part)
            alone = False
            if before:
                preceding.append(sibling)
                if tag == scope.tag and _kin_classes(sibling.attributes.get("class"), kind):
                    added += sums.get(sibling.mem_id, 0)
        if not alone:
            if added <= 0:
                break
            ahead = sum(len(node.text(deep=True, separator=" ", strip=True)) for node in preceding)
            # (the headline and the headings before the scope are the article's too: a CMS
            # writes the headline as a part of its own, "frame-type-header")
            if added + _heading_text(preceding) < ahead * _SECTIONS_SHARE:
                break
        scope = parent
    return scope


def _heading_text(nodes: list[LexborNode]) -> int:
    """How much text the headings in `nodes` hold (characters, as `_scope_with_sections`
    measures text)."""
    total = 0
    for node in nodes:
        if node.tag_id == _TEXT_NODE:
            continue
        headings = [node] if node.tag in _HEADINGS else node.css(_HEADING_SELECTOR)
        total += sum(len(h.text(deep=True, separator=" ", strip=True)) for h in headings)
    return total


def _kin_classes(one: str | None, other: str | None) -> bool:
    """Whether two elements' classes name them of one kind: the same classes, or a class
    in common (a CMS's fields: the body "field field--name-body", then "field
    field--name-field-paragraphs" with the text's further sections)."""
    if one == other:
        return True
    if not one or not other:
        return False
    return not set(one.split()).isdisjoint(other.split())


def _scope_with_question(scope: LexborNode, root_id: int) -> LexborNode:
    """The scope, widened to the question it sits in (an element typed as one, see
    `_QUESTION_TYPE`): a question-and-answer page's answers hold more paragraph text than
    the question above them, which is the page's subject (see `_asked_in`)."""
    up = scope.parent
    while up is not None and up.mem_id != root_id:
        if _typed_question(up.attributes.get("itemtype")):
            return up
        up = up.parent
    return scope


def _scope_with_facts(scope: LexborNode, root_id: int) -> LexborNode:
    """The scope, widened to the nearest of its few ancestors that holds a list of facts
    beside it (see `_fact_lists`, which judges them in the walk): a shop's specifications
    sit in a tab panel beside the description's, each in wrappers of their own."""
    chain: dict[int, int] = {}  # an ancestor of the scope: how many levels up
    top = scope
    up = scope.parent
    while up is not None and up.mem_id != root_id and len(chain) < _FACTS_UP:
        chain[up.mem_id] = len(chain)
        top = up
        up = up.parent
    if not chain:
        return scope
    nearest = len(chain)
    wider = scope
    scope_id = scope.mem_id
    for node in top.css("table, dl, ul, ol"):
        # (where it sits first, a few parents up: most lists are in the scope already, or
        # too far from it; only the others are read)
        up = node.parent
        level = 1
        while up is not None and level <= _FACTS_DOWN:
            mem_id = up.mem_id
            if mem_id == scope_id:
                break  # (in the scope already)
            at = chain.get(mem_id)
            if at is not None:
                if at < nearest and (_lists_facts(node) or _lists_points_or_items(node)):
                    nearest, wider = at, up
                break
            up = up.parent
            level += 1
    return wider


def _lists_points_or_items(node: LexborNode) -> bool:
    """Whether a list (<ul>, <ol>) whose items link nowhere is the story's key points (a few
    whole sentences: a live blog's "the most important in brief" above its entries, an
    explainer's summary before its sections) or names things in short items (a product's
    or a vehicle's features, what `_item_lists` asks of it in the walk). A list of other
    stories' teasers links to them."""
    if node.tag != "ul" and node.tag != "ol":
        return False
    items: list[str] = []
    size = 0
    for child in node.iter():
        if child.tag != "li":
            continue
        text = child.text(deep=True, separator=" ", strip=True)
        size += len(text)
        if size > _FACTS_TEXT * 2 or child.css_first("a") is not None:
            return False
        items.append(text)
    if len(items) >= _KEY_POINTS and all(map(_is_sentence, items)):
        return True
    return (
        len(items) >= _ITEM_LIST
        and size <= _FACTS_TEXT
        and all(len(text) <= _FACT_ROW for text in items)
    )


# A list of key points holds at least this many sentences.
_KEY_POINTS: Final = 3


def _lists_facts(node: LexborNode) -> bool:
    """Whether a <table>, <dl> or list lists facts by their lexbor tree (what `_facts`
    asks of them in the walk, but for class words and links)."""
    tag = node.tag
    if tag == "dl":
        terms = sum(1 for child in node.iter() if child.tag == "dt")
        return terms >= 2 and len(node.text(deep=True, strip=True)) <= _FACTS_TEXT
    if tag == "ul" or tag == "ol":
        labelled = 0
        for child in node.iter():
            if child.tag != "li":
                continue
            text = child.text(deep=True, separator=" ", strip=True)
            if len(text) > _FACT_ROW or not _LABELLED_ITEM.match(text):
                return False
            labelled += 1
        return labelled >= 2
    pairs = 0
    for row in node.css("tr"):
        if len(row.text(deep=True, strip=True)) > _FACT_ROW:
            return False
        cells = [cell.tag for cell in row.iter() if cell.tag == "td" or cell.tag == "th"]
        if len(cells) == 2:
            pairs += 1
        elif "td" in cells:
            return False  # (a row of data that is no pair; a header row is none)
    return pairs >= 2


# Below this share of the page's paragraph text in the scope, paragraphs of the class the
# scope's paragraphs are written in are looked for outside it (see _kin_paragraphs).
_KIN_SHARE: Final = 0.9
# How far the scope climbs to take them in.
_KIN_UP: Final = 4
# How many of the page's longest paragraphs vote for the scope's paragraph class.
_KIN_SAMPLE: Final = 8


def _scope_with_kin(
    root: LexborNode,
    scope: LexborNode,
    paragraphs: list[LexborNode],
    lengths: dict[int, int],
    sums: dict[int, int],
) -> LexborNode:
    """The scope, widened to take in the rest of an article a CMS split into containers:
    paragraphs outside it of the class (or in containers of the class) most of its longest
    paragraphs' text is written in, when the wider scope gains more of those than of other
    paragraph text."""
    scope_id, root_id = scope.mem_id, root.mem_id
    longest = sorted(
        (p for p in paragraphs if p.tag == "p" and p.mem_id in lengths),
        key=lambda p: lengths[p.mem_id],
        reverse=True,
    )
    votes: dict[str, int] = {}
    for p in longest[:_KIN_SAMPLE]:
        if _below(p, scope_id):
            cls = p.attributes.get("class")
            if cls:
                selector = f'p[class="{cls}"]'
            else:
                parent = p.parent
                cls = parent.attributes.get("class") if parent is not None else None
                selector = f'[class="{cls}"] > p' if cls else ""
            votes[selector] = votes.get(selector, 0) + lengths[p.mem_id]
    selector = max(votes, key=votes.__getitem__) if votes else ""
    if not selector or "\\" in selector or selector.count('"') != 2 or not selector.isprintable():
        return scope
    kin: list[tuple[set[int], int]] = []  # (ancestors, text length) of each outside
    for p in root.css(selector):
        n = lengths.get(p.mem_id, 0)
        if not n:
            continue
        ancestors: set[int] = set()
        up = p.parent
        while up is not None:
            ancestors.add(up.mem_id)
            up = up.parent
        if scope_id not in ancestors:
            kin.append((ancestors, n))
    if not kin:
        return scope
    found = sum(n for _, n in kin)
    inside = sums.get(scope_id, 0)
    wider = scope
    for _ in range(_KIN_UP):
        parent = wider.parent
        if parent is None or parent.mem_id == root_id:
            return scope
        wider = parent
        wider_id = wider.mem_id
        taken = sum(n for ancestors, n in kin if wider_id in ancestors)
        if taken * 5 >= found * 4:
            other = sums.get(wider_id, 0) - inside - taken
            return wider if other <= taken else scope
    return scope


def _give_points(
    points: dict[int, float], nodes: dict[int, LexborNode], node: LexborNode, key: int, value: float
) -> None:
    """`value` points to `node` (whose id is `key`), half of them to its parent."""
    points[key] = points.get(key, 0.0) + value
    nodes[key] = node
    up = node.parent
    if up is not None:
        up_key = up.mem_id
        points[up_key] = points.get(up_key, 0.0) + value / 2
        nodes[up_key] = up


def _paragraph_sums(
    lengths: dict[int, int], held: dict[int, int], by_parent: dict[int, list[Any]]
) -> dict[int, int]:
    """Paragraph text under every element that holds some (by node id), from the lengths
    measured once per page: each parent's share climbs to the top of the tree. Paragraphs
    share their parents and those share their ancestors, so the tree is asked for each
    element's parent once; the rest of every climb follows the links already learnt."""
    sums = dict(lengths)  # a paragraph counts for itself
    up: dict[int, int | None] = {}  # node id -> parent id (None at the top)
    for key, (node, _) in by_parent.items():
        value = held[key]
        current: int | None = key
        while current is not None:
            sums[current] = sums.get(current, 0) + value
            if current in up:
                current = up[current]
                continue
            parent = node.parent
            up[current] = parent_id = parent.mem_id if parent is not None else None
            current, node = parent_id, parent
    return sums


class _Ancestor(NamedTuple):
    """An element above a scope candidate, as its class/id words and tag judge it."""

    mem_id: int
    node: LexborNode
    chrome_like: bool  # chrome by its words or tag, and no article-like word
    never_wrapper: bool  # a footer, aside or navigation, whatever text it holds
    article_like: bool


def _weight(
    node: LexborNode,
    stop: int,
    total: int,
    sums: dict[int, int],
    memo: dict[int, tuple[bool, bool]],
) -> float:
    """How article-like the place of `node` is: low under page chrome, high under an
    article-like class, from the class/id words and tags of `node` and its ancestors.

    A chrome-ish wrapper that holds nearly all of the page's paragraph text (total) is the
    page, not chrome. `memo` keeps (chrome, article-like) per element and everything above
    it: candidates share their ancestors."""
    chain: list[_Ancestor] = []
    chrome = pos = False
    up: LexborNode | None = node
    while up is not None:
        mem_id = up.mem_id
        if mem_id == stop:
            break
        if mem_id in memo:
            chrome, pos = memo[mem_id]
            break
        tag = up.tag or ""
        attrs = up.attributes
        flags = 0
        if attrs:
            hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
            flags = _classify(hint) | _named_by_heading(attrs)
            if attrs.get("itemprop") == "articleBody":
                flags |= _ARTICLE_WORD
        if tag in _ARTICLE_TAGS:
            flags |= _ARTICLE_WORD
        chromish = bool((flags & _CHROME_WORD or tag in _CHROME_TAGS) and not flags & _ARTICLE_WORD)
        # (a footer, an aside or a navigation never wraps the page's article, however much
        # of the page's text it holds: see below)
        never_wrapper = tag in _TEASER_TAGS
        chain.append(_Ancestor(mem_id, up, chromish, never_wrapper, bool(flags & _ARTICLE_WORD)))
        up = up.parent
    # Paragraph text only grows going up: above the first chrome-ish element that holds the
    # wrapper share, every element holds it too, so none of them needs measuring.
    wrapper = False
    found: list[bool] = []
    for _, element, chromish, never_wrapper, _ in chain:
        is_chrome = False
        if chromish and not wrapper:
            if not never_wrapper and sums.get(element.mem_id, 0) >= total * _WRAPPER_SHARE:
                wrapper = True
            else:
                is_chrome = True
        found.append(is_chrome)
    for (mem_id, _, _, _, is_pos), is_chrome in zip(reversed(chain), reversed(found), strict=True):
        chrome = chrome or is_chrome
        pos = pos or is_pos
        memo[mem_id] = (chrome, pos)
    return (0.2 if chrome else 1.0) * (_MAX_WEIGHT if pos else 1.0)


# How far above the article's part its view counter is looked for.
_COUNTER_UP: Final = 2


def _outside_h1s(
    root: LexborNode, scope: LexborNode, h1s: list[LexborNode]
) -> list[tuple[str, bool]]:
    """Headline candidates outside the walked scope: (text, inside an article element)."""
    found: list[tuple[str, bool]] = []
    scope_id = scope.mem_id
    root_id = root.mem_id
    for h1 in h1s:
        if _hides(h1.attributes):
            continue
        where = _context(h1, root_id, set(), inside=scope_id)
        if where is None:
            continue  # inside the scope (the walk has it), invisible or not in the body
        if next(h1.iter(), None) is not None:
            _prune(h1, [])  # (a headline of text alone has nothing to prune)
        text = " ".join(h1.text(deep=True).split())
        if text:
            found.append((text, where[0]))
    return found


# How the page is read: each way trusts fewer of the page's hints than the one before.
_SCOPED: Final = 0  # the article's part only (found by paragraph text), hidden parts left out
_WHOLE: Final = 1  # the whole page, hidden parts left out
# the whole page, only the strong chrome words taken for chrome or teasers (page builders
# name every block of content a "widget"), hidden parts left out
_WHOLE_BY_STRUCTURE: Final = 2
_WHOLE_WITH_HIDDEN: Final = 3  # the whole page, hidden parts read as visible
# the whole page, no class word taken for chrome (only tags: nav, aside, footer), hidden
# parts left out: for a page no other reading finds a sentence in
_WHOLE_BY_TAGS: Final = 4
# A body is implausible when it holds less than 1/_PLAUSIBLE_SHARE of the page's paragraph
# text (and, where _read says, of its running text, list items and <div>s), or less text
# than the page's own description of itself, or when it is small and was chosen inside a
# part that weak words call chrome (the page's words, not its structure, are then in doubt).
_PLAUSIBLE_SHARE: Final = 4
# A body this long is no small block chosen by mistake: the text of the page's list items
# and <div>s is not read to measure it.
_SMALL_BODY: Final = 2500
# Descriptions shorter than this promise nothing (a site's motto, "Home").
_MIN_PROMISE: Final = 80
# A small body is implausible when one element holds this many times its text outside
# paragraphs, two levels down at most (see `_own_text`).
_DENSER: Final = 2
# A short story above comments written in <div>s holds at least 1/_ELSEWHERE_SHARE of the
# page's paragraph text (the comments hold little of it).
_ELSEWHERE_SHARE: Final = 2


def _extract(
    html: str | bytes, url: str | None, options: ExtractOptions, revealed: bool = False
) -> Article:
    if isinstance(html, bytes):
        # (lexbor reads UTF-8 bytes itself, faster than Python decodes them)
        html = page_input(html)
    # (NUL characters need no stripping: lexbor drops them from text, as HTML says)
    if not html or html.isspace():
        return Article()
    # The first reading relies on the page's hints (which part holds the paragraphs, what
    # its class words call chrome, what it hides); when the body it finds is implausible for
    # the page (a comment form's note chosen on a page of thousands of words, nothing at
    # all from a page builder's "widgets", an article inside a wrapper a script would
    # reveal), the page is read again trusting fewer of them, and the first plausible body
    # with more text is taken. When none is plausible the first reading stands (a page of
    # long comments or many teasers around a short article is no reason to take more),
    # unless it found nothing, when the reading with the most text does.
    first = _read(html, url, options, _SCOPED)
    article, body = first.article, first.body_chars
    if first.plausible or options.body_selector:
        return article
    longest, most = article, body
    # (a first reading that walked the whole page is the whole page's reading)
    whole = None if first.scoped else first
    # (the lines that weak words called chrome, once the whole page's reading has found the
    # first body plausible: see _adds_weak_sentences)
    settled: frozenset[str] | None = None
    for way in (_WHOLE, _WHOLE_BY_STRUCTURE, _WHOLE_WITH_HIDDEN):
        # (a whole page's first reading is read again only to climb past a line or two)
        if way == _WHOLE and whole is not None and not whole.stopped_at_lines:
            continue
        # A reading that the whole page's would match element for element (no weak chrome
        # word to ignore, no hidden part to read) finds what it found: not read again.
        if whole is not None and (
            (way == _WHOLE_BY_STRUCTURE and not whole.met_weak_chrome)
            or (way == _WHOLE_WITH_HIDDEN and not whole.met_hidden)
        ):
            continue
        again = _read(html, url, options, way)
        if way == _WHOLE:
            whole = again
            if again.plausible and body and again.article.paragraphs == article.paragraphs:
                settled = again.weak_lines
                if _holds_sentence(article) and not any(map(_is_sentence, settled)):
                    # (no reading that trusts fewer words can be taken over this body, see
                    # _adds_weak_sentences: none is read)
                    return article
        # (a list of other pages is never the article a re-reading finds: the teasers
        # around a short story, once the weak word that called them chrome is ignored)
        if (
            again.plausible
            and not again.listing
            and again.body_chars > body
            and not (first.elsewhere and _extends(again.article, article))
            and (settled is None or _adds_weak_sentences(again.article, article, settled))
        ):
            return again.article
        if (
            way == _WHOLE_BY_STRUCTURE
            and again.plausible
            and body
            and again.article.paragraphs == article.paragraphs
        ):
            # The page read without its weak words finds the first body and calls it
            # plausible: the doubt is settled, as for a body plausible at once.
            return article
        if again.body_chars > most:
            longest, most = again.article, again.body_chars
    found = article if body else longest
    # A page that builds its text with scripts often states it in its structured data: when
    # no reading finds half of it in the markup, the stated text is the article.
    stated = first.stated
    if stated and most * 2 < sum(map(len, stated)):
        return replace(found, paragraphs=stated)
    if not _holds_sentence(found):
        # Not one sentence: the page's words call all of its text chrome (a forum whose
        # every post, the first too, is a "CommentPost"); read by its structure alone.
        again = _read(html, url, options, _WHOLE_BY_TAGS)
        if _holds_sentence(again.article):
            return again.article
        # Nor by its structure: a page whose application writes everything with scripts
        # may hold its text for readers without them in <noscript> (a forum served to a
        # browser: the topic as its crawler view inside the script's shell).
        page = None if revealed else _noscript_page(html)
        if page is not None:
            again_article = _extract(page, url, options, revealed=True)
            if _holds_sentence(again_article):
                return again_article
    return found


# Below this much text, a <noscript> holds a notice ("please enable JavaScript") or an
# image, not the page's text.
_NOSCRIPT_TEXT: Final = 500
_NOSCRIPT_TAG: Final = re.compile(r"(?i)<noscript")
_NOSCRIPT_BYTES: Final = re.compile(rb"(?i)<noscript")


def _noscript_page(html: str | bytes) -> str | None:
    """The page as a reader without scripts sees it, when its <noscript> parts hold text:
    their markup as the body, under the page's own head (its title and metadata)."""
    if isinstance(html, bytes):
        if _NOSCRIPT_BYTES.search(html) is None:
            return None
    elif _NOSCRIPT_TAG.search(html) is None:
        return None
    tree = LexborHTMLParser(html, options=LexborDocumentOptions.WO_EVENTS)
    parts = [
        node.inner_html or ""
        for node in tree.css("body noscript")
        if len(node.text(deep=True, strip=True)) >= _NOSCRIPT_TEXT
    ]
    if not parts:
        return None
    head = tree.head
    return f"<html>{head.html if head is not None else ''}<body>{''.join(parts)}</body></html>"


# Of what a re-reading adds to a body the whole page's reading found plausible, at least
# this share must be lines that weak words called chrome.
_WEAK_SHARE: Final = 0.75


def _adds_weak_sentences(found: Article, first: Article, weak_lines: frozenset[str]) -> bool:
    """Whether a re-reading that trusts fewer of the page's words adds sentences to a body
    that the whole page's reading with all of them found plausible, and adds them from
    what those words called chrome: a page builder's later sections, all "widgets". Not
    a forum post's author line and buttons (no sentences), nor the replies below it that
    the reading reached by climbing past those lines (no chrome by any word)."""
    known = set(first.paragraphs)
    added = [line for line in found.paragraphs if line not in known]
    weak = sum(len(line) for line in added if line in weak_lines)
    return weak >= sum(map(len, added)) * _WEAK_SHARE and any(
        _is_sentence(line) for line in added if line in weak_lines
    )


def _is_sentence(line: str) -> bool:
    """Whether a line of the body is a sentence: running text's length, a sentence's end."""
    return len(line) >= _RUNNING_LINE and _SENTENCE_END.search(line) is not None


def _holds_sentence(article: Article) -> bool:
    """Whether an article's body holds a line as long as a line of running text."""
    return any(len(line) >= _RUNNING_LINE for line in article.paragraphs)


def _extends(found: Article, first: Article) -> bool:
    """Whether a re-reading's body is the first reading's with more after it (comments
    below a short article), not text found before it (a story above a notice)."""
    if not first.paragraphs or first.paragraphs[0] not in found.paragraphs:
        return False
    before = found.paragraphs[: found.paragraphs.index(first.paragraphs[0])]
    return sum(map(len, before)) * 2 < sum(map(len, first.paragraphs))


class _Reading(NamedTuple):
    """What one way of reading the page found: the article, the length of its body,
    whether that body is plausible for the page and whether it is a list of other pages
    (see `_is_listing`), whether the reading walked only the article's part of the page,
    whether the body is implausible only beside the text of list items and <div>s (the
    article, if it is not the body, is elsewhere), the article text the page's structured
    data states (as paragraphs; empty when it states none), what the walk met (see
    `_Walk.met_hidden`), for the whole page's reading the lines that only weak words call
    chrome (`_weak_lines`), and whether the body's climb stopped at a line or two of text
    (`_Walk.stopped_at_lines`)."""

    article: Article
    body_chars: int
    plausible: bool
    listing: bool
    scoped: bool
    elsewhere: bool
    stated: tuple[str, ...]
    met_hidden: bool
    met_weak_chrome: bool
    weak_lines: frozenset[str]
    stopped_at_lines: bool


def _read(html: str | bytes, url: str | None, options: ExtractOptions, way: int) -> _Reading:
    """The article as one way of reading the page finds it, and what else the choice
    between readings needs (see `_Reading`)."""
    # (without lexbor's mutation callbacks: they serve browser behaviours such as
    # <selectedcontent> mirroring its option, nothing a reader's text depends on)
    tree = LexborHTMLParser(html, options=LexborDocumentOptions.WO_EVENTS)
    root = tree.body
    if root is None:
        return _Reading(
            Article(), 0, True, False, False, False, (), False, False, frozenset(), False
        )

    doc = _scan_document(tree)
    meta, ld = read_meta(doc.metas), read_json_ld(doc.scripts)
    excluded = _select_nodes(tree, options.exclude_selectors)
    body_ids = (
        {node.mem_id for node in _select_nodes(tree, [options.body_selector])}
        if options.body_selector
        else set()
    )
    # A large page is analysed from the part that holds its article; overrides that speak
    # about the whole page (a body selector, a view regex over the page text) walk it all.
    scope, page_text = _find_scope(root, doc.paragraphs, doc.breaks)
    if body_ids or options.views_regex or way != _SCOPED:
        scope = None
    excluded_ids = {node.mem_id for node in excluded}
    outside = _outside_h1s(root, scope, doc.h1s) if scope is not None else []
    author = ld.get("author") or meta_author(meta)
    published = published_date(ld, meta)
    unseen: list[LexborNode] = []
    if author is None:
        _scan_authors(tree, doc)
        # Author items inside what the walk unlinks (which it does not enter) keep their
        # hidden parts until they are pruned themselves; the walk leaves the others as
        # `_prune` would.
        walk_id = (scope or root).mem_id
        unseen = [
            node
            for node in itertools.chain(doc.author_items, doc.author_links)
            if _below(node, walk_id)
        ]
    site_name = meta.get("og:site_name") or meta.get("application-name")
    # The page's titles by its metadata, the site's name taken off.
    raw_titles = [meta.get("og:title"), ld.get("headline"), meta.get("twitter:title")]
    title_node = doc.title
    if title_node is not None:
        doc_title = title_node.text(deep=True)
        if doc_title and doc_title.strip():
            raw_titles.append(doc_title)
    stripped: dict[str, str] = {}  # (the meta titles are often one text, given thrice)
    meta_titles: list[str] = []
    for raw in raw_titles:
        # (a "title" of thousands of characters is some text, not the page's name: every
        # <h1> of the page is looked for in the titles)
        if raw and len(raw) <= _MAX_TITLE:
            if raw not in stripped:
                stripped[raw] = strip_site(raw, site_name)
            meta_titles.append(stripped[raw])
    walk = _walk(
        scope or root,
        excluded,
        body_ids,
        keep_hidden=way == _WHOLE_WITH_HIDDEN,
        chrome_words=way != _WHOLE_BY_STRUCTURE and way != _WHOLE_BY_TAGS,
        subject=_page_subject(meta_titles, doc.h1s) | _page_kind(meta),
        strong_words=way != _WHOLE_BY_TAGS,
    )

    h1s = [b for b in walk.blocks if b.owner.in_h1]
    titles = [t for t in meta_titles if t]
    _unmask_headline_wrappers(walk, h1s, titles)
    walk.climb_past_lines = way != _SCOPED
    chosen = _pick_body(walk)

    # Title: the page's h1 that matches its meta titles, else the cleaned meta title.
    first = chosen[0].index if chosen else len(walk.blocks)
    title = _pick_title(h1s, first, titles, outside)

    paragraphs = _clean(chosen, title, site_name, len(walk.blocks))
    body = sum(map(len, paragraphs))
    # (a thread's replies are no more a measure of its first post than comments are)
    page_text = max(0, page_text - walk.replies_text)
    promised = max(
        len(meta.get("og:description") or ""),
        len(meta.get("description") or ""),
        len(meta.get("twitter:description") or ""),
    )
    stated = stated_body(ld.get("body"))
    elsewhere = denser = False
    if body * _PLAUSIBLE_SHARE < page_text:
        pass  # (implausible by its paragraph text already: no other measure is taken)
    elif scope is None and walk.elements:
        # A page walked whole is measured against all of its running text, not only its
        # paragraphs' (a page that writes its text in <div>s, list items or table cells
        # has few <p>s, and its first body may be one container of several).
        page_text = max(page_text, _running_text_outside_strong_chrome(walk))
    elif body < _SMALL_BODY:
        # Pages that write their text as lists (release notes, documentation, recipes) or
        # in <div>s (CMS editors beside comments and notices in <p>s) hold it outside any
        # <p>: a small body is measured against the text of list items, <div>s, cells and
        # the inline elements a paragraph's text is styled in (_OWN_TEXT_SELECTOR) too.
        # (the walk has left out the hidden ones of the article's part)
        own, densest = _own_text(tree.css(_OWN_TEXT_SELECTOR))
        # Implausible by that text alone, the body is either not the article (which the
        # list items or <div>s elsewhere hold) or a short article above comments written
        # in <div>s: a re-reading that only adds text after it is not taken (_extends).
        # So it is when one element holds far more such text than the body has.
        denser = densest > body * _DENSER
        # (a body that holds less than half of the paragraph text is one part of an article
        # that continues in <p>s, such as a page builder's sections: not that story)
        elsewhere = (denser or page_text > body * _PLAUSIBLE_SHARE - own) and (
            body * _ELSEWHERE_SHARE >= page_text
        )
        page_text += own
    plausible = (
        not (walk.body_in_weak_chrome and body < _SMALL_BODY)
        and not denser
        and body * _PLAUSIBLE_SHARE >= page_text
        and (promised < _MIN_PROMISE or body >= promised)
        and body * 2 >= sum(map(len, stated))
    )

    if scope is None:
        views = _read_views(tree, walk, options)
    else:
        views = _read_page_views(tree, root, scope, walk, excluded_ids, options)

    published_from = "metadata" if published else None
    if published is None:
        published = time_datetime(doc.time)
        published_from = "time" if published else None
    published = iso_date(published)
    if author is None:
        for node in unseen:
            _prune(node, [])
        author = _item_author(doc)
    html_node = tree.root
    language = (html_node.attributes.get("lang") if html_node is not None else None) or (
        meta.get("content-language") or meta.get("og:locale") or meta.get("language")
    )
    canonical = None
    link = doc.canonical
    if link is not None:
        canonical = link.attributes.get("href") or None
    canonical = canonical or meta.get("og:url") or None
    if canonical and url and not re.match(r"^[a-z][a-z0-9+.-]*:", canonical, re.I):
        from urllib.parse import urljoin

        canonical = urljoin(url, canonical)
    updated = _updated_note(walk.blocks)
    weak_lines = _weak_lines(walk) if way == _WHOLE and walk.met_weak_chrome else frozenset()
    walk.release()
    article = Article(
        title=title,
        paragraphs=tuple(paragraphs),
        views=views,
        published=published,
        modified=iso_date(modified_date(ld, meta) or _modified_time(tree, doc)),
        author=normalize_text(author) if author else None,
        language=language.strip() if language and language.strip() else None,
        canonical_url=canonical.strip() if canonical else None,
        site_name=normalize_text(site_name) if site_name else None,
        updated=updated,
        published_from=published_from,
    )
    return _Reading(
        article,
        body,
        plausible,
        way != _SCOPED and _is_listing(chosen),  # (only a re-reading asks)
        scope is not None,
        elsewhere,
        stated,
        walk.met_hidden,
        walk.met_weak_chrome,
        weak_lines,
        walk.stopped_at_lines,
    )


# Elements whose own text (outside paragraphs) a small body is measured against: list
# items, <div>s and table cells, and the inline elements that WYSIWYG editors and old
# layouts wrap a paragraph's text in (`<div><span>...</span></div>`, `<td><font>`) but
# for those inside a paragraph, a link or a heading, whose text is counted elsewhere or
# is no running text.
_OWN_TEXT_SELECTOR: Final = (
    "li, div, td, :is(span, font, b, strong, em, i)"
    ":not(p *, a *, h1 *, h2 *, h3 *, h4 *, h5 *, h6 *, button *, label *)"
)


def _own_text(elements: list[LexborNode]) -> tuple[int, int]:
    """The text elements hold themselves (not in links, paragraphs or other elements inside
    them), counted for the elements that hold a line of running text's length; and the most
    of it that one element holds two levels down at most (a story's <div>s side by side,
    or the <span>s in them)."""
    total = 0
    held: dict[int, int] = {}
    for element in elements:
        n = len(element.text(deep=False).strip())
        if n >= _RUNNING_LINE:
            total += n
            up = element.parent
            for _ in range(2):
                if up is None:
                    break
                key = up.mem_id
                held[key] = held.get(key, 0) + n
                up = up.parent
    return total, max(held.values(), default=0)


def _weak_lines(walk: _Walk) -> frozenset[str]:
    """The lines (as the body writes them) in parts that only weak words call chrome."""
    weak: set[_El] = set()
    for el in walk.elements:  # (parents before children)
        parent = el.parent
        if (parent is not None and parent in weak) or (el.chrome_words and not el.in_strong_chrome):
            weak.add(el)
    return frozenset(
        normalize_text(b.text, single_spaced=True) for b in walk.blocks if b.owner in weak
    )


def _running_text_outside_strong_chrome(walk: _Walk) -> int:
    """The running text of what the walk read, but for the parts that are never the
    article (a comment thread, a sidebar, a footer: strong chrome words or tags)."""
    total = 0
    for el in walk.elements:
        if el.parent is None:
            total += el.running_text
        elif el.in_strong_chrome and not el.parent.in_strong_chrome:
            total -= el.running_text
    return total


# A body is a list of other pages when half of its text or more sits in lines that
# open with a link.
_LISTING_SHARE: Final = 0.5


def _is_listing(chosen: list[_Block]) -> bool:
    """Whether a body is a list of other pages (teasers of other stories, a link
    directory, search results: each line headed by its link) rather than an article, whose
    lines carry a link now and then (release notes: a change, then its bug's link)."""
    text = linked = 0
    for block in chosen:
        text += len(block.text)
        if block.lead_link:
            linked += len(block.text)
    return linked >= text * _LISTING_SHARE > 0


def _read_views(tree: LexborHTMLParser, walk: _Walk, options: ExtractOptions) -> int | None:
    pattern: re.Pattern[str] | None = None
    if options.views_regex:
        try:
            pattern = re.compile(options.views_regex)
        except re.error:
            pattern = None
    if options.views_selector:
        text: str | None = None
        with contextlib.suppress(Exception):
            node = tree.css_first(options.views_selector)
            if node is not None:
                text = " ".join(node.text(separator=" ").split())
        if text is None:
            return None
        if pattern is not None:
            return views_by_regex(pattern, text)
        return parse_views(text, keyword=False) or number_in(text)
    if pattern is not None:
        return views_by_regex(pattern, "\n".join(b.text for b in walk.blocks))
    found = _views_from_counters(_walk_counters(walk))
    if found is None:
        found = _views_from_blocks(walk.blocks)
    return found


def _read_page_views(
    tree: LexborHTMLParser,
    root: LexborNode,
    scope: LexborNode,
    walk: _Walk,
    excluded_ids: set[int],
    options: ExtractOptions,
) -> int | None:
    """The view count of a page analysed from its article's part only: counter elements
    (by their class/id words) around that part, else a "Views: 254" line in the
    article's part. Scanning the whole page's text for such lines costs more than the rest
    of the extraction, and a counter without a class far from the article is rare."""
    if options.views_selector:
        return _read_views(tree, walk, options)
    # The article's counter sits next to it (a meta line above or below the text), not
    # across the page: look a few levels around the article's part.
    region = scope
    for _ in range(_COUNTER_UP):
        parent = region.parent
        if parent is None or region.mem_id == root.mem_id:
            break
        region = parent
    # The walk met the counters inside the article's part (in document order, and they
    # come first); the rest of the region is searched with that part taken out of the tree
    # (the walk is done with it), so lexbor does not search it twice.
    found = _views_from_counters(
        itertools.chain(
            _walk_counters(walk), _page_counters(root, region, excluded_ids, detach=scope)
        )
    )
    if found is None:
        found = _views_from_blocks(walk.blocks)
    return found


# A <time> that says it is the modification time (schema.org's, or the hAtom class WordPress
# themes print next to the publication date).
# (one :is() is one pass of lexbor's matcher; asked for only when the metadata has no date)
_MODIFIED_TIME: Final = 'time:is([itemprop="dateModified"], .updated)[datetime]'

# A visible "Updated ..." note with a date in it. A note with a time alone ("Updated 13:05")
# is how live clocks and "minutes ago" stamps look, which change on every visit.
_UPDATED_NOTE: Final = re.compile(
    r"(?:^|[,;|·•–—(]\s*)((?:last\s+)?(?:updated|modified|aktualisiert|zuletzt aktualisiert"
    r"|mis à jour|actualizado|actualizada|aggiornato|обновлено)\b.{0,80})",
    re.I,
)
_NOTE_DATE: Final = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
_NOTE_MAX: Final = 160
# Substrings of the note's words in lower case: a line without one of them is no note, and
# a substring search is far cheaper than the pattern, which is tried at every character.
_NOTE_WORDS: Final = ("updat", "modif", "aktualis", "mis à jour", "actualiz", "aggiorn", "обновл")


def _modified_time(tree: LexborHTMLParser, doc: _DocNodes) -> str | None:
    """The modification time a <time> states; looked for after the walk, which leaves out
    the hidden ones of the part it walked. (a page with no <time datetime> has none)"""
    if doc.time is None:
        return None
    return time_datetime(tree.css_first(_MODIFIED_TIME))


def _updated_note(blocks: list[_Block]) -> str | None:
    """The first short line the walk met that is (or ends with) an "Updated <date>" note,
    normalised."""
    for block in blocks:
        text = block.text
        if len(text) <= _NOTE_MAX:
            low = text.lower()
            if not any(word in low for word in _NOTE_WORDS):
                continue
            found = _UPDATED_NOTE.search(text)
            if found is not None and _NOTE_DATE.search(found.group(1)):
                return normalize_text(found.group(1))
    return None


def _item_author(doc: _DocNodes) -> str | None:
    # In this order: the name inside the first author item, the author item, a rel=author
    # link.
    items = doc.author_items
    links = doc.author_links
    name: LexborNode | None = None
    for item in items:
        name = item.css_first('[itemprop="name"]')
        if name is not None:
            break
    for pick in (name, items[0] if items else None, links[0] if links else None):
        if pick is not None:
            text = " ".join(pick.text(separator=" ").split())
            if text and len(text) <= 100:
                return text
    return None
