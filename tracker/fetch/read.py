"""One attempt: the request, the redirect loop and the bounded read of the body (decompression
capped, charset decoded, HTML sniffed)."""

from __future__ import annotations

import email.utils
import re
import time
import zlib
from dataclasses import dataclass, field

import httpx

from tracker.encoding import decode_body
from tracker.fetch.guard import _check_host, _check_peer
from tracker.fetch.policy import FetchOutcome, FetchPolicy, FetchResult
from tracker.fetch.pool import _timeouts
from tracker.request_options import PLAIN, RequestOptions, same_site
from tracker.urls import BadURL, parse_url

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Answers worth asking again: the server is overloaded or briefly broken. Any other 4xx is
# the page's final word and retrying it only hammers the site.
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
_SNIFF_BYTES = 1024
# Whitespace, byte order marks, whitespace: a page with nothing to read. Matched rather than
# stripped, which would copy the page's text to learn that it is not empty.
_BLANK = re.compile(r"\s*+\ufeff*+\s*+")


@dataclass
class _Attempt:
    """What one attempt (the whole redirect chain) ended with, plus what retrying needs."""

    result: FetchResult
    retryable: bool = False
    retry_after: float | None = None


@dataclass
class _Progress:
    """Mutable state a deadline expiry must still be able to report."""

    final_url: str
    attempts: int = 0
    status: int | None = None
    started: float = field(default_factory=time.monotonic)


def _failed(
    progress: _Progress,
    url: str,
    code: str,
    message: str,
    *,
    content_type: str | None = None,
    size: int = 0,
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=progress.final_url,
        outcome=FetchOutcome.FAILED,
        status=progress.status,
        content_type=content_type,
        bytes=size,
        error=code,
        message=" ".join(message.split()),  # one line, whatever an exception text holds
    )


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _media_type(content_type: str | None) -> str | None:
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    return media or None


def _reason(response: httpx.Response) -> str:
    phrase = response.reason_phrase
    return f"HTTP {response.status_code} {phrase}".rstrip()


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), if valid."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT
        return None
    return max(0.0, when.timestamp() - time.time())


async def _attempt(
    client: httpx.AsyncClient,
    url: httpx.URL,
    policy: FetchPolicy,
    headers: dict[str, str],
    conditional: bool,
    progress: _Progress,
    original: str,
    request: RequestOptions = PLAIN,
) -> _Attempt:
    """Follow the redirect chain from `url` once and read the final answer."""
    current = url
    chain = [str(url)]
    for hops in range(policy.max_redirects + 1):
        progress.final_url = str(current)
        progress.status = None
        await _check_host(current, policy)
        sent = hop_headers(headers, request, url.host, current.host)
        async with client.stream("GET", current, headers=sent, timeout=_timeouts(policy)) as r:
            _check_peer(r, policy)
            progress.status = r.status_code
            if r.status_code not in _REDIRECTS:
                return await _read(r, policy, conditional, progress, original, headers)
            location = r.headers.get("location", "").strip()
            if not location:
                return _Attempt(
                    _failed(
                        progress,
                        original,
                        "redirect_missing_location",
                        f"{_reason(r)} redirect without a Location header",
                    )
                )
            try:
                target = parse_url(str(current.join(location)))
            except (BadURL, httpx.InvalidURL) as exc:
                code = exc.code if isinstance(exc, BadURL) else "invalid_url"
                return _Attempt(
                    _failed(progress, original, code, f"redirect to {location!r}: {exc}")
                )
            if str(target) in chain:
                loop = " -> ".join([*chain[chain.index(str(target)) :], str(target)])
                return _Attempt(
                    _failed(progress, original, "too_many_redirects", f"redirect loop: {loop}")
                )
            if hops == policy.max_redirects:
                break
            chain.append(str(target))
            current = target
    return _Attempt(
        _failed(
            progress,
            original,
            "too_many_redirects",
            f"more than {policy.max_redirects} redirects (gave up at {progress.final_url})",
        )
    )


