"""Catalogues (#10): the format documented with its JSON Schema (kept equal to the
model), both shipped catalogues valid against it, and their measure words used
wherever a figure is worded."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
from ruamel.yaml import YAML

from reportgen.build import compose_input
from reportgen.catalogue import SHIPPED, load_catalogue, shipped_names
from reportgen.json_schema import schema
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "docs" / "catalogue.schema.json"


def catalogue_json_schema() -> dict:
    return schema("catalogue")


def test_the_documented_schema_is_the_models():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == catalogue_json_schema(), (
        "docs/catalogue.schema.json is out of date: reportgen schema --catalogue -o docs/catalogue.schema.json")


@pytest.mark.parametrize("name", shipped_names())
def test_every_shipped_catalogue_is_valid_against_the_schema(name, tmp_path):
    data = YAML(typ="safe").load((SHIPPED / f"{name}.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, catalogue_json_schema())
    assert load_catalogue(name, tmp_path).types


def test_the_schema_refuses_what_the_loader_refuses():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "types": {"甲": {"label": "甲", "person_unit": "人员"}}},
                            catalogue_json_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "types": {}}, catalogue_json_schema())


def test_the_post_2018_catalogue_names_the_reformed_offices_work():
    types = load_catalogue("waiban-2018", ROOT).types
    for name in ("外事工作委员会", "外事接待", "因公出国（境）管理", "国际友城", "港澳交流", "民间交流",
                 "领事保护与海外安全", "外国人服务", "重大涉外活动"):
        assert name in types, name
    units = {name: (kind.count_unit, kind.person_unit) for name, kind in types.items()}
    assert units["领事保护与海外安全"] == ("件", "人")
    assert units["APEC商务旅行卡"] == ("张", None)
    assert units["涉外项目"] == ("个", None)
    assert units["涉外疫情防控"][1] == "名"


def test_measure_words_reach_the_text_the_statistics_table_and_the_plan_check(tmp_path):
    (tmp_path / "2020.yaml").write_text(textwrap.dedent("""\
        office: 测试市外事办公室
        year: 2020
        date: 2021-01-15
        catalogue: waiban-2018
        summary: {paragraphs: [正文。]}
        plan:
          targets:
            - {label: 对接涉外合作项目, value: 30, count: {activity: 涉外项目, measure: batches}}
        """), encoding="utf-8")
    path = tmp_path / "2021.yaml"
    path.write_text(textwrap.dedent("""\
        office: 测试市外事办公室
        year: 2021
        date: 2022-01-15
        catalogue: waiban-2018
        declared:
          - {类型: 涉外项目, 批次: 40多}
          - {类型: 领事保护与海外安全, 批次: 57, 人数: 88}
        summary:
          paragraphs:
            - "全年对接项目{{ figures.tally('涉外项目') }}，处置案件{{ figures.tally('领事保护与海外安全') }}。"
            - "按个数计{{ figures.tally('领事保护与海外安全').text(count_unit='宗', unit='名') }}。"
            - table:
                caption: 统计表
                statistics: [{type: 涉外项目}, {type: 领事保护与海外安全}]
        """), encoding="utf-8")
    document = compose_input(path).document
    texts = [p.text for p in document.paragraphs]
    assert "全年对接项目40多个，处置案件57件88人。" in texts and "按个数计57宗88名。" in texts
    table = next(p for p in document.paragraphs if p.text.startswith("项目\t"))
    assert table.header[:4] == ("项目", "数量", "人数", "单位")
    assert table.rows[0][:4] == ("涉外合作项目对接", "40多", "—", "个")
    assert table.rows[1][:4] == ("领事保护与协助案件", "57", "88", "件/人")
    assert table.rows[1][4] == "—"  # nothing recorded in 2020: no comparison, not "上年为零"
    assert "1.对接涉外合作项目。计划30个，实际40多个，超额完成。" in texts
