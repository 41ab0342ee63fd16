"""Blocks -> a self-contained HTML page with the family's stylesheet."""

from __future__ import annotations

from html import escape

from ..document import Block, Container, Heading, Inline, ListBlock, Paragraph, Table
from . import Job


def write(job: Job) -> bytes:
    css = job.asset("style.css").read_text(encoding="utf-8")
    body = "\n".join(_block(b) for b in job.blocks)
    page = (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(job.titel)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n<main class=\"dokument\">\n{body}\n</main>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def inline(runs: Inline) -> str:
    parts = []
    for run in runs:
        if run.text == "\n":
            parts.append("<br>")
            continue
        text = escape(run.text, quote=False)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.href is not None:
            text = f"<a href=\"{escape(run.href)}\">{text}</a>"
        parts.append(text)
    return "".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{inline(block.runs)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{inline(block.runs)}</p>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f" start=\"{block.start}\"" if block.ordered and block.start != 1 else ""
        items = "\n".join("<li>" + "\n".join(_block(b) for b in item) + "</li>"
                          for item in block.items)
        return f"<{tag}{start}>\n{items}\n</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Container)
    inner = "\n".join(_block(b) for b in block.children)
    return f"<div class=\"{escape(block.name)}\">\n{inner}\n</div>"


def _table(table: Table) -> str:
    def cells(row: tuple[Inline, ...], tag: str) -> str:
        out = []
        for i, cell in enumerate(row):
            align = table.aligns[i] if i < len(table.aligns) else ""
            style = f" style=\"text-align:{align}\"" if align else ""
            out.append(f"<{tag}{style}>{inline(cell)}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>"

    head = f"<thead>{cells(table.header, 'th')}</thead>" if any(table.header) else ""
    body = "\n".join(cells(row, "td") for row in table.rows)
    return f"<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>"
