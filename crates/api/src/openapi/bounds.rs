//! The bounds of every value the document describes (OWASP API4: every
//! string has a length, pattern or enumeration; every integer a range; every
//! array a maximum; every integer a format).
//!
//! Two kinds of bound are added here, after the handlers' annotations:
//!
//! - **By shape**, everywhere: a `date` is at most 10 characters and a
//!   `date-time` at most 35 (`2026-11-26T08:00:00.123456789+00:00`); an id is
//!   1 to 2⁶³−1 (api.md: positive 64-bit integers), an exercise id one of the
//!   catalog's; an integer with no tighter range gets its wire type's range.
//! - **By place**, from [`place_bounds`]: each names a schema, a property, an
//!   operation's parameter or body and the bound, taken from the same
//!   constants the server enforces wherever one exists (request lists from
//!   [`gainsly_domain::limits`], programs from [`gainsly_domain::program`],
//!   the whole lists of a user's things from [`gainsly_app::quotas`]).
//!
//! A bound on a request value is a promise the fuzzer checks both ways
//! (`scripts/schemathesis.sh`): the server must accept every value inside
//! it and refuse every value outside it. A bound on a response value is
//! checked against every answer the fuzzer sees. The few values left without
//! a bound are free text written by the server or the user, justified in
//! docs/security.md ("Spec lint exceptions").

use gainsly_app::quotas::Quota;
use gainsly_domain::Muscle;
use gainsly_domain::catalog::catalog;
use gainsly_domain::limits::{
    MAX_AVOID_EXERCISES, MAX_EQUIPMENT_ITEMS, MAX_LABEL_CHARS, MAX_MUSCLE_ITEMS,
};
use gainsly_domain::program::{DURATION_WEEKS_RANGE, SESSION_MINUTES_RANGE};
use serde_json::{Map, Value, json};

/// The longest `date` (`2026-11-26`).
const DATE_MAX_LEN: usize = 10;
/// The longest RFC 3339 `date-time` with a four-digit year and nanoseconds.
const DATE_TIME_MAX_LEN: usize = 35;
/// A display name or a name the user gives (programs, workouts, activities, tokens).
const NAME_MAX_LEN: usize = 100;
/// api.md: emails are at most 254 characters.
const EMAIL_MAX_LEN: usize = 254;
/// The longest IANA time-zone name is 32 characters; 64 leaves room.
const TIMEZONE_MAX_LEN: usize = 64;
/// Paged lists: `limit` is at most 200.
const PAGE_MAX_ITEMS: usize = 200;
/// The alias route takes at most 500 names at once, each at most 200 characters.
const ALIASES_MAX: usize = 500;
const ALIAS_NAME_MAX_LEN: usize = 200;
/// Sessions never hold more exercises than the longest session's range (6–9),
/// nor sets of one exercise more than a warm-up ramp plus working sets.
const SESSION_MAX_EXERCISES: usize = 12;
const SET_PLAN_MAX_ITEMS: usize = 16;

/// Adds every bound to `doc` (the document as JSON). Returns the places of
/// [`place_bounds`] that name nothing in the document (a test keeps this
/// empty, so a renamed field cannot silently lose its bound).
pub(super) fn apply(doc: &mut Value) -> Vec<String> {
    let mut missing = Vec::new();
    for (place, bound) in place_bounds() {
        match locate(doc, &place) {
            Some(Value::Object(schema)) => merge(schema, &bound),
            _ => missing.push(place),
        }
    }
    walk(doc, &mut |key, schema| by_shape(key, schema));
    missing
}

