//! User accounts.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::Executor;
use crate::entities::users;
use crate::error::DbResult;

/// A stored user. `password_hash` never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

impl From<users::Model> for User {
    fn from(m: users::Model) -> Self {
        User {
            id: m.id,
            email: m.email,
            name: m.name,
            password_hash: m.password_hash,
            created_at: m.created_at,
        }
    }
}

/// Inserts a user; [`DbError::Conflict`](crate::DbError::Conflict) when the (lower-cased) email exists.
pub async fn create(
    db: &impl Executor,
    email: &str,
    name: &str,
    password_hash: &str,
) -> DbResult<User> {
    let now = Utc::now();
    let model = users::ActiveModel {
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    Ok(model.into())
}

/// Finds a user by lower-cased email.
pub async fn find_by_email(db: &impl Executor, email: &str) -> DbResult<Option<User>> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db.conn())
        .await?
        .map(User::from))
}

/// Finds a user by id.
pub async fn find_by_id(db: &impl Executor, id: i64) -> DbResult<Option<User>> {
    Ok(users::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(User::from))
}

/// Deletes a user and (by cascade) everything they own. Returns whether a row went.
pub async fn delete(db: &impl Executor, id: i64) -> DbResult<bool> {
    let res = users::Entity::delete_by_id(id).exec(db.conn()).await?;
    Ok(res.rows_affected > 0)
}

/// Serialises writers of one user's data inside a write transaction: on
/// PostgreSQL it locks the user row until the transaction ends (`FOR
/// UPDATE`); on SQLite the write transaction already holds the database's
/// write lock (`BEGIN IMMEDIATE`), so there is nothing more to take.
pub async fn lock(db: &impl Executor, id: i64) -> DbResult<()> {
    if db.backend() == crate::Backend::Postgres {
        use sea_orm::ConnectionTrait;
        db.conn()
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT id FROM users WHERE id = $1 FOR UPDATE",
                [id.into()],
            ))
            .await?;
    }
    Ok(())
}
