"""Page bytes -> text: the encoding a browser would read a page in.

A byte order mark wins; then the charset the server declared, then a `<meta>` declaration
near the top of the page; then valid UTF-8; then a statistical guess (charset-normalizer).
Used for fetched pages and for files given to `tracker extract` alike, so a page saved to
disk reads the same as the page fetched.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["decode_body", "decode_page", "page_input"]

# How far into the page a <meta> charset declaration is looked for (browsers look at 1024
# bytes; pages with long heads put it later, and a few KB cost nothing).
_META_SCAN_BYTES = 4096


# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
# both put "charset=" inside a meta tag; one pattern finds either.
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:+-]{1,40})", re.IGNORECASE
)

# The web uses these labels for windows-1252 (the WHATWG Encoding standard maps them so):
# a page declared iso-8859-1 with curly quotes in 0x80-0x9F means the cp1252 characters,
# not C1 control codes.
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# Python text codecs no web page is written in; unicode_escape would even rewrite backslashes,
# and utf-7 is a classic way to smuggle markup past filters. A page declaring one of these
# has a bogus declaration, so detection takes over.
_NOT_WEB_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)


def _codec(label: str | None) -> str | None:
    """The canonical Python codec for a charset label, or None if it is bogus or not text."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
        b"a".decode(name)  # rejects codecs that are not text encodings: base64, zlib, rot13
    except (LookupError, ValueError):
        return None
    if name in _NOT_WEB_CHARSETS:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        # An ASCII-compatible document (the meta tag was readable) cannot be UTF-16.
        return "utf-8"
    return _WEB_ALIASES.get(name, name)


def decode_page(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """The page's text and the codec it was read in: BOM, then the header charset, then a
    meta tag, then detection."""
    text, codec, _ = decode_body(data, header_charset)
    return text, codec


def decode_body(data: bytes, header_charset: str | None = None) -> tuple[str, str, bytes | None]:
    """`decode_page`, and the page's text in UTF-8 when those are the page's own bytes (a
    valid UTF-8 page; after its byte order mark, if any): what the parser and the stored copy
    of the page take without encoding the text again."""
    start, codec, text = _sniff(data, header_charset)
    if codec != "utf-8":
        if text is None:
            text = data[start:].decode(codec, "replace")
        return text, codec, None
    utf8 = data[start:] if start else data
    if text is None:
        try:
            text = utf8.decode("utf-8")
        except UnicodeDecodeError:
            return utf8.decode("utf-8", "replace"), codec, None
    return text, codec, utf8


def page_input(data: bytes, header_charset: str | None = None) -> bytes | str:
    """The page for a parser that reads UTF-8 bytes itself (lexbor): the bytes when the page
    is UTF-8, without decoding them (invalid sequences in a page declared UTF-8 become
    U+FFFD in the parser, as in `decode_page` and in browsers), else its decoded text."""
    start, codec, text = _sniff(data, header_charset)
    if codec == "utf-8":
        return data[start:] if start else data
    return text if text is not None else data[start:].decode(codec, "replace")


def _sniff(data: bytes, header_charset: str | None) -> tuple[int, str, str | None]:
    """Where the page's text starts (after a BOM), the codec to read it in, and its text
    when finding the codec meant decoding it."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            # A byte order mark is unambiguous and wins over any declaration.
            return len(bom), name, None
    declared = _codec(header_charset)
    if declared is None:
        match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
        declared = _codec(match.group(1).decode("ascii")) if match else None
        if declared is not None and declared != "utf-8" and not data.isascii():
            # Without the server's word, a page whose bytes are valid UTF-8 beyond ASCII is
            # UTF-8 whatever its <meta> says: text in a single-byte charset is valid UTF-8
            # almost never, while pages re-encoded (saved, proxied, served with a header
            # that overrode the tag) keep their old declaration all the time.
            try:
                return 0, "utf-8", data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    if declared is not None:
        return 0, declared, None
    if data.isascii():
        return 0, "utf-8", None
    try:
        # Valid UTF-8 is almost never an accident, and trusting it spares short pages from
        # a statistical guess.
        return 0, "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return 0, _guess(data), None


# The encodings of the web (the WHATWG Encoding standard's, by Python's names; iso-8859-1
# and -9 are read as windows-1252 and -1254 there): a statistical guess among all of
# Python's codecs takes a German page for DOS's Baltic code page (cp775) as often as not.
_WEB_ENCODINGS = [
    *("cp1252", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic"),
    *("iso8859_5", "cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gbk", "big5"),
    *("cp949", "euc_kr", "iso8859_15", "cp1254", "cp1253", "iso8859_7", "cp1257"),
    *("iso8859_13", "iso8859_4", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874"),
    *("cp1258", "iso8859_3", "iso8859_10", "iso8859_14", "iso8859_16", "mac_roman"),
]
# What browsers read an undeclared page of a language in (the HTML standard's defaults per
# locale, and the other encodings of the same script in wide use): when a guess finds several
# encodings that read the page equally cleanly, one its language is written in wins, else
# the one earliest in _WEB_ENCODINGS (the web's most used first; windows-1252, the default
# of every other locale, first of all).
_LANGUAGE_ENCODINGS = {
    **dict.fromkeys(("pl", "hu", "sl", "ro"), ("iso8859_2", "cp1250")),
    **dict.fromkeys(("cs", "sk", "hr", "bs"), ("cp1250", "iso8859_2")),
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "tt", "ba", "sah"),
        ("cp1251", "koi8_r", "koi8_u"),
    ),
    "ja": ("cp932", "shift_jis", "euc_jp", "iso2022_jp"),
    "ko": ("cp949", "euc_kr"),
    "zh": ("gb18030", "gbk", "big5"),
    "el": ("cp1253", "iso8859_7"),
    **dict.fromkeys(("tr", "ku", "az"), ("cp1254",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    **dict.fromkeys(("he", "yi"), ("cp1255", "iso8859_8")),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256", "iso8859_6")),
    "th": ("cp874",),
    "vi": ("cp1258",),
}
# The page's language as its <html lang> or a content-language <meta> states it.
_LANGUAGE = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([a-zA-Z]{2,3})\b"
    rb"|<meta\b[^>]*?content-language[^>]*?\bcontent\s*=\s*[\"']?\s*([a-zA-Z]{2,3})\b",
    re.IGNORECASE,
)


def _guess(data: bytes) -> str:
    """The encoding of a page that declares none and is not UTF-8, as a browser would
    read it: of the web encodings that read it most cleanly (with the fewest characters out
    of place, by charset-normalizer's measure), one its language is written in (the likeliest
    text first), else the web's most used."""
    matches = list(from_bytes(data, cp_isolation=_WEB_ENCODINGS))
    if not matches:
        return "cp1252"  # (no web encoding reads it without errors: the web's default)
    cleanest = min(match.chaos for match in matches)
    # (each match stands for the encodings that read the page to the same text, and they
    # come likeliest text first)
    tied = [
        (match.encoding, *match.could_be_from_charset)
        for match in matches
        if match.chaos <= cleanest
    ]
    stated = _LANGUAGE.search(data[:_META_SCAN_BYTES])
    language = (stated.group(1) or stated.group(2)).decode("ascii").lower() if stated else ""
    written = _LANGUAGE_ENCODINGS.get(language, ())
    for names in tied:
        for name in written:
            if name in names:
                return _codec(name) or "cp1252"
    for name in _WEB_ENCODINGS:
        if any(name in names for names in tied):
            return _codec(name) or "cp1252"
    return _codec(tied[0][0]) or "cp1252"
