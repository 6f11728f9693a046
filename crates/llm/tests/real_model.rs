//! Opt-in: the adapter against a real model (not run by default or in CI).
//!
//! ```sh
//! just test-llm    # = GAINSLY_LLM_URL=http://127.0.0.1:11434 GAINSLY_LLM_MODEL=qwen2.5-coder:0.5b \
//!                  #   cargo test -p gainsly-llm --test real_model -- --ignored --nocapture
//! ```
//!
//! The prompts are real planner prompts (`tests/fixtures/prompts.jsonl`, one
//! [`PlanPrompt`] per line, captured from `gainsly-api` adaptations with
//! `RUST_LOG=gainsly_llm::prompt=trace`; see `docs/performance.md`), used in
//! order and cycled when `GAINSLY_LLM_N` is larger.
//!
//! Environment: `GAINSLY_LLM_URL` (default `http://127.0.0.1:11434`),
//! `GAINSLY_LLM_MODEL` (default `qwen2.5-coder:0.5b`), `GAINSLY_LLM_PROVIDER`
//! (`ollama` or `openai`), `GAINSLY_LLM_API_KEY`, `GAINSLY_LLM_N` (proposals,
//! default 10), `GAINSLY_LLM_PROMPTS` (another prompt file),
//! `GAINSLY_LLM_WARM_UP=1` (call [`LlmClient::warm_up`] before the
//! proposals, and once more after them to time a warm-up of a loaded model), and the
//! limits `GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS`,
//! `GAINSLY_LLM_IDLE_TIMEOUT_SECS`, `GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS`,
//! `GAINSLY_LLM_DEADLINE_SECS` (default: the crate's defaults).
//!
//! Every proposal listens to the events, so each attempt is timed here, on
//! the client: time to first token, the longest pause between two tokens,
//! the attempt's length and its pieces (≈ tokens). The server's token counts
//! (prompt, cached prompt, answer) come with a usable proposal. The summary
//! gives the share of proposals usable on the first attempt and within the
//! attempts, attempts per proposal, latency p50 / max, and the first-token
//! times of the first proposal (cold after a server start, unless warmed
//! up) and of the others (the system prompt cached).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::time::Duration;

use gainsly_llm::{
    ApiKey, HealthStatus, LlmClient, LlmConfig, LlmEvent, PROMPT_VERSION, PlanPrompt, Provider,
};
use tokio::time::Instant;

const FIXTURE: &str = include_str!("fixtures/prompts.jsonl");

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn env_secs(name: &str, default: Duration) -> Duration {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map_or(default, |v| {
            Duration::from_secs_f64(v.parse().expect("a number of seconds"))
        })
}

