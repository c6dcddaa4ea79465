//! The validation grid: the simulator against closed forms on every model they cover.
//!
//! A single voice queue with `n` agents, Poisson arrivals and exponential talk (180 s), no
//! wrap-up, is M/M/n; the platform's settings then choose the model:
//!
//! | settings | model | closed form |
//! |---|---|---|
//! | no patience, room for 10 000 | M/M/n | Erlang C: ASA, service level at 20 s, occupancy |
//! | exponential patience | M/M/n+M | Erlang A: abandonment, mean wait of all and of answered, answered within 20 s |
//! | no patience, room for K | M/M/n/K | blocking, mean wait, service level of admitted calls |
//! | max calls in queue 0 | M/M/n/n | Erlang B: blocking |
//!
//! Each case runs independent replications after a warm-up of many relaxation times; a figure
//! passes when |simulated mean − closed form| ≤ 3 × its 95 % half-width h (about 6.5 standard
//! errors with 10 replications: a correct simulator fails it about once in 10⁸, and the seeds are
//! fixed so the outcome is deterministic), or within a small absolute floor for figures that are
//! nearly exact (a blocking probability of 10⁻⁶). It must also be *measured*: h may not exceed
//! 15 % of the value (or twice the floor), so a loose interval cannot pass by itself.
//!
//! Not covered, and so validated by simulation only: the platform's max waiting time with a
//! release or transfer policy when it binds (a deterministic deadline, which no classical closed
//! form has; it is solvable on the birth–death chain, but callsim does not build that solution),
//! wrap-up (the agent's holding time becomes talk + wrap-up, an M/G/n-like model for which Erlang C
//! on talk + wrap-up is only an approximation), non-exponential talk or patience, ringing,
//! no-answer, breaks, shrinkage, skills-based routing across queues and transfers. Those rules are
//! checked instead by hand-derived timelines and invariants (`tests/it`).
//!
//! Used by the test suite (`tests/it/erlang.rs`) and by `cargo run --release --example
//! validation`, which writes `reports/validation.md`.

use crate::input::scenario::{SourceFile, parse};
use crate::output::figure::Form;
use crate::output::report::Table;
use crate::sim::analytic;
use crate::sim::stats::Estimate;

/// Mean talk time of every case, seconds.
pub const TALK: f64 = 180.0;
/// Service-level threshold of every case, seconds.
pub const THRESHOLD: f64 = 20.0;

/// One configuration of the single queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub agents: u32,
    /// Offered load per agent (a / n).
    pub load: f64,
    /// Mean patience, seconds; `None`: callers never hang up.
    pub patience: Option<f64>,
    /// Max. Calls in Queue (10 000: no limit in practice; 0: pure loss).
    pub max_calls: u32,
    /// Simulated calls per replication (sets the horizon).
    pub calls: f64,
    pub replications: u32,
}

impl Case {
    /// The model the case is, as a label: "M/M/10", "M/M/10+M", "M/M/10/K=5", "M/M/10/10".
    pub fn name(&self) -> String {
        let n = self.agents;
        match (self.patience, self.max_calls) {
            (Some(p), _) => format!("M/M/{n}+M at {:.2}, patience {p} s", self.load),
            (None, 0) => format!("M/M/{n}/{n} (Erlang B) at {:.2}", self.load),
            (None, k) if k < 10_000 => format!("M/M/{n}/K={k} at {:.2}", self.load),
            (None, _) => format!("M/M/{n} at {:.2}", self.load),
        }
    }

    fn arrival_rate(&self) -> f64 {
        self.load * f64::from(self.agents) / TALK
    }

    /// A warm-up long enough for the queue to forget its empty start: ten relaxation times
    /// 1 / (nμ(1 − √ρ)²) of M/M/n (capped for overload, where abandonment or blocking make the
    /// queue relax fast), and at least two hours.
    fn warmup(&self) -> f64 {
        let gap = (1.0 - self.load.min(0.99).sqrt()).powi(2);
        (10.0 * TALK / (f64::from(self.agents) * gap)).clamp(7_200.0, 5.0e7)
    }

