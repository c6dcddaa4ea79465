//! Who answers: queues no agent serves, queues served only by quality checkers (who take no
//! customer calls), a no-answer time no serving agent can reach (all auto-answer), and daily
//! shifts that leave a queue unstaffed while its traffic arrives.
//!
//! Shift coverage is checked minute by minute over one day (shifts are written to the minute, and
//! profile steps are whole minutes); with a horizon under a day, only the simulated part counts.

use crate::input::diagnostic::Diagnostic;
use crate::input::scenario::{AgentGroup, Role, Scenario, Traffic};

use super::flow::DeviceGraph;
use super::{Names, queue_path};

const MINUTES_PER_DAY: usize = 1_440;

pub(super) fn check(scenario: &Scenario, names: &Names<'_>, graph: &DeviceGraph, out: &mut Vec<Diagnostic>) {
    let mut groups_of: Vec<Vec<&AgentGroup>> = vec![Vec::new(); scenario.skill_queues.len()];
    for group in &scenario.agent_groups {
        for skill in &group.skills {
            if let Some(&q) = names.queues.get(skill.queue.as_str()) {
                groups_of[q].push(group);
            }
        }
    }
    let simulated_minutes = ((scenario.simulation.horizon.secs() / 60.0).ceil() as usize).min(MINUTES_PER_DAY);

    for (q, queue) in scenario.skill_queues.iter().enumerate() {
        if !names.is_first_queue(q, scenario) {
            continue;
        }
        let path = queue_path(q).key("name");
        let staffed: Vec<&AgentGroup> = groups_of[q].iter().copied().filter(|g| g.agent_count() > 0).collect();
        let answering: Vec<&AgentGroup> = staffed.iter().copied().filter(|g| g.role != Role::QualityChecker).collect();
        let unserved = if staffed.is_empty() {
            Some(format!("no agent serves skill queue \"{}\"", queue.name))
        } else if answering.is_empty() {
            Some(format!(
                "skill queue \"{}\" is served only by quality checkers, who take no customer calls",
                queue.name
            ))
        } else {
            None
        };
        if let Some(why) = unserved {
            let policy = format!("every call will get its no-agents policy ({})", queue.no_agents);
            out.push(Diagnostic::warning(path, format!("{why}: {policy}")));
            continue;
        }
        if queue.no_answer.secs() > 0.0 && answering.iter().all(|g| g.ring_time.is_none()) {
            out.push(Diagnostic::warning(
                queue_path(q).key("no_answer"),
                format!(
                    "no_answer has no effect: no agent serving skill queue \"{}\" has a ring_time, so calls are answered at once",
                    queue.name
                ),
            ));
        }

        let mut arriving = [false; MINUTES_PER_DAY];
        for (i, traffic) in scenario.traffic.iter().enumerate() {
            let Some(entry) = graph.traffic_entry[i] else { continue };
            if graph.reachable([entry])[q] {
                mark_arrivals(traffic, &mut arriving);
            }
        }
        let mut on_duty = [false; MINUTES_PER_DAY];
        for group in &answering {
            mark_on_duty(group, &mut on_duty);
        }
        let gaps = gaps(&arriving[..simulated_minutes], &on_duty[..simulated_minutes]);
        if !gaps.is_empty() {
            out.push(Diagnostic::warning(
                path,
                format!(
                    "no agent of skill queue \"{}\" is on shift {} while its traffic arrives: those calls get the no-agents policy ({})",
                    queue.name,
                    gaps.join(", "),
                    queue.no_agents
                ),
            ));
        }
    }
}

/// Minutes of the day in which `traffic` has a positive arrival rate.
fn mark_arrivals(traffic: &Traffic, arriving: &mut [bool; MINUTES_PER_DAY]) {
    match (&traffic.rate, &traffic.profile) {
        (Some(rate), _) if rate.per_sec() > 0.0 => arriving.fill(true),
        (None, Some(profile)) => {
            let step = (profile.interval.secs() / 60.0) as usize;
            if step == 0 {
                return; // reported by the field checks
            }
            for (i, rate) in profile.rates.iter().enumerate() {
                if rate.per_sec() > 0.0 {
                    for minute in arriving.iter_mut().skip(i * step).take(step) {
                        *minute = true;
                    }
                }
            }
        }
        _ => {}
    }
}

/// Minutes of the day in which `group` is signed in; no shifts means all day.
fn mark_on_duty(group: &AgentGroup, staffed: &mut [bool; MINUTES_PER_DAY]) {
    if group.shifts.is_empty() {
        staffed.fill(true);
    }
    for shift in &group.shifts {
        let start = (shift.start.secs() / 60) as usize;
        let mut minute = start % MINUTES_PER_DAY;
        let length = shift.minutes() as usize;
        for _ in 0..length {
            staffed[minute] = true;
            minute = (minute + 1) % MINUTES_PER_DAY;
        }
    }
}

/// The runs of minutes with arrivals but nobody on duty, as `"HH:MM–HH:MM"`.
fn gaps(arriving: &[bool], staffed: &[bool]) -> Vec<String> {
    let mut runs = Vec::new();
    let mut start = None;
    for minute in 0..=arriving.len() {
        let gap = minute < arriving.len() && arriving[minute] && !staffed[minute];
        match (gap, start) {
            (true, None) => start = Some(minute),
            (false, Some(s)) => {
                runs.push(format!("{}–{}", clock(s), clock(minute)));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn clock(minute: usize) -> String {
    crate::input::scenario::clock(minute as u64 * 60)
}
