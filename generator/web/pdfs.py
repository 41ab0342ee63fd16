"""The PDFs of `zv web`: made from the DOCX by LibreOffice, as `zv render` makes them,
and kept by the fingerprint of their DOCX, so the same state is converted once.

LibreOffice is started per conversion (one at a time): this machine's LibreOffice has
no UNO bridge for Python, and a second `soffice --convert-to` handed to a running one
ends that one. Instead, with `ahead` the server converts the current state in the
background after a save and when an agreement's page is opened, so that the PDF link
usually answers from the store.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from .. import api
from ..errors import SetupError, ZvError
from ..writers import pdf


class Pdfs:
    def __init__(self, ahead: bool = False, size: int = 16) -> None:
        self.available = pdf.find_soffice() is not None
        self.ahead = ahead and self.available
        self.size = size
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()  # one LibreOffice at a time; a request waits
        self._wanted: dict[Path, None] = {}  # files to convert ahead, in order
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None

    def docx(self, file: Path) -> bytes:
        """The DOCX of the file as it is now, through the pipeline of zv render."""
        return api.render(file, ["docx"])["docx"]

    def pdf(self, file: Path) -> bytes:
        """The PDF of the file as it is now; SetupError if LibreOffice fails."""
        return self._converted(self.docx(file), file.stem)

    def _converted(self, docx: bytes, stem: str) -> bytes:
        key = hashlib.sha256(docx).hexdigest()
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            with tempfile.TemporaryDirectory(prefix="zv-web-") as tmp:
                staged = Path(tmp) / f"{stem}.docx"
                staged.write_bytes(docx)
                result = pdf.convert([staged])[staged]
            if isinstance(result, str):
                raise SetupError(result)
            self._kept[key] = result
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
            return result

    def has(self, file: Path) -> bool:
        """Whether the PDF of the file's current state is kept (for tests and logs)."""
        try:
            key = hashlib.sha256(self.docx(file)).hexdigest()
        except ZvError:
            return False
        with self._lock:
            return key in self._kept

    def prepare(self, file: Path) -> None:
        """Convert the file's current state in the background (if `ahead`)."""
        if not self.ahead:
            return
        with self._wake:
            self._wanted.pop(file, None)
            self._wanted[file] = None
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="zv-web-pdf",
                                                daemon=True)
                self._worker.start()
            self._wake.notify()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._wanted:
                    self._wake.wait()
                file = next(iter(self._wanted))
                del self._wanted[file]
            try:
                self.pdf(file)
            except (ZvError, OSError):
                continue  # a request for it shows the reason
