//! Progress bars on stderr: drawn only on a terminal and without `--quiet`, so piped output stays
//! clean (indicatif draws nothing otherwise).

use callsim::app::run::Progress;
use callsim::sim::model::Model;

/// A progress bar on stderr to `total`.
pub(super) fn bar(total: u64, quiet: bool, template: &str) -> indicatif::ProgressBar {
    let target = if quiet { indicatif::ProgressDrawTarget::hidden() } else { indicatif::ProgressDrawTarget::stderr() };
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Runs `work` while a progress bar follows the simulated time and the replications.
pub(super) fn following<T: Send>(model: &Model, quiet: bool, work: impl FnOnce(&Progress) -> T + Send) -> T {
    let progress = Progress::default();
    let total = model.horizon.secs() * f64::from(model.replications);
    let template = "{bar:40} {percent:>3}% of {len} simulated seconds, {msg}, eta {eta}";
    let bar = bar(total.ceil() as u64, quiet, template);
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| work(&progress));
        while !worker.is_finished() {
            let (done, planned) = progress.replications();
            let planned = planned.max(model.replications);
            bar.set_length((model.horizon.secs() * f64::from(planned)).ceil() as u64);
            bar.set_position(progress.simulated_secs() as u64);
            bar.set_message(format!("{done}/{planned} replications"));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    bar.finish_and_clear();
    match result {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
