//! An index that answers "the best reliable e1RM of this exercise up to a
//! date" (every top-set log asks it) from its first matching entry instead of
//! reading every stored set of that exercise.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WorkoutSets {
    Table,
    UserId,
    ExerciseId,
    E1rmReliable,
    E1rmKg,
    Date,
}

const NAME: &str = "idx_workout_sets_best_e1rm";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(WorkoutSets::Table)
                    .col(WorkoutSets::UserId)
                    .col(WorkoutSets::ExerciseId)
                    .col(WorkoutSets::E1rmReliable)
                    .col(WorkoutSets::E1rmKg)
                    .col(WorkoutSets::Date)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(WorkoutSets::Table)
                    .to_owned(),
            )
            .await
    }
}
