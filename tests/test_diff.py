"""Exact flags of tracker.diff: every kind, with counts, on small hand-made article versions."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter

import pytest

from tracker.article import Article
from tracker.diff import (
    EDIT_THRESHOLD,
    Change,
    ChangeKind,
    diff_articles,
    diff_views,
    render_inline,
    similarity,
    word_diff,
)

TITLE = "Council approves transport plan"
P = [
    "The city council approved the new transport plan on Tuesday after a debate that lasted "
    "most of the afternoon.",
    "Under the plan, three tram lines will be extended to the northern districts by the end of "
    "next year.",
    "Opponents argued that the budget had not been tested against rising construction costs.",
    "The mayor said the extension would cut commuting times for about forty thousand residents.",
    "Work on the first section is expected to begin in the spring, pending the final tender.",
    "Residents will be invited to public hearings on the detailed routes in the coming weeks.",
]
NEW_PARA = "A spokesperson for the transport authority declined to comment on the timetable."
OTHER_PARA = "Heavy snowfall closed two mountain passes overnight, stranding dozens of lorries."


def art(paragraphs: list[str] | tuple[str, ...], title: str = TITLE) -> Article:
    return Article(title=title, paragraphs=tuple(paragraphs))


def kinds(changes: list[Change]) -> dict[str, int]:
    return dict(Counter(c.kind.value for c in changes))


def diff(old: list[str], new: list[str]) -> list[Change]:
    return diff_articles(art(old), art(new))


# ---------------------------------------------------------------------------------------------
# The seven steps of the contract check, in order


def contract_versions() -> list[tuple[Article, dict[str, int]]]:
    t, p = TITLE, list(P)
    dup = [*p, p[2]]
    out = [(art(dup, t), {"duplicate_paragraph": 1})]
    p = dup[:]
    p[1] = p[1].replace("three tram lines", "four tram lines")
    out.append((art(p, t), {"paragraph_edited": 1}))
    p.insert(4, NEW_PARA)
    out.append((art(p, t), {"paragraph_added": 1}))
    out.append((art(p, t), {}))  # surroundings only: the article is identical
    p.insert(6, p.pop(0))
    out.append((art(p, t), {"paragraph_moved": 1}))
    t = t + " after long debate"
    out.append((art(p, t), {"title_changed": 1}))
    del p[3]
    out.append((art(p, t), {"paragraph_removed": 1}))
    return out


def test_contract_steps_exact() -> None:
    previous: Article | None = None
    for version, want in contract_versions():
        assert kinds(diff_articles(previous, version)) == want
        previous = version


def test_contract_edit_detail_and_summary() -> None:
    versions = contract_versions()
    (edit,) = diff_articles(versions[0][0], versions[1][0])
    assert edit.kind is ChangeKind.PARAGRAPH_EDITED
    assert edit.summary == (
        'Paragraph 2 edited: "the plan, three tram lines" -> "the plan, four tram lines"'
    )
    d = edit.detail
    assert d["old"] == P[1]
    assert d["new"] == P[1].replace("three", "four")
    assert (d["old_index"], d["new_index"], d["moved"]) == (1, 1, False)
    assert EDIT_THRESHOLD <= d["similarity"] < 1
    assert ["delete", "three"] in d["diff"] and ["insert", "four"] in d["diff"]
    assert "[-three-]{+four+}" in d["inline"]
    json.dumps(d)  # JSON-serialisable


def test_contract_other_details() -> None:
    versions = [v for v, _ in contract_versions()]
    (dup,) = diff_articles(None, versions[0])
    assert dup.detail == {"text": P[2], "count": 2, "previous_count": 0, "indexes": [2, 6]}
    (added,) = diff_articles(versions[1], versions[2])
    assert added.detail == {"text": NEW_PARA, "index": 4}
    assert added.summary.startswith("Paragraph 5 added: ")
    (moved,) = diff_articles(versions[3], versions[4])
    assert moved.detail == {"text": P[0], "old_index": 0, "new_index": 6}
    (title,) = diff_articles(versions[4], versions[5])
    assert title.detail["old"] == TITLE
    assert title.detail["new"] == TITLE + " after long debate"
    assert title.detail["diff"] == [["equal", TITLE], ["insert", " after long debate"]]
    (removed,) = diff_articles(versions[5], versions[6])
    assert removed.detail == {"text": NEW_PARA, "index": 3}
    for change in (dup, added, moved, title, removed):
        json.dumps(change.detail)


# ---------------------------------------------------------------------------------------------
# Not changes


def test_identical_is_nothing() -> None:
    assert diff(P, P) == []


@pytest.mark.parametrize(
    "variant",
    [
        lambda s: "  " + s.replace(" ", "   ") + "\n",
        lambda s: s.replace(" ", "\u00a0"),
        lambda s: s.replace(" the ", " the\u200b "),
        lambda s: s.replace(" ", "\t"),
    ],
    ids=["spaces", "nbsp", "zero-width", "tabs"],
)
def test_whitespace_only_is_nothing(variant: object) -> None:
    assert callable(variant)
    assert diff(P, [variant(p) for p in P]) == []


def test_unicode_form_only_is_nothing() -> None:
    old = ["Café society returns to Zürich", "Ångström units and the naïve reading"]
    nfd = [unicodedata.normalize("NFD", p) for p in old]
    assert nfd != old
    assert diff(old, nfd) == []
    title_nfd = unicodedata.normalize("NFD", "Café")
    assert diff_articles(art(old, "Café"), art(nfd, title_nfd)) == []


def test_compatibility_forms_only_is_nothing_and_changes_quote_the_text_as_written() -> None:
    """Versions stored with compatibility forms folded (as earlier releases stored them) and
    today's text as written are the same article; a real edit still quotes today's text."""
    written = ["Die Wohnung misst 80 m² … und kostet ½ Million", "「東京（とうきょう）」へ行く！"]
    folded = [unicodedata.normalize("NFKC", p) for p in written]
    assert folded != written
    assert diff(folded, written) == []
    assert diff_articles(art(folded, "ﬁnal"), art(written, "final")) == []
    (edit,) = diff(folded, [written[0].replace("80", "90"), written[1]])
    assert edit.detail["new"] == written[0].replace("80", "90")
    (dup,) = diff_articles(None, art([written[1], folded[1]]))
    assert dup.detail["text"] == written[1]


def test_versions_stored_without_the_joiners_are_the_same_text() -> None:
    """Earlier releases dropped the zero-width joiner and non-joiner that Persian and Hindi
    spell with: today's text, which keeps them, is no edit of every such word."""
    written = [
        "یزد را «شهر بادگیرها» می\u200cنامند و این لقب اغراق نیست.",
        "शहर के पुराने हिस्से में क्\u200dषेत्रीय बाज़ार हर सुबह खुलता है।",
    ]
    stored = [p.replace("\u200c", "").replace("\u200d", "") for p in written]
    assert diff_articles(art(stored, "می\u200cنامند"), art(written, "مینامند")) == []
    (edit,) = diff(stored, [written[0].replace("اغراق", "گزاف"), written[1]])
    assert edit.detail["new"] == written[0].replace("اغراق", "گزاف")


