"""Vietnamese text from old spreadsheets, converted to NFC Unicode.

Before Unicode, Vietnamese was typed in 8-bit fonts. Excel stores such a cell as the
Windows-1252 characters of the bytes, so "Nguyễn" typed in .VnTime (TCVN3, the 'ABC'
encoding) reads back as "NguyÔn", and typed in VNI-Times as "Nguyeãn". The tables here
are the project's own, written from TCVN 5712:1993 (VN3) and the VNI-Windows layout;
tests/test_excel_legacy.py checks TCVN3 letter by letter against glibc's iconv
(TCVN5712-1) and VNI against a hand-made list.

A cell is converted by its font when the file tells it (".Vn…" TCVN3, ".Vn…H" TCVN3 in
capitals, "VNI-…" VNI), else by scoring each candidate reading against the shape of
Vietnamese syllables. UTF-8 read as Windows-1252 ("Nguyá»…n") is repaired the same way
(a small reversal of that one mistake: ftfy would bring 1 MB for this)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---- TCVN3 (ABC): one byte per letter --------------------------------------------
# The 67 lower-case letters with marks and the 7 capitals without tone that TCVN3
# defines; toned capitals exist only in the ".VnTimeH"-style fonts, which draw the
# lower-case codes as capitals.
TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}


def _byte_chars(byte: int) -> set[str]:
    """How a byte shows up in a cell: its Windows-1252 character, or (for the five
    bytes 1252 leaves undefined, and in files written as Latin-1) the same code point."""
    chars = {chr(byte)}
    try:
        chars.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:
        pass
    return chars


_TCVN3_CHARS: dict[str, str] = {ch: letter for byte, letter in TCVN3_BYTES.items()
                                for ch in _byte_chars(byte)}
_TCVN3_CHARS.pop(" ", None)

# ---- VNI-Windows: a base letter followed by a mark character ------------------------
_VNI_MARKS_LOWER = {  # mark character -> combining marks it adds
    "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ù": "\u0301", "ï": "\u0323",
    "ê": "\u0306", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303",
    "é": "\u0306\u0301", "ë": "\u0306\u0323",
    "â": "\u0302", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "á": "\u0302\u0301", "ä": "\u0302\u0323",
}
_VNI_TONES = {"ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ù": "\u0301", "ï": "\u0323"}
# Letters VNI writes as one character (no base letter before them).
_VNI_SINGLE_LOWER = {"ì": "ì", "æ": "ỉ", "ó": "ĩ", "í": "í", "ò": "ị", "ô": "ơ", "ö": "ư",
                     "î": "ỵ", "ñ": "đ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeiouy":
        for mark, combining in _VNI_MARKS_LOWER.items():
            if combining.startswith("\u0306") and base != "a":
                continue  # the breve sits only on a
            if combining.startswith("\u0302") and base not in "aeo":
                continue  # the circumflex only on a, e, o
            if base == "i":
                continue  # i is written with its own single characters
            letter = unicodedata.normalize("NFC", base + combining)
            table[base + mark] = letter
            table[(base + mark).upper()] = letter.upper()
    for base, single in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư take the tone marks after them
        for mark, combining in _VNI_TONES.items():
            letter = unicodedata.normalize("NFC", single + combining)
            table[base + mark] = letter
            table[(base + mark).upper()] = letter.upper()
    for single, letter in _VNI_SINGLE_LOWER.items():
        table[single] = letter
        table[single.upper()] = letter.upper()
    return table


VNI_TABLE: dict[str, str] = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))


def from_tcvn3(text: str, *, capitals: bool = False) -> str:
    out = "".join(_TCVN3_CHARS.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", out.upper() if capitals else out)


def from_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text))


def from_mojibake(text: str) -> str | None:
    """UTF-8 bytes that were read as Windows-1252: the text they meant, or None."""
    raw = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            raw.append(code)
            continue
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if code <= 0xFF:
                raw.append(code)
            else:
                return None
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None


# ---- what Vietnamese looks like ---------------------------------------------------
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_NUCLEI = ("uyê", "oai", "oay", "oao", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "iêu",
           "yêu", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă",
           "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi",
           "ươ", "ưu", "yê", "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_SYLLABLE = re.compile("(?:" + "|".join(_INITIALS) + ")(?:" + "|".join(_NUCLEI) + ")(?:"
                       + "|".join(_FINALS) + ")")
_TONES = set("\u0300\u0301\u0303\u0309\u0323")
_WORDS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: an initial, a vowel group, a final, at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str) -> float:
    """How Vietnamese a text looks: +1 per word with marks that is a syllable, -2 per
    word that is not (foreign letters, impossible vowel groups, two tones), 0 for plain
    ASCII words (they read the same in every candidate)."""
    score = 0.0
    for word in _WORDS.findall(text):
        if word.isascii():
            continue
        score += 1 if is_syllable(word) else -2
    if "\ufffd" in text:
        score -= 5
    return score


def encoding_of_font(font_name: str | None) -> str | None:
    """'tcvn3', 'tcvn3-upper', 'vni' or None from a cell's font name."""
    if not font_name:
        return None
    name = font_name.strip()
    lowered = name.lower()
    if lowered.startswith(".vn"):
        return "tcvn3-upper" if name.endswith("H") else "tcvn3"
    if lowered.startswith("vni-") or lowered.startswith("vni "):
        return "vni"
    return None


