//! `callsim staff`: the fewest agents per agent group that meet every target at every skill
//! queue, found by simulation on the real routing configuration.
//!
//! ```text
//! scenario (+ forecast) ──► one steady-state scenario per interval (or one, without a profile)
//!                               │
//!                pilot run ──► each queue's load (calls/s × mean talk) ──► Erlang C start
//!                               │
//!           up: add an agent to every group serving a queue that misses a target, until all hold
//!         down: take agents away group by group while every target still holds
//!                               │
//!             requirements: interval, group, agents; queue volume, AHT, SL, abandonment, occupancy
//! ```
//!
//! **Noise.** A target holds at a queue when the pessimistic end of its 95 % confidence
//! interval meets it (for `≥`: mean − half-width; for `≤`: mean + half-width), so a staffing
//! accepted on one seed is not an artefact of a lucky one. Every evaluation of one interval runs
//! on the same seed: with common random numbers, one more agent never draws different callers,
//! and the search does not chase noise.
//!
//! **Intervals.** With an arrival profile, each interval is staffed on its own, as a steady
//! state at that interval's rate (and, from a forecast, its AHT), as Erlang calculators do;
//! shifts and breaks are left out of these runs, since the result is what the shifts must cover.
//! Queues with no call in an interval have no target to meet there.

use std::fmt::Write as _;
use std::path::Path;

use crate::input::forecast::Forecast;
use crate::input::scenario::{AgentGroup, Distribution, Duration, MediaType, Rate, Role, Scenario};
use crate::output::export::{Document, Exporter, Format, Json, Text};
use crate::output::figure::{self, Form};
use crate::output::report::{Report, RunInfo};
use crate::sim::analytic;
use crate::sim::model;
use crate::sim::stats::Estimate;

message_error! {
    /// Why a staffing search cannot run: what to tell the user.
    StaffingError
}

/// A staffing goal (`--target`), e.g. `service_level>=0.80@20s`, `abandon_rate<=0.05`, `asa<=30s`,
/// or one queue's: `sales:service_level>=0.80@20s`.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The one skill queue it is for (`QUEUE:` before the figure); `None`: every queue (staff)
    /// or all queues together (`run --target`).
    pub queue: Option<String>,
    /// The skill queue figure (docs/reports.md key).
    pub figure: &'static str,
    /// True for `>=`, false for `<=`.
    pub at_least: bool,
    pub value: f64,
    /// For the service level: the threshold it is counted at (every queue's `service_level`).
    pub threshold: Option<Duration>,
    /// As written.
    pub text: String,
}

impl Goal {
    /// Parses `FIGURE>=VALUE[@THRESHOLD]` or `FIGURE<=VALUE`.
    pub fn parse(text: &str) -> Result<Self, StaffingError> {
        let usage = "write e.g. \"service_level>=0.80@20s\", \"abandon_rate<=0.05\" or \"asa<=30s\"";
        let (figure, at_least, rest) = if let Some((f, r)) = text.split_once(">=") {
            (f, true, r)
        } else if let Some((f, r)) = text.split_once("<=") {
            (f, false, r)
        } else {
            return Err(StaffingError::from(format!("--target {text}: {usage}")));
        };
        let (value, threshold) = rest.split_once('@').map_or((rest, None), |(v, t)| (v, Some(t)));
        let (queue, figure) = match figure.split_once(':') {
            Some((queue, figure)) => (Some(queue.trim().to_owned()), figure),
            None => (None, figure),
        };
        let figure = match figure.trim() {
            "service_level" => "service_level",
            "abandon_rate" => "abandon_rate",
            "asa" | "asa_s" => "asa_s",
            "occupancy" => "occupancy",
            other => {
                return Err(StaffingError::from(format!(
                    "--target {text}: {other} is not a staffing figure: service_level, abandon_rate, asa or occupancy"
                )));
            }
        };
        // More agents raise the service level and lower the rest: a target the other way round
        // could only be met by taking agents away, which is not what staffing is for.
        let direction_ok = if figure == "service_level" { at_least } else { !at_least };
        if !direction_ok {
            let wanted = if figure == "service_level" { ">=" } else { "<=" };
            return Err(StaffingError::from(format!(
                "--target {text}: staffing targets {figure}{wanted} a value; more agents only move it that way"
            )));
        }
        let value = if figure == "asa_s" {
            Duration::parse(value.trim())
                .map(Duration::secs)
                .or_else(|_| value.trim().parse::<f64>().map_err(|e| e.to_string()))
        } else {
            value.trim().parse::<f64>().map_err(|e| e.to_string())
        }
        .map_err(|e| format!("--target {text}: {e}"))?;
        let threshold = match threshold {
            Some(_) if figure != "service_level" => {
                return Err(StaffingError::from(format!(
                    "--target {text}: only service_level takes a threshold (@20s)"
                )));
            }
            Some(t) => Some(Duration::parse(t.trim()).map_err(|e| format!("--target {text}: {e}"))?),
            None => None,
        };
        Ok(Goal { queue, figure, at_least, value, threshold, text: text.to_owned() })
    }

