//! B2B: business partners at `/api/database/v1/…`, lists in JSON or XML, errors as the spec's
//! `Error` body `{"code", "error"}` with the HTTP status as `code`.
//!
//! The key is a bearer token. `createBPartners` queues the batch and answers 201 with the
//! `statusUrl` of this server's `getMessageStatus`; the store's worker creates the partners
//! later and `getMessageStatus` reports `pending`, `completed` or `failed` with the reason.

use super::store::{B2bPage, Store, StoreError};
use super::{challenge, internal_failure, rejection_text, Config};
use crate::b2b::models::{
    BusinessPartnerCreate, BusinessPartnerUpdate, ClientAssignmentRequest, Error,
};
use crate::b2b::operations::*;
use crate::b2b::server::Api;
use apigen_runtime::server as rt;
use rt::StatusCode;
use std::sync::Arc;

/// The spec's base path.
const BASE: &str = "/api/database/v1";

/// B2B's [`Api`] over the store.
pub struct B2bService {
    store: Arc<Store>,
    config: Config,
}

impl B2bService {
    pub fn new(store: Arc<Store>, config: Config) -> Self {
        B2bService { store, config }
    }

    /// The absolute URL of a path under the base path, e.g. a listing's for `nextPageUrl`.
    fn url(&self, path: &str) -> String {
        self.config.url(&format!("{BASE}{path}"))
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Error {
    Error {
        code: i32::from(status.as_u16()),
        error: message.into(),
    }
}

/// The error responses an operation documents besides 400 and 500, which all have.
trait ErrorVariants: Sized {
    fn bad_request(error: Error) -> Self;
    fn internal(error: Error) -> Self;
    fn not_found(error: Error) -> Result<Self, Error> {
        Err(error)
    }
    fn conflict(error: Error) -> Result<Self, Error> {
        Err(error)
    }
}

macro_rules! error_variants {
    ($response:ty $(, $method:ident => $variant:ident)*) => {
        impl ErrorVariants for $response {
            fn bad_request(error: Error) -> Self {
                Self::BadRequest(error)
            }
            fn internal(error: Error) -> Self {
                Self::InternalServerError(error)
            }
            $(fn $method(error: Error) -> Result<Self, Error> {
                Ok(Self::$variant(error))
            })*
        }
    };
}

error_variants!(GetBPartnerResponse);
error_variants!(GetBPartnersUpdatedFromResponse);
error_variants!(GetBPartnerStatusResponse);
error_variants!(GetClientsResponse);
error_variants!(GetAgentsResponse);
error_variants!(GetClientsAssignedToAgentResponse);
error_variants!(GetContactsResponse);
error_variants!(GetContactTypesResponse);
error_variants!(CreateBPartnersResponse, conflict => Conflict);
error_variants!(AssignClientsToAgentResponse);
error_variants!(UpdateBPartnerResponse, not_found => NotFound, conflict => Conflict);
error_variants!(DeleteBPartnerResponse, not_found => NotFound, conflict => Conflict);
error_variants!(GetMessageStatusResponse, not_found => NotFound);

/// The operation's response for a store result: NotFound → 404, Conflict and InUse → 409,
/// Invalid → 400, Database → 500; a 404 or 409 the operation does not document becomes 500
/// (the store does not produce them there).
fn answer<T, R: ErrorVariants>(result: Result<T, StoreError>, ok: impl FnOnce(T) -> R) -> R {
    let err = match result {
        Ok(value) => return ok(value),
        Err(err) => err,
    };
    let undocumented = |error: Error| {
        R::internal(Error {
            code: 500,
            error: error.error,
        })
    };
    match err {
        StoreError::NotFound { what, id } => {
            let body = error(
                StatusCode::NOT_FOUND,
                format!("No entity found for {} with {id}.", title_case(what)),
            );
            R::not_found(body).unwrap_or_else(undocumented)
        }
        StoreError::Conflict { message } | StoreError::InUse { message } => {
            R::conflict(error(StatusCode::CONFLICT, message)).unwrap_or_else(undocumented)
        }
        StoreError::Invalid { message } => R::bad_request(error(StatusCode::BAD_REQUEST, message)),
        StoreError::Database(err) => {
            eprintln!("example-server: b2b: database error: {err}");
            R::internal(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Database error: {err}"),
            ))
        }
    }
}

/// `business partner` → `Business Partner`, the spelling of the spec's 404 example.
fn title_case(words: &str) -> String {
    words
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn page(page: Option<i32>, page_size: Option<i32>) -> B2bPage {
    B2bPage { page, page_size }
}

impl Api for B2bService {
    async fn get_b_partner(
        &self,
        params: GetBPartnerParams,
    ) -> Result<GetBPartnerResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getBPartner");
        Ok(answer(
            self.store
                .b2b_list_partners(page(params.page, params.page_size), &url),
            GetBPartnerResponse::Ok,
        ))
    }

    async fn get_b_partners_updated_from(
        &self,
        params: GetBPartnersUpdatedFromParams,
    ) -> Result<GetBPartnersUpdatedFromResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/updatedFrom");
        Ok(answer(
            self.store.b2b_partners_updated_from(
                params.date.as_deref(),
                page(params.page, params.page_size),
                &url,
            ),
            GetBPartnersUpdatedFromResponse::Ok,
        ))
    }

