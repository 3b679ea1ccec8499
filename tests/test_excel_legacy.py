"""TCVN3 letter by letter against glibc's iconv, VNI against a hand-made list, mojibake
repair and the per-cell guess."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.excel.legacy import (
    TCVN3_BYTES,
    clean_text,
    encoding_of_font,
    from_mojibake,
    from_tcvn3,
    from_vni,
    guess,
    is_syllable,
)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv is not installed")
def test_tcvn3_letters_match_glibc_iconv():
    """glibc's TCVN5712-1 is TCVN 5712:1993 VN1, which fills the slots TCVN3 (VN3, 'ABC')
    leaves empty with toned capitals; every letter TCVN3 defines must read the same."""
    for byte, letter in TCVN3_BYTES.items():
        done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                              capture_output=True, check=True)
        assert done.stdout.decode("utf-8") == letter, hex(byte)
    assert len(TCVN3_BYTES) == 67 + 7  # every lower-case letter with marks, and Ă Â Ê Ô Ơ Ư Đ


def test_tcvn3_as_excel_stores_it():
    # Excel keeps each byte as its Windows-1252 character: 0xD4 'Ô' is ễ, 0xA8 '¨' is ă.
    assert from_tcvn3("NguyÔn V¨n Hïng") == "Nguyễn Văn Hùng"
    assert from_tcvn3("Hµ Néi") == "Hà Nội"
    assert from_tcvn3("§«ng H¶i") == "Đông Hải"
    assert from_tcvn3("nguyÔn v¨n hïng", capitals=True) == "NGUYỄN VĂN HÙNG"


VNI_HAND_MADE = {
    "Nguyeãn Vaên Huøng": "Nguyễn Văn Hùng",
    "Ñaø Naüng": "Đà Nẵng",
    "Thaønh phoá Hoà Chí Minh": "Thành phố Hồ Chí Minh",
    "Vieät Nam": "Việt Nam",
    "Traàn Thò Thu Höông": "Trần Thị Thu Hương",
    "Phaïm Ngoïc Thaïch": "Phạm Ngọc Thạch",
    "Ñoàng Thaùp": "Đồng Tháp",
    "Quaûng Ngaõi": "Quảng Ngãi",
    "Ngöôøi": "Người",
    "Lôïi": "Lợi",
    "Kyø": "Kỳ",
    "Ñoã Thò Mỵ": "Đỗ Thị Mỵ",
    "tröôûng": "trưởng",
    "Chöõ": "Chữ",
    "NGUYEÃN VAÊN AÙNH": "NGUYỄN VĂN ÁNH",
    "ÔÛ": "Ở",
    "hoøa giaûi": "hòa giải",
    "Söï": "Sự",
    "Laéng": "Lắng",
    "Taäp": "Tập",
    "Khuyeân": "Khuyên",
    "Lyù": "Lý",
    "Mæ": "Mỉ",
    "Tróa": "Trĩa",
    "Ó": "Ĩ",
}


@pytest.mark.parametrize(("vni", "unicode"), VNI_HAND_MADE.items())
def test_vni_hand_made_list(vni, unicode):
    assert from_vni(vni) == unicode


def test_mojibake_repair():
    assert from_mojibake("Nguyá»…n VÄƒn HÃ¹ng") == "Nguyễn Văn Hùng"
    assert from_mojibake("Nguyễn") is None  # not mojibake at all


@pytest.mark.parametrize(("text", "expected", "kind"), [
    ("Nguyễn Văn Hùng", "Nguyễn Văn Hùng", "unicode"),
    ("Nguyen Van Hung", "Nguyen Van Hung", "unicode"),
    ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng", "tcvn3"),
    ("Lª ThÞ Hoa", "Lê Thị Hoa", "tcvn3"),
    ("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng", "vni"),
    ("Nguyá»…n VÄƒn HÃ¹ng", "Nguyễn Văn Hùng", "mojibake"),
    ("Nguye\u0302\u0303n", "Nguyễn", "unicode"),   # combining marks → NFC
])
def test_guess_by_vietnamese_syllables(text, expected, kind):
    assert guess(text) == (expected, kind)


def test_font_decides_first():
    assert encoding_of_font(".VnTime") == "tcvn3"
    assert encoding_of_font(".VnTimeH") == "tcvn3-upper"
    assert encoding_of_font("VNI-Times") == "vni"
    assert encoding_of_font("Times New Roman") is None
    assert clean_text("nguyÔn", ".VnArialH") == "NGUYỄN"
    assert clean_text("Hoà", "VNI-Times") == "Hồ"      # VNI: 'oà' is ồ, whatever a guess says
    assert clean_text("Hoà", "Times New Roman") == "Hoà"
    assert clean_text("Đông Hải", ".VnTime") == "Đông Hải"  # Unicode typed in an old font


def test_syllables():
    for word in ("nguyễn", "khuyên", "người", "nghiêng", "quốc", "Đông", "giữa", "oanh"):
        assert is_syllable(word), word
    for word in ("néi", "hïng", "vªn", "nguyôn", "ằà"):
        assert not is_syllable(word), word


# Every letter with a mark as VNI-Windows types it, written out by hand from the VNI
# keyboard table (base letter, then the mark character; i, ơ, ư, ỵ, đ are one character).
VNI_LETTERS = """
aø à aû ả aõ ã aù á aï ạ
aê ă aè ằ aú ẳ aü ẵ aé ắ aë ặ
aâ â aà ầ aå ẩ aã ẫ aá ấ aä ậ
eø è eû ẻ eõ ẽ eù é eï ẹ
eâ ê eà ề eå ể eã ễ eá ế eä ệ
ì ì æ ỉ ó ĩ í í ò ị
oø ò oû ỏ oõ õ où ó oï ọ
oâ ô oà ồ oå ổ oã ỗ oá ố oä ộ
ô ơ ôø ờ ôû ở ôõ ỡ ôù ớ ôï ợ
uø ù uû ủ uõ ũ uù ú uï ụ
ö ư öø ừ öû ử öõ ữ öù ứ öï ự
yø ỳ yû ỷ yõ ỹ yù ý î ỵ
ñ đ
""".split()


def test_vni_every_letter_both_cases():
    pairs = list(zip(VNI_LETTERS[::2], VNI_LETTERS[1::2]))
    assert len(pairs) == 67
    for vni, letter in pairs:
        assert from_vni(vni) == letter, vni
        assert from_vni(vni.upper()) == letter.upper(), vni.upper()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, ".VnTime", ".VnTimeH", "VNI-Times", "Arial", ""]))
def test_fuzz_any_text_any_font_gives_nfc_text(text, font):
    import unicodedata

    out = clean_text(text, font)
    assert isinstance(out, str) and unicodedata.is_normalized("NFC", out)
    assert guess(text)[1] in ("unicode", "tcvn3", "vni", "mojibake")
