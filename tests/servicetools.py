"""Start `tracker run` / `tracker worker` as real processes, and wait for things to happen."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Quick enough for tests: look for due sources five times a second, no start-up spread.
FAST = {
    "TRACKER_POLL_INTERVAL": "0.2",
    "TRACKER_START_JITTER": "0",
    "TRACKER_PER_HOST_DELAY": "0",
    "TRACKER_ALLOW_PRIVATE_NETWORKS": "true",
    "TRACKER_RETRIES": "0",
}


class ServiceProcess:
    def __init__(self, command: str, log: Path, env: dict[str, str]) -> None:
        self.log = log
        self._log_file = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tracker.cli import main; main()", command],
            env={**os.environ, **FAST, **env},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> tuple[int, float]:
        """Send `sig`; returns (exit code, seconds it took to exit)."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"did not exit within {timeout} s:\n{self.output()}") from None
        finally:
            self._log_file.close()
        return code, time.monotonic() - started

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._log_file.close()

    def __enter__(self) -> ServiceProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.kill()


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
