//! The platform's configuration: `callsim validate tenant.json`, `callsim import`, `callsim export`.

use std::io::Write;
use std::path::Path;

use callsim::app::error::{Error, Result, Status};
use callsim::app::outputs::{Outputs, print};
use callsim::app::prepare::{self, Overrides, plural, verdict};
use callsim::input::scenario::{self, Loaded};
use callsim::input::{diagnostic, platform};

use super::args::{ExportArgs, ImportArgs};
use super::check::judged;

/// True for the platform's own configuration (`.json`), rather than a scenario (TOML).
pub(super) fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The status a failure to read an input gives.
fn status(unusable: bool) -> Status {
    if unusable { Status::Unusable } else { Status::Invalid }
}

/// Reads a platform document and, if given, a traffic file.
fn read(config: &Path, traffic: Option<&Path>) -> Result<(platform::ReadDocument, Option<Loaded>)> {
    let read = platform::read(config).map_err(|e| Error::new(status(e.is_unusable_input()), e.to_string()))?;
    let traffic = match traffic {
        Some(path) => Some(scenario::load(path).map_err(|e| {
            eprint!("{}", diagnostic::render_load_error(&e));
            Error::reported(status(e.is_unusable_input()))
        })?),
        None => None,
    };
    Ok((read, traffic))
}

/// `callsim validate tenant.json`: import, validate, every finding at its JSON path.
pub(super) fn validate(config: &Path, traffic: Option<&Path>) -> Result<()> {
    let (read, traffic) = read(config, traffic)?;
    let checked = platform::check(&read, traffic.as_ref());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(checked.import_report.as_bytes());
    let _ = stderr.write_all(checked.report.as_bytes());
    if checked.text.is_none() && checked.report.is_empty() {
        let _ = writeln!(stderr, "{}: not importable yet; fix these errors to run the other checks", config.display());
    }
    let _ = writeln!(stderr, "{}: {}", config.display(), verdict(checked.errors, checked.warnings));
    judged(checked.errors)
}

/// `callsim import`: the platform's configuration → a scenario file (or stdout).
pub(super) fn import(args: &ImportArgs) -> Result<()> {
    let mut outputs = Outputs::new(args.force.force);
    outputs.input(&args.config, "the configuration")?;
    if let Some(traffic) = &args.traffic {
        outputs.input(traffic, "the traffic")?;
    }
    if let Some(output) = &args.output {
        outputs.file(output)?;
    }
    let (read, traffic) = read(&args.config, args.traffic.as_deref())?;
    let checked = platform::check(&read, traffic.as_ref());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(checked.import_report.as_bytes());
    let Some(text) = checked.text else {
        let _ = stderr.write_all(checked.report.as_bytes());
        let _ = writeln!(stderr, "{}: {}; nothing written", args.config.display(), plural(checked.errors, "error"));
        return Err(Error::reported(Status::Invalid));
    };
    let what = match &args.output {
        Some(output) => {
            outputs.write(output, text.as_bytes())?;
            output.display().to_string()
        }
        None => {
            print(text.as_bytes(), "the scenario")?;
            "the scenario".to_owned()
        }
    };
    let _ = writeln!(
        stderr,
        "{}: imported into {what}; {} and {} in all, the import's above (`callsim validate {}` lists them all)",
        args.config.display(),
        plural(checked.errors, "error"),
        plural(checked.warnings, "warning"),
        args.config.display()
    );
    Ok(())
}

/// `callsim export`: a scenario's configuration → the platform's JSON.
pub(super) fn export(args: &ExportArgs) -> Result<()> {
    let mut outputs = Outputs::new(args.force.force);
    outputs.input(&args.scenario, "the scenario")?;
    if let Some(output) = &args.output {
        outputs.file(output)?;
    }
    let checked = prepare::check(&args.scenario, &Overrides::default(), &mut std::io::stderr().lock())?;
    if checked.errors > 0 && !args.allow_invalid {
        return Err(Error::invalid(format!(
            "{}: not exported: the platform would refuse a configuration with errors (--allow-invalid exports it anyway)",
            args.scenario.display()
        )));
    }
    let loaded = checked.loaded;
    let document = platform::export(&loaded.scenario).map_err(|problems| {
        eprint!("{}", diagnostic::render(&loaded.source, &problems));
        Error::reported(Status::Invalid)
    })?;
    let json = serde_json::to_string_pretty(&document)
        .map_err(|e| Error::unusable(format!("error: cannot write the configuration: {e}")))?
        + "\n";
    match &args.output {
        Some(output) => outputs.write(output, json.as_bytes()),
        None => print(json.as_bytes(), "the configuration"),
    }
}
