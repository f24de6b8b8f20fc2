from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNDateField, VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.geo.crs import zones_for_province
from gpmb.geo.gisio import DRIVERS
from gpmb.parcels.choices import LandUse
from gpmb.parcels.models import Parcel
from gpmb.parties.choices import LandOrigin, Violation
from gpmb.parties.models import Tenure
from gpmb.projects.models import Project


class ParcelForm(CleanTextForm):
    land_use_code = forms.ChoiceField(label=_("Loại đất"), choices=LandUse.choices)
    # Decree 88/2024 Art. 8, 9: a house plot used partly as another land ("ONT+CLN").
    remainder_land_use_code = forms.ChoiceField(
        label=_("Loại đất phần ngoài đất ở (thửa có vườn, ao)"),
        choices=[("", _("— chưa ghi —")), *LandUse.choices],
        required=False,
    )
    certificate_area = VNNumberField(
        label=_("Diện tích theo GCN (m²)"),
        kind=NumberKind.AREA,
        bounded_by=Parcel._meta.get_field("certificate_area"),
        required=False,
    )
    measured_area = VNNumberField(
        label=_("Diện tích đo đạc (m²)"),
        kind=NumberKind.AREA,
        bounded_by=Parcel._meta.get_field("measured_area"),
        required=False,
    )
    address = forms.CharField(label=_("Địa chỉ thửa đất"), required=False, max_length=300)
    reason = forms.CharField(
        label=_("Lý do sửa (bắt buộc khi sửa loại đất hoặc diện tích)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: đo đạc lại ngày 12/5/2026")}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)  # Parcel.edit_stamp


class TenureForm(CleanTextForm):
    """A tenure's facts that decide eligibility and money (Land Law 2024 Art. 95, 137–140;
    Decree 88/2024 Art. 5, 8–13, 25(3)), as the commune confirms them."""

    origin = forms.ChoiceField(label=_("Nguồn gốc đất"), choices=LandOrigin.choices)
    certificate_number = forms.CharField(
        label=_("Số giấy chứng nhận"), required=False, max_length=40
    )
    certificate_date = VNDateField(label=_("Ngày cấp GCN (dd/mm/yyyy)"), required=False)
    stable_use_start_date = VNDateField(
        label=_("Thời điểm bắt đầu sử dụng ổn định (dd/mm/yyyy)"), required=False
    )
    violation = forms.ChoiceField(label=_("Vi phạm"), choices=Violation.choices)
    share = forms.DecimalField(
        label=_("Tỷ lệ sở hữu (0–1, để trống nếu một chủ)"),
        required=False,
        min_value=0,
        max_value=1,
        max_digits=5,
        decimal_places=4,
        localize=True,
    )
    certification_fee = VNNumberField(
        label=_(
            "Tiền sử dụng đất phải nộp như khi được cấp GCN (đồng; NĐ 88/2024, Điều 25 khoản 3)"
        ),
        kind=NumberKind.MONEY,
        bounded_by=Tenure._meta.get_field("certification_fee"),
        required=False,
    )
    evidence = forms.CharField(
        label=_("Giấy tờ, chứng cứ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Lý do sửa (văn bản xác nhận; bắt buộc trừ khi chỉ sửa giấy tờ, chứng cứ)"),
        required=False,
        max_length=500,
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)  # Tenure.edit_stamp

    def clean_certification_fee(self) -> int | None:
        value = self.cleaned_data.get("certification_fee")
        return None if value is None else int(value)


class UploadForm(CleanTextForm):
    file = forms.FileField(
        label=_("Tệp bản đồ"),
        help_text=_("DGN, DXF, GeoPackage, GeoJSON, FlatGeobuf; Shapefile nén .zip"),
    )
    crs = forms.ChoiceField(label=_("Hệ tọa độ khi tệp không khai báo"), required=False)
    commune = forms.ChoiceField(label=_("Xã/phường"), required=False)
    sheet = forms.CharField(
        label=_("Số tờ bản đồ (nếu tệp không có)"), required=False, max_length=20
    )
    layers = forms.CharField(
        label=_("Bản vẽ CAD: lớp ranh thửa"),
        required=False,
        max_length=300,
        help_text=_(
            "Tên các lớp (level) chứa ranh thửa, cách nhau bởi dấu phẩy, ví dụ RANH_THUA. "
            "Để trống: THUA_DAT hoặc RANH_THUA nếu bản vẽ có, nếu không thì mọi lớp."
        ),
    )
    label_layers = forms.CharField(
        label=_("Bản vẽ CAD: lớp nhãn số thửa"),
        required=False,
        max_length=300,
        help_text=_("Để trống: SO_THUA nếu bản vẽ có, nếu không thì mọi lớp."),
    )
    encoding = forms.ChoiceField(
        label=_("Bảng mã chữ Việt"),
        choices=[
            ("auto", _("Tự nhận")),
            ("unicode", "Unicode"),
            ("tcvn3", "TCVN3 (ABC)"),
            ("vni", "VNI"),
        ],
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = zones_for_province(project.province.code)
        own = _("Chưa rõ: giả định hệ của dự án (EPSG:%s), sẽ hỏi xác nhận") % project.crs_epsg
        crs_field: Any = self.fields["crs"]
        crs_field.choices = [("", own)] + [(str(z.epsg), z.label) for z in zones]
        communes = project.segments.select_related("commune")
        commune_field: Any = self.fields["commune"]
        commune_field.choices = [("", _("Theo cột trong tệp / xã duy nhất của dự án"))] + [
            (s.commune.code, s.commune.name) for s in communes
        ]

    def _names(self, name: str) -> list[str] | None:
        names = [n.strip() for n in self.cleaned_data[name].split(",") if n.strip()]
        return names or None

    def clean_layers(self) -> list[str] | None:
        return self._names("layers")

    def clean_label_layers(self) -> list[str] | None:
        return self._names("label_layers")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in DRIVERS:
            raise forms.ValidationError(
                _("%(name)s: định dạng chưa hỗ trợ (nhận: %(formats)s)")
                % {"name": upload.name, "formats": ", ".join(sorted(DRIVERS))}
            )
        return upload


class BoundaryForm(CleanTextForm):
    file = forms.FileField(
        label=_("Tệp chỉ giới"),
        help_text=_("Vùng (GeoPackage, GeoJSON…) hoặc đường khép kín (DXF, DGN)"),
    )
    crs = forms.CharField(
        label=_("Hệ tọa độ khi tệp không khai báo"), required=False, max_length=20
    )
    note = forms.CharField(label=_("Ghi chú"), required=False)


class ReadTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên (để nhận ra khóa)"),
        max_length=100,
        initial="QGIS",
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: QGIS máy phòng kỹ thuật")}),
    )
    days = forms.IntegerField(label=_("Dùng được trong (ngày)"), min_value=1, max_value=3650)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.GPMB_READ_TOKEN_DAYS
