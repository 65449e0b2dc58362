//! The document model a template parses into: page setup and a tree of blocks, each with the
//! template position it came from. Plain data; placeholders are still unevaluated text here.

/// A 1-based line and column (in characters) in the template source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
}

/// The language a certificate is written in: the `date` filter's words, and the regional glyph
/// forms of the text (Han characters differ between Japanese and Chinese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    English,
    AmericanEnglish,
    Dutch,
    French,
    German,
    Spanish,
    Japanese,
    Korean,
    SimplifiedChinese,
    TraditionalChinese,
}

impl Language {
    /// The codes templates write after `language:` (and to `date(..)`), lower case.
    pub const CODES: [(&'static str, Language); 13] = [
        ("en", Language::English),
        ("en-gb", Language::English),
        ("en-us", Language::AmericanEnglish),
        ("nl", Language::Dutch),
        ("fr", Language::French),
        ("de", Language::German),
        ("es", Language::Spanish),
        ("ja", Language::Japanese),
        ("ko", Language::Korean),
        ("zh", Language::SimplifiedChinese),
        ("zh-hans", Language::SimplifiedChinese),
        ("zh-hant", Language::TraditionalChinese),
        ("zh-tw", Language::TraditionalChinese),
    ];

    /// Every code, as a message lists them: `en, en-gb, ... or zh-tw`.
    pub fn code_list() -> String {
        let codes: Vec<&str> = Language::CODES.iter().map(|(code, _)| *code).collect();
        match codes.split_last() {
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.to_ascii_lowercase();
        Language::CODES.iter().find(|(known, _)| *known == code).map(|(_, language)| *language)
    }

    /// The BCP 47 tag shaping uses.
    pub fn bcp47(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::AmericanEnglish => "en-US",
            Language::Dutch => "nl",
            Language::French => "fr",
            Language::German => "de",
            Language::Spanish => "es",
            Language::Japanese => "ja",
            Language::Korean => "ko",
            Language::SimplifiedChinese => "zh-Hans",
            Language::TraditionalChinese => "zh-Hant",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Family {
    #[default]
    Serif,
    Sans,
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Align {
    Left,
    #[default]
    Center,
    Right,
}

/// Where the flow (blocks without `top`, `bottom` or `middle`) sits between the margins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FlowAlign {
    #[default]
    Top,
    Center,
    Bottom,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Edges {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    pub width_pt: f32,
    pub height_pt: f32,
    pub margin: Edges,
    pub background: Option<Color>,
    pub language: Language,
    pub flow: FlowAlign,
}

impl Default for PageSetup {
    fn default() -> Self {
        // A4 portrait, 20 mm margins.
        let margin = 20.0 * 72.0 / 25.4;
        PageSetup {
            width_pt: 595.276,
            height_pt: 841.89,
            margin: Edges { top: margin, right: margin, bottom: margin, left: margin },
            background: None,
            language: Language::English,
            flow: FlowAlign::Top,
        }
    }
}

/// How a block is placed in its container (the page, or a column). Absent values follow the flow.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Placement {
    /// Distance of the block's top edge from the container's top edge.
    pub top: Option<f32>,
    /// Distance of the block's bottom edge from the container's bottom edge.
    pub bottom: Option<f32>,
    /// Offset of the block's vertical centre from the container's centre (positive = down).
    pub middle: Option<f32>,
    pub left: Option<f32>,
    pub right: Option<f32>,
    /// Offset of the block's horizontal centre from the container's centre (positive = right).
    pub center: Option<f32>,
    pub width: Option<f32>,
    pub height: Option<f32>,
    pub space_before: f32,
    pub space_after: f32,
}

impl Placement {
    pub fn is_absolute(&self) -> bool {
        self.top.is_some() || self.bottom.is_some() || self.middle.is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
    pub size_pt: f32,
    pub color: Color,
    pub align: Align,
    pub letter_spacing_pt: f32,
    /// A multiple of the font size.
    pub line_height: f32,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            family: Family::Serif,
            bold: false,
            italic: false,
            size_pt: 12.0,
            color: Color::BLACK,
            align: Align::Center,
            letter_spacing_pt: 0.0,
            line_height: 1.2,
        }
    }
}

/// Text whose content is a minijinja template evaluated per certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    pub style: TextStyle,
    /// Shrink the size (down to `min_size_pt`) until the text fits in `max_lines` lines.
    pub shrink: bool,
    pub min_size_pt: f32,
    pub max_lines: Option<u32>,
    /// `break: anywhere`: a word too wide for the box may be cut between any two characters
    /// (after shrinking has done what it can), as web addresses are. Otherwise that is an error.
    pub break_anywhere: bool,
    pub content: Content,
}

/// The source of a text, with where each of its characters came from in the template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    pub source: String,
    /// Byte offsets in `source` where a template line starts, with that line's position.
    pub origins: Vec<(usize, Pos)>,
}

impl Content {
    /// Whether the text is minijinja's to read rather than printed as it stands: it holds a
    /// placeholder, a tag or a comment (which is not printed).
    pub fn is_dynamic(&self) -> bool {
        ["{{", "{%", "{#"].iter().any(|opening| self.source.contains(opening))
    }

