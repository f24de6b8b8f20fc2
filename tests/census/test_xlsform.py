from io import BytesIO

from django.core.management import call_command
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from gpmb.census.xlsform import export_xlsform


def test_pyxform_converts_the_generated_form_without_errors(world, tmp_path):
    buffer = BytesIO()
    export_xlsform(world.project, buffer)
    warnings: list[str] = []
    result = convert(xlsform=buffer.getvalue(), file_type=".xlsx", warnings=warnings)
    xml = result.xform
    assert warnings == []
    assert 'jr:template=""' in xml or "households" in xml
    for name in ("households", "members", "assets"):
        assert f"<{name}" in xml
    # The project's households are the choices of the household question.
    assert "LC-00001" in xml and "LC-00003" in xml
    path = tmp_path / "form.xlsx"
    call_command("export_xlsform", str(path), project="tp")
    wb = load_workbook(path)
    assert {"survey", "choices", "settings"} <= set(wb.sheetnames)


def test_odk_validate_accepts_the_form_when_java_is_present(world):
    import shutil

    import pytest

    if shutil.which("java") is None:
        pytest.skip("ODK Validate needs Java")
    buffer = BytesIO()
    export_xlsform(world.project, buffer)
    result = convert(xlsform=buffer.getvalue(), file_type=".xlsx", validate=True)
    assert "<h:html" in result.xform
