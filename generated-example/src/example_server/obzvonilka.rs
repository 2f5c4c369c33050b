//! Obzvonilka: contact bases, contacts and users at `/api/….json`, with Rails-style errors
//! `{"error": "…"}`.
//!
//! The key comes as the `api_key` query parameter, the `api_key` field of a form body or the
//! `X-Api-Key` header. A path whose id is not a number names no record: 404.

use super::store::{Store, StoreError};
use super::{challenge, internal_failure, rejection_text, Config};
use crate::obzvonilka::models::{ContactForm, Error};
use crate::obzvonilka::operations::*;
use crate::obzvonilka::server::Api;
use apigen_runtime::server as rt;
use rt::{RejectionKind, StatusCode};
use std::sync::Arc;

/// Obzvonilka's [`Api`] over the store.
pub struct ObzvonilkaService {
    store: Arc<Store>,
    config: Config,
}

impl ObzvonilkaService {
    pub fn new(store: Arc<Store>, config: Config) -> Self {
        ObzvonilkaService { store, config }
    }
}

/// A store error as one of the error responses Obzvonilka documents.
enum Failure {
    BadRequest(Error),
    NotFound(Error),
    Other(StoreError),
}

fn failure(err: StoreError) -> Failure {
    match err {
        StoreError::NotFound { what, id } => Failure::NotFound(Error {
            error: format!("Not found: {what} {id}"),
        }),
        StoreError::Invalid { message }
        | StoreError::Conflict { message }
        | StoreError::InUse { message } => Failure::BadRequest(Error { error: message }),
        other => Failure::Other(other),
    }
}

/// Answers an operation that documents 404 but not 400.
macro_rules! found {
    ($response:ident, $result:expr) => {
        Ok(match $result {
            Ok(value) => $response::Ok(value),
            Err(err) => match failure(err) {
                Failure::NotFound(body) => $response::NotFound(body),
                Failure::BadRequest(body) => return Err(rt::Failure::msg(body.error)),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    };
}

impl Api for ObzvonilkaService {
    async fn list_contact_bases(&self) -> Result<ListContactBasesResponse, rt::Failure> {
        Ok(ListContactBasesResponse::Ok(
            self.store.obz_list_contact_bases()?,
        ))
    }

    async fn get_contact_base(
        &self,
        params: GetContactBaseParams,
    ) -> Result<GetContactBaseResponse, rt::Failure> {
        found!(
            GetContactBaseResponse,
            self.store.obz_get_contact_base(params.id)
        )
    }

    async fn list_contacts(
        &self,
        params: ListContactsParams,
    ) -> Result<ListContactsResponse, rt::Failure> {
        found!(
            ListContactsResponse,
            self.store.obz_list_contacts(params.base_id)
        )
    }

    async fn create_contact(
        &self,
        params: CreateContactParams,
        body: ContactForm,
    ) -> Result<CreateContactResponse, rt::Failure> {
        Ok(
            match self.store.obz_create_contact(params.base_id, &body.contact) {
                Ok(contact) => CreateContactResponse::Created(contact),
                Err(err) => match failure(err) {
                    Failure::NotFound(body) => CreateContactResponse::NotFound(body),
                    Failure::BadRequest(body) => CreateContactResponse::BadRequest(body),
                    Failure::Other(err) => return Err(err.into()),
                },
            },
        )
    }

    async fn get_contact(
        &self,
        params: GetContactParams,
    ) -> Result<GetContactResponse, rt::Failure> {
        found!(
            GetContactResponse,
            self.store.obz_get_contact(params.base_id, params.id)
        )
    }

    async fn update_contact(
        &self,
        params: UpdateContactParams,
        body: ContactForm,
    ) -> Result<UpdateContactResponse, rt::Failure> {
        let result = self
            .store
            .obz_update_contact(params.base_id, params.id, &body.contact);
        Ok(match result {
            Ok(contact) => UpdateContactResponse::Ok(contact),
            Err(err) => match failure(err) {
                Failure::NotFound(body) => UpdateContactResponse::NotFound(body),
                Failure::BadRequest(body) => UpdateContactResponse::BadRequest(body),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn find_contact_by_external_code(
        &self,
        params: FindContactByExternalCodeParams,
    ) -> Result<FindContactByExternalCodeResponse, rt::Failure> {
        found!(
            FindContactByExternalCodeResponse,
            self.store
                .obz_find_contact_by_external_code(params.base_id, &params.code)
        )
    }

    async fn list_users(&self) -> Result<ListUsersResponse, rt::Failure> {
        Ok(ListUsersResponse::Ok(self.store.obz_list_users()?))
    }

    async fn get_user(&self, params: GetUserParams) -> Result<GetUserResponse, rt::Failure> {
        found!(GetUserResponse, self.store.obz_get_user(params.id))
    }

    async fn authenticate(&self, credential: &rt::Credential) -> bool {
        self.config.accepts(credential)
    }

    fn reject(&self, rejection: rt::Rejection) -> rt::Response {
        if let Some(message) = internal_failure(&rejection) {
            return error_response(rejection.status, message);
        }
        // Every path parameter addresses a record (and every such operation documents 404,
        // most no 400): an id that is not a number names nothing.
        if matches!(
            &rejection.kind,
            RejectionKind::Parameter {
                location: "path",
                ..
            }
        ) {
            return error_response(
                StatusCode::NOT_FOUND,
                &format!("Not found: {}", rejection.message),
            );
        }
        let message = match &rejection.kind {
            // Rails' `params.require(:contact)`.
            RejectionKind::Body if rejection.message.contains("missing field `contact`") => {
                "param is missing or the value is empty: contact".to_owned()
            }
            _ => rejection_text(&rejection),
        };
        error_response(rejection.status, &message)
    }
}

/// Obzvonilka's error body for any status; 401 is the spec's `Неверный ключ API`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> rt::Response {
    let error = match status {
        StatusCode::UNAUTHORIZED => "Неверный ключ API".to_owned(),
        _ => message.to_owned(),
    };
    challenge(
        rt::json(status, "application/json", &Error { error }),
        "ApiKey",
    )
}
