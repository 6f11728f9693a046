//! A tool's input schema from the `utoipa` derive the REST API's OpenAPI
//! document is made of: a request type's schema (a body's `ToSchema`, a
//! query's `IntoParams`) with the schemas it references (domain enums and
//! structs) under `$defs`, so that the tool's schema is a self-contained
//! JSON Schema (2020-12, as OpenAPI 3.1's is); [`ToolSchema`] reshapes it
//! where the tool takes a field differently (as `crate::args::Arguments`
//! reshapes the call).

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Map, Value, json};
use utoipa::openapi::path::ParameterIn;
use utoipa::{IntoParams, ToSchema};

use crate::args::ExerciseRef;

/// Where OpenAPI keeps referenced schemas, and where JSON Schema does.
const OPENAPI_REF: &str = "#/components/schemas/";
const JSON_SCHEMA_REF: &str = "#/$defs/";

/// The input schema of a tool taking `T` as it is.
pub fn input_schema<T: ToSchema>() -> Arc<JsonObject> {
    ToolSchema::body::<T>().build()
}

/// A tool's input schema, built from a request type's.
#[derive(Debug, Clone)]
pub struct ToolSchema {
    root: Map<String, Value>,
    defs: Map<String, Value>,
}

impl ToolSchema {
    /// The schema of the body (or arguments type) `T`.
    pub fn body<T: ToSchema>() -> ToolSchema {
        let root = match to_json(&T::schema()) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let mut schema = ToolSchema {
            root,
            defs: Map::new(),
        };
        schema.add_refs::<T>();
        schema
    }

