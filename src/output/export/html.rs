//! The HTML report: one self-contained page, `report.html`, for a planner to open in a browser.
//! It shows what was run, the wait-time distribution of every skill queue, service level,
//! abandonment and calls waiting over the day, agents by state over the day, occupancy per agent
//! group, and the skill queue and agent group tables.
//!
//! **Self-contained** means the page makes no request of its own: the CSS is inline, the charts
//! are inline SVG, there is no script, no web font and no image file, so it reads the same from a
//! mail attachment or an offline share as from disk. The markup is also well-formed XML (every
//! element closed, every attribute quoted, `<`, `&` and quotes escaped), so a strict XML parser
//! reads it; the tests check it that way. Queue, group and scenario names come from the user's
//! files and are always escaped.
//!
//! **Charts** are drawn by the `plotters` crate with only its SVG backend
//! (`default-features = false`, features `svg_backend` and `line_series`). Without its
//! `ttf` and `ab_glyph` features plotters sizes text with a fixed em-width rule and writes every
//! label as an escaped SVG `<text>` element that the browser sets in its own sans-serif font, so
//! there is no font file to find or ship and no system library (fontconfig, freetype) to link.
//! `poloto` was the other candidate: its SVG is clean and styled by CSS, but it draws only its own
//! plot kinds (lines, scatter, histogram, filled lines), with no way to add confidence whiskers,
//! bands or stacked steps, and its API broke in each of nineteen major versions. Plotters, the
//! ecosystem's common plotting crate, lays out the axes, grid, ticks and legends, and takes any
//! element (paths, polygons, rectangles, text) in data coordinates, so the whiskers, bands and
//! stacked steps below are a few elements each. Two things are ours: the legend of the line
//! charts is drawn beside the plotting area (plotters keeps its legend inside, over the data), and
//! the x axes take their ticks from [`ticks`] (round clock times, round waits).
//!
//! Every figure is a mean over replications; with two or more, whiskers and shaded bands show
//! its 95 % confidence interval. An undefined figure (NaN, e.g. a service level in an interval
//! without requests) is shown as no value: a gap in a line, a "–" in a table.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{
    Area, Drawn, FONT, FONT_SIZE, GRID, INK, Key, PALETTE, Ticked, XyChart, axis_labels, legend_beside, legend_width,
    line, mesh, nice_ceiling, nothing_to_draw, svg, text_style, y_range,
};
use super::page::{self, Header, cell, escape, figure, open_section};
use super::{Document, Exporter};
use crate::input::scenario::{Duration, Ratios};
use crate::output::figure::{self as shown, Form};
use crate::output::report::columns::{PERCENTILES, WITHIN_SECS};
use crate::output::report::{MergedRow, MergedTable, Report, Unit};
use crate::sim::stats::Estimate;

/// A self-contained HTML page with inline SVG charts.
#[derive(Debug, Clone, Copy)]
pub struct Html;

impl Exporter<Report> for Html {
    fn documents(&self, report: &Report) -> Vec<Document> {
        vec![Document { name: "report.html".into(), contents: page(report) }]
    }
}

/// The row that sums the queues in `skill_queues` and `queue_intervals`.
const ALL_QUEUES: &str = "all queues";
/// The row that sums the agent groups in `agent_groups` and `group_intervals`.
const ALL_AGENTS: &str = "all agents";

/// The skill queue table's columns on the page (the rest are under "all columns").
const QUEUE_COLUMNS: [&str; 14] = [
    "offered",
    "answered",
    "abandoned",
    "timed_out",
    "busy",
    "no_agents",
    "service_level",
    "abandon_rate",
    "asa_s",
    "mean_wait_s",
    "p90_wait_s",
    "max_wait_s",
    "mean_waiting",
    "occupancy",
];

/// Agent states, bottom to top of the stack, with their colours.
const STATES: [(&str, &str, RGBColor); 6] = [
    ("talking", "talking", RGBColor(0x4e, 0x79, 0xa7)),
    ("wrap_up", "wrap-up", RGBColor(0x76, 0xb7, 0xb2)),
    ("ringing", "ringing", RGBColor(0xed, 0xc9, 0x48)),
    ("idle", "idle", RGBColor(0x8c, 0xd1, 0x7d)),
    ("busy", "busy", RGBColor(0xe1, 0x57, 0x59)),
    ("rest", "rest", RGBColor(0xba, 0xb0, 0xac)),
];

/// The whole page.
fn page(report: &Report) -> String {
    let with_ci = report.info.replications > 1;
    let mut out = header(report);
    waits_section(&mut out, report);
    service_section(&mut out, report);
    load_section(&mut out, report);
    occupancy_section(&mut out, report);
    tables_section(&mut out, report, with_ci);
    page::end(&mut out, "the same figures are in report.json and the CSV files.");
    out
}

