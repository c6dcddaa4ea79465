//! The `callsim` binary: parse the command line, call the library, print, exit with a status
//! that says how it went.

mod cli;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use callsim::app::{replay, run};
use callsim::input::diagnostic::{self, Severity};
use callsim::input::scenario::{self, Loaded};
use callsim::input::{platform, validate};
use callsim::output::eventlog;
use callsim::output::export::{self, Exporter};
use callsim::sim::{engine, model};

use cli::{Cli, Command};

/// Exit status for a scenario with errors.
const EXIT_INVALID: u8 = 1;
/// Exit status for input that cannot be used at all (unreadable, not TOML), or output that
/// cannot be written.
const EXIT_UNUSABLE: u8 = 2;
/// Exit status of a live session aborted by a second Ctrl-C (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { scenario, traffic } if is_json(&scenario) => {
            validate_platform_command(&scenario, traffic.as_deref())
        }
        Command::Validate { traffic: Some(_), .. } => {
            eprintln!("error: --traffic goes with a .json configuration; a scenario file carries its own traffic");
            ExitCode::from(EXIT_UNUSABLE)
        }
        Command::Validate { scenario, traffic: None } => match checked(&scenario, |_| {}) {
            Ok(_) => ExitCode::SUCCESS,
            Err(status) => status,
        },
        Command::Import(args) => import_command(&args),
        Command::Sweep(args) => sweep_command(&args),
        Command::Merge(args) => merge_command(&args),
        Command::Staff(args) => staff_command(&args),
        Command::Export(args) => export_command(&args),
        Command::Run(args) => run_command(&args),
        Command::Erlang(args) => erlang_command(&args),
        Command::Replay(args) => replay_command(&args),
        Command::Trace(args) => trace_command(&args),
        Command::Serve(args) => serve_command(&args),
    }
}

/// Loads `path`, applies command-line `overrides`, validates, and prints the findings and a
/// verdict on stderr. Returns the scenario when it has no error.
fn checked(path: &Path, overrides: impl FnOnce(&mut scenario::Scenario)) -> Result<Loaded, ExitCode> {
    match validated(path, overrides)? {
        (loaded, 0) => Ok(loaded),
        _ => Err(ExitCode::from(EXIT_INVALID)),
    }
}

/// [`checked`], returning the scenario and its number of errors even when it has some.
fn validated(path: &Path, overrides: impl FnOnce(&mut scenario::Scenario)) -> Result<(Loaded, usize), ExitCode> {
    let mut stderr = std::io::stderr().lock();
    let mut loaded = match scenario::load(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = stderr.write_all(diagnostic::render_load_error(&error).as_bytes());
            if !error.is_unusable_input() {
                let _ =
                    writeln!(stderr, "{}: not a scenario yet; fix this error to run the other checks", path.display());
            }
            let status = if error.is_unusable_input() { EXIT_UNUSABLE } else { EXIT_INVALID };
            return Err(ExitCode::from(status));
        }
    };
    overrides(&mut loaded.scenario);
    let findings = validate::validate(&loaded.scenario, loaded.source.directory());
    let _ = stderr.write_all(diagnostic::render(&loaded.source, &findings).as_bytes());
    let errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    let verdict = if errors == 0 { "valid".to_owned() } else { format!("{} found", plural(errors, "error")) };
    let _ = writeln!(stderr, "{}: {verdict}, {}", path.display(), plural(warnings, "warning"));
    Ok((loaded, errors))
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads a platform document and, if given, a traffic file; on failure says why on stderr and
/// gives the exit status.
fn read_platform(config: &Path, traffic: Option<&Path>) -> Result<(platform::ReadDocument, Option<Loaded>), ExitCode> {
    let read = platform::read(config).map_err(|e| {
        eprintln!("{e}");
        let status = if e.is_unusable_input() { EXIT_UNUSABLE } else { EXIT_INVALID };
        ExitCode::from(status)
    })?;
    let traffic = match traffic {
        Some(path) => match scenario::load(path) {
            Ok(loaded) => Some(loaded),
            Err(e) => {
                eprint!("{}", diagnostic::render_load_error(&e));
                let status = if e.is_unusable_input() { EXIT_UNUSABLE } else { EXIT_INVALID };
                return Err(ExitCode::from(status));
            }
        },
        None => None,
    };
    Ok((read, traffic))
}

