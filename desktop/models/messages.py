"""User-facing messages raised while opening a database file."""

NEWER_SCHEMA = (
    "Cơ sở dữ liệu {path} được tạo bởi phiên bản Union Desk mới hơn (lược đồ «{found}»). "
    "Hãy cài phiên bản mới nhất rồi mở lại; tệp chưa bị thay đổi."
)
