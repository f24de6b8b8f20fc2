"""`gpmb serve`: the production web server. gunicorn where it runs (Linux, macOS),
waitress where it cannot (Windows); static files are served by WhiteNoise inside the
application, so nothing else is needed behind the TLS reverse proxy (docs/deploy.md)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.core.env import env_int, env_str


def default_workers() -> int:
    # gunicorn's rule of thumb: two per core plus one (5 on the 2-core ward server).
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web cho môi trường thật (gunicorn; waitress trên Windows). "
        "Serve GPMB in production (gunicorn; waitress on Windows)."
    )
    requires_system_checks: list[str] = []  # run below, once, before the workers start

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=env_str("GPMB_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("GPMB_PORT", 8000, minimum=1))
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("GPMB_WORKERS", default_workers(), minimum=1),
            help="worker processes (gunicorn); default 2 x CPU cores + 1",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_int("GPMB_THREADS", 4, minimum=1),
            help="threads per worker; waitress runs workers x threads threads in one process",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=env_int("GPMB_TIMEOUT", 120, minimum=1),
            help="seconds a request may take before its worker is restarted (gunicorn)",
        )
        parser.add_argument(
            "--server",
            choices=["auto", "gunicorn", "waitress"],
            default=env_str("GPMB_SERVER", "auto"),
        )
        parser.add_argument(
            "--no-access-log",
            action="store_true",
            help="gunicorn: do not log each request (waitress keeps no access log)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(display_num_errors=False)
        if settings.DEBUG:
            self.stderr.write("DEBUG=1: never in production (.env.example).")
        server = options["server"]
        if server == "auto":
            server = "waitress" if sys.platform == "win32" else "gunicorn"
        from django.db import connections

        connections.close_all()  # no connection may be shared with forked workers
        host = options["host"]
        bind = f"[{host}]:{options['port']}" if ":" in host else f"{host}:{options['port']}"
        self.stdout.write(
            f"GPMB: {server} on http://{bind} — {options['workers']} worker(s) × "
            f"{options['threads']} thread(s)"
        )
        if server == "gunicorn":
            self.run_gunicorn(bind, options)
        else:
            self.run_waitress(options)

    def run_gunicorn(self, bind: str, options: dict[str, Any]) -> None:
        try:
            from gunicorn.app.base import BaseApplication
        except ImportError as exc:  # Windows, or not installed
            raise CommandError(f"gunicorn cannot run here ({exc}): use --server waitress") from exc

        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread" if options["threads"] > 1 else "sync",
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            # Load Django once in the master: workers start fast and share its memory.
            "preload_app": True,
            # Recycle workers now and then so a slow leak cannot grow without bound.
            "max_requests": 2000,
            "max_requests_jitter": 200,
            "accesslog": None if options["no_access_log"] else "-",
            "errorlog": "-",
            "proc_name": "gpmb",
            # gunicorn >= 24 opens a control socket in $HOME; GPMB is managed by systemd.
            "control_socket_disable": True,
        }

        class GpmbGunicorn(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    if key in self.cfg.settings:  # settings newer than the installed gunicorn
                        self.cfg.set(key, value)

            def load(self) -> Any:
                from django.core.wsgi import get_wsgi_application

                return get_wsgi_application()

        GpmbGunicorn().run()

    def run_waitress(self, options: dict[str, Any]) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve  # type: ignore[import-untyped]

        application = get_wsgi_application()
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["workers"] * options["threads"],
            # Leave X-Forwarded-* to Django (SECURE_PROXY_SSL_HEADER, GPMB_PROXY_COUNT):
            # waitress would otherwise drop them and https requests would look like http.
            clear_untrusted_proxy_headers=False,
            ident="gpmb",
        )
