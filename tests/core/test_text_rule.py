"""The one text rule (gpmb.core.text) and the one XLSX cell writer (gpmb.core.xlsx)."""

from __future__ import annotations

import zipfile

import pytest
from django import forms
from openpyxl import Workbook, load_workbook

from gpmb.core.forms import CleanTextForm
from gpmb.core.text import TextRefused, clean_text, printable
from gpmb.core.xlsx import put, row

RISKY = ['=HYPERLINK("http://x/","a")', "+1", "-1", "@A1", "\t=1", "\r=1"]


def test_text_in_refuses_nul_and_drops_other_control_characters():
    assert clean_text("Nhà\x0b cấp\x1b 4\x7f") == "Nhà cấp 4"
    assert clean_text("dòng 1\ndòng 2\tcột\r") == "dòng 1\ndòng 2\tcột\r"
    with pytest.raises(TextRefused, match="NUL"):
        clean_text("a\x00b")
    assert printable("a\x00b\x0c") == "ab"


@pytest.mark.parametrize("write_only", [False, True])
def test_cells_are_data_never_formulas(tmp_path, write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Dữ liệu") if write_only else book.active
    sheet.append(row(sheet, [*RISKY, "Nhãn\x0b\x1b", 12.5, None, "ổn"]))
    if not write_only:
        put(sheet.cell(row=2, column=1), "=1+1")
    book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
    assert b"<f>" not in xml
    back = load_workbook(tmp_path / "out.xlsx").worksheets[-1]
    values = [c.value for c in back[1]]
    assert values == [*RISKY, "Nhãn", 12.5, None, "ổn"]
    assert all(c.data_type == "s" and c.quotePrefix for c in back[1][: len(RISKY)])
    assert not back[1][len(RISKY) + 3].quotePrefix


class NoteForm(CleanTextForm):
    note = forms.CharField()


def test_forms_drop_control_characters_and_refuse_nul():
    form = NoteForm({"note": "Ghi\x0b chú"})
    assert form.is_valid() and form.cleaned_data["note"] == "Ghi chú"
    form = NoteForm({"note": "Ghi\x00 chú"})
    assert not form.is_valid() and form.errors["note"]


def test_a_nul_posted_by_a_form_is_refused_with_a_page(client, make_user):
    client.force_login(make_user())
    response = client.post(
        "/i18n/setlang/", "language=en%00&next=/", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
