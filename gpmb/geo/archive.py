"""ZIP archives (shapefile .zip, XLSX, ODK Central exports) read without trusting them.

A ZIP's headers say how large each member is once inflated, but nothing obliges them to
tell the truth, and the readers behind us (GDAL's /vsizip/, calamine's Rust zip) inflate
what is there. So every member is inflated here first, in 1 MiB steps and never held
whole: the archive is refused as soon as the inflated bytes pass the budget, or when a
member inflates to another size than its header declares. Afterwards a reader sees
exactly the sizes checked. Pure Python (zipfile, zlib): no Django, no app."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

CHUNK = 1 << 20
MiB = 1 << 20


class ArchiveRefused(ValueError):
    """The archive is too large once inflated, or broken; the message names the file."""


class NotAnArchive(ArchiveRefused):
    """The file is no ZIP at all (an XLSX renamed from something else, empty, damaged)."""


def _mib(n: int) -> str:
    return f"{n / MiB:,.0f} MiB".replace(",", ".")


def inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, label: str
) -> Iterator[bytes]:
    """The member's bytes in chunks, inflated from the raw stream (the header's size is
    not believed). Raises ArchiveRefused past `budget` bytes or on a size mismatch."""
    if info.flag_bits & 0x1:
        raise ArchiveRefused(f"{label}: “{info.filename}” được mã hóa (có mật khẩu): không đọc")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ArchiveRefused(
            f"{label}: “{info.filename}” nén theo phương thức {info.compress_type}, "
            "chỉ nhận ZIP thường (deflate): không đọc"
        )
    if info.file_size > budget:
        raise _too_large(label, budget)
    fp = archive.fp
    assert fp is not None
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ArchiveRefused(f"{label}: tệp nén hỏng ở “{info.filename}”")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size = 0
    crc = 0
    pending = b""
    while left > 0 or pending:
        if not pending:
            raw = fp.read(min(CHUNK, left))
            if not raw:
                raise ArchiveRefused(f"{label}: tệp nén bị cắt cụt ở “{info.filename}”")
            left -= len(raw)
            pending = raw
        if inflater is None:
            data, pending = pending, b""
        else:
            try:
                data = inflater.decompress(pending, CHUNK)
            except zlib.error as exc:
                raise ArchiveRefused(f"{label}: tệp nén hỏng ở “{info.filename}”") from exc
            pending = inflater.unconsumed_tail
        size += len(data)
        if size > info.file_size:
            raise ArchiveRefused(
                f"{label}: “{info.filename}” giải nén ra nhiều hơn {info.file_size:,} byte "
                "khai trong tệp nén: không đọc"
            )
        crc = zlib.crc32(data, crc)
        yield data
    if inflater is not None:
        # What the inflater still holds once all input is in: at most its 32 KiB window.
        data = inflater.flush()
        size += len(data)
        crc = zlib.crc32(data, crc)
        if data:
            yield data
    if size != info.file_size or crc != info.CRC:
        raise ArchiveRefused(f"{label}: tệp nén hỏng ở “{info.filename}” (sai kích thước/CRC)")


def _too_large(label: str, budget: int) -> ArchiveRefused:
    return ArchiveRefused(
        f"{label}: giải nén ra hơn {_mib(budget)} (giới hạn GPMB_MAX_UNPACKED_MB): không đọc"
    )


def check_zip(
    source: str | Path | IO[bytes],
    *,
    max_bytes: int,
    label: str,
    scan: Callable[[str], Callable[[bytes], None] | None] | None = None,
) -> None:
    """Inflate every member once, counting: refuse the archive past `max_bytes` in all.
    `scan(name)` may return a function that sees the member's chunks as they pass (to
    look inside a worksheet without holding it)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnArchive(f"{label}: không phải tệp nén ZIP đọc được ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > max_bytes:
            raise _too_large(label, max_bytes)
        used = 0
        for info in infos:
            if info.is_dir():
                continue
            look = scan(info.filename) if scan else None
            for chunk in inflate(archive, info, max_bytes - used, label):
                if look is not None:
                    look(chunk)
            used += info.file_size


def read_members(
    source: str | Path | IO[bytes], *, max_bytes: int, label: str, wanted: Callable[[str], bool]
) -> Iterator[tuple[str, bytes]]:
    """The wanted members' bytes, each inflated within what is left of `max_bytes`."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnArchive(f"{label}: không phải tệp nén ZIP đọc được ({exc})") from exc
    with archive:
        used = 0
        for info in archive.infolist():
            if info.is_dir() or not wanted(info.filename):
                continue
            data = b"".join(inflate(archive, info, max_bytes - used, label))
            used += len(data)
            yield info.filename, data
