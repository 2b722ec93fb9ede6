"""End to end in a real browser: Debian's chromium driven by Playwright, against the editor
served by uvicorn as `reportgen serve` runs it. Screenshots of the main pages go to
tests/web/screenshots/ (not committed) to be looked at."""

from __future__ import annotations

import difflib
import re
import shutil
import time

import docx
import pytest
from playwright.sync_api import expect

from reportgen.layout import STANDARD
from tests import test_docx_format, test_pdf_format
from tests.measure import TypeArea, check_full_lines, docx_text, open_pdf, pdf_text
from tests.web.conftest import INPUTS, screenshot

EXAMPLE = "nanchang-waiqiao/2011.yaml"


@pytest.fixture(autouse=True)
def fresh_files(live_workspace):
    """Each test starts from the examples as shipped (the server and its browser stay up)."""
    for item in list(live_workspace.iterdir()):
        if item.name != "output":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    for item in INPUTS.iterdir():
        shutil.copytree(item, live_workspace / item.name) if item.is_dir() else shutil.copy(item, live_workspace)


def open_example(page, path: str = EXAMPLE):
    page.goto("/")
    page.locator("tr", has_text=path).get_by_role("button", name="打开").click()
    page.wait_for_url(re.compile(r"/s/"))
    page.locator(".pages img").first.wait_for(timeout=60_000)


def version(page) -> int:
    return int(page.locator("#preview-timing").get_attribute("data-version"))


