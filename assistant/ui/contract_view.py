"""One contract on the page: terms table, document view, the five steps, judgments, memo.

Contract text reaches the page only as widget options, table cells, images, or Markdown
escaped by `plain`; the memo preview is HTML made by the exports' parser with raw HTML,
links and images switched off. Nothing here uses `unsafe_allow_html`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.render_filters import money
from assistant.schemas import Analysis, Citation, Conclusion, FlagKind, Severity
from assistant.ui.auth import Reviewer
from assistant.ui.escape import plain
from assistant.ui.exports import file_stem, page_memo, to_docx, to_html, to_html_fragment
from assistant.ui.highlight import render_page
from assistant.ui.session import ContractReview
from assistant.ui.store import PageStore, judgment_id
from assistant.ui.terms import editable_fields, find_field, get_term, rows
from assistant.ui.views import act

STEPS = (
    "Step 1: identify the contract",
    "Step 2: identify the performance obligations",
    "Step 3: determine the transaction price",
    "Step 4: allocate the transaction price",
    "Step 5: recognise revenue",
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def contract_view(review: ContractReview, store: PageStore, reviewer: Reviewer) -> None:
    record = review.record()
    analysis = record.analysis
    st.header(plain(record.contract))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Status", review.status)
    c2.metric("Transaction price", money(analysis.step3.total, analysis.step3.currency))
    c3.metric("Performance obligations", len(analysis.step2.performance_obligations))
    c4.metric("Open judgments", len(review.open_judgments()))
    st.caption(plain(analysis.summary))
    left, right = st.columns([3, 2])
    with left:
        selected = terms_panel(review, store, reviewer)
    with right:
        document_panel(review, selected)
    steps_panel(review)
    judgments_panel(review, store, reviewer)
    memo_panel(review, store, reviewer)
    audit_panel(review, store)


def terms_panel(review: ContractReview, store: PageStore, reviewer: Reviewer) -> str | None:
    """The terms table and the accept / edit / reject controls; returns the selected path."""
    st.subheader("Terms")
    table = rows(review.extracted.terms, review.decisions, review.overrides)
    if not table:
        st.info("No terms were found in this contract.")
        return None
    st.dataframe(
        [
            {
                "Term": r.name,
                "Value": r.value,
                "Status": r.status,
                "Source": " ".join(c.label() for c in r.term.citations),
            }
            for r in table
        ],
        hide_index=True,
        key=f"terms_table_{review.sha256[:12]}",
    )
    by_path = {r.path: r for r in table}
    key = review.sha256[:12]
    path = st.selectbox(
        "Term",
        list(by_path),
        format_func=lambda p: by_path[p].name,
        help="The table above shows each term's value and status.",
        key=f"term_{key}",
    )
    row = by_path[path]
    a, r = st.columns(2)
    a.button(
        "Accept",
        key=f"accept_{key}",
        on_click=act,
        args=(review.decide, store, reviewer.name, path, "accepted"),
    )
    r.button(
        "Reject",
        key=f"reject_{key}",
        on_click=act,
        args=(review.decide, store, reviewer.name, path, "rejected"),
    )
    fields = editable_fields(path, row.term)
    if not fields:
        return path
    with st.container(border=True):
        name = st.selectbox(
            "Value to edit",
            [f.field for f in fields],
            format_func=lambda n: next(f.label for f in fields if f.field == n),
            key=f"field_{key}_{path}",
        )
        field = find_field(path, row.term, name)
        assert field is not None
        input_key = f"value_{key}_{path}_{name}"
        if field.kind in ("choice", "yes_no"):
            options = list(field.options) if field.kind == "choice" else ["yes", "no"]
            if field.optional:
                options = ["", *options]
            index = options.index(field.current) if field.current in options else 0
            st.selectbox("New value", options, index=index, key=input_key)
        else:
            st.text_input(
                "New value", value=field.current, key=input_key, help=_HELP.get(field.kind)
            )
        st.button(
            "Apply edit",
            key=f"apply_{key}",
            on_click=act,
            args=(_edit, review, store, reviewer.name, field, input_key),
        )
    return path


_HELP = {
    "number": "A number, e.g. 12500.00",
    "date": "YYYY-MM-DD",
    "duration": "e.g. 12 months, 30 days, 2 years",
    "integer": "A whole number",
}


def _edit(review: ContractReview, store: PageStore, who: str, field: Any, input_key: str) -> None:
    review.edit(store, who, field, str(st.session_state.get(input_key, "")))


def document_panel(review: ContractReview, selected: str | None) -> None:
    """The PDF page with the cited text highlighted, for a term or a conclusion or flag."""
    st.subheader("Document")
    record = review.record()
    sources: dict[str, tuple[str, list[Citation]]] = {"": ("the selected term", [])}
    if selected is not None:
        term = get_term(review.extracted.terms, selected)
        if term is not None:
            sources[""] = (f"the selected term ({selected.removeprefix('terms.')})", term.citations)
    for n, conclusions in enumerate(step_conclusions(record.analysis), start=1):
        for i, c in enumerate(conclusions):
            if c.citations:
                sources[f"c{n}.{i}"] = (f"Step {n}: {c.topic}", c.citations)
    for i, f in enumerate(record.analysis.flags):
        if f.citations:
            sources[f"f{i}"] = (f"Flag: {f.kind.value}", f.citations)
    key = review.sha256[:12]
    choice = st.selectbox(
        "Show the source of",
        list(sources),
        format_func=lambda k: sources[k][0],
        key=f"source_{key}",
    )
    citations = sources.get(choice, sources[""])[1]
    if not citations:
        st.info("Select a term, conclusion or flag that cites the contract.")
        return
    index = 0
    if len(citations) > 1:
        index = st.selectbox(
            "Citation",
            range(len(citations)),
            format_func=lambda i: f"{i + 1}: {citations[i].label()}",
            key=f"citation_{key}",
        )
    citation = citations[min(index, len(citations) - 1)]
    st.caption(f"Quote {plain(citation.label())}: “{plain(citation.quote, 400)}”")
    if review.document is None or review.pdf is None:
        st.info("The PDF is not at hand for this contract (reopened from the store).")
        return
    shown = render_page(review.pdf, review.document, citation.page, citation)
    st.image(shown.image, caption=f"Page {citation.page}", width="stretch")
    if not shown.found:
        st.warning("The quote could not be located on the rendered page; shown without it.")


def step_conclusions(analysis: Analysis) -> list[list[Conclusion]]:
    return [
        analysis.step1.conclusions,
        analysis.step2.conclusions,
        analysis.step3.conclusions,
        analysis.step4.conclusions,
        analysis.step5.conclusions,
    ]


def steps_panel(review: ContractReview) -> None:
    analysis = review.record().analysis
    st.subheader("The five steps")
    for title, conclusions in zip(STEPS, step_conclusions(analysis), strict=True):
        flags = [f for c in conclusions for f in c.flags]
        label = f"{title} ({len(flags)} flag{'s' if len(flags) != 1 else ''})"
        with st.expander(label):
            for c in conclusions:
                st.markdown(f"**{plain(c.topic)}**: {plain(c.rationale)}")
                asc = ", ".join(c.asc)
                cites = " ".join(x.label() for x in c.citations)
                st.caption(plain(f"ASC {asc} {cites}".strip()))
                for f in c.flags:
                    st.warning(plain(f"{f.severity.value}: {f.message}"))


def judgments_panel(review: ContractReview, store: PageStore, reviewer: Reviewer) -> None:
    """Open judgments: answer (reviewer inputs) or acknowledge with a note."""
    analysis = review.record().analysis
    judgments = [f for f in analysis.flags if f.severity is Severity.JUDGMENT]
    st.subheader(f"Judgments ({len(review.open_judgments())} open)")
    key = review.sha256[:12]
    for flag in judgments:
        fid = judgment_id(flag)
        resolved = review.judgments.get(fid)
        with st.container(border=True):
            st.markdown(f"**{plain(flag.kind.value)}**: {plain(flag.message)}")
            if resolved is not None:
                st.success(plain(f"{resolved[0]}: {resolved[1]}", 300))
                continue
            if flag.kind in _ANSWERS:
                field, label = _ANSWERS[flag.kind]
                st.button(
                    label,
                    key=f"answer_{key}_{fid}",
                    on_click=act,
                    args=(review.answer, store, reviewer.name, fid, {field: True}),
                )
            note_key = f"note_{key}_{fid}"
            st.text_input("Acknowledgement note", key=note_key)
            st.button(
                "Acknowledge",
                key=f"ack_{key}_{fid}",
                on_click=act,
                args=(_acknowledge, review, store, reviewer.name, flag, note_key),
            )
    inputs = st.file_uploader(
        "Reviewer inputs (TOML: forecasts, SSP overrides, principal vs agent ...)",
        type=["toml"],
        key=f"inputs_{key}",
        max_upload_size=1,
    )
    if inputs is not None:
        st.button(
            "Apply reviewer inputs",
            key=f"apply_inputs_{key}",
            on_click=act,
            args=(_inputs, review, store, reviewer.name, inputs),
        )


_ANSWERS = {
    FlagKind.COLLECTIBILITY: ("collectibility_confirmed", "Confirm: collection is probable"),
    FlagKind.COMMERCIAL_SUBSTANCE: (
        "commercial_substance_confirmed",
        "Confirm: the contract has commercial substance",
    ),
}


def _acknowledge(review: ContractReview, store: PageStore, who: str, flag: Any, key: str) -> None:
    review.acknowledge(store, who, flag, str(st.session_state.get(key, "")))


def _inputs(review: ContractReview, store: PageStore, who: str, upload: Any) -> None:
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        from assistant.errors import RevrecError

        raise RevrecError("reviewer inputs file: not UTF-8 text") from None
    review.answer_with_file(store, who, text)


def memo_panel(review: ContractReview, store: PageStore, reviewer: Reviewer) -> None:
    st.subheader("Memo")
    memo = page_memo(review, store.status_label(review.sha256))
    stem = file_stem(review)
    key = review.sha256[:12]
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button(
        "Markdown",
        memo,
        file_name=f"{stem}.md",
        mime="text/markdown",
        key=f"dl_md_{key}",
        on_click="ignore",
    )
    d2.download_button(
        "Word",
        to_docx(memo),
        file_name=f"{stem}.docx",
        mime=DOCX_MIME,
        key=f"dl_docx_{key}",
        on_click="ignore",
    )
    d3.download_button(
        "HTML",
        to_html(memo, review.extracted.contract),
        file_name=f"{stem}.html",
        mime="text/html",
        key=f"dl_html_{key}",
        on_click="ignore",
    )
    if review.status == "reviewed":
        d4.button(
            "Reopen as draft",
            key=f"draft_{key}",
            on_click=act,
            args=(review.mark, store, reviewer.name, "draft"),
        )
        st.success(plain(f"Reviewed by {review.reviewed_by}."))
    else:
        blocked = not review.can_mark_reviewed()
        d4.button(
            "Mark reviewed",
            key=f"reviewed_{key}",
            type="primary",
            disabled=blocked,
            on_click=act,
            args=(review.mark, store, reviewer.name, "reviewed"),
        )
        if blocked:
            st.caption("Answer or acknowledge every open judgment to mark the memo reviewed.")
    with st.expander("Memo preview", expanded=False):
        st.html(to_html_fragment(memo))


def audit_panel(review: ContractReview, store: PageStore) -> None:
    entries = store.audit(review.sha256)
    with st.expander(f"Audit log ({len(entries)} entries)"):
        st.dataframe(
            [
                {
                    "When (UTC)": f"{e.at:%Y-%m-%d %H:%M:%S}",
                    "Who": e.reviewer,
                    "Action": e.action,
                    "What": e.field,
                    "Old": _short(e.old_value),
                    "New": _short(e.new_value),
                }
                for e in entries
            ],
            hide_index=True,
            key=f"audit_{review.sha256[:12]}",
        )


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:199] + "…"
