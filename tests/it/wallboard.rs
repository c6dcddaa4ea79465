//! The live wallboard (`callsim serve`, page `/`) in a real headless Chromium: the page renders
//! the boards of `/api/stream` as they arrive, one element per queue, and fetches nothing from
//! anywhere else. Chromium is required: this test fails, not skips, when it is missing.
//!
//! The browser is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON
//! messages ended by a NUL byte, written to its fd 3 and read from its fd 4), which needs no
//! WebSocket client. `--dump-dom` and `--screenshot` cannot wait for a server-sent event: they act
//! at the load event, which does not wait for the stream (so the page may hold 0 or 1 boards),
//! and `--virtual-time-budget` never runs out while the stream is open.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// How long the whole browser session may take, from start to screenshot.
const BROWSER_BUDGET: Duration = Duration::from_secs(20);
/// Boards the page must have rendered: more than the one the stream sends on connecting, so the
/// page is seen following the stream.
const UPDATES: u64 = 3;

/// A child process killed and reaped when this is dropped, panic or not.
#[derive(Debug)]
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Debian's Chromium: `/usr/bin/chromium`, else `chromium` on the PATH.
fn chromium() -> PathBuf {
    let default = Path::new("/usr/bin/chromium");
    if default.is_file() {
        return default.to_owned();
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|p| p.is_file()))
        .unwrap_or_else(|| {
            panic!("this test needs Chromium (no /usr/bin/chromium, no chromium on the PATH): apt-get install chromium")
        })
}

/// A DevTools protocol connection to a browser started with `--remote-debugging-pipe`.
struct DevTools {
    to_browser: ChildStdin,
    from_browser: Receiver<Value>,
    next_id: u64,
    deadline: Instant,
    /// Every event received so far (messages without an id), in order.
    events: Vec<Value>,
    /// Where the browser's stderr goes, quoted when something fails.
    log: PathBuf,
}

impl DevTools {
    /// Sends `method` (to the page `session` if given) and waits for its answer, within the
    /// deadline. Returns the result, or the protocol's error as text.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        if let Err(e) = self.to_browser.write_all(&bytes).and_then(|()| self.to_browser.flush()) {
            self.fail(&format!("cannot send {method} to Chromium: {e}"));
        }
        loop {
            match self.from_browser.recv_timeout(self.deadline.saturating_duration_since(Instant::now())) {
                Ok(answer) if answer["id"] == id => {
                    return match answer.get("error") {
                        Some(error) => Err(error.to_string()),
                        None => Ok(answer["result"].clone()),
                    };
                }
                Ok(answer) if answer.get("id").is_some() => {} // an answer to an earlier call
                Ok(event) => self.events.push(event),
                Err(RecvTimeoutError::Timeout) => {
                    self.fail(&format!("Chromium did not answer {method} within the {BROWSER_BUDGET:?} budget"))
                }
                Err(RecvTimeoutError::Disconnected) => self.fail(&format!("Chromium closed the pipe during {method}")),
            }
        }
    }

    /// Like [`DevTools::call`], panicking on a protocol error.
    fn must(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.call(session, method, params).unwrap_or_else(|error| self.fail(&format!("{method}: {error}")))
    }

    fn fail(&self, message: &str) -> ! {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().filter(|l| !l.contains("dbus")).collect();
        panic!(
            "{message}\nChromium's stderr (last lines, D-Bus noise left out):\n{}",
            tail[tail.len().saturating_sub(15)..].join("\n")
        )
    }
}

/// What the test reads of the page: `data-updates` and, per `data-queue` element, its name and
/// the text of its `calls_waiting` and `service_level` fields.
const READ_PAGE: &str = r#"JSON.stringify({
  updates: Number(document.documentElement.dataset.updates || 0),
  queues: [...document.querySelectorAll("[data-queue]")].map((q) => ({
    name: q.dataset.queue,
    calls_waiting: q.querySelector('[data-field="calls_waiting"]')?.textContent ?? null,
    service_level: q.querySelector('[data-field="service_level"]')?.textContent ?? null,
  })),
})"#;

