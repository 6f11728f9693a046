//! Exercise names → comparable tokens, and how alike two token lists are.
//!
//! `Bench Press (Dumbbell)`, `dumbbell bench press` and `DB Bench-Press`
//! all become the tokens `bench dumbbell press` (sorted): lower case,
//! punctuation to spaces, apostrophes dropped, a few abbreviations and
//! spellings unified (`db` → `dumbbell`, `pull up`/`pull-up`/`pullups` →
//! `pullup`, `flyes` → `fly`), plurals made singular, filler words dropped.

/// Words that carry no meaning in an exercise name.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "at", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// `X up`/`X down` compounds written as one word, two words or hyphenated.
const UP_DOWN_COMPOUNDS: &[&str] = &["pull", "chin", "push", "sit", "step", "get", "stand"];

/// Abbreviations and spellings, after lower-casing, to their canonical token(s).
const SYNONYMS: &[(&str, &[&str])] = &[
    ("db", &["dumbbell"]),
    ("dbs", &["dumbbell"]),
    ("dumbell", &["dumbbell"]),
    ("dumbells", &["dumbbell"]),
    ("dumbbells", &["dumbbell"]),
    ("bb", &["barbell"]),
    ("kb", &["kettlebell"]),
    ("kbs", &["kettlebell"]),
    ("kettlebells", &["kettlebell"]),
    ("bw", &["bodyweight"]),
    ("bands", &["band"]),
    ("banded", &["band"]),
    ("rings", &["ring"]),
    ("ezbar", &["ez", "bar"]),
    ("rdl", &["romanian", "deadlift"]),
    ("rdls", &["romanian", "deadlift"]),
    ("ohp", &["overhead", "press"]),
    ("flyes", &["fly"]),
    ("flies", &["fly"]),
    ("flye", &["fly"]),
    ("flys", &["fly"]),
    ("calves", &["calf"]),
    ("biceps", &["bicep"]),
    ("triceps", &["tricep"]),
    ("skullcrushers", &["skullcrusher"]),
    ("pushups", &["pushup"]),
    ("pullups", &["pullup"]),
    ("chinups", &["chinup"]),
    ("situps", &["situp"]),
    ("pulldowns", &["pulldown"]),
    ("pushdowns", &["pushdown"]),
    ("hyperextensions", &["hyperextension"]),
    ("crossovers", &["crossover"]),
];

/// The tokens of a name, in their original order.
pub fn tokens(name: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '\u{2019}' | '`' => {}
            '&' => cleaned.push_str(" and "),
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for word in cleaned.split_whitespace() {
        if let Some(prev) = out.last_mut() {
            let joins_up_down = UP_DOWN_COMPOUNDS.contains(&prev.as_str())
                && matches!(word, "up" | "ups" | "down" | "downs");
            let joins_crusher = prev == "skull" && matches!(word, "crusher" | "crushers");
            if joins_up_down || joins_crusher {
                prev.push_str(word.trim_end_matches('s'));
                continue;
            }
        }
        match SYNONYMS.iter().find(|(from, _)| *from == word) {
            Some((_, to)) => out.extend(to.iter().map(|t| (*t).to_owned())),
            None => out.push(singular(word)),
        }
    }
    out.retain(|t| !STOPWORDS.contains(&t.as_str()));
    out
}

