"""Every Vietnamese message the importer shows, in one place to review (and translate one day).

A problem in a row is shown as PLACE + what to fix; PLACE names the sheet, the row number as the
spreadsheet program shows it and the column header (`Trang tính «DS», dòng 12, cột «Số CCCD»`).
"""

# The file and the sheet.
FILE_MISSING = "Không tìm thấy tệp {path}."
NOT_A_SPREADSHEET = (
    "Tệp {path} không phải bảng tính đọc được ({detail}). Hãy mở bằng Excel hoặc LibreOffice và lưu "
    "lại dạng .xlsx, .xls, .ods hoặc .csv."
)
UNKNOWN_EXTENSION = (
    "Tệp {path} có đuôi «{suffix}»: chỉ nhận bảng tính .xlsx, .xlsm, .xls, .ods hoặc .csv."
)
CSV_UNREADABLE = "Tệp {path} không đọc được dạng văn bản CSV ({detail})."
NO_SHEET = "Tệp {path} không có trang tính «{sheet}». Các trang có: {names}."
EMPTY_FILE = "Tệp {path} không có trang tính nào có dữ liệu."

# A file looked at before any sheet is read: what it is, how big, and how it is built
# (desktop/importer/guard.py). Caps are far above the largest district's list.
IN_FILE = "Tệp {path}: {message}"
NOT_A_FILE = "«{path}» {what}, không phải tệp bảng tính: hãy chọn tệp .xlsx, .xls, .ods hoặc .csv."
WHAT_DIRECTORY = "là một thư mục"
WHAT_FIFO = "là một ống dẫn (FIFO)"
WHAT_DEVICE = "là một thiết bị"
WHAT_SOCKET = "là một socket"
WHAT_OTHER = "không phải tệp thông thường"
NO_PERMISSION = (
    "Không có quyền đọc tệp {path}. Hãy chép tệp vào thư mục của mình (hoặc nhờ người tạo tệp cho "
    "quyền đọc) rồi nhập lại."
)
CANNOT_OPEN = "Không mở được tệp {path} ({detail})."
ODD_FILE_NAME = "Tên tệp «{path}» có ký tự không in được ({problem}). Hãy đổi tên tệp rồi nhập lại."
FILE_TOO_LARGE = (
    "Tệp {path} nặng {size}, quá giới hạn {cap} của một lần nhập. Hãy tách danh sách thành nhiều "
    "tệp."
)
WRONG_INSIDE = (
    "Tệp {path} có đuôi «{suffix}» nhưng bên trong là bảng tính {actual}. Hãy đổi đuôi tệp thành "
    "{actual} rồi nhập lại."
)
PASSWORD_PROTECTED = (
    "Tệp {path} được đặt mật khẩu. Hãy mở bằng Excel hoặc LibreOffice, bỏ mật khẩu, lưu lại rồi "
    "nhập."
)
READER_FAILED = "thư viện đọc bảng tính dừng lại giữa chừng vì tệp hỏng"
TOO_MANY_ROWS = (
    "Trang tính «{sheet}» trong tệp {path} có dữ liệu đến dòng {row}; mỗi lần nhập đọc tối đa "
    "{cap} dòng. Hãy xóa các dòng thừa ở cuối trang, hoặc tách danh sách thành nhiều tệp."
)
TOO_MANY_COLUMNS = (
    "Trang tính «{sheet}» trong tệp {path} có dữ liệu đến cột {column}; danh sách chỉ đọc đến cột "
    "{cap_column} ({cap} cột). Hãy xóa các cột thừa bên phải."
)
TOO_LARGE_AREA = (
    "Trang tính «{sheet}» trong tệp {path} trải {rows} dòng × {columns} cột = {area} ô, quá {cap} "
    "ô của một lần nhập. Hãy xóa các dòng, cột thừa, hoặc tách danh sách thành nhiều tệp."
)
TOO_MANY_CELLS = (
    "Tệp {path} có hơn {cap} ô dữ liệu, quá giới hạn của một lần nhập. Hãy tách danh sách thành "
    "nhiều tệp."
)
TOO_MUCH_TEXT = (
    "Tệp {path} chứa hơn {cap} chữ trong các ô, quá giới hạn của một lần nhập (có thể một ô chữ "
    "rất dài được chép xuống rất nhiều dòng). Hãy kiểm tra lại tệp."
)
TOO_MANY_STRINGS = "Tệp {path} có {count} chuỗi chữ dùng chung, quá giới hạn {cap}."
TOO_MANY_SHEETS = "Tệp {path} có {count} trang tính, quá giới hạn {cap}."
TOO_MANY_MERGES = "Tệp {path} có hơn {cap} vùng gộp ô, quá giới hạn của một lần nhập."
TOO_MANY_ELEMENTS = "Tệp {path} có hơn {cap} thẻ XML trong trang tính, không phải một danh sách."
BAD_CELLS = "Không nhập gì: trang tính «{sheet}» trong tệp {path} có {count} ô không lưu được:"
BAD_CELL = "  Ô {cell} (dòng {row}, cột {column}): {problem}."
BAD_CELLS_MORE = "  … và {count} ô khác."
BAD_CELLS_FIX = "Hãy sửa các ô này trong tệp rồi nhập lại."
BAD_SHEET_NAME = (
    "Tệp {path} có trang tính tên «{sheet}» {problem}. Hãy đổi tên trang tính rồi nhập lại."
)
CSV_TOO_WIDE = (
    "Tệp {path}, dòng {row}: có {count} cột; danh sách chỉ đọc tối đa {cap} cột. Kiểm tra dấu "
    "phân cách cột của tệp."
)
# Details of NOT_A_SPREADSHEET for an archive or compound file that is damaged or crafted.
ZIP_NO_DIRECTORY = "không tìm thấy mục lục của tệp nén"
ZIP_UNREADABLE = "tệp nén hỏng"
ZIP_TOO_MANY = "tệp nén chứa {count} thành phần, quá giới hạn {cap}"
ZIP_DIRECTORY_TOO_LARGE = "mục lục tệp nén nặng {size}"
ZIP_ODD_NAME = "tệp nén có thành phần tên lạ «{name}»"
ZIP_DUPLICATE = "tệp nén có hai thành phần cùng tên «{name}»"
ZIP_ENCRYPTED = "tệp nén có thành phần được mã hóa"
ZIP_METHOD = "thành phần «{name}» nén theo cách lạ (kiểu {method})"
ZIP_PART_TOO_LARGE = "thành phần «{name}» giải nén ra {size}, quá giới hạn {cap}"
ZIP_TOTAL_TOO_LARGE = "các thành phần giải nén ra hơn {cap}"
ZIP_BOMB = "thành phần «{name}» giải nén ra {size}, gấp {ratio} lần khi nén: dấu hiệu bom nén"
ZIP_DAMAGED = "thành phần «{name}» hỏng (sai kích thước hoặc mã kiểm tra)"
XML_DTD = "phần «{name}» có khai báo DTD/ENTITY"
XML_BROKEN = "phần «{name}» không phải XML hợp lệ ({detail})"
PART_MISSING = "thiếu phần «{name}»"
CELL_REFERENCE = "phần «{name}» có địa chỉ ô lạ «{ref}»"
OLE_BROKEN = "cấu trúc tệp .xls hỏng ({detail})"
BIFF_BROKEN = "bản ghi .xls hỏng ({detail})"
NO_HEADER = (
    "Trang tính «{sheet}»: không tìm thấy dòng tiêu đề cột (như «{example}») trong {rows} dòng đầu. "
    "Hãy kiểm tra đúng trang tính và đúng loại danh sách ({kind})."
)
HEADER_ROW_OUT = "Trang tính «{sheet}» chỉ có {rows} dòng; không có dòng {row} để làm tiêu đề."
MISSING_COLUMN = (
    "Trang tính «{sheet}»: chưa có cột «{field}» (tiêu đề ở dòng {row}). Hãy thêm cột này hoặc "
    "chọn cột tương ứng khi ghép cột."
)
MISSING_UNION_COLUMN = (
    "Trang tính «{sheet}»: không có cột «Công đoàn cơ sở». Hãy thêm cột này, hoặc chọn một công đoàn "
    "cơ sở cho cả danh sách (--union TÊN)."
)
TWO_COLUMNS_ONE_FIELD = (
    "Trang tính «{sheet}»: hai cột «{first}» và «{second}» cùng được ghép vào «{field}»; chỉ "
    "giữ một: chọn lại ở bước «Ghép cột», hoặc ghi cột nào vào trường nào trong tệp --mapping."
)
NO_DATA_ROWS = "Trang tính «{sheet}» không có dòng dữ liệu nào dưới tiêu đề (dòng {row})."
UNKNOWN_UNION_OPTION = "Không có công đoàn cơ sở «{name}» đang hoạt động trong cơ sở dữ liệu."
NO_DISTRICT = (
    "Đơn vị trong {path} chưa khai báo tỉnh hoặc huyện nên chưa đối chiếu được cột «Xã, phường». "
    "Khai báo ở Tệp → Thông tin đơn vị, hoặc «uniondesk office set --province-code MÃ --db "
    "{path}» (ví dụ 86 là tỉnh Vĩnh Long; đơn vị còn mã huyện trước sắp xếp 2025 thì "
    "--district-code, ví dụ 836 là huyện Ba Tri), rồi nhập lại; hoặc bỏ cột này khi ghép cột."
)
NO_OFFICE = "Cơ sở dữ liệu {path} chưa được khởi tạo cho đơn vị nào: chạy «uniondesk init» trước."

