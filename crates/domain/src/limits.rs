//! Upper bounds on the lists and free text a client may send, so that no
//! request makes the server do unbounded work (OWASP API4). Each list bound
//! is the number of distinct values the list can hold, since lists are
//! deduplicated: a longer list can only repeat itself. The OpenAPI document
//! states these same numbers (`maxItems`, `maxLength`).

use crate::error::DomainError;
use crate::{Equipment, Muscle};

/// Equipment lists: every piece at most once.
pub const MAX_EQUIPMENT_ITEMS: usize = Equipment::ALL.len();
/// Muscle lists: every muscle at most once.
pub const MAX_MUSCLE_ITEMS: usize = Muscle::ALL.len();
/// Exercises to avoid today: more than the whole catalog is never needed.
pub const MAX_AVOID_EXERCISES: usize = 500;
/// A microcycle day's label.
pub const MAX_LABEL_CHARS: usize = 100;

/// `field` holds at most `max` items.
pub fn check_items(field: &str, len: usize, max: usize) -> Result<(), DomainError> {
    if len > max {
        return Err(DomainError::invalid(
            field,
            format!("must hold at most {max} items"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_at_the_bound_passes_and_one_more_fails() {
        assert!(check_items("equipment", MAX_EQUIPMENT_ITEMS, MAX_EQUIPMENT_ITEMS).is_ok());
        let err = check_items("equipment", MAX_EQUIPMENT_ITEMS + 1, MAX_EQUIPMENT_ITEMS)
            .unwrap_err()
            .to_string();
        assert!(err.contains("equipment"), "{err}");
    }

    #[test]
    fn bounds_are_the_distinct_values() {
        assert_eq!(MAX_EQUIPMENT_ITEMS, Equipment::ALL.len());
        assert_eq!(MAX_MUSCLE_ITEMS, 18);
        assert!(MAX_AVOID_EXERCISES >= crate::catalog::catalog().len());
    }
}
