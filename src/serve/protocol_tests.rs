//! Tests of the frame codec: round trips, and refusal of everything malformed (fuzzed).

use proptest::prelude::*;

use super::*;

fn frame<M: Serialize>(message: &M) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_frame(&mut bytes, message).expect("write");
    bytes
}

#[test]
fn messages_round_trip_through_frames() {
    let messages = [
        ClientMessage::Hello { protocol: PROTOCOL, certdesk: "0.1.0".into() },
        ClientMessage::Call(Box::new(Request::Enrollment { course: "c".into(), username: "bilbo".into() })),
        ClientMessage::Subscribe,
    ];
    let mut bytes = Vec::new();
    for message in &messages {
        bytes.extend(frame(message));
    }
    let mut reader = bytes.as_slice();
    for message in &messages {
        assert_eq!(&read_frame::<_, ClientMessage>(&mut reader).expect("read"), message);
    }
    assert!(matches!(read_frame::<_, ClientMessage>(&mut reader), Err(FrameError::Io(_))), "nothing left");
}

#[test]
fn oversized_truncated_and_padded_frames_are_refused() {
    let huge = ((MAX_FRAME + 1) as u32).to_be_bytes();
    assert!(
        matches!(read_frame::<_, ClientMessage>(&mut &huge[..]), Err(FrameError::TooLarge(n)) if n == MAX_FRAME + 1)
    );
    let whole = frame(&ClientMessage::Subscribe);
    assert!(matches!(read_frame::<_, ClientMessage>(&mut &whole[..whole.len() - 1]), Err(FrameError::Io(_))));
    let mut padded = whole.clone();
    padded[3] += 1;
    padded.push(0);
    assert!(matches!(read_frame::<_, ClientMessage>(&mut padded.as_slice()), Err(FrameError::Malformed(_))));
}

#[test]
fn long_answers_travel_in_parts_and_come_back_whole() {
    let ledgers: Vec<(String, crate::domain::Ledger)> =
        (0..CHUNK * 2 + 7).map(|i| (format!("learner{i}"), crate::domain::Ledger::default())).collect();
    let parts = Response::Ledgers(ledgers.clone()).into_parts();
    assert_eq!(parts.len(), 3);
    let mut parts = parts.into_iter();
    let mut whole = parts.next().expect("first");
    for part in parts {
        whole.absorb(part).expect("same kind");
    }
    assert_eq!(whole, Response::Ledgers(ledgers));
    assert!(Response::Done.absorb(Response::Count(1)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever bytes arrive, the decoder answers with a message or an error: no panic, no
    /// allocation beyond the frame.
    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode::<ClientMessage>(&bytes);
        let _ = decode::<ServerMessage>(&bytes);
        let _ = read_frame::<_, ClientMessage>(&mut bytes.as_slice());
    }

    /// A valid frame with bytes flipped is refused or read as some message, never a panic.
    #[test]
    fn corrupted_frames_never_panic(flips in proptest::collection::vec((0usize..64, any::<u8>()), 1..8)) {
        let bilbo = crate::domain::Enrollment {
            username: "bilbo".into(),
            full_name: "Bilbo Baggins".into(),
            email: String::new(),
            mode: crate::domain::Mode::Honor,
            status: crate::domain::EnrollmentStatus::Active,
            scores: vec![None, Some(crate::domain::Points::from_hundredths(850))],
            imported: None,
        };
        let mut bytes = frame(&ClientMessage::Call(Box::new(Request::SaveEnrollment {
            course: "c".into(),
            enrollment: bilbo.clone(),
            replaces: bilbo,
            event: crate::domain::Event {
                at: jiff::Timestamp::UNIX_EPOCH,
                who: "x".into(),
                action: crate::domain::Action::Grade,
                summary: "s".into(),
                learners: vec![],
                codes: vec![],
                learner_changes: None,
            },
        })));
        for (at, value) in flips {
            let at = 4 + at % (bytes.len() - 4);
            bytes[at] = value;
        }
        let _ = read_frame::<_, ClientMessage>(&mut bytes.as_slice());
    }
}

#[test]
fn a_connection_closed_mid_message_is_said_in_plain_words() {
    let truncated: &[u8] = &[0, 0, 0, 9, 1];
    let error = read_frame::<_, ServerMessage>(&mut &truncated[..]).expect_err("cut short");
    assert_eq!(error.to_string(), "it closed the connection");
}
