"""Calculation lines in words a clerk can act on, in the page's language.

The engine writes a line's `ref` (the inventory line "structure-3", the parcel
"phuong-an-bien/80/9") and, for a line it cannot price, what is missing — sometimes
with a policy-pack key ("land.fixed_term_table_years"), a fact key ("items[].weight_kg")
or a road segment's id. Those are stored with the plan version and hashed with it, so
they stay as the engine wrote them; this module words them when a page shows them: the
inventory item's name, the parcel's sheet and number, the pack row's title, the road's
name, and each known phrase through gettext (English mode). A phrase it does not know
is shown as written, with any key left in it replaced by words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gpmb.census.models import InventoryItem
from gpmb.engine.lines import MISSING_BASIS
from gpmb.engine.options import option
from gpmb.plans.facts import parcel_ref_parts
from gpmb.policy.packs import PolicyError, engine_pack

# What a pack parameter holds, by its key's first two parts (or the whole key).
PARAM_WORDS: dict[str, Promise] = {
    "structures.unit_prices": gettext_lazy("đơn giá nhà, công trình"),
    "structures": gettext_lazy("quy định về nhà, công trình"),
    "crops.unit_prices": gettext_lazy("đơn giá cây trồng"),
    "crops": gettext_lazy("quy định về cây trồng"),
    "forest.unit_prices": gettext_lazy("đơn giá rừng trồng"),
    "graves.unit_prices": gettext_lazy("đơn giá mồ mả"),
    "graves": gettext_lazy("quy định về di chuyển mồ mả"),
    "livestock": gettext_lazy("đơn giá vật nuôi"),
    "moving": gettext_lazy("mức hỗ trợ di chuyển tài sản"),
    "land.segments": gettext_lazy("bảng giá đất theo đoạn đường"),
    "land.agricultural_prices": gettext_lazy("bảng giá đất nông nghiệp"),
    "land.adjustment_coefficient": gettext_lazy("hệ số điều chỉnh giá đất (K)"),
    "land.fixed_term_table_years": gettext_lazy("thời hạn sử dụng đất của bảng giá"),
    "land.corridor_restriction": gettext_lazy("mức bồi thường đất trong hành lang an toàn"),
    "land": gettext_lazy("quy định về giá đất"),
    "limits.minimum_parcel_area": gettext_lazy("diện tích tối thiểu của thửa đất"),
    "limits.agricultural_allocation": gettext_lazy("hạn mức giao đất nông nghiệp"),
    "limits": gettext_lazy("hạn mức đất"),
    "support.life_stabilisation": gettext_lazy("mức hỗ trợ ổn định đời sống"),
    "support.production": gettext_lazy("mức hỗ trợ ổn định sản xuất"),
    "support.job_conversion": gettext_lazy("mức hỗ trợ đào tạo, chuyển đổi nghề"),
    "support.rental": gettext_lazy("mức hỗ trợ tiền thuê nhà"),
    "support.rice_price": gettext_lazy("giá gạo tính hỗ trợ"),
    "support": gettext_lazy("mức hỗ trợ"),
    "resettlement.house_price": gettext_lazy("giá bán nhà ở tái định cư"),
    "resettlement": gettext_lazy("quy định về tái định cư"),
    "rounding": gettext_lazy("quy tắc làm tròn"),
}
# The facts of a case (docs/compute-case-format.md) a line may say are missing.
FACT_WORDS: dict[str, Promise] = {
    "agricultural_area_in_use": gettext_lazy("diện tích đất nông nghiệp đang sử dụng"),
    "weight_kg": gettext_lazy("khối lượng vật nuôi (kg)"),
    "area": gettext_lazy("diện tích"),
    "certification_fee": gettext_lazy(
        "tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp Giấy chứng nhận"
    ),
    "built_on": gettext_lazy("thời điểm xây dựng"),
    "demolished_quantity": gettext_lazy("khối lượng phá dỡ"),
    "repair_cost": gettext_lazy("chi phí sửa chữa phần còn lại"),
    "avg_after_tax_income": gettext_lazy("thu nhập sau thuế bình quân 3 năm"),
    "share": gettext_lazy("phần chia của từng thành viên"),
}
# The engine's phrases (after keys are worded), for English mode. The key is the text as
# the engine writes it; gettext gives the page's language.
PHRASES: dict[str, Promise] = {
    "chưa xác định công trình có đạt tiêu chuẩn": gettext_lazy(
        "chưa xác định công trình có đạt tiêu chuẩn"
    ),
    "diện tích nhỏ hơn hạn mức": gettext_lazy("diện tích nhỏ hơn hạn mức"),
    "diện tích đất nông nghiệp đang sử dụng": gettext_lazy(
        "diện tích đất nông nghiệp đang sử dụng"
    ),
    "diện tích vườn": gettext_lazy("diện tích vườn"),
    "hệ số K": gettext_lazy("hệ số điều chỉnh giá đất (K)"),
    "giá đất cụ thể (trước 01/01/2026) không có trong gói": gettext_lazy(
        "giá đất cụ thể (trước 01/01/2026) chưa có trong gói chính sách"
    ),
    "thu nhập sau thuế bình quân 3 năm": gettext_lazy("thu nhập sau thuế bình quân 3 năm"),
    "tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp Giấy chứng nhận": gettext_lazy(
        "tiền sử dụng đất, tiền thuê đất phải nộp như khi được cấp Giấy chứng nhận"
    ),
    "phá dỡ một phần": gettext_lazy("phá dỡ một phần"),
    "không có đơn giá": gettext_lazy("chưa có đơn giá trong gói chính sách"),
}

_NO_CODE = re.compile(r"^(?P<table>[^:]+): chưa gắn mã đơn giá$")
_NO_PRICE = re.compile(r"^(?P<table>[^:]+): gói chính sách chưa có đơn giá “(?P<code>[^”]*)”$")
_PACK_LACKS = re.compile(r"^gói \S+ thiếu tham số (?P<key>\S+)$")
_KEY = r"[a-z_]+(?:\.[A-Za-z0-9_\-/]+)+"
_KEY_SAYS = re.compile(rf"^(?P<key>{_KEY})(?: không có trong gói \S+)?(?:: (?P<rest>.*))?$")
_NO_LAND_PRICE = re.compile(
    r"^bảng giá không có giá (?P<code>[A-Z+]+) tại (?P<segment>\S+) (?P<position>VT\d)$"
)
_FACT = re.compile(r"\b(?:[a-z]+\[\]\.)?(?P<name>[a-z][a-z_]*_[a-z_]+|area|share)\b")
_FACT_IN_PARENS = re.compile(r"\s*\((?:[a-z]+\[\]\.)?(?P<name>[a-z_]+)(?: \((?P<words>[^)]*)\))?\)")
_BARE_FACT = re.compile(r"^(?:[a-z]+\[\]\.)(?P<name>[a-z_]+)(?: \((?P<words>[^)]*)\))?$")
_PARCEL = re.compile(r"thửa (?P<ref>[a-z0-9\-]+/[^/\s:]+/[^/\s:]+)")
_LIMIT = re.compile(r"^hạn mức (?P<area>[\d.,]+) m²$")
_REMAINDER = re.compile(r"^còn lại (?P<area>[\d.,]+) m² < tối thiểu (?P<minimum>[\d.,]+) m²$")


def param_words(key: str) -> str:
    """A pack parameter in words: the longest known start of its key."""
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        words = PARAM_WORDS.get(".".join(parts[:n]))
        if words is not None:
            return str(words)
    return _("một tham số của gói chính sách")


def parcel_words(ref: str) -> str | None:
    parts = parcel_ref_parts(ref)
    if parts is None:
        return None
    sheet, number = parts
    return _("Thửa %(number)s, tờ %(sheet)s") % {"number": number, "sheet": sheet}


def option_words(decision_key: str, choice: str, *, basis: bool = False) -> str:
    """An option of a named decision in the page's language (gpmb/engine/options.py),
    followed by the text it rests on when `basis`; an option that is already words (a
    pack row) is shown as it is."""
    found = option(decision_key, choice)
    if found is None:
        return choice
    words = found.en if (translation.get_language() or "vi").startswith("en") else found.vi
    return f"{words} ({found.basis})" if basis else words


class Worded:
    """A calculation line (stored or just computed) with `item` (what it is about, in
    words), `explain` (its note or what is missing, in words) and `decided` (the option
    recorded, in words). Everything else is the line's own."""

    def __init__(self, line: Any, item: str, explain: list[str]) -> None:
        self.line = line
        self.item = item
        self.explain = explain
        self.missing = line.status == MISSING_BASIS
        decision = getattr(line, "decision", None)
        self.decided = (
            option_words(line.decision_key or "", str(decision.get("choice", "")))
            if decision
            else ""
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.line, name)


