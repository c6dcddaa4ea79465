//! Closed-form queueing results, the referee of the simulator: Erlang B, Erlang C and Erlang A
//! (M/M/n+M). Numerically stable for thousands of agents: recurrences and running ratios, never
//! factorials.
//!
//! Notation: `n` agents, offered load `a = λ / μ` in Erlangs, `μ = 1 / mean talk time`,
//! `θ = 1 / mean patience`.

/// Erlang B: the probability that a call finds all `n` agents busy in a loss system (M/M/n/n).
///
/// Recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), stable for any n.
pub fn erlang_b(n: u32, a: f64) -> f64 {
    (1..=n).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

/// Erlang C: the probability that a call waits in M/M/n with infinite patience and room
/// (requires a < n; returns 1 otherwise).
pub fn erlang_c(n: u32, a: f64) -> f64 {
    let n_f = f64::from(n);
    if a >= n_f {
        return 1.0;
    }
    let b = erlang_b(n, a);
    n_f * b / (n_f - a * (1.0 - b))
}

/// Erlang C's mean wait of all callers (the ASA over all calls), in the unit of `mean_talk`.
pub fn erlang_c_mean_wait(n: u32, a: f64, mean_talk: f64) -> f64 {
    erlang_c(n, a) * mean_talk / (f64::from(n) - a)
}

/// Erlang C's service level: P(wait ≤ t) = 1 − C · e^{−(n − a) μ t}.
pub fn erlang_c_service_level(n: u32, a: f64, mean_talk: f64, t: f64) -> f64 {
    1.0 - erlang_c(n, a) * (-(f64::from(n) - a) * t / mean_talk).exp()
}

/// Erlang A (M/M/n+M) figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    /// Probability that a call has to wait (finds all agents busy).
    pub p_wait: f64,
    /// Probability that a call abandons.
    pub p_abandon: f64,
    /// Mean wait over all calls (answered and abandoned), in the unit of the means given.
    pub mean_wait: f64,
    /// Mean wait of the calls that are answered.
    pub mean_wait_answered: f64,
}

/// Erlang A by its birth–death chain: states k ≤ n have weights a^k / k!, and above n each step
/// multiplies by λ / (nμ + (k − n)θ). Weights are kept relative to the largest so far and the
/// tail is summed until its terms vanish, so large n and heavy overload are both safe.
///
/// P(abandon) = θ·E\[L_q\] / λ and E\[W\] = E\[L_q\] / λ (Little's law on the waiting line).
///
/// For answered callers: an arrival finding j callers ahead moves up at rate nμ + iθ while i are
/// ahead, so its wait for an agent V is a sum of exponential phases; with its own patience τ
/// ~ Exp(θ), P(answered | j) = Π (nμ + iθ)/(nμ + (i+1)θ) and E[V; answered | j] = that product
/// times Σ 1/(nμ + (i+1)θ). Mean wait of answered = Σ_j π_j E[V; answered | j] / P(answered).
pub fn erlang_a(n: u32, arrival_rate: f64, mean_talk: f64, mean_patience: f64) -> ErlangA {
    if arrival_rate <= 0.0 {
        return ErlangA { p_wait: 0.0, p_abandon: 0.0, mean_wait: 0.0, mean_wait_answered: 0.0 };
    }
    let chain = ErlangAChain::new(n, arrival_rate, mean_talk, mean_patience);
    let (lambda, theta) = (arrival_rate, chain.theta);
    let (mut queue_length, mut answered_wait) = (0.0f64, 0.0f64);
    let (mut served, mut phases) = (1.0f64, 0.0f64);
    for (j, term) in chain.tail.iter().enumerate() {
        let rate = chain.rate(j);
        served *= rate / (rate + theta);
        phases += 1.0 / (rate + theta);
        queue_length += j as f64 * term;
        answered_wait += term * served * phases;
    }
    let total = chain.total();
    let lq = queue_length / total;
    let p_abandon = theta * lq / lambda;
    ErlangA {
        p_wait: chain.tail.iter().sum::<f64>() / total,
        p_abandon,
        mean_wait: lq / lambda,
        mean_wait_answered: answered_wait / total / (1.0 - p_abandon),
    }
}

