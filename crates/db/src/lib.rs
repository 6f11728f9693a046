//! # gainsly-db
//!
//! Gainsly's persistence: the sea-orm entities, one repository module per
//! aggregate (users, refresh tokens, …), the connection (SQLite or
//! PostgreSQL, chosen by URL) with migrations applied, and typed errors that
//! tell the API layer a conflict from a missing row from an unreachable
//! database. Only this crate knows sea-orm; callers get plain structs.

pub mod connection;
pub mod entities;
pub mod error;
pub mod repo;

pub use connection::{Backend, Db, Executor, Tx};
pub use error::DbError;
