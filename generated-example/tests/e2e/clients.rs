//! Every operation of the four APIs through its generated client against the example server,
//! checking the typed result.

use super::harness::{Server, KEY};
use generated_example::{alta_bpo, b2b, obzvonilka, orzame};
use serde_json::json;
use std::time::Duration;

fn model<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the test value fits the model")
}

#[tokio::test]
async fn alta_bpo_lists_the_documented_partners() {
    let server = Server::start().await;
    let client = alta_bpo::client::Client::new(server.origin.clone()).with_api_key_auth(KEY);
    let alta_bpo::operations::ListPartnersResponse::Ok(page) =
        client.list_partners().await.unwrap()
    else {
        panic!("listPartners answers 200")
    };
    let names: Vec<&str> = page.result.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ALTA BPO SAC",
            "Administrator",
            "Medcorp",
            "MedcorpX",
            "vendedor"
        ]
    );
    assert_eq!(
        page.jsonrpc,
        alta_bpo::models::PartnerListResponseJsonrpc::V20
    );

    let wrong = alta_bpo::client::Client::new(server.origin.clone()).with_api_key_auth("nope");
    assert!(matches!(
        wrong.list_partners().await.unwrap(),
        alta_bpo::operations::ListPartnersResponse::Unauthorized(_)
    ));
}

#[tokio::test]
async fn orzame_contacts_go_through_their_whole_life() {
    use orzame::operations::*;
    let server = Server::start().await;
    let client = orzame::client::Client::new(server.url("/v1")).with_bearer_auth(KEY);

    let created = client
        .create_contact(model(json!({
            "name": "Ferretería Ejemplo",
            "types": [2],
            "email": "hola@ferreteria.example",
        })))
        .await
        .unwrap();
    let CreateContactResponse::Created(created) = created else {
        panic!("createContact answers 201: {created:?}")
    };
    let id = created.data.id;

    let got = client.get_contact(&GetContactParams { id }).await.unwrap();
    let GetContactResponse::Ok(got) = got else {
        panic!("getContact answers 200: {got:?}")
    };
    assert_eq!(got.data.name, "Ferretería Ejemplo");

    let updated = client
        .update_contact(
            &UpdateContactParams { id },
            model(json!({"phone": "+34 600 000 000"})),
        )
        .await
        .unwrap();
    assert_eq!(updated, UpdateContactResponse::NoContent);
    let GetContactResponse::Ok(after) = client.get_contact(&GetContactParams { id }).await.unwrap()
    else {
        panic!("getContact answers 200")
    };
    assert_eq!(
        after.data.name, "Ferretería Ejemplo",
        "PATCH keeps other fields"
    );

    let params = ListContactsParams {
        page: None,
        per_page: Some(1),
        types: None,
        search: None,
        order: None,
    };
    let ListContactsResponse::Ok(first) = client.list_contacts(&params).await.unwrap() else {
        panic!("listContacts answers 200")
    };
    assert_eq!(first.data.len(), 1);
    let all = client.list_contacts_all(&params).await.unwrap();
    assert!(all.len() >= 2, "the walk follows links.next: {}", all.len());
    assert!(all.iter().any(|c| c.id == id));

    let bad = client
        .list_contacts(&ListContactsParams {
            search: Some("ab".to_owned()),
            ..params.clone()
        })
        .await
        .unwrap();
    assert!(
        matches!(bad, ListContactsResponse::BadRequest(_)),
        "{bad:?}"
    );

    assert_eq!(
        client
            .delete_contact(&DeleteContactParams { id })
            .await
            .unwrap(),
        DeleteContactResponse::NoContent
    );
    assert!(matches!(
        client.get_contact(&GetContactParams { id }).await.unwrap(),
        GetContactResponse::NotFound(_)
    ));
    assert!(matches!(
        client
            .delete_contact(&DeleteContactParams { id })
            .await
            .unwrap(),
        DeleteContactResponse::NotFound(_)
    ));
}

