"""Every Vietnamese message the sync layer shows, in one place to review (and translate one day).

Each names the file or key it is about and says what the person can do.
"""

# Keys, key storage, key cards.
NO_OFFICE = "Cơ sở dữ liệu {path} chưa được khởi tạo cho đơn vị nào: chạy «uniondesk init» trước."
KEYS_EXIST = (
    "Đơn vị {code} đã có khóa (mã khóa {key_id}, dấu vân tay {fingerprint}). Không tạo khóa mới; "
    "muốn thay khóa hãy dùng «uniondesk keys rotate»."
)
NO_PENDING_KEY = (
    "Đơn vị {code} không có khóa mới nào đang chờ: «uniondesk keys rotate» tạo khóa mới, gói "
    "xuất tiếp theo (ký bằng khóa cũ) báo khóa đó. Thẻ của khóa đang dùng: uniondesk keys export."
)
NO_OWN_KEY = (
    "Đơn vị {code} chưa có khóa ký. Chạy «uniondesk keys create --db {path}» (hoặc khôi phục bản sao "
    "khóa bằng «uniondesk keys restore»)."
)
PRIVATE_KEY_MISSING = (
    "Không tìm thấy khóa bí mật {key_id} của đơn vị trên máy này ({where}). Nếu máy vừa cài lại, hãy "
    "khôi phục bản sao khóa: «uniondesk keys restore TỆP --db ...»."
)
KEY_FILE_DAMAGED = "Tệp khóa {path} bị hỏng hoặc không phải tệp khóa Union Desk."
WRONG_PASSPHRASE = "Mật khẩu khóa không đúng (tệp {path}). Hãy nhập lại đúng mật khẩu đã đặt."
NEED_PASSPHRASE = (
    "Máy này không có kho khóa của hệ điều hành nên khóa được cất trong tệp mã hóa bằng mật khẩu. "
    "Hãy đặt biến môi trường UNIONDESK_KEY_PASSPHRASE hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập "
    "mật khẩu ({purpose})."
)
PASSPHRASE_TOO_SHORT = "Mật khẩu phải có ít nhất {minimum} ký tự."
PASSPHRASES_DIFFER = "Hai lần nhập mật khẩu không giống nhau."
KEYRING_FAILED = "Không ghi được khóa vào kho khóa của hệ điều hành ({detail})."

CARD_UNREADABLE = "Tệp {path} không phải thẻ khóa công khai Union Desk ({detail})."
CARD_BAD_SIGNATURE = (
    "Thẻ khóa {path} có chữ ký không hợp lệ: thẻ đã bị sửa. Hãy xin lại thẻ từ đơn vị {code}."
)
CARD_FINGERPRINT_MISMATCH = (
    "Dấu vân tay của thẻ {path} là {found}, khác với dấu vân tay đã đọc qua điện thoại ({expected}). "
    "Không tin thẻ này; hãy liên hệ lại đơn vị {code}."
)
CARD_IS_OWN = "Thẻ {path} là thẻ của chính đơn vị này ({code}); hãy dùng thẻ của đơn vị kia."
CARD_WRONG_ROLE_DISTRICT = (
    "Thẻ {path} là của đơn vị {code} ({role}); đơn vị cấp huyện chỉ tin thẻ của LĐLĐ tỉnh."
)
CARD_WRONG_ROLE_PROVINCE = (
    "Thẻ {path} là của một LĐLĐ tỉnh ({code}); LĐLĐ tỉnh chỉ đăng ký thẻ của các đơn vị cấp trên "
    "trực tiếp cơ sở."
)
CARD_KEY_TAKEN = (
    "Khóa {key_id} trong thẻ {path} đã được đăng ký cho đơn vị {other}, không phải {code}."
)
UNKNOWN_UNIT_KEY = "Không có khóa {key_id} của đơn vị {code} trong danh sách khóa đã đăng ký."
BAD_SEQUENCE = "Số thứ tự gói phải là số nguyên dương (nhận được «{value}»)."

