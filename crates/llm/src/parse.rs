//! Tolerant-strict parsing of a model's answer.
//!
//! Tolerant about where the JSON is: the whole answer, a ```` ```json ````
//! fenced block, or the first JSON object inside prose. Strict about what it
//! is: exactly the schema of [`crate::prompt::answer_schema`] (no missing or
//! extra fields, integers where integers are due). Then the content is made
//! safe: ids that are not candidates are dropped, repeated ids are dropped,
//! and sets are clamped to the candidate's range, each change reported as an
//! issue.

use std::collections::{BTreeMap, BTreeSet};

use gainsly_domain::ExerciseId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::prompt::{MAX_EXERCISES, PlanPrompt, PromptCandidate};
use crate::provider::{Usage, truncate_chars};

/// One exercise of a proposal, after clamping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedExercise {
    pub exercise_id: ExerciseId,
    pub sets: u32,
}

/// A usable answer: only candidate ids, numbers within bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// In the order the model wants them performed.
    pub picks: Vec<ProposedExercise>,
    pub rationale: String,
    /// What was dropped or clamped (empty when the answer was used as given).
    pub issues: Vec<String>,
    /// The attempt (1-based) that produced this answer.
    pub attempts: u32,
    /// The token counts the server reported for this answer's attempt.
    pub usage: Usage,
}

/// Longest rationale kept, in characters (servers that do not enforce the
/// schema's `maxLength` may send more).
pub const MAX_RATIONALE_CHARS: usize = 300;

/// How many `{` positions are tried when looking for JSON inside prose.
const MAX_OBJECT_STARTS: usize = 64;

/// Parses an answer into a proposal (with `attempts` = 1 and no usage), or returns the
/// errors that make it unusable (fit to be fed back to the model).
pub fn parse_answer(text: &str, prompt: &PlanPrompt) -> Result<Proposal, Vec<String>> {
    let value = extract_json(text).map_err(|e| vec![e])?;
    let raw = validate_shape(&value)?;
    apply_bounds(raw, prompt)
}

/// Finds the JSON object in an answer: the whole text, a fenced block, or
/// the first object embedded in prose.
pub fn extract_json(text: &str) -> Result<Value, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("the answer is empty; expected one JSON object".to_owned());
    }
    if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(trimmed) {
        return Ok(v);
    }
    for block in fenced_blocks(trimmed) {
        if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(block.trim()) {
            return Ok(v);
        }
    }
    for (start, _) in trimmed.match_indices('{').take(MAX_OBJECT_STARTS) {
        let mut values = serde_json::Deserializer::from_str(&trimmed[start..]).into_iter::<Value>();
        if let Some(Ok(v @ Value::Object(_))) = values.next() {
            return Ok(v);
        }
    }
    Err("the answer contains no complete JSON object".to_owned())
}

/// The contents of ```` ``` ```` fenced blocks (the info string, e.g. `json`, skipped).
fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        // Skip the info string up to the end of the fence line.
        let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
        let body = &after[body_start..];
        match body.find("```") {
            Some(close) => {
                blocks.push(&body[..close]);
                rest = &body[close + 3..];
            }
            None => {
                // An unclosed fence (answer cut off): still worth a try.
                blocks.push(body);
                break;
            }
        }
    }
    blocks
}

#[derive(Debug)]
struct RawPick {
    id: i64,
    sets: i64,
}

#[derive(Debug)]
struct RawAnswer {
    picks: Vec<RawPick>,
    rationale: String,
}

fn describe(v: &Value) -> String {
    let s = v.to_string();
    truncate_chars(&s, 40)
}

fn check_fields(obj: &Map<String, Value>, allowed: &[&str], at: &str, errors: &mut Vec<String>) {
    for key in obj.keys() {
        if !allowed.contains(&key.as_str()) {
            errors.push(format!(
                "{at}: unexpected field \"{}\"",
                truncate_chars(key, 40)
            ));
        }
    }
    for key in allowed {
        if !obj.contains_key(*key) {
            errors.push(format!("{at}: missing field \"{key}\""));
        }
    }
}

/// An integer as JSON Schema defines it: any number without a fractional
/// part (`3` and `3.0`); huge values saturate (they are clamped later).
fn integer(obj: &Map<String, Value>, key: &str, at: &str, errors: &mut Vec<String>) -> Option<i64> {
    let v = obj.get(key)?;
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    if v.as_u64().is_some() {
        return Some(i64::MAX);
    }
    match v.as_f64() {
        #[allow(clippy::cast_possible_truncation)] // saturating by definition of `as`
        Some(f) if f.is_finite() && f.fract() == 0.0 => Some(f as i64),
        _ => {
            errors.push(format!(
                "{at}.{key} must be an integer, got {}",
                describe(v)
            ));
            None
        }
    }
}

