#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

// sled copies tree nodes on every write; with glibc's allocator malloc and free took about
// half of the time of issuing 100,000 certificates. mimalloc handles that pattern far better.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with status 2.
    let cli = certdesk::cli::Cli::parse();
    match certdesk::cli::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certdesk: {error:#}");
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
