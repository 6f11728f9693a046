//! `/api/logs`, one module per resource: workouts (custom and top sets),
//! the e1RM series, soreness reports, the recovery state and the weekly
//! volume.

pub mod e1rm;
pub mod recovery;
pub mod soreness;
pub mod volume;
pub mod workouts;

use utoipa_actix_web::service_config::ServiceConfig;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(workouts::create_custom)
        .service(workouts::create_top_set)
        .service(workouts::list_workouts)
        .service(workouts::get_workout)
        .service(workouts::delete_workout)
        .service(e1rm::e1rm_series)
        .service(soreness::list_soreness)
        .service(soreness::create_soreness)
        .service(recovery::recovery_state)
        .service(volume::weekly_volume);
}
