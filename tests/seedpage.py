"""The reference page, rebuilt as HTML at run time from the seed text.

The seed is the text of a real article page (chrome included) kept outside the repository.
`seed_html()` lays it out the way a news site of that kind does: header chrome, headline,
date line, the article blocks, the site-name line, the view counter, then share widgets and
a footer. `seed_blocks()` is what extraction must return for it: the lines between the date
line and the site-name line, blank lines skipped. Both read the seed each time they are
called and give None / [] when it is not there.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from tracker.article import normalize_text

SEED_PATH = Path(__file__).parents[2] / "shared/seed/000_b31598c28877b744.txt"

_DATE_LINE = re.compile(r"^\d{1,2} [A-Za-z]+ \d{4} \d{1,2}:\d{2}$")
_VIEWS_LINE = re.compile(r"^Views:\s*\d")


class _Seed:
    def __init__(self, text: str) -> None:
        lines = [line.rstrip("\n") for line in text.splitlines()]
        date_idx = next(i for i, line in enumerate(lines) if _DATE_LINE.match(line.strip()))
        head_idx = max(i for i in range(date_idx) if lines[i].strip())
        views_idx = next(
            i for i in range(date_idx, len(lines)) if _VIEWS_LINE.match(lines[i].strip())
        )
        site_idx = max(i for i in range(date_idx, views_idx) if lines[i].strip())
        self.chrome_before = [line.strip() for line in lines[:head_idx] if line.strip()]
        self.headline = lines[head_idx].strip()
        self.date_line = lines[date_idx].strip()
        # everything between the date line and the site-name line, blanks included
        self.body_lines = lines[date_idx + 1 : site_idx]
        self.site_name = lines[site_idx].strip()
        self.views_line = lines[views_idx].strip()
        self.chrome_after = [line.strip() for line in lines[views_idx + 1 :] if line.strip()]


def _load() -> _Seed | None:
    try:
        text = SEED_PATH.read_text(encoding="utf-8")
    except OSError:
        return None
    return _Seed(text)


def seed_available() -> bool:
    return SEED_PATH.is_file()


def seed_blocks() -> list[str]:
    """The article blocks of the seed page, in order (blank and whitespace-only lines skipped)."""
    seed = _load()
    if seed is None:
        return []
    return [normalize_text(line) for line in seed.body_lines if line.strip()]


def seed_headline() -> str | None:
    seed = _load()
    return seed.headline if seed is not None else None


def _is_subheading(line: str) -> bool:
    return len(line) < 90 and line[-1:] not in ".!?:;"


def seed_html() -> str | None:
    """The seed page as a news site would serve it, or None when the seed is absent."""
    seed = _load()
    if seed is None:
        return None
    top = "\n".join(
        f'<li><a href="#">{escape(line)}</a></li>'
        if len(line.split()) <= 3
        else f'<li class="note">{escape(line)}</li>'
        for line in seed.chrome_before
    )
    body: list[str] = []
    for raw in seed.body_lines:
        line = raw.strip()
        if not raw.strip(" \t\r\n"):
            continue  # a blank separator line in the text dump, not a block
        if not line:
            body.append("<p>&nbsp;</p>")  # a paragraph holding only a no-break space
        elif _is_subheading(line):
            body.append(f"<p><strong>{escape(line)}</strong></p>")
        else:
            body.append(f"<p>{escape(line)}</p>")
    after = "\n".join(f"<div>{escape(line)}</div>" for line in seed.chrome_after)
    site = escape(seed.site_name)
    title = escape(seed.headline)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<script>var pageConfig = {{"lazy": true}};</script>
</head>
<body>
<header class="site-header">
  <ul class="top-links">
{top}
  </ul>
  <form class="search" action="/search"><input type="text" name="q">
  <input type="hidden" name="_token" value="3f1c2a9be0d84c71a6"></form>
</header>
<main>
  <div class="news-page">
    <h1 class="news-title">{title}</h1>
    <div class="news-date">{escape(seed.date_line)}</div>
    <div class="news-content">
{chr(10).join(body)}
    </div>
    <div class="news-source">{site}</div>
    <div class="news-views">{escape(seed.views_line)}</div>
    <div class="share-block">
{after}
    </div>
  </div>
  <aside class="latest"><h3>Latest</h3><ul>
    <li><a href="/n/1">Ministers meet to discuss the new transit agreement</a></li>
    <li><a href="/n/2">Exhibition of contemporary painting opens in the capital</a></li>
  </ul></aside>
</main>
<footer class="footer"><p>All rights reserved.</p></footer>
</body>
</html>
"""
