#![forbid(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

// sled copies tree nodes on every write; with glibc's allocator malloc and free took about
// half of the time of issuing 100,000 certificates. mimalloc handles that pattern far better.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Linux's transparent huge pages in "always" mode (Debian's default) back every 2 MB region
    // a thread's allocator pages touch with a whole huge page, zeroed on first touch: an export
    // of 10,000 certificates peaked at 100 MB instead of 46, and opening the database at 70
    // instead of 30. Turned off before anything is allocated; a kernel that refuses is no error.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    // clap prints usage errors itself and exits with status 2.
    let cli = certdesk::cli::parse();
    say_damage_where_sled_panics();
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| certdesk::cli::run(cli)));
    let Ok(ran) = ran else {
        // Status 1 for the damage said in words; a panic of certdesk's own keeps Rust's 101.
        return if SLED_PANICKED.load(Ordering::Relaxed) { ExitCode::FAILURE } else { ExitCode::from(101) };
    };
    match ran {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // A stderr that is gone (`2>&1 | head -1`) is not worth a panic's status 101.
            let _ = writeln!(std::io::stderr(), "certdesk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the panic that ended the command was sled's.
static SLED_PANICKED: AtomicBool = AtomicBool::new(false);

/// sled panics on some damage it reads (`tried to serialize Uninitialized`, status 101 and a
/// backtrace): that is said as the damage it is, and the command ends with status 1. Any other
/// panic is reported as Rust reports it.
fn say_damage_where_sled_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| match info.location() {
        Some(at) if at.file().contains("/sled-") => {
            SLED_PANICKED.store(true, Ordering::Relaxed);
            let _ = writeln!(
                std::io::stderr(),
                "certdesk: {} (sled, the database engine, stopped at {}:{})",
                certdesk::store::DAMAGED,
                at.file().rsplit_once("/src/").map_or(at.file(), |(_, file)| file),
                at.line()
            );
        }
        _ => report(info),
    }));
}

/// `certdesk gradebook X | head` closes the pipe early; that is not an error worth a message.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|json| json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
