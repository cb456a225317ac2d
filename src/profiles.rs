//! Vendor profiles: what a vendor's own documents say beyond the default policy.
//!
//! A profile is data: status rules (optionally matched against the body's messages),
//! backoff overrides, retried methods and advice. Users pass their own as an object;
//! [`Profile::from_json`] validates it and names the field that is wrong.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::classify::Action;
use crate::json::{as_f64, as_str, get, Value};
use crate::policy::{OptionError, RetryPolicy};
use crate::status::Permanence;

/// One override for a status, applied when `body_contains` is empty or any of its needles
/// appears (case-insensitively) in one of the body's messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rule {
    pub status: u16,
    pub body_contains: Vec<Cow<'static, str>>,
    pub kind: Option<Cow<'static, str>>,
    pub action: Option<Action>,
    pub permanence: Option<Permanence>,
    pub retryable: Option<bool>,
    pub reason: Option<String>,
    pub advice: Option<String>,
}

/// A vendor profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub name: Cow<'static, str>,
    pub rules: Vec<Rule>,
    /// First backoff delay, growth and cap, when the vendor publishes its own.
    pub base_delay_ms: Option<u64>,
    pub factor: Option<f64>,
    pub max_delay_ms: Option<u64>,
    /// Attempts in all, when the vendor's schedule has a fixed length.
    pub max_attempts: Option<u32>,
    /// The shortest wait after a 429 that sent no Retry-After.
    pub rate_limit_min_wait_ms: Option<u64>,
    /// Methods retried on 5xx, when the vendor says otherwise than RFC 9110.
    pub methods: Option<Vec<String>>,
    /// Requests to this API must carry `Authorization` (read by `diagnose`).
    pub needs_auth: bool,
}

static DEFAULT: Profile = Profile {
    name: Cow::Borrowed("default"),
    rules: Vec::new(),
    base_delay_ms: None,
    factor: None,
    max_delay_ms: None,
    max_attempts: None,
    rate_limit_min_wait_ms: None,
    methods: None,
    needs_auth: false,
};

/// The names of the built-in profiles.
pub const BUILT_IN: [&str; 3] = ["default", "jira", "jumpcloud"];

impl Profile {
    /// The default profile: the policy alone.
    pub fn default_ref() -> &'static Profile {
        &DEFAULT
    }

    /// A built-in profile by name.
    pub fn named(name: &str) -> Option<Profile> {
        match name {
            "default" => Some(DEFAULT.clone()),
            "jira" => Some(jira()),
            "jumpcloud" => Some(jumpcloud()),
            _ => None,
        }
    }

    /// Puts the profile's backoff and methods into `policy`; the caller's own retry
    /// options are applied after this, so they win.
    pub fn apply_to(&self, policy: &mut RetryPolicy) {
        if let Some(v) = self.base_delay_ms {
            policy.backoff.base_delay_ms = v;
        }
        if let Some(v) = self.factor {
            policy.backoff.factor = v;
        }
        if let Some(v) = self.max_delay_ms {
            policy.backoff.max_delay_ms = v;
        }
        if let Some(v) = self.max_attempts {
            policy.max_attempts = v;
        }
        if let Some(v) = self.rate_limit_min_wait_ms {
            policy.rate_limit_min_wait_ms = v;
        }
        if let Some(methods) = &self.methods {
            policy.methods = methods.iter().cloned().map(Cow::Owned).collect();
        }
    }

    /// Reads a user's profile object. `extends` names a built-in profile to start from
    /// (default `"default"`); its rules come after the user's, so the user's win.
    pub fn from_json(v: &Value) -> Result<Profile, OptionError> {
        let Value::Object(map) = v else {
            return Err(OptionError::new(
                "profile",
                "must be \"default\", \"jira\", \"jumpcloud\" or a profile object",
            ));
        };
        check_keys(map, PROFILE_KEYS, "profile")?;
        let base = match get(v, "extends") {
            None | Some(Value::Null) => DEFAULT.clone(),
            Some(e) => as_str(e).and_then(Profile::named).ok_or(OptionError::new(
                "profile.extends",
                "must be \"default\", \"jira\" or \"jumpcloud\"",
            ))?,
        };
        // The base's rules are moved in after the user's, below.
        let mut p = Profile {
            name: Cow::Borrowed("custom"),
            rules: Vec::new(),
            ..base
        };
        if let Some(name) = get(v, "name") {
            p.name = Cow::Owned(String::from(
                as_str(name).ok_or(OptionError::new("profile.name", "must be a string"))?,
            ));
        }
        if let Some(s) = get(v, "statuses") {
            let Value::Object(statuses) = s else {
                return Err(OptionError::new(
                    "profile.statuses",
                    "must be an object keyed by status code",
                ));
            };
            for (code, rule) in statuses {
                let status = code.parse::<u16>().ok().filter(|c| (100..=599).contains(c));
                let status = status.ok_or(OptionError::new(
                    "profile.statuses",
                    "keys must be status codes from 100 to 599",
                ))?;
                p.rules
                    .push(rule_from_json(rule, Some(status), "profile.statuses")?);
            }
        }
        if let Some(r) = get(v, "rules") {
            let Value::Array(rules) = r else {
                return Err(OptionError::new(
                    "profile.rules",
                    "must be an array of rules",
                ));
            };
            for rule in rules {
                p.rules.push(rule_from_json(rule, None, "profile.rules")?);
            }
        }
        // The user's rules are tried first; body rules of the base still apply after them.
        p.rules.extend(base.rules);
        p.base_delay_ms = opt_ms(v, "baseDelayMs", "profile.baseDelayMs")?.or(p.base_delay_ms);
        p.max_delay_ms = opt_ms(v, "maxDelayMs", "profile.maxDelayMs")?.or(p.max_delay_ms);
        p.rate_limit_min_wait_ms = opt_ms(v, "rateLimitMinWaitMs", "profile.rateLimitMinWaitMs")?
            .or(p.rate_limit_min_wait_ms);
        if let Some(f) = get(v, "factor") {
            let f = as_f64(f).filter(|f| f.is_finite() && *f >= 1.0);
            p.factor = Some(f.ok_or(OptionError::new("profile.factor", "must be a number >= 1"))?);
        }
        if let Some(m) = get(v, "methods") {
            p.methods = Some(crate::policy::methods_from_json(m, "profile.methods")?);
        }
        if let Some(n) = get(v, "needsAuth") {
            let Value::Bool(n) = n else {
                return Err(OptionError::new("profile.needsAuth", "must be a boolean"));
            };
            p.needs_auth = *n;
        }
        Ok(p)
    }
}

