"""Settings for Hospital Operations.

Every value that differs between a developer's laptop and the hospital's server
comes from an environment variable (documented in README.md, "Configuration").
The defaults are for development: an SQLite file, no Redis, DEBUG on.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"  # runtime files of the quick start (SQLite, task queue)

env = environ.Env()

# --- Core -------------------------------------------------------------------

# DEBUG: on for development; the production mode is DEBUG=false.
DEBUG = env.bool("DEBUG", default=True)

# SECRET_KEY: required in production; the development default is not secret.
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz" if DEBUG else environ.Env.NOTSET,
)

# ALLOWED_HOSTS / CSRF_TRUSTED_ORIGINS: comma-separated host names and origins.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The apps of the product, in dependency order: the core, the operations apps,
# then the apps that read them. Demo data and URLs are discovered in this order.
PROJECT_APPS = [
    "hospital",
    "inventory",
    "equipment",
    "staffing",
    "quality",
    "performance",
    "okr",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",  # Bootstrap 5 CSS/JS, installed from PyPI (django-bootstrap-static)
    "simple_history",
    "axes",
    "django_celery_beat",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hospital.middleware.RequestSizeLimitMiddleware",
    "hospital.middleware.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# MAX_REQUEST_BYTES: the largest request body accepted (uploads included); imports cap
# their files at 5 MB themselves, with a message that says so.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=8 * 1024 * 1024)

ROOT_URLCONF = "hospital.urls"
WSGI_APPLICATION = "hospital.wsgi.application"
AUTH_USER_MODEL = "hospital.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hospital.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

# DATABASE_URL: e.g. postgres://user:password@host:5432/hospital.
# Unset: an SQLite file in the project folder, for the quick start only.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{LOCAL_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LOCAL_DIR.mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache, Redis and Celery --------------------------------------------------

# REDIS_URL: e.g. redis://127.0.0.1:6379/0. Broker for Celery and the shared cache.
# Unset: tasks go through a folder queue under .local/ that the worker started by
# `make run` reads (see README, "Tasks without Redis"), and the cache is per process.
REDIS_URL = env.str("REDIS_URL", default="")

# Time limits of every task: the longest job (the OKR live check-ins over all key results)
# takes well under a minute on the demo hospital; ten minutes is the hard stop.
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
# CELERY_VISIBILITY_TIMEOUT: seconds a task taken by a worker stays invisible to the others
# before Redis hands it out again (kombu's default is an hour). A worker killed mid-task
# (kill -9, a lost machine) thus delays its task by at most this. It must exceed the
# longest time a worker can legitimately hold a message unacknowledged, or a running task
# would be delivered twice: a retry's countdown (up to hospital.celery.RETRY_BACKOFF_MAX,
# 10 minutes) plus the hard time limit (10 minutes). 30 minutes leaves a margin.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60)
# A notification e-mail is claimed for this long before it is sent: a task redelivered
# after its worker died between sending and recording the send finds the claim still held
# (it arrives within the visibility timeout and runs within the time limit), so the
# message is not sent twice. A claim left by a killed worker delays that e-mail by at most this.
NOTIFICATION_EMAIL_LEASE_SECONDS = CELERY_VISIBILITY_TIMEOUT + CELERY_TASK_TIME_LIMIT

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = LOCAL_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(LOCAL_DIR / "celery-processed"),
        "store_processed": False,
    }

CELERY_TIMEZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Schedules known to the code; django-celery-beat copies them into its tables,
# where administrators can change or disable them in the admin.
CELERY_BEAT_SCHEDULE = {
    "hospital.send_notification_emails": {
        "task": "hospital.tasks.send_notification_emails",
        "schedule": 60.0,
    },
    # Background exports past their EXPORT_KEEP_HOURS are deleted, files and rows, hourly.
    "hospital.delete_expired_exports": {
        "task": "hospital.tasks.delete_expired_exports",
        "schedule": crontab(minute=40),
    },
    # The dashboard's stored metric series of the whole hospital, kept fresh
    # (hospital.metric_registry; departments are refreshed when someone opens them).
    "hospital.refresh_metric_series": {
        "task": "hospital.tasks.refresh_metric_series",
        "schedule": 240.0,
    },
    # Quality: overdue triage, investigations and actions every hour on working days;
    # infection thresholds on the 2nd of each month (last month's device-days are in).
    "quality.send_overdue_alerts": {
        "task": "quality.tasks.send_overdue_alerts",
        "schedule": crontab(minute=15, hour="7-19", day_of_week="mon-fri"),
    },
    "quality.send_infection_alerts": {
        "task": "quality.tasks.send_infection_alerts",
        "schedule": crontab(minute=0, hour=8, day_of_month=2),
    },
    # Equipment: maintenance due soon / overdue and warranties ending, daily at 07:00.
    "equipment.send_maintenance_alerts": {
        "task": "equipment.tasks.send_maintenance_alerts",
        "schedule": crontab(minute=0, hour=7),
    },
    # Equipment: the failure-risk ranking, scored for every device and stored every 5 minutes
    # (the list page reads it; equipment.views.kpis.RISK_REFRESH_MINUTES says so on the page).
    "equipment.refresh_failure_risk": {
        "task": "equipment.tasks.refresh_failure_risk",
        "schedule": 300.0,
    },
    # OKR: live-data check-ins early on Monday, reminders to heads at 09:00 (hospital time).
    "okr.record_live_check_ins": {
        "task": "okr.tasks.record_live_check_ins",
        "schedule": crontab(minute=30, hour=5, day_of_week="mon"),
    },
    "okr.send_check_in_reminders": {
        "task": "okr.tasks.send_check_in_reminders",
        "schedule": crontab(minute=0, hour=9, day_of_week="mon"),
    },
    # Inventory, nightly (hospital time): quarantine expired lots, then near-expiry and low-stock alerts.
    "inventory.quarantine_expired_lots": {
        "task": "inventory.tasks.quarantine_expired_lots",
        "schedule": crontab(minute=5, hour=0),
    },
    "inventory.send_near_expiry_alerts": {
        "task": "inventory.tasks.send_near_expiry_alerts",
        "schedule": crontab(minute=0, hour=6),
    },
    "inventory.send_low_stock_alerts": {
        "task": "inventory.tasks.send_low_stock_alerts",
        "schedule": crontab(minute=10, hour=6),
    },
    # Staffing, daily: certifications expiring within 60 days; leave waiting over 3 days.
    "staffing.send_certification_alerts": {
        "task": "staffing.tasks.send_certification_alerts",
        "schedule": crontab(minute=20, hour=6),
    },
    "staffing.send_leave_reminders": {
        "task": "staffing.tasks.send_leave_reminders",
        "schedule": crontab(minute=30, hour=8),
    },
    # Performance: last month's costs from inventory, equipment and staffing on the 1st and
    # 2nd (the 2nd picks up what came in late); a closed month is left alone.
    "performance.collect_previous_month": {
        "task": "performance.tasks.collect_previous_month",
        "schedule": crontab(minute=30, hour=2, day_of_month="1,2"),
    },
}

# METRIC_SERIES_FRESH_SECONDS: the dashboard shows stored metric series older than this
# with their age and queues their refresh (hospital.tasks.refresh_metric_series, on the
# queue METRIC_SERIES_TASK_QUEUE, "" = the default queue).
METRIC_SERIES_FRESH_SECONDS = env.int("METRIC_SERIES_FRESH_SECONDS", default=300)
METRIC_SERIES_TASK_QUEUE = env.str("METRIC_SERIES_TASK_QUEUE", default="")

# --- Exports in the background ---------------------------------------------------

# EXPORT_BACKGROUND_ROWS: an export of more rows than this is written by a Celery task
# (hospital.background_exports) and its owner is notified with a download link; smaller
# ones answer at once. The safety-event XLSX writes 3,000-4,500 rows a second on a quiet
# machine (issue 10: a year, ~30,000 rows, in 6.7-11 s), so 5,000 rows keeps an immediate
# export under about two seconds; lower it on a slower or busier server.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5_000)
# EXPORT_KEEP_HOURS: a background export can be downloaded (by its owner only) for this
# long; an hourly task then deletes the file.
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
# EXPORT_DIR: where background exports are written (the "exports" storage below). With
# several machines it must be shared by the Celery workers and the web servers.
EXPORT_DIR = env.str("EXPORT_DIR", default=str(LOCAL_DIR / "exports"))
# EXPORT_TASK_QUEUE: the Celery queue of the export builds ("" = the default queue). Give
# it its own worker (`celery -A hospital worker -Q exports`) so a long export never delays
# the alerts.
EXPORT_TASK_QUEUE = env.str("EXPORT_TASK_QUEUE", default="")

# Staffing: the roster solver's time limit (seconds) and CP-SAT workers for one roster;
# the country whose public holidays (the `holidays` library) switch coverage to holiday rules.
STAFFING_SOLVER_TIME_LIMIT = env.float("STAFFING_SOLVER_TIME_LIMIT", default=30.0)
STAFFING_SOLVER_WORKERS = env.int("STAFFING_SOLVER_WORKERS", default=2)
STAFFING_HOLIDAY_COUNTRY = env.str("STAFFING_HOLIDAY_COUNTRY", default="CN")

# EQUIPMENT_DUE_SOON_DAYS: how many days ahead a maintenance check counts as "due soon"
# (the register's filter and the daily alert to the plan's engineer).
EQUIPMENT_DUE_SOON_DAYS = env.int("EQUIPMENT_DUE_SOON_DAYS", default=14)

# --- Authentication -----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses log-ins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# AXES_FAILURE_LIMIT: failed log-ins for one user name from one address before lock-out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
# A lock-out holds one user name from one client address, so that wrong passwords typed
# elsewhere never lock the user out of their own account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# TRUSTED_PROXY_COUNT: how many proxies of the hospital's own stand in front of the app
# (0: clients connect directly). Behind a proxy every request comes from the proxy's
# address; the client's is then read from X-Forwarded-For, counting that many hops
# from the right, so that a client cannot forge it by sending the header itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "hospital.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- Internationalisation -------------------------------------------------------

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# One date and date-time format per language (hospital/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["hospital.formats"]

# CURRENCY: ISO 4217 code of all money amounts (DecimalField), shown beside them.
CURRENCY = env.str("CURRENCY", default="CNY")

# HOSPITAL_NAME: shown in the navigation bar and e-mails.
HOSPITAL_NAME = env.str("HOSPITAL_NAME", default="City General Hospital")

# --- Static files ---------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # background exports (hospital.background_exports): any Django storage will do
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EXPORT_DIR},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------

# EMAIL_URL: e.g. smtp+tls://user:password@smtp.example.org:587.
# Unset: e-mails are printed to the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hospital-operations@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A console or file backend writes every message, password-reset links with working
# tokens among them, to the server's log or disk: password reset is offered only when
# e-mail really leaves the server, and production refuses to start without that unless
# ALLOW_CONSOLE_EMAIL=true says it is meant (e.g. a test server).
EMAIL_LEAVES_SERVER = EMAIL_BACKEND not in (  # noqa: F821 - set by EMAIL_CONFIG above
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)
PASSWORD_RESET_ENABLED = EMAIL_LEAVES_SERVER
if not DEBUG and not EMAIL_LEAVES_SERVER and not env.bool("ALLOW_CONSOLE_EMAIL", default=False):
    raise ImproperlyConfigured(
        "DEBUG=false needs a real mail server in EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587); "
        "set ALLOW_CONSOLE_EMAIL=true to run without one (password reset is then switched off)."
    )

# --- API ------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "hospital.api_parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "hospital.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "hospital.sorting.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hospital.api_errors.domain_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hospital Operations API",
    "DESCRIPTION": "OKR, inventory, equipment, staffing, quality and performance of one hospital.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Content-Security-Policy (django-csp) -------------------------------------------------

# Pages run only the project's own scripts and styles, served from this site: no inline
# <script>, no style="" or on*="" attribute, no eval (htmx's hx-on and js: values are
# not used; its indicator style is in static/css/app.css). A template that needs
# behaviour puts it in <app>/static/<app>/*.js; tests/hospital/test_content_security_policy.py
# checks every template. The API documentation page relaxes styles for itself only
# (hospital.urls). The dict's keys are the policy's directives.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Production hardening (DEBUG=false) -------------------------------------------------

if not DEBUG:
    # SECURE_SSL_REDIRECT: set false only when a proxy in front already redirects.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
