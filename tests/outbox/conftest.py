import socket

import pytest


def closed_port() -> int:
    """A port on this machine where nothing listens: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    """The worker sends through SMTP to a mail server that is not there."""
    port = closed_port()
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        },
    }
    return port
