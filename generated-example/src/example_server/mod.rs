//! The example server's persistence layer.
//!
//! The example HTTP server implements the four APIs of `spec/` (Alta BPO, Orzame, B2B and
//! Obzvonilka) on top of [`store::Store`]: an embedded SQLite database that takes and returns the
//! generated model types, so that the HTTP layer only maps requests to calls and
//! [`store::StoreError`]s to the error responses of each spec. A fresh database is seeded with the
//! specs' documented examples, so the documents' example requests get sensible answers.
//!
//! B2B's `createBPartners` is asynchronous in the spec (201 with a status URL, processing later);
//! the store keeps a real queue for it, drained by [`store::spawn_worker`].

pub mod store;