def until(page, condition, timeout: float = 60.0) -> None:
    """Poll from Python: the page's CSP (rightly) forbids the eval that wait_for_function needs."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def wait_exact(page, at_least: int = 0):
    timing = page.locator("#preview-timing")

    def ready():
        return (timing.count() == 1 and timing.get_attribute("data-stage") == "exact"
                and int(timing.get_attribute("data-version")) >= at_least)

    until(page, ready)


def page_text(page) -> str:
    return "".join(page.locator(".page-text").all_text_contents()).replace("\n", "").replace(" ", "")


def saved_diff(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_open_the_example_and_see_its_pages(page):
    page.goto("/")
    screenshot(page, "01-workspace")
    open_example(page)
    wait_exact(page)
    assert page.locator(".pages img").count() == 8
    assert page.locator("#f-office").input_value() == "南昌市外事侨务办公室"
    assert "南昌市外事侨务办公室2011年工作总结和2012年工作打算" in page_text(page)
    assert page.locator(".pages img").first.evaluate("img => img.naturalWidth") > 700
    screenshot(page, "02-editor")
    assert not page.console_errors


def test_edit_a_paragraph_and_the_preview_follows_then_save_changes_that_line_only(page, live_workspace):
    before = (live_workspace / EXAMPLE).read_text(encoding="utf-8")
    open_example(page)
    page.get_by_role("tab", name="正文").click()
    shown = version(page)
    box = page.locator("#f-summary\\.paragraphs\\[0\\]")
    box.fill("今年以来，我办在市委、市政府的正确领导下，全面完成了各项外事侨务工作任务。")
    wait_exact(page, shown + 1)
    assert "全面完成了各项外事侨务工作任务" in page_text(page)
    assert page.locator("#dirty-mark").is_visible()
    screenshot(page, "03-outline-edited")
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("#saved-note").wait_for()
    assert not page.locator("#dirty-mark").is_visible()
    after = (live_workspace / EXAMPLE).read_text(encoding="utf-8")
    assert saved_diff(before, after) == [
        '-    - "' + before.split('    - "', 1)[1].split('"', 1)[0] + '"',
        '+    - "今年以来，我办在市委、市政府的正确领导下，全面完成了各项外事侨务工作任务。"',
    ]
    assert after.startswith("# 南昌市外事侨务办公室 2011年工作总结和2012年工作打算（种子文档 004 的全文）。\n")


def test_add_and_indent_a_section_and_see_its_number(page):
    open_example(page, "kunming-waiban/2019.yaml")
    page.get_by_role("tab", name="正文").click()
    first = page.locator("#f-plan\\.sections\\[0\\]")
    first.locator(".node-tools").get_by_role("button", name="＋同级标题").click()
    new = page.locator("#f-plan\\.sections\\[1\\]")
    expect(new.locator("input.heading").first).to_have_value("新标题")
    assert new.locator(".number").first.text_content() == "（二）"
    new.locator(".node-tools").get_by_role("button", name="降一级 →").click()
    moved = page.locator("#f-plan\\.sections\\[0\\]\\.sections\\[0\\]")
    expect(moved.locator("input.heading").first).to_have_value("新标题")
    assert moved.locator(".number").first.text_content() == "1."
    moved.locator("input.heading").first.fill("加强统筹。")
    wait_exact(page, version(page) + 1)
    assert "1.加强统筹。" in page_text(page)
    moved.scroll_into_view_if_needed()
    screenshot(page, "04-section-indented")


def test_bad_ledger_cell_shows_the_chinese_message_at_that_cell(page):
    open_example(page)
    page.get_by_role("tab", name="台账").click()
    grid = page.locator(".ledger")
    grid.wait_for()
    persons = grid.locator("thead th").all_text_contents().index("人数") - 1
    cell = page.locator(f"#ledger-nanchang-waiqiao-2011-ledger-csv-r0-c{persons}")
    cell.fill("十二")
    message = page.locator(f"#ledger-nanchang-waiqiao-2011-ledger-csv-r0-c{persons}-msg")
    message.wait_for(state="visible")
    assert message.text_content() == "台账记录有误：人数“十二”请用阿拉伯数字书写（如 40多、1.6万）"
    expect(grid.locator(".totals")).to_contain_text("61批718人次")  # the bad row left out of the totals
    cell.scroll_into_view_if_needed()
    screenshot(page, "05-ledger-bad-cell")
    cell.fill("13")
    expect(message).to_have_text("")
    expect(grid.locator(".totals")).to_contain_text("62批731人次")


def test_a_file_changed_on_disk_is_not_overwritten(page, live_workspace):
    open_example(page)
    page.locator("#f-recipient").fill("南昌市人民政府")
    expect(page.locator("#dirty-mark")).to_be_visible()
    theirs = (live_workspace / EXAMPLE).read_text(encoding="utf-8").replace("year: 2011", "year: 2011  # 另一处修改")
    (live_workspace / EXAMPLE).write_text(theirs, encoding="utf-8")
    page.locator("#disk-changed").wait_for()  # said before any save is tried
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("#conflict").wait_for()
    screenshot(page, "06-conflict")
    assert (live_workspace / EXAMPLE).read_text(encoding="utf-8") == theirs
    page.locator("#conflict").get_by_role("button", name=re.compile("两份都保留")).click()
    page.wait_for_selector("text=您的修改已另存为")
    assert (live_workspace / EXAMPLE).read_text(encoding="utf-8") == theirs
    mine = (live_workspace / "nanchang-waiqiao" / "2011（我的修改）.yaml").read_text(encoding="utf-8")
    assert "recipient: 南昌市人民政府" in mine and "另一处修改" not in mine


def test_leaving_with_unsaved_changes_warns(page):
    open_example(page)
    page.locator("#f-recipient").fill("南昌市人民政府")
    expect(page.locator("body")).to_have_attribute("data-dirty", "true")
    page.locator("body").click()  # a user gesture: Chromium asks before unloading only after one
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_build_download_and_measure_both_files(page, tmp_path, example_pdf, example_docx):
    open_example(page)
    page.get_by_role("button", name="生成 DOCX 和 PDF").click()
    page.locator("#download-pdf").wait_for(timeout=60_000)
    screenshot(page, "07-built")
    files = {}
    for fmt in ("pdf", "docx"):
        with page.expect_download() as download:
            page.locator(f"#download-{fmt}").click()
        files[fmt] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[fmt])
    assert files["pdf"].name == "南昌市外事侨务办公室2011年工作总结和2012年工作打算.pdf"
    area = TypeArea.of(STANDARD)
    with open_pdf(files["pdf"]) as pdf:
        test_pdf_format.test_a4_pages(pdf)
        test_pdf_format.test_every_glyph_inside_type_area_except_page_numbers(pdf, area)
        test_pdf_format.test_lines_on_the_grid_22_to_a_full_page(pdf, area, STANDARD)
        assert check_full_lines(pdf, area, STANDARD) > 50
    test_pdf_format.test_all_fonts_embedded(files["pdf"])
    document = docx.Document(str(files["docx"]))
    test_docx_format.test_page_size_and_margins(document)
    test_docx_format.test_doc_grid_lines(document)
    test_docx_format.test_exact_line_pitch_everywhere(document)
    # What the page built is what the command line builds.
    assert pdf_text(files["pdf"]) == pdf_text(example_pdf)
    assert docx_text(files["docx"]) == docx_text(example_docx)


def test_archive_and_find_a_two_character_word(page):
    open_example(page)
    page.get_by_role("button", name="归档").click()
    page.locator("text=已归档").wait_for(timeout=90_000)
    page.goto("/archive")
    page.get_by_role("searchbox").fill("友城")
    page.get_by_role("button", name="检索").click()
    hit = page.locator(".hit").first
    assert "南昌市外事侨务办公室 2011 年" in hit.text_content()
    assert hit.locator("mark").first.text_content() == "友城"
    screenshot(page, "08-archive-search")
    hit.locator("a").click()
    assert page.locator("h1").text_content().startswith("南昌市外事侨务办公室 2011 年")
    assert page.locator("a", has_text=".pdf").count() >= 1


def test_error_in_the_input_links_to_its_field(page):
    open_example(page)
    page.locator("#f-office").fill("")
    link = page.locator(".problem-link").first
    link.wait_for(timeout=30_000)
    assert "发文机关全称（署名）" in link.text_content()
    page.get_by_role("tab", name="正文").click()
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-office"
    screenshot(page, "09-error-linked")


def test_figure_picker_inserts_the_expression(page):
    open_example(page)
    page.get_by_role("tab", name="正文").click()
    box = page.locator("#f-summary\\.paragraphs\\[0\\]")
    box.fill("全年接待外宾")
    box.evaluate("el => el.setSelectionRange(el.value.length, el.value.length)")
    box.locator("xpath=..").get_by_role("button", name="插入数字").click()
    page.locator("#dialog").get_by_label("渠道").select_option("党宾外宾")
    page.locator("#figure-wording", has_text="28批368人次").wait_for()
    screenshot(page, "10-figure-picker")
    page.locator("#figure-insert").click()
    assert box.input_value() == "全年接待外宾{{ figures.tally('接待来访', 渠道='党宾外宾') }}"
    page.locator("#x-summary\\.paragraphs\\[0\\]", has_text="全年接待外宾28批368人次").wait_for(timeout=30_000)


def test_lint_page(page, example_pdf):
    page.goto("/lint")
    page.locator("input[type=file]").set_input_files(str(example_pdf))
    page.get_by_role("button", name="检查").click()
    page.locator("h2").wait_for()
    # What `reportgen lint` finds in the same file is what the page says.
    from reportgen.layout import STANDARD
    from reportgen.lint import lint

    findings = lint(example_pdf, STANDARD)
    errors = sum(1 for f in findings if f.severity == "error")
    said = f"{errors} 处错误，{len(findings) - errors} 处提醒" if findings else "没有发现问题"
    assert page.locator("h2").text_content() == f"{example_pdf.name}：{said}"
    screenshot(page, "11-lint")


def test_a_list_item_edited_in_place_and_the_preview_follows(page, live_workspace):
    open_example(page, "jinzhong-waiban/2019.yaml")
    page.get_by_role("tab", name="正文").click()
    listed = page.locator("#f-summary\\.sections\\[1\\]\\.paragraphs\\[0\\]\\.list")
    expect(listed.locator(".marker")).to_have_text(["一是", "二是", "三是"])
    item = page.locator("#f-summary\\.sections\\[1\\]\\.paragraphs\\[0\\]\\.list\\.items\\[2\\]")
    item.fill("积极搭建对外交往平台。参加推介会，展示晋中风采。")
    wait_exact(page, version(page) + 1)
    assert "三是积极搭建对外交往平台。参加推介会，展示晋中风采。" in page_text(page)
    listed.scroll_into_view_if_needed()
    screenshot(page, "12-list-edited")
    table = page.locator("#f-summary\\.sections\\[2\\]\\.paragraphs\\[1\\]\\.table")
    table.scroll_into_view_if_needed()
    expect(table.locator("table.records-columns input")).to_have_count(4)
    screenshot(page, "13-records-table")