    async fn get_b_partner_status(
        &self,
        params: GetBPartnerStatusParams,
    ) -> Result<GetBPartnerStatusResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getBPartnerStatus");
        Ok(answer(
            self.store
                .b2b_list_statuses(page(params.page, params.page_size), &url),
            GetBPartnerStatusResponse::Ok,
        ))
    }

    async fn get_clients(
        &self,
        params: GetClientsParams,
    ) -> Result<GetClientsResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getClients");
        Ok(answer(
            self.store
                .b2b_list_clients(page(params.page, params.page_size), &url),
            |list| match list.pagination.total_items {
                0 => GetClientsResponse::NoContent,
                _ => GetClientsResponse::Ok(list),
            },
        ))
    }

    async fn get_agents(&self, params: GetAgentsParams) -> Result<GetAgentsResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getAgents");
        Ok(answer(
            self.store
                .b2b_list_agents(page(params.page, params.page_size), &url),
            |list| match list.pagination.total_items {
                0 => GetAgentsResponse::NoContent,
                _ => GetAgentsResponse::Ok(list),
            },
        ))
    }

    async fn get_clients_assigned_to_agent(
        &self,
        params: GetClientsAssignedToAgentParams,
    ) -> Result<GetClientsAssignedToAgentResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getClientsAssignedToAgent");
        Ok(answer(
            self.store
                .b2b_clients_assigned_to_agents(page(params.page, params.page_size), &url),
            |list| match list.pagination.total_items {
                0 => GetClientsAssignedToAgentResponse::NoContent,
                _ => GetClientsAssignedToAgentResponse::Ok(list),
            },
        ))
    }

    async fn get_contacts(
        &self,
        params: GetContactsParams,
    ) -> Result<GetContactsResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getContacts");
        Ok(answer(
            self.store
                .b2b_list_contacts(page(params.page, params.page_size), &url),
            GetContactsResponse::Ok,
        ))
    }

    async fn get_contact_types(
        &self,
        params: GetContactTypesParams,
    ) -> Result<GetContactTypesResponse, rt::Failure> {
        let url = self.url("/BusinessPartner/getContactTypes");
        Ok(answer(
            self.store
                .b2b_list_contact_types(page(params.page, params.page_size), &url),
            GetContactTypesResponse::Ok,
        ))
    }

    async fn create_b_partners(
        &self,
        body: Vec<BusinessPartnerCreate>,
    ) -> Result<CreateBPartnersResponse, rt::Failure> {
        let status_base = self.url("/message/status");
        Ok(answer(
            self.store.enqueue_b2b_create(&body, &status_base),
            CreateBPartnersResponse::Created,
        ))
    }

    async fn assign_clients_to_agent(
        &self,
        body: Vec<ClientAssignmentRequest>,
    ) -> Result<AssignClientsToAgentResponse, rt::Failure> {
        Ok(answer(
            self.store.b2b_assign_clients_to_agent(&body),
            AssignClientsToAgentResponse::Ok,
        ))
    }

    async fn update_b_partner(
        &self,
        params: UpdateBPartnerParams,
        body: BusinessPartnerUpdate,
    ) -> Result<UpdateBPartnerResponse, rt::Failure> {
        Ok(answer(
            self.store.b2b_update_partner(&params.id, &body),
            UpdateBPartnerResponse::Ok,
        ))
    }

    async fn delete_b_partner(
        &self,
        params: DeleteBPartnerParams,
    ) -> Result<DeleteBPartnerResponse, rt::Failure> {
        Ok(answer(
            self.store.b2b_delete_partner(&params.id),
            DeleteBPartnerResponse::Ok,
        ))
    }

    async fn get_message_status(
        &self,
        params: GetMessageStatusParams,
    ) -> Result<GetMessageStatusResponse, rt::Failure> {
        Ok(answer(
            self.store.b2b_message_status(&params.message_id),
            GetMessageStatusResponse::Ok,
        ))
    }

    async fn authenticate(&self, credential: &rt::Credential) -> bool {
        self.config.accepts(credential)
    }

    fn reject(&self, rejection: rt::Rejection) -> rt::Response {
        if let Some(message) = internal_failure(&rejection) {
            return error_response(rejection.status, message);
        }
        error_response(rejection.status, &rejection_text(&rejection))
    }
}

/// B2B's error body for any status; 401 is the spec's `Unauthorized.`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> rt::Response {
    let body = match status {
        StatusCode::UNAUTHORIZED => error(status, "Unauthorized."),
        _ => error(status, message),
    };
    challenge(rt::json(status, "application/json", &body), "Bearer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_become_the_documented_responses() {
        let missing = || StoreError::not_found("business partner", "BP-9");
        assert_eq!(
            answer::<(), UpdateBPartnerResponse>(Err(missing()), |()| unreachable!()),
            UpdateBPartnerResponse::NotFound(Error {
                code: 404,
                error: "No entity found for Business Partner with BP-9.".into()
            })
        );
        assert!(matches!(
            answer::<(), DeleteBPartnerResponse>(Err(StoreError::in_use("in use")), |()| {
                unreachable!()
            }),
            DeleteBPartnerResponse::Conflict(Error { code: 409, .. })
        ));
        assert!(matches!(
            answer::<(), GetBPartnerResponse>(Err(missing()), |()| unreachable!()),
            GetBPartnerResponse::InternalServerError(Error { code: 500, .. })
        ));
        assert!(matches!(
            answer::<(), GetBPartnerResponse>(Err(StoreError::invalid("bad page")), |()| {
                unreachable!()
            }),
            GetBPartnerResponse::BadRequest(Error { code: 400, .. })
        ));
    }
}
