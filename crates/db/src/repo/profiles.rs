//! User profiles: training experience, equipment, units, e1RM formula,
//! session length, time zone and body data. A user without a row has the
//! defaults of api.md ([`Profile::default`]).

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use gainsly_domain::{E1rmFormula, Equipment, Experience, Sex, Units};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::Executor;
use crate::entities::{user_profiles as p, users};
use crate::error::{DbError, DbResult};

/// Default planned session length in minutes (api.md).
pub const DEFAULT_SESSION_MINUTES: u32 = 60;
/// Default time zone (api.md).
pub const DEFAULT_TIMEZONE: &str = "UTC";

/// A user's profile (validated values; the API checks ranges before writing).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub experience: Experience,
    pub equipment: Vec<Equipment>,
    pub units: Units,
    pub e1rm_formula: E1rmFormula,
    pub session_minutes: u32,
    /// IANA time-zone name (e.g. `Europe/Paris`).
    pub timezone: String,
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    pub body_weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    /// When the profile row was last written; `None` while the user has the defaults.
    pub updated_at: Option<DateTime<Utc>>,
}

impl Default for Profile {
    /// New users: intermediate, full commercial gym, kg, Brzycki, 60 minutes, UTC.
    fn default() -> Self {
        Profile {
            experience: Experience::default(),
            equipment: Equipment::commercial_gym(),
            units: Units::default(),
            e1rm_formula: E1rmFormula::default(),
            session_minutes: DEFAULT_SESSION_MINUTES,
            timezone: DEFAULT_TIMEZONE.to_owned(),
            age: None,
            sex: None,
            body_weight_kg: None,
            height_cm: None,
            updated_at: None,
        }
    }
}

impl Profile {
    /// The profile's time zone (UTC if the stored name somehow does not parse).
    pub fn tz(&self) -> Tz {
        time_zone(&self.timezone)
    }

    /// The date at `now` in the profile's time zone.
    pub fn date_at(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.tz()).date_naive()
    }
}

/// A stored time-zone name's zone (UTC if it somehow does not parse).
pub(crate) fn time_zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// A stored value that does not parse: a schema or data bug, never user input.
pub(crate) fn corrupt(what: &str, value: &str) -> DbError {
    DbError::corrupt(what, format!("`{value}` does not parse"))
}

/// Parses a stored enumeration name.
pub(crate) fn parse_stored<T: FromStr>(what: &str, value: &str) -> DbResult<T> {
    value.parse().map_err(|_| corrupt(what, value))
}

fn to_u32(what: &str, v: i32) -> DbResult<u32> {
    u32::try_from(v).map_err(|_| corrupt(what, &v.to_string()))
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl TryFrom<p::Model> for Profile {
    type Error = DbError;
    fn try_from(m: p::Model) -> DbResult<Self> {
        let equipment: Vec<Equipment> =
            serde_json::from_str(&m.equipment).map_err(|e| DbError::corrupt("equipment", e))?;
        Ok(Profile {
            experience: parse_stored("experience", &m.experience)?,
            equipment,
            units: parse_stored("units", &m.units)?,
            e1rm_formula: parse_stored("e1rm_formula", &m.e1rm_formula)?,
            session_minutes: to_u32("session_minutes", m.session_minutes)?,
            timezone: m.timezone,
            age: m.age.map(|a| to_u32("age", a)).transpose()?,
            sex: m
                .sex
                .as_deref()
                .map(|s| parse_stored("sex", s))
                .transpose()?,
            body_weight_kg: m.body_weight_kg,
            height_cm: m.height_cm,
            updated_at: Some(m.updated_at),
        })
    }
}

/// The user's profile, or the defaults when they never wrote one.
pub async fn get(db: &impl Executor, user_id: i64) -> DbResult<Profile> {
    match p::Entity::find_by_id(user_id).one(db.conn()).await? {
        Some(m) => m.try_into(),
        None => Ok(Profile::default()),
    }
}

/// Writes the whole profile (insert or replace); returns it with `updated_at` set.
pub async fn upsert(db: &impl Executor, user_id: i64, profile: &Profile) -> DbResult<Profile> {
    update(db, user_id, profile, None).await
}

/// Writes the whole profile and, when given, the user's display name, in one
/// transaction; returns the stored profile.
pub async fn update(
    db: &impl Executor,
    user_id: i64,
    profile: &Profile,
    name: Option<&str>,
) -> DbResult<Profile> {
    let equipment = serde_json::to_string(&profile.equipment)
        .map_err(|e| DbError::Other(DbErr::Custom(e.to_string())))?;
    let now = Utc::now();
    let model = p::ActiveModel {
        user_id: Set(user_id),
        experience: Set(profile.experience.as_str().to_owned()),
        equipment: Set(equipment),
        units: Set(profile.units.as_str().to_owned()),
        e1rm_formula: Set(profile.e1rm_formula.as_str().to_owned()),
        session_minutes: Set(i32_of(profile.session_minutes)),
        timezone: Set(profile.timezone.clone()),
        age: Set(profile.age.map(i32_of)),
        sex: Set(profile.sex.map(|s| s.as_str().to_owned())),
        body_weight_kg: Set(profile.body_weight_kg),
        height_cm: Set(profile.height_cm),
        updated_at: Set(now),
    };
    let txn = db.begin_write().await?;
    if let Some(name) = name {
        let res = users::Entity::update_many()
            .col_expr(users::Column::Name, Expr::value(name))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(user_id))
            .exec(txn.conn())
            .await?;
        if res.rows_affected == 0 {
            txn.rollback().await?;
            return Err(DbError::NotFound);
        }
    }
    p::Entity::insert(model)
        .on_conflict(
            OnConflict::column(p::Column::UserId)
                .update_columns([
                    p::Column::Experience,
                    p::Column::Equipment,
                    p::Column::Units,
                    p::Column::E1rmFormula,
                    p::Column::SessionMinutes,
                    p::Column::Timezone,
                    p::Column::Age,
                    p::Column::Sex,
                    p::Column::BodyWeightKg,
                    p::Column::HeightCm,
                    p::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn.conn())
        .await?;
    let stored = p::Entity::find_by_id(user_id)
        .one(txn.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    txn.commit().await?;
    stored.try_into()
}
