//! The `workout_sets` table: the sets of a workout log (with the log's user and date).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workout_sets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub log_id: i64,
    pub user_id: i64,
    pub date: Date,
    pub exercise_id: i64,
    pub exercise_position: i32,
    pub position: i32,
    pub reps: Option<i32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub duration_seconds: Option<i32>,
    pub distance_m: Option<f64>,
    pub e1rm_kg: Option<f64>,
    pub e1rm_reliable: Option<bool>,
    /// `warmup`, `dropset` or `failure`; `None` is a normal working set.
    pub kind: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
