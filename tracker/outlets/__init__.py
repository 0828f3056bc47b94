"""Following whole outlets: feeds, sitemaps and section pages whose new articles become
sources by themselves, revisited by age.

    urls      one article, one URL (tracking parameters and fragments dropped)
    parse     feeds, sitemaps and pages read into entries (pure, over bytes)
    discover  from a front page to its feed or sitemap
    policy    when an article is checked again (pure)
    store     outlets and their articles in the database; the revisit schedule applied
    poll      fetch, read and record one outlet (I/O)
    commands  the CLI: follow, outlets, unfollow, poll
"""
