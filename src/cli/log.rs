//! `callsim replay` and `callsim trace`: what an event log tells.

use std::path::Path;

use callsim::app::error::{Error, Result, Status};
use callsim::app::outputs::{Outputs, print};
use callsim::app::replay;
use callsim::app::trace::{self, Subject, TraceError};
use callsim::output::eventlog::LogReader;
use callsim::sim::model::Model;

use super::args::{ReplayArgs, TraceArgs};
use super::progress;

/// Opens an event log and rebuilds the model its header describes.
fn open(path: &Path) -> Result<(LogReader, Model)> {
    let log = LogReader::open(path).map_err(|e| Error::unusable(e.to_string()))?;
    let model =
        log.header().model().map_err(|error| Error::unusable(format!("{}:1: error: {error}", path.display())))?;
    Ok((log, model))
}

/// `callsim replay`: read an event log and print (and write) the reports of its events.
pub(super) fn replay(args: &ReplayArgs) -> Result<()> {
    let mut outputs = Outputs::new(args.report.force.force);
    outputs.input(&args.log, "the event log")?;
    let reports = args.report.files();
    reports.check(&mut outputs)?;
    let (mut log, model) = open(&args.log)?;
    let scenario = log.header().scenario.clone();
    if args.resimulate {
        match callsim::app::resimulate::resimulate(&args.log, &model) {
            Ok(events) => eprintln!(
                "{}: resimulated: the simulation gives the log's {events} events, one by one",
                args.log.display()
            ),
            Err(difference) => {
                return Err(Error::invalid(format!(
                    "{difference}\n{}: the simulation does not give the log's events; no report",
                    args.log.display()
                )));
            }
        }
    }
    reports.create_directory()?;
    let bar = progress::bar(log.progress().1, args.quiet.quiet, "{bar:40} {percent:>3}% of {total_bytes}, eta {eta}");
    let replayed = replay::replay(&mut log, &model, |read| bar.set_position(read));
    bar.finish_and_clear();
    let failure = match replayed {
        Ok(merging) => {
            let info = replay::run_info(&scenario, &model, merging.replications());
            return reports.write(&merging.finish(info), &outputs);
        }
        Err(failure) => failure,
    };
    eprintln!("{}", failure.error);
    match failure.partial {
        Some(merging) if args.partial => {
            eprintln!(
                "{}: reporting the {} events before line {} (--partial); the last replication is incomplete",
                args.log.display(),
                failure.events,
                failure.error.line
            );
            let info = replay::run_info(&scenario, &model, merging.replications());
            let _ = reports.write(&merging.finish(info), &outputs);
        }
        _ if !args.partial => {
            eprintln!("{}: no report; --partial reports the events before the bad line", args.log.display());
        }
        _ => eprintln!("{}: no event before the bad line, so no report", args.log.display()),
    }
    Err(Error::reported(Status::Invalid))
}

/// `callsim trace`: the story of one call or agent, on stdout.
pub(super) fn trace(args: &TraceArgs) -> Result<()> {
    let (mut log, model) = open(&args.log)?;
    let subject = match (&args.call, &args.agent) {
        (Some(call), _) => Subject::Call(*call),
        (None, Some(agent)) => Subject::Agent(agent.clone()),
        (None, None) => return Err(Error::unusable("error: trace --call N or --agent ID")),
    };
    match trace::trace(&mut log, &model, args.replication, &subject) {
        Ok(story) => print(story.as_bytes(), "the trace"),
        Err(TraceError::Log(e)) => Err(Error::invalid(e.to_string())),
        Err(TraceError::NotFound(message)) => Err(Error::invalid(format!("{}: error: {message}", args.log.display()))),
    }
}
