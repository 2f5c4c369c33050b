//! Orzame: contacts with their types, default address and default contact person.

use super::paging::{link, Window};
use super::{checked_text, now_rfc3339, Store, StoreError};
use crate::orzame::models::{
    Address, AddressInput, Contact, ContactCreate, ContactList, ContactUpdate, PaginationLinks,
    PaginationMeta, Person, PersonInput,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

/// Without `per_page` the documented listing shows `per_page: 100`.
const DEFAULT_PER_PAGE: i64 = 100;
const MAX_PER_PAGE: i64 = 100;
const MIN_SEARCH_CHARS: usize = 3;

/// The query parameters of `listContacts`, as the server decoded them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactListQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// Contacts having any of these types; empty means no filter.
    pub types: Option<Vec<i64>>,
    /// At least 3 characters, matched case-insensitively (ASCII) inside the contact's name,
    /// tax data, email, phones and web.
    pub search: Option<String>,
    /// `{id|name},{asc|desc}`; `id,desc` by default.
    pub order: Option<String>,
}

/// The text columns a search looks into.
const SEARCHED: [&str; 8] = [
    "name",
    "tax_name",
    "tax_number",
    "email",
    "phone",
    "phone_secondary",
    "phone_mobile",
    "web",
];

impl Store {
    /// `listContacts`: one page, with Laravel's `links` built on `path` (the listing's URL
    /// without query, e.g. `http://api.orzame.com/v1/contacts`). Links keep the filters given.
    pub fn orzame_list_contacts(
        &self,
        query: &ContactListQuery,
        path: &str,
    ) -> Result<ContactList, StoreError> {
        let window = Window::new(
            query.page,
            query.per_page,
            DEFAULT_PER_PAGE,
            MAX_PER_PAGE,
            ("page", "per_page"),
        )?;
        let order = order_clause(query.order.as_deref())?;
        let (filter, args) = filter_clause(query)?;
        self.read(|conn| {
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM orzame_contacts c WHERE {filter}"),
                params_from_iter(args.iter()),
                |row| row.get(0),
            )?;
            let mut page_args = args.clone();
            page_args.push(Value::Integer(window.size));
            page_args.push(Value::Integer(window.offset()));
            let ids: Vec<i64> = conn
                .prepare(&format!(
                    "SELECT id FROM orzame_contacts c WHERE {filter} ORDER BY {order} \
                     LIMIT ? OFFSET ?"
                ))?
                .query_map(params_from_iter(page_args.iter()), |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let mut data = Vec::with_capacity(ids.len());
            for id in ids {
                data.extend(load_contact(conn, id)?);
            }
            Ok(page_of(data, total, window, query, path))
        })
    }

    /// `getContact`.
    pub fn orzame_get_contact(&self, id: i64) -> Result<Contact, StoreError> {
        self.read(|conn| load_contact(conn, id)?.ok_or_else(|| not_found(id)))
    }

