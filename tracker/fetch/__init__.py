"""Fetch one article page: safely, within bounds, and with every failure returned as data.

The modules: `policy` (what a fetch may do, what it saw), `pool` (the client, a connection pool
per origin), `guard` (no private addresses), `read` (one attempt: redirects, the bounded read,
charsets), `retries` (`fetch` itself). URL validation is `tracker.urls`, below this package.

`fetch` never raises for anything a web page can do to it. Whatever happens (a bad URL, a
private address, a timeout, a 404, a PDF, a 50 MB body, a redirect loop) comes back as a
`FetchResult` with `outcome=FAILED`, a stable machine code in `error` and one human line in
`message`. The pipeline stores both on the check row and derives its health flags from them.

Error codes (`FetchResult.error`):

    invalid_url                 not an absolute http(s) URL with a valid host and port
    unsupported_scheme          file:, ftp:, javascript:... (also as a redirect target)
    private_network             the host resolves to a loopback/private/link-local/reserved
                                address and policy.allow_private_networks is off
    dns_error                   the host name cannot be resolved
    connect_error               refused, reset or dropped connection, TLS failure
    proxy_error                 the source's proxy refused the request (its credentials, its
                                way of logging in) or broke off the handshake
    timeout                     connect/read/pool timeout of an attempt, or the total deadline
    too_many_redirects          a redirect loop or more than policy.max_redirects hops
    redirect_missing_location   a 3xx redirect without a Location header
    http_<code>                 any non-2xx answer: http_404 and http_410 mean the page is gone
    not_html                    a Content-Type other than HTML, or an untyped non-HTML body
    too_large                   the decoded (decompressed) body exceeds policy.max_bytes
    empty_body                  nothing but whitespace in the body
    decode_error                the body's Content-Encoding (gzip, deflate...) is corrupt
    internal_error              a bug in tracker: the exception class and message are kept

A source rendered in a browser (`browser`, through `egress`) fails with the same codes where
they apply, and with the browser's own (`browser_unavailable`, `browser_crashed`,
`browser_hung`, `wait_for_timeout`, `browser_error`). `Fetchers` picks the way per source.
"""

from tracker.fetch.fetchers import Fetchers, fetchers_of
from tracker.fetch.guard import host_refusal, refused_host
from tracker.fetch.policy import FetchOutcome, FetchPolicy, FetchResult
from tracker.fetch.pool import make_client, preload
from tracker.fetch.retries import fetch
from tracker.urls import validate_url

__all__ = [
    "FetchOutcome",
    "FetchPolicy",
    "FetchResult",
    "Fetchers",
    "fetch",
    "fetchers_of",
    "host_refusal",
    "make_client",
    "preload",
    "refused_host",
    "validate_url",
]
