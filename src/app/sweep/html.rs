//! A sweep's result as one self-contained HTML page: what was swept, a chart per figure against
//! the combinations, and the table of every combination and skill queue row.
//!
//! It is built like the run report, from the same page skeleton (`output::export::page`) and
//! chart module (`output::export::chart`): self-contained, well-formed XML, every name and value
//! from the user's files escaped. Its figures are written as the sweep's text table writes them
//! (`render::FIGURE`).
//!
//! **The x axis** is the swept value when the sweep has one parameter whose values are all
//! numbers; otherwise it is the combination's index, each tick labelled with its values
//! (`30s, 10`). With two parameters or more, a line does not join combinations that differ in
//! anything but the last parameter: each run of the last parameter is its own stretch of line.
//! **Each line** is a skill queue row (and all queues, in ink); whiskers are the 95 % confidence
//! interval; an undefined figure is no point and a gap in the line.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;

use plotters::prelude::*;

use super::render::FIGURE;
use super::{Sweep, SweepRow};
use crate::output::export::chart::{
    CHAR_PX, Drawn, INK, Key, PALETTE, Ticked, XyChart, axis_labels, legend_beside, legend_width, line, mesh,
    nothing_to_draw, svg, y_range,
};
use crate::output::export::page::{self, Header, cell, escape, figure, open_section};
use crate::output::figure;
use crate::sim::stats::Estimate;

/// The row that sums the queues.
const ALL_QUEUES: &str = "all queues";

/// Longest legend entry or tick label, characters (longer ones are cut with "…").
const LONGEST_LABEL: usize = 28;
/// The chart's size, px, and the parts of its width that are not the plotting area.
const SIZE: (u32, u32) = (640, 360);
const MARGIN: u32 = 10;
const Y_LABEL_AREA: u32 = 64;

/// A figure at one combination: its x, the combination's run, its estimate.
type Point = (f64, usize, Estimate);

/// The sweep as a self-contained HTML page: header, one chart per figure, the table of rows.
pub(super) fn page(sweep: &Sweep) -> String {
    let layout = Layout::of(sweep);
    let mut out = header(sweep, layout.combinations.len());
    open_section(
        &mut out,
        "charts",
        "Figures by combination",
        "One chart per figure: each line is a skill queue row (all queues in black), each whisker the 95 % \
         confidence interval; a gap is a figure with nothing to measure.",
    );
    out.push_str("<div class=\"charts\">\n");
    for (f, key) in sweep.spec.figures.iter().enumerate() {
        figure(&mut out, &escape(key), &chart(sweep, &layout, f), false);
    }
    out.push_str("</div>\n</section>\n");
    table(&mut out, sweep);
    page::end(&mut out, "the same results are in the sweep's text, CSV and JSON output.");
    out
}

fn header(sweep: &Sweep, combinations: usize) -> String {
    let spec = &sweep.spec;
    let mut terms = vec![
        ("scenario".to_owned(), escape(&spec.scenario)),
        ("seed".to_owned(), spec.seed.to_string()),
        ("replications".to_owned(), spec.replications.to_string()),
        ("horizon".to_owned(), escape(&figure::seconds(spec.horizon_s))),
        ("combinations".to_owned(), combinations.to_string()),
    ];
    for (path, values) in &spec.parameters {
        terms.push((escape(path), escape(&values.join(", "))));
    }
    page::start(&Header {
        title: &format!("callsim sweep: {}", spec.scenario),
        terms,
        note: "Figures are means over replications ± the 95 % confidence half-width (whiskers on the charts), on \
               common random numbers: replication k of every combination draws the same calls, so differences \
               between combinations come from the parameters. – is a figure with nothing to measure.",
        nav: &[],
    })
}

// ---- What the charts plot ---------------------------------------------------------------------