def test_empty_paragraphs_are_ignored() -> None:
    assert diff(P, ["", *P[:3], "   ", *P[3:], "\u00a0"]) == []
    changes = diff(P, [P[0], "", P[1], NEW_PARA, *P[2:]])
    (added,) = changes
    assert added.detail["index"] == 3  # position in the article's own paragraphs tuple


# ---------------------------------------------------------------------------------------------
# Baseline


def test_baseline_reports_only_duplicates() -> None:
    assert diff_articles(None, art(P)) == []
    changes = diff_articles(None, art([*P, P[0], P[3], P[0]], title="Anything"))
    assert kinds(changes) == {"duplicate_paragraph": 2}
    first, second = changes
    assert first.detail == {"text": P[0], "count": 3, "previous_count": 0, "indexes": [0, 6, 8]}
    assert second.detail["text"] == P[3]
    assert second.detail["count"] == 2


# ---------------------------------------------------------------------------------------------
# Added / removed / edited


def test_added_removed_counts() -> None:
    assert kinds(diff(P, [NEW_PARA, *P, OTHER_PARA])) == {"paragraph_added": 2}
    assert kinds(diff(P, P[1:-1])) == {"paragraph_removed": 2}
    assert diff(P, []) and kinds(diff(P, [])) == {"paragraph_removed": len(P)}
    assert kinds(diff([], P)) == {"paragraph_added": len(P)}


