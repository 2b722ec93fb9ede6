"""The editor after issue 10, through Starlette's TestClient: the outline's numbers are the
built report's (part labels, skipped levels, 无, start, continue), a level's numbering choice is
edited from the outline, lists and tables in the body are shown, edited, added and removed and
saved with only the edited lines changed, and the figure picker words yoy, share, cumulative and
records tables as the build does."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import lxml.html
import pytest

from reportgen.build import compose_input
from reportgen.layout import HEADING_STYLES, Style
from reportgen.web import figure_calls
from tests.web.conftest import INPUTS, csrf, open_session
from tests.web.test_api import set_field, wait_preview

EXAMPLES = sorted(str(p.relative_to(INPUTS)) for p in INPUTS.glob("*/*.yaml") if p.name[:4].isdigit())
LEVELS = {Style.PART_HEADING: 0, **{style: n for n, style in enumerate(HEADING_STYLES, 1)}}


def outline_headings(page: str) -> list[tuple[str, int | None, str, str]]:
    """(number, face level, heading as typed or its placeholder, path) of each heading the outline
    shows, in order."""
    tree = lxml.html.fromstring(page)
    found = []
    for node in tree.xpath('//div[@id="tab-body"]//section[contains(concat(" ", @class, " "), " node ")]'):
        number = node.xpath('./div[@class="node-head"]/span[contains(@class, "number")]')[0]
        face = re.search(r"face-(\d|none)", number.get("class")).group(1)
        heading = node.xpath('./div[@class="node-head"]/*[contains(@class, "heading")]')[0]
        text = heading.get("value") or heading.get("placeholder") or heading.text_content()
        shown = number.text_content()
        found.append(("" if shown == "（无序号）" else shown, None if face == "none" else int(face), text,
                      node.get("id")))
    return found


def built_headings(path: Path) -> list[tuple[str, int]]:
    """(text, level) of every heading of the report the input composes to, as `build` makes it."""
    document = compose_input(path).document
    return [(p.runs[0].text, LEVELS[p.style]) for p in document.paragraphs
            if getattr(p, "style", None) in LEVELS]


def outside_generated(headings: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The headings without those under the summary's generated 上年工作打算完成情况 (the outline
    shows that section, not the targets it lists)."""
    kept, inside = [], None
    for text, level in headings:
        if inside is not None and level > inside:
            continue
        inside = level if text.endswith("上年工作打算完成情况") else None
        kept.append((text, level))
    return kept


