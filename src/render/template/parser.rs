//! Turns the line tree into the document model: one function per block keyword, each reading
//! the properties it knows; every mistake in a block is reported with its position.

use super::TemplateError;
use super::block_rules::{BLOCKS, keys, no_args, no_children, no_text, unknown_block, without_colon};
use super::model::{
    Block, BlockKind, Color, Condition, Content, Document, FlowAlign, ImageBlock, Language, LineStyle, PageSetup,
    Placement, Pos, QrBlock, RectBlock, RuleBlock, TextBlock, TextStyle,
};
use super::props::{Props, size};
use super::tree::Node;
use super::values;

/// Where a block sits, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Page,
    Row,
    Column,
}

/// The document `nodes` describe, and every error found in them: a block with an error is
/// left out of the document and reading goes on with the next one.
pub(super) fn document(nodes: &[Node], errors: &mut Vec<TemplateError>) -> Document {
    let mut builder = Builder { next_id: 0, page: PageSetup::default(), base_style: TextStyle::default(), errors };
    let pages: Vec<&Node> = nodes.iter().filter(|node| node.keyword == "page").collect();
    for second in pages.iter().skip(1) {
        builder.errors.push(TemplateError::at(second.pos, "a template has one `page` block"));
    }
    if let Some(page) = pages.first() {
        let found = builder.page_setup(page);
        builder.report(page, found);
    }
    let rest: Vec<&Node> = nodes.iter().filter(|node| node.keyword != "page").collect();
    let blocks = builder.blocks(&rest, Context::Page);
    Document { page: builder.page, blocks }
}

struct Builder<'e> {
    next_id: u32,
    page: PageSetup,
    base_style: TextStyle,
    /// Every error found so far, in the order found.
    errors: &'e mut Vec<TemplateError>,
}

