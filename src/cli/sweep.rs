//! Capacity planning: `callsim sweep`, `callsim merge` and `callsim staff`.

use std::path::Path;

use callsim::app::error::{Error, Result, Status};
use callsim::app::outputs::{Outputs, print};
use callsim::app::prepare::{self, Overrides};
use callsim::app::{staffing, sweep as sweeping};
use callsim::input::forecast;

use callsim::output::export::{self, Format, Html};

use super::args::{self, MergeArgs, StaffArgs, SweepArgs};

/// The shard to run: --shard, else a Slurm job array's task (SLURM_ARRAY_TASK_ID less
/// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), else a Kubernetes Indexed Job's
/// JOB_COMPLETION_INDEX of CALLSIM_SHARDS; `None` for the whole sweep.
fn shard(given: Option<(u32, u32)>) -> Result<Option<(u32, u32)>> {
    if given.is_some() {
        return Ok(given);
    }
    let var = |name: &str| std::env::var(name).ok();
    let number = |name: &str, text: String| {
        text.trim().parse::<u32>().map_err(|_| Error::unusable(format!("error: {name}={text} is not a whole number")))
    };
    let (index, count, from) = match (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_COUNT")) {
        (Some(id), Some(count)) => {
            let min = var("SLURM_ARRAY_TASK_MIN").map_or(Ok(0), |m| number("SLURM_ARRAY_TASK_MIN", m))?;
            // An array with a step (--array=0-8:2) numbers its tasks MIN, MIN + STEP, ...
            let step = var("SLURM_ARRAY_TASK_STEP").map_or(Ok(1), |s| number("SLURM_ARRAY_TASK_STEP", s))?.max(1);
            let id = number("SLURM_ARRAY_TASK_ID", id)?;
            let offset = id
                .checked_sub(min)
                .ok_or_else(|| Error::unusable("error: SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN"))?;
            (offset / step, number("SLURM_ARRAY_TASK_COUNT", count)?, "Slurm")
        }
        _ => match (var("JOB_COMPLETION_INDEX"), var("CALLSIM_SHARDS")) {
            (Some(index), Some(count)) => {
                (number("JOB_COMPLETION_INDEX", index)?, number("CALLSIM_SHARDS", count)?, "Kubernetes")
            }
            (Some(_), None) => {
                return Err(Error::unusable(
                    "error: JOB_COMPLETION_INDEX is set: set CALLSIM_SHARDS to the job's completions, or pass --shard I/N",
                ));
            }
            _ => return Ok(None),
        },
    };
    args::parse_shard(&format!("{index}/{count}"))
        .map(Some)
        .map_err(|e| Error::unusable(format!("error: the {from} task: {e}")))
}

/// Every flag value parsed by `parse`; the first that is not is unusable input.
fn parsed<T, E: std::fmt::Display>(
    values: &[String],
    parse: impl Fn(&str) -> std::result::Result<T, E>,
) -> Result<Vec<T>> {
    values.iter().map(|v| parse(v).map_err(|message| Error::unusable(format!("error: {message}")))).collect()
}

/// `callsim sweep`: validate every combination, run them (or one shard), print or write.
pub(super) fn sweep(args: &SweepArgs) -> Result<()> {
    let shard = shard(args.shard)?;
    if shard.is_some() && args.out.is_none() {
        return Err(Error::unusable("error: a shard writes its partial result to --out FILE"));
    }
    let mut outputs = Outputs::new(args.force.force);
    outputs.input(&args.scenario, "the scenario")?;
    for file in args.out.iter().chain(&args.html) {
        outputs.file(file)?;
    }
    let parameters = parsed(&args.set, sweeping::Parameter::parse)?;
    let overrides = args.simulation.overrides(Some(args.replications));
    let loaded = prepare::validated(&args.scenario, &Overrides::default(), &mut std::io::stderr().lock())?;
    let plan = sweeping::plan(&loaded.source, &parameters, &args.figures, &overrides).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| format!("{}: error: {p}", args.scenario.display())).collect();
        Error::invalid(lines.join("\n"))
    })?;
    let part = sweeping::run(&plan, shard.unwrap_or((0, 1)), args.threads.get());
    match (shard, &args.out) {
        (Some(_), Some(out)) => {
            let json = serde_json::to_string(&part).unwrap_or_default() + "\n";
            outputs.write(out, json.as_bytes())
        }
        _ => print_sweep(&part, args.format, args.out.as_deref(), args.html.as_deref(), &outputs),
    }
}

