"""Settings for gamdong, read from the environment (12-factor).

Environment variables:
    DATABASE_URL   default sqlite:///<DATA_DIR>/gamdong.sqlite3 (WAL mode)
    REDIS_URL      when set: cache and the huey task queue use Redis
    SECRET_KEY     required when DEBUG is off
    DEBUG          "1" for development (the demo sets it off and serves like production)
    ALLOWED_HOSTS  comma separated; default "localhost,127.0.0.1,[::1],testserver"
    DATA_DIR       folder for the SQLite file, uploads and collected static files; default ./var
    SECURE_COOKIES "1" behind HTTPS: secure cookies and HSTS
    MAP_TILE_URL   the map tiles a page may load (added to the Content-Security-Policy)
    MAP_TILE_ATTRIBUTION  the tile provider's credit shown on maps (e.g. "© VWorld")

District rules (deadlines, shares, weights, ...) are not Django settings: they live in
gamdong.core.district_settings, editable by an administrator.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("DATA_DIR", REPO_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_flag("DEBUG", False)


def _secret_key() -> str:
    """The SECRET_KEY from the environment, else one kept in DATA_DIR (made on first use)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
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
    "axes",
    "django_htmx",
    "huey.contrib.djhuey",
    "gamdong.core",
    "gamdong.accounts",
    "gamdong.org",
    "gamdong.complaints",
    "gamdong.field",
    "gamdong.ideas",
    "gamdong.review",
    "gamdong.policy",
    "gamdong.open311",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gamdong.core.idempotency.IdempotencyMiddleware",
    # AxesMiddleware last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gamdong.urls"
WSGI_APPLICATION = "gamdong.wsgi.application"
ASGI_APPLICATION = "gamdong.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "gamdong.core.context_processors.district",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gamdong.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # BEGIN so that two writers queue (busy timeout) instead of failing mid-transaction.
        # wal_autocheckpoint: the request that grows the WAL past 1,000 pages (SQLite's default)
        # copies it into the database and syncs the file: every few dozen filings one of them
        # waited ~6 ms for it. The worker checkpoints every minute instead
        # (gamdong.core.tasks.checkpoint_sqlite_wal); 10,000 pages (40 MB) is the backstop
        # for an installation whose worker is down.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            f" PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Korean text needs a UTF-8 database (pg_trgm ignores Hangul under the C locale).
    DATABASES["default"].setdefault("TEST", {}).update({"CHARSET": "UTF8", "TEMPLATE": "template0"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The inbox's index INCLUDEs columns on PostgreSQL (index-only scans); SQLite builds it without
# them, as intended (complaints migration 0007): the warning only cluttered every command's output.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache and background work ------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gamdong",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gamdong"}}
    HUEY = {
        "huey_class": "gamdong.core.queue.SqliteHuey",
        "name": "gamdong",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
if _env_flag("HUEY_IMMEDIATE", False):
    HUEY["immediate"] = True

# --- Idempotency-Key (gamdong.core.idempotency) --------------------------------------------
# A key still "in progress" after this long belongs to a request that died (longer than the
# server's 60 s request timeout): a retry may take it over.
IDEMPOTENCY_IN_PROGRESS_SECONDS = int(os.environ.get("IDEMPOTENCY_IN_PROGRESS_SECONDS", "90"))

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if _env_flag("TESTING"):
    PASSWORD_HASHERS.insert(0, "gamdong.accounts.hashers.LightArgon2PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Login id (staff), or a verified email / mobile number (residents).
    "gamdong.accounts.backends.IdentifierBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after repeated failed logins (django-axes): per account and address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# 429 Too Many Requests with Retry-After, rendering the template above.
AXES_LOCKOUT_CALLABLE = "gamdong.accounts.views.lockout_response"
AXES_VERBOSE = False

# Where one-time codes and notices go: "console" (stdout) or "file" (DATA_DIR/outbox).
VERIFICATION_BACKEND = os.environ.get("VERIFICATION_BACKEND", "gamdong.accounts.verification.FileCodeSender")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "outbox" / "email")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "gamdong.core.notifications.FileSmsBackend")
SMS_FILE_PATH = str(DATA_DIR / "outbox" / "sms")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gamdong@localhost")

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True  # stored in UTC
TIME_ZONE = "Asia/Seoul"  # computed and shown in Korea's time

# --- Static files and uploads ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not _env_flag("TESTING")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or _env_flag("TESTING")

# --- Security -----------------------------------------------------------------------------
SECURE_COOKIES = _env_flag("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_COOKIES else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
# What the tile provider asks to be shown on the map (e.g. "© VWorld"); plain text.
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
_tile_hosts = []
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _split = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    _netloc = _split.netloc
    if MAP_TILE_URL.split("://", 1)[-1].startswith("{s}."):  # {s}.tile.example: any subdomain
        _netloc = "*." + _netloc[2:]
    _tile_hosts = [f"{_split.scheme}://{_netloc}"]

# Nothing is loaded from another host: default-src 'self' (plus configured map tiles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_hosts],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"gamdong": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True}},
}