/// The page's head and header: what was run, and how to read its figures.
fn header(report: &Report) -> String {
    let info = &report.info;
    let pooled = info.ratios == Ratios::Pooled;
    let mut note = if pooled {
        format!(
            "Ratios are pooled: each is Σ numerator / Σ denominator over the {} replications, a count their mean; \
             with two or more, whiskers, bands and ± show the 95 % confidence interval (delta method for ratios).",
            info.replications
        )
    } else if info.replications > 1 {
        format!(
            "Every figure is the mean over the {} replications; whiskers, shaded bands and the ± figures in the \
             tables show its 95 % confidence interval.",
            info.replications
        )
    } else {
        "One replication: figures have no confidence interval (run two or more to get one).".to_owned()
    };
    if info.warmup_s > 0.0 {
        note.push_str(" Calls arriving in the warm-up are simulated but not counted.");
    }
    let mut terms = vec![
        ("scenario", escape(&info.scenario)),
        ("replications", info.replications.to_string()),
        ("seed", info.seed.to_string()),
        ("horizon", Duration::from_secs(info.horizon_s).to_string()),
        ("warm-up", Duration::from_secs(info.warmup_s).to_string()),
        ("report interval", Duration::from_secs(info.interval_s).to_string()),
    ];
    if pooled {
        terms.push(("ratios", "pooled".to_owned()));
    }
    page::start(&Header {
        title: &format!("callsim report: {}", info.scenario),
        terms: terms.into_iter().map(|(term, value)| (term.to_owned(), value)).collect(),
        note: &note,
        nav: &[
            ("waits", "Waits"),
            ("service", "Service level"),
            ("load", "Load"),
            ("occupancy", "Occupancy"),
            ("tables", "Tables"),
        ],
    })
}

fn missing(out: &mut String, what: &str) {
    let _ = writeln!(out, "<p class=\"note\">This report has no {what}.</p>");
}

// ---- Section 2: the wait-time distribution of each queue -------------------------------------

fn waits_section(out: &mut String, report: &Report) {
    open_section(
        out,
        "waits",
        "Wait-time distribution per skill queue",
        "For each queue, the share of requests (answered, abandoned or timed out) whose wait was at most t \
         seconds. The orange curve joins the wait percentiles p50 to p99 of all requests, with the \
         confidence interval of each percentile as a horizontal whisker. The blue curve is the share \
         answered within 5, 10, 15, 20, 30 and 60 s: the gap between the two is the callers who hung up \
         or timed out by then.",
    );
    let Some(table) = report.table("skill_queues") else {
        missing(out, "skill queue table");
        out.push_str("</section>\n");
        return;
    };
    let column = |key: &str| table.kind.columns.iter().position(|c| c.key == key);
    let percentile_columns: Vec<Option<usize>> =
        PERCENTILES.iter().map(|p| column(&format!("p{p:.0}_wait_s"))).collect();
    let within_columns: Vec<Option<usize>> =
        WITHIN_SECS.iter().map(|s| column(&format!("answered_within_{s}s"))).collect();
    let requests = column("requests");
    // One wait axis for every queue, so that the charts compare at a glance.
    // It holds the longest percentile and as much of its confidence interval as it can without
    // squeezing the rest (with few replications an interval can be many times the wait).
    let percentiles = || table.rows.iter().flat_map(|row| percentile_columns.iter().map(|c| value(row, *c)));
    let longest =
        percentiles().map(|e| finite_or_zero(e.mean)).fold(WITHIN_SECS[WITHIN_SECS.len() - 1] as f64, f64::max);
    let widest = percentiles().map(upper).fold(0.0, f64::max).min(longest * 1.5);
    let (x_max, x_ticks) = axis(longest.max(widest), &WAIT_STEPS, 8);
    out.push_str("<div class=\"charts\">\n");
    for row in &table.rows {
        let name = row.name();
        let percentiles: Vec<(f64, Estimate)> =
            PERCENTILES.iter().zip(&percentile_columns).map(|(p, c)| (p / 100.0, value(row, *c))).collect();
        let requests = value(row, requests).mean;
        let within: Vec<(f64, f64)> = WITHIN_SECS
            .iter()
            .zip(&within_columns)
            .map(|(s, c)| (*s as f64, if requests > 0.0 { value(row, *c).mean / requests } else { f64::NAN }))
            .collect();
        let svg = svg(&format!("Wait-time distribution of {name}"), (520, 300), |root| {
            wait_chart(root, (x_max, &x_ticks), &percentiles, &within)
        });
        let requests = Form::of(Unit::Calls, report.info.replications > 1).value(requests);
        let caption = format!("{} <span>— {requests} requests</span>", escape(&name));
        figure(out, &caption, &svg, false);
    }
    out.push_str("</div>\n</section>\n");
}