    /// Whether `estimate` meets the target at the pessimistic end of its interval.
    pub fn met_by(&self, estimate: &Estimate) -> bool {
        let pessimistic = self.pessimistic(estimate);
        if self.at_least { pessimistic >= self.value } else { pessimistic <= self.value }
    }

    /// The end of `estimate`'s 95 % interval the target is judged at: the lower for a figure
    /// that must be at least the value, the upper for one that must be at most (the mean ∓
    /// infinity without an interval, so that one replication never meets a target).
    pub fn pessimistic(&self, estimate: &Estimate) -> f64 {
        let half = if estimate.ci95.is_finite() { estimate.ci95 } else { f64::INFINITY };
        if self.at_least { estimate.mean - half } else { estimate.mean + half }
    }

    /// Whether it applies to queue `name` (staff judges every queue a target without a queue names).
    pub fn applies_to(&self, name: &str) -> bool {
        self.queue.as_deref().is_none_or(|queue| queue == name)
    }
}

/// How the search runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub targets: Vec<Goal>,
    /// Replications per evaluation (at least 2, for an interval).
    pub replications: u32,
    /// Simulated time of each evaluation (arrivals), after `warmup`.
    pub horizon: Duration,
    pub warmup: Duration,
    /// The most agents the search gives one group.
    pub max_agents: i64,
    pub threads: usize,
}

/// The answer for one interval.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// `HH:MM` of the interval's start, or `all day` without a profile.
    pub interval: String,
    /// Each staffed group and its agents.
    pub groups: Vec<(String, i64)>,
    /// Per queue: name, offered calls per hour, mean talk s, and the estimates of
    /// service level, abandon rate, ASA and occupancy at the staffing found.
    pub queues: Vec<QueueFigures>,
    /// Why the targets cannot be met, when they cannot.
    pub unmet: Option<String>,
}

#[derive(Debug, Clone)]
pub struct QueueFigures {
    pub queue: String,
    pub calls_per_hour: Estimate,
    pub aht_s: Estimate,
    pub service_level: Estimate,
    pub abandon_rate: Estimate,
    pub asa_s: Estimate,
    pub occupancy: Estimate,
}

