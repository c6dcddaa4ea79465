//! Running a logged simulation again: the scenario, seed and horizon of the log's header, and the
//! controls its events record (a live session's what-ifs and changes of pace) applied at their
//! simulated times. The engine is deterministic and a control is applied after everything due at
//! its instant, as the live session applied it, so the events must be the log's, one by one;
//! the first that is not is reported at its line.

use crate::input::diagnostic::LineError;
use crate::output::eventlog::LogReader;
use crate::sim::engine::{Arrivals, Control, MAX_ARRIVAL_FACTOR, Simulation};
use crate::sim::event::{Event, Projection};
use crate::sim::model::Model;
use crate::sim::time::SimTime;

/// Each replication's controls, in order, from a first pass over the log; a control naming a
/// traffic entry or group the model lacks, or an arrival factor out of range, is refused at its
/// line (an edited log must not crash or stall the engine).
fn controls(log: &mut LogReader, model: &Model) -> Result<Vec<Vec<(SimTime, Control)>>, LineError> {
    let mut by_replication: Vec<Vec<(SimTime, Control)>> = Vec::new();
    while let Some(entry) = log.next_entry()? {
        let r = entry.replication as usize;
        if by_replication.len() <= r {
            by_replication.resize_with(r + 1, Vec::new);
        }
        let Some(control) = Control::from_event(&entry.event) else { continue };
        let problem = match control {
            Control::ScaleArrivals { traffic, .. } if traffic.index() >= model.traffic.len() => Some((
                "traffic",
                format!("{traffic} is out of range: the scenario has {} traffic entries", model.traffic.len()),
            )),
            Control::ScaleArrivals { factor, .. } if factor > MAX_ARRIVAL_FACTOR => {
                Some(("factor", format!("{factor} is more than {MAX_ARRIVAL_FACTOR}")))
            }
            Control::SignOut { group, .. } | Control::SignIn { group, .. } if group.index() >= model.groups.len() => {
                Some((
                    "group",
                    format!("{group} is out of range: the scenario has {} agent groups", model.groups.len()),
                ))
            }
            _ => None,
        };
        if let Some((field, message)) = problem {
            return Err(log.error(Some(field), message));
        }
        by_replication[r].push((entry.time, control));
    }
    Ok(by_replication)
}

/// Compares each event the simulation makes with the log's next one.
struct Compare<'l> {
    log: &'l mut LogReader,
    replication: u32,
    compared: u64,
    difference: Option<LineError>,
}

impl Projection for Compare<'_> {
    fn on(&mut self, t: SimTime, event: &Event) {
        if self.difference.is_some() {
            return;
        }
        let made = format!("{} at {} µs", event_text(event), t.0);
        self.difference = match self.log.next_entry() {
            Ok(Some(entry)) if entry.replication == self.replication && entry.time == t && entry.event == *event => {
                self.compared += 1;
                None
            }
            Ok(Some(entry)) => Some(self.log.error(
                None,
                format!(
                    "the simulation made {made} (replication {}), the log has {} at {} µs (replication {})",
                    self.replication,
                    event_text(&entry.event),
                    entry.time.0,
                    entry.replication
                ),
            )),
            Ok(None) => Some(self.log.error(None, format!("the log ends, the simulation made {made}"))),
            Err(error) => Some(error),
        };
    }
}

fn event_text(event: &Event) -> String {
    serde_json::to_string(event).unwrap_or_else(|_| event.name().to_owned())
}

/// Runs every replication of the log at `path` again against its events; returns how many events
/// agreed, or the first line where they did not.
pub fn resimulate(path: &std::path::Path, model: &Model) -> Result<u64, LineError> {
    let mut log = LogReader::open(path)?;
    if log.header().records.is_some() {
        return Err(log.error(
            None,
            "the log's arrivals came from call records; --resimulate runs the traffic's arrival process only",
        ));
    }
    let controls = controls(&mut log, model)?;
    let mut log = LogReader::open(path)?;
    let mut compared = 0;
    for (replication, controls) in controls.iter().enumerate() {
        let compare = Compare { log: &mut log, replication: replication as u32, compared: 0, difference: None };
        let mut sim = Simulation::new(model, replication as u32, Arrivals::Poisson, compare);
        for &(time, control) in controls {
            sim.advance(time, usize::MAX);
            sim.apply(control);
        }
        let compare = sim.finish();
        if let Some(difference) = compare.difference {
            return Err(difference);
        }
        compared += compare.compared;
    }
    match log.next_entry()? {
        None => Ok(compared),
        Some(entry) => Err(log.error(
            None,
            format!(
                "the simulation has ended, the log goes on with {} at {} µs (replication {})",
                event_text(&entry.event),
                entry.time.0,
                entry.replication
            ),
        )),
    }
}
