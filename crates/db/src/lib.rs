//! # gainsly-db
//!
//! Gainsly's persistence: the sea-orm entities, one repository module per
//! aggregate (users, refresh tokens, …), the connection (SQLite or
//! PostgreSQL, chosen by URL) with migrations applied, and typed errors that
//! tell a conflict from a missing row from an unreachable database from a
//! corrupt stored value. Only this crate knows sea-orm; callers get plain
//! structs.
//!
//! Every repository function takes `&impl` [`Executor`]: the pool ([`Db`],
//! each statement on its own) or an open write transaction ([`Tx`], from
//! [`Db::begin_write`]), so the application layer writes everything one
//! use-case writes in one transaction. A repository that needs several
//! statements together opens a savepoint when it already runs in one.

pub mod connection;
pub mod entities;
pub mod error;
pub mod repo;

pub use connection::{Backend, Db, Executor, Tx};
pub use error::DbError;
