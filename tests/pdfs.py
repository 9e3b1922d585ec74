"""Writing small real PDFs for tests (reportlab), one text line per PDF line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

SAMPLE_CONTRACT = [
    """API SERVICES AGREEMENT
This API Services Agreement (the "Agreement") is entered into as of March 1, 2026
(the "Effective Date") by and between Nimbus Compute, Inc., a Delaware corporation
("Provider"), and Larkspur Analytics LLC ("Customer").
1. Services
1.1 Access. Provider will make the inference API available to Customer.
2. Fees
2.1 Platform Fee. Customer shall pay a platform fee of USD 60,000.00 per year,
invoiced annually in advance.
2.2 Usage Fees. Customer shall pay USD 0.0004 per GPU-second, invoiced monthly in arrears.
2.3 Payment. Invoices are due within thirty (30) days of the invoice date.""",
    """3. Term and Termination
3.1 Term. This Agreement begins on the Effective Date and continues for twelve (12)
months (the "Initial Term").
3.2 Termination for Cause. Either party may terminate this Agreement upon thirty (30)
days' written notice of a material breach that remains uncured.
4. Governing Law
This Agreement is governed by the laws of the State of New York.""",
]


def make_pdf(path: Path, pages: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=LETTER, invariant=1)
    for page in pages:
        y = 740
        for line in page.splitlines():
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path
