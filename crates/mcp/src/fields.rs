//! The API's wording for a refused tool call, shared by both backends: how
//! a serde error at a path names its field (the REST API's own mapping of a
//! body that does not parse), and the read-only refusal.

/// The detail of a write tool called with a `read` token.
pub const READ_ONLY: &str = "This token has the read scope only: read tools";

/// The field and message of a serde data error at `path`: a missing field
/// is reported at its own path, not its parent's; serde_json's position is
/// dropped (the path says where); an unknown field is "unknown field".
pub fn data_error(path: &str, message: &str) -> (String, String) {
    let message = message
        .rsplit_once(" at line ")
        .map(|(m, _)| m)
        .unwrap_or(message);
    let named = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    let base = if path == "." { "" } else { path };
    let field = match named {
        Some(name) if base.is_empty() => name.to_owned(),
        Some(name) => format!("{base}.{name}"),
        None if base.is_empty() => "body".to_owned(),
        None => base.to_owned(),
    };
    let message = match message.split_once(", expected one of") {
        Some((head, _)) if head.starts_with("unknown field") => "unknown field".to_owned(),
        _ => message.to_owned(),
    };
    (field, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_field_is_named_at_its_own_path() {
        assert_eq!(
            data_error("exercises[0]", "missing field `sets` at line 1 column 9"),
            (
                "exercises[0].sets".to_owned(),
                "missing field `sets`".to_owned()
            )
        );
        assert_eq!(
            data_error(".", "unknown field `x`, expected one of `a`, `b`"),
            ("body".to_owned(), "unknown field".to_owned())
        );
    }
}
