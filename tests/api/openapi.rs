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
        let concrete = concrete_path(path);
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

/// Every documented path answers an undeclared method with 405 and an `Allow`
/// that lists exactly its documented methods.
#[tokio::test]
async fn allow_lists_exactly_the_documented_methods() {
    let app = TestApp::spawn().await;
    let spec: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let concrete = concrete_path(path);
        let mut documented: Vec<String> = item
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        documented.sort();
        let res = app
            .client
            .request(reqwest::Method::PATCH, app.url(&concrete))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{concrete}");
        let mut allowed: Vec<String> = res.headers()["allow"]
            .to_str()
            .unwrap()
            .split(", ")
            .map(str::to_owned)
            .collect();
        allowed.sort();
        assert_eq!(allowed, documented, "{concrete}");
    }
}

/// The shared error answers are documented wherever they can happen, and the
/// creating operations link to the ones that take the created id.
#[test]
fn error_answers_and_links_are_documented() {
    let spec: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    let mut links = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let has = |status: &str| responses.contains_key(status);
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "422"] {
                    assert!(has(status), "{method} {path} lacks {status}");
                }
            }
            if op["parameters"].as_array().is_some_and(|p| !p.is_empty()) {
                assert!(has("400"), "{method} {path} lacks 400");
            }
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                assert!(has("401"), "{method} {path} lacks 401");
            }
            for response in responses.values() {
                if let Some(l) = response.get("links").and_then(|l| l.as_object()) {
                    links += l.len();
                }
            }
        }
    }
    let create = &spec["paths"]["/api/programs"]["post"]["responses"]["201"]["links"];
    assert_eq!(create["get_program"]["operationId"], "get_program");
    assert_eq!(
        create["get_program"]["parameters"]["program_id"],
        "$response.body#/id"
    );
    assert!(links >= 11, "only {links} links");
}

/// Request fields that name a catalog exercise state the catalog's id range
/// (contiguous from 1), so the spec must follow the catalog's size.
#[test]
fn exercise_id_bounds_follow_the_catalog() {
    let spec: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let size = gainsly_domain::catalog().len() as u64;
    for schema in [
        "CustomExerciseCreate",
        "TopSetLogCreate",
        "MovementRuleCreate",
    ] {
        let id = &schemas[schema]["properties"]["exercise_id"];
        assert_eq!(id["minimum"], 1, "{schema}");
        assert_eq!(id["maximum"], size, "{schema}: update the bound in the DTO");
    }
}

/// A documented path template with every parameter filled in.
fn concrete_path(template: &str) -> String {
    template
        .replace("{date}", "2026-11-26")
        .replace("{program_id}", "1")
        .replace("{exercise_id}", "1")
        .replace("{log_id}", "1")
        .replace("{rule_id}", "1")
        .replace("{activity_id}", "1")
}

/// The schemas of a stored session body's fields (`exercises`, `muscle_sets`,
/// `recommended_activity`, `adaptations`, `rationale` and every schema they
/// reference), from the generated spec, keys sorted.
fn session_body_schemas() -> serde_json::Value {
    use serde_json::Value;
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => {
                            if let Some(name) = r.strip_prefix("#/components/schemas/") {
                                out.push(name.to_owned());
                            }
                        }
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let spec: Value = serde_json::from_str(&gainsly_api::openapi::spec_json().unwrap()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let session = &schemas["Session"]["properties"];
    let mut picked = serde_json::Map::new();
    let mut todo = Vec::new();
    for field in [
        "exercises",
        "muscle_sets",
        "recommended_activity",
        "adaptations",
        "rationale",
    ] {
        let schema = session[field].clone();
        assert!(!schema.is_null(), "Session has no field {field}");
        refs(&schema, &mut todo);
        picked.insert(format!("Session.{field}"), schema);
    }
    while let Some(name) = todo.pop() {
        if picked.contains_key(&name) {
            continue;
        }
        let schema = schemas[&name].clone();
        refs(&schema, &mut todo);
        picked.insert(name, schema);
    }
    // Only the shape (properties, types, required fields, enum values):
    // prose and the bounds a request is validated with are not part of it
    // (a catalog that grows raises an id's maximum; stored bodies still
    // read the same). A property that happens to be named like one of
    // those keywords is kept.
    fn strip_prose(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in [
                    "description",
                    "title",
                    "example",
                    "examples",
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "minLength",
                    "maxLength",
                    "minItems",
                    "maxItems",
                    "pattern",
                ] {
                    map.remove(key);
                }
                for (key, value) in map.iter_mut() {
                    match (key.as_str(), value) {
                        ("properties", Value::Object(props)) => {
                            props.values_mut().for_each(strip_prose)
                        }
                        (_, value) => strip_prose(value),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(strip_prose),
            _ => {}
        }
    }
    let mut picked = Value::Object(picked);
    strip_prose(&mut picked);
    // Keys sorted: a reordering is not a change of shape.
    let text = serde_json::to_string(&picked).unwrap();
    let sorted: std::collections::BTreeMap<String, Value> = serde_json::from_str(&text).unwrap();
    serde_json::to_value(sorted).unwrap()
}

/// Stored session bodies of the current format are served as stored
/// (`gainsly_db::repo::sessions::BODY_FORMAT`): when the shape of what they
/// hold changes, the format must be bumped, or old rows would be served in
/// the old shape. `GAINSLY_BLESS=1` writes the snapshot of a new format.
#[test]
fn stored_session_body_format_is_bumped_with_its_shape() {
    let format = gainsly_db::repo::sessions::BODY_FORMAT;
    let path = format!(
        "{}/../crates/db/session-body/format-{format}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let current = serde_json::to_string_pretty(&session_body_schemas()).unwrap() + "\n";
    if std::env::var_os("GAINSLY_BLESS").is_some() {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, &current).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        snapshot == current,
        "the stored session body's schemas changed (or {path} is missing): bump \
         gainsly_db::repo::sessions::BODY_FORMAT (and BODY_PREFIX), then write the new \
         snapshot with GAINSLY_BLESS=1 cargo test -p gainsly-tests --test api \
         stored_session_body_format"
    );
}