/// Bounds by place: `Schema.prop` (a component's property), with `[]` for an
/// array's items, `{}` for a map's keys and `<>` for its values;
/// `#operation_id ?param`, `#operation_id body` and `#operation_id 200` for
/// an operation's parameter, request body and response body.
fn place_bounds() -> Vec<(String, Value)> {
    let max_exercise_id = catalog().iter().map(|e| e.id.0).max().unwrap_or(1);
    let name = json!({ "maxLength": NAME_MAX_LEN });
    let email = json!({ "maxLength": EMAIL_MAX_LEN, "format": "email" });
    let equipment = json!({ "maxItems": MAX_EQUIPMENT_ITEMS });
    let muscles = json!({ "maxItems": MAX_MUSCLE_ITEMS });
    let paged = json!({ "maxItems": PAGE_MAX_ITEMS });
    let scopes = json!({ "minItems": 1, "maxItems": 2 });
    let scope = json!({ "enum": ["read", "write"] });
    let (wlo, whi) = DURATION_WEEKS_RANGE;
    let (mlo, mhi) = SESSION_MINUTES_RANGE;
    let range = |lo: i64, hi: i64| json!({ "minimum": lo, "maximum": hi });
    let timezone = json!({
        "maxLength": TIMEZONE_MAX_LEN,
        "pattern": r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$",
    });
    let entries: Vec<(&str, Value)> = vec![
        // Requests: the bounds the server enforces.
        ("LoginRequest.email", email.clone()),
        ("LoginRequest.password", json!({ "maxLength": 128 })),
        ("DeleteAccountRequest.password", json!({ "maxLength": 128 })),
        (
            "RefreshRequest.refresh_token",
            json!({ "maxLength": gainsly_app::auth::MAX_REFRESH_TOKEN_CHARS }),
        ),
        ("UserProfileUpdate.timezone", timezone.clone()),
        ("UserProfileUpdate.equipment", equipment.clone()),
        ("ProgramCreate.equipment", equipment.clone()),
        ("ProgramUpdate.equipment", equipment.clone()),
        ("ProgramCreate.custom_days", json!({ "maxItems": 14 })),
        (
            "MicrocycleDay.label",
            json!({ "maxLength": MAX_LABEL_CHARS }),
        ),
        ("MicrocycleDay.target_muscles", muscles.clone()),
        ("AdaptationRequest.equipment", equipment.clone()),
        ("AdaptationRequest.focus_muscles", muscles.clone()),
        (
            "AdaptationRequest.avoid_exercises",
            json!({ "maxItems": MAX_AVOID_EXERCISES }),
        ),
        ("PersonalTokenCreate.scopes", scopes.clone()),
        ("PersonalTokenCreate.scopes[]", scope.clone()),
        (
            "#list_exercises ?q",
            json!({ "maxLength": gainsly_app::exercises::MAX_QUERY_CHARS }),
        ),
        ("#list_exercises ?role", json!({ "default": "primary" })),
        (
            "#create_import ?source",
            json!({ "enum": ["auto", "strong", "hevy", "fitnotes"] }),
        ),
        ("#create_import ?tz", timezone.clone()),
        (
            "#create_import body",
            json!({ "maxLength": 20 * 1024 * 1024 }),
        ),
        (
            "#put_exercise_aliases body",
            json!({ "maxProperties": ALIASES_MAX }),
        ),
        (
            "#put_exercise_aliases body{}",
            json!({ "minLength": 1, "maxLength": ALIAS_NAME_MAX_LEN }),
        ),
        ("#put_exercise_aliases body<>", range(1, max_exercise_id)),
        // Responses: what the server writes.
        (
            "#put_exercise_aliases 200{}",
            json!({ "minLength": 1, "maxLength": ALIAS_NAME_MAX_LEN }),
        ),
        ("#put_exercise_aliases 200<>", range(1, max_exercise_id)),
        (
            "#list_exercise_aliases 200{}",
            json!({ "minLength": 1, "maxLength": ALIAS_NAME_MAX_LEN }),
        ),
        ("#list_exercise_aliases 200<>", range(1, max_exercise_id)),
        ("#list_exercises 200", paged.clone()),
        (
            "#list_programs 200",
            json!({ "maxItems": Quota::Programs.max() }),
        ),
        (
            "#list_rules 200",
            json!({ "maxItems": Quota::MovementRules.max() }),
        ),
        (
            "#list_activities 200",
            json!({ "maxItems": Quota::Activities.max() }),
        ),
        (
            "#list_tokens 200",
            json!({ "maxItems": Quota::Tokens.max() }),
        ),
        ("#list_workouts 200", paged.clone()),
        ("#list_soreness 200", paged.clone()),
        ("UserResponse.email", email.clone()),
        ("UserResponse.name", name.clone()),
        ("UserProfile.email", email.clone()),
        ("UserProfile.name", name.clone()),
        ("UserProfile.timezone", timezone),
        ("UserProfile.equipment", equipment.clone()),
        (
            "TokenResponse.access_token",
            json!({ "maxLength": 2048, "pattern": r"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+$" }),
        ),
        (
            "TokenResponse.refresh_token",
            json!({ "maxLength": 43, "pattern": "^[A-Za-z0-9_-]{43}$" }),
        ),
        ("TokenResponse.token_type", json!({ "const": "Bearer" })),
        ("TokenResponse.expires_in", range(1, i64::from(i32::MAX))),
        ("PersonalTokenCreated.name", name.clone()),
        (
            "PersonalTokenCreated.token",
            json!({ "maxLength": 47, "pattern": "^gsk_[A-Za-z0-9_-]{43}$" }),
        ),
        ("PersonalTokenCreated.scopes", scopes.clone()),
        ("PersonalTokenCreated.scopes[]", scope.clone()),
        ("PersonalTokenResponse.name", name.clone()),
        ("PersonalTokenResponse.scopes", scopes.clone()),
        ("PersonalTokenResponse.scopes[]", scope.clone()),
        ("CurrentCredential.scopes", scopes),
        ("CurrentCredential.scopes[]", scope),
        ("Exercise.name", name.clone()),
        (
            "Exercise.slug",
            json!({ "maxLength": NAME_MAX_LEN, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" }),
        ),
        ("Exercise.fatigue", range(1, 5)),
        ("Exercise.skill", range(1, 5)),
        ("Exercise.equipment", equipment.clone()),
        ("Exercise.primary_muscles", muscles.clone()),
        ("Exercise.secondary_muscles", muscles.clone()),
        ("ExerciseId", range(1, max_exercise_id)),
        ("ProgramResponse.name", name.clone()),
        ("ProgramResponse.days_per_week", range(1, 7)),
        ("ProgramResponse.microcycle_length_days", range(7, 14)),
        (
            "ProgramResponse.duration_weeks",
            range(wlo.into(), whi.into()),
        ),
        (
            "ProgramResponse.session_minutes",
            range(mlo.into(), mhi.into()),
        ),
        ("ProgramResponse.deload_every_n_microcycles", range(0, 12)),
        (
            "ProgramResponse.goals",
            json!({ "minItems": 1, "maxItems": 3 }),
        ),
        ("ProgramResponse.equipment", equipment.clone()),
        ("ProgramResponse.custom_days", json!({ "maxItems": 14 })),
        ("MicrocycleResponse.length_days", range(7, 14)),
        (
            "MicrocycleResponse.days",
            json!({ "minItems": 7, "maxItems": 14 }),
        ),
        ("Session.day_index", range(1, 14)),
        ("Session.target_minutes", range(0, 240)),
        ("Session.estimated_minutes", range(0, 240)),
        (
            "Session.exercises",
            json!({ "maxItems": SESSION_MAX_EXERCISES }),
        ),
        ("Session.adaptations", json!({ "maxItems": 64 })),
        ("SessionExercise.name", name.clone()),
        (
            "SessionExercise.order",
            range(1, SESSION_MAX_EXERCISES as i64),
        ),
        ("SessionExercise.sets", range(1, 10)),
        ("SessionExercise.reps_min", range(1, 100)),
        ("SessionExercise.reps_max", range(1, 100)),
        ("SessionExercise.rest_seconds", range(0, 600)),
        ("SessionExercise.primary_muscles", muscles.clone()),
        ("SessionExercise.equipment", equipment.clone()),
        (
            "SessionExercise.set_plan",
            json!({ "maxItems": SET_PLAN_MAX_ITEMS }),
        ),
        ("RecommendedActivity.name", name.clone()),
        ("RecommendedActivity.minutes", range(5, 600)),
        ("Activity.name", name.clone()),
        ("Activity.minutes", range(5, 600)),
        ("Activity.sessions_per_week", range(0, 14)),
        (
            "WeeklyVolumeResponse.muscles",
            json!({ "minItems": Muscle::ALL.len(), "maxItems": Muscle::ALL.len() }),
        ),
        (
            "RecoveryState.muscles",
            json!({ "minItems": Muscle::ALL.len(), "maxItems": Muscle::ALL.len() }),
        ),
        ("SorenessLog.level", range(0, 10)),
        ("SorenessLog.notes", json!({ "maxLength": 1000 })),
        ("WorkoutLogResponse.name", name.clone()),
        ("WorkoutLogResponse.notes", json!({ "maxLength": 2000 })),
        (
            "WorkoutLogResponse.muscle_sets{}",
            json!({ "$ref": "#/components/schemas/Muscle" }),
        ),
        ("LoggedExerciseResponse.name", name.clone()),
        ("E1rmPointResponse.reps", range(1, 30)),
        ("WorkingExposureResponse.reps", range(1, 30)),
        (
            "E1rmSeriesResponse.working_exposures",
            json!({ "maxItems": 3 }),
        ),
        ("MovementRuleResponse.reason", json!({ "maxLength": 500 })),
        ("NameSuggestion.name", name.clone()),
        (
            "ImportReportResponse.source",
            json!({ "enum": ["strong", "hevy", "fitnotes"] }),
        ),
        (
            "ImportReportResponse.dialect",
            json!({ "maxLength": 40, "pattern": "^[a-z_]+$" }),
        ),
        (
            "ImportReportResponse.units",
            json!({ "enum": ["kg", "lb", "mixed"] }),
        ),
        (
            "SetResponse.kind",
            json!({ "enum": ["normal", "warmup", "dropset", "failure"] }),
        ),
        ("HealthResponse.status", json!({ "const": "ok" })),
        (
            "HealthResponse.version",
            json!({ "maxLength": 32, "pattern": r"^\d+\.\d+\.\d+" }),
        ),
        (
            "ReadyResponse.status",
            json!({ "enum": ["ok", "degraded", "unavailable"] }),
        ),
        ("ReadyResponse.database", json!({ "enum": ["ok", "error"] })),
        (
            "ErrorBody.error_code",
            json!({ "enum": crate::error::ERROR_CODES }),
        ),
        (
            "ErrorBody.errors",
            json!({ "maxItems": crate::error::MAX_FIELD_ERRORS }),
        ),
    ];
    entries
        .into_iter()
        .map(|(place, bound)| (place.to_owned(), bound))
        .collect()
}

/// The schema object at `place` (see [`place_bounds`]).
fn locate<'a>(doc: &'a mut Value, place: &str) -> Option<&'a mut Value> {
    let (base, suffix) = split_suffix(place);
    let node = if let Some(op_place) = base.strip_prefix('#') {
        let (op_id, what) = op_place.split_once(' ')?;
        let op = operation(doc, op_id)?;
        if let Some(param) = what.strip_prefix('?') {
            op.get_mut("parameters")?
                .as_array_mut()?
                .iter_mut()
                .find(|p| p["name"] == param)?
                .get_mut("schema")?
        } else if what == "body" {
            first_content_schema(op.get_mut("requestBody")?)?
        } else {
            first_content_schema(op.get_mut("responses")?.get_mut(what)?)?
        }
    } else {
        let (schema, prop) = match base.split_once('.') {
            Some((schema, prop)) => (schema, Some(prop)),
            None => (base, None),
        };
        let node = doc
            .get_mut("components")?
            .get_mut("schemas")?
            .get_mut(schema)?;
        match prop {
            Some(prop) => node.get_mut("properties")?.get_mut(prop)?,
            None => node,
        }
    };
    match suffix {
        "[]" => node.get_mut("items"),
        "{}" => node.get_mut("propertyNames"),
        "<>" => node.get_mut("additionalProperties"),
        _ => Some(node),
    }
}

