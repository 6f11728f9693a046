//! The `programs` table. JSON columns hold validated domain values.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub goals: String,
    pub split_template: String,
    pub days_per_week: i32,
    pub microcycle_length_days: i32,
    pub duration_weeks: i32,
    pub start_date: Date,
    pub end_date: Date,
    pub session_minutes: i32,
    pub progression_style: String,
    pub deload_every_n_microcycles: i32,
    pub equipment: Option<String>,
    pub microcycle_days: String,
    pub is_active: bool,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
