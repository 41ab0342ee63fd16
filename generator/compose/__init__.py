"""The agreement's Markdown: every clause rendered with the view in a sandboxed Jinja
environment whose compiled templates are kept on disk."""
