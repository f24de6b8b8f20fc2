"""Vocabularies of the census: round status, item kinds, units, structure classes and
the cut-off status that decides whether an item counts for entitlement."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices
from gpmb.core.vnformat import NumberKind


class CensusStatus(BadgeChoices):
    OPEN = "open", _("Đang kiểm đếm")
    CLOSED = "closed", _("Đã khóa số liệu")


CensusStatus._badges = {"open": "primary", "closed": "success"}  # type: ignore[attr-defined]


class CensusKind(BadgeChoices):
    INITIAL = "initial", _("Kiểm đếm lần đầu")
    SUPPLEMENTARY = "supplementary", _("Kiểm đếm bổ sung")


class ItemKind(BadgeChoices):
    """What a household loses or has to move. Land is not an item: land lines come from
    the parcel overlay (recovered area by land-use code), never retyped."""

    HOUSE = "house", _("Nhà ở")
    STRUCTURE = "structure", _("Công trình, vật kiến trúc")
    TREE = "tree", _("Cây trồng")
    CROP = "crop", _("Hoa màu, cây hằng năm")
    GRAVE = "grave", _("Mồ mả")
    LIVESTOCK = "livestock", _("Vật nuôi")
    BUSINESS = "business", _("Sản xuất, kinh doanh")
    MOVABLE = "movable", _("Tài sản phải di chuyển")
    PERSON = "person", _("Nhân khẩu thực tế")


class Unit(BadgeChoices):
    """Units of quantity; `number_kind` says how a quantity in that unit is parsed."""

    M2 = "m2", _("m²")
    M3 = "m3", _("m³")
    M = "m", _("m")
    TREE = "tree", _("cây")
    CLUMP = "clump", _("khóm")
    GRAVE = "grave", _("ngôi")
    HEAD = "head", _("con")
    PERSON = "person", _("người")
    ITEM = "item", _("cái/chiếc")
    SET = "set", _("bộ")
    HOUSEHOLD = "household", _("hộ")


COUNT_UNITS = {
    Unit.TREE,
    Unit.CLUMP,
    Unit.GRAVE,
    Unit.HEAD,
    Unit.PERSON,
    Unit.ITEM,
    Unit.SET,
    Unit.HOUSEHOLD,
}


def quantity_kind(unit: str) -> NumberKind:
    """A count is an integer; an area has at most 2 decimals; a length or volume too."""
    return NumberKind.INTEGER if unit in COUNT_UNITS else NumberKind.AREA


DEFAULT_UNIT = {
    ItemKind.HOUSE: Unit.M2,
    ItemKind.STRUCTURE: Unit.M2,
    ItemKind.TREE: Unit.TREE,
    ItemKind.CROP: Unit.M2,
    ItemKind.GRAVE: Unit.GRAVE,
    ItemKind.LIVESTOCK: Unit.HEAD,
    ItemKind.BUSINESS: Unit.HOUSEHOLD,
    ItemKind.MOVABLE: Unit.SET,
    ItemKind.PERSON: Unit.PERSON,
}


class StructureClass(BadgeChoices):
    """Building grade as the provincial unit-price tables list it (cấp công trình)."""

    GRADE_1 = "grade_1", _("Cấp I")
    GRADE_2 = "grade_2", _("Cấp II")
    GRADE_3 = "grade_3", _("Cấp III")
    GRADE_4 = "grade_4", _("Cấp IV")
    TEMPORARY = "temporary", _("Nhà tạm, công trình tạm")
    OTHER = "other", _("Khác")


class StructureCase(BadgeChoices):
    """A building the general rule of Land Law 2024 Art. 102 does not price; each value is
    the engine's item fact of the same name (docs/compute-case-format.md)."""

    PERMIT_EXPIRED = "permit_expired", _("Xây theo giấy phép có thời hạn, đã hết hạn")
    IN_POWER_CORRIDOR = (
        "in_power_corridor",
        _("Còn lại trong hành lang an toàn lưới điện, đất không thu hồi"),
    )


class CropType(BadgeChoices):
    """Land Law 2024 Art. 103: annual crops are paid one harvest, perennials the damage."""

    ANNUAL = "annual", _("Cây hằng năm")
    PERENNIAL = "perennial", _("Cây lâu năm")
    AQUACULTURE = "aquaculture", _("Thủy sản")
    MOVABLE = "movable", _("Cây có thể di chuyển")


class GraveType(BadgeChoices):
    BUILT = "built", _("Mộ đã xây")
    UNBUILT = "unbuilt", _("Mộ đất")


class CutoffStatus(BadgeChoices):
    """Whether an item counts for entitlement. Land Law 2024 Art. 105: assets created
    while a recovery notice is in force get nothing, so anything after the cut-off is
    excluded until an officer admits it with evidence and a reason."""

    ELIGIBLE = "eligible", _("Trước mốc khóa số liệu")
    POST_CUTOFF = "post_cutoff", _("Phát sinh sau mốc khóa số liệu")
    ADMITTED = "admitted", _("Sau mốc, đã được chấp nhận")


CutoffStatus._badges = {  # type: ignore[attr-defined]
    "eligible": "success",
    "post_cutoff": "danger",
    "admitted": "warning",
}


class ItemSource(BadgeChoices):
    WEB = "web", _("Nhập trên web")
    EXCEL = "excel", _("Nhập từ Excel")
    KOBO = "kobo", _("KoboToolbox")
    ODK = "odk", _("ODK Central")
    CARRIED = "carried", _("Chuyển từ đợt trước")
    DEMO = "demo", _("Dữ liệu minh họa")
    # Added to a closed round by a correction (InventoryCorrection, action ADD): not part
    # of the round's frozen snapshot and hash.
    CORRECTION = "correction", _("Bổ sung bằng đính chính")


class CorrectionAction(BadgeChoices):
    """What a correction of a closed round does to one household's line."""

    CHANGE = "change", _("Sửa số liệu")
    ADD = "add", _("Bổ sung tài sản còn sót")
    REMOVE = "remove", _("Bỏ dòng kê sai")


class DuplicatePolicy(BadgeChoices):
    """What to do with a field submission already imported."""

    ASK = "ask", _("Hỏi lại")
    SKIP = "skip", _("Bỏ qua")
    REPLACE = "replace", _("Thay thế")
