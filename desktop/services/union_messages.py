"""Every user-facing message of the Công đoàn cơ sở screen's services (grassroots unions, their
ratings and dissolution, and the prospects), in one place for review and translation.

Every field message starts with the field's label, so a script that prints them all still says which
field each one is about. Kept apart from `services.messages` only so the two can be reviewed alone.
"""

UNION_GONE = (
    "Công đoàn cơ sở này không còn trong cơ sở dữ liệu (có thể đã bị xóa); hãy tải lại danh sách."
)
UNION_NAME_EMPTY = "Tên công đoàn cơ sở: nhập tên, ví dụ «Công đoàn cơ sở Trường Tiểu học An Hòa»."
UNION_NAME_TAKEN = (
    "Tên công đoàn cơ sở «{name}» trùng với «{other}» đang hoạt động (không phân biệt hoa thường, "
    "dấu, chữ «CĐCS» ở đầu): thêm tên xã hoặc số thứ tự để phân biệt."
)
UNION_NAME_TOO_LONG = "Tên công đoàn cơ sở dài {length} ký tự; tối đa {limit}."
UNION_SECTOR = "Khu vực: chọn khu vực nhà nước hoặc ngoài nhà nước."
UNION_SECTOR_MISMATCH = "Khu vực: {employer} thuộc khu vực {sector}; chọn lại khu vực."
UNION_KIND = "Hình thức: chọn công đoàn cơ sở hoặc nghiệp đoàn."
UNION_KIND_TRADE = (
    "Hình thức: người lao động tự do tập hợp trong nghiệp đoàn; chọn hình thức «Nghiệp đoàn»."
)
UNION_EMPLOYER = "Loại hình đơn vị: chọn một loại hình trong danh sách."
UNION_EMPLOYER_TRADE = "Loại hình đơn vị: nghiệp đoàn tập hợp người lao động tự do; chọn «{trade}»."
UNION_COMMUNE_EMPTY = "Xã, phường: chọn nơi đơn vị đặt trụ sở ({area})."
UNION_COMMUNE_OUTSIDE = (
    "Xã, phường: mã «{code}» không thuộc {area}; chọn một xã, phường trong danh sách."
)
WORKFORCE_NEGATIVE = "{label}: số lao động không được âm."
WORKFORCE_WOMEN_OVER = "Lao động nữ: {women} người, nhiều hơn tổng số lao động ({total} người)."
WORKFORCE_UNDER_MEMBERS = (
    "Tổng số lao động: {total} người, ít hơn số đoàn viên đang sinh hoạt ({members} người); "
    "kiểm tra lại số lao động."
)
DATE_MISSING = "{label}: nhập ngày (dd/mm/yyyy)."
DATE_FUTURE = "{label} {day} ở tương lai; hôm nay là {today}."
DATE_TOO_EARLY = (
    "{label} {day} trước ngày thành lập Công đoàn Việt Nam (28/07/1929); kiểm tra lại năm."
)
FOUNDED_AFTER_DISSOLVED = "Ngày thành lập {day} sau ngày giải thể {dissolved}."
CHAIR_BEFORE_FOUNDED = "Ngày bầu chủ tịch {day} trước ngày thành lập công đoàn cơ sở {founded}."
CHAIR_NAME_NEEDED = "Chủ tịch: nhập họ và tên chủ tịch đã bầu ngày {day}."
CHAIR_NAME_SHORT = "Chủ tịch: «{name}»: nhập đủ họ và tên (ít nhất hai chữ)."
TRAINED_WITHOUT_ELECTION = (
    "Ngày bồi dưỡng chủ tịch: nhập ngày bầu chủ tịch trước (chỉ tiêu 5 tính chủ tịch bầu mới "
    "được bồi dưỡng)."
)
RATING_UNKNOWN = (
    "Xếp loại: chọn hoàn thành xuất sắc, hoàn thành tốt, hoàn thành hoặc không hoàn thành nhiệm vụ."
)
RATING_YEAR_FUTURE = "Năm xếp loại: năm {year} chưa kết thúc đánh giá; hôm nay là {today}."
RATING_YEAR_BEFORE_FOUNDED = "Năm xếp loại: {name} thành lập ngày {founded}, sau năm {year}."
RATING_YEAR_AFTER_DISSOLVED = "Năm xếp loại: {name} đã giải thể ngày {dissolved}, trước năm {year}."
RATED_BEFORE_YEAR = "Ngày xếp loại {day} trước năm được xếp loại ({year})."
RATING_NONE = "{name} chưa có xếp loại năm {year}."
ALREADY_DISSOLVED = "{name} đã giải thể ngày {day}."
NOT_DISSOLVED = "{name} đang hoạt động; không có quyết định giải thể nào để hủy."
DISSOLVED_BEFORE_FOUNDED = "Ngày giải thể {day} trước ngày thành lập {founded}."
DISSOLVED_BEFORE_EVENT = (
    "Ngày giải thể {day} trước biến động ngày {event} của đoàn viên {member}; chọn ngày giải thể "
    "từ {event} trở đi."
)
DISSOLVE_REASON = (
    "Lý do giải thể: ghi lý do, ví dụ «Doanh nghiệp chấm dứt hoạt động» hoặc «Sáp nhập vào CĐCS …»."
)
DISSOLVE_HAS_MEMBERS = (
    "{name} còn {count} đoàn viên đang sinh hoạt: chọn công đoàn cơ sở nhận chuyển sinh hoạt cả "
    "{count} người, hoặc ghi chuyển đi, ra khỏi tổ chức cho từng người trên màn hình Đoàn viên "
    "rồi giải thể."
)
DISSOLVE_TARGET_SELF = "CĐCS nhận đoàn viên: chọn một công đoàn cơ sở khác."
DISSOLVE_TARGET_DEAD = (
    "CĐCS nhận đoàn viên: {name} không hoạt động vào ngày {day}; chọn công đoàn cơ sở đang hoạt "
    "động."
)
REOPEN_NAME_TAKEN = (
    "Không hủy giải thể được: tên «{name}» đã dùng cho «{other}» đang hoạt động; đổi tên một "
    "trong hai trước."
)