/// `callsim merge`: the parts of a sharded sweep → its result.
pub(super) fn merge(args: &MergeArgs) -> Result<()> {
    let mut outputs = Outputs::new(args.force.force);
    for path in &args.parts {
        outputs.input(path, "a part")?;
    }
    if let Some(html) = &args.html {
        outputs.file(html)?;
    }
    let mut parts = Vec::new();
    for path in &args.parts {
        let part = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<sweeping::Part>(&text).map_err(|e| e.to_string()))
            .map_err(|e| Error::unusable(format!("{}: error: not a sweep part: {e}", path.display())))?;
        parts.push(part);
    }
    let part = sweeping::merge(parts).map_err(|message| Error::invalid(format!("error: {message}")))?;
    print_sweep(&part, args.format, None, args.html.as_deref(), &outputs)
}

fn print_sweep(
    part: &sweeping::Part,
    format: Format,
    out: Option<&Path>,
    html: Option<&Path>,
    outputs: &Outputs,
) -> Result<()> {
    let sweep = sweeping::Sweep::of(part).map_err(|message| Error::invalid(format!("error: {message}")))?;
    if let Some(html) = html {
        outputs.write(html, export::contents(&Html, &sweep).as_bytes())?;
    }
    let text = export::contents(format.exporter(), &sweep);
    match out {
        Some(out) => outputs.write(out, text.as_bytes()),
        None => print(text.as_bytes(), "the sweep"),
    }
}

/// `callsim staff`: targets → the fewest agents per group (and interval) that meet them.
pub(super) fn staff(args: &StaffArgs) -> Result<()> {
    let targets = parsed(&args.targets, staffing::Goal::parse)?;
    let exporter =
        staffing::Plan::exporter(args.format).ok_or_else(|| Error::unusable("error: staff prints text or json"))?;
    let refused = if args.max_agents < 1 {
        Some("--max-agents must be at least 1")
    } else if args.horizon.secs() <= 0.0 {
        Some("--horizon must be longer than 0")
    } else {
        None
    };
    if let Some(message) = refused {
        return Err(Error::unusable(format!("error: {message}")));
    }
    let loaded = prepare::validated(&args.scenario, &Overrides::default(), &mut std::io::stderr().lock())?;
    let forecast =
        match &args.forecast {
            Some(path) => Some(forecast::read(path).map_err(|errors| {
                Error::invalid(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
            })?),
            None => None,
        };
    let settings = staffing::Settings {
        targets,
        replications: args.replications.replications.unwrap_or(loaded.scenario.simulation.replications).max(2),
        horizon: args.horizon,
        warmup: args.warmup,
        max_agents: args.max_agents,
        threads: args.threads.get(),
    };
    let requirements = staffing::staff(&loaded.scenario, loaded.source.directory(), forecast.as_ref(), &settings)
        .map_err(|message| Error::invalid(format!("{}: error: {message}", args.scenario.display())))?;
    let plan = staffing::Plan { targets: settings.targets, requirements };
    print(export::contents(exporter, &plan).as_bytes(), "the requirements")?;
    // A target that cannot be met is an answer, said plainly, but not a success.
    if plan.requirements.iter().any(|r| r.unmet.is_some()) { Err(Error::reported(Status::Invalid)) } else { Ok(()) }
}