def hop_headers(
    headers: dict[str, str], request: RequestOptions, page_host: str, hop_host: str
) -> dict[str, str]:
    """The headers of one request: the conditional ones, the source's user agent, and its own
    headers (cookies, authorisation) only to the page's own site, never to a host it
    redirects to elsewhere."""
    if not request.headers and not request.user_agent:
        return headers
    sent = dict(headers)
    if request.user_agent:
        sent["User-Agent"] = request.user_agent
    if same_site(page_host, hop_host):
        sent.update(request.headers)
    return sent


async def _read(
    r: httpx.Response,
    policy: FetchPolicy,
    conditional: bool,
    progress: _Progress,
    original: str,
    sent: dict[str, str],
) -> _Attempt:
    """Turn the final (non-redirect) answer into a result; the body is read only if wanted."""
    etag = r.headers.get("etag")
    last_modified = r.headers.get("last-modified")
    content_type = r.headers.get("content-type")
    code = r.status_code

    if code == 304 and conditional:
        # A 304 may omit the validators; the ones we sent are still the current ones.
        return _Attempt(
            FetchResult(
                url=original,
                final_url=str(r.url),
                outcome=FetchOutcome.NOT_MODIFIED,
                status=code,
                etag=etag or sent.get("If-None-Match"),
                last_modified=last_modified or sent.get("If-Modified-Since"),
            )
        )
    if not 200 <= code < 300:
        # Headers only: the body of an error page is of no use and may be large.
        return _Attempt(
            _failed(progress, original, f"http_{code}", _reason(r), content_type=content_type),
            retryable=code in _RETRY_STATUSES,
            retry_after=_retry_after(r.headers.get("retry-after")),
        )

    media = _media_type(content_type)
    if media is not None and media not in _HTML_TYPES and not policy.any_type:
        # Decided from the header alone, so a 200 MB video is never downloaded.
        return _Attempt(
            _failed(
                progress,
                original,
                "not_html",
                f"content type {media} is not HTML",
                content_type=content_type,
            )
        )

    too_large = f"body exceeds {_human_size(policy.max_bytes)} limit"
    encoding = r.headers.get("content-encoding", "identity").strip().lower()
    length = r.headers.get("content-length", "")
    if encoding in ("", "identity") and length.isdigit() and int(length) > policy.max_bytes:
        # Uncompressed, so the declared length is the decoded size: no need to read it.
        return _Attempt(
            _failed(
                progress,
                original,
                "too_large",
                f"{too_large} (Content-Length {_human_size(int(length))})",
                content_type=content_type,
            )
        )

    decoder = _BoundedDecoder(encoding, policy.max_bytes)
    try:
        # Raw (still compressed) bytes, inflated here with a bound on the output: httpx's own
        # decoding inflates a whole network chunk at once, 64 MB from one 64 KB chunk of a
        # gzip bomb, before anyone can count it.
        if r.is_stream_consumed:
            # A response made in memory (a test's mock transport): httpx decoded it already.
            decoder = _BoundedDecoder("identity", policy.max_bytes)
            decoder.feed(r.content)
        else:
            async for raw in r.aiter_raw():
                decoder.feed(raw)
        decoder.finish()
    except _TooLarge:
        return _Attempt(
            _failed(
                progress,
                original,
                "too_large",
                too_large,
                content_type=content_type,
                size=decoder.size,
            )
        )
    data = decoder.body

    html = not policy.any_type  # a feed or a sitemap is kept as bytes, for its own parser
    if html and media is None and data.strip() and not _looks_like_html(data):
        return _Attempt(
            _failed(
                progress,
                original,
                "not_html",
                "no content type and the body does not look like HTML",
                size=len(data),
            )
        )
    text, used, utf8 = decode_body(data, r.charset_encoding) if html else ("", None, None)
    if html and _BLANK.fullmatch(text):
        return _Attempt(
            _failed(
                progress,
                original,
                "empty_body",
                "the page body is empty",
                content_type=content_type,
                size=len(data),
            )
        )
    return _Attempt(
        FetchResult(
            url=original,
            final_url=str(r.url),
            outcome=FetchOutcome.OK,
            status=code,
            text=text,
            content_type=content_type,
            encoding=used,
            etag=etag,
            last_modified=last_modified,
            bytes=len(data),
            body=b"" if html else data,
            utf8=utf8,
        )
    )