/// The combinations, their place on the x axis and the queues, shared by every chart.
struct Layout<'s> {
    /// Each combination's number and parameter values, in combination order.
    combinations: Vec<(u32, &'s [String])>,
    /// Each combination's x.
    xs: Vec<f64>,
    /// Whether x is the single parameter's value (else the combination's index).
    numeric: bool,
    /// Each combination's run: combinations in one run differ only in the last parameter.
    runs: Vec<usize>,
    /// Combinations in the order of their x.
    order: Vec<usize>,
    /// Skill queue rows, in the order first seen.
    queues: Vec<&'s str>,
    rows: HashMap<(u32, &'s str), &'s SweepRow>,
}

impl<'s> Layout<'s> {
    fn of(sweep: &'s Sweep) -> Self {
        let mut by_number: BTreeMap<u32, &[String]> = BTreeMap::new();
        let mut queues: Vec<&str> = Vec::new();
        let mut rows = HashMap::new();
        for row in &sweep.rows {
            by_number.entry(row.combination).or_insert(&row.values);
            if !queues.contains(&row.queue.as_str()) {
                queues.push(&row.queue);
            }
            rows.insert((row.combination, row.queue.as_str()), row);
        }
        let combinations: Vec<(u32, &[String])> = by_number.into_iter().collect();
        let parameters = &sweep.spec.parameters;
        let values: Option<Vec<f64>> = match parameters.as_slice() {
            [(_, shown)] if shown.iter().all(|v| parse(v).is_some()) && !combinations.is_empty() => {
                combinations.iter().map(|(_, v)| v.first().and_then(|v| parse(v))).collect()
            }
            _ => None,
        };
        let numeric = values.is_some();
        let xs = values.unwrap_or_else(|| (0..combinations.len()).map(|i| i as f64).collect());
        let outer = |values: &'s [String]| &values[..values.len().saturating_sub(1)];
        let mut runs: Vec<usize> = Vec::with_capacity(combinations.len());
        for (i, (_, values)) in combinations.iter().enumerate() {
            let run = match (i.checked_sub(1), runs.last()) {
                (Some(p), Some(&last)) if outer(combinations[p].1) == outer(values) => last,
                (_, Some(&last)) => last + 1,
                _ => 0,
            };
            runs.push(run);
        }
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
        Layout { combinations, xs, numeric, runs, order, queues, rows }
    }

    /// Figure `f` of `queue` for each combination, in the order of x: (x, run, estimate).
    fn series(&self, queue: &str, f: usize) -> Vec<Point> {
        self.order
            .iter()
            .map(|&i| {
                let number = self.combinations[i].0;
                let e = self.rows.get(&(number, queue)).and_then(|r| r.figures.get(f)).copied().unwrap_or(NAN);
                (self.xs[i], self.runs[i], e)
            })
            .collect()
    }

    /// The x axis's range, with some room beyond the first and last combination.
    fn x_range(&self) -> Range<f64> {
        if !self.numeric {
            return -0.5..(self.xs.len().max(1) as f64 - 0.5);
        }
        let lo = self.xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = self.xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi > lo { (hi - lo) * 0.06 } else { lo.abs().max(1.0) * 0.1 };
        lo - pad..hi + pad
    }

    /// The smallest distance between two different x.
    fn x_step(&self) -> f64 {
        let sorted: Vec<f64> = self.order.iter().map(|&i| self.xs[i]).collect();
        sorted.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0).fold(f64::INFINITY, f64::min)
    }

    /// Tick marks, each with its label: the values (numeric) or the combinations' values, no
    /// closer than their labels allow on a plotting area `width` px wide.
    fn ticks(&self, range: &Range<f64>, width: u32) -> Vec<(f64, String)> {
        let mut candidates: Vec<(f64, String)> = Vec::new();
        for &i in &self.order {
            if candidates.last().is_some_and(|(x, _)| *x == self.xs[i]) {
                continue;
            }
            let label = if self.numeric {
                self.combinations[i].1.first().cloned().unwrap_or_default()
            } else {
                self.combinations[i].1.join(", ")
            };
            candidates.push((self.xs[i], cut(&label)));
        }
        let px_per_unit = f64::from(width) / (range.end - range.start).max(f64::MIN_POSITIVE);
        let half = |label: &str| f64::from(label.chars().count() as u32 * CHAR_PX) / 2.0;
        let mut kept: Vec<(f64, String)> = Vec::new();
        for (x, label) in candidates {
            let fits =
                kept.last().is_none_or(|(last, shown)| (x - last) * px_per_unit >= half(shown) + half(&label) + 8.0);
            if fits {
                kept.push((x, label));
            }
        }
        kept
    }

    /// What the x axis is, for its label.
    fn x_desc(&self, sweep: &Sweep) -> String {
        let paths: Vec<&str> = sweep.spec.parameters.iter().map(|(path, _)| path.as_str()).collect();
        if self.numeric { paths.join(", ") } else { format!("combination ({})", paths.join(", ")) }
    }
}