def diff_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def regions(before: str, after: str) -> int:
    """How many separate places the file changed in."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line.startswith("@@"))


def outline_op(client, sid: str, op: str, path: str, **extra):
    response = client.post(f"{sid}/outline", data={"op": op, "path": path, **extra}, headers=csrf(client))
    assert response.status_code == 200, response.text
    return response.text


def save(client, sid: str) -> None:
    assert "已保存" in client.post(f"{sid}/save", headers=csrf(client)).text


def preview_text(client, sid: str) -> str:
    page = wait_preview(client, sid, "exact")
    texts = lxml.html.fromstring(f"<div>{page}</div>").xpath('//div[@class="page-text"]')
    return "".join(t.text_content() for t in texts).replace("\n", "").replace(" ", "")


# --- the outline's numbers are the report's --------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES)
def test_outline_numbers_are_those_of_the_built_report(client, workspace, example):
    sid = open_session(client, example)
    wait_preview(client, sid, "exact")  # the figures: whether the summary checks last year's plan
    shown = outline_headings(client.get(sid).text)
    built = outside_generated(built_headings(workspace / example))
    assert len(shown) == len(built), (shown, built)
    for (number, face, heading, where), (text, level) in zip(shown, built, strict=True):
        assert text.startswith(number), (where, number, text)
        assert face == level, (where, number, face, text, level)
        if "{{" not in heading:
            assert text[len(number):] == heading, (where, text, heading)


def test_part_labels_skipped_levels_none_and_starts_are_shown(client):
    binhai = outline_headings(client.get(open_session(client, "binhai-waiban/2020.yaml")).text)
    assert [n for n, face, _, _ in binhai if face == 0] == ["第一部分：", "第二部分："]
    plan = [n for n, _, _, path in binhai if path.startswith("f-plan.sections[1].sections")]
    assert plan == ["（一）", "1.", "2.", "3.", "（二）", "4.", "5."]  # continued across （一）（二）
    kunming = outline_headings(client.get(open_session(client, "kunming-waiban/2019.yaml")).text)
    assert [n for n, face, _, _ in kunming if face == 1] == ["三、", "四、"]
    jinzhong = outline_headings(client.get(open_session(client, "jinzhong-waiban/2019.yaml")).text)
    assert [(n, face) for n, face, _, path in jinzhong if path.startswith("f-summary.sections")] == [
        ("1.", 2), ("2.", 2), ("3.", 2)]  # 一、 then 1., in the second level's face
    binjiang = outline_headings(client.get(open_session(client, "binjiang-waiban/2020.yaml")).text)
    assert [(n, face) for n, face, _, path in binjiang if path.startswith("f-summary.sections")] == [
        ("", 2), ("", 2)]


def test_the_outline_offers_the_schemes_allowed_at_each_place(client):
    page = client.get(open_session(client, "binhai-waiban/2020.yaml")).text
    tree = lxml.html.fromstring(page)

    def options(field_id):
        return [o.get("value") for o in tree.xpath(f'//select[@id="{field_id}"]/option')]

    assert options("f-numbering.style") == ["", "第一部分", "一、", "无"]  # the report's parts
    # Under 二、 at the first level: （一） by default, or deeper; never 第一部分 or 一、.
    assert options("f-plan.sections[1].numbering.style") == ["", "（一）", "1.", "（1）", "无"]
    # Under （一） at the second level: 1. or （1）.
    assert options("f-plan.sections[1].sections[0].numbering.style") == ["", "1.", "（1）", "无"]
    chosen = tree.xpath('//input[@id="f-plan.sections[1].sections[1].numbering.continue"]')[0]
    assert chosen.get("checked") is not None


# --- editing a numbering choice ------------------------------------------------------------------


def test_numbering_choice_edited_from_the_outline_and_the_preview_follows(client, workspace):
    example = "binhai-waiban/2020.yaml"
    before = (workspace / example).read_text(encoding="utf-8")
    sid = open_session(client, example)
    assert "4.服务重点企业" in preview_text(client, sid)
    # （二） no longer continues from （一）'s items: 1. 2. again.
    page = outline_op(client, sid, "numbering", "plan.sections[1].sections[1]", style="", start="1")
    plan = [n for n, _, _, path in outline_headings(page) if path.startswith("f-plan.sections[1].sections")]
    assert plan == ["（一）", "1.", "2.", "3.", "（二）", "1.", "2."]
    text = preview_text(client, sid)
    assert "1.服务重点企业" in text and "4.服务重点企业" not in text
    save(client, sid)
    after = (workspace / example).read_text(encoding="utf-8")
    assert diff_lines(before, after) == ["-          numbering: {continue: true}"]


def test_numbering_choices_written_briefly_where_they_belong(client, workspace):
    example = "kunming-waiban/2019.yaml"
    before = (workspace / example).read_text(encoding="utf-8")
    sid = open_session(client, example)
    page = outline_op(client, sid, "numbering", "", style="", start="5", separator="：")
    assert [n for n, face, _, _ in outline_headings(page) if face == 1] == ["五、", "六、"]
    # A level skipped under the plan: 1. directly under 六、, in the second level's face.
    page = outline_op(client, sid, "numbering", "plan", style="1.", start="1")
    plan = [(n, face) for n, face, _, path in outline_headings(page) if path.startswith("f-plan.sections")]
    assert plan == [("1.", 2), ("2.", 2), ("3.", 2), ("4.", 2)]
    text = preview_text(client, sid)
    assert "五、存在的问题" in text and "六、下一步工作打算" in text and "1.提高政治站位" in text
    save(client, sid)
    after = (workspace / example).read_text(encoding="utf-8")
    assert diff_lines(before, after) == [
        "-numbering: {start: 3}", "+numbering: {start: 5}",
        "+  numbering: '1.'",
    ]
    assert after.index("  numbering: '1.'") > after.index("plan:") > 0
    # Back to the standard sequence: the choice is removed, not written as its default.
    sid = open_session(client, example)
    outline_op(client, sid, "numbering", "plan", style="", start="1")
    outline_op(client, sid, "numbering", "", style="", start="3", separator="：")
    save(client, sid)
    assert diff_lines(before, (workspace / example).read_text(encoding="utf-8")) == []


def test_part_labels_chosen_for_a_report_that_had_none(client, workspace):
    example = "nanchang-waiqiao/2011.yaml"
    sid = open_session(client, example)
    page = outline_op(client, sid, "numbering", "", style="第一部分", start="1", separator="：")
    parts = [(n, face) for n, face, _, _ in outline_headings(page) if face in (0, 1)]
    assert parts[0] == ("第一部分：", 0) and ("一、", 1) in parts
    assert "第一部分：2011年工作总结" in preview_text(client, sid)
    save(client, sid)
    text = (workspace / example).read_text(encoding="utf-8")
    assert "\nnumbering: 第一部分\n" in text


@pytest.mark.parametrize("form, status, message", [
    ({"style": "第九部分"}, 400, "编号方式不能是“第九部分”"), ({"start": "0"}, 400, "起始序号“0”不能小于 1"),
    ({"start": "100"}, 400, "起始序号“100”不能大于 99"), ({"start": "三"}, 400, "起始序号应为整数，而不是“三”"),
    ({"separator": "：：："}, 400, "部分标签后的分隔太长：最多 2 个字"),
])
def test_bad_numbering_requests_are_refused(client, form, status, message):
    """Refused in `check`'s words, the field named as the input names it."""
    sid = open_session(client, "binhai-waiban/2020.yaml")
    data = {"op": "numbering", "path": "", "style": "", "start": "1", **form}
    response = client.post(f"{sid}/outline", data=data, headers=csrf(client))
    assert response.status_code == status
    assert message in response.text
    bad_path = {"op": "numbering", "path": "office", "style": "1."}
    assert client.post(f"{sid}/outline", data=bad_path, headers=csrf(client)).status_code == 400


