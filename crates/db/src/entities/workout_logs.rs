//! The `workout_logs` table: custom workouts and top sets.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workout_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub date: Date,
    pub name: String,
    pub duration_minutes: Option<i32>,
    pub session_id: Option<i64>,
    pub session_rpe: Option<f64>,
    pub notes: Option<String>,
    pub e1rm_formula: String,
    pub e1rm_kg: Option<f64>,
    pub is_pr: Option<bool>,
    pub previous_best_e1rm_kg: Option<f64>,
    pub created_at: ChronoDateTimeUtc,
    /// The import that wrote this log (undo deletes by it).
    pub import_id: Option<i64>,
    /// When the workout started, where known (imports): duplicate detection.
    pub started_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
