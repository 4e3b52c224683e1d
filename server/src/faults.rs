//! Fault injection: scripted per policy through `POST /__emulator/faults` (deterministic, for
//! tests), or random for every API request from the `--fault-*` flags (for soak and demo).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use base64::Engine as _;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// What `POST /__emulator/faults` takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultPlan {
    /// The policy whose backuptasks requests the plan applies to.
    pub policy_id: String,
    /// Steps consumed one per request, in order; then requests are normal again.
    #[serde(default)]
    pub script: Vec<FaultStep>,
    /// Answer the first page whatever the offset or marker, until the faults are cleared.
    #[serde(default)]
    pub repeat_page: bool,
}

/// One scripted answer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultStep {
    /// Answer this status with a service-shape error body.
    #[serde(default)]
    pub status: Option<u16>,
    /// With `status`: send `Retry-After`, a number of seconds (`1`) or a text sent as it is (an
    /// HTTP date, `"Wed, 21 Oct 2015 07:28:00 GMT"`).
    #[serde(default)]
    pub retry_after: Option<RetryAfter>,
    /// Delay the answer by this many milliseconds.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Close the connection without answering.
    #[serde(default)]
    pub drop: bool,
    /// Answer exactly this body (with `status`, default 200): hostile-response tests.
    #[serde(default)]
    pub body: Option<String>,
    /// The same, for bodies that are not UTF-8 (base64).
    #[serde(default)]
    pub body_base64: Option<String>,
    /// The `Content-Type` of a scripted body (default `application/json`), which may lie.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// A scripted `Retry-After`: seconds, or the header's text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RetryAfter {
    /// Delay-seconds.
    Seconds(u64),
    /// Sent as written (an HTTP date, or anything a test wants a client to cope with).
    Text(String),
}

impl RetryAfter {
    /// The header's value.
    pub fn header_text(&self) -> String {
        match self {
            RetryAfter::Seconds(secs) => secs.to_string(),
            RetryAfter::Text(text) => text.clone(),
        }
    }
}

/// What to do with one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    /// Wait this long first.
    pub delay: Duration,
    /// Then do this.
    pub outcome: Outcome,
}

/// The end of a faulty request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Outcome {
    /// Answer normally.
    #[default]
    Normal,
    /// Answer this error status (and `Retry-After`, as the header's text).
    Status(StatusCode, Option<String>),
    /// Answer this status, content type and body, whatever they are.
    Raw(StatusCode, String, Vec<u8>),
    /// Close the connection.
    Drop,
}

/// Random faults for every API request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomFaults {
    /// Share of 503 answers.
    pub rate_503: f64,
    /// Upper bound of the added delay.
    pub max_latency: Duration,
    /// Share of dropped connections.
    pub rate_drop: f64,
}

/// What fault injection has done since the server started (`GET /__emulator/faults`): a test
/// reads it before and after a walk to prove the faults happened and the retries stayed bounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FaultCounts {
    /// API requests decided (every request that passed authentication).
    pub requests: u64,
    /// Of those, answered with an injected error status.
    pub unavailable: u64,
    /// Of those, whose connection was dropped.
    pub dropped: u64,
    /// Of those, answered with a scripted raw body.
    pub raw: u64,
    /// Of those, delayed first.
    pub delayed: u64,
}

impl FaultCounts {
    fn record(&mut self, decision: &Decision) {
        self.requests += 1;
        if !decision.delay.is_zero() {
            self.delayed += 1;
        }
        match decision.outcome {
            Outcome::Normal => {}
            Outcome::Status(..) => self.unavailable += 1,
            Outcome::Raw(..) => self.raw += 1,
            Outcome::Drop => self.dropped += 1,
        }
    }
}

/// The fault state of one server.
#[derive(Debug)]
pub struct Faults {
    scripts: Mutex<HashMap<String, VecDeque<FaultStep>>>,
    repeat_page: Mutex<HashSet<String>>,
    random: RandomFaults,
    rng: Mutex<ChaCha8Rng>,
    counts: Mutex<FaultCounts>,
    latency: Duration,
}