# The --mapping file.
MAPPING_UNREADABLE = (
    "Tệp ghép cột {path} không đọc được: cần JSON dạng "
    '{{"columns": {{"Tiêu đề cột": "tên trường"}}}} ({detail}).'
)
MAPPING_UNKNOWN_FIELD = (
    "Tệp ghép cột {path}: «{field}» không phải trường của danh sách {kind}. Các trường: {fields}."
)

MAPPING_NO_COLUMN = (
    "Tệp ghép cột {path}: không có cột «{column}» ở dòng tiêu đề (dòng {row}); ghi đúng tiêu đề "
    "hoặc chữ cái của cột (A, B, C …)."
)

# One row, one cell.
PLACE = "Trang tính «{sheet}», dòng {row}"
PLACE_COLUMN = "Trang tính «{sheet}», dòng {row}, cột «{column}»"
REQUIRED = "Thiếu {field}."
SCIENTIFIC_ID = (
    "Số CCCD «{text}» ở dạng số mũ nên đã mất chữ số. Hãy định dạng cột là Văn bản (Text) "
    "và gõ lại đủ 12 chữ số."
)
FRACTION_ID = "Số CCCD «{text}» có phần thập phân; cần 12 chữ số."
ID_NOT_DIGITS = (
    "Số CCCD «{text}» chỉ được gồm 12 chữ số 0–9 (có thể cách nhóm bằng dấu cách hoặc dấu chấm); "
    "không có dấu trừ, chữ hay ký hiệu khác."
)
TEXT_BAD_CHARACTER = "«{text}» {problem}; hãy xóa ký tự này."
TEXT_TOO_LONG = "«{text}» dài {length} ký tự, quá {limit} ký tự của trường này."
NOT_A_DATE = "«{text}» không phải ngày: ghi dd/mm/yyyy (ví dụ 05/04/1990) hoặc chỉ năm (1990)."
TWO_DIGIT_YEAR = "«{text}»: năm cần đủ 4 chữ số (ví dụ 05/04/1990)."
IMPOSSIBLE_DATE = "Ngày «{text}» không có thật (tháng {month} không có ngày {day})."
YEAR_OUT = "Năm {year} không hợp lệ."
NOT_A_GENDER = "«{text}» không phải giới tính: ghi Nam hoặc Nữ."
BOTH_GENDERS = "Cả hai cột «{male}» và «{female}» đều có giá trị; chỉ ghi ở một cột."
GENDER_DISAGREES = "Cột «{column}» ghi {said} nhưng cột giới tính ghi {other}."
NOT_A_NUMBER = "«{text}» không phải số nguyên không âm."
WOMEN_OVER_TOTAL = "Số lao động nữ ({women}) lớn hơn tổng số lao động ({total})."
NOT_A_SECTOR = "«{text}» không rõ khu vực: ghi «Nhà nước» hoặc «Ngoài nhà nước»."
BOTH_SECTORS = "Đánh dấu cả «Nhà nước» và «Ngoài nhà nước»; chỉ đánh dấu một."
NO_SECTOR = "Chưa rõ khu vực: đánh dấu «Nhà nước» hoặc «Ngoài nhà nước»."
NOT_AN_EMPLOYER_TYPE = (
    "«{text}» không rõ loại hình: ghi cơ quan, trường học, doanh nghiệp nhà nước, doanh nghiệp "
    "ngoài nhà nước, doanh nghiệp FDI, hợp tác xã hoặc nghiệp đoàn."
)
UNKNOWN_COMMUNE = (
    "Xã, phường «{text}» không có trong danh mục xã, phường của tỉnh từ 01/7/2025 (kể cả tên "
    "trước sắp xếp)."
)
FUTURE_DATE = "{label} {day} ở tương lai."
UNKNOWN_UNION = (
    "Không có công đoàn cơ sở «{text}» đang hoạt động. Hãy nhập danh sách CĐCS trước, hoặc sửa tên "
    "cho khớp."
)
AMBIGUOUS_UNION = "«{text}» khớp với nhiều công đoàn cơ sở: {names}. Hãy ghi đủ tên."
DISSOLVED_UNION = "Công đoàn cơ sở «{text}» đã giải thể."
DUPLICATE_ID = "Số CCCD {number} trùng với dòng {row}."
DUPLICATE_PERSON = (
    "Trùng với dòng {row}: cùng họ tên, ngày sinh và công đoàn cơ sở, không có số CCCD. Bỏ dòng "
    "trùng, hoặc ghi số CCCD nếu là hai người."
)
DUPLICATE_UNION = "Tên công đoàn cơ sở trùng với dòng {row}."
OTHER_UNION = (
    "Đoàn viên {name} (CCCD {number}) đang sinh hoạt ở «{current}», không phải «{given}». Hãy "
    "chuyển sinh hoạt trong màn hình Đoàn viên, hoặc nhập mà không cập nhật đoàn viên đã có."
)

