"""Parts of the layout that are the same for everyone in one language, rendered once per process.

``{% same_for_everyone "name" value ... %}...{% endsame_for_everyone %}`` renders its content the first
time it meets a language and values, and serves that text afterwards. The language is always part of
the key; the values named after the fragment's name are the rest (Min Sida's menu varies on the page
it marks as current). The content is made only of the templates and translations the process runs
with, so it cannot go stale while the process lives, and it is kept in the process's memory: nothing
travels to a shared cache and nothing outlives a deployment.

Only what is the same for every visitor belongs inside: never a name, a path, a CSRF token or a time.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Far more than the fragments times the languages times their values; a guard against a fragment that
# would vary on something unbounded, which then renders every time instead of filling memory.
MAX_FRAGMENTS = 1000
_rendered: dict[tuple[str, ...], SafeString] = {}


class SameForEveryoneNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> SafeString:
        key = (self.name, get_language() or "", *(str(value.resolve(context)) for value in self.vary_on))
        found = _rendered.get(key)
        if found is None:
            # The template engine has escaped everything it rendered.
            found = mark_safe(self.nodelist.render(context))  # noqa: S308
            if len(_rendered) < MAX_FRAGMENTS:
                _rendered[key] = found
        return found


@register.tag
def same_for_everyone(parser: Parser, token: Token) -> SameForEveryoneNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes the fragment's name in quotes, then the values it varies on."
        )
    nodelist = parser.parse(("endsame_for_everyone",))
    parser.delete_first_token()
    return SameForEveryoneNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


def fragments_forget() -> None:
    """Forgets every rendered fragment (for tests that change templates or translations)."""
    _rendered.clear()
