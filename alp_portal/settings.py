"""One settings module for every environment, driven by environment variables.

Development defaults are safe: DEBUG on, an SQLite file beside the code, e-mail on the console.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "1")
_DEV_SECRET = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG=0.")
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "labs",
    "plans",
    "questionnaire",
    "public",
    "partners",
    "accounts",
    "review",
    "outbox",
    "sdgcommons",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that every answer carries the policy, the refusals below included.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before the session reads its cookie and before any view reads a parameter.
    "alp_portal.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "alp_portal.urls"
WSGI_APPLICATION = "alp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "review.context_processors.notifications",
            ],
        },
    },
]

# SQLite file by default (the embedded database `make run` uses); PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs tens of milliseconds per query and pays off only for long reports.
    # The data is read from memory or SSD, where a random read costs little more than one in
    # sequence: at the default cost (4) PostgreSQL joined a page of plans' terms by hashing the
    # whole terms table (5 ms at 100,000 plans, 1 ms by index).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    # Parameters bound by the server, so that psycopg prepares a query asked a fifth time on a
    # connection and PostgreSQL stops planning it afresh: a plan page's queries took longer to
    # plan than to run (Django's default binds them into the text, for poolers that could not
    # keep prepared statements; PgBouncer 1.21 and newer can).
    DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when REDIS_URL is set, so that sign-in limits hold across workers;
# otherwise each process keeps its own.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
# Public pages are served to anonymous visitors from that cache (public/caching.py) for at
# most this many seconds; any change the public would see refreshes them at once. 0 turns it off,
# as it is by default in production without Redis: a cache each worker keeps for itself would
# not hear of a change made through another worker.
ALP_PUBLIC_CACHE_SECONDS = envint(
    "ALP_PUBLIC_CACHE_SECONDS", "600" if DEBUG or os.environ.get("REDIS_URL") else "0"
)
# Behind a reverse proxy, the client address is the last one the proxy added to
# X-Forwarded-For; set DJANGO_TRUST_X_FORWARDED_FOR=1 only when such a proxy is in front.
TRUST_X_FORWARDED_FOR = envbool("DJANGO_TRUST_X_FORWARDED_FOR", "0")
# The facet index's included columns serve PostgreSQL; SQLite simply indexes the key column.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "/"
# Sign-in throttling (accounts/views.py): failures allowed per e-mail and per client address
# within the window; a successful sign-in clears the e-mail's count.
ALP_SIGN_IN_MAX_FAILURES = envint("ALP_SIGN_IN_MAX_FAILURES", "5")
ALP_SIGN_IN_MAX_FAILURES_PER_ADDRESS = envint("ALP_SIGN_IN_MAX_FAILURES_PER_ADDRESS", "20")
ALP_SIGN_IN_WINDOW_SECONDS = envint("ALP_SIGN_IN_WINDOW_SECONDS", str(15 * 60))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("pt", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# One way of writing dates per language, across the portal (alp_portal/formats/).
FORMAT_MODULE_PATH = ["alp_portal.formats"]
USE_TZ = True
# Numbers go out ungrouped: ids, versions and counts are written into form values, links and
# data attributes that are read back. Decimals a browser reads (the map's and the charts'
# coordinates) are kept out of the language's notation by {% localize off %} in their templates.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Supporting evidence uploaded with plans: at most this many bytes a file. MEDIA_ROOT is never
# served as such: files go out through plans:evidence, to those who may see the plan.
ALP_MAX_UPLOAD_BYTES = envint("ALP_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The JSON API (public/api.py): read-only views, JSON whatever the client asks, the session
# deciding who the reader is (a focal point also sees their lab's drafts, as on the pages).
# Who sees what is decided by the querysets (`visible_to`), not by permission classes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "public.negotiation.JSONWhateverAccepted",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # No OPTIONS description and no ?format=: a GET (or HEAD) is all the API answers.
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ALP Portal API",
    "VERSION": "1.0",
    "DESCRIPTION": (
        "The published action learning plans and progress reports of the UNDP Accelerator Labs "
        "network, and the organisations they partner with. Read-only; no key needed. The plan "
        "list takes the same filters as the /plans/ listing: a repeated parameter means any of "
        "its values, different parameters all apply."
    ),
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's Swagger UI comes from our static files: the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public.api.plan_parameters_as_components",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail never leaves during a request: the default mailer keeps each message in the outbox
# (outbox/sending.py), in the transaction of the change it is about, and a task sends it through
# the "delivery" mailer: the console in development, SMTP in production (the local mail server
# unless DJANGO_EMAIL_HOST names another), trying again with growing pauses while it fails.
if DEBUG and not os.environ.get("DJANGO_EMAIL_HOST"):
    _DELIVERY = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
else:
    _DELIVERY = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": envint("DJANGO_EMAIL_PORT", "25"),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("DJANGO_EMAIL_USE_TLS", "0"),
            # A mail server that accepts the connection and then says nothing must not hold
            # the worker (and the messages behind this one) for ever.
            "timeout": envint("DJANGO_EMAIL_TIMEOUT", "30"),
        },
    }
MAILERS = {"default": {"BACKEND": "outbox.backends.OutboxBackend"}, "delivery": _DELIVERY}
ALP_MAIL_MAX_ATTEMPTS = envint("ALP_MAIL_MAX_ATTEMPTS", "5")
ALP_MAIL_RETRY_SECONDS = envint("ALP_MAIL_RETRY_SECONDS", "60")
# Tasks (sending e-mail) are rows in the database in production, written in the transaction
# that orders them and run by `manage.py db_worker`; in development the web process runs them
# itself, right after the commit, so that `make run` needs nothing else.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
# Where the portal lives, for links in e-mails sent outside a request (notifications).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ALP Portal <alp@localhost>")

# Questionnaires with formsets post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DJANGO_DATA_UPLOAD_MAX_NUMBER_FIELDS", "5000")

SESSION_COOKIE_AGE = envint("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 12))
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
