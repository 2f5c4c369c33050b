//! The tables of all four APIs. Every statement is idempotent, so opening an existing database
//! runs them again harmlessly.

/// Tables whose names start with the API they serve; `store_meta` remembers that seeding ran.
pub(crate) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Alta BPO: Odoo's res.partner; NULL vat is Odoo's `false`.
CREATE TABLE IF NOT EXISTS alta_partners (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    vat  TEXT
);

-- Orzame: contacts with their types, addresses and contact persons.
CREATE TABLE IF NOT EXISTS orzame_contacts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    tax_name        TEXT NOT NULL DEFAULT '',
    tax_number      TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    phone_secondary TEXT NOT NULL DEFAULT '',
    phone_mobile    TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    web             TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    bank_name       TEXT NOT NULL DEFAULT '',
    bank_iban       TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orzame_contact_types (
    contact_id INTEGER NOT NULL REFERENCES orzame_contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    type_id    INTEGER NOT NULL,
    PRIMARY KEY (contact_id, position)
);
CREATE INDEX IF NOT EXISTS orzame_contact_types_by_type ON orzame_contact_types(type_id);
CREATE TABLE IF NOT EXISTS orzame_addresses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id  INTEGER NOT NULL REFERENCES orzame_contacts(id) ON DELETE CASCADE,
    receptor    TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL,
    city        TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    province    TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL,
    is_default  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orzame_addresses_by_contact ON orzame_addresses(contact_id);
