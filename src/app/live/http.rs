//! The HTTP side of a live session: the monitoring API, the wallboard page and its event stream,
//! and the control API. Every endpoint and field is in `docs/live.md`.
//!
//! Handlers read the latest publication (an `Arc`, cloned) and send requests to the simulation
//! thread without ever waiting on it while it runs: a full request channel is a 503, not a wait.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use tokio_stream::{StreamExt as _, wrappers::WatchStream};

use super::session::{Envelope, Published, Refusal, Request};
use crate::output::report::AgentState;
use crate::sim::engine::{Control, Pace};
use crate::sim::model::Model;

/// The wallboard: one self-contained page, no external requests.
const WALLBOARD: &str = include_str!("wallboard.html");

#[derive(Debug, Clone)]
pub(super) struct App {
    pub model: Arc<Model>,
    pub board: tokio::sync::watch::Receiver<Arc<Published>>,
    pub requests: crossbeam_channel::Sender<Envelope>,
}

pub(super) fn router(app: App) -> Router {
    Router::new()
        .route("/", get(wallboard))
        .route("/api/status", get(status))
        .route("/api/queues", get(queues))
        .route("/api/queues/{name}", get(queue))
        .route("/api/agents", get(agents))
        .route("/api/stream", get(stream))
        .route("/api/control", post(control))
        .route("/api/what-if", post(what_if))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

fn latest(app: &App) -> Arc<Published> {
    app.board.borrow().clone()
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such endpoint; see docs/live.md")
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "this endpoint does not take that method; see docs/live.md")
}

async fn wallboard() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], WALLBOARD)
        .into_response()
}

async fn status(State(app): State<App>) -> Response {
    let p = latest(&app);
    Json(json!({ "time_s": p.snapshot.time_s, "clock": p.snapshot.clock, "events": p.snapshot.events, "status": p.status }))
        .into_response()
}

async fn queues(State(app): State<App>) -> Response {
    let p = latest(&app);
    let s = &p.snapshot;
    Json(json!({
        "time_s": s.time_s, "clock": s.clock,
        "window_start_s": s.window_start_s, "window_end_s": s.window_end_s,
        "queues": s.queues,
    }))
    .into_response()
}

async fn queue(State(app): State<App>, Path(name): Path<String>) -> Response {
    let p = latest(&app);
    let s = &p.snapshot;
    match s.queues.iter().find(|q| q.name == name) {
        Some(queue) => Json(json!({
            "time_s": s.time_s, "clock": s.clock,
            "window_start_s": s.window_start_s, "window_end_s": s.window_end_s,
            "queue": queue,
        }))
        .into_response(),
        None => error(StatusCode::NOT_FOUND, format!("no skill queue named \"{name}\"")),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentFilter {
    group: Option<String>,
    state: Option<String>,
}

async fn agents(State(app): State<App>, filter: Result<Query<AgentFilter>, QueryRejection>) -> Response {
    let Query(filter) = match filter {
        Ok(filter) => filter,
        Err(rejection) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("{}; expected ?group=NAME&state=STATE", rejection.body_text()),
            );
        }
    };
    if let Some(group) = &filter.group
        && !app.model.groups.iter().any(|g| &g.name == group)
    {
        let names: Vec<&str> = app.model.groups.iter().map(|g| g.name.as_str()).collect();
        return error(
            StatusCode::BAD_REQUEST,
            format!("no agent group named \"{group}\"; groups: {}", names.join(", ")),
        );
    }
    if let Some(state) = &filter.state
        && !AgentState::ALL.iter().any(|s| s.name() == state)
    {
        let names: Vec<&str> = AgentState::ALL.iter().map(|s| s.name()).collect();
        return error(StatusCode::BAD_REQUEST, format!("no agent state \"{state}\"; states: {}", names.join(", ")));
    }
    let p = latest(&app);
    let s = &p.snapshot;
    let selected: Vec<_> = s
        .agents
        .iter()
        .filter(|a| filter.group.as_ref().is_none_or(|g| &a.group == g))
        .filter(|a| filter.state.as_ref().is_none_or(|state| a.state.name() == state))
        .collect();
    Json(json!({ "time_s": s.time_s, "clock": s.clock, "agents": selected })).into_response()
}

/// Server-sent events: a `board` event with the status and the queues at every publication. A
/// client that reads slowly gets the latest board when it reads, not a backlog. Each event's
/// bytes are shared by all clients.
async fn stream(State(app): State<App>) -> Response {
    let frames = WatchStream::new(app.board.clone()).map(|published| Ok::<_, Infallible>(published.frame.clone()));
    ([(header::CONTENT_TYPE, "text/event-stream"), (header::CACHE_CONTROL, "no-cache")], Body::from_stream(frames))
        .into_response()
}

