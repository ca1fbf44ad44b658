"""Vietnamese messages of the office's kind, province and code (the 2025 reform), in one place."""

from __future__ import annotations

UNKNOWN_KIND = "Loại đơn vị «{kind}» không có. Chọn một trong: {choices}."
KIND_NOT_FOR_ROLE = "Loại đơn vị «{label}» không dùng cho {role_label}. Chọn một trong: {choices}."
KIND_NAME_MISSING = (
    "Tên loại đơn vị do tỉnh quy định: loại «Công đoàn cấp trên khác do tỉnh quy định» cần tên "
    "do tỉnh đặt (--kind-name), ví dụ «Công đoàn Viên chức tỉnh»."
)
KIND_NAME_UNUSED = (
    "Tên loại đơn vị do tỉnh quy định (--kind-name): chỉ dùng cho loại «Công đoàn cấp trên khác "
    "do tỉnh quy định»."
)
UNKNOWN_PROVINCE = (
    "{label}: «{value}» không phải mã tỉnh, thành phố trong danh mục đơn vị hành chính từ "
    "01/7/2025; ví dụ 86 là tỉnh Vĩnh Long (gồm cả tỉnh Bến Tre cũ)."
)
CODE_UNCHANGED = "Mã đơn vị mới «{code}» trùng mã đang dùng."
CODE_OF_PROVINCE = "Mã đơn vị mới «{code}» là mã của LĐLĐ tỉnh đã tin ({name}); chọn mã khác."
CODE_OF_PROVINCE_OFFICE = (
    "Đổi mã của LĐLĐ tỉnh không làm bằng «office set --unit-code»: các đơn vị đã tin khóa của "
    "tỉnh theo mã cũ."
)
CODE_CHANGED = (
    "Mã đơn vị đổi từ {old} thành {new}: gói dữ liệu tháng kế tiếp sẽ báo cho LĐLĐ tỉnh mã cũ "
    "để tỉnh chuyển sổ nhận gói, khóa và dữ liệu của đơn vị sang mã mới."
)
KEY_NOT_MOVED = (
    "Không chép được khóa bí mật {key_id} sang mã mới {code} trong kho khóa của hệ điều hành "
    "({reason}); mã đơn vị chưa đổi."
)
DISTRICT_OR_PROVINCE = (
    "Mã tỉnh (danh mục từ 01/7/2025): đơn vị có mã huyện thì tỉnh lấy theo huyện; cho mã tỉnh "
    "thì bỏ mã huyện (đơn vị không còn gắn với huyện sau sắp xếp 2025), không cho cả hai."
)
# `where`: «Tệp …» for an office's file, «Cơ sở dữ liệu postgresql://…» for a province's server.
ALREADY_SET_UP = (
    "{where} đã là cơ sở dữ liệu của đơn vị {code} – {name}; không khởi tạo lại để tránh mất "
    "dữ liệu."
)