BACKUP_EXISTS = "Tệp {path} đã có; chọn tên khác để không ghi đè."
BACKUP_UNREADABLE = "Tệp {path} không phải bản sao khóa Union Desk hoặc đã bị hỏng."
BACKUP_WRONG_PASSPHRASE = "Mật khẩu của bản sao khóa {path} không đúng."
BACKUP_OTHER_UNIT = (
    "Bản sao khóa {path} là của đơn vị {found}, còn cơ sở dữ liệu này là của đơn vị {code}."
)

# Shapes of the signed documents' fields: the {detail} of ENVELOPE_DAMAGED / MANIFEST_DAMAGED.
FIELD_NOT_OBJECT = "«{what}» phải là một đối tượng JSON"
FIELD_MISSING = "«{what}» thiếu trường «{name}»"
FIELD_EXTRA = "«{what}» có trường lạ «{name}» (định dạng phiên bản này không có trường đó)"
FIELD_EMPTY = "«{what}» phải là chữ, không để trống"
FIELD_ROLE = "«{what}» phải là «district» hoặc «province»"
FIELD_UUID = "«{what}» phải là UUID viết thường dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
FIELD_PERIOD = "«{what}» phải là tháng dạng YYYY-MM, tháng 01–12 (nhận được {value})"
FIELD_HEX = "«{what}» phải là {digits} chữ số thập lục phân viết thường"
FIELD_TYPE = "«{what}» thiếu hoặc sai kiểu"
FIELD_COUNT = "«{what}» phải là số nguyên từ {least}"
FIELD_CREATED_AT = "«{what}» phải là giờ UTC dạng 2024-07-01T08:30:00Z (nhận được {value})"
FIELD_VALUE = "«{what}» phải là {expected}"
NOT_AN_OBJECT = "không phải đối tượng JSON"
NOT_CANONICAL = "không ở dạng JSON chuẩn (khóa xếp theo thứ tự, không khoảng trắng)"
EXPECT_LIST = "danh sách"
EXPECT_KEY_LIST = "danh sách mã khóa, không rỗng"
EXPECT_DISTINCT_KEYS = "các mã khóa khác nhau"
EXPECT_NO_PREVIOUS = "rỗng ở gói số 1"
EXPECT_PART_LIST = "danh sách phần"
EXPECT_UNIT_CODE = "mã của «unit»"
EXPECT_KEY_ID = "16 chữ số đầu của SHA-256(sign_public)"
EXPECT_VALID_FROM = "từ 2 đến số thứ tự gói + 1"
EXPECT_NO_COUNTS = "{} ở gói của tỉnh"
EXPECT_NO_ANNOUNCEMENTS = "[] ở gói của tỉnh"
EXPECT_COUNT_PER_TABLE = "đúng một số đếm cho mỗi bảng của lược đồ"
EXPECT_RECIPIENT_LIST = "danh sách người nhận, không rỗng"
EXPECT_KEY_ONCE = "mỗi khóa một lần"
EXPECT_YEAR = "năm 2000–2100"

