//! `certdesk preview COURSE (--example MODE | --learner USERNAME) [--out FILE] [--pdf FILE] [--png FILE]
//! [--dpi N]`: a certificate before anyone prints it; with no file, drawn on the terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use crate::domain::Mode;
use crate::ops::{self, Printer};
use crate::render::graphics::{Placement, Protocol, encode};
use crate::render::halfblock::{CellColor, ColorMode, HALF_BLOCK, page_cells};
use crate::render::layout::Severity;
use crate::render::{Page, Rasterizer};
use crate::store::Store;
use crate::tui::graphics::Graphics;

/// One of `--example` and `--learner`: a usage error without either named both (it said only
/// `required: --example`, as if a learner could not be previewed).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["example", "learner"])))]
pub struct PreviewArgs {
    /// The course's id (`certdesk courses` lists them)
    pub(super) course: String,
    /// The example certificate of this mode (honor or verified)
    #[arg(long, value_parser = super::values::certified_mode)]
    example: Option<Mode>,
    /// This learner's active certificate, or the one they would get now
    #[arg(long)]
    pub(super) learner: Option<String>,
    /// Where to write it instead of drawing it on the terminal
    #[command(flatten)]
    files: super::page_files::PageFiles,
    /// Resolution of the PNG
    #[arg(long, default_value_t = 150.0, value_parser = super::values::dpi)]
    dpi: f32,
}

