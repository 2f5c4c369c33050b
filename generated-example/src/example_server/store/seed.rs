//! The specs' documented examples, written into a new database so that the documents' example
//! requests get the documented (or at least sensible) answers.

use super::b2b::{create_partner, write_record_document, DocumentKind};
use super::{alta, obzvonilka, StoreError};
use crate::alta_bpo::models::{OdooOptionalString, OdooOptionalStringBoolean};
use crate::b2b::models::{
    BusinessPartnerCreate, ContactInput as B2bContactInput, ContactMethodInput, LocationInput,
    NewLocation,
};
use crate::obzvonilka::models::ContactInput as ObzContactInput;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// Seeds once: `store_meta` remembers it, so a database whose rows were all deleted stays
/// empty.
pub(super) fn seed_if_empty(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seeded = tx
        .query_row("SELECT 1 FROM store_meta WHERE key = 'seeded'", [], |_| {
            Ok(())
        })
        .optional()?;
    if seeded.is_none() {
        seed_alta(&tx)?;
        seed_orzame(&tx)?;
        seed_obzvonilka(&tx)?;
        seed_b2b(&tx)?;
        tx.execute(
            "INSERT INTO store_meta (key, value) VALUES ('seeded', datetime('now'))",
            [],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn seed_alta(conn: &Connection) -> Result<(), StoreError> {
    let no_vat = OdooOptionalString::Boolean(OdooOptionalStringBoolean::False);
    let partners = [
        (
            7,
            "ALTA BPO SAC",
            OdooOptionalString::String("20601681839".into()),
        ),
        (3, "Administrator", no_vat.clone()),
        (1, "Medcorp", no_vat.clone()),
        (8, "MedcorpX", no_vat.clone()),
        (9, "vendedor", no_vat),
    ];
    for (id, name, vat) in &partners {
        alta::insert_partner(conn, Some(*id), name, vat)?;
    }
    Ok(())
}

/// Contacts 102 (getContact's example), 115 and 116 (listContacts' example), with the
/// documented ids of their addresses and persons.
fn seed_orzame(conn: &Connection) -> Result<(), StoreError> {
    const AT: &str = "2022-09-30T15:30:15+00:00";
    let contacts = [
        (
            102,
            "Acme",
            "Acme S.L.",
            "ESB2700001",
            "999999999",
            "66666666",
            "info@acme.com",
            "www.acme.com",
            "Bank name",
            "ES005555999922223333",
            &[1_i64, 3][..],
        ),
        (
            115,
            "Acme",
            "Acme SL",
            "B27999999",
            "987987987",
            "",
            "info@acme.com",
            "www.acme.com",
            "",
            "",
            &[1, 3][..],
        ),
        (
            116,
            "Mary Doe",
            "Mary Doe",
            "33333333P",
            "678678678",
            "",
            "mary@mary.com",
            "www.mary.com",
            "",
            "",
            &[2][..],
        ),
    ];
    for (id, name, tax_name, tax_number, phone, mobile, email, web, bank, iban, types) in contacts {
        conn.execute(
            "INSERT INTO orzame_contacts (id, name, tax_name, tax_number, phone, phone_mobile, \
             email, web, bank_name, bank_iban, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![id, name, tax_name, tax_number, phone, mobile, email, web, bank, iban, AT],
        )?;
        for (position, type_id) in (0_i64..).zip(types) {
            conn.execute(
                "INSERT INTO orzame_contact_types (contact_id, position, type_id) \
                 VALUES (?1, ?2, ?3)",
                params![id, position, type_id],
            )?;
        }
    }
    let addresses = [
        (
            37,
            102,
            "John Doe",
            "Acme address nº 99",
            "My City",
            "55555",
            "My Province",
        ),
        (
            52,
            115,
            "John Doe",
            "Acme street n12",
            "Lugo",
            "27001",
            "Lugo",
        ),
    ];
    for (id, contact, receptor, street, city, postal_code, province) in addresses {
        conn.execute(
            "INSERT INTO orzame_addresses (id, contact_id, receptor, street, city, postal_code, \
             province, country, is_default, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ES', 1, ?8, ?8)",
            params![
                id,
                contact,
                receptor,
                street,
                city,
                postal_code,
                province,
                AT
            ],
        )?;
    }
    let persons = [
        (52, 102, "John Doe", "", "", "john@acme.com", true),
        (
            61,
            115,
            "John Doe",
            "Boss",
            "654654654",
            "JohnDoe@gmail.com",
            false,
        ),
    ];
    for (id, contact, name, position, phone, email, default) in persons {
        conn.execute(
            "INSERT INTO orzame_persons (id, contact_id, name, position, phone, email, \
             is_default, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![id, contact, name, position, phone, email, default, AT],
        )?;
    }
    Ok(())
}

/// Bases 1 and 2, their documented contacts, contact 22 as the create example made it (so the
/// PATCH example of the document answers as documented), and the three users.
fn seed_obzvonilka(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO obz_contact_bases (id, deleted, name, remark, select_from_last, \
         use_predictive_call) VALUES \
         (1, 0, 'Клиенты Москва', 'Холодная база, загружена из Excel', 0, NULL), \
         (2, 1, 'Старая база', NULL, 1, 0)",
        [],
    )?;
    let lapshina = ObzContactInput {
        name: Some("Лапшина Ирина Дмитриевна".into()),
        address_string: Some("г. Москва, ул. Тверская, д. 7, кв. 12".into()),
        description: Some("Перезвонить после 18:00".into()),
        email: Some("lapshina@example.ru".into()),
        external_code: Some("CRM-1001".into()),
        phone1: Some("+7 (495) 123-45-67".into()),
        phone2: Some("+7 (916) 765-43-21".into()),
        phone_remark1: Some("рабочий".into()),
        phone_remark2: Some("мобильный".into()),
        ..ObzContactInput::default()
    };
    let romashka = ObzContactInput {
        name: Some("ООО «Ромашка»".into()),
        address_string: Some("г. Тверь, пр-т Ленина, д. 3".into()),
        email: Some("info@romashka.example.ru".into()),
        external_code: Some("CRM-1002".into()),
        www: Some("www.romashka.example.ru".into()),
        phone1: Some("+7 (4822) 55-66-77".into()),
        phone_remark1: Some("приёмная".into()),
        ..ObzContactInput::default()
    };
    obzvonilka::insert_contact(conn, 1, &lapshina)?;
    obzvonilka::insert_contact(conn, 1, &romashka)?;
    let abc = ObzContactInput {
        name: Some("abc".into()),
        phone1: Some("987654321".into()),
        ..ObzContactInput::default()
    };
    let id = obzvonilka::insert_contact(conn, 1, &abc)?;
    conn.execute("UPDATE obz_contacts SET id = 22 WHERE id = ?1", [id])?;
    conn.execute(
        "INSERT INTO obz_users (id, account_enabled, email, name, admin) VALUES \
         (1, 1, 'director@example.ru', 'Петров Сергей Иванович', 1), \
         (2, 1, 'operator1@example.ru', 'Лапшина Ирина Дмитриевна', 0), \
         (3, 0, 'operator2@example.ru', 'Смирнов Олег Петрович', 0)",
        [],
    )?;
    Ok(())
}

/// B2B's documents show only placeholder values ("string"), so the seed is ours: the reference
/// lists, an agent with one client, and a client with an order (undeletable).
fn seed_b2b(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "INSERT INTO b2b_roles (id, name, kind) VALUES
             ('1', 'cliente', 'client'), ('2', 'representante', 'agent'),
             ('3', 'proveedor', 'other');
         INSERT INTO b2b_statuses (id, id_remote, description) VALUES
             ('1', 'ST-ACT', 'Activo'), ('2', 'ST-BLQ', 'Bloqueado'),
             ('3', 'ST-PEN', 'Pendiente de validación');
         INSERT INTO b2b_countries (id, description, iso) VALUES
             ('1', 'España', 'ES'), ('2', 'Portugal', 'PT'), ('3', 'Francia', 'FR');
         INSERT INTO b2b_states (id, country_id, name) VALUES
             ('28', '1', 'Madrid'), ('08', '1', 'Barcelona'), ('27', '1', 'Lugo'),
             ('46', '1', 'Valencia');
         INSERT INTO b2b_contact_types (id, value) VALUES
             ('1', 'Teléfono'), ('2', 'Email'), ('3', 'Móvil'), ('4', 'Fax');
         INSERT INTO b2b_companies (id, id_remote, company_name, comercial_name, tin) VALUES
             ('1', 'EMP-001', 'Distribuciones Ejemplo S.L.', 'Ejemplo', 'B12345678'),
             ('2', 'EMP-002', 'Suministros Norte S.A.', 'Norte', 'A87654321');",
    )?;
    let method = |remote: &str, kind: &str, value: &str| ContactMethodInput {
        id_remote: remote.into(),
        contact_type_id: kind.into(),
        value: value.into(),
    };
    let partner =
        |remote: &str, role: &str, name: &str, comercial: &str, tin: &str| BusinessPartnerCreate {
            id_remote: remote.into(),
            role_id: role.into(),
            status_id: "1".into(),
            company_id: "1".into(),
            agent_id: None,
            locations: None,
            contacts: None,
            contact_name: name.into(),
            comercial_name: comercial.into(),
            tin: tin.into(),
            observation: None,
            origin: Some("ERP".into()),
            active: true,
        };
    let agent = BusinessPartnerCreate {
        contacts: Some(vec![B2bContactInput {
            id_remote: Some("AG-001-C1".into()),
            name: "Laura Gómez".into(),
            position: Some("Representante zona centro".into()),
            default: true,
            active: true,
            contact_methods: vec![method("AG-001-M1", "2", "laura.gomez@ejemplo.es")],
        }]),
        ..partner("AG-001", "2", "Laura Gómez", "Laura Gómez", "12345678Z")
    };
    let client = BusinessPartnerCreate {
        agent_id: Some("AG-001".into()),
        locations: Some(vec![LocationInput::NewLocation(NewLocation {
            id_remote: "CLI-001-L1".into(),
            name: "Tienda Centro".into(),
            address: "Calle Mayor 10".into(),
            city: "Madrid".into(),
            state_id: Some("28".into()),
            postal_code: Some("28013".into()),
            shipping_address: true,
            billing_address: true,
            country_id: "1".into(),
            default: true,
            active: true,
        })]),
        contacts: Some(vec![B2bContactInput {
            id_remote: Some("CLI-001-C1".into()),
            name: "Antonio López".into(),
            position: Some("Gerente".into()),
            default: true,
            active: true,
            contact_methods: vec![
                method("CLI-001-M1", "1", "+34 910 000 001"),
                method("CLI-001-M2", "2", "compras@ferreterialopez.es"),
            ],
        }]),
        observation: Some("Cliente preferente".into()),
        ..partner(
            "CLI-001",
            "1",
            "Antonio López",
            "Ferretería López",
            "B11111111",
        )
    };
    let with_order = partner("CLI-002", "1", "Marta Ruiz", "Bricolaje Sur", "B22222222");
    create_partner(conn, &agent)?;
    create_partner(conn, &client)?;
    let id = create_partner(conn, &with_order)?;
    write_record_document(conn, &id, DocumentKind::Order)?;
    Ok(())
}
