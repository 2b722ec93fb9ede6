"""The registry of sister cities: totals, those new this year, counts by region."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from reportgen.schema import SisterCity

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.yaml"
OTHER = "其他"


@functools.cache
def region_of_country() -> dict[str, str]:
    data = YAML(typ="safe").load(REGIONS_FILE.read_text(encoding="utf-8"))
    return {country: region for region, countries in data.items() for country in countries}


@dataclass(frozen=True)
class SisterCities:
    cities: tuple[SisterCity, ...]
    year: int

    def in_force(
        self, kind: str = "友好城市", status: str | None = "正式", level: str | None = None
    ) -> list[SisterCity]:
        """Cities of `kind` (and `status`, `level`; None: any) established by the year's end."""
        return [
            c for c in self.cities
            if c.kind == kind and (status is None or c.status == status) and (level is None or c.level == level)
            and (c.established_year is None or c.established_year <= self.year)
        ]

    def count(self, kind: str = "友好城市", status: str | None = "正式", level: str | None = None) -> int:
        """Cities of `kind` in force at the end of the year."""
        return len(self.in_force(kind, status, level))

    def countries(self, kind: str = "友好城市", status: str | None = "正式") -> int:
        return len({c.country for c in self.in_force(kind, status)})

    def new(self, kind: str = "友好城市", status: str | None = "正式") -> list[SisterCity]:
        """Those established in the report's year."""
        return [c for c in self.in_force(kind, status) if c.established_year == self.year]

    def new_count(self, kind: str = "友好城市", status: str | None = "正式") -> int:
        return len(self.new(kind, status))

    def by_region(self, kind: str = "友好城市", status: str | None = "正式") -> list[tuple[str, int]]:
        """(region, count), largest first, ties in the regions file's order."""
        regions = region_of_country()
        counts = Counter(c.region or regions.get(c.country, OTHER) for c in self.in_force(kind, status))
        order = list(dict.fromkeys([*regions.values(), *counts, OTHER]))
        return sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))

    def unknown_countries(self) -> list[str]:
        regions = region_of_country()
        return sorted({c.country for c in self.cities if c.region is None and c.country not in regions})

    @property
    def text(self) -> str:
        """共缔结国际友城23对、友好交流城市20对; a kind with none is left out
        ("友好交流城市0对" says nothing), and with none of either there is no sentence."""
        clauses = [f"{label}{n}对" for label, n in (("国际友城", self.count("友好城市")),
                                                   ("友好交流城市", self.count("友好交流城市"))) if n]
        if not clauses:
            raise ValueError("友城名录（sister_cities）中没有在本年底前已缔结的友好城市，写不出友城数量这一句")
        return "共缔结" + "、".join(clauses)

    def names(self, kind: str = "友好城市", new_only: bool = False) -> str:
        """日本高松市、德国派尼地区 (country + city), for lists in the text."""
        cities = self.new(kind) if new_only else self.in_force(kind)
        return "、".join(f"{c.country}{c.city}" for c in cities)
