//! The user's profile: training experience, equipment, units, e1RM
//! formula, session length, time zone and body data. Changing what
//! planning reads (equipment, experience, body weight, units) re-plans the
//! user's planned days from today on ([`crate::replan`]).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use gainsly_db::repo::profiles::{self, Profile};
use gainsly_db::repo::users;
use gainsly_domain::account::DisplayName;
use gainsly_domain::limits;
use gainsly_domain::{E1rmFormula, Equipment, Experience, Sex, Units};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::replan::Stale;
use crate::validate::{FieldErrors, check_range_f, check_range_u};

/// The profile with the account's name and email.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileView {
    pub name: String,
    pub email: String,
    pub profile: Profile,
    /// When the profile was last written (sign-up for a user on the defaults).
    pub updated_at: DateTime<Utc>,
}

/// Changes to the profile; any subset. `Some(None)` clears an optional
/// body value.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub name: Option<String>,
    pub age: Option<Option<u32>>,
    pub sex: Option<Option<Sex>>,
    pub body_weight_kg: Option<Option<f64>>,
    pub height_cm: Option<Option<f64>>,
    pub training_experience: Option<Experience>,
    /// At least one entry; duplicates are dropped.
    pub equipment: Option<Vec<Equipment>>,
    pub units: Option<Units>,
    pub e1rm_formula: Option<E1rmFormula>,
    pub session_minutes: Option<u32>,
    /// An IANA time-zone name.
    pub timezone: Option<String>,
}

/// Whether `after` differs from `before` in anything planning reads.
fn planning_changed(before: &Profile, after: &Profile) -> bool {
    before.equipment != after.equipment
        || before.experience != after.experience
        || before.body_weight_kg != after.body_weight_kg
        || before.units != after.units
}

impl App {
    /// The profile (new users: the defaults of api.md).
    pub async fn profile(&self, user_id: i64) -> AppResult<ProfileView> {
        let p = profiles::get(&self.db, user_id).await?;
        self.profile_view(user_id, p).await
    }

    async fn profile_view(&self, user_id: i64, profile: Profile) -> AppResult<ProfileView> {
        let user = users::find_by_id(&self.db, user_id)
            .await?
            .ok_or(AppError::NotFound("account"))?;
        Ok(ProfileView {
            name: user.name,
            email: user.email,
            // A user who never wrote the profile has had the defaults since sign-up.
            updated_at: profile.updated_at.unwrap_or(user.created_at),
            profile,
        })
    }

    /// Updates any subset of the profile; every field is checked before
    /// anything is written. The profile, the display name and (when
    /// planning inputs changed) the deletion of stale plans are one
    /// transaction.
    pub async fn update_profile(
        &self,
        user_id: i64,
        changes: ProfileChanges,
    ) -> AppResult<ProfileView> {
        let before = profiles::get(&self.db, user_id).await?;
        let mut p = before.clone();
        let mut errors = FieldErrors::default();
        let name = changes
            .name
            .as_deref()
            .and_then(|n| errors.check(DisplayName::parse(n)));
        if let Some(age) = changes.age
            && age.is_none_or(|a| check_range_u(&mut errors, "age", a, 13, 100))
        {
            p.age = age;
        }
        if let Some(sex) = changes.sex {
            p.sex = sex;
        }
        if let Some(w) = changes.body_weight_kg
            && w.is_none_or(|w| check_range_f(&mut errors, "body_weight_kg", w, 20.0, 400.0))
        {
            p.body_weight_kg = w;
        }
        if let Some(h) = changes.height_cm
            && h.is_none_or(|h| check_range_f(&mut errors, "height_cm", h, 100.0, 250.0))
        {
            p.height_cm = h;
        }
        if let Some(x) = changes.training_experience {
            p.experience = x;
        }
        if let Some(mut list) = changes.equipment {
            if list.is_empty() {
                errors.push("equipment", "must list at least one item");
            } else if list.len() > limits::MAX_EQUIPMENT_ITEMS {
                errors.push(
                    "equipment",
                    format!("must hold at most {} items", limits::MAX_EQUIPMENT_ITEMS),
                );
            } else {
                list.sort();
                list.dedup();
                p.equipment = list;
            }
        }
        if let Some(u) = changes.units {
            p.units = u;
        }
        if let Some(f) = changes.e1rm_formula {
            p.e1rm_formula = f;
        }
        if let Some(m) = changes.session_minutes
            && check_range_u(&mut errors, "session_minutes", m, 15, 240)
        {
            p.session_minutes = m;
        }
        if let Some(tz) = changes.timezone {
            match tz.trim().parse::<Tz>() {
                Ok(tz) => p.timezone = tz.name().to_owned(),
                Err(_) => errors.push(
                    "timezone",
                    "must be an IANA time-zone name such as Europe/Paris",
                ),
            }
        }
        errors.finish()?;
        let tx = self.db.begin_write().await?;
        let stored = profiles::update(&tx, user_id, &p, name.as_ref().map(|n| n.as_str())).await?;
        let replan = if planning_changed(&before, &stored) {
            Some(
                self.planning_inputs_changed(&tx, user_id, Stale::AllPrograms)
                    .await?,
            )
        } else {
            None
        };
        tx.commit().await?;
        if let Some(replan) = replan {
            replan.after_commit(self).await;
        }
        self.profile_view(user_id, stored).await
    }
}
