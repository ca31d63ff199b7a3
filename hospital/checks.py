"""Deploy checks (`manage.py check --deploy`): the settings production relies on.

Django's own deploy checks cover the session and CSRF cookies, HSTS and SSL; these
add what the hospital's hardening needs on top: the language cookie sent only over
HTTPS, a Content-Security-Policy that refuses inline and evaluated scripts, and
e-mail that really leaves the server (password reset is off otherwise).
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}


@register(Tags.security, deploy=True)
def check_production_security(app_configs=None, **kwargs):
    problems = []
    if not getattr(settings, "LANGUAGE_COOKIE_SECURE", False):
        problems.append(
            Error(
                "LANGUAGE_COOKIE_SECURE is off: the language cookie would be sent over plain HTTP.",
                hint="Run with DEBUG=false, which sets it (hospital/settings.py).",
                id="hospital.E001",
            )
        )
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    script_sources = set(directives.get("script-src", directives.get("default-src", [])))
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE or not script_sources:
        problems.append(
            Error(
                "No Content-Security-Policy is sent.",
                hint=f"Keep {CSP_MIDDLEWARE} in MIDDLEWARE and CONTENT_SECURITY_POLICY in settings.",
                id="hospital.E002",
            )
        )
    elif script_sources & UNSAFE_SCRIPT_SOURCES:
        problems.append(
            Error(
                "The Content-Security-Policy allows inline or evaluated scripts: "
                + ", ".join(sorted(script_sources & UNSAFE_SCRIPT_SOURCES)),
                hint="Move the script into a static file; relax a single view with csp.decorators instead.",
                id="hospital.E003",
            )
        )
    if not getattr(settings, "EMAIL_LEAVES_SERVER", True):
        problems.append(
            Warning(
                "E-mail stays on the server (console or file backend): password reset is switched off.",
                hint="Set EMAIL_URL to the hospital's mail server.",
                id="hospital.W001",
            )
        )
    return problems
