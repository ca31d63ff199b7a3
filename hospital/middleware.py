"""Request guards that protect every page and API of every app at once."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulCharactersMiddleware:
    """A NUL character in the query string is refused with 400.

    PostgreSQL cannot store or compare text containing NUL, so a filter such as
    `?reference=%00` would end in a database error (a 500) in whichever list
    passes it on. Form fields and API fields already refuse NUL (Django's and
    DRF's CharField validators); query strings reach filters without a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address contains a NUL character."), content_type="text/plain")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A request body larger than MAX_REQUEST_BYTES is refused with 413 before it is read.

    Every upload path (page or API, today's and tomorrow's) is capped here at
    once; each import also has its own, smaller cap with a message fit for the
    file (hospital.imports). The proxy in front should refuse the same size.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            message = _("The request is larger than %(size)d MB.") % {"size": settings.MAX_REQUEST_BYTES // 2**20}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
