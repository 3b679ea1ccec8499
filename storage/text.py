"""Vietnamese text: NFC storage, accent folding for search, tone-placement-proof
comparison and the Vietnamese sort order (given name, then middle, then family)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks: huyền, hỏi, ngã, sắc, nặng. The vowel marks (breve, circumflex,
# horn) belong to the letter itself (ă, â, ơ …) and are not tones.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}

# Folding table: every combining mark goes, đ becomes d.
_FOLD_TABLE = {code: None for code in range(0x0300, 0x0370)}
_FOLD_TABLE.update({ord("đ"): "d", ord("Đ"): "D"})
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_BLANKS = re.compile(r"[^\S\n]+")  # white space other than a line break


def nfc(value: str | None) -> str | None:
    """Normalise to NFC and trim; collapse runs of spaces inside each line, keep the
    line breaks of a multi-line text."""
    if value is None:
        return None
    lines = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_BLANKS.sub(" ", line).strip() for line in lines).strip()


def fold(value: str | None) -> str:
    """Search form: no diacritics, đ→d, lower case. 'Đường Nguyễn' → 'duong nguyen'."""
    if not value:
        return ""
    return unicodedata.normalize("NFD", value).translate(_FOLD_TABLE).lower()


def fold_words(value: str | None) -> list[str]:
    """The folded words of a text, punctuation and query syntax dropped."""
    return _WORD.findall(fold(value).replace("_", " "))


def same_text(a: str | None, b: str | None) -> bool:
    """Equal ignoring case, NFC/NFD and old or new tone placement ('Hoà' == 'Hòa')."""
    return compare_key(a) == compare_key(b)


def compare_key(value: str | None) -> str:
    """A key that is the same for every spelling of a text that differs only in where
    the tone mark sits or in Unicode form: each word loses its tone mark, which is
    appended at the end of the word."""
    if not value:
        return ""
    out = []
    for word in _SPACES.split(unicodedata.normalize("NFD", value.lower()).strip()):
        tones = "".join(c for c in word if c in TONE_MARKS)
        base = "".join(c for c in word if c not in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones[:1])
    return " ".join(out)


@lru_cache(maxsize=4096)
def _letter(char: str) -> tuple[int, int]:
    """(alphabet rank, tone) of one character; unknown characters rank after 'z'."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = 0
    base = ""
    for c in decomposed:
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        else:
            base += c
    base = unicodedata.normalize("NFC", base)
    if base in _RANK:
        return _RANK[base], tone
    # Anything else (punctuation, symbols, other scripts) after 'z', in code point order
    # up to U+D000 (beyond, they tie: the key must stay clear of the surrogates).
    return len(ALPHABET) + min(ord(base[0]) if base else 0, 0xD000), tone


# A run of digits, read as a whole number; letters and anything else one at a time.
_PIECES = re.compile(r"\d+|\D")
_NUMBER = chr(0x24)  # after the word and part separators, before every letter


def _word_keys(text: str) -> tuple[str, str]:
    """Primary key (letters in Vietnamese order, numbers by their value: "số 2" before
    "số 10") and tone key of a text. NFKC first, so "m²" reads as "m2"; any text works."""
    primary, tones = [], []
    for word in unicodedata.normalize("NFKC", text or "").split():
        word_tone = 0
        for piece in _PIECES.findall(word):
            if piece[0].isdecimal():
                digits = str(int(piece))  # int() reads every script's decimal digits
                primary.append(_NUMBER + chr(0x30 + len(digits)) + digits)
                continue
            rank, tone = _letter(piece)
            primary.append(chr(0x40 + rank))
            word_tone = word_tone or tone
        primary.append(chr(0x22))  # between words: sorts before any letter
        tones.append(chr(0x30 + word_tone))
    return "".join(primary), "".join(tones)


def sort_key(given: str | None, middle: str | None = "", family: str | None = "") -> str:
    """A string that sorts with plain binary comparison in Vietnamese order: letters
    first (a ă â b … đ … ơ … ư …), then tones (ngang, huyền, hỏi, ngã, sắc, nặng),
    by given name, then middle name, then family name."""
    parts = [_word_keys(nfc(p) or "") for p in (given, middle, family)]
    primary = chr(0x21).join(p for p, _ in parts)
    tones = "".join(t for _, t in parts)
    return primary + chr(0x20) + tones


def text_sort_key(value: str | None) -> str:
    """Vietnamese order for any text (names of areas, teams, provinces, communes …),
    word by word, numbers by value. Python lists sort with sorted(key=text_sort_key)."""
    return sort_key(value)


def split_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Hương' → ('Nguyễn', 'Thị', 'Hương'): family, middle, given."""
    words = (nfc(full_name) or "").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def lower_first(value: str) -> str:
    return value[:1].lower() + value[1:] if value else value


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")  # up to 999 tỷ: "nghìn tỷ" reads differently above


def _three_digits(value: int, leading: bool) -> list[str]:
    """A group of three digits as read after a larger group ("không trăm lẻ năm"), or as
    the leading group ("năm")."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """An amount of money as written on a bảng kê or a receipt: 2.400.000 → "Hai triệu bốn
    trăm nghìn đồng", 1.000.005 → "Một triệu không trăm lẻ năm đồng"."""
    if amount < 0 or amount >= 10 ** (3 * len(_GROUPS)):
        raise ValueError(amount)
    if amount == 0:
        return "Không đồng"
    groups = []
    rest = amount
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        words += _three_digits(groups[index], leading=index == len(groups) - 1)
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    sentence = " ".join(words) + " đồng"
    return sentence[:1].upper() + sentence[1:]
