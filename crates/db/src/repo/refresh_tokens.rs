//! Refresh-token families: issue, rotate with reuse detection, revoke.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::Executor;
use crate::entities::refresh_tokens as rt;
use crate::error::DbResult;

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was live: it is now revoked and `new_hash` replaces it.
    Rotated { user_id: i64 },
    /// The token had already been rotated or revoked: its whole family is now revoked.
    Reused { user_id: i64 },
    /// Unknown or expired token.
    Invalid,
}

/// Stores a new token hash (a new family on login/register), issued at `now`.
pub async fn insert(
    db: &impl Executor,
    user_id: i64,
    family_id: &str,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    rt::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family_id.to_owned()),
        token_hash: Set(token_hash.to_owned()),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    Ok(())
}

/// Rotates `presented_hash` to `new_hash` at `now`, in one transaction. The
/// revoke is a conditional update, so two concurrent refreshes of one token
/// cannot both win: the loser is treated as reuse.
pub async fn rotate(
    db: &impl Executor,
    presented_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
    new_expires_at: DateTime<Utc>,
) -> DbResult<Rotation> {
    let txn = db.begin_write().await?;
    let Some(found) = rt::Entity::find()
        .filter(rt::Column::TokenHash.eq(presented_hash))
        .one(txn.conn())
        .await?
    else {
        return Ok(Rotation::Invalid);
    };
    if found.revoked_at.is_some() {
        revoke_family_in(txn.conn(), &found.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Reused {
            user_id: found.user_id,
        });
    }
    if found.expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    let updated = rt::Entity::update_many()
        .col_expr(rt::Column::RevokedAt, Expr::value(now))
        .filter(rt::Column::Id.eq(found.id))
        .filter(rt::Column::RevokedAt.is_null())
        .exec(txn.conn())
        .await?;
    if updated.rows_affected != 1 {
        revoke_family_in(txn.conn(), &found.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Reused {
            user_id: found.user_id,
        });
    }
    rt::ActiveModel {
        user_id: Set(found.user_id),
        family_id: Set(found.family_id.clone()),
        token_hash: Set(new_hash.to_owned()),
        expires_at: Set(new_expires_at),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn.conn())
    .await?;
    txn.commit().await?;
    Ok(Rotation::Rotated {
        user_id: found.user_id,
    })
}

async fn revoke_family_in<C: sea_orm::ConnectionTrait>(
    conn: &C,
    family_id: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    rt::Entity::update_many()
        .col_expr(rt::Column::RevokedAt, Expr::value(now))
        .filter(rt::Column::FamilyId.eq(family_id))
        .filter(rt::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Revokes one token at `now` (logout). Unknown tokens are ignored.
pub async fn revoke(db: &impl Executor, token_hash: &str, now: DateTime<Utc>) -> DbResult<()> {
    rt::Entity::update_many()
        .col_expr(rt::Column::RevokedAt, Expr::value(now))
        .filter(rt::Column::TokenHash.eq(token_hash))
        .filter(rt::Column::RevokedAt.is_null())
        .exec(db.conn())
        .await?;
    Ok(())
}
