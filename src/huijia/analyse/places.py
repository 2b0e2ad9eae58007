"""Places: Chinese provinces, cities and districts resolved through the administrative-division table of
cpca (its `adcodes.csv`: 3,500 divisions with codes and coordinates), and provinces, big cities and
countries in English posts.

cpca's own matcher is not used: importing cpca loads pandas and pkg_resources (gone from current
setuptools), and it costs 2 ms a post. We read its data file without importing the package and match all
names in one Aho–Corasick pass. Provinces and cities also match by their short names (湖南, 东莞);
districts only by full name (天河区), because short district names collide with ordinary words.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from huijia.model import Place

PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("地区", "市", "盟")
_ETHNIC_PREFECTURE = re.compile(r"^(.{2,3}?)(?:[^族]{1,6}族)+自治[州县]$")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6-digit administrative code
    name: str
    level: int  # 1 province, 2 city, 3 district
    lon: float | None
    lat: float | None


class AdminData:
    """Every division by code, and every name (full and short) → divisions."""

    def __init__(self, rows: list[Division]) -> None:
        self.by_code = {d.code: d for d in rows}
        names: dict[str, list[Division]] = {}
        for division in rows:
            for name in _names(division):
                names.setdefault(name, []).append(division)
        automaton: Any = ahocorasick.Automaton()
        for name, divisions in names.items():
            automaton.add_word(name, (name, tuple(divisions)))
        automaton.make_automaton()
        self.automaton = automaton

    def parent(self, division: Division, level: int) -> Division | None:
        code = division.code[: 2 * level].ljust(6, "0")
        found = self.by_code.get(code)
        if found is None and level == 2 and division.code[:2] in ("11", "12", "31", "50"):
            return self.by_code.get(division.code[:2] + "0000")  # municipalities have no city level
        return found


def _names(division: Division) -> list[str]:
    full = division.name
    out = [full]
    if division.level == 1:
        for suffix in PROVINCE_SUFFIXES:
            if full.endswith(suffix) and len(full) - len(suffix) >= 2:
                out.append(full[: -len(suffix)])
                break
    elif division.level == 2:
        for suffix in CITY_SUFFIXES:
            if full.endswith(suffix) and len(full) - len(suffix) >= 2:
                out.append(full[: -len(suffix)])
                break
        ethnic = _ETHNIC_PREFECTURE.match(full)
        if ethnic:
            out.append(ethnic.group(1))
    return out


def _cpca_csv() -> str:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (administrative divisions) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def admin_data() -> AdminData:
    rows: list[Division] = []
    for record in csv.DictReader(io.StringIO(_cpca_csv())):
        code = record["adcode"][:6]
        level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
        lon = float(record["longitude"]) if record.get("longitude") else None
        lat = float(record["latitude"]) if record.get("latitude") else None
        rows.append(Division(code, record["name"], level, lon, lat))
    return AdminData(rows)


@lru_cache(maxsize=1)
def english_places() -> dict[str, tuple[str, str | None, str | None]]:
    """lower-case name → (country, province, city)."""
    data = tomllib.loads(resources.files("huijia.lexicon").joinpath("places_en.toml").read_text("utf-8"))
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for name, province in data["cn_provinces"].items():
        out[name] = ("CN", province, None)
    for name, (province, city) in data["cn_cities"].items():
        out[name] = ("CN", province, city)
    for name, country in data["countries"].items():
        out[name] = (country, None, None)
    return out


@lru_cache(maxsize=1)
def _english_pattern() -> re.Pattern[str]:
    names = sorted(english_places(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def extract_places(folded: str) -> list[Place]:
    """Places named in folded text; adjacent names of one hierarchy (广东省广州市天河区) become one place."""
    data = admin_data()
    hits: list[tuple[int, int, tuple[Division, ...]]] = []
    for last, (name, divisions) in data.automaton.iter(folded):
        hits.append((last - len(name) + 1, last + 1, divisions))
    # longest first, no overlaps
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, tuple[Division, ...]]] = []
    for hit in hits:
        if chosen and hit[0] < chosen[-1][1]:
            continue
        chosen.append(hit)
    places: list[Place] = []
    context: Division | None = None
    for start, end, divisions in chosen:
        division = _pick(data, divisions, context)
        if division is None:
            continue
        joined = context is not None and start - _end_of_last(places) <= 1 and _within(division, context)
        if joined and places:
            previous = places.pop()
            start = previous.span[0] if previous.span else start
        place = _place(data, division, folded, start, end)
        places.append(place)
        context = division
    for match in _english_pattern().finditer(folded):
        country, province, city = english_places()[match.group(0)]
        places.append(Place(match.group(0), country, province, city, None, (match.start(), match.end())))
    places.sort(key=lambda p: p.span or (0, 0))
    return places


def _end_of_last(places: list[Place]) -> int:
    return places[-1].span[1] if places and places[-1].span else -10


def _within(child: Division, parent: Division) -> bool:
    return child.level > parent.level and child.code.startswith(parent.code[: 2 * parent.level])


def _pick(data: AdminData, divisions: tuple[Division, ...], context: Division | None) -> Division | None:
    if len(divisions) == 1:
        return divisions[0]
    if context is not None:
        inside = [d for d in divisions if _within(d, context)]
        if len(inside) == 1:
            return inside[0]
    top = min(d.level for d in divisions)
    best = [d for d in divisions if d.level == top]
    return best[0] if len(best) == 1 else None


def _place(data: AdminData, division: Division, folded: str, start: int, end: int) -> Place:
    province = data.parent(division, 1) if division.level > 1 else division
    city = data.parent(division, 2) if division.level == 3 else division if division.level == 2 else None
    if city is not None and city.level == 1:
        city = None
    return Place(
        folded[start:end],
        "CN",
        province.name if province else None,
        city.name if city else None,
        division.name if division.level == 3 else None,
        (start, end),
    )
