"""What an outlet lists: feeds, sitemaps and section pages read into entries. Pure functions
over bytes; whatever a document does wrong comes back as a `Listing` with a failure code and
one line, never as an exception.

Failure codes (`Listing.failure`):

    not_a_feed      the answer is no RSS, Atom or JSON Feed (an HTML page, say)
    not_a_sitemap   the answer is no sitemap or sitemap index
    malformed       broken XML or JSON with nothing readable in it
    xml_entities    the document declares XML entities or external references: refused
                    unparsed, since that is how entity-expansion bombs work (no feed needs it)
    too_large       a gzipped sitemap that inflates past the size cap
    no_links        a page with no link that looks like an article

Parsers: feedparser for RSS 0.9x/1.0/2.0 and Atom (it knows their dialects, dates and
broken-but-common shapes; it gets bytes from tracker's own fetch, never a URL, so the size
cap and the private-address guard hold), JSON Feed by hand (a dozen fields of plain JSON),
sitemaps with defusedxml's ElementTree (and every XML feed goes through defusedxml first),
which refuses entity declarations instead of expanding them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
import feedparser
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tracker.dates import instant
from tracker.outlets.urls import host_of, normalise, same_site

# A sitemap may list 50,000 URLs (sitemaps.org); more is not a sitemap anyone means.
MAX_ENTRIES = 50_000


class Kind(StrEnum):
    FEED = "feed"
    SITEMAP = "sitemap"
    PAGE = "page"


@dataclass(frozen=True)
class Entry:
    """One listed URL (absolute, not yet normalised) and what the listing says of it."""

    url: str
    published: dt.datetime | None = None
    title: str | None = None


@dataclass(frozen=True)
class Listing:
    kind: Kind
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[Entry, ...] = ()  # the children of a sitemap index
    failure: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def failed(kind: Kind, code: str, message: str) -> Listing:
    return Listing(kind, failure=code, message=" ".join(message.split()))


# --------------------------------------------------------------------------- sniffing

# The first element's name: `<?xml`, `<!DOCTYPE` and `<!ENTITY` do not start with a letter.
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


def _root_name(data: bytes) -> str | None:
    """The local name of the first element of an XML or HTML document."""
    m = _ROOT.search(data[:8192])
    return m.group(2).decode("ascii", "replace").lower() if m else None


def sniff(data: bytes, content_type: str | None = None) -> Kind | None:
    """Which kind of listing a document is, from its first bytes (and its type)."""
    if data.startswith(b"\x1f\x8b"):
        return Kind.SITEMAP  # a gzipped sitemap (.xml.gz); a feed is never sent so
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return Kind.FEED if b"jsonfeed.org" in head else None
    root = _root_name(_skip_comments(head))
    if root in ("rss", "rdf", "feed", "channel"):
        return Kind.FEED
    if root in ("urlset", "sitemapindex"):
        return Kind.SITEMAP
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if root == "html" or media in ("text/html", "application/xhtml+xml"):
        return Kind.PAGE
    return None


def _skip_comments(head: bytes) -> bytes:
    return re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)


# --------------------------------------------------------------------------- XML guard


def _refused_xml(data: bytes) -> str | None:
    """Why an XML document is refused unparsed (entities, external references), or None."""
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        return "the document declares XML entities (an entity-expansion bomb?): refused"
    except defusedxml.ExternalReferenceForbidden:
        return "the document refers to external XML resources: refused"
    except defusedxml.DefusedXmlException as exc:
        return f"refused XML: {exc}"
    except (ParseError, ValueError, RecursionError):
        return None  # broken, but harmless: the lenient parsers may still read it
    return None


# --------------------------------------------------------------------------- feeds


def parse_feed(data: bytes, base: str) -> Listing:
    """The entries of an RSS, Atom or JSON Feed document."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _json_feed(data, base)
    if sniff(data) is Kind.PAGE or _root_name(_skip_comments(head)) == "html":
        return failed(Kind.FEED, "not_a_feed", "the answer is an HTML page, not a feed")
    refused = _refused_xml(data)
    if refused is not None:
        return failed(Kind.FEED, "xml_entities", refused)
    # A stream, never bytes: given bytes that look like a path or a URL, feedparser would
    # open that file or fetch that URL itself.
    parsed: Any = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": base},
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    version = str(parsed.get("version") or "")
    entries: list[Entry] = []
    for item in parsed.get("entries", [])[:MAX_ENTRIES]:
        link = _entry_link(item)
        if link is None:
            continue
        published = _struct_time(item.get("published_parsed") or item.get("updated_parsed"))
        title = item.get("title")
        entries.append(Entry(_absolute(link, base), published, str(title) if title else None))
    if not version and not entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            return failed(Kind.FEED, "malformed", f"malformed feed: {_short(reason)}")
        return failed(Kind.FEED, "not_a_feed", "the answer is not an RSS, Atom or JSON feed")
    return Listing(Kind.FEED, entries=tuple(entries))