def test_replaced_by_unrelated_paragraph_is_removed_plus_added() -> None:
    new = [*P[:2], OTHER_PARA, *P[3:]]
    changes = diff(P, new)
    assert kinds(changes) == {"paragraph_removed": 1, "paragraph_added": 1}
    assert [c.kind for c in changes] == [ChangeKind.PARAGRAPH_REMOVED, ChangeKind.PARAGRAPH_ADDED]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (P[3], P[3].replace("forty", "fifty")),  # a number
        (P[3], P[3].replace("The mayor", "Mayor Anna Kovacs")),  # a name
        (P[1], P[1].replace("northern", "southern")),  # one word
        (
            P[0] + " " + P[1] + " " + P[2],
            P[0] + " " + P[1] + " " + P[2] + " " + P[3],
        ),  # a sentence appended
        (P[0] + " " + P[1] + " " + P[2], P[0] + " " + P[2]),  # a sentence removed
        ("Political cooperation", "Political & security cooperation"),  # subheading
        ("Foundations of the strategic partnership", "Foundations of a strategic partnership"),
        (P[0] + " " + P[1] + " " + P[2] + " " + P[3] + " " + P[4], P[1]),  # cut to one sentence
    ],
)
def test_recognisable_edits(old: str, new: str) -> None:
    changes = diff([P[5], old, P[4]], [P[5], new, P[4]])
    assert kinds(changes) == {"paragraph_edited": 1}
    assert changes[0].detail["moved"] is False
    assert similarity(old, new) >= EDIT_THRESHOLD


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (P[0], OTHER_PARA),
        (P[2], P[3]),
        ("Political cooperation", "Cultural heritage"),
        ("Conclusion", "Background"),
        (
            "Cultural & humanitarian cooperation",
            "Political & security cooperation",
        ),
    ],
)
def test_unrelated_replacements(old: str, new: str) -> None:
    changes = diff([P[5], old, P[4]], [P[5], new, P[4]])
    assert kinds(changes) == {"paragraph_removed": 1, "paragraph_added": 1}
    assert similarity(old, new) < EDIT_THRESHOLD


def test_several_edits_pair_in_order() -> None:
    new = list(P)
    new[1] = new[1].replace("three", "four")
    new[2] = new[2].replace("budget", "financing")
    new[3] = new[3].replace("forty", "fifty")
    changes = diff(P, new)
    assert kinds(changes) == {"paragraph_edited": 3}
    assert [(c.detail["old_index"], c.detail["new_index"]) for c in changes] == [
        (1, 1),
        (2, 2),
        (3, 3),
    ]
    assert not any(c.detail["moved"] for c in changes)


def test_edit_plus_neighbouring_insert() -> None:
    new = list(P)
    new[2] = new[2].replace("rising", "soaring")
    new.insert(2, NEW_PARA)
    assert kinds(diff(P, new)) == {"paragraph_added": 1, "paragraph_edited": 1}


def test_split_paragraph_is_one_split() -> None:
    # "A B" split into "A" and "B", every word the same: one split and nothing else.
    old = [P[0], P[1] + " " + P[2], P[3]]
    new = [P[0], P[1], P[2], P[3]]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_split": 1}
    d = changes[0].detail
    assert d["old"] == P[1] + " " + P[2] and d["new"] == [P[1], P[2]]
    assert d["old_indexes"] == [1] and d["new_indexes"] == [1, 2]
    assert d["edited"] is False and "significance" not in d
    assert d["diff"] == [["equal", P[1] + " " + P[2]]]
    assert changes[0].summary.startswith("Paragraph 2 split into paragraphs 2-3: ")


def test_merged_paragraphs_is_one_merge() -> None:
    old = [P[0], P[1], P[2], P[3]]
    new = [P[0], P[1] + " " + P[2], P[3]]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_merged": 1}
    d = changes[0].detail
    assert d["old"] == [P[1], P[2]] and d["new"] == P[1] + " " + P[2]
    assert d["old_indexes"] == [1, 2] and d["new_indexes"] == [1]
    assert changes[0].summary.startswith("Paragraphs 2-3 merged into paragraph 2: ")


