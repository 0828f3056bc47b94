"""A view count as pages write it: "Views: 1,254", "1.2K views", "Просмотров: 254",
"Zugriffe: 1.234", an eye and a number. Pure functions over text; `tracker.extract` finds
the elements and lines to read (counters by their class words, short lines near the
article), this module reads the number in them."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["number_in", "parse_views", "views_by_regex"]

_NUM: Final = (
    r"(\d{1,3}(?:[ ,.\u00a0\u202f\u2009'’]\d{3})+|\d+(?:[.,]\d+)?)"
    # (a multiplier is a word of its own: the "M" of "1.254 Menschen" is no million)
    r"\s*([kKmM](?!\w)|тыс\.?|млн\.?|mil(?!\w)|Tsd\.?)?"
)
_VIEW_WORDS: Final = (
    # (words that end other words are no count when they do: "Page last reviewed: 14 May",
    # "Previews: 3", "Threads: 1,234", "interviewed 20", "Entrevistas: 3", "Revues: 2";
    # German compounds are: "Seitenaufrufe: 1.234")
    r"(?<![^\W\d_])(?:views?|viewed|reads|hits|visits|visite|visitas|vistas|vues|visto)"
    r"|pageviews|aufrufe|gelesen|ansichten|zugriffe|affichages|просмотр\w*"
    r"|прочтени\w*|lecturas|leído|lectures|visualiza\w*|letture"
    r"|visualizzazioni|wyświetle\w*|odsłon\w*|переглядів|перегляд\w*|görüntülenme|okunma"
    r"|baxış\w*|weergaven|bekeken|次|조회수?|閲覧数?|浏览"
    # an eye, as many sites print it instead of an icon element (emoji or text style)
    r"|\U0001f441\ufe0f?|\U0001f440"
)
# Lower-case stems of the view words: no pattern can match a text without one of them.
_VIEW_STEMS: Final = (
    "view", "read", "hit", "visit", "aufrufe", "gelesen", "ansicht", "zugriffe", "affichages",
    "просмотр", "прочтени",
    "vista", "lectur", "leído", "vues", "visualiz", "visto", "letture", "wyświetle", "odsłon",
    "перегляд", "görüntülenme", "okunma", "bax", "weergaven", "bekeken", "veces", "次", "조회",
    "閲覧", "浏览", "\U0001f441", "\U0001f440",
)  # fmt: skip
_VIEW_STEM: Final = re.compile("|".join(map(re.escape, _VIEW_STEMS)))
_VIEWS_AFTER: Final = re.compile(rf"(?:{_VIEW_WORDS})\s*[:：-]?\s*{_NUM}", re.I)
_VIEWS_BEFORE: Final = re.compile(rf"{_NUM}\s*(?:times\s+)?(?:{_VIEW_WORDS}|veces)\b", re.I)
_BARE_NUM: Final = re.compile(rf"^\s*{_NUM}\s*$")
_FIRST_NUM: Final = re.compile(_NUM)
_DIGIT: Final = re.compile(r"\d")


def _to_int(number: str, suffix: str | None) -> int | None:
    number = number.strip()
    mult = 1
    if suffix:
        s = suffix.lower().rstrip(".")
        mult = 1_000_000 if s in ("m", "млн") else 1000
    groups = re.split(r"[ ,.\u00a0\u202f\u2009'’]", number)
    try:
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and mult == 1:
            return int("".join(groups))
        if len(groups) == 2:  # a decimal: "1.2K", "1,5 тыс."
            return round(float(f"{groups[0]}.{groups[1]}") * mult)
        return int("".join(groups)) * mult
    except ValueError:
        return None


def parse_views(text: str, *, keyword: bool = True) -> int | None:
    """The view count written in `text` ("Views: 1,254", "1.2K views", "Просмотров: 254").

    With keyword=False a bare number ("254") is accepted too.
    """
    if not _DIGIT.search(text):
        return None  # every pattern needs a digit; this check is much cheaper than they are
    text = text.replace("\u00a0", " ")
    if _VIEW_STEM.search(text.lower()):  # cheaper than the patterns, too
        for pattern in (_VIEWS_AFTER, _VIEWS_BEFORE):
            m = pattern.search(text)
            if m:
                return _to_int(m.group(1), m.group(2))
    if not keyword:
        m = _BARE_NUM.match(text)
        if m:
            return _to_int(m.group(1), m.group(2))
    return None


def number_in(text: str) -> int | None:
    """The first number in `text`, whatever words are around it (a counter named by the
    page's owner: `--views-selector`)."""
    m = _FIRST_NUM.search(text.replace("\u00a0", " "))
    return _to_int(m.group(1), m.group(2)) if m else None


def views_by_regex(pattern: re.Pattern[str], text: str) -> int | None:
    """The count `pattern` (the owner's `--views-regex`) finds in `text`: its first group's
    number, or its whole match's."""
    m = pattern.search(text)
    if m is None:
        return None
    value = m.group(1) if m.groups() and m.group(1) is not None else m.group(0)
    return parse_views(value, keyword=False) or number_in(value)