/// A body of `/api/control`.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
enum ControlBody {
    Pause,
    Resume,
    Speed { speed: SpeedValue },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SpeedValue {
    Times(f64),
    Word(String),
}

/// A body of `/api/what-if`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
enum WhatIfBody {
    Arrivals { dialed: String, percent: Option<f64>, factor: Option<f64> },
    SignOut { group: String, count: u32 },
    SignIn { group: String, count: u32 },
}

/// Why a request's body asks for nothing the session can do (the API answers 400 Bad Request).
#[derive(Debug, thiserror::Error)]
enum BadRequest {
    #[error("{error}; expected {expected}")]
    Shape { error: serde_json::Error, expected: &'static str },
    #[error("speed {0}: give a number greater than 0, or \"max\"")]
    Speed(String),
    #[error("no agent group named \"{name}\"; groups: {}", .groups.join(", "))]
    UnknownGroup { name: String, groups: Vec<String> },
    #[error("no traffic dials \"{dialed}\"; dialed numbers: {}", .numbers.join(", "))]
    UnknownDialed { dialed: String, numbers: Vec<String> },
    #[error("percent {0}: give a change of at least -100")]
    Percent(f64),
    #[error("factor {0}: give a number at least 0")]
    Factor(f64),
    #[error("give either \"percent\" (a change of the current rate) or \"factor\" (of the scenario's rate)")]
    PercentOrFactor,
    #[error("count 0: give at least 1 agent")]
    NoAgents,
}

fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes, expected: &'static str) -> Result<T, BadRequest> {
    serde_json::from_slice(body).map_err(|error| BadRequest::Shape { error, expected })
}

const CONTROL_SHAPE: &str = r#"{"action": "pause"}, {"action": "resume"} or {"action": "speed", "speed": 60 | "max"}"#;
const WHAT_IF_SHAPE: &str = r#"{"kind": "arrivals", "dialed": "12345", "percent": 30 (or "factor": 1.3)}, {"kind": "sign-out", "group": "team-a", "count": 5} or {"kind": "sign-in", ...}"#;

async fn control(State(app): State<App>, bytes: Result<Bytes, BytesRejection>) -> Response {
    // A body that could not be read (over 2 MB) gets a JSON error too.
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(rejection) => return error(rejection.status(), rejection.body_text()),
    };
    match control_request(&bytes) {
        Ok(request) => send(&app, request).await,
        Err(bad) => error(StatusCode::BAD_REQUEST, bad.to_string()),
    }
}

fn control_request(body: &Bytes) -> Result<Request, BadRequest> {
    Ok(match parse::<ControlBody>(body, CONTROL_SHAPE)? {
        ControlBody::Pause => Request::Control(Control::Pause),
        ControlBody::Resume => Request::Control(Control::Resume),
        ControlBody::Speed { speed: SpeedValue::Times(speed) } if speed.is_finite() && speed > 0.0 => {
            Request::Control(Control::Speed(Pace::Times(speed)))
        }
        ControlBody::Speed { speed: SpeedValue::Word(word) } if word == "max" => {
            Request::Control(Control::Speed(Pace::Max))
        }
        ControlBody::Speed { speed: SpeedValue::Times(speed) } => return Err(BadRequest::Speed(speed.to_string())),
        ControlBody::Speed { speed: SpeedValue::Word(word) } => return Err(BadRequest::Speed(format!("\"{word}\""))),
    })
}

async fn what_if(State(app): State<App>, bytes: Result<Bytes, BytesRejection>) -> Response {
    // A body that could not be read (over 2 MB) gets a JSON error too.
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(rejection) => return error(rejection.status(), rejection.body_text()),
    };
    match what_if_request(&app.model, &bytes) {
        Ok(request) => send(&app, request).await,
        Err(bad) => error(StatusCode::BAD_REQUEST, bad.to_string()),
    }
}

fn what_if_request(model: &Model, body: &Bytes) -> Result<Request, BadRequest> {
    let group = |name: &str| {
        model.groups.position(|g| g.name == name).ok_or_else(|| BadRequest::UnknownGroup {
            name: name.to_owned(),
            groups: model.groups.iter().map(|g| g.name.clone()).collect(),
        })
    };
    Ok(match parse::<WhatIfBody>(body, WHAT_IF_SHAPE)? {
        WhatIfBody::Arrivals { dialed, percent, factor } => {
            let Some(traffic) = model.traffic.position(|t| t.dialed == dialed) else {
                let numbers = model.traffic.iter().map(|t| t.dialed.clone()).collect();
                return Err(BadRequest::UnknownDialed { dialed, numbers });
            };
            match (percent, factor) {
                (Some(percent), None) if percent.is_finite() && percent >= -100.0 => {
                    Request::ArrivalsBy { traffic, percent }
                }
                (Some(percent), None) => return Err(BadRequest::Percent(percent)),
                (None, Some(factor)) if factor.is_finite() && factor >= 0.0 => {
                    Request::Control(Control::ScaleArrivals { traffic, factor })
                }
                (None, Some(factor)) => return Err(BadRequest::Factor(factor)),
                _ => return Err(BadRequest::PercentOrFactor),
            }
        }
        WhatIfBody::SignOut { count: 0, .. } | WhatIfBody::SignIn { count: 0, .. } => {
            return Err(BadRequest::NoAgents);
        }
        WhatIfBody::SignOut { group: name, count } => {
            Request::Control(Control::SignOut { group: group(&name)?, count })
        }
        WhatIfBody::SignIn { group: name, count } => Request::Control(Control::SignIn { group: group(&name)?, count }),
    })
}

/// Hands `request` to the simulation thread and waits for its answer (the thread answers between
/// two slices of work, within milliseconds).
async fn send(app: &App, request: Request) -> Response {
    let (reply, answer) = tokio::sync::oneshot::channel();
    match app.requests.try_send((request, reply)) {
        Ok(()) => {}
        Err(crossbeam_channel::TrySendError::Full(_)) => {
            return error(StatusCode::SERVICE_UNAVAILABLE, "the simulation has too many requests waiting; try again");
        }
        Err(crossbeam_channel::TrySendError::Disconnected(_)) => {
            return error(StatusCode::CONFLICT, Refusal::Over.to_string());
        }
    }
    match tokio::time::timeout(Duration::from_secs(30), answer).await {
        Ok(Ok(Ok(applied))) => Json(applied).into_response(),
        Ok(Ok(Err(refusal))) => error(StatusCode::CONFLICT, refusal.to_string()),
        Ok(Err(_)) | Err(_) => error(StatusCode::SERVICE_UNAVAILABLE, "the simulation did not answer"),
    }
}
