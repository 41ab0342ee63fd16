"""The markdown-it parser of zv's dialect: CommonMark, GFM tables, `::: name` containers.

Built once per process. Its core rule "inline" gives the text of a paragraph, heading
or table cell that holds none of the characters an inline rule starts at the tokens
markdown-it's inline parser would give it (text, soft and hard line breaks), without
running that parser, which tries each of its rules at every punctuation character;
anything else goes through the inline parser as usual. tests/test_mdparser.py compares
both token for token.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

CONTAINER_NAME = re.compile(r"\s*([a-z][a-z0-9_-]*)\s*$")

# The inline rules of the dialect and the characters they start at: escape "\",
# backticks "`", emphasis "*" "_", link "[", image "![", autolink and HTML "<", entity
# "&"; "text" and "newline" are what the plain reading below does.
_INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "image",
                 "autolink", "html_inline", "entity"]
_INLINE_RULES_2 = ["balance_pairs", "emphasis", "fragments_join"]
INLINE_MARKS = ("\\", "`", "*", "_", "[", "<", "&")


def parser(*, plain_inline: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    container_plugin(md, "zv", validate=lambda params, *_: bool(CONTAINER_NAME.match(params)))
    if (plain_inline and md.inline.ruler.get_active_rules() == _INLINE_RULES
            and md.inline.ruler2.get_active_rules() == _INLINE_RULES_2):
        md.core.ruler.at("inline", _inline)
    return md


def _inline(state: StateCore) -> None:
    """markdown-it's rules_core/inline.py, with plain text read by _plain."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            for mark in INLINE_MARKS:
                if mark in content:
                    md.inline.parse(content, md, state.env, token.children)
                    break
            else:
                token.children.extend(_plain(content))


def _plain(src: str) -> list[Token]:
    """The inline tokens of text without inline marks, as the inline parser makes them:
    the text rule and the fallback collect every character but "\\n" as pending text;
    at "\\n" the newline rule (rules_inline/newline.py) ends it with a hard break if
    two or more spaces precede it (dropping them), else with a soft break (dropping
    one space), and skips the blanks at the start of the next line."""
    tokens: list[Token] = []
    lines = src.split("\n")
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if i:
            line = line.lstrip(" \t")
        if i == last:
            if line:
                tokens.append(_text(line))
            break
        if line.endswith("  "):
            line, kind = line.rstrip(" "), "hardbreak"
        elif line.endswith(" "):
            line, kind = line[:-1], "softbreak"
        else:
            kind = "softbreak"
        if line:
            tokens.append(_text(line))
        tokens.append(Token(kind, "br", 0))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
