//! Bodyweight rows progress to a harder variation (issue 16), black-box:
//! after two exposures at the top of the rep range at or under the target
//! RPE, the inverted row is planned as the feet-elevated inverted row and
//! the ring row as the feet-elevated ring row, with a note; after one, the
//! row stays.

use gainsly_domain::variations::harder;
use gainsly_domain::{Exercise, catalog};
use gainsly_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

use crate::loads::{home_lifter, moved_to_harder};

/// A lifter with `equipment`, a full-body hypertrophy program starting
/// today and a `prefer` rule for `row`, after logs of it: (day offset,
/// reps, RPE), two sets each. Returns the token.
async fn row_lifter(
    app: &TestApp,
    email: &str,
    equipment: &[&str],
    row: &Exercise,
    logs: &[(i64, u32, f64)],
) -> String {
    let logs: Vec<_> = logs
        .iter()
        .map(|&(offset, reps, rpe)| (offset, row.id, reps, rpe))
        .collect();
    home_lifter(app, email, equipment, Some(row.id), &logs).await
}

fn planned<'a>(s: &'a Value, ex: &Exercise) -> Option<&'a Value> {
    s["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exercise_id"] == ex.id.0)
}

/// The row moves to `hard` after two exposures at the top of its range, not
/// after one.
async fn row_steps_up(app: &TestApp, name: &str, equipment: &[&str], row: &str, hard: &str) {
    let row = catalog::by_slug(row).unwrap();
    let hard = catalog::by_slug(hard).unwrap();
    assert_eq!(harder(row).map(|h| h.id), Some(hard.id), "{}", row.slug);
    // A day whose plan holds the row (and not its harder variation yet).
    let fresh = row_lifter(
        app,
        &format!("{name}-fresh@example.com"),
        equipment,
        row,
        &[],
    )
    .await;
    let mut found = None;
    for offset in 0..7 {
        let date = app.day(offset);
        let (status, s) = app.get(&format!("/api/days/{date}/plan"), &fresh).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        if planned(&s, hard).is_none()
            && let Some(e) = planned(&s, row)
        {
            found = Some((offset, e.clone()));
            break;
        }
    }
    let (offset, e) = found.unwrap_or_else(|| panic!("{} never planned", row.slug));
    let reps_max = u32::try_from(e["reps_max"].as_u64().unwrap()).unwrap();
    let rpe = e["target_rpe"].as_f64().unwrap();
    let date = app.day(offset);
    // Twice at the top of the range, one RPE point under the target.
    let top = [
        (offset - 6, reps_max, rpe - 1.0),
        (offset - 3, reps_max, rpe - 1.0),
    ];
    let earned = row_lifter(
        app,
        &format!("{name}-earned@example.com"),
        equipment,
        row,
        &top,
    )
    .await;
    let (_, s) = app.get(&format!("/api/days/{date}/plan"), &earned).await;
    let e = moved_to_harder(&s, row, hard);
    // Within the harder row's limits (5–12), from the bottom of its range.
    let (lo, hi) = (
        e["reps_min"].as_u64().unwrap(),
        e["reps_max"].as_u64().unwrap(),
    );
    assert!(5 <= lo && hi <= 12, "{e}");
    // Once only: the row stays.
    let once = row_lifter(
        app,
        &format!("{name}-once@example.com"),
        equipment,
        row,
        &top[1..],
    )
    .await;
    let (_, s) = app.get(&format!("/api/days/{date}/plan"), &once).await;
    assert!(planned(&s, row).is_some(), "{s}");
    assert!(planned(&s, hard).is_none(), "{s}");
}

#[tokio::test]
async fn inverted_rows_move_to_the_feet_elevated_row_after_two_exposures_at_the_top() {
    let app = TestApp::spawn().await;
    row_steps_up(
        &app,
        "inverted",
        &["bodyweight", "barbell", "rack", "bench"],
        "inverted-row",
        "feet-elevated-inverted-row",
    )
    .await;
}

#[tokio::test]
async fn ring_rows_move_to_the_feet_elevated_ring_row_after_two_exposures_at_the_top() {
    let app = TestApp::spawn().await;
    row_steps_up(
        &app,
        "rings",
        &["bodyweight", "rings", "bench"],
        "ring-row",
        "feet-elevated-ring-row",
    )
    .await;
}
