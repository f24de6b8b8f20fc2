"""The periodic review report (báo cáo sơ kết 6 tháng, tổng kết năm), site-clearance
section: as of the period's end (or today while it runs), read from the records by
`gpmb.reports.queries`, written as sentences, the indicator table, the summary figures,
a table per project and per ward and the lagging ones with their blockers — a DOCX in
the Decree 30/2020 layout (documents app, template `review_report`), its PDF, and an
XLSX annex with every figure."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from gpmb.core.vnformat import format_area, format_date, format_money, format_number
from gpmb.core.xlsx import row
from gpmb.documents.chain import committee
from gpmb.documents.pdf import docx_to_pdf
from gpmb.documents.rendering import DocxImage, heading, render_docx
from gpmb.projects.models import AdminUnit, Project
from gpmb.reports.charts import progress_png, share_png
from gpmb.reports.queries import (
    Figures,
    Report,
    ScopeKind,
    blockers,
    indicators,
    pct,
    period_bounds,
    report,
    scope_cases,
)

ORGANISER = "Tổ chức làm nhiệm vụ bồi thường, giải phóng mặt bằng"


def period_label(period: str) -> str:
    year = period[:4]
    if period.endswith("-H1"):
        return f"6 tháng đầu năm {year}"
    if period.endswith("-H2"):
        return f"6 tháng cuối năm {year}"
    return f"năm {year}"


def as_of_for(period: str) -> dt.date:
    """The period's last day, or today while the period runs."""
    return min(period_bounds(period)[1], timezone.localdate())


def summary_figures(r: Report) -> list[tuple[str, str, str]]:
    """(key, label, value as printed) of the scope's figures — the same values, in the
    same format, as the dashboard's."""
    t = r.totals
    out = [
        ("total", "Tổng số hộ bị ảnh hưởng", format_number(t.total)),
        ("inventoried", "Đã kiểm đếm (hộ)", format_number(t.inventoried)),
        ("approved", "Đã phê duyệt phương án (hộ)", format_number(t.approved)),
        ("covered", "Đã chi trả hoặc gửi tiền đủ số đã duyệt (hộ)", format_number(t.covered)),
        ("handed_over", "Đã bàn giao mặt bằng (hộ)", format_number(t.handed_over)),
        ("area_to_recover", "Diện tích thu hồi (m²)", format_area(t.area_to_recover)),
        ("area_handed_over", "Diện tích đã bàn giao (m²)", format_area(t.area_handed_over)),
        ("money_approved", "Kinh phí đã phê duyệt", format_money(t.money_approved)),
        ("paid", "Đã chi trả", format_money(t.paid)),
        ("deposited", "Đã gửi tiền (hộ từ chối nhận)", format_money(t.deposited)),
        ("remaining", "Còn phải chi theo phương án đã duyệt", format_money(t.remaining)),
        ("computed", "Tổng theo phương án (đã duyệt hoặc đang tính)", format_money(t.computed)),
        (
            "capital_plan",
            "Kế hoạch vốn",
            "chưa có" if t.capital_plan is None else format_money(t.capital_plan),
        ),
        (
            "shortfall",
            "Vốn còn thiếu so với kế hoạch",
            "không tính được" if t.shortfall is None else format_money(t.shortfall),
        ),
        ("overdue_steps", "Bước thủ tục quá hạn", format_number(t.overdue_steps)),
        ("open_complaints", "Hộ đang có khiếu nại", format_number(t.open_complaints)),
    ]
    if t.clean_km is not None or t.no_centreline:
        out.append(("clean_km", "Mặt bằng sạch dọc tuyến (km)", _clean_km(t)))
    return out


def _clean_km(f: Figures) -> str:
    """ "1,25 / 3,4" km of clean land along the centrelines, and the linear projects
    without a centreline named (their land is not counted as 0)."""
    parts = []
    if f.clean_km is not None:
        parts.append(
            format_number(f.clean_km)
            + (f" / {format_number(f.line_km)}" if f.line_km is not None else "")
        )
    if f.no_centreline:
        parts.append("chưa có tim tuyến: " + ", ".join(f.no_centreline))
    return "; ".join(parts)


def _charts(r: Report) -> list[dict[str, Any]]:
    """The dashboard's charts as pictures: households handed over week by week, and the
    share handed over by ward (lagging wards in red)."""
    out = []
    line = progress_png(r.series, r.totals.total)
    if line is not None:
        out.append({"title": "Số hộ đã bàn giao mặt bằng theo tuần", "image": DocxImage(line)})
    if r.kind != ScopeKind.WARD:
        bars = share_png([(w.label, w.share, w.lagging) for w in r.wards])
        if bars is not None:
            out.append({"title": "Tỷ lệ bàn giao theo xã/phường", "image": DocxImage(bars)})
    return out


