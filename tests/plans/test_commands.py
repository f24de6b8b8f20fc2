import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gpmb.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def test_compute_case_prints_the_lines_as_json(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "case_id": "HS-1",
                "dates": {"valuation": "2026-07-15"},
                "parcels": [
                    {
                        "ref": "p1",
                        "land_use_code": "ODT",
                        "recovered_area": "50",
                        "segment": "ho-sen-cau-rao-2/le-chan",
                        "position": "VT1",
                    }
                ],
            }
        )
    )
    out = io.StringIO()
    call_command("compute_case", str(case), "--pack", "hai-phong-demo-2026", stdout=out)
    result = json.loads(out.getvalue())
    assert result["lines"][0]["amount"] == 3_600_000_000
    assert result["status"] == "ok"
    case.write_text('{"case_id": "x", "parcels": [{"ref": "a"}]}')
    with pytest.raises(CommandError):
        call_command("compute_case", str(case), "--pack", "hai-phong-demo-2026", stdout=out)


def test_compute_command_reports_progress(home):
    out = io.StringIO()
    call_command("compute", "--project", home.project.code, stdout=out)
    text = out.getvalue()
    assert "1/1" in text and "1 phiên bản mới" in text
    assert PlanVersion.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("compute", "--project", "khong-co", stdout=out)
