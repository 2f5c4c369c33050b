//! Obzvonilka: contact bases, their contacts, and the organisation's users.

use super::{Store, StoreError};
use crate::obzvonilka::models::{Contact, ContactBase, ContactInput, User};
use apigen_runtime::Nullable;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

/// The writable contact columns, in the order of [`input_values`] and [`contact_from_row`].
const FIELDS: [&str; 26] = [
    "name",
    "address_string",
    "description",
    "email",
    "external_code",
    "www",
    "phone1",
    "phone2",
    "phone3",
    "phone4",
    "phone5",
    "phone6",
    "phone7",
    "phone8",
    "phone9",
    "phone10",
    "phone_remark1",
    "phone_remark2",
    "phone_remark3",
    "phone_remark4",
    "phone_remark5",
    "phone_remark6",
    "phone_remark7",
    "phone_remark8",
    "phone_remark9",
    "phone_remark10",
];

const BASE_COLUMNS: &str = "id, auto_open_window_params, deleted, name, parser_name, \
                            parser_settings, remark, select_from_last, use_predictive_call";

impl Store {
    /// `listContactBases`, including bases in the trash (`deleted: true`), as the API does.
    pub fn obz_list_contact_bases(&self) -> Result<Vec<ContactBase>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {BASE_COLUMNS} FROM obz_contact_bases ORDER BY id"
            ))?;
            let bases = stmt.query_map([], base_from_row)?;
            Ok(bases.collect::<Result<_, _>>()?)
        })
    }

    /// `getContactBase`.
    pub fn obz_get_contact_base(&self, id: i64) -> Result<ContactBase, StoreError> {
        self.read(|conn| {
            conn.query_row(
                &format!("SELECT {BASE_COLUMNS} FROM obz_contact_bases WHERE id = ?1"),
                [id],
                base_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("contact base", id))
        })
    }

    /// `listContacts`: the whole base, in id order.
    pub fn obz_list_contacts(&self, base_id: i64) -> Result<Vec<Contact>, StoreError> {
        self.read(|conn| {
            require_base(conn, base_id)?;
            let mut stmt = conn.prepare(&format!(
                "SELECT id, {} FROM obz_contacts WHERE base_id = ?1 ORDER BY id",
                FIELDS.join(", ")
            ))?;
            let contacts = stmt.query_map([base_id], contact_from_row)?;
            Ok(contacts.collect::<Result<_, _>>()?)
        })
    }

    /// `getContact`: the contact must belong to the base.
    pub fn obz_get_contact(&self, base_id: i64, id: i64) -> Result<Contact, StoreError> {
        self.read(|conn| {
            require_base(conn, base_id)?;
            load_contact(conn, base_id, id)
        })
    }

    /// `findContactByExternalCode`: the base's first contact (lowest id) with that code; codes
    /// are not unique in Obzvonilka's data.
    pub fn obz_find_contact_by_external_code(
        &self,
        base_id: i64,
        code: &str,
    ) -> Result<Contact, StoreError> {
        self.read(|conn| {
            require_base(conn, base_id)?;
            conn.query_row(
                &format!(
                    "SELECT id, {} FROM obz_contacts WHERE base_id = ?1 AND external_code = ?2 \
                     ORDER BY id LIMIT 1",
                    FIELDS.join(", ")
                ),
                params![base_id, code],
                contact_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("contact with external code", code))
        })
    }

    /// `createContact`: the fields given, the others null.
    pub fn obz_create_contact(
        &self,
        base_id: i64,
        input: &ContactInput,
    ) -> Result<Contact, StoreError> {
        self.write(|tx| {
            require_base(tx, base_id)?;
            let id = insert_contact(tx, base_id, input)?;
            load_contact(tx, base_id, id)
        })
    }

    /// `updateContact` (PATCH): only the fields given change; a form cannot express null, so
    /// nothing is cleared.
    pub fn obz_update_contact(
        &self,
        base_id: i64,
        id: i64,
        input: &ContactInput,
    ) -> Result<Contact, StoreError> {
        self.write(|tx| {
            require_base(tx, base_id)?;
            // Also the 404 when the contact is not in this base.
            load_contact(tx, base_id, id)?;
            let given: Vec<(&str, &String)> = FIELDS
                .iter()
                .zip(input_values(input))
                .filter_map(|(column, value)| value.map(|value| (*column, value)))
                .collect();
            if !given.is_empty() {
                let sets: Vec<String> = given
                    .iter()
                    .map(|(column, _)| format!("{column} = ?"))
                    .collect();
                let mut args: Vec<&dyn rusqlite::ToSql> = given
                    .iter()
                    .map(|(_, value)| *value as &dyn rusqlite::ToSql)
                    .collect();
                args.push(&id);
                tx.execute(
                    &format!("UPDATE obz_contacts SET {} WHERE id = ?", sets.join(", ")),
                    args.as_slice(),
                )?;
            }
            load_contact(tx, base_id, id)
        })
    }

    /// `listUsers`.
    pub fn obz_list_users(&self) -> Result<Vec<User>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, account_enabled, email, name, admin FROM obz_users ORDER BY id",
            )?;
            let users = stmt.query_map([], user_from_row)?;
            Ok(users.collect::<Result<_, _>>()?)
        })
    }

    /// `getUser`.
    pub fn obz_get_user(&self, id: i64) -> Result<User, StoreError> {
        self.read(|conn| {
            conn.query_row(
                "SELECT id, account_enabled, email, name, admin FROM obz_users WHERE id = ?1",
                [id],
                user_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("user", id))
        })
    }
}

