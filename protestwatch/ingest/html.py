"""HTML -> main text plus title, publication date and URL from the page's metadata.

trafilatura finds the article body; plain lxml text is the fallback when it finds too little.
Broken markup never raises: at worst the result has empty text, which the caller reports.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

# trafilatura and htmldate log warnings about odd pages; without a handler they would reach
# stderr through logging's last resort and break the one-line-per-input error contract.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# trafilatura "returns too little" when its text is shorter than this and the page has more.
MIN_CHARS = 200

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
               "section", "article", "header", "footer", "pre", "dd", "dt", "table", "ul", "ol")
_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """Return True when the text starts like an HTML document or fragment."""
    return _HTML_START.match(text[:4096]) is not None


def html_to_text(html: str) -> HtmlText:
    """Return the main text of an HTML page and its metadata.

    1. trafilatura `bare_extraction` (no comments, with metadata: title, date, url).
    2. When that text is missing or shorter than MIN_CHARS while the page holds more words,
       the page's whole visible text through lxml (scripts and styles dropped) replaces it.
    """
    text = title = date = url = None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, include_comments=False, with_metadata=True, include_tables=True,
            # Dates from the page's markup only: htmldate's extensive search guesses from body text.
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "outputformat": "%Y-%m-%d"})
    except Exception:  # trafilatura on hostile markup: fall back to lxml
        doc = None
    if doc is not None:
        text = (doc.text or "").strip() or None
        title = (doc.title or "").strip() or None
        url = doc.url or None
        # htmldate's last resort takes any date in the body text, which is often the event's date.
        date = _markup_date(html, url) if doc.date else None
    if text is None or len(text) < MIN_CHARS:
        plain = lxml_text(html)
        if len(plain) > len(text or "") * 1.5:
            text = plain
        if title is None:
            title = _lxml_title(html)
    return HtmlText(text=text or "", title=title, published=date, url=url)


def lxml_text(html: str) -> str:
    """Return the visible text of a page with one line per block element; "" when unparsable."""
    try:
        from lxml import etree
        from lxml import html as lhtml

        root = lhtml.fromstring(html)
        etree.strip_elements(root, "script", "style", "noscript", "template", etree.Comment,
                             with_tail=False)
        for el in root.iter(*_BLOCK_TAGS):
            el.tail = "\n" + (el.tail or "")
        raw = root.text_content()
    except Exception:  # empty or unparsable markup
        return ""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def _lxml_title(html: str) -> str | None:
    try:
        from lxml import html as lhtml

        found = lhtml.fromstring(html).findtext(".//title")
    except Exception:
        return None
    return found.strip() if found and found.strip() else None


def _markup_date(html: str, url: str | None) -> str | None:
    """Return the publication date found in markup only: URL, meta tags, JSON-LD, <time>, attributes.

    Body text is blanked first (except <time> and JSON-LD), so a date merely mentioned in the
    article is never taken for its publication date: unknown stays unknown.
    """
    try:
        from htmldate import find_date
        from lxml import html as lhtml

        root = lhtml.fromstring(html)
        for body in root.iter("body"):
            for el in body.iter():
                if not isinstance(el.tag, str):
                    continue
                keep = el.tag == "time" or (el.tag == "script" and "json" in (el.get("type") or ""))
                if not keep:
                    el.text = None
                el.tail = None
        return find_date(root, url=url, extensive_search=False, original_date=True,
                         outputformat="%Y-%m-%d")
    except Exception:  # no date beats a crash on odd markup
        return None
