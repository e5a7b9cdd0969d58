"""Seeded generator of a realistic year (2025) of demo exports for Khúc Thừa Dụ commune, Hải Phòng.

`write_demo(out_dir, seed)` writes the files the commune really receives, with their quirks: title
rows, two-row headers, rows of column numbers, signature footers, national sync field codes, JSON
Lines, Windows-1258 and UTF-16 text, monthly dossier exports that re-export still-open dossiers with
a newer status. The story a Chairman should recognise at 31/12/2025:

- most targets met, clearly;
- red in several departments: TTHC-07 (dossiers kept only in the paper book while the new
  commune's accounts were set up in July), TCCO-01 (≈ 85% of the capital plan disbursed), CDDH-04
  (one city task finished late, one overdue), CQS-10 (≈ 52% of fee-paying dossiers paid online),
  TTHC-04 (a transferred procedure not yet on the national portal at its 20/07 deadline, fixed in
  the 31/07 catalogue), CVU-04 (attested not done);
- stale: the e-office work-file export (`ho_so_cong_viec`) stops on 15/10/2025, so CQS-01 has
  no fresh data at year end although it was green (≈ 75%) before.

Dossiers are generated as whole lives (intake, promised date, end, return, supplements, rating)
with vectorised numpy/Polars operations; each export then shows them as they stood at its date.
Each section draws from its own numpy Generator seeded by (seed, section), so a seed always gives
byte-identical files.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from warehouse.app.accounts import add_user, operator, users
from warehouse.app.store import store_path

HOLIDAYS = np.array(
    ["2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07",
     "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02", "2026-01-01"],
    dtype="datetime64[D]",
)
MERGER = np.datetime64("2025-07-01")  # the commune is formed from three predecessors
CUTOFF = np.datetime64("2025-12-31T17:30:00")  # the last events of the year happen before this
NAT = np.datetime64("NaT", "s")
YEAR_END = date(2025, 12, 31)
FIXED_TIME = datetime(2025, 12, 31, 17, 45)  # workbook metadata, so that a seed gives identical bytes
UBND = "UBND XÃ KHÚC THỪA DỤ"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks Windows-1258 keeps as combining characters

# Procedures: code | name | field | level (muc_do) | deadline in working days | fee (p: per page) |
# weight (share of dossiers) | flags: N from 1/7/2025 (transferred at the merger), A abolished 1/7/2025,
# B business-related, X exempt (khoản 3 Điều 14), m not on mobile, L not yet on the national portal
# before the 31/07 catalogue (the TTHC-04 miss).
PROCEDURES = """
1.001193|Đăng ký khai sinh|Hộ tịch|4|0|0|7.0|
1.000894|Đăng ký kết hôn|Hộ tịch|3|0|0|1.2|
1.000656|Đăng ký khai tử|Hộ tịch|4|0|0|1.4|
1.004873|Cấp Giấy xác nhận tình trạng hôn nhân|Hộ tịch|4|3|0|4.2|
2.000635|Cấp bản sao Trích lục hộ tịch|Hộ tịch|4|0|8000|3.5|
1.001022|Đăng ký nhận cha, mẹ, con|Hộ tịch|3|3|0|0.12|
1.004884|Đăng ký lại khai sinh|Hộ tịch|4|5|0|0.3|
1.004746|Đăng ký lại kết hôn|Hộ tịch|3|5|0|0.04|
1.005461|Đăng ký lại khai tử|Hộ tịch|4|5|0|0.04|
1.004859|Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch|Hộ tịch|4|3|0|0.8|
1.004837|Đăng ký giám hộ|Hộ tịch|3|3|0|0.03|
2.000547|Đăng ký chấm dứt giám hộ|Hộ tịch|3|2|0|0.02|
1.000419|Đăng ký khai sinh kết hợp nhận cha, mẹ, con|Hộ tịch|3|3|0|0.08|
1.001695|Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi|Hộ tịch|4|5|0|2.2|
1.001699|Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng|Hộ tịch|4|5|0|0.6|
1.000689|Xác nhận thông tin hộ tịch|Hộ tịch|4|3|0|0.2|N
1.001669|Đăng ký khai sinh có yếu tố nước ngoài|Hộ tịch|4|3|0|0.03|N
1.001766|Đăng ký kết hôn có yếu tố nước ngoài|Hộ tịch|3|10|1000000|0.03|N
1.004772|Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài|Hộ tịch|3|10|1000000|0.01|N
1.001702|Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài|Hộ tịch|3|5|50000|0.03|N
1.003005|Đăng ký việc nuôi con nuôi trong nước|Nuôi con nuôi|3|30|400000|0.02|
2.000815|Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận|Chứng thực|4|0|p|28.0|
2.000884|Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ)|Chứng thực|3|0|10000|1.2|
2.001035|Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở|Chứng thực|3|2|50000|0.7|
2.001019|Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch|Chứng thực|3|2|30000|0.06|
2.001016|Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở|Chứng thực|3|2|50000|0.2|
2.001008|Chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, nhà ở|Chứng thực|3|2|50000|0.15|
2.000927|Chứng thực văn bản từ chối nhận di sản|Chứng thực|3|2|50000|0.04|
2.001052|Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực|Chứng thực|4|0|2000|0.2|
2.001009|Sửa lỗi sai sót trong hợp đồng, giao dịch|Chứng thực|3|2|25000|0.02|
2.000913|Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật|Chứng thực|3|0|10000|0.04|N
2.000843|Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận|Chứng thực|4|0|p|0.3|N
1.012760|Hòa giải tranh chấp đất đai|Đất đai|2|30|0|0.15|
1.012765|Xác nhận hiện trạng sử dụng đất, nguồn gốc đất|Đất đai|3|5|0|0.4|
1.012810|Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân khi hết thời hạn sử dụng đất|Đất đai|4|5|0|0.1|
1.012790|Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu|Đất đai|3|20|100000|0.9|N
1.012792|Đăng ký biến động đất đai, tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế quyền sử dụng đất|Đất đai|3|10|50000|1.6|N
1.012793|Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất|Đất đai|4|7|50000|1.0|N
1.012794|Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất|Đất đai|4|10|50000|0.2|N
1.012801|Chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền|Đất đai|3|15|0|0.3|N
1.012803|Tách thửa, hợp thửa đất|Đất đai|4|15|50000|0.6|N
1.012770|Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất|Đất đai|4|3|80000|2.2|N
1.012772|Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất|Đất đai|4|1|20000|1.4|N
1.012771|Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân|Đất đai|4|7|0|0.1|N
1.012806|Đính chính Giấy chứng nhận đã cấp|Đất đai|4|5|0|0.15|N
1.010001|Thông báo khởi công xây dựng công trình nhà ở riêng lẻ|Xây dựng|4|3|0|0.4|
1.009994|Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ|Xây dựng|4|15|75000|1.3|N
1.009995|Cấp giấy phép xây dựng sửa chữa, cải tạo đối với nhà ở riêng lẻ|Xây dựng|4|15|75000|0.25|N
1.009996|Cấp điều chỉnh giấy phép xây dựng đối với nhà ở riêng lẻ|Xây dựng|4|10|15000|0.06|N
1.009997|Gia hạn giấy phép xây dựng|Xây dựng|4|5|15000|0.04|N
1.009998|Cấp lại giấy phép xây dựng|Xây dựng|4|5|15000|0.03|N
1.009999|Cấp giấy phép di dời công trình|Xây dựng|3|20|0|0.01|N
2.000720|Đăng ký thành lập hộ kinh doanh|Đầu tư|4|3|100000|1.8|NB
2.000683|Đăng ký thay đổi nội dung đăng ký hộ kinh doanh|Đầu tư|4|3|100000|0.7|NBL
2.000575|Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn của hộ kinh doanh|Đầu tư|4|3|0|0.3|NB
2.000606|Thông báo chấm dứt hoạt động hộ kinh doanh|Đầu tư|4|3|0|0.3|NB
2.000637|Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh|Đầu tư|4|3|0|0.05|NB
1.005280|Thông báo thành lập tổ hợp tác|Kinh tế hợp tác|4|5|0|0.02|B
2.000633|Cấp Giấy phép bán lẻ sản phẩm thuốc lá|Lưu thông hàng hóa trong nước|3|15|1100000|0.03|NB
2.000620|Cấp Giấy phép bán lẻ rượu|Lưu thông hàng hóa trong nước|4|10|1200000|0.03|NB
2.000181|Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh|Lưu thông hàng hóa trong nước|3|15|500000|0.01|NB
1.001776|Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng|Bảo trợ xã hội|3|15|0|0.5|
1.001758|Chi trả trợ cấp xã hội hàng tháng khi đối tượng thay đổi nơi cư trú|Bảo trợ xã hội|3|10|0|0.08|
2.000744|Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội|Bảo trợ xã hội|4|3|0|0.35|
1.001653|Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật|Bảo trợ xã hội|3|25|0|0.25|
1.001731|Đổi, cấp lại Giấy xác nhận khuyết tật|Bảo trợ xã hội|4|5|0|0.08|
2.000355|Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở|Bảo trợ xã hội|3|10|0|0.03|
1.010941|Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn cảnh khó khăn|Bảo trợ xã hội|3|10|0|0.005|N
1.010812|Giải quyết chế độ trợ cấp thờ cúng liệt sĩ|Người có công|3|12|0|0.08|
1.010801|Giải quyết chế độ mai táng phí, trợ cấp một lần khi người có công với cách mạng từ trần|Người có công|3|12|0|0.12|
1.010805|Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ, đơn đề nghị thăm viếng mộ liệt sĩ|Người có công|2|3|0|0.02|
1.010819|Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ|Người có công|4|5|0|0.03|N
1.000489|Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm|Giảm nghèo|3|10|0|0.06|
1.000486|Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm|Giảm nghèo|3|10|0|0.06|
1.010936|Xác định hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình|Giảm nghèo|3|10|0|0.05|
1.000933|Xác nhận hộ gia đình có mức sống trung bình để tham gia bảo hiểm y tế|Lao động - Thương binh và Xã hội|3|5|0|0.05|A
2.000986|Xác nhận đơn đề nghị hỗ trợ học nghề cho lao động nông thôn|Lao động - Thương binh và Xã hội|3|5|0|0.03|A
2.000134|Hỗ trợ người lao động thuộc hộ nghèo, hộ cận nghèo đi làm việc ở nước ngoài theo hợp đồng|Lao động - Thương binh và Xã hội|3|10|0|0.01|
1.003622|Xét tặng danh hiệu "Gia đình văn hóa" hằng năm|Văn hóa|2|20|0|0.04|X
1.003638|Xét tặng danh hiệu "Thôn, tổ dân phố văn hóa" hằng năm|Văn hóa|2|20|0|0.004|X
1.001120|Thông báo tổ chức lễ hội cấp xã|Văn hóa|4|5|0|0.04|
1.003645|Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản đến dưới 1.000 bản|Văn hóa|4|5|0|0.01|
1.004650|Công nhận câu lạc bộ thể thao cơ sở|Thể dục thể thao|3|7|0|0.02|
1.004442|Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục|Giáo dục và Đào tạo|3|20|0|0.01|N
1.004492|Chuyển trường đối với học sinh trung học cơ sở|Giáo dục và Đào tạo|4|3|0|0.25|N
1.004438|Chuyển trường đối với học sinh tiểu học|Giáo dục và Đào tạo|4|3|0|0.2|Nm
1.004563|Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú|Giáo dục và Đào tạo|3|10|0|0.02|N
1.001055|Đăng ký hoạt động tín ngưỡng|Tín ngưỡng, tôn giáo|4|15|0|0.02|m
1.001078|Đăng ký sinh hoạt tôn giáo tập trung|Tín ngưỡng, tôn giáo|3|20|0|0.01|
1.001085|Thông báo danh mục hoạt động tín ngưỡng bổ sung|Tín ngưỡng, tôn giáo|4|15|0|0.01|m
1.000775|Tặng Giấy khen của Chủ tịch UBND cấp xã về thực hiện nhiệm vụ chính trị|Thi đua, khen thưởng|2|20|0|0.04|X
1.000748|Tặng Giấy khen của Chủ tịch UBND cấp xã cho gia đình|Thi đua, khen thưởng|2|20|0|0.02|X
1.000843|Xét tặng danh hiệu Lao động tiên tiến|Thi đua, khen thưởng|2|20|0|0.02|X
2.000930|Công nhận hòa giải viên|Hòa giải ở cơ sở|2|5|0|0.01|X
2.000931|Thôi làm hòa giải viên|Hòa giải ở cơ sở|2|5|0|0.005|X
1.003370|Công nhận tuyên truyền viên pháp luật|Phổ biến, giáo dục pháp luật|2|5|0|0.005|X
1.003596|Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh|Trồng trọt|3|10|0|0.05|
1.010091|Phê duyệt kế hoạch khuyến nông địa phương|Nông nghiệp|2|10|0|0.005|X
1.010733|Đăng ký môi trường|Môi trường|4|15|0|0.06|NBm
1.010730|Tham vấn trong đánh giá tác động môi trường|Môi trường|2|10|0|0.01|
1.001035|Chấp thuận xây dựng công trình thiết yếu, đấu nối tạm thời vào đường xã|Đường bộ|3|7|0|0.01|N
1.003347|Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi thuộc thẩm quyền cấp xã|Thủy lợi|4|15|0|0.01|Nm
"""

# Per field: handling unit (after the merger), P(late), P(1 supplement), P(2 supplements), P(data reused),
# Per field: handling unit (after the merger), P(late), P(1 supplement), P(2 supplements), P(data reused),
# P(rated "Không hài lòng" among rated dossiers).
FIELDS = {
    "Hộ tịch": ("TT", 0.008, 0.015, 0.002, 0.80, 0.03),
    "Chứng thực": ("TT", 0.005, 0.005, 0.001, 0.58, 0.03),
    "Đất đai": ("KT", 0.045, 0.09, 0.008, 0.52, 0.045),
    "Xây dựng": ("KT", 0.045, 0.08, 0.008, 0.50, 0.045),
    "Đầu tư": ("KT", 0.02, 0.05, 0.004, 0.60, 0.03),
}
FIELD_DEFAULT = ("VHXH", 0.012, 0.04, 0.003, 0.55, 0.02)
SLOW_FIELDS = ["Đất đai", "Xây dựng"]
ECONOMIC = {"Đất đai", "Xây dựng", "Đầu tư", "Kinh tế hợp tác", "Lưu thông hàng hóa trong nước",
            "Trồng trọt", "Nông nghiệp", "Môi trường", "Đường bộ", "Thủy lợi"}
UNITS = {
    "TT": "Trung tâm Phục vụ hành chính công xã Khúc Thừa Dụ",
    "KT": "Phòng Kinh tế",
    "VHXH": "Phòng Văn hóa - Xã hội",
}
PREDECESSORS = [  # commune code in the exports, dossier-code prefix, name
    ("KTD-01", "G22.TP", "UBND xã Tân Phong"),
    ("KTD-02", "G22.HD", "UBND xã Hồng Đức"),
    ("KTD-03", "G22.AD", "UBND xã An Đức"),
]
OFFICIALS = {
    "TT": ["Nguyễn Thị Hoa", "Trần Văn Minh", "Phạm Thị Lan", "Vũ Thị Thu Trang", "Đỗ Văn Nam",
           "Bùi Thị Hạnh"],
    "KT": ["Lê Văn Thắng", "Hoàng Văn Dũng", "Ngô Thị Mai", "Đinh Văn Tuấn"],
    "VHXH": ["Phan Thị Ngọc", "Trịnh Văn Hải", "Lương Thị Huyền"],
    "KTD-01": ["Nguyễn Văn Khánh", "Đặng Thị Yến"],
    "KTD-02": ["Phạm Văn Hòa", "Lê Thị Nhung"],
    "KTD-03": ["Vũ Văn Bình", "Trần Thị Hương"],
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Phan", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Quân", "Sơn", "Tâm", "Thảo",
         "Trang", "Tuấn", "Yến"]
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn An Lạc", "Thôn Phú Xá", "Thôn Hạ", "Thôn Thượng",
            "Thôn Nam Hưng", "Thôn Bắc Sơn", "Thôn Tân Lập", "Thôn Hồng Phong"]
KENH = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
MUC_DO = {2: "Cung cấp thông tin", 3: "Một phần", 4: "Toàn trình"}
TRANG_THAI = {3: "Không được tiếp nhận", 4: "Đang xử lý", 5: "Yêu cầu bổ sung", 7: "Công dân rút hồ sơ",
              8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả"}
THANH_TOAN = {0: "Không", 1: "Cổng DVCQG", 2: "Cổng thanh toán của thành phố"}


def _table(text: str) -> list[list[str]]:
    """Rows of a pipe-separated text table, one row a line."""
    return [line.split("|") for line in text.strip().splitlines()]


def _dmy(text: str) -> date:
    """A dd/mm/yyyy date."""
    d, m, y = map(int, text.split("/"))
    return date(y, m, d)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def write_demo(out_dir: Path, seed: int = 2025) -> list[Path]:
    """Write a realistic 2025 of exports for the commune into out_dir; return the files written."""
    out = Path(out_dir)

    def rng(section: int) -> np.random.Generator:
        """An independent stream per section, so that sections do not shift each other's draws."""
        return np.random.default_rng([seed, section])

    procs = _procedures()
    dossiers = _dossiers(rng(1), procs)
    paper = _paper_dossiers(rng(2), procs)
    petitions = _petitions(rng(3), dossiers)
    files = _write_sync_exports(out / "ho_so", dossiers)
    files.append(_write_one_stop_book(out / "ho_so" / "so_theo_doi_ho_so_2025-Q4.xlsx", dossiers, rng(5)))
    files.append(_write_paper_book(out / "ho_so" / "so_giay_2025.xlsx", paper))
    files += _write_catalogues(out / "thu_tuc", procs)
    files += _write_petitions(out / "pakn", petitions)
    files += _write_disbursement(out / "giai_ngan", rng(6))
    files += _write_documents(out / "van_ban_den", rng(7))
    files.append(_write_work_files(out / "ho_so_cong_viec" / "ho_so_cong_viec_2025-10-15.txt", rng(8)))
    files.append(_write_tasks(out / "nhiem_vu" / "theo_doi_nhiem_vu_2025.xlsx", rng(9)))
    files.append(_write_reports(out / "bao_cao_dinh_ky" / "bao_cao_dinh_ky_2025.csv"))
    files += _write_organisation(out / "to_chuc")
    files.append(_write_staff(out / "nhan_su" / "nhan_su_2025.xlsx"))
    files.append(_write_attestations(out / "xac_nhan" / "xac_nhan_chi_tieu_2025.xlsx"))
    files += _write_scores(out / "diem_766", rng(10))
    files += _write_neighbours(out / "thanh_pho", dossiers, rng(11))
    return files


