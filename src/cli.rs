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
    },
}

fn parse_duration(text: &str) -> Result<callsim::scenario::Duration, String> {
    callsim::scenario::Duration::parse(text)
}
