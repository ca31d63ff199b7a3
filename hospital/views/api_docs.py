"""The interactive API documentation (Swagger UI from drf-spectacular-sidecar, no CDN).

The split view serves its start-up script as a separate request, so no inline
script is needed. Swagger UI's page carries a small <style> block of its own,
so this page alone allows inline styles; scripts stay 'self' only.
"""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularSwaggerSplitView

api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema"))
