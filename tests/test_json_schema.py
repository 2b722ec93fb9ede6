"""The JSON Schema editors and the web editor read: every example input validates
against it, a misspelt key does not, and every field of every model has a Chinese
title and description, which the error messages use too."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from reportgen.catalogue import SHIPPED
from reportgen.cli import main
from reportgen.errors import ReportError
from reportgen.json_schema import FILE_NAMES, modeline, plain_data, schema, write_beside
from reportgen.load import load_input
from reportgen.validate import validate
from tests.conftest import ROOT

INPUTS = sorted((ROOT / "inputs").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures" / "figures").rglob("2*.yaml"))
CATALOGUES = sorted(SHIPPED.glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("catalogue.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _validator(kind: str):
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_input_is_valid(path):
    errors = list(_validator("input").iter_errors(plain_data(load_input(path).data)))
    assert errors == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalogue_is_valid(path):
    assert list(_validator("catalogue").iter_errors(plain_data(load_input(path).data))) == []


@pytest.mark.parametrize(("key", "where"), [("ofice", ()), ("heding", ("summary", "sections", 0))])
def test_a_misspelt_key_is_rejected(key, where):
    data = plain_data(load_input(ROOT / "inputs" / "nanchang-waiqiao" / "2011.yaml").data)
    node = data
    for part in where:
        node = node[part]
    node[key] = "x"
    errors = list(_validator("input").iter_errors(data))
    assert len(errors) == 1
    best = jsonschema.exceptions.best_match(errors)
    assert best.validator == "additionalProperties" and f"'{key}' was unexpected" in best.message


def test_chinese_dates_and_single_paragraphs_are_valid():
    data = {"office": "某市外事办", "year": 2011, "date": "2012年2月27日",
            "summary": {"paragraphs": "一段文字"}, "profile": "times-digits"}
    assert list(_validator("input").iter_errors(data)) == []
    assert list(_validator("input").iter_errors({**data, "date": "2012年2月"}))


def _fields(kind: str):
    document = schema(kind)
    models = {"(root)": document, **document["$defs"]}
    for model_name, model in models.items():
        for name, field in model.get("properties", {}).items():
            yield model_name, name, field


@pytest.mark.parametrize("kind", ["input", "catalogue"])
def test_every_field_has_a_chinese_title_and_description(kind):
    missing = [(m, n) for m, n, f in _fields(kind)
               if not CJK.search(f.get("title", "")) or not CJK.search(f.get("description", ""))]
    assert missing == []
    document = schema(kind)
    assert CJK.search(document["title"]) and CJK.search(document["description"])
    for name, model in document.get("$defs", {}).items():
        assert name.isascii(), name
        assert CJK.search(model["title"]) and CJK.search(model["description"]), name


def test_messages_use_the_titles(tmp_path):
    path = tmp_path / "2011.yaml"
    path.write_text("office: 某市外事办\nyear: 2011\nsummary:\n  heading: 总结\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        validate(load_input(path))
    assert "缺少必填字段“date”（成文日期）" in [p.message for p in err.value.problems]


def test_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == schema("input")
    assert main(["schema", "--catalogue"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "活动类型目录"


def test_schema_file_beside_a_yaml(tmp_path):
    path = write_beside(tmp_path / "2012.yaml")
    assert path.name == FILE_NAMES["input"] == "reportgen-input.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == schema("input")
    assert modeline() == "# yaml-language-server: $schema=reportgen-input.schema.json"
