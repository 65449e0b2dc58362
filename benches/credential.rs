//! The cost of a credential, per certificate: signing its seal (what `generate` adds), rebuilding
//! its JWT from certificate and seal (what each exported page adds, with the JSON beside it) and
//! verifying it. Median of 5 runs of 2,000 each. Run with `cargo bench --bench credential`.

use std::time::Instant;

use certdesk::credential::jose::Compact;
use certdesk::credential::{PublicJwk, Seal, SealFacts};
use certdesk::domain::{Certificate, Code, GradeStatus, Mode, Percent, Snapshot, TemplateRef};
use p256::ecdsa::SigningKey;

const COUNT: usize = 2_000;

fn certificate(index: usize) -> Certificate {
    let snapshot = Snapshot {
        full_name: format!("Learner Number {index}"),
        course_title: "Introduction to Middle-earth Studies".into(),
        percent: Percent::from_tenths(850 + (index % 150) as u16).unwrap_or(Percent::ZERO),
        letter: Some("B".into()),
        mode: Mode::Verified,
        grade_status: GradeStatus::Final,
        issued_at: jiff::Timestamp::from_second(1_795_428_000).unwrap_or_default(),
        template: TemplateRef { name: "verified".into(), revision: 1 },
        issued_by: "elrond".into(),
    };
    Certificate::new(Code::from_random(index as u64 * 7919), "middle-earth-101", &format!("learner{index}"), snapshot)
}

fn median_us(mut run: impl FnMut() -> usize) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let done = run();
            start.elapsed().as_secs_f64() * 1e6 / done as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    let key = SigningKey::from_slice(&[9u8; 32]).unwrap_or_else(|_| unreachable!("a valid scalar"));
    let kid = PublicJwk::of(key.verifying_key()).thumbprint();
    let certificates: Vec<Certificate> = (0..COUNT).map(certificate).collect();
    let facts = |index: usize| SealFacts {
        email: "learner@example.org",
        institution: "University of Rivendell",
        verify_base_url: "https://certificates.example.org/verify/",
        salt: [index as u8; 16],
    };
    let sign = median_us(|| {
        certificates
            .iter()
            .enumerate()
            .filter(|(i, c)| Seal::sign(c, &facts(*i), &key, &kid).signature.len() == 64)
            .count()
    });
    let seals: Vec<Seal> = certificates.iter().enumerate().map(|(i, c)| Seal::sign(c, &facts(i), &key, &kid)).collect();
    let rebuild = median_us(|| {
        certificates
            .iter()
            .zip(&seals)
            .filter(|(c, s)| {
                let credential = s.credential(c);
                credential.jwt.len() + serde_json::to_string_pretty(&credential.payload).map_or(0, |json| json.len())
                    > 0
            })
            .count()
    });
    let jwts: Vec<String> = certificates.iter().zip(&seals).map(|(c, s)| s.credential(c).jwt).collect();
    let verify = median_us(|| {
        jwts.iter().filter(|jwt| Compact::parse(jwt).and_then(|c| c.verify(key.verifying_key())).is_ok()).count()
    });
    let jwt_bytes = jwts.iter().map(String::len).sum::<usize>() / COUNT;
    println!("per certificate, median of 5 x {COUNT}, one thread:");
    println!("  sign (seal at issue)        {sign:8.1} µs");
    println!("  rebuild JWT + JSON (export) {rebuild:8.1} µs");
    println!("  verify                      {verify:8.1} µs");
    println!("  JWT                         {jwt_bytes:8} bytes");
}
