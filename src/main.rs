#![forbid(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

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
    let cli = certdesk::cli::Cli::parse();
    match certdesk::cli::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // A stderr that is gone (`2>&1 | head -1`) is not worth a panic's status 101.
            let _ = writeln!(std::io::stderr(), "certdesk: {error:#}");
            ExitCode::FAILURE
        }
    }
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
