"""The probe report `reportgen calibrate` measures: a 版头 with its rule, a title,
and body text over two pages (an odd and an even page number), composed from
the same markup the report templates write, so it is set exactly as a report is."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportgen.compose.markup import parse
from reportgen.document import Document
from reportgen.layout import LayoutProfile

OFFICE = "南昌市外事侨务办公室"
ISSUER = "南昌市外事侨务办公室文件"
NUMBER = "洪外侨字〔2012〕5号"
TITLE = "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
# Enough text for the second page: 40 lines of 28 characters.
PARAGRAPH = "全年共计接待党宾、外宾28批368人次，开展友好城市交流，服务全市对外开放大局。" * 6


def probe_document(profile: LayoutProfile) -> Document:
    body = "".join(f"<p>{escape(PARAGRAPH)}</p>" for _ in range(7))
    markup = (
        "<report><header>"
        f"<issuer>{escape(ISSUER)}</issuer><number>{escape(NUMBER)}</number><signer>张三</signer>"
        f"</header><title>{escape(TITLE)}</title><recipient>南昌市人民政府：</recipient>{body}</report>"
    )
    title, paragraphs, end_notes = parse(markup, profile, "reportgen calibrate", OFFICE)
    return Document(office=OFFICE, year=2011, title=title, paragraphs=tuple(paragraphs), end_notes=end_notes)
