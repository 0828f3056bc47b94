"""The sample news site: the same article rendered in three page layouts.

The demo serves these pages and the tests check extraction and diffing against them. Each
layout wraps the article in the kind of chrome real sites have (menus, share widgets,
counters, comments, ads, clocks, cookie banners). `tick` moves only that chrome (rotating
lists, clock, tokens, ad copy, "minutes ago" stamps); the article itself is a function of the
PageState alone, so every tick must extract to the same article.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import TypeVar

__all__ = ["LAYOUTS", "SAMPLE_ARTICLES", "PageState", "render"]

T = TypeVar("T")


@dataclass
class PageState:
    """What the article currently says."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    views: int = 0
    published: str = "2024-07-06T13:15:00+04:00"
    # When the page says it was last updated; "" for a page that never says so.
    modified: str = ""
    author: str = ""
    section: str = "ANALYTICS"


LAYOUTS: tuple[str, ...] = ("caliber", "blog", "newsroom")


def _is_subheading(text: str) -> bool:
    """Short lines without closing punctuation are rendered as subheadings."""
    text = text.strip()
    return 0 < len(text) < 90 and text[-1] not in '.!?…:;"”»)'


def _is_quote(text: str) -> bool:
    return text.strip().startswith(("“", "«", '"'))


def _rotate(items: list[T], tick: int) -> list[T]:
    if not items:
        return items
    k = tick % len(items)
    return items[k:] + items[:k]


