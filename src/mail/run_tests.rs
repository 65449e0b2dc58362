//! What a mail run says when it cannot record what became of a message.

use super::*;

/// A run whose record of a message could not be written says what was sent before it and
/// that the message in hand went unrecorded, which running again would send a second time.
#[test]
fn a_message_that_went_unrecorded_is_said_so() {
    let sent =
        vec![("bilbo".to_string(), "the farewell".to_string()), ("frodo".to_string(), "the farewell".to_string())];
    let report = MailReport { sent, ..MailReport::default() };
    let gone = crate::store::StoreError::ServerGone {
        path: "/srv/db".into(),
        reason: "it closed the connection".into(),
        starter: None,
    };
    let said = not_recorded(gone, &report, "frodo", true).to_string();
    assert!(said.contains(". 1 message was sent and recorded before it; the message to frodo went but is not recorded, so running the command again sends it a second time, with the rest"), "{said}");
}