impl Builder<'_> {
    /// Records `errors` of `node`'s own, unless a line of `node` was set aside: that line's
    /// error is the one to fix, and these most likely follow from it.
    fn report(&mut self, node: &Node, errors: impl IntoIterator<Item = TemplateError>) {
        if !node.damaged() {
            self.errors.extend(errors);
        }
    }

    /// Reads the page's setup into `self`, and returns every mistake found in it.
    fn page_setup(&mut self, node: &Node) -> Vec<TemplateError> {
        let mut props = Props::of(node);
        props.record(no_args(node));
        props.record(no_children(node));
        props.record(no_text(node));
        let (mut width, mut height) = props.get("size", values::page_size).unwrap_or((595.276, 841.89));
        let landscape = props.get("orientation", |v| values::keyword(v, &[("portrait", false), ("landscape", true)]));
        if landscape == Some(true) && width < height || landscape == Some(false) && width > height {
            std::mem::swap(&mut width, &mut height);
        }
        self.page.width_pt = width;
        self.page.height_pt = height;
        if let Some(margin) = props.get("margin", values::edges) {
            self.page.margin = margin;
        }
        self.page.background = props.get("background", values::color);
        if let Some(language) = props.get("language", |v| values::keyword(v, &Language::CODES)) {
            self.page.language = language;
        }
        let flows = [("top", FlowAlign::Top), ("center", FlowAlign::Center), ("bottom", FlowAlign::Bottom)];
        if let Some(flow) = props.get("flow", |v| values::keyword(v, &flows)) {
            self.page.flow = flow;
        }
        self.base_style = props.text_style(&TextStyle::default(), false);
        let margin = self.page.margin;
        if props.sound() && (margin.left + margin.right >= width || margin.top + margin.bottom >= height) {
            props.refuse(node.pos, "the margins leave no room on the page");
        }
        props.finish("page", keys("page"))
    }

    fn blocks(&mut self, nodes: &[&Node], context: Context) -> Vec<Block> {
        let mut blocks: Vec<Block> = Vec::new();
        // Whether the block before is an `if` without an `else` yet, and if so whether it was read.
        let mut after_if: Option<bool> = None;
        let nodes: Vec<&Node> = nodes.iter().copied().filter(|node| !node.broken).collect();
        for (index, node) in nodes.iter().copied().enumerate() {
            if node.keyword == "else" {
                let children = self.children(node, context);
                let mut props = Props::of(node);
                props.record(no_args(node));
                props.record(no_text(node));
                let own = props.finish("else", &[]);
                match (own.is_empty(), after_if.take()) {
                    (false, _) => self.report(node, own),
                    (true, None) => {
                        self.report(node, [TemplateError::at(node.pos, "`else` must directly follow an `if` block")]);
                    }
                    // The `if` has an error of its own, which is the one to report.
                    (true, Some(false)) => {}
                    (true, Some(true)) if holds_nothing(node) => {
                        self.report(
                            node,
                            [TemplateError::at(
                                node.pos,
                                format!("{}, or remove it", nothing_under("else", "the blocks it draws")),
                            )],
                        );
                    }
                    (true, Some(true)) => {
                        if let Some(BlockKind::If { otherwise, .. }) = blocks.last_mut().map(|block| &mut block.kind)
                            && !node.damaged()
                        {
                            *otherwise = children;
                        }
                    }
                }
                continue;
            }
            // An `if` with nothing under it, and no `else` after it, draws nothing whatever the
            // data: most likely the blocks meant for it were not indented, and print always.
            let else_follows = nodes.get(index + 1).is_some_and(|next| next.keyword == "else");
            let read = match self.block(node, context) {
                Ok(_) if node.keyword == "if" && holds_nothing(node) && !else_follows => {
                    self.report(node, [TemplateError::at(node.pos, nothing_under("if", "the blocks it draws"))]);
                    false
                }
                Ok(block) if !node.damaged() => {
                    blocks.push(block);
                    true
                }
                Ok(_) => false,
                Err(errors) => {
                    self.report(node, errors);
                    false
                }
            };
            after_if = (node.keyword == "if").then_some(read);
        }
        blocks
    }

    fn children(&mut self, node: &Node, context: Context) -> Vec<Block> {
        let children: Vec<&Node> = node.children.iter().collect();
        self.blocks(&children, context)
    }

    /// The block `node` describes, or every mistake found in it.
    fn block(&mut self, node: &Node, context: Context) -> Result<Block, Vec<TemplateError>> {
        let id = self.next_id;
        self.next_id += 1;
        let keyword = node.keyword;
        if !BLOCKS.contains(&keyword) {
            let message = without_colon(node).unwrap_or_else(|| unknown_block(keyword));
            return Err(vec![TemplateError::at(node.pos, message)]);
        }
        let allowed_here = match context {
            Context::Row => matches!(keyword, "column" | "if" | "for"),
            // A top-level `page` is the page's setup, never a block: one here is nested.
            Context::Page | Context::Column => !matches!(keyword, "column" | "page"),
        };
        if !allowed_here {
            let message = match (context, keyword) {
                (_, "page") => "`page` must be a top-level block".to_string(),
                (Context::Row, _) => format!("a `row` holds `column` blocks, not `{keyword}`"),
                _ => "`column` belongs inside a `row`".to_string(),
            };
            return Err(vec![TemplateError::at(node.pos, message)]);
        }
        let mut props = Props::of(node);
        if !matches!(keyword, "text" | "qr") {
            props.record(no_text(node));
        }
        if !matches!(keyword, "row" | "column" | "if" | "for") {
            props.record(no_children(node));
        }
        if !matches!(keyword, "image" | "if" | "for" | "space") {
            props.record(no_args(node));
        }
        let (kind, place) = match self.kind(node, context, &mut props) {
            Ok(read) => read,
            Err(error) => {
                let mut errors = props.abandon();
                errors.push(error);
                return Err(errors);
            }
        };
        if context == Context::Column && place.is_absolute() {
            props.refuse(node.pos, "blocks inside a column follow the flow: remove `top`, `bottom` or `middle`");
        }
        let errors = props.finish(keyword, keys(keyword));
        if errors.is_empty() { Ok(Block { kind, place, pos: node.pos, id }) } else { Err(errors) }
    }

    /// What block `node` is and where it sits. Mistakes go to `props`, and reading goes on;
    /// only a line the block cannot be read without (an `if`'s or `for`'s) stops it.
    fn kind(
        &mut self,
        node: &Node,
        context: Context,
        props: &mut Props,
    ) -> Result<(BlockKind, Placement), TemplateError> {
        Ok(match node.keyword {
            "text" => self.text(node, props),
            "rule" => (rule(props), props.placement(node.pos)),
            "rect" => (rect(props, None), props.placement(node.pos)),
            "border" => {
                if context != Context::Page {
                    props.refuse(node.pos, "`border` must be a top-level block");
                }
                let inset = props.get("inset", values::positive_length).unwrap_or(0.0);
                (rect(props, Some(inset)), Placement::default())
            }
            "image" => {
                let name = node.args.trim_matches('"');
                if name.is_empty() || name.contains('"') {
                    props.refuse(node.args_pos, "name the image: `image \"logo\"`");
                }
                let place = props.placement(node.pos);
                if props.sound() && place.width.is_none() && place.height.is_none() {
                    props.refuse(node.pos, "give the image a `width` or a `height`");
                }
                (BlockKind::Image(ImageBlock { name: name.to_string() }), place)
            }
            "qr" => qr(node, props),
            "row" => {
                if node.children.is_empty() && node.texts.is_empty() {
                    props.refuse(node.pos, nothing_under("row", "its `column` blocks"));
                }
                let children = self.children(node, Context::Row);
                let gap_pt = props.get("gap", values::positive_length).unwrap_or(0.0);
                (BlockKind::Row { gap_pt, children }, props.placement(node.pos))
            }
            "column" => {
                let width = props.get("width", values::positive_length);
                (
                    BlockKind::Column { children: self.children(node, Context::Column) },
                    Placement { width, ..Default::default() },
                )
            }
            "space" => {
                let mut place = props.placement(node.pos);
                if !node.args.is_empty() {
                    match values::positive_length(node.args) {
                        Ok(height) => place.height = Some(height),
                        Err(message) => props.refuse(node.args_pos, message),
                    }
                }
                if props.sound() && place.height.is_none() {
                    props.refuse(node.pos, "give the space a height: `space 12mm`");
                }
                (BlockKind::Space, place)
            }
            "if" => {
                let children = self.children(node, context);
                let condition = condition(node.args, node.args_pos, "if")?;
                (BlockKind::If { condition, then: children, otherwise: Vec::new() }, Placement::default())
            }
            "for" => {
                let read = self.for_loop(node, context)?;
                if holds_nothing(node) {
                    props.refuse(node.pos, nothing_under("for", "the blocks it repeats"));
                }
                read
            }
            other => return Err(TemplateError::at(node.pos, unknown_block(other))),
        })
    }

    fn text(&mut self, node: &Node, props: &mut Props) -> (BlockKind, Placement) {
        let style = props.text_style(&self.base_style, true);
        let shrink = props.get("fit", |v| values::keyword(v, &[("none", false), ("shrink", true)])).unwrap_or(false);
        let min_size = props.get("min-size", size);
        let max_lines = props.get("max-lines", |v| values::number(v, 1.0, 100.0).map(|n| n as u32)).or(if shrink {
            Some(1)
        } else {
            None
        });
        let place = props.placement(node.pos);
        let break_anywhere =
            props.get("break", |v| values::keyword(v, &[("words", false), ("anywhere", true)])).unwrap_or(false);
        let min_size_pt = match (shrink, min_size) {
            (true, None) if props.sound() => {
                props.refuse(node.pos, "`fit: shrink` needs a `min-size`, the smallest size allowed");
                style.size_pt
            }
            (_, Some(min)) if min > style.size_pt && props.sound() => {
                props.refuse(node.pos, format!("`min-size` ({min}pt) is larger than `size` ({}pt)", style.size_pt));
                style.size_pt
            }
            (_, min) => min.unwrap_or(style.size_pt),
        };
        if node.texts.is_empty() {
            props.refuse(node.pos, "this `text` block has no text: add lines starting with `| `");
        }
        let block = TextBlock { style, shrink, min_size_pt, max_lines, break_anywhere, content: content(&node.texts) };
        (BlockKind::Text(block), place)
    }

    fn for_loop(&mut self, node: &Node, context: Context) -> Result<(BlockKind, Placement), TemplateError> {
        let children = self.children(node, context);
        let syntax = "write `for NAME in LIST`, e.g. `for signer in signatories`";
        let (variable, rest) = node.args.split_once(' ').ok_or_else(|| TemplateError::at(node.args_pos, syntax))?;
        let iterable = rest.trim_start().strip_prefix("in ").ok_or_else(|| TemplateError::at(node.args_pos, syntax))?;
        if variable.is_empty() || !variable.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(TemplateError::at(node.args_pos, syntax));
        }
        let offset = node.args.len() - iterable.trim_start().len();
        let pos = Pos { line: node.args_pos.line, col: node.args_pos.col + node.args[..offset].chars().count() as u32 };
        let iterable = condition(iterable, pos, "for")?;
        Ok((BlockKind::For { variable: variable.to_string(), iterable, children }, Placement::default()))
    }
}