#[tokio::test]
async fn obzvonilka_contacts_by_form_multipart_and_suffixed_paths() {
    use obzvonilka::operations::*;
    let server = Server::start().await;
    let client = obzvonilka::client::Client::new(server.url("/api")).with_api_key_query(KEY);

    let ListContactBasesResponse::Ok(bases) = client.list_contact_bases().await.unwrap() else {
        panic!("listContactBases answers 200")
    };
    assert_eq!(bases[0].name, "Клиенты Москва");
    let GetContactBaseResponse::Ok(base) = client
        .get_contact_base(&GetContactBaseParams { id: 1 })
        .await
        .unwrap()
    else {
        panic!("getContactBase answers 200")
    };
    assert_eq!(base.id, 1);
    assert!(matches!(
        client
            .get_contact_base(&GetContactBaseParams { id: 999 })
            .await
            .unwrap(),
        GetContactBaseResponse::NotFound(_)
    ));

    let created = client
        .create_contact(
            &CreateContactParams { base_id: 1 },
            model(json!({"contact": {"name": "abc", "phone1": "987654321", "external_code": "E2E-1"}})),
        )
        .await
        .unwrap();
    let CreateContactResponse::Created(created) = created else {
        panic!("createContact answers 201: {created:?}")
    };
    assert_eq!(created.name.as_deref(), Some("abc"));
    assert_eq!(created.phone1.as_deref(), Some("987654321"));

    let got = client
        .get_contact(&GetContactParams {
            base_id: 1,
            id: created.id,
        })
        .await
        .unwrap();
    assert_eq!(got, GetContactResponse::Ok(created.clone()));

    let updated = client
        .update_contact(
            &UpdateContactParams {
                base_id: 1,
                id: created.id,
            },
            model(json!({"contact": {"phone2": "123"}})),
        )
        .await
        .unwrap();
    let UpdateContactResponse::Ok(updated) = updated else {
        panic!("updateContact answers 200: {updated:?}")
    };
    assert_eq!(updated.phone2.as_deref(), Some("123"));
    assert_eq!(updated.name.as_deref(), Some("abc"));

    let found = client
        .find_contact_by_external_code(&FindContactByExternalCodeParams {
            base_id: 1,
            code: "E2E-1".to_owned(),
        })
        .await
        .unwrap();
    assert!(matches!(found, FindContactByExternalCodeResponse::Ok(ref c) if c.id == created.id));

    let ListContactsResponse::Ok(contacts) = client
        .list_contacts(&ListContactsParams { base_id: 1 })
        .await
        .unwrap()
    else {
        panic!("listContacts answers 200")
    };
    assert!(contacts.iter().any(|c| c.id == created.id));

    let ListUsersResponse::Ok(users) = client.list_users().await.unwrap() else {
        panic!("listUsers answers 200")
    };
    let GetUserResponse::Ok(user) = client
        .get_user(&GetUserParams { id: users[0].id })
        .await
        .unwrap()
    else {
        panic!("getUser answers 200")
    };
    assert_eq!(user, users[0]);

    let by_header = obzvonilka::client::Client::new(server.url("/api")).with_api_key_header(KEY);
    assert!(matches!(
        by_header.list_users().await.unwrap(),
        ListUsersResponse::Ok(_)
    ));
}

