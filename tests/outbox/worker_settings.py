"""Settings of a worker process the tests start: the portal's own, writing e-mail to files."""

import os

from alp_portal.settings import *  # noqa: F403
from alp_portal.settings import MAILERS

MAILERS = {
    **MAILERS,
    "delivery": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["ALP_TEST_MAIL_DIR"]},
    },
}