def _entry_link(item: Any) -> str | None:
    link = item.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    for candidate in item.get("links", []) or []:
        href = candidate.get("href")
        if href and candidate.get("rel", "alternate") == "alternate":
            return str(href).strip()
    guid = item.get("id")
    if isinstance(guid, str) and guid.startswith(("http://", "https://")):
        return guid
    return None


def _struct_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        return None


def _json_feed(data: bytes, base: str) -> Listing:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        return failed(Kind.FEED, "malformed", f"malformed JSON feed: {_short(exc)}")
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        return failed(
            Kind.FEED, "not_a_feed", "JSON, but not a JSON Feed (no jsonfeed.org version)"
        )
    items = doc.get("items")
    if not isinstance(items, list):
        return failed(Kind.FEED, "malformed", "JSON feed without an items list")
    entries: list[Entry] = []
    for item in items[:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or item.get("id")
        if not isinstance(link, str) or not link.strip():
            continue
        entries.append(
            Entry(
                _absolute(link.strip(), base),
                _date(item.get("date_published") or item.get("date_modified")),
                str(item["title"]) if isinstance(item.get("title"), str) else None,
            )
        )
    return Listing(Kind.FEED, entries=tuple(entries))


# --------------------------------------------------------------------------- sitemaps


def gunzip(data: bytes, limit: int) -> bytes | None:
    """A gzipped document inflated, or None when it inflates past `limit` bytes (a sitemap
    may be 50 MB uncompressed; tracker holds it to the same cap as a page)."""
    inflate = zlib.decompressobj(wbits=31)
    try:
        out = inflate.decompress(data, limit + 1)
    except zlib.error:
        return b""
    return None if len(out) > limit else out


def parse_sitemap(data: bytes, base: str, *, limit: int) -> Listing:
    """The URLs of a sitemap (with their Google News publication dates or lastmod), or the
    child sitemaps of a sitemap index."""
    if data.startswith(b"\x1f\x8b"):
        inflated = gunzip(data, limit)
        if inflated is None:
            return failed(Kind.SITEMAP, "too_large", f"gzipped sitemap inflates past {limit} bytes")
        if not inflated:
            return failed(Kind.SITEMAP, "malformed", "corrupt gzip data")
        data = inflated
    refused = _refused_xml(data)
    if refused is not None:
        return failed(Kind.SITEMAP, "xml_entities", refused)
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        return failed(Kind.SITEMAP, "xml_entities", f"refused XML: {exc}")
    except (ParseError, ValueError, RecursionError) as exc:
        if _root_name(data[:4096]) == "html":
            return failed(
                Kind.SITEMAP, "not_a_sitemap", "the answer is an HTML page, not a sitemap"
            )
        return failed(Kind.SITEMAP, "malformed", f"malformed XML: {_short(exc)}")
    name = _local(root.tag)
    if name == "sitemapindex":
        children = tuple(_sitemap_items(root, "sitemap", base))
        return Listing(Kind.SITEMAP, sitemaps=children)
    if name != "urlset":
        return failed(
            Kind.SITEMAP, "not_a_sitemap", f"the document is <{name[:40]}>, not a sitemap"
        )
    return Listing(Kind.SITEMAP, entries=tuple(_sitemap_items(root, "url", base)))


def _sitemap_items(root: Element, tag: str, base: str) -> Iterator[Entry]:
    for count, item in enumerate(child for child in root if _local(child.tag) == tag):
        if count >= MAX_ENTRIES:
            return
        loc: str | None = None
        lastmod: dt.datetime | None = None
        published: dt.datetime | None = None
        title: str | None = None
        for part in item.iter():
            local = _local(part.tag)
            text = (part.text or "").strip()
            if local == "loc" and loc is None and text:
                loc = text
            elif local == "lastmod":
                lastmod = _date(text)
            elif local == "publication_date":
                published = _date(text)
            elif local == "title" and text:
                title = text
        if loc is not None:
            yield Entry(_absolute(loc, base), published or lastmod, title)


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


# --------------------------------------------------------------------------- pages

# Where navigation lives: links in these are the site's furniture, not its articles.
_CHROME = ("nav", "header", "footer", "aside", "form")
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|header|sidebar|pagination|pager|"
    r"tags?|share|social|cookie|login)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Path segments of pages that list or serve rather than tell.
_NOT_ARTICLE = frozenset(
    {
        "tag", "tags", "category", "categories", "author", "authors", "search", "login",
        "logout", "register", "account", "subscribe", "newsletter", "about", "contact",
        "privacy", "terms", "feed", "rss", "page", "topics", "topic", "section", "sections",
        "wp-admin", "wp-login.php", "cdn-cgi", "static", "assets", "media", "images",
    }
)  # fmt: skip
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml|json|rss)$", re.I)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.IGNORECASE)  # three words or more
_NUMBER_ID = re.compile(r"\d{4,}")
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)")


