from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.geo.crs import CRSError, parse_epsg
from gpmb.geo.drawing import DEFAULT_SNAP
from gpmb.parcels.importing import TARGETS, ImportRejected, parcels_prepare, parcels_write
from gpmb.projects.commands import ProgressBar, add_user_argument, get_actor, get_project


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


class Command(BaseCommand):
    help = (
        "Nhập bản đồ địa chính (DGN v7, DXF, Shapefile, GeoPackage, GeoJSON, FlatGeobuf) "
        "vào một dự án. Không ghi gì nếu tệp có lỗi hoặc có cảnh báo chưa chấp nhận."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--project", required=True, help="mã dự án")
        parser.add_argument("--crs", help="hệ tọa độ của tệp khi tệp không khai báo, EPSG:9210")
        parser.add_argument("--layer", help="tên lớp trong tệp (mặc định: lớp đầu tiên)")
        parser.add_argument(
            "--layers",
            type=_names,
            help="bản vẽ CAD: các lớp (level DGN) chứa ranh thửa, cách nhau bởi dấu phẩy "
            "(mặc định: THUA_DAT/RANH_THUA nếu có, nếu không thì mọi lớp)",
        )
        parser.add_argument(
            "--label-layers",
            type=_names,
            help="bản vẽ CAD: các lớp chứa nhãn số thửa, loại đất (mặc định: SO_THUA nếu có, "
            "nếu không thì mọi lớp)",
        )
        parser.add_argument(
            "--snap",
            type=float,
            default=DEFAULT_SNAP,
            help=f"bản vẽ CAD: nối đầu đường hở cách đường khác đến bao nhiêu mét "
            f"(mặc định {DEFAULT_SNAP})",
        )
        parser.add_argument("--commune", help="mã (hoặc tên) xã/phường của mọi thửa trong tệp")
        parser.add_argument("--sheet", help="số tờ bản đồ khi tệp không có cột tờ")
        parser.add_argument(
            "--encoding",
            default="auto",
            choices=["auto", "unicode", "tcvn3", "vni"],
            help="bảng mã chữ Việt của nhãn/thuộc tính (mặc định: tự nhận)",
        )
        parser.add_argument("--codepage", help="bảng mã GDAL dùng để đọc, ví dụ cp1258")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"ghép cột, thay cho cột tự nhận của trường đó: {', '.join(TARGETS)} "
            "(lặp lại được; FIELD= để bỏ ghép)",
        )
        parser.add_argument("--overlap-tolerance", type=float, default=0.5, help="m²")
        parser.add_argument(
            "--accept-warnings", action="store_true", help="chấp nhận các cảnh báo đã liệt kê"
        )
        parser.add_argument(
            "--retire-absent",
            action="store_true",
            help="bỏ khỏi dự án các thửa đã lưu trong các tờ của tệp mà tệp không còn",
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        project = get_project(options["project"])
        actor = get_actor(options["user"])
        try:
            epsg = parse_epsg(options["crs"]) if options["crs"] else None
        except CRSError as exc:
            raise CommandError(str(exc)) from exc
        mapping = None
        if options["map"]:
            mapping = {}
            for item in options["map"]:
                target, sep, source = item.partition("=")
                if not sep:
                    raise CommandError(f"--map “{item}”: cần dạng FIELD=COLUMN")
                mapping[target.strip()] = source.strip()
        bar = ProgressBar(options["verbosity"] > 0)
        report = parcels_prepare(
            options["file"],
            project=project,
            layer=options["layer"],
            epsg=epsg,
            commune=options["commune"],
            sheet=options["sheet"],
            mapping=mapping,
            encoding=options["encoding"],
            codepage=options["codepage"],
            overlap_tolerance=options["overlap_tolerance"],
            layers=options["layers"],
            label_layers=options["label_layers"],
            snap=options["snap"],
            progress=bar,
        )
        self.stdout.write(
            f"{report.path.name}: lớp “{report.layer}” ({report.driver}), {report.features} "
            f"đối tượng, {len(report.rows)} thửa, EPSG:{report.epsg}, bảng mã {report.encoding}"
        )
        for note in report.notes:
            self.stdout.write(f"  {note}")
        for issue in report.issues:
            style = self.style.ERROR if issue.level == "error" else self.style.WARNING
            self.stdout.write(style(f"  [{issue.level}] {issue}"))
        if options["dry_run"]:
            self.stdout.write("Chạy thử: không ghi dữ liệu.")
            if report.errors:
                first = "; ".join(str(i) for i in report.errors[:3])
                raise CommandError(f"{len(report.errors)} lỗi. {first}")
            return
        try:
            parcels_write(
                report,
                project=project,
                actor=actor,
                accept_warnings=options["accept_warnings"],
                retire_absent=options["retire_absent"],
                progress=bar,
            )
        except ImportRejected as exc:
            hint = "" if report.errors else " (dùng --accept-warnings để chấp nhận)"
            first = "; ".join(str(i) for i in report.issues[:3])
            raise CommandError(f"{exc}{hint}. {first}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập: {report.created} thửa mới, {report.updated} cập nhật, "
                f"{report.unchanged} không đổi"
                + (f", {report.retired} bỏ khỏi dự án." if report.retired else ".")
            )
        )
