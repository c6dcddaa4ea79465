//! The `callsim` binary: parse the command line, call the library, print, exit with a status
//! that says how it went.

mod cli;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use callsim::diagnostic::{self, Diagnostic, Location, Severity};
use callsim::scenario::{self, LoadError};
use callsim::validate;

use cli::{Cli, Command};

/// Exit status for a scenario with errors.
const EXIT_INVALID: u8 = 1;
/// Exit status for input that cannot be used at all (unreadable, not TOML).
const EXIT_UNUSABLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { scenario } => validate_command(&scenario),
    }
}

/// `callsim validate`: diagnostics and a one-line verdict on stderr.
fn validate_command(path: &Path) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let loaded = match scenario::load(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = stderr.write_all(render_load_error(&error).as_bytes());
            if !error.is_unusable_input() {
                let _ = writeln!(
                    stderr,
                    "{}: not a scenario yet; fix this error to run the other checks",
                    path.display()
                );
            }
            let status = if error.is_unusable_input() {
                EXIT_UNUSABLE
            } else {
                EXIT_INVALID
            };
            return ExitCode::from(status);
        }
    };
    let findings = validate::validate(&loaded.scenario, loaded.source.directory());
    let _ = stderr.write_all(diagnostic::render(&loaded.source, &findings).as_bytes());
    let errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    let verdict = if errors == 0 {
        "valid".to_owned()
    } else {
        format!("{} found", plural(errors, "error"))
    };
    let _ = writeln!(stderr, "{}: {verdict}, {}", path.display(), plural(warnings, "warning"));
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

/// A load error in the same `file:line:col:` form as validation findings.
fn render_load_error(error: &LoadError) -> String {
    match error {
        LoadError::Syntax {
            source_file,
            message,
            span,
        }
        | LoadError::Invalid {
            source_file,
            message,
            span,
        } => {
            let prefix = if matches!(error, LoadError::Syntax { .. }) {
                "not TOML: "
            } else {
                ""
            };
            let location = span.clone().map_or(Location::Span(0..0), Location::Span);
            let finding = Diagnostic {
                severity: Severity::Error,
                location,
                message: format!("{prefix}{message}"),
            };
            diagnostic::render(source_file, &[finding])
        }
        other => format!("{other}\n"),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
