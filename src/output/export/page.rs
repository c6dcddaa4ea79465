//! The HTML page every HTML output is written in (the run report's and the sweep's): the head
//! with the one style sheet, the header that says what was run, sections, figures, a table cell
//! of an estimate, and the footer. Both pages are built from these, so they look alike and a
//! change of look is made once.
//!
//! The page is self-contained (inline CSS and SVG, no script, font or image, no URL) and
//! well-formed XML: every element closed, every attribute quoted, and every name from the user's
//! files passed through [`escape`].

use std::fmt::Write as _;

use crate::output::figure::{Form, UNDEFINED};
use crate::sim::stats::Estimate;

const STYLE: &str = "
body { font-family: system-ui, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #222; background: #f6f6f4;
  max-width: 1320px; margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.4 }
h1 { font-size: 1.6rem; margin: .5rem 0 }
h2 { font-size: 1.2rem; margin: 0 0 .4rem }
h3 { font-size: 1rem; margin: 1rem 0 .4rem }
header dl { display: flex; flex-wrap: wrap; gap: .3rem 2rem; margin: .5rem 0 }
header dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: #666 }
header dd { margin: 0; font-size: 1.05rem; font-weight: 600 }
nav a { margin-right: 1rem }
section { background: #fff; border: 1px solid #e0e0dc; border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0 }
p.note { color: #555; margin: 0 0 .75rem; max-width: 62rem }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem 1.5rem }
figure { margin: 0 }
figure.wide { max-width: 960px }
figcaption { font-weight: 600; margin-bottom: .2rem }
figcaption span { font-weight: 400; color: #666 }
svg { display: block; width: 100%; height: auto }
.scroll { overflow-x: auto }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums }
th, td { padding: .25rem .55rem; border-bottom: 1px solid #ececec; text-align: right; white-space: nowrap }
th { font-weight: 600; vertical-align: bottom; background: #fafafa }
th.group { text-align: center; border-bottom: 1px solid #ccc }
th.label, td.label { text-align: left }
tr.first td { border-top: 2px solid #ddd }
tr.total td { font-weight: 600; border-top: 2px solid #bbb }
.ci { display: block; color: #888; font-size: .8em }
.na { color: #bbb }
details { margin-top: .75rem }
summary { cursor: pointer; color: #335 }
footer { color: #888; font-size: .8rem; margin-top: 2rem }
";

/// What the header of a page says.
#[derive(Debug)]
pub(crate) struct Header<'a> {
    /// The page's title and heading, as text.
    pub title: &'a str,
    /// What was run: (term, value), both already HTML.
    pub terms: Vec<(String, String)>,
    /// The paragraph under the terms, HTML.
    pub note: &'a str,
    /// Links to the page's sections: (section id, link text).
    pub nav: &'a [(&'a str, &'a str)],
}

/// The page up to and with its header.
pub(crate) fn start(header: &Header<'_>) -> String {
    let title = escape(header.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n<dl>\n"
    );
    for (term, value) in &header.terms {
        let _ = writeln!(out, "<div><dt>{term}</dt><dd>{value}</dd></div>");
    }
    let _ = write!(out, "</dl>\n<p class=\"note\">{}</p>\n", header.note);
    if !header.nav.is_empty() {
        out.push_str("<nav>");
        for (id, text) in header.nav {
            let _ = write!(out, "<a href=\"#{id}\">{text}</a>");
        }
        out.push_str("</nav>\n");
    }
    out.push_str("</header>\n");
    out
}

/// Closes the page with its footer; `same` says where else the same figures are.
pub(crate) fn end(out: &mut String, same: &str) {
    let _ = write!(
        out,
        "<footer>Written by callsim {}. Every figure is defined in docs/reports.md; {same}</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
}

/// Opens a `<section>` with its heading and explanation (HTML).
pub(crate) fn open_section(out: &mut String, id: &str, title: &str, note: &str) {
    let _ = write!(out, "<section id=\"{id}\">\n<h2>{title}</h2>\n<p class=\"note\">{note}</p>\n");
}

/// A figure with its caption (HTML) and chart; `wide` puts it alone on its line, wider than a
/// grid cell.
pub(crate) fn figure(out: &mut String, caption: &str, svg: &str, wide: bool) {
    let class = if wide { " class=\"wide\"" } else { "" };
    let _ = write!(out, "<figure{class}>\n<figcaption>{caption}</figcaption>\n{svg}</figure>\n");
}

/// A table cell of an estimate written in `form`: the mean, its half-width under it when the
/// form shows one, the replications it is over as the cell's title; a dash when undefined.
pub(crate) fn cell(e: &Estimate, form: Form) -> String {
    if !e.mean.is_finite() {
        return format!("<td class=\"na\" title=\"no value\">{UNDEFINED}</td>");
    }
    let replications = format!("{} replication{}", e.n, if e.n == 1 { "" } else { "s" });
    let mean = form.value(e.mean);
    match form.half_width(e) {
        Some(half_width) => {
            format!("<td title=\"{replications}\">{mean} <span class=\"ci\">{half_width}</span></td>")
        }
        None => format!("<td title=\"{replications}\">{mean}</td>"),
    }
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