def _share(f: Figures) -> str:
    return pct(f.share) if f.share is not None else ""


def _sentences(r: Report, period: str) -> list[str]:
    t = r.totals
    out = [
        f"Tổng số hộ bị ảnh hưởng {format_number(t.total)} hộ; đã kiểm đếm "
        f"{format_number(t.inventoried)} hộ; đã phê duyệt phương án {format_number(t.approved)}"
        f" hộ; đã chi trả hoặc gửi tiền đủ số đã duyệt {format_number(t.covered)} hộ; đã bàn "
        f"giao mặt bằng {format_number(t.handed_over)} hộ"
        + (f", đạt {_share(t)}% tổng số hộ." if t.total else "."),
        f"Diện tích thu hồi {format_area(t.area_to_recover)} m², đã bàn giao "
        f"{format_area(t.area_handed_over)} m²"
        + (f" ({pct(t.area_share)}%)." if t.area_share is not None else "."),
    ]
    if r.money_visible:
        capital = (
            "chưa ghi kế hoạch vốn"
            if t.capital_plan is None
            else f"kế hoạch vốn {format_money(t.capital_plan)}"
        )
        need = (
            f"; tổng theo phương án {format_money(t.computed)}, vượt kế hoạch vốn "
            f"{format_money(t.shortfall)}"
            if t.shortfall
            else ""
        )
        out.append(
            f"Kinh phí đã phê duyệt {format_money(t.money_approved)}; đã chi trả "
            f"{format_money(t.paid)}; đã gửi tiền {format_money(t.deposited)}; còn phải chi "
            f"{format_money(t.remaining)}; {capital}{need}."
        )
    if t.overdue_steps:
        out.append(
            f"Có {format_number(t.overdue_steps)} bước thủ tục quá hạn ở "
            f"{format_number(t.overdue_cases)} hộ."
        )
    f = t.forecast
    if f is not None and not f.done:
        if f.clear_date:
            text = (
                f"Theo nhịp {format_number(f.pace.quantize(Decimal('0.1')))} hộ/tuần trong "
                f"{f.window_weeks} tuần gần nhất, dự kiến bàn giao xong mặt bằng ngày "
                f"{format_date(f.clear_date)}"
            )
        else:
            text = f"Không có hộ nào bàn giao trong {f.window_weeks} tuần gần nhất"
        if f.target:
            text += f"; hạn bàn giao {format_date(f.target)}" + (
                ", không kịp hạn" if f.misses else ""
            )
        out.append(text + ".")
    for label, units in (
        ("Các xã/phường chậm tiến độ", r.lagging_wards),
        ("Các dự án chậm tiến độ", r.lagging_projects),
    ):
        if units:
            out.append(f"{label}: " + "; ".join(u.label for u in units) + ".")
    return out


def _blocker_text(user: Any, kind: str, code: str) -> str:
    groups = [g for g in blockers(user, kind, code) if g.count]
    if not groups:
        return "không ghi nhận vướng mắc"
    return "; ".join(f"{g.title}: {format_number(g.count)} hộ" for g in groups)


def review_context(user: Any, kind: str, code: str | None, period: str) -> dict[str, Any]:
    day = as_of_for(period)
    r = report(user, kind, code, as_of=day)
    _cases, label, obj = scope_cases(user, kind, code)
    if isinstance(obj, AdminUnit):
        authority, province = committee(obj), (obj.parent.name if obj.parent else obj.name)
    else:
        project = obj if isinstance(obj, Project) else Project.objects.restrict(user).first()
        province = project.province.name if project else "Thành phố Hải Phòng"
        authority = f"Ủy ban nhân dân {province[:1].lower()}{province[1:]}"
    laggards = [
        {
            "name": u.label,
            "reasons": "; ".join(u.lag_reasons),
            "blockers": _blocker_text(user, ScopeKind.WARD, u.code),
        }
        for u in r.lagging_wards
    ] + [
        {
            "name": u.label,
            "reasons": "; ".join(u.lag_reasons),
            "blockers": _blocker_text(user, ScopeKind.PROJECT, u.code),
        }
        for u in r.lagging_projects
    ]
    return {
        "heading": heading(
            authority=authority,
            issuer=ORGANISER,
            number="........../BC-GPMB",
            province=province,
            year=day.year,
        ),
        "scope": {"label": label, "kind": kind},
        "period": {"code": period, "label": period_label(period)},
        "as_of": format_date(day),
        "illustrative": Project.objects.filter(
            pk__in=[p.key for p in r.projects], is_illustrative=True
        ).exists(),
        "sentences": _sentences(r, period),
        "figures": [{"label": lbl, "value": v} for _k, lbl, v in summary_figures(r)],
        "indicators": [
            {
                "title": i.title,
                "unit": i.unit,
                "planned": _dec(i.planned),
                "actual": _dec(i.actual),
                "same": _dec(i.same),
                "words": i.words,
            }
            for i in indicators(user, kind, code, period)
        ],
        "projects": [
            {
                "no": str(n),
                "name": p.label,
                "total": format_number(p.total),
                "handed": format_number(p.handed_over),
                "share": _share(p),
                "area": f"{format_area(p.area_handed_over)} / {format_area(p.area_to_recover)}",
                "approved": format_number(p.money_approved),
                "paid": format_number(p.paid),
                "clean": _clean_km(p),
                "clear": _clear(p),
                "lagging": "; ".join(p.lag_reasons),
            }
            for n, p in enumerate(r.projects, start=1)
        ],
        "wards": [
            {
                "no": str(n),
                "name": w.label,
                "total": format_number(w.total),
                "approved": format_number(w.approved),
                "covered": format_number(w.covered),
                "handed": format_number(w.handed_over),
                "share": _share(w),
                "lagging": "; ".join(w.lag_reasons),
            }
            for n, w in enumerate(r.wards, start=1)
        ],
        "laggards": laggards,
        "_report": r,
    }


