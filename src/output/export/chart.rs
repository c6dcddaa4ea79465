//! The look the HTML pages share (the run report's and the sweep's): colours, font, text style,
//! axis labels and escaping, so both pages read alike.

use plotters::prelude::*;
use plotters::style::text_anchor::Pos;

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

/// Tick labels of a share axis from 0 to `top`, in per cent.
pub(crate) fn percent_axis(top: f64) -> impl Fn(&f64) -> String {
    let decimals = if top < 0.1 { 1 } else { 0 };
    move |y| format!("{:.*} %", decimals, y * 100.0)
}

/// Tick labels of a count or average axis from 0 to `top`.
pub(crate) fn decimal_axis(top: f64) -> impl Fn(&f64) -> String {
    let decimals = if top <= 2.0 {
        2
    } else if top <= 20.0 {
        1
    } else {
        0
    };
    move |y| format!("{y:.decimals$}")
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

/// `text` with the five XML special characters escaped, for element text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
