"""Turn feed HTML into clean plain text a reader would want to see.

Markup, scripts, styles and embedded widgets go; block elements become line breaks so
paragraphs survive; then whole lines of page furniture are dropped: comment widgets
("Notify of", "Inline Feedbacks", "View all comments"), "Read More: …", "Continue reading…",
share bars and WordPress's "The post … appeared first on …".
"""

from __future__ import annotations

import html
import re

import lxml.etree
import lxml.html

_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "form", "button", "nav", "footer", "aside",
    "svg", "canvas", "video", "audio", "object", "embed", "template", "select", "input",
)  # fmt: skip
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "header", "figure", "figcaption", "pre", "hr", "dd",
    "dt",
)  # fmt: skip
_BOILERPLATE = re.compile(
    r"""^(?:
        notify\ of | inline\ feedbacks? | view\ all\ comments | \d*\s*comments?
      | (?:read|see)\ more\b.* | continue\ reading\b.* | keep\ reading\b.*
      | the\ post\ .+\ appeared\ first\ on\ .+ | share\ (?:this|on)\b.* | share
      | (?:click|tap)\ here\ to\b.* | follow\ us\ on\b.* | advertisement | sponsored
      | sign\ up\ (?:for|to)\b.*newsletter.* | subscribe\ to\ our\b.* | related(?:\ articles?)?:?
      | loading\.* | skip\ to\ (?:main\ )?content
    )[\s.:…]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than news."""
    return bool(_BOILERPLATE.match(line.strip()))


def tidy_lines(text: str) -> str:
    """Collapse spaces, drop empty and boilerplate lines, keep one line per paragraph."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.translate(_INVISIBLE).splitlines())
    return "\n".join(line for line in lines if line and not is_boilerplate(line))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (or of text that merely contains entities)."""
    if "<" not in markup:
        return tidy_lines(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return tidy_lines(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    for element in [*root.iter(*_DROP_TAGS), *root.iter(lxml.etree.Comment)]:
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            element.text = "\n" + (element.text or "")
    return tidy_lines(root.text_content())


def one_line(text: str) -> str:
    """Text squeezed onto one line, for titles."""
    return " ".join(text.translate(_INVISIBLE).split())
