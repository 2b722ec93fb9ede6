"""LibreOffice's rendering of DOCX files for the tests, many in one start-up.

Starting LibreOffice costs 2-3 s; converting one more file in the same run
costs a fraction of that. A test module (or, with a session-scoped fixture,
the whole session) collects every DOCX it needs and converts them with one
`convert_all` call. The conversion itself is the product's
(reportgen/calibrate/libreoffice.py, which `reportgen calibrate` uses too).
"""

from __future__ import annotations

from reportgen.calibrate.libreoffice import convert_all, soffice

__all__ = ["convert_all", "soffice"]
