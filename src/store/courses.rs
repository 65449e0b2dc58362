//! Courses and their enrollments (learners with their scores).
//!
//! A course's enrollments live in a numbered generation. Importing a course writes a whole new
//! generation in bounded chunks, then switches the course record to it in one small
//! transaction, then deletes the old one. One huge sled transaction would hold every
//! intermediate tree node in memory (gigabytes for 100,000 learners); this way an import is
//! still all-or-nothing, because until the switch nothing points at the new generation, and a
//! crash leaves only unreferenced keys that the next import of the course deletes.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::codec::{CodecError, Record, decode, decode_body, encode};
use super::error::Result;
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{Course, Enrollment, Event};

/// Records written per sled batch when whole generations are written or deleted.
const CHUNK: usize = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CourseRecord {
    pub course: Course,
    /// Which generation of enrollments is the course's.
    pub generation: u32,
}

impl Record for CourseRecord {
    /// 2: the course's grading rule and the categories' `min_count`; 3: the activities'
    /// `platform_id`.
    const VERSION: u8 = 3;

    fn decode_version(version: u8, body: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => super::legacy::course_record_v1(body),
            2 => super::legacy::course_record_v2(body),
            Self::VERSION => decode_body(body),
            _ => Err(CodecError::UnknownVersion(version)),
        }
    }
}

impl Record for Enrollment {
    /// 2: the scores as the last import left them (`imported`).
    const VERSION: u8 = 2;

    fn decode_version(version: u8, body: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => super::legacy::enrollment_v1(body),
            Self::VERSION => decode_body(body),
            _ => Err(CodecError::UnknownVersion(version)),
        }
    }
}

/// Generations of a course that nothing points at (any more, or yet), to be deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct UnusedGenerations(pub Vec<u32>);

impl Record for UnusedGenerations {
    const VERSION: u8 = 1;
}

fn unused_key(course_id: &str) -> Vec<u8> {
    let mut key = b"unused-generations".to_vec();
    key.push(keys::SEPARATOR);
    key.extend_from_slice(course_id.as_bytes());
    key
}

