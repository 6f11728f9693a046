//! The MCP endpoint (`/mcp`, Streamable HTTP) spoken to as an MCP client
//! would, JSON-RPC over real HTTP: authentication (401 with the RFC 9728
//! pointer, and the document), the `Origin` check, scopes per tool, BOLA
//! across users, the adaptation rate limit, tool errors that carry the
//! API's 422, exercises named by name, and `adapt_day` returning the
//! session the REST route returns.

use gainsly_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::days::{upper_day, with_program};
use crate::logs::BENCH;

/// The previous revision (the current one, 2026-07-28, needs per-request
/// `_meta`; the Python SDK check in CI speaks both).
const PROTOCOL: &str = "2025-11-25";

const READ_TOOLS: [&str; 7] = [
    "get_day_plan",
    "get_recovery_state",
    "get_e1rm_history",
    "search_exercises",
    "list_programs",
    "get_program",
    "weekly_volume",
];

/// A raw POST to `/mcp`.
async fn post_mcp(
    app: &TestApp,
    token: Option<&str>,
    origin: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/mcp"))
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", PROTOCOL)
        .json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.send().await.unwrap()
}

/// The JSON-RPC answer of one request (a JSON body, or the first message of
/// an event stream).
async fn rpc(app: &TestApp, token: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let res = post_mcp(app, Some(token), None, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let message = match serde_json::from_str::<Value>(&text) {
        Ok(v) => v,
        Err(_) => text
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .find_map(|d| serde_json::from_str(d.trim()).ok())
            .unwrap_or_else(|| panic!("no JSON-RPC message in {text}")),
    };
    assert_eq!(message["id"], 1, "{message}");
    message
}

/// `tools/call`: the result (a tool error is a result too).
async fn call(app: &TestApp, token: &str, tool: &str, arguments: Value) -> Value {
    let message = rpc(
        app,
        token,
        "tools/call",
        json!({"name": tool, "arguments": arguments}),
    )
    .await;
    assert!(message.get("error").is_none(), "protocol error: {message}");
    message["result"].clone()
}

/// A successful call's structured content.
async fn ok(app: &TestApp, token: &str, tool: &str, arguments: Value) -> Value {
    succeeded(call(app, token, tool, arguments).await)
}

/// A refused call's structured content (the API's error body).
async fn refused(app: &TestApp, token: &str, tool: &str, arguments: Value) -> Value {
    failed(call(app, token, tool, arguments).await)
}

/// The structured content of a tool result that succeeded, with its text.
fn succeeded(result: Value) -> Value {
    assert_eq!(result["isError"], false, "{result}");
    assert!(
        result["content"][0]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    result["structuredContent"].clone()
}

/// The structured content of a tool result that is an error.
fn failed(result: Value) -> Value {
    assert_eq!(result["isError"], true, "{result}");
    result["structuredContent"].clone()
}

async fn tool_names(app: &TestApp, token: &str) -> Vec<String> {
    let message = rpc(app, token, "tools/list", json!({})).await;
    let mut names: Vec<String> = message["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// A personal access token of the session's user with `scopes`.
async fn pat(app: &TestApp, session: &str, scopes: Value) -> String {
    let (status, body) = app
        .post(
            "/api/tokens",
            session,
            json!({"name": "mcp", "scopes": scopes}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn without_a_valid_token_the_answer_is_401_pointing_to_the_metadata() {
    let app = TestApp::spawn().await;
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let expected = format!(
        "Bearer resource_metadata=\"{}/.well-known/oauth-protected-resource\"",
        app.base
    );
    for token in [None, Some("gsk_not-a-token"), Some("not.a.jwt")] {
        let res = post_mcp(&app, token, None, &list).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(res.headers()["www-authenticate"], expected.as_str());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error_code"], "UNAUTHORIZED");
    }
    for path in [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let doc: Value = res.json().await.unwrap();
        assert_eq!(doc["resource"], format!("{}/mcp", app.base));
        assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
        assert_eq!(doc["scopes_supported"], json!(["read", "write"]));
    }
}

#[tokio::test]
async fn a_foreign_origin_is_refused_and_the_own_one_served() {
    let app = TestApp::spawn().await;
    let token = app.user_token("origin@example.com").await;
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    for foreign in ["http://evil.example", "null", "https://127.0.0.1"] {
        let res = post_mcp(&app, Some(&token), Some(foreign), &list).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{foreign}");
    }
    // Checked before the credential: no token, foreign origin → 403.
    let res = post_mcp(&app, None, Some("http://evil.example"), &list).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_mcp(&app, Some(&token), Some(&app.base), &list).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_read_token_sees_and_calls_only_the_read_tools() {
    let app = TestApp::spawn().await;
    let (session, _) = with_program(&app, "scopes@example.com").await;
    let write = pat(&app, &session, json!(["read", "write"])).await;
    let read = pat(&app, &session, json!(["read"])).await;

    let all = tool_names(&app, &write).await;
    assert_eq!(all.len(), 13, "{all:?}");
    assert_eq!(
        tool_names(&app, &session).await,
        all,
        "a sign-in token writes"
    );
    let mut expected: Vec<String> = READ_TOOLS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(tool_names(&app, &read).await, expected);

    // Read tools work with it; write tools are refused and write nothing.
    ok(&app, &read, "get_recovery_state", json!({})).await;
    ok(&app, &read, "get_day_plan", json!({})).await;
    let body = refused(
        &app,
        &read,
        "log_soreness",
        json!({"muscle": "quads", "level": 5}),
    )
    .await;
    assert_eq!(body["error_code"], "FORBIDDEN", "{body}");
    let body = refused(&app, &read, "adapt_day", json!({"energy": 3})).await;
    assert_eq!(body["error_code"], "FORBIDDEN", "{body}");
    let (_, logs) = app.get("/api/logs/soreness", &session).await;
    assert_eq!(logs, json!([]));
    let (_, plan) = app
        .get(&format!("/api/days/{}/plan", upper_day(&app)), &session)
        .await;
    assert_eq!(plan["status"], "planned", "not adapted");

    // The same call with the write token goes through.
    let log = ok(
        &app,
        &write,
        "log_soreness",
        json!({"muscle": "quads", "level": 5}),
    )
    .await;
    assert_eq!(log["level"], 5);
}

#[tokio::test]
async fn another_users_data_is_not_found_through_mcp() {
    let app = TestApp::spawn().await;
    let (alice, alice_program) = with_program(&app, "alice-mcp@example.com").await;
    let bob = app.user_token("bob-mcp@example.com").await;
    let upper = upper_day(&app);
    let (_, before) = app.get(&format!("/api/days/{upper}/plan"), &alice).await;

    let body = refused(&app, &bob, "get_program", json!({"id": alice_program})).await;
    assert_eq!(body["error_code"], "NOT_FOUND", "{body}");
    let body = refused(
        &app,
        &bob,
        "get_day_plan",
        json!({"date": upper, "program_id": alice_program}),
    )
    .await;
    assert_eq!(body["error_code"], "NOT_FOUND", "{body}");
    let body = refused(
        &app,
        &bob,
        "adapt_day",
        json!({"date": upper, "program_id": alice_program, "available_minutes": 20}),
    )
    .await;
    assert_eq!(body["error_code"], "NOT_FOUND", "{body}");
    let listed = ok(&app, &bob, "list_programs", json!({})).await;
    assert_eq!(listed["programs"], json!([]));
    // A session of Alice's cannot be completed by Bob's log.
    let session_id = before["id"].as_i64().unwrap();
    let body = refused(
        &app,
        &bob,
        "log_workout",
        json!({"date": upper, "session_id": session_id,
               "exercises": [{"exercise": BENCH, "sets": [{"weight_kg": 60, "reps": 8}]}]}),
    )
    .await;
    assert_eq!(body["error_code"], "VALIDATION_ERROR", "{body}");

    // Alice's day is untouched.
    let (_, after) = app.get(&format!("/api/days/{upper}/plan"), &alice).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn adapt_day_counts_against_the_per_user_limit_shared_with_rest() {
    let app = TestApp::spawn_with(|s| s.adapt_rate_limit_per_minute = 2).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "limit-mcp@example.com").await;
    let (status, s) = app
        .post(&format!("/api/days/{upper}/adapt"), &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    ok(&app, &token, "adapt_day", json!({"date": upper})).await;
    let result = call(&app, &token, "adapt_day", json!({"date": upper})).await;
    assert_eq!(result["isError"], true, "{result}");
    assert_eq!(result["structuredContent"]["error_code"], "RATE_LIMITED");
    assert!(
        result["content"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("retry after")),
        "{result}"
    );
    // Invalid signals are refused before they count (as over REST), and
    // reading is not limited.
    let body = refused(&app, &token, "adapt_day", json!({"energy": 11})).await;
    assert_eq!(body["error_code"], "VALIDATION_ERROR", "{body}");
    ok(&app, &token, "get_day_plan", json!({"date": upper})).await;
    // Another user has a limit of their own.
    let (other, _) = with_program(&app, "calm-mcp@example.com").await;
    ok(&app, &other, "adapt_day", json!({"date": upper})).await;
}

/// A session without what differs between two users or two writes.
fn comparable(session: &Value) -> Value {
    let mut s = session.clone();
    for key in ["id", "program_id", "created_at", "updated_at"] {
        s.as_object_mut().unwrap().remove(key);
    }
    s
}

#[tokio::test]
async fn adapt_day_returns_the_session_the_rest_route_returns() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let signals = json!({"available_minutes": 30, "soreness": {"chest": 6}, "energy": 5,
                         "equipment": ["dumbbell", "bench", "cable"]});
    let (rest_user, _) = with_program(&app, "rest-twin@example.com").await;
    let (mcp_user, _) = with_program(&app, "mcp-twin@example.com").await;

    let (status, over_rest) = app
        .post(
            &format!("/api/days/{upper}/adapt"),
            &rest_user,
            signals.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{over_rest}");
    let mut args = signals.clone();
    args["date"] = json!(upper);
    let over_mcp = ok(&app, &mcp_user, "adapt_day", args).await;

    // The very session stored, as REST serializes it...
    let (_, stored) = app.get(&format!("/api/days/{upper}/plan"), &mcp_user).await;
    assert_eq!(over_mcp, stored);
    assert_eq!(over_mcp["status"], "adapted");
    // ...and the one the REST route plans from the same inputs.
    assert_eq!(comparable(&over_mcp), comparable(&over_rest));
    // The soreness was recorded, as over REST.
    let (_, logs) = app.get("/api/logs/soreness", &mcp_user).await;
    assert_eq!(logs[0]["muscle"], "chest");
    assert_eq!(logs[0]["level"], 6);
}

#[tokio::test]
async fn tool_errors_carry_the_apis_422_and_names_resolve() {
    let app = TestApp::spawn().await;
    let token = app.user_token("names@example.com").await;
    let today = app.day(0);

    // The same bad top set over REST and over MCP: the same body.
    let bad = json!({"date": today, "exercise_id": BENCH, "weight_kg": 100, "reps": 0});
    let (status, over_rest) = app.post("/api/logs/top-set", &token, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let over_mcp = refused(
        &app,
        &token,
        "log_top_set",
        json!({"date": today, "exercise": BENCH, "weight_kg": 100, "reps": 0}),
    )
    .await;
    assert_eq!(over_mcp, over_rest);
    // A wrong type is a 422-style refusal naming the field, not a protocol error.
    let body = refused(
        &app,
        &token,
        "log_soreness",
        json!({"muscle": "quads", "level": "x"}),
    )
    .await;
    assert_eq!(body["error_code"], "VALIDATION_ERROR");
    assert_eq!(body["errors"][0]["field"], "level", "{body}");

    // By catalog name, by slug, by the user's alias.
    let by_name = ok(
        &app,
        &token,
        "log_top_set",
        json!({"exercise": "Barbell Bench Press", "weight_kg": 100, "reps": 5}),
    )
    .await;
    assert_eq!(by_name["exercises"][0]["exercise_id"], BENCH, "{by_name}");
    let (status, _) = app
        .put(
            "/api/settings/exercise-aliases",
            &token,
            json!({"Flat bench": BENCH}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let by_alias = ok(
        &app,
        &token,
        "get_e1rm_history",
        json!({"exercise": "flat BENCH"}),
    )
    .await;
    assert_eq!(by_alias["exercise_id"], BENCH);
    assert_eq!(by_alias["points"].as_array().unwrap().len(), 1);

    // Ambiguous: an error listing the candidates with their ids.
    let result = call(
        &app,
        &token,
        "get_e1rm_history",
        json!({"exercise": "curl"}),
    )
    .await;
    assert_eq!(result["isError"], true);
    let message = result["structuredContent"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("ambiguous") && message.contains("(id "),
        "{message}"
    );
    assert_eq!(
        result["structuredContent"]["errors"][0]["field"],
        "exercise"
    );
    // Unknown.
    let body = refused(
        &app,
        &token,
        "log_workout",
        json!({"date": today, "exercises": [{"exercise": "zzz", "sets": [{"reps": 5}]}]}),
    )
    .await;
    assert_eq!(
        body["errors"][0]["field"], "exercises[0].exercise",
        "{body}"
    );
}

#[tokio::test]
async fn weekly_volume_counts_the_weeks_sets_against_the_landmarks() {
    let app = TestApp::spawn().await;
    let token = app.user_token("volume@example.com").await;
    // TEST_NOW is a Monday: today and Sunday are one week, next Monday another.
    for date in [app.day(0), app.day(6), app.day(7)] {
        ok(&app, &token, "log_workout", bench_workout(&date)).await;
    }
    let week = ok(
        &app,
        &token,
        "weekly_volume",
        json!({"week_of": app.day(3)}),
    )
    .await;
    assert_eq!(week["week_start"], app.day(0));
    assert_eq!(week["week_end"], app.day(6));
    assert_eq!(week["workouts"], 2);
    let muscles = week["muscles"].as_array().unwrap();
    assert_eq!(muscles.len(), 18);
    let chest = muscles.iter().find(|m| m["muscle"] == "chest").unwrap();
    assert_eq!(chest["sets"], 4.0, "bench: chest primary, 2 logs × 2 sets");
    let at = |k: &str| chest[k].as_f64().unwrap();
    assert!(at("mv") <= at("mev") && at("mev") <= at("mav_low") && at("mav_high") <= at("mrv"));
    let expected = if 4.0 < at("mv") {
        "below_maintenance"
    } else if 4.0 < at("mev") {
        "maintenance"
    } else {
        "effective"
    };
    assert_eq!(chest["zone"], expected, "{chest}");
    let quads = muscles.iter().find(|m| m["muscle"] == "quads").unwrap();
    assert_eq!(quads["sets"], 0.0);
}

/// `log_workout`'s arguments: two sets of bench press (60 kg × 8) on `date`.
fn bench_workout(date: &str) -> Value {
    let sets = json!([{"weight_kg": 60, "reps": 8}, {"weight_kg": 60, "reps": 8}]);
    json!({"date": date, "exercises": [{"exercise": BENCH, "sets": sets}]})
}

// ------------------------------------------------------------------ stdio
//
// The `gainsly-mcp` stdio server (the tools on the REST backend, which
// calls the live test server's REST routes with a personal access token),
// spoken to as an MCP client would: newline-delimited JSON-RPC over a pipe.

/// An MCP session with the stdio server over an in-memory pipe.
struct Stdio {
    writer: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::io::ReadHalf<tokio::io::DuplexStream>>>,
    next_id: i64,
}

impl Stdio {
    /// The stdio server for `token` against `app`, initialized.
    async fn start(app: &TestApp, token: &str) -> Stdio {
        use rmcp::ServiceExt;
        use tokio::io::AsyncBufReadExt;
        let backend = gainsly_mcp::RestBackend::connect(&app.base, token)
            .await
            .unwrap();
        let server = gainsly_mcp::GainslyMcp::over(std::sync::Arc::new(backend));
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        tokio::spawn(async move {
            if let Ok(running) = server.serve((server_read, server_write)).await {
                let _ = running.waiting().await;
            }
        });
        let (client_read, writer) = tokio::io::split(client_end);
        let mut stdio = Stdio {
            writer,
            lines: tokio::io::BufReader::new(client_read).lines(),
            next_id: 1,
        };
        let init = stdio
            .request(
                "initialize",
                json!({"protocolVersion": PROTOCOL, "capabilities": {},
                       "clientInfo": {"name": "gainsly-tests", "version": "0"}}),
            )
            .await;
        assert!(init.get("result").is_some(), "{init}");
        stdio
            .send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        stdio
    }

    async fn send(&mut self, message: &Value) {
        use tokio::io::AsyncWriteExt;
        let line = format!("{message}\n");
        self.writer.write_all(line.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// One request's answer (messages without its id are skipped).
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let line = self.lines.next_line().await.unwrap().expect("stdio closed");
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == id {
                return message;
            }
        }
    }

    async fn tools(&mut self) -> Value {
        let message = self.request("tools/list", json!({})).await;
        message["result"]["tools"].clone()
    }

    /// `tools/call`: the result (a tool error is a result too).
    async fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let message = self
            .request("tools/call", json!({"name": tool, "arguments": arguments}))
            .await;
        assert!(message.get("error").is_none(), "protocol error: {message}");
        message["result"].clone()
    }

    async fn ok(&mut self, tool: &str, arguments: Value) -> Value {
        succeeded(self.call(tool, arguments).await)
    }

    async fn refused(&mut self, tool: &str, arguments: Value) -> Value {
        failed(self.call(tool, arguments).await)
    }
}

/// A new user (`email`) with a personal access token of `scopes`, and the
/// stdio server for that token: the sign-in token, the personal token and
/// the session.
async fn stdio_user(app: &TestApp, email: &str, scopes: Value) -> (String, String, Stdio) {
    let session = app.user_token(email).await;
    let token = pat(app, &session, scopes).await;
    let stdio = Stdio::start(app, &token).await;
    (session, token, stdio)
}

#[tokio::test]
async fn stdio_lists_the_same_tools_as_streamable_http() {
    let app = TestApp::spawn().await;
    let session = app.user_token("stdio-list@example.com").await;
    let write = pat(&app, &session, json!(["read", "write"])).await;
    let read = pat(&app, &session, json!(["read"])).await;
    for token in [&write, &read] {
        let over_http = rpc(&app, token, "tools/list", json!({})).await["result"]["tools"].clone();
        let over_stdio = Stdio::start(&app, token).await.tools().await;
        assert_eq!(over_stdio, over_http);
    }
    let mut stdio = Stdio::start(&app, &write).await;
    assert_eq!(stdio.tools().await.as_array().unwrap().len(), 13);
    let mut stdio = Stdio::start(&app, &read).await;
    let mut names: Vec<String> = stdio
        .tools()
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = READ_TOOLS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn stdio_get_day_plan_answers_the_rest_plan() {
    let app = TestApp::spawn().await;
    let (session, _) = with_program(&app, "stdio-plan@example.com").await;
    let token = pat(&app, &session, json!(["read", "write"])).await;
    let mut stdio = Stdio::start(&app, &token).await;
    let day = upper_day(&app);
    let planned = stdio.ok("get_day_plan", json!({"date": day})).await;
    let (status, over_rest) = app.get(&format!("/api/days/{day}/plan"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(planned, over_rest);
    assert!(!planned["exercises"].as_array().unwrap().is_empty());
    // Without a date: today by the server's clock (the test clock, not this machine's).
    let today = stdio.ok("get_day_plan", json!({})).await;
    assert_eq!(today["date"], app.day(0));
}

#[tokio::test]
async fn stdio_log_top_set_writes_through_the_rest_api() {
    let app = TestApp::spawn().await;
    let (_, token, mut stdio) =
        stdio_user(&app, "stdio-top@example.com", json!(["read", "write"])).await;
    let logged = stdio
        .ok(
            "log_top_set",
            json!({"exercise": "Barbell Bench Press", "weight_kg": 100, "reps": 5}),
        )
        .await;
    assert_eq!(logged["exercises"][0]["exercise_id"], BENCH, "{logged}");
    assert_eq!(logged["date"], app.day(0));
    assert_eq!(logged["is_pr"], true);
    let (status, stored) = app
        .get(&format!("/api/logs/workouts/{}", logged["id"]), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored, logged);
    // A refusal is the REST API's 422 body, as over /mcp.
    let bad = json!({"date": app.day(0), "exercise": BENCH, "weight_kg": 100, "reps": 0});
    let over_stdio = stdio.refused("log_top_set", bad.clone()).await;
    let over_http = refused(&app, &token, "log_top_set", bad).await;
    assert_eq!(over_stdio, over_http);
    assert_eq!(over_stdio["error_code"], "VALIDATION_ERROR");
    // Arguments that do not fit the schema: the same 422 on both transports.
    let wrong = json!({"muscle": "quads", "level": "x"});
    let over_stdio = stdio.refused("log_soreness", wrong.clone()).await;
    assert_eq!(
        over_stdio,
        refused(&app, &token, "log_soreness", wrong).await
    );
    assert_eq!(over_stdio["errors"][0]["field"], "level", "{over_stdio}");
    // Not found: the API's 404 body.
    let missing = stdio.refused("get_program", json!({"id": 999_999})).await;
    assert_eq!(missing["error_code"], "NOT_FOUND");
}

#[tokio::test]
async fn stdio_refuses_a_read_tokens_write_tool_with_the_403() {
    let app = TestApp::spawn().await;
    let (session, read, mut stdio) =
        stdio_user(&app, "stdio-read@example.com", json!(["read"])).await;
    let arguments = json!({"muscle": "quads", "level": 5});
    let over_stdio = stdio.refused("log_soreness", arguments.clone()).await;
    assert_eq!(over_stdio["error_code"], "FORBIDDEN", "{over_stdio}");
    assert_eq!(
        over_stdio,
        refused(&app, &read, "log_soreness", arguments).await
    );
    // Nothing was written; read tools work.
    let (_, reports) = app.get("/api/logs/soreness", &session).await;
    assert_eq!(reports, json!([]));
    stdio.ok("get_recovery_state", json!({})).await;
}

#[tokio::test]
async fn stdio_an_ambiguous_name_is_an_error_listing_candidates() {
    let app = TestApp::spawn().await;
    let (_, token, mut stdio) =
        stdio_user(&app, "stdio-names@example.com", json!(["read", "write"])).await;
    let body = stdio
        .refused("get_e1rm_history", json!({"exercise": "curl"}))
        .await;
    assert_eq!(body["error_code"], "VALIDATION_ERROR");
    assert_eq!(body["errors"][0]["field"], "exercise", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("ambiguous") && message.contains("(id "),
        "{message}"
    );
    // The same candidates as the in-process tools list.
    let over_http = refused(
        &app,
        &token,
        "get_e1rm_history",
        json!({"exercise": "curl"}),
    )
    .await;
    assert_eq!(body, over_http);
    // An unknown name, and a name of several words.
    let none = stdio
        .refused("get_e1rm_history", json!({"exercise": "zzz qqq"}))
        .await;
    assert!(
        none["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no exercise")
    );
    let found = stdio
        .ok(
            "get_e1rm_history",
            json!({"exercise": "barbell bench press"}),
        )
        .await;
    assert_eq!(found["exercise_id"], BENCH);
}

#[tokio::test]
async fn stdio_weekly_volume_matches_streamable_http() {
    let app = TestApp::spawn().await;
    let (_, token, mut stdio) =
        stdio_user(&app, "stdio-volume@example.com", json!(["read", "write"])).await;
    for date in [app.day(0), app.day(6), app.day(7)] {
        stdio.ok("log_workout", bench_workout(&date)).await;
    }
    let week = stdio
        .ok("weekly_volume", json!({"week_of": app.day(3)}))
        .await;
    assert_eq!(week["workouts"], 2);
    assert_eq!(
        week,
        ok(
            &app,
            &token,
            "weekly_volume",
            json!({"week_of": app.day(3)})
        )
        .await
    );
    // Without a date: this week by the server's clock.
    let this_week = stdio.ok("weekly_volume", json!({})).await;
    assert_eq!(this_week, week);
}

#[tokio::test]
async fn weekly_volume_counts_a_rolled_up_week_on_both_transports() {
    let app = TestApp::spawn().await;
    let (_, token, mut stdio) =
        stdio_user(&app, "volume-rollup@example.com", json!(["read", "write"])).await;
    // TEST_NOW is a Monday, so 119 days before it (17 weeks) is one too: a
    // week wholly older than the 90 days of detail.
    let (monday, wednesday) = (app.day(-119), app.day(-117));
    for date in [&monday, &wednesday] {
        ok(&app, &token, "log_workout", bench_workout(date)).await;
    }
    let args = json!({"week_of": wednesday});
    let detailed = ok(&app, &token, "weekly_volume", args.clone()).await;
    assert_eq!(detailed["workouts"], 2);
    let report = crate::rollup::roll_up(&app).await;
    assert_eq!(report.users, 1, "{report:?}");
    let (_, logs) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(logs, json!([]), "the week's detail was rolled up");
    // The week counts the same from its roll-up: over /mcp, over stdio
    // (the REST route) and on the REST route itself.
    assert_eq!(
        ok(&app, &token, "weekly_volume", args.clone()).await,
        detailed
    );
    assert_eq!(stdio.ok("weekly_volume", args).await, detailed);
    let (status, over_rest) = app
        .get(
            &format!("/api/logs/weekly-volume?week_of={wednesday}"),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(over_rest, detailed);
    let chest = detailed["muscles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["muscle"] == "chest")
        .unwrap();
    assert_eq!(chest["sets"], 4.0, "{chest}");
}

#[tokio::test]
async fn stdio_names_resolve_through_the_users_aliases() {
    let app = TestApp::spawn().await;
    let (session, token, mut stdio) =
        stdio_user(&app, "stdio-alias@example.com", json!(["read"])).await;
    let aliases = json!({"Flat bench": BENCH, "My Squat": 1});
    let (status, _) = app
        .put("/api/settings/exercise-aliases", &session, aliases.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    // The route the stdio server reads them from, with a read token; another
    // user sees none of them.
    let (status, listed) = app.get("/api/settings/exercise-aliases", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed, aliases);
    let other = app.user_token("stdio-alias-other@example.com").await;
    let (_, theirs) = app.get("/api/settings/exercise-aliases", &other).await;
    assert_eq!(theirs, json!({}));
    // An alias exactly (any case), and a word found only in an alias.
    for (name, id) in [("flat BENCH", BENCH), ("my squat", 1), ("flat", BENCH)] {
        let args = json!({"exercise": name});
        let over_stdio = stdio.ok("get_e1rm_history", args.clone()).await;
        assert_eq!(over_stdio["exercise_id"], id, "{name}: {over_stdio}");
        assert_eq!(
            over_stdio,
            ok(&app, &token, "get_e1rm_history", args).await,
            "{name}"
        );
    }
    // "squat" names many catalog squats and the alias's: the same
    // candidates on both transports.
    let args = json!({"exercise": "squat"});
    let over_stdio = stdio.refused("get_e1rm_history", args.clone()).await;
    assert_eq!(
        over_stdio,
        refused(&app, &token, "get_e1rm_history", args).await
    );
}

/// `log_workout` takes a timed set's length as `seconds` (the tool's name
/// for the REST `duration_seconds`), and names it so in its errors.
#[tokio::test]
async fn log_workout_takes_a_timed_set_in_seconds() {
    let app = TestApp::spawn().await;
    let token = app.user_token("seconds@example.com").await;
    let today = app.day(0);
    let log = ok(
        &app,
        &token,
        "log_workout",
        json!({"date": today, "exercises": [{"exercise": 154, "sets": [{"seconds": 45}, {"seconds": 40}]}]}),
    )
    .await;
    let sets = log["exercises"][0]["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 2, "{log}");
    assert_eq!(sets[0]["duration_seconds"], 45, "{log}");
    let body = refused(
        &app,
        &token,
        "log_workout",
        json!({"date": today, "exercises": [{"exercise": 154, "sets": [{"seconds": "long"}]}]}),
    )
    .await;
    assert_eq!(
        body["errors"][0]["field"], "exercises[0].sets[0].seconds",
        "{body}"
    );
}
