"""reportgen: the year-end report of a government office, in the official format.

The pipeline, one module a stage: load → validate → figures → compose →
render (DOCX | PDF) → publish. `reportgen.build` ties them together.
"""

import os

__version__ = "0.1.0"

# reportgen uses no pydantic plugins; looking for them scans every installed
# package's entry points at start-up (about 30 ms of each command), so say so
# (a documented pydantic setting; an explicit setting in the environment wins).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
