"""Line up two versions of an article for the diff viewer, paragraph by paragraph.

The flags come from `diff_articles` (the same function that raised them at check time); this
module only places them: every paragraph of the new version in order, each removed paragraph
right after the unchanged paragraph that preceded it, moved and duplicated paragraphs marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker import align
from tracker.article import comparable_text
from tracker.diff import Change, ChangeKind, diff_articles
from tracker.models import Version
from tracker.report import ops_of
from tracker.store import article_of

Ops = list[tuple[str, str]]


@dataclass
class Row:
    """One paragraph position: what the old and the new version have there."""

    kind: str  # same, edited, added, removed, moved, moved_away (where a moved one used to be),
    # split (one of the parts a paragraph became), merged (the paragraph parts became)
    old_index: int | None = None
    new_index: int | None = None
    old_text: str | None = None
    new_text: str | None = None
    ops: Ops = field(default_factory=list)
    moved_from: int | None = None  # an edited or moved paragraph's old position
    moved_to: int | None = None  # where a paragraph that was here went (kind "moved_away")
    duplicate: tuple[int, int] | None = None  # (this copy, number of copies)
    part: tuple[int, int] | None = None  # a split's (this part, number of parts)
    regrouped: list[int] = field(default_factory=list)  # old positions split or merged here


@dataclass
class DiffView:
    old: Version | None
    new: Version
    changes: list[Change]
    rows: list[Row]
    title_ops: Ops | None
    old_views: int | None
    new_views: int | None

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for change in self.changes:
            out[str(change.kind)] = out.get(str(change.kind), 0) + 1
        return out


def _index(detail: dict[str, Any], key: str) -> int | None:
    value = detail.get(key)
    return value if isinstance(value, int) else None


def build_rows(old: Sequence[str], new: Sequence[str], changes: Sequence[Change]) -> list[Row]:
    edited: dict[int, Row] = {}
    moved: dict[int, int] = {}
    added: set[int] = set()
    removed: set[int] = set()
    regrouped: dict[int, Row] = {}  # new index -> its split or merge row
    # Every text printed more than once is marked, flagged now or already duplicated before.
    copies: dict[str, list[int]] = {}
    for n, text in enumerate(new):
        if key := comparable_text(text):
            copies.setdefault(key, []).append(n)
    duplicate = {
        n: (k, len(at)) for at in copies.values() if len(at) > 1 for k, n in enumerate(at, 1)
    }
    for change in changes:
        d = change.detail
        if change.kind is ChangeKind.PARAGRAPH_EDITED:
            oi, ni = _index(d, "old_index"), _index(d, "new_index")
            if oi is not None and ni is not None:
                edited[ni] = Row(
                    "edited",
                    oi,
                    ni,
                    old[oi] if oi < len(old) else d.get("old"),
                    new[ni] if ni < len(new) else d.get("new"),
                    ops_of(d),
                    moved_from=oi if d.get("moved") else None,
                )
        elif change.kind is ChangeKind.PARAGRAPH_MOVED:
            oi, ni = _index(d, "old_index"), _index(d, "new_index")
            if oi is not None and ni is not None:
                moved[ni] = oi
        elif change.kind in (ChangeKind.PARAGRAPH_SPLIT, ChangeKind.PARAGRAPH_MERGED):
            olds = [i for i in d.get("old_indexes") or [] if isinstance(i, int) and i < len(old)]
            news = [i for i in d.get("new_indexes") or [] if isinstance(i, int) and i < len(new)]
            if not olds or not news:
                continue
            # A split: the old paragraph beside its first part, the other parts below it. A
            # merge: the old parts together beside the paragraph they became.
            joined = "\n\n".join(old[o] for o in olds)
            for k, n in enumerate(news):
                regrouped[n] = Row(
                    "split" if change.kind is ChangeKind.PARAGRAPH_SPLIT else "merged",
                    olds[0] if k == 0 else None,
                    n,
                    joined if k == 0 else None,
                    new[n],
                    part=(k + 1, len(news)) if len(news) > 1 else None,
                    regrouped=olds,
                )
        elif change.kind is ChangeKind.PARAGRAPH_ADDED and (ni := _index(d, "index")) is not None:
            added.add(ni)
        elif change.kind is ChangeKind.PARAGRAPH_REMOVED and (oi := _index(d, "index")) is not None:
            removed.add(oi)

    # What no flag mentions is unchanged: pair those paragraphs up in order.
    busy_old = {r.old_index for r in edited.values()} | set(moved.values()) | removed
    busy_old |= {o for r in regrouped.values() for o in r.regrouped}
    busy_new = set(edited) | set(moved) | added | set(regrouped)
    rest_old = [i for i in range(len(old)) if i not in busy_old]
    rest_new = [i for i in range(len(new)) if i not in busy_new]
    same: dict[int, int] = {}  # new index -> old index
    for block in align.matching_blocks(
        [comparable_text(old[i]) for i in rest_old], [comparable_text(new[i]) for i in rest_new]
    ):
        for k in range(block.size):
            same[rest_new[block.b + k]] = rest_old[block.a + k]
    # Old paragraphs left over (copies merged into a duplicate) are shown as removed too.
    removed |= set(rest_old) - set(same.values())

    # A removal goes right after the last unchanged paragraph before it; so does a marker
    # where a moved paragraph used to be.
    moved_to = {o: n for n, o in moved.items()}
    moved_to.update({r.moved_from: n for n, r in edited.items() if r.moved_from is not None})
    anchors = sorted((o, n) for n, o in same.items())
    after: dict[int, list[int]] = {}
    for o in sorted(removed | set(moved_to)):
        preceding = [n for ao, n in anchors if ao < o]
        after.setdefault(preceding[-1] if preceding else -1, []).append(o)

    def removals(key: int) -> list[Row]:
        return [
            Row("removed", old_index=o, old_text=old[o])
            if o not in moved_to
            else Row(
                "moved_away", old_index=o, new_index=None, old_text=old[o], moved_to=moved_to[o]
            )
            for o in after.get(key, [])
        ]

    rows = removals(-1)
    for n, text in enumerate(new):
        if n in edited:
            row = edited[n]
        elif n in regrouped:
            row = regrouped[n]
        elif n in moved:
            row = Row("moved", moved[n], n, old[moved[n]], text, moved_from=moved[n])
        elif n in added:
            row = Row("added", new_index=n, new_text=text)
        elif n in same:
            row = Row("same", same[n], n, old[same[n]], text)
        else:  # a surplus copy of a duplicated paragraph
            row = Row("same", new_index=n, new_text=text)
        row.duplicate = duplicate.get(n)
        rows.append(row)
        rows.extend(removals(n))
    return rows


def diff_view(old: Version | None, new: Version) -> DiffView:
    """Everything the diff page shows for `old` -> `new` (old=None: the first version)."""
    changes = diff_articles(article_of(old) if old else None, article_of(new))
    title = next((c for c in changes if c.kind is ChangeKind.TITLE_CHANGED), None)
    return DiffView(
        old=old,
        new=new,
        changes=changes,
        rows=build_rows(old.paragraphs if old else [], new.paragraphs, changes)
        if old
        else build_rows(new.paragraphs, new.paragraphs, changes),
        title_ops=ops_of(title.detail) if title else None,
        old_views=(old.meta or {}).get("views") if old else None,
        new_views=(new.meta or {}).get("views"),
    )