class _TooLarge(Exception):
    """The decoded body went over the cap (see _BoundedDecoder)."""


class _Inflater:
    """One gzip or deflate layer of a Content-Encoding, inflating at most `limit` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        self.deflate = coding == "deflate"
        # "deflate" is meant to be zlib-wrapped, but some servers send it raw: like browsers
        # (and httpx), a zlib header error on the first bytes switches to raw deflate.
        wbits = zlib.MAX_WBITS if self.deflate else zlib.MAX_WBITS | 16
        self.inflate = zlib.decompressobj(wbits)
        self.limit = limit
        self.size = 0
        self.started = False

    def feed(self, data: bytes) -> bytes:
        try:
            out = self.inflate.decompress(data, self.limit - self.size + 1)
        except zlib.error:
            if not (self.deflate and not self.started):
                raise
            self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.inflate.decompress(data, self.limit - self.size + 1)
        self.started = True
        return self._count(out)

    def finish(self) -> bytes:
        return self._count(self.inflate.flush(self.limit - self.size + 1))

    def _count(self, out: bytes) -> bytes:
        # With max_length, zlib stops at limit + 1 bytes and keeps the rest of the input
        # unread (unconsumed_tail): the body is over the cap and nothing more is inflated.
        self.size += len(out)
        if self.size > self.limit:
            raise _TooLarge
        return out


class _BoundedDecoder:
    """The body of a response, decoded from its Content-Encoding, never more than `limit`
    bytes at any step (nor any intermediate layer of a stacked encoding).

    A coding tracker did not ask for (br, zstd...) is passed through as httpx would, and the
    page then fails to look like HTML or to extract; a corrupt gzip or deflate stream raises
    httpx.DecodingError, which a fetch records as decode_error.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip() for c in content_encoding.split(",")]
        layers = [
            "deflate" if c == "deflate" else "gzip"
            for c in reversed(codings)  # the last coding applied is the first to undo
            if c in ("gzip", "x-gzip", "deflate")
        ]
        # A layer under another one is compressed data, which can be a little longer than
        # what it decodes to (zlib's compressBound: under 1/1000 more, plus a header).
        inner = limit + limit // 512 + 1024
        self.layers = [
            _Inflater(coding, limit if i == len(layers) - 1 else inner)
            for i, coding in enumerate(layers)
        ]
        self.limit = limit
        self.chunks = bytearray()

    @property
    def size(self) -> int:
        """Bytes decoded so far, counting the byte over the cap that stopped decoding."""
        return self.layers[-1].size if self.layers else len(self.chunks)

    @property
    def body(self) -> bytes:
        return bytes(self.chunks)

    def feed(self, data: bytes) -> None:
        self._through(0, data, finish=False)

    def finish(self) -> None:
        self._through(0, b"", finish=True)

    def _through(self, index: int, data: bytes, *, finish: bool) -> None:
        if index == len(self.layers):
            self.chunks += data[: self.limit + 1 - len(self.chunks)]
            if len(self.chunks) > self.limit:
                raise _TooLarge
            return
        layer = self.layers[index]
        try:
            out = layer.feed(data) if data else b""
            if finish:
                out += layer.finish()
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc)) from None
        self._through(index + 1, out, finish=finish)


# Tags an HTML document starts with, after whitespace and a BOM (the sniffing idea of the
# WHATWG MIME sniffing spec): a body starting like this is HTML even without a Content-Type.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table"
    rb"|a|style|title|b|br|p|meta|!--)(?:[\s>/]|$)",
    re.IGNORECASE,
)


def _looks_like_html(data: bytes) -> bool:
    return _HTML_START.match(data[:_SNIFF_BYTES]) is not None
