"""Log-in and the language switch."""

from django.contrib.auth.views import LoginView
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
        response.set_cookie("django_language", language, samesite="Lax")
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
