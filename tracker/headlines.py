"""Rotating headlines: a newsroom testing two or three headlines is one story, not a flag every
few minutes.

Pure: the caller reads the page's earlier headlines and its current rotation episode (if any)
from the database and hands them in.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.article import comparable_text
from tracker.diff import Change, ChangeKind

__all__ = ["HISTORY_DEPTH", "fold_rotation"]

# How many earlier versions' headlines are looked at: a rotation cycles within hours, and a
# headline that comes back after this many versions is an ordinary change of headline.
HISTORY_DEPTH = 50


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fold_rotation(
    changes: Sequence[Change], earlier: Sequence[str], episode: Sequence[str] | None
) -> list[Change]:
    """The changes with a headline rotation recognised.

    earlier: the headlines of the page's earlier versions, oldest first (the last one is the
    headline being replaced). episode: the headlines in play of the page's last rotation, when
    no other headline change came after it.

    A headline that returns to one the page showed before starts an episode: one
    ``headline_rotation`` listing the headlines shown since it was last up. While the headline
    moves among those, nothing more is flagged; a headline never seen before is a
    ``title_changed`` again, and ends the episode.
    """
    title = next((c for c in changes if c.kind is ChangeKind.TITLE_CHANGED), None)
    if title is None:
        return list(changes)
    old = comparable_text(str(title.detail.get("old", "")))
    new = comparable_text(str(title.detail.get("new", "")))
    shown = [comparable_text(t) for t in earlier]
    rest = [c for c in changes if c is not title]
    if episode is not None and old in episode and new in episode:
        return rest  # the same rotation going on
    if new not in shown[:-1]:
        return list(changes)
    since = len(shown) - 1 - shown[::-1].index(new)
    in_play: list[str] = []
    for headline in [*shown[since:], new]:
        if headline and headline not in in_play:
            in_play.append(headline)
    quoted = " / ".join(f'"{_clip(h)}"' for h in in_play)
    rotation = Change(
        ChangeKind.HEADLINE_ROTATION,
        f"Headlines rotating ({len(in_play)} in play): {quoted}",
        {"headlines": in_play, "old": old, "new": new},
    )
    return [rotation, *rest]