/// The staffing of every interval of `scenario` (one, without a profile or forecast).
pub fn staff(
    scenario: &Scenario,
    directory: &Path,
    forecast: Option<&Forecast>,
    settings: &Settings,
) -> Result<Vec<Requirement>, StaffingError> {
    let variable: Vec<usize> = scenario
        .agent_groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.ids.is_none() && g.role != Role::QualityChecker)
        .map(|(i, _)| i)
        .collect();
    if variable.is_empty() {
        return Err(
            "no agent group to staff: only groups given by count (not ids) and not of quality checkers are".into()
        );
    }
    if let Some((target, queue)) = settings
        .targets
        .iter()
        .filter_map(|t| Some((t, t.queue.as_deref()?)))
        .find(|(_, queue)| !scenario.skill_queues.iter().any(|q| q.name == *queue))
    {
        return Err(format!("--target {}: there is no skill queue \"{queue}\"", target.text).into());
    }
    let mut thresholds: Vec<Duration> = settings.targets.iter().filter_map(|t| t.threshold).collect();
    thresholds.dedup();
    if thresholds.len() > 1 {
        return Err(
            "the service-level targets give different thresholds: a queue counts its service level at one".into()
        );
    }
    let mut requirements = Vec::new();
    for (label, interval) in intervals(scenario, forecast)? {
        let search = Search { directory, settings, variable: &variable };
        requirements.push(search.run(&label, interval)?);
    }
    Ok(requirements)
}

/// The steady-state scenario of each interval: constant rates (and AHTs) of that interval.
fn intervals(scenario: &Scenario, forecast: Option<&Forecast>) -> Result<Vec<(String, Scenario)>, StaffingError> {
    let mut base = scenario.clone();
    for group in &mut base.agent_groups {
        group.shifts.clear();
        group.breaks.clear();
    }
    if let Some(forecast) = forecast {
        return forecast_intervals(&base, forecast);
    }
    let step = base.traffic.iter().find_map(|t| t.profile.as_ref().map(|p| p.interval.secs()));
    let Some(step) = step else { return Ok(vec![("all day".into(), base)]) };
    if base.traffic.iter().any(|t| t.profile.as_ref().is_some_and(|p| p.interval.secs() != step)) {
        return Err(StaffingError::from(
            "the traffic's profiles have different step lengths; give them one, or a --forecast".to_owned(),
        ));
    }
    let steps = (86_400.0 / step).round() as usize;
    let mut out = Vec::new();
    for i in 0..steps {
        let mut variant = base.clone();
        let mut any = false;
        for traffic in &mut variant.traffic {
            if let Some(profile) = traffic.profile.take() {
                let rate = profile.rates.get(i).copied().unwrap_or_default();
                any |= rate.per_sec() > 0.0;
                traffic.rate = Some(rate);
            } else {
                any |= traffic.rate.is_some_and(|r| r.per_sec() > 0.0);
            }
        }
        if any {
            out.push((clock(i as f64 * step), variant));
        }
    }
    Ok(out)
}

fn forecast_intervals(base: &Scenario, forecast: &Forecast) -> Result<Vec<(String, Scenario)>, StaffingError> {
    use crate::input::forecast::Key;
    if forecast.keyed_by != Key::Dialed {
        return Err(StaffingError::from(
            "a forecast by queue cannot drive arrivals: give one by dialed number".to_owned(),
        ));
    }
    for entry in &forecast.entries {
        if !base.traffic.iter().any(|t| t.dialed == entry.key) {
            return Err(StaffingError::from(format!(
                "the forecast has dialed number {}, which no [[traffic]] entry has",
                entry.key
            )));
        }
    }
    // The forecast's AHT is the handle time of the calls: it replaces the queues' own talk times.
    let mut base = base.clone();
    base.skill_queues.iter_mut().for_each(|q| q.talk_time = None);
    let steps = forecast.entries.first().map_or(0, |e| e.volume.len());
    let mut out = Vec::new();
    for i in 0..steps {
        let mut variant = base.clone();
        let mut any = false;
        for traffic in &mut variant.traffic {
            let entry = forecast.entries.iter().find(|e| e.key == traffic.dialed);
            let (rate, aht) = entry.map_or((0.0, f64::NAN), |e| (e.rates(forecast.interval_s)[i], e.aht_s[i]));
            traffic.profile = None;
            traffic.rate = Some(Rate::per_second(rate));
            if rate > 0.0 && aht.is_finite() {
                traffic.talk_time = Some(Distribution::Exponential { mean: Duration::from_secs(aht) });
            }
            any |= rate > 0.0;
        }
        if any {
            out.push((clock(i as f64 * forecast.interval_s), variant));
        }
    }
    Ok(out)
}

