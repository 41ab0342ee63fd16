"""The language of the documents: German grammar and numbers, typography, counters,
Markdown parsed into blocks. Imports nothing else of zv."""
