from __future__ import annotations

import pytest

from gpmb.geo import vntext

SAMPLES = ["Đất ở tại đô thị", "Nguyễn Thị Hải", "Trần Văn Lương", "đường Hồ Sen",
           "phường Lê Chân", "Quốc lộ 5", "thửa đất số 12", "Ngô Quyền"]  # fmt: skip


def as_gdal_reads(data: bytes) -> str:
    """What GDAL hands over for a drawing declared ANSI_1252."""
    return data.decode("cp1252", errors="ignore")


@pytest.mark.parametrize("text", SAMPLES)
def test_tcvn3_round_trip(text):
    garbled = as_gdal_reads(vntext.encode_tcvn3(text))
    assert garbled != text
    # TCVN3 has no own codes for toned capitals; the capital font draws the lower case.
    assert vntext.tcvn3_to_unicode(garbled).lower() == text.lower()


def test_detects_tcvn3_over_a_file_of_labels():
    garbled = [as_gdal_reads(vntext.encode_tcvn3(t)) for t in SAMPLES]
    assert vntext.detect(garbled) == "tcvn3"
    # One short label alone can read as plausible Vietnamese both ways ("Quèc lé 5"),
    # which is why detection looks at every label of a file and can be overridden.
    assert vntext.detect([garbled[5]]) == "unicode"


def test_tcvn3_known_bytes():
    # Published chart: Đ = 0xA7, ấ = 0xCA, ở = 0xEB, ư = 0xAD, ờ = 0xEA.
    assert vntext.tcvn3_to_unicode("\xa7\xcat \xeb") == "Đất ở"
    assert vntext.encode_tcvn3("đường") == b"\xae\xad\xeang"


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [("Ñaát ôû", "Đất ở"), ("Nguyeãn Thò Haûi", "Nguyễn Thị Hải"),
     ("Tröôøng", "Trường"), ("ÑÖÔØNG", "ĐƯỜNG"), ("Hoaøng Vaên Thuûy", "Hoàng Văn Thủy"),
     ("quyeát ñònh", "quyết định")],
)  # fmt: skip
def test_vni(vni, unicode):
    assert vntext.vni_to_unicode(vni) == unicode
    assert vntext.detect([vni]) == "vni"


@pytest.mark.parametrize("text", [*SAMPLES, "ODT 12", "Thuỷ hoà", ""])
def test_unicode_is_left_alone(text):
    assert vntext.detect([text]) == "unicode"
