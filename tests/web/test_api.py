"""Every route of `reportgen serve` through Starlette's TestClient: what it does, every bad
request, the path confinement, CSRF, the access token and the security headers."""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from reportgen.web.app import create_app
from tests.web.conftest import csrf, open_session

EXAMPLE = "nanchang-waiqiao/2011.yaml"


def set_field(client, sid: str, path: str, value, **extra):
    data = {"path": path, "value": value, **extra}
    return client.post(f"{sid}/set", data=data, headers=csrf(client))


def wait_preview(client, sid: str, stage: str = "quick") -> str:
    response = client.get(f"{sid}/preview", params={"stage": stage})
    assert response.status_code == 200
    return response.text


# --- pages and the workspace --------------------------------------------------------------------


def test_home_lists_offices_and_years(client):
    page = client.get("/").text
    assert "南昌市外事侨务办公室" in page and "nanchang-waiqiao/2011.yaml" in page
    assert "昆明市人民政府外事办公室" in page


def test_security_headers_on_every_response(client):
    for url in ("/", "/static/app.css", "/nothing-here"):
        headers = client.get(url).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_elsewhere_and_have_no_inline_script(client):
    sid = open_session(client)
    for url in ("/", sid, "/archive", "/lint"):
        page = client.get(url).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), url
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"<[^>]*\son[a-z]+=", page), url  # no inline event handlers either


def test_vendored_htmx_and_its_licence_are_served(client):
    assert client.get("/static/htmx.min.js").text.startswith("var htmx=")
    assert "Zero-Clause BSD" in client.get("/static/htmx.LICENSE.txt").text


def test_open_makes_an_editor_page_with_the_schema_labels(client):
    sid = open_session(client)
    page = client.get(sid).text
    assert "发文机关全称（署名）" in page and "成文日期" in page and "版头" in page
    assert 'value="南昌市外事侨务办公室"' in page
    assert "（一）" in page and "交流层面进一步拓宽。" in page  # the outline, numbered


@pytest.mark.parametrize("path, status", [
    ("../etc/passwd", 400), ("/etc/passwd", 400), ("nanchang-waiqiao/../../x.yaml", 400),
    ("nanchang-waiqiao/2010.yaml", 404), ("", 400),
])
def test_open_refuses_paths_outside_and_missing_files(client, path, status):
    response = client.post("/open", data={"path": path}, headers=csrf(client), follow_redirects=False)
    assert response.status_code == status


def test_open_refuses_a_symlink_leading_outside(client, workspace, tmp_path):
    (tmp_path / "secret.yaml").write_text("office: 机密文件内容\nyear: 2011\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.yaml", workspace / "nanchang-waiqiao" / "link.yaml")
    response = client.post("/open", data={"path": "nanchang-waiqiao/link.yaml"}, headers=csrf(client))
    assert response.status_code == 400
    assert "机密文件内容" not in response.text
    assert "link.yaml" not in client.get("/").text


def test_open_a_broken_file_says_what_is_wrong_in_chinese(client, workspace):
    (workspace / "nanchang-waiqiao" / "2013.yaml").write_text("office: 某办\nyear: 2013\n  date: [\n", encoding="utf-8")
    response = client.post("/open", data={"path": "nanchang-waiqiao/2013.yaml"}, headers=csrf(client))
    assert response.status_code == 422
    assert "YAML 格式错误" in response.text and "nanchang-waiqiao/2013.yaml" in response.text


def test_unknown_session_is_404(client):
    assert client.get("/s/nope").status_code == 404
    assert client.post("/s/nope/save", headers=csrf(client)).status_code == 404


# --- CSRF, host, token, sizes -------------------------------------------------------------------


STATE_CHANGING = ["/open", "/new", "/s/x/set", "/s/x/list", "/s/x/outline", "/s/x/save", "/s/x/reload",
                  "/s/x/keep-both", "/s/x/restore", "/s/x/build", "/s/x/archive", "/s/x/ledger/cell",
                  "/s/x/ledger/row", "/s/x/ledger/save", "/s/x/ledger/reload", "/upload/ledger/x", "/lint"]


