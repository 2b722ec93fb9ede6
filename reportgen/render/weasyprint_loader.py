"""Importing WeasyPrint, in one place (the PDF renderer calls this, never `import weasyprint`)."""

from __future__ import annotations


def weasyprint():
    import weasyprint as module

    return module
