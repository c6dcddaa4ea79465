//! `callsim sweep`: one scenario run for every combination of parameter values, on common random
//! numbers, and `callsim merge`: the shards of a sweep put back together.
//!
//! ```text
//! scenario + --set ... ──plan──► one validated model per combination        plan
//!                          │
//!          items (combination × replication), or the I-th of N slices        run
//!                          │
//!      Part: each item's skill queue figures, one replication at a time      (a shard's file)
//!                          │
//!               merge parts ──► Part with every item ──► Sweep (mean ± CI)  merge, Sweep::of
//! ```
//!
//! Common random numbers come from the engine: every random stream is derived from (seed,
//! replication, source, name of the entity), so replication k of every combination draws the
//! same arrivals, talk times and patience for the same dialed numbers and queues, and differences
//! between combinations come from the configuration.
//!
//! A single run and a merge of shards fold the very same per-replication values in the same
//! order (combination, then replication), so their results are identical to the byte.

mod html;
mod render;
mod set;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use toml::Table;

use crate::app::prepare::Overrides;
use crate::input::scenario::{Rate, Ratios, Scenario, SourceFile};
use crate::output::report::columns::SKILL_QUEUES;
use crate::sim::model::{self, Model};
use crate::sim::stats::{Accumulator, Estimate, RatioAccumulator};

pub use set::Parameter;

message_error! {
    /// Why a sweep cannot be planned, merged or shown: what to tell the user.
    SweepError
}

/// Version of the part files and of the JSON result.
pub const FORMAT_VERSION: u32 = 1;

/// The most combinations one sweep may have: each is a compiled model held in memory.
pub const MAX_COMBINATIONS: usize = 10_000;

/// What a sweep is: everything its result depends on. Shards of one sweep have equal specs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    /// The scenario's path, as given.
    pub scenario: String,
    /// The scenario's text, so that shards of an edited scenario are not merged.
    pub scenario_text: String,
    /// Each swept path and its values, as shown.
    pub parameters: Vec<(String, Vec<String>)>,
    /// Skill queue figures reported (docs/reports.md keys).
    pub figures: Vec<String>,
    pub seed: u64,
    pub replications: u32,
    pub horizon_s: f64,
}

/// A sweep ready to run: a validated model per combination.
#[derive(Debug)]
pub struct Plan {
    pub spec: Spec,
    models: Vec<Model>,
}