    /// The template position of byte `offset` of `source`.
    pub fn pos_of(&self, offset: usize) -> Pos {
        let index = self.origins.partition_point(|(start, _)| *start <= offset).saturating_sub(1);
        match self.origins.get(index) {
            Some((start, pos)) => {
                let within = self.source.get(*start..offset.min(self.source.len())).unwrap_or("");
                Pos { line: pos.line, col: pos.col + within.chars().count() as u32 }
            }
            None => Pos::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    #[default]
    Single,
    Double,
}

/// A horizontal line across the block's width.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBlock {
    pub thickness_pt: f32,
    pub color: Color,
    pub style: LineStyle,
    /// Distance between the two lines of a double rule.
    pub gap_pt: f32,
}

/// A rectangle; `border` is a rectangle inset from the page edges.
#[derive(Debug, Clone, PartialEq)]
pub struct RectBlock {
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    pub thickness_pt: f32,
    pub style: LineStyle,
    /// Distance between the two lines of a double stroke.
    pub gap_pt: f32,
    /// For `border`: the distance from the page edges.
    pub inset_pt: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageBlock {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QrBlock {
    pub color: Color,
    /// Quiet zone in modules (drawn as empty space).
    pub quiet_modules: u32,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub expr: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Text(TextBlock),
    Rule(RuleBlock),
    Rect(RectBlock),
    Image(ImageBlock),
    Qr(QrBlock),
    /// Columns side by side; children are `column`, `if` or `for` blocks.
    Row {
        gap_pt: f32,
        children: Vec<Block>,
    },
    Column {
        children: Vec<Block>,
    },
    /// Empty vertical space in the flow (its height is the placement's height).
    Space,
    If {
        condition: Condition,
        then: Vec<Block>,
        otherwise: Vec<Block>,
    },
    For {
        variable: String,
        iterable: Condition,
        children: Vec<Block>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub place: Placement,
    pub pos: Pos,
    /// Numbers every block in the document in source order; slots of the evaluated text refer to it.
    pub id: u32,
}

/// A parsed and structurally valid template.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub page: PageSetup,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Every block, depth first in source order.
    pub fn walk<'a>(&'a self, mut visit: impl FnMut(&'a Block)) {
        fn go<'a>(blocks: &'a [Block], visit: &mut dyn FnMut(&'a Block)) {
            for block in blocks {
                visit(block);
                match &block.kind {
                    BlockKind::Row { children, .. }
                    | BlockKind::Column { children }
                    | BlockKind::For { children, .. } => go(children, visit),
                    BlockKind::If { then, otherwise, .. } => {
                        go(then, visit);
                        go(otherwise, visit);
                    }
                    BlockKind::Text(_)
                    | BlockKind::Rule(_)
                    | BlockKind::Rect(_)
                    | BlockKind::Image(_)
                    | BlockKind::Qr(_)
                    | BlockKind::Space => {}
                }
            }
        }
        go(&self.blocks, &mut visit);
    }
}
