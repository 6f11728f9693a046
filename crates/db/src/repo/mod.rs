//! Repositories: one module per aggregate, plain structs in and out.

pub mod refresh_tokens;
pub mod sessions;
pub mod users;
