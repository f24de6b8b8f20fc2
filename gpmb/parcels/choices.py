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


AGRICULTURAL = {"LUC", "LUK", "BHK", "NHK", "CLN", "NTS", "RSX"}
RESIDENTIAL = {"ODT", "ONT"}


class WholeRecovery(BadgeChoices):
    """Whether a remainder below the minimum parcel area is recovered too (Land Law
    2024 Art. 91(7), Art. 220(2): it needs the user's agreement)."""

    NOT_APPLICABLE = "n/a", _("Không áp dụng")
    UNDECIDED = "undecided", _("Chờ quyết định")
    RECOVER = "recover", _("Thu hồi cả thửa")
    KEEP = "keep", _("Giữ phần còn lại")