/// A parameter value as a number on the x axis, if it is one.
fn parse(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Figures whose axis is in per cent (they are ratios).
fn is_percent(key: &str) -> bool {
    key.ends_with("_rate") || key == "service_level" || key == "occupancy"
}

const NAN: Estimate = Estimate { mean: f64::NAN, ci95: f64::NAN, n: 0 };

// ---- The chart of one figure ------------------------------------------------------------------

/// Figure `f` against the combinations, one line per queue, as an inline SVG.
fn chart(sweep: &Sweep, layout: &Layout<'_>, f: usize) -> String {
    let key = sweep.spec.figures.get(f).map_or("", String::as_str);
    let percent = is_percent(key);
    let series: Vec<(&str, Vec<Point>)> = layout.queues.iter().map(|q| (*q, layout.series(q, f))).collect();
    let y = y_range(series.iter().flat_map(|(_, s)| s.iter().map(|(_, _, e)| *e)), percent);
    let mut colours = PALETTE.iter().cycle();
    let keys: Vec<(String, Key)> = series
        .iter()
        .map(|(name, _)| match *name {
            ALL_QUEUES => (cut(name), Key::Line(INK, 3)),
            _ => (cut(name), Key::Line(colours.next().copied().unwrap_or(INK), 2)),
        })
        .collect();
    let right = legend_width(&keys);
    let x = layout.x_range();
    let ticks = layout.ticks(&x, SIZE.0.saturating_sub(MARGIN + Y_LABEL_AREA + right));
    // Whiskers of the queues side by side, a few pixels apart, so that they don't hide each other.
    let step = layout.x_step();
    let nudge = if step.is_finite() { step * 0.4 / keys.len().max(1) as f64 } else { f64::INFINITY };
    let nudge = nudge.min((x.end - x.start) * 0.008);
    let title = format!("{key} by combination");
    svg(&title, SIZE, |root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(root)
            .margin(MARGIN)
            .margin_right(right)
            .x_label_area_size(44)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(Ticked::new(x.clone(), ticks.iter().map(|(x, _)| *x).collect()), y.clone())?;
        let x_format = |v: &f64| {
            ticks.iter().find(|(x, _)| x.to_bits() == v.to_bits()).map(|(_, label)| label.clone()).unwrap_or_default()
        };
        mesh(&mut chart, &layout.x_desc(sweep), key, &x_format, &axis_labels(y.end - y.start, percent))?;
        separators(&mut chart, layout, &y)?;
        if series.iter().all(|(_, s)| s.iter().all(|(_, _, e)| !e.mean.is_finite())) {
            nothing_to_draw(&mut chart, "no value", ((x.start + x.end) / 2.0, (y.start + y.end) / 2.0))?;
        }
        let middle = (keys.len() as f64 - 1.0) / 2.0;
        for (q, ((_, points), (_, key))) in series.iter().zip(&keys).enumerate() {
            let Key::Line(colour, width) = *key else { continue };
            let dx = (q as f64 - middle) * nudge;
            let points: Vec<Point> = points.iter().map(|(x, run, e)| (x + dx, *run, *e)).collect();
            whiskers(&mut chart, &points, colour, &y)?;
            // A line joins the combinations of one run only.
            for run in points.chunk_by(|a, b| a.1 == b.1) {
                let run: Vec<(f64, Estimate)> = run.iter().map(|(x, _, e)| (*x, *e)).collect();
                line(&mut chart, &run, colour, width)?;
            }
        }
        legend_beside(root, &chart, &keys)
    })
}

