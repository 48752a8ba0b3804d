"""Boilerplate removal: drop a site family's non-article blocks and lines, and lift term lines into fields.

Pure functions with no Scrapy import. HTML is cleaned by structure (the profile's
`drop_blocks`), then its text blocks by whole lines; text, including text dumps like the seed,
by whole lines that match a profile's `drop_lines` / `cut_lines` exactly (never by prefix, so an
article paragraph that begins with "Related" or "Categories" survives). `clean_article` is the one
cleaning path, shared by the BoilerplatePipeline and the extraction benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from lxml import etree

from crawler.items import Article
from crawler.sites import SiteProfile, profile_named
from crawler.sites.selectors import LXML_TRANSLATOR, can_match, class_names, ids, union_of
from crawler.text import (
    BLOCK_TAGS,
    END_MARK,
    find_dateline,
    inner_html,
    is_skipped,
    markup_and_text,
    normalise_body,
    paragraphs,
    parse_fragment,
    strip_end_marks,
    strip_trailing_end_mark,
    text_blocks,
    unglue_words,
    valid_text,
    word_count,
)

#: "Categories: A, B" and its theme variants; the label decides the field.
_TERM_LINE = re.compile(
    r"(?P<label>Categories:|Category:|Posted in|Filed under:?|Categorized as|Categorised as|Tags:|Tag:|Tagged:?|Tagged with:?)\s+(?P<terms>.+)",
    re.IGNORECASE,
)
#: What every label of `_TERM_LINE` and the entry meta contains.
_TERM_LABEL = re.compile(r"(?i:categor|posted\s+in|filed\s+under|tag)")
_TAG_LABELS = {"tags:", "tag:", "tagged", "tagged:", "tagged with", "tagged with:"}
#: A term list is short names separated by commas: no sentence inside it.
_TERM = re.compile(r"[^.!?;:\n]{1,60}")
#: twentyten-style entry meta: "This entry was posted in A, B and tagged X, Y. Bookmark the permalink."
_ENTRY_META_START = re.compile(r"(?:This entry was )?[Pp]osted in ")
_ENTRY_META_END = " Bookmark the permalink."
_ENTRY_META_TAGS = " and tagged "
#: Segments of a one-line entry meta ("Posted in A | Tagged B | Leave a comment").
_META_SEPARATOR = re.compile(r"\s+[|·•]\s+")
#: A line that reads like article prose: long enough (in words, or in characters for scripts
#: written without spaces), or a finished sentence.
_PROSE_WORDS = 8
_PROSE_CHARACTERS = 50
_SENTENCE_END = re.compile(r"[.!?\"'”’)。！？」]$")
_WORD = re.compile(r"\w+")
#: How far into a body a news-agency dateline may stand (after a share bar or a kicker).
_DATELINE_LINES = 10
#: A line this long that opens the title is the headline even when the title adds the site's name.
_HEADLINE_WORDS = 4


@dataclass
class CleanText:
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class CleanBody:
    """What cleaning makes of a located body: text, cleaned HTML, lifted terms and the dateline."""

    body: str | None
    body_html: str | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    dateline: str | None = None


@lru_cache(maxsize=64)
def _line_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def is_boilerplate_line(line: str, patterns: tuple[str, ...]) -> bool:
    """True when the whole whitespace-normalised `line` matches one of `patterns`."""
    return _squashed_line_test(patterns)(" ".join(line.split()))


def _squashed_line_test(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """`is_boilerplate_line` for lines already whitespace-normalised, its patterns looked up once
    for all the lines of a body (the tuple is hashed at every lookup)."""
    if not patterns:
        return lambda squashed: False
    fullmatch = _line_matcher(patterns).fullmatch
    return lambda squashed: fullmatch(squashed) is not None


def _split_terms(terms: str) -> list[str] | None:
    names = [name.strip() for name in re.split(r",|\s·\s|\s\|\s", terms)]
    return names if names and all(_TERM.fullmatch(name) for name in names) else None


def parse_term_line(line: str) -> tuple[str, list[str]] | None:
    """("categories" | "tags", names) for a line such as "Categories: Ideology, Narrated"; else None."""
    match = _TERM_LINE.fullmatch(" ".join(line.split()))
    if not match:
        return None
    terms = _split_terms(match["terms"])
    if terms is None:
        return None
    kind = "tags" if match["label"].lower() in _TAG_LABELS else "categories"
    return kind, terms


def _entry_meta(squashed: str) -> tuple[str, str | None] | None:
    """(categories, tags or None) of a whole twentyten entry-meta line, else None.

    Read with string methods, splitting at the first " and tagged ": a regular expression that
    tries every split of a long line into categories and tags took minutes on a megabyte.
    """
    start = _ENTRY_META_START.match(squashed)
    if not start:
        return None
    rest = squashed[start.end() :].removesuffix(_ENTRY_META_END)
    if not rest.endswith("."):
        return None
    categories, tagged, tags = rest[:-1].partition(_ENTRY_META_TAGS)
    if not categories or (tagged and not tags):
        return None
    return categories, tags if tagged else None


def _may_hold_term_label(line: str) -> bool:
    """Does `line` hold a `_TERM_LABEL`? A case-blind regular expression is tried at every
    character; the lower-cased line is first asked for a piece of each label that no other
    letter case-folds to ("posted in": "ted", "filed under": "led")."""
    lower = line.lower()
    return ("tag" in lower or "categor" in lower or "ted" in lower or "led" in lower) and _TERM_LABEL.search(line) is not None


def parse_meta_line(line: str, drop_lines: tuple[str, ...] = ()) -> dict[str, list[str]] | None:
    """{"categories": [...], "tags": [...]} from a term line or a whole entry-meta line; else None.

    Besides single term lines this reads "This entry was posted in A and tagged B." and
    "Posted in A | Tagged B | Leave a comment", whose other segments must be boilerplate.
    """
    if not _may_hold_term_label(line):  # most lines: no label, so no term line (no parse)
        return None
    squashed = " ".join(line.split())
    terms: dict[str, list[str]] = {"categories": [], "tags": []}
    entry_meta = _entry_meta(squashed)
    if entry_meta:
        categories = _split_terms(entry_meta[0])
        tags = _split_terms(entry_meta[1]) if entry_meta[1] else []
        if categories is not None and tags is not None:
            return {"categories": categories, "tags": tags}
    segments = _META_SEPARATOR.split(squashed)
    found = False
    for segment in segments:
        parsed = parse_term_line(segment)
        if parsed is not None:
            terms[parsed[0]].extend(parsed[1])
            found = True
        elif len(segments) == 1 or not is_boilerplate_line(segment, drop_lines):
            return None
    return terms if found else None


def is_headline(line: str, title: str) -> bool:
    """Does `line` repeat the article's title (word for word, or as the title before a " - Site" suffix)?"""
    line_words, title_words = _WORD.findall(line), _WORD.findall(title)
    if not line_words:
        return False
    return line_words == title_words or (len(line_words) >= _HEADLINE_WORDS and title_words[: len(line_words)] == line_words)