/// Erlang A's service level over offered calls: P(answered within `t`), the share of all
/// arrivals that reach an agent within `t` (abandoned callers count in the denominator).
///
/// An arrival finding j callers ahead is answered within t when its phases (rates nμ + iθ, for
/// i = j down to 0) end before both t and its patience. Tilting by the patience gives
/// Π (nμ+iθ)/(nμ+(i+1)θ) · P(Σ Exp(nμ+(i+1)θ) ≤ t). That sum's distribution is computed for all
/// j at once by uniformising the phase chain at its largest rate (a Poisson-weighted sum of
/// discrete steps), which stays stable where the closed form of a hypoexponential cancels badly.
pub fn erlang_a_service_level(n: u32, arrival_rate: f64, mean_talk: f64, mean_patience: f64, t: f64) -> f64 {
    let chain = ErlangAChain::new(n, arrival_rate, mean_talk, mean_patience);
    let theta = chain.theta;
    let phases = chain.tail.len();
    let rates: Vec<f64> = (0..phases).map(|i| chain.rate(i) + theta).collect();
    let uniform = rates.iter().copied().fold(0.0f64, f64::max);
    let mean_steps = uniform * t;
    let steps = (mean_steps + 12.0 * mean_steps.sqrt() + 30.0).ceil() as usize;
    // done[i]: P(all phases from i down to 0 completed within m uniformised steps).
    let mut done = vec![0.0f64; phases];
    let mut within = vec![0.0f64; phases];
    let mut log_poisson = -mean_steps; // ln P(N = 0)
    for m in 0..=steps {
        let weight = log_poisson.exp();
        for (w, d) in within.iter_mut().zip(&done) {
            *w += weight * d;
        }
        // One more uniformised step: phase i ends with probability rate_i / uniform.
        for i in (0..phases).rev() {
            let below = if i == 0 { 1.0 } else { done[i - 1] };
            let p = rates[i] / uniform;
            done[i] = p * below + (1.0 - p) * done[i];
        }
        log_poisson += mean_steps.ln() - ((m + 1) as f64).ln();
    }
    let mut served = 1.0f64;
    let mut answered = chain.below; // answered at once
    for (j, term) in chain.tail.iter().enumerate() {
        let rate = chain.rate(j);
        served *= rate / (rate + theta);
        answered += term * served * within[j].min(1.0);
    }
    answered / chain.total()
}

/// Erlang A's birth–death chain: the weight of the states below n, and of each state n + j.
#[derive(Debug)]
struct ErlangAChain {
    n_mu: f64,
    theta: f64,
    below: f64,
    tail: Vec<f64>,
}

impl ErlangAChain {
    /// States k ≤ n weigh a^k / k!; above n each step multiplies by λ / (nμ + (k − n)θ). Weights
    /// are rescaled as they grow, and the tail is summed until its terms vanish past the peak.
    fn new(n: u32, lambda: f64, mean_talk: f64, mean_patience: f64) -> Self {
        let (mu, theta) = (1.0 / mean_talk, 1.0 / mean_patience);
        let mut weight = 1.0f64;
        let mut below = 1.0f64; // Σ_{k<n} w_k, in the current scale
        for k in 1..=n {
            weight *= lambda / (f64::from(k) * mu);
            if k < n {
                below += weight;
            }
            if weight > 1e250 {
                below /= weight;
                weight = 1.0;
            }
        }
        let n_mu = f64::from(n) * mu;
        let (mut tail, mut sum) = (Vec::new(), 0.0f64);
        let mut term = weight;
        let mut j = 0u64;
        loop {
            tail.push(term);
            sum += term;
            j += 1;
            term *= lambda / (n_mu + j as f64 * theta);
            if term > 1e250 {
                // Heavy overload with long patience: rescale everything seen so far.
                for w in &mut tail {
                    *w /= term;
                }
                below /= term;
                sum /= term;
                term = 1.0;
            }
            // Nothing left (λ = 0, or the weights underflowed because waiting is impossibly
            // rare), or past the peak (each step shrinks the weight) and negligible: done. The
            // cap only matters for patience millions of times the talk time in overload.
            let past_peak = lambda < n_mu + j as f64 * theta;
            if term == 0.0 || (past_peak && term < 1e-18 * (sum + below)) || j >= 50_000_000 {
                break;
            }
        }
        ErlangAChain { n_mu, theta, below, tail }
    }

