"""How the API picks its answer's format (a module of its own: settings name it, and it must
import without the views)."""

from rest_framework.negotiation import BaseContentNegotiation


class JSONWhateverAccepted(BaseContentNegotiation):
    """The view's first renderer whatever the Accept header says: never a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
