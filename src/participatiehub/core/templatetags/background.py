"""``{% background_worker_notice %}``: on a page that waits for background work, says when no worker picks it up."""

from django import template

from ..selectors import background_worker_state

register = template.Library()


@register.inclusion_tag("core/_worker_notice.html", takes_context=True)
def background_worker_notice(context):
    """Asked once per request, however many waiting rows a page (the invitation list) shows."""
    request = context.get("request")
    state = getattr(request, "_background_worker_state", None)
    if state is None:
        state = background_worker_state()
        if request is not None:
            request._background_worker_state = state
    return {"state": state}
