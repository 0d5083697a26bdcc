"""Command line for staff accounts, backup and restore (wired into ``python -m core`` by core/cli.py).

    python -m core staff create --role association_host --email host@example.org [--name N] [--association A]
                                [--password-stdin | --oidc-only]
    python -m core staff list
    python -m core staff password --email host@example.org [--password-stdin]
    python -m core staff disable --email host@example.org      (enable: the same with "enable")
    python -m core backup OUT.jsonl.gz
    python -m core restore IN.jsonl.gz [--replace]

The database is ``DATABASE_URL`` (default: the SQLite file under var/), migrated to
the newest schema first. Without ``--password-stdin`` the password is asked for
twice on the terminal (never as a command-line argument, which other users of the
machine could see in the process list).

Each command is ``func(args) -> int``; errors are ``CheckupError`` subclasses, so
``main()`` prints them in both languages and exits with status 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import IO, Any

from sqlalchemy.engine import Engine

from .. import storage
from ..errors import StaffProblem
from ..storage import backup as backup_mod
from . import staff
from .staff import ROLES


def _engine(url: str | None = None) -> Engine:
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    return engine


def _read_password(args: argparse.Namespace, stdin: IO[str] | None = None) -> str:
    if getattr(args, "password_stdin", False):
        line = (stdin or sys.stdin).readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("Password / 密碼: ")
    if first != getpass.getpass("Again / 再輸入一次: "):
        raise StaffProblem("staff_error")
    return first


# --------------------------------------------------------------------------- plain functions


def staff_create(
    email: str,
    role: str,
    password: str | None,
    *,
    name: str = "",
    association: str | None = None,
    url: str | None = None,
) -> staff.Staff:
    """Create a staff account in ``url``'s database (default ``DATABASE_URL``). ``password=None``: OIDC only."""
    engine = _engine(url)
    try:
        return staff.create_staff(engine, email, role, password, name=name, association=association)
    finally:
        engine.dispose()


def backup(out: str, *, url: str | None = None) -> dict[str, int]:
    """``python -m core backup OUT``: the whole database to a gzip'd JSON Lines file."""
    engine = _engine(url)
    try:
        return backup_mod.backup(engine, out)
    finally:
        engine.dispose()


def restore(src: str, *, replace: bool = False, url: str | None = None) -> dict[str, int]:
    """``python -m core restore IN``: load a backup (refuses a database with data unless ``replace``)."""
    backup_mod.read_header(src)  # a missing or wrong file leaves no database behind
    engine = _engine(url)
    try:
        return backup_mod.restore(engine, src, replace=replace)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- argparse commands


def cmd_staff(args: argparse.Namespace, *, stdin: IO[str] | None = None, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    action = args.staff_command
    if action == "create":
        password = None if args.oidc_only else _read_password(args, stdin)
        made = staff_create(args.email, args.role, password, name=args.name or "", association=args.association)
        print(f"{made.email}\t{made.role}\t#{made.id}", file=out)
        return 0
    engine = _engine()
    try:
        if action == "list":
            for s in staff.list_staff(engine):
                print(f"{s.email}\t{s.role}\t{s.association or ''}\t{s.name}", file=out)
        elif action == "password":
            staff.set_password(engine, args.email, _read_password(args, stdin))
            print(args.email, file=out)
        elif action in ("disable", "enable"):
            staff.set_active(engine, args.email, action == "enable")
            print(f"{args.email}\t{action}d", file=out)
    finally:
        engine.dispose()
    return 0


def cmd_backup(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    counts = backup(args.out)
    print(f"{args.out}\t{sum(counts.values())} rows", file=out or sys.stdout)
    return 0


def cmd_restore(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    counts = restore(args.input, replace=args.replace)
    print(f"{args.input}\t{sum(counts.values())} rows", file=out or sys.stdout)
    return 0


def add_commands(sub: Any) -> None:
    """Add ``staff``, ``backup`` and ``restore`` to the ``python -m core`` sub-command parser."""
    p = sub.add_parser("staff", help="staff accounts: create, list, password, disable, enable")
    ssub = p.add_subparsers(dest="staff_command", required=True)
    c = ssub.add_parser("create", help="create a staff account")
    c.add_argument("--role", required=True, choices=ROLES)
    c.add_argument("--email", required=True)
    c.add_argument("--name", default="")
    c.add_argument("--association", default=None, help="the association a workshop host works for")
    how = c.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    how.add_argument("--oidc-only", action="store_true", help="no password: sign-in only through the organisation's OIDC")
    ssub.add_parser("list", help="list staff accounts")
    pw = ssub.add_parser("password", help="set a new password (ends the account's sessions)")
    pw.add_argument("--email", required=True)
    pw.add_argument("--password-stdin", action="store_true")
    for name in ("disable", "enable"):
        d = ssub.add_parser(name, help=f"{name} an account")
        d.add_argument("--email", required=True)
    p.set_defaults(func=cmd_staff)

    b = sub.add_parser("backup", help="write the whole database to a backup file (.jsonl.gz)")
    b.add_argument("out", metavar="OUT")
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="load a backup file into the database")
    r.add_argument("input", metavar="IN")
    r.add_argument("--replace", action="store_true", help="delete what the database holds first")
    r.set_defaults(func=cmd_restore)