# Bundle files: the checks of DESIGN.md, in their order. {file} is the file as the person named it.
FILE_MISSING = "Không tìm thấy tệp {file}."
FILE_TOO_LARGE = (
    "Tệp {file} quá lớn ({size} byte, tối đa {cap} byte): không phải gói dữ liệu Union Desk."
)
FILE_TOO_SMALL = "Tệp {file} quá nhỏ để là gói dữ liệu Union Desk ({size} byte)."
NOT_A_CONTAINER = "{where}: không phải gói dữ liệu Union Desk (không đọc được cấu trúc tệp)."
TOO_MANY_MEMBERS = "{where}: có {count} thành phần, nhiều hơn một gói hợp lệ. Tệp bị từ chối."
MEMBER_IS_DIRECTORY = "{where}: có thư mục «{name}» bên trong; gói hợp lệ không chứa thư mục."
MEMBER_IS_LINK = "{where}: có liên kết «{name}» bên trong; gói hợp lệ không chứa liên kết."
MEMBER_UNSAFE_PATH = (
    "{where}: thành phần «{name}» có đường dẫn nguy hiểm (tuyệt đối hoặc «..»). Tệp bị từ chối."
)
MEMBER_DUPLICATE = "{where}: thành phần «{name}» xuất hiện hai lần. Tệp bị từ chối."
MEMBER_UNEXPECTED = "{where}: có thành phần lạ «{name}». Tệp bị từ chối."
MEMBER_MISSING = "{where}: thiếu thành phần «{name}»; tệp không đầy đủ."
MEMBER_ORDER = (
    "{where}: thành phần «{found}» đứng ở chỗ của «{expected}»; các thành phần phải theo đúng thứ "
    "tự của bản kê. Tệp bị từ chối."
)
MEMBER_METHOD = (
    "{where}: thành phần «{name}» {found}, trong khi định dạng yêu cầu mọi thành phần ở đây "
    "{expected}. Tệp bị từ chối."
)
STORED = "được lưu nguyên (không nén)"
DEFLATED = "được nén (deflate)"
OTHER_METHOD = "được nén theo kiểu số {method}"
MEMBER_TOO_LARGE = (
    "{where}: thành phần «{name}» khai {size} byte, vượt giới hạn {cap} byte cho một thành phần. "
    "Tệp bị từ chối."
)
MEMBERS_TOO_LARGE = (
    "{where}: đến thành phần «{name}» các thành phần đã khai tổng cộng {size} byte, vượt giới "
    "hạn {cap} byte. Tệp bị từ chối."
)
MEMBER_RATIO = (
    "{where}: thành phần «{name}» có tỉ lệ nén bất thường (nghi «bom nén»). Tệp bị từ chối."
)
MEMBER_DAMAGED = "{where}: thành phần «{name}» bị hỏng, không đọc được."
CONTAINER_ALTERED = (
    "{file}: đã bị thay đổi sau khi xuất (cấu trúc tệp không đúng như khi tạo). "
    "Hãy xin đơn vị gửi lại gói."
)
ENVELOPE_DAMAGED = "Tệp {file}: phần bì thư (envelope.json) bị hỏng: {detail}."
PAYLOAD_SIZE = "«payload_size» ghi {declared} byte nhưng payload.bin có {found} byte"
NEWER_FORMAT = (
    "Tệp {file} dùng định dạng gói phiên bản {found}, mới hơn phiên bản phần mềm này đọc được "
    "({supported}). Hãy cập nhật Union Desk rồi thử lại."
)
NOT_FOR_US = (
    "Tệp {file} được mã hóa cho đơn vị khác (khóa {found}), không phải cho đơn vị này (khóa "
    "{ours}). Hãy kiểm tra lại người nhận."
)
CANNOT_DECRYPT = (
    "Tệp {file} không giải mã được: nội dung đã bị thay đổi hoặc hỏng khi chép. "
    "Hãy xin đơn vị gửi lại gói."
)
MANIFEST_DAMAGED = "Tệp {file}: bản kê (manifest) bị hỏng: {detail}."
PART_LISTED_TWICE = "một phần được kê hai lần"
PARTS_NOT_AS_DOCUMENTED = "danh sách phần phải đúng là, theo thứ tự: {expected}"
SIGNATURE_LENGTH = "chữ ký manifest.sig phải dài 64 byte (có {size} byte)"
UNKNOWN_KEY = (
    "Tệp {file} được ký bằng khóa {key_id} của đơn vị «{unit}», nhưng khóa này chưa được đăng ký. "
    "Hãy nhận thẻ khóa của đơn vị (uniondesk keys trust) và đối chiếu dấu vân tay qua điện thoại."
)
KEY_OTHER_UNIT = (
    "Tệp {file} tự nhận là của đơn vị «{unit}» nhưng được ký bằng khóa của đơn vị «{owner}». "
    "Gói bị từ chối."
)
KEY_INACTIVE = "Tệp {file} được ký bằng khóa {key_id} đã ngừng dùng. Gói bị từ chối."
KEY_REVOKED = (
    "Tệp {file} (gói số {sequence}) được ký bằng khóa {key_id} đã bị thu hồi từ gói số "
    "{revoked}. Gói bị từ chối; hãy liên hệ đơn vị {unit}."
)
KEY_NOT_YET_VALID = (
    "Tệp {file} (gói số {sequence}) được ký bằng khóa {key_id}, chỉ có hiệu lực từ gói số {valid}."
)
BAD_SIGNATURE = (
    "Tệp {file}: chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị giả mạo. Gói bị từ chối."
)
WRONG_RECIPIENT = (
    "Tệp {file} được lập để gửi cho đơn vị khác ({found}), không phải đơn vị này ({ours})."
)
RECIPIENT_KEYS_DIFFER = (
    "Tệp {file}: bản kê ghi gói được mã hóa cho khóa {listed}, nhưng bì thư mã hóa cho khóa "
    "{sealed} (máy này mở bằng khóa {opened}): gói đã bị đóng gói lại sau khi ký. Gói bị từ chối."
)
PART_HASH = (
    "Tệp {file}: phần «{name}» không khớp mã băm ghi trong bản kê: đã bị thay đổi. Gói bị từ chối."
)
NEWER_SCHEMA = (
    "Tệp {file} dùng lược đồ dữ liệu «{found}» mới hơn phiên bản này đọc được. Hãy cập nhật "
    "Union Desk rồi thử lại."
)
WRONG_BUNDLE_TYPE = "Tệp {file} là {found}, không phải {expected}."
SUMMARY_NOT_OBJECT = "Tệp {file}: phần «summary.json» phải là một đối tượng JSON (UTF-8)."
RECORD_INVALID = "Tệp {file}, bảng «{table}», dòng {row}, trường «{field}»: {problem}."
RECORD_DUPLICATE = "Tệp {file}, bảng «{table}»: mã bản ghi {record} xuất hiện hai lần."
RECORD_DANGLING = (
    "Tệp {file}, bảng «{table}», dòng {row}, trường «{field}»: trỏ tới bản ghi {record} không có "
    "trong gói."
)
RECORD_COUNT = "Tệp {file}, bảng «{table}»: bản kê ghi {expected} dòng nhưng có {found} dòng."
RECORD_OTHER_UNIT = (
    "Tệp {file}, bảng «{table}»: bản ghi {record} đã thuộc đơn vị {owner}. Mỗi máy tự sinh mã "
    "bản ghi (UUID) nên hai đơn vị không bao giờ trùng mã, trừ khi cơ sở dữ liệu của {unit} được "
    "sao chép từ cơ sở dữ liệu của {owner} (hoặc gói bị làm giả). Gói bị từ chối, dữ liệu của "
    "{owner} giữ nguyên. Đơn vị {unit} cần cơ sở dữ liệu của riêng mình (uniondesk init rồi nhập "
    "danh sách), không dùng bản sao của đơn vị khác."
)
RECORD_CONFLICT = "Tệp {file}: dữ liệu vi phạm ràng buộc của cơ sở dữ liệu ({detail})."
PART_SHAPE = "phần phải là một đối tượng JSON có đúng ba trường «table», «columns», «rows»"
BAD_VALUE = "giá trị {value} không hợp lệ"
TEXT_TOO_LONG = "chữ dài {length} ký tự, tối đa {limit} ký tự"
TEXT_NOT_NFC = (
    "chữ không ở dạng Unicode NFC (dấu phải dựng sẵn, như Union Desk lưu); đơn vị cần lập lại "
    "gói bằng phần mềm ghi đúng định dạng"
)
NO_SUCH_DAY = "ngày {value} không có trên lịch"
RECORD_AFTER_PERIOD = (
    "Tệp {file}, bảng «{table}», dòng {row}, trường «{field}»: {value} sau kỳ của gói ({period}); "
    "gói của một tháng chỉ mang những gì đến hết tháng đó."
)
HOUSES_OUT_OF_RANGE = (
    "Tệp {file}, bảng «activity», dòng {row}, trường «houses»: số căn nhà {value} không hợp lệ "
    "(từ {least} đến {most}, hoặc để trống)."
)
RECORD_JOINED_AFTER = (
    "Tệp {file}, bảng «member», dòng {row}, trường «joined_on»: ngày vào công đoàn {value} sau "
    "kỳ của gói ({period}) mà đoàn viên không có biến động nào trong gói; người chưa là đoàn "
    "viên ở cuối kỳ không được có trong gói."
)
RECORD_SAME_KEY = (
    "Tệp {file}, bảng «{table}», dòng {row}: {what} trùng với dòng {first}; mỗi đơn vị chỉ có "
    "một dòng còn hiệu lực như vậy."
)
SAME_CITIZEN_ID = "số CCCD của một đoàn viên đang sinh hoạt"
SAME_RATING = "xếp loại năm {year} của CĐCS {union}"
SAME_PROGRESS = "kết quả chỉ tiêu «{code}» năm {year} kỳ {period}"
SAME_NARRATIVE = "báo cáo nhiệm vụ số {number} năm {year} kỳ {period}"
NO_PROGRAMME_AT_PROVINCE = (
    "Tệp {file} có số liệu chương trình năm {year}, nhưng cơ sở dữ liệu này chưa có chương trình "
    "năm {year}: hãy thêm tệp resources/programmes/{year}.json."
)
UNKNOWN_TARGET = (
    "Tệp {file}, bảng «{table}», dòng {row}: chương trình năm {year} không có «{code}»."
)

