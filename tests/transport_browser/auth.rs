//! Auth against the emulator with `--require-auth` (`VBS_TEST_AUTH_ENDPOINT`): refused without
//! credentials, a token accepted, an expired one refused without echoing it, AK/SK signatures
//! accepted, and a wrong secret key refused with the gateway's error.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use futures::StreamExt;
use vbs_tasks::transport::Paging;
use vbs_tasks::{SortDir, SortKey, TaskQuery, TaskStatus};

use super::*;

// ---------------------------------------------------------------------------------------------
// Authentication (the second emulator, started with --require-auth)
// ---------------------------------------------------------------------------------------------

fn auth_client() -> Client {
    Client::new(AUTH_ENDPOINT, PROJECT).attempts(1)
}

async fn auth_policy_id(client: &Client, name: &str) -> String {
    client
        .list_policies()
        .await
        .expect("list policies")
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no policy {name:?}"))
        .id
}

#[wasm_bindgen_test]
async fn without_credentials_the_auth_emulator_refuses() {
    let err = auth_client().list_policies().await.expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(err.is_auth());
}

#[wasm_bindgen_test]
async fn a_token_is_accepted() {
    let client = auth_client().token("emulator-token");
    let id = auth_policy_id(&client, "nightly-small").await;
    let page = client
        .list_tasks(&id, &TaskQuery::new().limit(3))
        .await
        .expect("tasks with a token");
    assert_eq!(page.count, 5);
    assert_eq!(page.tasks.len(), 3);
}

#[wasm_bindgen_test]
async fn an_expired_token_is_refused_without_echoing_it() {
    let err = auth_client()
        .token("expired-token")
        .list_policies()
        .await
        .expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(err.is_auth());
    assert!(!format!("{err} {err:?}").contains("expired-token"), "{err}");
}

#[wasm_bindgen_test]
async fn ak_sk_signed_requests_are_accepted() {
    let client = auth_client().ak_sk("EMULATORAK0000000001", "emulator-secret-key");
    let id = auth_policy_id(&client, "weekly-database").await;
    // Every query parameter goes into the signature's canonical query.
    let query = TaskQuery::new()
        .status(TaskStatus::ExecuteSuccess)
        .sort_dir(SortDir::Asc)
        .sort_key(SortKey::CreatedAt)
        .limit(7)
        .offset(2);
    let page = client.list_tasks(&id, &query).await.expect("signed tasks");
    assert_eq!(page.tasks.len(), 7);
    let next = client
        .list_tasks(
            &id,
            &TaskQuery::new()
                .limit(3)
                .marker(page.tasks[6].job_id.clone()),
        )
        .await
        .expect("signed marker page");
    assert_eq!(next.tasks.len(), 3);
    // A query with characters a URL's serializer could rewrite: the emulator verifies the
    // signature against the URL it received, so one byte changed on the way would be a 401.
    let odd = client
        .list_tasks(&id, &TaskQuery::new().job_id("a b&c=d/é~*'()+%41").limit(1))
        .await
        .expect("a signed query with odd characters");
    assert_eq!(odd.count, 0);
    // A walk is many signed requests, each with a fresh date and its own marker.
    let all: Vec<_> = client
        .tasks(&id, &TaskQuery::new().limit(100), Paging::Marker)
        .map(|t| t.expect("signed walk"))
        .collect()
        .await;
    assert!(all.len() > 300);
}

#[wasm_bindgen_test]
async fn a_wrong_secret_key_is_refused_with_the_gateway_error() {
    let secret = "not-the-emulator-secret";
    let err = auth_client()
        .ak_sk("EMULATORAK0000000001", secret)
        .list_policies()
        .await
        .expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert_eq!(err.code(), Some("APIGW.0301"), "{err}");
    assert!(err.request_id().is_some(), "{err}");
    assert!(!format!("{err} {err:?}").contains(secret));
}