def _is_prose(line: str) -> bool:
    # its length first: a line that long is prose without being split into words
    return len(line) >= _PROSE_CHARACTERS or len(line.split()) >= _PROSE_WORDS or bool(_SENTENCE_END.search(line))


@dataclass
class LineVerdicts:
    keep: list[bool]
    categories: list[str]
    tags: list[str]


def classify_lines(
    lines: Sequence[str],
    drop_lines: tuple[str, ...],
    cut_lines: tuple[str, ...] = (),
    box_lines: tuple[str, ...] = (),
    title: str | None = None,
    edge_lines: tuple[str, ...] = (),
    end_marks: bool = False,
) -> LineVerdicts:
    """Which lines are article: boilerplate lines go, edge lines only before the first or after the
    last line of prose, and all after the first cut line that follows article prose (a box line
    only when less prose follows it than precedes it); term lines are lifted from before and after
    the article only, so a sentence in the middle of the article is never taken for one. A first
    line that repeats the `title` is the headline, which has its own field. `end_marks`: a line that
    is only KCNA's "-0-" goes too.
    """
    all_patterns = drop_lines + cut_lines + box_lines
    words = [line.split() for line in lines]  # split once, for the squashed lines and the prose's word counts
    squashed = [" ".join(line_words) for line_words in words]
    is_dropped, is_cut, is_box = (_squashed_line_test(patterns) for patterns in (all_patterns, cut_lines, box_lines))
    keep = [not is_dropped(line) and not (end_marks and END_MARK.fullmatch(line)) for line in squashed]
    first = next((index for index, kept in enumerate(keep) if kept), None)
    if title and first is not None and is_headline(lines[first], title):
        keep[first] = False
    terms: dict[str, list[str]] = {"categories": [], "tags": []}
    cut_at = len(lines)
    prose = [keep[index] and _is_prose(line) and parse_meta_line(line, all_patterns) is None for index, line in enumerate(lines)]
    prose_words = [len(line_words) if is_prose else 0 for line_words, is_prose in zip(words, prose)]
    words_before, words_after = 0, sum(prose_words)
    for index, line in enumerate(squashed):
        words_after -= prose_words[index]
        if prose[index]:
            words_before += prose_words[index]
        elif words_before and is_cut(line):
            cut_at = index
            break
        elif words_before and words_after <= words_before and is_box(line):
            # a box heading with more article prose after it than before it heads a box inside the
            # article (related links, a "Comments" link under the dateline), not what follows it
            cut_at = index
            break

    def lift(index: int) -> bool:
        parsed = parse_meta_line(lines[index], all_patterns)
        if parsed is None:
            return False
        for kind, names in parsed.items():
            terms[kind].extend(name for name in names if name not in terms[kind])
        keep[index] = False
        return True

    def lift_edge(indices: Iterable[int]) -> None:
        for index in indices:
            if keep[index] and not lift(index):
                return

    for index in range(cut_at, len(lines)):
        if keep[index]:
            lift(index)
            keep[index] = False
    if edge_lines:
        _drop_edge_lines(squashed, keep, prose, edge_lines, cut_at)
    lift_edge(range(cut_at - 1, -1, -1))
    lift_edge(range(cut_at))
    return LineVerdicts(keep=keep, categories=terms["categories"], tags=terms["tags"])


