"""A compressed body is inflated only up to the size cap: a gzip bomb costs about the cap in
memory, not the 64 MB a single network chunk of it inflates to."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.demo.server import LoopbackServer, Route
from tracker.fetch import FetchOutcome, FetchPolicy, FetchResult, fetch, make_client

CAP = 1024 * 1024
POLICY = FetchPolicy(allow_private_networks=True, retries=0, max_bytes=CAP)


def _zeros_packed(size: int, wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = b"<p>" + b"\0" * (1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def _fetch(url: str) -> tuple[FetchResult, int]:
    """The result of fetching `url`, and the peak of Python memory while doing it."""

    async def go() -> FetchResult:
        async with make_client(POLICY) as client:
            return await fetch(client, url, POLICY)

    tracemalloc.start()
    try:
        result = asyncio.run(go())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


BOMBS = {
    "gzip": lambda: _zeros_packed(100 * CAP, zlib.MAX_WBITS | 16),
    "deflate": lambda: _zeros_packed(100 * CAP, zlib.MAX_WBITS),
    "raw deflate": lambda: _zeros_packed(100 * CAP, -zlib.MAX_WBITS),
    "gzip, gzip": lambda: gzip.compress(_zeros_packed(100 * CAP, zlib.MAX_WBITS | 16)),
}
ENCODINGS = {"raw deflate": "deflate"}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_is_too_large_after_about_the_cap(site: LoopbackServer, name: str) -> None:
    bomb = BOMBS[name]()
    assert len(bomb) < CAP  # it passes any limit on the bytes on the wire
    url = site.set("/bomb", Route(bomb, headers={"Content-Encoding": ENCODINGS.get(name, name)}))
    result, peak = _fetch(url)
    assert result.outcome is FetchOutcome.FAILED and result.error == "too_large", result
    # The amount decoded when the fetch gave up: the cap and one byte that shows it is over.
    assert CAP < result.bytes <= CAP + 1
    # Everything the fetch held at once: the bomb as sent, the body up to the cap, buffers.
    assert peak < 8 * CAP, peak


@pytest.mark.parametrize("coding", ["gzip", "deflate", "x-gzip"])
def test_a_compressed_page_under_the_cap_is_read_whole(site: LoopbackServer, coding: str) -> None:
    page = b"<html><body>" + b"<p>words of an article</p>" * 20_000
    wbits = zlib.MAX_WBITS if coding == "deflate" else zlib.MAX_WBITS | 16
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    url = site.set(
        "/p", Route(packer.compress(page) + packer.flush(), headers={"Content-Encoding": coding})
    )
    result, _ = _fetch(url)
    assert result.ok and result.text == page.decode() and result.bytes == len(page)


def test_only_the_codings_tracker_bounds_are_asked_for(site: LoopbackServer) -> None:
    url = site.set("/p", Route("<p>hello</p>"))
    _fetch(url)
    assert site.requests_to("/p")[0].headers["Accept-Encoding"] == "gzip, deflate"


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=4000) | st.builds(lambda n: b"a" * n, st.integers(0, 50_000)),
    limit=st.integers(1, 20_000),
    cuts=st.lists(st.integers(1, 600), max_size=30),
    coding=st.sampled_from(["gzip", "deflate", "gzip, deflate", "identity"]),
)
def test_decoding_in_any_chunks_is_exact_or_stops_at_the_cap(
    body: bytes, limit: int, cuts: list[int], coding: str
) -> None:
    from tracker.fetch.read import _BoundedDecoder, _TooLarge

    packed = body
    for layer in coding.split(", "):
        if layer != "identity":
            wbits = zlib.MAX_WBITS if layer == "deflate" else zlib.MAX_WBITS | 16
            packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
            packed = packer.compress(packed) + packer.flush()
    decoder = _BoundedDecoder(coding, limit)
    chunks, start = [], 0
    for cut in cuts:
        chunks.append(packed[start : start + cut])
        start += cut
    chunks.append(packed[start:])
    try:
        for chunk in chunks:
            decoder.feed(chunk)
            assert decoder.size <= limit
        decoder.finish()
    except _TooLarge:
        assert len(body) > limit and decoder.size <= limit + 1
    else:
        assert len(body) <= limit and decoder.body == body


def test_a_corrupt_stream_is_a_decoding_error() -> None:
    from tracker.fetch.read import _BoundedDecoder

    decoder = _BoundedDecoder("gzip", 1000)
    with pytest.raises(httpx.DecodingError):
        decoder.feed(b"definitely not gzip")
