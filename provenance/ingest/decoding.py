"""Bytes to text, for files that do not say their encoding.

UTF-8 first; then the configured fallback (cp1252 by default: a mis-labelled
Western page or a Word export nearly always is); then Latin-1, which decodes
any byte, so text is never lost, only flagged.
"""

from __future__ import annotations

import codecs

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


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read.

    A NUL byte, or more than a tenth of control characters, in the first
    8 KiB: images, archives, PDFs and databases all fail this test.
    """
    if _bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes, fallback: str = "cp1252") -> tuple[str, str]:
    """Decode bytes of unknown encoding.

    Args:
        data: The raw bytes.
        fallback: The encoding tried after UTF-8.

    Returns:
        The text and the name of the encoding that decoded it; anything but
        ``utf-8`` (or a BOM-declared encoding) is worth a warning.
    """
    declared = _bom_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared.replace("-sig", "")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(fallback), fallback
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1"
