//! B2B: business partners with their company, locations and contacts; reference lists
//! (statuses, contact types); client-to-agent assignments. Writes live in `b2b/write.rs`, the
//! asynchronous creation queue in `b2b/queue.rs`.
//!
//! Ids are strings: partners, locations, contacts and contact methods get local ids from
//! `b2b_sequences` (`BP-1`, `LOC-1`, ...); where the spec accepts "the idRemote or the local
//! id", the local id wins if both match different partners. References inside a request body
//! that do not exist are [`StoreError::Invalid`] (400); only the id in the path is NotFound.

mod queue;
mod write;

pub use queue::{spawn_worker, ProcessedMessage};
pub use write::DocumentKind;
pub(crate) use write::{create_partner, record_document as write_record_document};

use super::paging::{link, Window};
use super::{Store, StoreError};
use crate::b2b::models::{
    BusinessPartner, BusinessPartnerPage, BusinessPartnerRef, BusinessPartnerStatus,
    BusinessPartnerStatusPage, ClientAssignment, ClientAssignmentPage, ClientRef, CompanySummary,
    Contact, ContactDetail, ContactDetailPage, ContactMethod, ContactMethodDetail, ContactType,
    ContactTypePage, Country, Location, Pagination,
};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

const DEFAULT_PAGE_SIZE: i64 = 10;
const MAX_PAGE_SIZE: i64 = 100;
/// The spec's default for `updatedFrom`'s `date`.
const DEFAULT_UPDATED_FROM: &str = "1999-01-01 01:00:00";

/// The `page` and `pageSize` query parameters of every B2B listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct B2bPage {
    pub page: Option<i32>,
    pub page_size: Option<i32>,
}

impl B2bPage {
    fn window(self) -> Result<Window, StoreError> {
        Window::new(
            self.page.map(i64::from),
            self.page_size.map(i64::from),
            DEFAULT_PAGE_SIZE,
            MAX_PAGE_SIZE,
            ("page", "pageSize"),
        )
    }
}

/// Which partners a partner listing shows.
enum PartnerFilter {
    All,
    Clients,
    Agents,
    UpdatedAfter(String),
}