# The issue's example: one paragraph split in two and two others merged, every word the same.
ISSUE_OLD = [
    "The council approved the plan after a long debate with the opposition. The vote was close.",
    "Under the plan, three tram lines will be extended to the northern districts.",
    "The old tracks on the main avenue will be replaced with new rails.",
    "Construction is expected to begin next spring, pending the final tender.",
]
ISSUE_NEW = [
    "The council approved the plan after a long debate with the opposition.",
    "The vote was close.",
    ISSUE_OLD[1],
    ISSUE_OLD[2] + " " + ISSUE_OLD[3],
]


def test_issue_example_is_one_split_and_one_merge() -> None:
    changes = diff(ISSUE_OLD, ISSUE_NEW)
    assert [c.kind.value for c in changes] == ["paragraph_split", "paragraph_merged"]
    split, merge = changes
    assert split.detail["old_indexes"] == [0] and split.detail["new_indexes"] == [0, 1]
    assert merge.detail["old_indexes"] == [2, 3] and merge.detail["new_indexes"] == [3]
    # And back: the reverse is one merge and one split.
    back = diff(ISSUE_NEW, ISSUE_OLD)
    assert [c.kind.value for c in back] == ["paragraph_merged", "paragraph_split"]


def test_split_with_a_small_edit_is_one_split_showing_the_edit() -> None:
    new = list(ISSUE_NEW)
    new[1] = "The vote was very close."
    changes = diff(ISSUE_OLD, new)
    assert [c.kind.value for c in changes] == ["paragraph_split", "paragraph_merged"]
    d = changes[0].detail
    assert d["edited"] is True
    assert render_inline(d["diff"]).endswith("The vote was {+very +}close.")
    assert d["significance"] == ["wording"]
    assert "with edits" in changes[0].summary


def test_merge_with_a_changed_figure_is_one_merge() -> None:
    old = [P[0], P[1], P[2], P[3]]
    new = [P[0], P[1].replace("three", "four") + " " + P[2], P[3]]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_merged": 1}
    assert changes[0].detail["significance"] == ["number"]
    assert "[-three-]{+four+}" in changes[0].detail["inline"]


def test_split_into_three() -> None:
    old = [P[0], P[1] + " " + P[2] + " " + P[3], P[4]]
    new = [P[0], P[1], P[2], P[3], P[4]]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_split": 1}
    assert changes[0].detail["new_indexes"] == [1, 2, 3]


def test_edit_and_an_unrelated_neighbour_is_not_a_split() -> None:
    # A paragraph cut down and a paragraph of new words next to it: an edit and an addition.
    old = [P[0], P[1] + " " + P[2], P[3]]
    new = [P[0], P[1], NEW_PARA, P[3]]
    assert kinds(diff(old, new)) == {"paragraph_edited": 1, "paragraph_added": 1}


def test_split_with_other_changes_elsewhere() -> None:
    old = [P[0], P[1] + " " + P[2], P[3], P[4]]
    new = [P[0].replace("Tuesday", "Wednesday"), P[1], P[2], P[3], NEW_PARA]
    assert kinds(diff(old, new)) == {
        "paragraph_edited": 1,
        "paragraph_split": 1,
        "paragraph_added": 1,
        "paragraph_removed": 1,
    }


# ---------------------------------------------------------------------------------------------
# Moves


def test_shift_is_not_a_move() -> None:
    assert kinds(diff(P, [NEW_PARA, *P])) == {"paragraph_added": 1}
    assert kinds(diff(P, P[1:])) == {"paragraph_removed": 1}


def test_single_move() -> None:
    new = [*P[1:4], P[0], *P[4:]]
    changes = diff(P, new)
    assert kinds(changes) == {"paragraph_moved": 1}
    assert changes[0].detail == {"text": P[0], "old_index": 0, "new_index": 3}
    assert changes[0].summary.startswith("Paragraph moved from 1 to 4: ")


def test_swap_is_one_move() -> None:
    new = list(P)
    new[2], new[3] = new[3], new[2]
    assert kinds(diff(P, new)) == {"paragraph_moved": 1}
    far = list(P)
    far[0], far[5] = far[5], far[0]
    assert kinds(diff(P, far)) == {"paragraph_moved": 2}  # two jumps over four paragraphs