def _drop_edge_lines(squashed: Sequence[str], keep: list[bool], prose: list[bool], edge_lines: tuple[str, ...], cut_at: int) -> None:
    """Drop edge lines before the first and after the last line of prose (before the cut)."""
    is_edge = _squashed_line_test(edge_lines)
    prose_at = [index for index in range(cut_at) if prose[index] and not is_edge(squashed[index])]
    first, last = (prose_at[0], prose_at[-1]) if prose_at else (cut_at, -1)
    for index in range(cut_at):
        if keep[index] and (index < first or index > last) and is_edge(squashed[index]):
            keep[index] = False


def strip_boilerplate_text(text: str, profile: SiteProfile, title: str | None = None) -> CleanText:
    """Drop the family's boilerplate lines, the trailing boilerplate and a repeated headline, lift
    term lines, and apply state-media conventions where they hold (`follows_state_media_conventions`)."""
    lines = [line for paragraph in paragraphs(normalise_body(text)) for line in paragraph.split("\n")]
    conventions = follows_state_media_conventions(text, profile.state_media_copy)
    verdicts = classify_lines(
        lines, profile.drop_lines, profile.cut_lines, profile.box_lines, title, profile.edge_lines, conventions
    )
    body = "\n\n".join(line for line, kept in zip(lines, verdicts.keep) if kept)
    if conventions:
        body = unglue_words(strip_end_marks(body))
    return CleanText(body=body, categories=verdicts.categories, tags=verdicts.tags)


def follows_state_media_conventions(text: str, family_says: bool = False) -> bool:
    """Are state-media conventions (end mark, glued leaders' names) this body's? Its family says so,
    or the body itself has their form: a news-agency dateline opening it (within its first lines),
    or a line closing on "-0-". Never judged by names or words its text mentions."""
    if family_says:
        return True
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return any(find_dateline(line) for line in lines[:_DATELINE_LINES]) or any(line.endswith("-0-") for line in lines)