def convert(text: str, encoding: str | None) -> str:
    if encoding == "tcvn3":
        return from_tcvn3(text)
    if encoding == "tcvn3-upper":
        return from_tcvn3(text, capitals=True)
    if encoding == "vni":
        return from_vni(text)
    return unicodedata.normalize("NFC", text)


SAMPLE = 4096  # a longer text is judged by its start (100,000 letters took 18 ms a cell)


def guess(text: str) -> tuple[str, str]:
    """(converted text, what it was: 'unicode', 'tcvn3', 'vni' or 'mojibake')."""
    nfc_text = unicodedata.normalize("NFC", text)
    if nfc_text.isascii():
        return nfc_text, "unicode"
    if len(text) > SAMPLE:  # judged by its first words, converted whole
        cut = text.rfind(" ", 0, SAMPLE)
        kind = guess(text[:cut if cut > 0 else SAMPLE])[1]
        if kind == "mojibake":
            repaired = from_mojibake(text)
            return (repaired, kind) if repaired is not None else (nfc_text, "unicode")
        return (convert(text, kind), kind) if kind in ("tcvn3", "vni") else (nfc_text, "unicode")
    best, best_kind, best_score = nfc_text, "unicode", vietnamese_score(nfc_text)
    if best_score > 0 and all(is_syllable(w) for w in _WORDS.findall(nfc_text) if not w.isascii()):
        return nfc_text, "unicode"  # already good Vietnamese: the common case, kept fast
    candidates = []
    repaired = from_mojibake(text)
    if repaired is not None and repaired != nfc_text:
        candidates.append((repaired, "mojibake"))
    if all(ord(c) <= 0xFF or c in _TCVN3_CHARS for c in text):
        candidates.append((from_tcvn3(text), "tcvn3"))
        candidates.append((from_vni(text), "vni"))
    for candidate, kind in candidates:
        score = vietnamese_score(candidate)
        if score > best_score:
            best, best_kind, best_score = candidate, kind, score
    return best, best_kind


def clean_text(text: str, font_name: str | None = None) -> str:
    """The Unicode NFC text of a cell, whatever it was typed in: the font decides when
    it names a legacy encoding and the text could be in it, else the best-scoring guess."""
    encoding = encoding_of_font(font_name)
    if encoding is None or not all(ord(c) <= 0xFF or c in _TCVN3_CHARS for c in text):
        return guess(text)[0]
    if encoding == "tcvn3-upper":
        return from_tcvn3(text, capitals=True)
    return text if text.isascii() else convert(text, encoding)