def test_reversal_moves_all_but_one() -> None:
    assert kinds(diff(P, P[::-1])) == {"paragraph_moved": len(P) - 1}


def test_edit_plus_move_is_one_edit() -> None:
    new = [*P[1:5], P[0].replace("Tuesday", "Wednesday"), P[5]]
    changes = diff(P, new)
    assert kinds(changes) == {"paragraph_edited": 1}
    d = changes[0].detail
    assert (d["old_index"], d["new_index"], d["moved"]) == (0, 4, True)
    assert "moved from 1" in changes[0].summary


def test_move_and_add_and_remove_together() -> None:
    new = [P[1], P[2], NEW_PARA, P[0], P[4], P[5]]  # P0 moved, P3 removed, NEW added
    changes = diff(P, new)
    assert kinds(changes) == {"paragraph_moved": 1, "paragraph_added": 1, "paragraph_removed": 1}


# ---------------------------------------------------------------------------------------------
# Duplicates


def test_duplicate_introduced_later_is_only_a_duplicate() -> None:
    new = [*P[:4], P[1], *P[4:]]
    changes = diff(P, new)
    assert kinds(changes) == {"duplicate_paragraph": 1}
    assert changes[0].detail == {"text": P[1], "count": 2, "previous_count": 1, "indexes": [1, 4]}


def test_duplicate_stays_is_nothing_and_grows_is_flagged() -> None:
    old = [*P, P[2]]
    assert diff(old, old) == []
    changes = diff(old, [*old, P[2]])
    assert kinds(changes) == {"duplicate_paragraph": 1}
    assert (changes[0].detail["count"], changes[0].detail["previous_count"]) == (3, 2)


def test_duplicate_removed_is_one_removal() -> None:
    changes = diff([*P, P[2]], P)
    assert kinds(changes) == {"paragraph_removed": 1}
    assert changes[0].detail == {"text": P[2], "index": 6}


def test_new_paragraph_added_twice_is_added_plus_duplicate() -> None:
    changes = diff(P, [*P[:2], NEW_PARA, *P[2:], NEW_PARA])
    assert kinds(changes) == {"paragraph_added": 1, "duplicate_paragraph": 1}
    assert changes[0].detail["index"] == 2
    assert changes[-1].detail["previous_count"] == 0


def test_duplicate_replacing_a_paragraph() -> None:
    new = list(P)
    new[4] = P[1]
    assert kinds(diff(P, new)) == {"paragraph_removed": 1, "duplicate_paragraph": 1}


def test_edit_of_one_copy_of_a_duplicate() -> None:
    old = [*P, P[2]]
    new = [*P, P[2].replace("rising", "soaring")]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_edited": 1}
    new = [P[0], P[1], P[2].replace("rising", "soaring"), *P[3:], P[2]]
    changes = diff(old, new)
    assert kinds(changes) == {"paragraph_edited": 1}
    assert changes[0].detail["old_index"] == 2


def test_edit_of_all_copies_of_a_duplicate() -> None:
    # The duplicated paragraph is edited everywhere: one edit, and the edited text is (by the
    # vocabulary) a duplicate that did not exist before.
    old = [*P, P[2]]
    edited = P[2].replace("rising", "soaring")
    changes = diff(old, [P[0], P[1], edited, *P[3:], edited])
    assert kinds(changes) == {"paragraph_edited": 1, "duplicate_paragraph": 1}
    assert changes[0].detail["old_index"] == 2


def test_edit_that_creates_a_duplicate_of_new_text() -> None:
    edited = P[2].replace("rising", "soaring")
    changes = diff(P, [P[0], P[1], edited, *P[3:], edited])
    assert kinds(changes) == {"paragraph_edited": 1, "duplicate_paragraph": 1}


# ---------------------------------------------------------------------------------------------
# Title and order


def test_title_changes() -> None:
    assert kinds(diff_articles(art(P, "Old"), art(P, "New headline"))) == {"title_changed": 1}
    assert diff_articles(art(P, " Old  title "), art(P, "Old title")) == []
    # An empty new title is taken for an extraction glitch, not an edit.
    assert diff_articles(art(P, "Old"), art(P, "")) == []
    assert kinds(diff_articles(art(P, ""), art(P, "Now a title"))) == {"title_changed": 1}


