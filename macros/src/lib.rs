//! Derive macros for apigen models.
//!
//! The XML codec and constraint-validation derives land here (see the project's issue list);
//! the crate exists now so that the workspace layout, and the generated code's dependency
//! graph, are settled from the start.