# The outcome.
REFUSED = (
    "Không nhập gì: tệp {path} có {count} lỗi ở trang tính «{sheet}». Sửa các lỗi rồi nhập lại."
)
REPORT_WRITTEN = "Danh sách lỗi (các dòng gốc, ô lỗi tô đỏ, cột «Lỗi cần sửa») đã ghi vào {path}."
REPORT_NOT_WRITTEN = "Không ghi được tệp danh sách lỗi {path} ({detail})."
MORE_PROBLEMS = "… và {count} lỗi khác (xem tệp danh sách lỗi)."
ERROR_COLUMN = "Lỗi cần sửa"
UNKNOWN_KIND = (
    "Không có loại danh sách «{kind}»: chọn members (đoàn viên) hoặc unions (công đoàn cơ sở)."
)
OTHER_NAME = (
    "Số CCCD {number} trong cơ sở dữ liệu là của {name}, tệp lại ghi {given}. Kiểm tra số CCCD "
    "hoặc họ tên; không cập nhật để khỏi ghi đè người khác."
)
FORMER_MEMBER = (
    "Số CCCD {number} là của {name}, đã thôi sinh hoạt ở «{union}». Hãy kết nạp lại trong màn hình "
    "Đoàn viên (giữ lịch sử), rồi bỏ dòng này khỏi tệp."
)
NEW_NEEDS_JOIN_DATE = (
    "{name} chưa có trong cơ sở dữ liệu nên cần ngày vào công đoàn (dd/mm/yyyy hoặc năm) để tính "
    "đúng tháng kết nạp."
)

