//! The grading and certification model: plain data and pure functions, no I/O.

pub mod course;
pub mod grading;
pub mod learner;
pub mod numbers;

pub use course::{Activity, Category, Course, IssuancePolicy, LetterCutoff, Signatory};
pub use grading::{Grade, GradeStatus, GradingScheme};
pub use learner::{Enrollment, EnrollmentStatus, Mode};
pub use numbers::{NumberError, Percent, Points};
