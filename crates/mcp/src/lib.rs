#![doc = include_str!("../README.md")]

pub mod args;
pub mod backend;
pub mod error;
pub mod fields;
pub mod rest;
pub mod schema;
pub mod server;
pub mod tools;
pub mod views;

#[cfg(feature = "app")]
pub mod caller;
#[cfg(feature = "app")]
pub mod local;
#[cfg(feature = "app")]
pub mod outcome;
#[cfg(feature = "app")]
pub mod shell;

pub use backend::Backend;
pub use error::{Refusal, Rendered};
pub use rest::RestBackend;
pub use server::GainslyMcp;

#[cfg(feature = "app")]
pub use caller::Caller;
#[cfg(feature = "app")]
pub use outcome::Outcome;
#[cfg(feature = "app")]
pub use server::{McpService, http_service};
#[cfg(feature = "app")]
pub use shell::Shell;
