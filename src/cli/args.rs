//! The command line, as clap definitions only: what the user can type, with its help text.
//! Flags several commands share are defined once, in the groups at the end, and flattened in.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use callsim::app::prepare::Overrides;
use callsim::output::export::Format;

/// Simulate contact-center call routing: skill queues, called routes, agents and traffic.
#[derive(Debug, Parser)]
#[command(name = "callsim", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check a scenario before go-live: every problem at once, as file:line:col diagnostics.
    ///
    /// A .json file is the platform's own configuration (see `callsim import`): it is imported,
    /// then checked, and each finding names its JSON path and the platform id.
    ///
    /// Exit status: 0 valid (warnings allowed), 1 errors found, 2 the file is unreadable, not UTF-8 text, over 16 MiB, or not TOML (a .json configuration: over 64 MiB, or not JSON).
    Validate {
        /// The scenario file (TOML), or the platform's configuration (JSON).
        scenario: PathBuf,
        /// With a .json configuration: the traffic to check it against ([simulation] and
        /// [[traffic]] tables, TOML).
        #[arg(long, value_name = "TRAFFIC.toml")]
        traffic: Option<PathBuf>,
    },
    /// Turn the platform's configuration (JSON: skill queues, called routes, agents, IVR flows, as
    /// its query APIs return them) into a scenario, commented, with the platform's ids kept.
    ///
    /// Unmapped codes are errors naming their JSON path (exit 1, nothing written); the
    /// scenario is written even when validation finds problems, which `callsim validate` lists.
    /// See docs/platform.md.
    Import(ImportArgs),
    /// Run a scenario for every combination of parameter values, on common random numbers, and
    /// tabulate skill queue figures with 95 % confidence intervals.
    ///
    /// e.g. --set queue.sales.max_wait=30s,60s,120s --set traffic.scale=0.8..1.2:0.1
    /// --set agents.sales-team.count=20..30. Every combination is validated before anything
    /// runs. With --shard I/N (or SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or
    /// JOB_COMPLETION_INDEX with CALLSIM_SHARDS), only the I-th of N slices runs and its partial
    /// result is written to --out; `callsim merge` puts the parts together. See docs/sweep.md.
    Sweep(SweepArgs),
    /// Merge the parts of a sharded sweep into the result one machine would give, byte for byte.
    Merge(MergeArgs),
    /// Agents per agent group (per interval with a profile or --forecast) that meet every target
    /// at every skill queue, none of which can be spared: found by simulation from an Erlang C start.
    ///
    /// e.g. --target "service_level>=0.80@20s" --target "abandon_rate<=0.05". A target holds
    /// when the pessimistic end of its 95 % interval meets it. See docs/staff.md.
    Staff(StaffArgs),
    /// Write the platform's JSON for the configuration part of a scenario (skill queues, called
    /// routes, agents, IVR flows), to load into the platform.
    ///
    /// A scenario with errors is refused (the platform would refuse it too) unless
    /// --allow-invalid. See docs/platform.md.
    Export(ExportArgs),
    /// Simulate a scenario and print its traffic reports (skill queues, access codes, dialed
    /// numbers, agents, IVRs, intervals).
    ///
    /// The scenario is validated first; errors stop the run (exit 1). With several replications,
    /// figures are means with 95 % confidence half-widths.
    Run(RunArgs),
    /// The closed forms for one queue: Erlang B and C, and Erlang A or M/M/n/K when asked.
    ///
    /// Poisson arrivals and exponential handle times are assumed; callsim's simulations agree with
    /// these where the assumptions hold (see reports/validation.md).
    Erlang(ErlangArgs),
    /// Fold an event log (`callsim run --events`) into the run's reports.
    ///
    /// The JSON report is byte-identical to the run's. A truncated or corrupted log stops at its
    /// first bad line, named with its field (exit 1); --partial then reports the events before it.
    Replay(ReplayArgs),
    /// Tell one call's journey, or one agent's day, from an event log, in plain words with times.
    Trace(TraceArgs),
    /// Run the scenario live, paced against the wall clock, with a wallboard and a monitoring API.
    ///
    /// One replication runs at --speed simulated seconds per real second, served over HTTP: the
    /// wallboard at /, the monitoring API under /api/ (shaped like the platform's real-time
    /// interfaces), and a control API to pause, resume, change speed and inject what-ifs, each
    /// recorded in the event log. See docs/live.md.
    Serve(ServeArgs),
}