/// An interval's start, to the minute.
fn clock(secs: f64) -> String {
    figure::clock((secs / 60.0).round() as u64 * 60)
}

struct Search<'a> {
    directory: &'a Path,
    settings: &'a Settings,
    /// Indices of the groups whose count is searched.
    variable: &'a [usize],
}

/// One evaluation: the estimates per queue, and the queues that miss a target (with the first
/// target missed).
struct Evaluation {
    queues: Vec<QueueFigures>,
    missed: Vec<(String, String)>,
}

impl Search<'_> {
    fn run(&self, label: &str, mut scenario: Scenario) -> Result<Requirement, StaffingError> {
        let s = self.settings;
        scenario.simulation.replications = s.replications.max(2);
        scenario.simulation.horizon = Duration::from_secs(s.warmup.secs() + s.horizon.secs());
        scenario.simulation.warmup = s.warmup;
        if let Some(threshold) = s.targets.iter().find_map(|t| t.threshold) {
            scenario.skill_queues.iter_mut().for_each(|q| q.service_level = threshold);
        }
        let mut counts = self.start(&scenario)?;
        let mut evaluation = self.evaluate(&scenario, &counts)?;
        // Up: every group serving a queue that misses a target gets one more agent.
        while !evaluation.missed.is_empty() {
            let mut grew = false;
            for (g, &group) in self.variable.iter().enumerate() {
                let serves = |q: &str| scenario.agent_groups[group].skills.iter().any(|k| k.queue == q);
                if evaluation.missed.iter().any(|(q, _)| serves(q)) && counts[g] < s.max_agents {
                    counts[g] += 1;
                    grew = true;
                }
            }
            if !grew {
                let (queue, target) = &evaluation.missed[0];
                let unmet = format!(
                    "{target} cannot be met at queue {queue} with up to {} agents per group{}",
                    s.max_agents,
                    reached(&evaluation, queue, s)
                );
                return Ok(self.requirement(label, &scenario, &counts, evaluation, Some(unmet)));
            }
            evaluation = self.evaluate(&scenario, &counts)?;
        }
        // Down: take agents away, group by group, while every target still holds.
        for g in 0..counts.len() {
            while counts[g] > 0 {
                counts[g] -= 1;
                let fewer = self.evaluate(&scenario, &counts)?;
                if fewer.missed.is_empty() {
                    evaluation = fewer;
                } else {
                    counts[g] += 1;
                    break;
                }
            }
        }
        Ok(self.requirement(label, &scenario, &counts, evaluation, None))
    }

    /// The Erlang C start: a pilot run with the scenario's own counts gives each queue's load
    /// (calls/s × mean talk), shared equally among the groups serving it; each group starts at
    /// the Erlang C staffing of its share for the service-level target (or its load + 1), in
    /// sessions: divided by the sessions its agents handle at once (rule 31).
    fn start(&self, scenario: &Scenario) -> Result<Vec<i64>, StaffingError> {
        let current: Vec<i64> =
            self.variable.iter().map(|&g| scenario.agent_groups[g].count.unwrap_or(0).max(1)).collect();
        let pilot = self.evaluate(scenario, &current)?;
        let sl = self.settings.targets.iter().find(|t| t.figure == "service_level");
        Ok(self
            .variable
            .iter()
            .map(|&g| {
                let group = &scenario.agent_groups[g];
                let load: f64 = pilot
                    .queues
                    .iter()
                    .filter(|q| group.skills.iter().any(|k| k.queue == q.queue))
                    .map(|q| {
                        let sharing = self
                            .variable
                            .iter()
                            .filter(|&&o| scenario.agent_groups[o].skills.iter().any(|k| k.queue == q.queue))
                            .count()
                            .max(1);
                        let load = q.calls_per_hour.mean / 3_600.0 * q.aht_s.mean;
                        if load.is_finite() { load / sharing as f64 } else { 0.0 }
                    })
                    .sum();
                // The group's AHT: its queues' mean talk times, weighted by their calls.
                let served = pilot.queues.iter().filter(|q| {
                    group.skills.iter().any(|k| k.queue == q.queue)
                        && q.aht_s.mean.is_finite()
                        && q.calls_per_hour.mean > 0.0
                });
                let (calls, talk) = served.fold((0.0, 0.0), |(c, t), q| {
                    (c + q.calls_per_hour.mean, t + q.calls_per_hour.mean * q.aht_s.mean)
                });
                let aht = if calls > 0.0 { talk / calls } else { 1.0 };
                let sessions = sessions_at_once(scenario, group);
                ((erlang_c_start(load, aht, sl) + sessions - 1) / sessions).min(self.settings.max_agents)
            })
            .collect())
    }

    fn evaluate(&self, scenario: &Scenario, counts: &[i64]) -> Result<Evaluation, StaffingError> {
        let mut scenario = scenario.clone();
        for (&g, &n) in self.variable.iter().zip(counts) {
            scenario.agent_groups[g].count = Some(n);
        }
        let model = model::compile(&scenario, self.directory).map_err(|e| e.to_string())?;
        let replications =
            crate::app::run::replications(&model, self.settings.threads, &crate::app::run::Progress::default());
        let info = RunInfo {
            scenario: String::new(),
            seed: model.seed,
            replications: model.replications,
            horizon_s: model.horizon.secs(),
            warmup_s: 0.0,
            interval_s: 0.0,
            ratios: model.ratios,
        };
        let report = Report::new(info, &replications).ok_or("no replication ran")?;
        let table = report.table(crate::output::report::columns::SKILL_QUEUES.key).ok_or("no skill queue table")?;
        let counted_h = self.settings.horizon.secs() / 3_600.0;
        let nan = Estimate { mean: f64::NAN, ci95: f64::NAN, n: 0 };
        let mut evaluation = Evaluation { queues: Vec::new(), missed: Vec::new() };
        for queue in &scenario.skill_queues {
            let get = |key: &str| table.get(&queue.name, key).unwrap_or(nan);
            let offered = get("offered");
            let figures = QueueFigures {
                queue: queue.name.clone(),
                calls_per_hour: Estimate {
                    mean: offered.mean / counted_h,
                    ci95: offered.ci95 / counted_h,
                    n: offered.n,
                },
                aht_s: get("mean_talk_s"),
                service_level: get("service_level"),
                abandon_rate: get("abandon_rate"),
                asa_s: get("asa_s"),
                occupancy: get("occupancy"),
            };
            if offered.mean > 0.0 {
                for target in self.settings.targets.iter().filter(|t| t.applies_to(&queue.name)) {
                    let estimate = get(target.figure);
                    if !target.met_by(&estimate) {
                        evaluation.missed.push((queue.name.clone(), target.text.clone()));
                        break;
                    }
                }
            }
            evaluation.queues.push(figures);
        }
        Ok(evaluation)
    }

    fn requirement(
        &self,
        label: &str,
        scenario: &Scenario,
        counts: &[i64],
        evaluation: Evaluation,
        unmet: Option<String>,
    ) -> Requirement {
        let groups =
            self.variable.iter().zip(counts).map(|(&g, &n)| (scenario.agent_groups[g].name.clone(), n)).collect();
        Requirement { interval: label.to_owned(), groups, queues: evaluation.queues, unmet }
    }
}