# ---------------------------------------------------------------------------------------------
# Calendar and array helpers
# ---------------------------------------------------------------------------------------------

def _busday(days: np.ndarray, n) -> np.ndarray:
    """The working day n working days after each day (a weekend or holiday first rolls forward)."""
    return np.busday_offset(days.astype("datetime64[D]"), n, roll="forward", holidays=HOLIDAYS)


def _working_days(start: str, end: str) -> np.ndarray:
    """The working days from start up to (not including) end."""
    days = np.arange(start, end, dtype="datetime64[D]")
    return days[np.is_busday(days, holidays=HOLIDAYS)]


def _secs(seconds) -> np.ndarray:
    """Whole seconds (ints or floats) as timedelta64[s]."""
    return np.asarray(seconds).astype(np.int64).astype("timedelta64[s]")


def _at(days: np.ndarray, seconds) -> np.ndarray:
    """Date plus seconds after midnight, as datetime64[s]."""
    return days.astype("datetime64[D]").astype("datetime64[s]") + _secs(seconds)


def _hours(rng: np.random.Generator, n: int, start: float, end: float) -> np.ndarray:
    """Random times of day between two hours, in whole seconds."""
    return (rng.uniform(start, end, n) * 3600).astype(np.int64)


def _by_year_end(times: np.ndarray) -> np.ndarray:
    """Events after the year's last working hour have not happened yet (NaT)."""
    return np.where(times > CUTOFF, NAT, times)


def _day_weights(days: np.ndarray) -> np.ndarray:
    """How busy each day of 2025 is at the counter: working days, quieter around Tết and the merger."""
    saturday = (days.astype("datetime64[D]").view("int64") - 2) % 7 == 0
    w = np.is_busday(days, holidays=HOLIDAYS) + 0.02 * saturday

    def between(a: str, b: str) -> np.ndarray:
        """Days from a to b inclusive."""
        return (days >= np.datetime64(a)) & (days <= np.datetime64(b))

    w[between("2025-01-25", "2025-02-02")] = 0.0  # Tết break, Saturdays included
    w[between("2025-01-20", "2025-01-24")] *= 0.7
    w[between("2025-02-03", "2025-02-07")] *= 0.45
    w[between("2025-02-10", "2025-02-14")] *= 0.8
    w[between("2025-07-01", "2025-07-04")] *= 0.55  # the new commune's accounts being set up
    w[days >= MERGER] *= 1.12
    return w


def _kept(name: str, values: np.ndarray, keep: np.ndarray) -> pl.Series:
    """A text series with nulls where `keep` is False."""
    return pl.select(pl.when(pl.Series(keep)).then(pl.Series(values, dtype=pl.String)).alias(name)).to_series()


def _dt(values: np.ndarray) -> pl.Series:
    """datetime64[s] (NaT for none) as a Polars datetime series."""
    return pl.Series(values.astype("datetime64[us]"))


def _fees(rng: np.random.Generator, p: pl.DataFrame) -> np.ndarray:
    """Fee of each dossier in đồng: the procedure's, or 2,000/page (1,000 from the third) for copies."""
    pages = 1 + rng.poisson(1.6, p.height)
    per_page = 2000 * np.minimum(pages, 2) + 1000 * np.maximum(pages - 2, 0)
    return np.where(p["theo_trang"].to_numpy(), per_page, p["phi"].to_numpy()).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# Procedures
# ---------------------------------------------------------------------------------------------

@cache
def _procedures() -> pl.DataFrame:
    """The commune's procedures (2025), with what the generator needs to know of them."""
    cols = ["ma_tthc", "ten_tthc", "linh_vuc", "muc_do", "han", "phi", "trong_so", "co"]
    frame = pl.DataFrame(_table(PROCEDURES), schema=cols, orient="row")
    frame = frame.with_columns(pl.col("muc_do", "han").cast(pl.Int64), pl.col("trong_so").cast(pl.Float64))
    flag = pl.col("co").str.contains
    return frame.with_columns(
        theo_trang=pl.col("phi") == "p",
        phi=pl.col("phi").replace("p", "2000").cast(pl.Int64),
        moi=flag("N"),
        bai_bo=flag("A"),
        doanh_nghiep=flag("B"),
        mien=flag("X"),
        du_dieu_kien=pl.col("muc_do") == 4,
        di_dong=(pl.col("muc_do") == 4) & ~flag("m"),
        chua_dvcqg=flag("L"),
    )


# ---------------------------------------------------------------------------------------------
# Dossiers: their whole lives
# ---------------------------------------------------------------------------------------------

def _dossiers(rng: np.random.Generator, procs: pl.DataFrame) -> pl.DataFrame:
    """About 20,000 dossiers received in 2025, each with its whole life (events, flags, rating)."""
    days = np.arange("2025-01-01", "2026-01-01", dtype="datetime64[D]")
    w = _day_weights(days)
    n = int(rng.normal(20_000, 300))
    day = days[rng.choice(len(days), n, p=w / w.sum())]
    t_in = np.sort(_at(day, _hours(rng, n, 7.5, 16.75)))
    proc = _pick_procedures(rng, t_in.astype("datetime64[D]"), procs)
    p = procs[proc]
    field = p["linh_vuc"].to_numpy()
    level = p["muc_do"].to_numpy()
    params = np.array([FIELDS.get(f, FIELD_DEFAULT)[1:] for f in procs["linh_vuc"]])[proc]
    kenh = _channels(rng, level)
    due = _due(t_in, p["han"].to_numpy())
    times, values = _life(rng, t_in, due, params, (kenh == 2) & (level == 4), field)
    frame = pl.DataFrame({
        "ma_tthc": p["ma_tthc"], "ten_tthc": p["ten_tthc"], "linh_vuc": p["linh_vuc"], "muc_do": level,
        "kenh": kenh, "t_in": _dt(t_in), "t_due": _dt(due), **{k: _dt(v) for k, v in times.items()}, **values,
    })
    frame = frame.with_columns(_flags(rng, frame, p, params))
    return _identify(rng, frame)


def _pick_procedures(rng: np.random.Generator, day: np.ndarray, procs: pl.DataFrame) -> np.ndarray:
    """A procedure for each dossier among those in force on its day (transferred ones from 1/7)."""
    weight = procs["trong_so"].to_numpy()
    before = np.where(procs["moi"].to_numpy(), 0.0, weight)
    after = np.where(procs["bai_bo"].to_numpy(), 0.0, weight)
    early = day < MERGER
    out = np.empty(len(day), dtype=np.int64)
    out[early] = rng.choice(len(procs), early.sum(), p=before / before.sum())
    out[~early] = rng.choice(len(procs), (~early).sum(), p=after / after.sum())
    return out


