//! The one error type of the store; each variant maps to one kind of HTTP answer.

use std::fmt;

/// Why a store operation did not happen.
#[derive(Debug)]
pub enum StoreError {
    /// The entity named in the request path does not exist (404).
    NotFound { what: &'static str, id: String },
    /// The change would duplicate an existing record, e.g. a taken `idRemote` (409).
    Conflict { message: String },
    /// The entity cannot be deleted while other records depend on it (B2B's
    /// BusinessPartnerInUse, 409).
    InUse { message: String },
    /// The request's data is unacceptable: bad paging parameters, references (inside a body) to
    /// entities that do not exist, rules of the API broken (400).
    Invalid { message: String },
    /// SQLite failed; nothing the caller did wrong (500).
    Database(rusqlite::Error),
}

impl StoreError {
    pub(crate) fn not_found(what: &'static str, id: impl fmt::Display) -> Self {
        StoreError::NotFound {
            what,
            id: id.to_string(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        StoreError::Invalid {
            message: message.into(),
        }
    }

    pub(crate) fn conflict(message: impl Into<String>) -> Self {
        StoreError::Conflict {
            message: message.into(),
        }
    }

    pub(crate) fn in_use(message: impl Into<String>) -> Self {
        StoreError::InUse {
            message: message.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound { what, id } => write!(f, "no {what} with id {id}"),
            StoreError::Conflict { message }
            | StoreError::InUse { message }
            | StoreError::Invalid { message } => f.write_str(message),
            StoreError::Database(err) => write!(f, "database error: {err}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(err) => Some(err),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Database(err)
    }
}

/// True when SQLite refused a write because of a UNIQUE or PRIMARY KEY constraint: such a
/// failure is the caller's duplicate, not a broken database.
pub(crate) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}
