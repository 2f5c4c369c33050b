//! B2B writes: creating (for the queue), updating, deleting partners and assigning clients.

use super::{load_partner, resolve_partner};
use crate::b2b::models::{
    BusinessPartnerCreate, BusinessPartnerUpdate, ClientAssignmentRequest, ContactInput,
    LocationInput, NewLocation, OperationResult,
};
use crate::example_server::store::error::is_unique_violation;
use crate::example_server::store::{now_b2b, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

/// The records that, per the spec's BusinessPartnerInUse, keep a partner from being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Invoice,
    DeliveryNote,
    Order,
}

impl DocumentKind {
    fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::DeliveryNote => "delivery_note",
            DocumentKind::Order => "order",
        }
    }
}

impl Store {
    /// `updateBPartner`: changes only the attributes given (at least one). `locations` and
    /// `contacts`, when given, become the partner's full lists: an entry whose idRemote matches
    /// one of the partner's current locations (contacts) updates it in place and keeps its id,
    /// others are created, and current ones left out are removed. An empty `agentId`
    /// unassigns the partner from its agent.
    pub fn b2b_update_partner(
        &self,
        id: &str,
        patch: &BusinessPartnerUpdate,
    ) -> Result<OperationResult, StoreError> {
        if patch == &BusinessPartnerUpdate::default() {
            return Err(StoreError::invalid("At least one attribute must be given"));
        }
        self.write(|tx| {
            let local = resolve_partner(tx, id)?
                .ok_or_else(|| StoreError::not_found("business partner", id))?;
            update_partner(tx, &local, patch)?;
            Ok(OperationResult {
                code: 200,
                message: format!("Business Partner {local} updated successfully."),
            })
        })
    }

    /// `deleteBPartner`: removes the partner, its contacts and the locations no other partner
    /// uses, and records it in the deleted-partners history. Refused with
    /// [`StoreError::InUse`] while invoices, delivery notes or orders refer to it, or while it is
    /// the agent of clients (they would be left pointing at nobody).
    pub fn b2b_delete_partner(&self, id: &str) -> Result<OperationResult, StoreError> {
        self.write(|tx| {
            let local = resolve_partner(tx, id)?
                .ok_or_else(|| StoreError::not_found("business partner", id))?;
            let documents: i64 = tx.query_row(
                "SELECT COUNT(*) FROM b2b_documents WHERE partner_id = ?1",
                [&local],
                |row| row.get(0),
            )?;
            if documents > 0 {
                return Err(StoreError::in_use(format!(
                    "Business Partner {local} is related to {documents} invoice(s), delivery \
                     note(s) or order(s) and cannot be deleted."
                )));
            }
            let clients: i64 = tx.query_row(
                "SELECT COUNT(*) FROM b2b_partners WHERE agent_id = ?1",
                [&local],
                |row| row.get(0),
            )?;
            if clients > 0 {
                return Err(StoreError::in_use(format!(
                    "Business Partner {local} is the agent of {clients} client(s); assign them \
                     to another agent first."
                )));
            }
            let snapshot = load_partner(tx, &local)?
                .ok_or_else(|| StoreError::not_found("business partner", id))?;
            let snapshot = serde_json::to_string(&snapshot)
                .map_err(|err| StoreError::invalid(format!("cannot record the partner: {err}")))?;
            let now = now_b2b(tx)?;
            tx.execute(
                "INSERT INTO b2b_deleted_partners (id, id_remote, snapshot, deleted_at) \
                 SELECT id, id_remote, ?2, ?3 FROM b2b_partners WHERE id = ?1",
                params![local, snapshot, now],
            )?;
            tx.execute("DELETE FROM b2b_partners WHERE id = ?1", [&local])?;
            delete_orphan_locations(tx)?;
            Ok(OperationResult {
                code: 200,
                message: format!("Business Partner {local} deleted successfully."),
            })
        })
    }