/// `callsim run`: simulate a scenario and print its reports.
#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub replications: ReplicationsArg,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Write every event of the run to this file, as CSV (.csv) or JSON Lines (.jsonl); see
    /// docs/events.md. It is written under a temporary name and renamed when complete.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Replay real call records (CSV: arrival, dialed, and optionally talk and patience) instead
    /// of the traffic's arrival process (overrides simulation.records); see docs/records.md.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// Sort the call records by arrival instead of refusing records out of order.
    #[arg(long)]
    pub sort: bool,
    /// Start every replication from this snapshot (JSON: callers waiting per queue, each
    /// agent's state) instead of an empty center at 00:00; the reports cover the time after it.
    /// See docs/snapshot.md.
    #[arg(long, value_name = "SNAPSHOT")]
    pub from: Option<PathBuf>,
    /// Write the state of the first replication at --snapshot-at to this file (JSON), for a
    /// later `run --from`.
    #[arg(long, value_name = "FILE", requires = "snapshot_at")]
    pub snapshot: Option<PathBuf>,
    /// When --snapshot is taken: a time of the first day ("09:30") or a duration from the start
    /// ("90m", "1d 9h").
    #[arg(long, value_name = "TIME", requires = "snapshot")]
    pub snapshot_at: Option<String>,
    /// Add replications until the 95 % half-width of each --precision-of figure is at most this
    /// in every skill queue row (ratios: 0.01 = 1 percentage point; seconds for times). Starts
    /// from --replications (at least 2); the result is the smallest count that meets it.
    #[arg(long)]
    pub precision: Option<f64>,
    /// Skill queue figures --precision applies to.
    #[arg(long, value_delimiter = ',', default_value = "service_level,abandon_rate", requires = "precision")]
    pub precision_of: Vec<String>,
    /// The most replications --precision may run (at least 2; it also caps --replications).
    #[arg(long, default_value_t = 1000, requires = "precision")]
    pub max_replications: u32,
    /// A service target the run must meet, at the pessimistic end of its 95 % interval, e.g.
    /// "service_level>=0.80@20s" (all queues) or "sales:abandon_rate<=0.05"; repeatable. A missed
    /// target exits with status 3.
    #[arg(long, value_name = "TARGET")]
    pub target: Vec<String>,
    #[command(flatten)]
    pub threads: ThreadsArg,
    #[command(flatten)]
    pub quiet: QuietArg,
}

/// `callsim serve`: a live session.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Simulated seconds per real second (60: one simulated hour per real minute), or "max" to
    /// run unpaced.
    #[arg(long, default_value = "60", value_parser = parse_pace)]
    pub speed: callsim::sim::engine::Pace,
    /// Host and port to listen on (port 0: any free port; the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Start paused (resume with POST /api/control {"action": "resume"}).
    #[arg(long)]
    pub paused: bool,
    /// Stop serving once the simulation is over, instead of serving its final state until Ctrl-C.
    #[arg(long)]
    pub exit_at_end: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    /// Write every event of the session, its controls included, to this file (.csv or .jsonl);
    /// `callsim replay --resimulate` runs the session again from it.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

fn parse_pace(text: &str) -> Result<callsim::sim::engine::Pace, String> {
    use callsim::sim::engine::Pace;
    if text == "max" {
        return Ok(Pace::Max);
    }
    match text.parse::<f64>() {
        Ok(speed) if speed.is_finite() && speed > 0.0 => Ok(Pace::Times(speed)),
        _ => Err(format!("`{text}` is not a speed: give a number greater than 0, or \"max\"")),
    }
}

/// Where and how the reports are written.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReportArgs {
    /// Output format on stdout: text, json or csv (the skill queue table; --out writes every table).
    #[arg(long, value_parser = format_parser(), default_value = "text")]
    pub format: Format,
    /// Write every report into this new directory: report.txt, report.json, report.html and one
    /// CSV file per table (each written under a temporary name, then renamed).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    /// Also write the HTML page (inline SVG charts, no external requests) to this file.
    #[arg(long)]
    pub html: Option<PathBuf>,
}

