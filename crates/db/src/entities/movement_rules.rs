//! The `movement_rules` table: avoid / prefer / require, one target each.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "movement_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub rule_type: String,
    pub exercise_id: Option<i64>,
    pub movement_pattern: Option<String>,
    pub muscle: Option<String>,
    pub reason: Option<String>,
    pub expires_on: Option<Date>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