    /// `assignClientsToAgent`: every assignment or none. Agents are named by local id or
    /// idRemote, clients by idRemote; roles and companies must match.
    pub fn b2b_assign_clients_to_agent(
        &self,
        assignments: &[ClientAssignmentRequest],
    ) -> Result<OperationResult, StoreError> {
        if assignments.is_empty() {
            return Err(StoreError::invalid("Parameter assignments is required"));
        }
        self.write(|tx| {
            let now = now_b2b(tx)?;
            let mut assigned = 0;
            for assignment in assignments {
                let agent = resolve_partner(tx, &assignment.agent_id)?.ok_or_else(|| {
                    StoreError::invalid(format!(
                        "No entity found for Business Partner with {}.",
                        assignment.agent_id
                    ))
                })?;
                for client in &assignment.clients {
                    let changed = tx.execute(
                        "UPDATE b2b_partners SET agent_id = ?1, updated_at = ?2 \
                         WHERE id_remote = ?3",
                        params![agent, now, client.id_remote],
                    )?;
                    if changed == 0 {
                        return Err(StoreError::invalid(format!(
                            "No entity found for Business Partner with {}.",
                            client.id_remote
                        )));
                    }
                    let client_id: String = tx.query_row(
                        "SELECT id FROM b2b_partners WHERE id_remote = ?1",
                        [&client.id_remote],
                        |row| row.get(0),
                    )?;
                    check_assignments(tx, &client_id)?;
                    assigned += 1;
                }
            }
            Ok(OperationResult {
                code: 200,
                message: format!("{assigned} client(s) assigned successfully."),
            })
        })
    }

    /// Records an invoice, delivery note or order of a partner (no API operation writes these;
    /// they exist so that the spec's BusinessPartnerInUse can happen). Returns its id.
    pub fn b2b_record_document(
        &self,
        partner: &str,
        kind: DocumentKind,
    ) -> Result<String, StoreError> {
        self.write(|tx| {
            let local = resolve_partner(tx, partner)?
                .ok_or_else(|| StoreError::not_found("business partner", partner))?;
            record_document(tx, &local, kind)
        })
    }
}

pub(crate) fn record_document(
    conn: &Connection,
    partner: &str,
    kind: DocumentKind,
) -> Result<String, StoreError> {
    let id = next_id(conn, "document", "DOC-")?;
    let now = now_b2b(conn)?;
    conn.execute(
        "INSERT INTO b2b_documents (id, partner_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, partner, kind.as_str(), now],
    )?;
    Ok(id)
}

/// Creates one partner with its locations and contacts; returns its local id. The caller owns
/// the transaction, so a batch fails as a whole.
pub(crate) fn create_partner(
    conn: &Connection,
    input: &BusinessPartnerCreate,
) -> Result<String, StoreError> {
    require_text("idRemote", &input.id_remote)?;
    require_free_remote_id(conn, &input.id_remote)?;
    require_reference(conn, "b2b_roles", "Role", &input.role_id)?;
    require_reference(conn, "b2b_statuses", "Status", &input.status_id)?;
    require_reference(conn, "b2b_companies", "Company", &input.company_id)?;
    let id = next_id(conn, "partner", "BP-")?;
    let now = now_b2b(conn)?;
    conn.execute(
        "INSERT INTO b2b_partners (id, id_remote, role_id, status_id, company_id, contact_name, \
         comercial_name, tin, observation, origin, updated_at, active) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            input.id_remote,
            input.role_id,
            input.status_id,
            input.company_id,
            input.contact_name,
            input.comercial_name,
            input.tin,
            input.observation.as_deref().unwrap_or_default(),
            input.origin.as_deref().unwrap_or_default(),
            now,
            input.active,
        ],
    )
    .map_err(|err| duplicate_or(err, &input.id_remote))?;
    if let Some(locations) = &input.locations {
        sync_locations(conn, &id, locations, &now)?;
    }
    if let Some(contacts) = &input.contacts {
        sync_contacts(conn, &id, contacts)?;
    }
    if let Some(agent) = &input.agent_id {
        set_agent(conn, &id, agent)?;
    }
    check_assignments(conn, &id)?;
    Ok(id)
}