/// A crude singular: `raises` → `raise`, `crunches` → `crunch`, `press` stays.
fn singular(word: &str) -> String {
    let n = word.len();
    if n <= 3 || !word.is_ascii() {
        return word.to_owned();
    }
    for suffix in ["sses", "ches", "shes", "xes"] {
        if word.ends_with(suffix) {
            return word[..n - 2].to_owned();
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

/// The lookup key of a name: its tokens sorted and deduplicated, joined by spaces.
pub fn key(name: &str) -> String {
    key_of(tokens(name))
}

pub(crate) fn key_of(mut tokens: Vec<String>) -> String {
    tokens.sort_unstable();
    tokens.dedup();
    tokens.join(" ")
}

/// A name prepared for comparison.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Sorted, deduplicated tokens.
    pub(crate) tokens: Vec<String>,
    /// The tokens' hashes, sorted (comparing numbers beats comparing strings
    /// when every name meets every catalog exercise).
    token_hashes: Vec<u64>,
    /// Character bigrams of the tokens joined by spaces, packed and sorted.
    bigrams: Vec<u64>,
}

impl Prepared {
    pub(crate) fn new(tokens: Vec<String>) -> Self {
        let key = key_of(tokens);
        let chars: Vec<char> = key.chars().collect();
        let mut bigrams: Vec<u64> = chars
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect();
        bigrams.sort_unstable();
        let tokens: Vec<String> = if key.is_empty() {
            Vec::new()
        } else {
            key.split(' ').map(str::to_owned).collect()
        };
        let mut token_hashes: Vec<u64> = tokens.iter().map(|t| fnv1a(t)).collect();
        token_hashes.sort_unstable();
        Prepared {
            tokens,
            token_hashes,
            bigrams,
        }
    }

    pub(crate) fn key(&self) -> String {
        self.tokens.join(" ")
    }

    /// How alike two names are, 0–1: the mean of the Sørensen–Dice
    /// coefficients of their word sets (which words) and of their character
    /// bigrams (spelling, so a typo costs little). Symmetric; 1 for equal keys.
    pub(crate) fn similarity(&self, other: &Prepared) -> f64 {
        let words = dice(&self.token_hashes, &other.token_hashes);
        let letters = dice(&self.bigrams, &other.bigrams);
        (words + letters) / 2.0
    }
}

/// FNV-1a, 64 bits: a fixed hash, so results never depend on a random seed.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Sørensen–Dice coefficient of two sorted multisets.
#[allow(clippy::cast_precision_loss)] // counts of name parts
fn dice<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let k = key("Bench Press (Dumbbell)");
        assert_eq!(k, "bench dumbbell press");
        for other in [
            "dumbbell bench press",
            "DB Bench-Press",
            "Dumbell  Bench Press",
        ] {
            assert_eq!(key(other), k, "{other}");
        }
        assert_eq!(key("Pull-Up"), "pullup");
        assert_eq!(key("Pull Ups"), "pullup");
        assert_eq!(key("pullups"), "pullup");
        assert_eq!(key("Farmer's Walk"), "farmer walk");
        assert_eq!(key("Lateral Raises"), key("Lateral Raise"));
        assert_eq!(key("Cable Crunches"), "cable crunch");
        assert_eq!(key("Skull Crushers"), key("Skullcrusher"));
        assert_eq!(key("Triceps Pushdown"), key("Tricep Push-Down"));
        assert_eq!(key("Toes-to-Bar"), key("Toes to Bar"));
        assert_eq!(key("RDL"), key("Romanian Deadlift"));
        assert_eq!(key("Dumbbell Flyes"), key("dumbbell fly"));
        assert_eq!(key("Press"), "press");
        assert_eq!(key("💪 !!"), "");
    }

    #[test]
    fn similarity_is_one_for_equal_keys_and_falls_with_differences() {
        let p = |s: &str| Prepared::new(tokens(s));
        let a = p("Dumbbell Bench Press");
        assert_eq!(a.similarity(&p("bench press (dumbbell)")), 1.0);
        let typo = a.similarity(&p("Dumbbel Bench Pres"));
        let other_word = a.similarity(&p("Incline Dumbbell Bench Press"));
        let unrelated = a.similarity(&p("Seated Calf Raise"));
        assert!(typo > 0.6 && typo < 1.0, "{typo}");
        assert!(other_word > 0.8 && other_word < 1.0, "{other_word}");
        assert!(unrelated < 0.3, "{unrelated}");
        assert_eq!(
            a.similarity(&p("Seated Calf Raise")),
            p("Seated Calf Raise").similarity(&a)
        );
    }
}
