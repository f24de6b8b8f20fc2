from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gpmb.core.forms import CleanTextForm, VNNumberField
from gpmb.core.vnformat import NumberKind
from gpmb.engine.pack import POSITIONS
from gpmb.parcels.choices import LandUse
from gpmb.parcels.models import ParcelImpact
from gpmb.plans.wording import option_words
from gpmb.policy.packs import PolicyError, engine_pack
from gpmb.policy.queries import segment_label

ORIGIN_CHOICES = [
    ("certificate", _("Có giấy chứng nhận hoặc giấy tờ (Luật Đất đai Điều 95)")),
    ("no_papers", _("Không có giấy tờ, không vi phạm")),
    ("violation", _("Sử dụng đất có vi phạm")),
    ("unauthorised_allocation", _("Giao đất không đúng thẩm quyền")),
    ("state_free_allocation", _("Nhà nước giao không thu tiền (Điều 101)")),
    ("annual_lease", _("Thuê đất trả tiền hằng năm")),
    ("public_land", _("Đất công ích")),
]


class DecideForm(CleanTextForm):
    choice = forms.ChoiceField(label=_("Lựa chọn"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc: căn cứ, biên bản hoặc văn bản dẫn đến lựa chọn này"),
    )

    def __init__(self, *args: Any, decision_key: str, options: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each option in words with the text it rests on; the code is what is recorded.
        self.fields["choice"].choices = [  # type: ignore[attr-defined]
            (o, option_words(decision_key, o, basis=True)) for o in options
        ]


class CalculatorForm(CleanTextForm):
    """A case described by hand: the documented JSON (docs/compute-case-format.md), or,
    when that is empty, one parcel and the household size from the simple fields."""

    pack: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Gói chính sách"), queryset=None, empty_label=None
    )
    land_use_code = forms.ChoiceField(
        label=_("Loại đất"), choices=LandUse.choices, initial="ODT", required=False
    )
    recovered_area = VNNumberField(
        label=_("Diện tích thu hồi (m²)"),
        kind=NumberKind.AREA,
        bounded_by=ParcelImpact._meta.get_field("recovered_area"),
        required=False,
    )
    commune_kind = forms.ChoiceField(
        label=_("Xã hay phường"),
        choices=[("ward", _("Phường")), ("commune", _("Xã"))],
        initial="ward",
        required=False,
    )
    segment = forms.CharField(
        label=_("Đoạn đường trong bảng giá"),
        required=False,
        max_length=120,
        help_text=_("Gõ tên đường để tìm, rồi chọn trong danh sách của gói"),
        widget=forms.TextInput(attrs={"list": "calc-segments", "autocomplete": "off"}),
    )
    position = forms.ChoiceField(
        label=_("Vị trí"), choices=[(p, p) for p in POSITIONS], initial="VT1", required=False
    )
    origin = forms.ChoiceField(
        label=_("Nguồn gốc đất"), choices=ORIGIN_CHOICES, initial="certificate", required=False
    )
    stable_use_from = forms.DateField(
        label=_("Sử dụng ổn định từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    members = forms.IntegerField(
        label=_("Số nhân khẩu tính hỗ trợ"), min_value=0, max_value=50, required=False
    )
    facts_json = forms.CharField(
        label=_("Dữ kiện dạng JSON (thay cho các ô trên)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_("Theo định dạng docs/compute-case-format.md"),
    )
    decisions_json = forms.CharField(
        label=_("Quyết định dạng JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, packs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pack"]
        field.queryset = packs.defer("source_text")  # type: ignore[attr-defined]
        demo = packs.filter(code="hai-phong-demo-2026").first()
        if demo is not None:
            field.initial = demo.pk

    def _json(self, name: str) -> Any:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("JSON không hợp lệ ở dòng %(line)s, cột %(col)s: %(msg)s")
                % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ) from None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Cần một đối tượng JSON {…}"))
        return data

    def clean_facts_json(self) -> Any:
        return self._json("facts_json")

    def clean_decisions_json(self) -> Any:
        return self._json("decisions_json")

    def segments(self) -> list[tuple[str, str]]:
        """(segment id, road and ends) of every pack offered, for the searchable list."""
        seen: dict[str, str] = {}
        field: Any = self.fields["pack"]
        for row in field.queryset.defer(None):
            try:
                pack = engine_pack(row)
            except PolicyError:
                continue
            for sid, segment in pack.segments.items():
                seen.setdefault(sid, f"{segment_label(segment)} — {row.code}")
        return sorted(seen.items(), key=lambda item: item[1])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        segment = (data.get("segment") or "").strip()
        pack_row = data.get("pack")
        if segment and pack_row is not None and not data.get("facts_json"):
            try:
                known = engine_pack(pack_row).segments
            except PolicyError:
                known = {}
            if segment not in known:
                self.add_error(
                    "segment",
                    _(
                        "Đoạn đường “%(segment)s” không có trong bảng giá của gói %(pack)s; "
                        "hãy chọn trong danh sách (gõ vài chữ của tên đường để tìm)."
                    )
                    % {"segment": segment, "pack": pack_row.code},
                )
        if (
            not data.get("facts_json")
            and "facts_json" not in self.errors
            and data.get("recovered_area") is None
        ):
            self.add_error("recovered_area", _("Nhập diện tích thu hồi hoặc dữ kiện JSON"))
        return data

    def decisions_in_facts(self) -> dict[str, Any] | None:
        """Decisions given inside the JSON as {"facts": …, "decisions": …} (the CLI's
        file format)."""
        given = self.cleaned_data.get("facts_json") or {}
        decisions = given.get("decisions") if "facts" in given else None
        return decisions if isinstance(decisions, dict) else None

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        given = data.get("facts_json")
        if given:
            return dict(given.get("facts", given))
        parcel: dict[str, Any] = {
            "ref": "thua-1",
            "land_use_code": data.get("land_use_code") or "ODT",
            "recovered_area": format(data["recovered_area"], "f"),
            "origin": data.get("origin") or "certificate",
            "position": data.get("position") or "VT1",
        }
        if data.get("segment"):
            parcel["segment"] = data["segment"].strip()
        if data.get("stable_use_from"):
            parcel["stable_use_from"] = data["stable_use_from"].isoformat()
        members = data.get("members") or 0
        return {
            "case_id": "tinh-thu",
            "commune_kind": data.get("commune_kind") or "ward",
            "members": [{"id": f"m{i + 1}"} for i in range(members)],
            "parcels": [parcel],
        }


# -- the acts on a batch's plan ----------------------------------------------------------


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        # The browser's date picker sends ISO; typed by hand, dd/mm/yyyy.
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000)


class PlanPostForm(CleanTextForm):
    start_date = _date(_("Niêm yết từ ngày"))
    end_date = _date(
        _("Đến hết ngày"), help_text=_("Đủ thời hạn niêm yết của gói chính sách (10 ngày)")
    )
    document_number = forms.CharField(label=_("Số thông báo niêm yết"), required=False)
    document_date = _date(_("Ngày thông báo"), required=False)
    signer = forms.CharField(label=_("Người ký"), required=False)
    only_ready = forms.BooleanField(
        label=_(
            "Chỉ niêm yết các phương án đủ căn cứ, đã ghi nhận kiểm đếm (các hộ còn lại vẫn là "
            "dự thảo)"
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc niêm yết phải sau ngày bắt đầu."))
        return data


class PlanConsultForm(CleanTextForm):
    meeting_date = _date(_("Ngày họp lấy ý kiến"))
    agree_count = _count(_("Số ý kiến đồng ý"))
    disagree_count = _count(_("Số ý kiến không đồng ý"))
    other_count = _count(_("Số ý kiến khác"))
    document_number = forms.CharField(label=_("Số biên bản lấy ý kiến"), required=False)
    dialogue_ref = forms.CharField(
        label=_("Biên bản đối thoại"),
        required=False,
        help_text=_("Bắt buộc khi còn ý kiến không đồng ý: số, ngày của biên bản đối thoại"),
    )
    signer = forms.CharField(label=_("Đại diện UBND xã/phường ký"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanSubmitForm(CleanTextForm):
    document_number = forms.CharField(label=_("Số tờ trình"), required=False)
    document_date = _date(_("Ngày tờ trình"), required=False)
    signer = forms.CharField(label=_("Người ký"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanReturnForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nội dung cần hoàn chỉnh: hồ sơ, trình tự, số liệu"),
    )
    document_number = forms.CharField(label=_("Số văn bản"), required=False)
    document_date = _date(_("Ngày văn bản"), required=False)
    signer = forms.CharField(label=_("Người ký"), required=False)


class PlanAppraiseForm(CleanTextForm):
    document_number = forms.CharField(label=_("Số báo cáo thẩm định"))
    document_date = _date(_("Ngày báo cáo thẩm định"))
    signer = forms.CharField(label=_("Người ký"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanApproveForm(CleanTextForm):
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt"))
    decision_date = _date(_("Ngày quyết định"))
    signer = forms.CharField(label=_("Người ký (chức vụ, họ tên)"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


ACT_FORMS: dict[str, type[CleanTextForm]] = {
    "consult": PlanConsultForm,
    "submit": PlanSubmitForm,
    "return": PlanReturnForm,
    "appraise": PlanAppraiseForm,
    "approve": PlanApproveForm,
}
