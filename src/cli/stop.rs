//! Stopping a command: Ctrl-C (SIGINT), a service manager's SIGTERM, a dropped SSH session's
//! SIGHUP. Watched from the start of every command, so a signal that comes before the long work
//! begins (while the database opens) is taken by that work at its first step, and a command
//! that has nothing to stop at says it ran to its end, where the signal used to end the process
//! with nothing said. A second signal ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Set by the first signal.
static FLAG: OnceLock<Option<Arc<AtomicBool>>> = OnceLock::new();

/// Set once the command has acted on the signal and said so (a run stopped between its parts,
/// a question left unanswered).
static HEEDED: AtomicBool = AtomicBool::new(false);

/// Starts watching for the signals; what they did before this is the system's default.
pub fn watch() {
    flag();
}

/// The flag the signals set; `None` if the handlers could not be installed (the signals then
/// end the process, as before).
fn flag() -> Option<Arc<AtomicBool>> {
    FLAG.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            // The exit comes first: it only acts when the flag is already set, by an earlier signal.
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag)).ok()?;
            signal_hook::flag::register(signal, Arc::clone(&flag)).ok()?;
        }
        Some(flag)
    })
    .clone()
}

/// Whether a signal asked the command to stop; asking marks it heeded, since the caller stops.
pub fn requested() -> bool {
    let stop = FLAG.get().and_then(Option::as_ref).is_some_and(|flag| flag.load(Ordering::Relaxed));
    if stop {
        HEEDED.store(true, Ordering::Relaxed);
    }
    stop
}

/// Whether the signals are watched, so that a blocking read must look at the flag itself.
pub fn watched() -> bool {
    FLAG.get().is_some_and(Option::is_some)
}

/// What to say after a command that a signal asked to stop but that ran to its end, having no
/// step to stop at.
pub fn unheeded_note() -> Option<&'static str> {
    let stop = FLAG.get().and_then(Option::as_ref).is_some_and(|flag| flag.load(Ordering::Relaxed));
    (stop && !HEEDED.load(Ordering::Relaxed)).then_some(
        "Stopped too late to stop anything: the command ran to its end, and what it said above is what it did.",
    )
}