/// Whether nothing at all is indented under `node`: no block, property or text line.
fn holds_nothing(node: &Node) -> bool {
    node.children.is_empty() && node.texts.is_empty() && node.properties.is_empty()
}

/// The error of a `keyword` block with nothing under it: its blocks were most likely written
/// at its own indentation, where they stand after it instead of inside it.
fn nothing_under(keyword: &str, what: &str) -> String {
    format!("nothing is indented under this `{keyword}`: indent {what} under it, two spaces deeper")
}

fn qr(node: &Node, props: &mut Props) -> (BlockKind, Placement) {
    let side = props.get("size", values::positive_length).unwrap_or(72.0);
    let color = props.get("color", values::color).unwrap_or(Color::BLACK);
    let quiet_modules = props.get("quiet", |v| values::number(v, 0.0, 10.0).map(|n| n as u32)).unwrap_or(0);
    let mut place = props.placement(node.pos);
    place.width = Some(side);
    place.height = Some(side);
    let content = if node.texts.is_empty() {
        Content { source: "{{ certificate.verify_url }}".to_string(), origins: vec![(0, node.pos)] }
    } else {
        content(&node.texts)
    };
    (BlockKind::Qr(QrBlock { color, quiet_modules, content }), place)
}

fn rule(props: &mut Props) -> BlockKind {
    let thickness_pt = props.get("thickness", values::positive_length).unwrap_or(0.75);
    let color = props.get("color", values::color).unwrap_or(Color::BLACK);
    let style = line_style(props);
    let gap_pt = props.get("gap", values::positive_length).unwrap_or(2.0);
    BlockKind::Rule(RuleBlock { thickness_pt, color, style, gap_pt })
}

