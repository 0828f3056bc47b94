"""A redirect to somewhere a page cannot be fetched from is a clean, recorded refusal, not
an internal error with a traceback in the log."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tracker.demo.server import LoopbackServer, Route
from tracker.fetch import FetchOutcome, FetchPolicy, fetch, make_client

LOCATIONS = [
    "javascript:alert(1)",
    "data:text/html,<h1>hi</h1>",
    "http:127.0.0.1:8000/i",
    "HTTP:127.0.0.1/x",
    "https:/x",
    "http://a b/",
]


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_redirect_nowhere_is_a_clean_refusal(
    site: LoopbackServer, location: str, caplog: pytest.LogCaptureFixture
) -> None:
    policy = FetchPolicy(allow_private_networks=True, retries=0)
    url = site.set("/r", Route("", status=302, headers={"Location": location}))

    async def go() -> None:
        async with make_client(policy) as client:
            result = await fetch(client, url, policy)
        assert result.outcome is FetchOutcome.FAILED
        assert result.error in ("invalid_url", "unsupported_scheme"), result
        assert result.message and "\n" not in result.message

    with caplog.at_level(logging.ERROR):
        asyncio.run(go())
    assert not [r for r in caplog.records if r.exc_info], caplog.text
