"""
Django settings for the suite's Django OAuth Toolkit server: stock DOT settings, a sqlite
database in a directory the test chose, nothing that could reach beyond loopback.
Read from the environment serve.py sets before Django starts.
"""

import os
import secrets

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = secrets.token_urlsafe(32)
DEBUG = os.environ.get("DOT_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tokenrelay_dot.urls"
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(os.environ["DOT_DB_DIR"], "db.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

OAUTH2_PROVIDER = {
    "SCOPES": {
        "read": "Read",
        "write": "Write",
        "introspection": "Introspect tokens",
    },
    "DEFAULT_SCOPES": ["read"],
    "OIDC_ENABLED": os.environ.get("DOT_OIDC") == "1",
}
if OAUTH2_PROVIDER["OIDC_ENABLED"]:
    from jwcrypto import jwk

    OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"] = (
        jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )

# Requests are logged by the test when it needs them; keep Django quiet otherwise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "ERROR"},
}
