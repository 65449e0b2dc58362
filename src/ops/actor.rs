//! Who is doing it: the staff account recorded on certificates and in the audit trail.

/// The login name of the real user running certdesk, from the operating system (never
/// "unknown", whatever the environment says). On a shared database the server signs every
/// change with the login of its caller instead.
pub fn current_actor() -> String {
    crate::serve::identity::own_login()
}