# The ledger.
ALREADY_MERGED = (
    "Tệp {file}: gói số {sequence} (kỳ {period}) của {unit} đã gộp trước đó; không thay đổi gì."
)
ROLLBACK = (
    "Tệp {file}: gói số {sequence} (kỳ {period}) của {unit} cũ hơn gói số {last} đã gộp. "
    "Không gộp dữ liệu cũ đè lên dữ liệu mới."
)
FORK = (
    "Tệp {file}: gói số {sequence} của {unit} khác với gói cùng số đã gộp trước đó. Thường do đơn "
    "vị đã khôi phục một bản sao lưu cũ. Gói bị từ chối và được đánh dấu để kiểm tra; hãy liên hệ "
    "đơn vị {unit}."
)
FORK_CHAIN = (
    "Tệp {file}: gói số {sequence} của {unit} không nối tiếp gói số {last} đã gộp (chuỗi mã băm "
    "không khớp). Thường do đơn vị đã khôi phục một bản sao lưu cũ. Gói bị từ chối và được đánh "
    "dấu để kiểm tra."
)
FORK_OPEN = (
    "Tệp {file}: đơn vị {unit} đang có gói rẽ nhánh chưa được xử lý (gói số {forked}, tệp "
    "{forked_file}); mọi gói sau của đơn vị chờ LĐLĐ tỉnh quyết định. Giữ dữ liệu đã gộp (gói số "
    "{last}), đơn vị nối tiếp từ đó: uniondesk bundle resolve --unit {unit} --keep {last}. Hoặc "
    "nhận nhánh mới của đơn vị thay cho dữ liệu đã gộp: uniondesk bundle accept-fork TỆP."
)
GAP = "Chưa nhận gói số {sequences} của {unit}; các kỳ còn thiếu: {periods}."
FORK_BRANCH = (
    "Tệp {file}: gói số {sequence} của {unit} tiếp tục nhánh rẽ mà LĐLĐ tỉnh đã không nhận (tỉnh "
    "giữ dữ liệu đã gộp đến gói số {last}); không gộp. Gửi đơn vị gói biên nhận (uniondesk bundle "
    "package --type receipts --unit {unit}): gói sau của đơn vị sẽ nối tiếp gói số {last}."
)
RESOLVE_NOT_PROVINCE = (
    "Cơ sở dữ liệu {path} là của đơn vị cấp huyện; chỉ LĐLĐ tỉnh quyết định về gói rẽ nhánh."
)
NO_OPEN_FORK = (
    "Đơn vị {unit} không có gói rẽ nhánh nào đang chờ quyết định (uniondesk bundle list liệt kê "
    "sổ nhận gói)."
)
KEEP_NOT_LAST = (
    "Gói số {sequence} không phải gói cuối cùng đã gộp của {unit} (gói số {last}): chỉ giữ được "
    "dữ liệu đã gộp đến gói cuối, ghi --keep {last}."
)
KEPT = (
    "LĐLĐ tỉnh giữ dữ liệu của {unit} đã gộp đến gói số {sequence} (kỳ {period}); các gói rẽ "
    "nhánh không được gộp. Gói tiếp theo của đơn vị phải nối tiếp gói số {sequence}: gửi đơn vị "
    "gói biên nhận (uniondesk bundle package --type receipts --unit {unit}), Union Desk của đơn "
    "vị sẽ nối tiếp từ đó."
)
NOT_ON_FORK = (
    "Tệp {file} không phải gói bị từ chối vì rẽ nhánh đang chờ quyết định của {unit}: chỉ nhận "
    "nhánh mới bằng một gói đã bị từ chối vì rẽ nhánh (xem uniondesk bundle list)."
)
TAKEN = (
    "LĐLĐ tỉnh nhận nhánh mới của {unit}: gói số {sequence} (kỳ {period}, tệp {file}) thay cho "
    "dữ liệu đã gộp đến gói số {last}; các gói sau của đơn vị nối tiếp gói này."
)
RECEIPTS_APPLIED = "Cập nhật trạng thái {count} gói đã gửi."
ANSWERS_RETURN = (
    "Gói này trả lời báo cáo bị trả lại ({periods}): hãy xem rồi chấp nhận "
    "(uniondesk bundle decide … accept) hoặc trả lại lần nữa."
)
DECISIONS_TAKEN = (
    "Nhận {count} quyết định mới của LĐLĐ tỉnh về báo cáo tháng ({returned} tháng bị trả lại "
    "chưa gửi lại)."
)
PROVINCE_HOLDS_REUSED = (
    "LĐLĐ tỉnh đang giữ gói số {sequence} (kỳ {period}) khác với gói số {sequence} máy này đã "
    "gửi: máy này đã khôi phục một bản sao lưu cũ hơn gói đó nên đã dùng lại số thứ tự. Gói xuất "
    "tiếp theo sẽ nối tiếp gói số {sequence} tỉnh đang giữ (mang số {next}) và thay toàn bộ dữ "
    "liệu tỉnh đang giữ bằng dữ liệu trên máy này: trước khi xuất, hãy nhập lại những gì đã nhập "
    "sau bản sao lưu đó (chúng có trong cơ sở dữ liệu trước khi khôi phục, tệp "
    "*.truoc-khoi-phuc-*.sqlite bên cạnh tệp dữ liệu)."
)
PROVINCE_HOLDS = (
    "LĐLĐ tỉnh đã gộp gói số {sequence} (kỳ {period}) mà máy này không còn (gửi trước khi khôi "
    "phục bản sao lưu). Gói xuất tiếp theo sẽ nối tiếp gói đó (mang số {next}) và thay toàn bộ dữ "
    "liệu tỉnh đang giữ bằng dữ liệu trên máy này: trước khi xuất, hãy nhập lại những gì đã nhập "
    "sau bản sao lưu (chúng có trong tệp *.truoc-khoi-phuc-*.sqlite bên cạnh tệp dữ liệu)."
)
GAP_NO_PERIOD = "Chưa nhận gói số {sequences} của {unit} (cùng kỳ đã có)."
NOT_PROVINCE = "Cơ sở dữ liệu {path} là của đơn vị cấp huyện; chỉ LĐLĐ tỉnh gộp gói dữ liệu tháng."
NO_PROVINCE_KEY = (
    "Đơn vị chưa tin khóa của LĐLĐ tỉnh: hãy nhận thẻ khóa của tỉnh (uniondesk keys trust TỆP) "
    "trước khi xuất gói."
)
OUT_EXISTS = "Tệp {path} đã có; Union Desk không ghi đè gói đã xuất. Hãy chọn tên khác."
OLDER_PERIOD = (
    "Đã gửi gói kỳ {last}; không xuất gói cho kỳ cũ hơn ({period}) vì tỉnh sẽ từ chối dữ liệu cũ."
)
EXPORT_NOT_DISTRICT = "Cơ sở dữ liệu {path} là của LĐLĐ tỉnh; tỉnh gửi gói chương trình, chỉ tiêu, biên nhận (uniondesk bundle package)."
EXPORT_RACED = (
    "Một gói khác vừa được xuất từ cơ sở dữ liệu này trong lúc lập gói {path}; gói này không được "
    "ghi. Hãy xuất lại."
)
# The month's state is read as the office's own file keeps it (the order rows went in).
EXPORT_NEEDS_FILE = (
    "{path} là cơ sở dữ liệu PostgreSQL; gói dữ liệu tháng được xuất từ tệp cơ sở dữ liệu của "
    "đơn vị (--db TỆP.sqlite)."
)

