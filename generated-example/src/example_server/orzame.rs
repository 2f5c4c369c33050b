//! Orzame: contacts at `/v1/contacts`, with Laravel-style errors.
//!
//! The key is a bearer token. 401 is `{"message": "Unauthenticated."}`, 404 is
//! `{"message": "No query results for model [App\Models\Contact] <id>"}`, 400 is Laravel's
//! validation body `{"message", "errors": {field: [messages]}}` naming the parameter or body
//! field at fault. Other refusals (406, 413, 415, 500) are `{"message"}`.

use super::store::{ContactListQuery, Store, StoreError};
use super::{challenge, internal_failure, Config};
use crate::orzame::models::{
    ContactCreate, ContactResponse, ContactUpdate, ErrorResponse, ValidationErrorResponse,
};
use crate::orzame::operations::{
    CreateContactResponse, DeleteContactParams, DeleteContactResponse, GetContactParams,
    GetContactResponse, ListContactsParams, ListContactsResponse, UpdateContactParams,
    UpdateContactResponse,
};
use crate::orzame::server::Api;
use apigen_runtime::server as rt;
use rt::{RejectionKind, StatusCode};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Orzame's [`Api`] over the store.
pub struct OrzameService {
    store: Arc<Store>,
    config: Config,
}

impl OrzameService {
    pub fn new(store: Arc<Store>, config: Config) -> Self {
        OrzameService { store, config }
    }
}

/// A store error as one of the error responses Orzame documents.
enum Failure {
    BadRequest(ValidationErrorResponse),
    NotFound(ErrorResponse),
    Other(StoreError),
}

fn failure(err: StoreError) -> Failure {
    match err {
        StoreError::NotFound { id, .. } => Failure::NotFound(ErrorResponse {
            message: format!("No query results for model [App\\Models\\Contact] {id}"),
        }),
        StoreError::Invalid { message }
        | StoreError::Conflict { message }
        | StoreError::InUse { message } => {
            let field = field_of(&message).unwrap_or("request").to_owned();
            Failure::BadRequest(ValidationErrorResponse {
                errors: BTreeMap::from([(field, vec![message.clone()])]),
                message,
            })
        }
        other => Failure::Other(other),
    }
}

/// The field a Laravel-style message is about: `The search field must…` → `search`,
/// `The per_page parameter must…` → `per_page`.
fn field_of(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("The ")?;
    let (field, after) = rest.split_once(' ')?;
    (after.starts_with("field") || after.starts_with("parameter")).then_some(field)
}

