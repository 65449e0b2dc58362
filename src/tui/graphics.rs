//! Which pictures this terminal shows: `CERTDESK_GRAPHICS` when it is set, else what the
//! environment says about the terminal, else (when stdin and stdout are the terminal) what
//! it answers to a query within a short timeout; half-blocks when nothing says more. Also the
//! size of a cell in pixels, which a sixel picture needs to fill its cells.

use std::io::Write;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use crate::render::graphics::{Protocol, tmux_passthrough};

/// How long a terminal has to answer the query. Every terminal answers the device-attributes
/// request at once, so this is only waited out when something between drops the question.
const QUERY_TIMEOUT: Duration = Duration::from_millis(300);

/// What a cell measures when the terminal does not say (a common 10x20 font).
const DEFAULT_CELL_PX: (u16, u16) = (10, 20);

/// The kitty query: a 1x1 image that is only checked (`a=q`), with the id 31 in the answer.
const KITTY_QUERY: &[u8] = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
/// Cell size in pixels (`CSI 16 t`), then primary device attributes, which every terminal answers.
const SIZE_AND_ATTRIBUTES: &[u8] = b"\x1b[16t\x1b[c";

/// How pictures are shown in this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graphics {
    pub protocol: Protocol,
    /// Width and height of a cell in pixels.
    pub cell_px: (u16, u16),
    /// Inside tmux: sequences go through its passthrough.
    pub tmux: bool,
}

/// What decided the protocol, for the README's promise that a user can see why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Forced(Protocol),
    Known(Protocol),
    Unknown,
}

impl Graphics {
    pub fn half_blocks() -> Graphics {
        Graphics { protocol: Protocol::HalfBlocks, cell_px: DEFAULT_CELL_PX, tmux: false }
    }

    /// Pixels per cell to rasterize at: the cell's size for a picture; for half-blocks two by
    /// four, twice the two pixels a cell shows, for smoother text.
    pub fn raster_cell_px(&self) -> (u16, u16) {
        match self.protocol {
            Protocol::HalfBlocks => (2, 4),
            Protocol::Kitty | Protocol::Iterm2 | Protocol::Sixel => self.cell_px,
        }
    }

    /// `sequence` as the terminal must receive it (through tmux's passthrough inside tmux).
    pub fn wrap(&self, sequence: Vec<u8>) -> Vec<u8> {
        if self.tmux && !sequence.is_empty() { tmux_passthrough(&sequence) } else { sequence }
    }

    /// Decides for the terminal on stdin and stdout. The terminal must be in raw mode for
    /// the query to be answered without echo; `may_query` is false when it is not the terminal.
    pub fn detect(may_query: bool) -> Graphics {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let tmux = var("TMUX").is_some();
        let hint = hint_from_env(&var);
        let mut graphics = Graphics { protocol: Protocol::HalfBlocks, cell_px: cell_px_from_window(), tmux };
        let answers = match hint {
            Hint::Forced(_) => None,
            Hint::Known(_) | Hint::Unknown if may_query && var("TERM").as_deref() != Some("dumb") => {
                query_terminal(tmux).ok()
            }
            Hint::Known(_) | Hint::Unknown => None,
        };
        let answers = answers.as_deref().map(Answers::parse).unwrap_or_default();
        if graphics.cell_px == DEFAULT_CELL_PX
            && let Some(cell) = answers.cell_px
        {
            graphics.cell_px = cell;
        }
        graphics.protocol = match hint {
            Hint::Forced(protocol) | Hint::Known(protocol) => protocol,
            Hint::Unknown if answers.kitty => Protocol::Kitty,
            Hint::Unknown if answers.sixel => Protocol::Sixel,
            Hint::Unknown => Protocol::HalfBlocks,
        };
        graphics
    }
}

/// `CERTDESK_GRAPHICS`, then the variables terminals set about themselves.
fn hint_from_env(var: &dyn Fn(&str) -> Option<String>) -> Hint {
    if let Some(forced) = var("CERTDESK_GRAPHICS").as_deref().and_then(Protocol::from_name) {
        return Hint::Forced(forced);
    }
    let term = var("TERM").unwrap_or_default();
    let program = var("TERM_PROGRAM").unwrap_or_default();
    let known = if program == "iTerm.app" || program == "WezTerm" {
        // WezTerm speaks both; its iTerm2 support is the complete one.
        Protocol::Iterm2
    } else if var("KITTY_WINDOW_ID").is_some()
        || term == "xterm-kitty"
        || term == "xterm-ghostty"
        || program == "ghostty"
        || var("KONSOLE_VERSION").is_some()
    {
        Protocol::Kitty
    } else if term.starts_with("foot") || term.starts_with("mlterm") || var("WT_SESSION").is_some() {
        Protocol::Sixel
    } else {
        return Hint::Unknown;
    };
    Hint::Known(known)
}

/// The cell size from the kernel's window size, when the terminal filled in the pixels.
fn cell_px_from_window() -> (u16, u16) {
    match ratatui::crossterm::terminal::window_size() {
        Ok(size) if size.width > 0 && size.height > 0 && size.columns > 0 && size.rows > 0 => {
            (size.width / size.columns, size.height / size.rows)
        }
        _ => DEFAULT_CELL_PX,
    }
}

