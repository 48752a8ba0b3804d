"""The bundled demo site: a WordPress blog of republished DPRK press articles, served on loopback.

`demo.content` holds the articles as data and `demo.site` models them as WordPress does (ids,
terms, users, local and GMT dates). `demo.build` renders the HTML pages from the templates in
demo/templates/ (`python -m demo.build DEST` writes them as static files) and says what a
correct crawl exports (`expected_articles()`). `demo.serve` serves the site as a live
WordPress: the pages plus the REST API (`demo.rest`), feeds (`demo.feeds`) and core sitemaps
(`demo.sitemaps`), all from the same content. Standard library only.
"""