impl LocalStore {
    pub fn courses(&self) -> Result<Vec<Course>> {
        self.courses
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                Ok(decode::<CourseRecord>(tree::COURSES, &key, &value)?.course)
            })
            .collect()
    }

    pub fn course(&self, course_id: &str) -> Result<Option<Course>> {
        Ok(self.course_record(course_id)?.map(|record| record.course))
    }

    pub(crate) fn course_record(&self, course_id: &str) -> Result<Option<CourseRecord>> {
        get(&self.courses, tree::COURSES, &keys::course(course_id))
    }

    /// Every enrollment of a course, ordered by username.
    pub fn enrollments(&self, course_id: &str) -> Result<Vec<Enrollment>> {
        let Some(record) = self.course_record(course_id)? else {
            return Ok(Vec::new());
        };
        self.enrollments
            .scan_prefix(keys::enrollment_generation(course_id, record.generation))
            .map(|entry| {
                let (key, value) = entry?;
                decode(tree::ENROLLMENTS, &key, &value)
            })
            .collect()
    }

    /// How many learners a course has, without decoding them.
    pub fn enrollment_count(&self, course_id: &str) -> Result<usize> {
        let Some(record) = self.course_record(course_id)? else {
            return Ok(0);
        };
        let prefix = keys::enrollment_generation(course_id, record.generation);
        let mut count = 0;
        for key in self.enrollments.scan_prefix(prefix).keys() {
            key?;
            count += 1;
        }
        Ok(count)
    }

    pub fn enrollment(&self, course_id: &str, username: &str) -> Result<Option<Enrollment>> {
        let Some(record) = self.course_record(course_id)? else {
            return Ok(None);
        };
        self.enrollment_in(course_id, record.generation, username)
    }

    /// `username`'s enrollment in generation `generation` of the course, read from its record
    /// once by a caller that reads many.
    pub(super) fn enrollment_in(&self, course_id: &str, generation: u32, username: &str) -> Result<Option<Enrollment>> {
        get(&self.enrollments, tree::ENROLLMENTS, &keys::enrollment(course_id, generation, username))
    }

    /// Writes one enrollment of an existing course (a changed score, say) with the audit
    /// event that says so, made from `replaces` as it was read: when the stored enrollment is
    /// no longer that one (someone else changed it meanwhile), writes nothing and fails with
    /// `StoreError::Changed`, so the caller can read it again and redo its change.
    pub fn save_enrollment(
        &self,
        course_id: &str,
        enrollment: &Enrollment,
        replaces: &Enrollment,
        event: &Event,
    ) -> Result<()> {
        let record = self
            .course_record(course_id)?
            .ok_or_else(|| super::StoreError::Conflict(format!("course '{course_id}' is not in the database")))?;
        let key = keys::enrollment(course_id, record.generation, &enrollment.username);
        let value = encode(enrollment);
        let event_key = keys::audit_event(course_id, self.db.generate_id()?);
        let event = encode(event);
        (&self.enrollments, &self.audit).transaction(|(enrollments, audit)| {
            // Compared as records, not bytes: one stored in an older version is the same learner.
            let stored = match enrollments.get(key.as_slice())? {
                Some(bytes) => Some(
                    decode::<Enrollment>(tree::ENROLLMENTS, &key, &bytes)
                        .map_err(ConflictableTransactionError::Abort)?,
                ),
                None => None,
            };
            if stored.as_ref() != Some(replaces) {
                return Err(ConflictableTransactionError::Abort(super::StoreError::Changed(format!(
                    "{} was changed by someone else meanwhile",
                    enrollment.username
                ))));
            }
            enrollments.insert(key.as_slice(), value.as_slice())?;
            audit.insert(event_key.as_slice(), event.as_slice())?;
            Ok(())
        })?;
        Ok(())
    }

    /// Makes `course` and `enrollments` the whole content of the course, atomically, and
    /// logs `event`. One import at a time: two would delete each other's generations.
    pub fn replace_course(&self, course: &Course, enrollments: &[Enrollment], event: &Event) -> Result<()> {
        let _one_at_a_time = self.imports.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let course_id = course.id.as_str();
        self.delete_unused_generations(course_id)?;
        let previous = self.course_record(course_id)?.map(|record| record.generation);
        let generation = previous.map_or(1, |generation| generation.wrapping_add(1).max(1));

        // A crash from here to the switch leaves `generation` behind as garbage.
        self.set_unused_generations(course_id, &UnusedGenerations(vec![generation]))?;
        for chunk in enrollments.chunks(CHUNK) {
            let mut batch = sled::Batch::default();
            for enrollment in chunk {
                batch.insert(keys::enrollment(course_id, generation, &enrollment.username), encode(enrollment));
            }
            self.enrollments.apply_batch(batch)?;
        }

        let record = encode(&CourseRecord { course: course.clone(), generation });
        let unused = encode(&UnusedGenerations(previous.into_iter().collect()));
        let event_key = keys::audit_event(course_id, self.db.generate_id()?);
        let event = encode(event);
        (&self.courses, &self.meta, &self.audit).transaction(|(courses, meta, audit)| {
            courses.insert(keys::course(course_id), record.as_slice())?;
            meta.insert(unused_key(course_id), unused.as_slice())?;
            audit.insert(event_key.as_slice(), event.as_slice())?;
            Ok(())
        })?;
        self.flush()?;
        self.delete_unused_generations(course_id)?;
        self.flush()
    }

    fn set_unused_generations(&self, course_id: &str, unused: &UnusedGenerations) -> Result<()> {
        if unused.0.is_empty() {
            self.meta.remove(unused_key(course_id))?;
        } else {
            self.meta.insert(unused_key(course_id), encode(unused))?;
        }
        Ok(())
    }

    fn delete_unused_generations(&self, course_id: &str) -> Result<()> {
        let key = unused_key(course_id);
        let Some(UnusedGenerations(generations)) = get(&self.meta, tree::META, &key)? else {
            return Ok(());
        };
        for generation in generations {
            let prefix = keys::enrollment_generation(course_id, generation);
            loop {
                let mut batch = sled::Batch::default();
                let mut count = 0;
                for entry in self.enrollments.scan_prefix(&prefix).keys().take(CHUNK) {
                    batch.remove(entry?);
                    count += 1;
                }
                if count == 0 {
                    break;
                }
                self.enrollments.apply_batch(batch)?;
            }
        }
        self.set_unused_generations(course_id, &UnusedGenerations::default())
    }
}
