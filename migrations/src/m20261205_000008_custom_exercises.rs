//! A user's own custom exercises (the names an import could not match to
//! the catalog), and weekly summaries kept per import.
//!
//! - `custom_exercises`: one row per distinct name per user. Its exercise id
//!   everywhere else (`workout_sets.exercise_id`, the API) is
//!   `1_000_000 + custom_exercises.id`, so it can never collide with a
//!   catalog id (the catalog's ids are small and fixed). `import_id` is the
//!   import that created it: undoing that import deletes it unless a log of
//!   another import still uses it (then it passes to that import).
//! - `workout_weekly_summaries.import_id`: the import whose logs a summary
//!   row rolled up, 0 for everything else (logged workouts, soreness). A
//!   week has one row per import it holds, so undoing an import deletes
//!   exactly its share of the rolled-up weeks. The unique key becomes
//!   (user, week, import_id).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CustomExercises {
    Table,
    Id,
    UserId,
    Name,
    /// `weight_reps`, `reps`, `time` or `distance`.
    Tracking,
    ImportId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkoutWeeklySummaries {
    Table,
    UserId,
    WeekStart,
    ImportId,
}

const OLD_UNIQUE: &str = "uq_weekly_summaries_user_week";
const NEW_UNIQUE: &str = "uq_weekly_summaries_user_week_import";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CustomExercises::Table)
                    .col(big_pk_auto(CustomExercises::Id))
                    .col(big_integer(CustomExercises::UserId))
                    .col(string_len(CustomExercises::Name, 200))
                    .col(string_len(CustomExercises::Tracking, 16))
                    .col(big_integer_null(CustomExercises::ImportId))
                    .col(timestamp_with_time_zone(CustomExercises::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_custom_exercises_user")
                            .from(CustomExercises::Table, CustomExercises::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_custom_exercises_user_name")
                    .table(CustomExercises::Table)
                    .col(CustomExercises::UserId)
                    .col(CustomExercises::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutWeeklySummaries::Table)
                    .add_column(big_integer(WorkoutWeeklySummaries::ImportId).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OLD_UNIQUE)
                    .table(WorkoutWeeklySummaries::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(NEW_UNIQUE)
                    .table(WorkoutWeeklySummaries::Table)
                    .col(WorkoutWeeklySummaries::UserId)
                    .col(WorkoutWeeklySummaries::WeekStart)
                    .col(WorkoutWeeklySummaries::ImportId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NEW_UNIQUE)
                    .table(WorkoutWeeklySummaries::Table)
                    .to_owned(),
            )
            .await?;
        // The old key holds one row per week: the imports' shares go.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(WorkoutWeeklySummaries::Table)
                    .and_where(Expr::col(WorkoutWeeklySummaries::ImportId).ne(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutWeeklySummaries::Table)
                    .drop_column(WorkoutWeeklySummaries::ImportId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(OLD_UNIQUE)
                    .table(WorkoutWeeklySummaries::Table)
                    .col(WorkoutWeeklySummaries::UserId)
                    .col(WorkoutWeeklySummaries::WeekStart)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CustomExercises::Table).to_owned())
            .await
    }
}
