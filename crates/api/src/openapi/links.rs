//! Links from a creating operation's answer to the operations that take the
//! created resource's `id`, for clients and for stateful fuzzing.

use utoipa::openapi::RefOr;
use utoipa::openapi::link::LinkBuilder;

use super::operations_mut;

/// OpenAPI links from a creating operation's answer to the operations that
/// take the created resource's `id`: (creating operationId, status, path
/// parameter, operations it feeds). Stateful fuzzing chains along them.
const LINKS: &[(&str, &str, &str, &[&str])] = &[
    (
        "create_program",
        "201",
        "program_id",
        &[
            "get_program",
            "update_program",
            "delete_program",
            "get_microcycle",
            "put_microcycle",
        ],
    ),
    (
        "create_custom",
        "201",
        "log_id",
        &["get_workout", "delete_workout"],
    ),
    (
        "create_top_set",
        "201",
        "log_id",
        &["get_workout", "delete_workout"],
    ),
    ("create_rule", "201", "rule_id", &["delete_rule"]),
    ("create_token", "201", "token_id", &["revoke_token"]),
    (
        "create_import",
        "201",
        "import_id",
        &["get_import", "undo_import"],
    ),
    (
        "create_activity",
        "201",
        "activity_id",
        &["delete_activity"],
    ),
];

pub(super) fn add_links(api: &mut utoipa::openapi::OpenApi) {
    for item in api.paths.paths.values_mut() {
        for (op, _) in operations_mut(item) {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            for (_, status, param, targets) in LINKS.iter().filter(|(from, ..)| *from == id) {
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) else {
                    continue;
                };
                for target in *targets {
                    let link = LinkBuilder::new()
                        .operation_id(*target)
                        .parameter(*param, "$response.body#/id")
                        .description(format!("`{param}` is the created resource's `id`"))
                        .build();
                    response.links.insert((*target).to_owned(), RefOr::T(link));
                }
            }
        }
    }
}
