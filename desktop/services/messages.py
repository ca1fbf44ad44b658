"""Every user-facing message raised by the services, in one place for review and translation."""

UNKNOWN_DISTRICT = (
    "Mã huyện «{code}» không có trong danh mục đơn vị hành chính (trước sắp xếp 2025); "
    "ví dụ 836 là huyện Ba Tri, tỉnh Bến Tre."
)
UNKNOWN_ROLE = (
    "Vai trò «{role}» không hợp lệ: chỉ nhận «district» (cấp huyện) hoặc «province» (cấp tỉnh)."
)
EMPTY_FIELD = "Thiếu giá trị cho {field}: hãy nhập mã và tên đơn vị."
ALREADY_INITIALISED = "Tệp {path} đã là cơ sở dữ liệu của đơn vị {code} – {name}; không khởi tạo lại để tránh mất dữ liệu."
DB_NOT_FOUND = "Không tìm thấy cơ sở dữ liệu {path}. Hãy kiểm tra lại đường dẫn (--db)."
NO_OFFICE = "Cơ sở dữ liệu {path} chưa được khởi tạo cho đơn vị nào: chạy «uniondesk init» trước."
BACKUP_EXISTS = "Tệp {path} đã tồn tại; chọn tên khác để không ghi đè bản sao lưu cũ."
BACKUP_MISSING = "Không tìm thấy tệp sao lưu {path}."
BACKUP_DAMAGED = (
    "Tệp sao lưu {path} bị hỏng (SQLite báo lỗi toàn vẹn); dữ liệu hiện tại giữ nguyên."
)
BACKUP_NOT_DATABASE = (
    "Tệp {path} không phải bản sao lưu Union Desk: {detail}. Dữ liệu hiện tại giữ nguyên."
)
BACKUP_NEWER = (
    "Bản sao lưu {path} do phiên bản Union Desk mới hơn tạo (lược đồ «{found}»); "
    "hãy cài phiên bản mới rồi khôi phục. Dữ liệu hiện tại giữ nguyên."
)

# Office settings: what every printed document carries (office_settings.py).
SETTING_REQUIRED = "{label}: không được để trống."
SETTING_TOO_LONG = "{label}: dài {length} ký tự, tối đa {limit} ký tự."
SETTING_PREFIX = (
    "{label}: «{value}» không dùng được trong số văn bản (không có dấu «/» hay khoảng trắng); "
    "ví dụ LĐLĐ."
)
SETTING_DISTRICT = (
    "{label}: «{value}» không phải mã huyện, quận, thị xã hay thành phố thuộc tỉnh trong danh mục "
    "đơn vị hành chính (trước sắp xếp 2025); ví dụ 836 là huyện Ba Tri, tỉnh Bến Tre."
)
SETTING_TOO_MANY_RECIPIENTS = "{label}: {count} nơi nhận, tối đa {limit}."
SETTING_RECIPIENT_TOO_LONG = "{label}, dòng {line}: dài {length} ký tự, tối đa {limit} ký tự."

# Quotas the province allocates to each office (quotas.py).
QUOTAS_NOT_PROVINCE = (
    "Chỉ LĐLĐ tỉnh giao chỉ tiêu cho đơn vị ({path} là cơ sở dữ liệu của đơn vị {code}); "
    "đơn vị cấp huyện nhận chỉ tiêu qua gói chỉ tiêu của tỉnh (uniondesk bundle merge)."
)
QUOTA_UNKNOWN_UNIT = (
    "{where}Chưa đăng ký đơn vị «{unit}»: nhận thẻ khóa của đơn vị trước (uniondesk keys trust); "
    "các đơn vị đã đăng ký: {known}."
)
QUOTA_PROVINCE_TARGET = (
    "{where}Chỉ tiêu {code} là chỉ tiêu của cấp tỉnh, không giao cho đơn vị «{unit}»."
)
QUOTA_FILE_HEADER = (
    "Tệp {file}: dòng đầu phải là tiêu đề «unit_code,target_code,value» (mã đơn vị, mã chỉ "
    "tiêu, chỉ tiêu giao); tìm thấy «{found}»."
)
QUOTA_FILE_ROW = "Tệp {file}, dòng {row}: cần 3 cột (mã đơn vị, mã chỉ tiêu, chỉ tiêu giao)."
QUOTA_FILE_EMPTY = "Tệp {file} không có dòng chỉ tiêu nào dưới dòng tiêu đề."
QUOTA_FILE_UNREADABLE = "Không đọc được tệp {file}: {detail}."