impl Faults {
    /// No scripted faults; `random` for every request.
    pub fn new(random: RandomFaults, seed: u64) -> Self {
        Faults {
            scripts: Mutex::default(),
            repeat_page: Mutex::default(),
            random,
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
            counts: Mutex::default(),
            latency: Duration::ZERO,
        }
    }

    /// Adds `latency` to every answer, on top of any injected delay: a region's round trip, so
    /// that what a person waits for can be measured locally (`--latency-ms`).
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// What has been injected so far.
    pub fn counts(&self) -> FaultCounts {
        *lock(&self.counts)
    }

    /// Adds a plan (its steps go after any still queued for the policy).
    pub fn add(&self, plan: FaultPlan) {
        if plan.repeat_page {
            lock(&self.repeat_page).insert(plan.policy_id.clone());
        }
        lock(&self.scripts)
            .entry(plan.policy_id)
            .or_default()
            .extend(plan.script);
    }

    /// Forgets every plan.
    pub fn clear(&self) {
        lock(&self.scripts).clear();
        lock(&self.repeat_page).clear();
    }

    /// Whether paging is ignored for this policy.
    pub fn repeats_page(&self, policy_id: &str) -> bool {
        lock(&self.repeat_page).contains(policy_id)
    }

    /// What to do with the next API request (about `policy_id`, for a backuptasks request).
    pub fn decide(&self, policy_id: Option<&str>) -> Decision {
        let mut decision = self.choose(policy_id);
        lock(&self.counts).record(&decision);
        decision.delay += self.latency;
        decision
    }

    fn choose(&self, policy_id: Option<&str>) -> Decision {
        let scripted = policy_id.and_then(|id| {
            lock(&self.scripts)
                .get_mut(id)
                .and_then(VecDeque::pop_front)
        });
        if let Some(step) = scripted {
            let raw_body = match (&step.body, &step.body_base64) {
                (Some(text), _) => Some(text.clone().into_bytes()),
                (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok(),
                (None, None) => None,
            };
            let status = step.status.and_then(|s| StatusCode::from_u16(s).ok());
            let outcome = if step.drop {
                Outcome::Drop
            } else if let Some(body) = raw_body {
                let content_type = step
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/json".into());
                Outcome::Raw(status.unwrap_or(StatusCode::OK), content_type, body)
            } else if let Some(status) = status {
                Outcome::Status(
                    status,
                    step.retry_after.as_ref().map(RetryAfter::header_text),
                )
            } else {
                Outcome::Normal
            };
            return Decision {
                delay: Duration::from_millis(step.delay_ms.unwrap_or(0)),
                outcome,
            };
        }
        let random = self.random;
        if random.rate_503 <= 0.0 && random.rate_drop <= 0.0 && random.max_latency.is_zero() {
            return Decision::default();
        }
        let mut rng = lock(&self.rng);
        let delay = if random.max_latency.is_zero() {
            Duration::ZERO
        } else {
            random.max_latency.mul_f64(rng.random::<f64>())
        };
        let roll: f64 = rng.random();
        let outcome = if roll < random.rate_drop {
            Outcome::Drop
        } else if roll < random.rate_drop + random.rate_503 {
            Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, None)
        } else {
            Outcome::Normal
        };
        Decision { delay, outcome }
    }
}

