//! The simulator against closed forms (Erlang B, C, A and M/M/n/K) over the validation grid of
//! `callsim::app::referee`, whose module documentation explains the models, the warm-up and the
//! tolerance (3 × the 95 % half-width over fixed-seed replications, with a precision floor).

use callsim::app::referee::{check, grid, markdown};

#[test]
fn every_case_of_the_validation_grid_agrees_with_its_closed_form() {
    let mut checks = Vec::new();
    for case in grid() {
        checks.extend(check(&case, 2).unwrap());
    }
    assert!(checks.len() >= 50, "{} checks", checks.len());
    let failed: Vec<_> = checks.iter().filter(|c| !c.passes()).cloned().collect();
    assert!(failed.is_empty(), "{}", markdown(&failed));
}
