"""Statements in many phrasings: consistent ones raise nothing certain, inconsistent ones the right finding."""

from __future__ import annotations

import pytest

from reports.check import check_text
from reports.findings import CERTAIN
from reports.text import read_plain_text

CASES = [
    ("Tổng số hồ sơ tiếp nhận là 412.380 hồ sơ, trong đó 318.560 hồ sơ trực tuyến, chiếm 77,25 %.", []),
    ("Tỉnh đứng thứ 12/63 tỉnh, thành phố về chỉ số PAR INDEX, đạt 85,6 %.", []),
    ("Cấp 1.236 chứng thư số cho tổ chức; cấp 5.606 chứng thư số cho cá nhân; tổng số 6.842 chứng thư số.", []),
    ("Trong đó, 1.236 chứng thư cho tổ chức, 5.606 chứng thư cho cá nhân.", []),
    ("Tháng 4/2024, tỷ lệ hồ sơ trực tuyến đạt 98 %.", []),
    ("Theo Nghị định 13/2023/NĐ-CP, tỷ lệ đạt 98 %.", []),
    ("Đến 6/2024 có 1.261/1.292 thôn có sóng 4G (97,6 %).", []),
    ("Đến 6/2024 có 1.261/1.292 thôn có sóng 4G (96,7 %).", ["share"]),
    ("Doanh thu đạt 1.250 tỷ đồng, tăng 15 % so với cùng kỳ năm 2023 (đạt 1.020 tỷ đồng).", ["growth"]),
    ("Doanh thu đạt 1.250 tỷ đồng, tăng 22,5 % so với cùng kỳ năm 2023 (đạt 1.020 tỷ đồng).", []),
    ("Doanh thu đạt 1.250 tỷ đồng, tăng 15 % so với cùng kỳ, đạt 96 % kế hoạch năm (1.300 tỷ đồng).", []),
    ("Tổng chiều dài tuyến cáp quang là 18.420,5 km. Sau đó, tổng chiều dài tuyến cáp quang đạt 18.240,5 km.",
     ["same_indicator"]),
    ("Tổng chiều dài tuyến cáp quang là 18.420,5 km. Tổng chiều dài tuyến cáp quang đạt 18.420,5 km.", []),
    ("Tổng chiều dài tuyến cáp quang là 18.420,5 km. Tổng chiều dài tuyến cáp quang là khoảng 18.400 km.", []),
    ("Tổng chiều dài tuyến cáp quang là 18.420,5 km; năm 2023 tổng chiều dài tuyến cáp quang là 17.236 km.", []),
    ('Hiện có 1.412 doanh nghiệp, trong đó: phần cứng 521; phân phối 738; phần mềm 46; khác 107.', []),
    ('Hiện có 1.412 doanh nghiệp, trong đó: phần cứng 521; phân phối 738; phần mềm 46; khác 117.', ['total_parts']),
    ('Tổng số thuê bao điện thoại đạt 2.012.640 thuê bao (cố định 28.340 thuê bao, di động 1.984.300 thuê bao).', []),
    ('Tổng số thuê bao điện thoại đạt 2.012.640 thuê bao (cố định 28.340 thuê bao, di động 1.948.300 thuê bao).', ['total_parts']),
    ('Số cuộc thanh tra là 11 cuộc, bao gồm 9 cuộc theo kế hoạch và 3 cuộc đột xuất.', ['total_parts']),
    ('Số hệ thống được phê duyệt cấp độ là 26 hệ thống (cấp độ 1: 5; cấp độ 2: 17; cấp độ 3: 4).', []),
    ('Số hệ thống được phê duyệt cấp độ là 26 hệ thống (cấp độ 1: 5; cấp độ 2: 16; cấp độ 3: 4).', ['total_parts']),
    ('Tỷ lệ hồ sơ trực tuyến đạt 77,25 % (318.560/412.380 hồ sơ).', []),
    ('Tỷ lệ hồ sơ trực tuyến đạt 77,52 % (318.560/412.380 hồ sơ).', ['share']),
    ('Có 209/209 xã có đài truyền thanh, đạt 100 %.', []),
    ('Có 118/209 đài ứng dụng CNTT-VT, đạt 56,5 %.', []),
    ('Có 118/209 đài ứng dụng CNTT-VT, đạt 65,5 %.', ['share']),
    ('Số thuê bao 2G only là 141.210 thuê bao, chiếm 7,1 % tổng số thuê bao di động.', []),
    ('Doanh thu đạt 302,4 tỷ đồng, tăng 8,2 % so với cùng kỳ năm 2023 (279,5 tỷ đồng).', []),
    ('Doanh thu đạt 302,4 tỷ đồng, tăng 12,2 % so với cùng kỳ năm 2023 (279,5 tỷ đồng).', ['growth']),
    ('Doanh thu đạt 302,4 tỷ đồng, bằng 108,2 % so với cùng kỳ.', []),
    ('Số trạm 2G giảm 17 trạm so với cùng kỳ (901 trạm) còn 884 trạm.', []),
    ('Tổng doanh thu viễn thông đạt 279.500 triệu đồng, tăng 8,2 % so với cùng kỳ (258,3 tỷ đồng).', []),
    ('Có 02 xã chưa có điểm phục vụ: xã Tuấn Đạo và xã An Lạc.', []),
    ('Có 03 xã chưa có điểm phục vụ: xã Tuấn Đạo và xã An Lạc.', ['list_count']),
    ('Các doanh nghiệp viễn thông gồm Viettel, VNPT, MobiFone.', []),
    ('Năm 2023, toàn tỉnh có 17/28 chỉ tiêu đạt và vượt kế hoạch.', []),
    ('Kết quả: 3 chỉ tiêu (chiếm 60 %) đã đạt.', []),
    ('Ước tính đến hết năm 2024 có khoảng 3.800 trạm BTS, gồm 880 trạm 2G, 1.240 trạm 3G và 1.700 trạm 4G.', []),
    ('Tỷ lệ hộ gia đình có cáp quang đạt 79,08 % (312.000/394.535 hộ).', []),
    ('Chiều dài cáp ngầm hóa là 295,5 km (140 km + 155,5 km).', []),
    ('Tỷ lệ người dân có tài khoản thanh toán đạt 84,2 %, vượt 14,2 điểm phần trăm so với mục tiêu (70 %).', []),
    ('Toàn tỉnh có 2.128 thôn, tổ dân phố; 2.126/2.128 thôn có sóng 4G (đạt 99,9 %).', []),
    ('Toàn tỉnh có 2.128 thôn, tổ dân phố; 2.126/2.128 thôn có sóng 4G (đạt 99,8 %).', ['share']),
    ('Toàn tỉnh có 1.305 camera, trong đó thành phố Bắc Giang 412 camera, Việt Yên 142 camera, Hiệp Hòa 109 camera.', []),
    ('Toàn tỉnh có 3.775 trạm BTS, trong đó Viettel 884, VNPT 1.242, MobiFone 1.647, Vietnamobile 3.', ['total_parts']),
    ('Toàn tỉnh có 3.775 trạm BTS, trong đó Viettel 884, VNPT 1.242, MobiFone 1.647, Vietnamobile 12.', ['total_parts']),
    ('Đã cấp 6.842 chứng thư số, trong đó cho tổ chức 1.236, cá nhân 5.506.', ['total_parts']),
    ('Có 12 văn bản, gồm: 01 Nghị quyết, 03 Quyết định, 08 Kế hoạch.', []),
    ('Có 12 văn bản, gồm: 01 Nghị quyết, 03 Quyết định, 09 Kế hoạch.', ['total_parts']),
    ('Sở đã thẩm định 45 hồ sơ, trong đó có 12 hồ sơ của các sở, ngành, 20 hồ sơ của UBND cấp huyện...', []),
    ('Tổ chức 03 lớp tập huấn cho 250 học viên, gồm 120 cán bộ cấp xã và 130 cán bộ cấp huyện.', []),
    ('Đã tiếp nhận 412.380 hồ sơ, trong đó có 318.560 hồ sơ trực tuyến và 98,84 % hồ sơ được giải quyết đúng hạn.', []),
    ('Toàn tỉnh có 209 xã, phường, thị trấn (gồm 184 xã, 15 phường và 10 thị trấn).', []),
    ('Toàn tỉnh có 209 xã, phường, thị trấn (gồm 184 xã, 16 phường và 10 thị trấn).', ['total_parts']),
    ('Thực hiện 2 đợt kiểm tra tại 15 cơ quan, gồm: 8 sở, ngành và 7 huyện.', []),
    ('Năm 2023 tỉnh đạt 79,08 %; năm 2024 đạt 82,45 %.', []),
    ('Trong 6 tháng đầu năm, 10/10 huyện đã triển khai; 209/209 xã có đài truyền thanh.', []),
    ('Chỉ số chuyển đổi số (DTI) năm 2023 của tỉnh xếp thứ 15/63 tỉnh, thành phố, tăng 5 bậc so với năm 2022.', []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_statement(sentence: str, expected: list[str]) -> None:
    found = check_text(read_plain_text(sentence))
    assert sorted(f.kind for f in found if f.confidence == CERTAIN) == sorted(expected)


def test_a_single_part_and_its_share_of_the_total() -> None:
    found = check_text(read_plain_text("Tổng số hồ sơ tiếp nhận là 412.380 hồ sơ, trong đó 318.560 hồ sơ trực tuyến, "
                                       "chiếm 72,25 %."))
    assert [(f.kind, f.confidence) for f in found] == [("share_of_total", "nên xem lại")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Còn 3 huyện Sơn Động, Lục Ngạn, Yên Thế và Lục Nam chưa hoàn thành.", ["list_count"]),
    ("Còn 3 huyện Sơn Động, Lục Ngạn và Yên Thế chưa hoàn thành.", []),
    ("Có 2 doanh nghiệp Viettel và VNPT đã phủ sóng 5G.", []),
    ("Đã khảo sát 5 xã Tân Sơn, Cấm Sơn, Sơn Hải và Hộ Đáp của huyện Lục Ngạn.", ["list_count"]),
])
def test_a_count_followed_directly_by_names_is_worth_a_look(sentence: str, expected: list[str]) -> None:
    found = check_text(read_plain_text(sentence))
    assert [f.kind for f in found] == expected
    assert all(f.confidence != CERTAIN for f in found)  # without ':' the end of the list is a guess