    /// The scenario of the case, as a planner would write it.
    pub fn scenario(&self) -> String {
        let horizon = self.warmup() + self.calls / self.arrival_rate();
        let patience =
            self.patience.map_or(String::new(), |p| format!("patience = {{ dist = \"exponential\", mean = {p} }}"));
        format!(
            "[simulation]\nhorizon = {horizon:.0}\nwarmup = {:.0}\nseed = {}\nreplications = {}\n\n\
             [[skill_queue]]\nname = \"Q\"\nmax_wait = \"60000s\"\nmax_calls = {}\nwrap_up = 0\nservice_level = {THRESHOLD}\n\n\
             [[called_route]]\naccess_code = \"1\"\ndevice = \"queue:Q\"\n\n\
             [[agent_group]]\nname = \"agents\"\ncount = {}\nskills = [\"Q\"]\n\n\
             [[traffic]]\ndialed = \"1\"\nrate = \"{}/s\"\ntalk_time = {{ dist = \"exponential\", mean = {TALK} }}\n{patience}\n",
            self.warmup(),
            u64::from(self.agents) * 1_000 + (self.load * 100.0) as u64,
            self.replications,
            self.max_calls,
            self.agents,
            self.arrival_rate(),
        )
    }
}

/// One figure of one case against its closed form.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub case: String,
    pub figure: &'static str,
    pub closed_form: f64,
    pub simulated: Estimate,
    /// Differences within this are agreement whatever the interval.
    pub floor: f64,
}

impl Check {
    /// Agreement within 3 half-widths (or the floor), with a half-width that measures something.
    pub fn passes(&self) -> bool {
        let (truth, e) = (self.closed_form, self.simulated);
        let close = (e.mean - truth).abs() <= (3.0 * e.ci95).max(self.floor);
        let measured = e.ci95 <= (0.15 * truth.abs()).max(2.0 * self.floor);
        e.mean.is_finite() && e.ci95.is_finite() && close && measured
    }
}

/// The grid: n = 1, 2, 10, 100, 1000 agents, loads from 0.5 to 0.98, overload (1.2) with
/// abandonment, queue capacity limits and pure loss.
pub fn grid() -> Vec<Case> {
    let case =
        |agents, load, patience, max_calls, calls| Case { agents, load, patience, max_calls, calls, replications: 10 };
    vec![
        // Erlang C. Calls per replication grow with ρ/(1 − √ρ)², the calls per relaxation time.
        case(1, 0.5, None, 10_000, 3.0e4),
        case(1, 0.8, None, 10_000, 2.0e5),
        case(2, 0.5, None, 10_000, 3.0e4),
        case(2, 0.9, None, 10_000, 4.0e5),
        case(10, 0.5, None, 10_000, 1.5e5),
        case(10, 0.9, None, 10_000, 3.0e5),
        case(100, 0.5, None, 10_000, 5.0e4),
        case(100, 0.95, None, 10_000, 5.0e5),
        case(100, 0.98, None, 10_000, 1.0e6),
        case(1000, 0.9, None, 10_000, 3.0e5),
        Case { replications: 20, ..case(1000, 0.98, None, 10_000, 2.5e6) },
        // Erlang A, at and above capacity.
        case(1, 0.9, Some(300.0), 10_000, 5.0e4),
        case(1, 1.2, Some(120.0), 10_000, 5.0e4),
        case(10, 0.95, Some(120.0), 10_000, 1.0e5),
        case(10, 1.2, Some(120.0), 10_000, 1.0e5),
        case(100, 1.2, Some(120.0), 10_000, 2.0e5),
        case(1000, 1.2, Some(120.0), 10_000, 5.0e5),
        // M/M/n/K.
        case(1, 0.8, None, 3, 5.0e4),
        case(10, 0.9, None, 5, 1.0e5),
        case(10, 1.5, None, 5, 1.0e5),
        case(100, 1.0, None, 20, 2.0e5),
        // Erlang B.
        case(1, 0.5, None, 0, 3.0e4),
        case(10, 0.8, None, 0, 5.0e4),
        case(100, 0.9, None, 0, 1.0e5),
        case(1000, 0.98, None, 0, 5.0e5),
    ]
}

