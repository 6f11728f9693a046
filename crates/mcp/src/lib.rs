#![doc = include_str!("../README.md")]

pub mod args;
pub mod caller;
pub mod error;
pub mod outcome;
pub mod relay;
pub mod schema;
pub mod server;
pub mod shell;
pub mod tools;
pub mod views;

pub use caller::Caller;
pub use error::{Refusal, Rendered};
pub use outcome::Outcome;
pub use server::{GainslyMcp, McpService, http_service};
pub use shell::Shell;