/// The keys a profile object may have.
const PROFILE_KEYS: &[&str] = &[
    "name",
    "extends",
    "rules",
    "statuses",
    "baseDelayMs",
    "factor",
    "maxDelayMs",
    "rateLimitMinWaitMs",
    "methods",
    "needsAuth",
];

/// The keys a rule object may have.
const RULE_KEYS: &[&str] = &[
    "status",
    "bodyContains",
    "kind",
    "action",
    "permanence",
    "retryable",
    "reason",
    "advice",
];

/// `Err` naming the first member of `map` whose key is not in `known`.
fn check_keys(map: &[(String, Value)], known: &[&str], parent: &str) -> Result<(), OptionError> {
    match map.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        Some((key, _)) => Err(OptionError::unknown(parent, key)),
        None => Ok(()),
    }
}

fn opt_ms(v: &Value, key: &str, field: &'static str) -> Result<Option<u64>, OptionError> {
    get(v, key)
        .map(|x| crate::policy::ms_from_json(x, field))
        .transpose()
}

fn rule_from_json(
    v: &Value,
    status: Option<u16>,
    field: &'static str,
) -> Result<Rule, OptionError> {
    let Value::Object(map) = v else {
        return Err(OptionError::new(field, "each rule must be an object"));
    };
    check_keys(map, RULE_KEYS, field)?;
    let status = match (status, get(v, "status")) {
        (Some(s), _) => s,
        (None, Some(s)) => as_f64(s)
            .filter(|s| crate::json::is_whole(*s) && (100.0..=599.0).contains(s))
            .map(|s| s as u16)
            .ok_or(OptionError::new(
                field,
                "a rule's status must be an integer from 100 to 599",
            ))?,
        (None, None) => return Err(OptionError::new(field, "each rule needs a status")),
    };
    let text = |key: &str| -> Result<Option<String>, OptionError> {
        match get(v, key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(OptionError::new(
                field,
                "kind, reason and advice must be strings",
            )),
        }
    };
    let mut rule = Rule {
        status,
        ..Rule::default()
    };
    rule.kind = text("kind")?.map(Cow::Owned);
    rule.reason = text("reason")?;
    rule.advice = text("advice")?;
    if let Some(a) = text("action")? {
        rule.action = Some(Action::parse(&a).ok_or(OptionError::new(
            field,
            "unknown action (see the README's list)",
        ))?);
    }
    if let Some(p) = text("permanence")? {
        let found = [
            Permanence::None,
            Permanence::Permanent,
            Permanence::Temporary,
            Permanence::Ambiguous,
        ]
        .into_iter()
        .find(|x| x.as_str() == p);
        rule.permanence = Some(found.ok_or(OptionError::new(
            field,
            "permanence must be none, permanent, temporary or ambiguous",
        ))?);
    }
    match get(v, "retryable") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => rule.retryable = Some(*b),
        Some(_) => return Err(OptionError::new(field, "retryable must be a boolean")),
    }
    match get(v, "bodyContains") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => rule.body_contains = vec![Cow::Owned(s.clone())],
        Some(Value::Array(items)) => {
            for item in items {
                let s = as_str(item).ok_or(OptionError::new(
                    field,
                    "bodyContains must be a string or an array of strings",
                ))?;
                rule.body_contains.push(Cow::Owned(String::from(s)));
            }
        }
        Some(_) => {
            return Err(OptionError::new(
                field,
                "bodyContains must be a string or an array of strings",
            ))
        }
    }
    Ok(rule)
}