    /// `createContact`, with the optional default address and person.
    pub fn orzame_create_contact(&self, input: &ContactCreate) -> Result<Contact, StoreError> {
        require_name(&input.name)?;
        self.write(|tx| {
            let now = now_rfc3339(tx)?;
            tx.execute(
                "INSERT INTO orzame_contacts (name, tax_name, tax_number, phone, phone_secondary, \
                 phone_mobile, email, web, bank_name, bank_iban, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                params![
                    input.name,
                    text(&input.tax_name),
                    text(&input.tax_number),
                    text(&input.phone),
                    text(&input.phone_secondary),
                    text(&input.phone_mobile),
                    text(&input.email),
                    text(&input.web),
                    text(&input.bank_name),
                    text(&input.bank_iban),
                    now,
                ],
            )?;
            let id = tx.last_insert_rowid();
            replace_types(tx, id, input.types.as_deref().unwrap_or_default())?;
            if let Some(address) = &input.address {
                insert_address(tx, id, address, &now)?;
            }
            if let Some(person) = &input.person {
                insert_person(tx, id, person, &now)?;
            }
            load_contact(tx, id)?.ok_or_else(|| not_found(id))
        })
    }

    /// `updateContact` (PATCH): changes only the fields given, at least one; `types`, when
    /// given, replaces the contact's types. Returns the contact as it now is.
    pub fn orzame_update_contact(
        &self,
        id: i64,
        patch: &ContactUpdate,
    ) -> Result<Contact, StoreError> {
        if let Some(name) = &patch.name {
            require_name(name)?;
        }
        let columns: [(&str, &Option<String>); 10] = [
            ("name", &patch.name),
            ("tax_name", &patch.tax_name),
            ("tax_number", &patch.tax_number),
            ("phone", &patch.phone),
            ("phone_secondary", &patch.phone_secondary),
            ("phone_mobile", &patch.phone_mobile),
            ("email", &patch.email),
            ("web", &patch.web),
            ("bank_name", &patch.bank_name),
            ("bank_iban", &patch.bank_iban),
        ];
        let given: Vec<(&str, &String)> = columns
            .iter()
            .filter_map(|(column, value)| value.as_ref().map(|value| (*column, value)))
            .collect();
        if given.is_empty() && patch.types.is_none() {
            return Err(StoreError::invalid(
                "At least one parameter with a value must be sent.",
            ));
        }
        self.write(|tx| {
            let now = now_rfc3339(tx)?;
            let sets: String = given
                .iter()
                .map(|(column, _)| format!("{column} = ?, "))
                .collect();
            let mut args: Vec<&dyn rusqlite::ToSql> = given
                .iter()
                .map(|(_, value)| *value as &dyn rusqlite::ToSql)
                .collect();
            args.push(&now);
            args.push(&id);
            let changed = tx.execute(
                &format!("UPDATE orzame_contacts SET {sets}updated_at = ? WHERE id = ?"),
                args.as_slice(),
            )?;
            if changed == 0 {
                return Err(not_found(id));
            }
            if let Some(types) = &patch.types {
                replace_types(tx, id, types)?;
            }
            load_contact(tx, id)?.ok_or_else(|| not_found(id))
        })
    }

    /// `deleteContact`, with its addresses and persons.
    pub fn orzame_delete_contact(&self, id: i64) -> Result<(), StoreError> {
        self.write(
            |tx| match tx.execute("DELETE FROM orzame_contacts WHERE id = ?1", [id])? {
                0 => Err(not_found(id)),
                _ => Ok(()),
            },
        )
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::not_found("contact", id)
}

fn require_name(name: &str) -> Result<(), StoreError> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid("The name field is required."));
    }
    Ok(())
}

/// Orzame answers unset text fields with an empty string.
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

fn order_clause(order: Option<&str>) -> Result<&'static str, StoreError> {
    Ok(match order.unwrap_or("id,desc") {
        "id,asc" => "c.id ASC",
        "id,desc" => "c.id DESC",
        "name,asc" => "c.name ASC, c.id ASC",
        "name,desc" => "c.name DESC, c.id DESC",
        _ => {
            return Err(StoreError::invalid(
                "The order field must be `id` or `name` followed by `,asc` or `,desc`.",
            ))
        }
    })
}

/// The WHERE condition of a listing (column names fixed here, values as parameters).
fn filter_clause(query: &ContactListQuery) -> Result<(String, Vec<Value>), StoreError> {
    let mut conditions = vec!["1".to_owned()];
    let mut args = Vec::new();
    if let Some(types) = query.types.as_ref().filter(|types| !types.is_empty()) {
        let marks = vec!["?"; types.len()].join(", ");
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM orzame_contact_types t \
             WHERE t.contact_id = c.id AND t.type_id IN ({marks}))"
        ));
        args.extend(types.iter().map(|&t| Value::Integer(t)));
    }
    if let Some(search) = &query.search {
        if search.chars().count() < MIN_SEARCH_CHARS {
            return Err(StoreError::invalid(
                "The search field must be at least 3 characters.",
            ));
        }
        let any: Vec<String> = SEARCHED
            .iter()
            .map(|column| format!("instr(lower(c.{column}), lower(?)) > 0"))
            .collect();
        conditions.push(format!("({})", any.join(" OR ")));
        args.extend(SEARCHED.iter().map(|_| Value::Text(search.clone())));
    }
    Ok((conditions.join(" AND "), args))
}

