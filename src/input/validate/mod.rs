//! Semantic checks of a [`Scenario`]: everything a TOML parser cannot know.
//!
//! `validate` reports *all* problems at once, as [`Diagnostic`]s located by field path. Each family
//! of checks lives in its own module:
//!
//! | module | checks |
//! |---|---|
//! | `fields` | ranges and naming rules of the platform, one entity at a time; distribution parameters |
//! | `references` | duplicate names, dangling references, media-type rules between entities |
//! | `dial_plan` | dialed numbers: duplicates, shadowing prefixes, traffic no route resolves |
//! | `flow` | the transfer graph: loops, unreachable queues and IVRs, calls without a talk time |
//! | `coverage` | queues nobody (or only quality checkers) serves, shifts that leave traffic unstaffed |
//!
//! Errors make a scenario unusable; warnings describe a scenario that runs but probably does not
//! do what the planner meant.

mod coverage;
mod dial_plan;
mod fields;
mod flow;
mod references;

use std::collections::HashMap;
use std::path::Path;

use crate::input::diagnostic::{Diagnostic, Severity};
use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{Device, Scenario};

/// Checks `scenario`; `directory` is where relative file names inside it (empirical CSV files)
/// are read from. Returns every finding, errors and warnings.
pub fn validate(scenario: &Scenario, directory: &Path) -> Vec<Diagnostic> {
    let mut findings = validate_configuration(scenario, directory);
    fields::records(scenario, directory, &mut findings);
    findings
}

/// [`validate`] without reading the call records the scenario names: for a scenario that is
/// known to have run, whose records need not be at hand (an event log's).
pub fn validate_configuration(scenario: &Scenario, directory: &Path) -> Vec<Diagnostic> {
    let names = Names::of(scenario);
    let mut findings = Vec::new();
    fields::check(scenario, directory, &mut findings);
    references::check(scenario, &names, &mut findings);
    dial_plan::check(scenario, &mut findings);
    let graph = flow::DeviceGraph::build(scenario, &names);
    flow::check(scenario, &names, &graph, &mut findings);
    coverage::check(scenario, &names, &graph, &mut findings);
    findings
}

/// True when `findings` hold at least one error.
pub fn has_errors(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error)
}

/// Name → index of queues and IVRs (first definition wins; duplicates are reported separately).
#[derive(Debug)]
struct Names<'s> {
    queue_count: usize,
    queues: HashMap<&'s str, usize>,
    ivrs: HashMap<&'s str, usize>,
}

impl<'s> Names<'s> {
    fn of(scenario: &'s Scenario) -> Self {
        let mut queues = HashMap::new();
        for (i, q) in scenario.skill_queues.iter().enumerate() {
            queues.entry(q.name.as_str()).or_insert(i);
        }
        let mut ivrs = HashMap::new();
        for (i, ivr) in scenario.ivrs.iter().enumerate() {
            ivrs.entry(ivr.name.as_str()).or_insert(i);
        }
        Names { queue_count: scenario.skill_queues.len(), queues, ivrs }
    }

    /// True for the definition a name resolves to; a later duplicate is reported once, as such,
    /// and left out of the flow and staffing checks.
    fn is_first_queue(&self, q: usize, scenario: &Scenario) -> bool {
        self.queues.get(scenario.skill_queues[q].name.as_str()) == Some(&q)
    }

    fn is_first_ivr(&self, i: usize, scenario: &Scenario) -> bool {
        self.ivrs.get(scenario.ivrs[i].name.as_str()) == Some(&i)
    }

    /// The node of `device` in the device graph (queues first, then IVRs), if it exists.
    fn node(&self, device: &Device) -> Option<usize> {
        match device {
            Device::Queue(name) => self.queues.get(name.as_str()).copied(),
            Device::Ivr(name) => self.ivrs.get(name.as_str()).map(|i| self.queue_count + i),
        }
    }
}

/// Paths of the top-level entries.
fn queue_path(i: usize) -> FieldPath {
    FieldPath::entry("skill_queue", i)
}
fn ivr_path(i: usize) -> FieldPath {
    FieldPath::entry("ivr", i)
}
fn route_path(i: usize) -> FieldPath {
    FieldPath::entry("called_route", i)
}
fn group_path(i: usize) -> FieldPath {
    FieldPath::entry("agent_group", i)
}
fn traffic_path(i: usize) -> FieldPath {
    FieldPath::entry("traffic", i)
}
