"""Invitation letters as one PDF: one A4 page per code, rendered by WeasyPrint in one pass.

The letters carry no names or addresses: the municipality prints and mails them.
"""

from __future__ import annotations

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
    import segno

    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, border=2, omitsize=False)


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
        "panels/letters.html",
        {
            "hub": hub,
            "batch": batch,
            "paragraphs": paragraphs,
            "letters": letters,
            "site_url": f"{settings.PH_SITE_URL.rstrip('/')}/aanmelden/",
        },
    )


#: Letters per WeasyPrint document. One document for a whole batch lays out in more than linear
#: time; chunks keep it linear, and their pages are joined into one PDF in a single write.
CHUNK = 50


def letters_pdf(batch, codes: list[str]) -> bytes:
    from weasyprint import HTML

    documents = [HTML(string=letters_html(batch, codes[i : i + CHUNK])).render() for i in range(0, len(codes), CHUNK)]
    if not documents:
        documents = [HTML(string=letters_html(batch, [])).render()]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
