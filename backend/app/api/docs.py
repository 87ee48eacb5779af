"""`/docs` without the internet: Swagger UI's files come from a Python package, not a CDN.

FastAPI's default page loads Swagger UI from jsDelivr, so on a plane or a locked-down network
`/docs` is a blank page. The `swagger-ui-py` package ships Swagger UI 5's built files (Apache-2.0);
we serve them under `/docs/assets` and point FastAPI's page at them.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs/assets"
SWAGGER_STATIC = Path(swagger_ui.__file__).parent / "static"


def install_offline_docs(app: FastAPI) -> None:
    """Serve `/docs` (and its OAuth2 redirect) from the packaged assets. Create the app with
    `docs_url=None` first, so FastAPI's CDN page does not claim the route."""
    app.mount(ASSETS_PATH, StaticFiles(directory=SWAGGER_STATIC), name="swagger-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} · docs",
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
