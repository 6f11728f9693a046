//! Attacks on the access token: each answers 401.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use gainsly_tests::{TEST_JWT_SECRET, TestApp, assert_error};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn claims(sub: i64, overrides: Value) -> Value {
    let now = Utc::now().timestamp();
    let mut c = json!({"sub": sub.to_string(), "iat": now, "exp": now + 600,
        "iss": "gainsly", "aud": "gainsly-api", "typ": "access"});
    for (k, v) in overrides.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn sign(alg: Algorithm, secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
}

async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    let (status, body) = app.get("/api/auth/me", token).await;
    if status == StatusCode::UNAUTHORIZED {
        assert_error(&body, "UNAUTHORIZED");
    }
    status
}

async fn setup() -> (TestApp, i64) {
    let app = TestApp::spawn().await;
    let reg = app.register("jwt@example.com").await;
    let id = reg["user"]["id"].as_i64().unwrap();
    // Sanity: a correctly forged token with the real secret is accepted.
    let good = sign(
        Algorithm::HS256,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({})),
    );
    assert_eq!(me_status(&app, &good).await, StatusCode::OK);
    (app, id)
}

#[tokio::test]
async fn alg_none_is_rejected() {
    let (app, id) = setup().await;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(id, json!({})).to_string());
    assert_eq!(
        me_status(&app, &format!("{header}.{payload}.")).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn other_algorithms_are_rejected() {
    let (app, id) = setup().await;
    let hs512 = sign(
        Algorithm::HS512,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({})),
    );
    assert_eq!(me_status(&app, &hs512).await, StatusCode::UNAUTHORIZED);
    // An RS256 header over an HMAC signature (the classic key-confusion shape).
    let good = sign(
        Algorithm::HS256,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({})),
    );
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[0] = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    assert_eq!(
        me_status(&app, &parts.join(".")).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn tampered_payload_is_rejected() {
    let (app, id) = setup().await;
    let good = sign(
        Algorithm::HS256,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({})),
    );
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(claims(id + 1, json!({})).to_string());
    assert_eq!(
        me_status(&app, &parts.join(".")).await,
        StatusCode::UNAUTHORIZED
    );
    let wrong_key = sign(
        Algorithm::HS256,
        b"another-secret-another-secret-another-secret",
        &claims(id, json!({})),
    );
    assert_eq!(me_status(&app, &wrong_key).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_token_is_rejected() {
    let (app, id) = setup().await;
    let past = Utc::now().timestamp() - 3600;
    let t = sign(
        Algorithm::HS256,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({"iat": past - 900, "exp": past})),
    );
    assert_eq!(me_status(&app, &t).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_audience_issuer_or_type_is_rejected() {
    let (app, id) = setup().await;
    for bad in [
        json!({"aud": "someone-else"}),
        json!({"iss": "evil"}),
        json!({"typ": "refresh"}),
    ] {
        let t = sign(
            Algorithm::HS256,
            TEST_JWT_SECRET.as_bytes(),
            &claims(id, bad.clone()),
        );
        assert_eq!(
            me_status(&app, &t).await,
            StatusCode::UNAUTHORIZED,
            "accepted {bad}"
        );
    }
    let mut no_typ = claims(id, json!({}));
    no_typ.as_object_mut().unwrap().remove("typ");
    let t = sign(Algorithm::HS256, TEST_JWT_SECRET.as_bytes(), &no_typ);
    assert_eq!(me_status(&app, &t).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_of_a_deleted_user_is_rejected() {
    let (app, id) = setup().await;
    let t = sign(
        Algorithm::HS256,
        TEST_JWT_SECRET.as_bytes(),
        &claims(id, json!({})),
    );
    assert!(gainsly_db::repo::users::delete(&app.db, id).await.unwrap());
    assert_eq!(me_status(&app, &t).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn garbage_and_wrong_scheme_are_rejected() {
    let (app, _) = setup().await;
    assert_eq!(me_status(&app, "garbage").await, StatusCode::UNAUTHORIZED);
    let res = app
        .client
        .get(app.url("/api/auth/me"))
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
