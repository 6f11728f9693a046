//! The `user_profiles` table: one row per user once the profile was written.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub experience: String,
    /// JSON `[Equipment]`.
    pub equipment: String,
    pub units: String,
    pub e1rm_formula: String,
    pub session_minutes: i32,
    pub timezone: String,
    pub age: Option<i32>,
    pub sex: Option<String>,
    pub body_weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