/// Checks the exact schema; collects every violation.
fn validate_shape(value: &Value) -> Result<RawAnswer, Vec<String>> {
    let mut errors = Vec::new();
    let Value::Object(top) = value else {
        return Err(vec!["the answer must be a JSON object".to_owned()]);
    };
    check_fields(top, &["exercises", "rationale"], "answer", &mut errors);
    let rationale = match top.get("rationale") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            errors.push(format!(
                "rationale must be a string, got {}",
                describe(other)
            ));
            String::new()
        }
        None => String::new(),
    };
    let mut picks = Vec::new();
    match top.get("exercises") {
        Some(Value::Array(items)) => {
            if items.is_empty() {
                errors.push("exercises is empty; list at least one candidate".to_owned());
            }
            for (i, item) in items.iter().enumerate() {
                let at = format!("exercises[{i}]");
                let Value::Object(obj) = item else {
                    errors.push(format!("{at} must be an object, got {}", describe(item)));
                    continue;
                };
                check_fields(obj, &["id", "sets"], &at, &mut errors);
                let id = integer(obj, "id", &at, &mut errors);
                let sets = integer(obj, "sets", &at, &mut errors);
                if let (Some(id), Some(sets)) = (id, sets) {
                    picks.push(RawPick { id, sets });
                }
            }
        }
        Some(other) => errors.push(format!(
            "exercises must be an array, got {}",
            describe(other)
        )),
        None => {}
    }
    if errors.is_empty() {
        Ok(RawAnswer { picks, rationale })
    } else {
        Err(errors)
    }
}

fn clamp_u32(x: i64, lo: u32, hi: u32) -> u32 {
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    u32::try_from(x.clamp(i64::from(lo), i64::from(hi))).unwrap_or(lo)
}

