"""Figures from the year's record (#4): totals add up whichever way the ledger is
cut, declared totals stand in or are checked, the sister-city registry counts what
is in force, and last year's plan is checked against this year's result."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.build import compose_input
from reportgen.catalogue import Catalogue
from reportgen.figures import Figures, Tally, compute
from reportgen.ledger import Ledger, Record
from reportgen.load import SourceMap
from reportgen.quantity import Quantity, UnknownFigure
from reportgen.schema import ReportInput, Target

D = Decimal
YEAR = 2012
BASE = {"office": "某市外事侨务办公室", "year": YEAR, "date": "2013-01-15", "summary": {"paragraphs": ["正文。"]}}
SOURCE = SourceMap(file="t.yaml", root=None)

CHANNELS = ("党宾外宾", "友城", "侨胞港澳")
RESULTS = ("批准", "把关")
UNITS = ("市外经贸委", "经开区", "市发改委")
TAGS = ("市领导", "招商", "教育")
COUNTRIES = ("日本", "德国", "美国", "中国香港")
COUNTERPARTS = ("甲团", "乙团", "丙团", "丁团")

CATALOGUE = Catalogue.model_validate({
    "name": "测试目录",
    "types": {
        "接待来访": {"label": "接待来访", "dimensions": {"渠道": {"values": list(CHANNELS)}}},
        "因公出国审批": {"label": "因公出国（境）审批",
                   "dimensions": {"结果": {"values": list(RESULTS)}, "组团单位": {}}},
        "APEC商务旅行卡": {"label": "APEC商务旅行卡", "person_unit": "人"},
        "外专邀请": {"label": "邀请外国人来华（外专）"},
        "拓展友城发展对象": {"label": "拓展友城发展对象"},
    },
})
TYPES = ("接待来访", "因公出国审批", "APEC商务旅行卡")
# For each type, a dimension every generated record carries, and its values.
PARTITIONS = {"接待来访": ("渠道", CHANNELS), "因公出国审批": ("结果", RESULTS)}
MEASURES = ("batches", "persons", "amount", "records")


def record(type_: str, batches: int = 1, persons: int = 0, amount: str | Decimal = "0", *, tags=(),
           country=None, counterpart=None, date=None, **dims: str) -> Record:
    return Record(type=type_, date=date, counterpart=counterpart, country=country, batches=Quantity.exact(batches),
                  persons=Quantity.exact(persons), amount=Quantity.exact(D(amount)), tags=frozenset(tags),
                  dims=tuple(sorted(dims.items())), where="t.csv，第 2 行")


def figures_of(records=(), catalogue: Catalogue = CATALOGUE, **report) -> Figures:
    return compute(ReportInput.model_validate({**BASE, **report}), SOURCE, catalogue, Ledger(tuple(records), ()))


def oracle(records, type_: str, keep=lambda r: True) -> dict[str, Decimal]:
    """The measures of a slice, added up by hand."""
    chosen = [r for r in records if r.type == type_ and keep(r)]
    return {
        "batches": sum((r.batches.value for r in chosen), D(0)),
        "persons": sum((r.persons.value for r in chosen), D(0)),
        "amount": sum((r.amount.value for r in chosen), D(0)),
        "records": D(len(chosen)),
    }


def measures(tally: Tally) -> dict[str, Decimal]:
    return {m: tally.measure(m) for m in MEASURES}


# --- generated ledgers ------------------------------------------------------------------------


@st.composite
def records(draw) -> Record:
    type_ = draw(st.sampled_from(TYPES))
    dims = {}
    if type_ == "接待来访":
        dims["渠道"] = draw(st.sampled_from(CHANNELS))
    elif type_ == "因公出国审批":
        dims["结果"] = draw(st.sampled_from(RESULTS))
        unit = draw(st.none() | st.sampled_from(UNITS))
        if unit:
            dims["组团单位"] = unit
    return record(
        type_,
        batches=draw(st.integers(0, 500)),
        persons=draw(st.integers(0, 500)),
        amount=draw(st.decimals(min_value=0, max_value=D("99999.99"), places=2,
                                allow_nan=False, allow_infinity=False)),
        tags=draw(st.frozensets(st.sampled_from(TAGS))),
        country=draw(st.none() | st.sampled_from(COUNTRIES)),
        counterpart=draw(st.none() | st.sampled_from(COUNTERPARTS)),
        **dims,
    )


ledgers = st.lists(records(), max_size=40)
FAST = settings(max_examples=60, deadline=None)


@FAST
@given(ledgers)
def test_total_is_the_sum_of_the_records(ledger):
    figures = figures_of(ledger)
    for type_ in TYPES:
        assert measures(figures.tally(type_)) == oracle(ledger, type_)
        assert figures.tally(type_).counterparts == len({r.counterpart for r in ledger
                                                         if r.type == type_ and r.counterpart})


@FAST
@given(ledgers)
def test_total_equals_the_sum_over_a_dimensions_values(ledger):
    figures = figures_of(ledger)
    for type_, (dimension, values) in PARTITIONS.items():
        total = measures(figures.tally(type_))
        parts = [measures(figures.tally(type_, **{dimension: value})) for value in values]
        for measure in MEASURES:
            assert sum((p[measure] for p in parts), D(0)) == total[measure], (type_, measure)
        for value, part in zip(values, parts, strict=True):
            assert part == oracle(ledger, type_, lambda r, v=value, d=dimension: r.dim(d) == v)


@FAST
@given(ledgers)
def test_approved_and_refused_partition_the_approvals(ledger):
    figures = figures_of(ledger)
    approved = figures.tally("因公出国审批", 结果="批准")
    refused = figures.tally("因公出国审批", 结果="把关")
    total = figures.tally("因公出国审批")
    assert approved.batches + refused.batches == total.batches
    assert approved.persons + refused.persons == total.persons
    assert approved.amount + refused.amount == total.amount
    assert approved.records + refused.records == total.records
    # Distinct counterparts may stand on both sides, never more than the parts together.
    assert max(approved.counterparts, refused.counterparts) <= total.counterparts
    assert total.counterparts <= approved.counterparts + refused.counterparts


@FAST
@given(ledgers)
def test_countries_partition_the_total(ledger):
    figures = figures_of(ledger)
    for type_ in TYPES:
        total = measures(figures.tally(type_))
        by_country = {c: measures(figures.tally(type_, country=c)) for c in COUNTRIES}
        without = oracle(ledger, type_, lambda r: r.country is None)
        for measure in MEASURES:
            assert sum((p[measure] for p in by_country.values()), without[measure]) == total[measure]
        # countries(): (country, batches), most batches first, only countries with records.
        listed = figures.countries(type_)
        assert dict(listed) == {c: int(p["batches"]) for c, p in by_country.items() if p["records"]}
        assert [b for _, b in listed] == sorted((b for _, b in listed), reverse=True)


@FAST
@given(ledgers, st.data())
def test_order_of_records_does_not_matter(ledger, data):
    shuffled = data.draw(st.permutations(ledger))
    one, other = figures_of(ledger), figures_of(shuffled)
    slices = [{}] + [{"tag": t} for t in TAGS] + [{"country": c} for c in COUNTRIES]
    for type_ in TYPES:
        for kwargs in slices:
            assert one.tally(type_, **kwargs) == other.tally(type_, **kwargs)
        assert one.countries(type_) == other.countries(type_)
    for type_, (dimension, values) in PARTITIONS.items():
        for value in values:
            assert one.tally(type_, **{dimension: value}) == other.tally(type_, **{dimension: value})


@FAST
@given(ledgers)
def test_a_tag_narrows_the_total(ledger):
    figures = figures_of(ledger)
    for type_ in TYPES:
        total = measures(figures.tally(type_))
        for tag in TAGS:
            tagged = measures(figures.tally(type_, tag=tag))
            assert tagged == oracle(ledger, type_, lambda r, t=tag: t in r.tags)
            assert all(tagged[m] <= total[m] for m in MEASURES)
            if type_ == "因公出国审批":
                both = measures(figures.tally(type_, tag=tag, 结果="批准"))
                assert all(both[m] <= tagged[m] for m in MEASURES)


def test_tally_of_the_example_ledger():
    ledger = [
        record("因公出国审批", 1, 6, tags=["招商", "市领导"], 结果="批准"),
        record("因公出国审批", 7, 4, tags=["市领导"], 结果="批准"),
        record("因公出国审批", 142, 442, 结果="批准"),
        record("因公出国审批", 5, 6, 结果="把关"),
    ]
    figures = figures_of(ledger)
    assert str(figures.tally("因公出国审批", 结果="批准")) == "150批452人次"
    assert figures.tally("因公出国审批", 结果="批准").qizhong("市领导", tag="市领导", unit="人") == "其中市领导8批10人"
    assert figures.tally("因公出国审批", 结果="把关").text("、") == "5批、6人次"
    assert figures.warnings == ()


# --- declared totals -----------------------------------------------------------------------------


def test_declared_total_stands_in_when_the_ledger_has_no_record_of_the_type():
    figures = figures_of(declared=[
        {"type": "外专邀请", "batches": 155, "persons": 278},
        {"type": "接待来访", "渠道": "友城", "batches": 21, "persons": 169, "counterparts": 7},
        {"type": "APEC商务旅行卡", "persons": 14, "amount": "2.5"},
    ])
    invited = figures.tally("外专邀请")
    assert (invited.batches, invited.persons, invited.records) == (155, 278, 0)
    assert not invited.amount.known  # not declared: unknown, not 0
    assert str(figures.tally("接待来访", 渠道="友城")) == "21批169人次"
    assert figures.tally("接待来访", 渠道="友城").counterparts == 7
    apec = figures.tally("APEC商务旅行卡")
    assert (apec.persons, apec.amount_text) == (14, "2.5万元")
    with pytest.raises(UnknownFigure, match=r"APEC商务旅行卡.*数量不知道.*declared"):
        str(apec)  # the number of cards was not declared: never "0批14人"
    assert figures.warnings == ()


def test_ledger_wins_over_a_disagreeing_declared_total_with_one_warning():
    ledger = [record("接待来访", 2, 18, 渠道="党宾外宾"), record("接待来访", 1, 12, 渠道="党宾外宾")]
    figures = figures_of(ledger, declared=[{"type": "接待来访", "渠道": "党宾外宾", "batches": 3, "persons": 28}])
    assert str(figures.tally("接待来访", 渠道="党宾外宾")) == "3批30人次"
    # Known when the figures are computed, whether or not a text asks for that total.
    assert len(figures.warnings) == 1
    message = figures.warnings[0].message
    assert "台账合计为 30" in message and "申报合计为 28" in message
    assert "接待来访" in message and "人数" in message
    assert figures.warnings[0].file == "t.yaml"
    assert figures.warnings[0].field == "declared[0]"


def test_agreeing_declared_total_gives_no_warning():
    ledger = [record("接待来访", 2, 18, amount="1.50", 渠道="友城"), record("接待来访", 1, 12, amount="2", 渠道="友城")]
    figures = figures_of(ledger, declared=[
        {"type": "接待来访", "渠道": "友城", "batches": 3, "persons": 30, "amount": "3.5"},
    ])
    assert figures.tally("接待来访", 渠道="友城") == Tally(3, 30, D("3.50"), 2, 0, "人次")
    assert figures.warnings == ()


def test_declared_total_disagreeing_with_the_ledger_names_its_line_in_the_input(tmp_path):
    path = tmp_path / "2012.yaml"
    path.write_text(textwrap.dedent("""\
        office: 某市外事侨务办公室
        year: 2012
        date: 2013-01-15
        activities:
          - {type: 接待来访, 渠道: 党宾外宾, batches: 2, persons: 18}
          - {type: 接待来访, 渠道: 党宾外宾, batches: 1, persons: 12}
        declared:
          - type: 外专邀请
            batches: 155
            persons: 278
          - type: 接待来访
            渠道: 党宾外宾
            batches: 3
            persons: 28
        summary:
          paragraphs:
            - "共计接待党宾、外宾{{ figures.tally('接待来访', 渠道='党宾外宾') }}，PLACEHOLDER"
        """).replace("PLACEHOLDER", "受理外专邀请{{ figures.tally('外专邀请').text('、') }}。"), encoding="utf-8")
    composed = compose_input(path)
    texts = [p.text for p in composed.document.paragraphs]
    assert "共计接待党宾、外宾3批30人次，受理外专邀请155批、278人次。" in texts
    assert len(composed.warnings) == 1
    warning = composed.warnings[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert warning.file == str(path)
    assert warning.line == lines.index("  - type: 接待来访") + 1 == 11
    assert "30" in warning.message and "28" in warning.message
    assert "第 11 行" in str(warning)


def test_tally_with_neither_ledger_nor_declared_is_zero_with_a_note():
    figures = figures_of([record("接待来访", 1, 5, 渠道="友城")])
    tally = figures.tally("外专邀请")
    assert tally == Tally(0, 0, D(0), 0, 0, "人次")
    assert str(tally) == "0批0人次"
    (note,) = tally.notes
    assert "外专邀请" in note.message and "按0计" in note.message
    assert figures.warnings == ()


def test_a_note_becomes_a_warning_at_the_text_that_printed_the_figure(tmp_path):
    path = tmp_path / "2012.yaml"
    path.write_text(textwrap.dedent("""\
        office: 某市外事侨务办公室
        year: 2012
        date: 2013-01-15
        activities:
          - {type: 接待来访, 渠道: 友城, batches: 1, persons: 5}
        summary:
          paragraphs:
            - 第一段。
            - "受理外专邀请{{ figures.tally('外专邀请') }}。"
        """), encoding="utf-8")
    composed = compose_input(path)
    (warning,) = composed.warnings
    assert "按0计" in warning.message
    assert (warning.file, warning.line, warning.field) == (str(path), 9, "summary.paragraphs[1]")


def test_tally_of_a_type_with_records_but_none_in_the_slice_is_zero_without_a_warning():
    figures = figures_of([record("接待来访", 1, 5, 渠道="友城")])
    assert str(figures.tally("接待来访", 渠道="侨胞港澳")) == "0批0人次"
    assert figures.warnings == ()


def test_unknown_type_in_tally_is_an_error_with_a_suggestion():
    figures = figures_of()
    with pytest.raises(ValueError, match="活动类型“接待来方”不在目录中。是不是“接待来访”？"):
        figures.tally("接待来方")
    with pytest.raises(ValueError, match="不在目录中") as err:
        figures.tally("xyz")
    assert "是不是" not in str(err.value)


@pytest.mark.parametrize("call", [("接待来访", {"渠道": "有城"}), ("外专邀请", {"渠道": "友城"})])
def test_unknown_dimension_or_value_in_tally_is_not_silently_zero(call):
    type_, dims = call
    figures = figures_of([record("接待来访", 1, 5, 渠道="友城"), record("外专邀请", 2, 3)])
    with pytest.raises(ValueError, match="渠道"):
        figures.tally(type_, **dims)


# --- sister cities -----------------------------------------------------------------------------

REGISTRY = [
    {"city": "高松市", "country": "日本", "established": 1989},
    {"city": "派尼地区", "country": "德国", "established": "1996-05-10"},
    {"city": "罗州市", "country": "韩国", "established": "2012-04-18"},  # new this year
    {"city": "某某町", "country": "日本", "level": "县级", "established": 2005},
    {"city": "米什科尔茨市", "country": "匈牙利", "status": "意向书", "established": 2012},  # not 正式
    {"city": "圣查尔斯市", "country": "美国", "established": "2013-03-01"},  # not yet in force
    {"city": "富纳富提", "country": "图瓦卢", "established": "2012-10-26"},  # not in the regions file
    {"city": "克拉格勒市", "country": "挪威", "kind": "友好交流城市"},
    {"city": "光州市", "country": "韩国", "kind": "友好交流城市", "established": 2012},
]


@pytest.fixture(scope="module")
def registry() -> Figures:
    return figures_of(sister_cities=REGISTRY)


def test_sister_city_counts(registry):
    cities = registry.sister_cities
    assert cities.count() == 5  # 高松、派尼、罗州、某某町、富纳富提
    assert cities.count(level="市级") == 4
    assert cities.count(level="县级") == 1
    assert cities.count(status="意向书") == 1
    assert cities.count(status=None) == 6  # 意向书 too, but never one not yet in force
    assert cities.count("友好交流城市") == 2
    assert cities.countries() == 4  # 日本、德国、韩国、图瓦卢
    assert cities.text == "共缔结国际友城5对、友好交流城市2对"


def test_sister_cities_new_this_year(registry):
    cities = registry.sister_cities
    assert cities.new_count() == 2
    assert [c.city for c in cities.new()] == ["罗州市", "富纳富提"]
    assert cities.names(new_only=True) == "韩国罗州市、图瓦卢富纳富提"
    assert cities.new_count("友好交流城市") == 1
    assert cities.new_count(status="意向书") == 1
    assert cities.names() == "日本高松市、德国派尼地区、韩国罗州市、日本某某町、图瓦卢富纳富提"


def test_sister_cities_by_region(registry):
    cities = registry.sister_cities
    assert cities.by_region() == [("亚洲", 3), ("欧洲", 1), ("其他", 1)]
    assert cities.by_region("友好交流城市") == [("亚洲", 1), ("欧洲", 1)]  # a tie: the regions file's order


def test_country_outside_the_regions_file_gives_one_warning(registry):
    assert len(registry.warnings) == 1
    warning = registry.warnings[0]
    assert "图瓦卢" in warning.message and "其他" in warning.message
    assert warning.file == "t.yaml"


def test_registry_of_a_later_year_counts_what_was_in_force_then():
    figures = figures_of(sister_cities=REGISTRY, year=2013, date="2014-01-10")
    assert figures.sister_cities.count() == 6
    assert figures.sister_cities.names(new_only=True) == "美国圣查尔斯市"
    assert figures.sister_cities.text == "共缔结国际友城6对、友好交流城市2对"


def test_region_given_in_the_input_is_used():
    figures = figures_of(sister_cities=[{"city": "富纳富提", "country": "图瓦卢", "region": "大洋洲"}])
    assert figures.sister_cities.by_region() == [("大洋洲", 1)]
    assert figures.warnings == ()


# --- last year's plan against this year's result -----------------------------------------------------


def target(label: str, value, count: dict, unit: str = "个") -> Target:
    return Target.model_validate({"label": label, "value": value, "unit": unit, "count": count})


def test_plan_targets_exceeded_met_and_missed():
    ledger = [
        record("接待来访", 30, 414, 渠道="党宾外宾"),
        record("接待来访", 20, 150, 渠道="友城"),
        record("拓展友城发展对象", country="新西兰"),
        record("拓展友城发展对象", country="波兰"),
        record("因公出国审批", 8, 10, tags=["市领导"], 结果="批准"),
    ]
    targets = [
        (("plan", "targets", 0), target("接待党宾外宾", 400, {"activity": "接待来访", "where": {"渠道": "党宾外宾"},
                                                          "measure": "persons"}, unit="人次")),
        (("plan", "targets", 1), target("缔结友好城市", 1, {"sister_cities": "友好城市"})),
        (("plan", "targets", 2), target("拓展新友城发展对象", 3, {"activity": "拓展友城发展对象"})),
        (("plan", "targets", 3), target("市领导出访", 8, {"activity": "因公出国审批", "measure": "batches",
                                                      "where": {"tag": "市领导", "结果": "批准"}}, unit="批")),
    ]
    report = ReportInput.model_validate({**BASE, "sister_cities": REGISTRY[:3]})
    previous_source = SourceMap(file="2011.yaml", root=None)
    figures = compute(report, SOURCE, CATALOGUE, Ledger(tuple(ledger), ()),
                      previous_targets=targets, previous_source=previous_source)
    results = figures.plan_check
    assert [(r.label, r.status, r.met) for r in results] == [
        ("接待党宾外宾", "超额完成", True),
        ("缔结友好城市", "完成", True),
        ("拓展新友城发展对象", "未完成", False),
        ("市领导出访", "完成", True),
    ]
    assert [r.actual for r in results] == [D(414), D(1), D(2), D(8)]
    assert results[0].text == "接待党宾外宾：计划400人次，实际414人次，超额完成。"
    assert results[2].text == "拓展新友城发展对象：计划3个，实际2个，未完成。"
    assert len(figures.warnings) == 1
    warning = figures.warnings[0]
    assert warning.file == "2011.yaml"
    assert warning.field == "plan.targets[2]"
    assert warning.message == "上年计划“拓展新友城发展对象”未完成：拓展新友城发展对象：计划3个，实际2个，未完成。"


def test_fractional_target_in_amount():
    ledger = [record("APEC商务旅行卡", 1, 3, amount="1.25"), record("APEC商务旅行卡", 1, 2, amount="1.20")]
    targets = [(("plan", "targets", 0),
                target("办卡收费", "2.5", {"activity": "APEC商务旅行卡", "measure": "amount"}, unit="万元"))]
    figures = compute(ReportInput.model_validate(BASE), SOURCE, CATALOGUE, Ledger(tuple(ledger), ()),
                      previous_targets=targets, previous_source=SourceMap(file="2011.yaml", root=None))
    (result,) = figures.plan_check
    assert result.text == "办卡收费：计划2.5万元，实际2.45万元，未完成。"
    assert [w.field for w in figures.warnings] == ["plan.targets[0]"]


def test_without_previous_targets_there_is_no_plan_check():
    figures = figures_of([record("拓展友城发展对象")])
    assert figures.plan_check == ()
    assert figures.previous is None
    assert str(figures.yoy("拓展友城发展对象")) == ""
    assert figures.warnings == ()


def test_yoy_against_a_previous_years_figures():
    previous = figures_of([record("接待来访", 28, 368, 渠道="党宾外宾"), record("接待来访", 25, 100, 渠道="友城")],
                          year=2011, date="2012-02-27")
    ledger = (record("接待来访", 30, 414, 渠道="党宾外宾"), record("接待来访", 23, 92, 渠道="友城"))
    current = compute(ReportInput.model_validate(BASE), SOURCE, CATALOGUE, Ledger(ledger, ()), previous=previous)
    assert str(current.yoy("接待来访", 渠道="党宾外宾")) == "同比增长12.5%"
    assert str(current.yoy("接待来访", 渠道="友城")) == "同比下降8%"
    assert str(current.yoy("接待来访", "batches")) == "同比持平"  # 53 both years
    assert str(current.yoy("接待来访", "records")) == "同比持平"
    with pytest.raises(ValueError, match="measure"):
        current.yoy("接待来访", "人次")
