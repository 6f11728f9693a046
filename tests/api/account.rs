//! `DELETE /api/auth/me`: the account and every row of it go, in one
//! transaction; its tokens stop working.

use gainsly_db::Backend;
use gainsly_tests::{TestApp, assert_error, into_parts};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::imports::{import, strong_csv};
use crate::logs::{BENCH, user};
use crate::programs::program_body;

async fn delete_me(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    into_parts(
        app.send(Method::DELETE, "/api/auth/me", Some(token), Some(&body))
            .await,
    )
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.conn().get_database_backend();
    let row = app
        .db
        .conn()
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Every table of the schema with a `user_id` column.
async fn user_tables(app: &TestApp) -> Vec<String> {
    let backend = app.db.conn().get_database_backend();
    let sql = match app.db.backend() {
        Backend::Sqlite => {
            "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'user_id'"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE column_name = 'user_id' AND table_schema = current_schema()"
        }
    };
    app.db
        .conn()
        .query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect()
}

/// Rows of `user_id` in every table that has a `user_id`, plus the user row.
async fn rows_of(app: &TestApp, user_id: i64) -> Vec<(String, i64)> {
    let mut out = vec![(
        "users".to_owned(),
        count(
            app,
            &format!("SELECT count(*) AS n FROM users WHERE id = {user_id}"),
        )
        .await,
    )];
    for table in user_tables(app).await {
        let n = count(
            app,
            &format!("SELECT count(*) AS n FROM {table} WHERE user_id = {user_id}"),
        )
        .await;
        out.push((table, n));
    }
    let jobs = match app.db.backend() {
        Backend::Sqlite => format!(
            "SELECT count(*) AS n FROM Jobs WHERE json_extract(CAST(job AS TEXT), '$.user_id') = {user_id}"
        ),
        Backend::Postgres => format!(
            "SELECT count(*) AS n FROM apalis.jobs WHERE convert_from(job, 'UTF8')::jsonb ->> 'user_id' = '{user_id}'"
        ),
    };
    out.push(("jobs".to_owned(), count(app, &jobs).await));
    out.push((
        "rate_limits".to_owned(),
        count(
            app,
            &format!("SELECT count(*) AS n FROM rate_limits WHERE \"key\" = 'adapt:{user_id}'"),
        )
        .await,
    ));
    out
}

#[tokio::test]
async fn deleting_the_account_removes_every_row_of_it_and_nothing_else() {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit_store = Some(gainsly_app::settings::RateLimitStore::Database)
    })
    .await;
    let (token, id) = user(&app, "gone@example.com").await;
    let (other, other_id) = user(&app, "stays@example.com").await;
    for t in [&token, &other] {
        let (status, p) = app.post("/api/programs", t, program_body(&app, "P")).await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        let (status, s) = app.get(&format!("/api/days/{}/plan", app.day(0)), t).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        let (status, s) = app
            .post(
                &format!("/api/days/{}/adapt", app.day(0)),
                t,
                json!({"energy": 6}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        let (status, _) = app
            .post(
                "/api/logs/top-set",
                t,
                json!({"date": app.day(-1), "exercise_id": BENCH, "weight_kg": 80, "reps": 5}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .post(
                "/api/logs/soreness",
                t,
                json!({"date": app.day(0), "muscle": "chest", "level": 4}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .post(
                "/api/settings/movement-rules",
                t,
                json!({"rule_type": "avoid", "muscle": "lower_back"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .post(
                "/api/settings/enjoyable-activities",
                t,
                json!({"name": "Run", "kind": "running", "intensity": "moderate"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .put("/api/settings/profile", t, json!({"age": 40}))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app
            .put("/api/settings/exercise-aliases", t, json!({"Bench": BENCH}))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = import(&app, t, "", &strong_csv(&app)).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .post("/api/tokens", t, json!({"name": "n", "scopes": ["read"]}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // A pre-generation queued for each user, through the worker's queue.
    let queue = gainsly_worker::JobQueue::open(&app.db).await.unwrap();
    for uid in [id, other_id] {
        gainsly_worker::jobs::enqueue_pregenerate(&queue, uid, gainsly_tests::test_now())
            .await
            .unwrap();
    }
    let pat = app
        .post(
            "/api/tokens",
            &token,
            json!({"name": "m", "scopes": ["read"]}),
        )
        .await
        .1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = rows_of(&app, id).await;
    for table in [
        "users",
        "programs",
        "sessions",
        "workout_logs",
        "workout_sets",
        "soreness_logs",
        "movement_rules",
        "enjoyable_activities",
        "user_profiles",
        "refresh_tokens",
        "personal_access_tokens",
        "imports",
        "exercise_aliases",
        "jobs",
        "rate_limits",
    ] {
        let n = before.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert!(
            n.unwrap_or(0) > 0,
            "{table} has rows of the user: {before:?}"
        );
    }
    let other_before = rows_of(&app, other_id).await;

    // A personal access token cannot delete the account; a wrong password neither.
    let (status, body) = delete_me(&app, &pat, json!({"password": "correct horse battery"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = delete_me(&app, &token, json!({"password": "wrong password"})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_error(&body, "UNAUTHORIZED");
    let (status, body) = delete_me(&app, &token, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(rows_of(&app, id).await, before, "nothing deleted yet");

    let (status, body) =
        delete_me(&app, &token, json!({"password": "correct horse battery"})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(body, Value::Null);
    for (table, n) in rows_of(&app, id).await {
        assert_eq!(n, 0, "{table} keeps rows of the deleted user");
    }
    assert_eq!(
        rows_of(&app, other_id).await,
        other_before,
        "the other user keeps everything"
    );

    // Every credential of the account is dead.
    for t in [&token, &pat] {
        let (status, body) = app.get("/api/logs/workouts", t).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_error(&body, "UNAUTHORIZED");
    }
    let (status, _) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "gone@example.com", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The email is free again.
    app.register("gone@example.com").await;
}
