from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class LandUse(BadgeChoices):
    """Official land-use codes (Circular 08/2024/TT-BTNMT, Annex on land-use types);
    the ones site clearance meets most."""

    ODT = "ODT", _("ODT — Đất ở tại đô thị")
    ONT = "ONT", _("ONT — Đất ở tại nông thôn")
    LUC = "LUC", _("LUC — Đất chuyên trồng lúa")
    LUK = "LUK", _("LUK — Đất trồng lúa còn lại")
    BHK = "BHK", _("BHK — Đất bằng trồng cây hằng năm khác")
    NHK = "NHK", _("NHK — Đất nương rẫy trồng cây hằng năm khác")
    CLN = "CLN", _("CLN — Đất trồng cây lâu năm")
    NTS = "NTS", _("NTS — Đất nuôi trồng thủy sản")
    RSX = "RSX", _("RSX — Đất rừng sản xuất")
    TMD = "TMD", _("TMD — Đất thương mại, dịch vụ")
    SKC = "SKC", _("SKC — Đất cơ sở sản xuất phi nông nghiệp")
    DGT = "DGT", _("DGT — Đất giao thông")
    DTL = "DTL", _("DTL — Đất thủy lợi")
    NTD = "NTD", _("NTD — Đất nghĩa trang, nhà tang lễ")
    SON = "SON", _("SON — Đất có mặt nước chuyên dùng (sông, ngòi, kênh, rạch)")
    DCS = "DCS", _("DCS — Đất đồi núi chưa sử dụng")
    BCS = "BCS", _("BCS — Đất bằng chưa sử dụng")
    DKV = "DKV", _("DKV — Đất khu vui chơi, giải trí công cộng")
    DGD = "DGD", _("DGD — Đất xây dựng cơ sở giáo dục và đào tạo")
    DYT = "DYT", _("DYT — Đất xây dựng cơ sở y tế")
    TSC = "TSC", _("TSC — Đất xây dựng trụ sở cơ quan")
    CQP = "CQP", _("CQP — Đất quốc phòng")
    CAN = "CAN", _("CAN — Đất an ninh")


class PricePosition(BadgeChoices):
    """Position of a parcel in the province's land price table (Decree 71/2024 Art. 20;
    each province defines its positions, e.g. NQ 19/2025 Lào Cai Art. 5: VT1 fronts a
    named road, VT2 in a lane of it ≥ 3 m wide within 50 m, VT3 the rest)."""

    VT1 = "VT1", _("VT1 — Vị trí 1")
    VT2 = "VT2", _("VT2 — Vị trí 2")
    VT3 = "VT3", _("VT3 — Vị trí 3")
    VT4 = "VT4", _("VT4 — Vị trí 4")
    VT5 = "VT5", _("VT5 — Vị trí 5")


class RecoveredStrip(BadgeChoices):
    """Where a project's recovered part of a deep plot lies: it decides which depth bands
    of the price table it is priced in (e.g. NQ 19/2025 Lào Cai Art. 9(4))."""

    FRONT = "front", _("Phía mặt tiền (giáp đường)")
    REAR = "rear", _("Phía sau thửa")
    FULL_DEPTH = "full_depth", _("Suốt chiều sâu thửa")


AGRICULTURAL = {"LUC", "LUK", "BHK", "NHK", "CLN", "NTS", "RSX"}
RESIDENTIAL = {"ODT", "ONT"}


class WholeRecovery(BadgeChoices):
    """Whether a remainder below the minimum parcel area is recovered too (Land Law
    2024 Art. 91(7), Art. 220(2): it needs the user's agreement)."""

    NOT_APPLICABLE = "n/a", _("Không áp dụng")
    UNDECIDED = "undecided", _("Chờ quyết định")
    RECOVER = "recover", _("Thu hồi cả thửa")
    KEEP = "keep", _("Giữ phần còn lại")


class ImpactState(BadgeChoices):
    """How much of a parcel a project takes, as the map colours it."""

    NOT_AFFECTED = "none", _("Không bị ảnh hưởng")
    PARTLY = "partly", _("Thu hồi một phần")
    WHOLLY = "wholly", _("Thu hồi toàn bộ")
    UNKNOWN = "unknown", _("Chưa có chỉ giới")


ImpactState._badges = {  # type: ignore[attr-defined]
    "none": "secondary",
    "partly": "warning",
    "wholly": "danger",
    "unknown": "light",
}


class IssueLevel(BadgeChoices):
    """An import finding: an error always blocks; a warning blocks until accepted."""

    ERROR = "error", _("Lỗi")
    WARNING = "warning", _("Cảnh báo")


IssueLevel._badges = {"error": "danger", "warning": "warning"}  # type: ignore[attr-defined]


class IssueKind(BadgeChoices):
    """What an import finding is about."""

    UNREADABLE = "unreadable", _("Không đọc được tệp")
    CRS = "crs", _("Hệ tọa độ")
    NOT_POLYGON = "not_polygon", _("Không phải vùng")
    INVALID_GEOMETRY = "invalid_geometry", _("Hình thể không hợp lệ")
    DUPLICATE = "duplicate", _("Trùng số thửa")
    OVERLAP = "overlap", _("Chồng lấn")
    NO_NUMBER = "no_number", _("Thiếu số thửa")
    BAD_VALUE = "bad_value", _("Giá trị không hợp lệ")
    STRAY_LABEL = "stray_label", _("Nhãn nằm ngoài thửa")
    MAPPING = "mapping", _("Ghép cột")
    CAD_LAYERS = "cad_layers", _("Lớp CAD")
    SHARED = "shared", _("Thửa dùng chung với dự án khác")
    ABSENT = "absent", _("Thửa đã lưu không còn trong tệp")
    OPEN_LINEWORK = "open_linework", _("Ranh thửa hở")
    MIXED_USE = "mixed_use", _("Thửa nhiều mục đích sử dụng")
