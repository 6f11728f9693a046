//! Black-box tests: the real server over HTTP, a fresh database per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod days;
mod errors;
mod jwt;
mod openapi;
mod programs;
mod service;