    /// The rate at which a caller with j callers ahead moves up: nμ + jθ.
    fn rate(&self, j: usize) -> f64 {
        self.n_mu + j as f64 * self.theta
    }

    fn total(&self) -> f64 {
        self.below + self.tail.iter().sum::<f64>()
    }
}

/// M/M/n/K: `n` agents and room for `k` waiting callers; a caller who finds all agents busy and
/// the line full is blocked (the platform's Skill Busy). No abandonment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmnK {
    /// Probability that a call is blocked (finds n busy agents and k callers waiting).
    pub blocking: f64,
    /// Mean wait of admitted calls, in the unit of `mean_talk`.
    pub mean_wait: f64,
}

/// M/M/n/K by its birth–death chain (weights a^j/j! up to n, then (a/n)^i beyond), rescaled as
/// they grow so that thousands of agents are safe. Mean wait by Little's law on admitted calls.
pub fn mmnk(n: u32, k: u32, a: f64, mean_talk: f64) -> MmnK {
    let weights = mmnk_weights(n, k, a);
    let total: f64 = weights.iter().sum();
    let blocking = weights[weights.len() - 1] / total;
    let lq: f64 =
        weights.iter().enumerate().skip(n as usize).map(|(s, w)| (s - n as usize) as f64 * w).sum::<f64>() / total;
    let admitted_rate = a / mean_talk * (1.0 - blocking);
    MmnK { blocking, mean_wait: if admitted_rate > 0.0 { lq / admitted_rate } else { 0.0 } }
}

/// M/M/n/K's service level of admitted calls: P(wait ≤ t | admitted). A call admitted in state
/// n + j (j callers ahead) waits an Erlang(j + 1, nμ) time, whose tail is a Poisson sum.
pub fn mmnk_service_level(n: u32, k: u32, a: f64, mean_talk: f64, t: f64) -> f64 {
    let weights = mmnk_weights(n, k, a);
    let admitted: f64 = weights[..weights.len() - 1].iter().sum();
    let rate_t = f64::from(n) * t / mean_talk;
    let mut late = 0.0;
    // P(Erlang(j+1) > t) = Σ_{i≤j} e^{−x} x^i / i!, built up term by term in logs (e^{−x}
    // underflows for x above ~745).
    let (mut log_term, mut tail) = (-rate_t, 0.0);
    for j in 0..k as usize {
        tail += log_term.exp();
        log_term += rate_t.ln() - ((j + 1) as f64).ln();
        late += weights[n as usize + j] * tail;
    }
    (1.0 - late / admitted).clamp(0.0, 1.0)
}

