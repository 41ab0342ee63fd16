"""`zv diff`: two versions of an agreement compared as data and as text, reported in the
terminal, as HTML and as a DOCX with tracked changes."""
