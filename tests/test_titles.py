"""Titles over several lines [GB/T 9704-2012 7.3.1]: 词意完整, lines of at most 20
characters, a 梯形 (上短下长) or a 菱形, on 20 titles of the length offices write."""

from __future__ import annotations

import itertools
import re

import pytest

from reportgen.compose.title import break_points, break_title
from reportgen.typography import NO_LINE_END, NO_LINE_START, text_width_chars

MAX = 20

# (title, the issuer's name it starts with)
TITLES = [
    ("南昌市外事侨务办公室2011年工作总结和2012年工作打算", "南昌市外事侨务办公室"),
    ("昆明市人民政府外事办公室关于国际友好城市工作情况的报告", "昆明市人民政府外事办公室"),
    ("昆明市外事侨务办公室2013年工作总结及2014年工作计划", "昆明市外事侨务办公室"),
    ("南昌市外事侨务办公室关于做好2012年APEC商务旅行卡申办工作的报告", "南昌市外事侨务办公室"),
    ("市外侨办关于开展《华侨权益保护条例》宣传活动和2015年工作打算的报告", ""),
    ("江西省人民政府外事侨务办公室关于2013年度全省因公出国（境）管理工作情况和2014年工作思路的报告",
     "江西省人民政府外事侨务办公室"),
    ("昆明市外事侨务办公室关于贯彻落实《关于外事侨务工作服务区域性国际城市建设的意见》情况的报告",
     "昆明市外事侨务办公室"),
    ("南昌市外事侨务办公室关于2011年外事工作报告", "南昌市外事侨务办公室"),
    ("九江市人民政府外事侨务办公室关于2012年度因公出国（境）团组审批管理情况的报告", "九江市人民政府外事侨务办公室"),
    ("赣州市外事侨务办公室关于申请举办2013年中国（赣州）国际脐橙节外宾接待经费的请示", "赣州市外事侨务办公室"),
    ("昆明市人民政府外事办公室关于加快推进南亚东南亚国际友好城市建设的实施意见", "昆明市人民政府外事办公室"),
    ("南昌市人民政府办公厅转发市外侨办关于进一步加强因公出国（境）管理工作意见的通知", "南昌市人民政府办公厅"),
    ("上饶市外事侨务办公室关于做好2013年春节期间走访慰问归侨侨眷工作的通知", "上饶市外事侨务办公室"),
    ("景德镇市外事侨务办公室关于邀请美国马萨诸塞州代表团参加2012年中国景德镇国际陶瓷博览会的请示",
     "景德镇市外事侨务办公室"),
    ("宜春市外事侨务办公室关于开展2012年全市涉外安全和领事保护工作专项检查情况的报告", "宜春市外事侨务办公室"),
    ("南昌市外事侨务办公室关于与美国圣查尔斯市缔结国际友好城市关系的请示", "南昌市外事侨务办公室"),
    ("萍乡市外事侨务办公室2016年工作总结和2017年工作要点", "萍乡市外事侨务办公室"),
    ("新余市人民政府外事侨务办公室关于组织参加第十四届中日韩友好城市大会有关事项的报告",
     "新余市人民政府外事侨务办公室"),
    ("吉安市外事侨务办公室关于贯彻落实《中华人民共和国出境入境管理法》加强外国人管理工作的意见",
     "吉安市外事侨务办公室"),
    ("南昌市人民政府办公厅转发市外事侨务办公室关于进一步加强和规范全市因公出国（境）管理工作若干意见"
     "及2012年度全市外事侨务工作要点的通知", "南昌市人民政府办公厅"),
]
# Names and terms a reader would not accept split, by title: the segmenter's
# words are checked for every title, these on top.
WHOLE = ["外事侨务办公室", "人民政府", "圣查尔斯市", "马萨诸塞州", "友好城市", "APEC", "中日韩", "因公出国（境）",
         "《华侨权益保护条例》", "《中华人民共和国出境入境管理法》", "代表团", "脐橙节"]


def lines_of(title, office):
    return break_title(title, MAX, office)


def shape(widths: list[float]) -> str:
    """梯形: each line at least as long as the one above; 菱形: growing to a longest
    line longer than the first, then shrinking; anything else is neither."""
    if all(b >= a for a, b in itertools.pairwise(widths)):
        return "梯形"
    turn = next(i for i, (a, b) in enumerate(itertools.pairwise(widths)) if b < a)
    if widths[turn] > widths[0] and all(b <= a for a, b in itertools.pairwise(widths[turn:])):
        return "菱形"
    return "其他"


