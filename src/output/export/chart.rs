//! The charts of the HTML pages (the run report's and the sweep's): colours, font, axes with
//! ticks where we put them, tick labels, the frame of a chart as inline SVG, lines through
//! estimates and the legend beside the plot. Both pages draw with these, so their charts read
//! alike and a change of look is made once.
//!
//! Charts are drawn by `plotters` with only its SVG backend; why that crate, and what "self
//! contained" asks of the page, is in the run report's `html` module.

use std::error::Error;
use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::page::escape;
use crate::output::figure::Form;
use crate::sim::stats::Estimate;

/// What drawing a chart returns: plotters' errors, boxed.
pub(crate) type Drawn = Result<(), Box<dyn Error>>;
/// The whole SVG drawing of one chart.
pub(crate) type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
/// An x-y chart whose x axis has its ticks where [`Ticked`] puts them.
pub(crate) type XyChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, RangedCoordf64>>;

/// One colour per queue or group (Tableau 10, without its grey); the total row is drawn in ink.
pub(crate) const PALETTE: [RGBColor; 9] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0x9c, 0x75, 0x5f),
];

pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

pub(crate) const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

pub(crate) const FONT: &str = "sans-serif";

/// Font size handed to plotters; its SVG backend writes `size / 1.24` px.
pub(crate) const FONT_SIZE: u32 = 15;

pub(crate) fn text_style(pos: Pos) -> TextStyle<'static> {
    TextStyle::from((FONT, FONT_SIZE).into_font()).color(&INK).pos(pos)
}

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above `x`; 1 for
/// anything not positive.
pub(crate) fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Tick labels of an axis spanning `span` from 0: shares in per cent (a decimal below 10 %),
/// other figures with fewer decimals the longer the axis. Written by [`Form`], as the tables are.
pub(crate) fn axis_labels(span: f64, percent: bool) -> impl Fn(&f64) -> String {
    let form = if percent {
        Form::percent(if span < 0.1 { 1 } else { 0 })
    } else if span <= 2.0 {
        Form::fixed(2)
    } else if span <= 20.0 {
        Form::fixed(1)
    } else {
        Form::fixed(0)
    };
    move |y| form.value(*y)
}

/// A y axis from 0 (or below, for negative figures) to a round number that holds the means and
/// some of their intervals: with few replications an interval can be many times the mean, and
/// would flatten the lines if the axis had to hold all of it (whiskers and bands are clipped).
/// A share's axis ends at 100 % at the most.
pub(crate) fn y_range(estimates: impl Iterator<Item = Estimate> + Clone, percent: bool) -> Range<f64> {
    let means = estimates.clone().map(|e| e.mean).filter(|m| m.is_finite());
    let highest = means.clone().fold(0.0, f64::max);
    let lowest = means.fold(0.0, f64::min);
    let upper = estimates.map(|e| e.mean + if e.ci95.is_finite() { e.ci95 } else { 0.0 }).filter(|u| u.is_finite());
    let band = upper.fold(0.0, f64::max).min(highest * 1.5);
    let top = nice_ceiling((highest * 1.1).max(band));
    let top = if percent && highest <= 1.0 { top.min(1.0) } else { top };
    let bottom = if lowest < 0.0 { -nice_ceiling(-lowest * 1.1) } else { 0.0 };
    bottom..top
}

/// A number axis with its ticks where we put them. Plotters' own choice is 1, 2 or 5 × 10^k,
/// which reads badly on a clock (every 5 h), for waits (every 50 s) or for a sweep's values; its
/// `WithKeyPoints` takes given ticks but loses the number formatting that `configure_mesh` needs.
#[derive(Clone)]
pub(crate) struct Ticked {
    range: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub(crate) fn new(range: Range<f64>, ticks: Vec<f64>) -> Self {
        Ticked { range: range.into(), ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.range.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.range.range()
    }
}

impl ValueFormatter<f64> for Ticked {
    fn format(value: &f64) -> String {
        value.to_string()
    }
}

/// An SVG chart of `size` px drawn by `draw`, labelled for screen readers, without the namespace
/// URL (an HTML parser puts `<svg>` in its namespace by itself, and the page then names no URL
/// at all). If plotters fails (it only writes to a string, so it should not), a sentence says so
/// instead of a broken chart.
pub(crate) fn svg(label: &str, size: (u32, u32), draw: impl FnOnce(&Area<'_>) -> Drawn) -> String {
    let mut svg = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root).and_then(|()| root.present().map_err(Into::into))
    };
    match drawn {
        Ok(()) => svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1).replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(label)),
            1,
        ),
        Err(e) => format!("<p class=\"note\">This chart could not be drawn: {}</p>\n", escape(&e.to_string())),
    }
}