/// The distribution of waits at one queue: wait percentiles and the "answered within" counters.
fn wait_chart(
    root: &Area<'_>,
    (x_max, x_ticks): (f64, &[f64]),
    percentiles: &[(f64, Estimate)],
    within: &[(f64, f64)],
) -> Drawn {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(38)
        .y_label_area_size(52)
        .build_cartesian_2d(Ticked::new(0.0..x_max, x_ticks.to_vec()), 0.0..1.0)?;
    mesh(&mut chart, "wait t, s", "share of requests", &axis_labels(x_max, false), &axis_labels(1.0, true))?;
    if percentiles.iter().all(|(_, e)| !e.mean.is_finite()) && within.iter().all(|(_, y)| !y.is_finite()) {
        return nothing_to_draw(&mut chart, "no requests", (x_max / 2.0, 0.5));
    }
    let orange = PALETTE[1];
    let blue = PALETTE[0];
    // Wait percentiles: the point (p-th percentile, p %), its CI along the wait axis.
    let points: Vec<(f64, f64)> =
        percentiles.iter().filter(|(_, e)| e.mean.is_finite()).map(|(p, e)| (e.mean.min(x_max), *p)).collect();
    legend_entry(&mut chart, "wait ≤ t (percentiles)", orange)?;
    chart.draw_series(LineSeries::new(points.iter().copied(), orange.stroke_width(2)))?;
    let whiskers: Vec<(f64, f64, f64)> = percentiles
        .iter()
        .filter(|(_, e)| e.mean.is_finite() && e.ci95.is_finite())
        .map(|(p, e)| (*p, (e.mean - e.ci95).max(0.0), (e.mean + e.ci95).min(x_max)))
        .collect();
    let style = orange.stroke_width(1);
    chart.draw_series(whiskers.iter().map(|&(p, lo, hi)| PathElement::new(vec![(lo, p), (hi, p)], style)))?;
    chart.draw_series(
        whiskers.iter().flat_map(|&(p, lo, hi)| [(lo, p), (hi, p)]).map(|at| EmptyElement::at(at) + cap(style)),
    )?;
    chart.draw_series(points.iter().map(|&xy| Circle::new(xy, 3, orange.filled())))?;
    // Answered within t / requests.
    let within: Vec<(f64, f64)> = within.iter().copied().filter(|(_, y)| y.is_finite()).collect();
    legend_entry(&mut chart, "answered within t", blue)?;
    chart.draw_series(LineSeries::new(within.iter().copied(), blue.stroke_width(2)))?;
    chart.draw_series(within.iter().map(|&xy| Circle::new(xy, 3, blue.filled())))?;
    legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    Ok(())
}

// ---- Section 3: service level and abandonment over the day -----------------------------------

fn service_section(out: &mut String, report: &Report) {
    open_section(
        out,
        "service",
        "Service level and abandonment over the day",
        "Per report interval, by the interval in which calls were offered. The service level is the share \
         of requests answered within the queue's threshold; the abandon rate is the share of requests \
         whose caller hung up. The black line is all queues pooled, with its confidence band; a gap is an \
         interval without requests.",
    );
    match report.table("queue_intervals").and_then(|t| Day::new(t, report.info.interval_s)) {
        Some(day) => {
            out.push_str("<div class=\"charts\">\n");
            let sl = day_lines(&day, "service_level", ALL_QUEUES, "service level", Unit::Ratio, Some(1.0));
            figure(out, "Service level", &sl, false);
            let ab = day_lines(&day, "abandon_rate", ALL_QUEUES, "abandon rate", Unit::Ratio, None);
            figure(out, "Abandon rate", &ab, false);
            out.push_str("</div>\n");
        }
        None => missing(out, "interval table of skill queues"),
    }
    out.push_str("</section>\n");
}

// ---- Section 4: calls waiting and agents by state over the day -------------------------------

fn load_section(out: &mut String, report: &Report) {
    open_section(
        out,
        "load",
        "Calls waiting and agents by state over the day",
        "Time averages per report interval: the mean number of calls waiting in each queue, and the mean \
         number of agents in each state, stacked, over all agent groups. The black line is the number of \
         agents signed in.",
    );
    out.push_str("<div class=\"charts\">\n");
    match report.table("queue_intervals").and_then(|t| Day::new(t, report.info.interval_s)) {
        Some(day) => {
            let svg = day_lines(&day, "mean_waiting", ALL_QUEUES, "calls waiting", Unit::Average, None);
            figure(out, "Calls waiting", &svg, false);
        }
        None => missing(out, "interval table of skill queues"),
    }
    match report.table("group_intervals").and_then(|t| Day::new(t, report.info.interval_s)) {
        Some(day) => {
            let svg = svg("Agents by state over the day", (620, 340), |root| states_chart(root, &day));
            figure(out, "Agents by state <span>— all agents</span>", &svg, false);
        }
        None => missing(out, "interval table of agent groups"),
    }
    out.push_str("</div>\n</section>\n");
}

/// A per-interval table (labels: interval start, then a queue or group name) read as series
/// over the day. The x axis is in hours from 00:00 of the first interval's day; past midnight it
/// goes on above 24 and reads as clock time again.
struct Day<'t> {
    table: &'t MergedTable,
    /// Each interval's start, h, in table order.
    starts: Vec<f64>,
    /// The row of each (interval, name).
    rows: HashMap<(&'t str, &'t str), &'t MergedRow>,
    /// The interval labels, in table order.
    labels: Vec<&'t str>,
    /// The names (queues or groups), in table order.
    names: Vec<&'t str>,
    /// The length of an interval, h.
    width: f64,
}

impl<'t> Day<'t> {
    /// `None` if the table has no rows or not two labels.
    fn new(table: &'t MergedTable, interval_s: f64) -> Option<Self> {
        let mut labels: Vec<&str> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let mut rows = HashMap::new();
        for row in &table.rows {
            let [start, name] = row.labels.as_slice() else { return None };
            if !labels.contains(&start.as_str()) {
                labels.push(start);
            }
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
            rows.insert((start.as_str(), name.as_str()), row);
        }
        if labels.is_empty() {
            return None;
        }
        let width = if interval_s > 0.0 { interval_s / 3600.0 } else { 1.0 };
        // Rows are intervals of the day in time order from the first (which may cross midnight:
        // 23:30 then 00:00), so place them one width apart from the first label's clock time.
        let first = clock_hours(labels[0]).unwrap_or(0.0);
        let starts = (0..labels.len()).map(|i| first + i as f64 * width).collect();
        Some(Day { table, starts, rows, labels, names, width })
    }