/// Why a case could not be run (its generated scenario is invalid: a bug in the grid).
#[derive(Debug, thiserror::Error)]
#[error("{case}: {message}")]
pub struct CaseError {
    case: String,
    message: String,
}

/// Simulates `case` and checks each of its figures.
pub fn check(case: &Case, threads: usize) -> Result<Vec<Check>, CaseError> {
    let fail = |message: String| CaseError { case: case.name(), message };
    let source = SourceFile { path: "validation.toml".into(), text: case.scenario() };
    let loaded = parse(source).map_err(|e| fail(e.to_string()))?;
    let findings = crate::input::validate::validate(&loaded.scenario, loaded.source.directory());
    if crate::input::validate::has_errors(&findings) {
        return Err(fail(crate::input::diagnostic::render(&loaded.source, &findings)));
    }
    let model =
        crate::sim::model::compile(&loaded.scenario, loaded.source.directory()).map_err(|e| fail(e.to_string()))?;
    let tables: Vec<Table> = crate::app::run::replications(&model, threads, &crate::app::run::Progress::default())
        .into_iter()
        .filter_map(|tables| tables.table("skill_queues").cloned())
        .collect();
    let figure = |key: &str| Estimate::of(tables.iter().map(|t| t.get("Q", key).unwrap_or(f64::NAN)));
    let blocking = Estimate::of(
        tables.iter().map(|t| t.get("Q", "busy").unwrap_or(f64::NAN) / t.get("Q", "offered").unwrap_or(f64::NAN)),
    );
    let (n, a) = (case.agents, case.load * f64::from(case.agents));
    let name = case.name();
    let item = |figure: &'static str, closed_form: f64, simulated: Estimate, floor: f64| Check {
        case: name.clone(),
        figure,
        closed_form,
        simulated,
        floor,
    };
    Ok(match (case.patience, case.max_calls) {
        (Some(patience), _) => {
            let theory = analytic::erlang_a(n, case.arrival_rate(), TALK, patience);
            vec![
                item("P(abandon)", theory.p_abandon, figure("abandon_rate"), 1e-3),
                item("mean wait, all calls (s)", theory.mean_wait, figure("mean_wait_s"), 0.05),
                item("mean wait, answered (s)", theory.mean_wait_answered, figure("asa_s"), 0.05),
                item(
                    "answered within 20 s / offered",
                    analytic::erlang_a_service_level(n, case.arrival_rate(), TALK, patience, THRESHOLD),
                    figure("service_level"),
                    1e-3,
                ),
            ]
        }
        (None, 0) => vec![item("blocking", analytic::erlang_b(n, a), blocking, 1e-3)],
        (None, k) if k < 10_000 => {
            let theory = analytic::mmnk(n, k, a, TALK);
            vec![
                item("blocking", theory.blocking, blocking, 1e-3),
                item("mean wait, admitted (s)", theory.mean_wait, figure("asa_s"), 0.05),
                item(
                    "service level 20 s",
                    analytic::mmnk_service_level(n, k, a, TALK, THRESHOLD),
                    figure("service_level"),
                    1e-3,
                ),
            ]
        }
        (None, _) => vec![
            item("ASA (s)", analytic::erlang_c_mean_wait(n, a, TALK), figure("asa_s"), 0.05),
            item(
                "service level 20 s",
                analytic::erlang_c_service_level(n, a, TALK, THRESHOLD),
                figure("service_level"),
                1e-3,
            ),
            item("occupancy", case.load, figure("occupancy"), 1e-3),
        ],
    })
}

/// The checks as a Markdown table.
pub fn markdown(checks: &[Check]) -> String {
    let mut out =
        String::from("| case | figure | closed form | simulated (mean ± 95 % CI) | result |\n|---|---|---|---|---|\n");
    // Six decimals, the half-width apart from the mean: a column of its own in the Markdown.
    let number = |x: f64| Form::fixed(6).value(x);
    for c in checks {
        out.push_str(&format!(
            "| {} | {} | {} | {} ± {} | {} |\n",
            c.case,
            c.figure,
            number(c.closed_form),
            number(c.simulated.mean),
            number(c.simulated.ci95),
            if c.passes() { "pass" } else { "FAIL" }
        ));
    }
    out
}
