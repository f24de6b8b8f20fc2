"""Nothing a user types or uploads breaks a page (issue 11 point 1): random text and
numbers thrown at the number parser and at every path a number enters by — the
inventory row editor, the Excel import, the Kobo/ODK import and the parcel form. Each
either refuses with its domain message and writes nothing, or stores a value inside the
field's range that every page can read back; never a 500."""

from __future__ import annotations

import itertools
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gpmb.census.choices import ItemKind
from gpmb.census.excel import SHEETS, InventoryImportError, export_inventory, import_inventory
from gpmb.census.fieldsurvey import import_field_survey
from gpmb.census.models import Census, InventoryItem
from gpmb.census.services import VALUE_FIELDS, census_close, item_create
from gpmb.census.spec import FIELDS, FieldType
from gpmb.core.bounds import field_range
from gpmb.core.vnformat import MAX_WHOLE_DIGITS, NumberFormatError, NumberKind, parse_number
from gpmb.parcels.models import Parcel
from tests.census.test_fieldsurvey import kobo_export

HX = {"HTTP_HX_REQUEST": "true"}
PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people paste into a number box: digits with separators, signs, IDs, exponents,
# words, and anything at all.
numberish = st.one_of(
    st.from_regex(r"[+-]?[0-9.,  ]{1,40}", fullmatch=True),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["99999999999999999999", "031090000001", "1e20", "9.222,1", "-0", "∞"]),
    st.text(max_size=30),
)
# What a spreadsheet cell can hold (no control characters: XLSX cannot store them).
cell_values = st.one_of(
    numberish.map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
)


def in_range(item: InventoryItem) -> None:
    """Every stored value is inside its field's range (the model's own validation)."""
    item.full_clean(exclude=["case", "household", "census", "project"])


def stored() -> list[tuple]:
    return list(InventoryItem.objects.order_by("pk").values_list("pk", *VALUE_FIELDS))


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.officer)
    return client


@given(raw=st.one_of(numberish, cell_values, st.decimals()), kind=st.sampled_from(NumberKind))
@settings(max_examples=200, deadline=None)
def test_the_number_parser_reads_or_refuses_anything(raw, kind):
    try:
        value = parse_number(raw, kind)
    except NumberFormatError as exc:
        assert exc.reason
        return
    if value is not None:
        assert value.is_finite() and value.adjusted() < MAX_WHOLE_DIGITS


def test_every_number_of_an_item_has_a_range():
    numeric = [f for f in FIELDS if f.ftype not in (FieldType.TEXT, FieldType.CHOICE)]
    for spec in numeric:
        low, high = field_range(InventoryItem._meta.get_field(spec.name))
        assert low is not None and high is not None, spec.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99999999999999999999", "tối đa 15 chữ số"),
        ("031090000001", "Khối lượng phải từ 0 đến 10.000.000"),
    ],
)
def test_an_id_typed_as_a_tree_count_is_refused_naming_the_field_and_limit(
    officer_client, world, text, message
):
    url = reverse("census:item_add", args=[world.cases[0].pk])
    response = officer_client.post(
        url, {"kind": "tree", "name": "Bưởi", "unit": "tree", "quantity": text}, **HX
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not InventoryItem.objects.exists()


@given(quantity=numberish, floor_area=numberish, year_built=numberish)
@PROPERTY
def test_the_row_editor_never_fails_and_stores_only_bounded_values(
    officer_client, world, quantity, floor_area, year_built
):
    case = world.cases[0]
    before = stored()
    response = officer_client.post(
        reverse("census:item_add", args=[case.pk]),
        {
            "kind": "house",
            "name": "Nhà",
            "unit": "m2",
            "quantity": quantity,
            "floor_area": floor_area,
            "year_built": year_built,
        },
        **HX,
    )
    assert response.status_code == 200
    if "HX-Retarget" not in response:
        assert stored() == before  # refused: nothing written
    for item in InventoryItem.objects.all():
        in_range(item)
    page = officer_client.get(reverse("cases:household_detail", args=[case.household_id]))
    assert page.status_code == 200


@given(quantity=numberish, diameter=numberish)
@PROPERTY
def test_editing_a_row_never_fails_and_a_refusal_keeps_every_value(
    officer_client, world, quantity, diameter
):
    item = InventoryItem.objects.filter(name="Bưởi").first() or item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.TREE,
        raw={"name": "Bưởi", "unit": "tree", "quantity": "12", "diameter_cm": "20"},
    )
    before = stored()
    response = officer_client.post(
        reverse("census:item_edit", args=[item.pk]),
        {"name": "Bưởi", "unit": "tree", "quantity": quantity, "diameter_cm": diameter},
        **HX,
    )
    assert response.status_code == 200
    if 'name="quantity"' in response.content.decode():  # the row is back in edit mode
        assert stored() == before
    item.refresh_from_db()
    in_range(item)