/// Axes, grid and tick labels of an x-y chart. The x axis gets as many labels as it has ticks:
/// plotters multiplies the count it is given (a "no limit" of `usize::MAX` overflows there), and
/// [`Ticked`] gives its ticks whatever the count.
pub(crate) fn mesh(
    chart: &mut XyChart<'_, '_>,
    x_desc: &str,
    y_desc: &str,
    x_format: &dyn Fn(&f64) -> String,
    y_format: &dyn Fn(&f64) -> String,
) -> Drawn {
    let x_ticks = chart.as_coord_spec().x_spec().ticks.len().max(1);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(INK.mix(0.6))
        .x_labels(x_ticks)
        .y_labels(6)
        .x_label_formatter(x_format)
        .y_label_formatter(y_format)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FONT, FONT_SIZE))
        .axis_desc_style((FONT, FONT_SIZE))
        .draw()?;
    Ok(())
}

/// A sentence in the middle of a chart with nothing to draw.
pub(crate) fn nothing_to_draw(chart: &mut XyChart<'_, '_>, text: &str, centre: (f64, f64)) -> Drawn {
    let text = Text::new(text.to_owned(), centre, text_style(Pos::new(HPos::Center, VPos::Center)));
    chart.draw_series(std::iter::once(text))?;
    Ok(())
}

/// A line through the means with a dot at each, broken where the figure is undefined.
pub(crate) fn line(chart: &mut XyChart<'_, '_>, points: &[(f64, Estimate)], colour: RGBColor, width: u32) -> Drawn {
    for run in points.split(|(_, e)| !e.mean.is_finite()).filter(|run| !run.is_empty()) {
        if run.len() > 1 {
            chart.draw_series(LineSeries::new(run.iter().map(|(x, e)| (*x, e.mean)), colour.stroke_width(width)))?;
        }
        chart.draw_series(run.iter().map(|(x, e)| Circle::new((*x, e.mean), width + 1, colour.filled())))?;
    }
    Ok(())
}

/// What a legend entry shows before its label: a line of a colour and width, or a swatch.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    Line(RGBColor, u32),
    Swatch(RGBColor),
}

/// The room a legend of `keys` needs right of the plotting area, px.
pub(crate) fn legend_width(keys: &[(String, Key)]) -> u32 {
    let widest = keys.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0) as u32;
    widest * CHAR_PX + 48
}

/// Rough width of a character of a label, px (plotters' fixed em-width rule).
pub(crate) const CHAR_PX: u32 = 7;

/// A legend right of the plotting area. Plotters keeps its own legend inside the plotting area,
/// where it hides data; this one is drawn on the whole chart in the right margin.
pub(crate) fn legend_beside(root: &Area<'_>, chart: &XyChart<'_, '_>, keys: &[(String, Key)]) -> Drawn {
    let (x_range, y_range) = chart.plotting_area().get_pixel_range();
    let x = x_range.end + 14;
    for (rank, (label, key)) in keys.iter().enumerate() {
        let y = y_range.start + 8 + 20 * rank as i32;
        match *key {
            Key::Line(colour, width) => {
                root.draw(&PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(width)))?
            }
            Key::Swatch(colour) => root.draw(&Rectangle::new([(x + 2, y - 6), (x + 16, y + 6)], colour.filled()))?,
        }
        root.draw(&Text::new(label.as_str(), (x + 24, y), text_style(Pos::new(HPos::Left, VPos::Center))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        // 105 s of wait → 120 s, 0.083 abandon rate → 10 %, 23 agents → 25; 1 for no number.
        let cases = [(105.0, 120.0), (0.083, 0.1), (23.0, 25.0), (60.0, 60.0), (0.0, 1.0), (f64::NAN, 1.0)];
        for (x, ceiling) in cases {
            assert_eq!(nice_ceiling(x), ceiling, "{x}");
        }
    }

    #[test]
    fn y_axes_hold_the_means_and_some_of_their_intervals() {
        let e = |mean, ci95| Estimate { mean, ci95, n: 5 };
        let y = y_range([e(0.5, 0.1)].into_iter(), true);
        assert!(y.start == 0.0 && (y.end - 0.6).abs() < 1e-12, "{y:?}");
        assert_eq!(y_range([e(0.95, 0.1)].into_iter(), true), 0.0..1.0, "a share's axis ends at 100 %");
        assert_eq!(y_range([e(f64::NAN, f64::NAN)].into_iter(), false), 0.0..1.0);
        assert_eq!(y_range([e(-3.0, 0.5)].into_iter(), false).start, -4.0);
    }

    #[test]
    fn tick_labels_are_figures() {
        assert_eq!(axis_labels(1.0, true)(&0.8), "80%");
        assert_eq!(axis_labels(0.05, true)(&0.025), "2.5%");
        assert_eq!(axis_labels(100.0, false)(&60.0), "60");
        assert_eq!(axis_labels(1.5, false)(&0.5), "0.50");
    }
}