# Prospects (doanh nghiệp chưa có công đoàn) -----------------------------------------------------
PROSPECT_GONE = "Doanh nghiệp này không còn trong danh sách (có thể đã bị xóa); hãy tải lại."
PROSPECT_NAME_EMPTY = "Tên doanh nghiệp: nhập tên, ví dụ «Công ty TNHH May Phú Lễ»."
PROSPECT_NAME_TAKEN = (
    "Tên doanh nghiệp «{name}» trùng với «{other}» đã có trong danh sách (không phân biệt hoa "
    "thường, dấu)."
)
PROSPECT_EMPLOYER = (
    "Loại hình: chọn doanh nghiệp nhà nước, doanh nghiệp tư nhân, doanh nghiệp có vốn đầu tư "
    "nước ngoài hoặc hợp tác xã."
)
PROSPECT_STATUS = (
    "Trạng thái: chọn Đã nắm danh sách, Đã tiếp cận, Đang vận động, Đã thành lập hoặc Dừng."
)
PROSPECT_STATUS_BEFORE = "{label} {day} trước ngày của trạng thái hiện tại «{current}» ({since})."
PROSPECT_FOUNDED_FINAL = (
    "{name} đã thành lập {union}; sửa thông tin trên danh sách Công đoàn cơ sở, trạng thái không "
    "đổi lại được."
)
PROSPECT_FOUNDED_DELETE = (
    "{name} đã thành lập công đoàn cơ sở nên không xóa khỏi danh sách; bản ghi là căn cứ của chỉ "
    "tiêu 3."
)
PROSPECT_FOUNDING_CHOICE = (
    "Công đoàn cơ sở: chọn thành lập mới hoặc gắn với một công đoàn cơ sở đã có."
)
PROSPECT_LINK_TAKEN = "Công đoàn cơ sở: {union} đã gắn với doanh nghiệp «{other}»."
PROSPECT_LINK_DEAD = "Công đoàn cơ sở: {union} đã giải thể hoặc không thuộc đơn vị; chọn lại."
PROSPECT_LINK_DATE = (
    "Ngày thành lập: {union} thành lập ngày {founded}; ghi ngày đó, hoặc sửa ngày thành lập của "
    "công đoàn cơ sở trước."
)