/// How many calls an agent of `group` handles at once: the fewest sessions of the subtypes of
/// its multimedia queues (1 with any other queue, or without concurrent sessions).
fn sessions_at_once(scenario: &Scenario, group: &AgentGroup) -> i64 {
    group
        .skills
        .iter()
        .filter_map(|skill| scenario.skill_queues.iter().find(|q| q.name == skill.queue))
        .map(|queue| queue.subtype.filter(|_| queue.media == MediaType::Multimedia).map_or(1, |s| group.sessions.of(s)))
        .min()
        .unwrap_or(1)
        .max(1)
}

/// What the best staffing reached, for the message of a target that cannot be met.
fn reached(evaluation: &Evaluation, queue: &str, settings: &Settings) -> String {
    let Some(q) = evaluation.queues.iter().find(|q| q.queue == queue) else { return String::new() };
    let parts: Vec<String> = settings
        .targets
        .iter()
        .map(|t| {
            let e = match t.figure {
                "service_level" => q.service_level,
                "abandon_rate" => q.abandon_rate,
                "asa_s" => q.asa_s,
                _ => q.occupancy,
            };
            format!("{} {}", t.figure, Form::fixed(4).estimate(&e))
        })
        .collect();
    format!(": there it reaches {} (a busy or timeout policy, or patience, may cap it)", parts.join(", "))
}