def _channels(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    """Submission channel: online where the service allows it (mostly), a few by post."""
    p_online = np.select([level == 4, level == 3], [0.95, 0.45], 0.0)
    by_post = rng.random(len(level)) < 0.03
    return np.where(rng.random(len(level)) < p_online, 2, np.where(by_post, 3, 1)).astype(np.int64)


def _due(t_in: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Promised date: same day for same-day services received before 15:00, else n working days, 16:30."""
    day = t_in.astype("datetime64[D]")
    hour = (t_in - day.astype("datetime64[s]")).astype(np.int64) / 3600
    next_morning = (days == 0) & (hour >= 15)
    return _at(_busday(day, np.where(next_morning, 1, days)), np.where(next_morning, 10 * 3600, 16.5 * 3600))


def _processing(rng: np.random.Generator, t_in: np.ndarray, due: np.ndarray, params: np.ndarray,
                field: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """When processing ends (within the promised span, or some working days late) and whether late."""
    n = len(t_in)
    day, due_day = t_in.astype("datetime64[D]"), due.astype("datetime64[D]")
    span = np.busday_count(day, due_day, holidays=HOLIDAYS)
    late = rng.random(n) < params[:, 0]
    k = np.minimum(np.floor(span * rng.random(n) ** 1.6), span).astype(np.int64)
    delay = rng.integers(1, 9, n) + 6 * np.isin(field, SLOW_FIELDS)
    end_day = np.where(late, _busday(due_day, delay), _busday(day, k))
    lo = np.maximum(t_in + np.timedelta64(10, "m"), _at(end_day, 7.75 * 3600))
    close = _at(end_day, 16.75 * 3600)
    hi = np.where(late, close, np.minimum(close, due))
    return lo + _secs((hi - lo).astype(np.int64).clip(0) * rng.random(n)), late


def _returns(rng: np.random.Generator, t_in: np.ndarray, end: np.ndarray, electronic: np.ndarray) -> np.ndarray:
    """When results are handed over: at once when electronic, else on the day or a few days later."""
    n = len(end)
    wait = np.select([rng.random(n) < 0.6, rng.random(n) < 0.6], [0, 1], rng.integers(2, 6, n))
    base = np.where(np.isnat(end), t_in, end).astype("datetime64[D]")
    later = _at(_busday(base, wait), _hours(rng, n, 7.75, 16.75))
    ret = np.where(electronic | (wait == 0), end + _secs(rng.integers(60, 1800, n)), later)
    uncollected = ~electronic & (rng.random(n) < 0.025)
    return _by_year_end(np.where(np.isnat(end) | uncollected, NAT, ret))


def _life(rng: np.random.Generator, t_in: np.ndarray, due: np.ndarray, params: np.ndarray,
          electronic: np.ndarray, field: np.ndarray) -> tuple[dict, dict]:
    """Each dossier's final status and event times (NaT for what has not happened by year end)."""
    n = len(t_in)
    end, late = _processing(rng, t_in, due, params, field)
    u = rng.random(n)
    status = np.select([u < 0.004, u < 0.0075, u < 0.009], [3, 7, 8], 10)  # not accepted, withdrawn, stopped
    stuck = np.isin(field, SLOW_FIELDS) & (rng.random(n) < 0.006) & (t_in < np.datetime64("2025-11-20"))
    stuck &= status == 10  # waiting for another agency, still open at year end
    end = _by_year_end(np.where((status == 10) & ~stuck, end, NAT))
    stop = t_in + _secs((due - t_in).astype(np.int64) * rng.uniform(0.2, 0.9, n))
    stop = _by_year_end(np.where(np.isin(status, [7, 8]), stop, NAT))
    ret = _returns(rng, t_in, end, electronic)
    n_sup = np.select([rng.random(n) < params[:, 2], rng.random(n) < params[:, 1]], [2, 1], 0) * (status != 3)
    horizon = np.where(np.isnat(end), due, end)
    sup = t_in + _secs((horizon - t_in).astype(np.int64).clip(600) * rng.uniform(0.1, 0.5, n))
    sup = _by_year_end(np.where(n_sup > 0, sup, NAT))
    accepted = np.minimum(t_in + _secs(rng.integers(120, 3600, n)), CUTOFF)
    times = {"t_end": end, "t_ret": ret, "t_stop": stop, "t_sup": sup, "t_acc": accepted}
    return times, {"final": status, "n_sup": n_sup, "late": late & (status == 10)}


def _flags(rng: np.random.Generator, d: pl.DataFrame, p: pl.DataFrame, params: np.ndarray) -> list[pl.Series]:
    """Reuse, fee, online payment, rating, electronic handling and applicant type of each dossier."""
    n = d.height
    online = d["kenh"].to_numpy() == 2
    fee = _fees(rng, p)
    paid = np.where(online, rng.random(n) < 0.57, rng.random(n) < 0.05) & (fee > 0)
    rated = d["t_ret"].is_not_null().to_numpy() & (rng.random(n) < np.where(online, 0.5, 0.3))
    unhappy = np.where(d["late"].to_numpy(), 0.3, params[:, 4])
    r = rng.random(n)
    rating = np.where(r < unhappy, "Không hài lòng", np.where(r < unhappy + 0.56, "Rất hài lòng", "Hài lòng"))
    other = np.select([rng.random(n) < 0.004, rng.random(n) < 0.004], [3, 4], 1)
    who = np.where(p["doanh_nghiep"].to_numpy() & (rng.random(n) < 0.7), 2, other)
    return [
        pl.Series("phi_le_phi", fee),
        pl.Series("thanh_toan_truc_tuyen", np.where(paid, np.where(rng.random(n) < 0.55, 1, 2), 0)),
        _kept("danh_gia", rating, rated),
        pl.Series("tai_su_dung", (rng.random(n) < params[:, 3]).astype(np.int64)),
        pl.Series("xu_ly_truc_tuyen", (online | (rng.random(n) < 0.2)).astype(np.int64)),
        pl.Series("loai_doi_tuong", who.astype(np.int64)),
    ]


def _identify(rng: np.random.Generator, d: pl.DataFrame) -> pl.DataFrame:
    """Commune code, dossier code, handling unit, official and the owner's (fake) personal data."""
    n = d.height
    early = (d["t_in"] < datetime(2025, 7, 1)).to_numpy()
    pred = rng.choice(3, n, p=[0.4, 0.35, 0.25])
    codes, prefixes, names = (np.array(c) for c in zip(*PREDECESSORS))
    unit = d["linh_vuc"].replace_strict({f: v[0] for f, v in FIELDS.items()}, default=FIELD_DEFAULT[0]).to_numpy()
    unit = np.where(np.isin(d["linh_vuc"].to_numpy(), list(ECONOMIC)), "KT", unit)
    desk = np.where(early, codes[pred], unit)
    official = np.empty(n, dtype=object)
    for key, people in OFFICIALS.items():  # a loop over units, not over dossiers
        here = desk == key
        official[here] = np.array(people, dtype=object)[rng.integers(0, len(people), here.sum())]
    frame = d.with_columns(
        ma_xa=pl.Series(np.where(early, codes[pred], "KTD")),
        prefix=pl.Series(np.where(early, prefixes[pred], "G22.KTD")),
        don_vi=pl.Series(np.where(early, names[pred], pl.Series(unit).replace_strict(UNITS).to_numpy())),
        can_bo_xu_ly=pl.Series(official.astype(str)),
        he_thong=pl.when(pl.col("linh_vuc") == "Hộ tịch").then(pl.lit("Bộ ngành")).otherwise(pl.lit("Thành phố")),
    )
    seq = pl.int_range(1, pl.len() + 1).over("prefix", pl.col("t_in").dt.date()).cast(pl.String).str.zfill(4)
    frame = frame.with_columns(ma_ho_so=pl.format("{}-{}-{}", "prefix", pl.col("t_in").dt.strftime("%y%m%d"), seq))
    return frame.with_columns(_personal(rng, n)).drop("prefix")


def _personal(rng: np.random.Generator, n: int) -> list[pl.Series]:
    """Fake owner name, ID number, address, phone and e-mail (the readers must drop them)."""

    def pick(items: list[str]) -> pl.Series:
        """n random items."""
        return pl.Series(np.array(items)[rng.integers(0, len(items), n)])

    def digits(k: int) -> pl.Series:
        """n random k-digit strings."""
        return pl.Series(rng.integers(0, 10 ** k, n)).cast(pl.String).str.zfill(k)

    name = pick(SURNAMES) + " " + pick(MIDDLE) + " " + pick(GIVEN)
    plain = name.str.replace_all("[đĐ]", "d").str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")
    email = plain.str.to_lowercase().str.replace_all(" ", ".") + digits(3) + "@gmail.com"
    return [
        name.alias("chu_ho_so"),
        ("031" + pick(["0", "1", "2", "3"]) + digits(8)).alias("cccd"),
        (pick(VILLAGES) + ", xã Khúc Thừa Dụ, thành phố Hải Phòng").alias("dia_chi"),
        ("09" + digits(8)).alias("dien_thoai"),
        pl.select(pl.when(pl.Series(rng.random(n) < 0.4)).then(email)).to_series().alias("email"),
    ]


# ---------------------------------------------------------------------------------------------
# Dossiers: the national sync exports (CSV / JSON Lines)
# ---------------------------------------------------------------------------------------------

SYNC = {
    "MaHoSo": "ma_ho_so", "MaDonViHanhChinh": "ma_xa", "MaTTHC": "ma_tthc", "TenTTHC": "ten_tthc",
    "TenLinhVuc": "linh_vuc", "KenhThucHien": "kenh", "MucDo": "muc_do", "LoaiDoiTuong": "loai_doi_tuong",
    "ChuHoSo": "chu_ho_so", "SoGiayToChuHoSo": "cccd", "DiaChiChuHoSo": "dia_chi", "SoDienThoai": "dien_thoai",
    "Email": "email", "NgayTiepNhan": "t_in", "NgayHenTra": "t_due", "NgayKetThucXuLy": "ngay_ket_thuc",
    "NgayTra": "ngay_tra", "TrangThaiHoSo": "trang_thai", "SoLanBoSung": "so_lan_bo_sung", "HeThong": "he_thong",
    "TrangThaiDongBoDVC": "da_dong_bo", "HoSoCoThanhPhanSoHoa": "so_hoa_thanh_phan",
    "DuocTaiSuDung": "tai_su_dung", "DaSoHoaKetQua": "so_hoa_ket_qua", "CoKetQuaDienTu": "ket_qua_dien_tu",
    "XuLyTrucTuyen": "xu_ly_truc_tuyen", "TongPhiLePhi": "phi_le_phi",
    "DuocThanhToanTrucTuyen": "thanh_toan_truc_tuyen", "DanhGia": "danh_gia", "NgayCapNhat": "ngay_cap_nhat",
    "DonViXuLy": "don_vi", "NguoiXuLy": "can_bo_xu_ly",
}
JSONL_MONTHS = (4, 9)  # months the sync tool exported JSON Lines instead of CSV


def _month_end(month: int) -> datetime:
    """The last second of a month of 2025 (an export's cut)."""
    first_next = date(2025 + month // 12, month % 12 + 1, 1)
    return datetime.combine(first_next, datetime.min.time()) - timedelta(seconds=1)


def _state_at(d: pl.DataFrame, at: datetime) -> pl.DataFrame:
    """The dossiers received by `at` as the system showed them then (later events not yet happened)."""

    def seen(column: str) -> pl.Expr:
        """The event time if it happened by `at`."""
        return pl.when(pl.col(column) <= at).then(pl.col(column))

    end, ret = seen("t_end"), seen("t_ret")
    status = (
        pl.when(pl.col("final") == 3).then(3)
        .when(pl.col("final").is_in([7, 8]) & (pl.col("t_stop") <= at)).then(pl.col("final"))
        .when(end.is_not_null() & ret.is_not_null()).then(10)
        .when(end.is_not_null()).then(9)
        .when(pl.col("t_sup") <= at).then(5)
        .otherwise(4)
    )
    return d.filter(pl.col("t_in") <= at).with_columns(
        trang_thai=status,
        ngay_ket_thuc=end,
        ngay_tra=ret,
        so_lan_bo_sung=pl.when(pl.col("t_sup") <= at).then(pl.col("n_sup")).otherwise(0),
        ngay_cap_nhat=pl.max_horizontal("t_acc", seen("t_sup"), end, ret, seen("t_stop")),
        da_dong_bo=pl.lit(1),
        so_hoa_thanh_phan=pl.lit(1),
        so_hoa_ket_qua=end.is_not_null().cast(pl.Int64),
        ket_qua_dien_tu=end.is_not_null().cast(pl.Int64),
        danh_gia=pl.when(ret.is_not_null()).then(pl.col("danh_gia")),
    )


def _write_sync_exports(folder: Path, d: pl.DataFrame) -> list[Path]:
    """Monthly national-sync exports: the month's dossiers plus earlier ones whose status changed."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    before = pl.DataFrame(schema={"ma_ho_so": pl.String, "cn_before": pl.Datetime("us")})
    for month in range(1, 13):
        state = _state_at(d, _month_end(month))
        changed = pl.col("ngay_cap_nhat") > pl.col("cn_before")
        received = pl.col("t_in") >= datetime(2025, month, 1)
        rows = state.join(before, on="ma_ho_so", how="left").filter(received | changed)
        before = state.select("ma_ho_so", cn_before="ngay_cap_nhat")
        sync = rows.sort("ngay_cap_nhat").select(pl.col(v).alias(k) for k, v in SYNC.items())
        sync = sync.with_columns(pl.col(pl.Datetime).dt.strftime("%Y%m%d%H%M%S"))
        path = folder / f"dvcqg_2025-{month:02d}.{'jsonl' if month in JSONL_MONTHS else 'csv'}"
        if month in JSONL_MONTHS:
            sync.write_ndjson(path)
        else:
            sync.write_csv(path)
        files.append(path)
    return files


# ---------------------------------------------------------------------------------------------
# Workbook plumbing
# ---------------------------------------------------------------------------------------------

class _Book:
    """An xlsxwriter workbook with the few cell formats the exports use, and fixed metadata."""

    def __init__(self, path: Path):
        """Open the workbook at path (folders created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.wb = xlsxwriter.Workbook(str(path))
        self.wb.set_properties({"created": FIXED_TIME, "author": "UBND xã Khúc Thừa Dụ"})
        add = self.wb.add_format
        self.fmt = {
            "title": add({"bold": True, "align": "center"}),
            "note": add({"italic": True, "align": "center"}),
            "head": add({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}),
            "num": add({"italic": True, "align": "center", "border": 1}),
            "text": add({"border": 1}),
            "int": add({"border": 1, "num_format": "0"}),
            "amount": add({"border": 1, "num_format": "#,##0"}),
            "money": add({"border": 1, "num_format": "#,##0.000"}),
            "date": add({"border": 1, "num_format": "dd/mm/yyyy"}),
            "datetime": add({"border": 1, "num_format": "dd/mm/yyyy hh:mm:ss"}),
            "bold": add({"bold": True, "border": 1}),
            "sign": add({"bold": True, "align": "center"}),
        }

    def close(self) -> Path:
        """Write the file to disk and return its path."""
        self.wb.close()
        return self.path


def _merge(book: _Book, ws, r1: int, c1: int, r2: int, c2: int, text: str, fmt: str) -> None:
    """A merged cell, or a plain one when the range is a single cell."""
    if (r1, c1) == (r2, c2):
        ws.write_string(r1, c1, text, book.fmt[fmt])
    else:
        ws.merge_range(r1, c1, r2, c2, text, book.fmt[fmt])


def _write_header(book: _Book, ws, r: int, columns: list[tuple]) -> int:
    """Header row(s): columns sharing a title and having sub-titles form a merged group; the next row."""
    two = any(sub for _, sub, _, _ in columns)
    j = 0
    while j < len(columns):
        title, sub = columns[j][0], columns[j][1]
        k = j
        while sub and k + 1 < len(columns) and columns[k + 1][0] == title and columns[k + 1][1]:
            k += 1
        if sub:
            _merge(book, ws, r, j, r, k, title, "head")
            for c in range(j, k + 1):
                ws.write_string(r + 1, c, columns[c][1], book.fmt["head"])
        else:
            _merge(book, ws, r, j, r + two, j, title, "head")
        j = k + 1
    return r + 1 + two


def _sheet(book: _Book, name: str, titles: list[str], columns: list[tuple], footer: list[dict] | None = None,
           numbers: bool = False, extra_rows: list[list] | None = None) -> None:
    """One sheet: title rows, header (columns: title, sub-title, values, kind), numbers row, data, footer."""
    ws = book.wb.add_worksheet(name)
    for i, text in enumerate(titles):
        if text:
            _merge(book, ws, i, 0, i, len(columns) - 1, text, "title" if i < 3 else "note")
    r = _write_header(book, ws, len(titles), columns)
    if numbers:
        ws.write_row(r, 0, [f"({i + 1})" for i in range(len(columns))], book.fmt["num"])
        r += 1
    for c, (_, _, values, kind) in enumerate(columns):
        ws.write_column(r, c, values, book.fmt[kind])
        ws.set_column(c, c, 14 if kind in ("date", "datetime") else 18)
    r += max(len(v) for _, _, v, _ in columns)
    for row in extra_rows or []:
        ws.write_row(r, 0, row, book.fmt["bold"])
        r += 1
    for i, line in enumerate(footer or [], start=r + 1):
        for c, text in line.items():
            ws.write_string(i, c, text, book.fmt["sign"])


def _footer(day: date, cols: tuple[int, int], left: str = "Người lập biểu", right: str = "Thủ trưởng đơn vị",
            names: tuple[str, str] = ("Phạm Thị Lan", "Mạc Văn Long")) -> list[dict]:
    """Signature block in columns cols: date line, titles, (Ký, ghi rõ họ tên), space, names."""
    # At most one of the two columns may be a required column of the source, or the reader takes the
    # signature line for a data row.
    a, b = cols
    return [
        {b: f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"},
        {a: left, b: right},
        {a: "(Ký, ghi rõ họ tên)", b: "(Ký, ghi rõ họ tên, đóng dấu)"},
        {}, {},
        {a: names[0], b: names[1]},
    ]


def _vals(series: pl.Series) -> list:
    """A Polars series as Python values for xlsxwriter (None stays an empty cell)."""
    return series.to_list()


def _yes(series: pl.Series, yes: str = "x") -> list:
    """1/0 or True/False as a clerk types it: `x`/empty, or Có/Không."""
    return np.where(series.cast(pl.Boolean).fill_null(False).to_numpy(), yes, None if yes == "x" else "Không").tolist()


def _words(series: pl.Series, mapping: dict) -> list:
    """Codes as the words the one-stop system prints."""
    return series.replace_strict(mapping, default=None, return_dtype=pl.String).to_list()


def _some_text_dates(rng: np.random.Generator, series: pl.Series, share: float) -> list:
    """Excel date cells, with a share of them typed as text `dd/mm/yyyy HH:mm` (as clerks do)."""
    values = np.array(series.to_list(), dtype=object)
    pick = (rng.random(len(values)) < share) & series.is_not_null().to_numpy()
    values[pick] = series.dt.strftime("%d/%m/%Y %H:%M").to_numpy()[pick]
    return values.tolist()


# ---------------------------------------------------------------------------------------------
# Dossiers: the one-stop book and the paper book
# ---------------------------------------------------------------------------------------------

def _one_stop_columns(rows: pl.DataFrame, rng: np.random.Generator) -> list[tuple]:
    """The columns of the one-stop system's dossier book, in its order and words."""
    return [
        ("STT", None, list(range(1, rows.height + 1)), "int"),
        ("Mã hồ sơ", None, _vals(rows["ma_ho_so"]), "text"),
        ("Mã TTHC", None, _vals(rows["ma_tthc"]), "text"),
        ("Tên thủ tục", None, _vals(rows["ten_tthc"]), "text"),
        ("Lĩnh vực", None, _vals(rows["linh_vuc"]), "text"),
        ("Chủ hồ sơ", None, _vals(rows["chu_ho_so"]), "text"),
        ("Địa chỉ", None, _vals(rows["dia_chi"]), "text"),
        ("Kênh nộp", None, _words(rows["kenh"], KENH), "text"),
        ("Mức độ DVC", None, _words(rows["muc_do"], MUC_DO), "text"),
        ("Ngày", "tiếp nhận", _vals(rows["t_in"]), "datetime"),
        ("Ngày", "hẹn trả", _some_text_dates(rng, rows["t_due"], 0.04), "datetime"),
        ("Ngày", "kết thúc xử lý", _vals(rows["ngay_ket_thuc"]), "datetime"),
        ("Ngày", "trả kết quả", _some_text_dates(rng, rows["ngay_tra"], 0.05), "datetime"),
        ("Ngày", "cập nhật", _vals(rows["ngay_cap_nhat"]), "datetime"),
        ("Trạng thái", None, _words(rows["trang_thai"], TRANG_THAI), "text"),
        ("Số lần yêu cầu bổ sung", None, _vals(rows["so_lan_bo_sung"]), "int"),
        ("Hệ thống xử lý", None, _vals(rows["he_thong"]), "text"),
        ("Số hóa", "thành phần hồ sơ", _yes(rows["so_hoa_thanh_phan"]), "text"),
        ("Số hóa", "kết quả", _yes(rows["so_hoa_ket_qua"]), "text"),
        ("Tái sử dụng dữ liệu", None, _yes(rows["tai_su_dung"]), "text"),
        ("Kết quả điện tử", None, _yes(rows["ket_qua_dien_tu"]), "text"),
        ("Xử lý trên môi trường điện tử", None, _yes(rows["xu_ly_truc_tuyen"]), "text"),
        ("Đồng bộ DVCQG", None, _yes(rows["da_dong_bo"], "Có"), "text"),
        ("Phí, lệ phí (đồng)", None, _vals(rows["phi_le_phi"]), "amount"),
        ("Thanh toán trực tuyến", None, _words(rows["thanh_toan_truc_tuyen"], THANH_TOAN), "text"),
        ("Đánh giá", None, _vals(rows["danh_gia"]), "text"),
        ("Cơ quan giải quyết", None, _vals(rows["don_vi"]), "text"),
        ("Cán bộ xử lý", None, _vals(rows["can_bo_xu_ly"]), "text"),
    ]


def _write_one_stop_book(path: Path, d: pl.DataFrame, rng: np.random.Generator) -> Path:
    """The one-stop "Sổ theo dõi hồ sơ" of Q4 (Hộ tịch, Chứng thực), exported on 31/12/2025."""
    state = _state_at(d, _month_end(12))
    q4 = (pl.col("t_in") >= datetime(2025, 10, 1)) & pl.col("linh_vuc").is_in(["Hộ tịch", "Chứng thực"])
    rows = state.filter(q4).sort("t_in")
    book = _Book(path)
    titles = [UBND, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "SỔ THEO DÕI HỒ SƠ",
              "Lĩnh vực: Hộ tịch, Chứng thực - Từ ngày 01/10/2025 đến ngày 31/12/2025",
              "Ngày xuất: 31/12/2025", ""]
    total = [[f"Tổng số: {rows.height:,} hồ sơ".replace(",", ".")]]
    _sheet(book, "So theo doi", titles, _one_stop_columns(rows, rng), _footer(YEAR_END, (1, 25)),
           numbers=True, extra_rows=total)
    return book.close()


def _paper_dossiers(rng: np.random.Generator, procs: pl.DataFrame) -> pl.DataFrame:
    """Dossiers kept only in the paper book: mostly chứng thực while the new commune's accounts were set up."""
    n = int(rng.integers(38, 52))
    outage = np.array(["2025-03-12", "2025-10-21", "2025-10-21", "2025-11-05", "2025-12-09"], dtype="datetime64[D]")
    transition = _busday(np.full(n - len(outage), MERGER), rng.integers(0, 12, n - len(outage)))
    day = np.sort(np.concatenate([transition, outage]))
    copies = rng.random(n) < 0.78
    code = np.where(rng.random(n) < 0.8, np.where(copies, "2.000815", "2.000884"),
                    np.where(rng.random(n) < 0.5, "1.004873", "2.000635"))
    p = pl.DataFrame({"ma_tthc": code}).join(procs, on="ma_tthc", how="left", maintain_order="left")
    t_in = _at(day, _hours(rng, n, 7.5, 11.5))
    due = _due(t_in, p["han"].to_numpy())
    end = np.minimum(t_in + _secs(rng.integers(1200, 7200, n)), due)
    book = np.where(code == "2.000815", "SCT/BS", np.where(code == "2.000884", "SCT/CK", "STP/HT"))
    frame = pl.DataFrame({"_book": book, "t_in": _dt(t_in), "t_due": _dt(due), "t_end": _dt(end)})
    seq = pl.int_range(1, pl.len() + 1).over("_book").cast(pl.String).str.zfill(3)
    frame = frame.with_columns(ma_ho_so=pl.format("{}/2025/{}", seq, "_book")).drop("_book")
    return pl.concat([frame, p.select("ma_tthc", "ten_tthc", "linh_vuc", "muc_do")], how="horizontal").with_columns(
        phi_le_phi=pl.Series(_fees(rng, p)),
        chu_ho_so=_personal(rng, n)[0],
        can_bo_xu_ly=pl.Series(np.array(OFFICIALS["TT"][:3])[rng.integers(0, 3, n)]),
    )


def _write_paper_book(path: Path, paper: pl.DataFrame) -> Path:
    """The paper book transcribed to Excel: dossiers never entered in any system (`Sổ giấy`)."""
    n = paper.height
    book = _Book(path)
    titles = [UBND, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "SỔ THEO DÕI HỒ SƠ (SỔ GIẤY) NĂM 2025",
              "Hồ sơ chỉ ghi sổ giấy, chưa cập nhật trên Hệ thống thông tin giải quyết TTHC",
              "Tính đến ngày 31/12/2025", ""]
    columns = [
        ("STT", None, list(range(1, n + 1)), "int"),
        ("Số hồ sơ", None, _vals(paper["ma_ho_so"]), "text"),
        ("Mã TTHC", None, _vals(paper["ma_tthc"]), "text"),
        ("Tên thủ tục", None, _vals(paper["ten_tthc"]), "text"),
        ("Lĩnh vực", None, _vals(paper["linh_vuc"]), "text"),
        ("Họ tên người nộp", None, _vals(paper["chu_ho_so"]), "text"),
        ("Hình thức nộp", None, ["Trực tiếp"] * n, "text"),
        ("Mức độ DVC", None, _words(paper["muc_do"], MUC_DO), "text"),
        ("Ngày tiếp nhận", None, _vals(paper["t_in"].dt.date()), "date"),
        ("Ngày hẹn trả", None, _vals(paper["t_due"].dt.strftime("%d/%m/%Y %H:%M")), "text"),
        ("Ngày có kết quả", None, _vals(paper["t_end"].dt.date()), "date"),
        ("Ngày trả kết quả", None, _vals(paper["t_end"].dt.date()), "date"),
        ("Trạng thái", None, ["Đã trả kết quả"] * n, "text"),
        ("Hệ thống xử lý", None, ["Sổ giấy"] * n, "text"),
        ("Số hóa thành phần hồ sơ", None, ["x"] * n, "text"),
        ("Số hóa kết quả", None, ["x"] * n, "text"),
        ("Kết quả điện tử", None, ["x"] * n, "text"),
        ("Đồng bộ DVCQG", None, [None] * n, "text"),
        ("Phí, lệ phí (đồng)", None, _vals(paper["phi_le_phi"]), "amount"),
        ("Thanh toán trực tuyến", None, ["Không"] * n, "text"),
        ("Cơ quan giải quyết", None, [UNITS["TT"]] * n, "text"),
        ("Người xử lý", None, _vals(paper["can_bo_xu_ly"]), "text"),
        ("Ghi chú", None, ["Bản gốc lưu sổ giấy; bản sao điện tử cấp qua hệ thống chứng thực điện tử"] * n, "text"),
    ]
    _sheet(book, "So giay", titles, columns, _footer(YEAR_END, (1, 19)), numbers=True)
    return book.close()


# ---------------------------------------------------------------------------------------------
# Procedure catalogue snapshots
# ---------------------------------------------------------------------------------------------

CATALOGUE_DATES = [date(2025, 3, 31), date(2025, 6, 30), date(2025, 7, 31), date(2025, 9, 30), date(2025, 12, 15)]


def _catalogue_at(procs: pl.DataFrame, day: date) -> pl.DataFrame:
    """The catalogue as published at a date: transferred procedures listed once announced (June)."""
    frame = procs.with_row_index("_i")
    if day < date(2025, 6, 1):
        frame = frame.filter(~pl.col("moi"))
    if day >= date(2025, 9, 1):
        frame = frame.filter(~pl.col("bai_bo"))
    old_start = pl.date(2021, 1, 1) + pl.duration(days=(pl.col("_i") * 37) % 1200)
    announced = day >= date(2025, 6, 1)
    return frame.with_columns(
        hieu_luc_tu=pl.when(pl.col("moi")).then(pl.lit(date(2025, 7, 1))).otherwise(old_start),
        hieu_luc_den=pl.when(pl.col("bai_bo") & announced).then(pl.lit(date(2025, 7, 1))),
        cung_cap_tren_dvcqg=(pl.col("muc_do") >= 3) & ~(pl.col("chua_dvcqg") & (day < date(2025, 7, 20))),
    )


def _write_catalogues(folder: Path, procs: pl.DataFrame) -> list[Path]:
    """Procedure catalogue snapshots, each dated by `Tính đến ngày`."""
    files = []
    for day in CATALOGUE_DATES:
        c = _catalogue_at(procs, day)
        book = _Book(folder / f"danh_muc_tthc_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND XÃ",
                  f"Tính đến ngày {day:%d/%m/%Y}", ""]
        columns = [
            ("STT", None, list(range(1, c.height + 1)), "int"),
            ("Mã TTHC", None, _vals(c["ma_tthc"]), "text"),
            ("Tên thủ tục hành chính", None, _vals(c["ten_tthc"]), "text"),
            ("Lĩnh vực", None, _vals(c["linh_vuc"]), "text"),
            ("Mức độ DVC", None, _vals(c["muc_do"]), "int"),
            ("Đủ điều kiện toàn trình", None, _yes(c["du_dieu_kien"]), "text"),
            ("Cung cấp trên Cổng DVCQG", None, _yes(c["cung_cap_tren_dvcqg"]), "text"),
            ("Liên quan đến doanh nghiệp", None, _yes(c["doanh_nghiep"]), "text"),
            ("Không phụ thuộc địa giới hành chính", None, ["x"] * c.height, "text"),
            ("Thực hiện tại Trung tâm", None, _yes(~c["mien"]), "text"),
            ("Thuộc khoản 3 Điều 14 NĐ 118/2025", None, _yes(c["mien"]), "text"),
            ("Hỗ trợ thiết bị di động", None, _yes(c["di_dong"]), "text"),
            ("Có phí, lệ phí", None, _yes(c["phi"] > 0, "Có"), "text"),
            ("Hiệu lực từ", None, _vals(c["hieu_luc_tu"]), "date"),
            ("Hiệu lực đến", None, _vals(c["hieu_luc_den"]), "date"),
        ]
        _sheet(book, "Danh muc", titles, columns, _footer(day, (1, 12), right="Chủ tịch UBND xã"), numbers=True)
        files.append(book.close())
    return files


# ---------------------------------------------------------------------------------------------
# Petitions (Windows-1258 CSV)
# ---------------------------------------------------------------------------------------------

PETITION_FIELDS = ["Đất đai", "Xây dựng", "Môi trường", "Trật tự đô thị", "Giao thông", "Hộ tịch",
                   "Chính sách xã hội"]
PETITION_TEXT = {
    "Đất đai": "Đề nghị xem xét việc chậm giải quyết hồ sơ đất đai của gia đình",
    "Xây dựng": "Phản ánh việc xây dựng lấn chiếm hành lang đường liên thôn",
    "Môi trường": "Phản ánh rác thải tập kết không đúng nơi quy định, gây ô nhiễm",
    "Trật tự đô thị": "Phản ánh việc kinh doanh lấn chiếm vỉa hè khu chợ",
    "Giao thông": "Đề nghị sửa chữa mặt đường trục thôn bị hư hỏng",
    "Hộ tịch": "Phản ánh hướng dẫn thủ tục chưa rõ ràng, phải đi lại nhiều lần",
    "Chính sách xã hội": "Kiến nghị xem xét chế độ trợ cấp xã hội hàng tháng",
}


def _petitions(rng: np.random.Generator, d: pl.DataFrame) -> pl.DataFrame:
    """About 90 petitions; some name a dossier (often a late one); all handled by their deadline."""
    n_free, n_named = int(rng.integers(62, 75)), int(rng.integers(20, 27))
    days = _working_days("2025-01-02", "2025-12-31")
    counted = d.filter(pl.col("final") != 3)
    slow = counted["linh_vuc"].is_in(SLOW_FIELDS).to_numpy()
    weight = np.where(counted["late"].to_numpy(), 30.0, 1.0) * np.where(slow, 3.0, 1.0)
    named = counted[rng.choice(counted.height, n_named, replace=False, p=weight / weight.sum())]
    after = _busday(named["t_in"].dt.date().to_numpy(), rng.integers(3, 25, n_named))
    day = np.concatenate([days[rng.integers(0, len(days), n_free)], np.minimum(after, np.datetime64("2025-12-31"))])
    n = n_free + n_named
    field = np.concatenate([np.array(PETITION_FIELDS)[rng.integers(0, len(PETITION_FIELDS), n_free)],
                            named["linh_vuc"].to_numpy()])
    handled = _at(_busday(day, rng.integers(2, 10, n)), _hours(rng, n, 8, 16.5))
    dossier = np.concatenate([np.full(n_free, ""), named["ma_ho_so"].to_numpy()])
    frame = pl.DataFrame({
        "ngay_tiep_nhan": _dt(_at(day, _hours(rng, n, 7.75, 16.5))),
        "han_xu_ly": _dt(_at(_busday(day, 10), 17 * 3600)),
        "ngay_xu_ly": _dt(_by_year_end(handled)),
        "linh_vuc": field,
        "ma_ho_so": _kept("ma_ho_so", dossier, np.arange(n) >= n_free),
        "tu_choi": rng.random(n) < 0.05,
        "nguoi": _personal(rng, n)[0],
        "dien_thoai": _personal(rng, n)[3],
    }).sort("ngay_tiep_nhan")
    return frame.with_columns(
        ma_pakn=pl.format("PAKN.2025.{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(4)),
        noi_dung=pl.col("linh_vuc").replace_strict(PETITION_TEXT, default="Kiến nghị về giải quyết thủ tục hành chính"),
    )


@cache
def _cp1258_table() -> dict[int, str]:
    """Vietnamese letters Windows-1258 lacks precomposed, as base letter plus combining tone mark."""
    table = {}
    for cp in range(0xC0, 0x1EFA):  # a loop over the Latin letters, once
        ch = chr(cp)
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        candidate = base + "".join(c for c in parts if c in TONES)
        for text in (ch, candidate):
            try:
                text.encode("cp1258")
            except UnicodeEncodeError:
                continue
            if text != ch:
                table[cp] = text
            break
    return table


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 bytes, the way old Vietnamese Windows tools write it."""
    return unicodedata.normalize("NFC", text).translate(_cp1258_table()).encode("cp1258")


def _petition_csv(p: pl.DataFrame, at: datetime) -> bytes:
    """One export of the petition system as of `at` (later handling not yet happened)."""
    rows = p.filter(pl.col("ngay_tiep_nhan") <= at)
    done = pl.col("ngay_xu_ly") <= at
    status = pl.when(~done).then(pl.lit("Đang xử lý")).when(pl.col("tu_choi")).then(pl.lit("Từ chối"))
    table = rows.select(
        pl.int_range(1, pl.len() + 1).alias("STT"),
        pl.col("ma_pakn").alias("Mã PAKN"),
        pl.col("ngay_tiep_nhan").dt.strftime("%d/%m/%Y %H:%M").alias("Ngày tiếp nhận"),
        pl.col("nguoi").alias("Người phản ánh"),
        pl.col("dien_thoai").alias("Số điện thoại"),
        pl.col("noi_dung").alias("Nội dung phản ánh"),
        pl.col("linh_vuc").alias("Lĩnh vực"),
        pl.col("ma_ho_so").alias("Mã hồ sơ"),
        pl.col("han_xu_ly").dt.strftime("%d/%m/%Y").alias("Hạn xử lý"),
        pl.when(done).then(pl.col("ngay_xu_ly").dt.strftime("%d/%m/%Y %H:%M")).alias("Ngày xử lý"),
        status.otherwise(pl.lit("Đã xử lý")).alias("Trạng thái"),
    )
    head = f"DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ NĂM 2025\r\nNgày xuất: {at:%d/%m/%Y}\r\n"
    return _cp1258(head + table.write_csv(line_terminator="\r\n"))


def _write_petitions(folder: Path, p: pl.DataFrame) -> list[Path]:
    """A half-year export and the year-end export of the petition system, in Windows-1258."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for at in (datetime(2025, 6, 30, 17, 0), datetime(2025, 12, 31, 17, 30)):
        path = folder / f"pakn_{at:%Y-%m-%d}.csv"
        path.write_bytes(_petition_csv(p, at))
        files.append(path)
    return files


# ---------------------------------------------------------------------------------------------
# Disbursement reports
# ---------------------------------------------------------------------------------------------

# code | name | capital group | khởi công mới (1) | plan (triệu đồng) | share disbursed at 31/12 | first month listed
PROJECTS = _table("""
7985301|Cải tạo, nâng cấp đường trục xã đoạn từ thôn An Lạc đến thôn Phú Xá|I|0|9800|1.0|1
7985302|Xây dựng nhà văn hóa thôn Đông|I|0|2150|1.0|1
7985303|Cải tạo, mở rộng Trường mầm non xã (điểm trường thôn Hạ)|I|0|4500|0.97|1
7991206|Nâng cấp hệ thống thoát nước khu dân cư thôn Nam Hưng|I|1|5400|0.66|3
7991208|Lắp đặt hệ thống camera giám sát an ninh trật tự trên địa bàn xã|I|1|1500|1.0|4
7985304|Kiên cố hóa kênh mương nội đồng tuyến kênh T3|II|0|3200|0.95|1
7991205|Cải tạo trụ sở làm việc Trung tâm Phục vụ hành chính công xã|II|1|6500|0.78|7
7991207|Xây dựng sân thể thao trung tâm xã|II|1|3000|0.42|5
""")
GROUPS = {"I": ("I. Vốn ngân sách xã", "Ngân sách xã"),
          "II": ("II. Vốn ngân sách thành phố hỗ trợ có mục tiêu", "Ngân sách thành phố hỗ trợ")}
CURVE = np.array([0.03, 0.06, 0.11, 0.17, 0.24, 0.33, 0.40, 0.48, 0.57, 0.66, 0.77, 1.0])
STALLED = "7991207"  # the sports ground: site clearance


def _disbursed(rng: np.random.Generator) -> np.ndarray:
    """Cumulative disbursement (triệu đồng) per project (rows) and month (columns), never decreasing."""
    plan = np.array([float(p[4]) for p in PROJECTS])
    share = np.array([float(p[5]) for p in PROJECTS])
    first = np.array([int(p[6]) for p in PROJECTS])
    curve = CURVE * rng.uniform(0.85, 1.15, (len(PROJECTS), 12))
    curve = np.maximum.accumulate(np.where(np.arange(12) < first[:, None] - 1, 0.0, curve), axis=1)
    curve = np.minimum(curve / curve[:, -1:], 1.0)
    return np.round(curve * (share * plan)[:, None], 3)


def _disbursement_rows(done: np.ndarray, month: int) -> list[list]:
    """The report's rows: group headings, sub-groups with their projects and `Cộng`, then `Tổng cộng`."""
    rows, total_plan, total_done = [], 0.0, 0.0
    for g, (heading, source) in GROUPS.items():
        rows.append([None, None, heading] + [None] * 6)
        for s, (new, label) in enumerate([("0", "Dự án chuyển tiếp"), ("1", "Dự án khởi công mới")], start=1):
            members = [i for i, p in enumerate(PROJECTS) if p[2] == g and p[3] == new and int(p[6]) <= month]
            if not members:
                continue
            rows.append([str(s), None, label] + [None] * 6)
            for k, i in enumerate(members, start=1):
                code, name, plan = PROJECTS[i][0], PROJECTS[i][1], float(PROJECTS[i][4])
                note = "Vướng giải phóng mặt bằng" if code == STALLED and month >= 6 else None
                ratio = round(100 * done[i] / plan, 1)
                rows.append([f"{s}.{k}", code, name, "UBND xã Khúc Thừa Dụ", source, plan, float(done[i]), ratio, note])
            plan_sum = sum(float(PROJECTS[i][4]) for i in members)
            done_sum = float(sum(done[i] for i in members))
            rows.append([None, None, "Cộng", None, None, round(plan_sum, 3), round(done_sum, 3), None, None])
            total_plan, total_done = total_plan + plan_sum, total_done + done_sum
    ratio = round(100 * total_done / total_plan, 1)
    rows.append([None, None, "Tổng cộng", None, None, round(total_plan, 3), round(total_done, 3), ratio, None])
    return rows


def _write_disbursement(folder: Path, rng: np.random.Generator) -> list[Path]:
    """Monthly disbursement reports Jan–Dec in triệu đồng: headings, subtotals and a totals row."""
    amounts = _disbursed(rng)
    heads = [("STT", "text"), ("Mã dự án", "text"), ("Tên dự án", "text"), ("Chủ đầu tư", "text"),
             ("Nguồn vốn", "text"), ("Kế hoạch vốn năm 2025", "money"), ("Lũy kế giải ngân từ đầu năm", "money"),
             ("Tỷ lệ giải ngân (%)", "money"), ("Ghi chú", "text")]
    files = []
    for m in range(1, 13):
        day = _month_end(m).date()
        rows = _disbursement_rows(amounts[:, m - 1], m)
        book = _Book(folder / f"giai_ngan_2025-{m:02d}.xlsx")
        titles = [UBND, "BÁO CÁO TÌNH HÌNH THỰC HIỆN VÀ GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2025",
                  f"Tính đến ngày {day:%d/%m/%Y}", "Đơn vị tính: triệu đồng", ""]
        columns = [(t, None, [r[i] for r in rows], kind) for i, (t, kind) in enumerate(heads)]
        signed = min(day + timedelta(days=3), YEAR_END)
        footer = _footer(signed, (3, 7), right="Chủ tịch UBND xã", names=("Ngô Thị Mai", "Nguyễn Văn Hùng"))
        _sheet(book, "Giai ngan", titles, columns, footer, numbers=True)
        files.append(book.close())
    return files


# ---------------------------------------------------------------------------------------------
# E-office: incoming documents, work files, city tasks
# ---------------------------------------------------------------------------------------------

# issuer | level | symbol suffix | weight
AUTHORS = _table("""
UBND thành phố Hải Phòng|Thành phố|UBND-VP|22
Văn phòng UBND thành phố|Thành phố|VP-TH|8
Sở Nội vụ thành phố Hải Phòng|Thành phố|SNV-CCVC|8
Sở Tài chính|Thành phố|STC-QLNS|6
Sở Tư pháp|Thành phố|STP-HCTP|5
Sở Nông nghiệp và Môi trường|Thành phố|SNNMT-QLĐĐ|6
Sở Văn hóa, Thể thao và Du lịch|Thành phố|SVHTTDL-QLVH|3
Sở Y tế|Thành phố|SYT-NV|3
Công an thành phố|Thành phố|CATP-PV01|2
Thành ủy Hải Phòng|Thành phố|TU|3
Đảng ủy xã Khúc Thừa Dụ|Xã|ĐU|8
HĐND xã Khúc Thừa Dụ|Xã|HĐND|3
Ủy ban MTTQ Việt Nam xã|Xã|MTTQ|2
Bảo hiểm xã hội cơ sở|Khác|BHXH|2
Kho bạc Nhà nước khu vực|Khác|KBNN|2
""")
DOC_TYPES = ["Công văn", "Kế hoạch", "Quyết định", "Thông báo", "Giấy mời", "Báo cáo", "Hướng dẫn"]
DOC_TOPICS = ["triển khai công tác cải cách hành chính", "tăng cường quản lý đất đai", "phòng, chống thiên tai",
              "thực hiện chính sách an sinh xã hội", "chuyển đổi số và Đề án 06", "công tác thi đua, khen thưởng",
              "bảo đảm an ninh trật tự", "thu, chi ngân sách", "giải ngân vốn đầu tư công", "vệ sinh môi trường",
              "tổ chức bộ máy sau sắp xếp", "tiếp công dân, giải quyết khiếu nại"]
# Central legal normative documents: symbol | type | title | day received (the issuer follows from the symbol)
CENTRAL_LAWS = _table("""
72/2025/QH15|Luật|Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật|2025-02-27
118/2025/NĐ-CP|Nghị định|Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông|2025-06-13
150/2025/NĐ-CP|Nghị định|Nghị định quy định tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh, cấp xã|2025-06-16
151/2025/NĐ-CP|Nghị định|Nghị định phân định thẩm quyền của chính quyền địa phương 02 cấp lĩnh vực đất đai|2025-06-16
120/2025/NĐ-CP|Nghị định|Nghị định phân định thẩm quyền của chính quyền địa phương 02 cấp lĩnh vực tư pháp|2025-06-17
170/2025/NĐ-CP|Nghị định|Nghị định quy định về tuyển dụng, sử dụng và quản lý công chức|2025-07-02
178/2025/NĐ-CP|Nghị định|Nghị định về chính sách, chế độ đối với cán bộ, công chức khi sắp xếp tổ chức bộ máy|2025-07-04
04/2025/TT-BNV|Thông tư|Thông tư hướng dẫn về vị trí việc làm công chức ở cấp xã|2025-07-15
10/2025/TT-BTP|Thông tư|Thông tư hướng dẫn thực hiện thủ tục đăng ký hộ tịch trực tuyến|2025-08-11
25/2025/TT-BTC|Thông tư|Thông tư quy định quản lý, sử dụng kinh phí thực hiện nhiệm vụ cải cách hành chính|2025-09-08
273/2025/NĐ-CP|Nghị định|Nghị định về xử phạt vi phạm hành chính trong lĩnh vực đất đai|2025-10-20
301/2025/NĐ-CP|Nghị định|Nghị định quy định về quản lý, sử dụng tài sản công tại cơ quan nhà nước cấp xã|2025-11-24
35/2025/TT-BNV|Thông tư|Thông tư hướng dẫn đánh giá, xếp loại chất lượng cán bộ, công chức cấp xã|2025-12-15
""")
ISSUERS = {"QH15": "Quốc hội", "CP": "Chính phủ", "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp", "BTC": "Bộ Tài chính"}
DEPARTMENTS = ["Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
               "Trung tâm Phục vụ hành chính công", "Trung tâm Văn hóa, Thể thao và Truyền thông"]


def _documents(rng: np.random.Generator) -> pl.DataFrame:
    """The year's incoming documents in order of arrival, central legal documents among them."""
    days = _working_days("2025-01-02", "2026-01-01")
    n = int(rng.integers(1750, 1900))
    day = days[rng.integers(0, len(days), n)]
    weights = np.array([float(a[3]) for a in AUTHORS])
    author = np.array(AUTHORS)[rng.choice(len(AUTHORS), n, p=weights / weights.sum())]
    kind = np.array(DOC_TYPES)[rng.choice(len(DOC_TYPES), n, p=[0.45, 0.12, 0.1, 0.1, 0.12, 0.06, 0.05])]
    topic = np.array(DOC_TOPICS)[rng.integers(0, len(DOC_TOPICS), n)]
    has_deadline = rng.random(n) < 0.4
    allowed = rng.integers(3, 20, n)
    due = _busday(day, allowed)
    finish = _busday(day, np.minimum(rng.integers(1, 15, n), allowed))
    finish = np.where(rng.random(n) < 0.04, _busday(due, rng.integers(1, 6, n)), finish)  # a few handled late
    finish = np.where(~has_deadline & (rng.random(n) < 0.25), np.datetime64("NaT"), finish)  # for information
    secret = np.where(rng.random(n) < 0.015, "Mật", "Thường")
    frame = pl.DataFrame({
        "ngay_den": day, "tac_gia": author[:, 0], "cap_ban_hanh": author[:, 1],
        "so_ky_hieu": pl.Series(rng.integers(12, 4800, n)).cast(pl.String) + "/" + pl.Series(author[:, 2]),
        "ngay_van_ban": day - rng.integers(0, 5, n).astype("timedelta64[D]"),
        "loai_van_ban": kind, "trich_yeu": pl.Series(kind) + " về việc " + pl.Series(topic),
        "la_vbqppl": np.zeros(n, bool), "han_xu_ly": np.where(has_deadline, due, np.datetime64("NaT")),
        "ngay_hoan_thanh": np.where(finish > np.datetime64("2025-12-31"), np.datetime64("NaT"), finish),
        "don_vi_xu_ly_chinh": np.array(DEPARTMENTS)[rng.integers(0, len(DEPARTMENTS), n)],
        "do_mat": _kept("do_mat", secret, (secret == "Mật") | (rng.random(n) < 0.5)),
    })
    laws = _central_laws(rng).select(frame.columns)
    return pl.concat([frame, laws], how="vertical_relaxed").sort("ngay_den", "so_ky_hieu").with_columns(
        so_den=pl.int_range(1, pl.len() + 1).cast(pl.String)
    )


def _central_laws(rng: np.random.Generator) -> pl.DataFrame:
    """Central legal normative documents, each deployed (plan or guidance issued) by its deadline."""
    n = len(CENTRAL_LAWS)
    day = np.array([x[3] for x in CENTRAL_LAWS], dtype="datetime64[D]")
    return pl.DataFrame({
        "ngay_den": day,
        "tac_gia": [ISSUERS[x[0].split("/")[-1].split("-")[-1]] for x in CENTRAL_LAWS],
        "cap_ban_hanh": ["Trung ương"] * n,
        "so_ky_hieu": [x[0] for x in CENTRAL_LAWS],
        "ngay_van_ban": day - rng.integers(10, 40, n).astype("timedelta64[D]"),
        "loai_van_ban": [x[1] for x in CENTRAL_LAWS],
        "trich_yeu": [x[2] for x in CENTRAL_LAWS],
        "la_vbqppl": np.ones(n, bool),
        "han_xu_ly": _busday(day, 15),
        "ngay_hoan_thanh": _busday(day, rng.integers(4, 14, n)),
        "don_vi_xu_ly_chinh": ["Văn phòng HĐND và UBND xã"] * n,
        "do_mat": ["Thường"] * n,
    })


def _write_documents(folder: Path, rng: np.random.Generator) -> list[Path]:
    """The incoming-document register exported at mid-year and at year end."""
    docs = _documents(rng)
    files = []
    for day in (date(2025, 6, 30), YEAR_END):
        rows = docs.filter(pl.col("ngay_den") <= day).with_columns(
            ngay_hoan_thanh=pl.when(pl.col("ngay_hoan_thanh") <= day).then(pl.col("ngay_hoan_thanh"))
        )
        book = _Book(folder / f"so_van_ban_den_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", f"Từ ngày 01/01/2025 đến ngày {day:%d/%m/%Y}",
                  f"Ngày xuất: {day:%d/%m/%Y}", ""]
        columns = [
            ("Số đến", None, _vals(rows["so_den"]), "text"),
            ("Ngày đến", None, _vals(rows["ngay_den"]), "date"),
            ("Tác giả", None, _vals(rows["tac_gia"]), "text"),
            ("Số, ký hiệu", None, _vals(rows["so_ky_hieu"]), "text"),
            ("Ngày văn bản", None, _vals(rows["ngay_van_ban"]), "date"),
            ("Loại văn bản", None, _vals(rows["loai_van_ban"]), "text"),
            ("Trích yếu nội dung", None, _vals(rows["trich_yeu"]), "text"),
            ("Văn bản QPPL", None, _yes(rows["la_vbqppl"]), "text"),
            ("Cấp ban hành", None, _vals(rows["cap_ban_hanh"]), "text"),
            ("Đơn vị xử lý chính", None, _vals(rows["don_vi_xu_ly_chinh"]), "text"),
            ("Hạn xử lý", None, _vals(rows["han_xu_ly"]), "date"),
            ("Ngày hoàn thành", None, _vals(rows["ngay_hoan_thanh"]), "date"),
            ("Độ mật", None, _vals(rows["do_mat"]), "text"),
        ]
        _sheet(book, "So van ban den", titles, columns, numbers=True)
        files.append(book.close())
    return files


def _write_work_files(path: Path, rng: np.random.Generator) -> Path:
    """E-office work files up to 15/10/2025 as Excel "Unicode text" (UTF-16, tabs): the stale source."""
    days = _working_days("2025-01-02", "2025-10-16")
    n = int(rng.integers(2200, 2500))
    day = np.sort(days[rng.integers(0, len(days), n)])
    month = day.astype("datetime64[M]").astype(np.int64) % 12
    online = rng.random(n) < 0.735 + 0.005 * month  # rising from ~73% to ~78%
    secret = np.select([rng.random(n) < 0.025, rng.random(n) < 0.004], ["Mật", "Tối mật"], "")
    secret = np.where((secret == "") & (rng.random(n) < 0.5), "Thường", secret)  # often left empty
    unit = np.where(day < MERGER, np.array([x[2] for x in PREDECESSORS])[rng.integers(0, 3, n)],
                    np.array(DEPARTMENTS)[rng.integers(0, len(DEPARTMENTS), n)])
    closed = (day < np.datetime64("2025-09-15")) & (rng.random(n) < 0.85)
    table = pl.DataFrame({
        "Mã hồ sơ công việc": "HSCV.2025." + pl.Series(np.arange(1, n + 1)).cast(pl.String).str.zfill(5),
        "Tiêu đề": "Hồ sơ " + pl.Series(np.array(DOC_TOPICS)[rng.integers(0, len(DOC_TOPICS), n)]),
        "Đơn vị": unit,
        "Ngày mở hồ sơ": pl.Series(day).dt.strftime("%d/%m/%Y"),
        "Xử lý trên môi trường mạng": np.where(online, "Có", "Không"),
        "Độ mật": secret,
        "Trạng thái": np.where(closed, "Đã kết thúc", "Đang xử lý"),
    })
    titles = ["HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "DANH SÁCH HỒ SƠ CÔNG VIỆC", "Ngày xuất: 15/10/2025"]
    head = "".join(t + "\t" * (table.width - 1) + "\r\n" for t in titles)
    body = table.write_csv(separator="\t", line_terminator="\r\n", quote_style="never")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((head + body).encode("utf-16"))
    return path


# Tasks with a fixed fate: content | assigned by | lead | day assigned | days allowed | ok / late / open
TASKS = _table("""
Triển khai Kế hoạch cải cách hành chính năm 2025 của thành phố|UBND thành phố|VHXH|2025-01-08|20|ok
Rà soát, thống kê trụ sở, nhà đất dôi dư sau sắp xếp đơn vị hành chính|Chủ tịch UBND thành phố|KT|2025-07-25|21|late
Hoàn thành số hóa hồ sơ địa chính, cơ sở dữ liệu đất đai trên địa bàn xã|UBND thành phố|KT|2025-10-15|45|open
""")
TASK_TOPICS = _table("""
Báo cáo kết quả thực hiện Đề án 06 trên địa bàn xã|VP
Rà soát danh mục TTHC thực hiện tại Trung tâm Phục vụ hành chính công|TTPVHCC
Kiểm tra công tác phòng, chống thiên tai và tìm kiếm cứu nạn|KT
Tổng hợp kết quả giải ngân vốn đầu tư công|KT
Tổ chức tuyên truyền về chính quyền địa phương 02 cấp|TTVHTTTT
Rà soát đối tượng bảo trợ xã hội sau sắp xếp|VHXH
Báo cáo tình hình tổ chức bộ máy, biên chế sau sắp xếp|VHXH
Xây dựng kế hoạch chuyển đổi số năm 2025|VHXH
Kiểm tra an toàn thực phẩm dịp Tết và lễ hội|VHXH
Rà soát, bàn giao hồ sơ, tài liệu của các xã cũ|VP
""")
DEPT_NAMES = {"VP": "Văn phòng HĐND và UBND xã", "KT": "Phòng Kinh tế", "VHXH": "Phòng Văn hóa - Xã hội",
              "TTPVHCC": "Trung tâm Phục vụ hành chính công",
              "TTVHTTTT": "Trung tâm Văn hóa, Thể thao và Truyền thông"}


def _tasks(rng: np.random.Generator) -> pl.DataFrame:
    """About 40 city tasks: one finished late, one overdue at year end, the rest on time or not yet due."""
    days = _working_days("2025-01-06", "2025-12-20")
    n = int(rng.integers(36, 44))
    day = np.sort(days[rng.integers(0, len(days), n)])
    allowed = rng.integers(10, 45, n)
    finish = day + (allowed * rng.uniform(0.4, 1.0, n)).astype(np.int64).astype("timedelta64[D]")
    fixed_day = np.array([t[3] for t in TASKS], dtype="datetime64[D]")
    fixed_allowed = np.array([int(t[4]) for t in TASKS])
    fate = np.array([t[5] for t in TASKS])
    fixed_finish = np.where(fate == "late", fixed_day + fixed_allowed + 8, fixed_day + fixed_allowed - 5)
    topic = np.array(TASK_TOPICS)[rng.integers(0, len(TASK_TOPICS), n)]
    frame = pl.DataFrame({
        "noi_dung": np.concatenate([topic[:, 0], [t[0] for t in TASKS]]),
        "co_quan_giao": np.concatenate([np.where(rng.random(n) < 0.7, "UBND thành phố", "Chủ tịch UBND thành phố"),
                                        [t[1] for t in TASKS]]),
        "don_vi": np.concatenate([topic[:, 1], [t[2] for t in TASKS]]),
        "ngay_giao": np.concatenate([day, fixed_day]),
        "han_hoan_thanh": np.concatenate([day + allowed, fixed_day + fixed_allowed]),
        "ngay_hoan_thanh": np.concatenate([finish, np.where(fate == "open", np.datetime64("NaT"), fixed_finish)]),
    }).sort("ngay_giao")
    return frame.with_columns(
        ma_nhiem_vu=pl.format("NV.2025.{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(3)),
        don_vi=pl.col("don_vi").replace_strict(DEPT_NAMES),
        ngay_hoan_thanh=pl.when(pl.col("ngay_hoan_thanh") <= YEAR_END).then(pl.col("ngay_hoan_thanh")),
    )


def _write_tasks(path: Path, rng: np.random.Generator) -> Path:
    """The e-office tracker's list of tasks assigned by the city, exported 31/12/2025."""
    t = _tasks(rng)
    book = _Book(path)
    titles = [UBND, "THEO DÕI NHIỆM VỤ UBND THÀNH PHỐ, CHỦ TỊCH UBND THÀNH PHỐ GIAO", "Ngày xuất: 31/12/2025", ""]
    columns = [
        ("STT", None, list(range(1, t.height + 1)), "int"),
        ("Mã nhiệm vụ", None, _vals(t["ma_nhiem_vu"]), "text"),
        ("Nội dung nhiệm vụ", None, _vals(t["noi_dung"]), "text"),
        ("Cơ quan giao", None, _vals(t["co_quan_giao"]), "text"),
        ("Ngày giao", None, _vals(t["ngay_giao"]), "date"),
        ("Hạn hoàn thành", None, _vals(t["han_hoan_thanh"]), "date"),
        ("Ngày hoàn thành", None, _vals(t["ngay_hoan_thanh"]), "date"),
        ("Đơn vị chủ trì", None, _vals(t["don_vi"]), "text"),
    ]
    _sheet(book, "Nhiem vu", titles, columns, numbers=True)
    return book.close()


# ---------------------------------------------------------------------------------------------
# Periodic reports (UTF-8 with BOM, semicolons)
# ---------------------------------------------------------------------------------------------

# code | name | period | due (dd/mm/yyyy), besides the monthly socio-economic reports
REPORTS = _table("""
BC.CCHC.2025.Q1|Báo cáo công tác cải cách hành chính quý I/2025|Quý I/2025|15/03/2025
BC.CCHC.2025.6T|Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2025|6 tháng/2025|15/06/2025
BC.CCHC.2025.Q3|Báo cáo công tác cải cách hành chính quý III/2025|Quý III/2025|15/09/2025
BC.CCHC.2025.NAM|Báo cáo công tác cải cách hành chính năm 2025|Năm 2025|15/12/2025
BC.KTXH.2025.6T|Báo cáo kết quả thực hiện nhiệm vụ kinh tế - xã hội 6 tháng đầu năm 2025|6 tháng/2025|20/06/2025
BC.KTXH.2025.NAM|Báo cáo kết quả thực hiện nhiệm vụ kinh tế - xã hội năm 2025|Năm 2025|20/12/2025
BC.DTC.2025.Q2|Báo cáo tình hình thực hiện kế hoạch đầu tư công quý II/2025|Quý II/2025|05/07/2025
BC.DTC.2025.Q3|Báo cáo tình hình thực hiện kế hoạch đầu tư công quý III/2025|Quý III/2025|05/10/2025
BC.DTC.2025.Q4|Báo cáo tình hình thực hiện kế hoạch đầu tư công quý IV/2025|Quý IV/2025|05/01/2026
BC.TK.2025.NAM|Báo cáo thống kê chính thức năm 2025|Năm 2025|15/01/2026
""")


def _reports() -> pl.DataFrame:
    """Reports due to the city: those due in 2025 sent on time through the reporting system."""
    monthly = [[f"BC.KTXH.2025.{m:02d}", f"Báo cáo tình hình kinh tế - xã hội tháng {m:02d}/2025",
                f"Tháng {m:02d}/2025", f"18/{m:02d}/2025"] for m in range(1, 13)]
    rows = monthly + REPORTS
    due = np.array([_dmy(r[3]) for r in rows], dtype="datetime64[D]")
    lead = np.arange(len(rows)) % 3 + 1  # one to three working days early
    sent = np.busday_offset(due, -lead, roll="backward", holidays=HOLIDAYS)
    sent = np.where(due <= np.datetime64(YEAR_END), sent, np.datetime64("NaT"))
    return pl.DataFrame({
        "Mã báo cáo": [r[0] for r in rows], "Tên báo cáo": [r[1] for r in rows], "Kỳ báo cáo": [r[2] for r in rows],
        "Hạn gửi": due, "Ngày gửi": sent,
        "Kênh gửi": _kept("Kênh gửi", np.full(len(rows), "Hệ thống báo cáo"), ~np.isnat(sent)),
    }).sort("Hạn gửi")


def _write_reports(path: Path) -> Path:
    """The periodic-report register as CSV UTF-8 with BOM, semicolon-separated, dates dd/mm/yyyy."""
    table = _reports().with_columns(pl.col(pl.Date).dt.strftime("%d/%m/%Y"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(table.write_csv(separator=";", line_terminator="\r\n").encode("utf-8-sig"))
    return path


# ---------------------------------------------------------------------------------------------
# Organisation, staff, attestations
# ---------------------------------------------------------------------------------------------

# code | name | type | quota | headcount at 01/07 | headcount at 15/12 | decision on functions
ORGANISATION = _table("""
VP|Văn phòng HĐND và UBND xã|Cơ quan chuyên môn|12|12|11|05/QĐ-UBND
KT|Phòng Kinh tế|Cơ quan chuyên môn|9|9|9|06/QĐ-UBND
VHXH|Phòng Văn hóa - Xã hội|Cơ quan chuyên môn|9|8|9|07/QĐ-UBND
TTPVHCC|Trung tâm Phục vụ hành chính công|Tổ chức hành chính|7|7|6|08/QĐ-UBND
TTVHTTTT|Trung tâm Văn hóa, Thể thao và Truyền thông|Đơn vị sự nghiệp công lập|6|6|6|09/QĐ-UBND
""")


def _write_organisation(folder: Path) -> list[Path]:
    """Organisation snapshots: the new commune's structure at 01/07/2025 and at 15/12/2025."""
    files = []
    n = len(ORGANISATION)
    for day, col in ((date(2025, 7, 1), 4), (date(2025, 12, 15), 5)):
        book = _Book(folder / f"to_chuc_bo_may_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "DANH SÁCH CƠ QUAN, ĐƠN VỊ THUỘC UBND XÃ", f"Tính đến ngày {day:%d/%m/%Y}", ""]
        columns = [
            ("STT", None, list(range(1, n + 1)), "int"),
            ("Mã đơn vị", None, [u[0] for u in ORGANISATION], "text"),
            ("Tên đơn vị", None, [u[1] for u in ORGANISATION], "text"),
            ("Loại đơn vị", None, [u[2] for u in ORGANISATION], "text"),
            ("Sắp xếp đúng quy định", None, ["Có"] * n, "text"),
            ("Biên chế được giao", None, [int(u[3]) for u in ORGANISATION], "int"),
            ("Biên chế hiện có", None, [int(u[col]) for u in ORGANISATION], "int"),
            ("Số quyết định chức năng", None, [u[6] for u in ORGANISATION], "text"),
            ("Ngày quyết định chức năng", None, [date(2025, 7, 1)] * n, "date"),
        ]
        _sheet(book, "To chuc", titles, columns, _footer(day, (2, 6)))
        files.append(book.close())
    return files


HEADCOUNT = [("01/01/2021", 425, None), ("30/06/2021", 419, None), ("31/12/2021", 412, "Mốc đầu giai đoạn"),
             ("31/12/2022", 405, None), ("31/12/2023", 397, None), ("31/12/2024", 385, None),
             ("30/06/2025", 381, "Trước sắp xếp ĐVHC"), ("01/12/2025", 376, "Sau sắp xếp ĐVHC")]
# official | position | date
APPOINTMENTS = _table("""
CB0602|Giám đốc Trung tâm Văn hóa, Thể thao và Truyền thông|10/03/2025
CB0412|Phó Chánh Văn phòng HĐND và UBND xã|02/07/2025
CB0387|Trưởng phòng Kinh tế|02/07/2025
CB0455|Trưởng phòng Văn hóa - Xã hội|02/07/2025
CB0521|Giám đốc Trung tâm Phục vụ hành chính công|03/07/2025
CB0530|Phó Giám đốc Trung tâm Phục vụ hành chính công|15/08/2025
CB0418|Phó Trưởng phòng Kinh tế|01/10/2025
""")
# course | name | organiser | start | officials summoned
COURSES = _table("""
L2025-01|Bồi dưỡng kỹ năng vận hành chính quyền địa phương 02 cấp|UBND thành phố Hải Phòng|16/06/2025|14
L2025-02|Bồi dưỡng nghiệp vụ một cửa, một cửa liên thông cấp xã|Sở Nội vụ thành phố Hải Phòng|21/07/2025|8
L2025-03|Tập huấn sử dụng Hệ thống thông tin giải quyết TTHC|Văn phòng UBND thành phố Hải Phòng|12/08/2025|10
L2025-04|Bồi dưỡng quản lý nhà nước về đất đai cấp xã|Sở Nông nghiệp và Môi trường thành phố Hải Phòng|22/09/2025|6
L2025-05|Tập huấn kỹ năng chuyển đổi số cho cán bộ, công chức|UBND xã Khúc Thừa Dụ|04/11/2025|20
L2025-06|Bồi dưỡng lý luận chính trị|Trường Chính trị Tô Hiệu|06/10/2025|4
""")


def _training() -> dict[str, list]:
    """One row per (course, official summoned); two officials missed the commune's own course."""
    rows = []
    for code, name, organiser, start, size in COURSES:  # a loop over six courses
        for i in range(int(size)):
            went = "Không" if "xã" in organiser and i >= int(size) - 2 else "Có"
            rows.append((code, name, organiser, _dmy(start), f"CB{400 + (i * 7 + len(rows)) % 220:04d}", went))
    return dict(zip(["lop", "ten", "dv", "start", "cb", "went"], map(list, zip(*rows))))


def _write_staff(path: Path) -> Path:
    """The staff register: headcount series since 2021, appointments and training attendance of 2025."""
    book = _Book(path)
    day = "Tính đến ngày 15/12/2025"
    _sheet(book, "bien_che_su_nghiep", [UBND, "SỐ NGƯỜI LÀM VIỆC HƯỞNG LƯƠNG NSNN TRONG ĐƠN VỊ SỰ NGHIỆP", day, ""], [
        ("Ngày", None, [h[0] for h in HEADCOUNT], "text"),
        ("Số người hưởng lương NSNN", None, [h[1] for h in HEADCOUNT], "int"),
        ("Ghi chú", None, [h[2] for h in HEADCOUNT], "text"),
    ])
    _sheet(book, "bo_nhiem", [UBND, "DANH SÁCH BỔ NHIỆM CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM 2025", day, ""], [
        ("STT", None, list(range(1, len(APPOINTMENTS) + 1)), "int"),
        ("Mã cán bộ", None, [a[0] for a in APPOINTMENTS], "text"),
        ("Chức vụ", None, [a[1] for a in APPOINTMENTS], "text"),
        ("Ngày bổ nhiệm", None, [_dmy(a[2]) for a in APPOINTMENTS], "date"),
        ("Đúng quy trình, tiêu chuẩn", None, ["Có"] * len(APPOINTMENTS), "text"),
    ], numbers=True)
    t = _training()
    _sheet(book, "dao_tao", [UBND, "THEO DÕI CÁN BỘ, CÔNG CHỨC THAM GIA ĐÀO TẠO, BỒI DƯỠNG NĂM 2025", day, ""], [
        ("Mã lớp", None, t["lop"], "text"),
        ("Tên lớp", None, t["ten"], "text"),
        ("Đơn vị tổ chức", None, t["dv"], "text"),
        ("Ngày khai giảng", None, t["start"], "date"),
        ("Mã cán bộ", None, t["cb"], "text"),
        ("Đã tham gia", None, t["went"], "text"),
    ])
    return book.close()


CHANH_VP = "Mạc Văn Long - Chánh Văn phòng HĐND và UBND xã"
TP_VHXH = "Phan Thị Ngọc - Trưởng phòng Văn hóa - Xã hội"
TP_KT = "Lê Văn Thắng - Trưởng phòng Kinh tế"
# target | result | date | evidence | note | who
ATTESTATIONS = _table(f"""
CDDH-01|Đã hoàn thành|10/01/2025|05/KH-UBND|Kế hoạch CCHC năm 2025 (các xã trước sắp xếp)|{CHANH_VP}
CDDH-01|Đã hoàn thành|15/07/2025|12/KH-UBND|Kế hoạch CCHC năm 2025 của xã Khúc Thừa Dụ sau sắp xếp|{CHANH_VP}
CDDH-02|Đã hoàn thành|25/07/2025|18/KH-UBND|Kế hoạch tuyên truyền CCHC năm 2025; TTVHTTTT phối hợp thực hiện|{TP_VHXH}
CDDH-03|Đã hoàn thành|28/11/2025|85/BC-UBND|Tự kiểm tra CCHC tại 4 cơ quan, đơn vị|{TP_VHXH}
CDDH-05|1|29/08/2025|41/TTr-VHXH|Sáng kiến: tra cứu tiến độ hồ sơ bằng mã QR tại Trung tâm|{TP_VHXH}
CDDH-05|2|20/11/2025|63/TTr-VHXH|Thêm giải pháp: tổ công nghệ số cộng đồng hỗ trợ nộp hồ sơ trực tuyến|{TP_VHXH}
CDDH-06|Đã hoàn thành|12/12/2025|98/BC-UBND|Đã nộp kết quả tự đánh giá Chỉ số CCHC năm 2025|{TP_VHXH}
TCHE-02|2|25/11/2025|88/BC-UBND|Kiểm tra tình hình thi hành pháp luật; khảo sát về xử lý vi phạm hành chính|{CHANH_VP}
TCHE-03|Đã hoàn thành|10/12/2025|95/UBND-VP|Văn bản kiến nghị xử lý kết quả theo dõi thi hành pháp luật|{CHANH_VP}
CVU-03|Đã hoàn thành|22/12/2025|210/QĐ-UBND|Đánh giá, xếp loại chất lượng CBCCVC năm 2025|{TP_VHXH}
CVU-04|Chưa hoàn thành|30/09/2025||Đang xây dựng Đề án vị trí việc làm|{TP_VHXH}
CVU-04|Chưa hoàn thành|22/12/2025|102/TTr-UBND|Đề án VTVL công chức đã trình; Đề án VTVL sự nghiệp chờ Sở Nội vụ thẩm định|{TP_VHXH}
TCCO-02|Đã hoàn thành|23/12/2025|112/BC-UBND|Không phát hiện vi phạm trong sử dụng kinh phí NSNN|{TP_KT}
TCCO-03|Đã hoàn thành|23/12/2025|113/BC-UBND|Đã thực hiện phương án sắp xếp, xử lý nhà, đất sau sắp xếp|{TP_KT}
""")


def _write_attestations(path: Path) -> Path:
    """The coordinator's attestation register for the attested targets."""
    a = ATTESTATIONS
    book = _Book(path)
    footer = _footer(YEAR_END, (1, 5), left="Người lập", right="Chủ tịch UBND xã",
                     names=("Phan Thị Ngọc", "Nguyễn Văn Hùng"))
    _sheet(book, "Xac nhan", [UBND, "SỔ THEO DÕI XÁC NHẬN KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH CCHC NĂM 2025", ""], [
        ("STT", None, list(range(1, len(a) + 1)), "int"),
        ("Mã chỉ tiêu", None, [x[0] for x in a], "text"),
        ("Kết quả", None, [x[1] for x in a], "text"),
        ("Ngày xác nhận", None, [_dmy(x[2]) for x in a], "date"),
        ("Số văn bản minh chứng", None, [x[3] or None for x in a], "text"),
        ("Ghi chú", None, [x[4] for x in a], "text"),
        ("Người xác nhận", None, [x[5] for x in a], "text"),
    ], footer)
    return book.close()


# ---------------------------------------------------------------------------------------------
# The national portal's 766 scores, as the city passes them down each month
# ---------------------------------------------------------------------------------------------

# unit id | name | administrative code | share of each group's maximum in January | monthly change of those shares
SCORE_UNITS = _table("""
001.26.10.H26|UBND xã Khúc Thừa Dụ - thành phố Hải Phòng||0.86|0.006
001.26.11.H26|UBND xã Tân Kỳ - thành phố Hải Phòng|H26.11|0.90|0.002
001.26.12.H26|UBND xã Vĩnh Bảo - thành phố Hải Phòng|H26.12|0.93|0.001
001.26.13.H26|UBND xã Nguyễn Bỉnh Khiêm - thành phố Hải Phòng|H26.13|0.80|0.009
001.26.14.H26|UBND xã Vĩnh Am - thành phố Hải Phòng|H26.14|0.88|-0.004
001.26.15.H26|UBND xã Vĩnh Hải - thành phố Hải Phòng|H26.15|0.84|0.003
001.26.16.H26|UBND xã Tiên Lãng - thành phố Hải Phòng|H26.16|0.91|0.000
001.26.17.H26|UBND xã Quyết Thắng - thành phố Hải Phòng|H26.17|0.78|0.010
001.26.18.H26|UBND xã Tân Minh - thành phố Hải Phòng|H26.18|0.83|-0.002
001.26.19.H26|UBND xã An Quang - thành phố Hải Phòng|H26.19|0.87|0.004
001.26.20.H26|UBND phường Kiến An - thành phố Hải Phòng|H26.20|0.95|-0.001
001.26.21.H26|UBND phường Đồ Sơn - thành phố Hải Phòng|H26.21|0.89|0.005
""")
SCORE_MAX = {"TDGQ": 20, "MDHL": 18, "MDSH": 22, "TTTT": 10, "CLGQ": 12, "CKMB": 18}
SCORE_TITLE = "KẾT QUẢ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, DVC (QĐ 766/QĐ-TTg)"


def _monthly_scores(rng: np.random.Generator) -> np.ndarray:
    """Scores (month × unit × group), each group's share of its maximum drifting month by month with some noise,
    rounded as the portal publishes them."""
    start = np.array([float(u[3]) for u in SCORE_UNITS])
    drift = np.array([float(u[4]) for u in SCORE_UNITS])
    months = np.arange(12)[:, None, None]
    noise = rng.normal(0, 0.025, (12, len(SCORE_UNITS), len(SCORE_MAX)))
    share = np.clip(start[None, :, None] + drift[None, :, None] * months + noise, 0.4, 1.0)
    return np.round(share * np.array(list(SCORE_MAX.values()))[None, None, :], 2)


def _score_sheet(book: _Book, name: str, month: str, scores: np.ndarray) -> None:
    """One sheet of the table: a unit per row, scores as text with a dot, the total the sum of the groups."""
    totals = scores.sum(axis=1)
    order = np.argsort(-totals, kind="stable")
    _sheet(book, name, [SCORE_TITLE, month, ""], [
        ("ROW_STT", None, list(range(1, len(order) + 1)), "int"),
        ("ID_COQUAN", None, [SCORE_UNITS[i][0] for i in order], "text"),
        ("TEN_COQUAN", None, [SCORE_UNITS[i][1] for i in order], "text"),
        ("MA_COQUAN", None, [SCORE_UNITS[i][2] or None for i in order], "text"),
        ("LOAI_COQUAN", None, [3] * len(order), "int"),
        *((code, None, [f"{scores[i, g]:.2f}" for i in order], "text") for g, code in enumerate(SCORE_MAX)),
        ("TONG_SCORE", None, [f"{totals[i]:.2f}" for i in order], "text"),
    ])


def _write_scores(folder: Path, rng: np.random.Generator) -> list[Path]:
    """A workbook a month: the month's commune scores and the year's to date (the mean of the months so far)."""
    scores, files = _monthly_scores(rng), []
    for m in range(12):
        book = _Book(folder / f"diem_766_T{m + 1:02d}_2025.xlsx")
        _score_sheet(book, "Xã, phường", f"Tháng {m + 1:02d}/2025", scores[m])
        _score_sheet(book, "Điểm năm", f"Năm 2025, lũy kế đến tháng {m + 1:02d}/2025", np.round(scores[: m + 1].mean(axis=0), 2))
        files.append(book.close())
    return files


# ---------------------------------------------------------------------------------------------
# The city's other communes: the national sync export of their dossiers, which the city receives for every commune
# ---------------------------------------------------------------------------------------------

# code | name (the registry's, warehouse/communes.toml) | dossiers | share received online | synced to the portal |
# with digitised components | fees paid online: each commune its own fortune
NEIGHBOURS = _table("""
TKY|Tân Kỳ|2600|0.62|1.00|0.97|0.66
VBO|Vĩnh Bảo|3400|0.71|1.00|1.00|0.74
NBK|Nguyễn Bỉnh Khiêm|1900|0.38|0.93|0.81|0.35
VAM|Vĩnh Am|1500|0.58|0.99|0.92|0.61
VHA|Vĩnh Hải|1700|0.49|0.97|0.88|0.52
TLA|Tiên Lãng|3100|0.66|1.00|0.99|0.70
QTH|Quyết Thắng|1400|0.33|0.90|0.75|0.28
TMI|Tân Minh|1600|0.55|0.98|0.90|0.58
AQU|An Quang|2000|0.64|1.00|0.96|0.69
KAN|Kiến An|4200|0.78|1.00|1.00|0.81
DSO|Đồ Sơn|2900|0.69|0.99|0.98|0.64
""")


def _neighbour_dossiers(rng: np.random.Generator, d: pl.DataFrame, code: str, n: int, online: float, synced: float,
                        digitised: float, paid: float) -> pl.DataFrame:
    """A neighbour's year: a sample of the commune's dossier lives as the system shows them at the year's end, with the
    neighbour's own code and shares of online intake, sync, digitisation and online payment."""
    rows = _state_at(d.sample(n, seed=int(rng.integers(1 << 31))), _month_end(12))
    draw = lambda: pl.Series(rng.random(rows.height))  # noqa: E731 - a fresh uniform draw per dossier
    return rows.with_columns(
        ma_xa=pl.lit(code),
        ma_ho_so=pl.format("G22.{}-{}-{}", pl.lit(code), pl.col("t_in").dt.strftime("%y%m%d"),
                           pl.int_range(1, pl.len() + 1).over(pl.col("t_in").dt.date()).cast(pl.String).str.zfill(4)),
        kenh=pl.when(draw() < online).then(2).otherwise(1),
        da_dong_bo=(draw() < synced).cast(pl.Int64),
        so_hoa_thanh_phan=(draw() < digitised).cast(pl.Int64),
        thanh_toan_truc_tuyen=pl.when((pl.col("phi_le_phi") > 0) & (draw() < paid)).then(1).otherwise(0),
        don_vi=pl.lit(f"Bộ phận một cửa xã {code}"),
    )


def _write_neighbours(folder: Path, d: pl.DataFrame, rng: np.random.Generator) -> list[Path]:
    """One sync-layout CSV a neighbour: its dossiers of 2025 as at the year's end."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for code, _, n, *shares in NEIGHBOURS:
        rows = _neighbour_dossiers(rng, d, code, int(n), *map(float, shares))
        sync = rows.sort("ngay_cap_nhat").select(pl.col(v).alias(k) for k, v in SYNC.items())
        path = folder / f"dvcqg_{code}_2025.csv"
        sync.with_columns(pl.col(pl.Datetime).dt.strftime("%Y%m%d%H%M%S")).write_csv(path)
        files.append(path)
    return files


def build_demo(folder: Path, warehouse: Path, progress: bool = False):
    """Write the demo exports into `folder`, load them into `warehouse` and mark it as demo data; the load's report."""
    from pipelines.load import load
    from warehouse.db import mark_demo

    write_demo(folder)
    report = load([folder], warehouse, progress=progress)
    mark_demo(warehouse)
    add_demo_accounts(store_path(warehouse))
    return report


# One account per role, for trying the dashboard (the README lists them); only ever made beside the demo.
DEMO_PASSWORD = "demo-cchc-2025"
DEMO_ACCOUNTS = [
    ("lanhdao", ["lanh_dao"], None, "Chủ tịch UBND xã (mẫu)"),
    ("truongphong.vhxh", ["truong_phong"], "VHXH", "Trưởng phòng Văn hóa - Xã hội (mẫu)"),
    ("dulieu", ["du_lieu"], None, "Cán bộ dữ liệu (mẫu)"),
    ("quantri", ["quan_tri"], None, "Quản trị (mẫu)"),
]


def add_demo_accounts(app_store: Path) -> None:
    """The demo's accounts, those not there yet."""
    known = {u["ten_dang_nhap"] for u in users(app_store)}
    for name, roles, department, full_name in DEMO_ACCOUNTS:
        if name not in known:
            add_user(app_store, operator("demo"), name, roles, DEMO_PASSWORD, department, full_name)
