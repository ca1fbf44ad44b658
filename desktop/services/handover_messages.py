"""The words of `office merge` and `office handover`, in one place for review."""

from __future__ import annotations

OTHER_MISSING = "Không tìm thấy tệp {path} (sổ của đơn vị bàn giao)."
OTHER_NOT_FILE = "{path} không phải tệp cơ sở dữ liệu (đó là một thư mục)."
OTHER_NOT_DATABASE = "Tệp {path} không phải cơ sở dữ liệu Union Desk ({detail})."
OTHER_OLD_SCHEMA = (
    "Tệp {path} có lược đồ «{found}», cũ hơn phiên bản hiện hành «{head}»: mở tệp đó bằng "
    "Union Desk một lần để nâng cấp rồi gộp lại (lệnh gộp chỉ đọc tệp nguồn, không sửa nó)."
)
OTHER_NEWER_SCHEMA = (
    "Tệp {path} có lược đồ «{found}», mới hơn phiên bản này (hiện hành «{head}»): hãy cập nhật "
    "Union Desk trước khi gộp."
)
TARGET_MISSING = "Không tìm thấy cơ sở dữ liệu {path} (--db), nơi nhận sổ."
CANNOT_OPEN = "Không mở được {path} cùng tệp {other} để gộp: {detail}. Không có gì thay đổi."
FAILED = (
    "Không gộp được {other} vào {path}: {detail}. Không có gì thay đổi; hãy kiểm tra tệp "
    "(uniondesk check) rồi chạy lại."
)
SAME_FILE = "Tệp nguồn {path} chính là cơ sở dữ liệu đang mở (--db): không có gì để gộp."
NO_OFFICE = "Tệp {path} chưa có thông tin đơn vị (uniondesk init): không gộp được."
ROLE_MISMATCH = (
    "Không gộp được: {other} là sổ của {other_role}, còn {path} là của {role}. Chỉ gộp sổ đơn vị "
    "cấp trên cơ sở vào đơn vị cấp trên cơ sở, sổ LĐLĐ tỉnh vào LĐLĐ tỉnh."
)
SAME_CODE = (
    "{other} và {path} cùng mã đơn vị {code}: đây là hai bản của cùng một sổ (một bản sao lưu?), "
    "không phải hai đơn vị. Không gộp."
)
ROLE_LABELS = {"district": "đơn vị cấp trên cơ sở", "province": "LĐLĐ tỉnh"}
ID_CLASH = (
    "Không gộp được: {table} của {other} có bản ghi {record} trùng mã với một bản ghi đã có "
    "ở {path} ({count} bản ghi trùng mã) nhưng sổ chưa từng được gộp trọn: hai tệp là bản sao "
    "của nhau một phần. Không có gì thay đổi."
)
ALREADY_MERGED = (
    "Sổ của {code} – {name} ({other}) đã được gộp vào {path} trước đó: không có gì thay đổi."
)
UNIT_CLASH = (
    "Không gộp được: {count} đơn vị có dữ liệu ở cả hai sổ tỉnh ({codes}). Mỗi đơn vị chỉ thuộc "
    "một tỉnh; hãy xem lại rồi gộp. Không có gì thay đổi."
)
PROGRAMME_MISSING = (
    "Không gộp được: {table} của {other} (mã {record}) ghi chỉ tiêu hay nhiệm vụ «{code}» năm "
    "{year} mà chương trình năm {year} ở {path} không có. Không có gì thay đổi."
)
CLASH_HEADER = (
    "Không gộp được: {count} số CCCD đang sinh hoạt ở cả hai đơn vị. Không có gì thay đổi. Hãy "
    "xử lý từng người (chuyển đi, cho thôi) rồi gộp lại, hoặc chạy lại với --update để giữ bản "
    "ghi sửa sau cùng:"
)
CLASH_LINE = "  CCCD {citizen_id}: {ours_name} ({ours_union}, {path}) – {theirs_name} ({theirs_union}, {other})"
UPDATED_HEADER = "{count} số CCCD đang sinh hoạt ở cả hai đơn vị: giữ bản ghi sửa sau cùng"
UPDATED_LINE = (
    "  CCCD {citizen_id}: giữ {winner_name} ({winner_union}, sửa {winner_at}); bản của "
    "{loser_name} ({loser_union}, {loser_place}) lưu ở dạng đã xoá cùng lịch sử"
)
DRY_RUN_HEADER = "Chạy thử: sẽ nhận từ {other} ({code} – {name}) vào {path}:"
DONE_HEADER = "Đã gộp sổ của {code} – {name} ({other}) vào {path}:"
COUNT_LINE = "  {label}: {count}"
TOMBSTONE_NOTE = "  (trong đó {count} bản ghi đã xoá, giữ để đối chiếu)"
ENTRY_CLASH = (
    "{count} kết quả nhập tay hoặc đoạn tường thuật cùng chỉ tiêu và kỳ đã có ở {path}: giữ bản "
    "{keeper}; bản kia lưu ở dạng đã xoá"
)
KEEPER_OURS = "của {path}"
KEEPER_LATER = "sửa sau cùng"
PROGRAMME_COPIED = "Chương trình năm {years} chưa có ở {path}: nhận kèm từ {other}"
DRY_RUN_FOOTER = "Chưa ghi gì (chạy thử). Bỏ --dry-run để gộp."
DRY_RUN_REFUSED_FOOTER = (
    "Chưa ghi gì (chạy thử). Gộp thật cũng sẽ bị từ chối vì các số CCCD trên: sửa hồ sơ ở một "
    "trong hai đơn vị, hoặc thêm --update để giữ hồ sơ sửa sau cùng."
)
NEXT_STEP = (
    "Bước tiếp theo: đơn vị {code} gửi gói cuối và thông báo bàn giao cho LĐLĐ tỉnh "
    "(uniondesk office handover --to {successor} --out TỆP --db {other})."
)

KIND_LABELS = {
    "programme": "Chương trình công tác (năm chưa có)",
    "grassroots_union": "Công đoàn cơ sở",
    "union_rating": "Xếp loại CĐCS",
    "enterprise": "Doanh nghiệp chưa có công đoàn",
    "member": "Đoàn viên",
    "member_event": "Biến động đoàn viên",
    "household_review": "Rà soát hộ nghèo",
    "activity": "Hoạt động",
    "activity_union": "CĐCS tham gia hoạt động",
    "inspection": "Kiểm tra, giám sát",
    "complaint": "Đơn thư khiếu nại, tố cáo",
    "progress_entry": "Kết quả nhập tay",
    "narrative": "Đoạn tường thuật theo nhiệm vụ",
    "quota": "Chỉ tiêu đã giao",
    "unit_key": "Khóa đơn vị đã đăng ký",
    "bundle_ledger": "Dòng sổ nhận gói",
    "handover": "Đơn vị đã bàn giao",
    "sent_package": "Gói đã gửi đơn vị",
}
