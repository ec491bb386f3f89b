"""Bytes to text, for files that do not say their encoding.

A BOM or a declared charset first; then UTF-8; then, line by line, the
configured fallback (cp1252 by default: a mis-labelled Western page or a
Word export nearly always is), then Latin-1, which decodes any byte, so text
is never lost, only flagged.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text with no BOM: mostly-ASCII text leaves every other byte NUL."""
    head = data[:_SNIFF]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read.

    A NUL byte, or more than a tenth of control characters, in the first
    8 KiB: images, archives, PDFs and databases all fail this test. UTF-16
    (with or without a BOM) is text.
    """
    if _bom_encoding(data) in ("utf-16", "utf-32") or _utf16_without_bom(data):
        return False
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.1


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded.

    Attributes:
        text: The text.
        encoding: The encoding, or the fallback's name when any line needed it.
        fallback_lines: Lines (from 1) that were not valid UTF-8 and were
            decoded with the fallback; empty when the file decoded whole.
    """

    text: str
    encoding: str
    fallback_lines: tuple[int, ...] = ()


def _decode_line(line: bytes, fallback: str) -> tuple[str, bool]:
    try:
        return line.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    try:
        return line.decode(fallback), True
    except (UnicodeDecodeError, LookupError):
        return line.decode("latin-1"), True


def decode(data: bytes, fallback: str = "cp1252", declared: str | None = None) -> Decoded:
    """Decode bytes of unknown encoding.

    Args:
        data: The raw bytes.
        fallback: The encoding tried after UTF-8.
        declared: An encoding the source declares (an HTML ``<meta>``
            charset, an HTTP header): used first.

    Returns:
        The text, decoded line by line when the whole is not UTF-8: one
        mis-encoded line of a feed does not garble the good lines beside it.
    """
    bom = _bom_encoding(data) or _utf16_without_bom(data)
    for encoding in (bom, declared):
        if encoding:
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", ""))
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    fallback_lines = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        text, fell_back = _decode_line(line, fallback)
        lines.append(text)
        if fell_back:
            fallback_lines.append(number)
    try:
        name = codecs.lookup(fallback).name
    except LookupError:
        name = "latin-1"
    return Decoded("\n".join(lines), name, tuple(fallback_lines))
