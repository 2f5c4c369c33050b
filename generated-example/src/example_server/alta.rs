//! Alta BPO: `GET /web/api/partners`, the Odoo partner list in a JSON-RPC 2.0 envelope.
//!
//! The key is the raw `Authorization` header value (no `Bearer`). Errors are Odoo's JSON-RPC
//! error envelope: a missing or wrong key gets the spec's 401 (`Odoo Session Expired`, code
//! 100); anything else refused (406, 413, 404, 500) gets code 200 (`Odoo Server Error`) with
//! the HTTP status; a 500 carries a generic message, the failure itself is only logged.

use super::store::Store;
use super::{challenge, internal_failure, Config};
use crate::alta_bpo::models::{
    JsonRpcError, JsonRpcErrorData, JsonRpcErrorResponse, JsonRpcErrorResponseJsonrpc,
    PartnerListResponse, PartnerListResponseJsonrpc,
};
use crate::alta_bpo::operations::ListPartnersResponse;
use crate::alta_bpo::server::Api;
use apigen_runtime::server as rt;
use rt::StatusCode;
use std::sync::Arc;

/// Alta BPO's [`Api`] over the store.
pub struct AltaService {
    store: Arc<Store>,
    config: Config,
}

impl AltaService {
    pub fn new(store: Arc<Store>, config: Config) -> Self {
        AltaService { store, config }
    }
}

impl Api for AltaService {
    async fn list_partners(&self) -> Result<ListPartnersResponse, rt::Failure> {
        let result = self.store.alta_list_partners()?;
        Ok(ListPartnersResponse::Ok(PartnerListResponse {
            jsonrpc: PartnerListResponseJsonrpc::V20,
            id: None,
            result,
        }))
    }

    async fn authenticate(&self, credential: &rt::Credential) -> bool {
        self.config.accepts(credential)
    }

    fn reject(&self, rejection: rt::Rejection) -> rt::Response {
        if let Some(message) = internal_failure(&rejection) {
            return error_response(rejection.status, message);
        }
        error_response(rejection.status, &rejection.message)
    }
}

/// The 401 body: the spec's example, Odoo's expired-session error.
pub fn unauthorized() -> JsonRpcErrorResponse {
    envelope(JsonRpcError {
        code: 100,
        message: "Odoo Session Expired".to_owned(),
        data: Some(JsonRpcErrorData {
            name: "odoo.http.SessionExpiredException".to_owned(),
            debug: None,
            message: "Session expired".to_owned(),
            arguments: Some(vec![serde_json::Value::from("Session expired")]),
            context: Some(Default::default()),
        }),
    })
}

fn envelope(error: JsonRpcError) -> JsonRpcErrorResponse {
    JsonRpcErrorResponse {
        jsonrpc: JsonRpcErrorResponseJsonrpc::V20,
        id: None,
        error,
    }
}

/// Alta BPO's error body for any status: the 401 above, otherwise Odoo's server error (code
/// 200) naming the werkzeug exception of the status.
pub(crate) fn error_response(status: StatusCode, message: &str) -> rt::Response {
    let body = if status == StatusCode::UNAUTHORIZED {
        unauthorized()
    } else {
        let reason = status.canonical_reason().unwrap_or("Error");
        envelope(JsonRpcError {
            code: 200,
            message: "Odoo Server Error".to_owned(),
            data: Some(JsonRpcErrorData {
                name: format!("werkzeug.exceptions.{}", reason.replace([' ', '-'], "")),
                debug: None,
                message: message.to_owned(),
                arguments: Some(vec![serde_json::Value::from(message)]),
                context: Some(Default::default()),
            }),
        })
    };
    challenge(
        rt::json(status, "application/json", &body),
        "ApiKey header=\"Authorization\"",
    )
}
