"""The dashboard's server, for `streamlit run serve.py`: the router (streamlit_app.py) served by Streamlit's ASGI
app, which first does what the first visit would otherwise wait for (the engine's imports, the overview's
statuses), so that the first visit after a restart is drawn as quickly as the next; beside it, the routes that set
and clear the HttpOnly session cookie (dashboard/cookie.py)."""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st

from dashboard import cookie


@asynccontextmanager
async def warmed(_app):
    """Warm the caches before the server answers."""
    from dashboard.data import warm_up

    await asyncio.to_thread(warm_up)
    yield


app = st.App("streamlit_app.py", lifespan=warmed, routes=cookie.ROUTES)