fn update_partner(
    conn: &Connection,
    id: &str,
    patch: &BusinessPartnerUpdate,
) -> Result<(), StoreError> {
    if let Some(remote) = &patch.id_remote {
        require_text("idRemote", remote)?;
        let owner: Option<String> = conn
            .query_row(
                "SELECT id FROM b2b_partners WHERE id_remote = ?1",
                [remote],
                |row| row.get(0),
            )
            .optional()?;
        if owner.is_some_and(|owner| owner != id) {
            return Err(duplicate(remote));
        }
    }
    if let Some(role) = &patch.role_id {
        require_reference(conn, "b2b_roles", "Role", role)?;
    }
    if let Some(status) = &patch.status_id {
        require_reference(conn, "b2b_statuses", "Status", status)?;
    }
    if let Some(company) = &patch.company_id {
        require_reference(conn, "b2b_companies", "Company", company)?;
    }
    let now = now_b2b(conn)?;
    let columns: [(&str, Option<&dyn rusqlite::ToSql>); 10] = [
        ("id_remote", patch.id_remote.as_ref().map(|v| v as _)),
        ("role_id", patch.role_id.as_ref().map(|v| v as _)),
        ("status_id", patch.status_id.as_ref().map(|v| v as _)),
        ("company_id", patch.company_id.as_ref().map(|v| v as _)),
        ("contact_name", patch.contact_name.as_ref().map(|v| v as _)),
        (
            "comercial_name",
            patch.comercial_name.as_ref().map(|v| v as _),
        ),
        ("tin", patch.tin.as_ref().map(|v| v as _)),
        ("observation", patch.observation.as_ref().map(|v| v as _)),
        ("origin", patch.origin.as_ref().map(|v| v as _)),
        ("active", patch.active.as_ref().map(|v| v as _)),
    ];
    let mut sets = String::new();
    let mut args: Vec<&dyn rusqlite::ToSql> = Vec::new();
    for (column, value) in columns {
        if let Some(value) = value {
            sets.push_str(&format!("{column} = ?, "));
            args.push(value);
        }
    }
    args.push(&now);
    args.push(&id);
    conn.execute(
        &format!("UPDATE b2b_partners SET {sets}updated_at = ? WHERE id = ?"),
        args.as_slice(),
    )
    .map_err(|err| duplicate_or(err, patch.id_remote.as_deref().unwrap_or_default()))?;
    if let Some(locations) = &patch.locations {
        sync_locations(conn, id, locations, &now)?;
    }
    if let Some(contacts) = &patch.contacts {
        sync_contacts(conn, id, contacts)?;
    }
    match patch.agent_id.as_deref() {
        Some("") => {
            conn.execute(
                "UPDATE b2b_partners SET agent_id = NULL WHERE id = ?1",
                [id],
            )?;
        }
        Some(agent) => set_agent(conn, id, agent)?,
        None => {}
    }
    check_assignments(conn, id)
}

fn set_agent(conn: &Connection, partner: &str, agent: &str) -> Result<(), StoreError> {
    let agent = resolve_partner(conn, agent)?.ok_or_else(|| {
        StoreError::invalid(format!(
            "No entity found for Business Partner with {agent}."
        ))
    })?;
    conn.execute(
        "UPDATE b2b_partners SET agent_id = ?1 WHERE id = ?2",
        params![agent, partner],
    )?;
    Ok(())
}

