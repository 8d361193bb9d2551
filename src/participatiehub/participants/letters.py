"""Invitation letters as one PDF: one A4 page per code, rendered by WeasyPrint in chunks.

The letters carry no names or addresses: the municipality prints and mails them. The PDF of a
batch is made in the background (``tasks.invitation_letters_make``) and stored privately.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

#: The default letter text (Dutch, B1). It is content the coordinator edits, not interface text.
DEFAULT_LETTER_TEXT = (
    "Beste inwoner,\n\n"
    "Wij willen weten wat u belangrijk vindt voor zorg en welzijn in uw buurt.\n"
    "Daarom vragen wij u om mee te doen met ons inwonerspanel.\n\n"
    "Wat houdt het in?\n"
    "U praat een paar keer per jaar mee over plannen van de gemeente en zorgorganisaties. "
    "U krijgt daar een vergoeding voor.\n\n"
    "Hoe meldt u zich aan?\n"
    "Ga naar de website hieronder of scan de QR-code met uw telefoon. "
    "Vul daar uw code in. Dat duurt ongeveer 5 minuten.\n\n"
    "Wij loten daarna wie er in het panel komt. Zo krijgt iedereen een eerlijke kans.\n\n"
    "Heeft u vragen? Neem dan contact met ons op.\n\n"
    "Met vriendelijke groet,"
)


def signup_url(code: str) -> str:
    return f"{settings.PH_SITE_URL.rstrip('/')}/aanmelden/?code={code}"


def _qr_svg(url: str) -> str:
    # qrcode is the QR library django-allauth's TOTP set-up needs anyway: one QR library is enough.
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(url, image_factory=SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    # The library names every path id="qr-path"; on a page of many letters that id would repeat.
    return image.to_string(encoding="unicode").replace(' id="qr-path"', "")


def display_code(code: str) -> str:
    """XXXX-XXXX-XXXX: easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def letters_html(batch, codes: list[str]) -> str:
    hub = batch.hub
    paragraphs = [p.strip() for p in (batch.letter_text or DEFAULT_LETTER_TEXT).split("\n\n") if p.strip()]
    letters = [
        {"code": display_code(code), "url": signup_url(code), "qr": mark_safe(_qr_svg(signup_url(code)))}  # noqa: S308
        for code in codes
    ]
    return render_to_string(
        "participants/letters.html",
        {
            "hub": hub,
            "batch": batch,
            "paragraphs": paragraphs,
            "letters": letters,
            "site_url": f"{settings.PH_SITE_URL.rstrip('/')}/aanmelden/",
        },
    )


#: Letters per WeasyPrint document. One document for a whole batch lays out in more than linear
#: time and keeps every page's layout in memory; chunks keep the time linear.
CHUNK = 50


def render_chunk(batch, codes: list[str]) -> bytes:
    """One chunk of letters as a PDF (one A4 page per code)."""
    from weasyprint import HTML

    return HTML(string=letters_html(batch, codes)).write_pdf()


def write_letters_pdf(batch, codes: list[str], out: BinaryIO, *, progress=None, chunk: int | None = None) -> int:
    """Write all letters as one PDF to ``out``; returns the number of letters.

    Each chunk is rendered to PDF on its own and its pages are appended to one writer, so only the
    finished (compressed) pages are held, never the layout of the whole batch. ``progress(done)`` is
    called after every chunk.
    """
    from pypdf import PdfReader, PdfWriter

    chunk = chunk or CHUNK
    writer = PdfWriter()
    done = 0
    for start in range(0, max(len(codes), 1), chunk):
        part = codes[start : start + chunk]
        writer.append(PdfReader(io.BytesIO(render_chunk(batch, part))))
        done += len(part)
        if progress is not None:
            progress(done)
    writer.write(out)
    return done


def letters_pdf(batch, codes: list[str]) -> bytes:
    """All letters as PDF bytes (small batches and tests; the task writes to a file instead)."""
    buffer = io.BytesIO()
    write_letters_pdf(batch, codes, buffer)
    return buffer.getvalue()
