//! Personal access tokens: stored as SHA-256 hashes with their scopes.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::personal_access_tokens as pat;
use crate::error::DbResult;

/// A stored token (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// Comma-separated scopes as stored (`read` or `read,write`).
    pub scopes: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<pat::Model> for PersonalToken {
    fn from(m: pat::Model) -> Self {
        PersonalToken {
            id: m.id,
            user_id: m.user_id,
            name: m.name,
            scopes: m.scopes,
            expires_at: m.expires_at,
            last_used_at: m.last_used_at,
            created_at: m.created_at,
        }
    }
}

/// A token to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPersonalToken<'a> {
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Stores a token hash for the user.
pub async fn insert(
    db: &impl Executor,
    user_id: i64,
    new: NewPersonalToken<'_>,
) -> DbResult<PersonalToken> {
    let m = pat::ActiveModel {
        user_id: Set(user_id),
        name: Set(new.name.to_owned()),
        token_hash: Set(new.token_hash.to_owned()),
        scopes: Set(new.scopes.to_owned()),
        expires_at: Set(new.expires_at),
        last_used_at: Set(None),
        created_at: Set(new.created_at),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    Ok(m.into())
}

/// The user's tokens, newest first.
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<PersonalToken>> {
    Ok(pat::Entity::find()
        .filter(pat::Column::UserId.eq(user_id))
        .order_by_desc(pat::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(PersonalToken::from)
        .collect())
}

/// The token with this hash, if any (expiry is the caller's to check).
pub async fn find_by_hash(db: &impl Executor, token_hash: &str) -> DbResult<Option<PersonalToken>> {
    Ok(pat::Entity::find()
        .filter(pat::Column::TokenHash.eq(token_hash))
        .one(db.conn())
        .await?
        .map(PersonalToken::from))
}

/// Records a use at `now`.
pub async fn touch(db: &impl Executor, id: i64, now: DateTime<Utc>) -> DbResult<()> {
    pat::Entity::update_many()
        .col_expr(pat::Column::LastUsedAt, Expr::value(now))
        .filter(pat::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Deletes the user's token; `false` when it does not exist or is someone else's.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let res = pat::Entity::delete_many()
        .filter(pat::Column::Id.eq(id))
        .filter(pat::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}
