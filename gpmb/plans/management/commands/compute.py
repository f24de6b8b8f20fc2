import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.cases.models import Case
from gpmb.plans.services import PlanError, batch_compute
from gpmb.projects.commands import add_user_argument, get_actor, get_project
from gpmb.projects.models import Batch


class Command(BaseCommand):
    help = (
        "Compute the compensation plans of a project (or one batch) with its policy pack "
        "and store a new draft version for every case whose inputs changed."
    )
    # The system checks import every URLconf and view (maps, spreadsheets: about 0.75 s
    # of a 1.2 s start) and check nothing a computation uses; `gpmb check` and CI run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True, help="project code, e.g. hs-cr2")
        parser.add_argument("--batch", help="batch code, e.g. D1 (default: every batch)")
        add_user_argument(parser)

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        actor = get_actor(options["user"])  # type: ignore[arg-type]
        batch = None
        if options["batch"]:
            try:
                batch = Batch.objects.get(project=project, code=options["batch"])
            except Batch.DoesNotExist:
                raise CommandError(f"Không có đợt {options['batch']!r}") from None
        started = time.perf_counter()
        started_cpu = time.process_time()
        try:
            summary = batch_compute(
                project=project,
                batch=batch,
                actor=actor,
                # With --user, only the cases that user may compute.
                case_ids=(
                    Case.objects.restrict(actor, "compute")
                    .filter(project=project)
                    .values_list("pk", flat=True)
                    if actor is not None
                    else None
                ),
                progress=lambda _stage, done, total: self.stdout.write(
                    f"  … {done}/{total} hồ sơ / cases"
                ),
            )
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - started_cpu
        self.stdout.write(
            f"{project.code}: {summary.cases} hồ sơ, {summary.new_versions} phiên bản mới, "
            f"{summary.unchanged} không đổi, {summary.lines} dòng tính, "
            f"{len(summary.errors)} lỗi, {len(summary.held)} giữ nguyên vì đã trình "
            f"(tính lại từng hồ sơ với lý do) — {elapsed:.2f} s"
        )
        if options["verbosity"] and int(options["verbosity"]) > 1:  # type: ignore[call-overload]
            phases = ", ".join(
                f"{k} {v:.2f} s (CPU {summary.cpu_seconds.get(k, 0.0):.2f})"
                for k, v in summary.seconds.items()
            )
            self.stdout.write(f"  {phases}; CPU {cpu:.2f} s in all")
        for case_id, messages in list(summary.errors.items())[:20]:
            for message in messages:
                self.stderr.write(f"  hồ sơ {case_id}: {message}")