    /// The figure `key` of `name` at each interval's midpoint (NaN where the row is missing).
    fn series(&self, name: &str, key: &str) -> Vec<(f64, Estimate)> {
        let column = self.table.kind.columns.iter().position(|c| c.key == key);
        self.labels
            .iter()
            .zip(&self.starts)
            .map(|(label, start)| {
                let row = self.rows.get(&(*label, name)).copied();
                (start + self.width / 2.0, row.map_or(NAN, |r| value(r, column)))
            })
            .collect()
    }

    fn x_range(&self) -> Range<f64> {
        let first = self.starts.iter().copied().fold(f64::INFINITY, f64::min);
        let last = self.starts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        first..last + self.width
    }
}

/// `HH:MM`, `HH:MM:SS` or `dN HH:MM[:SS]` (day N from 1) in hours; `None` for anything else.
fn clock_hours(label: &str) -> Option<f64> {
    let (day, time) = match label.strip_prefix('d').and_then(|rest| rest.split_once(' ')) {
        Some((day, time)) => (day.parse::<u32>().ok()?.checked_sub(1)?, time),
        None => (0, label),
    };
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: f64 = parts.next().map_or(Some(0.0), |s| s.parse().ok())?;
    if parts.next().is_some() || m >= 60 || !(0.0..60.0).contains(&s) {
        return None;
    }
    Some(f64::from(day) * 24.0 + f64::from(h) + f64::from(m) / 60.0 + s / 3600.0)
}

/// Hours from 00:00 as a clock time to the minute (26.5 h reads 02:30).
fn clock(hours: &f64) -> String {
    let minute = (hours * 60.0).round().max(0.0) as u64 % 1440;
    shown::clock(minute * 60)
}

/// A line chart over the day of figure `key`: one line per name, the total in ink with its
/// confidence band. The y axis runs from 0 to `y_max`, or to a round number above the data.
fn day_lines(day: &Day<'_>, key: &str, total: &str, y_desc: &str, unit: Unit, y_max: Option<f64>) -> String {
    let series: Vec<(&str, Vec<(f64, Estimate)>)> = day.names.iter().map(|n| (*n, day.series(n, key))).collect();
    // Room for the means and some of their bands: with few replications a band can be many times
    // the mean, and would flatten the lines if the axis had to hold all of it (the band is clipped).
    let top = y_max.unwrap_or_else(|| {
        let figures = series.iter().flat_map(|(_, s)| s.iter().map(|(_, e)| *e));
        y_range(figures, unit == Unit::Ratio).end
    });
    let mut colours = PALETTE.iter().cycle();
    let keys: Vec<(String, Key)> = series
        .iter()
        .map(|(name, _)| {
            let key = if *name == total { Key::Line(INK, 3) } else { Key::Line(*colours.next().unwrap_or(&INK), 2) };
            ((*name).to_owned(), key)
        })
        .collect();
    svg(&format!("{y_desc} per report interval"), (620, 340), |root| {
        root.fill(&WHITE)?;
        let mut chart = day_chart(root, day, 0.0..top, &keys)?;
        mesh(&mut chart, "time", y_desc, &clock, &axis_labels(top, unit == Unit::Ratio))?;
        for ((name, points), (_, key)) in series.iter().zip(&keys) {
            let Key::Line(colour, width) = *key else { continue };
            if *name == total {
                band(&mut chart, points, colour, 0.0..top)?;
            }
            line(&mut chart, points, colour, width)?;
        }
        legend_beside(root, &chart, &keys)
    })
}

/// An x-y chart over the day on `root`, with room on the right for a legend of `keys`.
fn day_chart<'a, 'b>(
    root: &'a Area<'b>,
    day: &Day<'_>,
    y: Range<f64>,
    keys: &[(String, Key)],
) -> Result<XyChart<'a, 'b>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(root)
        .margin(10)
        .margin_right(legend_width(keys))
        .x_label_area_size(38)
        .y_label_area_size(56)
        .build_cartesian_2d(Ticked::new(day.x_range(), ticks(&day.x_range(), &CLOCK_STEPS, 8)), y)?)
}

