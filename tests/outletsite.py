"""A loopback news outlet for the outlet tests: articles, an RSS feed, a Google News sitemap
behind a sitemap index, a front page, robots.txt; it publishes and edits between polls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from tracker.demo.server import LoopbackServer, Request, Route

RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"


@dataclass
class Story:
    slug: str
    title: str
    paragraphs: list[str]
    published: dt.datetime


@dataclass
class Outlet:
    site: LoopbackServer
    stories: list[Story] = field(default_factory=list)
    # The name its links use in place of the server's address (a name only a proxy knows).
    host: str | None = None
    # Who may read its feed, sitemaps, front page and robots.txt (a members' site): the
    # others get a 403. Its articles are open.
    admits: Callable[[Request], bool] | None = None

    def url(self, path: str) -> str:
        url = self.site.url(path)
        return url.replace("127.0.0.1", self.host, 1) if self.host else url

    def _listing(self, route: Route | str) -> Route | Callable[[Request], Route]:
        answer = route if isinstance(route, Route) else Route(route)
        admits = self.admits
        if admits is None:
            return answer
        return lambda request: answer if admits(request) else Route("members only", status=403)

    def publish(self, n: int, *, when: dt.datetime | None = None) -> Story:
        when = when or dt.datetime.now(dt.UTC)
        story = Story(
            slug=f"city-council-story-number-{n}",
            title=f"Council story number {n}",
            paragraphs=[
                f"The city council met on Tuesday to discuss item {n}, which took most of the "
                "afternoon, with several members asking for a delay.",
                "Under the plan, three tram lines will be extended to the northern districts "
                "by the end of next year, officials said.",
                "Opponents argued that the budget had not been tested against rising costs, "
                "and asked for an independent review of the figures.",
            ],
            published=when,
        )
        self.stories.append(story)
        self.render()
        return story

    def edit(self, story: Story, paragraph: int, text: str) -> None:
        story.paragraphs[paragraph] = text
        self.render()

    def article(self, story: Story) -> str:
        body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
        return (
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{story.title}</title>"
            f"<link rel='canonical' href='{self.url('/news/' + story.slug)}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
            f"<main><article><h1>{story.title}</h1>{body}</article></main>"
            "<footer>City Post</footer></body></html>"
        )

    def render(self) -> None:
        site = self.site
        for story in self.stories:
            site.set(f"/news/{story.slug}", self.article(story))
        items = "".join(
            f"<item><title>{s.title}</title>"
            f"<link>{self.url('/news/' + s.slug)}?utm_source=rss&amp;utm_medium=feed</link>"
            f"<pubDate>{s.published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
            for s in reversed(self.stories)
        )
        site.set(
            "/feed.xml",
            self._listing(
                Route(
                    f"<?xml version='1.0'?><rss version='2.0'><channel><title>City Post</title>"
                    f"<link>{self.url('/')}</link>{items}</channel></rss>",
                    content_type=RSS,
                )
            ),
        )
        urls = "".join(
            f"<url><loc>{self.url('/news/' + s.slug)}#top</loc><news:news><news:publication>"
            "<news:name>City Post</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{s.published.isoformat()}</news:publication_date>"
            f"<news:title>{s.title}</news:title></news:news></url>"
            for s in self.stories
        )
        site.set(
            "/news-sitemap.xml",
            self._listing(
                Route(
                    "<?xml version='1.0' encoding='UTF-8'?>"
                    "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
                    "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
                    f"{urls}</urlset>",
                    content_type=XML,
                )
            ),
        )
        site.set(
            "/sitemap.xml",
            self._listing(
                Route(
                    "<?xml version='1.0' encoding='UTF-8'?>"
                    "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    f"<sitemap><loc>{self.url('/news-sitemap.xml')}</loc>"
                    f"<lastmod>{dt.datetime.now(dt.UTC).isoformat()}</lastmod></sitemap>"
                    "</sitemapindex>",
                    content_type=XML,
                )
            ),
        )
        links = "".join(
            f"<li><a href='/news/{s.slug}'>{s.title}</a></li>" for s in reversed(self.stories)
        )
        site.set(
            "/",
            self._listing(
                "<!doctype html><html><head><title>City Post</title>"
                "<link rel='alternate' type='application/rss+xml' title='City Post' "
                "href='/feed.xml'>"
                "</head><body><nav><a href='/'>Home</a><a href='/about'>About</a>"
                "<a href='/news/'>News</a></nav>"
                f"<main><ul>{links}</ul></main><footer><a href='/privacy'>Privacy</a></footer>"
                "</body></html>"
            ),
        )
        site.set(
            "/robots.txt",
            self._listing(
                Route(
                    f"User-agent: *\nSitemap: {self.url('/sitemap.xml')}\n",
                    content_type="text/plain",
                )
            ),
        )