def _token(tick: int, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{tick}".encode()).hexdigest()[:32]


def _date_line(published: str) -> str:
    try:
        return datetime.fromisoformat(published).strftime("%d %B %Y %H:%M")
    except ValueError:
        return published


_HEADLINES = [
    "Regional ministers agree on a common timetable for customs reform",
    "Grain exports through northern terminals rise for the third month",
    "City council approves a new budget for road repairs",
    "Energy regulator publishes draft rules for rooftop solar",
    "Museum reopens its archaeology wing after a two-year renovation",
    "Weather service warns of strong winds along the coast",
    "University consortium launches a joint language programme",
    "Ferry operator adds a night crossing for the summer season",
]

_ADS = [
    "Compare home insurance quotes in minutes and save up to a third on your yearly premium.",
    "Learn a new language this summer with live online classes taught by native speakers.",
    "Upgrade your kitchen with our spring sale: free delivery and installation on all models.",
    "Book your autumn getaway today and get a second night free at selected seaside hotels.",
]

_COMMENTS = [
    (
        "Marta K.",
        "We had almost exactly the same experience two winters ago, and what helped most "
        "was keeping a simple notebook of dates and temperatures. After a couple of seasons "
        "you start to see patterns that no forecast will tell you about your own garden.",
    ),
    (
        "Dev",
        "Great write-up, thank you for sharing the details. I would love a follow-up post "
        "about how the trees recovered over the summer, and whether the harvest was much "
        "smaller than in the previous years or whether it evened out in the end.",
    ),
    (
        "Olga P.",
        "One thing I would add from my own experience: fleece covers work well, but only if "
        "they reach the ground and trap the warmth coming from the soil. Draping them over "
        "the canopy alone made almost no difference for us during the coldest nights.",
    ),
    (
        "Tom from the allotments",
        "I have been following this blog for years and this is one of the most useful posts "
        "so far. Our association is planning a small workshop on frost protection next "
        "spring and I would like to recommend this article to everyone who signs up.",
    ),
]


def _paragraph_html(text: str, *, subheading: str, quote: bool) -> str:
    body = escape(text)
    if _is_subheading(text):
        if subheading == "strong":
            return f"<p><strong>{body}</strong></p>"
        return f"<{subheading}>{body}</{subheading}>"
    if quote and _is_quote(text):
        return f"<blockquote><p>{body}</p></blockquote>"
    return f"<p>{body}</p>"


# ---------------------------------------------------------------------------------------
# "caliber": an analytics news site modelled on the reference page


def _render_caliber(state: PageState, tick: int) -> str:
    title = escape(state.title)
    latest = _rotate(_HEADLINES, tick)[:5]
    latest_html = "\n".join(
        f'<li><a href="/news/{i + 100 + tick}"><span class="time">{(13 + i) % 24:02d}:'
        f"{(7 * tick + 11 * i) % 60:02d}</span> {escape(h)}</a></li>"
        for i, h in enumerate(latest)
    )
    blocks = []
    for i, p in enumerate(state.paragraphs):
        blocks.append(_paragraph_html(p, subheading="strong", quote=False))
        if i == len(state.paragraphs) // 2:
            blocks.append("<p>&nbsp;</p>")  # editors leave empty paragraphs behind
    body = "\n".join(blocks)
    modified_meta = updated_line = ""
    if state.modified:
        modified_meta = (
            f'<meta property="article:modified_time" content="{escape(state.modified)}">\n'
        )
        updated_line = (
            f'    <div class="article-updated">Updated {escape(_date_line(state.modified))}</div>\n'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Meridian Post</title>
<meta property="og:site_name" content="Meridian Post">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{escape(state.published)}">
{modified_meta}<link rel="canonical" href="/analytics/article">
<link rel="stylesheet" href="/static/site.css?v={tick % 3}">
<script>window.__state = {{"tick": {tick}, "section": "analytics"}};</script>
<style>.article-body p {{ margin: 0 0 1em; }} .hidden {{ display: none; }}</style>
</head>
<body class="page-article">
<div class="top-bar">
  <ul class="social-links">
    <li><a href="https://twitter.com/">twitter</a></li>
    <li><a href="https://youtube.com/">youtube</a></li>
    <li><a href="https://instagram.com/">instagram</a></li>
    <li><a href="https://facebook.com/">facebook</a></li>
    <li><a href="https://t.me/">telegram</a></li>
  </ul>
  <ul class="app-links">
    <li><a href="https://apps.apple.com/">apple store</a></li>
    <li><a href="https://play.google.com/">play market</a></li>
  </ul>
  <ul class="lang-switch"><li><a href="/ru/">ru</a></li><li><a href="/am/">arm</a></li></ul>
  <div class="search-toggle"><a href="#search">search</a></div>
  <form class="search-form" action="/search" method="get">
    <div class="search-title">WHAT ARE YOU LOOKING FOR ?</div>
    <input type="text" name="q" placeholder="Search">
    <input type="hidden" name="_token" value="{_token(tick, "caliber")}">
  </form>
</div>
<header class="site-header">
  <a class="logo" href="/">Meridian Post</a>
  <nav class="main-menu"><ul>
    <li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li>
    <li><a href="/analytics">Analytics</a></li><li><a href="/world">World</a></li>
  </ul></nav>
  <div class="copyright-note">Any use of materials is allowed only with a hyperlink to
  Meridian Post</div>
  <div class="copyright">Meridian Post © 2024.</div>
</header>
<main class="page">
  <div class="article-wrap">
    <div class="article-top">
      <div class="section-label">{escape(state.section)}</div>
      <div class="font-size">
        <a href="#" class="fs-up">A+</a><a href="#" class="fs-down">A-</a>
      </div>
    </div>
    <h1 class="article-title">{title}</h1>
    <div class="article-date">{escape(_date_line(state.published))}</div>
{updated_line}    <div class="article-body">
{body}
    </div>
    <div class="article-source">Meridian Post</div>
    <div class="article-views">Views: {state.views}</div>
    <div class="share-line">
      <span class="share-title">Liked the story? Share it on social media!</span>
      <a href="#" class="share-print">print</a>
      <a href="#" class="share-copy">copy link</a>
      <span class="share-copied hidden">Link copied</span>
    </div>
    <div class="section-footer"><div class="section-label">{escape(state.section)}</div>
      <div class="section-about">Analytical materials by the authors of Meridian Post</div>
    </div>
  </div>
  <aside class="latest-news">
    <h3>Latest news</h3>
    <ul>
{latest_html}
    </ul>
    <div class="loading">loading</div>
  </aside>
</main>
<footer class="site-footer">
  <p>Meridian Post © 2024. All rights reserved. Any use of materials is allowed only with a
  hyperlink to the source.</p>
  <p><a href="/about">About us</a> · <a href="/contacts">Contacts</a> ·
  <a href="/advertising">Advertising</a></p>
</footer>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------
# "blog": a personal blog with a sidebar and a comments section


def _render_blog(state: PageState, tick: int) -> str:
    title = escape(state.title)
    author = escape(state.author or "Anna Lindqvist")
    recent = _rotate(_HEADLINES, tick + 3)[:4]
    recent_html = "\n".join(
        f'<li><a href="/posts/{i + tick}">{escape(h)}</a></li>' for i, h in enumerate(recent)
    )
    tags = _rotate(["gardening", "apples", "weather", "soil", "pruning", "harvest", "tools"], tick)
    tag_html = " ".join(
        f'<a href="/tag/{t}" class="tag-size-{(i + tick) % 4}">{t}</a>' for i, t in enumerate(tags)
    )
    comments = _rotate(_COMMENTS, tick)[: 2 + tick % 3]
    comments_html = "\n".join(
        f"""<li class="comment" id="comment-{200 + (i + tick) % 7}">
  <article class="comment-body">
    <footer class="comment-meta"><b class="fn">{escape(name)}</b>
      <span class="comment-time">{(tick + i) % 9 + 1} hours ago</span></footer>
    <div class="comment-content"><p>{escape(text)}</p></div>
    <div class="reply"><a href="#reply">Reply</a></div>
  </article>
</li>"""
        for i, (name, text) in enumerate(comments)
    )
    body = "\n".join(_paragraph_html(p, subheading="h2", quote=True) for p in state.paragraphs)
    published = escape(state.published)
    date_line = escape(_date_line(state.published))
    updated = ""
    if state.modified:
        updated = (
            f' <time class="updated" datetime="{escape(state.modified)}">'
            f"(updated {escape(_date_line(state.modified))})</time>"
        )
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title} — Notes from the Orchard</title>
<meta name="author" content="{author}">
<meta property="article:published_time" content="{escape(state.published)}">
<link rel="canonical" href="https://orchard.example/posts/article">
<script type="text/javascript">var ga_id = "UA-{tick}"; document.write("<p>tracking</p>");</script>
</head>
<body class="single single-post has-sidebar">
<header id="masthead" class="site-header">
  <p class="site-title"><a href="/">Notes from the Orchard</a></p>
  <p class="site-description">Small-scale fruit growing, one season at a time</p>
  <nav class="primary-navigation"><ul>
    <li><a href="/">Home</a></li><li><a href="/archive">Archive</a></li>
    <li><a href="/about">About</a></li><li><a href="/contact">Contact</a></li>
  </ul></nav>
</header>
<div id="content" class="site-content">
  <div id="primary" class="content-area">
    <article class="post type-post hentry">
      <header class="entry-header">
        <h1 class="entry-title">{title}</h1>
        <div class="entry-meta">
          <span class="byline">by <a rel="author" href="/about">{author}</a></span>
          <time class="entry-date" datetime="{published}">{date_line}</time>{updated}
          <span class="post-views"><i class="icon-eye"></i> {state.views:,} views</span>
        </div>
      </header>
      <div class="entry-content">
{body}
      </div>
      <footer class="entry-footer">
        <span class="tags-links">Tagged <a href="/tag/apples">apples</a>,
          <a href="/tag/weather">weather</a></span>
        <div class="sharedaddy"><h3>Share this:</h3>
          <a href="#">Email</a> <a href="#">Print</a></div>
      </footer>
    </article>
    <section id="comments" class="comments-area">
      <h2 class="comments-title">{len(comments)} thoughts on “{title}”</h2>
      <ol class="comment-list">
{comments_html}
      </ol>
      <div id="respond" class="comment-respond"><h3>Leave a reply</h3>
        <form action="/comment" method="post"><textarea name="comment"></textarea>
        <input type="hidden" name="nonce" value="{_token(tick, "blog")}">
        <button type="submit">Post comment</button></form>
      </div>
    </section>
  </div>
  <aside id="secondary" class="widget-area sidebar">
    <section class="widget widget-about"><h2>About me</h2>
      <p>I grow apples, pears and far too many plums on a small plot outside town, and I
      write about what works, what fails and what the weather does to all of it.</p></section>
    <section class="widget widget-recent"><h2>Recent posts</h2><ul>
{recent_html}
    </ul></section>
    <section class="widget widget-tags"><h2>Tags</h2>
      <div class="tagcloud">{tag_html}</div></section>
    <section class="widget widget-archive"><h2>Archive</h2><ul>
      <li><a href="/2024/07">July 2024</a></li><li><a href="/2024/06">June 2024</a></li>
      <li><a href="/2024/05">May 2024</a></li></ul></section>
  </aside>
</div>
<footer class="site-footer"><p>© 2024 Notes from the Orchard. Powered by a small static
site generator and a lot of tea.</p></footer>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------
# "newsroom": a busy news site with ads, a live clock, a cookie banner and a rail


def _group_thousands(n: int, sep: str = "\u202f") -> str:
    return f"{n:,}".replace(",", sep)


def _render_newsroom(state: PageState, tick: int) -> str:
    title = escape(state.title)
    author = state.author or "Newsroom staff"
    most_read = _rotate(_HEADLINES, tick + 5)[:5]
    most_read_html = "\n".join(
        f'<li><a href="/story/{300 + i}">{escape(h)}</a>'
        f'<span class="ago">{(tick * 7 + i * 5) % 59 + 1} minutes ago</span></li>'
        for i, h in enumerate(most_read)
    )
    clock = f"{(13 + tick // 3600) % 24:02d}:{(5 + tick // 60) % 60:02d}:{(22 + tick) % 60:02d}"
    blocks: list[str] = []
    n = len(state.paragraphs)
    for i, p in enumerate(state.paragraphs):
        blocks.append(_paragraph_html(p, subheading="h3", quote=True))
        if i == 0:
            blocks.append(
                '<figure class="story-image"><img src="/img/lead.jpg" alt="">'
                "<figcaption>Workers at the site on Thursday morning, before the visit of "
                "the delegation. Photo: Harbor Daily</figcaption></figure>"
            )
        if i == 1 and n > 3:
            blocks.append(
                f'<div class="ad-slot" data-slot="{tick % 5}"><span class="ad-label">'
                f"Advertisement</span><p>{escape(_ADS[tick % len(_ADS)])}</p></div>"
            )
        if i == 2 and n > 4:
            blocks.append(
                f'<p class="read-more">Read more: <a href="/story/{400 + tick % 3}">'
                f"{escape(_rotate(_HEADLINES, tick)[0])}</a></p>"
            )
        if i == n - 2:
            blocks.append(
                '<div class="newsletter-box"><h4>Get the morning briefing</h4>'
                "<p>Sign up for our free newsletter and receive the five stories you need to "
                "know, every weekday at seven, straight to your inbox.</p>"
                '<form action="/subscribe" method="post"><input type="email" name="email">'
                "<button>Subscribe</button></form></div>"
            )
        if i == n // 2 + 1 and n > 5:
            blocks.append(
                f'<div class="ad-slot ad-inline"><span class="ad-label">Advertisement</span>'
                f"<p>{escape(_ADS[(tick + 1) % len(_ADS)])}</p></div>"
            )
    body = "\n".join(blocks)
    published = escape(state.published)
    date_line = escape(_date_line(state.published))
    ld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Harbor '
        'Daily"}, {"@type": "NewsArticle", "headline": "'
        + title.replace('"', '\\"')
        + '", "datePublished": "'
        + escape(state.published)
        + (f'", "dateModified": "{escape(state.modified)}' if state.modified else "")
        + '", "author": {"@type": "Person", "name": "'
        + escape(author).replace('"', '\\"')
        + '"}}]}'
    )
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>{title} - Harbor Daily</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Harbor Daily">
<meta property="og:url" content="https://harbor-daily.example/story/article">
<script type="application/ld+json">{ld}</script>
<script>var csrf = "{_token(tick, "js")}"; var adsQueue = [];</script>
</head>
<body>
<div id="cookie-banner-{tick % 97}" class="cookie-banner" role="dialog">
  <p>We use cookies and similar technologies to keep this site working, to measure how it is
  used and to show you relevant advertising. You can change your choice at any time in the
  privacy settings at the bottom of every page.</p>
  <button class="accept">Accept all</button><button class="reject">Reject</button>
