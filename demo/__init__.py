"""The bundled demo site: a static WordPress-style blog of republished DPRK press articles.

`demo.content` holds the articles as data; `demo.build` renders them to static HTML
(`python -m demo.build DEST`) and says what a correct crawl of the site must export
(`expected_articles()`). Standard library only.
"""