@lru_cache(maxsize=64)
def _block_selector(selectors: tuple[str, ...]) -> etree.XPath:
    return union_of(selectors, LXML_TRANSLATOR)


_BARE_TAG = re.compile(r"[a-z][a-z0-9]*")


def _drop_blocks(root: etree._Element, drop_blocks: tuple[str, ...], names: FragmentNames) -> None:
    """Drop what `drop_blocks` selects; a selector needing a class or an id the fragment has nowhere is left out."""
    tags = [css for css in drop_blocks if _BARE_TAG.fullmatch(css)]
    selected = tuple(css for css in drop_blocks if css not in tags and can_match(css, names.classes, names.ids))
    # bare tags in one walk of the tree (a union of selectors walks it once per selector); what they
    # held is gone before the other selectors run, as it would go with them anyway
    for element in list(root.iter(*tags)) if tags else ():
        if element.getparent() is not None:
            element.drop_tree()
    if selected:
        for element in _block_selector(selected)(root):
            if element.getparent() is not None:
                element.drop_tree()


#: A furniture-classed element holding more than this share of the body's words is the body's own wrapper.
_FURNITURE_SHARE = 0.5


@lru_cache(maxsize=64)
def _names_furniture(words: tuple[str, ...]) -> Callable[[str], bool]:
    """The test of a class or id name: does it hold one of `words`, alone or as a dash/underscore-separated part?

    Each name is judged once a run: a site's pages share their theme's names, and the search tries
    every word at every place in the name."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    search = re.compile(rf"(?:^|[-_])(?:{alternatives})(?:$|[-_])", re.IGNORECASE).search

    @lru_cache(maxsize=8192)
    def names_furniture(name: str) -> bool:
        return search(name) is not None

    return names_furniture


@dataclass(frozen=True)
class FragmentNames:
    """The class names and ids of a fragment, read once for the steps that skip what it cannot hold.

    Read before `_drop_blocks`, they may name what it dropped: a name of nothing left selects nothing."""

    classes: frozenset[str]
    ids: frozenset[str]

    @classmethod
    def of(cls, root: etree._Element) -> FragmentNames:
        return cls(class_names(root), ids(root))

    def words(self) -> set[str]:
        """The class names and the ids' words (as `class` and `id` split into words)."""
        return {*self.classes, *(word for name in self.ids for word in name.split())}


def _drop_furniture_classes(root: etree._Element, words: tuple[str, ...], names: FragmentNames) -> None:
    """Drop elements whose class or id names furniture, unless together they hold most of the body
    (then the names mean something else on this site, and nothing is dropped)."""
    if not words:
        return
    names_furniture = _names_furniture(words)
    # each distinct name is matched once; most bodies have none that names furniture
    furniture = {name for name in names.words() if names_furniture(name)}
    if not furniture:
        return
    found: list[etree._Element] = []
    walker = etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if element is root or not isinstance(element.tag, str):
            continue
        if not furniture.isdisjoint(f"{element.get('class', '')} {element.get('id', '')}".split()):
            found.append(element)
            walker.skip_subtree()  # what is inside goes with it
    if not found:  # the names were those of blocks dropped already
        return
    # words are counted in the texts as they are: squashing their spaces changes no word
    furniture_words = sum(word_count("".join(_texts(element))) for element in found)
    # furniture without words (an empty share bar) is no share of the body's: its words go uncounted
    if not furniture_words or furniture_words <= _FURNITURE_SHARE * (word_count("".join(_texts(root))) or 1):
        for element in found:
            element.drop_tree()


def strip_boilerplate_html(html: str, drop_blocks: tuple[str, ...]) -> str:
    """The HTML fragment without the elements `drop_blocks` selects (their tails are kept)."""
    root = parse_fragment(html)
    if root is None:
        return ""
    _drop_blocks(root, drop_blocks, FragmentNames.of(root))
    return inner_html(root)


