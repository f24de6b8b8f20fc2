"""A small DXF (R12, ASCII) writer for cadastral drawings: polygons as closed polylines
on a boundary layer and parcel labels as TEXT entities, the way land registration
offices exchange them. GDAL's DXF driver writes geometry but not text labels.

A label may carry data of its own as extended data (XDATA) of the application GPMB:
one "name=value" string per item (GPMB's export gives each parcel-number label its
commune code and map sheet, which a drawing otherwise shows only in the sheet frame).
Coordinates are written in full (the shortest text that reads back as the same float),
so a drawing read back gives the very same geometry."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from gpmb.geo.vntext import encode_tcvn3


@dataclass
class Label:
    x: float
    y: float
    text: str
    height: float = 1.5
    layer: str = "SO_THUA"
    data: dict[str, str] | None = None  # XDATA of the application GPMB


XDATA_APP = "GPMB"


def _pair(code: int, value: object) -> str:
    return f"{code:>3}\n{value}\n"


def _number(value: float) -> str:
    return repr(float(value))


def _rings(geometry: BaseGeometry) -> Iterable[list[tuple[float, float]]]:
    parts = getattr(geometry, "geoms", [geometry])
    for part in parts:
        if part.geom_type == "Polygon":
            yield list(part.exterior.coords)
            for hole in part.interiors:
                yield list(hole.coords)
        elif part.geom_type in ("LineString", "LinearRing"):
            yield list(part.coords)


def dxf_text(
    shapes: Iterable[tuple[BaseGeometry, str]],
    labels: Iterable[Label],
    *,
    closed: bool = True,
) -> str:
    """The DXF as text; `shapes` are (geometry, layer). `closed=False` writes each ring
    as separate LINE segments, as many drawings hold parcel edges."""
    out = [_pair(0, "SECTION"), _pair(2, "ENTITIES")]
    for geometry, layer in shapes:
        for ring in _rings(geometry):
            if closed:
                out.append(_pair(0, "POLYLINE") + _pair(8, layer) + _pair(66, 1))
                out.append(_pair(70, 1 if ring[0] == ring[-1] else 0))
                points = ring[:-1] if ring[0] == ring[-1] else ring
                for x, y in points:
                    out.append(
                        _pair(0, "VERTEX")
                        + _pair(8, layer)
                        + _pair(10, _number(x))
                        + _pair(20, _number(y))
                        + _pair(30, "0.0")
                    )
                out.append(_pair(0, "SEQEND") + _pair(8, layer))
            else:
                for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                    out.append(
                        _pair(0, "LINE")
                        + _pair(8, layer)
                        + _pair(10, _number(x1))
                        + _pair(20, _number(y1))
                        + _pair(30, "0.0")
                        + _pair(11, _number(x2))
                        + _pair(21, _number(y2))
                        + _pair(31, "0.0")
                    )
    for label in labels:
        out.append(
            _pair(0, "TEXT")
            + _pair(8, label.layer)
            + _pair(10, _number(label.x))
            + _pair(20, _number(label.y))
            + _pair(30, "0.0")
            + _pair(40, label.height)
            + _pair(1, label.text)
        )
        if label.data:
            out.append(_pair(1001, XDATA_APP))
            out.extend(_pair(1000, f"{key}={value}") for key, value in label.data.items())
    out.append(_pair(0, "ENDSEC") + _pair(0, "EOF"))
    return "".join(out)


def encode_cp1258(text: str) -> bytes:
    """cp1258 has few precomposed letters: the tone goes as a combining mark after the
    letter (ấ → â + U+0301)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[:-1])
            out += (base + parts[-1]).encode("cp1258", errors="replace")
    return bytes(out)


def write_dxf(
    path: Path,
    shapes: Iterable[tuple[BaseGeometry, str]],
    labels: Iterable[Label],
    *,
    text_encoding: str = "unicode",
    closed: bool = True,
) -> None:
    """Write a drawing. `text_encoding` "tcvn3" stores labels as TCVN3 bytes under the
    ANSI_1252 code page (what .VnTime drawings contain); "unicode" uses ANSI_1258, the
    Vietnamese Windows code page, with the text in cp1258."""
    labels = list(labels)
    body = dxf_text(shapes, labels, closed=closed)
    # Plain ASCII labels are declared ANSI_1252: GDAL's cp1258 decoding (iconv) drops
    # the last letter of a text, so cp1258 is used only when Vietnamese letters need it.
    ascii_only = all(label.text.isascii() for label in labels)
    codepage = "ANSI_1252" if text_encoding == "tcvn3" or ascii_only else "ANSI_1258"
    header = (
        _pair(0, "SECTION")
        + _pair(2, "HEADER")
        + _pair(9, "$ACADVER")
        + _pair(1, "AC1009")
        + _pair(9, "$DWGCODEPAGE")
        + _pair(3, codepage)
        + _pair(0, "ENDSEC")
    )
    if any(label.data for label in labels):
        # Extended data names its application, which the drawing registers.
        header += (
            _pair(0, "SECTION")
            + _pair(2, "TABLES")
            + _pair(0, "TABLE")
            + _pair(2, "APPID")
            + _pair(70, 1)
            + _pair(0, "APPID")
            + _pair(2, XDATA_APP)
            + _pair(70, 0)
            + _pair(0, "ENDTAB")
            + _pair(0, "ENDSEC")
        )
    text = header + body
    if text_encoding == "tcvn3":
        data = b"".join(
            encode_tcvn3(line) if line and not line.isascii() else line.encode("ascii")
            for line in text.splitlines(keepends=True)
        )
    elif ascii_only:
        data = text.encode("ascii")
    else:
        data = encode_cp1258(text)
    Path(path).write_bytes(data)
