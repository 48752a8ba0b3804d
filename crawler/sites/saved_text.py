"""Saved text (text dumps such as the seed), whose family is unknown: every family's lines apply,
since a dump keeps no markup to tell them apart."""

from __future__ import annotations

from dataclasses import replace

from crawler.sites.generic import GENERIC
from crawler.sites.wordpress_com import WORDPRESS_COM

TEXT_DUMP = replace(
    GENERIC,
    name="text",
    drop_blocks=(),
    drop_lines=WORDPRESS_COM.drop_lines,
    edge_lines=WORDPRESS_COM.edge_lines,
    cut_lines=WORDPRESS_COM.cut_lines,
    box_lines=WORDPRESS_COM.box_lines,
)
