"""The conventions of Chinese official text (reportgen/typography.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.typography import (
    NO_LINE_END,
    NO_LINE_START,
    SCRIPT_GAP_EM,
    chinese_date,
    chinese_numeral,
    heading_label,
    page_number_text,
    read_chinese_numeral,
    script_gap,
    text_width_chars,
)

# --- numbering ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"), (99, "九十九")],
)
def test_chinese_numeral(n, expected):
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, 100, -1])
def test_chinese_numeral_out_of_range(n):
    with pytest.raises(ValueError, match="out of range"):
        chinese_numeral(n)


@pytest.mark.parametrize(
    ("level", "n", "expected"),
    [(1, 1, "一、"), (2, 2, "（二）"), (3, 3, "3."), (4, 4, "（4）"),
     (1, 12, "十二、"), (2, 10, "（十）"), (3, 12, "12."), (4, 11, "（11）")],
)
def test_heading_label(level, n, expected):
    assert heading_label(level, n) == expected


def test_heading_label_beyond_level_4():
    with pytest.raises(ValueError, match="not in 1-4"):
        heading_label(5, 1)


@pytest.mark.parametrize(("text", "number"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
                                              ("十十", None), ("二二", None)])
def test_chinese_numbers(text, number):
    assert read_chinese_numeral(text) == number



@pytest.mark.parametrize("n", range(1, 100))
def test_numerals_read_back(n):
    assert read_chinese_numeral(chinese_numeral(n)) == n


def test_dates_have_no_zero_padding():
    assert chinese_date(dt.date(2012, 2, 7)) == "2012年2月7日"


def test_page_numbers_have_full_width_dashes():
    assert page_number_text(3) == "\u2014 3 \u2014"


def test_widths_count_cjk_one_and_digits_half():
    assert text_width_chars("工作总结") == 4
    assert text_width_chars("2011") == 2


def test_widths_count_the_script_gap_at_each_join_of_chinese_and_latin():
    # LibreOffice's fifth of an em where a Chinese letter meets a digit or a Latin letter.
    assert text_width_chars("2011年工作总结") == pytest.approx(2 + 5 + SCRIPT_GAP_EM)
    assert text_width_chars("2012年2月27日") == pytest.approx(6.5 + 5 * SCRIPT_GAP_EM)
    assert text_width_chars("高松ROTARY") == pytest.approx(2 + 3 + SCRIPT_GAP_EM)


@pytest.mark.parametrize("before, after", [("年", "2"), ("2", "年"), ("松", "R"), ("é", "字")])
def test_the_script_gap_stands_between_letters_of_two_scripts(before, after):
    assert script_gap(before, after)


@pytest.mark.parametrize("before, after", [(".", "交"), ("%", "的"), ("，", "2"), ("年", "（"), ("字", "字"),
                                           ("1", "2"), ("A", " "), ("“", "江")])
def test_no_script_gap_next_to_punctuation_or_within_one_script(before, after):
    assert not script_gap(before, after)


def test_no_mark_is_both_a_line_start_and_a_line_end():
    assert not set(NO_LINE_START) & set(NO_LINE_END)
