//! `--set PATH=VALUES`: one swept parameter, and how it is written into a scenario.
//!
//! A path names a key of the scenario by the name of the entry that holds it:
//! `queue.NAME.KEY`, `agents.NAME.KEY`, `ivr.NAME.KEY`, `traffic.DIALED.KEY` and
//! `simulation.KEY`; KEY may go deeper into an inline table (`queue.A.talk_time.mean`). The one
//! path that is not a key is `traffic.scale`, a factor on every arrival rate. Values are TOML
//! values (`20`, `0.5`, `true`), anything else being a string (`30s`, `queue:B`), given as a
//! comma-separated list or as a numeric range `FROM..TO` (step 1) or `FROM..TO:STEP`.
//!
//! Parameters are written into the scenario's TOML tree, which is then read and validated like
//! any scenario: a misspelled key or an out-of-range value gets the usual message.

use toml::{Table, Value};

use super::SweepError;

/// The most values one parameter may take.
const MAX_VALUES: usize = 10_000;

/// One `--set`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// As written, e.g. `queue.sales.max_wait`.
    pub path: String,
    pub values: Vec<Value>,
}

impl Parameter {
    /// Parses `PATH=VALUES`.
    pub fn parse(arg: &str) -> Result<Self, SweepError> {
        let (path, values) = arg
            .split_once('=')
            .ok_or_else(|| format!("--set {arg}: write PATH=VALUES, e.g. queue.sales.max_wait=30s,60s"))?;
        let path = path.trim().to_owned();
        let values = values.trim();
        let values = match values.split_once("..") {
            Some((from, to)) => range(from, to).map_err(|e| format!("--set {arg}: {e}"))?,
            None => values.split(',').map(|v| value(v.trim())).collect(),
        };
        if values.is_empty() || values.iter().any(|v| matches!(v, Value::String(s) if s.is_empty())) {
            return Err(SweepError::from(format!("--set {arg}: a value is empty")));
        }
        Ok(Parameter { path, values })
    }

    /// True for `traffic.scale`, a factor on the arrival rates rather than a key.
    pub fn is_traffic_scale(&self) -> bool {
        self.path == "traffic.scale"
    }
}

