//! Nothing to export: the trybuild cases live in `ui/` and run from `tests/`.
