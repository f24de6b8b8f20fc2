"""Column headings shared by a document's template (written by tools/build_templates.py)
and its XLSX twin, so both print the same columns. Plain constants: the template builder
runs without Django."""

LINE_HEADERS = [
    "STT",
    "Khoản",
    "Khối lượng",
    "Đơn vị",
    "Đơn giá (đồng)",
    "Hệ số",
    "Thành tiền (đồng)",
    "Cách tính",
    "Căn cứ",
    "Tình trạng",
]

# Decree 88 Art. 3(2)(a): each person whose land is recovered, both addresses.
HOLDER_HEADERS = [
    "Họ và tên",
    "Quan hệ",
    "Số định danh cá nhân",
    "Nơi thường trú",
    "Nơi ở hiện nay",
]

PARCEL_HEADERS = [
    "Tờ bản đồ",
    "Thửa",
    "Loại đất",
    "Vị trí",
    "DT theo GCN (m²)",
    "DT đo đạc (m²)",
    "DT thu hồi (m²)",
    "Nguồn gốc",
    "Sử dụng từ",
]

SUMMARY_HEADERS = [
    "STT",
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Số định danh",
    "Điện thoại",
    "Xã/phường",
    "DT thu hồi (m²)",
    "Bồi thường đất",
    "Bồi thường tài sản",
    "Hỗ trợ",
    "Tái định cư",
    "Khấu trừ",
    "Thực nhận",
    "Ghi nợ",
    "Tình trạng",
]