def _visible_text(element: etree._Element) -> str:
    """`_texts` joined, spaces squashed; an element with no children is its own text, without a walk."""
    if not len(element) and not is_skipped(element):
        return " ".join(element.text.split()) if element.text else ""
    return " ".join("".join(_texts(element)).split())


def _texts(element: etree._Element) -> Iterable[str]:
    """Text of `element` as rendered: skipped tags (scripts, buttons) and comments contribute nothing."""
    if is_skipped(element):
        return
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:  # a walk, not recursion: nesting is only bounded by the parser
        if event == "start":
            if is_skipped(node):
                walk.skip_subtree()
            elif node.text:
                yield node.text
        elif node is not element and node.tail:
            yield node.tail


#: The first and last characters of an element's rendered text ("" when it has none), and
#: whether any of it is visible (not only spaces).
_Edges = tuple[str, str, bool]


class _TextEdges(dict[etree._Element, _Edges]):
    """`_Edges` of the elements asked for, each read once: an element's are read in one walk of it,
    which reads its descendants' on the way (children end before their parent). The block elements
    ungluing passes by are never read."""

    def __missing__(self, element: etree._Element) -> _Edges:
        for _, inner in etree.iterwalk(element, events=("end",)):
            if inner in self:
                continue
            first, last, visible = "", "", False
            if not is_skipped(inner):
                pieces: list[_Edges] = [_string_edges(inner.text)]
                for child in inner:
                    pieces += [self[child], _string_edges(child.tail)]
                for piece_first, piece_last, piece_visible in pieces:
                    first = first or piece_first
                    last = piece_last or last
                    visible = visible or piece_visible
            self[inner] = (first, last, visible)
        return self[element]


def _string_edges(text: str | None) -> _Edges:
    return (text[0], text[-1], not text.isspace()) if text else ("", "", False)


#: The characters a word can end in and still be glued to a capitalised word after it: a sentence's
#: end (and a clause's), and in state-media copy any lower-case letter ("Comrade"+"Kim").
_SENTENCE_ENDS = ".,;:!?"
_LETTER_GLUE_ENDS = "abcdefghijklmnopqrstuvwxyz" + _SENTENCE_ENDS


def _unglue_inline_boundaries(root: etree._Element, letters: bool) -> None:
    """A space where an inline element's edge glues a sentence to the next ("said.<b>The</b>"), and
    with `letters` (state-media copy) a word to a name ("Comrade<b>Kim</b>" -> "Comrade Kim"): a
    character of `ends` on one side, a capital on the other.

    An element's edges are read only where the text beside it could glue (a character of `ends`
    before it, a capital after it): most inline elements follow a space or a letter and are
    followed by one, and reading every element's edges walked every element's text."""
    ends = _LETTER_GLUE_ENDS if letters else _SENTENCE_ENDS
    edges = _TextEdges()  # the spaces added below never change an edge, read before or after they are added
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in BLOCK_TAGS or element.tag == "br" or element is root:
            continue
        previous = element.getprevious()
        if previous is not None:
            left = previous.tail[-1] if previous.tail else None  # None: the previous element's last character
        else:
            parent_text = element.getparent().text
            left = parent_text[-1] if parent_text else ""
        if (left is None or _ends_gluing(left, ends)) and edges[element][0].isupper():
            if previous is None:
                element.getparent().text += " "
            elif left is not None or _ends_gluing(edges[previous][1], ends):
                previous.tail = (previous.tail or "") + " "
        tail = element.tail
        if tail and tail[0].isupper() and _ends_gluing(edges[element][1], ends):
            element.tail = " " + tail


def _ends_gluing(character: str, ends: str) -> bool:
    """Is `character` ("" for none) one of `ends`, that a capitalised word runs on from?"""
    return bool(character) and character in ends


def _strip_trailing_end_mark(block: etree._Element) -> None:
    """Cut a KCNA "-0-" closing the block's last text, wherever the markup put that text."""
    slots = [(block, "text")] + [(inner, slot) for inner in block.iterdescendants() for slot in ("text", "tail")]
    for element, slot in reversed(slots):
        value = getattr(element, slot)
        if value and value.strip():
            setattr(element, slot, strip_trailing_end_mark(value))
            return


