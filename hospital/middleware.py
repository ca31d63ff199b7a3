"""Request guards that protect every page and API of every app at once."""

from django.http import HttpResponseBadRequest
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