/// Builds the plan: every combination is written into the scenario, read and validated before
/// anything runs. Returns every problem, each naming its combination.
pub fn plan(
    source: &SourceFile,
    parameters: &[Parameter],
    figures: &[String],
    overrides: &Overrides,
) -> Result<Plan, Vec<String>> {
    let keys: Vec<&str> = SKILL_QUEUES.columns.iter().map(|c| c.key).collect();
    for figure in figures {
        if !keys.contains(&figure.as_str()) {
            return Err(vec![format!("--figures: {figure} is not a skill queue figure; one of: {}", keys.join(", "))]);
        }
    }
    for p in parameters {
        if let Some(flag) = ["seed", "replications", "horizon"].iter().find(|k| p.path == format!("simulation.{k}")) {
            return Err(vec![format!(
                "--set {}: every combination runs with the same {flag}; give it with --{flag}",
                p.path
            )]);
        }
    }
    let count: usize = parameters.iter().map(|p| p.values.len()).product();
    if count > MAX_COMBINATIONS {
        return Err(vec![format!("the sweep has {count} combinations; at most {MAX_COMBINATIONS}")]);
    }
    let root: Table = toml::from_str(&source.text).map_err(|e| vec![format!("{}: {e}", source.path.display())])?;
    let mut problems = Vec::new();
    let mut models = Vec::new();
    let mut first: Option<Scenario> = None;
    for c in 0..count {
        let values = combination(parameters, c);
        let label = label(parameters, &values);
        match configured(source, &root, parameters, &values, overrides) {
            Ok(scenario) => {
                let findings = crate::input::validate::validate(&scenario, source.directory());
                let errors: Vec<String> = findings
                    .iter()
                    .filter(|d| d.severity == crate::input::diagnostic::Severity::Error)
                    .map(|d| format!("{label}: {}", d.message))
                    .collect();
                if !errors.is_empty() {
                    problems.extend(errors);
                    continue;
                }
                match model::compile(&scenario, source.directory()) {
                    Ok(model) => models.push(model),
                    Err(e) => problems.push(format!("{label}: {e}")),
                }
                first.get_or_insert(scenario);
            }
            Err(message) => problems.push(format!("{label}: {message}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(first) = first else { return Err(vec!["the sweep has no combination".into()]) };
    if first.simulation.records.is_some() {
        return Err(vec!["a sweep runs the traffic's arrival process; it does not replay call records".into()]);
    }
    let spec = Spec {
        scenario: source.path.display().to_string(),
        scenario_text: source.text.clone(),
        parameters: parameters.iter().map(|p| (p.path.clone(), p.values.iter().map(set::shown).collect())).collect(),
        figures: figures.to_vec(),
        seed: first.simulation.seed,
        replications: first.simulation.replications,
        horizon_s: first.simulation.horizon.secs(),
    };
    Ok(Plan { spec, models })
}

/// The value index of each parameter in combination `c` (the first parameter varies slowest).
fn combination(parameters: &[Parameter], mut c: usize) -> Vec<usize> {
    let mut values = vec![0; parameters.len()];
    for (i, p) in parameters.iter().enumerate().rev() {
        values[i] = c % p.values.len();
        c /= p.values.len();
    }
    values
}

fn label(parameters: &[Parameter], values: &[usize]) -> String {
    let parts: Vec<String> =
        parameters.iter().zip(values).map(|(p, &v)| format!("{}={}", p.path, set::shown(&p.values[v]))).collect();
    parts.join(" ")
}

/// The scenario of one combination.
fn configured(
    source: &SourceFile,
    root: &Table,
    parameters: &[Parameter],
    values: &[usize],
    overrides: &Overrides,
) -> Result<Scenario, SweepError> {
    let mut root = root.clone();
    let mut scale = 1.0;
    for (p, &v) in parameters.iter().zip(values) {
        let value = &p.values[v];
        if p.is_traffic_scale() {
            scale *= match value {
                toml::Value::Float(x) => *x,
                toml::Value::Integer(n) => *n as f64,
                other => return Err(SweepError::from(format!("traffic.scale must be a number, not {other}"))),
            };
            if !(scale.is_finite() && scale >= 0.0) {
                return Err(SweepError::from(format!("traffic.scale must be a number ≥ 0, not {value}")));
            }
        } else {
            set::apply(&mut root, &p.path, value)?;
        }
    }
    let text = toml::to_string(&root).map_err(|e| e.to_string())?;
    let loaded =
        crate::input::scenario::parse(SourceFile { path: source.path.clone(), text }).map_err(|e| match e {
            crate::input::scenario::LoadError::Invalid { message, .. }
            | crate::input::scenario::LoadError::Syntax { message, .. } => message,
            other => other.to_string(),
        })?;
    let mut scenario = loaded.scenario;
    overrides.apply(&mut scenario);
    if scale != 1.0 {
        for traffic in &mut scenario.traffic {
            let scaled = |r: Rate| Rate::per_second(r.per_sec() * scale);
            traffic.rate = traffic.rate.map(scaled);
            if let Some(profile) = &mut traffic.profile {
                profile.rates.iter_mut().for_each(|r| *r = scaled(*r));
            }
        }
    }
    Ok(scenario)
}

/// A slice of a sweep: its items, or all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub format: String,
    pub version: u32,
    pub spec: Spec,
    /// (I, N): the I-th of N shards, from 0.
    pub shard: (u32, u32),
    pub items: Vec<Item>,
}

/// One replication of one combination: the skill queue table's rows and, row by row, each
/// figure's value (`None` where it is undefined in that replication).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub combination: u32,
    pub replication: u32,
    pub rows: Vec<String>,
    pub values: Vec<Option<f64>>,
    /// With `ratios = "pooled"` in the combination: each value's (numerator, denominator), which
    /// the merge pools; absent otherwise, so default part files are as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sums: Vec<(f64, f64)>,
}

/// Runs shard `shard` = (I, N) of the plan's items — item k (combination-major) belongs to shard
/// k mod N — on up to `threads` threads.
pub fn run(plan: &Plan, shard: (u32, u32), threads: usize) -> Part {
    let replications = plan.spec.replications as usize;
    let mine: Vec<(usize, u32)> = (0..plan.models.len() * replications)
        .filter(|k| k % shard.1 as usize == shard.0 as usize)
        .map(|k| (k / replications, (k % replications) as u32))
        .collect();
    let next = AtomicUsize::new(0);
    let mut items: Vec<(usize, Item)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, mine.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(c, r)) = mine.get(i) else { break };
                        done.push((i, item(plan, c, r)));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    items.sort_by_key(|(i, _)| *i);
    Part {
        format: "callsim-sweep-part".into(),
        version: FORMAT_VERSION,
        spec: plan.spec.clone(),
        shard,
        items: items.into_iter().map(|(_, item)| item).collect(),
    }
}

fn item(plan: &Plan, combination: usize, replication: u32) -> Item {
    let model = &plan.models[combination];
    let tables = crate::app::run::replication(model, replication);
    let (mut rows, mut values, mut sums) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(table) = tables.table(SKILL_QUEUES.key) {
        // By key: a pooled run's table has more columns than `SKILL_QUEUES`.
        let columns = plan.spec.figures.iter().filter_map(|f| table.kind.columns.iter().position(|c| c.key == f));
        let columns: Vec<usize> = columns.collect();
        for row in &table.rows {
            rows.push(row.name());
            let cells = columns.iter().map(|&c| row.values[c]);
            values.extend(cells.clone().map(|cell| Some(cell.value()).filter(|v| v.is_finite())));
            if model.ratios == Ratios::Pooled {
                sums.extend(cells.map(|cell| (cell.numerator(), cell.denominator())));
            }
        }
    }
    Item { combination: combination as u32, replication, rows, values, sums }
}

/// Puts the shards of one sweep together: every shard of the same sweep, once each.
pub fn merge(parts: Vec<Part>) -> Result<Part, SweepError> {
    let Some(first) = parts.first() else { return Err(SweepError::from("no part to merge".to_owned())) };
    let (spec, n, first_shard) = (first.spec.clone(), first.shard.1, first.shard.0);
    let mut seen = vec![false; n as usize];
    let mut items = Vec::new();
    for part in parts {
        if part.format != "callsim-sweep-part" || part.version != FORMAT_VERSION {
            return Err(SweepError::from(format!("not a callsim sweep part of version {FORMAT_VERSION}")));
        }
        if part.spec != spec || part.shard.1 != n {
            let differs = [
                (part.shard.1 != n, "the number of shards"),
                (part.spec.scenario != spec.scenario, "the scenario's path"),
                (part.spec.scenario_text != spec.scenario_text, "the scenario's text"),
                (part.spec.parameters != spec.parameters, "the parameters"),
                (part.spec.figures != spec.figures, "the figures"),
                (part.spec.seed != spec.seed, "the seed"),
                (part.spec.replications != spec.replications, "the replications"),
                (part.spec.horizon_s != spec.horizon_s, "the horizon"),
            ];
            let fields: Vec<&str> = differs.iter().filter(|(d, _)| *d).map(|(_, f)| *f).collect();
            return Err(SweepError::from(format!(
                "shard {}/{} belongs to another sweep than shard {first_shard}/{n}: {} differ",
                part.shard.0,
                part.shard.1,
                fields.join(", ")
            )));
        }
        match seen.get_mut(part.shard.0 as usize) {
            Some(seen) if !*seen => *seen = true,
            Some(_) => return Err(SweepError::from(format!("shard {}/{n} is given twice", part.shard.0))),
            None => return Err(SweepError::from(format!("shard {}/{n} does not exist", part.shard.0))),
        }
        items.extend(part.items);
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(SweepError::from(format!("shard {missing}/{n} is missing")));
    }
    items.sort_by_key(|item| (item.combination, item.replication));
    Ok(Part { format: "callsim-sweep-part".into(), version: FORMAT_VERSION, spec, shard: (0, 1), items })
}

/// The result of a sweep: per combination and skill queue row, each figure's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub spec: Spec,
    pub rows: Vec<SweepRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    pub combination: u32,
    /// Each parameter's value in this combination, as shown.
    pub values: Vec<String>,
    pub queue: String,
    pub figures: Vec<Estimate>,
}

