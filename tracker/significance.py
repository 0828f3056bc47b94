"""What kind of edit a text change was: a typo fixed, a figure changed, a quote rewritten...

``classify(old, new)`` returns the classes that apply, from a fixed vocabulary
(``SIGNIFICANCE``), in that vocabulary's order. It is a pure, deterministic function of the two
normalised texts, linear-ish in their length, with no dictionary or model behind it: the
classes are about the shape of the edit, which is what a reader deciding "does this matter?"
looks at first.

How it reads an edit:

1. Both texts are normalised (``comparable_text``), so spacing and Unicode forms never count.
2. Each text becomes a sequence of *keys*: words case-folded, numbers reduced to their digits
   and decimal part (``1,500`` / ``1.500`` / ``1 500`` are one key; ``1,5`` and ``1.5`` are
   another). Equal key sequences mean only punctuation, case, spacing or a number's format
   changed: ``punctuation``.
3. Otherwise the texts are cut into sentences and the sentences aligned: a sentence with no
   counterpart is ``sentence_added`` / ``sentence_removed``; a sentence edited is compared word
   by word, and each changed stretch is classed: ``number`` (digits, number words, months),
   ``name`` (a capitalised word that does not merely start its sentence), ``typo`` (one word
   replaced by a close spelling, or words joined or split), ``quote`` (the stretch lies inside
   quotation marks of any of several languages), else ``wording``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from enum import StrEnum
from typing import Final, NamedTuple

from tracker import align
from tracker.article import comparable_text

__all__ = [
    "SIGNIFICANCE",
    "SIGNIFICANCE_MEANINGS",
    "Significance",
    "classify",
    "parse_significance",
    "significance_key",
    "significance_weight",
]


class Significance(StrEnum):
    """The significance classes (values are stored and exported), in their reporting order."""

    TYPO = "typo"
    PUNCTUATION = "punctuation"
    NUMBER = "number"
    NAME = "name"
    QUOTE = "quote"
    SENTENCE_ADDED = "sentence_added"
    SENTENCE_REMOVED = "sentence_removed"
    WORDING = "wording"


SIGNIFICANCE_MEANINGS: Final[dict[str, str]] = {
    "typo": "a word's spelling corrected: small character edits inside words",
    "punctuation": "only punctuation, letter case, spacing or a number's format changed",
    "number": "a number, amount, date or percentage changed",
    "name": "a proper name changed, added or removed",
    "quote": "text inside quotation marks changed",
    "sentence_added": "a whole sentence was added",
    "sentence_removed": "a whole sentence was removed",
    "wording": "any other change of words",
}
SIGNIFICANCE: Final[tuple[str, ...]] = tuple(str(c) for c in Significance)

# How much a class matters to a reader deciding whether to look (the web marks the first three):
# a changed figure, name or quotation first, a typo or a comma last.
_WEIGHT: Final[dict[str, int]] = {
    "number": 4,
    "name": 4,
    "quote": 4,
    "sentence_added": 3,
    "sentence_removed": 3,
    "wording": 2,
    "typo": 1,
    "punctuation": 0,
}

# Words, and numbers with their grouping and decimal separators (1,500.25 / 1.500,25 /
# 1 500 / 1'500 / 12.5%): a number is one token, so a changed format never reads as a changed
# word.
_TOKEN = re.compile(
    r"\d+(?:[.,'\u00a0\u202f ]\d+)*"  # a number with its separators
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # a word, with inner apostrophes (don't, l'État)
)
_NUMBER = re.compile(r"\d")
_SEPARATOR = re.compile(r"[.,'\u00a0\u202f ]")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'»”’)\]]*(?=\s+|$)")

# Number words and calendar words of a few languages: changing "three" to "four", "million"
# to "billion" or "March" to "April" changes a figure or a date, not the wording.
_NUMBER_WORDS_TEXT = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion
    trillions dozen dozens half quarter percent per cent third fourth fifth
    monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow
    january february march april june july august september october november december
    eins zwei drei vier fünf sechs sieben acht neun zehn hundert tausend million millionen
    milliarde milliarden prozent januar februar märz mai juni juli oktober dezember
    deux trois quatre cinq six sept huit neuf dix cent mille millions milliard
    milliards janvier février mars avril juin juillet août septembre octobre novembre
    décembre dos tres cuatro cinco seis siete ocho nueve diez cien mil millón millones
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    один два три четыре пять шесть семь восемь девять десять сто тысяча тысячи тысяч
    миллион миллиона миллионов миллиард миллиарда миллиардов процент процента процентов
"""
_NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())
# Opening -> closing quotation marks: English, German, French, Polish, Nordic, East Asian.
_QUOTES: Final[dict[str, str]] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"',
}
# (any of the opening marks: found by a pattern, not a loop over every character)
_QUOTE_OPENER = re.compile("[" + re.escape("".join(_QUOTES)) + "]")
# How close a replaced word must be to count as its spelling corrected.
_TYPO_MAX_DISTANCE = 2
# How many of the unpaired sentences of a replaced run an old sentence is compared with.
_PAIRING_WINDOW = 20


