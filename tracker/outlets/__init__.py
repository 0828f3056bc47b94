"""Following whole outlets: feeds, sitemaps and section pages whose new articles become
sources by themselves, revisited by age.

    urls      one article, one URL (tracking parameters and fragments dropped; pure)
    policy    when an article is checked again (pure)
    parse     feeds, sitemaps and pages read into entries (pure, over bytes)
    store     outlets and their articles in the database; the revisit schedule applied
    poll      fetch, read and record one outlet (I/O)
    discover  from a front page to its feed or sitemap (I/O)

Their words (outlet statuses, poll outcomes, article states) are tracker.vocabulary's. The
commands are tracker.cli.outlets, the pages and API tracker.web.outlets, and the service's
side tracker.jobs.outlets; pyproject.toml's import layers place each module.
"""
