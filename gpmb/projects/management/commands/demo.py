import os
import time

from django.core.management.base import BaseCommand, CommandParser

from gpmb.projects.demo import build_demo


class Command(BaseCommand):
    help = "Build the illustrative demo (minh họa): two Hải Phòng projects, households, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=1500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a demo already exists (used by the start script).",
        )

    def handle(self, *args: object, **options: object) -> None:
        from gpmb.projects.models import Project

        if options["if_empty"] and Project.objects.filter(is_illustrative=True).exists():
            self.stdout.write("Dữ liệu minh họa đã có; bỏ qua (dùng `gpmb demo` để tạo lại).")
            return
        started = time.perf_counter()
        summary = build_demo(
            households=int(options["households"]),  # type: ignore[call-overload]
            seed=int(options["seed"]),  # type: ignore[call-overload]
            password=os.environ.get("GPMB_DEMO_PASSWORD") or None,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã tạo dữ liệu minh họa: {summary['households']} hộ, {summary['parcels']} thửa, "
            f"{summary['parties']} nhân khẩu trong {elapsed:.1f} giây."
        )
        self.stdout.write("Tài khoản đăng nhập (mật khẩu chung):")
        for username, role in summary["users"]:
            self.stdout.write(f"  {username:18} {role}")
        if os.environ.get("GPMB_DEMO_PASSWORD"):
            self.stdout.write("Mật khẩu: giá trị của biến GPMB_DEMO_PASSWORD")
        else:
            self.stdout.write(f"Mật khẩu: {summary['password']}")
