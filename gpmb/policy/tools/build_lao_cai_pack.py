"""Build gpmb/policy/packs/lao-cai-2026.yaml from the hand-written base and the text tables
of Nghị quyết 19/2025/NQ-HĐND (Lào Cai land price table).

    python gpmb/policy/tools/build_lao_cai_pack.py [PATH/TO/lao-cai-nq-19-2025-bang-gia-dat.txt]

The text (one table row per line, cells separated by " | ") comes from
shared/domain/legal-texts/. Annex I gives agricultural prices in đồng/m²; Annex II gives,
per ward and street segment, VT1 prices in THOUSAND đồng/m² for residential land (ODT),
commercial/service land (TMD) and non-agricultural production/mining land (SKC, SKS).
Continuation rows (empty STT) are further segments of the road above. The output is
deterministic, so re-running it gives the committed file byte for byte.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE / "lao_cai_2026_base.yaml"
OUT = HERE.parent / "packs" / "lao-cai-2026.yaml"
DEFAULT_TEXT = (
    HERE.parents[3] / "shared" / "domain" / "legal-texts" / "lao-cai-nq-19-2025-bang-gia-dat.txt"
)
SOURCE = "Nghị quyết 19/2025/NQ-HĐND tỉnh Lào Cai"

WARD_RE = re.compile(r"^(\d+)\.\s+PH[ƯU][ỜƠO]NG\s+(.+)$")
CELL_RE = re.compile(r"\s*\|\s*")
NUM_RE = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")
OTHER_ROADS = "Các tuyến đường khác còn lại"  # NQ 19/2025 Art. 5(1)(d)


def slug(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def vn_number(cell: str) -> int:
    """'25.000' -> 25000; '7.600' -> 7600; '350' -> 350; '2000' -> 2000 (thousand đồng)."""
    whole, _, frac = cell.replace(".", "").partition(",")
    if frac.strip("0"):
        raise ValueError(f"fractional thousand đồng: {cell!r}")
    return int(whole)


def parse_agricultural(lines: list[str]) -> list[dict[str, Any]]:
    codes = {
        "Đất trồng lúa": "LUC",
        "Đất trồng cây hằng năm khác": "BHK",
        "Đất nuôi trồng thủy sản": "NTS",
        "Đất trồng cây lâu năm": "CLN",
        "Đất rừng sản xuất": "RSX",
    }
    start = next(i for i, x in enumerate(lines) if x.startswith("PHỤ LỤC I"))
    sa_pa: dict[str, dict[str, int]] = {}
    wards: dict[str, dict[str, int]] = {}
    communes: dict[str, dict[str, int]] = {}
    rows: dict[str, str] = {}
    for line in lines[start : start + 20]:
        cells = [x.strip() for x in line.split(" | ")]
        if len(cells) == 6 and cells[1] in codes:
            code = codes[cells[1]]
            sa, other, c1, c2 = (int(x.replace(".", "")) for x in cells[2:])
            sa_pa[code] = {"VT1": sa}
            wards[code] = {"VT1": other}
            communes[code] = {"VT1": c1, "VT2": c2}
            rows[code] = cells[0]
    row = f"{SOURCE}, Phụ lục I"
    return [
        {
            "zone": "phuong-sa-pa",
            "applies_to": {"communes": ["phuong-sa-pa"]},
            "row": f"{row}, cột Phường Sa Pa",
            "prices": sa_pa,
        },
        {
            "zone": "cac-phuong-con-lai",
            "applies_to": {"kind": "ward"},
            "row": f"{row}, cột Các phường còn lại",
            "prices": wards,
        },
        {
            "zone": "cac-xa",
            "applies_to": {"kind": "commune"},
            "row": f"{row}, cột Các xã",
            "prices": communes,
        },
    ]


def parse_segments(lines: list[str]) -> dict[str, dict[str, Any]]:
    start = next(i for i, x in enumerate(lines) if x.startswith("PHỤ LỤC II"))
    segments: dict[str, dict[str, Any]] = {}
    ward_no, ward, ward_slug = "", "", ""
    road, stt, seq = "", "", 0
    last: dict[str, Any] | None = None
    for line in lines[start:]:
        line = line.rstrip()
        m = WARD_RE.match(line)
        if m:
            ward_no, ward = m.group(1), m.group(2).strip().title()
            ward_slug = "phuong-" + slug(m.group(2))
            last = None
            continue
        if " | " not in line or line.startswith("STT") or not ward:
            continue
        cells = [x.strip() for x in CELL_RE.split(line)]
        prices = cells[-3:]
        if not all(NUM_RE.match(x) for x in prices):
            # A wrapped cell or a group heading: text only.
            if cells[0] == "" and last is not None:
                extra = " ".join(x for x in cells if x)
                last["to"] = (last.get("to", "") + " " + extra).strip()
            elif cells[0]:
                road, stt, seq = cells[1], cells[0], 0
            continue
        head = cells[:-3]
        if head[0] and head[0] == stt and head[1] == road:
            # The source repeats the STT and road name for further segments of one road.
            seq += 1
            span = head[2:]
        elif head[0]:
            stt, road, seq = head[0], head[1], 1
            span = head[2:]
        else:
            seq += 1
            span = [x for x in head[1:]]
            span = span[1:] if len(span) > 1 and span[0] == "" else span
            span = [x for x in span if x] or [""]
        sid = f"{ward_slug}/{stt}" if seq == 1 else f"{ward_slug}/{stt}-{seq}"
        row: dict[str, Any] = {
            "commune": ward_slug,
            "road": road,
            "row": f"{SOURCE}, Phụ lục II, mục {ward_no} Phường {ward}, STT {stt}"
            + (f" (đoạn {seq})" if seq > 1 else ""),
        }
        span = [x for x in span if x]
        if len(span) >= 2:
            row["from"], row["to"] = span[0], " ".join(span[1:])
        elif span:
            row["from"] = span[0]
        # NQ 19/2025 Art. 5(1)(d): "các tuyến đường khác còn lại" is not a road named in the
        # table, whether the road column says so or only the segment (a hamlet's other
        # roads as a segment of an inter-hamlet road: "Đầu Các tuyến đường khác còn lại
        # TDP …"; review §3.2 a).
        if road.startswith(OTHER_ROADS) or OTHER_ROADS.lower() in row.get("from", "").lower():
            row["named"] = False
        odt, tmd, skc = (vn_number(x) * 1000 for x in prices)
        row["prices"] = {"ODT": odt, "TMD": tmd, "SKC": skc, "SKS": skc}
        if sid in segments:  # e.g. the Sa Pa table has STT 5 twice (a slip in the source)
            sid = f"{sid}-dup"
            row["row"] += " (STT lặp lại trong văn bản)"
        segments[sid] = row
        last = row
    return segments


def build(text_path: Path) -> dict[str, Any]:
    lines = text_path.read_text(encoding="utf-8").splitlines()
    base = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    params = base["params"]
    params["land.agricultural_prices"]["value"] = parse_agricultural(lines)
    params["land.segments"]["value"] = parse_segments(lines)
    return base


def main(argv: list[str]) -> int:
    text_path = Path(argv[0]) if argv else DEFAULT_TEXT
    pack = build(text_path)
    header = (
        "# GENERATED by gpmb/policy/tools/build_lao_cai_pack.py from "
        "lao_cai_2026_base.yaml\n# and the text of NQ 19/2025/NQ-HĐND. Edit the base "
        "file or the tool, not this file.\n"
    )
    OUT.write_text(
        header + yaml.safe_dump(pack, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    n = len(pack["params"]["land.segments"]["value"])
    print(f"wrote {OUT} ({n} street segments)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
