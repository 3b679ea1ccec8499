import unicodedata

import pytest

from storage.text import (
    amount_in_words,
    compare_key,
    fold,
    fold_words,
    nfc,
    same_text,
    sort_key,
    split_name,
)


def test_fold_removes_accents_and_d_stroke():
    assert fold("Đường Nguyễn Trãi") == "duong nguyen trai"
    assert fold("ĐỖ THỊ HƯƠNG") == "do thi huong"
    assert fold_words("Nguyễn-Văn  \"An\" NEAR(") == ["nguyen", "van", "an", "near"]


def test_fold_of_nfd_equals_fold_of_nfc():
    text = "Hoàng Thị Thủy"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "hoang thi thuy"


def test_nfc_normalises_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Trần   Văn  Đức ")
    assert nfc(decomposed) == "Trần Văn Đức"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_old_and_new_tone_placement_compare_equal():
    assert same_text("Hoà", "Hòa")
    assert same_text("Thuỷ", "Thủy")
    assert same_text("Nguyễn Thị Thuỷ", unicodedata.normalize("NFD", "nguyễn thị thủy"))
    assert not same_text("Hòa", "Hoá")
    assert compare_key("Hoà") != compare_key("Hoa")


def test_split_name():
    assert split_name("Nguyễn Thị Hương") == ("Nguyễn", "Thị", "Hương")
    assert split_name("Tôn Nữ Thị Bích Ngọc") == ("Tôn", "Nữ Thị Bích", "Ngọc")
    assert split_name("Lan") == ("", "", "Lan")


def _sorted(names):
    def key(full):
        family, middle, given = split_name(full)
        return sort_key(given, middle, family)
    return sorted(names, key=key)


def test_vietnamese_sort_by_given_name_then_middle_then_family():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Thị Ánh"]
    # An (Thị before Văn), then Ánh, then Bình
    assert _sorted(names) == ["Nguyễn Thị An", "Lê Văn An", "Phạm Thị Ánh", "Trần Văn Bình"]


def test_vietnamese_alphabet_order():
    # a < ă < â ; d < đ ; o < ô < ơ ; u < ư ; 'Đức' comes after every 'D…'
    names = ["Lê Văn Đức", "Lê Văn Dũng", "Lê Văn Ân", "Lê Văn Ăn", "Lê Văn An", "Lê Văn Ơn",
             "Lê Văn Ôn", "Lê Văn On", "Lê Văn Ưng", "Lê Văn Ung"]
    assert _sorted(names) == ["Lê Văn An", "Lê Văn Ăn", "Lê Văn Ân", "Lê Văn Dũng", "Lê Văn Đức",
                              "Lê Văn On", "Lê Văn Ôn", "Lê Văn Ơn", "Lê Văn Ung", "Lê Văn Ưng"]


def test_tone_order_and_tone_placement_in_sorting():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    names = ["A Ma", "A Mạ", "A Má", "A Mã", "A Mả", "A Mà"]
    assert _sorted(names) == ["A Ma", "A Mà", "A Mả", "A Mã", "A Má", "A Mạ"]
    assert sort_key("Hoà") == sort_key("Hòa")
    # letters decide before tones: 'Ánh' (a-n-h) before 'Bà'
    assert sort_key("Ánh") < sort_key("Bà")


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm lẻ năm đồng"),
    (110, "Một trăm mười đồng"),
    (1_005, "Một nghìn không trăm lẻ năm đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (101_000, "Một trăm lẻ một nghìn đồng"),
    (1_170_000, "Một triệu một trăm bảy mươi nghìn đồng"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (3_050_000, "Ba triệu không trăm năm mươi nghìn đồng"),
    (1_000_005, "Một triệu không trăm lẻ năm đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (12_345_678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng"),
])
def test_amount_in_words_as_a_bang_ke_writes_it(amount, words):
    assert amount_in_words(amount) == words


def test_amount_in_words_refuses_what_it_cannot_read():
    for amount in (-1, 10 ** 12):
        with pytest.raises(ValueError):
            amount_in_words(amount)