#: A block this much of whose words are link text is a link (a related post, a breadcrumb, a tag).
_LINK_BLOCK_SHARE = 0.8


def _is_link_block(block: etree._Element, line: str) -> bool:
    words = word_count(line)
    link_words = sum(word_count(_visible_text(link)) for link in block.iter("a"))
    return words > 0 and link_words >= _LINK_BLOCK_SHARE * words


def _drop_link_edges(blocks: Sequence[etree._Element], lines: Sequence[str], keep: list[bool]) -> None:
    """Drop the blocks that are links before the article's first and after its last block of text
    (related posts, breadcrumbs and tag lists a theme puts inside its content element); links
    between the article's paragraphs stay, and so does a body that is all links."""
    kept = [index for index, is_kept in enumerate(keep) if is_kept and lines[index]]
    first = next((index for index in kept if not _is_link_block(blocks[index], lines[index])), None)
    if first is None:
        return
    last = next(index for index in reversed(kept) if not _is_link_block(blocks[index], lines[index]))
    for index in kept:
        if index < first or index > last:
            keep[index] = False


def clean_body_html(html: str, profile: SiteProfile, title: str | None = None) -> tuple[str, CleanText]:
    """The cleaned HTML, and its text blocks judged line by line as text is (term lines lifted)."""
    root = parse_fragment(html)
    if root is None:
        return "", CleanText(body="")
    names = FragmentNames.of(root)
    _drop_blocks(root, profile.drop_blocks, names)
    _drop_furniture_classes(root, profile.drop_class_words, names)
    blocks, lines = text_blocks(root)
    conventions = follows_state_media_conventions("\n".join(lines), profile.state_media_copy)
    verdicts = classify_lines(
        lines, profile.drop_lines, profile.cut_lines, profile.box_lines, title, profile.edge_lines, conventions
    )
    _drop_link_edges(blocks, lines, verdicts.keep)
    for block, kept in zip(blocks, verdicts.keep):
        if not kept:
            block.drop_tree()  # its tail is not in a text block, so the text pass judges it
        elif conventions and _visible_text(block).endswith("-0-"):
            _strip_trailing_end_mark(block)
    _unglue_inline_boundaries(root, letters=conventions)
    cleaned, text = markup_and_text(root)
    return cleaned, CleanText(body=unglue_words(text) if conventions else text, categories=verdicts.categories, tags=verdicts.tags)


def _merge(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def clean_body(body: str | None, body_html: str | None, profile: SiteProfile, title: str | None = None) -> CleanBody:
    """The one cleaning path: located HTML (or raw text) to article text, cleaned HTML, terms, dateline.

    An empty result (broken HTML, an empty content element, a page that is all boilerplate)
    leaves `body` None, so validation rejects the item instead of keeping boilerplate as an article.
    """
    cleaned_html: str | None = None
    if body_html:
        # the HTML's lines are judged once, as its blocks: body and body_html say the same
        cleaned_html, cleaned = clean_body_html(body_html, profile, title)
    else:
        cleaned = strip_boilerplate_text(valid_text(body or ""), profile, title)
    # what is left without a line of prose (related-post titles, stray markup) is no article
    body_text = cleaned.body if any(_is_prose(line) for line in cleaned.body.split("\n")) else None
    return CleanBody(
        body=body_text,
        body_html=(cleaned_html or None) if body_text else None,
        categories=cleaned.categories,
        tags=cleaned.tags,
        dateline=find_dateline(body_text) if body_text else None,
    )


def clean_article(article: Article) -> Article:
    """`article` with its body cleaned by its family's profile, as the BoilerplatePipeline does it."""
    cleaned = clean_body(article.body, article.body_html, profile_named(article.site_family), article.title)
    return replace(
        article,
        body=cleaned.body,
        body_html=cleaned.body_html,
        categories=_merge(article.categories, cleaned.categories),
        tags=_merge(article.tags, cleaned.tags),
        dateline=cleaned.dateline,
    )
