"""Loaded by Python at start when benchmarks/cli_numbers.py puts this folder on PYTHONPATH:
writes the peak resident memory of this process alone (VmHWM, without its children) to the
file named by ZV_BENCH_HWM when the process exits. The variable is taken out of the
environment at once, so subprocesses (LibreOffice's guard, ...) do not write; forked
workers end with os._exit and skip atexit, and the pid check covers the rest."""

import atexit
import os

_target = os.environ.pop("ZV_BENCH_HWM", None)
if _target:
    _pid = os.getpid()

    def _write(target: str = _target) -> None:
        if os.getpid() != _pid:
            return
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    with open(target, "w", encoding="ascii") as out:
                        out.write(line.split()[1])

    atexit.register(_write)
