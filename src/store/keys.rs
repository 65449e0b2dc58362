//! Key layout. Text parts are UTF-8 and end with a 0x00 separator (course ids and usernames
//! never contain one); numbers are big-endian so keys sort in numeric order.

pub const SEPARATOR: u8 = 0;

/// `course` — the key of a course record.
pub fn course(course_id: &str) -> Vec<u8> {
    course_id.as_bytes().to_vec()
}

/// `course 0x00` — everything of one course in a tree keyed by course then more.
pub fn course_prefix(course_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(course_id.len() + 1);
    key.extend_from_slice(course_id.as_bytes());
    key.push(SEPARATOR);
    key
}

/// `course 0x00 generation(u32 BE)` — one generation of a course's enrollments.
pub fn enrollment_generation(course_id: &str, generation: u32) -> Vec<u8> {
    let mut key = course_prefix(course_id);
    key.extend_from_slice(&generation.to_be_bytes());
    key
}

/// `course 0x00 generation(u32 BE) username` — one learner's enrollment.
pub fn enrollment(course_id: &str, generation: u32, username: &str) -> Vec<u8> {
    let mut key = enrollment_generation(course_id, generation);
    key.extend_from_slice(username.as_bytes());
    key
}

/// `course 0x00 username` — one learner's record in a tree keyed by course (ledgers,
/// allowlist, invalidations).
pub fn learner(course_id: &str, username: &str) -> Vec<u8> {
    let mut key = course_prefix(course_id);
    key.extend_from_slice(username.as_bytes());
    key
}

/// The username part of a `learner` key.
pub fn username_of(key: &[u8], course_id: &str) -> Option<String> {
    let rest = key.strip_prefix(course_prefix(course_id).as_slice())?;
    String::from_utf8(rest.to_vec()).ok()
}

/// `code(u64 BE)` — the verification index.
pub fn code(code: crate::domain::Code) -> [u8; 8] {
    code.bits().to_be_bytes()
}

/// `course 0x00 sequence(u64 BE)` — one audit event, in the order they were appended.
pub fn audit_event(course_id: &str, sequence: u64) -> Vec<u8> {
    let mut key = course_prefix(course_id);
    key.extend_from_slice(&sequence.to_be_bytes());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrollment_keys_sort_by_generation_then_username() {
        let mut keys = vec![
            enrollment("c", 2, "alice"),
            enrollment("c", 1, "bob"),
            enrollment("c", 1, "alice"),
            enrollment("c", 256, "aaron"),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                enrollment("c", 1, "alice"),
                enrollment("c", 1, "bob"),
                enrollment("c", 2, "alice"),
                enrollment("c", 256, "aaron"),
            ]
        );
        assert!(enrollment("c", 1, "bob").starts_with(&enrollment_generation("c", 1)));
        assert!(!enrollment("c2", 1, "bob").starts_with(&course_prefix("c")));
    }
}
