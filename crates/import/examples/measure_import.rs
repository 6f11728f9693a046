//! How fast an export parses and matches, and how much memory that takes.
//!
//! ```sh
//! cargo run --release -p gainsly-import --example measure_import            # 10,000 sets, 20 runs
//! cargo run --release -p gainsly-import --example measure_import -- 100000 5 # sets, runs
//! ```
//!
//! For each format it writes a synthetic export of the given number of sets
//! (20 sets per workout, 48 distinct exercise names of which 12 match
//! nothing, warm-ups, pounds with float noise for Strong), then times a dry
//! run over the bytes in memory: parse every row, build every workout, match
//! every name, count the report. Each run uses a fresh [`Matcher`], as each
//! import does; the first run also builds the shared catalog index. It
//! does the same for a Strong export whose exercise names are all different
//! (2,000 of them, the reader's cap: the worst case for matching). Then it
//! streams a file 10× larger from disk and prints the peak resident memory
//! before and after, to show that memory does not grow with the file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::{Duration, Instant};

use gainsly_import::{DisplayUnits, ImportOptions, Matcher, summarise};

const NAMES: &[&str] = &[
    "Squat (Barbell)",
    "Bench Press (Barbell)",
    "Deadlift (Barbell)",
    "Overhead Press (Barbell)",
    "Bent Over Row (Barbell)",
    "Lat Pulldown (Cable)",
    "Seated Row (Cable)",
    "Pull Up",
    "Chin Up",
    "Incline Bench Press (Dumbbell)",
    "Bench Press (Dumbbell)",
    "Romanian Deadlift (Barbell)",
    "Leg Press",
    "Leg Extension (Machine)",
    "Lying Leg Curl (Machine)",
    "Seated Leg Curl (Machine)",
    "Standing Calf Raise (Machine)",
    "Hip Thrust (Barbell)",
    "Bulgarian Split Squat",
    "Lunge (Dumbbell)",
    "Lateral Raise (Dumbbell)",
    "Face Pull (Cable)",
    "Bicep Curl (Barbell)",
    "Bicep Curl (Dumbbell)",
    "Hammer Curl (Dumbbell)",
    "Triceps Pushdown (Cable - Straight Bar)",
    "Skullcrusher (Barbell)",
    "Triceps Extension (Cable)",
    "Chest Fly (Dumbbell)",
    "Cable Crossover",
    "Shrug (Dumbbell)",
    "Plank",
    "Hanging Leg Raise",
    "Cable Crunch",
    "Front Squat (Barbell)",
    "Seated Lateral Raise (Dumbbell)",
    "Decline Bench Press (Barbell)",
    "Landmine 180",
    "Kettlebell Halo",
    "Gironda Dip",
    "Zercher Carry Walk",
    "Partner Sled Drag",
    "Tire Flip",
    "Atlas Stone 💪",
    "Viking Press",
    "Log Clean and Press",
    "Yoke Walk",
    "Axle Deadlift",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Strong,
    Hevy,
    FitNotes,
    /// Strong with every exercise (5 sets) named differently, up to the
    /// reader's cap of distinct names: the worst case for matching.
    StrongDistinctNames,
}

