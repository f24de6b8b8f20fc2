"""Legacy Vietnamese text encodings found in cadastral drawings, converted to Unicode.

Drawings made with the .VnTime (TCVN3/ABC, TCVN 5712:1993) or VNI-Times fonts store
Vietnamese letters as single-byte codes that the CAD file declares as an ordinary
Windows code page (usually ANSI_1252). GDAL decodes them with that code page, so "Đất ở"
typed in TCVN3 arrives as "§Êt ë" and in VNI as "Ñaát ôû". These functions take such
text (already decoded as cp1252) back to the bytes and read them with the right table.

- TCVN3 puts each precomposed lower-case letter in one byte (0xA1–0xFE); capitals with
  a tone mark were drawn with the capital font (.VnTimeH) using the same lower-case
  codes, so they convert to lower case here. Only the basic capitals Ă Â Ê Ô Ơ Ư Đ have
  their own codes.
- VNI writes a base letter followed by one byte for its marks (circumflex/breve/horn and
  tone together), plus single codes for đ, ơ, ư and the tones of i and y.

The tables below were written from the published code charts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Literal

Encoding = Literal["unicode", "tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("unicode", "tcvn3", "vni")

# -- TCVN3 ----------------------------------------------------------------------------
_TCVN3_ROWS = {
    # byte: letter
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}  # fmt: skip
# Each vowel family: the bytes of (grave, hook, tilde, acute, dot below) in order.
_TCVN3_TONES = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONE_ORDER = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)

TCVN3: dict[int, str] = dict(_TCVN3_ROWS)
for _base, _codes in _TCVN3_TONES.items():
    for _mark, _code in zip(_TONE_ORDER, _codes, strict=True):
        TCVN3[_code] = unicodedata.normalize("NFC", _base + _mark)

# -- VNI ------------------------------------------------------------------------------
# Mark bytes that follow a vowel (lower-case form; the capital form is the byte - 0x20).
_VNI_MARKS: dict[int, str] = {
    0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,
    0xE2: _CIRCUMFLEX, 0xE1: _CIRCUMFLEX + _ACUTE, 0xE0: _CIRCUMFLEX + _GRAVE,
    0xE5: _CIRCUMFLEX + _HOOK, 0xE3: _CIRCUMFLEX + _TILDE, 0xE4: _CIRCUMFLEX + _DOT,
    0xEA: _BREVE, 0xE9: _BREVE + _ACUTE, 0xE8: _BREVE + _GRAVE,
    0xFA: _BREVE + _HOOK, 0xFC: _BREVE + _TILDE, 0xEB: _BREVE + _DOT,
}  # fmt: skip
# Single bytes that are letters of their own.
_VNI_LETTERS: dict[int, str] = {
    0xF1: "đ", 0xF4: "ơ", 0xF6: "ư",
    0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ",
}  # fmt: skip
_VNI_VOWELS = set("aeouyAEOUYơưƠƯ")


def _byte_of(ch: str) -> int | None:
    """The single byte a character had before GDAL decoded it as cp1252 (or Latin-1)."""
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        code = ord(ch)
        return code if code < 256 else None


def tcvn3_to_unicode(text: str) -> str:
    out = []
    for ch in text:
        code = _byte_of(ch)
        out.append(TCVN3.get(code, ch) if code is not None and code >= 0xA1 else ch)
    return "".join(out)


def _vni_letter(code: int) -> str | None:
    if code in _VNI_LETTERS:
        return _VNI_LETTERS[code]
    if code + 0x20 in _VNI_LETTERS:
        return _VNI_LETTERS[code + 0x20].upper()
    return None


def _vni_mark(code: int) -> str | None:
    if code in _VNI_MARKS:
        return _VNI_MARKS[code]
    if code + 0x20 in _VNI_MARKS:
        return _VNI_MARKS[code + 0x20]
    return None


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for ch in text:
        code = _byte_of(ch)
        if code is None or code < 0xC0:
            out.append(ch)
            continue
        mark = _vni_mark(code)
        if mark and out and out[-1] and unicodedata.normalize("NFD", out[-1])[0] in _VNI_VOWELS:
            out[-1] = unicodedata.normalize("NFC", out[-1] + mark)
            continue
        if mark and out and out[-1] in "ơưƠƯ":
            out[-1] = unicodedata.normalize("NFC", out[-1] + mark)
            continue
        letter = _vni_letter(code)
        out.append(letter if letter is not None else ch)
    return "".join(out)


def to_unicode(text: str, encoding: Encoding) -> str:
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text)
    if encoding == "vni":
        return vni_to_unicode(text)
    return text


_VIETNAMESE = set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYfjwzFJWZ"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ"
)
_TONES = set(_TONE_ORDER)
# Vowel nuclei (with glides) a Vietnamese syllable may have, tone marks removed.
_VOWEL_CLUSTERS = {
    *("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"),
    *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe"),
    *("oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu"),
    *("ya", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya"),
    *("uyê", "uyu"),
}
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"([aăâeêioôơuưy]{1,3})(ch|ng|nh|c|m|n|p|t)?$"
)


def _strip_tone(ch: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(m for m in unicodedata.normalize("NFD", ch) if m not in _TONES)
    )


def _plausible(word: str) -> bool:
    """Whether a word with non-ASCII letters is a well-formed Vietnamese syllable."""
    letters = "".join(_strip_tone(ch) for ch in word.lower() if ch.isalpha())
    match = _SYLLABLE.match(letters)
    if not match:
        return False
    cluster = match.group(2)
    if match.group(1) in ("gi", "qu") and cluster not in _VOWEL_CLUSTERS:
        return False
    return cluster in _VOWEL_CLUSTERS


def _oddness(text: str) -> int:
    """How un-Vietnamese a text looks: letters outside the alphabet, words with more
    than one tone mark (no syllable has two), and ill-formed syllables."""
    score = 0
    for word in re.split(r"[^\w]+", text):
        if not any(ord(c) > 127 for c in word):
            continue
        toned = 0
        for ch in word:
            if ch.isalpha() and ch not in _VIETNAMESE:
                score += 1
            if any(m in _TONES for m in unicodedata.normalize("NFD", ch)):
                toned += 1
        if toned > 1:
            score += 2
        if not _plausible(word):
            score += 1
    return score


def detect(texts: list[str]) -> Encoding:
    """The encoding under which these labels read as the most plausible Vietnamese;
    Unicode unless a legacy reading is strictly better."""
    sample = list(itertools.islice((t for t in texts if t and not t.isascii()), 500))
    if not sample:
        return "unicode"
    scores = {enc: sum(_oddness(to_unicode(t, enc)) for t in sample) for enc in ENCODINGS}
    best = min(ENCODINGS, key=lambda enc: (scores[enc], ENCODINGS.index(enc)))
    return best


_TCVN3_INVERSE = {letter: code for code, letter in TCVN3.items()}


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (for drawings read by .VnTime-font CAD set-ups). Capitals
    with a tone have no code of their own and are written as the lower-case letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_INVERSE.get(ch) or _TCVN3_INVERSE.get(ch.lower())
        if code is not None:
            out.append(code)
        elif ord(ch) < 128:
            out.append(ord(ch))
        else:
            out += b"?"
    return bytes(out)
