//! The queue behind `createBPartners`: the request is stored as a pending message and answered
//! at once; a worker creates the partners later and records how it went, which
//! `getMessageStatus` reports.

use super::create_partner;
use crate::b2b::models::{
    BusinessPartnerCreate, MessageAccepted, MessageStatus, MessageStatusPage, MessageStatusStatus,
    Pagination,
};
use crate::example_server::store::{Store, StoreError};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

const KIND_CREATE_PARTNERS: &str = "b2b.createBPartners";
/// How long an idle worker sleeps when no enqueue wakes it.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// What [`Store::process_next_message`] did with the message it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedMessage {
    pub id: String,
    /// `Completed` or `Failed`.
    pub status: MessageStatusStatus,
    pub error: Option<String>,
}

impl Store {
    /// `createBPartners`: stores the batch as a pending message and returns the 201 body.
    /// `status_base_url` is getMessageStatus's URL without the id, e.g.
    /// `http://host/api/database/v1/message/status`.
    pub fn enqueue_b2b_create(
        &self,
        partners: &[BusinessPartnerCreate],
        status_base_url: &str,
    ) -> Result<MessageAccepted, StoreError> {
        if partners.is_empty() {
            return Err(StoreError::invalid(
                "Invalid business partner data format, a required parameter is missing",
            ));
        }
        let payload = serde_json::to_string(partners)
            .map_err(|err| StoreError::invalid(format!("cannot queue the request: {err}")))?;
        let id = self.write(|tx| {
            let id = new_message_id();
            tx.execute(
                "INSERT INTO messages (id, kind, payload, status, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, 'pending', datetime('now'), datetime('now'))",
                params![id, KIND_CREATE_PARTNERS, payload],
            )?;
            Ok(id)
        })?;
        self.notify_workers();
        Ok(MessageAccepted {
            code: 201,
            message: "BusinessPartner message created successfully and dispatched to the queue."
                .to_owned(),
            status_url: format!("{}/{id}", status_base_url.trim_end_matches('/')),
        })
    }

    /// Takes the oldest pending message and carries it out in one transaction: all its
    /// partners are created, or none and the message is marked failed with the reason.
    /// `Ok(None)` when nothing is pending.
    pub fn process_next_message(&self) -> Result<Option<ProcessedMessage>, StoreError> {
        let mut conn = self.conn();
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next: Option<(String, String, String)> = tx
            .query_row(
                "SELECT id, kind, payload FROM messages WHERE status = 'pending' \
                 ORDER BY seq LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((id, kind, payload)) = next else {
            return Ok(None);
        };
        let outcome = {
            // The savepoint undoes a half-created batch while keeping the status update.
            let savepoint = tx.savepoint()?;
            match carry_out(&savepoint, &kind, &payload) {
                Ok(()) => savepoint.commit().map_err(StoreError::from),
                Err(err) => Err(err),
            }
        };
        let (status, error) = match outcome {
            Ok(()) => (MessageStatusStatus::Completed, None),
            Err(err) => (MessageStatusStatus::Failed, Some(err.to_string())),
        };
        tx.execute(
            "UPDATE messages SET status = ?2, error = ?3, updated_at = datetime('now') \
             WHERE id = ?1",
            params![id, status.as_str(), error],
        )?;
        tx.commit()?;
        Ok(Some(ProcessedMessage { id, status, error }))
    }

