"""Pages of no known family: the main-content extractor finds the body; furniture lines per language."""

from __future__ import annotations

from crawler.sites.profile import SiteProfile

COMMON_TITLE = ('meta[property="og:title"]::attr(content)', "title::text")
COMMON_MODIFIED = (
    'meta[property="article:modified_time"]::attr(content)',
    'meta[itemprop="dateModified"]::attr(content)',
)
#: Words in class and id names of furniture that themes and plugins put inside an article's container
#: ("widget" is not one: page builders such as Elementor name every content box "...-widget-...").
FURNITURE_CLASS_WORDS = (
    "related", "share", "sharing", "social", "sharedaddy", "newsletter", "subscribe", "subscription",
    "promo", "sponsor", "sponsored", "advert", "advertisement", "ad", "ads", "adsense", "banner", "breadcrumb",
    "breadcrumbs", "comments", "respond", "popup", "modal", "author-box", "author-bio", "author-info", "about-author",
    "byline", "signup", "donate", "paywall", "recommended", "outbrain", "taboola", "yarpp", "jp-relatedposts",
    # plugin boxes inside the container: star ratings, share bars (Shariff), picture credits, print and
    # other buttons, donation appeals, tables of contents, affiliate disclaimers and disclosures
    "rating", "ratings", "shariff", "credit", "credits", "print", "button", "buttons", "donation", "toc",
    "disclaimer", "disclosure",
)
#: Image captions go too ("Foto: ...", "Bild: ..."): the readers of both development sets leave them out
#: of the article (none of 136 captions is in a Scrapinghub body), as main-content extractors do.
COMMON_DROP_BLOCKS = (
    "script", "style", "noscript", "template", "iframe", "form", "nav", "aside", "footer",
    "figcaption", ".wp-caption-text", ".gallery-caption",
)

#: Labels that point a reader to other stories ("read also"), per language: alone on their line, or
#: before the linked headline and a colon.
READ_ALSO_LABELS = (
    "read also|also read|see also|lea también|lee también|vea también|ver también|(también )?(le|te) puede interesar|"
    "puede interesarte|notas relacionadas|leia também|veja também|lesen sie auch|lies auch|auch interessant|zum weiterlesen|"
    "(mehr|weitere) themen|weitere (artikel|beiträge)( zum thema)?|à lire aussi|lire aussi|voir aussi|à voir aussi|"
    "czytaj (też|także|również)|zobacz (też|także|również)|leggi anche|potrebbe interessarti|читайте также|смотрите также"
)
#: News and blog furniture between and after paragraphs, per language: links to other stories,
#: advertising labels, copyright and contact lines. Whole lines only, never a prefix.
NEWS_DROP_LINES = (
    rf"(?i:read more|see more|related|{READ_ALSO_LABELS})\s*:\s*.{{1,200}}",
    rf"(?i:{READ_ALSO_LABELS})\s*:?",
    # a label qualified before its colon ("Lesen Sie auch die folgenden Beiträge:", "See also our guides:")
    rf"(?i:{READ_ALSO_LABELS}) [^.!?:]{{1,40}}:",
    r"(?i:don[’']?t miss)\s*:?",
    r"(?i:(copyright|©).{0,100}all rights reserved\.?)",
    # bounded and possessive-free: the address part cannot backtrack through a long line
    r"(?i:(email|write to|contact) [\w.'-]{1,20}(?: [\w.'-]{1,20}){0,3} at [^\s@]{1,64}@[^\s@]{1,255}(?:\s.{0,150})?)",
    r"(?i:advertisements?|anzeige|werbung|publicité|publicidad|publicidade|реклама|광고)",
    r"(?i:(weiterlesen|mehr lesen|lire la suite|leer más|leia mais|читать далее)( ?[»›>…]+)?)",
    r"(?i:(verwandte artikel|ähnliche artikel|ähnliche beiträge|mehr zum thema|das könnte (sie|dich) auch interessieren|articles similaires|à lire aussi|artículos relacionados|noticias relacionadas|artigos relacionados|похожие статьи|читайте также|관련 기사|related news( articles)?|related stories|more stories|recommended( for you)?|you may also like|trending now):?)",
    r"(?i:(über den autor|zum autor|à propos de l'auteur|sobre el autor|sobre o autor|об авторе|about the author):?)",
    r"(?i:notify me of follow-?up comments( via e-?mail| by email)?\.?)",
    r"\d+ (?i:comments?|kommentare?|commentaires?|comentarios?) ?»?(?: \| .{1,120})?",
)
#: Share and action labels that are furniture only at the body's edges.
NEWS_EDGE_LINES = (
    r"(?i:teilen|tweet|tweeten|share|partager|compartir|compartilhar|поделиться|drucken|imprimer|imprimir|print|e-?mail|whatsapp|facebook|twitter|x|linkedin|telegram|pinterest|reddit|pocket|flipboard|messenger)",
    r"(?i:(share|teilen|partager|compartir)( (on|auf|sur|en))? (facebook|twitter|x|whatsapp|linkedin|telegram|e-?mail))",
    r"(?i:(facebook|twitter|whatsapp|e-?mail|linkedin|telegram|pinterest|reddit)(\s+(facebook|twitter|whatsapp|e-?mail|linkedin|telegram|pinterest|reddit|print|drucken))+)",
    r"(?i:(zurück|back|retour|volver) ?(zur übersicht|to top|to overview|en haut)?)",
    # a picture's credit line, which cleaning cannot tell from prose once its caption element is gone
    r"(?i:(fotos?|bild(er)?|titelbild|beitragsbild|photos?|images?|pictures?|crédits? photos?|photo credits?|copyright|©)\s?:\s?.{1,100})",
)

#: Comment-form headings of any platform, in the languages of these sites: the article is over.
COMMENT_FORM_LINES = (
    r"(?i:leave a (reply|comment)|post a comment|add a comment|write a comment|schreibe einen kommentar|kommentar (verfassen|schreiben|hinterlassen)|"
    r"laisser un commentaire|laisser une réponse|deja un comentario|deja una respuesta|deixe um comentário|deixe uma resposta|оставить комментарий|"
    r"lascia un commento|댓글 남기기)",
)
#: Headings of comment and related boxes, which may also stand between paragraphs.
BOX_LINES = (
    r"(?i:comments?|kommentare?|commentaires?|comentarios?|comentários?|комментарии|댓글|discussion|responses)",
    r"(?i:related|related (posts|articles))",
)

GENERIC = SiteProfile(
    name="generic",
    title=COMMON_TITLE + ("h1::text",),
    # no selector: the body of a page of no known family is found by a main-content extractor
    modified=COMMON_MODIFIED,
    authors=('meta[name="author"]::attr(content)', '[rel="author"]::text'),
    categories=('meta[property="article:section"]::attr(content)',),
    tags=('meta[property="article:tag"]::attr(content)',),
    drop_blocks=COMMON_DROP_BLOCKS,
    drop_class_words=FURNITURE_CLASS_WORDS,
    drop_lines=NEWS_DROP_LINES,
    edge_lines=NEWS_EDGE_LINES,
    cut_lines=COMMENT_FORM_LINES,
    box_lines=BOX_LINES,
)
