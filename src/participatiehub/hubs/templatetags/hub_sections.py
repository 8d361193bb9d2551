"""``{% hub_sections parts %}``: draw the sections other apps add to a hub page (see ``hubs/sections.py``).

Each section's template sees the page's context (``hub``, ``user``, ...) plus its own.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def hub_sections(context, parts) -> str:
    html = []
    for part in parts:
        with context.push(part.context):
            html.append(context.template.engine.get_template(part.template).render(context))
    return mark_safe("".join(html))
