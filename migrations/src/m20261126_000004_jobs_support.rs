//! Tables the background jobs need: weekly summaries that keep what cleanup
//! rolls up, the service status the model refresh records for
//! `/health/ready`, persisted cron ticks (so several workers never run the
//! same tick twice), and the exercise catalog table the re-seed fills.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkoutWeeklySummaries {
    Table,
    Id,
    UserId,
    /// Monday of the ISO week.
    WeekStart,
    /// Number of workouts rolled into this week.
    Workouts,
    /// JSON `{Muscle: {"sets": f64, "volume_kg": f64}}`.
    MuscleVolume,
    /// JSON `{exercise_id: {"e1rm_kg","weight_kg","reps","rpe","date"}}`.
    BestE1rm,
    /// JSON `{Muscle: {"max": u8, "mean": f64, "count": u32}}`.
    Soreness,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServiceStatus {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CronTicks {
    Table,
    Job,
    Tick,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Exercises {
    Table,
    Id,
    Slug,
    Name,
    MovementPattern,
    Mechanics,
    PrimaryMuscles,
    SecondaryMuscles,
    Equipment,
    Unilateral,
    Fatigue,
    Skill,
    Tracking,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkoutWeeklySummaries::Table)
                    .col(big_pk_auto(WorkoutWeeklySummaries::Id))
                    .col(big_integer(WorkoutWeeklySummaries::UserId))
                    .col(date(WorkoutWeeklySummaries::WeekStart))
                    .col(integer(WorkoutWeeklySummaries::Workouts))
                    .col(text(WorkoutWeeklySummaries::MuscleVolume))
                    .col(text(WorkoutWeeklySummaries::BestE1rm))
                    .col(text(WorkoutWeeklySummaries::Soreness))
                    .col(timestamp_with_time_zone(WorkoutWeeklySummaries::CreatedAt))
                    .col(timestamp_with_time_zone(WorkoutWeeklySummaries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_weekly_summaries_user")
                            .from(
                                WorkoutWeeklySummaries::Table,
                                WorkoutWeeklySummaries::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_weekly_summaries_user_week")
                    .table(WorkoutWeeklySummaries::Table)
                    .col(WorkoutWeeklySummaries::UserId)
                    .col(WorkoutWeeklySummaries::WeekStart)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceStatus::Table)
                    .col(string_len(ServiceStatus::Key, 64).primary_key())
                    .col(text(ServiceStatus::Value))
                    .col(timestamp_with_time_zone(ServiceStatus::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CronTicks::Table)
                    .col(string_len(CronTicks::Job, 64))
                    .col(timestamp_with_time_zone(CronTicks::Tick))
                    .col(timestamp_with_time_zone(CronTicks::CreatedAt))
                    .primary_key(Index::create().col(CronTicks::Job).col(CronTicks::Tick))
                    .to_owned(),
            )
            .await?;
        // The catalog table may also be created by the API's own migration;
        // both agree on this shape, so whichever runs first wins.
        manager
            .create_table(
                Table::create()
                    .table(Exercises::Table)
                    .if_not_exists()
                    .col(big_integer(Exercises::Id).primary_key())
                    .col(string_len_uniq(Exercises::Slug, 100))
                    .col(string_len(Exercises::Name, 200))
                    .col(string_len(Exercises::MovementPattern, 32))
                    .col(string_len(Exercises::Mechanics, 16))
                    .col(text(Exercises::PrimaryMuscles))
                    .col(text(Exercises::SecondaryMuscles))
                    .col(text(Exercises::Equipment))
                    .col(boolean(Exercises::Unilateral))
                    .col(small_integer(Exercises::Fatigue))
                    .col(small_integer(Exercises::Skill))
                    .col(string_len(Exercises::Tracking, 16))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Exercises::Table.into_iden(),
            CronTicks::Table.into_iden(),
            ServiceStatus::Table.into_iden(),
            WorkoutWeeklySummaries::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
