"""Text from the web on its way to a terminal: control characters are written as escapes.

A page can put ESC, BEL or an 8-bit CSI into its headline, and a terminal would obey them
(retitle the window, clear the screen, fake a line of output), so everything the CLI prints
goes through here. Newlines and tabs stay where the CLI's own layout put them; the Unicode
bidirectional overrides are escaped too, since they can make a line read as another.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console

# C0 except tab and newline, DEL, C1, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In JSON text the C0 characters are escaped already; the rest are valid there but not safe.
_UNSAFE_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character but newline and tab written as an escape."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` as one line: newlines and tabs are escaped as well."""
    return _UNSAFE_LINE.sub(_escape, text)


def json_line(value: Any) -> str:
    """`value` as one line of JSON that is also safe to show in a terminal."""
    return _UNSAFE_JSON.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    )


def safe_json(text: str) -> str:
    """JSON text made by json.dumps, with what a terminal would obey escaped (still JSON)."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeConsole(Console):
    """A rich Console whose plain-string arguments are made printable first. Rich's own
    styling is added after, so colours still work on a terminal."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines of left-aligned columns two spaces apart, never cut: a table
    that reads the same on a terminal, in a pipe and in a file (no trailing spaces)."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
        for row in rows
    ]