#[test]
fn the_wallboard_renders_every_queue_from_the_stream() {
    let browser_path = chromium();
    let scenario =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hotline.toml")).unwrap();
    let queue_names: Vec<String> = super::support::model(&scenario).queues.iter().map(|q| q.name.clone()).collect();
    let started = Instant::now();
    let server = super::live::Server::start(&["scenarios/hotline.toml", "--speed", "600", "--seed", "7"]);
    let url = format!("http://{}/", server.address);

    // Declared before the browser, so dropped after it: the browser is gone before its profile.
    let profile = tempfile::tempdir().unwrap();
    let log = profile.path().join("chromium-stderr.log");
    let data_dir = profile.path().join("user-data");
    // `sh` gives Chromium the pipe pair on fds 3 and 4, then `exec`s it (the wrapper script
    // `exec`s the browser in turn), so the child's id is the browser's.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
        .arg(&browser_path)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-pipe",
            "--window-size=1280,800",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", data_dir.display()))
        .arg("about:blank")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser_path.display()));
    let to_browser = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut browser = KillOnDrop(child);
    let (messages, from_browser) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut message = Vec::new();
        while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) && message.pop() == Some(0) {
            let Ok(value) = serde_json::from_slice::<Value>(&message) else { break };
            if messages.send(value).is_err() {
                break;
            }
            message.clear();
        }
    });
    let mut devtools = DevTools {
        to_browser,
        from_browser,
        next_id: 0,
        deadline: Instant::now() + BROWSER_BUDGET,
        events: Vec::new(),
        log,
    };

    // A page of its own, watched from before it loads.
    let target = devtools.must(None, "Target.createTarget", json!({ "url": "about:blank" }));
    let attached =
        devtools.must(None, "Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }));
    let session = attached["sessionId"].as_str().unwrap().to_owned();
    let session = Some(session.as_str());
    devtools.must(
        session,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false }),
    );
    devtools.must(session, "Network.enable", json!({}));
    devtools.must(session, "Page.navigate", json!({ "url": url }));

    // Read the page every 100 ms until it has rendered enough boards (or the budget runs out).
    let mut last;
    let page = loop {
        let read =
            devtools.call(session, "Runtime.evaluate", json!({ "expression": READ_PAGE, "returnByValue": true }));
        // Before the page's document exists, the evaluation can fail or find nothing: read again.
        match read.map(|r| r["result"]["value"].as_str().map(str::to_owned)) {
            Ok(Some(text)) => {
                let page: Value = serde_json::from_str(&text).unwrap();
                if page["updates"].as_u64().is_some_and(|n| n >= UPDATES) {
                    break page;
                }
                last = text;
            }
            Ok(None) => last = String::from("(no value)"),
            Err(error) => last = error,
        }
        if Instant::now() + Duration::from_millis(200) > devtools.deadline {
            devtools
                .fail(&format!("the wallboard did not render {UPDATES} boards within the budget; last read: {last}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    };

    let screenshot = devtools.must(session, "Page.captureScreenshot", json!({ "format": "png" }));
    let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wallboard.png");
    let bytes = base64::engine::general_purpose::STANDARD.decode(screenshot["data"].as_str().unwrap()).unwrap();
    std::fs::write(&png, bytes).unwrap();
    println!("wallboard screenshot: {}", png.display());

    // The page asks the server it came from and nothing else.
    let requested: Vec<&str> = devtools
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .collect();
    assert!(requested.iter().any(|u| u.ends_with("/api/stream")), "the page opens the stream: {requested:?}");
    let elsewhere: Vec<&&str> = requested.iter().filter(|u| !u.starts_with(url.as_str())).collect();
    assert!(elsewhere.is_empty(), "the page fetches from elsewhere than {url}: {elsewhere:?}");

    let queues = page["queues"].as_array().unwrap();
    let shown: Vec<&str> = queues.iter().map(|q| q["name"].as_str().unwrap()).collect();
    assert_eq!(shown, queue_names, "one element per queue, in the scenario's order: {page}");
    for queue in queues {
        let calls_waiting = queue["calls_waiting"].as_str().unwrap_or_default();
        assert!(
            !calls_waiting.is_empty() && calls_waiting.bytes().all(|b| b.is_ascii_digit()),
            "calls waiting is a number: {queue}"
        );
        let service_level = queue["service_level"].as_str().unwrap_or_default();
        // As the text report writes a share: one decimal and "%", or "–" when undefined.
        let percent = service_level.strip_suffix('%').and_then(|n| n.split_once('.')).is_some_and(|(whole, tenth)| {
            tenth.len() == 1 && format!("{whole}.{tenth}").parse::<f64>().is_ok_and(|p| (0.0..=100.0).contains(&p))
        });
        assert!(percent || service_level == "–", "service level is a percent or \"–\": {queue}");
    }

    // Close the browser properly (it is killed on the way out otherwise).
    if devtools.call(None, "Browser.close", json!({})).is_ok() {
        let closing = Instant::now() + Duration::from_secs(5);
        while browser.0.try_wait().ok().flatten().is_none() && Instant::now() < closing {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    drop(browser);
    println!("wallboard test took {:.1} s", started.elapsed().as_secs_f64());
}
