"""The parcel export's XLSX holds what was typed or imported as text: an address that
looks like a formula stays text (review finding 10)."""

from __future__ import annotations

import zipfile

from django.core.management import call_command
from openpyxl import load_workbook

from gpmb.parcels.models import Parcel

from .test_export import computed  # noqa: F401 - the fixture
from .test_overlay import corridor, imported  # noqa: F401 - the fixture

ADDRESS = '=HYPERLINK("http://127.0.0.1:9/","addr")'


def test_an_address_like_a_formula_is_exported_as_text(tmp_path, project, computed):  # noqa: F811
    parcel = Parcel.objects.filter(impacts__project=project).order_by("pk").first()
    Parcel.objects.filter(pk=parcel.pk).update(address=ADDRESS, map_sheet="@1\x0b")
    out = tmp_path / "out.xlsx"
    call_command("export_parcels", str(out), "--project", project.code, "--format", "xlsx")
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    cells = [c for r in load_workbook(out).active.iter_rows(min_row=3) for c in r]
    address = next(c for c in cells if c.value == ADDRESS)
    assert address.data_type == "s" and address.quotePrefix
    assert any(c.value == "@1" for c in cells)