fn split_suffix(place: &str) -> (&str, &str) {
    for suffix in ["[]", "{}", "<>"] {
        if let Some(base) = place.strip_suffix(suffix) {
            return (base, suffix);
        }
    }
    (place, "")
}

fn operation<'a>(doc: &'a mut Value, op_id: &str) -> Option<&'a mut Value> {
    doc.get_mut("paths")?
        .as_object_mut()?
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .find(|op| op["operationId"] == op_id)
}

fn first_content_schema(holder: &mut Value) -> Option<&mut Value> {
    holder
        .get_mut("content")?
        .as_object_mut()?
        .values_mut()
        .next()?
        .get_mut("schema")
}

/// Sets each of `bound`'s keys on `schema` (a `$ref` replaces the schema:
/// JSON Schema 2020-12 allows siblings, but the named schema says it all).
fn merge(schema: &mut Map<String, Value>, bound: &Value) {
    let Some(bound) = bound.as_object() else {
        return;
    };
    if bound.contains_key("$ref") {
        schema.clear();
    }
    for (key, value) in bound {
        schema.insert(key.clone(), value.clone());
    }
}

/// Calls `f` on every schema object of the document, with the name it has
/// in its parent (a property's or a parameter's name, else "").
fn walk(node: &mut Value, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    walk_named("", node, f);
}

