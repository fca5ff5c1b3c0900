"""
Starts the suite's Django OAuth Toolkit server on 127.0.0.1 and a port the system picks.

Reads its setup as JSON on stdin (the client secrets never appear in argv):
  {"clients": [{"client_id", "client_secret", "name"}]}
Environment: DOT_DB_DIR (required), DOT_OIDC=1, DOT_EXTEND_METADATA=1.
Prints one JSON line {"port": N} on stdout once it is listening, then serves until killed.
"""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tokenrelay_dot.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import get_application_model  # noqa: E402


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        if os.environ.get("DOT_LOG_REQUESTS") == "1":
            super().log_message(format, *args)


def main():
    setup = json.load(sys.stdin)
    call_command("migrate", verbosity=0, interactive=False)
    Application = get_application_model()
    for client in setup["clients"]:
        Application.objects.create(
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            name=client.get("name", client["client_id"]),
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        )
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingServer, handler_class=QuietHandler
    )
    print(json.dumps({"port": server.server_port}), flush=True)
    server.serve_forever()


main()
