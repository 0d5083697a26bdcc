"""Read files as the upload and the command line do, each in a child held to a memory and a CPU limit.

    python tests/bounded_run.py MEGABYTES CPU_SECONDS FILE...

After the imports, one child per file and per path (``upload``: the bytes → a checkup → its file form →
its calculation, what the save page does; ``cli``: ``python -m core checkup FILE``) is forked with
RLIMIT_AS = its address space now + MEGABYTES and RLIMIT_CPU = CPU_SECONDS. Prints one JSON line per
child: file, path, exit status, the signal that ended it (SIGXCPU: over the time limit), and its peak
resident memory above the parent's. Limits, not timings: a loaded machine makes nothing here fail.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import core  # noqa: E402
from core import cli  # noqa: E402
from core.reports.template import import_template  # noqa: E402

HANDLED, UNEXPECTED, OUT_OF_MEMORY = 0, 1, 3


def upload(path: Path) -> None:
    data = path.read_bytes()
    checkup = import_template(data, path.name) if path.suffix == ".xlsx" else core.loads(data, path.name)
    core.compute(core.parse_checkup(core.to_data(checkup)))


def command_line(path: Path) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    status = cli.main(["checkup", str(path)])
    if status not in (0, 2):
        raise RuntimeError(f"exit status {status}")


def child(run, path: Path, megabytes: int, cpu: int) -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    limit = pages * os.sysconf("SC_PAGE_SIZE") + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        run(path)
    except core.CheckupError:
        return HANDLED
    except MemoryError:
        return OUT_OF_MEMORY
    except BaseException:  # noqa: BLE001 - reported to the test, which fails
        return UNEXPECTED
    return HANDLED


def main() -> None:
    megabytes, cpu, files = int(sys.argv[1]), int(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB
    for path in files:
        for name, run in (("upload", upload), ("cli", command_line)):
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                os._exit(child(run, path, megabytes, cpu))
            _, status, usage = os.wait4(pid, 0)
            print(json.dumps({
                "file": path.name, "path": name,
                "status": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else None,
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_mb_above_parent": round(max(0, usage.ru_maxrss - base_rss) / 1024, 1),
            }), flush=True)


if __name__ == "__main__":
    main()
