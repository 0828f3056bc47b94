"""How long `tracker` takes before it answers: `--version`, `--help`, `list` (on an empty
database) and `extract` of one small file, beside `python -c pass` (the interpreter alone),
as the median wall time of several runs; and what `import tracker.cli` costs by
`python -X importtime`.

    python bench/startup.py            # 9 runs of each
    python bench/startup.py --runs 21

Each run is a fresh process, as a user's command is. The database is a throwaway SQLite file,
created and migrated before the runs (a first run would migrate it).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def import_time(env: dict[str, str]) -> tuple[float, list[tuple[float, str]]]:
    """Seconds `import tracker.cli` takes, and its slowest direct imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tracker.cli"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match.group(1)) / 1e6, len(match.group(2)), match.group(3)))
    total = next(t for t, _, name in reversed(rows) if name == "tracker.cli")
    top = sorted(((t, name) for t, depth, name in rows if depth <= 3), reverse=True)[1:8]
    return total, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    tracker = shutil.which("tracker") or str(Path(sys.executable).with_name("tracker"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env.update(
            TRACKER_DATABASE_URL=f"sqlite:///{tmp}/startup.db",
            TRACKER_CONFIG=f"{tmp}/absent.toml",
        )
        subprocess.run([tracker, "db", "upgrade"], env=env, check=True, capture_output=True)
        page = Path(tmp) / "page.html"
        page.write_text("<html><body><article><p>A line of the story.</p></article></body></html>")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "tracker --version": [tracker, "--version"],
            "tracker --help": [tracker, "--help"],
            "tracker list (empty)": [tracker, "list"],
            "tracker extract FILE": [tracker, "extract", str(page), "--json"],
        }
        print(f"median of {args.runs} runs (min-max), {os.cpu_count()} cores")
        for label, argv in commands.items():
            wall(argv, env)  # warm the file cache
            times = [wall(argv, env) for _ in range(args.runs)]
            print(
                f"  {label:<22} {statistics.median(times):6.3f} s  "
                f"({min(times):.3f}-{max(times):.3f})"
            )
        total, top = import_time(env)
        print(f"import tracker.cli: {total:.3f} s; the slowest of its imports:")
        for seconds, name in top:
            print(f"  {seconds:6.3f} s  {name}")


if __name__ == "__main__":
    main()
