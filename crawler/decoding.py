"""Saved bytes to text the way a browser would, so archives in any encoding come out right.

HTML goes through w3lib's `html_to_unicode` (byte order mark, then the HTTP `Content-Type`
charset where there is one, then `<meta charset>`), and only undeclared pages reach detection.
Text dumps have no declaration at all: a byte order mark, then strict UTF-8, then detection.

Detection is charset-normalizer's, with one correction. On short Western text it cannot tell
the single-byte Latin code pages apart (French Latin-1 comes back as Baltic cp1257, "déjà"
as "déją"), so when windows-1252 is among its about equally plausible readings, windows-1252
wins: it is what browsers fall back to for unlabelled Western pages. Multi-byte encodings
(EUC-KR, Shift_JIS, GB18030, Big5) and non-Latin code pages are left to the detector.
"""

from __future__ import annotations

import codecs

import charset_normalizer
from w3lib.encoding import html_to_unicode, read_bom

#: A NUL byte in the first 8 KiB of a file without a UTF-16/32 byte order mark means binary data.
SNIFF_BYTES = 8192
#: How much more "chaos" (charset-normalizer's mess measure, 0..1) windows-1252 may show than
#: the detector's first choice and still be preferred to it.
_WESTERN_MARGIN = 0.1
#: How many bytes the detector looks at: enough for any page's encoding, bounded for large files.
_DETECT_BYTES = 256 * 1024


class UndecodableError(ValueError):
    """Bytes that no decoder can make text of; `reason` is `binary` or `undecodable`."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def detect_encoding(raw: bytes) -> str | None:
    """The encoding of undeclared `raw` bytes: UTF-8 when they are valid UTF-8, else the
    detector's reading (windows-1252 preferred among near-equal ones), else None."""
    sample = raw[:_DETECT_BYTES]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still UTF-8.
        if len(sample) == len(raw) or error.start < len(sample) - 3:
            return _detected(sample)
    return "utf-8"


def _detected(sample: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos > best.chaos + _WESTERN_MARGIN:
            break
        if "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


def _is_binary(raw: bytes) -> bool:
    return b"\x00" in raw[:SNIFF_BYTES]


def decode_text(raw: bytes) -> str:
    """A text dump's text, or `UndecodableError` when it is binary or in no known encoding."""
    bom_encoding, bom = read_bom(raw)
    if bom_encoding is not None and bom is not None:
        try:
            return raw[len(bom) :].decode(bom_encoding)
        except UnicodeDecodeError as error:
            raise UndecodableError("undecodable", f"not {bom_encoding} despite its byte order mark: {error}") from error
    if _is_binary(raw):
        raise UndecodableError("binary", "NUL bytes: a binary file")
    encoding = detect_encoding(raw)
    if encoding is None:
        raise UndecodableError("undecodable", "no text encoding fits its bytes")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        # The detector read a sample; bytes further on may not fit a single-byte reading.
        if codecs.lookup(encoding).name == "cp1252":
            return raw.decode("latin-1")
        raise UndecodableError("undecodable", f"bytes past the start are not {encoding}") from None


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """An HTML page's text: BOM, then the `Content-Type` header's charset, then `<meta charset>`,
    then detection; or `UndecodableError` for binary data saved under an HTML name."""
    if read_bom(raw)[0] is None and _is_binary(raw):
        raise UndecodableError("binary", "NUL bytes: not an HTML page")
    _, text = html_to_unicode(content_type, raw, auto_detect_fun=detect_encoding)
    return text