/// Agents by state over the day, stacked as steps (each interval's time average is flat over the
/// interval), with the agents signed in as a line.
fn states_chart(root: &Area<'_>, day: &Day<'_>) -> Drawn {
    let layers: Vec<Vec<f64>> = STATES
        .iter()
        .map(|(key, _, _)| day.series(ALL_AGENTS, key).iter().map(|(_, e)| finite_or_zero(e.mean)).collect())
        .collect();
    let signed_in: Vec<(f64, f64)> =
        day.series(ALL_AGENTS, "signed_in").iter().map(|(x, e)| (*x, finite_or_zero(e.mean))).collect();
    let stacked = (0..signed_in.len()).map(|i| layers.iter().map(|l| l[i]).sum::<f64>());
    let top = nice_ceiling(signed_in.iter().map(|(_, y)| *y).chain(stacked).fold(0.0, f64::max) * 1.05);
    // The legend lists the states top down, as they are stacked.
    let keys: Vec<(String, Key)> = std::iter::once(("signed in".to_owned(), Key::Line(INK, 2)))
        .chain(STATES.iter().rev().map(|(_, label, colour)| ((*label).to_owned(), Key::Swatch(*colour))))
        .collect();
    root.fill(&WHITE)?;
    let mut chart = day_chart(root, day, 0.0..top, &keys)?;
    mesh(&mut chart, "time", "agents", &clock, &axis_labels(top, false))?;
    let half = day.width / 2.0;
    let mut below = vec![0.0; signed_in.len()];
    for ((_, _, colour), layer) in STATES.iter().zip(&layers) {
        let above: Vec<f64> = below.iter().zip(layer).map(|(b, v)| b + v).collect();
        let mut outline: Vec<(f64, f64)> = Vec::new();
        for ((x, _), y) in signed_in.iter().zip(&above) {
            outline.extend([(x - half, *y), (x + half, *y)]);
        }
        for ((x, _), y) in signed_in.iter().zip(&below).rev() {
            outline.extend([(x + half, *y), (x - half, *y)]);
        }
        chart.draw_series(std::iter::once(Polygon::new(outline, colour.filled())))?;
        below = above;
    }
    let steps = signed_in.iter().flat_map(|(x, y)| [(x - half, *y), (x + half, *y)]);
    chart.draw_series(LineSeries::new(steps, INK.stroke_width(2)))?;
    legend_beside(root, &chart, &keys)
}

// ---- Section 5: occupancy per agent group -----------------------------------------------------

fn occupancy_section(out: &mut String, report: &Report) {
    open_section(
        out,
        "occupancy",
        "Occupancy per agent group",
        "Talk and wrap-up time over the time signed in and neither busy nor resting, within the counting \
         window; the whisker is the 95 % confidence interval.",
    );
    match report.table("agent_groups") {
        Some(table) if !table.rows.is_empty() => {
            let column = table.kind.columns.iter().position(|c| c.key == "occupancy");
            let bars: Vec<(String, Estimate)> = table.rows.iter().map(|r| (r.name(), value(r, column))).collect();
            let height = 60 + 34 * bars.len() as u32;
            let svg = svg("Occupancy per agent group", (900, height), |root| occupancy_chart(root, &bars));
            figure(out, "Occupancy", &svg, true);
        }
        _ => missing(out, "agent group table"),
    }
    out.push_str("</section>\n");
}

/// Horizontal bars, first group on top, with confidence whiskers and the value at the bar's end.
fn occupancy_chart(root: &Area<'_>, bars: &[(String, Estimate)]) -> Drawn {
    root.fill(&WHITE)?;
    let n = bars.len() as u32;
    // The y axis counts from the bottom: segment i holds bar n - 1 - i.
    let name_of = |i: u32| bars.get((n - 1).saturating_sub(i) as usize).map(|(name, _)| name.as_str());
    let widest = bars.iter().map(|(name, _)| name.chars().count()).max().unwrap_or(0) as u32;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_right(90)
        .x_label_area_size(38)
        .y_label_area_size((widest * 8 + 16).clamp(60, 260))
        .build_cartesian_2d(0.0..1.0, (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(INK.mix(0.6))
        .x_labels(11)
        .x_label_formatter(&axis_labels(1.0, true))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => name_of(*i).unwrap_or("").to_owned(),
            _ => String::new(),
        })
        .x_desc("occupancy")
        .label_style((FONT, FONT_SIZE))
        .axis_desc_style((FONT, FONT_SIZE))
        .draw()?;
    let mut colours = PALETTE.iter().cycle();
    for (rank, (name, e)) in bars.iter().enumerate() {
        let i = n - 1 - rank as u32;
        let colour = if name == ALL_AGENTS { INK } else { colours.next().copied().unwrap_or(INK) };
        if !e.mean.is_finite() {
            let text = Text::new(
                "no value",
                (0.01, SegmentValue::CenterOf(i)),
                text_style(Pos::new(HPos::Left, VPos::Center)),
            );
            chart.draw_series(std::iter::once(text))?;
            continue;
        }
        let mean = e.mean.clamp(0.0, 1.0);
        let mut bar = Rectangle::new(
            [(0.0, SegmentValue::Exact(i)), (mean, SegmentValue::Exact(i + 1))],
            colour.mix(0.85).filled(),
        );
        bar.set_margin(6, 6, 0, 0);
        chart.draw_series(std::iter::once(bar))?;
        let mut end = mean;
        if e.ci95.is_finite() {
            let (lo, hi) = ((e.mean - e.ci95).max(0.0), (e.mean + e.ci95).min(1.0));
            let centre = || SegmentValue::CenterOf(i);
            let style = INK.stroke_width(1);
            chart.draw_series(std::iter::once(PathElement::new(vec![(lo, centre()), (hi, centre())], style)))?;
            chart.draw_series([lo, hi].map(|x| EmptyElement::at((x, centre())) + cap(style)))?;
            end = hi;
        }
        let label = Form::of(Unit::Ratio, true).estimate(e);
        let text =
            Text::new(label, (end + 0.01, SegmentValue::CenterOf(i)), text_style(Pos::new(HPos::Left, VPos::Center)));
        chart.draw_series(std::iter::once(text))?;
    }
    Ok(())
}

