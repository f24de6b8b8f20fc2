"""Test fixtures in CAD formats. DXF drawings are written by gpmb.geo.dxf (plain text);
DGN v7 drawings get their line-work from GDAL's DGN driver, which cannot write text, so
the parcel labels are appended here as DGN text elements (type 17) laid out as in the
ISFF element format: a 36-byte header, then font, justification, size, rotation,
origin and the characters."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pyogrio
import shapely

# GDAL's default DGN seed: 100 units of resolution per metre, origin at -2^31/100 m.
UOR_PER_METRE = 100
ORIGIN_OFFSET = 2_147_483_600


def _vax32(value: int) -> bytes:
    """DGN stores 32-bit integers as two little-endian 16-bit words, high word first."""
    raw = struct.pack("<i", value)
    return raw[2:4] + raw[0:2]


def _raw(coord: float) -> int:
    return round(coord * UOR_PER_METRE) - ORIGIN_OFFSET


def text_element(x: float, y: float, text: bytes, level: int = 2) -> bytes:
    rx, ry = _raw(x), _raw(y)
    body = bytearray()
    body += bytes([0, 0])  # font, justification
    body += _vax32(1000) + _vax32(1000) + _vax32(0)  # length, height, rotation
    body += _vax32(rx) + _vax32(ry)
    body += bytes([len(text), 0]) + text
    if len(body) % 2:
        body += b"\0"
    total = 36 + len(body)
    words = (total - 4) // 2
    rng = b""
    for value in (rx, ry, 0, rx, ry, 0):
        unsigned = (value + 2**32) % 2**32 ^ 0x80000000
        rng += _vax32(unsigned - 2**32 if unsigned >= 2**31 else unsigned)
    header = bytes([level & 0x3F, 17]) + struct.pack("<H", words) + rng
    header += struct.pack("<HHHH", 0, words - 14, 0, 0)  # group, attr index, props, symbology
    return header + bytes(body)


def write_dgn(
    path: Path,
    lines: list[shapely.Geometry],
    labels: list[tuple[float, float, bytes]],
) -> None:
    """A DGN v7 file: line-work through GDAL, then text elements before the end mark."""
    wkb = np.array([g.wkb for g in lines], dtype=object)
    pyogrio.raw.write(
        str(path), wkb, [], [], driver="DGN", geometry_type="LineString", crs="EPSG:9210"
    )
    data = Path(path).read_bytes()
    end = data.rindex(b"\xff\xff")
    extra = b"".join(text_element(x, y, text) for x, y, text in labels)
    Path(path).write_bytes(data[:end] + extra + data[end:])
