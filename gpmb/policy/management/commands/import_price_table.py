"""gpmb import_price_table BANG-GIA.xlsx --source "…" [--into PACK.yaml]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.engine.pack import PackError, load_pack_text
from gpmb.policy.pricetable import (
    PriceTableError,
    decimal_free,
    merge_segments,
    read_price_table,
    replace_param_block,
    segments_yaml,
)
from gpmb.projects.choices import UnitLevel
from gpmb.projects.models import AdminUnit


class Command(BaseCommand):
    help = (
        "Read a land price table in the Excel layout provinces publish into a pack's "
        "land.segments: printed as YAML, or written into a pack file (--into), which is "
        "validated before it is written (all or nothing). Then run `gpmb load_packs`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the price table (.xlsx)")
        parser.add_argument(
            "--source",
            required=True,
            help='instrument and annex, cited on every line: "Nghị quyết …, Phụ lục II"',
        )
        parser.add_argument("--sheet", action="append", help="only this sheet (repeatable)")
        parser.add_argument(
            "--land-use", help="land-use code of price columns that give positions only (VT1…)"
        )
        parser.add_argument(
            "--residential",
            default="ODT",
            choices=["ODT", "ONT"],
            help="code of the “đất ở” columns: ODT (urban, default) or ONT (rural)",
        )
        parser.add_argument("--commune", help="pack commune id for rows before any heading")
        parser.add_argument(
            "--unit",
            type=int,
            choices=[1, 1000, 1_000_000],
            help="đồng per unit of the table, when its “Đơn vị tính” is missing",
        )
        parser.add_argument("--into", help="pack file whose land.segments is updated")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the pack's segments instead of laying the table over them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = {u.slug for u in AdminUnit.objects.filter(level=UnitLevel.COMMUNE).only("name")}
        try:
            table = read_price_table(
                options["file"],
                source=options["source"],
                sheets=options["sheet"],
                land_use=options["land_use"],
                residential=options["residential"],
                commune=options["commune"],
                unit=options["unit"],
                known_communes=known or None,
            )
        except PriceTableError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Không đọc được bảng giá / price table not read") from None
        for note in table.notes:
            self.stderr.write(note)
        if not options["into"]:
            self.stdout.write(segments_yaml(table.segments, options["source"]), ending="")
            return
        path = Path(options["into"])
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text) or {}
        current = ((raw.get("params") or {}).get("land.segments") or {}).get("value")
        segments = table.segments if options["replace"] else merge_segments(current, table.segments)
        new_text = replace_param_block(
            text, "land.segments", segments_yaml(decimal_free(segments), options["source"])
        )
        try:
            load_pack_text(new_text, path.name, base_dir=path.parent)
        except PackError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{path}: không ghi / not written") from None
        path.write_text(new_text, encoding="utf-8")
        self.stdout.write(
            f"{path}: {len(table.segments)} đoạn đường từ bảng giá, "
            f"{len(segments)} đoạn trong gói. Chạy `gpmb load_packs` để nạp phiên bản mới."
        )