def test_a_choice_validation_refuses_is_shown_at_its_place(client, workspace):
    example = "binhai-waiban/2020.yaml"
    path = workspace / example
    path.write_text(path.read_text(encoding="utf-8").replace(
        "          numbering: {continue: true}", "          numbering: 一、"), encoding="utf-8")
    sid = open_session(client, example)
    page = client.get(sid).text
    tree = lxml.html.fromstring(page)
    select = tree.xpath('//select[@id="f-plan.sections[1].sections[1].numbering.style"]')[0]
    assert select.xpath("./option[@selected]")[0].text_content() == "一、（此处不可用）"
    preview = wait_preview(client, sid)
    assert 'data-field="plan.sections[1].sections[1].numbering.style"' in preview


# --- lists and tables in the body ----------------------------------------------------------------


def test_lists_and_tables_are_shown_with_their_markers_and_columns(client):
    page = client.get(open_session(client, "jinzhong-waiban/2019.yaml")).text
    tree = lxml.html.fromstring(page)
    listed = tree.xpath('//div[@id="f-summary.sections[1].paragraphs[0].list"]')[0]
    assert [m.text_content() for m in listed.xpath('.//span[@class="marker"]')] == ["一是", "二是", "三是"]
    assert listed.xpath('.//select[@id="f-summary.sections[1].paragraphs[0].list.lead"]/option[@selected]')[
        0].get("value") == "楷体"
    table = tree.xpath('//div[@id="f-summary.sections[2].paragraphs[1].table"]')[0]
    assert table.xpath('.//input[@id="f-summary.sections[2].paragraphs[1].table.caption"]')[0].get(
        "value") == "{{ year }}年主要出访活动"
    headers = [i.get("value") for i in table.xpath('.//table[contains(@class, "records-columns")]//input')]
    assert headers == ["时间", "出访国家", "人数", "主要内容"]
    binhai = lxml.html.fromstring(client.get(open_session(client, "binhai-waiban/2020.yaml")).text)
    markers = binhai.xpath('//div[@id="f-plan.sections[0].paragraphs[0].list"]//span[@class="marker"]')
    assert [m.text_content() for m in markers] == ["第一，", "第二，"]


