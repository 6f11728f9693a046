//! Personal access tokens, imports with their provenance on workout logs,
//! set kinds, and the user's exercise-name aliases.
//!
//! - `personal_access_tokens`: a SHA-256 hash of each `gsk_` token (never
//!   the token), its scopes and use; deleted with the user.
//! - `imports`: one row per stored import with its report (JSON); deleting
//!   it (undo) is done by the application together with its logs.
//! - `workout_logs.import_id` and `workout_logs.started_at`: which import
//!   wrote a log, and when the workout started (duplicate detection).
//! - `workout_sets.kind`: `warmup`, `dropset` or `failure`; NULL is a
//!   normal working set. Warm-ups count toward neither volume nor e1RM.
//! - `exercise_aliases`: a user's own name → catalog exercise mapping.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PersonalAccessTokens {
    Table,
    Id,
    UserId,
    Name,
    /// Hex SHA-256 of the whole token.
    TokenHash,
    /// `read` or `read,write`.
    Scopes,
    ExpiresAt,
    LastUsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    UserId,
    Source,
    Dialect,
    Workouts,
    Sets,
    /// The `ImportReport` as JSON.
    Report,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkoutLogs {
    Table,
    UserId,
    ImportId,
    StartedAt,
}

#[derive(DeriveIden)]
enum WorkoutSets {
    Table,
    Kind,
}

#[derive(DeriveIden)]
enum ExerciseAliases {
    Table,
    UserId,
    Name,
    ExerciseId,
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
                    .table(PersonalAccessTokens::Table)
                    .col(big_pk_auto(PersonalAccessTokens::Id))
                    .col(big_integer(PersonalAccessTokens::UserId))
                    .col(string_len(PersonalAccessTokens::Name, 100))
                    .col(string_len_uniq(PersonalAccessTokens::TokenHash, 64))
                    .col(string_len(PersonalAccessTokens::Scopes, 32))
                    .col(timestamp_with_time_zone_null(
                        PersonalAccessTokens::ExpiresAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        PersonalAccessTokens::LastUsedAt,
                    ))
                    .col(timestamp_with_time_zone(PersonalAccessTokens::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_personal_access_tokens_user",
                        PersonalAccessTokens::Table,
                        PersonalAccessTokens::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_personal_access_tokens_user")
                    .table(PersonalAccessTokens::Table)
                    .col(PersonalAccessTokens::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Imports::Table)
                    .col(big_pk_auto(Imports::Id))
                    .col(big_integer(Imports::UserId))
                    .col(string_len(Imports::Source, 16))
                    .col(string_len(Imports::Dialect, 40))
                    .col(big_integer(Imports::Workouts))
                    .col(big_integer(Imports::Sets))
                    .col(text(Imports::Report))
                    .col(timestamp_with_time_zone(Imports::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_imports_user",
                        Imports::Table,
                        Imports::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_imports_user")
                    .table(Imports::Table)
                    .col(Imports::UserId)
                    .to_owned(),
            )
            .await?;
        // SQLite cannot add a foreign key to an existing table: undo deletes
        // an import's logs by `import_id` in the application's transaction.
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutLogs::Table)
                    .add_column(big_integer_null(WorkoutLogs::ImportId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutLogs::Table)
                    .add_column(timestamp_with_time_zone_null(WorkoutLogs::StartedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_logs_user_started")
                    .table(WorkoutLogs::Table)
                    .col(WorkoutLogs::UserId)
                    .col(WorkoutLogs::StartedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workout_logs_import")
                    .table(WorkoutLogs::Table)
                    .col(WorkoutLogs::ImportId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutSets::Table)
                    .add_column(string_len_null(WorkoutSets::Kind, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExerciseAliases::Table)
                    .col(big_integer(ExerciseAliases::UserId))
                    .col(string_len(ExerciseAliases::Name, 200))
                    .col(big_integer(ExerciseAliases::ExerciseId))
                    .primary_key(
                        Index::create()
                            .col(ExerciseAliases::UserId)
                            .col(ExerciseAliases::Name),
                    )
                    .foreign_key(&mut user_fk(
                        "fk_exercise_aliases_user",
                        ExerciseAliases::Table,
                        ExerciseAliases::UserId,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExerciseAliases::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WorkoutSets::Table)
                    .drop_column(WorkoutSets::Kind)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_workout_logs_import")
                    .table(WorkoutLogs::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_workout_logs_user_started")
                    .table(WorkoutLogs::Table)
                    .to_owned(),
            )
            .await?;
        for column in [WorkoutLogs::StartedAt, WorkoutLogs::ImportId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WorkoutLogs::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Imports::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PersonalAccessTokens::Table).to_owned())
            .await
    }
}