</div>
<header class="site-header">
  <a class="logo" href="/">Harbor Daily</a>
  <nav class="sections"><a href="/local">Local</a> <a href="/business">Business</a>
    <a href="/sport">Sport</a> <a href="/opinion">Opinion</a></nav>
  <div class="live-clock">Updated {clock}</div>
  <form class="site-search" action="/search" method="get">
    <input type="hidden" name="csrf_token" value="{_token(tick, "newsroom")}">
    <input type="search" name="q" placeholder="Search Harbor Daily"><button>Go</button>
  </form>
</header>
<div class="layout">
  <main class="story">
    <article class="story-article">
      <header class="story-header">
        <div class="kicker">{escape(state.section.title())}</div>
        <h1 class="headline">{title}</h1>
        <div class="story-meta"><span class="author">By {escape(author)}</span>
          <time datetime="{published}">{date_line}</time>
          <span class="counter"><svg class="icon" viewBox="0 0 10 10"><title>eye</title></svg>
            Просмотров: {_group_thousands(state.views)}</span>
        </div>
      </header>
      <div class="story-body" itemprop="articleBody">
{body}
      </div>
      <div class="story-tags">Topics:
        <a href="/t/local">Local</a> <a href="/t/trade">Trade</a></div>
    </article>
  </main>
  <aside class="rail most-read">
    <h2>Most read</h2>
    <ol>
{most_read_html}
    </ol>
  </aside>
