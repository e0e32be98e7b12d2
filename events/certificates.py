"""Certificates of attendance as PDF, drawn with fpdf2 and the DejaVu Sans font kept beside this
module (Latin and Cyrillic). The text is in the participant's language."""

from __future__ import annotations

from pathlib import Path

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"


def certificate_pdf(registration) -> bytes:
    """One A4 landscape page: who attended which training, where and when."""
    event = registration.event
    with translation.override(registration.language or "en"):
        pdf = FPDF(orientation="landscape", format="A4")
        pdf.set_title(_("Certificate of attendance"))
        pdf.set_author(_("Anti-Trafficking Clearinghouse"))
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_auto_page_break(False)
        pdf.add_page()
        pdf.set_draw_color(40, 70, 120)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
        pdf.set_y(35)
        pdf.set_font("DejaVu", "B", 30)
        pdf.cell(0, 14, _("Certificate of attendance"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("DejaVu", "", 14)
        pdf.cell(0, 10, _("This is to certify that"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 24)
        pdf.cell(0, 16, registration.full_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 14)
        pdf.cell(0, 10, _("attended the training course"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 18)
        pdf.set_x(30)
        pdf.multi_cell(pdf.w - 60, 10, event.display_title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 14)
        dates = "{} – {}".format(
            formats.date_format(event.local_start.date(), "DATE_FORMAT"),
            formats.date_format(event.local_end.date(), "DATE_FORMAT"),
        )
        pdf.cell(0, 10, f"{event.place} · {dates}", align="C", new_x="LMARGIN", new_y="NEXT")
        organisers = ", ".join(str(o) for o in event.organisers.all())
        if organisers:
            pdf.ln(6)
            pdf.set_font("DejaVu", "", 12)
            pdf.cell(
                0,
                8,
                _("Organised by %(organisers)s") % {"organisers": organisers},
                align="C",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.set_y(pdf.h - 30)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(
            0, 6, _("Certificate no. %(number)s") % {"number": f"{event.pk}-{registration.pk}"}, align="C"
        )
        return bytes(pdf.output())
