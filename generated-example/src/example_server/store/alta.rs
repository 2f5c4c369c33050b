//! Alta BPO: Odoo's partners (`res.partner`), listed by `listPartners`.

use super::{Store, StoreError};
use crate::alta_bpo::models::{OdooOptionalString, OdooOptionalStringBoolean, Partner};
use rusqlite::{params, Connection};

impl Store {
    /// `listPartners`: every partner, ordered by name the way Odoo's default order (binary
    /// collation) gives the documented example.
    pub fn alta_list_partners(&self) -> Result<Vec<Partner>, StoreError> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT id, name, vat FROM alta_partners ORDER BY name, id")?;
            let rows = stmt.query_map([], |row| {
                let vat: Option<String> = row.get(2)?;
                Ok(Partner {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    vat: to_odoo(vat),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Adds a partner (the API has no create operation; the seed and an admin path use this).
    pub fn alta_create_partner(
        &self,
        name: &str,
        vat: &OdooOptionalString,
    ) -> Result<Partner, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::invalid("name must not be empty"));
        }
        self.write(|tx| {
            let id = insert_partner(tx, None, name, vat)?;
            Ok(Partner {
                id,
                name: name.to_owned(),
                vat: vat.clone(),
            })
        })
    }
}

/// Inserts a partner with the given id, or the next one; returns the id.
pub(super) fn insert_partner(
    conn: &Connection,
    id: Option<i64>,
    name: &str,
    vat: &OdooOptionalString,
) -> Result<i64, StoreError> {
    let vat = match vat {
        OdooOptionalString::String(text) => Some(text.as_str()),
        OdooOptionalString::Boolean(OdooOptionalStringBoolean::False) => None,
    };
    conn.execute(
        "INSERT INTO alta_partners (id, name, vat) VALUES (?1, ?2, ?3)",
        params![id, name, vat],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Odoo writes an empty field as `false`.
fn to_odoo(vat: Option<String>) -> OdooOptionalString {
    match vat {
        Some(text) => OdooOptionalString::String(text),
        None => OdooOptionalString::Boolean(OdooOptionalStringBoolean::False),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_lists_the_documented_partners() {
        let store = Store::open_in_memory().unwrap();
        let listed = serde_json::to_value(store.alta_list_partners().unwrap()).unwrap();
        assert_eq!(
            listed,
            serde_json::json!([
                {"id": 7, "name": "ALTA BPO SAC", "vat": "20601681839"},
                {"id": 3, "name": "Administrator", "vat": false},
                {"id": 1, "name": "Medcorp", "vat": false},
                {"id": 8, "name": "MedcorpX", "vat": false},
                {"id": 9, "name": "vendedor", "vat": false},
            ])
        );
    }

    #[test]
    fn created_partners_are_listed_with_their_vat() {
        let store = Store::open_in_memory().unwrap();
        let created = store
            .alta_create_partner(
                "Beta SAC",
                &OdooOptionalString::String("20100000001".into()),
            )
            .unwrap();
        assert_eq!(created.id, 10);
        let empty = OdooOptionalString::Boolean(OdooOptionalStringBoolean::False);
        let other = store.alta_create_partner("Zeta", &empty).unwrap();
        let listed = store.alta_list_partners().unwrap();
        assert_eq!(listed.len(), 7);
        assert!(listed.contains(&created));
        assert_eq!(listed.iter().find(|p| p.id == other.id).unwrap().vat, empty);
        assert!(store.alta_create_partner("  ", &empty).is_err());
    }
}