def _dec(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_number(value.normalize() if value != value.to_integral_value() else int(value))


def _clear(f: Figures) -> str:
    if f.forecast is None:
        return ""
    if f.forecast.done:
        return "đã xong"
    return format_date(f.forecast.clear_date) if f.forecast.clear_date else "chưa dự báo được"


def review_docx(user: Any, kind: str, code: str | None, period: str) -> bytes:
    context = review_context(user, kind, code, period)
    context["charts"] = _charts(context.pop("_report"))
    return render_docx("review_report", context)


def review_pdf(user: Any, kind: str, code: str | None, period: str) -> bytes:
    return docx_to_pdf(review_docx(user, kind, code, period))


def review_xlsx(user: Any, kind: str, code: str | None, period: str) -> bytes:
    """The annex: every figure of the report, as numbers a spreadsheet can sum."""
    context = review_context(user, kind, code, period)
    r: Report = context["_report"]
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Tổng hợp"
    sheet.append(["Nội dung", "Số liệu"])
    sheet.append(row(sheet, ["Phạm vi", context["scope"]["label"]]))
    sheet.append(row(sheet, ["Kỳ", context["period"]["label"]]))
    sheet.append(row(sheet, ["Số liệu đến ngày", r.as_of]))
    t = r.totals
    for key, label, _printed in summary_figures(r):
        value = getattr(t, key)
        sheet.append(row(sheet, [label, value if value is not None else "chưa có"]))
    columns = [
        ("total", "Số hộ"),
        ("inventoried", "Đã kiểm đếm"),
        ("approved", "Đã phê duyệt"),
        ("covered", "Đã chi trả/gửi tiền đủ"),
        ("handed_over", "Đã bàn giao"),
        ("area_to_recover", "Diện tích thu hồi (m²)"),
        ("area_handed_over", "Diện tích đã bàn giao (m²)"),
        ("money_approved", "Đã phê duyệt (đồng)"),
        ("paid", "Đã chi trả (đồng)"),
        ("deposited", "Đã gửi tiền (đồng)"),
        ("remaining", "Còn phải chi (đồng)"),
        ("computed", "Tổng theo phương án (đồng)"),
        ("overdue_steps", "Bước quá hạn"),
        ("open_complaints", "Hộ đang khiếu nại"),
        ("clean_km", "Mặt bằng sạch (km)"),
    ]
    for title, units, extra in (
        ("Dự án", r.projects, [("capital_plan", "Kế hoạch vốn (đồng)")]),
        ("Xã phường", r.wards, []),
    ):
        ws = wb.create_sheet(title)
        ws.append(["Mã", "Tên", *[c[1] for c in columns + extra], "Chậm tiến độ"])
        for u in units:
            values = [getattr(u, c[0]) for c in columns + extra]
            ws.append(row(ws, [u.code, u.label, *values, "; ".join(u.lag_reasons)]))
    ws = wb.create_sheet("Chỉ tiêu")
    ws.append(["Chỉ tiêu", "Đơn vị", "Kế hoạch", "Thực hiện", "Cùng kỳ", "Đánh giá"])
    for i in indicators(user, kind, code, period):
        ws.append(row(ws, [i.title, i.unit, i.planned, i.actual, i.same, i.words]))
    ws = wb.create_sheet("Vướng mắc")
    ws.append(["Lý do", "Số hộ"])
    for g in blockers(user, kind, code):
        ws.append(row(ws, [g.title, g.count]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