fn walk_named(name: &str, node: &mut Value, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            if map.contains_key("type") {
                f(name, map);
            }
            // A parameter names its schema.
            let param_name = map
                .get("in")
                .and(map.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "properties" => {
                        if let Value::Object(props) = child {
                            for (prop, schema) in props.iter_mut() {
                                walk_named(prop, schema, f);
                            }
                        }
                    }
                    "schema" => walk_named(param_name.as_deref().unwrap_or(name), child, f),
                    "items" => walk_named(name, child, f),
                    "example" | "examples" | "default" | "enum" | "const" => {}
                    _ => walk_named("", child, f),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_named(name, item, f);
            }
        }
        _ => {}
    }
}

fn has_type(schema: &Map<String, Value>, ty: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == ty,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == ty),
        _ => false,
    }
}

fn is_id(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

/// Bounds by shape (see the module doc).
fn by_shape(name: &str, schema: &mut Map<String, Value>) {
    if has_type(schema, "string") && !schema.contains_key("maxLength") {
        let max = match schema.get("format").and_then(Value::as_str) {
            Some("date") => Some(DATE_MAX_LEN),
            Some("date-time") => Some(DATE_TIME_MAX_LEN),
            _ => None,
        };
        if let Some(max) = max {
            schema.insert("maxLength".into(), max.into());
        }
    }
    if has_type(schema, "integer") {
        if is_id(name) && !schema.contains_key("minimum") {
            schema.insert("minimum".into(), 1.into());
        }
        if !schema.contains_key("format") {
            schema.insert("format".into(), "int64".into());
        }
        let int32 = schema.get("format").is_some_and(|f| f == "int32");
        let unsigned = schema
            .get("minimum")
            .and_then(Value::as_i64)
            .is_some_and(|m| m >= 0);
        if !schema.contains_key("minimum") {
            let min = if int32 { i64::from(i32::MIN) } else { i64::MIN };
            schema.insert("minimum".into(), min.into());
        }
        if !schema.contains_key("maximum") {
            // utoipa writes u32 as int32 with minimum 0: its range is u32's.
            let max = match (int32, unsigned) {
                (true, true) => i64::from(u32::MAX),
                (true, false) => i64::from(i32::MAX),
                (false, _) => i64::MAX,
            };
            schema.insert("maximum".into(), max.into());
        }
    }
}
