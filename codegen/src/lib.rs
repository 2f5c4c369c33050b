//! apigen: OpenAPI 3.0 specs in, Rust models, servers and clients out.
//!
//! The pipeline runs one way: [`load`] (read, bundle, normalise) → [`ir`] (every naming and
//! typing decision) → [`emit`] (token streams per backend) → formatted files.

pub mod diagnostic;
// pub mod ir;
pub mod load;

pub use diagnostic::{Diagnostic, Error, Location, Result};
