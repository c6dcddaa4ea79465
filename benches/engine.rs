//! Benchmarks of the engine (criterion): throughput on the bench scenarios, the event calendar on
//! its own, reading + compiling the large center, and the cost of the event log. Run with `cargo bench`; the measured runs
//! and the comparison with other simulators are in reports/performance.md.
#![allow(clippy::expect_used)] // a bench on the committed scenarios: failing loudly is right

use std::hint::black_box;
use std::path::Path;

use callsim::input::scenario::load;
use callsim::output::eventlog::{EventLog, Header};
use callsim::output::report::Summary;
use callsim::sim::engine;
use callsim::sim::event::{Event, Projection};
use callsim::sim::model::{Model, compile};
use callsim::sim::time::SimTime;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// A bench scenario with a shorter horizon, so one iteration takes a fraction of a second.
fn scenario(name: &str, horizon_s: f64) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench").join(name);
    let mut loaded = load(&path).expect("the bench scenarios are valid");
    loaded.scenario.simulation.horizon = callsim::input::scenario::Duration::from_secs(horizon_s);
    compile(&loaded.scenario, loaded.source.directory()).expect("the bench scenarios compile")
}

/// Calls a run of `model` simulates (replication 0).
fn calls(model: &Model) -> u64 {
    let tables = engine::run(model, 0, Summary::new(model)).finish();
    tables.get("dialed_numbers", "all numbers", "calls").map_or(0, |c| c as u64)
}

/// Counts arrivals and nothing else: the engine's own cost, without the reports.
#[derive(Debug, Default)]
struct Arrivals(u64);

impl Projection for Arrivals {
    #[inline]
    fn on(&mut self, _: SimTime, event: &Event) {
        if let Event::CallArrived { .. } = event {
            self.0 += 1;
        }
    }
}

/// Each bench scenario twice: the full run (engine and the report projection, as `callsim run`
/// does minus the output) and the engine alone, so the reports' share of the time shows.
fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    for (name, horizon) in
        [("mmn-abandon-10.toml", 2.0e6), ("mmn-abandon-1000.toml", 2.0e4), ("large-center.toml", 21_600.0)]
    {
        let model = scenario(name, horizon);
        group.throughput(Throughput::Elements(calls(&model)));
        group.bench_function(format!("{name} with reports"), |b| {
            b.iter(|| engine::run(black_box(&model), 0, Summary::new(&model)).finish())
        });
        group.bench_function(format!("{name} engine only"), |b| {
            b.iter(|| engine::run(black_box(&model), 0, Arrivals::default()).0)
        });
    }
    group.finish();
}

fn parse_and_compile(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench/large-center.toml");
    c.bench_function("parse + validate + compile large-center", |b| {
        b.iter(|| {
            let loaded = load(black_box(&path)).expect("valid");
            let findings = callsim::input::validate::validate(&loaded.scenario, loaded.source.directory());
            assert!(!callsim::input::validate::has_errors(&findings));
            compile(&loaded.scenario, loaded.source.directory()).expect("compiles")
        })
    });
}

fn calendar(c: &mut Criterion) {
    // The calendar through the engine's public surface: a run whose only events are arrivals
    // and releases (no agents: every call gets the no-agents policy) measures schedule + pop.
    let mut model = scenario("mmn-abandon-1000.toml", 2.0e4);
    model.agents = Default::default();
    for group in &mut model.groups {
        group.agents = 0..0;
    }
    let mut group = c.benchmark_group("calendar");
    group.throughput(Throughput::Elements(calls(&model)));
    group.bench_function("arrival push/pop, no agents", |b| {
        b.iter_batched(|| model.clone(), |m| engine::run(&m, 0, Summary::new(&m)).finish(), BatchSize::LargeInput)
    });
    group.finish();
}

/// A run with its event log written, in each format, against the same run without: the log's
/// cost (the 10 M-call figures are in reports/event-log.md).
fn event_log(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench/mmn-abandon-10.toml");
    let loaded = load(&path).expect("the bench scenarios are valid");
    let model = scenario("mmn-abandon-10.toml", 2.0e6);
    let header = Header::new(&loaded.source, model.seed, model.horizon.secs(), None);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("event log");
    group.sample_size(10);
    group.throughput(Throughput::Elements(calls(&model)));
    group.bench_function("mmn-abandon-10.toml without a log", |b| {
        b.iter(|| engine::run(black_box(&model), 0, Summary::new(&model)).finish())
    });
    for extension in ["csv", "jsonl"] {
        let log = EventLog::new(&dir.path().join(format!("events.{extension}")), header.clone()).expect("a log name");
        group.bench_function(format!("mmn-abandon-10.toml with a {extension} log"), |b| {
            b.iter(|| {
                let segment = log.segment(0).expect("a segment");
                let (summary, segment) = engine::run(black_box(&model), 0, (Summary::new(&model), segment));
                log.finish(vec![segment.finish().expect("written")]).expect("renamed");
                summary.finish()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, throughput, parse_and_compile, calendar, event_log);
criterion_main!(benches);
