import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gpmb.demo.projects import build_demo, demo_password_set


class Command(BaseCommand):
    help = "Build the illustrative demo (minh họa): two Hải Phòng projects, households, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=1500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--city",
            action="store_true",
            help="Add the city's other key projects: 50 projects, 50,000 households in all "
            "(minutes; see --city-projects, --city-households).",
        )
        parser.add_argument("--city-projects", type=int, default=50)
        parser.add_argument("--city-households", type=int, default=50_000)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a demo already exists (used by the start script).",
        )

    def handle(self, *args: object, **options: object) -> None:
        from gpmb.projects.models import Project

        password_file = Path(settings.DATA_DIR) / "demo_password"
        if options["if_empty"] and Project.objects.filter(is_illustrative=True).exists():
            self.stdout.write("Dữ liệu minh họa đã có; bỏ qua (dùng `gpmb demo` để tạo lại).")
            if password := os.environ.get("GPMB_DEMO_PASSWORD"):
                demo_password_set(password)  # what the logins below promise
                password_file.unlink(missing_ok=True)
            self.print_logins(password_file)
            return
        started = time.perf_counter()
        summary = build_demo(
            households=int(options["households"]),  # type: ignore[call-overload]
            seed=int(options["seed"]),  # type: ignore[call-overload]
            password=os.environ.get("GPMB_DEMO_PASSWORD") or None,
        )
        if options["city"]:
            from gpmb.demo.city import build_city

            summary["chain"].append(
                build_city(
                    projects=int(options["city_projects"]),  # type: ignore[call-overload]
                    households=int(options["city_households"]),  # type: ignore[call-overload]
                    seed=int(options["seed"]),  # type: ignore[call-overload]
                )
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã tạo dữ liệu minh họa: {summary['households']} hộ, {summary['parcels']} thửa, "
            f"{summary['parties']} nhân khẩu, {summary['plans']} phương án đã tính "
            f"({summary['decisions']} quyết định của cán bộ) trong {elapsed:.1f} giây."
        )
        for line in summary["chain"]:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  {summary['resettlement']}")
        if os.environ.get("GPMB_DEMO_PASSWORD"):
            password_file.unlink(missing_ok=True)
        else:
            # Kept (readable by this account only) so the start script can print it again.
            password_file.write_text(summary["password"])
            password_file.chmod(0o600)
        self.print_logins(password_file)

    def print_logins(self, password_file: Path) -> None:
        from gpmb.demo.projects import DEMO_USERS

        self.stdout.write("Tài khoản đăng nhập / demo logins (mật khẩu chung / shared password):")
        for username, _name, role, _commune in DEMO_USERS:
            self.stdout.write(f"  {username:18} {role.label}")
        if os.environ.get("GPMB_DEMO_PASSWORD"):
            self.stdout.write("Mật khẩu / password: giá trị của biến GPMB_DEMO_PASSWORD")
        elif password_file.exists():
            self.stdout.write(f"Mật khẩu / password: {password_file.read_text().strip()}")