/// A value as a report shows it: strings without quotes.
pub(super) fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A TOML value, or the text as a string.
fn value(text: &str) -> Value {
    toml::from_str::<Table>(&format!("v = {text}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(text.to_owned()))
}

/// `FROM..TO[:STEP]`: integers when all three are, numbers otherwise.
fn range(from: &str, to: &str) -> Result<Vec<Value>, SweepError> {
    let (to, step) = to.split_once(':').map_or((to, None), |(t, s)| (t, Some(s)));
    let number = |text: &str| text.trim().parse::<f64>().map_err(|_| format!("\"{}\" is not a number", text.trim()));
    let (a, b) = (number(from)?, number(to)?);
    let s = step.map_or(Ok(1.0), number)?;
    if !(s > 0.0 && b >= a && a.is_finite() && b.is_finite()) {
        return Err(SweepError::from("a range goes up from FROM to TO by a STEP greater than 0".to_owned()));
    }
    let count = ((b - a) / s + 1e-9).floor() as usize + 1;
    if count > MAX_VALUES {
        return Err(SweepError::from(format!("the range has {count} values; at most {MAX_VALUES}")));
    }
    let integers = [from, to, step.unwrap_or("1")].iter().all(|t| t.trim().parse::<i64>().is_ok());
    Ok((0..count)
        .map(|i| {
            let x = a + i as f64 * s;
            if integers { Value::Integer(x.round() as i64) } else { Value::Float((x * 1e9).round() / 1e9) }
        })
        .collect())
}

/// Writes `value` at `path` in the scenario tree `root`.
pub(super) fn apply(root: &mut Table, path: &str, value: &Value) -> Result<(), SweepError> {
    let steps: Vec<&str> = path.split('.').collect();
    let (table, rest): (&mut Table, &[&str]) = match steps.as_slice() {
        ["simulation", rest @ ..] if !rest.is_empty() => {
            let entry = root.entry("simulation").or_insert_with(|| Value::Table(Table::new()));
            let table = entry.as_table_mut().ok_or("[simulation] is not a table")?;
            (table, rest)
        }
        [kind, name, rest @ ..] if !rest.is_empty() => {
            let (array, field, what) = match *kind {
                "queue" => ("skill_queue", "name", "skill queue"),
                "agents" => ("agent_group", "name", "agent group"),
                "ivr" => ("ivr", "name", "IVR"),
                "traffic" => ("traffic", "dialed", "traffic entry to dialed number"),
                _ => return Err(unknown(path).into()),
            };
            let entries = root.get_mut(array).and_then(Value::as_array_mut);
            let Some(entries) = entries else {
                return Err(SweepError::from(format!("--set {path}: the scenario has no [[{array}]]")));
            };
            let names: Vec<String> =
                entries.iter().filter_map(|e| e.get(field).and_then(Value::as_str)).map(str::to_owned).collect();
            let entry = entries.iter_mut().find(|e| e.get(field).and_then(Value::as_str) == Some(name));
            let Some(table) = entry.and_then(Value::as_table_mut) else {
                return Err(SweepError::from(format!(
                    "--set {path}: no {what} \"{name}\" (the scenario has: {})",
                    names.join(", ")
                )));
            };
            (table, rest)
        }
        _ => return Err(unknown(path).into()),
    };
    let (last, inner) = rest.split_last().ok_or_else(|| unknown(path))?;
    let mut table = table;
    for key in inner {
        let entry = table.entry(key.to_string()).or_insert_with(|| Value::Table(Table::new()));
        table = entry.as_table_mut().ok_or_else(|| format!("--set {path}: {key} is not a table"))?;
    }
    table.insert(last.to_string(), value.clone());
    Ok(())
}

fn unknown(path: &str) -> String {
    format!(
        "--set {path}: unknown path; write queue.NAME.KEY, agents.NAME.KEY, ivr.NAME.KEY, traffic.DIALED.KEY, simulation.KEY or traffic.scale"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_lists_or_ranges_of_toml_values() {
        let p = Parameter::parse("queue.sales.max_wait=30s,60s").unwrap();
        assert_eq!(p.values, [Value::String("30s".into()), Value::String("60s".into())]);
        let p = Parameter::parse("agents.team.count=20..23").unwrap();
        assert_eq!(p.values, (20..=23).map(Value::Integer).collect::<Vec<_>>());
        let p = Parameter::parse("traffic.scale=0.8..1.2:0.1").unwrap();
        let shown: Vec<String> = p.values.iter().map(shown).collect();
        assert_eq!(shown, ["0.8", "0.9", "1.0", "1.1", "1.2"]);
        assert!(Parameter::parse("queue.a.max_wait").unwrap_err().to_string().contains("PATH=VALUES"));
        assert!(Parameter::parse("x=5..1").unwrap_err().to_string().contains("goes up"));
        assert!(Parameter::parse("x=1,,2").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn paths_name_entries_by_name() {
        let mut root: Table = toml::from_str("[[skill_queue]]\nname = \"A\"\n[[skill_queue]]\nname = \"B\"\n").unwrap();
        apply(&mut root, "queue.B.max_wait", &Value::String("30s".into())).unwrap();
        apply(&mut root, "queue.B.talk_time.mean", &Value::String("3m".into())).unwrap();
        apply(&mut root, "simulation.seed", &Value::Integer(3)).unwrap();
        assert_eq!(root["skill_queue"][1]["max_wait"].as_str(), Some("30s"));
        assert_eq!(root["skill_queue"][1]["talk_time"]["mean"].as_str(), Some("3m"));
        assert_eq!(root["simulation"]["seed"].as_integer(), Some(3));
        let missing = apply(&mut root, "queue.C.max_wait", &Value::Integer(1)).unwrap_err();
        assert_eq!(missing.to_string(), "--set queue.C.max_wait: no skill queue \"C\" (the scenario has: A, B)");
        assert!(apply(&mut root, "route.x.y", &Value::Integer(1)).unwrap_err().to_string().contains("unknown path"));
    }
}