/// Inserts a contact into an existing base; returns its id.
pub(super) fn insert_contact(
    conn: &Connection,
    base_id: i64,
    input: &ContactInput,
) -> Result<i64, StoreError> {
    let marks = vec!["?"; FIELDS.len()].join(", ");
    let values = input_values(input);
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&base_id];
    args.extend(values.iter().map(|value| value as &dyn rusqlite::ToSql));
    conn.execute(
        &format!(
            "INSERT INTO obz_contacts (base_id, {}) VALUES (?, {marks})",
            FIELDS.join(", ")
        ),
        args.as_slice(),
    )?;
    Ok(conn.last_insert_rowid())
}

fn input_values(input: &ContactInput) -> [Option<&String>; 26] {
    [
        input.name.as_ref(),
        input.address_string.as_ref(),
        input.description.as_ref(),
        input.email.as_ref(),
        input.external_code.as_ref(),
        input.www.as_ref(),
        input.phone1.as_ref(),
        input.phone2.as_ref(),
        input.phone3.as_ref(),
        input.phone4.as_ref(),
        input.phone5.as_ref(),
        input.phone6.as_ref(),
        input.phone7.as_ref(),
        input.phone8.as_ref(),
        input.phone9.as_ref(),
        input.phone10.as_ref(),
        input.phone_remark1.as_ref(),
        input.phone_remark2.as_ref(),
        input.phone_remark3.as_ref(),
        input.phone_remark4.as_ref(),
        input.phone_remark5.as_ref(),
        input.phone_remark6.as_ref(),
        input.phone_remark7.as_ref(),
        input.phone_remark8.as_ref(),
        input.phone_remark9.as_ref(),
        input.phone_remark10.as_ref(),
    ]
}

fn require_base(conn: &Connection, base_id: i64) -> Result<(), StoreError> {
    let exists = conn
        .query_row(
            "SELECT 1 FROM obz_contact_bases WHERE id = ?1",
            [base_id],
            |_| Ok(()),
        )
        .optional()?;
    exists.ok_or_else(|| StoreError::not_found("contact base", base_id))
}

fn load_contact(conn: &Connection, base_id: i64, id: i64) -> Result<Contact, StoreError> {
    conn.query_row(
        &format!(
            "SELECT id, {} FROM obz_contacts WHERE base_id = ?1 AND id = ?2",
            FIELDS.join(", ")
        ),
        params![base_id, id],
        contact_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("contact", id))
}

/// Reads `id` then the [`FIELDS`], in order.
fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let field = |index: usize| row.get::<_, Option<String>>(index + 1);
    Ok(Contact {
        id: row.get(0)?,
        name: field(0)?,
        address_string: field(1)?,
        description: field(2)?,
        email: field(3)?,
        // The API always sends the code, `null` when there is none.
        external_code: Nullable::from(field(4)?),
        www: field(5)?,
        phone1: field(6)?,
        phone2: field(7)?,
        phone3: field(8)?,
        phone4: field(9)?,
        phone5: field(10)?,
        phone6: field(11)?,
        phone7: field(12)?,
        phone8: field(13)?,
        phone9: field(14)?,
        phone10: field(15)?,
        phone_remark1: field(16)?,
        phone_remark2: field(17)?,
        phone_remark3: field(18)?,
        phone_remark4: field(19)?,
        phone_remark5: field(20)?,
        phone_remark6: field(21)?,
        phone_remark7: field(22)?,
        phone_remark8: field(23)?,
        phone_remark9: field(24)?,
        phone_remark10: field(25)?,
    })
}

fn base_from_row(row: &Row<'_>) -> rusqlite::Result<ContactBase> {
    Ok(ContactBase {
        id: row.get(0)?,
        auto_open_window_params: json_object(row, 1)?,
        deleted: row.get(2)?,
        name: row.get(3)?,
        parser_name: row.get(4)?,
        parser_settings: json_object(row, 5)?,
        remark: row.get(6)?,
        select_from_last: row.get(7)?,
        use_predictive_call: row.get(8)?,
    })
}

