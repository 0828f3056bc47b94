"""While PostgreSQL cannot be reached, `tracker run` says so once and once more when it is
back, without a traceback, and goes on checking: a real service process, and a TCP proxy of
our own in front of the shared server (which is never stopped) that the test cuts off."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tracker.db import Database, open_database
from tracker.demo.server import LoopbackServer
from tracker.models import Check

from ..conftest import POSTGRES_URL, reset_postgres
from ..servicetools import ServiceProcess, wait_for
from ..test_pipeline import add

pytestmark = pytest.mark.postgres

PAGE = (
    "<html><head><title>Harbour works</title></head><body><article><h1>Harbour works</h1>"
    + "".join(
        f"<p>Paragraph {i} of a report on the harbour works, long enough to be article text "
        "rather than a caption under a photograph.</p>"
        for i in range(5)
    )
    + "</article></body></html>"
)


class Proxy:
    """Forwards a loopback port to the PostgreSQL server; `cut()` closes the listener and
    every connection through it (new ones are refused), `restore()` listens again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = int(probe.getsockname()[1])
        probe.close()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    def _call(self, coro: object) -> None:
        asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)  # type: ignore[arg-type]

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self.writers -= {writer, up_writer}

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(
            self._client, "127.0.0.1", self.port, reuse_address=True
        )

    async def _cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    def start(self) -> None:
        self.thread.start()
        self._call(self._listen())

    def cut(self) -> None:
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    if not POSTGRES_URL:
        pytest.skip("TRACKER_TEST_POSTGRES_URL is not set")
    url = make_url(POSTGRES_URL)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


def _checks(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Check)) or 0)


def test_an_outage_is_one_line_and_its_end_another(
    proxy: Proxy, site: LoopbackServer, tmp_path: Path
) -> None:
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    db = open_database(POSTGRES_URL)  # straight to the server: the test's own view
    try:
        for i in range(3):
            add(db, site.set(f"/p/{i}", PAGE), interval_seconds=1)
        through_proxy = make_url(POSTGRES_URL).set(port=proxy.port)
        env = {
            "TRACKER_DATABASE_URL": through_proxy.render_as_string(hide_password=False),
            "TRACKER_CONNECT_TIMEOUT": "2",
        }
        with ServiceProcess("run", tmp_path / "run.log", env) as service:
            wait_for(lambda: _checks(db) >= 3, 60, "the first checks")
            proxy.cut()
            # A few seconds down: many claim rounds, and checks due meanwhile.
            time.sleep(5)
            proxy.restore()
            before = _checks(db)
            wait_for(lambda: _checks(db) >= before + 6, 60, "checks after the outage")
            wait_for(lambda: "recovered" in service.output(), 30, "the recovery line")
            code, _ = service.stop()
            output = service.output()
    finally:
        db.dispose()
    assert code == 0, output
    assert "Traceback" not in output, output
    lines = output.splitlines()
    assert len([line for line in lines if "outage" in line]) == 1, output
    assert len([line for line in lines if "recovered" in line]) == 1, output
