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

/// Every documented `/api/**` operation except `/api/auth/*` (and `me`) answers
/// 401 without a token: no route is left unprotected by mistake.
#[tokio::test]
async fn every_api_route_requires_a_token() {
    let app = TestApp::spawn().await;
    let spec: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !path.starts_with("/api/") || (path.starts_with("/api/auth/") && path != "/api/auth/me")
        {
            continue;
        }
        let concrete = path
            .replace("{date}", "2026-11-26")
            .replace("{program_id}", "1")
            .replace("{exercise_id}", "1")
            .replace("{log_id}", "1")
            .replace("{rule_id}", "1")
            .replace("{activity_id}", "1");
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut req = app.client.request(method.clone(), app.url(&concrete));
            if method == reqwest::Method::POST || method == reqwest::Method::PUT {
                req = req.json(&serde_json::json!({}));
            }
            let res = req.send().await.unwrap();
            assert_eq!(
                res.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {concrete}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} operations checked");
}
