//! End-to-end over loopback: the generated clients and the documents' curl commands against
//! the example server, which serves the four APIs from the generated server traits.

mod auth;
mod clients;
mod curl;
mod harness;
mod limits;
