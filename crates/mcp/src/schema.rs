//! A tool's input schema from the `utoipa::ToSchema` derive the REST API's
//! OpenAPI document is made of: the type's own schema, with the schemas it
//! references (domain enums and structs) under `$defs`, so that the tool's
//! schema is a self-contained JSON Schema (2020-12, as OpenAPI 3.1's is).

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// Where OpenAPI keeps referenced schemas, and where JSON Schema does.
const OPENAPI_REF: &str = "#/components/schemas/";
const JSON_SCHEMA_REF: &str = "#/$defs/";

/// The input schema of a tool taking `T`.
pub fn input_schema<T: ToSchema>() -> Arc<JsonObject> {
    let mut referenced = Vec::new();
    T::schemas(&mut referenced);
    let mut root = match to_json(&T::schema()) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    // MCP asks for an object schema at the root.
    root.entry("type")
        .or_insert_with(|| Value::String("object".into()));
    if !referenced.is_empty() {
        let defs: Map<String, Value> = referenced
            .iter()
            .map(|(name, schema)| (name.clone(), to_json(schema)))
            .collect();
        root.insert("$defs".into(), Value::Object(defs));
    }
    let mut value = Value::Object(root);
    rewrite_refs(&mut value);
    match value {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(Map::new()),
    }
}

fn to_json(schema: &impl serde::Serialize) -> Value {
    // A utoipa schema always serializes (plain data, string keys).
    serde_json::to_value(schema).unwrap_or(Value::Null)
}

fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref"
                    && let Value::String(target) = v
                    && let Some(name) = target.strip_prefix(OPENAPI_REF)
                {
                    *target = format!("{JSON_SCHEMA_REF}{name}");
                } else {
                    rewrite_refs(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{LogWorkoutArgs, MovementRuleArgs};

    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves_inside_the_schema() {
        for schema in [
            input_schema::<LogWorkoutArgs>(),
            input_schema::<MovementRuleArgs>(),
        ] {
            let value = Value::Object((*schema).clone());
            assert_eq!(value["type"], "object");
            let mut found = Vec::new();
            refs(&value, &mut found);
            assert!(!found.is_empty());
            for r in found {
                let name = r
                    .strip_prefix(JSON_SCHEMA_REF)
                    .unwrap_or_else(|| panic!("{r}"));
                assert!(value["$defs"].get(name).is_some(), "{r} is not in $defs");
            }
        }
    }

    #[test]
    fn domain_enums_keep_their_wire_names() {
        let schema = Value::Object((*input_schema::<MovementRuleArgs>()).clone());
        let muscle = &schema["$defs"]["Muscle"]["enum"];
        assert!(
            muscle
                .as_array()
                .is_some_and(|m| m.contains(&Value::from("quads")))
        );
    }
}
