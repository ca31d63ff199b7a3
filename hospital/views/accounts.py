"""Log-in and the language switch."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from hospital.models import Language, User


class HospitalLoginView(LoginView):
    """Log-in that switches the interface to the user's preferred language."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


@require_POST
def switch_language(request):
    """Django's set_language, and for a signed-in user the choice becomes their
    preferred language, so the next log-in keeps it."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(Language.choices):
        User.objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response


def password_reset_unavailable(request, *args, **kwargs):
    """Password reset when e-mail does not leave the server: a reset link would only
    reach the server's log, so there is none (an administrator sets a new password)."""
    raise Http404("Password reset is switched off: e-mail is not configured.")
