//! The committed OpenAPI document matches what the code generates.

use gainsly_tests::TestApp;
use reqwest::StatusCode;

fn committed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    std::fs::read_to_string(path).expect("openapi/openapi.json exists")
}

#[test]
fn committed_spec_is_current() {
    let generated = gainsly_api::openapi::spec_json().unwrap();
    assert!(
        committed() == generated,
        "openapi/openapi.json is stale: run `just openapi` (cargo run -p gainsly-api -- openapi --out openapi/openapi.json)"
    );
}

#[tokio::test]
async fn served_spec_is_the_committed_one_and_lists_every_route() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let served: serde_json::Value = res.json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    assert_eq!(served, committed);
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(served["info"]["title"], "Gainsly API");
    let paths = served["paths"].as_object().unwrap();
    for p in [
        "/health",
        "/health/ready",
        "/metrics",
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/logout",
        "/api/auth/me",
    ] {
        assert!(paths.contains_key(p), "spec lacks {p}");
    }
}
