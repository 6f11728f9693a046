//! Naming an exercise by name over the REST API: the catalog exercises the
//! server's search found ([`Candidate`]), narrowed as the application
//! narrows a name (`App::resolve_exercise`: an exact name or slug first,
//! then every word contained in the name), with its messages. The REST API
//! does not list a user's aliases, so only the in-process backend reads
//! them.

/// A catalog exercise the search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

/// At most this many candidates are listed in an ambiguity error.
const MAX_CANDIDATES: usize = 8;

/// The message for an empty name.
pub const EMPTY: &str = "name an exercise (or give its id)";

/// The id `name` names among `found`, or the 422 message on its field.
pub fn pick(name: &str, found: &[Candidate]) -> Result<i64, String> {
    let needle = name.trim().to_lowercase();
    if needle.is_empty() {
        return Err(EMPTY.to_owned());
    }
    let slug = needle.replace([' ', '_'], "-");
    if let Some(e) = found
        .iter()
        .find(|e| e.name.to_lowercase() == needle || e.slug == slug)
    {
        return Ok(e.id);
    }
    let words: Vec<&str> = needle.split_whitespace().collect();
    let many: Vec<&Candidate> = found
        .iter()
        .filter(|e| {
            let text = e.name.to_lowercase();
            words.iter().all(|w| text.contains(w))
        })
        .collect();
    match many.as_slice() {
        [one] => Ok(one.id),
        [] => Err(format!(
            "no exercise is named `{}`; search the catalog for its name or id",
            name.trim()
        )),
        many => {
            let listed: Vec<String> = many
                .iter()
                .take(MAX_CANDIDATES)
                .map(|e| format!("{} (id {})", e.name, e.id))
                .collect();
            let more = many.len().saturating_sub(MAX_CANDIDATES);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Err(format!(
                "`{}` is ambiguous: {}{tail}; name one of them or give its id",
                name.trim(),
                listed.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, name: &str) -> Candidate {
        Candidate {
            id,
            name: name.to_owned(),
            slug: name.to_lowercase().replace(' ', "-"),
        }
    }

    #[test]
    fn an_exact_name_or_slug_wins_over_longer_names() {
        let found = [c(1, "Bench Press"), c(2, "Incline Bench Press")];
        assert_eq!(pick("bench press", &found), Ok(1));
        assert_eq!(pick("incline_bench_press", &found), Ok(2));
    }

    #[test]
    fn several_matches_are_an_error_listing_them() {
        let found = [c(1, "Barbell Row"), c(2, "Dumbbell Row")];
        let err = pick("row", &found).err().unwrap_or_default();
        assert!(err.contains("ambiguous"), "{err}");
        assert!(err.contains("Barbell Row (id 1)") && err.contains("Dumbbell Row (id 2)"));
    }

    #[test]
    fn no_match_and_no_name_are_errors() {
        assert!(pick("zzz", &[]).is_err());
        assert_eq!(pick("  ", &[c(1, "Squat")]), Err(EMPTY.to_owned()));
    }
}
