//! `callsim sweep` and `callsim merge`: combinations on common random numbers, shards in
//! separate processes merged into the one-process result, and bad parameters refused before
//! anything runs.

use assert_cmd::Command;
use serde_json::Value;

use super::support::callsim;

const SWEEP: &[&str] = &[
    "sweep",
    "scenarios/hotline.toml",
    "--set",
    "queue.A.max_wait=30s,120s",
    "--set",
    "agents.team-a.count=10..12",
    "--replications",
    "4",
    "--horizon",
    "2h",
    "--format",
    "json",
];

fn run(args: &[&str]) -> (i32, String, String) {
    let output = callsim(args);
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The rows of queue `queue`, in combination order.
fn rows<'a>(json: &'a Value, queue: &str) -> Vec<&'a Value> {
    json["rows"].as_array().unwrap().iter().filter(|r| r["queue"] == queue).collect()
}

#[test]
fn a_parameter_that_cannot_reach_a_queue_leaves_its_figures_identical() {
    let (code, stdout, stderr) = run(SWEEP);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["format"], "callsim-sweep");
    let (a, b) = (rows(&json, "A"), rows(&json, "B"));
    assert_eq!((a.len(), b.len()), (6, 6), "2 × 3 combinations");
    assert_eq!(a[0]["parameters"], serde_json::json!({"queue.A.max_wait": "30s", "agents.team-a.count": "10"}));
    // Queue B has its own agents and callers, and releases on every policy: nothing of A's
    // configuration reaches it, and on common random numbers its figures do not move at all.
    for row in &b[1..] {
        assert_eq!(row["figures"], b[0]["figures"]);
    }
    // Queue A's do: more agents answer more calls within 20 s, at either max_wait.
    for by_wait in a.chunks(3) {
        let sl: Vec<f64> = by_wait.iter().map(|r| r["figures"]["service_level"]["mean"].as_f64().unwrap()).collect();
        assert!(sl[0] < sl[1] && sl[1] < sl[2], "{sl:?}");
    }
    // The same seed gives the same sweep; --html adds its page: one chart per figure.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sweep.html");
    let (_, again, _) = run(&[SWEEP, &["--html", page.to_str().unwrap()]].concat());
    assert_eq!(again, stdout);
    let page = std::fs::read_to_string(page).unwrap();
    assert_eq!(page.matches("<svg").count(), 3, "service_level, abandon_rate, asa_s");
    assert!(page.contains("queue.A.max_wait") && !page.contains("<script"));
}