/// The rules of assignments, for `partner` both as client and as agent: a client's agent has
/// the agent role, is not the client itself and belongs to the same company; only clients
/// have agents.
fn check_assignments(conn: &Connection, partner: &str) -> Result<(), StoreError> {
    let (kind, company, agent): (String, String, Option<String>) = conn.query_row(
        "SELECT r.kind, p.company_id, p.agent_id FROM b2b_partners p \
         JOIN b2b_roles r ON r.id = p.role_id WHERE p.id = ?1",
        [partner],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    if let Some(agent) = agent {
        if kind != "client" {
            return Err(StoreError::invalid(format!(
                "Business Partner {partner} must have the client role to be assigned to an agent."
            )));
        }
        if agent == partner {
            return Err(StoreError::invalid(format!(
                "Business Partner {partner} cannot be its own agent."
            )));
        }
        let (agent_kind, agent_company): (String, String) = conn.query_row(
            "SELECT r.kind, p.company_id FROM b2b_partners p \
             JOIN b2b_roles r ON r.id = p.role_id WHERE p.id = ?1",
            [&agent],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if agent_kind != "agent" {
            return Err(StoreError::invalid(format!(
                "Business Partner {agent} does not have the agent role."
            )));
        }
        if agent_company != company {
            return Err(StoreError::invalid(format!(
                "Business Partner {partner} and its agent {agent} belong to different companies."
            )));
        }
    }
    let clients: Vec<String> = conn
        .prepare("SELECT company_id FROM b2b_partners WHERE agent_id = ?1")?
        .query_map([partner], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if !clients.is_empty() && kind != "agent" {
        return Err(StoreError::invalid(format!(
            "Business Partner {partner} has clients and must keep the agent role."
        )));
    }
    if clients
        .iter()
        .any(|client_company| *client_company != company)
    {
        return Err(StoreError::invalid(format!(
            "Business Partner {partner} has clients in another company."
        )));
    }
    Ok(())
}

/// Makes `inputs` the partner's locations (see `b2b_update_partner`).
fn sync_locations(
    conn: &Connection,
    partner: &str,
    inputs: &[LocationInput],
    now: &str,
) -> Result<(), StoreError> {
    let mut kept = Vec::with_capacity(inputs.len());
    for input in inputs {
        let location = match input {
            LocationInput::LocationReference(reference) => {
                require_reference(conn, "b2b_locations", "Location", &reference.location_id)?;
                reference.location_id.clone()
            }
            LocationInput::NewLocation(new) => upsert_location(conn, partner, new, now)?,
        };
        if !kept.contains(&location) {
            kept.push(location);
        }
    }
    conn.execute(
        "DELETE FROM b2b_partner_locations WHERE partner_id = ?1",
        [partner],
    )?;
    let mut link = conn.prepare(
        "INSERT INTO b2b_partner_locations (partner_id, location_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, location) in (0_i64..).zip(&kept) {
        link.execute(params![partner, location, position])?;
    }
    delete_orphan_locations(conn)
}

fn upsert_location(
    conn: &Connection,
    partner: &str,
    new: &NewLocation,
    now: &str,
) -> Result<String, StoreError> {
    require_reference(conn, "b2b_countries", "Country", &new.country_id)?;
    if let Some(state) = &new.state_id {
        require_reference(conn, "b2b_states", "State", state)?;
    }
    let existing: Option<String> = conn
        .query_row(
            "SELECT l.id FROM b2b_locations l \
             JOIN b2b_partner_locations pl ON pl.location_id = l.id \
             WHERE pl.partner_id = ?1 AND l.id_remote = ?2",
            params![partner, new.id_remote],
            |row| row.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let id = next_id(conn, "location", "LOC-")?;
            conn.execute(
                "INSERT INTO b2b_locations (id, id_remote, name, address, city, country_id, \
                 shipping_address, billing_address, is_default, active, created_at, updated_at) \
                 VALUES (?1, '', '', '', '', ?2, 0, 0, 0, 0, ?3, ?3)",
                params![id, new.country_id, now],
            )?;
            id
        }
    };
    conn.execute(
        "UPDATE b2b_locations SET id_remote = ?2, name = ?3, address = ?4, city = ?5, \
         state_id = ?6, postal_code = ?7, shipping_address = ?8, billing_address = ?9, \
         country_id = ?10, is_default = ?11, active = ?12, updated_at = ?13 WHERE id = ?1",
        params![
            id,
            new.id_remote,
            new.name,
            new.address,
            new.city,
            new.state_id,
            new.postal_code.as_deref().unwrap_or_default(),
            new.shipping_address,
            new.billing_address,
            new.country_id,
            new.default,
            new.active,
            now,
        ],
    )?;
    Ok(id)
}

/// Locations belong to partners; one no partner links to any more goes with the last of them.
fn delete_orphan_locations(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM b2b_locations WHERE id NOT IN (SELECT location_id FROM b2b_partner_locations)",
        [],
    )?;
    Ok(())
}

/// Makes `inputs` the partner's contacts (see `b2b_update_partner`); a kept contact's methods
/// are replaced by the ones given.
fn sync_contacts(
    conn: &Connection,
    partner: &str,
    inputs: &[ContactInput],
) -> Result<(), StoreError> {
    let mut kept: Vec<String> = Vec::with_capacity(inputs.len());
    for input in inputs {
        require_text("contacts.name", &input.name)?;
        let existing: Option<String> = match &input.id_remote {
            Some(remote) => conn
                .query_row(
                    "SELECT id FROM b2b_contacts WHERE partner_id = ?1 AND id_remote = ?2",
                    params![partner, remote],
                    |row| row.get(0),
                )
                .optional()?
                .filter(|id| !kept.contains(id)),
            None => None,
        };
        let id = match existing {
            Some(id) => id,
            None => {
                let id = next_id(conn, "contact", "CON-")?;
                conn.execute(
                    "INSERT INTO b2b_contacts (id, partner_id, name, is_default, active) \
                     VALUES (?1, ?2, '', 0, 0)",
                    params![id, partner],
                )?;
                id
            }
        };
        conn.execute(
            "UPDATE b2b_contacts SET id_remote = ?2, name = ?3, position = ?4, is_default = ?5, \
             active = ?6 WHERE id = ?1",
            params![
                id,
                input.id_remote.as_deref().unwrap_or_default(),
                input.name,
                input.position.as_deref().unwrap_or_default(),
                input.default,
                input.active,
            ],
        )?;
        conn.execute(
            "DELETE FROM b2b_contact_methods WHERE contact_id = ?1",
            [&id],
        )?;
        for method in &input.contact_methods {
            require_reference(
                conn,
                "b2b_contact_types",
                "ContactType",
                &method.contact_type_id,
            )?;
            let method_id = next_id(conn, "contact_method", "CM-")?;
            conn.execute(
                "INSERT INTO b2b_contact_methods (id, contact_id, id_remote, contact_type_id, \
                 value) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    method_id,
                    id,
                    method.id_remote,
                    method.contact_type_id,
                    method.value
                ],
            )?;
        }
        kept.push(id);
    }
    let mut current = conn.prepare("SELECT id FROM b2b_contacts WHERE partner_id = ?1")?;
    let current: Vec<String> = current
        .query_map([partner], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for id in current.iter().filter(|id| !kept.contains(id)) {
        conn.execute("DELETE FROM b2b_contacts WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// The next local id of a kind, e.g. `BP-7`.
fn next_id(conn: &Connection, sequence: &str, prefix: &str) -> Result<String, StoreError> {
    let value: i64 = conn.query_row(
        "INSERT INTO b2b_sequences (name, value) VALUES (?1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
        [sequence],
        |row| row.get(0),
    )?;
    Ok(format!("{prefix}{value}"))
}

fn require_text(name: &str, value: &str) -> Result<(), StoreError> {
    if value.trim().is_empty() {
        return Err(StoreError::invalid(format!("Parameter {name} is required")));
    }
    Ok(())
}

/// `table` is one of this module's constants, never request data.
fn require_reference(
    conn: &Connection,
    table: &str,
    what: &str,
    id: &str,
) -> Result<(), StoreError> {
    let found = conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1"),
            [id],
            |_| Ok(()),
        )
        .optional()?;
    found.ok_or_else(|| StoreError::invalid(format!("No entity found for {what} with {id}.")))
}

fn require_free_remote_id(conn: &Connection, remote: &str) -> Result<(), StoreError> {
    let taken = conn
        .query_row(
            "SELECT 1 FROM b2b_partners WHERE id_remote = ?1",
            [remote],
            |_| Ok(()),
        )
        .optional()?;
    match taken {
        Some(()) => Err(duplicate(remote)),
        None => Ok(()),
    }
}

fn duplicate(remote: &str) -> StoreError {
    StoreError::conflict(format!(
        "Duplicate entry => a Business Partner with idRemote {remote} already exists"
    ))
}

fn duplicate_or(err: rusqlite::Error, remote: &str) -> StoreError {
    if is_unique_violation(&err) {
        duplicate(remote)
    } else {
        StoreError::Database(err)
    }
}
