//! The font files compiled into the binary (see `fonts/` and the licence beside each), and what
//! each is for. Order matters: template families come first, in fallback order.

use super::script::Dedicated;

pub(super) enum Role {
    /// One of the families templates name: serif, sans, mono (DejaVu).
    Template,
    /// The face for a script the template families lack.
    Dedicated(Dedicated),
}

pub(super) struct EmbeddedFont {
    pub bytes: &'static [u8],
    /// The face's index in a collection file.
    pub index: u32,
    pub role: Role,
}

macro_rules! font {
    ($file:literal, $role:expr) => {
        EmbeddedFont { bytes: include_bytes!(concat!("../../../fonts/", $file)), index: 0, role: $role }
    };
}

pub(super) const EMBEDDED: [EmbeddedFont; 23] = [
    font!("DejaVuSerif.ttf", Role::Template),
    font!("DejaVuSerif-Bold.ttf", Role::Template),
    font!("DejaVuSerif-Italic.ttf", Role::Template),
    font!("DejaVuSerif-BoldItalic.ttf", Role::Template),
    font!("DejaVuSans.ttf", Role::Template),
    font!("DejaVuSans-Bold.ttf", Role::Template),
    font!("DejaVuSans-Oblique.ttf", Role::Template),
    font!("DejaVuSans-BoldOblique.ttf", Role::Template),
    font!("DejaVuSansMono.ttf", Role::Template),
    font!("DejaVuSansMono-Bold.ttf", Role::Template),
    font!("NotoNaskhArabic-Regular.ttf", Role::Dedicated(Dedicated::Arabic)),
    font!("NotoNaskhArabic-Bold.ttf", Role::Dedicated(Dedicated::Arabic)),
    font!("NotoSansHebrew-Regular.ttf", Role::Dedicated(Dedicated::Hebrew)),
    font!("NotoSansHebrew-Bold.ttf", Role::Dedicated(Dedicated::Hebrew)),
    font!("NotoSansDevanagari-Regular.ttf", Role::Dedicated(Dedicated::Devanagari)),
    font!("NotoSansDevanagari-Bold.ttf", Role::Dedicated(Dedicated::Devanagari)),
    font!("NotoSansBengali-Regular.ttf", Role::Dedicated(Dedicated::Bengali)),
    font!("NotoSansBengali-Bold.ttf", Role::Dedicated(Dedicated::Bengali)),
    font!("NotoSansTamil-Regular.ttf", Role::Dedicated(Dedicated::Tamil)),
    font!("NotoSansTamil-Bold.ttf", Role::Dedicated(Dedicated::Tamil)),
    font!("NotoSansThai-Regular.ttf", Role::Dedicated(Dedicated::Thai)),
    font!("NotoSansThai-Bold.ttf", Role::Dedicated(Dedicated::Thai)),
    // WenQuanYi Micro Hei (face 0 of the collection; face 1 is its monospaced twin).
    font!("wqy-microhei.ttc", Role::Dedicated(Dedicated::Cjk)),
];
