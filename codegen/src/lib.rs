//! apigen: OpenAPI 3.0 specs in, Rust models, servers and clients out.
//!
//! The pipeline runs one way: [`load`] (read, bundle, normalise) → [`ir`] (every naming and
//! typing decision) → [`emit`] (token streams per backend, formatted) → files
//! ([`generate`]), driven by the CLI, by `apigen.toml` ([`config`]) or by [`Builder`].

mod builder;
pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod generate;
pub mod ir;
pub mod load;
pub mod payload;

pub use builder::Builder;
pub use diagnostic::{Diagnostic, Error, Location, Result};
