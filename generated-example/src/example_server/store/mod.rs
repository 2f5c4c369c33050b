//! SQLite storage for the example server, one submodule per API.
//!
//! All access goes through one [`rusqlite::Connection`] behind a mutex: the example server's
//! load does not need a pool, and one connection makes every operation trivially serialised.
//! Writes run in `BEGIN IMMEDIATE` transactions so that a second process on the same file
//! waits (busy timeout) instead of failing half-way.

mod alta;
mod b2b;
mod error;
mod obzvonilka;
mod orzame;
mod paging;
mod schema;
mod seed;

pub use b2b::{spawn_worker, B2bPage, DocumentKind, ProcessedMessage};
pub use error::StoreError;
pub use orzame::ContactListQuery;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The example server's database; share it as `Arc<Store>`.
pub struct Store {
    conn: Mutex<Connection>,
    queue: QueueSignal,
}

/// Wakes the B2B queue workers: `enqueue` notifies, `stop_workers` sets `stopping`.
struct QueueSignal {
    lock: Mutex<()>,
    ready: Condvar,
    stopping: AtomicBool,
}

impl Store {
    /// Opens (creating if needed) the database file at `path`, in WAL mode so that readers of
    /// other processes do not block the server, and seeds it if it is new.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        Store::init(conn)
    }

    /// A private database that disappears with the store (tests, demos); seeded.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        // Off by default in SQLite, and per connection: the cascades of the schema rely on it.
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(schema::SCHEMA)?;
        seed::seed_if_empty(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            queue: QueueSignal {
                lock: Mutex::new(()),
                ready: Condvar::new(),
                stopping: AtomicBool::new(false),
            },
        })
    }

    /// The connection. A panic while it was held cannot have left a transaction half-applied
    /// (an unfinished `Transaction` rolls back on drop), so a poisoned lock is still usable.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` in a read transaction, so that a count and the page it describes agree.
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in a write transaction, committed only if `f` succeeds.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Makes every worker of [`spawn_worker`] return after its current message. Final: a
    /// worker spawned afterwards returns at once.
    pub fn stop_workers(&self) {
        self.queue.stopping.store(true, Ordering::SeqCst);
        let _guard = self
            .queue
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.queue.ready.notify_all();
    }

    fn workers_stopping(&self) -> bool {
        self.queue.stopping.load(Ordering::SeqCst)
    }

    fn notify_workers(&self) {
        let _guard = self
            .queue
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.queue.ready.notify_all();
    }

    /// Sleeps until notified or `timeout`. A notification sent just before the wait starts is
    /// missed, which costs at most one `timeout` of latency, never a message.
    fn wait_for_work(&self, timeout: Duration) {
        let guard = self
            .queue
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.workers_stopping() {
            return;
        }
        let _ = self
            .queue
            .ready
            .wait_timeout(guard, timeout)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// Current time as RFC 3339 with an explicit `+00:00` offset, the form of Orzame's examples.
fn now_rfc3339(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
        [],
        |row| row.get(0),
    )
}

/// Current time as `YYYY-MM-DD HH:MM:SS` (UTC): the form of B2B's `date` parameter, so that
/// `updatedFrom` can compare text.
fn now_b2b(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT datetime('now')", [], |row| row.get(0))
}

/// Reads a text column into one of the runtime's checked string types; text that fails the
/// check is reported as a conversion error rather than trusted.
fn checked_text<T>(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    T::try_from(text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap()
    }

    #[test]
    fn seeding_happens_once() {
        let dir = std::env::temp_dir().join(format!("apigen-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("seed.sqlite3");
        let _ = std::fs::remove_file(&path);
        let tables = [
            "alta_partners",
            "orzame_contacts",
            "obz_contacts",
            "b2b_partners",
        ];
        let first: Vec<i64> = {
            let store = Store::open(&path).unwrap();
            tables.iter().map(|t| count(&store, t)).collect()
        };
        assert!(first.iter().all(|&n| n > 0), "{first:?}");
        let store = Store::open(&path).unwrap();
        let second: Vec<i64> = tables.iter().map(|t| count(&store, t)).collect();
        assert_eq!(first, second);
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reseeding_an_emptied_database_does_nothing() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute("DELETE FROM alta_partners", [])
            .unwrap();
        seed::seed_if_empty(&mut store.conn()).unwrap();
        assert_eq!(count(&store, "alta_partners"), 0);
    }
}
