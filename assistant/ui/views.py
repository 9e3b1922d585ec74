"""The page's frame: sign-in, sidebar, uploads, folder batch and the portfolio table.

Every reviewer act runs in a widget callback, so the page always renders the state after the
act; a `RevrecError` becomes one line at the top of the page. Anything else is a defect: the
page shows only its type (its message could quote the contract) and re-raises nothing into
Streamlit's error display.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError

from assistant.errors import RevrecError
from assistant.extract import Extractor
from assistant.outputs import safe_name
from assistant.render_filters import money
from assistant.review import Outcome, make_extractor
from assistant.schemas import PartyRole
from assistant.ui.auth import Reviewer, auth_mode, clean_name, oidc_reviewer, password_ok
from assistant.ui.escape import plain
from assistant.ui.pipeline import (
    PageSettings,
    count_pdfs,
    open_source,
    review_folder,
    review_upload,
    with_extractor,
)
from assistant.ui.session import ContractReview
from assistant.ui.store import PageStore

REVIEWS = "reviews"
FAILED = "failed"
CURRENT = "current"
FLASH = "flash"


def load_settings() -> PageSettings | None:
    try:
        return PageSettings()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        st.error(f"Invalid setting REVREC_{where.upper()}: {err['msg']}")
        return None


@st.cache_resource(show_spinner=False)
def open_store(url: str | None, out_dir: str) -> PageStore:
    return PageStore.open(url, Path(out_dir))


@st.cache_resource(show_spinner=False)
def _extractor(choice: str, model: str | None, _settings: PageSettings) -> Extractor:
    return make_extractor(_settings)


def reviews() -> dict[str, ContractReview]:
    return st.session_state.setdefault(REVIEWS, {})


def act(fn: Callable[..., Any], *args: Any) -> None:
    """Run a reviewer act (a widget callback); its user-facing error is shown on the page."""
    try:
        fn(*args)
    except RevrecError as exc:
        st.session_state[FLASH] = exc.message
    except Exception as exc:  # a defect: never echo its message (it may quote the contract)
        st.session_state[FLASH] = f"internal error ({type(exc).__name__}); nothing was changed"


def guarded(fn: Callable[..., Any], *args: Any) -> None:
    """Draw part of the page; a defect shows its type only and is not logged with its message
    (it may quote the contract). `REVREC_DEBUG=1` lets it raise, for developers."""
    try:
        fn(*args)
    except RevrecError as exc:
        st.error(plain(exc.message))
    except Exception as exc:
        if os.environ.get("REVREC_DEBUG"):
            raise
        st.error(f"Internal error ({type(exc).__name__}); set REVREC_DEBUG=1 to see it.")


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.error(plain(message))


# -- sign-in --


def sign_in(settings: PageSettings) -> Reviewer | None:
    """The signed-in reviewer, or None after drawing the sign-in form."""
    secrets: Any = st.secrets if st.secrets.load_if_toml_exists() else None
    mode = auth_mode(secrets, settings.team_password)
    if mode == "oidc":
        reviewer = oidc_reviewer(st.user.to_dict())
        if reviewer is None:
            st.title("revrec")
            st.write("Contracts are confidential: sign in to review them.")
            st.button("Sign in", on_click=st.login, key="login")
            return None
        st.sidebar.button("Sign out", on_click=st.logout, key="logout")
        return reviewer
    known = st.session_state.get("reviewer")
    if isinstance(known, Reviewer) and known.mode == mode:
        if st.sidebar.button("Sign out", key="logout"):
            del st.session_state["reviewer"]
            st.rerun()
        return known
    st.title("revrec")
    with st.form("sign_in"):
        name = st.text_input("Your name (recorded in the audit log)", key="sign_in_name")
        password = (
            st.text_input("Team password", type="password", key="sign_in_password")
            if mode == "password"
            else ""
        )
        submitted = st.form_submit_button("Sign in")
    if submitted:
        who = clean_name(name)
        if not who:
            st.error("Enter your name: every change is recorded under it.")
        elif mode == "password" and not password_ok(password, settings.team_password):  # type: ignore[arg-type]
            st.error("Wrong team password.")
        else:
            st.session_state["reviewer"] = Reviewer(who, mode)
            st.rerun()
    return None


# -- sidebar --


def sidebar(settings: PageSettings, reviewer: Reviewer, store: PageStore) -> Extractor | None:
    """Extractor and model choice, with a clear notice when the offline extractor is used."""
    bar = st.sidebar
    bar.markdown(f"**Reviewer:** {plain(reviewer.label)}")
    labels = {"rules": "Offline rules (no model)", "llm": "Language model"}
    default = 1 if settings.llm.configured and settings.extractor in ("auto", "llm") else 0
    choice = bar.radio(
        "Extractor", list(labels), index=default, format_func=labels.get, key="extractor"
    )
    model = None
    if choice == "llm":
        model = bar.text_input("Model", value=settings.llm.model, key="model").strip() or None
        if settings.llm.configured:
            bar.caption(f"Endpoint: {plain(settings.llm.endpoint_label())}")
    else:
        bar.info(
            "Offline extractor in use: rule-based, no language model, nothing leaves this "
            "machine. Unusual wording may be missed; what is not found is reported as such, "
            "never guessed.",
            icon=":material/cloud_off:",
        )
    if not store.persistent:
        bar.warning("The review store is not available: reviews last only for this session.")
    chosen = with_extractor(settings, choice, model)
    try:
        return _extractor(choice, model, chosen)
    except RevrecError as exc:
        bar.error(plain(exc.message))
        return None


# -- uploads and batch --


def upload_section(
    settings: PageSettings, extractor: Extractor | None, store: PageStore, reviewer: Reviewer
) -> None:
    files = st.file_uploader(
        "Contract PDFs",
        type=["pdf"],
        accept_multiple_files=True,
        max_upload_size=settings.upload_limit_mb(),
        key="uploads",
        help=f"PDF only, at most {settings.max_file_mb:g} MB each (REVREC_MAX_FILE_MB).",
        disabled=extractor is None,
    )
    seen: set[str] = st.session_state.setdefault("seen_uploads", set())
    new = [f for f in files or [] if f.file_id not in seen]
    if not new or extractor is None:
        return
    if len(new) > settings.max_uploads:
        st.error(f"At most {settings.max_uploads} files at a time.")
        return
    bar = st.progress(0.0, text=f"Reviewing {len(new)} contract(s)")
    for i, upload in enumerate(new, start=1):
        seen.add(upload.file_id)
        name = safe_name(Path(upload.name).stem)
        with st.status(f"{name}: starting", expanded=False) as status:

            def stage(text: str, n: str = name, s: Any = status) -> None:
                s.update(label=f"{n}: {text}")

            try:
                reviewed = review_upload(
                    upload.getvalue(),
                    upload.name,
                    settings,
                    extractor,
                    stage,
                    contract=_unique_name(name, upload.name),
                )
            except RevrecError as exc:
                status.update(label=f"{name}: failed", state="error")
                _failed(name, exc.message)
            except Exception as exc:  # a defect; its message may quote the contract
                status.update(label=f"{name}: failed", state="error")
                _failed(name, f"internal error ({type(exc).__name__})")
            else:
                status.update(label=f"{name}: reviewed", state="complete")
                _add(reviewed.record, store, reviewer, settings, reviewed.document, reviewed.pdf)
        bar.progress(i / len(new), text=f"{i} of {len(new)} reviewed")


def batch_section(settings: PageSettings, store: PageStore, reviewer: Reviewer) -> None:
    with st.expander("Review a folder on the server"):
        folder = st.text_input("Folder path", key="folder")
        if not st.button("Review folder", key="review_folder", disabled=not folder.strip()):
            return
        total = count_pdfs(folder)
        bar = st.progress(0.0, text=f"Reviewing {total} contract(s)")
        done = 0

        def on_outcome(outcome: Outcome) -> None:
            nonlocal done
            done += 1
            bar.progress(min(done / max(total, 1), 1.0), text=f"{done} of {total} finished")

        try:
            report = review_folder(folder, settings, on_outcome)
        except RevrecError as exc:
            st.error(plain(exc.message))
            return
        for outcome in report.outcomes:
            if outcome.record is None:
                _failed(outcome.job.name, outcome.error)
            else:
                _add(outcome.record, store, reviewer, settings, source=outcome.job.path)
        st.success(f"{len(report.outcomes) - len(report.failed)} of {total} reviewed.")


def _unique_name(name: str, original: str) -> str:
    taken = {r.extracted.contract for r in reviews().values()}
    if name not in taken:
        return name
    import hashlib

    return f"{name}-{hashlib.sha256(original.encode()).hexdigest()[:8]}"


def _failed(name: str, error: str) -> None:
    st.session_state.setdefault(FAILED, {})[name] = error


def _add(
    record: Any,
    store: PageStore,
    reviewer: Reviewer,
    settings: PageSettings,
    document: Any = None,
    pdf: bytes | None = None,
    source: Path | None = None,
) -> None:
    """Keep the machine review in the store and open it, restoring an earlier review."""
    state = store.load(record.sha256)
    store.save(record, reviewer.name)
    review = ContractReview.restore(record, state, settings.ssp_table(), document=document, pdf=pdf)
    review.source = source
    reviews()[record.sha256] = review
    st.session_state.get(FAILED, {}).pop(record.contract, None)
    st.session_state[CURRENT] = record.sha256
    st.session_state["open_contract"] = record.sha256


# -- portfolio --


def portfolio() -> ContractReview | None:
    """The portfolio table, and the contract the reviewer opens from it."""
    items = reviews()
    failed: dict[str, str] = st.session_state.get(FAILED, {})
    if not items and not failed:
        return None
    st.subheader("Portfolio")
    rows = []
    for review in items.values():
        record = review.record()
        analysis = record.analysis
        customer = record.terms.party(PartyRole.CUSTOMER)
        rows.append(
            {
                "Contract": record.contract,
                "Status": review.status,
                "Customer": customer.value.name if customer else "",
                "Transaction price": money(analysis.step3.total, analysis.step3.currency),
                "POs": len(analysis.step2.performance_obligations),
                "Flags": len(analysis.flags),
                "Open judgments": len(review.open_judgments()),
                "Extractor": record.extractor.name,
                "Error": "",
            }
        )
    for name, error in failed.items():
        rows.append({"Contract": name, "Status": "failed", "Error": error})
    st.dataframe(rows, hide_index=True, key="portfolio_table")
    if not items:
        return None
    shas = list(items)
    if st.session_state.get("open_contract") not in shas:
        st.session_state["open_contract"] = shas[0]
    chosen = st.selectbox(
        "Open contract",
        shas,
        format_func=lambda sha: f"{items[sha].extracted.contract} ({items[sha].status})",
        key="open_contract",
    )
    st.session_state[CURRENT] = chosen
    return items[chosen]


def ensure_source(review: ContractReview, settings: PageSettings) -> None:
    """Parse a batch contract's PDF the first time it is opened (for the document view)."""
    if review.document is not None or review.source is None:
        return
    try:
        review.document, review.pdf = open_source(review.source, settings)
    except RevrecError as exc:
        st.warning(plain(exc.message))
        review.source = None
