"""Documents come from template files: the shipped files are what the build script
writes, an administrator's own file changes the output without code, and a template that
cannot render is refused with a message saying which file and why."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from gpmb.census.choices import ItemKind
from gpmb.census.services import item_create
from gpmb.core.choices import Role
from gpmb.documents.inventory import inventory_record_context
from gpmb.documents.plans import plan_sheet_context, summary_context
from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import (
    TemplateFault,
    check_template,
    override_path,
    render_docx,
    shipped_path,
)
from gpmb.documents.tools.build_templates import BUILDERS, build
from gpmb.plans.services import case_compute
from tests.census.conftest import world  # noqa: F401  (the census world: a batch, its round)
from tests.documents.test_plan_documents import _docx_text
from tests.plans.conftest import make_home


def edited(name: str, old: str, new: str) -> bytes:
    """The shipped template `name` with the text `old` changed to `new`, as someone
    editing it in Word would leave it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(shipped_path(name)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                assert old in text, f"{old!r} is not in {name}"
                data = text.replace(old, new).encode()
            dst.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_shipped_templates_are_what_the_build_script_writes(name):
    assert shipped_path(name).read_bytes() == build(name), (
        f"{shipped_path(name)} is out of date: run python -m gpmb.documents.tools.build_templates"
    )


def test_every_kind_has_a_built_template():
    assert set(BUILDERS) == set(KINDS)


def _shape(value):
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


@pytest.mark.django_db
def test_sample_contexts_have_the_fields_of_real_ones(world):  # noqa: F811
    """A template checked with the sample must render with real data: same fields."""
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    case = world.cases[0]
    item_create(
        actor=world.officer, case=case, kind=ItemKind.HOUSE, raw={"name": "Nhà", "quantity": "1"}
    )
    real = {
        "plan_sheet": plan_sheet_context(version),
        "plan_summary": summary_context("T", [version], project=home.project),
        "inventory_record": inventory_record_context(case, world.census),
    }
    for name, context in real.items():
        assert _shape(context) == _shape(KINDS[name].sample), name


@pytest.mark.django_db
def test_an_administrators_template_changes_the_document_without_code(
    settings, tmp_path, make_user, client
):
    settings.DATA_DIR = tmp_path
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    url = f"/documents/plans/{version.pk}/sheet.docx"
    assert "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG" in _docx_text(client.get(url).content)

    own = override_path("plan_sheet")
    own.parent.mkdir(parents=True)
    own.write_bytes(
        edited(
            "plan_sheet",
            "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG",
            "PHƯƠNG ÁN CỦA HỘ {{ household.code }} THEO MẪU CỦA THÀNH PHỐ",
        )
    )
    text = _docx_text(client.get(url).content)
    assert f"PHƯƠNG ÁN CỦA HỘ {home.household.code} THEO MẪU CỦA THÀNH PHỐ" in text
    assert "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG" not in text
    assert "4.320.000.000 đồng" in text  # the data is still the plan's

    own.unlink()
    assert "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG" in _docx_text(client.get(url).content)


@pytest.mark.django_db
def test_a_broken_own_template_gives_a_page_that_says_so_not_a_500(
    settings, tmp_path, make_user, client
):
    settings.DATA_DIR = tmp_path
    home = make_home()
    version = case_compute(case=home.case, actor=None)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    own = override_path("plan_sheet")
    own.parent.mkdir(parents=True)
    own.write_bytes(edited("plan_sheet", "{{ household.code }}", "{{ household.so_cmnd }}"))
    response = client.get(f"/documents/plans/{version.pk}/sheet.docx")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Mẫu văn bản không dùng được" in page and "so_cmnd" in page
    assert str(own) in page


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # A field the document does not have: named, not printed blank.
        ("{{ household.code }}", "{{ household.so_cmnd }}", "so_cmnd"),
        # Reaching from the data into Python: the sandbox refuses.
        ("{{ household.code }}", "{{ household.__class__.__mro__ }}", "__class__"),
        ("{{ household.code }}", "{{ heading.items.__globals__ }}", "__globals__"),
        # A tag left open.
        ("{{ household.code }}", "{{ household.code ", "lỗi cú pháp"),
    ],
)
def test_a_template_that_cannot_render_is_refused_with_the_reason(old, new, says):
    data = edited("plan_sheet", old, new)
    with pytest.raises(TemplateFault) as caught:
        check_template("plan_sheet", data, KINDS["plan_sheet"].sample, source="mau-moi.docx")
    assert "mau-moi.docx" in str(caught.value) and says in str(caught.value)


def test_a_file_that_is_not_word_is_refused():
    for data in (b"%PDF-1.7 not a template", _zip_without_word()):
        with pytest.raises(TemplateFault, match=r"mau\.docx không phải tệp Word"):
            check_template("plan_sheet", data, KINDS["plan_sheet"].sample, source="mau.docx")


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "xin chào")
    return out.getvalue()


def test_names_with_markup_characters_are_printed_as_written():
    sample = KINDS["plan_sheet"].sample
    context = {**sample, "household": {**sample["household"], "head_name": "Lê <Văn> & Con"}}
    text = "\n".join(
        p.text for p in Document(io.BytesIO(render_docx("plan_sheet", context))).paragraphs
    )
    assert "Hộ Lê <Văn> & Con — mã hộ LC-00001" in text