/// Stationary weights of M/M/n/K's states 0..=n+k, relative to one another.
fn mmnk_weights(n: u32, k: u32, a: f64) -> Vec<f64> {
    let mut weights = Vec::with_capacity((n + k + 1) as usize);
    weights.push(1.0f64);
    for s in 1..=(n + k) {
        let ratio = if s <= n { a / f64::from(s) } else { a / f64::from(n) };
        let next = weights[weights.len() - 1] * ratio;
        weights.push(next);
        if next > 1e250 {
            for w in &mut weights {
                *w /= next;
            }
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values below were computed independently of this code, with exact rational
    // arithmetic (Python's fractions.Fraction) on the textbook definitions:
    //   B(n, a) by its recurrence; C = n·B / (n − a(1 − B)); W = C·AHT / (n − a);
    //   SL(t) = 1 − C·e^{−(n−a)t/AHT}; Erlang A by summing the birth–death weights to 600 terms.
    // Published tables and worked examples with citations come with the analytic module proper.

    #[test]
    fn erlang_b_agrees_with_exact_arithmetic() {
        assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-15);
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15);
        assert!((erlang_b(10, 5.0) - 0.018_384_570_336_648).abs() < 1e-12);
    }

    #[test]
    fn erlang_c_agrees_with_exact_arithmetic() {
        // 360 calls/h with a 4-minute AHT is a = 24 Erlangs; 29 agents.
        let (n, a, aht) = (29, 24.0, 240.0);
        assert!((erlang_c(n, a) - 0.242_273_984_673_597).abs() < 1e-12);
        assert!((erlang_c_mean_wait(n, a, aht) - 11.629_151_264_333).abs() < 1e-9);
        assert!((erlang_c_service_level(n, a, aht, 20.0) - 0.840_283_145_663).abs() < 1e-9);
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12, "M/M/1: C = ρ");
        assert_eq!(erlang_c(5, 5.0), 1.0, "no steady state at a ≥ n: everyone waits");
    }

    #[test]
    fn erlang_a_agrees_with_exact_arithmetic() {
        let small = erlang_a(3, 1.0 / 20.0, 60.0, 30.0);
        assert!((small.p_wait - 0.510_881_366_901_717).abs() < 1e-12, "{small:?}");
        assert!((small.p_abandon - 0.258_945_158_699_091).abs() < 1e-12, "{small:?}");
        assert!((small.mean_wait - 7.768_354_760_972_73).abs() < 1e-9, "{small:?}");
        let ten = erlang_a(10, 0.06, 180.0, 120.0);
        assert!((ten.p_wait - 0.584_820_642_220_388).abs() < 1e-12, "{ten:?}");
        assert!((ten.p_abandon - 0.171_988_910_021_784).abs() < 1e-12, "{ten:?}");
        assert!((ten.mean_wait - 20.638_669_202_614_125).abs() < 1e-9, "{ten:?}");
    }

    #[test]
    fn erlang_a_mean_wait_of_answered_callers_agrees_with_exact_arithmetic() {
        // Same derivation as the doc comment, evaluated in exact rationals to 600 terms.
        assert!((erlang_a(3, 1.0 / 20.0, 60.0, 30.0).mean_wait_answered - 5.536_612_093_280_781).abs() < 1e-9);
        assert!((erlang_a(10, 0.06, 180.0, 120.0).mean_wait_answered - 18.694_547_757_536_487).abs() < 1e-9);
    }

    #[test]
    fn mmnk_agrees_with_exact_arithmetic() {
        let ten = mmnk(10, 5, 9.0, 180.0);
        assert!((ten.blocking - 0.061_258_761_825_664_02).abs() < 1e-12, "{ten:?}");
        assert!((ten.mean_wait - 22.729_794_007_776_672).abs() < 1e-9, "{ten:?}");
        assert!((mmnk_service_level(10, 5, 9.0, 180.0, 20.0) - 0.663_580_194_377_919_4).abs() < 1e-9);
        let one = mmnk(1, 3, 0.8, 180.0);
        assert!((one.blocking - 0.121_846_739_647_786_76).abs() < 1e-12, "{one:?}");
        assert!((one.mean_wait - 220.487_804_878_048_8).abs() < 1e-9, "{one:?}");
        assert!((mmnk_service_level(1, 3, 0.8, 180.0, 20.0) - 0.368_531_872_252_377_5).abs() < 1e-9);
    }

    /// Found in review: e^{−nt/AHT} underflowed for large n·t, giving a service level of 1.
    #[test]
    fn mmnk_service_level_survives_large_n_times_t() {
        // Overloaded with room for 2000: the line is nearly always full, so an admitted caller
        // waits about 2000 / (1000/180 per s) ≈ 360 s: hardly anyone within 200 s, nearly all
        // within 500 s.
        let wait = mmnk(1_000, 2_000, 1_099.8, 180.0).mean_wait;
        assert!((wait - 358.2).abs() < 1.0, "{wait}");
        assert!(mmnk_service_level(1_000, 2_000, 1_099.8, 180.0, 200.0) < 0.01);
        assert!(mmnk_service_level(1_000, 2_000, 1_099.8, 180.0, 500.0) > 0.99);
    }

    #[test]
    fn mmnk_without_room_is_erlang_b_and_with_much_room_is_erlang_c() {
        for (n, a) in [(1, 0.5), (10, 8.0), (100, 90.0), (1000, 980.0)] {
            assert!((mmnk(n, 0, a, 180.0).blocking - erlang_b(n, a)).abs() < 1e-12, "n = {n}");
        }
        let deep = mmnk(10, 2_000, 9.0, 180.0);
        assert!(deep.blocking < 1e-12);
        assert!((deep.mean_wait - erlang_c_mean_wait(10, 9.0, 180.0)).abs() < 1e-9);
        assert!(
            (mmnk_service_level(10, 2_000, 9.0, 180.0, 20.0) - erlang_c_service_level(10, 9.0, 180.0, 20.0)).abs()
                < 1e-9
        );
    }

    #[test]
    fn thousands_of_agents_stay_finite() {
        let c = erlang_c(10_000, 9_800.0);
        assert!(c.is_finite() && c > 0.0 && c < 1.0, "{c}");
        let a = erlang_a(10_000, 9_800.0 / 180.0 * 1.2, 180.0, 120.0);
        assert!(a.p_abandon.is_finite() && a.p_abandon > 0.1 && a.p_abandon < 0.2, "{a:?}");
        let k = mmnk(10_000, 500, 9_900.0, 180.0);
        assert!(k.blocking.is_finite() && k.mean_wait.is_finite(), "{k:?}");
    }

    #[test]
    fn erlang_a_service_level_tends_to_erlang_c_and_to_one_minus_abandonment() {
        // Without impatience it is Erlang C's service level.
        let sl = erlang_a_service_level(10, 9.0 / 180.0, 180.0, 1e9, 20.0);
        assert!((sl - erlang_c_service_level(10, 9.0, 180.0, 20.0)).abs() < 1e-6, "{sl}");
        // With an endless threshold it is the answered share, 1 − P(abandon).
        let a = erlang_a(10, 0.06, 180.0, 120.0);
        let all = erlang_a_service_level(10, 0.06, 180.0, 120.0, 1e5);
        assert!((all - (1.0 - a.p_abandon)).abs() < 1e-9, "{all} vs {}", 1.0 - a.p_abandon);
        // It grows with the threshold.
        let (s10, s20) = (
            erlang_a_service_level(10, 0.06, 180.0, 120.0, 10.0),
            erlang_a_service_level(10, 0.06, 180.0, 120.0, 20.0),
        );
        assert!(s10 < s20 && s20 < all, "{s10} {s20} {all}");
    }

    /// Found in review: these looped forever (weights underflowing to 0, or overflowing to ∞).
    #[test]
    fn erlang_a_survives_underflow_overflow_and_no_arrivals() {
        let light = erlang_a(170, 0.005, 100.0, 60.0);
        assert!(light.p_wait.is_finite() && light.p_wait < 1e-12, "{light:?}");
        assert_eq!(erlang_a(5, 0.0, 100.0, 60.0).p_abandon, 0.0);
        // Overload with patience far beyond the talk time: nearly all excess traffic abandons,
        // P(abandon) → 1 − nμ/λ (0.9 and 0.5 here).
        let one = erlang_a(1, 10.0, 1.0, 1e5);
        assert!((one.p_abandon - 0.9).abs() < 1e-3, "{one:?}");
        let hundred = erlang_a(100, 2.0, 100.0, 1e5);
        assert!((hundred.p_abandon - 0.5).abs() < 1e-3, "{hundred:?}");
        assert!(erlang_a_service_level(100, 2.0, 100.0, 1e5, 20.0).is_finite());
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows() {
        let a = erlang_a(10, 9.0 / 180.0, 180.0, 1e9);
        assert!((a.p_wait - erlang_c(10, 9.0)).abs() < 1e-6, "{a:?}");
        assert!((a.mean_wait - erlang_c_mean_wait(10, 9.0, 180.0)).abs() < 1e-3, "{a:?}");
        assert!((a.mean_wait_answered - erlang_c_mean_wait(10, 9.0, 180.0)).abs() < 1e-3, "{a:?}");
    }
}
