//! `get_day_plan` and `adapt_day`: `GET /api/days/{date}/plan` and
//! `POST /api/days/{date}/adapt`.

use super::{Answer, date_or_today};
use crate::args::{AdaptDayArgs, DayPlanArgs};
use crate::backend::Backend;
use crate::error::Rendered;
use crate::views;

pub(super) async fn plan(b: &dyn Backend, args: DayPlanArgs) -> Result<Answer, Rendered> {
    let date = date_or_today(b, args.date).await?;
    let session = b.plan_day(date, args.program_id).await?;
    Ok(answer(session))
}

/// The backend parses the signals (422) before the adaptation counts
/// against the per-user limit (429), as the REST route does.
pub(super) async fn adapt(b: &dyn Backend, args: AdaptDayArgs) -> Result<Answer, Rendered> {
    let date = date_or_today(b, args.date).await?;
    let session = b.adapt_day(date, args).await?;
    Ok(answer(session))
}

fn answer(session: serde_json::Value) -> Answer {
    Answer {
        text: views::session_text(&session),
        value: session,
    }
}