def test_a_list_item_edited_and_saved_changes_that_line_only(client, workspace):
    example = "jinzhong-waiban/2019.yaml"
    before = (workspace / example).read_text(encoding="utf-8")
    sid = open_session(client, example)
    item = "summary.sections[2].paragraphs[0].list.items[0]"
    assert set_field(client, sid, item, "绘制了新蓝图。出台了三项实施方案。").status_code == 204
    assert "一是绘制了新蓝图。出台了三项实施方案。二是" in preview_text(client, sid)
    save(client, sid)
    after = (workspace / example).read_text(encoding="utf-8")
    assert regions(before, after) == 1
    assert diff_lines(before, after)[1] == '+              - "绘制了新蓝图。出台了三项实施方案。"'
    # The marker chosen: 第一，第二，… , a line added inside the list.
    assert set_field(client, sid, "summary.sections[2].paragraphs[0].list.marker", "第一").status_code == 204
    assert "第一，绘制了新蓝图" in preview_text(client, sid)
    save(client, sid)
    again = (workspace / example).read_text(encoding="utf-8")
    assert diff_lines(after, again) == ["+            marker: 第一"]


def test_list_items_added_moved_and_removed(client, workspace):
    example = "binhai-waiban/2020.yaml"
    sid = open_session(client, example)
    listed = "plan.sections[0].paragraphs[0].list"
    page = outline_op(client, sid, "add-item", listed)
    assert f'id="f-{listed}.items[2]"' in page
    set_field(client, sid, f"{listed}.items[2]", "做好外事工作的宣传。")
    outline_op(client, sid, "item-up", f"{listed}.items[2]")
    text = preview_text(client, sid)
    assert "第二，做好外事工作的宣传。" in text and "第三，加强外事干部队伍建设" in text
    outline_op(client, sid, "delete-item", f"{listed}.items[0]")
    text = preview_text(client, sid)
    assert "第一，做好外事工作的宣传。" in text and "完善市委外事工作委员会工作规则" not in text


def test_a_table_added_edited_and_saved(client, workspace):
    example = "kunming-waiban/2019.yaml"
    path = workspace / example
    before = path.read_text(encoding="utf-8")
    sid = open_session(client, example)
    page = outline_op(client, sid, "add-table", "plan.sections[0]", key="paragraphs")
    found = re.search(r'id="f-(plan\.sections\[0\]\.paragraphs\[(\d+)\]\.table)"', page)
    table = found.group(1)
    set_field(client, sid, f"{table}.caption", "2020年重点工作安排")
    set_field(client, sid, f"{table}.columns[0]", "时间")
    set_field(client, sid, f"{table}.columns[1]", "工作")
    set_field(client, sid, f"{table}.rows[0][0]", "一季度")
    set_field(client, sid, f"{table}.rows[0][1]", "召开外事工作会议")
    outline_op(client, sid, "add-row", table)
    set_field(client, sid, f"{table}.rows[1][0]", "二季度")
    set_field(client, sid, f"{table}.rows[1][1]", "组织外事培训")
    outline_op(client, sid, "add-column", table)
    set_field(client, sid, f"{table}.columns[2]", "人数")
    set_field(client, sid, f"{table}.rows[0][2]", "40")
    set_field(client, sid, f"{table}.rows[1][2]", "25")
    text = preview_text(client, sid)
    assert "2020年重点工作安排" in text and "召开外事工作会议" in text and "组织外事培训" in text
    save(client, sid)
    added = path.read_text(encoding="utf-8")
    assert regions(before, added) == 1
    assert "        - table:\n            caption: 2020年重点工作安排\n            columns: [时间, 工作, 人数]\n" \
           "            rows:\n              - [一季度, 召开外事工作会议, '40']\n" \
           "              - [二季度, 组织外事培训, '25']\n" in added
    # One cell changed: that line only.
    set_field(client, sid, f"{table}.rows[1][1]", "组织外事业务培训")
    save(client, sid)
    edited = path.read_text(encoding="utf-8")
    assert diff_lines(added, edited) == ["-              - [二季度, 组织外事培训, '25']",
                                         "+              - [二季度, 组织外事业务培训, '25']"]
    # A column removed from the header and every row; then the whole table.
    outline_op(client, sid, "delete-column", table, column="1")
    assert "组织外事业务培训" not in preview_text(client, sid)
    outline_op(client, sid, "delete-paragraph", table.removesuffix(".table"))
    save(client, sid)
    assert path.read_text(encoding="utf-8") == before


