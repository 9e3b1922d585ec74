"""Clause segmentation: numbering styles, false positives, attachments, partition invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.schemas.document import PAGE_SEPARATOR, ClauseKind, Document
from assistant.segment import MAX_CLAUSE_CHARS, build_document, roman_value, to_roman

FILLER = "The parties shall act in good faith under this Agreement at all times."


def doc_of(*pages: str) -> Document:
    document = build_document(list(pages), "contract.pdf", "0" * 64)
    assert_partition(document)
    return document


def ids(document: Document) -> list[str]:
    return [c.id for c in document.clauses]


def text_of(document: Document, clause_id: str) -> str:
    clause = document.clause(clause_id)
    assert clause is not None, f"no clause {clause_id!r} in {ids(document)}"
    return document.clause_text(clause)


def assert_partition(document: Document) -> None:
    """Clauses are ordered, contiguous, cover every non-blank character, with valid links."""
    text, clauses = document.text, document.clauses
    if not text.strip():
        assert clauses == []
        return
    assert clauses, "non-blank text must have clauses"
    assert not text[: clauses[0].char_start].strip()
    assert clauses[-1].char_end == len(text)
    seen: dict[str, int] = {}
    for k, clause in enumerate(clauses):
        assert clause.id not in seen, f"duplicate id {clause.id!r}"
        assert 0 <= clause.char_start < clause.char_end <= len(text)
        assert not text[clause.char_start].isspace(), "a clause starts on its first character"
        if k + 1 < len(clauses):
            assert clause.char_end == clauses[k + 1].char_start
        assert 1 <= clause.page_start <= clause.page_end <= document.page_count
        assert clause.page_start == document.page_at(clause.char_start)
        last = clause.char_start + len(document.clause_text(clause).rstrip()) - 1
        assert clause.page_end == document.page_at(last)
        if clause.parent_id is None:
            assert clause.level == 0
        else:
            assert clause.parent_id in seen, "a parent comes before its children"
            assert clause.level == clauses[seen[clause.parent_id]].level + 1
        seen[clause.id] = k
    rebuilt = PAGE_SEPARATOR.join(document.page_text(p.number) for p in document.pages)
    assert rebuilt == text


# --- numbering styles ---------------------------------------------------------------------


def test_decimal_numbering_with_lettered_and_roman_items() -> None:
    document = doc_of(
        "MASTER SERVICES AGREEMENT\n"
        "This Agreement is made between Acme Inc. and Beta LLC.\n"
        "1. Definitions.\n"
        '1.1 "Affiliate" means any entity controlling a party.\n'
        '1.2 "Services" means the hosted services.\n'
        "2. Fees and Payment.\n"
        "2.1 Fees. Customer shall pay the fees in Exhibit A.\n"
        "2.2 Invoices. Provider invoices:\n"
        "(a) annually in advance; and\n"
        "(b) for overages, monthly in arrears, where:\n"
        "(i) usage is measured daily;\n"
        "(ii) rates are as quoted.\n"
        "(c) taxes separately.\n"
        "3. Term. This Agreement lasts three years.\n"
    )
    assert ids(document) == [
        "Preamble",
        "1",
        "1.1",
        "1.2",
        "2",
        "2.1",
        "2.2",
        "2.2(a)",
        "2.2(b)",
        "2.2(b)(i)",
        "2.2(b)(ii)",
        "2.2(c)",
        "3",
    ]
    assert document.clause("Preamble").kind is ClauseKind.PREAMBLE
    fees = document.clause("2.1")
    assert fees.heading == "Fees" and fees.parent_id == "2" and fees.level == 1
    assert document.clause("2").heading == "Fees and Payment"
    assert document.clause("2.2(b)(i)").parent_id == "2.2(b)"
    assert document.clause("2.2(b)(i)").level == 3
    assert document.clause("1.1").heading is None
    assert text_of(document, "2.2(a)") == "(a) annually in advance; and\n"


def test_section_keyword_gives_the_bare_number() -> None:
    # An excerpt may start mid-way: 4.1 counts because 4.2 follows it.
    document = doc_of(
        "Section 4.1 Scope. Provider supplies the Services.\n"
        "Section 4.2 Fees. Customer pays monthly.\n"
        "SECTION 4.3 TAXES. Customer pays taxes.\n"
    )
    assert ids(document) == ["4.1", "4.2", "4.3"]
    assert document.clause("4.2").heading == "Fees"
    assert document.clause("4.3").heading == "TAXES"
    assert document.clause("4.2").kind is ClauseKind.SECTION


def test_articles_are_roman_whatever_the_contract_writes() -> None:
    document = doc_of(
        "ARTICLE I\nDEFINITIONS\nSection 1.01 Defined Terms. Terms have these meanings.\n"
        "ARTICLE 2 LICENSE\n2.1 Grant. Licensor grants a licence.\n"
        "Article III - Payment\n3.1 Royalties. Licensee pays royalties.\n"
    )
    assert ids(document) == ["Article I", "1.01", "Article II", "2.1", "Article III", "3.1"]
    first = document.clause("Article I")
    assert first.kind is ClauseKind.ARTICLE and first.heading == "DEFINITIONS"
    assert document.clause("Article II").heading == "LICENSE"
    assert document.clause("Article III").heading == "Payment"
    assert document.clause("1.01").parent_id == "Article I"
    assert document.clause("3.1").parent_id == "Article III"
    assert first.label() == "Article I DEFINITIONS"


def test_lettered_and_roman_top_level_items() -> None:
    document = doc_of(
        "RECITALS\nA. Licensor owns the software.\nB. Licensee wishes to use it.\n"
        "1. Grant. Licensor grants a licence.\n"
        "2. Fees. The fee is due on signature:\n"
        "a. in cash; or\nb. by wire.\n"
    )
    assert ids(document) == ["Preamble", "A", "B", "1", "2", "2(a)", "2(b)"]


def test_roman_or_letter_is_decided_by_the_sequence() -> None:
    letters = "".join(f"({c}) item {c};\n" for c in "abcdefghij")
    document = doc_of("1. Scope. The scope covers:\n" + letters)
    assert [i for i in ids(document) if "(" in i][-3:] == ["1(h)", "1(i)", "1(j)"]
    nested = doc_of("1. Scope. The scope covers:\n(a) hosting, which includes:\n(i) backups;\n")
    assert ids(nested) == ["1", "1(a)", "1(a)(i)"]


def test_number_and_word_forms_of_roman_numerals() -> None:
    assert [roman_value(t) for t in ("i", "IV", "ix", "XL", "MCMXC")] == [1, 4, 9, 40, 1990]
    assert roman_value("IIII") is None and roman_value("abc") is None
    assert [to_roman(n) for n in (1, 4, 9, 14, 40, 1990)] == ["I", "IV", "IX", "XIV", "XL", "MCMXC"]


def test_heading_is_the_short_title_or_none() -> None:
    document = doc_of(
        "1. Fees. Customer pays.\n"
        "2. Customer shall pay all invoices within thirty days of receipt.\n"
        "3. TERM AND TERMINATION\n"
        "This Agreement lasts one year.\n"
        "4. Governing Law: New York law governs.\n"
        '5. "Reserved Capacity" or "Reserved\n'
        'GPUs" means the sixteen GPUs.\n'
    )
    headings = {c.id: c.heading for c in document.clauses}
    assert headings == {
        "1": "Fees",
        "2": None,
        "3": "TERM AND TERMINATION",
        "4": "Governing Law",
        "5": None,
    }


def test_a_lowercase_name_after_the_exact_next_number() -> None:
    document = doc_of("1. Setup. We set up.\n2. Launch. We launch.\n3. i-Escrow pays the seller.\n")
    assert ids(document) == ["1", "2", "3"]


def test_a_number_jump_within_reason_is_accepted() -> None:
    # Section 4's heading was merged into a line by the text layer: 5 still follows 3.
    document = doc_of("1. One. Text.\n2. Two. Text.\n3. Three. Text.\n5. Five. Text.\n")
    assert ids(document) == ["1", "2", "3", "5"]


def test_first_level_written_as_point_zero() -> None:
    document = doc_of("1.0 Definitions\n1.1 Terms. Text.\n2.0 Services\n2.1 Hosting. Text.\n")
    assert ids(document) == ["1.0", "1.1", "2.0", "2.1"]
    assert document.clause("2.1").parent_id == "2.0"


# --- false positives ----------------------------------------------------------------------


def test_numbers_in_running_text_do_not_start_clauses() -> None:
    document = doc_of(
        "1. Fees. Customer shall pay the fees described in Section\n"
        "4.2 of the Order Form, being\n"
        "$1.50 per transaction, from\n"
        "2019. Payment is due within thirty\n"
        "(30) days, or as set out in Exhibit\n"
        "B. Late fees accrue at\n"
        "1.5 percent per month.\n"
        "3\n"
        "Page 3 of 10\n"
        "-3-\n"
        "1. 2. 3.\n"
        "2. Term. The term is one year.\n"
    )
    assert ids(document) == ["1", "2"]


def test_a_table_of_contents_is_not_the_numbering() -> None:
    document = doc_of(
        "SUPPLY AGREEMENT\nTABLE OF CONTENTS\n"
        "1. Definitions 1\n2. Supply 3\n3. Price ........ 4\n4. Term 6\n",
        "SUPPLY AGREEMENT\nThis Agreement is made on 1 May 2024.\n"
        "1. Definitions. Words have these meanings.\n"
        "2. Supply. Supplier supplies.\n3. Price. Buyer pays.\n4. Term. One year.\n",
    )
    assert [i for i in ids(document) if i[0].isdigit()] == ["1", "2", "3", "4"]
    assert document.clause("1").page_start == 2


def test_a_table_of_contents_without_page_numbers_is_dropped_when_numbering_restarts() -> None:
    toc = "".join(f"ARTICLE {to_roman(n)} TOPIC {n}\n" for n in range(1, 7))
    body = "".join(
        f"ARTICLE {to_roman(n)}\nTOPIC {n}\n{n}.1 Rule. {FILLER}\n{n}.2 More. {FILLER}\n"
        for n in range(1, 7)
    )
    document = doc_of("AGREEMENT\n" + toc, body)
    articles = [c for c in document.clauses if c.kind is ClauseKind.ARTICLE]
    assert [c.id for c in articles] == [f"Article {to_roman(n)}" for n in range(1, 7)]
    assert all(c.page_start == 2 for c in articles)
    assert not any("#" in i for i in ids(document))


def test_a_numbered_list_of_parties_before_the_body_is_not_clause_1() -> None:
    document = doc_of(
        "THIS AGREEMENT is made between:\n"
        "1. Acme Corp., a Delaware corporation; and\n"
        "2. Beta Ltd, a company registered in England.\n"
        "WHEREAS the parties wish to cooperate.\n"
        "1. Definitions. Words have these meanings.\n"
        "2. Cooperation. The parties cooperate.\n"
        "3. Term. One year.\n"
    )
    assert ids(document) == ["Preamble", "1", "2", "3"]
    assert text_of(document, "1").startswith("1. Definitions")


def test_running_headers_and_footers_are_not_headings() -> None:
    pages = [
        f"CONFIDENTIAL TREATMENT REQUESTED\n{n}. Clause {n}. {FILLER}\nPage {n} of 4"
        for n in range(1, 5)
    ]
    document = doc_of(*pages)
    assert ids(document) == ["Preamble", "1", "2", "3", "4"]


def test_a_repeated_numbering_run_gets_a_suffix() -> None:
    part = "".join(f"{n}. Item {n}. {FILLER * 8}\n" for n in range(1, 4))
    document = doc_of(part, "MAINTENANCE TERMS APPLY AS FOLLOWS.\n" + part)
    assert [i for i in ids(document) if i[0].isdigit()] == ["1", "2", "3", "1#2", "2#2", "3#2"]


# --- attachments --------------------------------------------------------------------------


def test_exhibits_schedules_and_order_forms_prefix_their_items() -> None:
    document = doc_of(
        "1. Services. Provider provides the services in Exhibit A.\n2. Fees. See Schedule 1.\n",
        "EXHIBIT A\nSERVICE DESCRIPTION\n1. Hosting. Text.\n2. Support. Text.\n",
        "Schedule 1 - Fees\n1. Setup. Text.\n2. Annual. Text.\n3. Usage. Billed monthly:\n"
        "(a) storage;\n(b) bandwidth.\n",
        "ORDER FORM\n1. Customer. Acme.\n2. Start. 1 May.\n3. Term. One year.\n"
        "4. Fees. USD 10,000.\n",
    )
    assert ids(document) == [
        "1",
        "2",
        "Exhibit A",
        "Exhibit A/1",
        "Exhibit A/2",
        "Schedule 1",
        "Schedule 1/1",
        "Schedule 1/2",
        "Schedule 1/3",
        "Schedule 1/3(a)",
        "Schedule 1/3(b)",
        "Order Form",
        "Order Form/1",
        "Order Form/2",
        "Order Form/3",
        "Order Form/4",
    ]
    exhibit = document.clause("Exhibit A")
    assert exhibit.kind is ClauseKind.EXHIBIT and exhibit.heading == "SERVICE DESCRIPTION"
    assert document.clause("Schedule 1").kind is ClauseKind.SCHEDULE
    assert document.clause("Schedule 1").heading == "Fees"
    assert document.clause("Order Form").kind is ClauseKind.ORDER_FORM
    assert document.clause("Schedule 1/3(b)").parent_id == "Schedule 1/3"
    assert document.clause("Exhibit A/2").parent_id == "Exhibit A"
    assert document.clause("Exhibit A/2").label() == "Exhibit A/2 Support"


def test_annexes_appendices_and_quoted_identifiers() -> None:
    document = doc_of(
        "1. Scope. Text.\n",
        "ANNEX II\nSERVICE LEVELS\n1. Uptime. 99.9%.\n",
        'EXHIBIT "B"\nPRICING\n1. Price. Text.\n',
        "Appendix 3: Contacts\n1. Names. Text.\n",
    )
    assert [c.id for c in document.clauses if c.parent_id is None] == [
        "1",
        "Annex II",
        "Exhibit B",
        "Appendix 3",
    ]
    assert "Annex II/1" in ids(document) and "Appendix 3/1" in ids(document)


def test_attachment_references_and_lists_are_not_attachments() -> None:
    document = doc_of(
        "AGREEMENT\n1. Exhibits. The following are attached:\n"
        "Exhibit A - Products\nExhibit B - Prices\n"
        "2. Products. The products are listed in\n"
        "Exhibit A attached hereto.\n"
        "3. Prices. Prices are set out in the\n"
        "Schedule\n"
        "and may change.\n",
        "EXHIBIT A\nPRODUCTS\nWidgets.\n",
    )
    assert [c.id for c in document.clauses if c.kind is ClauseKind.EXHIBIT] == ["Exhibit A"]
    assert document.clause("Exhibit A").page_start == 2


def test_the_filing_label_on_page_one_is_not_an_attachment() -> None:
    document = doc_of("Exhibit 10.3\nLICENSE AGREEMENT\n1. Grant. Text.\n")
    assert ids(document) == ["Preamble", "1"]


def test_a_running_title_repeated_on_each_attachment_page_is_one_attachment() -> None:
    document = doc_of(
        "1. Scope. Text.\n",
        "EXHIBIT C\nPRICE LIST\n1. Widgets. USD 1.\n",
        "EXHIBIT C\n2. Gadgets. USD 2.\n",
    )
    assert ids(document) == ["1", "Exhibit C", "Exhibit C/1", "Exhibit C/2"]


# --- headings and paragraphs --------------------------------------------------------------


def test_all_caps_headings_and_long_unnumbered_text() -> None:
    paragraph = " ".join([FILLER] * 25)
    document = doc_of(
        "SOFTWARE LICENSE\nThis licence is granted by Acme Inc. to the Customer.\n"
        f"FEES AND PAYMENT\n{paragraph}\nShort closing line.\n{paragraph}\n"
        f"TERM\n{paragraph}\nThe end.\n"
    )
    kinds = [(c.id, c.kind, c.heading) for c in document.clauses]
    assert kinds[0] == ("Preamble", ClauseKind.PREAMBLE, None)
    headings = [(i, h) for i, k, h in kinds if k is ClauseKind.HEADING]
    assert [h for _, h in headings] == ["FEES AND PAYMENT", "TERM"]
    assert all(i.startswith("P") for i, _ in headings)
    paragraphs = [c for c in document.clauses if c.kind is ClauseKind.PARAGRAPH]
    assert paragraphs and all(c.parent_id is not None for c in paragraphs)
    assert [c.id for c in document.clauses if re.fullmatch(r"P\d+", c.id)] == [
        f"P{n}" for n in range(1, 1 + len(headings) + len(paragraphs))
    ]


def test_long_clauses_are_split_at_paragraphs_never_inside_a_sentence() -> None:
    sentences = [f"Sentence {n} of the services clause runs on for a while." for n in range(60)]
    lines = []
    for n in range(0, 60, 5):
        lines += [" ".join(sentences[n : n + 3]), " ".join(sentences[n + 3 : n + 5])[:50] + "."]
    document = doc_of("1. Services.\n" + "\n".join(lines) + "\n2. Fees. Text.\n")
    services = [c for c in document.clauses if c.id == "1" or c.parent_id == "1"]
    assert len(services) > 1
    assert all(c.char_end - c.char_start <= MAX_CLAUSE_CHARS for c in services)
    for clause in services[:-1]:
        assert re.search(r"[.:;!?]\s*$", document.clause_text(clause)), "ends at a sentence end"


def test_clause_over_a_page_break_reports_both_pages() -> None:
    document = doc_of(
        "1. Scope. The scope is wide\nand continues", "onto the next page.\n2. Fees. Due."
    )
    scope = document.clause("1")
    assert (scope.page_start, scope.page_end) == (1, 2)
    assert document.clause("2").page_start == 2


def test_empty_and_blank_documents() -> None:
    assert doc_of().clauses == []
    assert doc_of("", "  \n ").clauses == []
    single = doc_of("", "Just one line.")
    assert ids(single) == ["Preamble"] and single.clauses[0].page_start == 2


# --- properties ---------------------------------------------------------------------------

_TOKENS = [
    "1.",
    "1.1",
    "2.",
    "2.1",
    "(a)",
    "(i)",
    "(ii)",
    "a.",
    "i.",
    "A.",
    "ARTICLE V",
    "Article 2",
    "Section 4.2",
    "EXHIBIT A",
    "Schedule 1",
    "ORDER FORM",
    "FEES AND PAYMENT",
    "TABLE OF CONTENTS",
    "Page 3 of 10",
    "-3-",
    "$1.50",
    "3",
    ".",
    ";",
    ":",
    "\u00a0",
    "\t",
    "Fees.",
    "The Customer shall pay.",
]
_line = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=12)), max_size=6).map(
    " ".join
)
_page = st.lists(_line, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_page, max_size=5))
def test_clauses_always_partition_the_text(pages: list[str]) -> None:
    doc_of(*pages)


@pytest.mark.timeout(15)
def test_segmentation_stays_linear_on_repetitive_text() -> None:
    # 20,000 identical list markers: every one restarts the list and repeats an id. Linear
    # work takes well under a second; the quadratic de-duplication this guards against
    # took minutes.
    pages = ["\n".join(["(a) the same item again;"] * 500) for _ in range(40)]
    document = build_document(pages, "repetitive.pdf", "0" * 64)
    assert len({c.id for c in document.clauses}) == len(document.clauses) > 19_000
