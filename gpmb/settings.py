"""Django settings for GPMB. Every value that differs between machines comes from the
environment; `.env.example` documents each variable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from gpmb.core.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("GPMB_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("GPMB_REQUIRE_SECRET_KEY", False):
        raise ConfigError("SECRET_KEY is required in production (GPMB_REQUIRE_SECRET_KEY=1)")
    # A per-install key kept in the data folder (mode 0600), so sessions survive restarts
    # and no secret is ever committed.
    from gpmb.core.secretkey import read_or_create

    SECRET_KEY = read_or_create(DATA_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "gpmb.core.admin_site.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "gpmb.core",
    "gpmb.projects",
    "gpmb.parcels",
    "gpmb.parties",
    "gpmb.cases",
    "gpmb.census",
    "gpmb.policy",
    "gpmb.plans",
    "gpmb.payments",
    "gpmb.resettlement",
    "gpmb.documents",
    "gpmb.reports",
    "gpmb.demo",
    # Login throttling and lockout, web and admin (issue 9, point 10).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: every response that is not a static file is marked
    # no-store, including those made by the middleware below (lockout, CSRF failure).
    "gpmb.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gpmb.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gpmb.core.middleware.NulRefusedMiddleware",
    "gpmb.core.middleware.BusyDatabaseMiddleware",
    "gpmb.core.middleware.AuditContextMiddleware",
    "gpmb.core.sessions.IdleSessionMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gpmb.urls"
WSGI_APPLICATION = "gpmb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gpmb.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, reading back any number a column holds (core/sqlite).
    DATABASES["default"]["ENGINE"] = "gpmb.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server read while an import writes; IMMEDIATE avoids
    # "database is locked" when two writers start a transaction at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The user's name without diacritics, too little variety, office word + digits.
    {"NAME": "gpmb.core.passwords.PersonalPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: refuses a locked-out login before checking it.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A username tried from one address is locked after GPMB_LOGIN_FAILURE_LIMIT wrong
# passwords for GPMB_LOGIN_COOLOFF_MINUTES (each new try while locked restarts the wait).
# Locking the pair rather than the username alone keeps a stranger from locking an
# officer out from elsewhere; locking the pair rather than the address keeps one mistyping
# colleague from locking out a whole office behind one NAT address.
AXES_FAILURE_LIMIT = env_int("GPMB_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GPMB_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The log names the username and address of failures and lockouts (never the password):
# that is what an administrator needs to see who is being tried, and from where.
AXES_SENSITIVE_PARAMETERS: list[str] = []
AXES_LOCKOUT_CALLABLE = "gpmb.core.sessions.lockout_response"
# Behind a reverse proxy every request comes from the proxy: take the client's address
# from X-Forwarded-For, counting GPMB_PROXY_COUNT trusted proxies from the right.
AXES_CLIENT_IP_CALLABLE = "gpmb.core.sessions.client_ip"
GPMB_PROXY_COUNT = env_int("GPMB_PROXY_COUNT", 0, minimum=0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:project_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers and dates are formatted by gpmb.core.vnformat, not by Django's localisation,
# so every page, export and document uses the same Vietnamese rules.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# `gpmb collectstatic` fills it for production; until then WhiteNoise serves the apps'
# static files directly (WHITENOISE_USE_FINDERS) and only needs the folder to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True


# Content-Security-Policy on every response (django-csp): scripts and styles only from
# this site's files — no inline <script>, no onclick=, no style= attribute, no eval — so
# text stored from an imported file can never run as code even if a page forgot to
# escape it. Behaviour lives in static JS (gpmb/core/static/gpmb/gpmb.js); htmx is told
# not to eval or inject its <style> (meta htmx-config in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day without a request (refreshed as the user works, see
# core.sessions.IdleSessionMiddleware) and when the browser closes (no persistent cookie).
SESSION_COOKIE_AGE = env_int("GPMB_SESSION_IDLE_HOURS", 9, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The session's expiry is pushed forward at most this often, so an idle timeout of hours
# does not cost a database write on every request.
GPMB_SESSION_REFRESH_SECONDS = 300

# Production behind TLS (docs/deploy.md, .env.example): every value from the environment,
# off by default so a local trial over http://127.0.0.1 works.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The header the reverse proxy sets to "https" for requests it received over TLS, e.g.
# X-Forwarded-Proto. Only set it when a proxy that always sets (or strips) it is in front.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# How many days a new OGC read token works unless its creator chooses otherwise.
GPMB_READ_TOKEN_DAYS = env_int("GPMB_READ_TOKEN_DAYS", 365, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Front-end libraries come from npm (package.json + package-lock.json at the repository
# root, installed with `npm ci`) and are served from node_modules; nothing is vendored.
STATICFILES_DIRS = [("vendor/leaflet", BASE_DIR.parent / "node_modules" / "leaflet" / "dist")]

# Long work runs as jobs (gpmb.core.jobs): queued in the database, run by `gpmb worker`
# beside the web server. Tests use django-tasks' immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job that has not reported progress for this long has lost its worker.
GPMB_JOB_STALE_SECONDS = env_int("GPMB_JOB_STALE_SECONDS", 900, minimum=60)
# Memory a worker process may use (MB); a job that needs more fails, the worker goes on.
GPMB_WORKER_MEMORY_MB = env_int("GPMB_WORKER_MEMORY_MB", 4096, minimum=256)

# Uploads (gpmb.core.uploads): the largest file of each kind, in MB, checked while it
# arrives; unconfirmed uploads are deleted after GPMB_UPLOAD_RETENTION_HOURS.
GPMB_UPLOAD_LIMITS_MB = {
    "default": env_int("GPMB_UPLOAD_LIMIT_MB", 50, minimum=1),
    "parcels": env_int("GPMB_UPLOAD_LIMIT_PARCELS_MB", 200, minimum=1),
    "boundary": env_int("GPMB_UPLOAD_LIMIT_BOUNDARY_MB", 50, minimum=1),
    "inventory": env_int("GPMB_UPLOAD_LIMIT_INVENTORY_MB", 50, minimum=1),
    "field_survey": env_int("GPMB_UPLOAD_LIMIT_FIELD_SURVEY_MB", 100, minimum=1),
    "attachment": env_int("GPMB_UPLOAD_LIMIT_ATTACHMENT_MB", 20, minimum=1),
}
GPMB_UPLOAD_RETENTION_HOURS = env_int("GPMB_UPLOAD_RETENTION_HOURS", 24, minimum=1)