def test_a_number_cell_stays_a_number(client, workspace):
    example = "binhai-waiban/2020.yaml"
    path = workspace / example
    text = path.read_text(encoding="utf-8")
    last = "守牢涉外疫情防控防线。\"\n"
    assert text.endswith(last)
    path.write_text(text + "        - table:\n            columns: [项目, 人数]\n            rows:\n"
                    "              - [出访, 12]\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    sid = open_session(client, example)
    set_field(client, sid, "plan.sections[2].paragraphs[1].table.rows[0][1]", "13")
    save(client, sid)
    assert diff_lines(before, path.read_text(encoding="utf-8")) == [
        "-              - [出访, 12]", "+              - [出访, 13]"]


def test_records_table_columns_renamed_in_place(client, workspace):
    example = "jinzhong-waiban/2019.yaml"
    before = (workspace / example).read_text(encoding="utf-8")
    sid = open_session(client, example)
    records = "summary.sections[2].paragraphs[1].table.records"
    outline_op(client, sid, "records-column", records, index="0", header="日期", source="日期")
    assert "日期" in preview_text(client, sid)
    save(client, sid)
    after = (workspace / example).read_text(encoding="utf-8")
    assert diff_lines(before, after) == [
        "-              columns: {时间: 日期, 出访国家: 国家或地区, 人数: 人数, 主要内容: 备注}",
        "+              columns: {日期: 日期, 出访国家: 国家或地区, 人数: 人数, 主要内容: 备注}",
    ]


def test_a_list_added_where_asked_and_unknown_block_ops_refused(client, workspace):
    example = "kunming-waiban/2019.yaml"
    sid = open_session(client, example)
    page = outline_op(client, sid, "add-list", "plan", key="paragraphs")
    listed = re.findall(r'id="f-(plan\.paragraphs\[\d+\]\.list)"', page)
    assert len(listed) == 1
    set_field(client, sid, f"{listed[0]}.intro", "主要做了两件事：")
    set_field(client, sid, f"{listed[0]}.items[0]", "加强统筹。")
    set_field(client, sid, f"{listed[0]}.items[1]", "狠抓落实。")
    assert "主要做了两件事：一是加强统筹。二是狠抓落实。" in preview_text(client, sid)
    outline_op(client, sid, "paragraph-up", listed[0].removesuffix(".list"))
    for bad in ({"op": "add-item", "path": "plan.paragraphs[1]"},
                {"op": "add-row", "path": "plan"},
                {"op": "delete-column", "path": "office", "column": "0"},
                {"op": "add-list", "path": "plan", "key": "targets"},
                {"op": "add-list", "path": "summary", "key": "paragraphs"},
                {"op": "add-records-table", "path": "attachments[0].paragraphs[0]", "type": "外事接待",
                 "column": "日期"}):
        assert client.post(f"{sid}/outline", data=bad, headers=csrf(client)).status_code == 400, bad


# --- the figure picker -----------------------------------------------------------------------------


def figure(client, sid: str, **params) -> lxml.html.HtmlElement:
    response = client.get(f"{sid}/figure", params=params)
    assert response.status_code == 200
    return lxml.html.fromstring(f"<div>{response.text}</div>")


def text_of(tree, element_id: str) -> str:
    return tree.xpath(f'//*[@id="{element_id}"]')[0].text_content()


def test_figure_picker_words_yoy_share_and_cumulative_as_the_report_does(client):
    sid = open_session(client, "binjiang-waiban/2021.yaml")
    report = preview_text(client, sid)  # the example states these very calls
    cases = [
        ({"call": "yoy", "type": "外事接待", "measure": "batches", "form": "difference", "prefix": ""},
         "{{ figures.yoy('外事接待', 'batches', form='difference') }}"),
        ({"call": "yoy", "type": "民间交流", "measure": "batches", "form": "times", "prefix": ""},
         "{{ figures.yoy('民间交流', 'batches', form='times') }}"),
        ({"call": "yoy", "type": "因公出国（境）管理", "dim:结果": "批准", "measure": "pair", "places": "0"},
         "{{ figures.yoy('因公出国（境）管理', ['batches', 'persons'], 结果='批准', places=0, prefix='，') }}"),
        ({"call": "share", "type": "外事接待", "dim:渠道": "友城", "measure": "pair", "places": "0"},
         "{{ figures.share('外事接待', ['batches', 'persons'], 渠道='友城', places=0) }}"),
        ({"call": "cumulative", "type": "APEC商务旅行卡", "measure": "batches"},
         "{{ figures.cumulative('APEC商务旅行卡') }}"),
    ]
    for params, expression in cases:
        tree = figure(client, sid, **params)
        assert text_of(tree, "figure-expression") == expression
        wording = text_of(tree, "figure-wording")
        assert wording and wording in report, (expression, wording)
    assert "比上年增长" in text_of(figure(client, sid, **cases[1][0]), "figure-wording")
    assert text_of(figure(client, sid, **cases[2][0]), "figure-wording").startswith("，同比分别")
    percent = figure(client, sid, call="yoy", type="外事接待", measure="persons")
    assert re.fullmatch(r"，同比(增长|下降)\d+\.\d%|，同比持平", text_of(percent, "figure-wording"))


def test_figure_picker_says_when_there_is_no_previous_year(client):
    sid = open_session(client, "jinzhong-waiban/2019.yaml")
    wait_preview(client, sid)
    tree = figure(client, sid, call="yoy", type="外事接待", measure="persons")
    assert text_of(tree, "figure-wording") == ""
    warning = tree.xpath('//*[contains(@class, "figure-warning")]')[0].text_content()
    assert "没有2018年的数据" in warning


def test_figure_picker_records_table_previewed_then_inserted(client, workspace):
    example = "binjiang-waiban/2021.yaml"
    sid = open_session(client, example)
    wait_preview(client, sid)
    tree = figure(client, sid, call="records", type="外事接待", **{"columns-chosen": "1"},
                  column=["对方", "人数"], target="f-summary.sections[1].paragraphs[0]")
    rows = [[c.text_content() for c in row.xpath("./td")] for row in tree.xpath('//table[@id="figure-table"]/tbody/tr')]
    assert [h.text_content() for h in tree.xpath('//table[@id="figure-table"]//th')] == ["对方", "人数"]
    assert ["党宾国宾（汇总）", "64"] in rows and len(rows) == 3
    insert = tree.xpath('//*[@id="figure-insert-table"]')[0]
    assert '"path": "summary.sections[1].paragraphs[0]"' in insert.get("hx-vals")
    page = outline_op(client, sid, "add-records-table", "summary.sections[1].paragraphs[0]",
                      type="外事接待", column=["对方", "人数"])
    assert 'id="f-summary.sections[1].paragraphs[1].table"' in page
    text = preview_text(client, sid)
    assert "党宾国宾（汇总）64" in text
    save(client, sid)
    saved = (workspace / example).read_text(encoding="utf-8")
    assert "        - table:\n            caption: （请在此填写表题）\n            records:\n" \
           "              type: 外事接待\n              columns: {对方: 对方, 人数: 人数}\n" in saved
    assert figure(client, sid, call="records", type="外事接待", **{"columns-chosen": "1"}).xpath(
        '//*[@id="figure-error"]')[0].text_content() == "请至少选择一列。"


def test_figure_picker_offers_the_calls_and_forms_the_figures_have():
    """The picker's names are figures/view.py's calls and figures/comparison.py's forms, each only
    given a label in the web: a name the library drops or renames fails here, not in a clerk's text."""
    from reportgen.figures.comparison import FORMS
    from reportgen.figures.view import FigureView
    from reportgen.web.figure_calls import Call

    assert set(figure_calls.FORMS) == set(FORMS)
    assert all(callable(getattr(FigureView, call)) for call in Call if call is not Call.RECORDS)
    assert set(figure_calls.CALLS) == set(Call)


def test_figure_call_keeps_a_filter_whose_name_cannot_be_a_keyword():
    """结果（是否签约） cannot be written 结果（是否签约）='是': it goes in **{…}, never dropped."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from reportgen.web.figure_calls import FigureCall

    class Recorder:
        def yoy(self, *args, **kwargs):
            return repr((args, sorted(kwargs.items())))

    call = FigureCall(call="yoy", type="接待来访", measure="persons", form="difference",
                      filters={"渠道": "友城", "结果（是否签约）": "是", "if": "甲"})
    printed = ImmutableSandboxedEnvironment().from_string(call.expression()).render(figures=Recorder())
    assert printed == repr((("接待来访", "persons"), sorted(
        {"渠道": "友城", "结果（是否签约）": "是", "if": "甲", "form": "difference", "prefix": "，"}.items())))