@pytest.mark.parametrize("url", STATE_CHANGING)
def test_every_state_changing_route_needs_the_csrf_token(client, url):
    assert client.post(url, data={"path": EXAMPLE}).status_code == 403
    assert client.post(url, data={"path": EXAMPLE}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.post(url, data={"path": EXAMPLE, "csrf_token": "wrong"}).status_code == 403


def test_csrf_token_in_a_form_field_works_and_a_foreign_origin_does_not(client):
    token = client.cookies.get("reportgen_csrf")
    ok = client.post("/open", data={"path": EXAMPLE, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    foreign = client.post("/open", data={"path": EXAMPLE}, follow_redirects=False,
                          headers={**csrf(client), "Origin": "http://evil.example"})
    assert foreign.status_code == 403


def test_unknown_host_is_refused(workspace):
    app = create_app(workspace, hosts=["127.0.0.1:8765"], warm=False)
    with TestClient(app, base_url="http://127.0.0.1:8765") as ok:
        assert ok.get("/").status_code == 200
    with TestClient(app, base_url="http://rebound.example:8765") as rebound:
        assert rebound.get("/").status_code == 400


def test_access_token_is_required_when_served_beyond_this_machine(workspace):
    app = create_app(workspace, access_token="s3cret-token", warm=False)
    with TestClient(app, base_url="http://192.0.2.1") as browser:
        assert browser.get("/").status_code == 403
        assert browser.get("/static/app.css").status_code == 403
        assert browser.get("/?token=wrong").status_code == 403
        first = browser.get("/?token=s3cret-token", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert "HttpOnly" in first.headers["set-cookie"]
        assert browser.get("/").status_code == 200


def test_oversized_bodies_are_refused(client):
    sid = open_session(client)
    big = "字" * 1_000_000
    assert set_field(client, sid, "office", big).status_code == 413
    huge = b"x" * 26_000_000
    response = client.post("/lint", files={"upload": ("a.pdf", huge)}, data={"csrf_token": client.cookies.get(
        "reportgen_csrf")})
    assert response.status_code == 413


# --- editing, preview ---------------------------------------------------------------------------


def test_set_field_converts_by_schema_and_refuses_unknown_fields(client, workspace):
    sid = open_session(client)
    assert set_field(client, sid, "year", "2011").status_code == 204
    assert set_field(client, sid, "nonsense", "x").status_code == 400
    assert set_field(client, sid, "summary.bogus[0]", "x").status_code == 400
    assert set_field(client, sid, "office]", "x").status_code == 400
    assert set_field(client, sid, "recipient", "南昌市人民政府").status_code == 204
    response = client.post(f"{sid}/save", headers=csrf(client))
    assert "已保存" in response.text
    text = (workspace / EXAMPLE).read_text(encoding="utf-8")
    assert "\nyear: 2011\n" in text and "\nrecipient: 南昌市人民政府\n" in text


def test_user_text_is_escaped_everywhere(client):
    sid = open_session(client)
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    assert set_field(client, sid, "office", attack).status_code == 204
    assert set_field(client, sid, "summary.paragraphs[0]", attack).status_code == 204
    page = client.get(sid).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    preview = wait_preview(client, sid)
    assert "<script>alert" not in preview


def test_preview_shows_pages_and_the_exact_stage_follows(client):
    sid = open_session(client)
    quick = wait_preview(client, sid)
    assert "与生成的 PDF 一致" in quick  # one rendering: the first pages shown are the PDF's
    keys = re.findall(r"/page/([0-9a-f]{32})\.png", quick)
    assert len(keys) == 8
    image = client.get(f"/page/{keys[0]}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert "immutable" in image.headers["cache-control"]
    exact = wait_preview(client, sid, "exact")
    assert "与生成的 PDF 一致" in exact and 'data-stage="exact"' in exact
    # The exact stage reads the same PDF: the same page images, each still served, and each page's text.
    assert re.findall(r"/page/([0-9a-f]{32})\.png", exact) == keys
    assert all(client.get(f"/page/{key}.png").status_code == 200 for key in keys)
    assert exact.count('<div class="page-text">') == len(keys)
    assert client.get("/page/notahash.png").status_code == 404
    assert client.get("/page/" + "0" * 32 + ".png").status_code == 404


def test_preview_errors_are_the_cli_messages_with_a_link_to_the_field(client):
    from reportgen.build import check
    from reportgen.errors import ReportError

    sid = open_session(client)
    assert set_field(client, sid, "date", "2012-02-30").status_code == 204
    preview = wait_preview(client, sid)
    assert 'data-field="date"' in preview
    with pytest.raises(ReportError) as cli:
        check(Path("tests/fixtures/bad/date_feb30.yaml"))
    assert cli.value.problems[0].message.replace("2012-02-30", "") in preview.replace("2012-02-30", "")


def test_expressions_show_their_current_value(client):
    sid = open_session(client)
    preview = wait_preview(client, sid, "exact")
    assert 'data-path="summary.sections[0].sections[0].paragraphs[0]"' in preview
    assert "共计接待党宾、外宾28批368人次" in preview


def test_an_input_naming_a_file_outside_is_not_built(client, workspace, tmp_path):
    (tmp_path / "outside.csv").write_text("类型,人数\n机密,999\n", encoding="utf-8")
    sid = open_session(client)
    added = client.post(f"{sid}/list", data={"op": "add", "path": "ledger_files"}, headers=csrf(client))
    assert added.status_code == 200
    assert set_field(client, sid, "ledger_files[1]", "../../outside.csv").status_code == 204
    preview = wait_preview(client, sid)
    assert "在工作文件夹之外" in preview and "机密" not in preview
    client.post(f"{sid}/save", headers=csrf(client))
    for action in ("build", "archive"):
        page = client.post(f"{sid}/{action}", headers=csrf(client)).text
        assert "在工作文件夹之外" in page and "机密" not in page and "999" not in page


def test_figure_picker_computes_the_wording_and_the_expression(client):
    sid = open_session(client)
    wait_preview(client, sid)
    page = client.get(f"{sid}/figure", params={"type": "接待来访", "dim:渠道": "党宾外宾"}).text
    assert "28批368人次" in page
    assert "{{ figures.tally(&#39;接待来访&#39;, 渠道=&#39;党宾外宾&#39;) }}" in page
    persons = client.get(f"{sid}/figure", params={"type": "接待来访", "dim:渠道": "党宾外宾", "measure": "persons"})
    assert 'id="figure-wording">368<' in persons.text
    unknown = client.get(f"{sid}/figure", params={"type": "不存在", "dim:渠道": "<b>"}).text
    assert "请选择活动类型" in unknown and "<b>" not in unknown


def test_outline_add_indent_outdent_move_run_in_delete(client, workspace):
    sid = open_session(client, "kunming-waiban/2019.yaml")

    def op(name, path, **extra):
        response = client.post(f"{sid}/outline", data={"op": name, "path": path, **extra}, headers=csrf(client))
        assert response.status_code == 200, response.text
        return response.text

    page = op("add-after", "plan.sections[0]")
    assert 'id="f-plan.sections[1].heading"' in page and 'value="新标题"' in page
    page = op("indent", "plan.sections[1]")
    assert 'id="f-plan.sections[0].sections[0].heading"' in page
    numbered = (r'<span class="number[^"]*"[^>]*>1\.</span>\s*'
                r'<input[^>]*id="f-plan\.sections\[0\]\.sections\[0\]\.heading"')
    assert re.search(numbered, page)
    page = op("outdent", "plan.sections[0].sections[0]")
    assert 'id="f-plan.sections[1].heading"' in page and "plan.sections[0].sections" not in page
    page = op("down", "plan.sections[0]")
    assert re.search(r'id="f-plan\.sections\[1\]\.heading"[^>]*value="提高政治站位', page)
    page = op("run-in", "plan.sections[1]")
    for bad in ({"op": "bogus", "path": "plan"}, {"op": "delete", "path": "office"}):
        assert client.post(f"{sid}/outline", data=bad, headers=csrf(client)).status_code == 400
    op("delete", "plan.sections[0]")
    op("add-paragraph", "plan", key="paragraphs")
    client.post(f"{sid}/save", headers=csrf(client))
    text = (workspace / "kunming-waiban" / "2019.yaml").read_text(encoding="utf-8")
    assert "run_in: true" in text and "（请在此填写正文）" in text


def test_list_edits_add_and_remove_groups_and_items(client, workspace):
    sid = open_session(client, "kunming-waiban/2019.yaml")

    def edit(op, path):
        return client.post(f"{sid}/list", data={"op": op, "path": path}, headers=csrf(client))

    page = edit("add", "header").text
    assert 'id="f-header.number"' in page
    assert set_field(client, sid, "header.number", "昆外办〔2020〕5号").status_code == 204
    page = edit("add", "sister_cities").text
    assert 'id="f-sister_cities[0].city"' in page
    assert edit("delete", "sister_cities[0]").status_code == 200
    assert edit("remove-group", "office").status_code == 400
    assert edit("explode", "header").status_code == 400
    assert edit("add", "no_such_field").status_code == 400
    client.post(f"{sid}/save", headers=csrf(client))
    text = (workspace / "kunming-waiban" / "2019.yaml").read_text(encoding="utf-8")
    assert "header:\n  number: 昆外办〔2020〕5号\n" in text and "sister_cities" not in text


# --- saving, conflicts, history -----------------------------------------------------------------


def test_save_changes_only_the_edited_line_and_keeps_comments(client, workspace):
    before = (workspace / EXAMPLE).read_text(encoding="utf-8")
    sid = open_session(client)
    set_field(client, sid, "summary.paragraphs[0]", "今年以来，我办各项工作取得新进展。")
    assert "已保存" in client.post(f"{sid}/save", headers=csrf(client)).text
    after = (workspace / EXAMPLE).read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(diff) == 2 and diff[1] == '+    - "今年以来，我办各项工作取得新进展。"'
    wait_preview(client, sid, "exact")
    assert not list((workspace / "nanchang-waiqiao").glob(".*"))  # no draft or temporary file left


def test_changed_on_disk_is_never_overwritten(client, workspace):
    sid = open_session(client)
    set_field(client, sid, "recipient", "南昌市人民政府")
    other = (workspace / EXAMPLE).read_text(encoding="utf-8").replace("year: 2011", "year: 2011  # 别人改的")
    (workspace / EXAMPLE).write_text(other, encoding="utf-8")
    assert "disk-changed" in client.get(f"{sid}/status").text
    conflict = client.post(f"{sid}/save", headers=csrf(client)).text
    assert "没有保存" in conflict and "两份都保留" in conflict and "重新载入" in conflict
    assert (workspace / EXAMPLE).read_text(encoding="utf-8") == other
    both = client.post(f"{sid}/keep-both", headers=csrf(client))
    assert both.headers["HX-Redirect"] == sid
    assert (workspace / EXAMPLE).read_text(encoding="utf-8") == other
    mine = (workspace / "nanchang-waiqiao" / "2011（我的修改）.yaml").read_text(encoding="utf-8")
    assert "recipient: 南昌市人民政府" in mine and "别人改的" not in mine
    assert "2011（我的修改）.yaml" in client.get(sid).text


def test_reload_throws_the_draft_away(client, workspace):
    sid = open_session(client)
    set_field(client, sid, "recipient", "甲")
    (workspace / EXAMPLE).write_text((workspace / EXAMPLE).read_text(encoding="utf-8").replace(
        "office: 南昌市外事侨务办公室", "office: 南昌市外事侨务办公室（改）"), encoding="utf-8")
    client.post(f"{sid}/reload", headers=csrf(client))
    page = client.get(sid).text
    assert "南昌市外事侨务办公室（改）" in page and 'value="甲"' not in page and "已重新载入" in page


def test_history_lists_and_restores_earlier_versions(client, workspace):
    original = (workspace / EXAMPLE).read_bytes()
    sid = open_session(client)
    set_field(client, sid, "recipient", "甲")
    client.post(f"{sid}/save", headers=csrf(client))
    page = client.get(f"{sid}/history").text
    stamps = re.findall(r'"stamp": "([^"]+)"', page)
    assert len(stamps) == 1
    assert client.post(f"{sid}/restore", data={"stamp": "../../etc/passwd"}, headers=csrf(client)).status_code == 400
    client.post(f"{sid}/restore", data={"stamp": stamps[0]}, headers=csrf(client))
    assert "已恢复" in client.get(sid).text
    client.post(f"{sid}/save", headers=csrf(client))
    assert (workspace / EXAMPLE).read_bytes() == original
    assert len(re.findall("恢复到编辑器", client.get(f"{sid}/history").text)) == 2


# --- the ledger grid ----------------------------------------------------------------------------

LEDGER = "nanchang-waiqiao/2011-ledger.csv"


def test_ledger_grid_checks_cells_and_saves_the_one_line(client, workspace):
    sid = open_session(client)
    grid = client.get(f"{sid}/ledger", params={"file": LEDGER}).text
    assert "<b>接待来访</b> 62批730人次" in grid
    before = (workspace / LEDGER).read_text(encoding="utf-8")
    bad = client.post(f"{sid}/ledger/cell", data={"file": LEDGER, "row": 0, "col": 5, "value": "十二"},
                      headers=csrf(client)).text
    assert re.search(r'id="ledger-nanchang-waiqiao-2011-ledger-csv-r0-c5-msg"[^>]*>'
                     r'台账记录有误：人数“十二”请用阿拉伯数字书写（如 40多、1\.6万）', bad)
    good = client.post(f"{sid}/ledger/cell", data={"file": LEDGER, "row": 0, "col": 5, "value": "13"},
                       headers=csrf(client)).text
    assert re.search(r'id="ledger-nanchang-waiqiao-2011-ledger-csv-r0-c5-msg" hx-swap-oob="true"></div>', good)
    assert "<b>接待来访</b> 62批731人次" in good
    saved = client.post(f"{sid}/ledger/save", data={"file": LEDGER}, headers=csrf(client))
    # Only the ledger was edited, and it is saved: nothing is left unsaved (build and archive go ahead).
    assert json.loads(saved.headers["hx-trigger"])["rg-changed"]["dirty"] is False
    after = (workspace / LEDGER).read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == ["-接待来访,2011-04-12,英国访赣贸易投资代表团,英国,1,12,,,党宾外宾,,",
                    "+接待来访,2011-04-12,英国访赣贸易投资代表团,英国,1,13,,,党宾外宾,,"]
    assert "共计接待党宾、外宾28批369人次" in wait_preview(client, sid, "exact")


def test_ledger_rows_upload_and_conflict(client, workspace):
    sid = open_session(client)
    client.get(f"{sid}/ledger", params={"file": LEDGER})
    page = client.post(f"{sid}/ledger/row", data={"file": LEDGER, "op": "add"}, headers=csrf(client)).text
    assert "<td class=\"rownum\">新</td>" in page
    upload = "类型,人数,渠道\n接待来访,7,友城\n".encode()
    merged = client.post(f"/upload/ledger/{sid[3:]}", data={"file": LEDGER, "csrf_token": client.cookies.get(
        "reportgen_csrf")}, files={"upload": ("more.csv", upload)}).text
    assert "已合并 1 行" in merged
    bad = client.post(f"/upload/ledger/{sid[3:]}", data={"file": LEDGER, "csrf_token": client.cookies.get(
        "reportgen_csrf")}, files={"upload": ("more.exe", b"MZ")})
    assert bad.status_code == 400
    (workspace / LEDGER).write_text((workspace / LEDGER).read_text(encoding="utf-8") + "荣誉,,某奖,,1,1,,,,,\n",
                                    encoding="utf-8")
    conflict = client.post(f"{sid}/ledger/save", data={"file": LEDGER}, headers=csrf(client)).text
    assert "没有保存" in conflict
    assert client.post(f"{sid}/ledger/row", data={"file": LEDGER, "op": "delete", "row": 999},
                       headers=csrf(client)).status_code == 400


def test_a_ledger_longer_than_the_grid_is_neither_shown_nor_saved(client, workspace, monkeypatch):
    from reportgen.web import ledger_grid

    monkeypatch.setattr(ledger_grid, "MAX_ROWS", 3)
    before = (workspace / LEDGER).read_bytes()
    sid = open_session(client)
    shown = client.get(f"{sid}/ledger", params={"file": LEDGER})
    assert shown.status_code == 404 and "超过 3 行，网页中不能编辑" in shown.text
    saved = client.post(f"{sid}/ledger/save", data={"file": LEDGER}, headers=csrf(client))
    assert saved.status_code == 400 and "网页中不能编辑" in saved.text
    assert (workspace / LEDGER).read_bytes() == before


def test_an_excel_ledger_uploaded_is_merged_through_the_ledger_reader(client, tmp_path):
    import openpyxl

    sid = open_session(client)
    client.get(f"{sid}/ledger", params={"file": LEDGER})
    book = openpyxl.Workbook()
    book.active.append(["类型", "日期", "人数", "渠道"])
    book.active.append(["接待来访", "2011-05-06", 7, "友城"])
    book.save(tmp_path / "more.xlsx")
    merged = client.post(f"/upload/ledger/{sid[3:]}", data={"file": LEDGER, "csrf_token": client.cookies.get(
        "reportgen_csrf")}, files={"upload": ("more.xlsx", (tmp_path / "more.xlsx").read_bytes())}).text
    assert "已合并 1 行" in merged
    last = lxml.html.fromstring(merged).xpath('//table[contains(@class, "ledger")]//tbody/tr')[-1]
    values = [cell.get("value") for cell in last.xpath(".//input")] + \
        [o.get("value") for o in last.xpath(".//select/option[@selected]")]
    assert {"接待来访", "2011-05-06", "7", "友城"} <= set(values)


@pytest.mark.parametrize("file", ["../../etc/passwd", "nanchang-waiqiao/2012-ledger.csv", "/etc/passwd",
                                  "nanchang-waiqiao/2011.yaml"])
def test_ledger_files_not_named_by_the_input_are_refused(client, file):
    sid = open_session(client)
    assert client.get(f"{sid}/ledger", params={"file": file}).status_code == 404
    assert client.post(f"{sid}/ledger/cell", data={"file": file, "row": 0, "col": 0, "value": "x"},
                       headers=csrf(client)).status_code == 400


# --- build, download, archive, search, lint, new ------------------------------------------------


def test_build_then_download_both_files(client, workspace):
    sid = open_session(client)
    set_field(client, sid, "recipient", "甲")
    assert "请先保存，再生成" in client.post(f"{sid}/build", headers=csrf(client)).text
    assert "请先保存，再归档" in client.post(f"{sid}/archive", headers=csrf(client)).text
    client.post(f"{sid}/save", headers=csrf(client))
    page = client.post(f"{sid}/build", headers=csrf(client)).text
    links = dict(re.findall(r'id="download-(docx|pdf)" href="/download\?path=([^"]+)"', page))
    assert set(links) == {"docx", "pdf"}
    pdf = client.get(f"/download?path={links['pdf']}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]
    docx = client.get(f"/download?path={links['docx']}")
    assert docx.content.startswith(b"PK")


@pytest.mark.parametrize("path, status", [
    ("nanchang-waiqiao/2011.yaml", 404), ("../etc/passwd", 400), ("/etc/passwd", 400), ("output/none.pdf", 404),
])
def test_download_serves_built_files_only(client, path, status):
    assert client.get("/download", params={"path": path}).status_code == status


def test_build_with_errors_lists_them(client):
    sid = open_session(client)
    set_field(client, sid, "date", "2012-02-30")
    client.post(f"{sid}/save", headers=csrf(client))
    page = client.post(f"{sid}/build", headers=csrf(client)).text
    assert "未生成任何文件" in page and "不是有效的日期" in page


def test_the_archive_is_where_the_command_line_puts_it(monkeypatch, tmp_path):
    """$REPORTGEN_ARCHIVE as for `reportgen build --archive`, else output/archive in the workspace."""
    from reportgen.web import pipeline

    monkeypatch.delenv("REPORTGEN_ARCHIVE", raising=False)
    assert pipeline.archive_root(tmp_path) == tmp_path / "output" / "archive"
    monkeypatch.setenv("REPORTGEN_ARCHIVE", "/srv/归档")
    assert pipeline.archive_root(tmp_path) == Path("/srv/归档")
    monkeypatch.setenv("REPORTGEN_ARCHIVE", "  ")  # blank: not a folder named by spaces
    assert pipeline.archive_root(tmp_path) == tmp_path / "output" / "archive"


def test_archive_search_two_characters_and_revision_files(client, tmp_path, monkeypatch):
    sid = open_session(client)
    page = client.post(f"{sid}/archive", headers=csrf(client)).text
    assert "已归档" in page and "第 1 版" in page
    rev = re.search(r'/archive/revision\?rev=([^"]+)"', page).group(1)
    hits = client.get("/archive", params={"q": "友城"}).text
    assert "找到 1 份报告" in hits and "<mark>友城</mark>" in hits
    revision = client.get(f"/archive/revision?rev={rev}").text
    assert ".pdf" in revision and "（缺失）" not in revision
    name, size = re.search(r'name=([^"&]+\.pdf)">[^<]*</a></td>\s*<td>(\d+)</td>', revision).groups()
    pdf = client.get(f"/archive/file?rev={rev}&name={name}")
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) == int(size)  # the size listed is the file's
    assert client.get("/archive/file", params={"rev": "../..", "name": "x"}).status_code == 404
    assert client.get("/archive/file", params={"rev": rev.replace("%2F", "/"), "name": "../../../etc/passwd"}
                      ).status_code == 404
    assert client.get("/archive/revision", params={"rev": "../../etc"}).status_code == 404
    assert "检索词是空的" not in client.get("/archive", params={"q": " "}).text
    assert "<script>" not in client.get("/archive", params={"q": "<script>"}).text


def test_lint_an_uploaded_pdf_and_refuse_a_non_document(client, example_pdf):
    token = client.cookies.get("reportgen_csrf")
    page = client.post("/lint", data={"csrf_token": token, "profile": "standard"},
                       files={"upload": ("报告.pdf", example_pdf.read_bytes())}).text
    # What `reportgen lint` finds in the same file, and nothing else, is what the page says.
    from reportgen.layout import STANDARD
    from reportgen.lint import lint

    findings = lint(example_pdf, STANDARD)
    errors = sum(1 for f in findings if f.severity == "error")
    said = f"{errors} 处错误，{len(findings) - errors} 处提醒" if findings else "没有发现问题"
    assert f"<h2>报告.pdf：{said}</h2>" in page
    wrong = client.post("/lint", data={"csrf_token": token}, files={"upload": ("a.docx", b"not a document")})
    assert wrong.status_code == 422 and "不是 DOCX 或 PDF" in wrong.text
    empty = client.post("/lint", data={"csrf_token": token})
    assert empty.status_code == 400


def test_new_year_is_scaffolded_and_opened(client, workspace):
    response = client.post("/new", data={"path": "nanchang-waiqiao/2012.yaml"}, headers=csrf(client),
                           follow_redirects=False)
    assert response.status_code == 303
    # `reportgen new`'s file, beside last year's, is what the editor now edits.
    assert client.get(response.headers["location"]).status_code == 200
    created = (workspace / "nanchang-waiqiao" / "2013.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2013\n" in created
    outside = client.post("/new", data={"path": "../x.yaml"}, headers=csrf(client), follow_redirects=False)
    assert outside.status_code == 400


def test_an_emptied_required_text_says_so_in_chinese(client):
    sid = open_session(client)
    set_field(client, sid, "office", "")
    preview = wait_preview(client, sid)
    assert "发文机关全称（署名）不能为空" in preview and "Value should" not in preview


def test_lint_page_checks_against_the_standard_by_default(client):
    page = client.get("/lint").text
    assert re.search(r'<option value="standard" selected>标准</option>', page)