class _Token(NamedTuple):
    text: str
    start: int
    key: str


def _number_key(text: str) -> str:
    """A number's value as text, whatever its separators: '1,500' = '1.500' = '1 500'."""
    parts = _SEPARATOR.split(text)
    # A last group of other than three digits after a separator is the decimal part.
    if len(parts) > 1 and len(parts[-1]) != 3:
        return "".join(parts[:-1]) + "." + parts[-1]
    return "".join(parts)


def _tokens(text: str) -> list[_Token]:
    """The words and numbers of text (punctuation and spacing are never compared)."""
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        key = _number_key(piece) if piece[0].isdigit() else piece.casefold().replace("’", "'")
        out.append(_Token(piece, match.start(), key))
    return out


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of text, cut after sentence-ending punctuation."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        # "Dr. Smith", "3.5" and initials are not ends: the next sentence starts upper-case.
        following = _NEXT_CHARACTER.match(text, end)
        if following is not None:
            first = following.group(1)
            if not (first.isupper() or first in _QUOTES or not first.isalpha()):
                continue
        piece = text[start:end].strip()
        if piece:
            out.append((start + len(text[start:end]) - len(text[start:end].lstrip()), piece))
        start = end
    piece = text[start:].strip()
    if piece:
        out.append((start + len(text[start:]) - len(text[start:].lstrip()), piece))
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges between matching quotation marks (not nested)."""
    spans: list[tuple[int, int]] = []
    k = 0
    while (opener := _QUOTE_OPENER.search(text, k)) is not None:
        k = opener.start()
        closers = _QUOTES[text[k]]
        end = min((i for i in (text.find(c, k + 1) for c in closers) if i != -1), default=-1)
        if end == -1:
            k += 1
            continue
        spans.append((k, end))
        k = end + 1
    return spans


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment), capped at limit + 1.

    Only the cells within `limit` of the diagonal are worked out (a path through any other
    costs more than the limit), so two long words cost their length, not its square."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    width = 2 * limit + 1
    # Row i holds the distances of a[:i] to b[:j] for j from i - limit to i + limit, the
    # cell of j at j - i + limit; a cell whose j lies outside b counts as over the limit.
    previous2: list[int] = []
    previous = [min(j, over) if j >= 0 else over for j in range(-limit, limit + 1)]
    for i in range(1, len(a) + 1):
        current = [over] * width
        for k in range(width):
            j = i - limit + k
            if j < 0 or j > len(b):
                continue
            if j == 0:
                current[k] = min(i, over)
                continue
            cost = 0 if a[i - 1] == b[j - 1] else 1
            up = previous[k + 1] if k + 1 < width else over
            left = current[k - 1] if k > 0 else over
            value = min(up + 1, left + 1, previous[k] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[k] + 1)
            current[k] = min(value, over)
        if min(current) > limit:
            return over
        previous2, previous = previous, current
    return previous[len(b) - len(a) + limit]


def _is_typo(old: Sequence[str], new: Sequence[str]) -> bool:
    """Words respelled: joined or split ("every day" / "everyday"), or each replaced by a word a
    character or two away (never a number: "1999" -> "1998" or "million" -> "billion" is a
    changed figure)."""
    if not old or not new:
        return False
    if any(_NUMBER.match(w) or w in _NUMBER_WORDS for w in (*old, *new)):
        return False
    if "".join(old) == "".join(new):
        return True
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        limit = min(_TYPO_MAX_DISTANCE, max(1, min(len(a), len(b)) // 3))
        if len(a) < 3 or len(b) < 3 or _distance(a, b, limit) > limit:
            return False
    return True


class _Text:
    """One side of an edit: its tokens, sentence starts and quoted stretches."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.starts = [t.start for t in self.tokens]
        self.quotes = _quote_spans(text)
        self.quote_starts = [a for a, _ in self.quotes]
        # the words the text capitalises where no sentence starts (worked out when asked)
        self._named: set[str] | None = None

    def within(self, start: int, end: int) -> list[_Token]:
        return self.tokens[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def keys(self) -> list[str]:
        return [t.key for t in self.tokens]

    def starts_sentence(self, token: _Token) -> bool:
        # A few characters back are enough to see past opening quotes and dashes (and keep
        # this linear in the text's length).
        start = token.start
        before = self.text[max(0, start - 12) : start].rstrip()
        if not before and start > 12:
            before = self.text[:start].rstrip()
        while (before and before[-1] in _QUOTES) or before.endswith(("(", "—", "-", "–")):
            before = before[:-1].rstrip()
        return not before or before[-1] in ".!?…:;。！？"

    def quoted(self, token: _Token) -> bool:
        # (the spans do not overlap: only the last one opening before the token can hold it)
        k = bisect_left(self.quote_starts, token.start) - 1
        return k >= 0 and token.start < self.quotes[k][1]

    def is_name(self, token: _Token) -> bool:
        word = token.text
        if not word[0].isupper() or _NUMBER.match(word):
            return False
        if not self.starts_sentence(token):
            return True
        # At a sentence start only a word the text also capitalises elsewhere is a name.
        if self._named is None:
            self._named = {
                t.key for t in self.tokens if t.text[:1].isupper() and not self.starts_sentence(t)
            }
        return token.key in self._named


def _stretch_classes(old: _Text, new: _Text, gone: list[_Token], came: list[_Token]) -> set[str]:
    """The classes of one changed stretch of words within an edited sentence."""
    found: set[str] = set()
    if any(old.quoted(t) for t in gone) or any(new.quoted(t) for t in came):
        found.add("quote")
    if _is_typo([t.key for t in gone], [t.key for t in came]):
        found.add("typo")
        return found
    other = False
    for side, tokens in ((old, gone), (new, came)):
        for token in tokens:
            key = token.key
            if _NUMBER.match(key) or key in _NUMBER_WORDS:
                found.add("number")
            elif side.is_name(token):
                found.add("name")
            else:
                other = True
    if other and "quote" not in found:
        # Connecting words around a changed figure or name ("about 40" -> "45") are the same
        # edit; a stretch with words of its own beyond them is rewording too.
        plain = [t for t in gone + came if not _NUMBER.match(t.key)]
        plain = [t for t in plain if t.key not in _NUMBER_WORDS]
        named = [t for t in plain if t.text[:1].isupper()]
        if not ({"number", "name"} & found) or len(plain) - len(named) > 1:
            found.add("wording")
    return found


def _sentence_classes(a: _Text, b: _Text, old: tuple[int, str], new: tuple[int, str]) -> set[str]:
    """Classes of one sentence edited (quotes and sentence starts are read in the whole text:
    a quotation often runs over several sentences)."""
    tokens_a = a.within(old[0], old[0] + len(old[1]))
    tokens_b = b.within(new[0], new[0] + len(new[1]))
    if old[1] == new[1]:
        return set()  # (paired in a run aligned coarsely: the same sentence)
    keys_a, keys_b = [t.key for t in tokens_a], [t.key for t in tokens_b]
    if keys_a == keys_b:
        return {"punctuation"}
    found: set[str] = set()
    for tag, i1, i2, j1, j2 in align.opcodes(keys_a, keys_b):
        if tag != "equal":
            found |= _stretch_classes(a, b, tokens_a[i1:i2], tokens_b[j1:j2])
    return found


def _similar(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return 2.0 * align.matched(a, b) / (len(a) + len(b))


def classify(old: str, new: str) -> list[str]:
    """The significance classes of the change from ``old`` to ``new`` (empty when none)."""
    old, new = comparable_text(old), comparable_text(new)
    if old == new:
        return []
    whole_old, whole_new = _Text(old), _Text(new)
    if whole_old.keys() == whole_new.keys():
        return ["punctuation"]
    found: set[str] = set()
    olds, news = _sentences(old), _sentences(new)
    keys_old = [tuple(t.key for t in whole_old.within(at, at + len(s))) for at, s in olds]
    keys_new = [tuple(t.key for t in whole_new.within(at, at + len(s))) for at, s in news]
    for tag, i1, i2, j1, j2 in align.opcodes(keys_old, keys_new):
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if olds[i][1] != news[j][1]:
                    found.add("punctuation")
            continue
        # Within a replaced run, sentences are paired in order with the most similar partner
        # among the next few unpaired (a long run is no quadratic search); a sentence with no
        # partner at half similarity stands alone (added or removed).
        free_new = list(range(j1, j2))
        for i in range(i1, i2):
            best, best_j = 0.0, -1
            for j in free_new[:_PAIRING_WINDOW]:
                score = _similar(list(keys_old[i]), list(keys_new[j]))
                if score > best:
                    best, best_j = score, j
            if best >= 0.5:
                # Sentences before the partner were skipped over: they are new.
                if free_new.index(best_j) > 0:
                    found.add("sentence_added")
                free_new = free_new[free_new.index(best_j) + 1 :]
                found |= _sentence_classes(whole_old, whole_new, olds[i], news[best_j])
            else:
                found.add("sentence_removed")
        if free_new:
            found.add("sentence_added")
    return [name for name in SIGNIFICANCE if name in found]


def parse_significance(values: Sequence[str]) -> frozenset[str] | None:
    """'number,name' (repeatable) -> classes; None when nothing was asked. ValueError names
    an unknown class."""
    classes: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in SIGNIFICANCE_MEANINGS:
                raise ValueError(f"unknown significance {part!r}: one of {', '.join(SIGNIFICANCE)}")
            classes.add(part)
    return frozenset(classes) or None


def significance_key(detail: dict[str, object]) -> str | None:
    """A change's classes as stored for searching: ",number,quote," (None without any)."""
    classes = detail.get("significance")
    if not isinstance(classes, list) or not classes:
        return None
    return "," + ",".join(str(c) for c in classes) + ","


def significance_weight(detail: dict[str, object]) -> int:
    """How much an edit matters by its weightiest class (0 without any), for ordering."""
    classes = detail.get("significance")
    if not isinstance(classes, list):
        return 0
    return max((_WEIGHT.get(str(c), 0) for c in classes), default=0)