type JsonObject = BTreeMap<String, serde_json::Value>;

/// A free-form object column: NULL, or a JSON object's text.
fn json_object(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<JsonObject>> {
    let Some(text) = row.get::<_, Option<String>>(index)? else {
        return Ok(None);
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
    })
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        account_enabled: row.get(1)?,
        email: row.get(2)?,
        name: row.get(3)?,
        admin: row.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_answers_the_documented_examples() {
        let store = Store::open_in_memory().unwrap();
        let bases = store.obz_list_contact_bases().unwrap();
        assert_eq!(bases.len(), 2);
        assert_eq!(bases[0].name, "Клиенты Москва");
        assert_eq!(bases[1].use_predictive_call, Some(false));
        assert!(bases[1].deleted);
        assert_eq!(store.obz_get_contact_base(1).unwrap(), bases[0]);

        let contact = serde_json::to_value(store.obz_get_contact(1, 1).unwrap()).unwrap();
        assert_eq!(contact["name"], "Лапшина Ирина Дмитриевна");
        assert_eq!(contact["external_code"], "CRM-1001");
        assert_eq!(contact["phone_remark2"], "мобильный");
        assert_eq!(contact["www"], serde_json::Value::Null);

        let found = store
            .obz_find_contact_by_external_code(1, "CRM-1002")
            .unwrap();
        assert_eq!(found.id, 2);
        assert!(matches!(
            store.obz_find_contact_by_external_code(1, "code"),
            Err(StoreError::NotFound { .. })
        ));

        let users = store.obz_list_users().unwrap();
        assert_eq!(
            users.iter().map(|u| u.id).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert!(store.obz_get_user(1).unwrap().admin);
        assert!(matches!(
            store.obz_get_user(4),
            Err(StoreError::NotFound { what: "user", .. })
        ));
    }

    #[test]
    fn documented_patch_of_contact_22_gives_the_documented_answer() {
        let store = Store::open_in_memory().unwrap();
        let patch = ContactInput {
            name: Some("abcd".into()),
            phone1: Some("9876543210".into()),
            ..ContactInput::default()
        };
        let updated = store.obz_update_contact(1, 22, &patch).unwrap();
        let expected = Contact {
            id: 22,
            name: Some("abcd".into()),
            phone1: Some("9876543210".into()),
            ..empty_contact()
        };
        assert_eq!(updated, expected);
    }

    fn empty_contact() -> Contact {
        let mut value = serde_json::json!({"id": 0, "external_code": null});
        for field in FIELDS {
            value[field] = serde_json::Value::Null;
        }
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn create_list_update_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let input = ContactInput {
            name: Some("abc".into()),
            phone1: Some("987654321".into()),
            external_code: Some("CRM-2000".into()),
            ..ContactInput::default()
        };
        let created = store.obz_create_contact(1, &input).unwrap();
        assert_eq!(created.external_code, Nullable::Value("CRM-2000".into()));
        assert_eq!(created.phone2, None);
        assert_eq!(store.obz_get_contact(1, created.id).unwrap(), created);
        let listed = store.obz_list_contacts(1).unwrap();
        assert_eq!(listed.last(), Some(&created));
        assert_eq!(listed.len(), 4);

        // PATCH: fields not sent keep their values.
        let patch = ContactInput {
            phone_remark1: Some("офис".into()),
            ..ContactInput::default()
        };
        let updated = store.obz_update_contact(1, created.id, &patch).unwrap();
        assert_eq!(updated.phone_remark1.as_deref(), Some("офис"));
        assert_eq!(updated.name.as_deref(), Some("abc"));
        assert_eq!(updated.phone1.as_deref(), Some("987654321"));
        assert_eq!(
            store
                .obz_update_contact(1, created.id, &ContactInput::default())
                .unwrap(),
            updated
        );
        assert_eq!(
            store
                .obz_find_contact_by_external_code(1, "CRM-2000")
                .unwrap(),
            updated
        );
    }

    #[test]
    fn contacts_live_in_their_base() {
        let store = Store::open_in_memory().unwrap();
        assert!(store.obz_list_contacts(2).unwrap().is_empty());
        assert!(matches!(
            store.obz_get_contact(2, 1),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store.obz_list_contacts(9),
            Err(StoreError::NotFound {
                what: "contact base",
                ..
            })
        ));
        assert!(matches!(
            store.obz_create_contact(9, &ContactInput::default()),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store.obz_update_contact(2, 1, &ContactInput::default()),
            Err(StoreError::NotFound { .. })
        ));
    }
}
