//! Programs and their planned sessions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Programs {
    Table,
    Id,
    UserId,
    Name,
    /// JSON `[{"goal","weight"}]`.
    Goals,
    SplitTemplate,
    DaysPerWeek,
    MicrocycleLengthDays,
    DurationWeeks,
    StartDate,
    EndDate,
    SessionMinutes,
    ProgressionStyle,
    DeloadEveryNMicrocycles,
    /// JSON `[Equipment]`, or NULL for "the profile's".
    Equipment,
    /// JSON `[MicrocycleDay]`.
    MicrocycleDays,
    IsActive,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    ProgramId,
    Date,
    MicrocycleIndex,
    DayIndex,
    Kind,
    Focus,
    IsDeload,
    Status,
    Source,
    Fallback,
    TargetMinutes,
    EstimatedMinutes,
    /// JSON: exercises, muscle_sets, recommended_activity, adaptations, rationale.
    Body,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Programs::Table)
                    .col(big_pk_auto(Programs::Id))
                    .col(big_integer(Programs::UserId))
                    .col(string_len(Programs::Name, 100))
                    .col(text(Programs::Goals))
                    .col(string_len(Programs::SplitTemplate, 32))
                    .col(integer(Programs::DaysPerWeek))
                    .col(integer(Programs::MicrocycleLengthDays))
                    .col(integer(Programs::DurationWeeks))
                    .col(date(Programs::StartDate))
                    .col(date(Programs::EndDate))
                    .col(integer(Programs::SessionMinutes))
                    .col(string_len(Programs::ProgressionStyle, 16))
                    .col(integer(Programs::DeloadEveryNMicrocycles))
                    .col(text_null(Programs::Equipment))
                    .col(text(Programs::MicrocycleDays))
                    .col(boolean(Programs::IsActive))
                    .col(timestamp_with_time_zone(Programs::CreatedAt))
                    .col(timestamp_with_time_zone(Programs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_programs_user")
                            .from(Programs::Table, Programs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_programs_user_active")
                    .table(Programs::Table)
                    .col(Programs::UserId)
                    .col(Programs::IsActive)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(big_integer(Sessions::UserId))
                    .col(big_integer(Sessions::ProgramId))
                    .col(date(Sessions::Date))
                    .col(integer(Sessions::MicrocycleIndex))
                    .col(integer(Sessions::DayIndex))
                    .col(string_len(Sessions::Kind, 32))
                    .col(string_len_null(Sessions::Focus, 32))
                    .col(boolean(Sessions::IsDeload))
                    .col(string_len(Sessions::Status, 16))
                    .col(string_len(Sessions::Source, 16))
                    .col(boolean(Sessions::Fallback))
                    .col(integer(Sessions::TargetMinutes))
                    .col(integer(Sessions::EstimatedMinutes))
                    .col(text(Sessions::Body))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_program")
                            .from(Sessions::Table, Sessions::ProgramId)
                            .to(Programs::Table, Programs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One session per program and date: concurrent first requests race on this.
        manager
            .create_index(
                Index::create()
                    .name("uq_sessions_program_date")
                    .table(Sessions::Table)
                    .col(Sessions::ProgramId)
                    .col(Sessions::Date)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user_date")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .col(Sessions::Date)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Programs::Table).to_owned())
            .await
    }
}
