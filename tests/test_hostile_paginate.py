"""Silent loss in the PDF that only the paginate stage can see (issue 9, item 4): a character
no embedded face can show, and a run of letters or digits with no break point.

Both need the font metrics of the paginate stage (issue 8); the warning about an
unbreakable run names its line in the input (build._locator). Before the stage, the PDF
showed an empty box for 𠀀 without a word, and 10,000 letters ran off the right edge of
the page (about 70 visible) while the DOCX was fine.
"""

from __future__ import annotations

import pytest

from tests.test_hostile import files_under, line_of, run, write_input


@pytest.mark.parametrize("text", [
    "𠀀",  # U+20000, CJK Extension B: a rare character of a person's or a place's name
    "\U0001F468\u200D\U0001F469\u200D\U0001F467",  # an emoji sequence
    "\U0001F1E8\U0001F1F3",  # a flag
])
def test_a_character_no_embedded_face_can_show_is_an_error_naming_it(capsys, tmp_path, text):
    path = write_input(tmp_path, paragraph=f'"来访的{text}先生一行。"')
    out = tmp_path / "out"
    result = run(capsys, "build", path, "-o", out)
    assert result.status == 2, result.err
    code = f"U+{ord(text[0]):04X}"
    assert code in result.err and text[0] in result.err
    assert f"第 {line_of(path, '来访的')} 行" in result.err
    assert "字体" in result.err  # the fix: install a face that has it, or a fallback chain
    assert files_under(out) == []


@pytest.mark.parametrize("run_text", ["A" * 4_000, "1234567890" * 400])  # under TEXT_CHARS
def test_an_unbreakable_run_is_broken_in_both_renderers_and_warned_about(capsys, tmp_path, area, run_text):
    import docx
    import pdfplumber

    path = write_input(tmp_path, paragraph=f'"编号{run_text}。"')
    out = tmp_path / "out"
    result = run(capsys, "build", path, "-o", out)
    assert result.status == 0, result.err
    assert "断" in result.err  # warned about: the run was broken where it had no break point
    pdf_path = next(p for p in files_under(out) if p.suffix == ".pdf")
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    assert all(c["x1"] <= area.right + 1 for c in chars), "a line runs off the type area"
    body = "".join(c["text"] for c in chars if c["bottom"] <= area.bottom + 1)  # not the page numbers
    assert run_text in body  # broken, not cut: nothing is lost
    docx_path = next(p for p in files_under(out) if p.suffix == ".docx")
    assert run_text in "".join(p.text for p in docx.Document(str(docx_path)).paragraphs)


def test_the_warning_about_an_unbreakable_run_names_its_line(capsys, tmp_path):
    path = write_input(tmp_path, paragraph=f'"编号{"A" * 4_000}。"')
    result = run(capsys, "build", path, "-o", tmp_path / "out", "--format", "docx")
    assert result.status == 0, result.err
    assert f"{path}，第 {line_of(path, '编号')} 行" in result.err