fn prompts() -> Vec<PlanPrompt> {
    let text = match std::env::var("GAINSLY_LLM_PROMPTS") {
        Ok(path) if !path.is_empty() => std::fs::read_to_string(path).unwrap(),
        _ => FIXTURE.to_owned(),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// One attempt as seen from the client.
#[derive(Debug, Clone, Copy, Default)]
struct AttemptTiming {
    first_token: Option<Duration>,
    longest_pause: Duration,
    length: Duration,
    pieces: u32,
}

/// Times the attempts of one proposal from its events.
async fn time_attempts(mut rx: tokio::sync::mpsc::Receiver<LlmEvent>) -> Vec<AttemptTiming> {
    let mut attempts: Vec<AttemptTiming> = Vec::new();
    let mut started = Instant::now();
    let mut last = started;
    while let Some(event) = rx.recv().await {
        let now = Instant::now();
        match event {
            LlmEvent::Attempt(_) => {
                if let Some(a) = attempts.last_mut() {
                    a.length = now - started;
                }
                attempts.push(AttemptTiming::default());
                started = now;
                last = now;
            }
            LlmEvent::Token(_) => {
                let a = attempts.last_mut().expect("a token before any attempt");
                if a.first_token.is_none() {
                    a.first_token = Some(now - started);
                } else {
                    a.longest_pause = a.longest_pause.max(now - last);
                }
                a.pieces += 1;
                last = now;
            }
            other => panic!("unexpected event {other:?}"),
        }
    }
    if let Some(a) = attempts.last_mut() {
        a.length = Instant::now() - started;
    }
    attempts
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

fn opt_secs(d: Option<Duration>) -> String {
    d.map_or_else(|| "-".to_owned(), secs)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

async fn warm_up_once(client: &LlmClient, when: &str) {
    let started = Instant::now();
    match client.warm_up().await {
        Ok(w) => println!(
            "warm-up {when}: {} prompt_tokens={:?} cached={:?}",
            secs(w.elapsed),
            w.usage.prompt_tokens,
            w.usage.cached_prompt_tokens
        ),
        Err(e) => println!(
            "warm-up {when}: FAILED after {}: {e}",
            secs(started.elapsed())
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a real model server; see the module docs"]
async fn real_model_gives_usable_plans() {
    let provider: Provider = env_or("GAINSLY_LLM_PROVIDER", "ollama").parse().unwrap();
    let defaults = LlmConfig::default();
    let config = LlmConfig {
        provider,
        base_url: env_or("GAINSLY_LLM_URL", "http://127.0.0.1:11434"),
        model: env_or("GAINSLY_LLM_MODEL", "qwen2.5-coder:0.5b"),
        api_key: std::env::var("GAINSLY_LLM_API_KEY").ok().map(ApiKey::new),
        first_token_timeout: env_secs(
            "GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS",
            defaults.first_token_timeout,
        ),
        idle_timeout: env_secs("GAINSLY_LLM_IDLE_TIMEOUT_SECS", defaults.idle_timeout),
        attempt_timeout: env_secs("GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS", defaults.attempt_timeout),
        deadline: env_secs("GAINSLY_LLM_DEADLINE_SECS", defaults.deadline),
        ..defaults
    };
    let n: usize = env_or("GAINSLY_LLM_N", "10").parse().unwrap();
    let prompts = prompts();
    assert!(!prompts.is_empty(), "no prompts");
    let client = LlmClient::new(config.clone()).unwrap();

    let health = client.check().await;
    println!(
        "provider={} url={} model={} prompt={PROMPT_VERSION} first_token={:?} idle={:?} deadline={:?} health={health}",
        config.provider,
        config.base_url,
        config.model,
        config.first_token_timeout,
        config.idle_timeout,
        config.deadline
    );
    assert_eq!(
        health,
        HealthStatus::Ok,
        "start a model server first (see the module docs)"
    );
    let warm_up = env_or("GAINSLY_LLM_WARM_UP", "0") == "1";
    if warm_up {
        warm_up_once(&client, "before the proposals").await;
    }

    let mut first_try = 0;
    let mut usable = 0;
    let mut attempts_total = 0usize;
    let mut latencies = Vec::new();
    let mut later_first_tokens = Vec::new();
    let mut first_first_token = None;
    let mut longest_pause = Duration::ZERO;
    let mut prompt_tokens = Vec::new();
    let mut answer_tokens = Vec::new();
    let mut failures: BTreeMap<&'static str, usize> = BTreeMap::new();
    for i in 0..n {
        let prompt = &prompts[i % prompts.len()];
        let (tx, rx) = tokio::sync::mpsc::channel::<LlmEvent>(1024);
        let timer = tokio::spawn(time_attempts(rx));
        let started = Instant::now();
        let result = client.propose(prompt, Some(tx)).await;
        let elapsed = started.elapsed();
        let timings = timer.await.unwrap();
        latencies.push(elapsed);
        attempts_total += timings.len();
        for (k, t) in timings.iter().enumerate() {
            longest_pause = longest_pause.max(t.longest_pause);
            match (i, k, t.first_token) {
                (0, 0, Some(d)) => first_first_token = Some(d),
                (_, _, Some(d)) => later_first_tokens.push(d),
                _ => {}
            }
        }
        let attempts: Vec<String> = timings
            .iter()
            .map(|t| {
                format!(
                    "[ttft {} pause<={} {} {} pieces]",
                    opt_secs(t.first_token),
                    secs(t.longest_pause),
                    secs(t.length),
                    t.pieces
                )
            })
            .collect();
        let label = format!(
            "#{i:02} {:<18} {:>2} cand",
            prompt.focus_label,
            prompt.candidates.len()
        );
        match result {
            Ok(p) => {
                usable += 1;
                if p.attempts == 1 {
                    first_try += 1;
                }
                prompt_tokens.extend(p.usage.prompt_tokens);
                answer_tokens.extend(p.usage.answer_tokens);
                let picks: Vec<String> = p
                    .picks
                    .iter()
                    .map(|x| format!("{}x{}", x.exercise_id, x.sets))
                    .collect();
                println!(
                    "{label} ok   {:>5} attempts={} {} prompt_tokens={:?} cached={:?} answer_tokens={:?} picks=[{}] issues={:?}\n     rationale: {}",
                    secs(elapsed),
                    p.attempts,
                    attempts.join(" "),
                    p.usage.prompt_tokens,
                    p.usage.cached_prompt_tokens,
                    p.usage.answer_tokens,
                    picks.join(" "),
                    p.issues,
                    p.rationale
                );
            }
            Err(e) => {
                *failures.entry(e.kind()).or_default() += 1;
                println!(
                    "{label} FAIL {:>5} {} {e}",
                    secs(elapsed),
                    attempts.join(" ")
                );
            }
        }
    }
    if warm_up {
        warm_up_once(&client, "again (model loaded)").await;
    }
    latencies.sort();
    later_first_tokens.sort();
    let mean = |v: &[u32]| {
        if v.is_empty() {
            0.0
        } else {
            f64::from(v.iter().sum::<u32>()) / v.len() as f64
        }
    };
    println!(
        "\nSUMMARY model={} prompt={PROMPT_VERSION} n={n}: usable on the first attempt {first_try}/{n}, within {} attempts {usable}/{n}; attempts per proposal {:.2}; latency p50 {} max {}; first token: first proposal {}, others p50 {} max {}; longest pause between tokens {}; prompt tokens mean {:.0} max {:?}; answer tokens mean {:.0} max {:?}; failures {failures:?}",
        config.model,
        config.max_attempts,
        attempts_total as f64 / n as f64,
        secs(percentile(&latencies, 0.5)),
        secs(percentile(&latencies, 1.0)),
        opt_secs(first_first_token),
        secs(percentile(&later_first_tokens, 0.5)),
        secs(percentile(&later_first_tokens, 1.0)),
        secs(longest_pause),
        mean(&prompt_tokens),
        prompt_tokens.iter().max(),
        mean(&answer_tokens),
        answer_tokens.iter().max(),
    );
    assert!(usable > 0, "no prompt gave a usable plan");
}