impl Sweep {
    /// Folds a whole part (every item of the sweep, in order), replication by replication.
    pub fn of(part: &Part) -> Result<Sweep, SweepError> {
        let spec = &part.spec;
        let parameters: Vec<Parameter> = spec
            .parameters
            .iter()
            .map(|(path, values)| Parameter {
                path: path.clone(),
                values: values.iter().map(|v| toml::Value::String(v.clone())).collect(),
            })
            .collect();
        let combinations: usize = parameters.iter().map(|p| p.values.len()).product();
        let figures = spec.figures.len();
        let mut rows = Vec::new();
        let replications = spec.replications as usize;
        if part.items.len() != combinations * replications {
            return Err(SweepError::from(format!(
                "the sweep has {} of its {} items",
                part.items.len(),
                combinations * replications
            )));
        }
        for (c, items) in part.items.chunks(replications.max(1)).enumerate() {
            let Some(first) = items.first() else { continue };
            // A pooled combination's items carry sums: as in a run's report, they are pooled.
            let pooled = !first.sums.is_empty();
            let mut accumulators = vec![Accumulator::default(); first.values.len()];
            let mut ratios = vec![RatioAccumulator::default(); first.sums.len()];
            for (r, item) in items.iter().enumerate() {
                let fits = item.combination as usize == c && item.replication as usize == r;
                let sums = if pooled { accumulators.len() } else { 0 };
                if !fits
                    || item.rows != first.rows
                    || item.values.len() != accumulators.len()
                    || item.sums.len() != sums
                {
                    return Err(SweepError::from(format!(
                        "item of combination {} replication {} does not fit",
                        item.combination, item.replication
                    )));
                }
                for (a, v) in accumulators.iter_mut().zip(&item.values) {
                    a.push(v.unwrap_or(f64::NAN));
                }
                for (a, &(numerator, denominator)) in ratios.iter_mut().zip(&item.sums) {
                    a.push(numerator, denominator);
                }
            }
            let estimates: Vec<Estimate> = if pooled {
                ratios.iter().map(RatioAccumulator::estimate).collect()
            } else {
                accumulators.iter().map(Accumulator::estimate).collect()
            };
            let values: Vec<String> =
                combination(&parameters, c).iter().zip(&spec.parameters).map(|(&v, (_, vs))| vs[v].clone()).collect();
            for (r, queue) in first.rows.iter().enumerate() {
                rows.push(SweepRow {
                    combination: c as u32,
                    values: values.clone(),
                    queue: queue.clone(),
                    figures: estimates[r * figures..(r + 1) * figures].to_vec(),
                });
            }
        }
        Ok(Sweep { spec: spec.clone(), rows })
    }
}