fn page_of(
    data: Vec<Contact>,
    total: i64,
    window: Window,
    query: &ContactListQuery,
    path: &str,
) -> ContactList {
    let last_page = window.pages(total).max(1);
    let mut kept = Vec::new();
    if let Some(per_page) = query.per_page {
        kept.push(("per_page", per_page.to_string()));
    }
    if let Some(types) = query.types.as_ref().filter(|types| !types.is_empty()) {
        let list: Vec<String> = types.iter().map(i64::to_string).collect();
        kept.push(("types", list.join(",")));
    }
    if let Some(search) = &query.search {
        kept.push(("search", search.clone()));
    }
    if let Some(order) = &query.order {
        kept.push(("order", order.clone()));
    }
    let page_link = |page: i64| {
        let mut params = kept.clone();
        params.push(("page", page.to_string()));
        link(path, &params)
    };
    let count = i64::try_from(data.len()).unwrap_or(i64::MAX);
    let (from, to) = if data.is_empty() {
        (None, None)
    } else {
        let first = window.offset().saturating_add(1);
        (Some(first), Some(first.saturating_add(count - 1)))
    };
    ContactList {
        data,
        links: PaginationLinks {
            first: page_link(1),
            last: page_link(last_page),
            prev: (window.page > 1).then(|| page_link(window.page - 1)),
            next: (window.page < last_page).then(|| page_link(window.page + 1)),
        },
        meta: PaginationMeta {
            current_page: window.page,
            from,
            last_page,
            path: path.to_owned(),
            per_page: window.size,
            to,
            total,
        },
    }
}

fn replace_types(conn: &Connection, id: i64, types: &[i64]) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM orzame_contact_types WHERE contact_id = ?1",
        [id],
    )?;
    let mut insert = conn.prepare(
        "INSERT INTO orzame_contact_types (contact_id, position, type_id) VALUES (?1, ?2, ?3)",
    )?;
    for (position, type_id) in (0_i64..).zip(types) {
        insert.execute(params![id, position, type_id])?;
    }
    Ok(())
}

fn insert_address(
    conn: &Connection,
    contact: i64,
    address: &AddressInput,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO orzame_addresses (contact_id, receptor, street, city, postal_code, \
         province, country, is_default, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
        params![
            contact,
            text(&address.receptor),
            address.street,
            text(&address.city),
            text(&address.postal_code),
            text(&address.province),
            address.country,
            now,
        ],
    )?;
    Ok(())
}

fn insert_person(
    conn: &Connection,
    contact: i64,
    person: &PersonInput,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO orzame_persons (contact_id, name, position, phone, email, is_default, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
        params![
            contact,
            person.name,
            text(&person.position),
            text(&person.phone),
            text(&person.email),
            now,
        ],
    )?;
    Ok(())
}