    /// The schema of the query `T`: one property per parameter, with its
    /// description; the schemas its parameters reference are added with
    /// [`ToolSchema::def`].
    pub fn query<T: IntoParams>() -> ToolSchema {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for param in T::into_params(|| Some(ParameterIn::Query)) {
            let Value::Object(p) = to_json(&param) else {
                continue;
            };
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            let mut property = match p.get("schema") {
                Some(Value::Object(s)) => s.clone(),
                _ => Map::new(),
            };
            if let Some(d) = p.get("description") {
                property.insert("description".into(), d.clone());
            }
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, Value::Object(property));
        }
        let mut root = Map::new();
        root.insert("type".into(), json!("object"));
        root.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            root.insert("required".into(), Value::Array(required));
        }
        ToolSchema {
            root,
            defs: Map::new(),
        }
    }

    /// Adds `T` (and what it references) to `$defs`.
    pub fn def<T: ToSchema>(mut self) -> ToolSchema {
        self.defs
            .insert(T::name().into_owned(), to_json(&T::schema()));
        self.add_refs::<T>();
        self
    }

    fn add_refs<T: ToSchema>(&mut self) {
        let mut referenced = Vec::new();
        T::schemas(&mut referenced);
        for (name, schema) in referenced {
            self.defs.insert(name, to_json(&schema));
        }
    }

    /// The object at `at`: the root, or a definition.
    fn object(&mut self, at: Option<&str>) -> Option<&mut Map<String, Value>> {
        match at {
            None => Some(&mut self.root),
            Some(def) => self.defs.get_mut(def)?.as_object_mut(),
        }
    }

    /// `field` becomes optional; `note` (e.g. its default) ends its description.
    pub fn optional(mut self, field: &str, note: &str) -> ToolSchema {
        let root = &mut self.root;
        if let Some(Value::Array(required)) = root.get_mut("required") {
            required.retain(|r| r != field);
        }
        if let Some(Value::Object(p)) = root.get_mut("properties").and_then(|p| p.get_mut(field)) {
            let described = match p.get("description").and_then(Value::as_str) {
                Some(d) => format!("{d} {note}"),
                None => note.to_owned(),
            };
            p.insert("description".into(), Value::String(described));
        }
        self
    }

    /// Adds the optional property `field` with `schema` (a field of the
    /// route's path, e.g. the date).
    pub fn extra(mut self, field: &str, schema: Value) -> ToolSchema {
        if let Some(Value::Object(properties)) = self.root.get_mut("properties") {
            properties.insert(field.to_owned(), schema);
        }
        self
    }

    /// In the object `at` (the root, or a definition), the exercise id
    /// `id_field` is taken as `ref_field`, an [`ExerciseRef`] (an id or a
    /// name), required as the id was.
    pub fn exercise_by_name(
        mut self,
        at: Option<&str>,
        id_field: &str,
        ref_field: &str,
    ) -> ToolSchema {
        let reference = json!({ "$ref": format!("{OPENAPI_REF}ExerciseRef") });
        if let Some(object) = self.object(at) {
            if let Some(Value::Object(properties)) = object.get_mut("properties")
                && properties.remove(id_field).is_some()
            {
                properties.insert(ref_field.to_owned(), reference);
            }
            if let Some(Value::Array(required)) = object.get_mut("required") {
                for r in required.iter_mut() {
                    if r == id_field {
                        *r = Value::String(ref_field.to_owned());
                    }
                }
            }
        }
        self.def::<ExerciseRef>()
    }

    /// The property `from` is called `to` by the tool.
    pub fn rename(self, from: &str, to: &str) -> ToolSchema {
        self.rename_in(None, from, to)
    }

    /// In the object `at` (the root, or a definition), the property `from`
    /// is called `to` by the tool.
    pub fn rename_in(mut self, at: Option<&str>, from: &str, to: &str) -> ToolSchema {
        let Some(object) = self.object(at) else {
            return self;
        };
        if let Some(Value::Object(properties)) = object.get_mut("properties")
            && let Some(p) = properties.remove(from)
        {
            properties.insert(to.to_owned(), p);
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            for r in required.iter_mut() {
                if r == from {
                    *r = Value::String(to.to_owned());
                }
            }
        }
        self
    }

    /// The self-contained schema.
    pub fn build(self) -> Arc<JsonObject> {
        let mut root = self.root;
        // MCP asks for an object schema at the root.
        root.entry("type")
            .or_insert_with(|| Value::String("object".into()));
        if !self.defs.is_empty() {
            root.insert("$defs".into(), Value::Object(self.defs));
        }
        let mut value = Value::Object(root);
        rewrite_refs(&mut value);
        match value {
            Value::Object(map) => Arc::new(map),
            _ => Arc::new(Map::new()),
        }
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
    use crate::tools::{TOOLS, spec};

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

    fn schema_of(tool: &str) -> Value {
        let spec = spec(tool).unwrap_or_else(|| panic!("no tool {tool}"));
        Value::Object((*(spec.schema)()).clone())
    }

    #[test]
    fn every_reference_resolves_inside_the_schema() {
        for tool in TOOLS {
            let value = Value::Object((*(tool.schema)()).clone());
            assert_eq!(value["type"], "object", "{}", tool.name);
            let mut found = Vec::new();
            refs(&value, &mut found);
            for r in found {
                let name = r
                    .strip_prefix(JSON_SCHEMA_REF)
                    .unwrap_or_else(|| panic!("{}: {r}", tool.name));
                assert!(
                    value["$defs"].get(name).is_some(),
                    "{}: {r} is not in $defs",
                    tool.name
                );
            }
        }
    }

    #[test]
    fn domain_enums_keep_their_wire_names() {
        let schema = schema_of("add_movement_rule");
        let muscle = &schema["$defs"]["Muscle"]["enum"];
        assert!(
            muscle
                .as_array()
                .is_some_and(|m| m.contains(&Value::from("quads")))
        );
    }

    #[test]
    fn a_tool_taking_a_rest_body_states_the_bodys_bounds() {
        // `TopSetLogCreate`'s bounds, from the one type the REST API validates with.
        let top = schema_of("log_top_set");
        assert_eq!(top["properties"]["reps"]["maximum"], 30);
        assert_eq!(top["properties"]["weight_kg"]["exclusiveMinimum"], 0);
        let soreness = schema_of("log_soreness");
        assert_eq!(soreness["properties"]["level"]["maximum"], 10);
        let adapt = schema_of("adapt_day");
        assert_eq!(adapt["properties"]["available_minutes"]["minimum"], 10);
        assert_eq!(adapt["properties"]["notes"]["maxLength"], 1000);
        let program = schema_of("create_program");
        assert_eq!(program["properties"]["duration_weeks"]["maximum"], 52);
        let search = schema_of("search_exercises");
        assert_eq!(search["properties"]["limit"]["maximum"], 200);
    }

    #[test]
    fn reshaped_fields_are_what_the_tool_takes() {
        let top = schema_of("log_top_set");
        let required: Vec<&str> = top["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(required.contains(&"exercise") && !required.contains(&"exercise_id"));
        assert!(!required.contains(&"date"), "{required:?}");
        assert!(top["properties"].get("exercise_id").is_none());
        assert_eq!(top["properties"]["exercise"]["$ref"], "#/$defs/ExerciseRef");

        let workout = schema_of("log_workout");
        let item = &workout["$defs"]["CustomExerciseCreate"];
        assert!(item["properties"].get("exercise").is_some());
        assert!(item["properties"].get("exercise_id").is_none());
        assert!(
            !workout["required"]
                .as_array()
                .is_some_and(|r| r.contains(&Value::from("name")))
        );

        let search = schema_of("search_exercises");
        assert!(search["properties"].get("query").is_some());
        assert!(search["properties"].get("q").is_none());
        assert!(schema_of("adapt_day")["properties"].get("date").is_some());
    }
}
