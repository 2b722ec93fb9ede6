"""templates/README.md documents what templates and the input's own text may use;
these tests hold it to what is registered, so a documented filter or figure
always exists (in input text too) and a registered one is never undocumented."""

from __future__ import annotations

import dataclasses
import re

from reportgen.compose import filters, text
from reportgen.compose.templates import environment
from reportgen.figures import Comparison, FigureView, Tally
from reportgen.figures.sister_cities import SisterCities
from tests.conftest import ROOT

README = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under a "### title" heading, up to the next heading."""
    start = README.index(f"### {title}")
    end = README.find("\n#", start + 1)
    return README[start:end if end > 0 else None]


def documented(title: str, prefix: str) -> set[str]:
    """Names in the first column of a section's table: `prefix.name…`."""
    found = set()
    for line in section(title).splitlines():
        cell = line.split("|")[1] if line.startswith("|") else ""
        found |= set(re.findall(rf"`{re.escape(prefix)}(\w+)", cell))
    return found


def public(cls) -> set[str]:
    names = {n for n in dir(cls) if not n.startswith("_")}
    if dataclasses.is_dataclass(cls):
        names |= {f.name for f in dataclasses.fields(cls)}
    return names


def test_the_documented_filters_are_the_registered_ones_in_templates_and_input_text():
    names = set(re.findall(r"^\| `(\w+)` \|", section("过滤器"), flags=re.MULTILINE))
    assert names == set(filters.FILTERS)
    template_filters = environment().filters
    assert all(template_filters[name] is filters.FILTERS[name] for name in names)
    assert all(text._env.filters[name] is filters.FILTERS[name] for name in names)


def test_the_documented_figures_are_the_views_whole_surface():
    assert documented("figures 的函数和属性", "figures.") == public(FigureView)


def test_every_documented_name_of_a_tally_a_comparison_and_the_registry_exists():
    tally = documented("合计（figures.tally 的结果）", ".")
    internal = {"notes", "narrow", "filtered"}  # what the view and the figures use, not templates
    assert tally == public(Tally) - internal
    assert documented("友城名录（figures.sister_cities）", ".") <= public(SisterCities)
    comparison = set(re.findall(r"`\.(\w+)`", section("比较（yoy、share、cumulative 的结果）")))
    assert comparison == public(Comparison) - {"notes", "text"}


def test_every_markup_element_the_builder_knows_is_documented():
    # The elements it dispatches on, and those it reads inside them (<heading>'s siblings, a
    # table's <row>s, a list's <item>s); read from the source, so the set must not come out empty.
    known: set[str] = set()
    for name in ("markup.py", "enumeration.py"):
        source = (ROOT / "reportgen" / "compose" / name).read_text(encoding="utf-8")
        known |= set(re.findall(r'tag == "([\w-]+)"', source))
        known |= set(re.findall(r'\.find(?:all)?\("([\w-]+)"\)', source))
    assert {"title", "section", "p", "table", "row", "list", "item", "signature", "end-notes"} <= known, known
    for tag in known:
        assert f"<{tag}" in README, tag