# Progress.
PROGRESS_READING = "Đang đọc tệp {path}…"
PROGRESS_CHECKING = "Đang kiểm tra từng dòng…"
PROGRESS_CHECKED = "Đã kiểm tra xong."
PROGRESS_WRITING = "Đang ghi vào cơ sở dữ liệu…"

# The summary.
COLUMNS_USED = "Ghép cột:"
COLUMN_USED = "  {letter} «{title}» → {field}"
NOT_IMPORTED = "(không nhập)"
SUMMARY_READ = "Đọc {rows} dòng dữ liệu ở trang tính «{sheet}» (dòng tiêu đề: {header})."
SUMMARY_LEGACY = "Đã chuyển {count} ô từ bảng mã {encoding} sang Unicode."
SUMMARY_NEW = "Thêm mới: {count} {what}."
SUMMARY_UPDATED = "Cập nhật: {count} {what} đã có."
SUMMARY_KEPT = "Giữ nguyên (đã có, không cập nhật): {count} {what}."
SUMMARY_WHO = "{name} (dòng {row})"
SUMMARY_MORE = "; … và {count} khác"
SUMMARY_PADDED = "Đã thêm lại số 0 ở đầu cho {count} số CCCD bị lưu dạng số."
SUMMARY_PARTIAL_DATES = (
    "{count} ngày chỉ ghi năm hoặc tháng/năm: lấy ngày 01 (và tháng 01 nếu chỉ có năm)."
)
SUMMARY_HEADINGS = "Bỏ qua {count} dòng tên nhóm (như «{first}»): không phải bản ghi."
SUMMARY_PROBLEMS = "Số lỗi cần sửa: {count}."
DRY_RUN = "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu."
DONE = "Đã nhập xong vào {path}."
IMPORTED_FROM = "Nhập từ danh sách «{name}»"