def test_the_titles_are_of_the_length_offices_write():
    assert len(TITLES) == 20
    widths = [text_width_chars(title) for title, _ in TITLES]
    assert min(widths) > MAX and max(widths) > 60


@pytest.mark.parametrize(("title", "office"), TITLES)
def test_lines_spell_the_title_and_fit(title, office):
    lines = lines_of(title, office)
    assert "".join(lines) == title
    assert all(text_width_chars(line) <= MAX for line in lines), lines
    # No more lines than a line of 20 characters needs, plus one for the shape.
    assert len(lines) <= -(-text_width_chars(title) // MAX) + 1, lines


@pytest.mark.parametrize(("title", "office"), TITLES)
def test_lines_form_a_trapezoid_or_a_diamond(title, office):
    widths = [text_width_chars(line) for line in lines_of(title, office)]
    assert shape(widths) in ("梯形", "菱形"), widths
    if len(widths) == 2:
        assert widths[0] <= widths[1]  # 上短下长, never the longest line first


@pytest.mark.parametrize(("title", "office"), TITLES)
def test_words_stay_whole(title, office):
    import rjieba

    lines = lines_of(title, office)
    cuts = {sum(len(line) for line in lines[:i]) for i in range(1, len(lines))}
    # Every break falls between two words as the segmenter reads the title ...
    starts = set()
    for _, start, end in rjieba.tokenize(title):
        starts.update((start, end))
    assert cuts <= starts, (lines, sorted(cuts - starts))
    # ... never inside a number with its unit, a Latin word, the office's name, or
    # the names and terms above, nor against the 禁则.
    protected = [m.span() for m in re.finditer(r"[0-9A-Za-z]+[年月日届度]?", title)]
    protected += [(title.find(word), title.find(word) + len(word)) for word in [*WHOLE, office]
                  if word and word in title and text_width_chars(word) <= MAX]
    for cut in cuts:
        assert not any(a < cut < b for a, b in protected), (lines, title[:cut])
        assert title[cut] not in NO_LINE_START and title[cut - 1] not in NO_LINE_END


def test_a_book_title_wider_than_a_line_is_broken_only_as_a_last_resort():
    title, office = TITLES[6]
    book = re.search(r"《[^》]*》", title).group()
    assert text_width_chars(book) > MAX
    lines = lines_of(title, office)
    heads = ["".join(lines[:i + 1]) for i in range(len(lines) - 1)]
    inside = [head for head in heads if "《" in head and "》" not in head]
    assert len(inside) == 1, lines  # one break inside it, where it cannot be helped


def test_natural_joints_are_preferred():
    # After the office's name; before 和 in a 总结和打算.
    assert lines_of(*TITLES[0]) == ["南昌市外事侨务办公室", "2011年工作总结和2012年工作打算"]
    assert lines_of(*TITLES[1]) == ["昆明市人民政府外事办公室", "关于国际友好城市工作情况的报告"]


def test_a_short_title_stays_on_one_line_and_forced_breaks_are_kept():
    assert break_title("南昌市外事侨务办公室2011年工作总结", MAX) == ["南昌市外事侨务办公室2011年工作总结"]
    forced = "南昌市外事侨务办公室\n2011年工作总结和2012年工作打算\n"
    assert break_title(forced, MAX) == ["南昌市外事侨务办公室", "2011年工作总结和2012年工作打算"]


def test_the_script_gap_counts_in_a_line_of_twenty():
    # 20 characters with two digits: 18 + 2 × 0.5 ... plus two joins of a fifth each: wider than 20.
    title = "南昌市外事侨务办公室关于2011年工作的报告"
    assert text_width_chars(title) > MAX
    assert len(break_title(title, MAX, "南昌市外事侨务办公室")) == 2


def test_an_office_name_wider_than_the_rest_may_stand_above_a_shorter_line():
    # 中共…办公室 (17) cannot be followed by a longer line: the one layout that keeps
    # the name whole is the 倒梯形, taken only because nothing else fits.
    office = "中共南昌市委外事工作领导小组办公室"
    lines = break_title(f"{office}2015年工作总结和2016年工作打算", MAX, office)
    assert lines == [office, "2015年工作总结和2016年工作打算"]


def test_a_word_wider_than_a_line_is_left_to_the_paginate_stage():
    assert break_title("A" * 60, MAX) == ["A" * 60]


def test_break_points_avoid_numbers_and_units():
    title = "关于2012年度全市外事侨务工作要点的通知书和其他事项的说明材料"
    points = {p.at for p in break_points(title, MAX)}
    assert not points & {3, 4, 5, 6, 7}  # inside 2012 and before 年