class Wording:
    """Words for the lines of one case: `names` maps an inventory ref ("structure-3") to
    the item's name, `segments` the pack's road segments (id → row)."""

    def __init__(self, names: dict[str, str], pack_row: Any = None) -> None:
        self.names = names
        self.pack_row = pack_row
        self._segments: dict[str, Any] | None = None

    @property
    def segments(self) -> dict[str, Any]:
        if self._segments is None:
            self._segments = pack_segments(self.pack_row)
        return self._segments

    def item(self, ref: str) -> str:
        if not ref:
            return ""
        name = self.names.get(ref)
        if name:
            return name
        return parcel_words(ref) or ""

    def part(self, text: str, item: str) -> str:
        text = text.strip()
        found = _NO_CODE.match(text)
        if found:
            return _("%(item)s: chưa gắn mã đơn giá") % {"item": item or found["table"]}
        found = _NO_PRICE.match(text)
        if found:
            return _("%(item)s: chưa có đơn giá trong gói chính sách") % {
                "item": item or found["table"]
            }
        found = _PACK_LACKS.match(text)
        if found:
            return _("Gói chính sách chưa có %(what)s") % {"what": param_words(found["key"])}
        found = _NO_LAND_PRICE.match(text)
        if found:
            row = self.segments.get(found["segment"]) or {}
            # Not a road of the table: an agricultural price is by commune, and the
            # line names its parcel.
            road = row.get("road") or _("xã/phường của thửa")
            return _("Bảng giá đất chưa có giá %(code)s tại %(road)s, vị trí %(position)s") % {
                "code": found["code"],
                "road": road,
                "position": found["position"],
            }
        found = _KEY_SAYS.match(text)
        if found and "[]" not in found["key"]:
            rest = (found["rest"] or "").strip()
            what = param_words(found["key"])
            if not rest or rest in ("không có đơn giá",) or "không có trong gói" in text:
                subject = f"{item}: " if item else ""
                return subject + _("%(what)s chưa có trong gói chính sách") % {"what": what}
            return f"{what}: {self.phrase(rest)}"
        found = _BARE_FACT.match(text)
        if found:
            return _("Hồ sơ chưa có %(what)s") % {"what": self.fact(found["name"], found["words"])}
        text = _FACT_IN_PARENS.sub("", text)
        text = _PARCEL.sub(lambda m: parcel_words(m["ref"]) or m[0], text)
        return self.phrase(text)

    def fact(self, name: str, words: str | None = None) -> str:
        if words:
            return self.phrase(words)
        known = FACT_WORDS.get(name)
        return str(known) if known is not None else _("một dữ kiện của hồ sơ")

    def phrase(self, text: str) -> str:
        known = PHRASES.get(text)
        if known is not None:
            return str(known)
        found = _LIMIT.match(text)
        if found:
            return _("hạn mức %(area)s m²") % {"area": found["area"]}
        found = _REMAINDER.match(text)
        if found:
            return _("còn lại %(area)s m² < tối thiểu %(minimum)s m²") % {
                "area": found["area"],
                "minimum": found["minimum"],
            }
        subject, colon, rest = text.partition(": ")
        if colon and rest:
            return f"{self.phrase(subject)}: {self.phrase(rest)}"
        # Still holding a fact key: word the key, keep the rest.
        return _FACT.sub(lambda m: str(FACT_WORDS.get(m["name"], m[0])), text)

    def word(self, line: Any) -> Worded:
        item = self.item(line.ref)
        parts = [p for p in (line.note or "").split("; ") if p.strip()]
        return Worded(line, item, [self.part(p, item) for p in parts])

    def lines(self, lines: Iterable[Any]) -> list[Worded]:
        return [self.word(line) for line in lines]


