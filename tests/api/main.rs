//! Black-box tests: the real server over HTTP, a fresh database per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod auth;
mod bola;
mod coaching;
mod custom_exercises;
mod days;
mod errors;
mod exercises;
mod export;
mod faults;
mod imports;
mod jwt;
mod limits;
mod llm_attempts;
mod loads;
mod loads_failure;
mod loads_variations;
mod log_effects;
mod logs;
mod mcp;
mod openapi;
mod programs;
mod reads;
mod real_model;
mod replan;
mod rollup;
mod service;
mod settings;
mod tokens;
