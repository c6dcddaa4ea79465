//! The `callsim` binary: parse the command line, run the command, and report its failure (if
//! any) in one place, with the exit status the failure's kind gives.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = error.message() {
                eprintln!("{message}");
            }
            ExitCode::from(error.status.code())
        }
    }
}
