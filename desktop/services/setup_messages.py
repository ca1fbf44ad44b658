"""Vietnamese messages of the first-run setup (desktop.services.setup_flow), in one place.

Each names the field as the setup wizard labels it, so a clerk knows which box to fix.
"""

from __future__ import annotations

PURPOSE_MISSING = "Hãy chọn «Xem thử huyện mẫu» hoặc «Thiết lập đơn vị này»."
ROLE_UNKNOWN = "Cấp đơn vị: hãy chọn «Công đoàn cấp trên trực tiếp cơ sở» hoặc «LĐLĐ tỉnh»."
CODE_MISSING = "Mã đơn vị: chưa nhập (ví dụ «LDLD-BATRI»)."
CODE_BAD = (
    "Mã đơn vị «{code}»: cần 1–32 ký tự, chỉ gồm chữ cái không dấu, chữ số, «-», «_» hoặc «.», "
    "bắt đầu bằng chữ cái hoặc chữ số (ví dụ «LDLD-BATRI»)."
)
NAME_MISSING = "Tên đơn vị: chưa nhập (ví dụ «Liên đoàn Lao động huyện Ba Tri»)."
NAME_TOO_LONG = "Tên đơn vị: dài quá, tối đa {count} ký tự."
KIND_NAME_MISSING = (
    "Tên loại đơn vị do tỉnh quy định: chưa nhập (ví dụ «Công đoàn Viên chức tỉnh»)."
)
PROVINCE_MISSING = "Tỉnh, thành phố: hãy chọn tỉnh, thành phố của đơn vị (danh mục từ 01/7/2025)."
PROVINCE_UNKNOWN = "Tỉnh, thành phố: mã «{code}» không có trong danh mục từ 01/7/2025."
DISTRICT_UNKNOWN = "Huyện cũ (trước 01/7/2025): mã «{code}» không phải một huyện cũ của {province}."
DISTRICT_FOR_PROVINCE_OFFICE = "Huyện cũ: LĐLĐ tỉnh không gắn với một huyện; hãy bỏ chọn huyện."
PLACE_MISSING = "Địa danh ghi trên văn bản: chưa nhập (ví dụ «Ba Tri»)."
PARENT_MISSING = "Cơ quan cấp trên: chưa nhập (ví dụ «LĐLĐ tỉnh Vĩnh Long»)."
FULL_NAME_MISSING = "Họ và tên người quản trị: chưa nhập."
ADMIN_NAME_MISSING = "Tên đăng nhập: chưa nhập (ví dụ «lan.nguyen»)."
PASSWORD_AGAIN_DIFFERS = "Nhập lại mật khẩu: hai lần nhập mật khẩu đăng nhập không giống nhau."
KEY_SECRET_SHORT = (
    "Mật khẩu tệp khóa: máy này không có kho khóa của hệ điều hành, cần mật khẩu ít nhất "
    "{count} ký tự để khóa tệp khóa bí mật."
)
KEY_SECRET_DIFFERS = "Nhập lại mật khẩu tệp khóa: hai lần nhập không giống nhau."
BACKUP_FOLDER_MISSING = "Thư mục lưu bản sao khóa: hãy chọn một thư mục (ví dụ USB)."
BACKUP_FOLDER_NOT_FOUND = "Thư mục lưu bản sao khóa: không tìm thấy thư mục {folder}."
BACKUP_FILE_EXISTS = (
    "Thư mục lưu bản sao khóa: đã có tệp {path}; bản sao không ghi đè lên tệp cũ, hãy chọn "
    "thư mục khác hoặc đổi tên tệp cũ."
)
BACKUP_PASSPHRASE = "Mật khẩu bản sao khóa: {problem}"
CARD_CHOICE_MISSING = "Thẻ khóa của LĐLĐ tỉnh: hãy chọn «Nhận thẻ ngay» hoặc «Để sau»."
CARD_FILE_MISSING = "Tệp thẻ khóa của LĐLĐ tỉnh: hãy chọn tệp thẻ (đuôi .json hoặc .card)."
CARD_FILE_NOT_FOUND = "Tệp thẻ khóa của LĐLĐ tỉnh: không tìm thấy tệp {path}."
CARD_NOT_PROVINCE = (
    "Tệp thẻ khóa của LĐLĐ tỉnh: thẻ {path} là của đơn vị {code}, không phải của một LĐLĐ tỉnh."
)
FINGERPRINT_MISSING = "Dấu vân tay: hãy gõ 24 chữ số LĐLĐ tỉnh đã đọc qua điện thoại."
FINGERPRINT_LENGTH = "Dấu vân tay: cần đủ 24 chữ số, mới có {count}."
FINGERPRINT_DIFFERS = (
    "Dấu vân tay: thẻ {path} có dấu vân tay {found}, khác với số đã gõ ({typed}). Không nhận "
    "thẻ này; hãy gọi lại LĐLĐ tỉnh."
)
TARGET_EXISTS = "Đã có tệp {path}: thiết lập chỉ tạo cơ sở dữ liệu mới, không ghi đè lên tệp đã có."
NOT_READY = "Chưa thể tạo cơ sở dữ liệu: {problems}"
APPLY_FAILED = "Chưa tạo được cơ sở dữ liệu, không có gì được ghi: {reason}"
STEP_NOT_OPEN = "Bước «{step}» chưa mở được: hãy làm xong các bước trước."
