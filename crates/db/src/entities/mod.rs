//! sea-orm entities, one module per table.

pub mod programs;
pub mod refresh_tokens;
pub mod sessions;
pub mod users;