NUMBER_COLUMNS = {
    ItemKind.HOUSE: ["Khối lượng", "Diện tích sàn (m²)", "Số tầng", "Năm xây dựng"],
    ItemKind.TREE: ["Khối lượng", "Đường kính gốc (cm)", "Tuổi cây (năm)", "Mật độ (cây/m²)"],
}


@pytest.fixture
def workbook(world):
    item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.HOUSE,
        raw={"name": "Nhà cấp 4", "quantity": "60", "floor_area": "60", "year_built": "2004"},
    )
    item_create(
        actor=world.officer,
        case=world.cases[1],
        kind=ItemKind.TREE,
        raw={"name": "Nhãn", "unit": "tree", "quantity": "4", "age_years": "10"},
    )
    buffer = BytesIO()
    export_inventory(world.project, buffer)
    return Exported(buffer.getvalue())


class Exported(bytes):
    def __repr__(self) -> str:  # a short name in hypothesis's report, not 37 kB
        return "<exported workbook>"


@given(
    kind=st.sampled_from(sorted(NUMBER_COLUMNS)),
    column=st.integers(min_value=0, max_value=3),
    value=cell_values,
)
@PROPERTY
def test_the_excel_import_writes_all_in_range_or_nothing(world, workbook, kind, column, value):
    wb = load_workbook(BytesIO(bytes(workbook)))
    sheet = wb[SHEETS[kind]]
    header = NUMBER_COLUMNS[kind][column]
    index = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row=2, column=index, value=value)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    before = stored()
    try:
        import_inventory(world.project, buffer, actor=world.officer, file_label="kiemdem.xlsx")
    except InventoryImportError as exc:
        assert stored() == before
        for error in exc.errors:
            assert "kiemdem.xlsx" in str(error) and error.row == 2 and error.column
        return
    for item in InventoryItem.objects.all():
        in_range(item)


submissions = itertools.count()


@given(quantity=cell_values)
@PROPERTY
def test_the_kobo_import_writes_all_in_range_or_nothing(world, quantity):
    n = next(submissions)
    before = stored()
    try:
        import_field_survey(
            world.project,
            kobo_export(uuid_a=f"a-{n}", uuid_b=f"b-{n}", quantity=quantity),
            actor=world.officer,
            file_label="kobo.xlsx",
        )
    except InventoryImportError as exc:
        assert stored() == before
        assert all("kobo.xlsx" in str(error) for error in exc.errors)
        return
    for item in InventoryItem.objects.all():
        in_range(item)


@given(area=numberish)
@PROPERTY
def test_the_parcel_form_never_fails_and_stores_only_bounded_areas(officer_client, world, area):
    parcel = Parcel.objects.filter(parcel_number="1").get()
    before = parcel.measured_area
    response = officer_client.post(
        reverse("parcels:parcel_edit", args=[parcel.pk]),
        {"land_use_code": "ODT", "measured_area": area, "reason": "đo lại"},
    )
    assert response.status_code in (200, 302)
    parcel.refresh_from_db()
    if response.status_code == 200:
        assert parcel.measured_area == before
    parcel.full_clean(exclude=["commune"])  # inside its range
    detail = officer_client.get(reverse("parcels:parcel_detail", args=[parcel.pk]))
    assert detail.status_code == 200


def test_a_cutoff_date_outside_its_range_is_refused_by_the_command(world):
    census_close(actor=world.officer, census=world.census)
    with pytest.raises(CommandError, match="Mốc khóa số liệu phải từ 01/01/1980 đến 31/12/2100"):
        call_command("census_open", "--project", "tp", "--batch", "D1", "--cutoff", "01/01/0001")
    assert Census.objects.filter(batch=world.batch).count() == 1
