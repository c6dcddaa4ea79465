//! `callsim serve`: a live session, until the simulation is over (`--exit-at-end`) or Ctrl-C.

use std::sync::Arc;

use callsim::app::error::{Error, Result, Status};
use callsim::app::live;
use callsim::app::outputs::{Outputs, event_log, log_error};
use callsim::app::prepare;
use callsim::app::replay;
use callsim::output::report::Merging;

use super::args::ServeArgs;

pub(super) fn serve(args: &ServeArgs) -> Result<()> {
    let mut outputs = Outputs::new(args.report.force.force);
    outputs.input(&args.scenario, "the scenario")?;
    let reports = args.report.files();
    reports.check(&mut outputs)?;
    if let Some(events) = &args.events {
        callsim::output::eventlog::Format::of(events).map_err(|m| Error::unusable(format!("error: {m}")))?;
        outputs.file(events)?;
    }
    let path = args.scenario.as_path();
    let overrides = args.simulation.overrides(None);
    let loaded = prepare::validated(path, &overrides, &mut std::io::stderr().lock())?;
    if loaded.scenario.simulation.records.is_some() {
        return Err(Error::invalid(format!(
            "{}: error: simulation.records: a live session runs the traffic's arrival process, not call records",
            path.display()
        )));
    }
    let model = callsim::sim::model::compile(&loaded.scenario, loaded.source.directory())
        .map_err(|e| Error::invalid(format!("{}: error: {e}", path.display())))?;
    let model = Arc::new(model);
    // Listen before creating anything, so that a port in use leaves nothing behind.
    let listener = std::net::TcpListener::bind(&args.listen)
        .map_err(|e| Error::unusable(format!("error: cannot listen on {}: {e}", args.listen)))?;
    let created = reports.create_directory()?;
    let remove_created = move |created: &Option<std::path::PathBuf>| {
        // An output directory this run created is left only if something is in it.
        if let Some(dir) = created {
            let _ = std::fs::remove_dir(dir);
        }
    };
    let log = args.events.as_deref().map(|target| event_log(target, &loaded, &model, None)).transpose()?;
    let scenario = path.display().to_string();
    let options = live::Options {
        scenario: scenario.clone(),
        pace: args.speed,
        paused: args.paused,
        publish_every: std::time::Duration::from_millis(100),
    };
    let at_end = if args.exit_at_end { live::AtEnd::Exit } else { live::AtEnd::KeepServing };
    let reported = Arc::clone(&model);
    let on_end_created = created.clone();
    let on_end = move |ended: std::io::Result<live::Ended>, log: Option<callsim::output::eventlog::EventLog>| {
        let ended = match ended {
            Ok(ended) => ended,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                remove_created(&on_end_created);
                return Err(Error::reported(Status::Interrupted));
            }
            Err(e) => return Err(log_error(log.as_ref(), &e)),
        };
        if let Some(log) = &log {
            log.finish(ended.segment.into_iter().collect()).map_err(|e| log_error(Some(log), &e))?;
        }
        let info = replay::run_info(&scenario, &reported, 1);
        reports.write(&Merging::new(ended.tables, reported.ratios).finish(info), &outputs)
    };
    match live::serve(model, listener, options, log, at_end, on_end) {
        Ok(result) => result,
        Err(e) => {
            remove_created(&created);
            Err(Error::unusable(match &args.events {
                Some(target) => format!("error: cannot start the live session (event log {}): {e}", target.display()),
                None => format!("error: cannot start the live session: {e}"),
            }))
        }
    }
}
