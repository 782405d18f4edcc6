"""Import articles from an old portal (saved HTML pages, text extracts) into Markdown.

Modules, each a set of small pure functions:
`blocks` (the shared model), `dates` (date forms portals print), `boilerplate` (lines to
drop), `html_to_markdown` (nh3 sanitising, BeautifulSoup to blocks), `fields` (title,
byline, credits, captions, category), `documents` (official documents), `article` (one
source to one Markdown file), `importer` (many sources into one folder), `manifest`
(re-runs write nothing new), `report`.
`scripts/import_legacy.py` is the command line.
"""
