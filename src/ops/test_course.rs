//! A synthetic course in a database of its own, for tests of operations done in parts: every
//! learner eligible, none certified yet, the default templates installed.

use super::{Context, GenerationReport, Printer, Progress};
use crate::store::Store;

pub(crate) struct TestCourse {
    pub store: Store,
    /// Staff member `elrond`, now.
    pub context: Context,
    /// The course folder it was imported from, to change and import again.
    pub folder: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl TestCourse {
    /// The synthetic course (`crate::sample::SYNTHETIC_COURSE_ID`) of `learners` learners and
    /// two activities.
    pub(crate) fn synthetic(learners: usize) -> TestCourse {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let context = Context::new("elrond", jiff::Timestamp::now());
        super::ensure_default_templates(&store, context.now).unwrap();
        let folder = dir.path().join(crate::sample::SYNTHETIC_COURSE_ID);
        crate::sample::write_synthetic(learners, 2, 100, crate::sample::names::Scripts::Latin, &folder).unwrap();
        crate::import::import_folder(&store, &folder, None, ("tester", context.now)).unwrap();
        TestCourse { store, context, folder, _dir: dir }
    }

    pub(crate) fn printer(&self) -> Printer {
        Printer::new(&self.store, None).unwrap()
    }

    /// Generates the course's certificates, reporting to `progress`.
    pub(crate) fn generate(&self, progress: &mut dyn Progress) -> GenerationReport {
        let course = crate::sample::SYNTHETIC_COURSE_ID;
        super::generate(&self.store, course, &self.context, &self.printer(), false, progress).unwrap()
    }
}
