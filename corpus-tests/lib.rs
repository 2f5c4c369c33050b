//! Nothing to export: the corpus test lives in `tests/corpus.rs`.