fn rect(props: &mut Props, inset_pt: Option<f32>) -> BlockKind {
    let thickness_pt = props.get("thickness", values::positive_length).unwrap_or(1.0);
    let fill = props.get("fill", values::color);
    let stroke = props.get("color", values::color).or(if fill.is_none() { Some(Color::BLACK) } else { None });
    let style = line_style(props);
    let gap_pt = props.get("gap", values::positive_length).unwrap_or(2.0);
    BlockKind::Rect(RectBlock { fill, stroke, thickness_pt, style, gap_pt, inset_pt })
}

fn line_style(props: &mut Props) -> LineStyle {
    props
        .get("style", |v| values::keyword(v, &[("single", LineStyle::Single), ("double", LineStyle::Double)]))
        .unwrap_or_default()
}

fn condition(expr: &str, pos: Pos, keyword: &str) -> Result<Condition, TemplateError> {
    if expr.trim().is_empty() {
        return Err(TemplateError::at(pos, format!("`{keyword}` needs an expression")));
    }
    Ok(Condition { expr: expr.to_string(), pos })
}

/// Joins `| ` lines with spaces; an empty `|` line is a line break.
fn content(texts: &[(&str, Pos)]) -> Content {
    let mut content = Content::default();
    for (index, (text, pos)) in texts.iter().enumerate() {
        if text.is_empty() {
            content.source.push('\n');
            continue;
        }
        if index > 0 && !content.source.ends_with('\n') {
            content.source.push(' ');
        }
        content.origins.push((content.source.len(), *pos));
        content.source.push_str(text);
    }
    content
}
