"""PDF from the same DOCX, by LibreOffice headless where it is installed.

`soffice --headless --convert-to pdf` converts many files in one process, so a batch
pays LibreOffice's start once per FILES_PER_RUN files. Each conversion runs in its own
temporary folder with its own user profile (`-env:UserInstallation`): two conversions at
once (two web requests, a job beside them) never share a profile, which LibreOffice
refuses or corrupts. It runs in its own process group and is killed whole, child
processes included, when it overruns its time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from django.utils.translation import gettext as _

# LibreOffice's start with a fresh profile takes a few seconds; each page of a plan sheet
# then a fraction of one. Generous, so a loaded machine does not fail a good document.
START_SECONDS = 60
PER_DOCUMENT_SECONDS = 5
# LibreOffice 7.4 (Debian 12) stops after about 247 files in one run and still exits 0
# (measured with 500 plan sheets, twice): a batch goes in runs of at most this many, one
# after the other with the same profile, and every output is checked.
FILES_PER_RUN = 200


class PdfUnavailable(Exception):
    """LibreOffice is not installed: PDF cannot be made here (DOCX still can)."""


class PdfFailed(Exception):
    """LibreOffice ran but did not produce every PDF (or ran out of time)."""


def converter() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return converter() is not None


def docx_to_pdf(docx: bytes) -> bytes:
    """One DOCX as PDF."""
    return docx_to_pdf_many({"document": docx})["document"]


def docx_to_pdf_many(documents: Mapping[str, bytes]) -> dict[str, bytes]:
    """Several DOCX files as PDF, FILES_PER_RUN to a LibreOffice run: name → PDF bytes,
    for the same names. Raises PdfUnavailable without LibreOffice, PdfFailed if a file is missing
    from its output or the run overruns its time."""
    program = converter()
    if program is None:
        raise PdfUnavailable(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF; tải bản DOCX, hoặc nhờ "
                "quản trị cài gói libreoffice-writer-nogui."
            )
        )
    if not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="gpmb-pdf-") as tmp:
        root = Path(tmp)
        source, target, profile = root / "in", root / "out", root / "profile"
        source.mkdir()
        # Files are numbered: a name may hold anything, a path must not.
        paths = []
        for index, data in enumerate(documents.values()):
            path = source / f"{index}.docx"
            path.write_bytes(data)
            paths.append(path)
        for start in range(0, len(paths), FILES_PER_RUN):
            chunk = paths[start : start + FILES_PER_RUN]
            command = [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(target),
                *map(str, chunk),
            ]
            _run(command, START_SECONDS + PER_DOCUMENT_SECONDS * len(chunk), home=root)
        out = {}
        for name, path in zip(documents, paths, strict=True):
            pdf = target / f"{path.stem}.pdf"
            if not pdf.is_file():
                raise PdfFailed(
                    _("LibreOffice không tạo được PDF của “%(name)s”.") % {"name": name}
                )
            out[name] = pdf.read_bytes()
        return out


def _run(command: list[str], timeout: float, *, home: Path) -> None:
    # HOME in the temporary folder too: LibreOffice writes caches beside its profile.
    env = {**os.environ, "HOME": str(home)}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    try:
        output, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfFailed(
            _("LibreOffice quá %(seconds)d giây mà chưa chuyển xong sang PDF.")
            % {"seconds": timeout}
        ) from exc
    if process.returncode != 0:
        raise PdfFailed(
            _("LibreOffice dừng với mã %(code)s: %(output)s")
            % {"code": process.returncode, "output": output.decode(errors="replace")[-500:]}
        )
