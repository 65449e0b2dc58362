//! How the app ends when it is not asked with a key: SIGHUP or SIGTERM (a terminal closed,
//! `tmux kill-session`, a shutdown), or a terminal that hung up while SIGHUP is ignored. The
//! running work stops as Esc stops it (an export's unfinished file removed, a generate's parts
//! whole), where the signal ended the process under it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Background jobs still running, which an ending waits for.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// What is done last when a hung-up terminal ends the process (keeping the editor's unsaved
/// text as a draft): the event loop is not there to do it then, since reading a hung-up
/// terminal never returns to it.
static LAST_WORDS: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();

/// Sets what a hung-up terminal's ending does just before the process exits.
pub fn before_hang_up_exit(last_words: impl Fn() + Send + Sync + 'static) {
    let _ = LAST_WORDS.set(Box::new(last_words));
}

/// The flag the signals set; background work reads it as it reads Esc.
pub fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

pub fn requested() -> bool {
    flag().load(Ordering::Relaxed)
}

/// The number of the signal that ended the app, 0 while none has.
fn signal_number() -> &'static Arc<AtomicUsize> {
    static NUMBER: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    NUMBER.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// The exit status of an app a signal ended: 128 and the signal's number, as a shell reports
/// a process the signal killed, so that a script or a service manager sees it was not quit.
pub fn signal_status() -> Option<u8> {
    match signal_number().load(Ordering::Relaxed) {
        0 => None,
        number => u8::try_from(128 + number).ok(),
    }
}

/// Counts a background job as running until the returned guard is dropped.
pub fn job_running() -> RunningJob {
    RUNNING.fetch_add(1, Ordering::SeqCst);
    RunningJob
}

pub struct RunningJob;

impl Drop for RunningJob {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Makes SIGHUP and SIGTERM set the flag, so that the app quits as `q` does; a second SIGTERM
/// ends the process at once. SIGHUP never does: a terminal that closes sends it more than once
/// (tmux, then the kernel as the terminal hangs up), and the second would end the process under
/// the work the first is stopping; the wait for that work is bounded all the same.
pub fn on_signals() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    use signal_hook::flag::{register, register_conditional_shutdown, register_usize};
    // The exit comes first: it only acts when the flag is already set, by an earlier signal.
    let _ = register_conditional_shutdown(SIGTERM, 128 + SIGTERM, Arc::clone(flag()))
        .and_then(|_| register(SIGTERM, Arc::clone(flag())))
        .and_then(|_| register_usize(SIGTERM, Arc::clone(signal_number()), SIGTERM as usize));
    let _ = register(SIGHUP, Arc::clone(flag()))
        .and_then(|_| register_usize(SIGHUP, Arc::clone(signal_number()), SIGHUP as usize));
}

/// Ends the process when its terminal goes away (a window closed, an SSH connection dropped),
/// even while SIGHUP is ignored, as under `nohup` or some `runuser` and `sudo` set-ups: reading
/// a hung-up terminal returns nothing at once, forever, so the event loop would spin and keep
/// the database locked. The running work is first stopped at its next step and waited for,
/// and the editor's unsaved text kept as a draft, `patience` at the most; everything certdesk
/// reported is already saved.
pub fn when_the_terminal_hangs_up(patience: Duration) {
    use std::io::IsTerminal as _;
    use std::os::fd::AsFd as _;

    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    if !std::io::stdin().is_terminal() {
        return;
    }
    let watch = move || {
        let stdin = std::io::stdin();
        loop {
            // No events asked for: poll returns only on a hang-up or an error.
            let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::empty())];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(_) if fds[0].revents().is_some_and(|events| !events.is_empty()) => {
                    flag().store(true, Ordering::Relaxed);
                    let deadline = Instant::now() + patience;
                    while RUNNING.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    if let Some(last_words) = LAST_WORDS.get() {
                        last_words();
                    }
                    std::process::exit(129)
                }
                Ok(_) | Err(nix::errno::Errno::EINTR) => {}
                Err(_) => return,
            }
        }
    };
    let _ = std::thread::Builder::new().name("hang-up".into()).spawn(watch);
}