/// The smallest n with Erlang C's service level at the target (its load + 1 without one).
fn erlang_c_start(load: f64, aht: f64, target: Option<&Goal>) -> i64 {
    let floor = load.floor() as u32 + 1;
    let Some(target) = target else { return i64::from(floor) };
    let t = target.threshold.map_or(20.0, Duration::secs);
    (floor..floor + 10_000)
        .find(|&n| analytic::erlang_c_service_level(n, load, aht, t) >= target.value)
        .map_or(i64::from(floor), i64::from)
}

/// A staffing search's answer with the targets it was asked to meet: what its exporters write.
#[derive(Debug, Clone)]
pub struct Plan {
    pub targets: Vec<Goal>,
    pub requirements: Vec<Requirement>,
}

impl Plan {
    /// The plan's exporter in `format`: text or JSON; a plan has no CSV form.
    pub fn exporter(format: Format) -> Option<&'static dyn Exporter<Plan>> {
        match format {
            Format::Text => Some(&Text),
            Format::Json => Some(&Json),
            Format::Csv => None,
        }
    }
}

/// The requirements as a text table: staffing, then the figures expected at it.
impl Exporter<Plan> for Text {
    fn documents(&self, plan: &Plan) -> Vec<Document> {
        vec![Document { name: "staff.txt".into(), contents: text(&plan.requirements, &plan.targets) }]
    }
}

/// The requirements as JSON (docs/staff.md).
impl Exporter<Plan> for Json {
    fn documents(&self, plan: &Plan) -> Vec<Document> {
        vec![Document { name: "staff.json".into(), contents: json(&plan.requirements, &plan.targets) }]
    }
}

fn text(requirements: &[Requirement], targets: &[Goal]) -> String {
    let mut out = String::new();
    let goals: Vec<&str> = targets.iter().map(|t| t.text.as_str()).collect();
    let _ = writeln!(
        out,
        "Staffing for {} at every queue (each at the pessimistic end of its 95 % interval)\n",
        goals.join(", ")
    );
    let _ = writeln!(out, "{:<9} {:<20} {:>7}", "interval", "agent group", "agents");
    for r in requirements {
        for (group, n) in &r.groups {
            let _ = writeln!(out, "{:<9} {:<20} {:>7}", r.interval, group, n);
        }
        if let Some(unmet) = &r.unmet {
            let _ = writeln!(out, "{:<9} NOT MET: {unmet}", r.interval);
        }
    }
    let _ = writeln!(
        out,
        "\n{:<9} {:<20} {:>16} {:>16} {:>16} {:>16} {:>16}",
        "interval", "queue", "calls/h", "AHT s", "service level", "abandon rate", "occupancy"
    );
    for r in requirements {
        for q in &r.queues {
            let _ = writeln!(
                out,
                "{:<9} {:<20} {:>16} {:>16} {:>16} {:>16} {:>16}",
                r.interval,
                q.queue,
                Form::fixed(1).estimate(&q.calls_per_hour),
                Form::fixed(1).estimate(&q.aht_s),
                Form::fixed(4).estimate(&q.service_level),
                Form::fixed(4).estimate(&q.abandon_rate),
                Form::fixed(4).estimate(&q.occupancy)
            );
        }
    }
    out
}

