//! The flow of calls between devices: the graph whose nodes are skill queues and IVRs and whose
//! edges are every way a call can move on (timeout, busy, no-agents and after-talk transfers, IVR
//! exits). Checked here: loops a call could bounce around forever, devices no route leads to, and
//! queues a call can reach without anything saying how long it will talk.

use std::collections::{HashMap, VecDeque};

use crate::input::diagnostic::Diagnostic;
use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{Destination, Device, Scenario};

use super::{Names, ivr_path, queue_path, traffic_path};

/// One way a call moves from a device to another.
#[derive(Debug)]
struct Edge {
    to: usize,
    /// The field that creates the edge.
    path: FieldPath,
}

/// Queues (nodes `0..queues`) and IVRs (the rest), with their transfer edges.
#[derive(Debug)]
pub(super) struct DeviceGraph {
    queues: usize,
    edges: Vec<Vec<Edge>>,
    labels: Vec<String>,
    /// For each traffic entry, the device its dialed number's route delivers to.
    pub traffic_entry: Vec<Option<usize>>,
    /// Devices some called route delivers to.
    routed: Vec<bool>,
}

impl DeviceGraph {
    pub(super) fn build(scenario: &Scenario, names: &Names<'_>) -> Self {
        let queues = scenario.skill_queues.len();
        let n = queues + scenario.ivrs.len();
        let mut edges: Vec<Vec<Edge>> = (0..n).map(|_| Vec::new()).collect();
        for (i, queue) in scenario.skill_queues.iter().enumerate() {
            let path = queue_path(i);
            let policies = [("timeout", &queue.timeout), ("busy", &queue.busy), ("no_agents", &queue.no_agents)];
            for (key, destination) in policies {
                if let Some(to) = destination.device().and_then(|d| names.node(d)) {
                    edges[i].push(Edge { to, path: path.key(key) });
                }
            }
            if let Some(to) = queue.after_talk.as_ref().and_then(|a| names.node(&a.to)) {
                edges[i].push(Edge { to, path: path.key("after_talk").key("to") });
            }
        }
        for (i, ivr) in scenario.ivrs.iter().enumerate() {
            for (j, exit) in ivr.exits.iter().enumerate() {
                if let Destination::Transfer(device) = &exit.to
                    && let Some(to) = names.node(device)
                {
                    edges[queues + i].push(Edge { to, path: ivr_path(i).key("exit").index(j).key("to") });
                }
            }
        }
        let labels = scenario
            .skill_queues
            .iter()
            .map(|q| Device::Queue(q.name.clone()).to_string())
            .chain(scenario.ivrs.iter().map(|i| Device::Ivr(i.name.clone()).to_string()))
            .collect();
        let mut routes: HashMap<String, usize> = HashMap::new();
        let mut routed = vec![false; n];
        for route in &scenario.called_routes {
            if let Some(node) = names.node(&route.device) {
                routes.entry(route.dialed_number()).or_insert(node);
                routed[node] = true;
            }
        }
        let traffic_entry = scenario.traffic.iter().map(|t| routes.get(&t.dialed).copied()).collect();
        DeviceGraph { queues, edges, labels, traffic_entry, routed }
    }

    /// Devices reachable from any of `starts`, following transfers.
    pub(super) fn reachable(&self, starts: impl IntoIterator<Item = usize>) -> Vec<bool> {
        let mut seen = vec![false; self.edges.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for s in starts {
            if !seen[s] {
                seen[s] = true;
                queue.push_back(s);
            }
        }
        while let Some(v) = queue.pop_front() {
            for edge in &self.edges[v] {
                if !seen[edge.to] {
                    seen[edge.to] = true;
                    queue.push_back(edge.to);
                }
            }
        }
        seen
    }

    /// Queue indices among `nodes`.
    pub(super) fn queues_in<'a>(&self, nodes: &'a [bool]) -> impl Iterator<Item = usize> + 'a {
        (0..self.queues).filter(move |&q| nodes[q])
    }

    /// A shortest cycle through `start` as (edges' field paths, node sequence), if one exists.
    fn cycle_through(&self, start: usize) -> Option<Vec<(usize, &FieldPath)>> {
        let mut parent: Vec<Option<(usize, &FieldPath)>> = vec![None; self.edges.len()];
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(v) = queue.pop_front() {
            for edge in &self.edges[v] {
                if edge.to == start {
                    closing = Some((v, &edge.path));
                    break 'search;
                }
                if parent[edge.to].is_none() {
                    parent[edge.to] = Some((v, &edge.path));
                    queue.push_back(edge.to);
                }
            }
        }
        let (mut v, last_path) = closing?;
        let mut steps = vec![(v, last_path)];
        while v != start {
            let (p, path) = parent[v]?;
            steps.push((p, path));
            v = p;
        }
        steps.reverse();
        Some(steps)
    }
}

pub(super) fn check(scenario: &Scenario, names: &Names<'_>, graph: &DeviceGraph, out: &mut Vec<Diagnostic>) {
    transfer_loops(graph, out);

    let from_routes = graph.reachable((0..graph.edges.len()).filter(|&v| graph.routed[v]));
    for (v, reachable) in from_routes.iter().enumerate() {
        let first = if v < graph.queues {
            names.is_first_queue(v, scenario)
        } else {
            names.is_first_ivr(v - graph.queues, scenario)
        };
        if !reachable && first {
            let (path, what) =
                if v < graph.queues { (queue_path(v), "skill queue") } else { (ivr_path(v - graph.queues), "IVR") };
            let name = &graph.labels[v];
            let name = name.split_once(':').map_or(name.as_str(), |(_, n)| n);
            out.push(Diagnostic::warning(
                path.key("name"),
                format!("{what} \"{name}\" cannot be reached: no called route leads to it, directly or by transfer"),
            ));
        }
    }

    for (i, traffic) in scenario.traffic.iter().enumerate() {
        let Some(entry) = graph.traffic_entry[i] else { continue };
        if traffic.talk_time.is_some() {
            continue;
        }
        let reachable = graph.reachable([entry]);
        let untimed: Vec<&str> = graph
            .queues_in(&reachable)
            .filter(|&q| scenario.skill_queues[q].talk_time.is_none())
            .map(|q| scenario.skill_queues[q].name.as_str())
            .collect();
        if !untimed.is_empty() {
            out.push(Diagnostic::error(
                traffic_path(i),
                format!(
                    "calls to {} can be answered at skill queue {}, but neither this traffic entry nor the queue gives a talk_time",
                    traffic.dialed,
                    untimed.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
}

/// One warning per strongly connected group of devices: a cycle found from its first device.
fn transfer_loops(graph: &DeviceGraph, out: &mut Vec<Diagnostic>) {
    let n = graph.edges.len();
    let mut covered = vec![false; n];
    for start in 0..n {
        if covered[start] {
            continue;
        }
        let Some(cycle) = graph.cycle_through(start) else {
            continue;
        };
        // Every device on a cycle through `start` and able to come back belongs to its group.
        let forward = graph.reachable([start]);
        for v in 0..n {
            if forward[v] && !covered[v] && graph.reachable([v])[start] {
                covered[v] = true;
            }
        }
        let mut route: Vec<&str> = cycle.iter().map(|&(v, _)| graph.labels[v].as_str()).collect();
        route.push(graph.labels[start].as_str());
        out.push(Diagnostic::warning(
            cycle[0].1.clone(),
            format!("transfers can bounce a call forever: {}", route.join(" -> ")),
        ));
    }
}