#[test]
fn three_shards_in_separate_processes_merge_into_the_one_process_result() {
    let (code, whole, stderr) = run(SWEEP);
    assert_eq!(code, 0, "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<String> =
        (0..3).map(|i| dir.path().join(format!("part-{i}.json")).to_str().unwrap().to_owned()).collect();
    for (i, part) in parts.iter().enumerate() {
        let shard = format!("{i}/3");
        let args = [SWEEP, &["--shard", &shard, "--out", part]].concat();
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.is_empty(), "a shard writes its part to --out");
    }
    // Parts in any order.
    let (code, merged, stderr) = run(&["merge", &parts[2], &parts[0], &parts[1], "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(merged, whole, "byte-identical");

    let (code, _, stderr) = run(&["merge", &parts[0], &parts[1]]);
    assert_eq!((code, stderr.as_str()), (1, "error: shard 2/3 is missing\n"));
    let (code, _, stderr) = run(&["merge", &parts[0], &parts[0], &parts[1]]);
    assert_eq!((code, stderr.as_str()), (1, "error: shard 0/3 is given twice\n"));
}

#[test]
fn a_slurm_array_task_runs_its_shard() {
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("part.json");
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([SWEEP, &["--out", part.to_str().unwrap()]].concat())
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let part: Value = serde_json::from_str(&std::fs::read_to_string(&part).unwrap()).unwrap();
    assert_eq!(part["shard"], serde_json::json!([1, 3]), "task 2 of an array 1-3 is shard 1/3");
    // Items k = combination × 4 + replication with k mod 3 = 1: 8 of the 24.
    assert_eq!(part["items"].as_array().unwrap().len(), 8);
    assert_eq!(
        (part["items"][0]["combination"].clone(), part["items"][0]["replication"].clone()),
        (0.into(), 1.into())
    );
}

#[test]
fn traffic_scale_multiplies_the_arrivals() {
    let (code, stdout, stderr) = run(&[
        "sweep",
        "scenarios/hotline.toml",
        "--set",
        "traffic.scale=1,2",
        "--figures",
        "offered",
        "--replications",
        "4",
        "--horizon",
        "4h",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let offered: Vec<f64> = stdout
        .lines()
        .filter(|l| l.contains(",all queues,"))
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    // 290 calls/h counted after the 30 min warm-up of a 4 h run: about 1015 offered, and 2030 at
    // scale 2. The counts are Poisson: a replication's has sd ≈ 32 (≈ 45 at scale 2), the mean
    // of 4 half that, so ±10 % is more than 6 sd away and the ratio's ±0.2 more than 5 sd.
    assert_eq!(offered.len(), 2, "{stdout}");
    assert!((914.0..1117.0).contains(&offered[0]), "{offered:?}");
    assert!((1.8..2.2).contains(&(offered[1] / offered[0])), "{offered:?}");
}

#[test]
fn bad_parameters_are_refused_before_anything_runs() {
    let cases: [(&[&str], i32, &str); 5] = [
        (
            &["--set", "queue.C.max_wait=30s"],
            1,
            "scenarios/hotline.toml: error: queue.C.max_wait=30s: --set queue.C.max_wait: no skill queue \"C\" (the scenario has: A, B)\n",
        ),
        (
            &["--set", "queue.A.max_wait=30s,0s"],
            1,
            "scenarios/hotline.toml: error: queue.A.max_wait=0s: max_wait must be between 1 s and 60000 s (got 0s)\n",
        ),
        (&["--set", "queue.A.max_wiat=30s"], 1, "did you mean `max_wait`?"),
        (&["--set", "route.x.y=1"], 1, "unknown path"),
        (
            &["--set", "agents.team-a.count=30..20"],
            2,
            "error: --set agents.team-a.count=30..20: a range goes up from FROM to TO by a STEP greater than 0\n",
        ),
    ];
    for (set, expected_code, expected) in cases {
        let args = [&["sweep", "scenarios/hotline.toml", "--horizon", "1h"], set].concat();
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, expected_code, "{set:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.ends_with(expected) || stderr.contains(expected), "{set:?}: {stderr}");
    }
    let (code, _, stderr) =
        run(&["sweep", "scenarios/hotline.toml", "--set", "queue.A.max_wait=30s", "--shard", "3/3"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("write I/N with 0 ≤ I < N"), "{stderr}");
}

#[test]
fn what_every_combination_shares_is_not_swept_and_edited_scenarios_are_not_merged() {
    let (code, _, stderr) = run(&["sweep", "scenarios/hotline.toml", "--set", "simulation.replications=1,3"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--set simulation.replications: every combination runs with the same replications; give it with --replications"),
        "{stderr}"
    );
    // Shard 0 of the hotline, shard 1 of an edited copy at the same path: refused, saying why.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("hotline.toml");
    let original = std::fs::read_to_string("scenarios/hotline.toml").unwrap();
    let shard = |i: &str, text: &str| {
        std::fs::write(&scenario, text).unwrap();
        let part = dir.path().join(format!("part-{}.json", i.replace('/', "-")));
        let args = [
            "sweep",
            scenario.to_str().unwrap(),
            "--set",
            "queue.A.max_wait=30s,60s",
            "--replications",
            "2",
            "--horizon",
            "1h",
            "--shard",
            i,
            "--out",
            part.to_str().unwrap(),
        ];
        assert_eq!(run(&args).0, 0);
        part.to_str().unwrap().to_owned()
    };
    let first = shard("0/2", &original);
    let second = shard("1/2", &original.replace("count = 12", "count = 3"));
    let (code, _, stderr) = run(&["merge", &first, &second]);
    assert_eq!(
        (code, stderr.as_str()),
        (1, "error: shard 1/2 belongs to another sweep than shard 0/2: the scenario's text differ\n")
    );
}
