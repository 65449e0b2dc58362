//! `certdesk preview` on a terminal, in each picture protocol: the escape sequences decoded
//! back into an image (by decoders nobody here wrote) and compared with the PNG export.

use crate::common;

use common::TestDb;
use common::pictures::{
    Pixels, decode_half_blocks, decode_iterm2, decode_kitty, decode_png, decode_sixel, difference, ink, unwrap_tmux,
};

/// The terminal the picture is drawn for: 80x24 cells of 10x20 pixels (certdesk's guess when
/// the terminal does not say, as in a pipe).
const COLUMNS: &str = "80";
const LINES: &str = "24";

fn preview(db: &TestDb, protocol: &str, tmux: bool) -> Vec<u8> {
    let mut command = db.command(&["preview", "middle-earth-101", "--example", "honor"]);
    command.env("CERTDESK_GRAPHICS", protocol).env("COLUMNS", COLUMNS).env("LINES", LINES);
    command.env("COLORTERM", "truecolor").env_remove("TERM_PROGRAM").env_remove("KITTY_WINDOW_ID");
    if tmux {
        command.env("TMUX", "/tmp/tmux-1000/default,1,0");
    } else {
        command.env_remove("TMUX");
    }
    let output = command.output().expect("certdesk preview");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

fn export(db: &TestDb, mode: &str) -> Pixels {
    let png = db.dir.path().join(format!("{mode}.png"));
    db.ok(&["preview", "middle-earth-101", "--example", mode, "--png", png.to_str().expect("utf-8 path")]);
    decode_png(&std::fs::read(png).expect("the export"))
}

/// The picture is the honor example: close to its PNG export, further from the verified one's,
/// and not blank.
#[track_caller]
fn same_page(picture: &Pixels, db: &TestDb, within: f64) {
    let (honor, verified) = (export(db, "honor"), export(db, "verified"));
    let (near, far) = (difference(picture, &honor), difference(picture, &verified));
    assert!(ink(picture) > 0.01, "the picture has ink");
    assert!(
        near < within,
        "{}x{} picture differs from the export by {near:.2} per channel",
        picture.width,
        picture.height
    );
    assert!(far > near * 2.0, "the other page differs far more ({far:.2} against {near:.2})");
}

/// Fitted into 80 x 22 cells of 10x20 pixels, with the page's aspect ratio.
#[track_caller]
fn sized_to_the_cells(picture: &Pixels) {
    assert!(picture.width <= 800 && picture.height <= 440, "{}x{}", picture.width, picture.height);
    assert!(picture.width >= 790 || picture.height >= 430, "fills the room: {}x{}", picture.width, picture.height);
    let aspect = picture.width as f64 / picture.height as f64;
    assert!((aspect - 297.0 / 210.0).abs() < 0.02, "A4 landscape: {aspect}");
}

#[test]
fn preview_in_kitty_graphics_decodes_to_the_page() {
    let db = TestDb::with_sample();
    let (control, picture) = decode_kitty(&preview(&db, "kitty", false));
    assert!(control.contains("f=100") && control.contains("q=2") && !control.contains("C=1"), "{control}");
    sized_to_the_cells(&picture);
    same_page(&picture, &db, 5.0);
}

#[test]
fn preview_in_iterm2_inline_images_decodes_to_the_page() {
    let db = TestDb::with_sample();
    let (arguments, picture) = decode_iterm2(&preview(&db, "iterm2", false));
    assert!(arguments.contains("inline=1") && arguments.contains("preserveAspectRatio=1"), "{arguments}");
    sized_to_the_cells(&picture);
    same_page(&picture, &db, 5.0);
}

#[test]
fn preview_in_sixel_decodes_to_the_page() {
    let db = TestDb::with_sample();
    let picture = decode_sixel(&preview(&db, "sixel", false));
    sized_to_the_cells(&picture);
    same_page(&picture, &db, 9.0);
}

#[test]
fn preview_in_half_blocks_decodes_to_the_page() {
    let db = TestDb::with_sample();
    let text = String::from_utf8(preview(&db, "halfblocks", false)).expect("text");
    let picture = decode_half_blocks(&text);
    assert!(picture.width <= 80 && picture.height <= 44, "{}x{}", picture.width, picture.height);
    same_page(&picture, &db, 7.0);
}

#[test]
fn inside_tmux_every_protocol_goes_through_its_passthrough() {
    let db = TestDb::with_sample();
    for protocol in ["kitty", "iterm2", "sixel"] {
        let bytes = preview(&db, protocol, true);
        assert!(bytes.starts_with(b"\x1bPtmux;\x1b\x1b"), "{protocol}: wrapped for tmux");
        let inner = unwrap_tmux(&bytes);
        let picture = match protocol {
            "kitty" => decode_kitty(&inner).1,
            "iterm2" => decode_iterm2(&inner).1,
            _ => decode_sixel(&inner),
        };
        sized_to_the_cells(&picture);
    }
}
