"""The values that flow through the pipeline: what a page's article is, and how text is compared.

Extraction produces an Article; diffing compares two of them. Both agree on one notion of
"the same text" (normalize_text), so whitespace and Unicode-form differences never count as
edits anywhere.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

# Invisible characters that CMSs sprinkle into text (soft hyphens, zero-width spaces, word
# joiners, BOMs): they change the bytes, never what a reader sees.
_INVISIBLE_CHARS = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
# The zero-width non-joiner and joiner are written, not sprinkled: Persian and the Indic
# scripts spell words with them ("می‌نامند" is not "مینامند"), and emoji sequences are
# joined by them. The text keeps them; two texts are compared without them, so a version
# stored without them (as earlier releases stored every text) is the same text.
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"), None)
# Control characters (C0 but whitespace, DEL, C1): no reader sees them as text, and a
# terminal would obey them.
# (the ones Python counts as whitespace, such as NEL, are spacing and stay so)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SPACE = re.compile(r"\s+")
# Whitespace that single-spacing would change: a run of two, or anything but a plain space.
_UNCOLLAPSED = re.compile(r"\s\s|[^\S ]")


def normalize_text(text: str, *, single_spaced: bool = False) -> str:
    """Canonical form of a piece of text: NFC, no invisible or control characters (but the
    joiners: see _JOINERS), single spaces.

    NFC, not NFKC: the text is kept as it was written ("m²", "…", "ﬁ", full-width CJK
    punctuation), since a report quotes it and a reader searches for it; `comparable_text`
    folds those forms where two texts are compared.

    single_spaced: the caller knows that `text` is single-spaced and stripped already (as
    `" ".join(text.split())` leaves it), so its spacing needs looking at again only where
    NFC or dropping invisible characters changed the text.
    """
    # Most text is already canonical (extraction's output is, and it is compared and hashed
    # again and again): each step runs only where a quick search says it changes something.
    # A printable text (str.isprintable: no character of the categories Other or Separator
    # but the ASCII space) holds no control, invisible or other whitespace character, so
    # its spacing is canonical unless it holds two spaces in a row or one at an end.
    changed = False
    printable = text.isprintable()
    if not printable:
        kept = _CONTROLS.sub("", text)
        if len(kept) != len(text):
            text, changed = kept, True
    if not text.isascii():
        # Invisible characters go first: one between a letter and its accent would otherwise
        # keep NFC from composing them, and dropping it afterwards would leave a text that
        # normalises differently a second time.
        # (six substring searches are cheaper than one search for a character class; the
        # characters are format characters, which no printable text holds)
        if not printable:
            for char in _INVISIBLE_CHARS:
                if char in text:
                    text = text.translate(_INVISIBLE)
                    changed = True
                    break
        normal = unicodedata.normalize("NFC", text)  # the text itself when NFC already
        if normal is not text:
            text, changed = normal, True
    if single_spaced and not changed:
        return text
    if printable and not changed:
        if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
            return text
    elif _UNCOLLAPSED.search(text) is None and not text.startswith(" ") and not text.endswith(" "):
        return text
    return _SPACE.sub(" ", text).strip()


def comparable_text(text: str) -> str:
    """`text` as two versions are compared: canonical, with compatibility forms folded (NFKC),
    so that "m2"/"m²", "..."/"…" or full-width/ASCII letters are the same text, and without
    the joiners (see _JOINERS). Versions stored under the NFKC canonical form of earlier
    releases, or without the joiners, compare equal to today's too."""
    text = normalize_text(text)
    if text.isascii():
        return text
    if not text.isprintable() and ("\u200c" in text or "\u200d" in text):
        text = normalize_text(text.translate(_JOINERS))
    folded = unicodedata.normalize("NFKC", text)
    return text if folded is text else normalize_text(folded)


@dataclass(frozen=True)
class ExtractOptions:
    """Per-source overrides of the automatic extraction (all optional).

    body_selector: CSS selector(s) of the article body; when it matches, it replaces the
    automatic body detection. exclude_selectors: CSS selectors removed before anything else.
    views_selector / views_regex: where and how to read the view count.
    """

    body_selector: str | None = None
    exclude_selectors: tuple[str, ...] = ()
    views_selector: str | None = None
    views_regex: str | None = None


@dataclass(frozen=True)
class Article:
    """An article as extracted from one page.

    The dates are as the page states them (ISO 8601 when readable): `published` from its
    metadata, else its first `<time datetime>` (`published_from` says which: "metadata" or
    "time"); `modified` from its metadata or a `<time>` marked as the modification time;
    `updated` is the visible "Updated ..." note of the article, as printed.
    """

    title: str = ""
    paragraphs: tuple[str, ...] = ()
    views: int | None = None
    published: str | None = None
    modified: str | None = None
    author: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    updated: str | None = None
    published_from: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def text_length(self) -> int:
        return sum(len(p) for p in self.paragraphs)

    def content_hash(self) -> str:
        """Hash of what makes a new version: the normalised title and paragraphs only.

        The view count and metadata are deliberately left out: a view change never makes a
        new text version.
        """
        payload = json.dumps(
            [normalize_text(self.title), [normalize_text(p) for p in self.paragraphs]],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_json(self) -> dict[str, Any]:
        # Field by field rather than asdict, which deep-copies every value (a check's hot path).
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        data["paragraphs"] = list(self.paragraphs)
        return data