</div>
<footer class="site-footer"><p>© 2024 Harbor Daily. Reproduction only with written
permission.</p><p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
</body>
</html>
"""


_RENDERERS = {"caliber": _render_caliber, "blog": _render_blog, "newsroom": _render_newsroom}


def render(layout: str, state: PageState, *, tick: int = 0) -> str:
    """The HTML of `state` in `layout`; `tick` varies only what surrounds the article."""
    try:
        renderer = _RENDERERS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}") from None
    return renderer(state, tick)


# ---------------------------------------------------------------------------------------
# Ready-made articles

_HARBOUR_REPEAT = (
    "Port authorities say the new rail spur will let a single train carry the cargo of "
    "forty lorries, which matters on a coastal road that already runs at capacity for most "
    "of the summer."
)

SAMPLE_ARTICLES: dict[str, PageState] = {
    "harbour-rail": PageState(
        title="Harbour towns bet on rail links as freight routes shift south",
        paragraphs=[
            "Three harbour towns on the eastern coast have agreed to pool their budgets for a "
            "joint rail connection, a decision that local officials describe as the largest "
            "shared investment in the region for two decades.",
            "Why the route matters",
            _HARBOUR_REPEAT,
            "Shipping companies have been moving part of their traffic away from the northern "
            "terminals since the spring, citing congestion, higher handling fees and delays "
            "at the customs posts.",
            "The towns expect the first trains to run within three years, although the "
            "timetable depends on the purchase of land along the old military road.",
            "Money and politics",
            "The regional parliament still has to approve a guarantee for the loan, and two "
            "opposition parties have asked for an independent audit of the cost estimates "
            "before the vote takes place in the autumn.",
            _HARBOUR_REPEAT,
            "Supporters of the project argue that every year of delay pushes more freight to "
            "competitors across the gulf, while critics warn that the traffic forecasts were "
            "drawn up before the recent fall in grain prices.",
            "For now, the mayors say, the priority is to keep the three councils in agreement "
            "long enough to sign the construction contracts.",
        ],
        views=254,
        author="Leyla Hasanova",
        section="ANALYTICS",
    ),
    "orchard-frost": PageState(
        title="What a late frost taught us about our apple trees",
        paragraphs=[
            "The night of the fourteenth of May started mild, with a light breeze from the "
            "west, and none of the forecasts we checked before going to bed mentioned a "
            "frost warning for our valley.",
            "By five in the morning the thermometer by the shed showed minus three degrees, "
            "and the blossom on the two oldest trees had turned the colour of weak tea.",
            "What we did that morning",
            "We sprayed the lower branches with water before sunrise, an old trick a "
            "neighbour swears by, and covered the young grafts with fleece weighed down by "
            "bricks around the trunks.",
            "“A garden is a lesson in patience that you keep failing and keep taking again,” "
            "my grandmother used to say, usually while standing in the rain.",
            "What we will do differently",
            "Next spring we will keep a cheap wireless sensor at blossom height, because the "
            "temperature a metre above the grass was two degrees lower than the reading at "
            "the house.",
            "We will also plant the late-flowering varieties on the lower terrace, where the "
            "cold air collects, and keep the early ones on the slope.",
        ],
        views=1254,
        published="2024-05-20T08:30:00+02:00",
        author="Anna Lindqvist",
        section="GARDEN",
    ),
    "stadtbibliothek": PageState(
        title="Stadtbibliothek öffnet künftig auch am Sonntag",
        paragraphs=[
            "Die Stadtbibliothek wird ab dem kommenden Monat auch sonntags von zehn bis "
            "sechzehn Uhr geöffnet sein, wie der Kulturausschuss am Dienstagabend "
            "einstimmig beschlossen hat.",
            "Möglich wird die längere Öffnungszeit durch ein neues Ausleihsystem, bei dem "
            "Besucherinnen und Besucher Bücher selbst verbuchen und zurückgeben können.",
            "Personal und Kosten",
            "Für die Beratung an den Sonntagen sollen zwei zusätzliche Teilzeitstellen "
            "geschaffen werden; die Kosten von rund achtzigtausend Euro im Jahr trägt "
            "zunächst ein Förderprogramm des Landes.",
            "Die Leiterin der Bibliothek rechnet vor allem mit Familien und Studierenden, "
            "die unter der Woche kaum Zeit für einen Besuch finden.",
            "Ob das Angebot dauerhaft bleibt, soll nach einem Jahr anhand der Besucherzahlen "
            "entschieden werden.",
        ],
        views=31_870,
        published="2024-03-12T18:00:00+01:00",
        author="Jonas Weber",
        section="KULTUR",
    ),
    "zavod-remont": PageState(
        title="Старый завод превратят в культурный центр",
        paragraphs=[
            "Городские власти утвердили проект реконструкции бывшего механического завода "
            "на набережной: в его корпусах разместятся библиотека, мастерские и концертный зал.",
            "Работы начнутся осенью и займут около трёх лет, а первые помещения откроются "
            "для посетителей уже через полтора года.",
            "Что сохранят",
            "Архитекторы обещают сохранить кирпичные фасады и старые краны в главном цехе, "
            "которые станут частью нового выставочного пространства.",
            "Жители района просили оставить во дворе сквер, и это пожелание вошло в "
            "окончательный вариант проекта.",
            "Стоимость работ оценивается в два миллиарда рублей, половину суммы выделит "
            "региональный бюджет.",
        ],
        views=1_254,
        published="2024-09-02T10:00:00+03:00",
        author="Ирина Соколова",
        section="ГОРОД",
    ),
}