def item_names(keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], dict[str, str]]:
    """(census id, household id) → {inventory ref → item name}, in one query. The ref is
    what gpmb.census.facts gives the engine: "<kind>-<line no>"."""
    keys = [(c, h) for c, h in keys if c and h]
    out: dict[tuple[int, int], dict[str, str]] = {k: {} for k in keys}
    if not keys:
        return out
    rows = InventoryItem.objects.filter(
        census_id__in={c for c, _h in keys}, household_id__in={h for _c, h in keys}
    ).values_list("census_id", "household_id", "kind", "line_no", "name")
    for census_id, household_id, kind, line_no, name in rows:
        names = out.get((census_id, household_id))
        if names is not None:
            names[f"{kind}-{line_no}"] = name
    return out


def version_key(version: Any) -> tuple[int, int]:
    return ((version.inventory_basis or {}).get("census") or 0, version.case.household_id)


def version_wording(version: Any, names: dict[str, str] | None = None) -> Wording:
    """The wording of a stored version's lines (its round's item names, its pack's
    roads). `names`: already read for many versions at once (item_names)."""
    if names is None:
        names = item_names([version_key(version)]).get(version_key(version), {})
    return Wording(names, version.pack)


def pack_segments(pack_row: Any) -> dict[str, Any]:
    """The road segments of a stored pack (a loaded engine Pack is taken as it is)."""
    if pack_row is None:
        return {}
    if hasattr(pack_row, "segments"):
        return dict(pack_row.segments)
    try:
        return dict(engine_pack(pack_row).segments)
    except PolicyError:  # a pack that no longer loads: the lines still show, roads unnamed
        return {}
