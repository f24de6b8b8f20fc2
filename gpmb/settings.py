"""Django settings for GPMB. Every value that differs between machines comes from the
environment; `.env.example` documents each variable."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gpmb.core.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("GPMB_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("GPMB_REQUIRE_SECRET_KEY", False):
        raise ConfigError("SECRET_KEY is required in production (GPMB_REQUIRE_SECRET_KEY=1)")
    # A per-install key kept in the data folder, so sessions survive restarts and no
    # secret is ever committed.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "gpmb.documents",
    "gpmb.reports",
    "gpmb.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gpmb.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gpmb.core.middleware.AuditContextMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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


SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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