pub fn run(store: &Store, fonts: Option<&Path>, args: PreviewArgs, now: jiff::Timestamp) -> anyhow::Result<ExitCode> {
    let files = args.files.targets()?;
    let state = ops::load_course_state(store, &args.course, now)?;
    let printer = Printer::new(store, fonts)?;
    // What the page stands for when it is not the learner's certificate, said once it printed.
    let mut note = None;
    let (page, diagnostics, template) = match (&args.example, &args.learner) {
        (&Some(mode), _) => {
            let template = ops::template_ref(&state, mode);
            // The mode's example as `certdesk examples` makes it.
            let data =
                ops::example_data(&state.course, &state.settings, ops::SAMPLE_NAME, mode, ops::SAMPLE_PERCENT, now);
            let (page, diagnostics) = printer.page(store, &template, &data)?;
            (page, diagnostics, template)
        }
        (None, Some(username)) => {
            let standing = state.learner(username).ok_or_else(|| state.unknown_learner(username))?;
            let enrollment = &standing.enrollment;
            match standing.active() {
                Some(entry) => {
                    let data =
                        ops::certificate_data(&entry.certificate, &state.course, &state.settings, &enrollment.email);
                    let template = entry.certificate.snapshot.template.clone();
                    let (page, diagnostics) = printer.page(store, &template, &data)?;
                    (page, diagnostics, template)
                }
                None => {
                    anyhow::ensure!(
                        enrollment.mode.grants_certificate(),
                        "{username} is an audit learner: no certificate"
                    );
                    let why = match standing.eligibility {
                        Ok(()) => "none issued yet; `certdesk generate` issues it".to_string(),
                        Err(reason) => format!("not eligible: {}", reason.explain()),
                    };
                    note = Some(format!("{username} has no certificate ({why}); this shows how one would look."));
                    let template = ops::template_ref(&state, enrollment.mode);
                    let mut data = ops::example_data(
                        &state.course,
                        &state.settings,
                        &enrollment.full_name,
                        enrollment.mode,
                        standing.grade.percent,
                        now,
                    );
                    data.learner.username = enrollment.username.clone();
                    data.learner.email = enrollment.email.clone();
                    data.grade.status = standing.grade.status.to_string();
                    let (page, diagnostics) = printer.page(store, &template, &data)?;
                    (page, diagnostics, template)
                }
            }
        }
        (None, None) => anyhow::bail!("name --example MODE or --learner USERNAME"),
    };
    // What cannot be printed (a name no font has, text overflowing at its smallest size) is
    // not shown as if it could: boxes where a name should be would pass for a certificate.
    // The refusal names the first error; the other problems are listed before it.
    let first_error = diagnostics.iter().position(|diagnostic| diagnostic.severity == Severity::Error);
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if Some(index) != first_error {
            note!("{}", diagnostic.at(&template));
        }
    }
    if let Some(problem) = ops::first_error(&template, &diagnostics) {
        let advice = if problem.lacks_font { format!("; {}", ops::FONT_ADVICE) } else { String::new() };
        anyhow::bail!("this certificate cannot be printed, so it is not previewed: {problem}{advice}");
    }
    if let Some(note) = note {
        note!("certdesk: {note}");
    }
    if let Some(path) = &files.pdf {
        ops::write_atomically(path, &ops::preview_pdf(&printer, &state, &state.course.title, &page)?)?;
        say!("Wrote {}.", path.display());
    }
    if let Some(path) = &files.png {
        let image = Rasterizer::new(printer.fonts.clone(), printer.images.clone()).render(&page, args.dpi)?;
        ops::write_atomically(path, &image.to_png()?)?;
        say!("Wrote {} ({}x{} pixels).", path.display(), image.width, image.height);
    }
    if files.is_empty() {
        let graphics = terminal_graphics()?;
        match graphics.protocol {
            Protocol::HalfBlocks => draw_on_terminal(&page, &printer)?,
            Protocol::Kitty | Protocol::Iterm2 | Protocol::Sixel => draw_picture(&page, &printer, graphics)?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How this terminal shows pictures. On a terminal it is asked (in raw mode, so its answers
/// are not echoed); into a pipe only `CERTDESK_GRAPHICS` says, else half-blocks.
fn terminal_graphics() -> anyhow::Result<Graphics> {
    let on_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !on_terminal {
        let forced = std::env::var("CERTDESK_GRAPHICS").ok().and_then(|name| Protocol::from_name(&name));
        let graphics = Graphics::detect(false);
        return Ok(Graphics { protocol: forced.unwrap_or(Protocol::HalfBlocks), ..graphics });
    }
    ratatui::crossterm::terminal::enable_raw_mode().context("cannot ask the terminal about pictures")?;
    let graphics = Graphics::detect(true);
    ratatui::crossterm::terminal::disable_raw_mode()?;
    Ok(graphics)
}

/// The terminal's columns and rows: `COLUMNS` and `LINES` when set, else what it says, else 100 x 40.
fn terminal_cells() -> (u16, u16) {
    let env = |name: &str| std::env::var(name).ok().and_then(|value| value.parse::<u16>().ok());
    let (columns, rows) = ratatui::crossterm::terminal::size().unwrap_or((100, 40));
    (env("COLUMNS").unwrap_or(columns), env("LINES").unwrap_or(rows))
}

/// The page as one picture as wide as the terminal (and two rows less tall), in the protocol
/// of `graphics`; the cursor ends on the line under it.
fn draw_picture(page: &Page, printer: &Printer, graphics: Graphics) -> anyhow::Result<()> {
    let (columns, rows) = terminal_cells();
    let (cols, rows) = (columns.max(8), rows.saturating_sub(2).max(4));
    let (cell_w, cell_h) = graphics.cell_px;
    let scale = (f32::from(cols * cell_w) / page.width_pt).min(f32::from(rows) * f32::from(cell_h) / page.height_pt);
    let mut rasterizer = Rasterizer::new(printer.fonts.clone(), printer.images.clone());
    let image = rasterizer.render_scaled(page, scale).context("cannot draw the preview")?;
    let covered = |pixels: u32, cell: u16| u16::try_from(pixels.div_ceil(u32::from(cell.max(1)))).unwrap_or(u16::MAX);
    let placement = Placement {
        cols: covered(image.width, cell_w),
        rows: covered(image.height, cell_h),
        keep_cursor: false,
        id: 1,
    };
    let sequence = graphics.wrap(encode(graphics.protocol, &image, placement)?);
    let mut out = std::io::stdout().lock();
    out.write_all(&sequence)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// The page as `▀` cells with ANSI colours, as wide as the terminal (`COLUMNS`, else 100).
fn draw_on_terminal(page: &Page, printer: &Printer) -> anyhow::Result<()> {
    let columns: u16 = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
    let rows: u16 = std::env::var("LINES").ok().and_then(|r| r.parse().ok()).unwrap_or(40);
    let mut rasterizer = Rasterizer::new(printer.fonts.clone(), printer.images.clone());
    let grid = page_cells(&mut rasterizer, page, columns, rows.saturating_sub(2).max(4), ColorMode::from_env())
        .context("cannot draw the preview")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let color = |color: CellColor, layer: u8| match color {
        CellColor::Rgb(rgb) => format!("\x1b[{layer}8;2;{};{};{}m", rgb.r, rgb.g, rgb.b),
        CellColor::Indexed(index) => format!("\x1b[{layer}8;5;{index}m"),
    };
    for row in grid {
        for cell in row {
            write!(out, "{}{}{HALF_BLOCK}", color(cell.fg, 3), color(cell.bg, 4))?;
        }
        writeln!(out, "\x1b[0m")?;
    }
    out.flush()?;
    Ok(())
}
