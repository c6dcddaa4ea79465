//! The command line, as clap definitions only: what the user can type, with its help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use callsim::report::render::Format;

/// Simulate contact-center call routing: skill queues, called routes, agents and traffic.
#[derive(Debug, Parser)]
#[command(name = "callsim", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario before go-live: every problem at once, as file:line:col diagnostics.
    ///
    /// Exit status: 0 valid (warnings allowed), 1 errors found, 2 the file is unreadable, not UTF-8 text, over 16 MiB, or not TOML.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
    /// Simulate a scenario and print the per-queue and per-dialed-number summary.
    ///
    /// The scenario is validated first; errors stop the run (exit 1). With several replications,
    /// figures are means with 95 % confidence half-widths.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Seed of every random stream (overrides simulation.seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Number of independent replications (overrides simulation.replications).
        #[arg(long)]
        replications: Option<u32>,
        /// Arrivals stop after this long, e.g. "8h" (overrides simulation.horizon).
        #[arg(long, value_parser = parse_duration)]
        horizon: Option<callsim::scenario::Duration>,
        /// Output format on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write report.txt, report.json and report.csv into this directory (created if
        /// missing; each file replaced atomically).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Threads to run replications on (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar (there is none anyway when stderr is not a terminal).
        #[arg(long, short)]
        quiet: bool,
    },
    /// The closed forms for one queue: Erlang B and C, and Erlang A or M/M/n/K when asked.
    ///
    /// Poisson arrivals and exponential handle times are assumed; callsim's simulations agree with
    /// these where the assumptions hold (see reports/validation.md).
    Erlang(ErlangArgs),
}

/// The closed-form models `callsim erlang` evaluates.
#[derive(Debug, clap::Args)]
pub struct ErlangArgs {
    /// Number of agents (n).
    #[arg(long)]
    pub agents: u32,
    /// Arrival rate, e.g. "360/h".
    #[arg(long, value_parser = parse_rate)]
    pub rate: callsim::scenario::Rate,
    /// Average handle (talk) time, e.g. "4m".
    #[arg(long, value_parser = parse_duration)]
    pub aht: callsim::scenario::Duration,
    /// Service-level threshold, e.g. "20s".
    #[arg(long, value_parser = parse_duration, default_value = "20s")]
    pub threshold: callsim::scenario::Duration,
    /// Mean patience: adds Erlang A (M/M/n+M).
    #[arg(long, value_parser = parse_duration)]
    pub patience: Option<callsim::scenario::Duration>,
    /// Max. calls in queue K: adds M/M/n/K (0: Erlang B, pure loss).
    #[arg(long)]
    pub queue: Option<u32>,
}

fn parse_rate(text: &str) -> Result<callsim::scenario::Rate, String> {
    callsim::scenario::Rate::parse(text)
}

fn parse_duration(text: &str) -> Result<callsim::scenario::Duration, String> {
    callsim::scenario::Duration::parse(text)
}
