"""VN-2000 3° transverse Mercator zones and which province uses which.

Cadastral maps in Vietnam are drawn in VN-2000 on a 3° TM zone whose central meridian
is fixed per province (Circular 973/2001/TT-TCĐC, appendix; the EPSG registry carries
each zone as "VN-2000 / TM-3 <meridian>" with the provinces in its area of use). Since
1 July 2025 several former provinces form one; a merged province keeps the meridians of
its former parts, so the registry lists every zone found in it, the first being the
default (the zone of the former province that holds the capital). A project chooses
its zone; the import may override it per file.

Web maps get WGS 84. The datum shift is the one PROJ applies by default for
VN-2000 → WGS 84: EPSG's "VN-2000 to WGS 84 (2)", a 7-parameter Helmert transformation
in the coordinate-frame convention (rotations rx = -0.00928836″, ry = 0.01975479″,
rz = -0.00427372″). Applying the same parameters with the position-vector sign
convention moves points by about 0.75 m, so never flip the sign by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyproj import CRS, Transformer

WGS84 = 4326


@dataclass(frozen=True)
class Zone:
    """One VN-2000 TM-3 zone as registered by EPSG."""

    epsg: int
    meridian: str  # as Vietnamese surveyors write it, e.g. "105°45′"

    @property
    def label(self) -> str:
        return f"VN-2000 / TM-3 {self.meridian} (EPSG:{self.epsg})"


ZONES: dict[int, Zone] = {
    zone.epsg: zone
    for zone in [
        Zone(5896, "102°00′"),
        Zone(9205, "103°00′"),
        Zone(9206, "104°00′"),
        Zone(9207, "104°30′"),
        Zone(9208, "104°45′"),
        Zone(5897, "105°00′"),
        Zone(9209, "105°30′"),
        Zone(9210, "105°45′"),
        Zone(9211, "106°00′"),
        Zone(9212, "106°15′"),
        Zone(9213, "106°30′"),
        Zone(9214, "107°00′"),
        Zone(9215, "107°15′"),
        Zone(9216, "107°30′"),
        Zone(5899, "107°45′"),
        Zone(5898, "108°00′"),
        Zone(9217, "108°15′"),
        Zone(9218, "108°30′"),
    ]
}

# Province code (after 1 July 2025) → zones of its former provinces, default first.
# Comments name the former provinces and their meridians.
PROVINCE_ZONES: dict[str, tuple[int, ...]] = {
    "01": (5897,),  # Hà Nội 105°00′
    "04": (9210,),  # Cao Bằng 105°45′
    "08": (9211, 9209),  # Tuyên Quang 106°00′, Hà Giang 105°30′
    "11": (9205,),  # Điện Biên 103°00′
    "12": (9205,),  # Lai Châu 103°00′
    "14": (9206,),  # Sơn La 104°00′
    "15": (9208,),  # Lào Cai, Yên Bái 104°45′
    "19": (9213,),  # Thái Nguyên, Bắc Kạn 106°30′
    "20": (9215,),  # Lạng Sơn 107°15′
    "22": (5899,),  # Quảng Ninh 107°45′
    "24": (9214, 9209),  # Bắc Giang 107°00′, Bắc Ninh 105°30′
    "25": (9208, 5897, 9211),  # Phú Thọ 104°45′, Vĩnh Phúc 105°00′, Hòa Bình 106°00′
    "31": (9210, 9209),  # Hải Phòng 105°45′, Hải Dương 105°30′
    "33": (9209,),  # Hưng Yên, Thái Bình 105°30′
    "37": (5897, 9209),  # Ninh Bình, Hà Nam 105°00′, Nam Định 105°30′
    "38": (5897,),  # Thanh Hóa 105°00′
    "40": (9208,),  # Nghệ An 104°45′
    "42": (9209,),  # Hà Tĩnh 105°30′
    "44": (9211, 9212),  # Quảng Bình 106°00′ (capital Đồng Hới), Quảng Trị 106°15′
    "46": (9214,),  # Huế 107°00′
    "48": (5899,),  # Đà Nẵng, Quảng Nam 107°45′
    "51": (5898, 9216),  # Quảng Ngãi 108°00′, Kon Tum 107°30′
    "52": (9217, 9218),  # Bình Định 108°15′, Gia Lai 108°30′
    "56": (9217,),  # Khánh Hòa, Ninh Thuận 108°15′
    "66": (9218,),  # Đắk Lắk, Phú Yên 108°30′
    "68": (5899, 9218),  # Lâm Đồng 107°45′, Đắk Nông, Bình Thuận 108°30′
    "75": (5899, 9212),  # Đồng Nai 107°45′, Bình Phước 106°15′
    "79": (9210, 5899),  # Hồ Chí Minh, Bình Dương 105°45′, Bà Rịa – Vũng Tàu 107°45′
    "80": (9210, 9209),  # Long An 105°45′ (capital Tân An), Tây Ninh 105°30′
    "82": (9210, 5897),  # Tiền Giang 105°45′ (capital Mỹ Tho), Đồng Tháp 105°00′
    "86": (9209, 9210),  # Vĩnh Long, Trà Vinh 105°30′, Bến Tre 105°45′
    "91": (9207, 9208),  # Kiên Giang 104°30′ (capital Rạch Giá), An Giang 104°45′
    "92": (5897, 9209),  # Cần Thơ, Hậu Giang 105°00′, Sóc Trăng 105°30′
    "96": (9207, 5897),  # Cà Mau 104°30′, Bạc Liêu 105°00′
}


class CRSError(ValueError):
    """A coordinate system GPMB does not accept for cadastral data."""


def parse_epsg(value: str | int) -> int:
    """ "EPSG:9210", "9210" or 9210 → 9210; anything else, a code the EPSG registry
    does not hold, or a system that is not a map's (projected or geographic 2D) raises
    CRSError."""
    text = str(value).strip().upper().removeprefix("EPSG:")
    if not text.isdigit() or len(text) > 6:
        raise CRSError(f"“{value}”: hệ tọa độ phải có dạng EPSG:9210")
    return check_epsg(int(text))


def check_epsg(epsg: int) -> int:
    """`epsg` if PROJ knows it as a projected or geographic 2D system."""
    try:
        found = crs(epsg)
    except Exception:
        raise CRSError(f"EPSG:{epsg} không có trong danh mục EPSG") from None
    if found.type_name not in ("Projected CRS", "Geographic 2D CRS"):
        raise CRSError(
            f"EPSG:{epsg} ({found.name}) là {found.type_name}, không phải hệ tọa độ phẳng "
            "hay hệ địa lý của bản đồ"
        )
    return epsg


def zone(epsg: int) -> Zone:
    try:
        return ZONES[epsg]
    except KeyError:
        raise CRSError(
            f"EPSG:{epsg} không phải múi chiếu VN-2000 3° (EPSG:9205–9218, 5896–5899)"
        ) from None


def zones_for_province(province_code: str) -> list[Zone]:
    """The zones used in a province, the default first (empty for an unknown code)."""
    return [ZONES[epsg] for epsg in PROVINCE_ZONES.get(province_code, ())]


def default_epsg(province_code: str) -> int | None:
    codes = PROVINCE_ZONES.get(province_code)
    return codes[0] if codes else None


@cache
def crs(epsg: int) -> CRS:
    return CRS.from_epsg(epsg)


def describe(epsg: int) -> str:
    """ "WGS 84 / UTM zone 48N (EPSG:32648)"; the zones as surveyors name them."""
    if epsg in ZONES:
        return ZONES[epsg].label
    return f"{crs(epsg).name} (EPSG:{epsg})"


@cache
def to_wgs84(epsg: int) -> Transformer:
    """Project CRS → WGS 84 (lon, lat) with PROJ's default VN-2000 datum shift."""
    return Transformer.from_crs(epsg, WGS84, always_xy=True)


@cache
def from_wgs84(epsg: int) -> Transformer:
    return Transformer.from_crs(WGS84, epsg, always_xy=True)


@cache
def transformer(source: int, target: int) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def epsg_of(crs_text: str | None) -> int | None:
    """The EPSG code of a CRS read from a file (WKT or "EPSG:n"), or None when the file
    has none or it matches no EPSG entry exactly."""
    if not crs_text:
        return None
    try:
        found = CRS.from_user_input(crs_text).to_epsg(min_confidence=70)
    except Exception:
        return None
    return int(found) if found else None