/// Faint vertical lines between runs of the last parameter, on a combination axis.
fn separators(chart: &mut XyChart<'_, '_>, layout: &Layout<'_>, y: &Range<f64>) -> Drawn {
    if layout.numeric {
        return Ok(());
    }
    let between: Vec<f64> =
        layout.runs.windows(2).enumerate().filter(|(_, w)| w[0] != w[1]).map(|(i, _)| i as f64 + 0.5).collect();
    let style = INK.mix(0.25).stroke_width(1);
    chart.draw_series(between.iter().map(|x| PathElement::new(vec![(*x, y.start), (*x, y.end)], style)))?;
    Ok(())
}

/// The 95 % confidence interval of each defined point with one, as a capped vertical whisker.
fn whiskers(chart: &mut XyChart<'_, '_>, points: &[Point], colour: RGBColor, y: &Range<f64>) -> Drawn {
    let ends: Vec<(f64, f64, f64)> = points
        .iter()
        .filter(|(_, _, e)| e.mean.is_finite() && e.ci95.is_finite())
        .map(|(x, _, e)| (*x, (e.mean - e.ci95).max(y.start), (e.mean + e.ci95).min(y.end)))
        .collect();
    let style = colour.mix(0.8).stroke_width(1);
    chart.draw_series(ends.iter().map(|&(x, lo, hi)| PathElement::new(vec![(x, lo), (x, hi)], style)))?;
    let cap = |at: (f64, f64)| EmptyElement::at(at) + PathElement::new(vec![(-4, 0), (4, 0)], style);
    chart.draw_series(ends.iter().flat_map(|&(x, lo, hi)| [cap((x, lo)), cap((x, hi))]))?;
    Ok(())
}

// ---- The table --------------------------------------------------------------------------------

