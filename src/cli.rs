//! The command line, as clap definitions only: what the user can type, with its help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
}