/// `callsim replay`: fold an event log into reports.
#[derive(Debug, clap::Args)]
pub(crate) struct ReplayArgs {
    /// The event log (.csv or .jsonl) written by `callsim run --events`.
    pub log: PathBuf,
    #[command(flatten)]
    pub report: ReportArgs,
    /// When the log is truncated or corrupted, report the events before the bad line (the exit
    /// status is still 1).
    #[arg(long)]
    pub partial: bool,
    /// Also run the simulation again from the log's header (scenario, seed, horizon) with the
    /// controls the log records (a live session's what-ifs) at their times, and check that it
    /// gives the log's events, one by one; exit 1 at the first difference.
    #[arg(long, conflicts_with = "partial")]
    pub resimulate: bool,
    #[command(flatten)]
    pub quiet: QuietArg,
}

/// `callsim trace`: follow a call or an agent through an event log.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["call", "agent"])))]
pub(crate) struct TraceArgs {
    /// The event log (.csv or .jsonl) written by `callsim run --events`.
    pub log: PathBuf,
    /// The call's number (calls are numbered from 0 in order of arrival).
    #[arg(long)]
    pub call: Option<u64>,
    /// The agent's ID, as the agent report shows it (e.g. team-a-007).
    #[arg(long)]
    pub agent: Option<String>,
    /// The replication to look in.
    #[arg(long, default_value_t = 0)]
    pub replication: u32,
}

/// `callsim import`: the platform's configuration → a scenario.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The platform's configuration document (JSON).
    pub config: PathBuf,
    /// The traffic the configuration will face: a TOML file with [simulation] and [[traffic]]
    /// tables, copied into the scenario. Without it, a commented template is written.
    #[arg(long, value_name = "TRAFFIC.toml")]
    pub traffic: Option<PathBuf>,
    /// Write the scenario to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "SCENARIO.toml")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
}

/// `callsim sweep`: a scenario over combinations of parameter values.
#[derive(Debug, clap::Args)]
pub(crate) struct SweepArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// A swept parameter: PATH=V1,V2,... or PATH=FROM..TO[:STEP]. PATH is queue.NAME.KEY,
    /// agents.NAME.KEY, ivr.NAME.KEY, traffic.DIALED.KEY, simulation.KEY or traffic.scale.
    #[arg(long = "set", value_name = "PATH=VALUES", required = true)]
    pub set: Vec<String>,
    /// Skill queue figures to report (keys of docs/reports.md).
    #[arg(long, value_delimiter = ',', default_value = "service_level,abandon_rate,asa_s")]
    pub figures: Vec<String>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub replications: ReplicationsArg,
    /// Output format on stdout: text, json or csv.
    #[arg(long, value_parser = format_parser(), default_value = "text")]
    pub format: Format,
    /// Run only the I-th of N deterministic slices of combinations × replications (from 0), and
    /// write the partial result to --out.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    /// Where a shard writes its partial result (JSON), or where the result is written instead
    /// of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write an HTML page plotting each figure against the parameters (inline SVG, no
    /// external requests).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// `callsim staff`: a staffing search against targets.
#[derive(Debug, clap::Args)]
pub(crate) struct StaffArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// A target every skill queue must meet: service_level>=0.80@20s, abandon_rate<=0.05,
    /// asa<=30s or occupancy<=0.85.
    #[arg(long = "target", value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// A forecast (CSV: interval, dialed, volume, aht) that replaces the traffic's arrival
    /// rates and talk times; each interval is staffed on its own. See docs/forecast.md.
    #[arg(long, value_name = "FILE.csv")]
    pub forecast: Option<PathBuf>,
    #[command(flatten)]
    pub replications: ReplicationsArg,
    /// Simulated time of each evaluation, counted after --warmup.
    #[arg(long, value_parser = parse_duration, default_value = "8h")]
    pub horizon: callsim::input::scenario::Duration,
    /// Simulated time before counting starts, so that each evaluation is a steady state.
    #[arg(long, value_parser = parse_duration, default_value = "1h")]
    pub warmup: callsim::input::scenario::Duration,
    /// The most agents the search gives one group.
    #[arg(long, default_value_t = 2000)]
    pub max_agents: i64,
    /// Output format on stdout (text or json).
    #[arg(long, value_parser = format_parser(), default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// `callsim merge`: the parts of a sharded sweep.
