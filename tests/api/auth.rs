//! Register, login, me, refresh rotation and reuse detection, logout, rate limit.

use gainsly_tests::{TestApp, assert_error};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn register_login_me_flow() {
    let app = TestApp::spawn().await;
    let reg = app.register("Ada@Example.com").await;
    assert_eq!(reg["token_type"], "Bearer");
    assert_eq!(reg["expires_in"], 900);
    assert_eq!(reg["user"]["email"], "ada@example.com");
    assert!(reg["user"]["id"].as_i64().unwrap() > 0);
    assert!(reg["refresh_token"].as_str().unwrap().len() >= 43);
    assert!(reg["user"].get("password_hash").is_none());

    let (status, login) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "ADA@example.com", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{login}");
    let token = login["access_token"].as_str().unwrap();

    let (status, me) = app.get("/api/auth/me", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["name"], "Test User");
    assert!(
        me["created_at"].as_str().unwrap().ends_with('Z')
            || me["created_at"].as_str().unwrap().contains("+00:00")
    );
    let keys: Vec<&String> = me.as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        4,
        "me has exactly id, email, name, created_at: {me}"
    );
}

#[tokio::test]
async fn duplicate_email_is_a_conflict_case_insensitively() {
    let app = TestApp::spawn().await;
    app.register("bob@example.com").await;
    let (status, body) = app
        .post_anon(
            "/api/auth/register",
            json!({"email": "BOB@EXAMPLE.COM", "password": "another password", "name": "Bob"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&body, "CONFLICT");
}

#[tokio::test]
async fn register_validates_each_field() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post_anon(
            "/api/auth/register",
            json!({"email": "not-an-email", "password": "short", "name": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&body, "VALIDATION_ERROR");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "password", "name"]);
    let (status, _) = app
        .post_anon(
            "/api/auth/register",
            json!({"email": "a@b.co", "password": "x".repeat(129), "name": "A"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_answer_the_same() {
    let app = TestApp::spawn().await;
    app.register("carol@example.com").await;
    let (s1, b1) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "carol@example.com", "password": "wrong password"}),
        )
        .await;
    let (s2, b2) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "nobody@example.com", "password": "wrong password"}),
        )
        .await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(b1, b2);
    assert_error(&b1, "UNAUTHORIZED");
}

#[tokio::test]
async fn unauthorized_answers_carry_www_authenticate() {
    let app = TestApp::spawn().await;
    let res = app.send(Method::GET, "/api/auth/me", None, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn stored_password_hashes_are_argon2id() {
    let app = TestApp::spawn().await;
    app.register("dave@example.com").await;
    let user = gainsly_db::repo::users::find_by_email(&app.db, "dave@example.com")
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.password_hash.starts_with("$argon2id$"),
        "{}",
        user.password_hash
    );
    assert!(user.password_hash.contains("m=19456,t=2,p=1"));
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let reg = app.register("erin@example.com").await;
    let r0 = reg["refresh_token"].as_str().unwrap().to_owned();

    let (status, first) = app
        .post_anon("/api/auth/refresh", json!({"refresh_token": r0}))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r0, r1);
    let (status, me) = app
        .get("/api/auth/me", first["access_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "erin@example.com");

    // The old token no longer works, and presenting it revokes the family…
    let (status, body) = app
        .post_anon("/api/auth/refresh", json!({"refresh_token": r0}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "UNAUTHORIZED");
    // …so the newest token of that family is dead too.
    let (status, _) = app
        .post_anon("/api/auth/refresh", json!({"refresh_token": r1}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Another login's family is unaffected.
    let (_, login) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "erin@example.com", "password": "correct horse battery"}),
        )
        .await;
    let (status, _) = app
        .post_anon(
            "/api/auth/refresh",
            json!({"refresh_token": login["refresh_token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// Concurrent refreshes of different users' tokens all succeed, and the same
/// token refreshed concurrently wins exactly once: a transaction that reads
/// then writes must not fail on SQLite when another one commits in between
/// (schemathesis found a 500 here).
#[tokio::test]
async fn concurrent_refreshes_never_fail() {
    let app = TestApp::spawn().await;
    let mut tokens = Vec::new();
    for i in 0..12 {
        let reg = app.register(&format!("race{i}@example.com")).await;
        tokens.push(reg["refresh_token"].as_str().unwrap().to_owned());
    }
    let shared = tokens[0].clone();
    let calls = tokens
        .iter()
        .chain(std::iter::repeat_n(&shared, 4))
        .map(|t| app.post_anon("/api/auth/refresh", json!({"refresh_token": t})));
    let results = futures_util::future::join_all(calls).await;
    let mut ok = 0;
    for (i, (status, body)) in results.iter().enumerate() {
        assert!(
            *status == StatusCode::OK || *status == StatusCode::UNAUTHORIZED,
            "call {i}: {status} {body}"
        );
        if (1..tokens.len()).contains(&i) {
            assert_eq!(*status, StatusCode::OK, "call {i}: {body}");
        }
        ok += usize::from(*status == StatusCode::OK);
    }
    // 11 other users, and the shared token wins at most once of its 5 calls
    // (reuse revokes the family, so possibly none of the later ones).
    assert!((11..=12).contains(&ok), "{ok} successes");
}

/// With the windows in the database (`GAINSLY_RATE_LIMIT_STORE=database`,
/// the default on PostgreSQL), two API instances on one database share the
/// per-IP limit instead of each allowing it.
#[tokio::test]
async fn instances_on_one_database_share_the_auth_limit() {
    use gainsly_app::settings::RateLimitStore;
    let app = TestApp::spawn_with(|s| {
        s.auth_rate_limit_per_minute = 4;
        s.rate_limit_store = Some(RateLimitStore::Database);
    })
    .await;
    let sibling = app.spawn_sibling().await;
    let login = json!({"email": "nobody@example.com", "password": "wrong password 1"});
    let mut statuses = Vec::new();
    for instance in [&app, &sibling, &app, &sibling, &app] {
        let (status, body) = instance.post_anon("/api/auth/login", login.clone()).await;
        statuses.push((status, body));
    }
    for (status, body) in &statuses[..4] {
        assert_eq!(*status, StatusCode::UNAUTHORIZED, "{body}");
    }
    let (status, body) = &statuses[4];
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_error(body, "RATE_LIMITED");
}

#[tokio::test]
async fn unknown_refresh_token_is_unauthorized() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post_anon(
            "/api/auth/refresh",
            json!({"refresh_token": "not-a-real-token"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "UNAUTHORIZED");
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let reg = app.register("fay@example.com").await;
    let r0 = reg["refresh_token"].clone();
    let (status, body) = app
        .post_anon("/api/auth/logout", json!({"refresh_token": r0}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _) = app
        .post_anon("/api/auth/refresh", json!({"refresh_token": r0}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn auth_routes_are_rate_limited_per_ip() {
    let app = TestApp::spawn_with(|s| s.auth_rate_limit_per_minute = 3).await;
    for _ in 0..3 {
        let (status, _) = app
            .post_anon(
                "/api/auth/login",
                json!({"email": "x@example.com", "password": "whatever123"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let res = app
        .send(
            Method::POST,
            "/api/auth/refresh",
            None,
            Some(&json!({"refresh_token": "x"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_error(&body, "RATE_LIMITED");
}
