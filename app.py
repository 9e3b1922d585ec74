"""revrec's review page: `streamlit run app.py` (or `make app`). See docs/app.md.

Thin on purpose: the page's parts live in `assistant/ui/`, and every stage it runs is the
same pipeline function the CLI runs.
"""

from __future__ import annotations

import streamlit as st

from assistant.ui.contract_view import contract_view
from assistant.ui.schedules import schedules_section
from assistant.ui.views import (
    batch_section,
    ensure_source,
    guarded,
    load_settings,
    open_store,
    portfolio,
    show_flash,
    sidebar,
    sign_in,
    upload_section,
)

st.set_page_config(page_title="revrec: ASC 606 contract review", layout="wide")

settings = load_settings()
reviewer = sign_in(settings) if settings is not None else None
if settings is not None and reviewer is not None:
    store = open_store(settings.database_url, str(settings.out_dir))
    extractor = sidebar(settings, reviewer, store)
    st.title("ASC 606 contract review")
    show_flash()
    upload_section(settings, extractor, store, reviewer)
    batch_section(settings, store, reviewer)
    review = portfolio()
    if review is not None:
        ensure_source(review, settings)
        guarded(contract_view, review, store, reviewer)
    guarded(schedules_section, settings)
