"""Whether a page's HTML is the shell of a script-built app: a nearly empty body with an app
root and scripts, whose text only a browser would build. Pure: used to say, when a plain fetch
yields no article, that rendering the page in a browser (`--render browser`) should."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Less visible body text than this (characters) is "nearly empty": a cookie notice or a
# "loading..." line, not an article.
_NEARLY_EMPTY = 200
# The mount points of the common frameworks (React, Vue, Next, Nuxt, Gatsby, Angular, Svelte,
# Ember) and the generic names people give them.
_ROOT_IDS = frozenset(
    {"app", "root", "__next", "__nuxt", "___gatsby", "svelte", "main", "application", "ember-app"}
)
_ROOT_ATTRIBUTES = ("data-reactroot", "ng-app", "ng-version", "data-server-rendered", "data-v-app")
_NOSCRIPT_HINT = re.compile(r"\b(?:enable|requires?|need)\b.{0,40}\bjavascript\b", re.I | re.S)


def looks_script_built(html: str) -> bool:
    """A nearly empty body, at least one script, and an app root: a known mount point, an
    empty custom element (`<app-root>`), or a <noscript> asking for JavaScript."""
    if "<script" not in html.lower():
        return False
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None or not tree.css_first("script"):
        return False
    noscript = " ".join(node.text() for node in tree.css("noscript"))
    for node in body.css("script, style, noscript, template"):
        node.decompose()
    text = " ".join(body.text(separator=" ").split())
    if len(text) >= _NEARLY_EMPTY:
        return False
    if _NOSCRIPT_HINT.search(noscript):
        return True
    for node in body.css("*"):
        attributes = node.attributes
        if str(attributes.get("id") or "").lower() in _ROOT_IDS:
            return True
        if any(name in attributes for name in _ROOT_ATTRIBUTES):
            return True
        if "-" in (node.tag or "") and not node.text(strip=True):
            return True
    return False