impl Store {
    /// `getBPartner`: all partners, oldest first. `base_url` is the listing's URL without query;
    /// `nextPageUrl` is built on it.
    pub fn b2b_list_partners(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<BusinessPartnerPage, StoreError> {
        self.partner_page(PartnerFilter::All, page, base_url, Vec::new())
    }

    /// `getBPartnersUpdatedFrom`: partners modified strictly after `date` (`YYYY-MM-DD` or
    /// `YYYY-MM-DD HH:MM:SS`, UTC; the spec's default when absent).
    pub fn b2b_partners_updated_from(
        &self,
        date: Option<&str>,
        page: B2bPage,
        base_url: &str,
    ) -> Result<BusinessPartnerPage, StoreError> {
        let since = normalise_date(date.unwrap_or(DEFAULT_UPDATED_FROM))?;
        let kept = date
            .map(|d| vec![("date", d.to_owned())])
            .unwrap_or_default();
        self.partner_page(PartnerFilter::UpdatedAfter(since), page, base_url, kept)
    }

    /// `getClients`: partners whose role is "cliente" (an empty page is the server's 204).
    pub fn b2b_list_clients(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<BusinessPartnerPage, StoreError> {
        self.partner_page(PartnerFilter::Clients, page, base_url, Vec::new())
    }

    /// `getAgents`: partners whose role is "representante".
    pub fn b2b_list_agents(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<BusinessPartnerPage, StoreError> {
        self.partner_page(PartnerFilter::Agents, page, base_url, Vec::new())
    }

    /// One partner by local id or idRemote (no operation of the spec; used after writes).
    pub fn b2b_get_partner(&self, id: &str) -> Result<BusinessPartner, StoreError> {
        self.read(|conn| {
            let local = resolve_partner(conn, id)?
                .ok_or_else(|| StoreError::not_found("business partner", id))?;
            load_partner(conn, &local)?.ok_or_else(|| StoreError::not_found("business partner", id))
        })
    }

    /// `getBPartnerStatus`.
    pub fn b2b_list_statuses(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<BusinessPartnerStatusPage, StoreError> {
        let window = page.window()?;
        self.read(|conn| {
            let total = count(conn, "SELECT COUNT(*) FROM b2b_statuses", &[])?;
            let data = conn
                .prepare(
                    "SELECT id, id_remote, description FROM b2b_statuses ORDER BY seq \
                     LIMIT ?1 OFFSET ?2",
                )?
                .query_map([window.size, window.offset()], |row| {
                    Ok(BusinessPartnerStatus {
                        id: row.get(0)?,
                        id_remote: row.get(1)?,
                        description: row.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(BusinessPartnerStatusPage {
                data,
                pagination: pagination(window, total, base_url, Vec::new()),
            })
        })
    }

    /// `getContactTypes`.
    pub fn b2b_list_contact_types(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<ContactTypePage, StoreError> {
        let window = page.window()?;
        self.read(|conn| {
            let total = count(conn, "SELECT COUNT(*) FROM b2b_contact_types", &[])?;
            let data = conn
                .prepare("SELECT id, value FROM b2b_contact_types ORDER BY seq LIMIT ?1 OFFSET ?2")?
                .query_map([window.size, window.offset()], |row| {
                    Ok(ContactType {
                        id: row.get(0)?,
                        value: row.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(ContactTypePage {
                data,
                pagination: pagination(window, total, base_url, Vec::new()),
            })
        })
    }

    /// `getClientsAssignedToAgent`: one item per agent that has clients, with their ids.
    pub fn b2b_clients_assigned_to_agents(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<ClientAssignmentPage, StoreError> {
        let window = page.window()?;
        self.read(|conn| {
            const AGENTS: &str = "FROM b2b_partners a WHERE EXISTS \
                                  (SELECT 1 FROM b2b_partners c WHERE c.agent_id = a.id)";
            let total = count(conn, &format!("SELECT COUNT(*) {AGENTS}"), &[])?;
            let agents: Vec<(String, String)> = conn
                .prepare(&format!(
                    "SELECT a.id, a.company_id {AGENTS} ORDER BY a.seq LIMIT ?1 OFFSET ?2"
                ))?
                .query_map([window.size, window.offset()], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            let mut clients =
                conn.prepare("SELECT id FROM b2b_partners WHERE agent_id = ?1 ORDER BY seq")?;
            let mut data = Vec::with_capacity(agents.len());
            for (agent_id, company_id) in agents {
                let ids = clients
                    .query_map([&agent_id], |row| Ok(ClientRef { id: row.get(0)? }))?
                    .collect::<Result<_, _>>()?;
                data.push(ClientAssignment {
                    company_id,
                    agent_id,
                    clients: ids,
                });
            }
            Ok(ClientAssignmentPage {
                data,
                pagination: pagination(window, total, base_url, Vec::new()),
            })
        })
    }

    /// `getContacts`: every partner's contacts, with each method's contact type.
    pub fn b2b_list_contacts(
        &self,
        page: B2bPage,
        base_url: &str,
    ) -> Result<ContactDetailPage, StoreError> {
        let window = page.window()?;
        self.read(|conn| {
            let total = count(conn, "SELECT COUNT(*) FROM b2b_contacts", &[])?;
            let mut data: Vec<ContactDetail> = conn
                .prepare(
                    "SELECT ct.id, ct.id_remote, p.id, p.contact_name, ct.name, ct.position, \
                     ct.is_default, ct.active FROM b2b_contacts ct \
                     JOIN b2b_partners p ON p.id = ct.partner_id \
                     ORDER BY p.seq, ct.seq LIMIT ?1 OFFSET ?2",
                )?
                .query_map([window.size, window.offset()], |row| {
                    Ok(ContactDetail {
                        id: row.get(0)?,
                        id_remote: row.get(1)?,
                        business_partner: BusinessPartnerRef {
                            id: row.get(2)?,
                            contact_name: row.get(3)?,
                        },
                        name: row.get(4)?,
                        position: row.get(5)?,
                        default: row.get(6)?,
                        active: row.get(7)?,
                        contact_methods: Vec::new(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            let mut methods = conn.prepare(
                "SELECT t.id, t.value, m.value FROM b2b_contact_methods m \
                 JOIN b2b_contact_types t ON t.id = m.contact_type_id \
                 WHERE m.contact_id = ?1 ORDER BY m.seq",
            )?;
            for contact in &mut data {
                contact.contact_methods = methods
                    .query_map([&contact.id], |row| {
                        Ok(ContactMethodDetail {
                            contact_type: ContactType {
                                id: row.get(0)?,
                                value: row.get(1)?,
                            },
                            value: row.get(2)?,
                        })
                    })?
                    .collect::<Result<_, _>>()?;
            }
            Ok(ContactDetailPage {
                data,
                pagination: pagination(window, total, base_url, Vec::new()),
            })
        })
    }

    fn partner_page(
        &self,
        filter: PartnerFilter,
        page: B2bPage,
        base_url: &str,
        kept: Vec<(&str, String)>,
    ) -> Result<BusinessPartnerPage, StoreError> {
        let window = page.window()?;
        let (condition, mut args) = match filter {
            PartnerFilter::All => ("1", Vec::new()),
            PartnerFilter::Clients => ("r.kind = 'client'", Vec::new()),
            PartnerFilter::Agents => ("r.kind = 'agent'", Vec::new()),
            PartnerFilter::UpdatedAfter(since) => ("p.updated_at > ?", vec![Value::Text(since)]),
        };
        self.read(|conn| {
            const FROM: &str = "FROM b2b_partners p JOIN b2b_roles r ON r.id = p.role_id";
            let total = count(
                conn,
                &format!("SELECT COUNT(*) {FROM} WHERE {condition}"),
                &args,
            )?;
            args.push(Value::Integer(window.size));
            args.push(Value::Integer(window.offset()));
            let ids: Vec<String> = conn
                .prepare(&format!(
                    "SELECT p.id {FROM} WHERE {condition} ORDER BY p.seq LIMIT ? OFFSET ?"
                ))?
                .query_map(params_from_iter(args.iter()), |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let mut data = Vec::with_capacity(ids.len());
            for id in ids {
                data.extend(load_partner(conn, &id)?);
            }
            Ok(BusinessPartnerPage {
                data,
                pagination: pagination(window, total, base_url, kept),
            })
        })
    }
}

fn count(conn: &Connection, sql: &str, args: &[Value]) -> Result<i64, StoreError> {
    Ok(conn.query_row(sql, params_from_iter(args.iter()), |row| row.get(0))?)
}

/// The spec's Pagination; `nextPageUrl` repeats `kept` (the listing's other parameters) and
/// the page size, and is null on the last page.
fn pagination(window: Window, total: i64, base_url: &str, kept: Vec<(&str, String)>) -> Pagination {
    let pages = window.pages(total);
    let next_page_url = (window.page < pages).then(|| {
        let mut params = kept;
        params.push(("page", (window.page + 1).to_string()));
        params.push(("pageSize", window.size.to_string()));
        link(base_url, &params)
    });
    Pagination {
        total_items: total,
        items_per_page: clamp_i32(window.size),
        current_page: clamp_i32(window.page),
        total_pages: clamp_i32(pages),
        next_page_url,
    }
}

fn clamp_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Checks `date` against the spec's pattern and a real calendar date, and widens a bare date
/// to midnight so that text comparison with `updated_at` is exact.
fn normalise_date(date: &str) -> Result<String, StoreError> {
    let invalid = || {
        StoreError::invalid(format!(
            "Parameter date must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, not `{date}`"
        ))
    };
    let (day, time) = match date.len() {
        10 => (date, "00:00:00"),
        19 if date.is_char_boundary(10) && date.as_bytes()[10] == b' ' => {
            (&date[..10], &date[11..])
        }
        _ => return Err(invalid()),
    };
    day.parse::<apigen_runtime::Date>().map_err(|_| invalid())?;
    let t = time.as_bytes();
    let two = |i: usize| -> Option<u8> {
        let (a, b) = (t.get(i)?, t.get(i + 1)?);
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
    };
    match (two(0), t.get(2), two(3), t.get(5), two(6)) {
        (Some(h), Some(b':'), Some(m), Some(b':'), Some(s)) if h < 24 && m < 60 && s < 60 => {
            Ok(format!("{day} {time}"))
        }
        _ => Err(invalid()),
    }
}

/// The local id of the partner known by `id` (local id first, then idRemote).
pub(crate) fn resolve_partner(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM b2b_partners WHERE id = ?1 OR id_remote = ?1 \
             ORDER BY id = ?1 DESC LIMIT 1",
            [id],
            |row| row.get(0),
        )
        .optional()?)
}

/// The partner with its role, status, company, locations and contacts.
pub(crate) fn load_partner(
    conn: &Connection,
    id: &str,
) -> Result<Option<BusinessPartner>, StoreError> {
    let partner = conn
        .query_row(
            "SELECT p.id, p.id_remote, r.name, s.description, c.id, c.id_remote, c.company_name, \
             c.comercial_name, c.tin, p.contact_name, p.comercial_name, p.tin, p.observation, \
             p.origin, p.updated_at, p.active FROM b2b_partners p \
             JOIN b2b_roles r ON r.id = p.role_id \
             JOIN b2b_statuses s ON s.id = p.status_id \
             JOIN b2b_companies c ON c.id = p.company_id WHERE p.id = ?1",
            [id],
            |row| {
                Ok(BusinessPartner {
                    id: row.get(0)?,
                    id_remote: row.get(1)?,
                    rol: row.get(2)?,
                    status: row.get(3)?,
                    company: CompanySummary {
                        id: row.get(4)?,
                        id_remote: row.get(5)?,
                        company_name: row.get(6)?,
                        comercial_name: row.get(7)?,
                        tin: row.get(8)?,
                    },
                    locations: Vec::new(),
                    contacts: Vec::new(),
                    contact_name: row.get(9)?,
                    comercial_name: row.get(10)?,
                    tin: row.get(11)?,
                    observation: row.get(12)?,
                    origin: row.get(13)?,
                    updated_at: row.get(14)?,
                    active: row.get(15)?,
                })
            },
        )
        .optional()?;
    let Some(mut partner) = partner else {
        return Ok(None);
    };
    partner.locations = load_locations(conn, id)?;
    partner.contacts = load_contacts(conn, id)?;
    Ok(Some(partner))
}

fn load_locations(conn: &Connection, partner: &str) -> Result<Vec<Location>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT l.id, l.id_remote, l.name, l.address, l.city, COALESCE(st.name, ''), \
         l.postal_code, l.shipping_address, l.billing_address, co.id, co.description, co.iso, \
         l.is_default, l.active, l.created_at, l.updated_at \
         FROM b2b_partner_locations pl JOIN b2b_locations l ON l.id = pl.location_id \
         JOIN b2b_countries co ON co.id = l.country_id \
         LEFT JOIN b2b_states st ON st.id = l.state_id \
         WHERE pl.partner_id = ?1 ORDER BY pl.position",
    )?;
    let locations = stmt.query_map([partner], |row| {
        Ok(Location {
            id: row.get(0)?,
            id_remote: row.get(1)?,
            name: row.get(2)?,
            address: row.get(3)?,
            city: row.get(4)?,
            state: row.get(5)?,
            postal_code: row.get(6)?,
            shipping_address: row.get(7)?,
            billing_address: row.get(8)?,
            country: Country {
                id: row.get(9)?,
                description: row.get(10)?,
                iso: row.get(11)?,
            },
            default: row.get(12)?,
            active: row.get(13)?,
            created_at: row.get(14)?,
            updated_at: row.get(15)?,
        })
    })?;
    Ok(locations.collect::<Result<_, _>>()?)
}

fn load_contacts(conn: &Connection, partner: &str) -> Result<Vec<Contact>, StoreError> {
    let mut contacts: Vec<Contact> = conn
        .prepare(
            "SELECT id, id_remote, name, position, is_default, active FROM b2b_contacts \
             WHERE partner_id = ?1 ORDER BY seq",
        )?
        .query_map([partner], |row| {
            Ok(Contact {
                id: row.get(0)?,
                id_remote: row.get(1)?,
                name: row.get(2)?,
                position: row.get(3)?,
                default: row.get(4)?,
                active: row.get(5)?,
                contact_methods: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut methods = conn.prepare(
        "SELECT id, id_remote, contact_type_id, value, send_by_whatsapp, send_by_mail, \
         send_by_telegram, send_by_sms FROM b2b_contact_methods WHERE contact_id = ?1 ORDER BY seq",
    )?;
    for contact in &mut contacts {
        contact.contact_methods = methods
            .query_map([&contact.id], |row| {
                Ok(ContactMethod {
                    id: row.get(0)?,
                    id_remote: row.get(1)?,
                    contact_type_id: row.get(2)?,
                    value: row.get(3)?,
                    send_by_whatsapp: row.get(4)?,
                    send_by_mail: row.get(5)?,
                    send_by_telegram: row.get(6)?,
                    send_by_sms: row.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b2b::models::{BusinessPartnerUpdate, ClientAssignmentRequest, ClientRemoteRef};

    const URL: &str = "http://localhost/api/database/v1/BusinessPartner/getBPartner";

    fn all(size: i32, page: i32) -> B2bPage {
        B2bPage {
            page: Some(page),
            page_size: Some(size),
        }
    }

    #[test]
    fn seeded_partners_come_whole_and_paginated() {
        let store = Store::open_in_memory().unwrap();
        let first = store.b2b_list_partners(all(2, 1), URL).unwrap();
        assert_eq!(
            first.data.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["BP-1", "BP-2"]
        );
        let p = &first.pagination;
        assert_eq!(
            (
                p.total_items,
                p.items_per_page,
                p.current_page,
                p.total_pages
            ),
            (3, 2, 1, 2)
        );
        assert_eq!(
            p.next_page_url.as_deref(),
            Some(&*format!("{URL}?page=2&pageSize=2"))
        );
        let last = store.b2b_list_partners(all(2, 2), URL).unwrap();
        assert_eq!(last.data.len(), 1);
        assert_eq!(last.pagination.next_page_url, None);

        let client = &first.data[1];
        assert_eq!(
            (client.rol.as_str(), client.status.as_str()),
            ("cliente", "Activo")
        );
        assert_eq!(client.company.company_name, "Distribuciones Ejemplo S.L.");
        let location = &client.locations[0];
        assert_eq!(
            (location.state.as_str(), location.country.iso.as_str()),
            ("Madrid", "ES")
        );
        assert_eq!(client.contacts[0].contact_methods.len(), 2);
        assert_eq!(store.b2b_get_partner("CLI-001").unwrap(), *client);

        let defaults = store.b2b_list_partners(B2bPage::default(), URL).unwrap();
        assert_eq!(
            (
                defaults.pagination.items_per_page,
                defaults.pagination.total_pages
            ),
            (10, 1)
        );
        assert!(matches!(
            store.b2b_list_partners(all(101, 1), URL),
            Err(StoreError::Invalid { .. })
        ));
    }

    #[test]
    fn roles_statuses_contacts_and_types_are_listed() {
        let store = Store::open_in_memory().unwrap();
        let clients = store.b2b_list_clients(B2bPage::default(), URL).unwrap();
        assert_eq!(clients.pagination.total_items, 2);
        let agents = store.b2b_list_agents(B2bPage::default(), URL).unwrap();
        assert_eq!(
            agents
                .data
                .iter()
                .map(|p| p.id_remote.as_str())
                .collect::<Vec<_>>(),
            ["AG-001"]
        );
        let statuses = store.b2b_list_statuses(all(2, 1), URL).unwrap();
        assert_eq!(statuses.data[0].description, "Activo");
        assert_eq!(statuses.pagination.total_pages, 2);
        let types = store
            .b2b_list_contact_types(B2bPage::default(), URL)
            .unwrap();
        assert_eq!(types.pagination.total_items, 4);
        let contacts = store.b2b_list_contacts(B2bPage::default(), URL).unwrap();
        assert_eq!(contacts.data.len(), 2);
        let method = &contacts.data[1].contact_methods[0];
        assert_eq!(
            (method.contact_type.value.as_str(), method.value.as_str()),
            ("Teléfono", "+34 910 000 001")
        );
        assert_eq!(contacts.data[1].business_partner.id, "BP-2");
    }

    #[test]
    fn assignments_group_clients_by_agent() {
        let store = Store::open_in_memory().unwrap();
        let request = ClientAssignmentRequest {
            agent_id: "AG-001".into(),
            clients: vec![ClientRemoteRef {
                id_remote: "CLI-002".into(),
            }],
        };
        store.b2b_assign_clients_to_agent(&[request]).unwrap();
        let page = store
            .b2b_clients_assigned_to_agents(B2bPage::default(), URL)
            .unwrap();
        assert_eq!(page.data.len(), 1);
        let ids: Vec<&str> = page.data[0].clients.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            (page.data[0].agent_id.as_str(), ids),
            ("BP-1", vec!["BP-2", "BP-3"])
        );
        assert_eq!(page.data[0].company_id, "1");

        // A client cannot be an agent; nothing of a refused batch is applied.
        let bad = ClientAssignmentRequest {
            agent_id: "CLI-001".into(),
            clients: vec![ClientRemoteRef {
                id_remote: "CLI-002".into(),
            }],
        };
        assert!(matches!(
            store.b2b_assign_clients_to_agent(&[bad]),
            Err(StoreError::Invalid { .. })
        ));
        let unknown = ClientAssignmentRequest {
            agent_id: "AG-001".into(),
            clients: vec![ClientRemoteRef {
                id_remote: "nobody".into(),
            }],
        };
        assert!(matches!(
            store.b2b_assign_clients_to_agent(&[unknown]),
            Err(StoreError::Invalid { .. })
        ));
        let again = store
            .b2b_clients_assigned_to_agents(B2bPage::default(), URL)
            .unwrap();
        assert_eq!(again, page);
    }

    #[test]
    fn update_changes_only_the_given_attributes() {
        let store = Store::open_in_memory().unwrap();
        let before = store.b2b_get_partner("BP-2").unwrap();
        store
            .conn()
            .execute(
                "UPDATE b2b_partners SET updated_at = '2000-01-01 00:00:00'",
                [],
            )
            .unwrap();
        let patch = BusinessPartnerUpdate {
            contact_name: Some("Antonio López Pérez".into()),
            active: Some(false),
            ..BusinessPartnerUpdate::default()
        };
        let result = store.b2b_update_partner("CLI-001", &patch).unwrap();
        assert_eq!(result.code, 200);
        let after = store.b2b_get_partner("BP-2").unwrap();
        assert_eq!(
            (after.contact_name.as_str(), after.active),
            ("Antonio López Pérez", false)
        );
        assert_eq!(
            BusinessPartner {
                contact_name: before.contact_name.clone(),
                active: before.active,
                updated_at: before.updated_at.clone(),
                ..after.clone()
            },
            before
        );
        assert!(after.updated_at.as_str() > "2000-01-01 00:00:00");

        // Only the updated partner counts as updated since then.
        let since = store
            .b2b_partners_updated_from(Some("2000-01-01"), B2bPage::default(), URL)
            .unwrap();
        assert_eq!(
            since.data.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["BP-2"]
        );
        let everything = store
            .b2b_partners_updated_from(None, B2bPage::default(), URL)
            .unwrap();
        assert_eq!(everything.pagination.total_items, 3);
        let paged = store
            .b2b_partners_updated_from(Some("1999-01-01 00:00:00"), all(1, 1), URL)
            .unwrap();
        assert_eq!(
            paged.pagination.next_page_url.as_deref(),
            Some(&*format!(
                "{URL}?date=1999-01-01%2000%3A00%3A00&page=2&pageSize=1"
            ))
        );
        for bad in [
            "2024-02-30",
            "yesterday",
            "2024-01-01T00:00:00",
            "2024-01-01 24:00:00",
        ] {
            assert!(
                matches!(
                    store.b2b_partners_updated_from(Some(bad), B2bPage::default(), URL),
                    Err(StoreError::Invalid { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn update_syncs_locations_and_contacts_by_id_remote() {
        let store = Store::open_in_memory().unwrap();
        let patch: BusinessPartnerUpdate = serde_json::from_value(serde_json::json!({
            "locations": [
                {"idRemote": "CLI-001-L1", "name": "Tienda Centro", "address": "Calle Mayor 12",
                 "city": "Madrid", "shippingAddress": true, "billingAddress": false,
                 "countryId": "1", "default": true, "active": true},
                {"idRemote": "CLI-001-L2", "name": "Almacén", "address": "Polígono 3",
                 "city": "Lugo", "stateId": "27", "shippingAddress": true,
                 "billingAddress": false, "countryId": "1", "default": false, "active": true}
            ],
            "contacts": [
                {"name": "Compras", "default": false, "active": true,
                 "contactMethods": [{"idRemote": "M9", "contactTypeId": "4", "value": "910 000 009"}]}
            ]
        }))
        .unwrap();
        store.b2b_update_partner("BP-2", &patch).unwrap();
        let partner = store.b2b_get_partner("BP-2").unwrap();
        let locations: Vec<(&str, &str)> = partner
            .locations
            .iter()
            .map(|l| (l.id.as_str(), l.address.as_str()))
            .collect();
        assert_eq!(
            locations,
            [("LOC-1", "Calle Mayor 12"), ("LOC-2", "Polígono 3")]
        );
        assert_eq!(partner.locations[1].state, "Lugo");
        assert_eq!(partner.contacts.len(), 1);
        assert_eq!(partner.contacts[0].name, "Compras");
        assert_eq!(partner.contacts[0].contact_methods[0].contact_type_id, "4");
        let methods: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM b2b_contact_methods WHERE value LIKE '+34%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(methods, 0, "the replaced contact's methods went with it");

        let unknown_country: BusinessPartnerUpdate = serde_json::from_value(serde_json::json!({
            "locations": [{"idRemote": "X", "name": "X", "address": "X", "city": "X",
                "shippingAddress": true, "billingAddress": true, "countryId": "99",
                "default": true, "active": true}]
        }))
        .unwrap();
        assert!(matches!(
            store.b2b_update_partner("BP-2", &unknown_country),
            Err(StoreError::Invalid { .. })
        ));
        assert_eq!(store.b2b_get_partner("BP-2").unwrap(), partner);
    }

    #[test]
    fn update_refusals() {
        let store = Store::open_in_memory().unwrap();
        let empty = BusinessPartnerUpdate::default();
        assert!(matches!(
            store.b2b_update_partner("BP-2", &empty),
            Err(StoreError::Invalid { .. })
        ));
        let taken = BusinessPartnerUpdate {
            id_remote: Some("CLI-002".into()),
            ..empty.clone()
        };
        assert!(matches!(
            store.b2b_update_partner("BP-2", &taken),
            Err(StoreError::Conflict { .. })
        ));
        let same = BusinessPartnerUpdate {
            id_remote: Some("CLI-001".into()),
            ..empty.clone()
        };
        store.b2b_update_partner("BP-2", &same).unwrap();
        let nobody = BusinessPartnerUpdate {
            tin: Some("X".into()),
            ..empty.clone()
        };
        assert!(matches!(
            store.b2b_update_partner("BP-99", &nobody),
            Err(StoreError::NotFound { .. })
        ));
        // The agent of a client cannot stop being an agent, nor move to another company.
        let demote = BusinessPartnerUpdate {
            role_id: Some("1".into()),
            ..empty.clone()
        };
        assert!(matches!(
            store.b2b_update_partner("AG-001", &demote),
            Err(StoreError::Invalid { .. })
        ));
        let moved = BusinessPartnerUpdate {
            company_id: Some("2".into()),
            ..empty.clone()
        };
        assert!(matches!(
            store.b2b_update_partner("AG-001", &moved),
            Err(StoreError::Invalid { .. })
        ));
        let unassign = BusinessPartnerUpdate {
            agent_id: Some(String::new()),
            ..empty
        };
        store.b2b_update_partner("CLI-001", &unassign).unwrap();
        store.b2b_update_partner("AG-001", &moved).unwrap();
    }

    #[test]
    fn delete_is_refused_while_the_partner_is_in_use() {
        let store = Store::open_in_memory().unwrap();
        // CLI-002 has an order (the spec's documented reason).
        assert!(matches!(
            store.b2b_delete_partner("CLI-002"),
            Err(StoreError::InUse { .. })
        ));
        // AG-001 still has a client.
        let err = store.b2b_delete_partner("BP-1").unwrap_err();
        assert!(matches!(&err, StoreError::InUse { message } if message.contains("1 client")));
        assert!(matches!(
            store.b2b_delete_partner("nobody"),
            Err(StoreError::NotFound { .. })
        ));

        // A client goes with its contacts and its own locations, and is remembered.
        store.b2b_delete_partner("CLI-001").unwrap();
        assert!(matches!(
            store.b2b_get_partner("BP-2"),
            Err(StoreError::NotFound { .. })
        ));
        let conn = store.conn();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT COUNT(*) FROM b2b_locations"), 0);
        assert_eq!(
            count("SELECT COUNT(*) FROM b2b_contacts WHERE partner_id = 'BP-2'"),
            0
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM b2b_deleted_partners WHERE id_remote = 'CLI-001'"),
            1
        );
        drop(conn);
        // Without clients the agent can go.
        store.b2b_delete_partner("AG-001").unwrap();
        let id = store
            .b2b_record_document("CLI-002", DocumentKind::Invoice)
            .unwrap();
        assert!(id.starts_with("DOC-"));
    }
}
