//! The dial plan: every dialed number (access code + extension code) must lead to exactly one
//! called route.
//!
//! callsim resolves a call by its *whole* dialed number, exactly. A route whose number is a proper
//! prefix of another's (12345 and 123451) still works in callsim, but a switch that routes as soon
//! as the digits collected so far match a route would send every 123451 caller to 12345's device,
//! so the pair is a warning.

use std::collections::HashMap;

use crate::input::diagnostic::Diagnostic;
use crate::input::scenario::Scenario;

use super::{route_path, traffic_path};

pub(super) fn check(scenario: &Scenario, out: &mut Vec<Diagnostic>) {
    let mut routes: HashMap<String, usize> = HashMap::new();
    for (i, route) in scenario.called_routes.iter().enumerate() {
        let dialed = route.dialed_number();
        if dialed.is_empty() {
            continue; // reported by the field checks
        }
        if let Some(&first) = routes.get(&dialed) {
            out.push(Diagnostic::error(
                route_path(i).key(if route.extension.is_empty() { "access_code" } else { "extension" }),
                format!(
                    "dialed number {dialed} is already routed by {} (to {}); a dialed number must reach exactly one device",
                    route_path(first),
                    scenario.called_routes[first].device
                ),
            ));
        } else {
            routes.insert(dialed, i);
        }
    }

    let mut by_number: Vec<(&String, &usize)> = routes.iter().collect();
    by_number.sort();
    for &(dialed, &i) in &by_number {
        // Every shorter route whose number starts this one shadows it.
        for len in 1..dialed.len() {
            let Some(prefix) = dialed.get(..len) else { continue };
            if let Some(&shadowing) = routes.get(prefix) {
                let route = &scenario.called_routes[i];
                out.push(Diagnostic::warning(
                    route_path(shadowing).key("access_code"),
                    format!(
                        "dialed number {prefix} (to {}) is a prefix of {dialed} (to {}, {}): a switch that routes as soon as the digits match would never reach {dialed}; callsim matches the whole number",
                        scenario.called_routes[shadowing].device,
                        route.device,
                        route_path(i)
                    ),
                ));
            }
        }
    }

    let mut offered: HashMap<&str, usize> = HashMap::new();
    for (i, traffic) in scenario.traffic.iter().enumerate() {
        if let Some(&first) = offered.get(traffic.dialed.as_str()) {
            out.push(Diagnostic::error(
                traffic_path(i).key("dialed"),
                format!(
                    "traffic to dialed number {} is already given by {}; give each number one [[traffic]] entry, so that reports can tell them apart",
                    traffic.dialed,
                    traffic_path(first)
                ),
            ));
        } else {
            offered.insert(traffic.dialed.as_str(), i);
        }
    }

    for (i, traffic) in scenario.traffic.iter().enumerate() {
        if traffic.dialed.trim().is_empty() || routes.contains_key(&traffic.dialed) {
            continue;
        }
        let closest = by_number
            .iter()
            .map(|(number, _)| (strsim::jaro_winkler(&traffic.dialed, number), *number))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map_or_else(String::new, |(_, number)| format!("; did you mean {number}?"));
        out.push(Diagnostic::error(
            traffic_path(i).key("dialed"),
            format!("no called route resolves dialed number {}{closest}", traffic.dialed),
        ));
    }
}
