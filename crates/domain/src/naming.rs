//! Naming an exercise: which exercise a person means by a name, through
//! their aliases (`"My Squat" → 12`) and a list of catalog exercises. The
//! application resolves against the whole catalog; the MCP stdio binary
//! against what the server's catalog search found plus the aliases'
//! targets. One function, so both say the same and pick the same.

/// A catalog exercise a name may mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

/// At most this many candidates are listed in an ambiguity error.
pub const MAX_LISTED: usize = 8;

/// The message for an empty name.
pub const EMPTY: &str = "name an exercise (or give its id)";

/// The id `name` names, or the message of the 422 on its field:
///
/// 1. one of `aliases` equal to it (case-insensitive);
/// 2. an exercise of `catalog` whose name or slug it is;
/// 3. the one exercise whose name, or one of whose aliases, contains every
///    word of it (an alias's exercise is looked up in `catalog`); none, or
///    several (listed with their ids), is an error.
pub fn resolve(
    name: &str,
    aliases: &[(String, i64)],
    catalog: &[Candidate],
) -> Result<i64, String> {
    let needle = name.trim().to_lowercase();
    if needle.is_empty() {
        return Err(EMPTY.to_owned());
    }
    if let Some((_, id)) = aliases.iter().find(|(a, _)| a.to_lowercase() == needle) {
        return Ok(*id);
    }
    let slug = needle.replace([' ', '_'], "-");
    if let Some(e) = catalog
        .iter()
        .find(|e| e.name.to_lowercase() == needle || e.slug == slug)
    {
        return Ok(e.id);
    }
    let words: Vec<&str> = needle.split_whitespace().collect();
    let contains_all = |text: &str| {
        let text = text.to_lowercase();
        words.iter().all(|w| text.contains(w))
    };
    let mut found: Vec<&Candidate> = catalog.iter().filter(|e| contains_all(&e.name)).collect();
    for (alias, id) in aliases {
        if contains_all(alias)
            && let Some(e) = catalog.iter().find(|e| e.id == *id)
            && !found.iter().any(|c| c.id == e.id)
        {
            found.push(e);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(format!(
            "no exercise is named `{}`; search the catalog for its name or id",
            name.trim()
        )),
        many => {
            let listed: Vec<String> = many
                .iter()
                .take(MAX_LISTED)
                .map(|e| format!("{} (id {})", e.name, e.id))
                .collect();
            let more = many.len().saturating_sub(MAX_LISTED);
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
        assert_eq!(resolve("bench press", &[], &found), Ok(1));
        assert_eq!(resolve("incline_bench_press", &[], &found), Ok(2));
    }

    #[test]
    fn an_alias_wins_first_and_joins_the_word_match() {
        let found = [c(1, "Back Squat"), c(2, "Front Squat"), c(3, "Leg Press")];
        let aliases = [("My Squat".to_owned(), 2), ("Sled".to_owned(), 3)];
        assert_eq!(resolve("my squat", &aliases, &found), Ok(2));
        assert_eq!(resolve("SLED", &aliases, &found), Ok(3));
        // "sle" is in no name, but in the alias "Sled": its exercise.
        assert_eq!(resolve("sle", &aliases, &found), Ok(3));
    }

    #[test]
    fn several_matches_are_an_error_listing_them() {
        let found = [c(1, "Barbell Row"), c(2, "Dumbbell Row")];
        let err = resolve("row", &[], &found).err().unwrap_or_default();
        assert!(err.contains("ambiguous"), "{err}");
        assert!(err.contains("Barbell Row (id 1)") && err.contains("Dumbbell Row (id 2)"));
    }

    #[test]
    fn no_match_and_no_name_are_errors() {
        assert!(resolve("zzz", &[], &[]).is_err());
        assert_eq!(resolve("  ", &[], &[c(1, "Squat")]), Err(EMPTY.to_owned()));
    }
}
