//! Exercise names from an export → catalog exercises.
//!
//! In order, the first rule that answers wins:
//! 1. the user's own aliases (name → exercise, exact name first, then the
//!    normalised name);
//! 2. a catalog exercise whose full name normalises to the same tokens (so
//!    Gainsly's own export comes back as the same exercises);
//! 3. the alias table `data/aliases.json`: the built-in names of Strong, Hevy
//!    and FitNotes, each mapped to a catalog slug;
//! 4. a catalog exercise whose name without its parenthetical, or whose
//!    slug, normalises to the same tokens (confidence 1 for 2–4);
//! 5. the most similar catalog exercise, if its score reaches
//!    [`FUZZY_THRESHOLD`] and beats the next exercise by [`FUZZY_MARGIN`].
//!    The score is the mean of the Sørensen–Dice coefficients of the two
//!    names' word sets and character bigrams (see [`normalise`]), halved
//!    when the name names equipment the exercise does not use, and ×0.8
//!    when one name has a modifier the other lacks ([`MODIFIERS`]) or they
//!    pick different words of an exclusive group (`seated`/`standing`).
//!
//! Otherwise the name is unmatched, with the [`SUGGESTIONS`] most similar
//! exercises. Ties go to the lower exercise id, so answers are deterministic.

pub mod normalise;

use std::collections::HashMap;
use std::sync::OnceLock;

use gainsly_domain::{ExerciseId, catalog};
use serde::{Deserialize, Serialize};

use normalise::{Prepared, key, key_of, tokens};

/// The alias table, compiled in.
const ALIASES_JSON: &str = include_str!("../../data/aliases.json");

/// The lowest similarity a fuzzy match is accepted with. Chosen on the
/// built-in names of the three apps (see the crate's tests): above it, wrong
/// matches; below it, misses that the alias table covers anyway.
pub const FUZZY_THRESHOLD: f64 = 0.85;

/// A fuzzy match must beat the next exercise by this much; a name that fits
/// several exercises equally (`Lateral Raises`: dumbbell, cable or band?) is
/// left to the user.
pub const FUZZY_MARGIN: f64 = 0.03;

/// How many suggestions an unmatched name gets.
pub const SUGGESTIONS: usize = 3;

/// A name that names equipment the exercise does not use scores this fraction.
const EQUIPMENT_CONFLICT_FACTOR: f64 = 0.5;

/// A name and an exercise that disagree on a modifier score this fraction.
const MODIFIER_CONFLICT_FACTOR: f64 = 0.8;

/// Words that make another exercise when only one of two names has them
/// (`Decline Bench Press` is not `Bench Press`, `Reverse Curl` not `Curl`).
pub const MODIFIERS: &[&str] = &[
    "assisted", "close", "decline", "deficit", "hammer", "hang", "incline", "jump", "one", "pause",
    "paused", "power", "preacher", "reverse", "single", "sumo", "weighted", "wide", "wrist",
];

/// Words of which a name has at most one; two names with different ones disagree.
const EXCLUSIVE: &[&[&str]] = &[
    &["seated", "standing", "lying", "kneeling"],
    &["front", "lateral", "rear"],
];

/// Tokens that name equipment.
const EQUIPMENT_WORDS: &[&str] = &[
    "barbell",
    "dumbbell",
    "kettlebell",
    "cable",
    "machine",
    "smith",
    "band",
    "ez",
    "trap",
    "bodyweight",
    "ring",
];

/// How a name was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMethod {
    UserAlias,
    Alias,
    Catalog,
    Fuzzy,
}

/// A catalog exercise an unmatched name might be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub exercise_id: ExerciseId,
    pub name: &'static str,
    /// Similarity, 0–1, to three decimals.
    pub score: f64,
}

/// What a name resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "match", rename_all = "snake_case")]
pub enum NameMatch {
    Matched {
        exercise_id: ExerciseId,
        method: MatchMethod,
        /// 1 for aliases and exact names, the similarity for fuzzy matches.
        confidence: f64,
    },
    Unmatched {
        suggestions: Vec<Suggestion>,
    },
}

impl NameMatch {
    pub fn exercise_id(&self) -> Option<ExerciseId> {
        match self {
            NameMatch::Matched { exercise_id, .. } => Some(*exercise_id),
            NameMatch::Unmatched { .. } => None,
        }
    }
}

/// Resolves names, remembering each answer (a file repeats its names on every row).
#[derive(Debug)]
pub struct Matcher {
    user_exact: HashMap<String, ExerciseId>,
    user_keys: HashMap<String, ExerciseId>,
    threshold: f64,
    cache: HashMap<String, NameMatch>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new(std::iter::empty::<(String, ExerciseId)>())
    }
}

