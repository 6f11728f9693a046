//! Profiles, movement rules, enjoyable activities, workout logs with their
//! sets, and soreness logs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
}

/// One row per user, created on the first profile write; a missing row means defaults.
#[derive(DeriveIden)]
enum UserProfiles {
    Table,
    UserId,
    Experience,
    /// JSON `[Equipment]`.
    Equipment,
    Units,
    E1rmFormula,
    SessionMinutes,
    /// IANA time-zone name.
    Timezone,
    Age,
    Sex,
    BodyWeightKg,
    HeightCm,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MovementRules {
    Table,
    Id,
    UserId,
    RuleType,
    /// Exactly one of the three targets is set.
    ExerciseId,
    MovementPattern,
    Muscle,
    Reason,
    ExpiresOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EnjoyableActivities {
    Table,
    Id,
    UserId,
    Name,
    Kind,
    SessionsPerWeek,
    Minutes,
    Intensity,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkoutLogs {
    Table,
    Id,
    UserId,
    /// `custom` or `top_set`.
    Kind,
    Date,
    Name,
    DurationMinutes,
    SessionId,
    SessionRpe,
    Notes,
    /// The formula the log's estimates were computed with.
    E1rmFormula,
    /// Top sets only.
    E1rmKg,
    IsPr,
    PreviousBestE1rmKg,
    CreatedAt,
}

/// A log's sets. `user_id` and `date` repeat the log's (logs are immutable)
/// so history queries need no join.
#[derive(DeriveIden)]
enum WorkoutSets {
    Table,
    Id,
    LogId,
    UserId,
    Date,
    ExerciseId,
    /// 0-based index of the exercise within the log.
    ExercisePosition,
    /// 0-based index of the set within its exercise.
    Position,
    Reps,
    WeightKg,
    Rpe,
    DurationSeconds,
    DistanceM,
    /// e1RM of a weight×reps set, with the log's formula.
    E1rmKg,
    /// False when the estimate came from more than 12 effective reps.
    E1rmReliable,
}

#[derive(DeriveIden)]
enum SorenessLogs {
    Table,
    Id,
    UserId,
    Date,
    Muscle,
    Level,
    Notes,
    CreatedAt,
}

fn user_fk<T: IntoIden + 'static>(
    name: &str,
    table: T,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserProfiles::Table)
                    .col(big_integer(UserProfiles::UserId).primary_key())
                    .col(string_len(UserProfiles::Experience, 16))
                    .col(text(UserProfiles::Equipment))
                    .col(string_len(UserProfiles::Units, 8))
                    .col(string_len(UserProfiles::E1rmFormula, 16))
                    .col(integer(UserProfiles::SessionMinutes))
                    .col(string_len(UserProfiles::Timezone, 64))
                    .col(integer_null(UserProfiles::Age))
                    .col(string_len_null(UserProfiles::Sex, 16))
                    .col(double_null(UserProfiles::BodyWeightKg))
                    .col(double_null(UserProfiles::HeightCm))
                    .col(timestamp_with_time_zone(UserProfiles::UpdatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_user_profiles_user",
                        UserProfiles::Table,
                        UserProfiles::UserId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MovementRules::Table)
                    .col(big_pk_auto(MovementRules::Id))
                    .col(big_integer(MovementRules::UserId))
                    .col(string_len(MovementRules::RuleType, 16))
                    .col(big_integer_null(MovementRules::ExerciseId))
                    .col(string_len_null(MovementRules::MovementPattern, 32))
                    .col(string_len_null(MovementRules::Muscle, 32))
                    .col(text_null(MovementRules::Reason))
                    .col(date_null(MovementRules::ExpiresOn))
                    .col(timestamp_with_time_zone(MovementRules::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_movement_rules_user",
                        MovementRules::Table,
                        MovementRules::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_movement_rules_user")
                    .table(MovementRules::Table)
                    .col(MovementRules::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EnjoyableActivities::Table)
                    .col(big_pk_auto(EnjoyableActivities::Id))
                    .col(big_integer(EnjoyableActivities::UserId))
                    .col(string_len(EnjoyableActivities::Name, 100))
                    .col(string_len(EnjoyableActivities::Kind, 32))
                    .col(integer_null(EnjoyableActivities::SessionsPerWeek))
                    .col(integer_null(EnjoyableActivities::Minutes))
                    .col(string_len(EnjoyableActivities::Intensity, 16))
                    .col(timestamp_with_time_zone(EnjoyableActivities::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_enjoyable_activities_user",
                        EnjoyableActivities::Table,
                        EnjoyableActivities::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enjoyable_activities_user")
                    .table(EnjoyableActivities::Table)
                    .col(EnjoyableActivities::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WorkoutLogs::Table)
                    .col(big_pk_auto(WorkoutLogs::Id))
                    .col(big_integer(WorkoutLogs::UserId))
                    .col(string_len(WorkoutLogs::Kind, 16))
                    .col(date(WorkoutLogs::Date))
                    .col(string_len(WorkoutLogs::Name, 100))
                    .col(integer_null(WorkoutLogs::DurationMinutes))
                    .col(big_integer_null(WorkoutLogs::SessionId))
                    .col(double_null(WorkoutLogs::SessionRpe))
                    .col(text_null(WorkoutLogs::Notes))
                    .col(string_len(WorkoutLogs::E1rmFormula, 16))
                    .col(double_null(WorkoutLogs::E1rmKg))
                    .col(boolean_null(WorkoutLogs::IsPr))
                    .col(double_null(WorkoutLogs::PreviousBestE1rmKg))
                    .col(timestamp_with_time_zone(WorkoutLogs::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_workout_logs_user",
                        WorkoutLogs::Table,
                        WorkoutLogs::UserId,
                    ))
                    // Deleting a program deletes its sessions; the logs stay.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_workout_logs_session")
                            .from(WorkoutLogs::Table, WorkoutLogs::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_logs_user_date")
                    .table(WorkoutLogs::Table)
                    .col(WorkoutLogs::UserId)
                    .col(WorkoutLogs::Date)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_logs_session")
                    .table(WorkoutLogs::Table)
                    .col(WorkoutLogs::SessionId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WorkoutSets::Table)
                    .col(big_pk_auto(WorkoutSets::Id))
                    .col(big_integer(WorkoutSets::LogId))
                    .col(big_integer(WorkoutSets::UserId))
                    .col(date(WorkoutSets::Date))
                    .col(big_integer(WorkoutSets::ExerciseId))
                    .col(integer(WorkoutSets::ExercisePosition))
                    .col(integer(WorkoutSets::Position))
                    .col(integer_null(WorkoutSets::Reps))
                    .col(double_null(WorkoutSets::WeightKg))
                    .col(double_null(WorkoutSets::Rpe))
                    .col(integer_null(WorkoutSets::DurationSeconds))
                    .col(double_null(WorkoutSets::DistanceM))
                    .col(double_null(WorkoutSets::E1rmKg))
                    .col(boolean_null(WorkoutSets::E1rmReliable))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_workout_sets_log")
                            .from(WorkoutSets::Table, WorkoutSets::LogId)
                            .to(WorkoutLogs::Table, WorkoutLogs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fk(
                        "fk_workout_sets_user",
                        WorkoutSets::Table,
                        WorkoutSets::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_sets_log")
                    .table(WorkoutSets::Table)
                    .col(WorkoutSets::LogId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_sets_user_date")
                    .table(WorkoutSets::Table)
                    .col(WorkoutSets::UserId)
                    .col(WorkoutSets::Date)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_sets_user_exercise")
                    .table(WorkoutSets::Table)
                    .col(WorkoutSets::UserId)
                    .col(WorkoutSets::ExerciseId)
                    .col(WorkoutSets::Date)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SorenessLogs::Table)
                    .col(big_pk_auto(SorenessLogs::Id))
                    .col(big_integer(SorenessLogs::UserId))
                    .col(date(SorenessLogs::Date))
                    .col(string_len(SorenessLogs::Muscle, 32))
                    .col(integer(SorenessLogs::Level))
                    .col(text_null(SorenessLogs::Notes))
                    .col(timestamp_with_time_zone(SorenessLogs::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_soreness_logs_user",
                        SorenessLogs::Table,
                        SorenessLogs::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        // A second report for the same date and muscle replaces the first (upsert target).
        manager
            .create_index(
                Index::create()
                    .name("uq_soreness_logs_user_date_muscle")
                    .table(SorenessLogs::Table)
                    .col(SorenessLogs::UserId)
                    .col(SorenessLogs::Date)
                    .col(SorenessLogs::Muscle)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SorenessLogs::Table.into_iden(),
            WorkoutSets::Table.into_iden(),
            WorkoutLogs::Table.into_iden(),
            EnjoyableActivities::Table.into_iden(),
            MovementRules::Table.into_iden(),
            UserProfiles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