    /// `getMessageStatus`, in the spec's one-item page.
    pub fn b2b_message_status(&self, message_id: &str) -> Result<MessageStatusPage, StoreError> {
        let (status, error): (String, Option<String>) = self.read(|conn| {
            conn.query_row(
                "SELECT status, error FROM messages WHERE id = ?1",
                [message_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("message", message_id))
        })?;
        let status = MessageStatusStatus::ALL
            .into_iter()
            .find(|known| known.as_str() == status)
            .ok_or_else(|| StoreError::invalid(format!("unknown message status `{status}`")))?;
        Ok(MessageStatusPage {
            data: vec![MessageStatus {
                status,
                error_message: error,
            }],
            pagination: Pagination {
                total_items: 1,
                items_per_page: 10,
                current_page: 1,
                total_pages: 1,
                next_page_url: None,
            },
        })
    }
}

fn carry_out(conn: &rusqlite::Connection, kind: &str, payload: &str) -> Result<(), StoreError> {
    if kind != KIND_CREATE_PARTNERS {
        return Err(StoreError::invalid(format!(
            "unknown message kind `{kind}`"
        )));
    }
    let partners: Vec<BusinessPartnerCreate> = serde_json::from_str(payload).map_err(|err| {
        StoreError::invalid(format!("Invalid business partner data format: {err}"))
    })?;
    for partner in &partners {
        create_partner(conn, partner)?;
    }
    Ok(())
}

/// A random id in UUID v4 form, so that status URLs cannot be guessed from one another.
/// std's `RandomState` is seeded randomly per process and advanced per instance.
fn new_message_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let high = RandomState::new().hash_one(nanos);
    let low = RandomState::new().hash_one(nanos);
    let bits = (u128::from(high) << 64 | u128::from(low)) & !(0xF << 76) & !(0x3 << 62)
        | (0x4 << 76)
        | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A thread that processes messages until [`Store::stop_workers`]; it sleeps when the queue
/// is empty, waking on each enqueue or every 50 ms. A database error is reported on stderr and
/// retried after a pause: the message stays pending.
pub fn spawn_worker(store: Arc<Store>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        while !store.workers_stopping() {
            match store.process_next_message() {
                Ok(Some(_)) => {}
                Ok(None) => store.wait_for_work(POLL_INTERVAL),
                Err(err) => {
                    eprintln!("b2b queue worker: {err}");
                    store.wait_for_work(POLL_INTERVAL);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b2b::models::BusinessPartnerCreate;

    const STATUS: &str = "http://localhost/api/database/v1/message/status";

    fn partner(remote: &str, locations: serde_json::Value) -> BusinessPartnerCreate {
        serde_json::from_value(serde_json::json!({
            "idRemote": remote, "roleId": "1", "statusId": "1", "companyId": "1",
            "agentId": "AG-001", "locations": locations,
            "contacts": [{"idRemote": "c1", "name": "Ana", "position": "Compras", "default": true,
                "active": true, "contactMethods": [
                    {"idRemote": "m1", "contactTypeId": "2", "value": "ana@example.es"}]}],
            "contactName": "Ana", "comercialName": "Ana S.L.", "tin": "B3", "active": true
        }))
        .unwrap()
    }

    fn status(store: &Store, accepted: &MessageAccepted) -> MessageStatus {
        let id = accepted.status_url.rsplit('/').next().unwrap();
        store.b2b_message_status(id).unwrap().data.remove(0)
    }

    #[test]
    fn a_message_goes_from_pending_to_completed() {
        let store = Store::open_in_memory().unwrap();
        let new_location = serde_json::json!([
            {"idRemote": "l1", "name": "Sede", "address": "Gran Vía 1", "city": "Madrid",
             "shippingAddress": true, "billingAddress": true, "countryId": "1",
             "default": true, "active": true},
            {"locationId": "LOC-1"}
        ]);
        let batch = [
            partner("NEW-1", new_location),
            partner("NEW-2", serde_json::json!([])),
        ];
        let accepted = store.enqueue_b2b_create(&batch, STATUS).unwrap();
        assert_eq!(accepted.code, 201);
        assert!(accepted.status_url.starts_with(&format!("{STATUS}/")));
        assert_eq!(
            status(&store, &accepted).status,
            MessageStatusStatus::Pending
        );
        assert!(store.b2b_get_partner("NEW-1").is_err());

        let processed = store.process_next_message().unwrap().unwrap();
        assert_eq!(
            (processed.status, processed.error),
            (MessageStatusStatus::Completed, None)
        );
        let done = status(&store, &accepted);
        assert_eq!(
            (done.status, done.error_message),
            (MessageStatusStatus::Completed, None)
        );
        let created = store.b2b_get_partner("NEW-1").unwrap();
        assert_eq!(created.locations.len(), 2);
        assert_eq!(
            created.locations[1].id, "LOC-1",
            "a reference shares the existing location"
        );
        assert_eq!(
            created.contacts[0].contact_methods[0].value,
            "ana@example.es"
        );
        assert!(store.b2b_get_partner("NEW-2").is_ok());
        assert_eq!(store.process_next_message().unwrap(), None);
    }

    #[test]
    fn a_failing_message_creates_nothing_and_says_why() {
        let store = Store::open_in_memory().unwrap();
        let duplicate = store
            .enqueue_b2b_create(
                &[
                    partner("NEW-1", serde_json::json!([])),
                    partner("CLI-001", serde_json::json!([])),
                ],
                STATUS,
            )
            .unwrap();
        let unknown_location = store
            .enqueue_b2b_create(
                &[partner(
                    "NEW-3",
                    serde_json::json!([{"locationId": "LOC-404"}]),
                )],
                STATUS,
            )
            .unwrap();
        store.process_next_message().unwrap();
        store.process_next_message().unwrap();
        let first = status(&store, &duplicate);
        assert_eq!(first.status, MessageStatusStatus::Failed);
        assert!(first
            .error_message
            .as_deref()
            .unwrap()
            .contains("idRemote CLI-001 already exists"));
        assert!(
            store.b2b_get_partner("NEW-1").is_err(),
            "the batch fails as a whole"
        );
        let second = status(&store, &unknown_location);
        assert_eq!(second.status, MessageStatusStatus::Failed);
        assert!(second.error_message.as_deref().unwrap().contains("LOC-404"));
        assert!(matches!(
            store.b2b_message_status("nope"),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store.enqueue_b2b_create(&[], STATUS),
            Err(StoreError::Invalid { .. })
        ));
    }

    #[test]
    fn the_worker_drains_the_queue_until_stopped() {
        let store = Arc::new(Store::open_in_memory().unwrap());
        let worker = spawn_worker(Arc::clone(&store));
        let accepted = store
            .enqueue_b2b_create(&[partner("NEW-W", serde_json::json!([]))], STATUS)
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while status(&store, &accepted).status == MessageStatusStatus::Pending {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker did not process the message"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(
            status(&store, &accepted).status,
            MessageStatusStatus::Completed
        );
        store.stop_workers();
        worker.join().unwrap();
    }

    #[test]
    fn message_ids_look_like_uuids_and_differ() {
        let (a, b) = (new_message_id(), new_message_id());
        assert_ne!(a, b);
        assert!(a.parse::<apigen_runtime::Uuid>().is_ok(), "{a}");
        assert_eq!(&a[14..15], "4");
    }
}