/// A poisoned lock only means another request panicked mid-update; the fault tables stay usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_is_consumed_in_order_then_requests_are_normal() {
        let faults = Faults::new(RandomFaults::default(), 1);
        faults.add(FaultPlan {
            policy_id: "p".into(),
            script: vec![
                FaultStep {
                    status: Some(503),
                    retry_after: Some(RetryAfter::Seconds(2)),
                    ..FaultStep::default()
                },
                FaultStep {
                    delay_ms: Some(50),
                    ..FaultStep::default()
                },
                FaultStep {
                    drop: true,
                    ..FaultStep::default()
                },
            ],
            repeat_page: false,
        });
        assert_eq!(faults.decide(Some("other")), Decision::default());
        assert_eq!(
            faults.decide(Some("p")).outcome,
            Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, Some("2".into()))
        );
        assert_eq!(faults.decide(Some("p")).delay, Duration::from_millis(50));
        assert_eq!(faults.decide(Some("p")).outcome, Outcome::Drop);
        assert_eq!(faults.decide(Some("p")), Decision::default());
    }

    #[test]
    fn the_constant_latency_is_added_to_every_answer_and_is_no_fault() {
        let faults =
            Faults::new(RandomFaults::default(), 1).with_latency(Duration::from_millis(300));
        assert_eq!(faults.decide(None).delay, Duration::from_millis(300));
        assert_eq!(faults.decide(Some("p")).outcome, Outcome::Normal);
        faults
            .add(serde_json::from_str(r#"{"policy_id":"p","script":[{"delay_ms":50}]}"#).unwrap());
        assert_eq!(faults.decide(Some("p")).delay, Duration::from_millis(350));
        // Only the scripted delay counts as an injected one.
        assert_eq!(faults.counts().delayed, 1);
        assert_eq!(faults.counts().requests, 3);
        let config = crate::Config::from_args(["--latency-ms", "300"]).unwrap();
        assert_eq!(config.latency_ms, 300);
    }

    #[test]
    fn retry_after_is_seconds_or_the_headers_text() {
        let plan: FaultPlan = serde_json::from_str(
            r#"{"policy_id":"p","script":[
                {"status":503,"retry_after":3},
                {"status":429,"retry_after":"Wed, 21 Oct 2015 07:28:00 GMT"}
            ]}"#,
        )
        .unwrap();
        let faults = Faults::new(RandomFaults::default(), 1);
        faults.add(plan);
        assert_eq!(
            faults.decide(Some("p")).outcome,
            Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, Some("3".into()))
        );
        assert_eq!(
            faults.decide(Some("p")).outcome,
            Outcome::Status(
                StatusCode::TOO_MANY_REQUESTS,
                Some("Wed, 21 Oct 2015 07:28:00 GMT".into())
            )
        );
    }

    #[test]
    fn random_faults_hit_roughly_their_rate() {
        let faults = Faults::new(
            RandomFaults {
                rate_503: 0.3,
                max_latency: Duration::from_millis(100),
                rate_drop: 0.1,
            },
            9,
        );
        let decisions: Vec<Decision> = (0..2000).map(|_| faults.decide(None)).collect();
        let unavailable = decisions
            .iter()
            .filter(|d| matches!(d.outcome, Outcome::Status(..)))
            .count();
        let dropped = decisions
            .iter()
            .filter(|d| d.outcome == Outcome::Drop)
            .count();
        assert!((500..700).contains(&unavailable), "{unavailable}");
        assert!((130..270).contains(&dropped), "{dropped}");
        assert!(decisions
            .iter()
            .all(|d| d.delay <= Duration::from_millis(100)));
        let delayed = decisions.iter().filter(|d| !d.delay.is_zero()).count();
        assert_eq!(
            faults.counts(),
            FaultCounts {
                requests: 2000,
                unavailable: unavailable as u64,
                dropped: dropped as u64,
                raw: 0,
                delayed: delayed as u64,
            }
        );
    }

    #[test]
    fn a_scripted_body_is_answered_as_given() {
        let faults = Faults::new(RandomFaults::default(), 1);
        faults.add(FaultPlan {
            policy_id: "p".into(),
            script: vec![
                FaultStep {
                    body: Some("<html>".into()),
                    status: Some(502),
                    content_type: Some("text/html".into()),
                    ..FaultStep::default()
                },
                FaultStep {
                    body_base64: Some("/w==".into()),
                    ..FaultStep::default()
                },
            ],
            repeat_page: false,
        });
        assert_eq!(
            faults.decide(Some("p")).outcome,
            Outcome::Raw(
                StatusCode::BAD_GATEWAY,
                "text/html".into(),
                b"<html>".to_vec()
            )
        );
        assert_eq!(
            faults.decide(Some("p")).outcome,
            Outcome::Raw(StatusCode::OK, "application/json".into(), vec![0xff])
        );
    }

    #[test]
    fn repeat_page_lasts_until_cleared() {
        let faults = Faults::new(RandomFaults::default(), 1);
        faults.add(FaultPlan {
            policy_id: "p".into(),
            script: vec![],
            repeat_page: true,
        });
        assert!(faults.repeats_page("p"));
        assert!(!faults.repeats_page("q"));
        faults.clear();
        assert!(!faults.repeats_page("p"));
    }
}