/// The message id is the last segment of the status URL the create answers with.
fn message_id(accepted: &b2b::models::MessageAccepted) -> String {
    accepted.status_url.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn b2b_partners_are_created_through_the_queue_and_listed() {
    use b2b::operations::*;
    let server = Server::start().await;
    let client = b2b::client::Client::new(server.url("/api/database/v1")).with_bearer_auth(KEY);
    let page = |page_size| GetBPartnerParams {
        page: None,
        page_size: Some(page_size),
    };

    let GetBPartnerResponse::Ok(before) = client.get_b_partner(&page(100)).await.unwrap() else {
        panic!("getBPartner answers 200")
    };
    let accepted = client
        .create_b_partners(vec![model(json!({
            "idRemote": "E2E-001",
            "roleId": "1",
            "statusId": "1",
            "companyId": "1",
            "contactName": "Cliente E2E",
            "comercialName": "E2E",
            "tin": "B00000000",
            "active": true
        }))])
        .await
        .unwrap();
    let CreateBPartnersResponse::Created(accepted) = accepted else {
        panic!("createBPartners answers 201: {accepted:?}")
    };

    // The worker processes the message in the background.
    let mut status = None;
    for _ in 0..100 {
        let GetMessageStatusResponse::Ok(page) = client
            .get_message_status(&GetMessageStatusParams {
                message_id: message_id(&accepted),
            })
            .await
            .unwrap()
        else {
            panic!("getMessageStatus answers 200")
        };
        let now = serde_json::to_value(page.data[0].status).unwrap();
        if now != json!("pending") {
            status = Some(now);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, Some(json!("completed")));

    let all = client.get_b_partner_all(&page(1)).await.unwrap();
    assert_eq!(
        all.len(),
        before.data.len() + 1,
        "the walk visits every page"
    );
    let created = all.iter().find(|p| p.id_remote == "E2E-001").unwrap();

    // A duplicate idRemote fails in the worker, and the status says why.
    let CreateBPartnersResponse::Created(again) = client
        .create_b_partners(vec![model(json!({
            "idRemote": "E2E-001", "roleId": "1", "statusId": "1", "companyId": "1",
            "contactName": "Otra", "comercialName": "Otra", "tin": "B1", "active": true
        }))])
        .await
        .unwrap()
    else {
        panic!("createBPartners answers 201")
    };
    let mut failed = None;
    for _ in 0..100 {
        let GetMessageStatusResponse::Ok(page) = client
            .get_message_status(&GetMessageStatusParams {
                message_id: message_id(&again),
            })
            .await
            .unwrap()
        else {
            panic!("getMessageStatus answers 200")
        };
        let record = serde_json::to_value(&page.data[0]).unwrap();
        if record["status"] != json!("pending") {
            failed = Some(record);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let failed = failed.expect("the message is processed");
    assert_eq!(failed["status"], json!("failed"), "{failed}");

    let updated = client
        .update_b_partner(
            &UpdateBPartnerParams {
                id: created.id.clone(),
            },
            model(json!({"comercialName": "E2E renombrado"})),
        )
        .await
        .unwrap();
    assert!(
        matches!(updated, UpdateBPartnerResponse::Ok(_)),
        "{updated:?}"
    );

    let since = GetBPartnersUpdatedFromParams {
        date: Some("2000-01-01".to_owned()),
        page: None,
        page_size: None,
    };
    let statuses = GetBPartnerStatusParams {
        page: None,
        page_size: None,
    };
    let types = GetContactTypesParams {
        page: None,
        page_size: None,
    };
    let contacts = GetContactsParams {
        page: None,
        page_size: None,
    };
    let (updated_from, statuses, types, contacts) = tokio::join!(
        client.get_b_partners_updated_from(&since),
        client.get_b_partner_status(&statuses),
        client.get_contact_types(&types),
        client.get_contacts(&contacts)
    );
    assert!(
        matches!(updated_from.unwrap(), GetBPartnersUpdatedFromResponse::Ok(p) if !p.data.is_empty())
    );
    assert!(matches!(statuses.unwrap(), GetBPartnerStatusResponse::Ok(p) if !p.data.is_empty()));
    assert!(matches!(types.unwrap(), GetContactTypesResponse::Ok(p) if !p.data.is_empty()));
    assert!(matches!(contacts.unwrap(), GetContactsResponse::Ok(p) if !p.data.is_empty()));

    let no_params = |page_size| (None, Some(page_size));
    let (p, s) = no_params(100);
    assert!(matches!(
        client
            .get_clients(&GetClientsParams {
                page: p,
                page_size: s
            })
            .await
            .unwrap(),
        GetClientsResponse::Ok(_)
    ));
    assert!(matches!(
        client
            .get_agents(&GetAgentsParams {
                page: p,
                page_size: s
            })
            .await
            .unwrap(),
        GetAgentsResponse::Ok(_)
    ));
    let assigned = client
        .assign_clients_to_agent(vec![model(json!({
            "agentId": "AG-001",
            "clients": [{"idRemote": "E2E-001"}]
        }))])
        .await
        .unwrap();
    assert!(
        matches!(assigned, AssignClientsToAgentResponse::Ok(_)),
        "{assigned:?}"
    );
    let GetClientsAssignedToAgentResponse::Ok(assignments) = client
        .get_clients_assigned_to_agent(&GetClientsAssignedToAgentParams {
            page: p,
            page_size: s,
        })
        .await
        .unwrap()
    else {
        panic!("getClientsAssignedToAgent answers 200")
    };
    assert!(!assignments.data.is_empty());

    // The agent still has clients: refused as documented.
    let agent = all.iter().find(|p| p.id_remote == "AG-001").unwrap();
    let refused = client
        .delete_b_partner(&DeleteBPartnerParams {
            id: agent.id.clone(),
        })
        .await
        .unwrap();
    assert!(
        matches!(refused, DeleteBPartnerResponse::Conflict(_)),
        "{refused:?}"
    );
    let deleted = client
        .delete_b_partner(&DeleteBPartnerParams {
            id: created.id.clone(),
        })
        .await
        .unwrap();
    assert!(
        matches!(deleted, DeleteBPartnerResponse::Ok(_)),
        "{deleted:?}"
    );
    assert!(matches!(
        client
            .delete_b_partner(&DeleteBPartnerParams {
                id: created.id.clone()
            })
            .await
            .unwrap(),
        DeleteBPartnerResponse::NotFound(_)
    ));
}
