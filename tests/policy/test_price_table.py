"""Importing a province's published land price table (Excel) into a pack's segments."""

import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.core.management import CommandError, call_command

from gpmb.engine import CaseFacts, compute, load_pack
from gpmb.engine.pack import PACKS_DIR
from gpmb.policy.pricetable import PriceTableError, read_price_table

SOURCE = "Nghị quyết 19/2025/NQ-HĐND tỉnh Lào Cai, Phụ lục II"
HEADER_TOP = [
    "STT",
    "Tên Đường, Đoạn Đường, Khu Vực",
    "Đoạn đường",
    None,
    "Giá đất ở",
    "Giá đất thương mại, dịch vụ",
    "Giá đất cơ sở sản xuất phi nông nghiệp",
]


def ward_table(sheet, top: int, heading: str) -> None:
    """A ward heading and the two-row header of NQ 19's Annex II, merged as published."""
    sheet.cell(top, 1, heading)
    for col, text in enumerate(HEADER_TOP, start=1):
        sheet.cell(top + 1, col, text)
    sheet.cell(top + 2, 3, "Từ")
    sheet.cell(top + 2, 4, "Đến")
    sheet.merge_cells(start_row=top + 1, start_column=3, end_row=top + 1, end_column=4)
    for col in (1, 2, 5, 6, 7):
        sheet.merge_cells(start_row=top + 1, start_column=col, end_row=top + 2, end_column=col)