CREATE TABLE IF NOT EXISTS orzame_persons (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES orzame_contacts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    position   TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orzame_persons_by_contact ON orzame_persons(contact_id);

-- Obzvonilka: contact bases, their contacts (the ten numbered phones are fixed attributes of
-- the API's contact, not entities), users. The two undocumented object fields stay JSON.
CREATE TABLE IF NOT EXISTS obz_contact_bases (
    id                      INTEGER PRIMARY KEY,
    auto_open_window_params TEXT,
    deleted                 INTEGER NOT NULL DEFAULT 0,
    name                    TEXT NOT NULL,
    parser_name             TEXT,
    parser_settings         TEXT,
    remark                  TEXT,
    select_from_last        INTEGER NOT NULL DEFAULT 0,
    use_predictive_call     INTEGER
);
CREATE TABLE IF NOT EXISTS obz_contacts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    base_id        INTEGER NOT NULL REFERENCES obz_contact_bases(id) ON DELETE CASCADE,
    name           TEXT,
    address_string TEXT,
    description    TEXT,
    email          TEXT,
    external_code  TEXT,
    www            TEXT,
    phone1 TEXT, phone2 TEXT, phone3 TEXT, phone4 TEXT, phone5 TEXT,
    phone6 TEXT, phone7 TEXT, phone8 TEXT, phone9 TEXT, phone10 TEXT,
    phone_remark1 TEXT, phone_remark2 TEXT, phone_remark3 TEXT, phone_remark4 TEXT,
    phone_remark5 TEXT, phone_remark6 TEXT, phone_remark7 TEXT, phone_remark8 TEXT,
    phone_remark9 TEXT, phone_remark10 TEXT
);
CREATE INDEX IF NOT EXISTS obz_contacts_by_base ON obz_contacts(base_id, id);
CREATE INDEX IF NOT EXISTS obz_contacts_by_code ON obz_contacts(base_id, external_code);
CREATE TABLE IF NOT EXISTS obz_users (
    id              INTEGER PRIMARY KEY,
    account_enabled INTEGER NOT NULL,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL,
    admin           INTEGER NOT NULL
);

-- B2B: reference data the partners point at.
CREATE TABLE IF NOT EXISTS b2b_sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS b2b_companies (
    id             TEXT PRIMARY KEY,
    id_remote      TEXT NOT NULL,
    company_name   TEXT NOT NULL,
    comercial_name TEXT NOT NULL,
    tin            TEXT NOT NULL
);
-- `kind` says which role is "cliente" and which "representante", so that queries do not
-- depend on the roles' ids or names.
CREATE TABLE IF NOT EXISTS b2b_roles (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('client', 'agent', 'other'))
);
CREATE TABLE IF NOT EXISTS b2b_statuses (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    id_remote   TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS b2b_countries (
    id          TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    iso         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS b2b_states (
    id         TEXT PRIMARY KEY,
    country_id TEXT NOT NULL REFERENCES b2b_countries(id),
    name       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS b2b_contact_types (
    seq   INTEGER PRIMARY KEY,
    id    TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);

-- B2B partners. `seq` gives listings a stable order; `agent_id` is the assignment of a client
-- to its agent (one agent per client).
CREATE TABLE IF NOT EXISTS b2b_partners (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    id_remote      TEXT NOT NULL UNIQUE,
    role_id        TEXT NOT NULL REFERENCES b2b_roles(id),
    status_id      TEXT NOT NULL REFERENCES b2b_statuses(id),
    company_id     TEXT NOT NULL REFERENCES b2b_companies(id),
    agent_id       TEXT REFERENCES b2b_partners(id),
    contact_name   TEXT NOT NULL,
    comercial_name TEXT NOT NULL,
    tin            TEXT NOT NULL,
    observation    TEXT NOT NULL DEFAULT '',
    origin         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    active         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS b2b_partners_by_agent ON b2b_partners(agent_id);
CREATE INDEX IF NOT EXISTS b2b_partners_by_update ON b2b_partners(updated_at);
-- Locations exist on their own: a partner may reference another partner's location by id.
CREATE TABLE IF NOT EXISTS b2b_locations (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    id_remote        TEXT NOT NULL,
    name             TEXT NOT NULL,
    address          TEXT NOT NULL,
    city             TEXT NOT NULL,
    state_id         TEXT REFERENCES b2b_states(id),
    postal_code      TEXT NOT NULL DEFAULT '',
    shipping_address INTEGER NOT NULL,
    billing_address  INTEGER NOT NULL,
    country_id       TEXT NOT NULL REFERENCES b2b_countries(id),
    is_default       INTEGER NOT NULL,
    active           INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS b2b_partner_locations (
    partner_id  TEXT NOT NULL REFERENCES b2b_partners(id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES b2b_locations(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (partner_id, location_id)
);
CREATE INDEX IF NOT EXISTS b2b_partner_locations_by_location
    ON b2b_partner_locations(location_id);
CREATE TABLE IF NOT EXISTS b2b_contacts (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    partner_id TEXT NOT NULL REFERENCES b2b_partners(id) ON DELETE CASCADE,
    id_remote  TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    position   TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL,
    active     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS b2b_contacts_by_partner ON b2b_contacts(partner_id);
CREATE TABLE IF NOT EXISTS b2b_contact_methods (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    contact_id       TEXT NOT NULL REFERENCES b2b_contacts(id) ON DELETE CASCADE,
    id_remote        TEXT NOT NULL,
    contact_type_id  TEXT NOT NULL REFERENCES b2b_contact_types(id),
    value            TEXT NOT NULL,
    send_by_whatsapp INTEGER NOT NULL DEFAULT 0,
    send_by_mail     INTEGER NOT NULL DEFAULT 0,
    send_by_telegram INTEGER NOT NULL DEFAULT 0,
    send_by_sms      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS b2b_contact_methods_by_contact ON b2b_contact_methods(contact_id);
-- Invoices, delivery notes and orders: the records that, per the spec's 409
-- BusinessPartnerInUse, forbid deleting their partner. No API operation writes them.
CREATE TABLE IF NOT EXISTS b2b_documents (
    id         TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES b2b_partners(id),
    kind       TEXT NOT NULL CHECK (kind IN ('invoice', 'delivery_note', 'order')),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS b2b_documents_by_partner ON b2b_documents(partner_id);
-- The spec's "Historial de Eliminados": what a deleted partner looked like.
CREATE TABLE IF NOT EXISTS b2b_deleted_partners (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL,
    id_remote  TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);

-- The queue behind B2B's asynchronous createBPartners.
CREATE TABLE IF NOT EXISTS messages (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_pending ON messages(status, seq);
"#;