/// Sends the queries and reads what comes back until the device attributes arrive or the
/// timeout passes. Inside tmux the questions go through to the terminal outside.
fn query_terminal(tmux: bool) -> std::io::Result<Vec<u8>> {
    let mut question = Vec::new();
    if tmux {
        question.extend(tmux_passthrough(KITTY_QUERY));
        question.extend(tmux_passthrough(SIZE_AND_ATTRIBUTES));
    } else {
        question.extend_from_slice(KITTY_QUERY);
        question.extend_from_slice(SIZE_AND_ATTRIBUTES);
    }
    let mut stdout = std::io::stdout();
    stdout.write_all(&question)?;
    stdout.flush()?;
    let stdin = std::io::stdin();
    let started = Instant::now();
    let mut answers = Vec::new();
    let mut buffer = [0u8; 1024];
    while !Answers::parse(&answers).attributes {
        let left = QUERY_TIMEOUT.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        let millis = u16::try_from(left.as_millis()).unwrap_or(u16::MAX);
        let mut fds = [nix::poll::PollFd::new(stdin.as_fd(), nix::poll::PollFlags::POLLIN)];
        if nix::poll::poll(&mut fds, millis).map_err(std::io::Error::from)? == 0 {
            break;
        }
        let read = nix::unistd::read(stdin.as_fd(), &mut buffer).map_err(std::io::Error::from)?;
        if read == 0 {
            break;
        }
        answers.extend_from_slice(&buffer[..read]);
    }
    Ok(answers)
}

/// What the terminal answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Answers {
    kitty: bool,
    sixel: bool,
    cell_px: Option<(u16, u16)>,
    /// The device attributes came, so nothing more will.
    attributes: bool,
}

impl Answers {
    fn parse(bytes: &[u8]) -> Answers {
        let text = String::from_utf8_lossy(bytes);
        let mut answers = Answers { kitty: text.contains("\x1b_Gi=31;OK"), ..Answers::default() };
        for reply in text.split('\x1b').filter_map(|part| part.strip_prefix('[')) {
            if let Some(attributes) = reply.strip_prefix('?').and_then(|r| r.split_once('c')).map(|(a, _)| a) {
                answers.attributes = true;
                answers.sixel = attributes.split(';').any(|attribute| attribute == "4");
            } else if let Some(size) = reply.strip_prefix("6;").and_then(|r| r.split_once('t')).map(|(s, _)| s) {
                let mut numbers = size.split(';').filter_map(|n| n.parse::<u16>().ok());
                if let (Some(height), Some(width)) = (numbers.next(), numbers.next())
                    && height > 0
                    && width > 0
                {
                    answers.cell_px = Some((width, height));
                }
            }
        }
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn hint(vars: &[(&str, &str)], expected: Hint) {
        let var = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        assert_eq!(hint_from_env(&var), expected, "{vars:?}");
    }

    #[test]
    fn the_environment_names_the_terminal() {
        hint(&[("CERTDESK_GRAPHICS", "sixel"), ("TERM", "xterm-kitty")], Hint::Forced(Protocol::Sixel));
        hint(&[("CERTDESK_GRAPHICS", "halfblocks"), ("TERM_PROGRAM", "iTerm.app")], Hint::Forced(Protocol::HalfBlocks));
        hint(&[("CERTDESK_GRAPHICS", "nonsense"), ("TERM", "xterm-kitty")], Hint::Known(Protocol::Kitty));
        hint(&[("TERM_PROGRAM", "iTerm.app")], Hint::Known(Protocol::Iterm2));
        hint(&[("TERM_PROGRAM", "WezTerm")], Hint::Known(Protocol::Iterm2));
        hint(&[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "3")], Hint::Known(Protocol::Kitty));
        hint(&[("TERM", "xterm-ghostty")], Hint::Known(Protocol::Kitty));
        hint(&[("KONSOLE_VERSION", "240202")], Hint::Known(Protocol::Kitty));
        hint(&[("TERM", "foot")], Hint::Known(Protocol::Sixel));
        hint(&[("TERM", "xterm-256color"), ("WT_SESSION", "x")], Hint::Known(Protocol::Sixel));
        hint(&[("TERM", "xterm-256color")], Hint::Unknown);
        hint(&[("TERM", "screen-256color"), ("TMUX", "/tmp/tmux-0/default,1,0")], Hint::Unknown);
    }

    #[track_caller]
    fn answers(bytes: &[u8], expected: Answers) {
        assert_eq!(Answers::parse(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
    }

    #[test]
    fn answers_say_kitty_sixel_and_the_cell_size() {
        let done = Answers { attributes: true, ..Answers::default() };
        answers(
            b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c",
            Answers { kitty: true, cell_px: Some((10, 20)), ..done },
        );
        answers(b"\x1b[6;16;8t\x1b[?63;1;2;4;6;9;15;22c", Answers { sixel: true, cell_px: Some((8, 16)), ..done });
        answers(b"\x1b[?1;2c", done);
        answers(b"\x1b_Gi=31;EINVAL:bad\x1b\\\x1b[?62;c", done);
        answers(b"\x1b[6;20;10t", Answers { cell_px: Some((10, 20)), ..Answers::default() });
        answers(b"", Answers::default());
    }
}