/// The contact with its types and its default (else first) address and person.
fn load_contact(conn: &Connection, id: i64) -> Result<Option<Contact>, StoreError> {
    let contact = conn
        .query_row(
            "SELECT id, name, tax_name, tax_number, phone, phone_secondary, phone_mobile, email, \
             web, notes, bank_name, bank_iban, created_at, updated_at \
             FROM orzame_contacts WHERE id = ?1",
            [id],
            |row| {
                Ok(Contact {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    types: Vec::new(),
                    tax_name: row.get(2)?,
                    tax_number: row.get(3)?,
                    phone: row.get(4)?,
                    phone_secondary: row.get(5)?,
                    phone_mobile: row.get(6)?,
                    email: row.get(7)?,
                    web: row.get(8)?,
                    notes: row.get(9)?,
                    bank_name: row.get(10)?,
                    bank_iban: row.get(11)?,
                    address: None,
                    person: None,
                    created_at: checked_text(row, 12)?,
                    updated_at: checked_text(row, 13)?,
                })
            },
        )
        .optional()?;
    let Some(mut contact) = contact else {
        return Ok(None);
    };
    contact.types = conn
        .prepare(
            "SELECT type_id FROM orzame_contact_types WHERE contact_id = ?1 ORDER BY position",
        )?
        .query_map([id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    contact.address = conn
        .query_row(
            "SELECT id, receptor, street, city, postal_code, province, country, is_default, \
             contact_id, created_at, updated_at FROM orzame_addresses WHERE contact_id = ?1 \
             ORDER BY is_default DESC, id LIMIT 1",
            [id],
            |row| {
                Ok(Address {
                    id: row.get(0)?,
                    receptor: row.get(1)?,
                    street: row.get(2)?,
                    city: row.get(3)?,
                    postal_code: row.get(4)?,
                    province: row.get(5)?,
                    country: row.get(6)?,
                    default: row.get(7)?,
                    contact_id: row.get(8)?,
                    created_at: checked_text(row, 9)?,
                    updated_at: checked_text(row, 10)?,
                })
            },
        )
        .optional()?;
    contact.person = conn
        .query_row(
            "SELECT id, name, position, phone, email, is_default, contact_id, created_at, \
             updated_at FROM orzame_persons WHERE contact_id = ?1 \
             ORDER BY is_default DESC, id LIMIT 1",
            [id],
            |row| {
                Ok(Person {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    position: row.get(2)?,
                    phone: row.get(3)?,
                    email: row.get(4)?,
                    default: row.get(5)?,
                    contact_id: row.get(6)?,
                    created_at: checked_text(row, 7)?,
                    updated_at: checked_text(row, 8)?,
                })
            },
        )
        .optional()?;
    Ok(Some(contact))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "http://api.orzame.com/v1/contacts";

    fn acme() -> ContactCreate {
        serde_json::from_value(serde_json::json!({
            "name": "Acme", "types": [1, 3], "tax_name": "Acme S.L.", "tax_number": "ESB2700001",
            "phone": "999999999", "phone_mobile": "66666666", "email": "info@acme.com",
            "web": "www.acme.com", "bank_name": "Bank name", "bank_iban": "ES005555999922223333",
            "person": {"name": "John Doe", "email": "john@acme.com"},
            "address": {"receptor": "John Doe", "street": "Acme address nº 99", "city": "My City",
                        "postal_code": "55555", "province": "My Province", "country": "ES"}
        }))
        .unwrap()
    }

    #[test]
    fn fresh_database_answers_the_documented_get() {
        let store = Store::open_in_memory().unwrap();
        let contact = serde_json::to_value(store.orzame_get_contact(102).unwrap()).unwrap();
        let documented = serde_json::json!({
            "id": 102, "name": "Acme", "types": [1, 3], "tax_name": "Acme S.L.",
            "tax_number": "ESB2700001", "phone": "999999999", "phone_secondary": "",
            "phone_mobile": "66666666", "email": "info@acme.com", "web": "www.acme.com",
            "notes": "", "bank_name": "Bank name", "bank_iban": "ES005555999922223333",
            "address": {"id": 37, "receptor": "John Doe", "street": "Acme address nº 99",
                "city": "My City", "postal_code": "55555", "province": "My Province",
                "country": "ES", "default": true, "contact_id": 102,
                "created_at": "2022-09-30T15:30:15+00:00",
                "updated_at": "2022-09-30T15:30:15+00:00"},
            "person": {"id": 52, "name": "John Doe", "position": "", "phone": "",
                "email": "john@acme.com", "default": true, "contact_id": 102,
                "created_at": "2022-09-30T15:30:15+00:00",
                "updated_at": "2022-09-30T15:30:15+00:00"},
            "created_at": "2022-09-30T15:30:15+00:00", "updated_at": "2022-09-30T15:30:15+00:00"
        });
        assert_eq!(contact, documented);
        // 116 has neither address nor person; 115's only person is not the default one.
        let mary = store.orzame_get_contact(116).unwrap();
        assert_eq!((mary.address, mary.person), (None, None));
        let person = store.orzame_get_contact(115).unwrap().person.unwrap();
        assert_eq!((person.id, person.default), (61, false));
    }

    #[test]
    fn create_get_update_delete_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let created = store.orzame_create_contact(&acme()).unwrap();
        assert_eq!(created.id, 117);
        assert_eq!(created.types, vec![1, 3]);
        assert_eq!(created.phone_secondary, "");
        let address = created.address.clone().unwrap();
        assert_eq!(
            (address.street.as_str(), address.default),
            ("Acme address nº 99", true)
        );
        assert_eq!(address.contact_id, 117);
        assert_eq!(created.person.clone().unwrap().position, "");
        assert_eq!(store.orzame_get_contact(117).unwrap(), created);

        let patch = ContactUpdate {
            name: Some("Acme Enterprises".into()),
            email: Some("newemail@acme.com".into()),
            ..ContactUpdate::default()
        };
        let updated = store.orzame_update_contact(117, &patch).unwrap();
        assert_eq!(updated.name, "Acme Enterprises");
        assert_eq!(updated.email, "newemail@acme.com");
        // Everything not in the patch is as it was.
        let unchanged = Contact {
            name: created.name.clone(),
            email: created.email.clone(),
            updated_at: created.updated_at.clone(),
            ..updated.clone()
        };
        assert_eq!(unchanged, created);

        let retyped = ContactUpdate {
            types: Some(vec![2]),
            ..ContactUpdate::default()
        };
        assert_eq!(
            store.orzame_update_contact(117, &retyped).unwrap().types,
            vec![2]
        );

        store.orzame_delete_contact(117).unwrap();
        assert!(matches!(
            store.orzame_get_contact(117),
            Err(StoreError::NotFound {
                what: "contact",
                ..
            })
        ));
        assert!(matches!(
            store.orzame_delete_contact(117),
            Err(StoreError::NotFound { .. })
        ));
        let addresses: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM orzame_addresses WHERE contact_id = 117",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(addresses, 0);
    }

    #[test]
    fn updates_need_a_field_and_an_existing_contact() {
        let store = Store::open_in_memory().unwrap();
        assert!(matches!(
            store.orzame_update_contact(102, &ContactUpdate::default()),
            Err(StoreError::Invalid { .. })
        ));
        let patch = ContactUpdate {
            web: Some("acme.example".into()),
            ..ContactUpdate::default()
        };
        assert!(matches!(
            store.orzame_update_contact(999, &patch),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn default_listing_matches_the_documented_page_shape() {
        let store = Store::open_in_memory().unwrap();
        let list = store
            .orzame_list_contacts(&ContactListQuery::default(), PATH)
            .unwrap();
        let ids: Vec<i64> = list.data.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![116, 115, 102]);
        assert_eq!(list.links.first, "http://api.orzame.com/v1/contacts?page=1");
        assert_eq!(list.links.last, "http://api.orzame.com/v1/contacts?page=1");
        assert_eq!((list.links.prev, list.links.next), (None, None));
        assert_eq!(
            (
                list.meta.current_page,
                list.meta.from,
                list.meta.to,
                list.meta.total
            ),
            (1, Some(1), Some(3), 3)
        );
        assert_eq!((list.meta.per_page, list.meta.last_page), (100, 1));
        assert_eq!(list.meta.path, PATH);
    }

    #[test]
    fn pages_links_and_filters() {
        let store = Store::open_in_memory().unwrap();
        for n in 0..4 {
            let input = ContactCreate {
                name: format!("Zeta {n}"),
                types: Some(vec![2]),
                ..acme()
            };
            store.orzame_create_contact(&input).unwrap();
        }
        let query = ContactListQuery {
            page: Some(2),
            per_page: Some(2),
            order: Some("name,asc".into()),
            ..ContactListQuery::default()
        };
        let list = store.orzame_list_contacts(&query, PATH).unwrap();
        let names: Vec<&str> = list.data.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["Mary Doe", "Zeta 0"]);
        assert_eq!(
            (list.meta.from, list.meta.to, list.meta.total),
            (Some(3), Some(4), 7)
        );
        assert_eq!(list.meta.last_page, 4);
        assert_eq!(
            list.links.prev.as_deref(),
            Some("http://api.orzame.com/v1/contacts?per_page=2&order=name,asc&page=1")
        );
        assert_eq!(
            list.links.next.as_deref(),
            Some("http://api.orzame.com/v1/contacts?per_page=2&order=name,asc&page=3")
        );
        assert!(list.links.last.ends_with("page=4"));

        let past = ContactListQuery {
            page: Some(9),
            ..query.clone()
        };
        let empty = store.orzame_list_contacts(&past, PATH).unwrap();
        assert!(empty.data.is_empty());
        assert_eq!(
            (empty.meta.from, empty.meta.to, empty.links.next),
            (None, None, None)
        );

        let typed = ContactListQuery {
            types: Some(vec![2, 3]),
            search: Some("zeta".into()),
            ..ContactListQuery::default()
        };
        let list = store.orzame_list_contacts(&typed, PATH).unwrap();
        assert_eq!(list.meta.total, 4);
        assert!(list.links.first.contains("types=2,3&search=zeta&page=1"));
        let mary = ContactListQuery {
            search: Some("33333333".into()),
            ..ContactListQuery::default()
        };
        let found = store.orzame_list_contacts(&mary, PATH).unwrap();
        assert_eq!(
            found.data.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![116]
        );
    }

    #[test]
    fn bad_listing_parameters_are_refused() {
        let store = Store::open_in_memory().unwrap();
        for query in [
            ContactListQuery {
                page: Some(0),
                ..Default::default()
            },
            ContactListQuery {
                per_page: Some(101),
                ..Default::default()
            },
            ContactListQuery {
                search: Some("ab".into()),
                ..Default::default()
            },
            ContactListQuery {
                order: Some("email,asc".into()),
                ..Default::default()
            },
        ] {
            assert!(
                matches!(
                    store.orzame_list_contacts(&query, PATH),
                    Err(StoreError::Invalid { .. })
                ),
                "{query:?}"
            );
        }
    }
}
