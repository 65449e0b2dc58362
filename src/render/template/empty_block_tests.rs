//! Blocks that hold other blocks (`if`, `else`, `for`, `row`) with nothing indented under
//! them: the blocks meant for them were written at their own indentation, so they print
//! always (or not at all, after an `if` whose condition is false), which no check saw.

use super::Template;
use super::model::BlockKind;
use super::tests::assert_each_refused_with;

#[test]
fn a_block_of_blocks_with_nothing_under_it_says_to_indent_them() {
    let table: &[(&str, &[&str])] = &[
        (
            "if certificate.mode == \"verified\"\ntext\n  | VERIFIED\n",
            &["1:1: nothing is indented under this `if`: indent the blocks it draws under it, two spaces deeper"],
        ),
        (
            "if grade.letter\n  text\n    | A\nelse\ntext\n  | none\n",
            &[
                "4:1: nothing is indented under this `else`: indent the blocks it draws under it, two spaces deeper, or remove it",
            ],
        ),
        (
            "for signer in signatories\ntext\n  | {{ signer.name }}\n",
            &[
                "1:1: nothing is indented under this `for`: indent the blocks it repeats under it, two spaces deeper",
                // Outside the loop the text does not know its variable, which says the same.
                "3:8: unknown placeholder `signer.name` (placeholders are learner.*, course.*, grade.*, certificate.* and signatories)",
            ],
        ),
        (
            "row\n  gap: 4mm\ncolumn\n  rule\n",
            &[
                "1:1: nothing is indented under this `row`: indent its `column` blocks under it, two spaces deeper",
                "3:1: `column` belongs inside a `row`",
            ],
        ),
        // Nested, the same.
        (
            "row\n  column\n    if grade.letter\n    text\n      | x\n",
            &["3:5: nothing is indented under this `if`: indent the blocks it draws under it, two spaces deeper"],
        ),
    ];
    assert_each_refused_with(table);
}

#[test]
fn an_empty_if_with_an_else_draws_the_else_when_the_condition_is_false() {
    // `if X` with nothing under it and an `else` is "unless X": it draws something.
    let template = Template::parse("if grade.letter\nelse\n  rule\n").map_err(|errors| errors.0);
    let Ok(template) = template else { panic!("refused: {template:?}") };
    match template.document.blocks.as_slice() {
        [block] => match &block.kind {
            BlockKind::If { then, otherwise, .. } => assert_eq!((then.len(), otherwise.len()), (0, 1)),
            other => panic!("not an if: {other:?}"),
        },
        blocks => panic!("expected one block, got {blocks:?}"),
    }
}
