//! `get_day_plan` and `adapt_day`: `GET /api/days/{date}/plan` and
//! `POST /api/days/{date}/adapt`.

use std::sync::Arc;

use chrono::NaiveDate;
use rmcp::model::JsonObject;
use serde_json::{Value, json};

use super::{Answer, arguments_of, date_or_today};
use crate::args::{AdaptationRequest, DayPlanArgs};
use crate::backend::Backend;
use crate::error::Rendered;
use crate::schema::ToolSchema;
use crate::views;

pub(super) async fn plan(b: &dyn Backend, args: DayPlanArgs) -> Result<Answer, Rendered> {
    let date = date_or_today(b, args.date).await?;
    let session = b.plan_day(date, args.program_id).await?;
    Ok(answer(session))
}

/// `adapt_day`: the REST `AdaptationRequest`, and the date of the route's path.
pub(super) fn adapt_schema() -> Arc<JsonObject> {
    ToolSchema::body::<AdaptationRequest>()
        .extra(
            "date",
            json!({
                "type": ["string", "null"],
                "format": "date",
                "description": "YYYY-MM-DD; default today in the user's time zone."
            }),
        )
        .build()
}

/// The backend parses the signals (422) before the adaptation counts
/// against the per-user limit (429), as the REST route does.
pub(super) async fn adapt(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    let date: Option<NaiveDate> = args.take("date").map_err(|r| b.render(r))?;
    let request: AdaptationRequest = args.parse().map_err(|r| b.render(r))?;
    let date = date_or_today(b, date).await?;
    let session = b.adapt_day(date, request).await?;
    Ok(answer(session))
}

fn answer(session: serde_json::Value) -> Answer {
    Answer {
        text: views::session_text(&session),
        value: session,
    }
}
