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
# Terminal escape sequences (ANSI CSI and the other ESC forms), then every other control
# character but tab and line breaks: none of them is text a reader should receive.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without terminal escapes and control characters (NUL, bell, …)."""
    return _CONTROL.sub("", text)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than news."""
    return bool(_BOILERPLATE.match(line.strip()))


def tidy_lines(text: str) -> str:
    """Collapse spaces, drop empty and boilerplate lines, keep one line per paragraph."""
    clean = printable(text.translate(_INVISIBLE))
    lines = (_SPACES.sub(" ", line).strip() for line in clean.splitlines())
    return "\n".join(line for line in lines if line and not is_boilerplate(line))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (or of text that merely contains entities)."""
    markup = printable(markup)  # lxml refuses NUL and other control characters
    if "<" not in markup:
        return tidy_lines(html.unescape(markup))
    try:
        return tidy_lines(_element_text(lxml.html.fragment_fromstring(markup, create_parent="div")))
    except (lxml.etree.ParserError, ValueError):  # e.g. "&#7;" decoded inside the tree
        return tidy_lines(html.unescape(re.sub(r"<[^>]*>", " ", markup)))


def _element_text(root: lxml.html.HtmlElement) -> str:
    """The text of a parsed fragment, without dropped tags, one line per block."""
    for element in [*root.iter(*_DROP_TAGS), *root.iter(lxml.etree.Comment)]:
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            element.text = "\n" + (element.text or "")
    return str(root.text_content())


def one_line(text: str) -> str:
    """Text squeezed onto one line, for titles."""
    return " ".join(printable(text.translate(_INVISIBLE)).split())
