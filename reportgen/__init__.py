"""reportgen: the year-end report of a government office, in the official format.

The pipeline, one module a stage: load → validate → figures → compose →
render (DOCX | PDF) → publish. `reportgen.build` ties them together.
"""

__version__ = "0.1.0"