/// `callsim validate tenant.json`: import, validate, every finding at its JSON path.
fn validate_platform_command(config: &Path, traffic: Option<&Path>) -> ExitCode {
    let (read, traffic) = match read_platform(config, traffic) {
        Ok(read) => read,
        Err(status) => return status,
    };
    let checked = platform::check(&read, traffic.as_ref());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(checked.import_report.as_bytes());
    let _ = stderr.write_all(checked.report.as_bytes());
    if checked.text.is_none() && checked.report.is_empty() {
        let _ = writeln!(stderr, "{}: not importable yet; fix these errors to run the other checks", config.display());
    }
    let verdict =
        if checked.errors == 0 { "valid".to_owned() } else { format!("{} found", plural(checked.errors, "error")) };
    let _ = writeln!(stderr, "{}: {verdict}, {}", config.display(), plural(checked.warnings, "warning"));
    if checked.errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) }
}

/// `callsim import`: the platform's configuration → a scenario file (or stdout).
fn import_command(args: &cli::ImportArgs) -> ExitCode {
    if let Some(output) = &args.output
        && let Err(message) = check_writable(output)
    {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let (read, traffic) = match read_platform(&args.config, args.traffic.as_deref()) {
        Ok(read) => read,
        Err(status) => return status,
    };
    let checked = platform::check(&read, traffic.as_ref());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(checked.import_report.as_bytes());
    let Some(text) = checked.text else {
        let _ = stderr.write_all(checked.report.as_bytes());
        let _ = writeln!(stderr, "{}: {}; nothing written", args.config.display(), plural(checked.errors, "error"));
        return ExitCode::from(EXIT_INVALID);
    };
    let written = match &args.output {
        Some(output) => write_atomically(output, text.as_bytes()).map(|()| output.display().to_string()),
        None => write_stdout(text.as_bytes()).map(|()| "the scenario".to_owned()),
    };
    match written {
        Ok(what) => {
            let _ = writeln!(
                stderr,
                "{}: imported into {what}; {} and {} in all, the import's above (`callsim validate {}` lists them all)",
                args.config.display(),
                plural(checked.errors, "error"),
                plural(checked.warnings, "warning"),
                args.config.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the scenario: {e}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// `callsim export`: a scenario's configuration → the platform's JSON.
fn export_command(args: &cli::ExportArgs) -> ExitCode {
    if let Some(output) = &args.output
        && let Err(message) = check_writable(output)
    {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let (loaded, errors) = match validated(&args.scenario, |_| {}) {
        Ok(validated) => validated,
        Err(status) => return status,
    };
    if errors > 0 && !args.allow_invalid {
        eprintln!(
            "{}: not exported: the platform would refuse a configuration with errors (--allow-invalid exports it anyway)",
            args.scenario.display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    let document = match platform::export(&loaded.scenario) {
        Ok(document) => document,
        Err(problems) => {
            eprint!("{}", diagnostic::render(&loaded.source, &problems));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let mut json = match serde_json::to_string_pretty(&document) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("error: cannot write the configuration: {e}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    json.push('\n');
    let written = match &args.output {
        Some(output) => write_atomically(output, json.as_bytes()),
        None => write_stdout(json.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the configuration: {e}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// The shard to run: --shard, else a Slurm job array's task (SLURM_ARRAY_TASK_ID less
/// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), else a Kubernetes Indexed Job's
/// JOB_COMPLETION_INDEX of CALLSIM_SHARDS; `None` for the whole sweep.
fn shard(args: &cli::SweepArgs) -> Result<Option<(u32, u32)>, String> {
    if args.shard.is_some() {
        return Ok(args.shard);
    }
    let var = |name: &str| std::env::var(name).ok();
    let number = |name: &str, text: String| {
        text.trim().parse::<u32>().map_err(|_| format!("{name}={text} is not a whole number"))
    };
    let (index, count, from) = match (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_COUNT")) {
        (Some(id), Some(count)) => {
            let min = var("SLURM_ARRAY_TASK_MIN").map_or(Ok(0), |m| number("SLURM_ARRAY_TASK_MIN", m))?;
            // An array with a step (--array=0-8:2) numbers its tasks MIN, MIN + STEP, ...
            let step = var("SLURM_ARRAY_TASK_STEP").map_or(Ok(1), |s| number("SLURM_ARRAY_TASK_STEP", s))?.max(1);
            let id = number("SLURM_ARRAY_TASK_ID", id)?;
            let offset = id.checked_sub(min).ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
            (offset / step, number("SLURM_ARRAY_TASK_COUNT", count)?, "Slurm")
        }
        _ => match (var("JOB_COMPLETION_INDEX"), var("CALLSIM_SHARDS")) {
            (Some(index), Some(count)) => {
                (number("JOB_COMPLETION_INDEX", index)?, number("CALLSIM_SHARDS", count)?, "Kubernetes")
            }
            (Some(_), None) => {
                return Err(
                    "JOB_COMPLETION_INDEX is set: set CALLSIM_SHARDS to the job's completions, or pass --shard I/N"
                        .into(),
                );
            }
            _ => return Ok(None),
        },
    };
    cli::parse_shard(&format!("{index}/{count}")).map(Some).map_err(|e| format!("the {from} task: {e}"))
}

/// `callsim sweep`: validate every combination, run them (or one shard), print or write.
fn sweep_command(args: &cli::SweepArgs) -> ExitCode {
    let shard = match shard(args) {
        Ok(shard) => shard,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    if shard.is_some() && args.out.is_none() {
        eprintln!("error: a shard writes its partial result to --out FILE");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    if let Err(message) = args.out.iter().chain(&args.html).try_for_each(|f| check_writable(f)) {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let parameters: Result<Vec<_>, _> = args.set.iter().map(|s| callsim::app::sweep::Parameter::parse(s)).collect();
    let parameters = match parameters {
        Ok(parameters) => parameters,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let loaded = match checked(&args.scenario, |_| {}) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let overrides =
        callsim::app::sweep::Overrides { seed: args.seed, replications: args.replications, horizon: args.horizon };
    let plan = match callsim::app::sweep::plan(&loaded.source, &parameters, &args.figures, overrides) {
        Ok(plan) => plan,
        Err(problems) => {
            problems.iter().for_each(|p| eprintln!("{}: error: {p}", args.scenario.display()));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let threads = threads(args.threads);
    let part = callsim::app::sweep::run(&plan, shard.unwrap_or((0, 1)), threads);
    if shard.is_some() {
        let json = serde_json::to_string(&part).unwrap_or_default() + "\n";
        return match args.out.as_deref().map(|out| write_atomically(out, json.as_bytes())) {
            Some(Ok(())) => ExitCode::SUCCESS,
            Some(Err(e)) => {
                eprintln!("error: cannot write the partial result: {e}");
                ExitCode::from(EXIT_UNUSABLE)
            }
            None => ExitCode::from(EXIT_UNUSABLE),
        };
    }
    print_sweep(&part, args.format, args.out.as_deref(), args.html.as_deref())
}

/// `callsim staff`: targets → the fewest agents per group (and interval) that meet them.
fn staff_command(args: &cli::StaffArgs) -> ExitCode {
    let targets: Result<Vec<_>, _> = args.targets.iter().map(|t| callsim::app::staffing::Target::parse(t)).collect();
    let targets = match targets {
        Ok(targets) => targets,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let refused = if args.format == cli::SweepFormat::Csv {
        Some("staff prints text or json")
    } else if args.max_agents < 1 {
        Some("--max-agents must be at least 1")
    } else if args.horizon.secs() <= 0.0 {
        Some("--horizon must be longer than 0")
    } else {
        None
    };
    if let Some(message) = refused {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let loaded = match checked(&args.scenario, |_| {}) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let forecast = match &args.forecast {
        Some(path) => match callsim::input::forecast::read(path) {
            Ok(forecast) => Some(forecast),
            Err(errors) => {
                errors.iter().for_each(|e| eprintln!("{e}"));
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => None,
    };
    let settings = callsim::app::staffing::Settings {
        targets,
        replications: args.replications.unwrap_or(loaded.scenario.simulation.replications).max(2),
        horizon: args.horizon,
        warmup: args.warmup,
        max_agents: args.max_agents,
        threads: threads(args.threads),
    };
    let requirements =
        callsim::app::staffing::staff(&loaded.scenario, loaded.source.directory(), forecast.as_ref(), &settings);
    let requirements = match requirements {
        Ok(requirements) => requirements,
        Err(message) => {
            eprintln!("{}: error: {message}", args.scenario.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let text = match args.format {
        cli::SweepFormat::Json => callsim::app::staffing::json(&requirements, &settings.targets),
        _ => callsim::app::staffing::text(&requirements, &settings.targets),
    };
    if let Err(e) = write_stdout(text.as_bytes()) {
        eprintln!("error: cannot write the requirements: {e}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    // A target that cannot be met is an answer, said plainly, but not a success.
    if requirements.iter().any(|r| r.unmet.is_some()) { ExitCode::from(EXIT_INVALID) } else { ExitCode::SUCCESS }
}

/// `callsim merge`: the parts of a sharded sweep → its result.
fn merge_command(args: &cli::MergeArgs) -> ExitCode {
    let mut parts = Vec::new();
    for path in &args.parts {
        let part = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<callsim::app::sweep::Part>(&text).map_err(|e| e.to_string()));
        match part {
            Ok(part) => parts.push(part),
            Err(e) => {
                eprintln!("{}: error: not a sweep part: {e}", path.display());
                return ExitCode::from(EXIT_UNUSABLE);
            }
        }
    }
    match callsim::app::sweep::merge(parts) {
        Ok(part) => print_sweep(&part, args.format, None, args.html.as_deref()),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn print_sweep(
    part: &callsim::app::sweep::Part,
    format: cli::SweepFormat,
    out: Option<&Path>,
    html: Option<&Path>,
) -> ExitCode {
    let sweep = match callsim::app::sweep::Sweep::of(part) {
        Ok(sweep) => sweep,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if let Some(html) = html
        && let Err(e) = write_atomically(html, callsim::app::sweep::page(&sweep).as_bytes())
    {
        eprintln!("error: cannot write {}: {e}", html.display());
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let text = match format {
        cli::SweepFormat::Text => callsim::app::sweep::text(&sweep),
        cli::SweepFormat::Csv => callsim::app::sweep::csv(&sweep),
        cli::SweepFormat::Json => callsim::app::sweep::json(&sweep),
    };
    let written = match out {
        Some(out) => write_atomically(out, text.as_bytes()),
        None => write_stdout(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the sweep: {e}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// `--threads`, or every core.
fn threads(given: Option<usize>) -> usize {
    given.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Writes `bytes` on stdout; a closed pipe is not an error.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A file can be written when its directory exists and it is not a directory itself.
fn check_writable(file: &Path) -> Result<(), String> {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    if !parent.is_dir() {
        return Err(format!("cannot write {}: {} is not a directory", file.display(), parent.display()));
    }
    if file.is_dir() {
        return Err(format!("cannot write {}: it is a directory", file.display()));
    }
    Ok(())
}

/// `callsim run`: validate, compile, run the replications, print (and write) the reports.
fn run_command(args: &cli::RunArgs) -> ExitCode {
    // Bad output options fail before any work is done.
    if let Err(message) = check_outputs(&args.report, args.events.as_deref()) {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let precision = match args.precision {
        Some(half_width) => match precision(half_width, args) {
            Ok(precision) => Some(precision),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(EXIT_UNUSABLE);
            }
        },
        None => None,
    };
    let overrides = |s: &mut scenario::Scenario| {
        if let Some(seed) = args.seed {
            s.simulation.seed = seed;
        }
        if let Some(replications) = args.replications {
            s.simulation.replications = replications;
        }
        if let Some(horizon) = args.horizon {
            s.simulation.horizon = horizon;
        }
        if let Some(records) = &args.records {
            // Relative to where callsim runs, not to the scenario: make it absolute.
            let records = std::path::absolute(records).unwrap_or_else(|_| records.clone());
            s.simulation.records = Some(records.display().to_string());
        }
    };
    let path = args.scenario.as_path();
    let loaded = match checked(path, overrides) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let model = match model::compile(&loaded.scenario, loaded.source.directory()) {
        Ok(model) => model,
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if let Err(status) = create_out_dir(&args.report) {
        return status;
    }
    let log = match event_log(args.events.as_deref(), &loaded, &model) {
        Ok(log) => log,
        Err(status) => return status,
    };
    let arrivals = match &loaded.scenario.simulation.records {
        Some(file) => {
            let dialed: Vec<&str> = model.traffic.iter().map(|t| t.dialed.as_str()).collect();
            let expect = callsim::input::records::Expect { dialed: &dialed, horizon: model.horizon, sort: args.sort };
            match callsim::input::records::read(&loaded.source.directory().join(file), expect) {
                Ok(calls) => engine::Arrivals::Scripted(calls.into()),
                Err(errors) => {
                    errors.iter().for_each(|e| eprintln!("{e}"));
                    return ExitCode::from(EXIT_INVALID);
                }
            }
        }
        None => engine::Arrivals::Poisson,
    };
    let threads = threads(args.threads);
    let merged = with_progress_bar(&model, args.quiet, |progress| {
        run::merged(&model, &arrivals, threads, progress, precision.as_ref(), log.as_ref())
    });
    let merged = match merged {
        Ok(Some(merged)) => merged,
        Ok(None) => {
            eprintln!("{}: error: no replication ran", path.display());
            return ExitCode::from(EXIT_INVALID);
        }
        Err(e) => return cannot_write_log(log.as_ref(), &e),
    };
    if let Some(log) = &log
        && let Err(e) = log.finish(merged.segments)
    {
        return cannot_write_log(Some(log), &e);
    }
    let info = replay::run_info(&path.display().to_string(), &model, merged.merging.replications());
    write_reports(&merged.merging.finish(info), &args.report)
}

/// `callsim serve`: a live session, until the simulation is over (`--exit-at-end`) or Ctrl-C.
fn serve_command(args: &cli::ServeArgs) -> ExitCode {
    use callsim::app::live;
    if let Err(message) = check_outputs(&args.report, args.events.as_deref()) {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let overrides = |s: &mut scenario::Scenario| {
        if let Some(seed) = args.seed {
            s.simulation.seed = seed;
        }
        if let Some(horizon) = args.horizon {
            s.simulation.horizon = horizon;
        }
    };
    let path = args.scenario.as_path();
    let loaded = match checked(path, overrides) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    if loaded.scenario.simulation.records.is_some() {
        eprintln!(
            "{}: error: simulation.records: a live session runs the traffic's arrival process, not call records",
            path.display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    let model = match model::compile(&loaded.scenario, loaded.source.directory()) {
        Ok(model) => std::sync::Arc::new(model),
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    // Listen before creating anything, so that a port in use leaves nothing behind.
    let listener = match std::net::TcpListener::bind(&args.listen) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.listen);
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let new_out_dir = args.report.out.clone().filter(|dir| !dir.exists());
    if let Err(status) = create_out_dir(&args.report) {
        return status;
    }
    let log = match event_log(args.events.as_deref(), &loaded, &model) {
        Ok(log) => log,
        Err(status) => return status,
    };
    let scenario = path.display().to_string();
    let options = live::Options {
        scenario: scenario.clone(),
        pace: args.speed,
        paused: args.paused,
        publish_every: std::time::Duration::from_millis(100),
    };
    let at_end = if args.exit_at_end { live::AtEnd::Exit } else { live::AtEnd::KeepServing };
    let report = args.report.clone();
    let reported = std::sync::Arc::clone(&model);
    let created = new_out_dir.clone();
    let on_end = move |ended: std::io::Result<live::Ended>, log: Option<eventlog::EventLog>| {
        let ended = match ended {
            Ok(ended) => ended,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                // An output directory this run created is left only if something is in it.
                if let Some(dir) = &created {
                    let _ = std::fs::remove_dir(dir);
                }
                return Err(ExitCode::from(EXIT_INTERRUPTED));
            }
            Err(e) => return Err(cannot_write_log(log.as_ref(), &e)),
        };
        if let Some(log) = &log
            && let Err(e) = log.finish(ended.segment.into_iter().collect())
        {
            return Err(cannot_write_log(Some(log), &e));
        }
        let info = replay::run_info(&scenario, &reported, 1);
        match write_reports(&callsim::output::report::Merging::new(ended.tables).finish(info), &report) {
            ExitCode::SUCCESS => Ok(ExitCode::SUCCESS),
            failed => Err(failed),
        }
    };
    match live::serve(model, listener, options, log, at_end, on_end) {
        Ok(status) => status,
        Err(e) => {
            match &args.events {
                Some(target) => eprintln!("error: cannot start the live session (event log {}): {e}", target.display()),
                None => eprintln!("error: cannot start the live session: {e}"),
            }
            if let Some(dir) = &new_out_dir {
                let _ = std::fs::remove_dir(dir);
            }
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// The `--events` log of a run of `loaded` (its header carries the scenario's text, seed, horizon
/// and call records), or `None` without `--events`.
fn event_log(
    target: Option<&Path>,
    loaded: &Loaded,
    model: &model::Model,
) -> Result<Option<eventlog::EventLog>, ExitCode> {
    let Some(target) = target else { return Ok(None) };
    let records = loaded.scenario.simulation.records.clone();
    let header = eventlog::Header::new(&loaded.source, model.seed, model.horizon.secs(), records);
    eventlog::EventLog::new(target, header).map(Some).map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_UNUSABLE)
    })
}

fn cannot_write_log(log: Option<&eventlog::EventLog>, e: &std::io::Error) -> ExitCode {
    let target = log.map_or_else(String::new, |log| format!(" {}", log.target().display()));
    eprintln!("error: cannot write the event log{target}: {e}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// `callsim replay`: read an event log and print (and write) the reports of its events.
fn replay_command(args: &cli::ReplayArgs) -> ExitCode {
    if let Err(message) = check_outputs(&args.report, None) {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let (mut log, model) = match open_log(&args.log) {
        Ok(opened) => opened,
        Err(status) => return status,
    };
    let scenario = log.header().scenario.clone();
    if args.resimulate {
        match callsim::app::resimulate::resimulate(&args.log, &model) {
            Ok(events) => eprintln!(
                "{}: resimulated: the simulation gives the log's {events} events, one by one",
                args.log.display()
            ),
            Err(difference) => {
                eprintln!("{difference}");
                eprintln!("{}: the simulation does not give the log's events; no report", args.log.display());
                return ExitCode::from(EXIT_INVALID);
            }
        }
    }
    if let Err(status) = create_out_dir(&args.report) {
        return status;
    }
    let bar = progress_bar(log.progress().1, args.quiet, "{bar:40} {percent:>3}% of {total_bytes}, eta {eta}");
    let replayed = replay::replay(&mut log, &model, |read| bar.set_position(read));
    bar.finish_and_clear();
    match replayed {
        Ok(merging) => {
            let info = replay::run_info(&scenario, &model, merging.replications());
            write_reports(&merging.finish(info), &args.report)
        }
        Err(failure) => {
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
                    let _ = write_reports(&merging.finish(info), &args.report);
                }
                _ if !args.partial => {
                    eprintln!("{}: no report; --partial reports the events before the bad line", args.log.display());
                }
                _ => eprintln!("{}: no event before the bad line, so no report", args.log.display()),
            }
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Opens an event log and rebuilds the model its header describes; on failure, says why on
/// stderr and gives the exit status.
fn open_log(path: &Path) -> Result<(eventlog::LogReader, model::Model), ExitCode> {
    let log = eventlog::LogReader::open(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(EXIT_UNUSABLE)
    })?;
    let model = log.header().model().map_err(|message| {
        eprintln!("{}:1: error: {message}", path.display());
        ExitCode::from(EXIT_UNUSABLE)
    })?;
    Ok((log, model))
}

/// `callsim trace`: the story of one call or agent, on stdout.
fn trace_command(args: &cli::TraceArgs) -> ExitCode {
    use callsim::app::trace::{self, Subject, TraceError};
    let (mut log, model) = match open_log(&args.log) {
        Ok(opened) => opened,
        Err(status) => return status,
    };
    let subject = match (&args.call, &args.agent) {
        (Some(call), _) => Subject::Call(*call),
        (None, Some(agent)) => Subject::Agent(agent.clone()),
        (None, None) => unreachable!("clap requires --call or --agent"),
    };
    match trace::trace(&mut log, &model, args.replication, &subject) {
        Ok(story) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(story.as_bytes()).and_then(|()| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(TraceError::Log(e)) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INVALID)
        }
        Err(TraceError::NotFound(message)) => {
            eprintln!("{}: error: {message}", args.log.display());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Creates the `--out` directory (once the input is known to be good).
fn create_out_dir(args: &cli::ReportArgs) -> Result<(), ExitCode> {
    if let Some(dir) = &args.out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create the output directory {}: {e}", dir.display());
        return Err(ExitCode::from(EXIT_UNUSABLE));
    }
    Ok(())
}

/// Writes the report's files (`--out`, `--html`) and prints it on stdout in `--format`.
fn write_reports(report: &callsim::output::report::Report, args: &cli::ReportArgs) -> ExitCode {
    let mut files: Vec<(std::path::PathBuf, String)> = Vec::new();
    if let Some(dir) = &args.out {
        files.extend(export::all_documents(report).into_iter().map(|d| (dir.join(d.name), d.contents)));
    }
    if let Some(page) = &args.html {
        files.extend(export::Html.documents(report).into_iter().map(|d| (page.clone(), d.contents)));
    }
    for (target, contents) in &files {
        if let Err(e) = write_atomically(target, contents.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", target.display());
            return ExitCode::from(EXIT_UNUSABLE);
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(args.format.stdout(report).as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// Checks the output options before any work: an existing `--out` directory needs `--force`, and
/// the `--html` page and the `--events` log need an existing directory to be written in. The
/// `--out` directory is created once the input is known to be good, so a failed validation
/// leaves nothing behind.
fn check_outputs(args: &cli::ReportArgs, events: Option<&Path>) -> Result<(), String> {
    if let Some(dir) = &args.out
        && dir.exists()
        && !args.force
    {
        return Err(format!(
            "the output directory {} already exists; pass --force to replace its reports",
            dir.display()
        ));
    }
    if let Some(log) = events {
        eventlog::Format::of(log)?;
    }
    args.html.iter().map(|p| p.as_path()).chain(events).try_for_each(check_writable)
}

/// The `--precision` stopping rule, its figures checked against the skill queue columns.
fn precision(half_width: f64, args: &cli::RunArgs) -> Result<run::Precision, String> {
    if !(half_width.is_finite() && half_width > 0.0) {
        return Err(format!("--precision must be a number greater than 0, not {half_width}"));
    }
    let columns = &callsim::output::report::columns::SKILL_QUEUES.columns;
    for figure in &args.precision_of {
        if !columns.iter().any(|c| c.key == figure) {
            let keys: Vec<&str> = columns.iter().map(|c| c.key).collect();
            return Err(format!("--precision-of: {figure} is not a skill queue figure; one of: {}", keys.join(", ")));
        }
    }
    Ok(run::Precision { half_width, figures: args.precision_of.clone(), max: args.max_replications })
}

/// `callsim erlang`: the closed forms for one queue, one figure per line.
fn erlang_command(args: &cli::ErlangArgs) -> ExitCode {
    use callsim::sim::analytic;
    let (n, aht, t) = (args.agents, args.aht.secs(), args.threshold.secs());
    let lambda = args.rate.per_sec();
    if n == 0 || aht <= 0.0 || args.patience.is_some_and(|p| p.secs() <= 0.0) {
        eprintln!("error: --agents, --aht and --patience must be greater than 0");
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let a = lambda * aht;
    let mut out = format!("offered load           {a:.4} Erlangs ({:.2} % per agent)\n", 100.0 * a / f64::from(n));
    out += &format!("Erlang B  blocking     {:.6}\n", analytic::erlang_b(n, a));
    if a < f64::from(n) {
        out += &format!("Erlang C  P(wait)      {:.6}\n", analytic::erlang_c(n, a));
        out += &format!("Erlang C  ASA          {:.3} s\n", analytic::erlang_c_mean_wait(n, a, aht));
        out += &format!("Erlang C  SL({t} s)     {:.6}\n", analytic::erlang_c_service_level(n, a, aht, t));
    } else {
        out += "Erlang C  no steady state: the load is at or above the number of agents\n";
    }
    if let Some(patience) = args.patience {
        let erlang_a = analytic::erlang_a(n, lambda, aht, patience.secs());
        out += &format!("Erlang A  P(wait)      {:.6}\n", erlang_a.p_wait);
        out += &format!("Erlang A  P(abandon)   {:.6}\n", erlang_a.p_abandon);
        out += &format!(
            "Erlang A  mean wait    {:.3} s (all calls), {:.3} s (answered)\n",
            erlang_a.mean_wait, erlang_a.mean_wait_answered
        );
        let answered_within = analytic::erlang_a_service_level(n, lambda, aht, patience.secs(), t);
        out += &format!("Erlang A  SL({t} s)     {answered_within:.6} (answered within {t} s / offered)\n");
    }
    if let Some(k) = args.queue {
        let mmnk = analytic::mmnk(n, k, a, aht);
        out += &format!("M/M/n/K   blocking     {:.6} (K = {k})\n", mmnk.blocking);
        out += &format!("M/M/n/K   mean wait    {:.3} s (admitted calls)\n", mmnk.mean_wait);
        out += &format!("M/M/n/K   SL({t} s)     {:.6}\n", analytic::mmnk_service_level(n, k, a, aht, t));
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// A progress bar on stderr to `total`, drawn only when stderr is a terminal and not `quiet`
/// (indicatif draws nothing otherwise, so piped output stays clean).
fn progress_bar(total: u64, quiet: bool, template: &str) -> indicatif::ProgressBar {
    let target = if quiet { indicatif::ProgressDrawTarget::hidden() } else { indicatif::ProgressDrawTarget::stderr() };
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Runs `work` while a progress bar on stderr follows the simulated time, when stderr is a
/// terminal and not `quiet`.
fn with_progress_bar<T: Send>(model: &model::Model, quiet: bool, work: impl FnOnce(&run::Progress) -> T + Send) -> T {
    let progress = run::Progress::default();
    let total = model.horizon.secs() * f64::from(model.replications);
    let template = "{bar:40} {percent:>3}% of {len} simulated seconds, {msg}, eta {eta}";
    let bar = progress_bar(total.ceil() as u64, quiet, template);
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| work(&progress));
        while !worker.is_finished() {
            let (done, planned) = progress.replications();
            let planned = planned.max(model.replications);
            bar.set_length((model.horizon.secs() * f64::from(planned)).ceil() as u64);
            bar.set_position(progress.simulated_secs() as u64);
            bar.set_message(format!("{done}/{planned} replications"));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    bar.finish_and_clear();
    match result {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Writes `bytes` to a temporary file beside `target`, then renames it over `target`, so an
/// existing report is never half-overwritten.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644)); // a report, not a secret
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
