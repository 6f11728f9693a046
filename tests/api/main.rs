//! Black-box tests: the real server over HTTP, a fresh database per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod bola;
mod days;
mod errors;
mod exercises;
mod faults;
mod jwt;
mod loads;
mod log_effects;
mod logs;
mod openapi;
mod programs;
mod replan;
mod rollup;
mod service;
mod settings;