def test_output_order() -> None:
    old = [*P]
    new = [P[1].replace("three", "four"), P[2], NEW_PARA, P[3], P[0], P[5], P[5]]
    # P1 edited, NEW added, P4 removed (it stood right after P3), P0 moved to after P3,
    # P5 duplicated.
    changes = diff_articles(art(old, "A"), art(new, "B"))
    assert [c.kind.value for c in changes] == [
        "title_changed",
        "paragraph_edited",
        "paragraph_added",
        "paragraph_removed",
        "paragraph_moved",
        "duplicate_paragraph",
    ]
    assert changes == diff_articles(art(old, "A"), art(new, "B"))


def test_removal_is_listed_at_its_old_position() -> None:
    new = [P[0], P[2], P[3], P[4], NEW_PARA, P[5]]
    changes = diff(P, new)
    assert [c.kind.value for c in changes] == ["paragraph_removed", "paragraph_added"]


def test_views_are_not_part_of_article_diff() -> None:
    a = Article(title=TITLE, paragraphs=tuple(P), views=10)
    b = Article(title=TITLE, paragraphs=tuple(P), views=99)
    assert diff_articles(a, b) == []


# ---------------------------------------------------------------------------------------------
# Views


def test_views_up() -> None:
    change = diff_views(254, 310)
    assert change is not None
    assert change.kind is ChangeKind.VIEWS_CHANGED
    assert change.summary == "Views 254 -> 310 (+56)"
    assert change.detail == {"old": 254, "new": 310, "delta": 56, "anomaly": False}


def test_views_down_is_anomaly() -> None:
    change = diff_views(310, 300)
    assert change is not None
    assert change.detail == {"old": 310, "new": 300, "delta": -10, "anomaly": True}
    assert change.summary.startswith("Views 310 -> 300 (-10")
    assert "anomaly" in change.summary


@pytest.mark.parametrize(("old", "new"), [(5, 5), (None, 5), (5, None), (None, None)])
def test_views_no_change(old: int | None, new: int | None) -> None:
    assert diff_views(old, new) is None


# ---------------------------------------------------------------------------------------------
# Word diff


def _unrender(text: str) -> tuple[str, str]:
    old = re.sub(r"\{\+.*?\+\}", "", text, flags=re.S)
    old = re.sub(r"\[-(.*?)-\]", r"\1", old, flags=re.S)
    new = re.sub(r"\[-.*?-\]", "", text, flags=re.S)
    new = re.sub(r"\{\+(.*?)\+\}", r"\1", new, flags=re.S)
    return old, new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (P[1], P[1].replace("three tram lines", "four tram lines")),
        ("Views: 254.", "Views: 310!"),
        ("alpha beta gamma", "gamma beta alpha"),
        ("", "something new"),
        ("something old", ""),
        ("Same text.", "Same text."),
        ("a, b; c", "a; b, c, d"),
    ],
)
def test_word_diff_round_trip(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new
    assert all(op in {"equal", "delete", "insert"} and t for op, t in ops)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(ops))
    assert _unrender(render_inline(ops)) == (old, new)
    # The JSON form renders the same.
    assert render_inline(json.loads(json.dumps(ops))) == render_inline(ops)


def test_word_diff_is_word_level_and_compact() -> None:
    ops = word_diff("the quick brown fox", "the slow red fox")
    assert ops == [
        ("equal", "the "),
        ("delete", "quick brown"),
        ("insert", "slow red"),
        ("equal", " fox"),
    ]
    assert render_inline(ops) == "the [-quick brown-]{+slow red+} fox"
    assert word_diff("", "") == []


def test_similarity_bounds() -> None:
    assert similarity(P[0], P[0]) == 1.0
    assert similarity(P[0], "  " + P[0].upper()) == 1.0
    assert similarity("", "") == 1.0
    assert similarity(P[0], "") == 0.0
    assert 0.0 <= similarity(P[0], P[1]) < EDIT_THRESHOLD
    assert similarity(P[0], P[1]) == similarity(P[1], P[0])
