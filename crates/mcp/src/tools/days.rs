//! `get_day_plan` and `adapt_day`: the same use-cases as
//! `GET /api/days/{date}/plan` and `POST /api/days/{date}/adapt`.

use gainsly_app::{App, Events};
use gainsly_domain::session::Session;
use gainsly_domain::{AdaptationInput, AdaptationSignals};

use super::{Answer, ToolFailure};
use crate::args::{AdaptDayArgs, DayPlanArgs};
use crate::error::Refusal;
use crate::outcome::Outcome;
use crate::shell::Shell;
use crate::views;

pub(super) async fn plan(app: &App, user: i64, args: DayPlanArgs) -> Result<Answer, Refusal> {
    let date = match args.date {
        Some(d) => d,
        None => app.today(user).await?,
    };
    let session = app.plan_day(user, args.program_id, date).await?;
    Ok(answer(session))
}

/// As the REST route: the signals are parsed (422) before the adaptation
/// counts against the per-user limit (429).
pub(super) async fn adapt(
    app: &App,
    shell: &dyn Shell,
    user: i64,
    args: AdaptDayArgs,
) -> Result<Answer, ToolFailure> {
    let date = match args.date {
        Some(d) => d,
        None => app.today(user).await?,
    };
    // The REST route's parse: the same domain type, the same messages.
    let signals = AdaptationSignals::new(AdaptationInput {
        soreness: args.soreness.unwrap_or_default(),
        available_minutes: args.available_minutes,
        equipment: args.equipment,
        energy: args.energy,
        sleep_hours: args.sleep_hours,
        avoid_exercises: args.avoid_exercises.unwrap_or_default(),
        focus_muscles: args.focus_muscles.unwrap_or_default(),
        notes: args.notes,
    })
    .map_err(Refusal::from)?;
    shell
        .admit_adaptation(user)
        .await
        .map_err(ToolFailure::Rendered)?;
    let session = app
        .adapt_day(user, args.program_id, date, signals, Events::none())
        .await?;
    Ok(answer(session))
}

fn answer(session: Session) -> Answer {
    Answer {
        text: views::session_text(&session),
        outcome: Outcome::Session(Box::new(session)),
    }
}
