"""A stand-in for LibreOffice's soffice in fault tests; the mode comes from FAKE_SOFFICE.

ok: a small valid PDF per file; garbage: random bytes; truncated: a PDF cut off;
hang: sleeps (with a child, as soffice starts soffice.bin); crash: exits 1, no output;
hang-on-1: converts all but the second file, hangs on it; hang-on-first: hangs on the
first file of the batch (staged as 00000.docx) in every run; slow: 0.6 s per file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PDF = (b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
       b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
       b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\n"
       b"xref\n0 4\ntrailer\n<</Size 4/Root 1 0 R>>\nstartxref\n9\n%%EOF\n")


def main() -> int:
    mode = os.environ.get("FAKE_SOFFICE", "ok")
    args = sys.argv[1:]
    out = Path(args[args.index("--outdir") + 1])
    files = [Path(a) for a in args[args.index("--outdir") + 2:]]
    out.mkdir(parents=True, exist_ok=True)
    if mode == "hang":
        # Like soffice.bin: a grandchild that must die with the group.
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        time.sleep(300)
    if mode == "crash":
        return 1
    for i, file in enumerate(files):
        target = out / f"{file.stem}.pdf"
        if mode == "garbage":
            target.write_bytes(os.urandom(5000))
        elif mode == "truncated":
            target.write_bytes(PDF[:60])
        elif mode == "slow":
            time.sleep(0.6)
            target.write_bytes(PDF)
        elif mode == "hang-on-1" and i == 1 and len(files) > 1:
            time.sleep(300)
        elif mode == "hang-on-1" and file.stem.endswith("1"):
            time.sleep(300)
        elif mode == "hang-on-first" and file.stem == "00000":
            time.sleep(300)
        else:
            target.write_bytes(PDF)
    return 0


if __name__ == "__main__":
    sys.exit(main())
