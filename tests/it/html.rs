//! The HTML report that `callsim run --out DIR` writes: a page a planner opens anywhere, offline.
//! It is read here with a strict XML parser (the page is written as well-formed XHTML-compatible
//! markup), so an unclosed element, a stray `&` or an unescaped name fails the test.

use quick_xml::events::Event;

use super::support::callsim;

/// What the tests look at in the page.
#[derive(Debug, Default)]
struct Page {
    /// Each `<section>`'s id and how many `<svg>` charts it holds, in page order.
    sections: Vec<(String, usize)>,
    /// The direct text of every element, trimmed, with the element's name and class:
    /// `("td", "label", "A")`, `("text", "", "team-a")`...
    texts: Vec<(String, String, String)>,
}

impl Page {
    /// Parses `html` as XML: every element closed and properly nested, attributes quoted, only
    /// XML's own entities. Panics with the byte offset otherwise.
    fn parse(html: &str) -> Page {
        let mut reader = quick_xml::Reader::from_str(html);
        let mut page = Page::default();
        // The open elements: name, class, direct text so far.
        let mut open: Vec<(String, String, String)> = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    let name = e.name().as_ref().to_owned();
                    let attribute =
                        |key: &str| e.try_get_attribute(key).unwrap().map(|a| a.value.into_owned()).unwrap_or_default();
                    match name.as_str() {
                        "section" => page.sections.push((attribute("id"), 0)),
                        "svg" => page.sections.last_mut().expect("every chart is in a section").1 += 1,
                        _ => {}
                    }
                    open.push((name, attribute("class"), String::new()));
                }
                Ok(Event::End(_)) => {
                    let (name, class, text) = open.pop().expect("check_end_names: no unmatched end");
                    page.texts.push((name, class, text.trim().to_owned()));
                }
                Ok(Event::Text(e)) => {
                    if let Some((_, _, text)) = open.last_mut() {
                        text.push_str(&e.xml10_content());
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    let c = match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => r.resolve_char_ref().unwrap().unwrap_or_else(|| panic!("&{}; is not an XML entity", &*r)),
                    };
                    if let Some((_, _, text)) = open.last_mut() {
                        text.push(c);
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed at byte {}: {e}", reader.error_position()),
            }
        }
        let unclosed: Vec<&str> = open.iter().map(|(name, _, _)| name.as_str()).collect();
        assert!(unclosed.is_empty(), "unclosed elements: {unclosed:?}");
        page
    }

    /// Whether some `<name class="class">` element's direct text is `text`.
    fn has_text(&self, name: &str, class: &str, text: &str) -> bool {
        self.texts.iter().any(|(n, c, t)| n == name && c == class && t == text)
    }
}

/// `callsim run SCENARIO --replications 2 --out DIR` into a new directory; returns report.html.
fn html_report(scenario: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let output = callsim(&["run", scenario, "--replications", "2", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

/// The skill queue names of a scenario and the names of its groups of agents (quality checkers
/// supervise and are not counted as agents), as the scenario file gives them.
fn names(scenario: &str) -> (Vec<String>, Vec<String>) {
    let path = format!("{}/{scenario}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded =
        callsim::input::scenario::parse(callsim::input::scenario::SourceFile { path: path.into(), text }).unwrap();
    let scenario = loaded.scenario;
    (
        scenario.skill_queues.iter().map(|q| q.name.clone()).collect(),
        scenario
            .agent_groups
            .iter()
            .filter(|g| g.role != callsim::input::scenario::Role::QualityChecker)
            .map(|g| g.name.clone())
            .collect(),
    )
}

#[test]
fn the_html_report_is_well_formed_with_a_chart_in_every_chart_section() {
    let page = Page::parse(&html_report("scenarios/hotline.toml"));
    let ids: Vec<&str> = page.sections.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["waits", "service", "load", "occupancy", "tables"]);
    for (id, charts) in &page.sections {
        if id != "tables" {
            assert!(*charts >= 1, "section {id} has no chart");
        }
    }
    // Waits: one chart per queue (A, B) and all queues.
    assert_eq!(page.sections[0].1, 3);
    // The header says what was run.
    for (term, value) in [("replications", "2"), ("seed", "42"), ("horizon", "8h"), ("warm-up", "30m")] {
        let at = page.texts.iter().position(|(n, _, t)| n == "dt" && t == term).unwrap_or_else(|| panic!("{term}"));
        assert_eq!(page.texts[at + 1].2, value, "{term}");
    }
}

#[test]
fn the_html_report_loads_nothing_from_the_network() {
    let html = html_report("scenarios/hotline.toml");
    for reference in ["src=\"http", "href=\"http", "href=\"//", "src=\"//", "@import", "url(", "<script", "<link"] {
        assert!(!html.contains(reference), "{reference} in report.html");
    }
    // The only absolute URL is the SVG namespace name, which no browser fetches.
    let urls: Vec<&str> = html.match_indices("http").map(|(i, _)| &html[i..(i + 26).min(html.len())]).collect();
    assert!(urls.iter().all(|u| u.starts_with("http://www.w3.org/2000/svg")), "{urls:?}");
}

#[test]
fn the_html_report_names_every_queue_and_agent_group() {
    for scenario in ["scenarios/hotline.toml", "scenarios/multi-skill.toml"] {
        let page = Page::parse(&html_report(scenario));
        let (queues, groups) = names(scenario);
        assert!(!queues.is_empty() && !groups.is_empty(), "{scenario}");
        for queue in &queues {
            // A row of the skill queue table, a wait chart and a line in the interval charts' legends.
            assert!(page.has_text("td", "label", queue), "{scenario}: no table row for queue {queue}");
            assert!(page.has_text("figcaption", "", queue), "{scenario}: no wait chart for queue {queue}");
            assert!(page.has_text("text", "", queue), "{scenario}: no legend entry for queue {queue}");
        }
        for group in &groups {
            assert!(page.has_text("td", "label", group), "{scenario}: no table row for group {group}");
            assert!(page.has_text("text", "", group), "{scenario}: no occupancy bar for group {group}");
        }
    }
}