def looks_like_article(url: str) -> bool:
    """Whether a same-site URL's path has an article's shape: a slug of words, a long
    number (an article id) or a date in the path, and no listing or file segment."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1].partition("/")[2]
    segments = [s for s in path.split("/") if s]
    if not segments or _FILE.search(path):
        return False
    if any(s.lower() in _NOT_ARTICLE for s in segments):
        return False
    last = segments[-1]
    return bool(
        _SLUG.search(last)
        or (_NUMBER_ID.search(last) and len(segments) >= 2)
        or (_DATE_PATH.search("/" + path) and len(segments) >= 4)
    )


def _in_chrome(node: LexborNode) -> bool:
    parent = node.parent
    depth = 0
    while parent is not None and depth < 60:
        if parent.tag in _CHROME:
            return True
        attrs = parent.attributes
        words = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
        if words.strip() and _CHROME_WORDS.search(words):
            return True
        parent = parent.parent
        depth += 1
    return False


def parse_page(
    html: str,
    base: str,
    *,
    match: re.Pattern[str] | None = None,
    exclude: re.Pattern[str] | None = None,
) -> Listing:
    """The links of a section or front page that look like its articles: same site, an
    article's path shape, outside navigation; then `match` and `exclude` on the URL."""
    tree = LexborHTMLParser(html)
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = normalise(base_tag.attributes.get("href") or "", base) or base
    page = normalise(base) or base
    seen: dict[str, Entry] = {}
    for anchor in tree.css("a[href]"):
        href = anchor.attributes.get("href") or ""
        url = normalise(href, base)
        if url is None or url == page or url in seen or not same_site(url, base):
            continue
        if match is not None and not match.search(url):
            continue
        if exclude is not None and exclude.search(url):
            continue
        if match is None and (not looks_like_article(url) or _in_chrome(anchor)):
            continue
        title = " ".join(anchor.text(separator=" ").split())[:300] or None
        seen[url] = Entry(url, None, title)
        if len(seen) >= MAX_ENTRIES:
            break
    if not seen:
        return failed(Kind.PAGE, "no_links", "no link on the page looks like an article")
    return Listing(Kind.PAGE, entries=tuple(seen.values()))


# --------------------------------------------------------------------------- discovery

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


def discover_feeds(html: str, base: str) -> list[str]:
    """The feeds a page announces (`<link rel="alternate" type="application/rss+xml">`...),
    in the page's order, comment feeds last."""
    tree = LexborHTMLParser(html)
    found: list[str] = []
    comments: list[str] = []
    for link in tree.css("link[rel][href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        media = (link.attributes.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rel or media not in _FEED_TYPES:
            continue
        url = normalise(link.attributes.get("href") or "", base)
        if url is None or url in found or url in comments:
            continue
        title = (link.attributes.get("title") or "").lower()
        (comments if "comment" in title or "comment" in url.lower() else found).append(url)
    return found + comments


def robots_sitemaps(text: str, base: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, news sitemaps first."""
    urls: list[str] = []
    for line in text.splitlines()[:10_000]:
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = normalise(value.strip(), base)
            if url is not None and url not in urls:
                urls.append(url)
    return sorted(urls, key=lambda u: "news" not in urlsplit(u).path.lower())


# --------------------------------------------------------------------------- helpers


def _absolute(url: str, base: str) -> str:
    return normalise(url, base) or url


def _date(text: Any) -> dt.datetime | None:
    value = instant(text) if isinstance(text, str) else None
    return value if isinstance(value, dt.datetime) else None


def _short(exc: object) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def off_site(entries: Iterable[Entry], base: str) -> tuple[list[Entry], int]:
    """The entries on the outlet's own site, and how many pointed elsewhere."""
    kept: list[Entry] = []
    dropped = 0
    for entry in entries:
        if same_site(entry.url, base) and host_of(entry.url):
            kept.append(entry)
        else:
            dropped += 1
    return kept, dropped