# Packages the office takes from its province (docs/bundle-format.md §9).
NOT_A_PACKAGE = "Tệp {file} là gói dữ liệu tháng của một đơn vị, không phải gói của LĐLĐ tỉnh."
OLDER_PACKAGE = "Tệp {file}: gói {kind} số {sequence} cũ hơn gói số {last} đã nhận; không áp dụng."
SAME_NUMBER_PACKAGE = (
    "Tệp {file}: gói {kind} số {sequence} khác với gói số {sequence} đã nhận; không áp dụng. Hãy "
    "đề nghị LĐLĐ tỉnh kiểm tra và gửi gói mới nhất."
)
PACKAGE_CHAIN = (
    "Tệp {file}: gói {kind} số {sequence} không nối tiếp gói số {last} đã nhận (mã băm gói trước "
    "ghi trong gói không khớp); không áp dụng. Hãy đề nghị LĐLĐ tỉnh kiểm tra và lập lại gói."
)
PACKAGE_BROKEN = "Tệp {file}: nội dung gói {kind} không hợp lệ ({detail})."
ALREADY_TAKEN = "Tệp {file}: gói {kind} số {sequence} đã nhận trước đó; không thay đổi gì."
EMPTY_QUOTAS = (
    "Tệp {file}: gói chỉ tiêu năm {year} không có chỉ tiêu nào. Gói không được áp dụng; đơn vị "
    "giữ nguyên các chỉ tiêu giao đang có. Hãy đề nghị LĐLĐ tỉnh lập lại gói."
)
QUOTA_NOT_NUMBER = "chỉ tiêu «{code}»: giá trị phải là một số"
QUOTA_TWICE = "chỉ tiêu «{code}» được giao hai lần"
QUOTA_PROVINCE_SCOPE = "chỉ tiêu «{code}» là chỉ tiêu riêng của tỉnh, không giao cho đơn vị"
QUOTA_NO_PROGRAMME = "chưa có chương trình năm {year}"
QUOTA_UNKNOWN_TARGET = "không có chỉ tiêu «{code}» trong chương trình {year}"
QUOTA_OTHER_UNIT = "chỉ tiêu của đơn vị {unit}"
HOLDS_PROGRAMME = "chương trình năm {year}, {count} chỉ tiêu"
HOLDS_QUOTAS = "{count} chỉ tiêu giao năm {year}"
HOLDS_RECEIPTS = "{count} biên nhận"
HOLDS_DECISIONS = "{count} biên nhận, {decisions} quyết định về báo cáo tháng"
TOOK_PROGRAMME = "Chương trình năm {year}: {count} chỉ tiêu."
TOOK_QUOTAS = "{count} chỉ tiêu năm {year}."
