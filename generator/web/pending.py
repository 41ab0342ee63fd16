"""What the two-step uploads share (a table, a returned draft, a signed text): the plan
kept between "prüfen" and the confirmation, the confirmation form, and the pages."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from html import escape
from typing import Generic, TypeVar

from starlette.responses import Response

from ..errors import InputError, ZvError
from . import pages

HTML = "text/html; charset=utf-8"
T = TypeVar("T")


class Kept(Generic[T]):
    """Plans shown but not yet confirmed, the newest `limit` of them, by a random key."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: OrderedDict[str, T] = OrderedDict()
        self.lock = threading.Lock()

    def put(self, value: T) -> str:
        key = secrets.token_urlsafe(12)
        with self.lock:
            self.kept[key] = value
            while len(self.kept) > self.limit:
                self.kept.popitem(last=False)
        return key

    def take(self, key: str) -> T | None:
        with self.lock:
            return self.kept.pop(key, None)


def confirm_form(action: str, csrf: str, label: str) -> str:
    return (f'<form method="post" action="{escape(action)}">'
            f'<input type="hidden" name="_csrf" value="{escape(csrf)}">'
            f'<p><button type="submit">{escape(label)}</button> <a href="/">Abbrechen</a></p>'
            "</form>")


def refused(exc: ZvError, lead: str) -> Response:
    """The problems of an upload that cannot be taken over; nothing was written."""
    problems = exc.problems if isinstance(exc, InputError) else []
    items = "".join(f"<li>{escape(p.format())}</li>" for p in problems) or \
        f"<li>{escape(str(exc))}</li>"
    return page("Nicht übernommen", f"<p>{escape(lead)}; nichts wurde geschrieben.</p>"
                f"<ul>{items}</ul>", 422)


def page(title: str, body: str, status: int = 200) -> Response:
    content = pages.frame(title, f"<h1>{escape(title)}</h1>\n{body}\n"
                          '<p><a href="/">Zur Übersicht</a></p>')
    return Response(content, status_code=status, media_type=HTML)
