//! The `sessions` table: one planned (or adapted, or completed) day per program and date.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub program_id: i64,
    pub date: Date,
    pub microcycle_index: i32,
    pub day_index: i32,
    pub kind: String,
    pub focus: Option<String>,
    pub is_deload: bool,
    pub status: String,
    pub source: String,
    pub fallback: bool,
    pub target_minutes: i32,
    pub estimated_minutes: i32,
    pub body: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
