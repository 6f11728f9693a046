//! sea-orm entities, one module per table.

pub mod refresh_tokens;
pub mod users;
