//! Referees nobody here wrote, run on what certdesk writes: PyJWT (Debian's python3-jwt),
//! poppler's pdfdetach, qpdf.

use std::path::Path;
use std::process::Command;

/// PyJWT's verdict on `jwt` with the JWK (or JWK set) in `key`: the payload, or the error.
pub fn pyjwt(jwt_file: &Path, key: &Path) -> Result<serde_json::Value, String> {
    let script = r#"
import json, sys, jwt
token = open(sys.argv[1]).read().strip()
data = json.load(open(sys.argv[2]))
keys = jwt.PyJWKSet.from_dict(data).keys if "keys" in data else [jwt.PyJWK.from_dict(data)]
kid = jwt.get_unverified_header(token)["kid"]
key = next(k for k in keys if k.key_id == kid)
print(json.dumps(jwt.decode(token, key.key, algorithms=["ES256"])))
"#;
    // A pyenv python3 may come first in PATH here; Debian's has python3-jwt.
    let output = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(jwt_file)
        .arg(key)
        .output()
        .expect("run /usr/bin/python3 (python3-jwt, python3-cryptography)");
    if output.status.success() {
        Ok(serde_json::from_slice(&output.stdout).expect("PyJWT printed JSON"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// `pdfdetach ARGS` run in `dir`, which must succeed: what it printed.
pub fn pdfdetach(args: &[&str], dir: &Path) -> String {
    let output = Command::new("pdfdetach").args(args).current_dir(dir).output().expect("pdfdetach (poppler-utils)");
    assert!(output.status.success(), "pdfdetach {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

/// `qpdf --check` of `pdf` finds nothing wrong.
pub fn qpdf_check(pdf: &Path) {
    let check = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(check.status.success() && check.stderr.is_empty(), "qpdf: {}", String::from_utf8_lossy(&check.stdout));
}
