"""`reportgen serve`: a local web editor of a year's input, with live page preview.

See docs/web.md. Modules: app (the application and `serve`), cli (the command),
security, workspace, yamldoc, schema_form, outline, ledger_grid, sessions,
preview, pipeline (every call into the library), views and routes_*.
"""