impl Matcher {
    /// A matcher with the user's aliases (name → exercise). Two aliases whose
    /// names normalise alike resolve to the lower exercise id.
    pub fn new<N: AsRef<str>>(user_aliases: impl IntoIterator<Item = (N, ExerciseId)>) -> Self {
        let mut user_exact = HashMap::new();
        let mut user_keys: HashMap<String, ExerciseId> = HashMap::new();
        for (name, id) in user_aliases {
            let name = name.as_ref().trim();
            user_exact
                .entry(name.to_owned())
                .and_modify(|e: &mut ExerciseId| *e = (*e).min(id))
                .or_insert(id);
            let k = key(name);
            if !k.is_empty() {
                user_keys
                    .entry(k)
                    .and_modify(|e| *e = (*e).min(id))
                    .or_insert(id);
            }
        }
        Matcher {
            user_exact,
            user_keys,
            threshold: FUZZY_THRESHOLD,
            cache: HashMap::new(),
        }
    }

    /// What `name` resolves to.
    pub fn resolve(&mut self, name: &str) -> &NameMatch {
        let name = name.trim();
        if !self.cache.contains_key(name) {
            let answer = self.compute(name);
            self.cache.insert(name.to_owned(), answer);
        }
        // Inserted above when missing.
        &self.cache[name]
    }

    fn compute(&self, name: &str) -> NameMatch {
        let matched = |exercise_id, method| NameMatch::Matched {
            exercise_id,
            method,
            confidence: 1.0,
        };
        if let Some(id) = self.user_exact.get(name) {
            return matched(*id, MatchMethod::UserAlias);
        }
        let name_tokens = tokens(name);
        let name_key = key_of(name_tokens.clone());
        if let Some(id) = self.user_keys.get(&name_key) {
            return matched(*id, MatchMethod::UserAlias);
        }
        let index = index();
        if let Some(id) = index.names.get(&name_key) {
            return matched(*id, MatchMethod::Catalog);
        }
        if let Some(id) = index.aliases.get(&name_key) {
            return matched(*id, MatchMethod::Alias);
        }
        if let Some(id) = index.other_names.get(&name_key) {
            return matched(*id, MatchMethod::Catalog);
        }
        let ranked = index.rank(&Prepared::new(name_tokens));
        let runner_up = ranked.get(1).map_or(0.0, |s| s.score);
        match ranked.first() {
            Some(best)
                if best.score >= self.threshold && best.score - runner_up >= FUZZY_MARGIN =>
            {
                NameMatch::Matched {
                    exercise_id: best.exercise_id,
                    method: MatchMethod::Fuzzy,
                    confidence: best.score,
                }
            }
            _ => NameMatch::Unmatched {
                suggestions: ranked.into_iter().take(SUGGESTIONS).collect(),
            },
        }
    }
}

/// One catalog exercise, prepared for comparison.
#[derive(Debug)]
struct Candidate {
    id: ExerciseId,
    name: &'static str,
    variants: Vec<Prepared>,
    /// [`EQUIPMENT_WORDS`] in its name or equipment, as bits.
    equipment: u32,
    modifiers: Modifiers,
}

/// A name's [`MODIFIERS`] and its words of each [`EXCLUSIVE`] group, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modifiers {
    modifiers: u32,
    exclusive: [u32; EXCLUSIVE.len()],
}

impl Modifiers {
    fn of(tokens: &[String]) -> Self {
        let mut exclusive = [0; EXCLUSIVE.len()];
        for (bits, group) in exclusive.iter_mut().zip(EXCLUSIVE) {
            *bits = word_bits(tokens, group);
        }
        Modifiers {
            modifiers: word_bits(tokens, MODIFIERS),
            exclusive,
        }
    }

    /// Whether one name has a modifier the other lacks, or they pick
    /// different words of an exclusive group.
    fn disagree(self, other: Modifiers) -> bool {
        self.modifiers != other.modifiers
            || self
                .exclusive
                .iter()
                .zip(other.exclusive)
                .any(|(a, b)| *a != 0 && b != 0 && a & b == 0)
    }
}

/// Bit `i` set when `tokens` contains `words[i]`.
fn word_bits(tokens: &[String], words: &[&str]) -> u32 {
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| tokens.iter().any(|t| t == *w))
        .fold(0, |bits, (i, _)| bits | (1 << i))
}

/// The alias table and the prepared catalog, built once.
#[derive(Debug)]
struct Index {
    /// Catalog full names.
    names: HashMap<String, ExerciseId>,
    aliases: HashMap<String, ExerciseId>,
    /// Catalog names without parentheticals, and slugs.
    other_names: HashMap<String, ExerciseId>,
    candidates: Vec<Candidate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AliasEntry {
    pub(crate) slug: String,
    pub(crate) names: Vec<String>,
}

/// The alias table as written (the tests check every slug and name).
pub(crate) fn alias_entries() -> Vec<AliasEntry> {
    // A file that does not parse is a build bug the tests catch; an empty
    // table only costs matches, so it is no reason to panic at run time.
    serde_json::from_str(ALIASES_JSON).unwrap_or_default()
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build_index)
}

