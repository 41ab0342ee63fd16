"""`zv web`: a project's agreements in the browser, with forms that write the YAML files.

The server is the preview's stack (Starlette, uvicorn), imported only by this command.
Every page is rendered on the server and works without JavaScript; the document beside
a form is the HTML writer's output, as `zv render` writes it.

- fields.py   the inputs of an agreement's form: YAML paths, labels, values from the file
- saving.py   a submitted form checked like `zv check` and written in place, or refused
- yamlwrite.py values written at their YAML positions, added to mappings, verified
- prose.py    own texts written back in their block style (folded, literal) or quoted
- pages.py    the HTML of the overview, the agreement page and short messages
- years.py    per year: the target table (zv table), next year's drafts (zv next)
- comparing.py two agreements compared (zv diff): report page and redline DOCX
- history.py  earlier versions of an agreement from git, compared with the file now
- creating.py a new agreement (zv new)
- clauses.py  the clauses in force for a state and year (zv bausteine --text)
- uploading.py an edited target table written back (zv fill), after a confirmation
- guard.py    security headers, Host check, access token, CSRF token and origin
- listing.py  the overview's rows (zv status), kept while their files are unchanged
- pdfs.py     PDFs by LibreOffice, kept per DOCX fingerprint, made ahead in background
- app.py      the ASGI app: routes, downloads
- server.py   binding the port and running uvicorn
"""