/// Writes a synthetic export of `sets` sets.
fn write_export(out: &mut impl Write, format: Format, sets: usize) {
    let header = match format {
        Format::Strong | Format::StrongDistinctNames => {
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        }
        Format::Hevy => {
            r#""title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe""#
        }
        Format::FitNotes => {
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"
        }
    };
    writeln!(out, "\u{feff}{header}\r").unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2019, 1, 1)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap();
    let mut line = String::new();
    for i in 0..sets {
        let workout = i / 20;
        let exercise = (i / 5) % 4;
        let set = i % 5;
        let distinct;
        let name = if format == Format::StrongDistinctNames {
            distinct = format!(
                "Custom lift {}",
                (i / 5) % gainsly_import::reader::MAX_EXERCISE_NAMES
            );
            distinct.as_str()
        } else {
            NAMES[(workout * 7 + exercise * 11) % NAMES.len()]
        };
        let at = start + chrono::Duration::hours(i64::try_from(workout).unwrap() * 26);
        let weight = 40.0 + f64::from(u32::try_from((workout + exercise * 3) % 60).unwrap()) * 2.5;
        let reps = 5 + (set % 4);
        line.clear();
        match format {
            Format::Strong | Format::StrongDistinctNames => {
                let order = if set == 0 {
                    "W".to_owned()
                } else {
                    set.to_string()
                };
                // Pounds with float noise, as Strong writes them.
                let lb = weight * 2.2 - 1e-14;
                write!(
                    line,
                    "{},\"Workout {workout} 🏋️\",1h 2m,\"{name}\",{order},{lb},{reps},0,0,\"\",\"notes, with a comma\",{}",
                    at.format("%Y-%m-%d %H:%M:%S"),
                    if set == 4 { "8.5" } else { "" }
                )
                .unwrap();
            }
            Format::Hevy => {
                let kind = if set == 0 { "warmup" } else { "normal" };
                write!(
                    line,
                    "\"Workout {workout}\",\"{}\",\"{}\",\"\",\"{name}\",,\"\",{set},\"{kind}\",{weight},{reps},,,",
                    at.format("%-d %b %Y, %H:%M"),
                    (at + chrono::Duration::minutes(71)).format("%-d %b %Y, %H:%M"),
                )
                .unwrap();
            }
            Format::FitNotes => {
                write!(
                    line,
                    "{},\"{name}\",Strength,{weight},kgs,{reps},,,,",
                    at.format("%Y-%m-%d")
                )
                .unwrap();
            }
        }
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\r\n").unwrap();
    }
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let sets: usize = args.next().map_or(10_000, |a| a.parse().unwrap());
    let runs: usize = args.next().map_or(20, |a| a.parse().unwrap());
    let options = ImportOptions {
        units: DisplayUnits::imperial(),
        time_zone: chrono_tz::Europe::Berlin,
        ..ImportOptions::default()
    };
    println!("{sets} sets, {runs} runs per format (dry run over bytes in memory)");
    for format in [
        Format::Strong,
        Format::Hevy,
        Format::FitNotes,
        Format::StrongDistinctNames,
    ] {
        let mut bytes = Vec::new();
        write_export(&mut bytes, format, sets);
        let mut times = Vec::with_capacity(runs);
        let mut summary = None;
        for _ in 0..runs {
            let started = Instant::now();
            let s = summarise(&bytes[..], &options, &mut Matcher::default()).unwrap();
            times.push(started.elapsed());
            summary = Some(s);
        }
        let first = times[0];
        times.sort();
        let summary = summary.unwrap();
        assert_eq!(summary.sets, sets);
        println!(
            "{format:?}: {:.1} KiB, {} workouts, {} sets ({} warm-up), {} names matched, {} unmatched | first {:.1} ms, min {:.1} ms, median {:.1} ms, max {:.1} ms",
            bytes.len() as f64 / 1024.0,
            summary.workouts,
            summary.sets,
            summary.warmup_sets,
            summary.matched.len(),
            summary.unmatched.len(),
            ms(first),
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
    }

    // Memory: stream a 10× larger Strong export from disk.
    let path =
        std::env::temp_dir().join(format!("gainsly-import-measure-{}.csv", std::process::id()));
    {
        let mut file = BufWriter::new(File::create(&path).unwrap());
        write_export(&mut file, Format::Strong, sets * 10);
        file.flush().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let before = peak_rss_mib();
    let started = Instant::now();
    let summary = summarise(
        BufReader::new(File::open(&path).unwrap()),
        &options,
        &mut Matcher::default(),
    )
    .unwrap();
    let elapsed = started.elapsed();
    let after = peak_rss_mib();
    std::fs::remove_file(&path).unwrap();
    println!(
        "Streaming {} sets ({:.1} MiB) from disk: {:.1} ms; peak RSS {} MiB before, {} MiB after",
        summary.sets,
        size as f64 / 1024.0 / 1024.0,
        ms(elapsed),
        before.map_or("?".to_owned(), |m| format!("{m:.1}")),
        after.map_or("?".to_owned(), |m| format!("{m:.1}")),
    );
}