// ---- Section 6: tables ------------------------------------------------------------------------

fn tables_section(out: &mut String, report: &Report, with_ci: bool) {
    open_section(
        out,
        "tables",
        "Tables",
        "Means over replications; ± is the 95 % confidence half-width; – is a figure with nothing to measure \
         (e.g. an ASA with no answer).",
    );
    out.push_str("<h3>Skill queues</h3>\n");
    match report.table("skill_queues") {
        Some(table) => {
            let columns: Vec<usize> =
                QUEUE_COLUMNS.iter().filter_map(|key| table.kind.columns.iter().position(|c| c.key == *key)).collect();
            table_html(out, table, &columns, false, with_ci);
            out.push_str("<details>\n<summary>All skill queue columns</summary>\n");
            table_html(out, table, &(0..table.kind.columns.len()).collect::<Vec<_>>(), true, with_ci);
            out.push_str("</details>\n");
        }
        None => missing(out, "skill queue table"),
    }
    out.push_str("<h3>Agent groups</h3>\n");
    match report.table("agent_groups") {
        Some(table) => table_html(out, table, &(0..table.kind.columns.len()).collect::<Vec<_>>(), false, with_ci),
        None => missing(out, "agent group table"),
    }
    out.push_str("</section>\n");
}

/// `table` with the given columns; `grouped` adds a header row with the columns' groups.
fn table_html(out: &mut String, table: &MergedTable, columns: &[usize], grouped: bool, with_ci: bool) {
    let kind = table.kind;
    out.push_str("<div class=\"scroll\">\n<table>\n<thead>\n");
    if grouped {
        out.push_str("<tr>");
        for _ in kind.labels {
            out.push_str("<th class=\"label\"></th>");
        }
        let mut runs: Vec<(&str, usize)> = Vec::new();
        for c in columns {
            let group = kind.columns[*c].group;
            match runs.last_mut() {
                Some((last, count)) if *last == group => *count += 1,
                _ => runs.push((group, 1)),
            }
        }
        for (group, count) in runs {
            let _ = write!(out, "<th class=\"group\" colspan=\"{count}\">{}</th>", escape(group));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("<tr>");
    for label in kind.labels {
        let _ = write!(out, "<th class=\"label\">{}</th>", escape(&label.replace('_', " ")));
    }
    for c in columns {
        let column = &kind.columns[*c];
        let _ = write!(out, "<th title=\"{}\">{}</th>", escape(column.key), escape(column.heading));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let last = table.rows.len().saturating_sub(1);
    for (r, row) in table.rows.iter().enumerate() {
        let total = r == last && row.labels.first().is_some_and(|l| l == ALL_QUEUES || l == ALL_AGENTS);
        out.push_str(if total { "<tr class=\"total\">" } else { "<tr>" });
        for label in &row.labels {
            let _ = write!(out, "<td class=\"label\">{}</td>", escape(label));
        }
        for c in columns {
            let unit = kind.columns[*c].unit;
            out.push_str(&cell(row.values.get(*c).unwrap_or(&NAN), Form::of(unit, with_ci)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

// ---- Drawing helpers --------------------------------------------------------------------------

/// The legend inside the plotting area, at `position`.
fn legend<'a, 'b: 'a>(chart: &mut XyChart<'a, 'b>, position: SeriesLabelPosition) -> Drawn {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .label_font((FONT, FONT_SIZE))
        .draw()?;
    Ok(())
}

/// A legend entry (a short stroke) for a series drawn in pieces.
fn legend_entry(chart: &mut XyChart<'_, '_>, label: &str, colour: RGBColor) -> Drawn {
    chart
        .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
    Ok(())
}

/// The shaded 95 % confidence band around a line, where it is defined, clipped to `y`.
fn band(chart: &mut XyChart<'_, '_>, points: &[(f64, Estimate)], colour: RGBColor, y: Range<f64>) -> Drawn {
    let undefined = |e: &Estimate| !(e.mean.is_finite() && e.ci95.is_finite());
    for run in points.split(|(_, e)| undefined(e)).filter(|run| run.len() > 1) {
        let clip = |v: f64| v.clamp(y.start, y.end);
        let outline: Vec<(f64, f64)> = run
            .iter()
            .map(|(x, e)| (*x, clip(e.mean + e.ci95)))
            .chain(run.iter().rev().map(|(x, e)| (*x, clip(e.mean - e.ci95))))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.12).filled())))?;
    }
    Ok(())
}

/// The cap at the end of a horizontal confidence whisker, in pixels from that end.
fn cap(style: ShapeStyle) -> PathElement<(i32, i32)> {
    PathElement::new(vec![(0, -5), (0, 5)], style)
}

// ---- Numbers ----------------------------------------------------------------------------------

const NAN: Estimate = Estimate { mean: f64::NAN, ci95: f64::NAN, n: 0 };

/// The figure in `column` of `row`; undefined if the column is not in the table.
fn value(row: &MergedRow, column: Option<usize>) -> Estimate {
    column.and_then(|c| row.values.get(c)).copied().unwrap_or(NAN)
}

/// The upper end of the confidence interval, or the mean without one; 0 if undefined.
fn upper(e: Estimate) -> f64 {
    let top = if e.ci95.is_finite() { e.mean + e.ci95 } else { e.mean };
    finite_or_zero(top)
}

fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// Tick steps of a wait axis, s.
const WAIT_STEPS: [f64; 15] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 86400.0];
/// Tick steps of a clock axis, h.
const CLOCK_STEPS: [f64; 12] = [0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 12.0, 24.0, 48.0, 168.0, 720.0];

/// Ticks at the multiples of the first of `steps` that puts at most `most` of them in `range`
/// (the last step if none does).
fn ticks(range: &Range<f64>, steps: &[f64], most: usize) -> Vec<f64> {
    let count = |step: f64| ((range.end / step + 1e-9).floor() - (range.start / step - 1e-9).ceil()) as i64 + 1;
    let Some(step) = steps.iter().copied().find(|s| count(*s) <= most as i64).or(steps.last().copied()) else {
        return Vec::new();
    };
    let first = (range.start / step - 1e-9).ceil() as i64;
    (0..count(step).max(0)).map(|k| (first + k) as f64 * step).collect()
}

/// An axis from 0 that holds `end`: its last tick, on a multiple of the first of `steps` that
/// needs at most `most` ticks, and its ticks.
fn axis(end: f64, steps: &[f64], most: usize) -> (f64, Vec<f64>) {
    let end = if end.is_finite() && end > 0.0 { end } else { 1.0 };
    let step = steps.iter().copied().find(|s| ((end / s - 1e-9).ceil() as usize) < most);
    let step = step.or(steps.last().copied()).unwrap_or(end);
    let last = (end / step - 1e-9).ceil().max(1.0) * step;
    (last, ticks(&(0.0..last), &[step], usize::MAX))
}

#[cfg(test)]
mod tests {
    use quick_xml::events::Event;

    use super::*;
    use crate::output::report::columns::{AGENT_GROUPS, GROUP_INTERVALS, QUEUE_INTERVALS, SKILL_QUEUES};
    use crate::output::report::{RunInfo, TableKind};

    /// A table of `kind` whose every figure is `figure(column key)`.
    fn table(kind: &'static TableKind, rows: &[Vec<&str>], figure: &dyn Fn(&str) -> Estimate) -> MergedTable {
        let rows = rows
            .iter()
            .map(|labels| MergedRow {
                labels: labels.iter().map(|l| (*l).to_owned()).collect(),
                values: kind.columns.iter().map(|c| figure(c.key)).collect(),
                sums: Vec::new(),
            })
            .collect();
        MergedTable { kind, rows }
    }

    /// A report of two queues and two groups over four half-hour intervals, every figure `figure`.
    fn report(queues: [&str; 2], figure: &dyn Fn(&str) -> Estimate) -> Report {
        let queues = [queues[0], queues[1], ALL_QUEUES];
        let groups = ["team-a", "team-b", ALL_AGENTS];
        Report {
            info: RunInfo {
                scenario: "scenarios/test.toml".into(),
                seed: 7,
                replications: 2,
                horizon_s: 7200.0,
                warmup_s: 600.0,
                interval_s: 1800.0,
                ratios: Ratios::ReplicationMean,
            },
            tables: vec![
                table(&SKILL_QUEUES, &queues.map(|q| vec![q]), figure),
                table(&AGENT_GROUPS, &groups.map(|g| vec![g]), figure),
                table(&QUEUE_INTERVALS, &per_interval(&queues), figure),
                table(&GROUP_INTERVALS, &per_interval(&groups), figure),
            ],
        }
    }

    fn per_interval<'n>(names: &[&'n str]) -> Vec<Vec<&'n str>> {
        ["00:00", "00:30", "01:00", "01:30"].iter().flat_map(|s| names.iter().map(move |n| vec![*s, *n])).collect()
    }

    fn plausible(key: &str) -> Estimate {
        let mean = match key {
            "requests" => 100.0,
            k if k.starts_with("answered_within_") => 70.0,
            k if k.ends_with("_wait_s") => 25.0,
            "service_level" | "occupancy" => 0.8,
            "abandon_rate" => 0.05,
            _ => 3.0,
        };
        Estimate { mean, ci95: mean / 10.0, n: 2 }
    }

    fn page_of(report: &Report) -> String {
        let documents = Html.documents(report);
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].name, "report.html");
        documents[0].contents.clone()
    }

    /// Parses `page` as XML (every element closed and properly nested, only XML's own entities)
    /// and returns how many `<svg>` each `<section id>` holds.
    fn svgs_per_section(page: &str) -> Vec<(String, usize)> {
        let mut reader = quick_xml::Reader::from_str(page);
        let mut open: Vec<String> = Vec::new();
        let mut sections: Vec<(String, usize)> = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    let name = e.name().as_ref().to_owned();
                    if name == "section" {
                        let id = e.try_get_attribute("id").unwrap().expect("a section has an id");
                        sections.push((id.value.into_owned(), 0));
                    }
                    if name == "svg" {
                        sections.last_mut().expect("charts are in sections").1 += 1;
                    }
                    open.push(name);
                }
                Ok(Event::End(_)) => {
                    open.pop();
                }
                Ok(Event::GeneralRef(r)) => {
                    assert!(["amp", "lt", "gt", "quot", "apos"].contains(&&*r) || r.starts_with('#'), "&{};", &*r);
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed at byte {}: {e}", reader.error_position()),
            }
        }
        assert_eq!(open, Vec::<String>::new(), "elements left open");
        sections
    }

    #[test]
    fn the_page_is_well_formed_with_a_chart_in_every_chart_section() {
        let page = page_of(&report(["A", "B"], &plausible));
        assert!(page.starts_with("<!DOCTYPE html>\n"));
        assert!(!page.contains("could not be drawn"));
        let sections = svgs_per_section(&page);
        let ids: Vec<&str> = sections.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["waits", "service", "load", "occupancy", "tables"]);
        // One wait chart per queue and all queues; SL and abandonment; waiting and agents.
        assert_eq!(sections.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [3, 2, 2, 1, 0]);
    }

    #[test]
    fn names_from_the_scenario_are_escaped_everywhere() {
        let page = page_of(&report(["<b>Sales & \"VIP\"</b>", "B"], &plausible));
        svgs_per_section(&page);
        assert!(!page.contains("<b>"), "a queue name became markup");
        // In the HTML (tables, captions) and in the SVG text of the charts' legends.
        assert!(page.contains("&lt;b&gt;Sales &amp; &quot;VIP&quot;&lt;/b&gt;"));
        assert!(page.matches("Sales &amp;").count() >= 6, "captions, legends and both tables name the queue");
    }

    #[test]
    fn undefined_figures_are_shown_as_no_value() {
        let page = page_of(&report(["A", "B"], &|_| NAN));
        svgs_per_section(&page);
        for bad in ["NaN", "inf"] {
            assert!(!page.contains(bad), "{bad} printed");
        }
        assert!(page.contains("<td class=\"na\" title=\"no value\">–</td>"));
        assert!(page.contains("no value</text>") || page.contains("no value\n</text>"), "an occupancy bar says so");
    }

    #[test]
    fn the_page_loads_nothing_from_anywhere() {
        let page = page_of(&report(["A", "B"], &plausible));
        for reference in ["src=", "href=\"http", "href=\"//", "@import", "url(", "<script", "<link", "<img"] {
            assert!(!page.contains(reference), "{reference} in the page");
        }
    }

    #[test]
    fn a_report_without_tables_still_makes_a_page_that_says_so() {
        let mut report = report(["A", "B"], &plausible);
        report.tables.clear();
        let page = page_of(&report);
        svgs_per_section(&page);
        assert!(page.contains("This report has no skill queue table."));
    }

    #[test]
    fn intervals_across_midnight_keep_going_right() {
        let kind = &*crate::output::report::columns::QUEUE_INTERVALS;
        let labels = ["23:00", "23:30", "00:00", "00:30"];
        let rows = labels
            .iter()
            .map(|l| MergedRow {
                labels: vec![(*l).into(), "A".into()],
                values: vec![plausible("x"); kind.columns.len()],
                sums: Vec::new(),
            })
            .collect();
        let table = MergedTable { kind, rows };
        let day = Day::new(&table, 1_800.0).unwrap();
        assert_eq!(day.starts, [23.0, 23.5, 24.0, 24.5], "00:00 of the next day is 24 h, not 0 h");
        assert_eq!(clock(&24.5), "00:30");
    }

    #[test]
    fn a_single_group_and_a_single_interval_are_drawn() {
        let mut report = report(["A", "B"], &plausible);
        report.tables[1] = table(&AGENT_GROUPS, &[vec![ALL_AGENTS]], &plausible);
        report.tables[2].rows.retain(|r| r.labels[0] == "00:00");
        report.tables[3].rows.retain(|r| r.labels[0] == "00:00");
        let page = page_of(&report);
        let charts: Vec<usize> = svgs_per_section(&page).iter().map(|(_, n)| *n).collect();
        assert_eq!(charts, [3, 2, 2, 1, 0]);
        assert!(!page.contains("could not be drawn"));
    }

    #[test]
    fn interval_labels_read_as_clock_times() {
        assert_eq!(clock_hours("08:30"), Some(8.5));
        assert_eq!(clock_hours("d2 08:30"), Some(32.5));
        assert_eq!(clock_hours("00:00:36"), Some(0.01));
        for bad in ["8h", "08:60", "d0 08:00", "", "all queues"] {
            assert_eq!(clock_hours(bad), None, "{bad:?}");
        }
        assert_eq!(clock(&32.5), "08:30", "past midnight the axis reads as clock time again");
        assert_eq!(clock(&7.25), "07:15");
    }

    #[test]
    fn ticks_fall_on_round_clock_times_and_waits() {
        assert_eq!(ticks(&(0.5..8.0), &CLOCK_STEPS, 8), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
        assert_eq!(ticks(&(0.0..24.0), &CLOCK_STEPS, 8), [0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0]);
        assert_eq!(ticks(&(7.25..8.0), &CLOCK_STEPS, 8), [7.25, 7.5, 7.75, 8.0]);
        // 97 s of wait: ticks every 20 s up to 100 s; 60 s: every 10 s.
        assert_eq!(axis(97.0, &WAIT_STEPS, 8), (100.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]));
        assert_eq!(axis(60.0, &WAIT_STEPS, 8).0, 60.0);
        assert_eq!(axis(60.0, &WAIT_STEPS, 8).1.len(), 7);
    }
}
