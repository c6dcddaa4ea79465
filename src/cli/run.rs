//! `callsim run`: prepare, run the replications, write the log and the reports.

use callsim::app::error::{Error, Result};
use callsim::app::outputs::{Outputs, ReportFiles, event_log, log_error};
use callsim::app::prepare::{self, Overrides};
use callsim::app::{gate, replay, run as runner, snapshot};

use super::args::{ReportArgs, RunArgs};
use super::progress;

impl ReportArgs {
    /// Where these flags send the report.
    pub(crate) fn files(&self) -> ReportFiles {
        ReportFiles { format: self.format, out: self.out.clone(), html: self.html.clone() }
    }
}

/// `callsim run`: validate, compile, run the replications, print (and write) the reports.
pub(super) fn run(args: &RunArgs) -> Result<()> {
    let overrides = Overrides { records: args.records.clone(), ..args.simulation.overrides(Some(args.replications)) };
    // Every output is checked before any work is done.
    let mut outputs = Outputs::new(args.report.force.force);
    outputs.input(&args.scenario, "the scenario")?;
    if let Some(records) = &args.records {
        outputs.input(records, "the call records")?;
    }
    let reports = args.report.files();
    reports.check(&mut outputs)?;
    if let Some(from) = &args.from {
        outputs.input(from, "the snapshot")?;
    }
    if let Some(snapshot) = &args.snapshot {
        outputs.file(snapshot)?;
    }
    if let Some(events) = &args.events {
        callsim::output::eventlog::Format::of(events).map_err(|m| Error::unusable(format!("error: {m}")))?;
        outputs.file(events)?;
    }
    // The targets' grammar first; their queues and thresholds once the scenario is read.
    let targets = gate::parse(&args.target)?;
    let precision = match args.precision {
        Some(half_width) => Some(runner::precision(half_width, &args.precision_of, args.max_replications)?),
        None => None,
    };
    let path = args.scenario.as_path();
    let mut prepared = prepare::prepare(path, &overrides, &mut std::io::stderr().lock())?;
    let warm_start = args.from.as_deref().map(|from| snapshot::start_from(&mut prepared.model, from)).transpose()?;
    if let Some(records) = &prepared.loaded.scenario.simulation.records {
        outputs.input(&prepared.loaded.source.directory().join(records), "the call records")?;
    }
    let model = &prepared.model;
    gate::check(&targets, model)?;
    reports.create_directory()?;
    let snapshot_at = args.snapshot_at.as_deref().map(|at| snapshot::instant(at, model)).transpose()?;
    let log = args
        .events
        .as_deref()
        .map(|target| event_log(target, &prepared.loaded, model, warm_start.as_ref()))
        .transpose()?;
    let arrivals = runner::arrivals(&prepared, args.sort)?;
    let threads = args.threads.get();
    let merged = progress::following(model, args.quiet.quiet, |progress| {
        runner::merged(model, &arrivals, threads, progress, precision.as_ref(), log.as_ref())
    });
    let merged = merged
        .map_err(|e| log_error(log.as_ref(), &e))?
        .ok_or_else(|| Error::invalid(format!("{}: error: no replication ran", path.display())))?;
    if let Some(log) = &log {
        log.finish(merged.segments).map_err(|e| log_error(Some(log), &e))?;
    }
    if let (Some(target), Some(at)) = (&args.snapshot, snapshot_at) {
        outputs.write(target, &snapshot::contents(&snapshot::take(model, &arrivals, at)))?;
    }
    let info = replay::run_info(&path.display().to_string(), model, merged.merging.replications());
    let report = merged.merging.finish(info);
    reports.write(&report, &outputs)?;
    if targets.is_empty() {
        return Ok(());
    }
    let verdicts = gate::judge(&targets, &report);
    eprint!("{}", gate::lines(&verdicts));
    gate::outcome(&verdicts)
}