impl Api for OrzameService {
    async fn list_contacts(
        &self,
        params: ListContactsParams,
    ) -> Result<ListContactsResponse, rt::Failure> {
        let query = ContactListQuery {
            page: params.page,
            per_page: params.per_page,
            types: params.types,
            search: params.search,
            order: params.order,
        };
        let result = self
            .store
            .orzame_list_contacts(&query, &self.config.url("/v1/contacts"));
        Ok(match result {
            Ok(list) => ListContactsResponse::Ok(list),
            Err(err) => match failure(err) {
                Failure::BadRequest(body) => ListContactsResponse::BadRequest(body),
                Failure::NotFound(body) => return Err(rt::Failure::msg(body.message)),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn create_contact(
        &self,
        body: ContactCreate,
    ) -> Result<CreateContactResponse, rt::Failure> {
        Ok(match self.store.orzame_create_contact(&body) {
            Ok(data) => CreateContactResponse::Created(ContactResponse { data }),
            Err(err) => match failure(err) {
                Failure::BadRequest(body) => CreateContactResponse::BadRequest(body),
                Failure::NotFound(body) => return Err(rt::Failure::msg(body.message)),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn get_contact(
        &self,
        params: GetContactParams,
    ) -> Result<GetContactResponse, rt::Failure> {
        Ok(match self.store.orzame_get_contact(params.id) {
            Ok(data) => GetContactResponse::Ok(ContactResponse { data }),
            Err(err) => match failure(err) {
                Failure::NotFound(body) => GetContactResponse::NotFound(body),
                Failure::BadRequest(body) => return Err(rt::Failure::msg(body.message)),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn delete_contact(
        &self,
        params: DeleteContactParams,
    ) -> Result<DeleteContactResponse, rt::Failure> {
        Ok(match self.store.orzame_delete_contact(params.id) {
            Ok(()) => DeleteContactResponse::NoContent,
            Err(err) => match failure(err) {
                Failure::NotFound(body) => DeleteContactResponse::NotFound(body),
                Failure::BadRequest(body) => return Err(rt::Failure::msg(body.message)),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn update_contact(
        &self,
        params: UpdateContactParams,
        body: ContactUpdate,
    ) -> Result<UpdateContactResponse, rt::Failure> {
        Ok(match self.store.orzame_update_contact(params.id, &body) {
            Ok(_) => UpdateContactResponse::NoContent,
            Err(err) => match failure(err) {
                Failure::BadRequest(body) => UpdateContactResponse::BadRequest(body),
                Failure::NotFound(body) => UpdateContactResponse::NotFound(body),
                Failure::Other(err) => return Err(err.into()),
            },
        })
    }

    async fn authenticate(&self, credential: &rt::Credential) -> bool {
        self.config.accepts(credential)
    }

    fn reject(&self, rejection: rt::Rejection) -> rt::Response {
        if let Some(message) = internal_failure(&rejection) {
            return error_response(rejection.status, message);
        }
        if rejection.status != StatusCode::BAD_REQUEST {
            return error_response(rejection.status, &rejection.message);
        }
        // Path ids of getContact and deleteContact, which document no 400: a malformed id
        // names no contact.
        if matches!(
            &rejection.kind,
            RejectionKind::Parameter {
                location: "path",
                ..
            }
        ) && matches!(rejection.operation, "getContact" | "deleteContact")
        {
            return error_response(
                StatusCode::NOT_FOUND,
                "No query results for model [App\\Models\\Contact]",
            );
        }
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        match &rejection.kind {
            RejectionKind::Parameter { name, .. } => {
                errors.insert(name.clone(), vec![rejection.message.clone()]);
            }
            RejectionKind::Constraints => {
                for violation in &rejection.violations {
                    errors
                        .entry(laravel_key(&violation.pointer))
                        .or_default()
                        .push(format!("{}: {}", violation.keyword, violation.message));
                }
            }
            _ => {
                errors.insert("body".to_owned(), vec![rejection.message.clone()]);
            }
        }
        let message = match rejection.violations.len() {
            0 | 1 => rejection.message.clone(),
            2 => format!("{} (and 1 more error)", rejection.violations[0]),
            n => format!("{} (and {} more errors)", rejection.violations[0], n - 1),
        };
        rt::json(
            StatusCode::BAD_REQUEST,
            "application/json",
            &ValidationErrorResponse { message, errors },
        )
    }
}

/// A JSON pointer as Laravel names nested fields: `/address/street` → `address.street`.
fn laravel_key(pointer: &str) -> String {
    let key = pointer
        .trim_start_matches('/')
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".");
    if key.is_empty() {
        "body".to_owned()
    } else {
        key
    }
}

/// Orzame's error body for any status: 401 `Unauthenticated.`, 400 a validation body,
/// otherwise `{"message"}`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> rt::Response {
    let response = match status {
        StatusCode::UNAUTHORIZED => rt::json(
            status,
            "application/json",
            &ErrorResponse {
                message: "Unauthenticated.".to_owned(),
            },
        ),
        StatusCode::BAD_REQUEST => rt::json(
            status,
            "application/json",
            &ValidationErrorResponse {
                message: message.to_owned(),
                errors: BTreeMap::from([("request".to_owned(), vec![message.to_owned()])]),
            },
        ),
        _ => rt::json(
            status,
            "application/json",
            &ErrorResponse {
                message: message.to_owned(),
            },
        ),
    };
    challenge(response, "Bearer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laravel_messages_name_their_field() {
        assert_eq!(
            field_of("The search field must be at least 3 characters."),
            Some("search")
        );
        assert_eq!(
            field_of("The per_page parameter must be between 1 and 100."),
            Some("per_page")
        );
        assert_eq!(
            field_of("At least one parameter with a value must be sent."),
            None
        );
        assert_eq!(laravel_key("/address/street"), "address.street");
        assert_eq!(laravel_key(""), "body");
    }
}
