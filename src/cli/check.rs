//! `callsim validate` and `callsim erlang`: judging a configuration, and the closed forms.

use std::path::Path;

use callsim::app::error::{Error, Result, Status};
use callsim::app::outputs::print;
use callsim::app::prepare::{self, Overrides};
use callsim::output::figure::Form;
use callsim::sim::analytic;

use super::args::ErlangArgs;
use super::platform;

/// `callsim validate`: a scenario, or the platform's configuration (.json) with its traffic.
pub(super) fn validate(scenario: &Path, traffic: Option<&Path>) -> Result<()> {
    if platform::is_json(scenario) {
        return platform::validate(scenario, traffic);
    }
    if traffic.is_some() {
        return Err(Error::unusable(
            "error: --traffic goes with a .json configuration; a scenario file carries its own traffic",
        ));
    }
    prepare::validated(scenario, &Overrides::default(), &mut std::io::stderr().lock()).map(drop)
}

/// `callsim erlang`: the closed forms for one queue, one figure per line.
pub(super) fn erlang(args: &ErlangArgs) -> Result<()> {
    let (n, aht, t) = (args.agents, args.aht.secs(), args.threshold.secs());
    let lambda = args.rate.per_sec();
    if n == 0 || aht <= 0.0 || args.patience.is_some_and(|p| p.secs() <= 0.0) {
        return Err(Error::unusable("error: --agents, --aht and --patience must be greater than 0"));
    }
    let a = lambda * aht;
    // Probabilities with six decimals, waits with three, as the closed forms' checks print them.
    let (p, wait) = (|x: f64| Form::fixed(6).value(x), |x: f64| Form::fixed(3).value(x));
    let per_agent = Form::fixed(2).value(100.0 * a / f64::from(n));
    let mut out = format!("offered load           {} Erlangs ({per_agent} % per agent)\n", Form::fixed(4).value(a));
    out += &format!("Erlang B  blocking     {}\n", p(analytic::erlang_b(n, a)));
    if a < f64::from(n) {
        out += &format!("Erlang C  P(wait)      {}\n", p(analytic::erlang_c(n, a)));
        out += &format!("Erlang C  ASA          {} s\n", wait(analytic::erlang_c_mean_wait(n, a, aht)));
        out += &format!("Erlang C  SL({t} s)     {}\n", p(analytic::erlang_c_service_level(n, a, aht, t)));
    } else {
        out += "Erlang C  no steady state: the load is at or above the number of agents\n";
    }
    if let Some(patience) = args.patience {
        let erlang_a = analytic::erlang_a(n, lambda, aht, patience.secs());
        out += &format!("Erlang A  P(wait)      {}\n", p(erlang_a.p_wait));
        out += &format!("Erlang A  P(abandon)   {}\n", p(erlang_a.p_abandon));
        out += &format!(
            "Erlang A  mean wait    {} s (all calls), {} s (answered)\n",
            wait(erlang_a.mean_wait),
            wait(erlang_a.mean_wait_answered)
        );
        let answered_within = p(analytic::erlang_a_service_level(n, lambda, aht, patience.secs(), t));
        out += &format!("Erlang A  SL({t} s)     {answered_within} (answered within {t} s / offered)\n");
    }
    if let Some(k) = args.queue {
        let mmnk = analytic::mmnk(n, k, a, aht);
        out += &format!("M/M/n/K   blocking     {} (K = {k})\n", p(mmnk.blocking));
        out += &format!("M/M/n/K   mean wait    {} s (admitted calls)\n", wait(mmnk.mean_wait));
        out += &format!("M/M/n/K   SL({t} s)     {}\n", p(analytic::mmnk_service_level(n, k, a, aht, t)));
    }
    print(out.as_bytes(), "the closed forms")
}

/// Invalid when `errors` were found, else fine: the findings are already on stderr.
pub(super) fn judged(errors: usize) -> Result<()> {
    if errors == 0 { Ok(()) } else { Err(Error::reported(Status::Invalid)) }
}
