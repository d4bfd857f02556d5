"""Provinces, districts and sub-districts named in a message, with their official DOPA codes.

geothai holds every area. Scanning 7,436 sub-district names one by one for each message would be
far too slow, so the names are compiled once into three trie-shaped regexes (one per level) and
each message is scanned three times in C.

Thai area names are often ordinary words (หนองบัว, ในเมือง, เลย), so a name counts when:
- it follows its level's marker (จ./จังหวัด, อ./อำเภอ/เขต, ต./ตำบล/แขวง), or
- it is a province name that is not also a common word, or
- it is a district whose province is also named, or a Bangkok district (people write
  "ลาดพร้าว" without "เขต"), or
- it is a sub-district whose district or province is also named.
A name right after ซอย/ถนน/วัด/โรงเรียน/หมู่บ้าน is a street or a building, not an area.
When a name fits several areas and nothing else narrows it, every candidate is returned: the
caller asks the citizen which one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache

import geothai
from geothai import normalize as geo_normalize

from nlp._literals import Literals, LiteralSets, trie_pattern
from nlp._regex import HAS_DIGIT, HAS_LATIN


@dataclass(frozen=True, slots=True)
class Place:
    province_code: int
    province_th: str
    district_code: int | None = None
    district_th: str | None = None
    subdistrict_code: int | None = None
    subdistrict_th: str | None = None
    postal_code: str | None = None
    matched: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


_PROVINCE_ALIASES = {
    "กทม": "10", "กรุงเทพ": "10", "กรุงเทพฯ": "10", "บางกอก": "10", "bangkok": "10", "bkk": "10",
    "อยุธยา": "14", "ayutthaya": "14", "โคราช": "30", "korat": "30", "สุราษฎร์": "84",
    "สุราษฏร์ธานี": "84", "สุราษ": "84", "นครศรี": "80", "ประจวบ": "77", "กาญ": "71",
    "อุบล": "34", "อุดร": "41", "ขอนแก่น": "40", "หาดใหญ่": None, "เชียงใหม่": "50",
}
# Province names that are also everyday words: only read after จ./จังหวัด.
_WORD_LIKE = {"เลย", "ตาก", "แพร่", "ตรัง", "พังงา", "ยะลา", "ระนอง"}
_MARKER = re.compile(
    r"(?:(?P<p>จ\.|จังหวัด|จ\s)|(?P<d>อ\.|อำเภอ|เขต|กิ่งอำเภอ|กิ่ง อ\.|อ\s)|(?P<s>ต\.|ตำบล|แขวง|ต\s)"
    r"|(?P<x>ซ\.|ซอย|ถ\.|ถนน|วัด|โรงเรียน|ร\.ร\.|หมู่บ้าน|ม\.|คลอง|ตลาด|ห้าง|สถานี|ชุมชน|หอพัก|คอนโด))"
    r"\s*$"
)
_MUEANG = re.compile(r"(?:อ\.|อำเภอ)\s*เมือง(?![\u0e01-\u0e4e])")
_THAI = re.compile("[\u0e01-\u0e4e]")
_SUB_MARKER = re.compile(r"ต\.|ต\s|ตำบล|แขวง")
_POSTAL = re.compile(r"(?<![0-9])([1-9][0-9]{4})(?![0-9])")


@dataclass(frozen=True, slots=True)
class _Index:
    province_re: tuple[Literals, re.Pattern[str]]
    district_re: tuple[Literals, re.Pattern[str]]
    subdistrict_re: tuple[Literals, re.Pattern[str]]
    province_by_name: dict[str, str]
    districts_by_name: dict[str, tuple[str, ...]]
    subdistricts_by_name: dict[str, tuple[str, ...]]
    thai_names: LiteralSets  # the three levels' Thai names, scanned in one pass


def _names(area) -> set[str]:
    names = {geo_normalize(area.name_th)}
    if area.name_en:
        # Both "chiangmai" and "chiang mai": matches are looked up with spaces removed.
        names.add(geo_normalize(area.name_en))
        names.add(re.sub(r"[.'-]", "", area.name_en.lower()))
    return {n for n in names if len(n) >= 2}


@cache
def _index() -> _Index:
    province_by_name: dict[str, str] = {}
    for p in geothai.provinces():
        for n in _names(p):
            province_by_name[n] = p.code
    for alias, code in _PROVINCE_ALIASES.items():
        if code:
            province_by_name[alias] = code
    districts: dict[str, list[str]] = {}
    for d in geothai._districts():
        for n in _names(d):
            districts.setdefault(n, []).append(d.code)
    subdistricts: dict[str, list[str]] = {}
    for s in geothai._subdistricts():
        for n in _names(s):
            subdistricts.setdefault(n, []).append(s.code)

    def compile_names(names) -> tuple[Literals, re.Pattern[str]]:
        """(Thai names, English names): apart, because the English ones must be whole words,
        and a lookbehind at the start of one alternative makes `re` try every position of the
        text for the whole pattern (the Thai ones are plain literals, see _literals.py)."""
        # English names are matched as whole words ("chiang mai" and "chiangmai").
        latin = [n for n in names if n.isascii() and len(n) >= 4]
        return (Literals(n for n in names if not n.isascii()),
                re.compile(f"(?<![a-z])(?:{trie_pattern(sorted(latin))})(?![a-z])"))

    levels = (compile_names(province_by_name), compile_names(districts),
              compile_names(subdistricts))
    return _Index(
        *levels,
        province_by_name,
        {k: tuple(v) for k, v in districts.items()},
        {k: tuple(v) for k, v in subdistricts.items()},
        LiteralSets([thai for thai, _ in levels]),
    )


def _marker(text: str, start: int) -> str | None:
    m = _MARKER.search(text, max(0, start - 12), start)
    if m is None:
        return None
    return m.lastgroup


def _scan(names: tuple[Literals, re.Pattern[str]], text: str, latin: bool,
          thai_matches: list[tuple[int, int, int]]):
    """Yield (name key, matched text, start, end, marker) for each match of an area name
    (`thai_matches`: what `names[0].find(text)` gives)."""
    thai, english = names
    for i, start, end in thai_matches:
        name = thai.words[i]
        # Names are looked up without spaces when the text has Latin letters, Thai ones too.
        yield (name.replace(" ", "") if latin else name), name, start, end, _marker(text, start)
    if latin:
        for m in english.finditer(text):
            yield m.group().replace(" ", ""), m.group(), m.start(), m.end(), _marker(text, m.start())


def _place(sub_code: str | None, dist_code: str | None, prov_code: str, matched: str) -> Place:
    prov = geothai.province(prov_code)
    dist = geothai.district(dist_code) if dist_code else None
    sub = geothai.subdistrict(sub_code) if sub_code else None
    return Place(
        province_code=int(prov.code),
        province_th=prov.name_th,
        district_code=int(dist.code) if dist else None,
        district_th=dist.name_th if dist else None,
        subdistrict_code=int(sub.code) if sub else None,
        subdistrict_th=sub.name_th if sub else None,
        postal_code=sub.postal_codes[0] if sub and sub.postal_codes else None,
        matched=matched,
    )


def find_places(text: object, *, limit: int = 40) -> list[Place]:
    """Areas named in the text, most specific first; more than one means ambiguous."""
    if not isinstance(text, str) or not text:
        return []
    from nlp.normalize import normalize

    return find_places_normalized(normalize(text), limit=limit)


# The one word every masked place name becomes (answers.py reads it).
PLACE_WORD = "พื้นที่"
_PLACE_TOKEN = f" {PLACE_WORD} "
_SHORT_MARKER = re.compile(r"^(?:ต\.|อ\.|จ\.)")
_MARKER_BEFORE_TOKEN = re.compile(
    r"(?:จังหวัด|อำเภอ|ตำบล|แขวง|เขต|จ\.|อ\.|ต\.)\s*(?=" + _PLACE_TOKEN + ")")


def mask_places(text: str) -> str:
    """The text with every area name it names replaced by one neutral word.

    Where someone is says nothing about what happened to them; left in, the names become
    spurious evidence (an address typed as an answer read as a problem, or an emergency).
    """
    places = find_places_normalized(text)
    if not places:
        return text
    # `matched` writes a sub-district as "ต.<name>" whatever marker the text used (ตำบล, แขวง):
    # replace the bare names, then drop the markers left in front of the neutral word.
    names = {_SHORT_MARKER.sub("", part) for p in places for part in p.matched.split()}
    names = {n for n in names if len(n) >= 2}
    # Longest first, then by the name itself: set order follows the per-process hash seed, and
    # overlapping names of equal length (บ้านแม, แม่แตง) must be replaced in the same order in
    # every process, or the same message would get different features (and scores) each run.
    for name in sorted(names, key=lambda n: (-len(n), n)):
        text = text.replace(name, _PLACE_TOKEN)
    return _MARKER_BEFORE_TOKEN.sub("", text)


def find_places_normalized(text: str, *, limit: int = 40) -> list[Place]:
    """`find_places()` for text that already went through `normalize()`."""
    return list(_cached_places(text, limit))


@lru_cache(maxsize=512)
def _cached_places(text: str, limit: int) -> tuple[Place, ...]:
    # Features and entities both ask for the same message's places, one after the other.
    return tuple(_find_places_normalized(text, limit=limit))


def _find_places_normalized(text: str, *, limit: int = 40) -> list[Place]:
    if not text:
        return []
    latin = HAS_LATIN.search(text) is not None
    if not latin and not _THAI.search(text):
        return []
    idx = _index()
    thai_p, thai_d, thai_s = idx.thai_names.find(text)

    provinces: dict[str, str] = {}  # code -> matched text
    for key, raw, start, _, marker in _scan(idx.province_re, text, latin, thai_p):
        code = idx.province_by_name.get(key)
        if code is None or marker in ("d", "s", "x"):
            continue
        if key in _WORD_LIKE and marker != "p":
            continue
        provinces.setdefault(code, raw)

    district_hits: list[tuple[str, str, bool]] = []  # (code, matched, marked)
    spans: set[tuple[int, int]] = set()
    for key, raw, start, end, marker in _scan(idx.district_re, text, latin, thai_d):
        if marker in ("p", "s", "x"):
            continue
        for code in idx.districts_by_name.get(key, ()):
            district_hits.append((code, raw, marker == "d"))
        spans.add((start, end))
    for m in _MUEANG.finditer(text):
        for code in provinces:
            if code != "10":
                district_hits.append((code + "01", m.group(), True))

    sub_hits: list[tuple[str, str, bool]] = []
    # A sub-district counts only after ต./ตำบล/แขวง or with its district or province named, so
    # without any of those the 7,000-name scan (full of everyday words) can be skipped.
    wanted = provinces or district_hits or _SUB_MARKER.search(text) or latin
    sub_scan = _scan(idx.subdistrict_re, text, latin, thai_s) if wanted else ()
    for key, raw, start, end, marker in sub_scan:
        if marker in ("p", "d", "x") or (marker is None and (start, end) in spans):
            continue
        for code in idx.subdistricts_by_name.get(key, ()):
            sub_hits.append((code, raw, marker == "s"))

    postal = {m.group(1) for m in _POSTAL.finditer(text)} if HAS_DIGIT.search(text) else set()
    if not (provinces or district_hits or sub_hits or postal):
        return []  # most messages: nothing below could find a place

    # Districts: marked ones, or bare ones with their province named, or bare Bangkok ones.
    districts: dict[str, str] = {}
    for code, raw, marked in district_hits:
        if raw.replace(" ", "").lower() in idx.province_by_name and not marked:
            continue
        prov = code[:2]
        if marked or prov in provinces or (prov == "10" and len(raw) >= 4):
            districts.setdefault(code, raw)
    if provinces:
        inside = {c: r for c, r in districts.items() if c[:2] in provinces}
        if inside:
            districts = inside

    subs: dict[str, str] = {}
    for code, raw, marked in sub_hits:
        if marked or code[:4] in districts or (len(raw) >= 5 and code[:2] in provinces):
            subs.setdefault(code, raw)
    if districts:
        inside = {c: r for c, r in subs.items() if c[:4] in districts}
        subs = inside or subs
    if provinces:
        inside = {c: r for c, r in subs.items() if c[:2] in provinces}
        subs = inside or subs
    if postal and len(subs) > 1:
        by_postal = {
            c: r for c, r in subs.items() if postal & set(geothai.subdistrict(c).postal_codes)
        }
        subs = by_postal or subs

    places: list[Place] = []
    covered_d: set[str] = set()
    covered_p: set[str] = set()
    for code, raw in sorted(subs.items()):
        parts = [f"ต.{raw}" if not raw.startswith(("ต.", "ตำบล", "แขวง")) else raw]
        if code[:4] in districts:
            parts.append(districts[code[:4]])
        if code[:2] in provinces:
            parts.append(provinces[code[:2]])
        places.append(_place(code, code[:4], code[:2], " ".join(parts)))
        covered_d.add(code[:4])
        covered_p.add(code[:2])
    for code, raw in sorted(districts.items()):
        if code in covered_d:
            continue
        matched = raw + (f" {provinces[code[:2]]}" if code[:2] in provinces else "")
        places.append(_place(None, code, code[:2], matched))
        covered_p.add(code[:2])
    for code, raw in sorted(provinces.items()):
        if code not in covered_p:
            places.append(_place(None, None, code, raw))
    if not places and postal:
        for p in sorted(postal):
            for s in geothai.by_postal_code(p)[:limit]:
                places.append(_place(s.code, s.district_code, s.province_code, p))
    return places[:limit]


def place_from_codes(
    province_code: int | str, district_code: int | str | None = None,
    subdistrict_code: int | str | None = None,
) -> Place | None:
    """The Place for official codes, or None when they do not exist or do not nest."""
    try:
        prov = f"{int(province_code):02d}"
        dist = f"{int(district_code):04d}" if district_code is not None else None
        sub = f"{int(subdistrict_code):06d}" if subdistrict_code is not None else None
    except (TypeError, ValueError):
        return None
    if geothai.province(prov) is None:
        return None
    if dist is not None and (geothai.district(dist) is None or dist[:2] != prov):
        return None
    if sub is not None:
        s = geothai.subdistrict(sub)
        if s is None or sub[:2] != prov or (dist is not None and sub[:4] != dist):
            return None
        dist = sub[:4]
    return _place(sub, dist, prov, "")


def warm_up() -> None:
    """Build the name index now (it takes a fraction of a second) instead of on first use."""
    _index()
