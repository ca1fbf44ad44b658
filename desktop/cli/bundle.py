"""bundle export|verify|merge|package|list|decide: the monthly bundle and the province's packages.

Exit status: 0 done (a bundle merged before is a no-op, said so), 1 a file was refused, 2 usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import open_db, period_argument, say
from desktop.format import number, period_label


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    bundle = subparsers.add_parser("bundle", help="gói dữ liệu tháng gửi LĐLĐ tỉnh")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="VIỆC", required=True)

    export = actions.add_parser("export", help="xuất gói dữ liệu của một tháng", parents=[common])
    export.add_argument(
        "--period", required=True, type=period_argument, help="YYYY-MM hoặc MM/YYYY"
    )
    export.add_argument("--out", type=Path, required=True, help="tệp gói sẽ tạo")
    export.add_argument(
        "--full", action="store_true", help="(mặc định) gói luôn mang toàn bộ dữ liệu của đơn vị"
    )
    export.set_defaults(handler=run_export)

    verify = actions.add_parser("verify", help="kiểm tra gói, không gộp", parents=[common])
    verify.add_argument("files", type=Path, nargs="+", metavar="FILE")
    verify.set_defaults(handler=run_verify)

    merge = actions.add_parser(
        "merge", help="tỉnh: gộp gói của đơn vị; huyện: nhận gói của tỉnh", parents=[common]
    )
    merge.add_argument("files", type=Path, nargs="+", metavar="FILE")
    merge.set_defaults(handler=run_merge)

    package = actions.add_parser(
        "package", help="(tỉnh) lập gói chương trình, chỉ tiêu hoặc biên nhận", parents=[common]
    )
    package.add_argument("--type", required=True, choices=["programme", "quotas", "receipts"])
    package.add_argument("--unit", required=True, help="mã đơn vị nhận")
    package.add_argument("--year", type=int, help="năm chương trình (programme, quotas)")
    package.add_argument("--out", type=Path, required=True)
    package.set_defaults(handler=run_package)

    listing = actions.add_parser("list", help="các gói đã gửi hoặc đã nhận", parents=[common])
    listing.set_defaults(handler=run_list)

    resolve = actions.add_parser(
        "resolve",
        help="(tỉnh) gói rẽ nhánh: giữ dữ liệu đã gộp, đơn vị nối tiếp từ gói đó",
        parents=[common],
    )
    resolve.add_argument("--unit", required=True, help="mã đơn vị có gói rẽ nhánh")
    resolve.add_argument(
        "--keep", type=int, required=True, metavar="N", help="số gói cuối cùng đã gộp, được giữ"
    )
    resolve.set_defaults(handler=run_resolve)

    take = actions.add_parser(
        "accept-fork",
        help="(tỉnh) gói rẽ nhánh: nhận gói này của đơn vị thay cho dữ liệu đã gộp",
        parents=[common],
    )
    take.add_argument("file", type=Path, metavar="FILE", help="một gói đã bị từ chối vì rẽ nhánh")
    take.set_defaults(handler=run_accept_fork)

    decide = actions.add_parser(
        "decide",
        help="(tỉnh) chấp nhận hoặc trả lại (kèm lý do) báo cáo tháng của một đơn vị",
        parents=[common],
    )
    decide.add_argument("--unit", required=True, help="mã đơn vị")
    decide.add_argument(
        "--period", required=True, type=period_argument, help="YYYY-MM hoặc MM/YYYY"
    )
    decide.add_argument(
        "decision", choices=["accept", "return"], help="accept: chấp nhận; return: trả lại"
    )
    decide.add_argument("--reason", default="", help="lý do trả lại (bắt buộc khi return)")
    decide.set_defaults(handler=run_decide)


def run_export(args: argparse.Namespace) -> int:
    from desktop.services.bundles import export_bundle

    with open_db(args) as store:
        result = export_bundle(store, args.period, args.out)
    counts = result.record_counts
    say(
        f"Đã xuất gói số {result.sequence} ({period_label(result.period)}) vào {result.path}: "
        f"{number(counts.get('member', 0))} đoàn viên, {number(counts.get('grassroots_union', 0))} "
        f"CĐCS, {number(result.size)} byte."
    )
    if result.announced_key_id:
        say(f"Gói này báo khóa mới {result.announced_key_id}; các gói sau ký bằng khóa mới.")
    return 0


LABELS = {
    "merged": "ĐÃ GỘP",
    "duplicate": "ĐÃ GỘP TRƯỚC ĐÓ",
    "refused": "TỪ CHỐI",
    "ok": "HỢP LỆ",
    "accepted": "ĐÃ NHẬN",
}


def _report(results: list[Any]) -> int:
    from desktop.services.bundles import KIND_LABELS, summary_lines

    for result in results:
        say(f"[{LABELS.get(result.verdict, result.verdict)}] {result.file}", error=result.refused)
        if result.message:
            say(f"    {result.message}", error=result.refused)
        if result.verdict == "ok" and result.holds:  # a package of the province
            label = KIND_LABELS.get(result.bundle_type, result.bundle_type)
            say(f"    {result.unit_code}, gói {label} số {result.sequence}: {result.holds}.")
        elif result.verdict == "ok" and result.unit_code:
            counts = result.counts
            say(
                f"    {result.unit_code}, gói số {result.sequence}, {period_label(result.period)}: "
                f"{number(counts.get('member', 0))} đoàn viên, "
                f"{number(counts.get('grassroots_union', 0))} CĐCS, "
                f"{number(counts.get('activity', 0))} hoạt động."
            )
        if result.verdict in ("ok", "merged"):  # what the bundle changes, as the sender counted
            for line in summary_lines(result.summary):
                say(f"    {line}")
    refused = sum(1 for r in results if r.refused)
    if len(results) > 1:
        say(f"{len(results) - refused}/{len(results)} tệp được chấp nhận.")
    return 1 if refused else 0


def _process(args: argparse.Namespace, *, write: bool) -> int:
    from desktop.services.bundles import process_files

    with open_db(args) as store:
        return _report(process_files(store, list(args.files), write=write))


def run_verify(args: argparse.Namespace) -> int:
    return _process(args, write=False)


def run_merge(args: argparse.Namespace) -> int:
    return _process(args, write=True)


def run_package(args: argparse.Namespace) -> int:
    from desktop.services.bundles import export_package

    with open_db(args) as store:
        result = export_package(store, args.type, args.unit, args.out, year=args.year)
    say(
        f"Đã lập gói {result.package_type} số {result.sequence} cho {result.unit_code}: {result.path}"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.sync_status import sync_status

    with open_db(args) as store:
        status = sync_status(store)
    for line in status.lines():
        say(line)
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from desktop.services.bundles import keep_chain

    with open_db(args) as store:
        result = keep_chain(store, args.unit, args.keep)
    say(f"Đã ghi quyết định. {result.message}")
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from desktop.services.decisions import decide

    with open_db(args) as store:
        view = decide(store, args.unit, args.period, args.decision, args.reason)
    said = f"Đã ghi: báo cáo {period_label(view.period)} của {view.unit_code} {view.label}"
    say(said + (f", lý do: {view.reason}." if view.reason else "."))
    say(
        "Gói biên nhận tiếp theo gửi đơn vị sẽ mang quyết định này "
        f"(uniondesk bundle package --type receipts --unit {view.unit_code} --out …)."
    )
    return 0


def run_accept_fork(args: argparse.Namespace) -> int:
    from desktop.services.bundles import accept_fork

    with open_db(args) as store:
        return _report([accept_fork(store, args.file)])
