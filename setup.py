"""Which packages the wheel holds: found by pattern, never listed by hand.

Every folder under reportgen/ is a package: a regular one when it has an
__init__.py, else a namespace package, which is how data folders such as
reportgen/catalogues/ or reportgen/web/static/ are shipped (their files by
the patterns of [tool.setuptools.package-data] in pyproject.toml). The
top-level templates/ folder, where offices look for the templates, joins them
as reportgen.templates (package-dir in pyproject.toml). pyproject.toml's
[tool.setuptools.packages.find] cannot add a package from outside the
folders it searches, hence this file; everything else is in pyproject.toml.
tests/test_packaging.py builds the wheel and checks it against the tree.
"""

from setuptools import find_namespace_packages, setup

NOT_PACKAGES = ["*__pycache__*"]

setup(
    packages=[
        *find_namespace_packages(include=["reportgen", "reportgen.*"], exclude=NOT_PACKAGES),
        "reportgen.templates",
        *(f"reportgen.templates.{name}" for name in find_namespace_packages(where="templates", exclude=NOT_PACKAGES)),
    ],
)