/// Drops what is not allowed and clamps numbers, reporting each change.
fn apply_bounds(raw: RawAnswer, prompt: &PlanPrompt) -> Result<Proposal, Vec<String>> {
    let candidates: BTreeMap<i64, &PromptCandidate> =
        prompt.candidates.iter().map(|c| (c.id.0, c)).collect();
    let mut issues = Vec::new();
    let mut seen = BTreeSet::new();
    let mut picks = Vec::new();
    for p in raw.picks {
        let Some(c) = candidates.get(&p.id) else {
            issues.push(format!(
                "exercise id {} is not in the candidate list; dropped",
                p.id
            ));
            continue;
        };
        if !seen.insert(p.id) {
            issues.push(format!(
                "exercise id {} is listed twice; kept the first",
                p.id
            ));
            continue;
        }
        let sets = clamp_u32(p.sets, c.min_sets, c.max_sets);
        if i64::from(sets) != p.sets {
            issues.push(format!(
                "exercise {}: sets {} clamped to {sets} (allowed {}-{})",
                p.id, p.sets, c.min_sets, c.max_sets
            ));
        }
        picks.push(ProposedExercise {
            exercise_id: ExerciseId(p.id),
            sets,
        });
    }
    if picks.len() > MAX_EXERCISES {
        let dropped: Vec<String> = picks[MAX_EXERCISES..]
            .iter()
            .map(|p| p.exercise_id.to_string())
            .collect();
        issues.push(format!(
            "more than {MAX_EXERCISES} exercises; dropped {}",
            dropped.join(", ")
        ));
        picks.truncate(MAX_EXERCISES);
    }
    if picks.is_empty() {
        let mut errors = vec!["no exercise of the answer is in the candidate list".to_owned()];
        errors.extend(issues);
        return Err(errors);
    }
    let total: u32 = picks.iter().map(|p| p.sets).sum();
    let (lo, hi) = prompt.total_sets;
    if total < lo || total > hi {
        issues.push(format!(
            "total sets {total} outside the session's range {lo}-{hi}"
        ));
    }
    let rationale = truncate_chars(raw.rationale.trim(), MAX_RATIONALE_CHARS);
    if rationale.is_empty() {
        issues.push("the rationale is empty".to_owned());
    }
    Ok(Proposal {
        picks,
        rationale,
        issues,
        attempts: 1,
        usage: Usage::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::tests::sample_prompt;

    const GOOD: &str = r#"{"exercises":[{"id":101,"sets":4},{"id":102,"sets":3},{"id":103,"sets":3},{"id":104,"sets":3}],"rationale":"Press first, then pulls."}"#;

    #[test]
    fn plain_json() {
        let p = parse_answer(GOOD, &sample_prompt()).unwrap();
        assert_eq!(p.picks.len(), 4);
        assert_eq!(
            p.picks[0],
            ProposedExercise {
                exercise_id: ExerciseId(101),
                sets: 4,
            }
        );
        assert_eq!(p.rationale, "Press first, then pulls.");
        assert!(p.issues.is_empty(), "{:?}", p.issues);
    }

    #[test]
    fn fenced_and_prose() {
        let prompt = sample_prompt();
        for text in [
            format!("```json\n{GOOD}\n```"),
            format!("Here is the plan:\n```\n{GOOD}\n```\nEnjoy!"),
            format!("Sure! {GOOD} Let me know {{if}} you need more."),
            format!("Thinking {{not json}} ... {GOOD}"),
            format!("```json\n{GOOD}"),
        ] {
            let p = parse_answer(&text, &prompt).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(p.picks.len(), 4);
        }
    }

    #[test]
    fn garbage_is_rejected_with_a_reason() {
        let prompt = sample_prompt();
        assert_eq!(
            parse_answer("I think you should bench.", &prompt).unwrap_err(),
            vec!["the answer contains no complete JSON object".to_owned()]
        );
        assert!(parse_answer("", &prompt).unwrap_err()[0].contains("empty"));
        assert!(parse_answer("{\"exercises\": [", &prompt).is_err());
    }

    #[test]
    fn schema_violations_are_all_listed() {
        let text =
            r#"{"exercises":[{"id":"101","sets":3.5,"name":"x"},{"id":102},7],"notes":"hi"}"#;
        let errors = parse_answer(text, &sample_prompt()).unwrap_err();
        let all = errors.join("\n");
        for needle in [
            "answer: unexpected field \"notes\"",
            "answer: missing field \"rationale\"",
            "exercises[0]: unexpected field \"name\"",
            "exercises[1]: missing field \"sets\"",
            "exercises[0].id must be an integer, got \"101\"",
            "exercises[0].sets must be an integer, got 3.5",
            "exercises[2] must be an object, got 7",
        ] {
            assert!(all.contains(needle), "missing {needle:?} in\n{all}");
        }
        assert!(parse_answer("[1,2]", &sample_prompt()).is_err());
        assert!(
            parse_answer(r#"{"exercises":[],"rationale":""}"#, &sample_prompt()).unwrap_err()[0]
                .contains("empty")
        );
    }

    #[test]
    fn unknown_and_repeated_ids_are_dropped_and_reported() {
        let text = r#"{"exercises":[{"id":999,"sets":3},{"id":101,"sets":3},{"id":101,"sets":3}],"rationale":"r"}"#;
        let p = parse_answer(text, &sample_prompt()).unwrap();
        assert_eq!(p.picks.len(), 1);
        assert!(
            p.issues
                .iter()
                .any(|i| i.contains("999") && i.contains("dropped"))
        );
        assert!(p.issues.iter().any(|i| i.contains("listed twice")));
        let only_unknown = r#"{"exercises":[{"id":5,"sets":3}],"rationale":"r"}"#;
        let errors = parse_answer(only_unknown, &sample_prompt()).unwrap_err();
        assert!(errors[0].contains("no exercise"));
        assert!(errors[1].contains("id 5"));
    }

    #[test]
    fn sets_are_clamped_and_reported() {
        let text = r#"{"exercises":[{"id":101,"sets":12},{"id":102,"sets":-3},{"id":103,"sets":99999999999999999999},{"id":104,"sets":3.0}],"rationale":"  r  "}"#;
        let p = parse_answer(text, &sample_prompt()).unwrap();
        let sets: Vec<u32> = p.picks.iter().map(|x| x.sets).collect();
        assert_eq!(sets, [5, 2, 5, 3]);
        assert_eq!(p.rationale, "r");
        let all = p.issues.join("\n");
        assert!(
            all.contains("exercise 101: sets 12 clamped to 5 (allowed 2-5)"),
            "{all}"
        );
        assert!(all.contains("exercise 102: sets -3 clamped to 2"), "{all}");
        assert!(!all.contains("exercise 104"), "3.0 is an integer: {all}");
    }

    #[test]
    fn reps_are_not_part_of_the_answer() {
        let text =
            r#"{"exercises":[{"id":101,"sets":3,"reps_min":8,"reps_max":10}],"rationale":"r"}"#;
        let errors = parse_answer(text, &sample_prompt()).unwrap_err();
        assert!(
            errors.contains(&"exercises[0]: unexpected field \"reps_min\"".to_owned()),
            "{errors:?}"
        );
    }

    #[test]
    fn total_sets_outside_range_is_an_issue_not_an_error() {
        let text = r#"{"exercises":[{"id":101,"sets":2}],"rationale":"short"}"#;
        let p = parse_answer(text, &sample_prompt()).unwrap();
        assert!(p.issues.iter().any(|i| i.contains("total sets 2")));
    }

    #[test]
    fn too_many_exercises_are_cut() {
        let mut prompt = sample_prompt();
        let template = prompt.candidates[0].clone();
        prompt.candidates = (1..=12)
            .map(|i| PromptCandidate {
                id: ExerciseId(i),
                ..template.clone()
            })
            .collect();
        let items: Vec<String> = (1..=12)
            .map(|i| format!(r#"{{"id":{i},"sets":2}}"#))
            .collect();
        let text = format!(r#"{{"exercises":[{}],"rationale":"r"}}"#, items.join(","));
        let p = parse_answer(&text, &prompt).unwrap();
        assert_eq!(p.picks.len(), MAX_EXERCISES);
        assert!(
            p.issues.iter().any(|i| i.contains("dropped 9, 10, 11, 12")),
            "{:?}",
            p.issues
        );
    }

    #[test]
    fn long_rationale_is_cut() {
        let text = format!(
            r#"{{"exercises":[{{"id":101,"sets":3}}],"rationale":"{}"}}"#,
            "a".repeat(2000)
        );
        let p = parse_answer(&text, &sample_prompt()).unwrap();
        assert_eq!(p.rationale.chars().count(), MAX_RATIONALE_CHARS + 1);
    }
}
