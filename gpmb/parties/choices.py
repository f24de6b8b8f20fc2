from django.utils.translation import gettext_lazy as _

from gpmb.core.choices import BadgeChoices


class PartyKind(BadgeChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Gender(BadgeChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Relation(BadgeChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Khác")


class Right(BadgeChoices):
    """The right a party holds on a parcel [LA_RRR]."""

    USE_RIGHT = "use_right", _("Quyền sử dụng đất")
    LEASE = "lease", _("Thuê đất")
    OCCUPANT = "occupant", _("Đang sử dụng, chưa được công nhận")
    STATE_MANAGED = "state_managed", _("Đất do Nhà nước quản lý")


class LandOrigin(BadgeChoices):
    """Where the use right comes from — decides eligibility (Land Law 2024 Art. 95,
    Art. 137–140; Decree 88/2024 Art. 5, 8–13). Never free text."""

    ALLOCATED_WITH_FEE = "allocated_fee", _("Nhà nước giao đất có thu tiền sử dụng đất")
    ALLOCATED_NO_FEE = "allocated_no_fee", _("Nhà nước giao đất không thu tiền sử dụng đất")
    LEASED_LUMP_SUM = "leased_lump_sum", _("Thuê đất trả tiền một lần")
    LEASED_ANNUAL = "leased_annual", _("Thuê đất trả tiền hằng năm")
    RECOGNISED = "recognised", _("Công nhận quyền sử dụng đất")
    TRANSFERRED = "transferred", _("Nhận chuyển nhượng, thừa kế, tặng cho")
    NO_PAPERS = "no_papers", _("Sử dụng ổn định, không có giấy tờ")
    UNAUTHORISED_ALLOCATION = "unauthorised", _("Giao đất không đúng thẩm quyền")
    ENCROACHED = "encroached", _("Lấn, chiếm")
    PUBLIC_LAND_CONTRACT = "public_contract", _("Đất công ích, nhận khoán")


class Violation(BadgeChoices):
    NONE = "none", _("Không vi phạm")
    ENCROACHMENT = "encroachment", _("Lấn, chiếm đất")
    WRONG_PURPOSE = "wrong_purpose", _("Sử dụng sai mục đích")
    OTHER = "other", _("Vi phạm khác")
