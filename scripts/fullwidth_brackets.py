"""Brackets in Traditional Chinese text are full-width: 「功率 (kW)」→「功率（kW）」.

Rewrites the values of locales/zh-TW/*.toml in place (keys, comments and layout untouched) and prints what it
changed; ``--check`` only lists them and exits 1 if any (tests/test_taiwan_words.py runs the check). A pair stays
half-width when it is part of a citation or a formula: (EU) 2023/956, 24(e)(iv), (zh-TW), (A − B).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "locales" / "zh-TW"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
PAIR = re.compile(r"(?P<space> ?)\((?P<inner>[^()\n\"]*)\)(?P<trail> ?)")
KEEP = re.compile(r"^(EU|zh-TW|en|[A-Z] [−+×-] [A-Z])$")
VALUE = re.compile(r'^(?P<head>\s*[\w.-]+\s*=\s*")(?P<body>(?:[^"\\]|\\.)*)(?P<tail>".*)$')


def fix(text: str) -> str:
    """One value's text with its Chinese bracket pairs full-width."""
    def repl(m: re.Match[str]) -> str:
        inner, start = m.group("inner"), m.start()
        before = text[start - 1] if start > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        chinese = CJK.search(inner) or CJK.match(before or " ") or CJK.match(after or " ")
        citation = re.fullmatch(r"(?=\w)\d{0,3}[a-z]{0,4}", inner) and not CJK.match(before or " ")  # § 24(e)(iv)
        if not chinese or KEEP.match(inner.strip()) or citation:
            return m.group(0)
        trail = "" if CJK.match(after or " ") else m.group("trail")  # no space between 「）」 and Chinese
        return f"（{inner.strip()}）{trail}"

    return PAIR.sub(repl, text)


def run(check: bool) -> list[str]:
    changed = []
    for path in sorted(LOCALE.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out = []
        for n, line in enumerate(lines, 1):
            m = VALUE.match(line)
            if m and not line.lstrip().startswith("#"):
                new_body = fix(m.group("body"))
                if new_body != m.group("body"):
                    changed.append(f"{path.name}:{n}: {m.group('body')}  →  {new_body}")
                    line = m.group("head") + new_body + m.group("tail") + ("\n" if line.endswith("\n") and not m.group("tail").endswith("\n") else "")
            out.append(line)
        if not check:
            path.write_text("".join(out), encoding="utf-8")
    return changed


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    found = run(check)
    print("\n".join(found) or "every bracket in Chinese text is full-width")
    sys.exit(1 if check and found else 0)
