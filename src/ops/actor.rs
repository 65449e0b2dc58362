//! Who is doing it: the staff account recorded on certificates and in the audit trail.

/// `$SUDO_USER` when run through sudo (the person, not root), else `$USER`.
pub fn current_actor() -> String {
    ["SUDO_USER", "USER", "LOGNAME"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}