#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// The partial results written by `callsim sweep --shard I/N --out FILE`, one per shard.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output format on stdout: text, json or csv.
    #[arg(long, value_parser = format_parser(), default_value = "text")]
    pub format: Format,
    /// Also write the HTML page of the sweep to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
}

/// Parses `I/N` with I < N.
pub(crate) fn parse_shard(text: &str) -> Result<(u32, u32), String> {
    let parsed = text.split_once('/').and_then(|(i, n)| Some((i.trim().parse().ok()?, n.trim().parse().ok()?)));
    match parsed {
        Some((i, n)) if i < n => Ok((i, n)),
        _ => Err(format!("\"{text}\": write I/N with 0 ≤ I < N, e.g. 0/3")),
    }
}

/// `callsim export`: a scenario's configuration → the platform's JSON.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Write the JSON to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "CONFIG.json")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    /// Export even when the scenario has errors (e.g. to round-trip a tenant's configuration as
    /// it is, problems included).
    #[arg(long)]
    pub allow_invalid: bool,
}

/// The closed-form models `callsim erlang` evaluates.
#[derive(Debug, clap::Args)]
pub(crate) struct ErlangArgs {
    /// Number of agents (n).
    #[arg(long)]
    pub agents: u32,
    /// Arrival rate, e.g. "360/h".
    #[arg(long, value_parser = parse_rate)]
    pub rate: callsim::input::scenario::Rate,
    /// Average handle (talk) time, e.g. "4m".
    #[arg(long, value_parser = parse_duration)]
    pub aht: callsim::input::scenario::Duration,
    /// Service-level threshold, e.g. "20s".
    #[arg(long, value_parser = parse_duration, default_value = "20s")]
    pub threshold: callsim::input::scenario::Duration,
    /// Mean patience: adds Erlang A (M/M/n+M).
    #[arg(long, value_parser = parse_duration)]
    pub patience: Option<callsim::input::scenario::Duration>,
    /// Max. calls in queue K: adds M/M/n/K (0: Erlang B, pure loss).
    #[arg(long)]
    pub queue: Option<u32>,
}

fn parse_rate(text: &str) -> Result<callsim::input::scenario::Rate, callsim::input::scenario::ValueError> {
    callsim::input::scenario::Rate::parse(text)
}

fn parse_duration(text: &str) -> Result<callsim::input::scenario::Duration, callsim::input::scenario::ValueError> {
    callsim::input::scenario::Duration::parse(text)
}

/// `--seed` and `--horizon`: the simulation's overrides every simulating command takes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SimulationArgs {
    /// Seed of every random stream (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Arrivals stop after this long, e.g. "8h" (overrides simulation.horizon).
    #[arg(long, value_parser = parse_duration)]
    pub horizon: Option<callsim::input::scenario::Duration>,
}

/// `--replications`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct ReplicationsArg {
    /// Number of independent replications (overrides simulation.replications).
    #[arg(long)]
    pub replications: Option<u32>,
}

/// `--threads`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct ThreadsArg {
    /// Threads to run replications on (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl ThreadsArg {
    /// `--threads`, or every core.
    pub(crate) fn get(self) -> usize {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

/// `--quiet`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct QuietArg {
    /// No progress bar (there is none anyway when stderr is not a terminal).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--force`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct ForceArg {
    /// Let the outputs replace files (and an --out directory's reports) that already exist.
    #[arg(long)]
    pub force: bool,
}

impl SimulationArgs {
    /// The overrides these flags (and `--replications`, where the command has it) ask for.
    pub(crate) fn overrides(&self, replications: Option<ReplicationsArg>) -> Overrides {
        Overrides {
            seed: self.seed,
            horizon: self.horizon,
            replications: replications.and_then(|r| r.replications),
            records: None,
        }
    }
}

/// `--format`: one of [`Format::NAMES`], listed in `--help` and checked by clap.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Format::NAMES).try_map(|name| name.parse::<Format>())
}