fn table(out: &mut String, sweep: &Sweep) {
    let spec = &sweep.spec;
    open_section(
        out,
        "table",
        "Every combination",
        "Mean ± 95 % confidence half-width over replications; – is a figure with nothing to measure.",
    );
    out.push_str("<div class=\"scroll\">\n<table>\n<thead>\n<tr>");
    for (path, _) in &spec.parameters {
        let _ = write!(out, "<th class=\"label\">{}</th>", escape(path));
    }
    out.push_str("<th class=\"label\">queue</th>");
    for key in &spec.figures {
        let _ = write!(out, "<th>{}</th>", escape(key));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let mut previous = None;
    for row in &sweep.rows {
        let mut classes = Vec::new();
        if previous.is_some_and(|c| c != row.combination) {
            classes.push("first");
        }
        if row.queue == ALL_QUEUES {
            classes.push("total");
        }
        previous = Some(row.combination);
        match classes.is_empty() {
            true => out.push_str("<tr>"),
            false => {
                let _ = write!(out, "<tr class=\"{}\">", classes.join(" "));
            }
        }
        for value in row.values.iter().chain(std::iter::once(&row.queue)) {
            let _ = write!(out, "<td class=\"label\">{}</td>", escape(value));
        }
        for e in &row.figures {
            out.push_str(&cell(e, FIGURE));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// `label`, cut to [`LONGEST_LABEL`] characters.
fn cut(label: &str) -> String {
    if label.chars().count() <= LONGEST_LABEL {
        return label.to_owned();
    }
    label.chars().take(LONGEST_LABEL - 1).chain(std::iter::once('…')).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use quick_xml::events::Event;

    use super::*;
    use crate::app::sweep::Spec;

    fn estimate(mean: f64, ci95: f64) -> Estimate {
        Estimate { mean, ci95, n: if mean.is_finite() { 5 } else { 0 } }
    }

    /// A sweep of `parameters` (every combination, first varying slowest) with the queues
    /// `queues` and all queues; figure f of queue q in combination c is `value(f, q, c)`.
    fn sweep(
        parameters: &[(&str, &[&str])],
        figures: &[&str],
        queues: &[&str],
        value: &dyn Fn(usize, usize, usize) -> Estimate,
    ) -> Sweep {
        let spec = Spec {
            scenario: "scenarios/<demo>.toml".into(),
            scenario_text: String::new(),
            parameters: parameters
                .iter()
                .map(|(p, vs)| ((*p).to_owned(), vs.iter().map(|v| (*v).to_owned()).collect()))
                .collect(),
            figures: figures.iter().map(|f| (*f).to_owned()).collect(),
            seed: 42,
            replications: 5,
            horizon_s: 28_800.0,
        };
        let mut combinations: Vec<Vec<String>> = vec![Vec::new()];
        for (_, values) in parameters {
            combinations = combinations
                .iter()
                .flat_map(|c| values.iter().map(move |v| [c.clone(), vec![(*v).to_owned()]].concat()))
                .collect();
        }
        let names: Vec<&str> = queues.iter().copied().chain(std::iter::once(ALL_QUEUES)).collect();
        let mut rows = Vec::new();
        for (c, values) in combinations.iter().enumerate() {
            for (q, queue) in names.iter().enumerate() {
                rows.push(SweepRow {
                    combination: c as u32,
                    values: values.clone(),
                    queue: (*queue).to_owned(),
                    figures: (0..figures.len()).map(|f| value(f, q, c)).collect(),
                });
            }
        }
        Sweep { spec, rows }
    }

    /// Two parameters, two queues (one named with markup), a figure undefined for one queue.
    fn two_parameters() -> Sweep {
        sweep(
            &[("skill_queue.Sales.threshold", &["30s", "60s"]), ("agent_group.team-a.count", &["10", "12"])],
            &["service_level", "asa_s"],
            &["<b>Sales</b>", "Support"],
            &|f, q, c| match (f, q, c) {
                (1, 1, 3) => estimate(f64::NAN, f64::NAN),
                (0, ..) => estimate(0.6 + 0.05 * c as f64 + 0.01 * q as f64, 0.02),
                _ => estimate(12.5 + c as f64 + q as f64, 1.5),
            },
        )
    }

    /// One numeric parameter, values not in order.
    fn one_numeric_parameter() -> Sweep {
        sweep(
            &[("traffic.scale", &["1", "0.8", "1.25"])],
            &["abandon_rate", "mean_waiting", "occupancy"],
            &["A", "B"],
            &|f, q, c| match (f, q, c) {
                (1, 0, 2) => estimate(f64::NAN, f64::NAN),
                _ => estimate(0.04 * (c + 1) as f64 + 0.01 * q as f64, 0.005),
            },
        )
    }

    /// Parses `page` as XML (every element closed, only XML's own entities) and returns the
    /// number of `<svg>` elements.
    fn well_formed_svgs(page: &str) -> usize {
        let mut reader = quick_xml::Reader::from_str(page);
        let mut open = 0_i64;
        let mut svgs = 0;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    open += 1;
                    if e.name().as_ref() == "svg" {
                        svgs += 1;
                    }
                }
                Ok(Event::End(_)) => open -= 1,
                Ok(Event::GeneralRef(r)) => {
                    assert!(["amp", "lt", "gt", "quot", "apos"].contains(&&*r) || r.starts_with('#'), "&{};", &*r);
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed at byte {}: {e}", reader.error_position()),
            }
        }
        assert_eq!(open, 0, "elements left open");
        svgs
    }

    /// The charts of `page`, each as its SVG text.
    fn charts(page: &str) -> Vec<&str> {
        page.split("<svg ").skip(1).map(|s| s.split("</svg>").next().unwrap()).collect()
    }

    /// The text elements of a chart, trimmed.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].trim().to_owned())
            .collect()
    }

    #[test]
    fn one_well_formed_chart_per_figure() {
        for sweep in [two_parameters(), one_numeric_parameter()] {
            let page = page(&sweep);
            assert!(page.starts_with("<!DOCTYPE html>\n"));
            assert_eq!(well_formed_svgs(&page), sweep.spec.figures.len());
            assert_eq!(page.matches("<svg").count(), sweep.spec.figures.len());
            assert!(!page.contains("could not be drawn"));
            for (figure, chart) in sweep.spec.figures.iter().zip(charts(&page)) {
                assert!(texts(chart).contains(figure), "{figure} labels its y axis");
            }
        }
    }

    #[test]
    fn every_queue_is_named_in_every_legend_and_in_the_table() {
        let page = page(&one_numeric_parameter());
        for chart in charts(&page) {
            let texts = texts(chart);
            for queue in ["A", "B", "all queues"] {
                assert!(texts.iter().any(|t| t == queue), "{queue} in a legend: {texts:?}");
            }
        }
        for queue in ["A", "B", "all queues"] {
            assert_eq!(page.matches(&format!("<td class=\"label\">{queue}</td>")).count(), 3, "{queue}: a row each");
        }
    }

    #[test]
    fn names_and_values_from_the_user_are_escaped() {
        let page = page(&two_parameters());
        assert!(!page.contains("<b>"), "a queue name became markup");
        assert!(!page.contains("<demo>"), "the scenario name became markup");
        // In two legends and four table rows.
        assert_eq!(page.matches("&lt;b&gt;Sales&lt;/b&gt;").count(), 2 + 4);
        assert_eq!(escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&#39;");
    }

    #[test]
    fn the_page_loads_and_runs_nothing() {
        for sweep in [two_parameters(), one_numeric_parameter()] {
            let page = page(&sweep);
            for reference in ["http://", "https://", "<script", "src=", "href=", "@import", "url(", "<link", "<img"] {
                assert!(!page.contains(reference), "{reference} in the page");
            }
        }
    }

    #[test]
    fn a_single_numeric_parameter_is_a_numeric_x_axis() {
        let sweep = one_numeric_parameter();
        let layout = Layout::of(&sweep);
        assert!(layout.numeric);
        assert_eq!(layout.xs, [1.0, 0.8, 1.25]);
        // Ticks at the values, in order, labelled as written; the x axis is the parameter.
        let x = layout.x_range();
        assert!(x.start < 0.8 && x.end > 1.25);
        let ticks = layout.ticks(&x, 400);
        assert_eq!(ticks, [(0.8, "0.8".to_owned()), (1.0, "1".to_owned()), (1.25, "1.25".to_owned())]);
        let page = page(&sweep);
        for chart in charts(&page) {
            let texts = texts(chart);
            for label in ["0.8", "1", "1.25", "traffic.scale"] {
                assert!(texts.iter().any(|t| t == label), "{label} on the x axis: {texts:?}");
            }
            assert!(!texts.iter().any(|t| t.starts_with("combination")));
        }
        // The tick at 1 is placed between 0.8 and 1.25 in proportion: (1 − 0.8) / (1.25 − 0.8).
        let chart = charts(&page)[0];
        let at = |label: &str| -> f64 {
            let end = chart.find(&format!(">\n{label}\n</text>")).unwrap();
            let start = chart[..end].rfind("<text").unwrap();
            let x = &chart[start..end];
            let x = &x[x.find("x=\"").unwrap() + 3..];
            x[..x.find('"').unwrap()].parse().unwrap()
        };
        let share = (at("1") - at("0.8")) / (at("1.25") - at("0.8"));
        assert!((share - 0.2 / 0.45).abs() < 0.02, "tick 1 at {share} of the way");
    }

    #[test]
    fn several_parameters_are_a_combination_axis_labelled_with_their_values() {
        let sweep = two_parameters();
        let layout = Layout::of(&sweep);
        assert!(!layout.numeric);
        assert_eq!(layout.xs, [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(layout.runs, [0, 0, 1, 1], "lines join only combinations of the same threshold");
        let page = page(&sweep);
        let texts = texts(charts(&page)[0]);
        for label in ["30s, 10", "30s, 12", "60s, 10", "60s, 12"] {
            assert!(texts.iter().any(|t| t == label), "{label} on the x axis: {texts:?}");
        }
        assert!(texts.iter().any(|t| t == "combination (skill_queue.Sales.threshold, agent_group.team-a.count)"));
        // A parameter that is numeric but not alone does not make a numeric axis, nor does a
        // single parameter with a value that is not a number.
        let durations = sweep_of_one(&["30s", "60s"]);
        assert!(!Layout::of(&durations).numeric);
        assert!(texts_of_first_chart(&durations).iter().any(|t| t == "60s"));
    }

    fn sweep_of_one(values: &[&str]) -> Sweep {
        sweep(&[("skill_queue.A.threshold", values)], &["asa_s"], &["A"], &|_, _, c| estimate(c as f64, 0.1))
    }

    fn texts_of_first_chart(sweep: &Sweep) -> Vec<String> {
        texts(charts(&page(sweep))[0])
    }

    #[test]
    fn ratio_axes_are_in_per_cent_and_the_table_reads_as_the_text() {
        let page = page(&one_numeric_parameter());
        let charts = charts(&page);
        let percent_ticks = |chart: &str| texts(chart).iter().filter(|t| t.ends_with('%')).count();
        assert!(percent_ticks(charts[0]) >= 3, "abandon_rate in per cent");
        assert_eq!(percent_ticks(charts[1]), 0, "mean_waiting is a plain number");
        assert!(percent_ticks(charts[2]) >= 3, "occupancy in per cent");
        // Table: as the text table writes them, abandon rate 0.04 ± 0.005 of combination 0 (value
        // "1"), queue A.
        assert!(page.contains("<td title=\"5 replications\">0.0400 <span class=\"ci\">±0.0050</span></td>"));
    }

    #[test]
    fn undefined_figures_are_no_point_and_a_dash() {
        let sweep = two_parameters();
        let page = page(&sweep);
        for bad in ["NaN", "inf"] {
            assert!(!page.contains(bad), "{bad} printed");
        }
        assert_eq!(page.matches("<td class=\"na\" title=\"no value\">–</td>").count(), 1);
        // asa_s: 12 points (3 rows × 4 combinations) but one undefined → 11 dots.
        let dots = |chart: &str| chart.matches("<circle").count();
        let charts = charts(&page);
        assert_eq!(dots(charts[0]), 12);
        assert_eq!(dots(charts[1]), 11);
        // A figure undefined everywhere says so.
        let nothing = sweep_with(|_, _, _| estimate(f64::NAN, f64::NAN));
        let page = super::page(&nothing);
        assert_eq!(well_formed_svgs(&page), 1);
        assert!(texts(charts_owned(&page).as_str()).iter().any(|t| t == "no value"));
    }

    fn sweep_with(value: fn(usize, usize, usize) -> Estimate) -> Sweep {
        sweep(&[("traffic.scale", &["1", "2"])], &["asa_s"], &["A"], &value)
    }

    fn charts_owned(page: &str) -> String {
        charts(page)[0].to_owned()
    }

    #[test]
    fn the_header_says_what_was_swept() {
        let page = page(&two_parameters());
        let header = &page[page.find("<header>").unwrap()..page.find("</header>").unwrap()];
        for term in [
            "<dd>scenarios/&lt;demo&gt;.toml</dd>",
            "<dd>42</dd>",
            "<dd>5</dd>",
            "<dd>28800 s</dd>",
            "<dt>skill_queue.Sales.threshold</dt><dd>30s, 60s</dd>",
            "<dt>agent_group.team-a.count</dt><dd>10, 12</dd>",
            "95 %",
            "common random numbers",
        ] {
            assert!(header.contains(term), "{term} in the header");
        }
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(cut("short"), "short");
        assert_eq!(cut(&"x".repeat(40)).chars().count(), LONGEST_LABEL);
    }
}