def lao_cai_layout(path: Path, bad: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PL II"
    sheet["A1"] = "PHỤ LỤC II"
    sheet["A2"] = "Đơn vị tính: nghìn đồng/m2"
    ward_table(sheet, 3, "1. PHƯỜNG ÂU LÂU")
    rows = [
        [1, "Đường Võ Nguyên Giáp", "Đầu đường", "Cuối đường", "25.000", "15.000", bad or "12.500"],
        [7, "Đường Hoàng Quốc Việt", "Ngã ba cầu Yên Bái", "Ngã 4 với đường Võ Văn Kiệt"],
        [None, None, "Ngã 4 với đường Võ Văn Kiệt", "Đường rẽ vào đê", 10000, 6000, 5000],
    ]
    rows[1] += [15000, 9000, 7500]  # numeric cells as well as text ones
    for row in rows:
        sheet.append(row)
    ward_table(sheet, sheet.max_row + 1, "2. PHƯỜNG YÊN BÁI")
    sheet.append([1, "Đường Điện Biên", None, None, "7,5", None, "3.000"])
    book.save(path)
    return path


def test_the_published_annex_layout_becomes_segments_with_their_rows(tmp_path):
    table = read_price_table(lao_cai_layout(tmp_path / "nq19.xlsx"), source=SOURCE)
    segments = table.segments
    assert list(segments) == [
        "phuong-au-lau/1",
        "phuong-au-lau/7",
        "phuong-au-lau/7-2",
        "phuong-yen-bai/1",
    ]
    # Thousand đồng in the table, đồng in the pack; text and numeric cells alike.
    assert segments["phuong-au-lau/1"]["prices"] == {
        "ODT": 25_000_000,
        "TMD": 15_000_000,
        "SKC": 12_500_000,
    }
    further = segments["phuong-au-lau/7-2"]
    assert further["road"] == "Đường Hoàng Quốc Việt"  # a row without STT or road continues it
    assert (further["from"], further["to"]) == ("Ngã 4 với đường Võ Văn Kiệt", "Đường rẽ vào đê")
    assert further["prices"]["ODT"] == 10_000_000
    assert further["row"] == f"{SOURCE}, mục PHƯỜNG ÂU LÂU, STT 7 (đoạn 2) (PL II, dòng 8)"
    # "7,5" thousand đồng is 7.500 đ; an empty cell is no price, not zero.
    assert segments["phuong-yen-bai/1"]["prices"] == {"ODT": 7_500, "SKC": 3_000_000}
    assert segments["phuong-yen-bai/1"]["commune"] == "phuong-yen-bai"


def test_a_bad_price_names_sheet_row_column_and_value(tmp_path):
    with pytest.raises(PriceTableError) as exc:
        read_price_table(lao_cai_layout(tmp_path / "bad.xlsx", bad="12.5OO"), source=SOURCE)
    (message,) = exc.value.messages
    assert "bad.xlsx, trang “PL II”, dòng 6, cột G" in message and "'12.5OO'" in message


def test_a_table_without_its_unit_is_refused_rather_than_guessed(tmp_path):
    path = lao_cai_layout(tmp_path / "nounit.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["A2"] = None
    book.save(path)
    with pytest.raises(PriceTableError, match="Đơn vị tính"):
        read_price_table(path, source=SOURCE)
    assert read_price_table(path, source=SOURCE, unit=1000).segments  # unless stated


def hai_phong_layout(path: Path, ward: str = "PHƯỜNG LÊ CHÂN") -> Path:
    """One land use, a column per position, in đồng/m²."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đất ở đô thị"
    sheet.append(["BẢNG GIÁ ĐẤT Ở TẠI ĐÔ THỊ (đơn vị tính: đồng/m²)"])
    sheet.append([f"I. {ward}"])
    sheet.append(["STT", "Tên đường phố", "Điểm đầu", "Điểm cuối", "VT1", "VT2", "VT3", "VT4"])
    road = [1, "Đường Hồ Sen – Cầu Rào 2", "Hồ Sen", "Ranh giới phường An Biên"]
    sheet.append([*road, 70_000_000, 35_000_000, 24_500_000, 17_500_000])
    book.save(path)
    return path


@pytest.mark.django_db
def test_command_lays_the_table_into_a_pack_that_then_prices_a_parcel(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    for name in ("hai-phong-2026.yaml", "hai-phong-demo-2026.yaml"):
        shutil.copy(PACKS_DIR / name, packs / name)
    pack_file = packs / "hai-phong-demo-2026.yaml"
    before = pack_file.read_text(encoding="utf-8")
    source = "Bảng giá đất thành phố Hải Phòng (minh họa), Phụ lục đất ở đô thị"
    call_command(
        "import_price_table",
        str(hai_phong_layout(tmp_path / "hp.xlsx")),
        "--source", source, "--land-use", "ODT", "--into", str(pack_file),
    )  # fmt: skip
    after = pack_file.read_text(encoding="utf-8")
    assert after.splitlines()[0] == before.splitlines()[0]  # the file's comments are kept
    segments = yaml.safe_load(after)["params"]["land.segments"]["value"]
    new = segments["phuong-le-chan/1"]
    assert new["prices"] == {
        "ODT": {"VT1": 70_000_000, "VT2": 35_000_000, "VT3": 24_500_000, "VT4": 17_500_000}
    }
    assert "ho-sen-cau-rao-2/an-bien" in segments  # laid over, not replacing, the others

    pack = load_pack(pack_file)
    facts = CaseFacts.from_dict(
        {
            "case_id": "HS-1",
            "commune": "phuong-le-chan",
            "dates": {"valuation": "2026-06-15"},
            "parcels": [
                {
                    "ref": "21/5",
                    "land_use_code": "ODT",
                    "segment": "phuong-le-chan/1",
                    "position": "VT2",
                    "certificate_area": "60",
                    "recovered_area": "60",
                    "origin": "certificate",
                }
            ],
        }
    )
    land = next(x for x in compute(facts, pack).lines if x.code == "LAND")
    # 60 m² × 35.000.000 đ/m² (VT2 of the imported row) × K 1,2 of the demo pack
    assert land.amount == 60 * 35_000_000 * Decimal("1.2") == 2_520_000_000
    assert "dòng 4" in " ".join(land.citations)


@pytest.mark.django_db
def test_command_refuses_an_unknown_ward_and_writes_nothing(tmp_path):
    pack_file = tmp_path / "pack.yaml"
    shutil.copy(PACKS_DIR / "hai-phong-demo-2026.yaml", pack_file)
    before = pack_file.read_text(encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_price_table",
            str(hai_phong_layout(tmp_path / "hp.xlsx", ward="PHƯỜNG KHÔNG CÓ")),
            "--source", "x", "--land-use", "ODT", "--into", str(pack_file),
        )  # fmt: skip
    assert pack_file.read_text(encoding="utf-8") == before


NQ19_TEXT = (
    Path(__file__).resolve().parents[3]
    / "shared/domain/legal-texts/lao-cai-nq-19-2025-bang-gia-dat.txt"
)


def nq19_annex_as_excel(path: Path) -> Path:
    """Annex II of the real NQ 19/2025 (its text: one row per line, cells split by " | ")
    laid out as the province's Excel annex: unit line, ward headings, a header per ward."""
    lines = NQ19_TEXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("PHỤ LỤC II"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PL II"
    sheet.append(["Đơn vị tính: nghìn đồng/m2"])
    for line in lines[start:]:
        if line.startswith("PHỤ LỤC III"):
            break
        if re.match(r"^\d+\.\s+PH", line):
            ward_table(sheet, sheet.max_row + 1, line.strip())
            continue
        cells = [c.strip() for c in re.split(r"\s*\|\s*", line)] if " | " in line else []
        if len(cells) < 5 or not all(re.fullmatch(r"[\d.,]+", p) for p in cells[-3:]):
            continue  # the header, and cell text the extraction wrapped onto its own line
        head = [*cells[:-3], "", "", ""][:4]
        sheet.append([*head[:3], " ".join(cells[3:-3]) or head[3], *cells[-3:]])
    book.save(path)
    return path


@pytest.mark.skipif(not NQ19_TEXT.exists(), reason="shared legal texts not available")
def test_the_real_nq19_annex_reads_as_the_shipped_lao_cai_pack(tmp_path):
    table = read_price_table(nq19_annex_as_excel(tmp_path / "nq19.xlsx"), source=SOURCE)
    shipped = load_pack(PACKS_DIR / "lao-cai-2026.yaml").segments
    differ = {
        sid
        for sid, row in shipped.items()
        if sid not in table.segments
        or table.segments[sid]["prices"] != {k: v for k, v in row["prices"].items() if k != "SKS"}
    }
    # Under STT 113 of phường Nam Cường the text lists three more roads without an STT:
    # the importer takes each named road as its own row (its id from the name), where the
    # text-built pack numbered them 113-2…113-4. Every other segment of the 8 wards agrees.
    assert len(shipped) == 1347
    assert differ == {f"phuong-nam-cuong/113-{n}" for n in (2, 3, 4)}
    renamed = [s for s in table.segments if s.startswith("phuong-nam-cuong/duong-b")]
    assert len(renamed) == 3