fn build_index() -> Index {
    let mut aliases = HashMap::new();
    for entry in alias_entries() {
        let Some(exercise) = gainsly_domain::catalog::by_slug(&entry.slug) else {
            continue;
        };
        for name in &entry.names {
            aliases.entry(key(name)).or_insert(exercise.id);
        }
    }
    let mut names = HashMap::new();
    let mut other_names = HashMap::new();
    let mut candidates = Vec::with_capacity(catalog().len());
    for exercise in catalog() {
        let plain = without_parentheticals(&exercise.name);
        let equipment: Vec<&'static str> = exercise
            .equipment
            .iter()
            .flat_map(|e| equipment_words(e.as_str()))
            .copied()
            .collect();
        let mut with_equipment = tokens(&plain);
        for word in &equipment {
            if !with_equipment.iter().any(|t| t == word) {
                with_equipment.push((*word).to_owned());
            }
        }
        let name_tokens = tokens(&exercise.name);
        let equipment_bits =
            word_bits(&with_equipment, EQUIPMENT_WORDS) | word_bits(&name_tokens, EQUIPMENT_WORDS);
        let modifiers = Modifiers::of(&name_tokens);
        let mut variants = vec![
            Prepared::new(name_tokens),
            Prepared::new(tokens(&plain)),
            Prepared::new(tokens(&exercise.slug)),
            Prepared::new(with_equipment),
        ];
        names.entry(variants[0].key()).or_insert(exercise.id);
        for variant in &variants[1..3] {
            other_names.entry(variant.key()).or_insert(exercise.id);
        }
        variants.dedup_by(|a, b| a.tokens == b.tokens);
        candidates.push(Candidate {
            id: exercise.id,
            name: exercise.name.as_str(),
            variants,
            equipment: equipment_bits,
            modifiers,
        });
    }
    for map in [&mut names, &mut aliases, &mut other_names] {
        map.remove("");
    }
    Index {
        names,
        aliases,
        other_names,
        candidates,
    }
}

impl Index {
    /// The [`SUGGESTIONS`] catalog exercises most like `name` with a positive
    /// score, best first (ties: lower id).
    fn rank(&self, name: &Prepared) -> Vec<Suggestion> {
        let named_equipment = word_bits(&name.tokens, EQUIPMENT_WORDS);
        let modifiers = Modifiers::of(&name.tokens);
        // Better first: higher score, then lower id.
        let better = |a: &Suggestion, b: &Suggestion| {
            b.score
                .total_cmp(&a.score)
                .then(a.exercise_id.cmp(&b.exercise_id))
        };
        let mut top: Vec<Suggestion> = Vec::with_capacity(SUGGESTIONS + 1);
        for c in &self.candidates {
            let mut score = c
                .variants
                .iter()
                .map(|v| name.similarity(v))
                .fold(0.0, f64::max);
            if named_equipment != 0 && named_equipment & c.equipment == 0 {
                score *= EQUIPMENT_CONFLICT_FACTOR;
            }
            if modifiers.disagree(c.modifiers) {
                score *= MODIFIER_CONFLICT_FACTOR;
            }
            let score = (score * 1_000.0).round() / 1_000.0;
            if score <= 0.0 {
                continue;
            }
            let suggestion = Suggestion {
                exercise_id: c.id,
                name: c.name,
                score,
            };
            if top.len() == SUGGESTIONS
                && top
                    .last()
                    .is_some_and(|worst| better(&suggestion, worst).is_ge())
            {
                continue;
            }
            let at = top.partition_point(|s| better(s, &suggestion).is_lt());
            top.insert(at, suggestion);
            top.truncate(SUGGESTIONS);
        }
        top
    }
}

/// The equipment tokens of a catalog equipment name.
fn equipment_words(equipment: &str) -> &'static [&'static str] {
    match equipment {
        "barbell" => &["barbell"],
        "dumbbell" => &["dumbbell"],
        "kettlebell" => &["kettlebell"],
        "cable" => &["cable"],
        "machine" => &["machine"],
        "smith_machine" => &["smith", "machine"],
        "ez_bar" => &["ez"],
        "trap_bar" => &["trap"],
        "bands" => &["band"],
        "rings" => &["ring"],
        "bodyweight" => &["bodyweight"],
        _ => &[],
    }
}

/// `Bulgarian Split Squat (bodyweight)` → `Bulgarian Split Squat`.
fn without_parentheticals(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
