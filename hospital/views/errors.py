"""The server-error page. 403 and 404 use Django's own views with templates/403.html
and 404.html; a 500 is rendered here without the request's context processors,
because whatever failed (often the database) may fail again inside them."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """templates/500.html in the base layout, with only the hospital's name as context."""
    body = loader.render_to_string("500.html", {"hospital_name": settings.HOSPITAL_NAME})
    return HttpResponseServerError(body)
