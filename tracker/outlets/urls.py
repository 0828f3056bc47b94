"""Article URLs as an outlet lists them, made comparable: one article, one URL.

Feeds, sitemaps and pages spell the same article differently: with a fragment, with the
campaign parameters of whoever shared it (utm_*, fbclid, gclid...), with a default port or a
capitalised host. `normalise` reduces them to the form tracker stores (tracker.urls.validate_url's,
the one `tracker add` stores), minus those parameters. Redirects and canonical links are
followed later, once the article has been fetched (tracker.outlets.store.reconcile).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from tracker.errors import ConfigError
from tracker.limits import MAX_URL_LENGTH
from tracker.urls import validate_url

# Parameters that say who shared a link or which campaign it came from, never which page.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "at_", "hsa_", "oly_", "vero_", "__hs")
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "ref_src",
        "ref_url",
        "cmpid",
        "ncid",
        "ocid",
        "sr_share",
        "spm",
        "s_cid",
        "wt_mc",
        "wt.mc_id",
        "ito",
        "xtor",
        "at_medium",
        "at_campaign",
    }
)


def tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)


def normalise(url: str, base: str | None = None) -> str | None:
    """The stored form of `url` (resolved against `base`), or None when it is no web page
    tracker could watch (mailto:, javascript:, a bad host, too long)."""
    text = url.strip()
    if not text or len(text) > MAX_URL_LENGTH:
        return None
    if base is not None:
        try:
            text = urljoin(base, text)
        except ValueError:
            return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not tracking_parameter(k)
    ]
    # Re-encoded only when something was dropped: a query kept as it was stays byte for byte
    # what the site wrote (some servers care about the order or the escaping).
    every = parse_qsl(parts.query, keep_blank_values=True)
    kept = parts.query if len(query) == len(every) else urlencode(query)
    try:
        return validate_url(urlunsplit((parts.scheme, parts.netloc, parts.path, kept, "")))
    except ConfigError:
        return None


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


_COUNTRY_SECOND_LEVEL = re.compile(r"^(?:co|com|net|org|gov|ac|edu|or|ne|go)$")


def site_of(host: str) -> str:
    """The site a host belongs to: its last two labels, three under a country's second level
    (news.bbc.co.uk -> bbc.co.uk). No public-suffix list: close enough to tell an outlet's
    own links from links elsewhere."""
    host = host.lower().rstrip(".")
    if ":" in host or host.replace(".", "").isdigit():  # an address is a site of its own
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and _COUNTRY_SECOND_LEVEL.match(labels[-2]):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are on one site (feeds.x.com lists articles of www.x.com)."""
    a, b = host_of(url), host_of(other)
    return bool(a) and (a == b or site_of(a) == site_of(b))