fn advice(status: u16, text: &'static str) -> Rule {
    Rule {
        status,
        advice: Some(String::from(text)),
        ..Rule::default()
    }
}

/// Jira Cloud and Data Center, from Atlassian's REST API and rate-limiting documents.
fn jira() -> Profile {
    let restricted_project = Rule {
        status: 400,
        // Anonymous access to a restricted project: Jira answers as if the project did not exist.
        body_contains: vec![Cow::Borrowed("does not exist for the field 'project'")],
        kind: Some(Cow::Borrowed("unauthorized")),
        action: Some(crate::classify::Action::Reauthenticate),
        permanence: Some(Permanence::Permanent),
        retryable: Some(false),
        reason: Some(String::from(
            "Jira answers a request without access to a restricted project as if the project did not exist: this 400 is a permission problem, not a bad field.",
        )),
        advice: Some(String::from(
            "Authenticate as a user who can see the project (Jira Cloud: Basic with an email and API token; Data Center: Bearer with a personal access token), or ask for access to it.",
        )),
    };
    Profile {
        name: Cow::Borrowed("jira"),
        rules: vec![
            restricted_project,
            advice(401, "Re-authenticate. Jira Cloud takes Basic auth with your email and an API token; Jira Data Center takes a Bearer personal access token. Do not retry blindly: repeated 401s trigger CAPTCHA and lockouts."),
            advice(500, "Jira may have partly applied the request (for example an issue created but not yet indexed): search for it before sending it again."),
            advice(503, "Jira nodes are down or out of request threads: wait (honour Retry-After) before retrying."),
            advice(504, "The request may still complete on the Jira server: check whether it took effect before retrying."),
            advice(429, "Jira is rate limiting: wait for Retry-After (or X-RateLimit-Reset), then retry with backoff and jitter."),
        ],
        ..DEFAULT.clone()
    }
}

/// JumpCloud, from its API documentation: long backoff, and blocked IPs need support.
fn jumpcloud() -> Profile {
    let ip_blocked = Rule {
        status: 403,
        body_contains: vec![
            Cow::Borrowed("ip has been blocked"),
            Cow::Borrowed("ip address has been blocked"),
            Cow::Borrowed("ip blocked"),
        ],
        kind: Some(Cow::Borrowed("ip_blocked")),
        action: Some(Action::ContactSupport),
        permanence: Some(Permanence::Permanent),
        retryable: Some(false),
        reason: Some(String::from(
            "JumpCloud has blocked this IP address; retrying only prolongs the block.",
        )),
        advice: Some(String::from(
            "Stop sending requests from this IP and contact JumpCloud support to lift the block.",
        )),
    };
    Profile {
        name: Cow::Borrowed("jumpcloud"),
        rules: vec![
            ip_blocked,
            advice(401, "Check the API key: rotating a JumpCloud API key invalidates the old one at once, so update every client that uses it."),
            Rule {
                status: 402,
                permanence: Some(Permanence::Permanent),
                retryable: Some(false),
                advice: Some(String::from("The JumpCloud organisation's plan does not cover this feature: check billing with an administrator.")),
                ..Rule::default()
            },
            advice(429, "JumpCloud is rate limiting: wait considerably longer than usual (a minute or more) before retrying."),
        ],
        // JumpCloud asks clients to back off from 30 s, doubling: 30, 60, 120, 240 s.
        base_delay_ms: Some(30_000),
        factor: Some(2.0),
        max_delay_ms: Some(240_000),
        max_attempts: Some(5),
        rate_limit_min_wait_ms: Some(60_000),
        ..DEFAULT.clone()
    }
}
