"""`zv preview`: one agreement (or a folder of them) in the browser, kept current.

The preview uses the pipeline of `zv render` unchanged: `api.check` for problems and
warnings, `api.render` for the HTML page, on which it puts a panel with the problems
and a small script for live updates. Its web stack (Starlette, uvicorn, watchfiles) is
imported only here, so `zv --help` and `zv render` stay fast.

- snapshot.py  what the preview shows of each agreement, refreshed on change
- page.py      the HTML: the rendered document with the panel above it, the folder list
- watcher.py   which files to watch, and watching them (watchfiles)
- server.py    the ASGI app (Starlette), server-sent events, the server (uvicorn)
"""