fn json(requirements: &[Requirement], targets: &[Goal]) -> String {
    use serde_json::{Value, json};
    let intervals: Vec<Value> = requirements
        .iter()
        .map(|r| {
            let groups: Vec<Value> = r.groups.iter().map(|(g, n)| json!({"group": g, "agents": n})).collect();
            let queues: Vec<Value> = r
                .queues
                .iter()
                .map(|q| {
                    json!({
                        "queue": q.queue,
                        "calls_per_hour": q.calls_per_hour,
                        "aht_s": q.aht_s,
                        "service_level": q.service_level,
                        "abandon_rate": q.abandon_rate,
                        "asa_s": q.asa_s,
                        "occupancy": q.occupancy,
                    })
                })
                .collect();
            json!({"interval": r.interval, "groups": groups, "queues": queues, "unmet": r.unmet})
        })
        .collect();
    let targets: Vec<&str> = targets.iter().map(|t| t.text.as_str()).collect();
    let document = json!({"format": "callsim-staff", "version": 1, "targets": targets, "intervals": intervals});
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_may_name_its_queue() {
        let t = Goal::parse("sales:service_level>=0.80@20s").unwrap();
        assert_eq!((t.queue.as_deref(), t.figure, t.value), (Some("sales"), "service_level", 0.80));
        assert!(t.applies_to("sales") && !t.applies_to("support"));
        assert!(Goal::parse("abandon_rate<=0.05").unwrap().applies_to("support"), "no queue: every queue");
    }

    #[test]
    fn targets_parse_with_their_thresholds_and_units() {
        let t = Goal::parse("service_level>=0.80@20s").unwrap();
        assert_eq!(
            (t.figure, t.at_least, t.value, t.threshold),
            ("service_level", true, 0.8, Some(Duration::from_secs(20.0)))
        );
        let t = Goal::parse("asa<=30s").unwrap();
        assert_eq!((t.figure, t.at_least, t.value), ("asa_s", false, 30.0));
        assert!(Goal::parse("abandon_rate<=0.05@20s").unwrap_err().to_string().contains("only service_level"));
        assert!(Goal::parse("waits<=3").unwrap_err().to_string().contains("not a staffing figure"));
        assert!(Goal::parse("service_level=0.8").unwrap_err().to_string().contains("write e.g."));
        assert!(
            Goal::parse("occupancy>=0.85").unwrap_err().to_string().contains("staffing targets occupancy<= a value")
        );
        assert!(Goal::parse("service_level<=0.9").unwrap_err().to_string().contains("service_level>="));
    }

    #[test]
    fn a_target_holds_at_the_pessimistic_end_of_the_interval() {
        let sl = Goal::parse("service_level>=0.80").unwrap();
        assert!(sl.met_by(&Estimate { mean: 0.85, ci95: 0.04, n: 10 }));
        assert!(!sl.met_by(&Estimate { mean: 0.83, ci95: 0.04, n: 10 }), "0.79 at the low end");
        assert!(!sl.met_by(&Estimate { mean: 0.9, ci95: f64::NAN, n: 1 }), "no interval, no proof");
        let ab = Goal::parse("abandon_rate<=0.05").unwrap();
        assert!(ab.met_by(&Estimate { mean: 0.03, ci95: 0.01, n: 10 }));
        assert!(!ab.met_by(&Estimate { mean: 0.045, ci95: 0.01, n: 10 }));
    }

    #[test]
    fn the_erlang_c_start_is_the_smallest_n_meeting_the_service_level() {
        // a = 24 Erlangs, AHT 240 s, 80 % in 20 s: Erlang C gives 0.761 at 28 and 0.840 at 29
        // (callsim erlang --agents 28 or 29 --rate 360/h --aht 4m).
        let sl = Goal::parse("service_level>=0.80@20s").unwrap();
        let n = erlang_c_start(24.0, 240.0, Some(&sl));
        assert_eq!(n, 29);
        assert_eq!(erlang_c_start(24.0, 240.0, None), 25);
    }
}
