"""The report's files: PDF (WeasyPrint, from the HTML template with its SVG charts) and DOCX (python-docx).

The DOCX has the same chapters, texts and tables; its charts are the tables with the same figures (no
library we use draws SVG into a Word file), which docs/reports.md explains.
"""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .content import ReportContent


def _no_fetch(url: str, *args, **kwargs):
    """The report loads nothing from anywhere: every chart is inline SVG."""
    raise ValueError(f"Reports load no resources ({url})")


def report_html(content: ReportContent, *, public: bool, version: str, made_at: dt.datetime) -> str:
    return render_to_string(
        "reports/document.html", {"c": content, "public": public, "version": version, "made_at": made_at}
    )


def report_pdf(content: ReportContent, *, public: bool, version: str, made_at: dt.datetime) -> bytes:
    from weasyprint import HTML

    html = report_html(content, public=public, version=version, made_at=made_at)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _date(value) -> str:
    return date_format(value) if value else ""


def _table(doc, caption: str, header: list[str], rows: list[list[str]]) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def _labelled(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(str(text))


def report_docx(content: ReportContent, *, public: bool, version: str, made_at: dt.datetime) -> bytes:
    from docx import Document

    c = content
    doc = Document()
    doc.core_properties.title = _("Programme report %(period)s") % {"period": c.period}
    doc.core_properties.language = "nl-NL"
    doc.core_properties.author = _("Programme office")
    doc.add_heading(_("Programme report %(period)s") % {"period": c.period}, level=0)
    doc.add_paragraph(
        _("Regional participation hubs, %(start)s to %(end)s.") % {"start": _date(c.starts_on), "end": _date(c.ends_on)}
    )
    if public:
        doc.add_paragraph(
            _(
                "Public version. Personal details in the texts are replaced, for example by [naam], under the Open "
                "Government Act (Woo). The reason is given per kind: names, contact details and addresses: art. 5.1 "
                "lid 2 sub e Woo; the citizen service number: art. 5.1 lid 1 sub e Woo."
            )
        )
    else:
        doc.add_paragraph(
            _("Internal version with the texts as the hubs wrote them. Do not publish it: publish the public version.")
        )
    doc.add_paragraph(
        _("Data version %(version)s, made on %(when)s.")
        % {"version": version[:12], "when": date_format(made_at, "DATETIME_FORMAT")}
    )

    doc.add_page_break()
    doc.add_heading("1. " + _("National figures"), level=1)
    _table(
        doc,
        _("Hubs by status at the end of the period"),
        [_("Status"), _("Hubs")],
        [[s, n] for s, n in c.national.hubs_by_status],
    )
    if c.national.quarter:
        _table(
            doc,
            _("Figures of all hubs in %(quarter)s") % {"quarter": c.national.quarter},
            [_("Indicator"), _("Median"), _("Lowest"), _("Highest"), _("Hubs")],
            [[r.name, r.median, r.low, r.high, r.hubs] for r in c.national.rows],
        )
        if len(c.national.trend_labels) > 1:
            _table(
                doc,
                _("National median per quarter"),
                [_("Indicator"), *c.national.trend_labels],
                [[name, *values] for name, values in c.national.trend_rows],
            )
    else:
        doc.add_paragraph(_("No quarterly figures were taken in this period."))

    doc.add_page_break()
    doc.add_heading("2. " + _("Funding per programme line"), level=1)
    doc.add_paragraph(_("Totals on %(day)s.") % {"day": _date(c.funding.as_of)})
    rows = [
        [r.name, r.budget, r.committed, r.advanced, r.settled, r.remaining] for r in [*c.funding.lines, c.funding.total]
    ]
    _table(
        doc,
        _("Budget per programme line"),
        [_("Line"), _("Budget"), _("Committed"), _("Advances paid"), _("Settled"), _("Not committed")],
        rows,
    )

    doc.add_page_break()
    doc.add_heading("3. " + _("Influence: what was done with the advice"), level=1)
    _table(
        doc,
        _("Recommendations answered in the period"),
        [_("Decision"), _("Recommendations")],
        [*([label, n] for label, n in c.influence.counts), [_("Not answered yet"), c.influence.unanswered]],
    )
    for r in c.influence.rows:
        doc.add_heading(f"{r.hub}: {r.question}", level=3)
        _labelled(doc, _("Recommendation %(number)s") % {"number": r.outcome.number}, r.outcome.text)
        decision = f"{r.outcome.decision} ({_date(r.outcome.decided_on)})"
        doc.add_paragraph(decision + (f": {r.outcome.reason}" if r.outcome.reason else ""))
    if not c.influence.rows:
        doc.add_paragraph(_("No recommendations were answered in this period."))

    doc.add_page_break()
    doc.add_heading("4. " + _("Lessons of the period"), level=1)
    for lesson in c.lessons:
        doc.add_heading(str(lesson.title), level=3)
        doc.add_paragraph(lesson.hub + (f", {_date(lesson.published_on)}" if lesson.published_on else ""))
        for heading, text in lesson.parts:
            _labelled(doc, heading, text)
    if not c.lessons:
        doc.add_paragraph(_("No lessons were published in this period."))

    for h in c.hubs:
        doc.add_page_break()
        doc.add_heading(h.name, level=1)
        status = f"{_('Status')}: {h.status}" + (f" · {_('Region')}: {h.region}" if h.region else "")
        doc.add_paragraph(status)
        if h.summary:
            doc.add_paragraph(str(h.summary))
        _labelled(doc, _("Area"), ", ".join(h.municipalities) or _("no municipalities recorded"))
        coalition = ", ".join(name + (f" ({_('lead applicant')})" if lead else "") for name, lead in h.coalition)
        _labelled(doc, _("Coalition"), coalition or _("no coalition recorded"))
        doc.add_heading(_("Questions and what came of them"), level=2)
        for q in h.questions:
            paragraph = doc.add_paragraph()
            paragraph.add_run(str(q.title)).bold = True
            paragraph.add_run(f" ({q.status}, {_date(q.submitted_on)})")
            doc.add_paragraph(str(q.summary))
            if q.advice:
                _labelled(doc, _("Advice"), q.advice)
            for o in q.outcomes:
                answer = o.decision + (f": {o.reason}" if o.reason else "") if o.decision else _("not answered yet")
                doc.add_paragraph(f"{o.number}. {o.text} — {answer}", style="List Bullet")
        if not h.questions:
            doc.add_paragraph(_("No questions in this period."))
        if h.figures:
            _table(
                doc,
                _("Indicators in %(quarter)s") % {"quarter": c.national.quarter},
                [_("Indicator"), _("This hub"), _("National median")],
                [list(f) for f in h.figures],
            )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
