//! `fetchWithRetry` and `createFetch`: fetch, asking the core after every attempt whether
//! to retry, after how long, or to stop. Budget and breaker are kept per origin.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use miniserde::json::{Number, Object as JsonObject, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{
    absent, bad_option, borrow_pairs, check_keys, from_json_text, header_pairs, now_ms, prop,
    type_error,
};
use super::exports::{method_of, random_seed, setup, transport_of, Setup};
use super::js;
use crate::backoff::Rng;
use crate::classify::{classify, Classification, Context, Outcome, Transport};
use crate::guard::Guards;
use crate::policy::{decide, Decision, DelaySource, Step, StopReason};
use crate::status::Category;

/// How much of an error body is read for body rules and `HttpError.envelope`.
pub const BODY_PREFIX_BYTES: u32 = 64 * 1024;

thread_local! {
    static GUARDS: RefCell<Guards> = RefCell::new(Guards::default());
}

/// Every key `init` may have: first the ones fetch itself (or a runtime's fetch) reads,
/// which pass through untouched, then the ones faultline adds.
const INIT_KEYS: [&str; 27] = [
    "method",
    "headers",
    "body",
    "mode",
    "credentials",
    "cache",
    "redirect",
    "referrer",
    "referrerPolicy",
    "integrity",
    "keepalive",
    "signal",
    "window",
    "duplex",
    "priority",
    "dispatcher",
    "cf",
    "next",
    "agent",
    "retry",
    "throwHttpErrors",
    "timeoutMs",
    "deadlineMs",
    "profile",
    "idempotencyKey",
    "onRetry",
    "fetch",
];
/// The keys fetch itself reads: the first 19 of [`INIT_KEYS`].
const FETCH_KEYS: &[&str] = INIT_KEYS.split_at(19).0;

/// `fetch` with the retry policy. Same signature as `fetch`; resolves with the final `Response`.
#[wasm_bindgen(js_name = fetchWithRetry)]
pub fn fetch_with_retry(input: JsValue, init: JsValue) -> Promise {
    future_to_promise(run(input, init))
}

/// A `fetch` with `defaults` merged under each call's `init` (headers and `retry` merged
/// key by key). Invalid defaults throw here, not on the first call.
#[wasm_bindgen(js_name = createFetch)]
pub fn create_fetch(defaults: JsValue) -> Result<Function, JsValue> {
    Options::read(&defaults)?;
    let f = Closure::<dyn Fn(JsValue, JsValue) -> Promise>::new(
        move |input: JsValue, init: JsValue| match merge_init(&defaults, &init) {
            Ok(merged) => future_to_promise(run(input, merged)),
            Err(e) => Promise::reject(&e),
        },
    );
    Ok(f.into_js_value().unchecked_into())
}

fn merge_init(defaults: &JsValue, init: &JsValue) -> Result<JsValue, JsValue> {
    if absent(defaults) {
        return Ok(init.clone());
    }
    let merged = Object::assign(&Object::new(), defaults.unchecked_ref());
    if absent(init) {
        return Ok(merged.into());
    }
    check_keys(init, "init", &INIT_KEYS)?;
    let merged = Object::assign(&merged, init.unchecked_ref());
    let (dh, ih) = (prop(defaults, "headers"), prop(init, "headers"));
    if !absent(&dh) && !absent(&ih) {
        let mut pairs = header_pairs(&dh, "defaults.headers")?;
        for (name, value) in header_pairs(&ih, "init.headers")? {
            pairs.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            pairs.push((name, value));
        }
        let obj = Object::new();
        for (n, v) in pairs {
            Reflect::set(&obj, &n.into(), &v.into())?;
        }
        Reflect::set(&merged, &"headers".into(), &obj)?;
    }
    let (dr, ir) = (prop(defaults, "retry"), prop(init, "retry"));
    if dr.is_object() && ir.is_object() {
        let retry = Object::assign(
            &Object::assign(&Object::new(), dr.unchecked_ref()),
            ir.unchecked_ref(),
        );
        Reflect::set(&merged, &"retry".into(), &retry)?;
    }
    Ok(merged.into())
}

/// The options of one call, checked.
struct Options {
    retry_enabled: bool,
    throw_http_errors: bool,
    timeout_ms: Option<f64>,
    deadline_ms: Option<f64>,
    idempotency_key: Option<String>,
    on_retry: Option<Function>,
    fetch: Function,
    signal: JsValue,
    setup: Setup,
}

impl Options {
    fn read(init: &JsValue) -> Result<Options, JsValue> {
        check_keys(init, "init", &INIT_KEYS)?;
        let retry = prop(init, "retry");
        let retry_enabled = retry.as_bool() != Some(false);
        if !absent(&retry) && retry.as_bool().is_none() && !retry.is_object() {
            return Err(bad_option("retry", "must be a RetryPolicy object or false"));
        }
        let setup = setup(&prop(init, "profile"), &retry)?;
        let flag = |key: &str, field: &str| -> Result<bool, JsValue> {
            match prop(init, key) {
                v if absent(&v) => Ok(false),
                v => v
                    .as_bool()
                    .ok_or_else(|| bad_option(field, "must be a boolean")),
            }
        };
        let ms = |key: &str, field: &str| -> Result<Option<f64>, JsValue> {
            match prop(init, key) {
                v if absent(&v) => Ok(None),
                v => match v.as_f64() {
                    Some(n) if n.is_finite() && n > 0.0 => {
                        Ok(Some(n.min(crate::headers::MAX_WAIT_MS as f64)))
                    }
                    _ => Err(bad_option(
                        field,
                        "must be a positive, finite number of milliseconds",
                    )),
                },
            }
        };
        let idempotency_key = match prop(init, "idempotencyKey") {
            v if absent(&v) || v.as_bool() == Some(false) => None,
            v if v.as_bool() == Some(true) => Some(random_uuid()?),
            v => match v.as_string() {
                Some(k) if !k.is_empty() && k.bytes().all(|b| (0x21..0x7f).contains(&b)) => Some(k),
                _ => {
                    return Err(bad_option(
                        "idempotencyKey",
                        "must be true, false or a non-empty key of visible ASCII characters",
                    ))
                }
            },
        };
        let on_retry = match prop(init, "onRetry") {
            v if absent(&v) => None,
            v => Some(
                v.dyn_into::<Function>()
                    .map_err(|_| bad_option("onRetry", "must be a function"))?,
            ),
        };
        let fetch = match prop(init, "fetch") {
            v if absent(&v) => prop(&js_sys::global(), "fetch")
                .dyn_into::<Function>()
                .map_err(|_| {
                    type_error(
                        "faultline: this runtime has no global fetch; pass one as init.fetch",
                    )
                })?,
            v => v
                .dyn_into::<Function>()
                .map_err(|_| bad_option("fetch", "must be a function"))?,
        };
        let signal = prop(init, "signal");
        if !absent(&signal) && prop(&signal, "aborted").as_bool().is_none() {
            return Err(bad_option("signal", "must be an AbortSignal"));
        }
        Ok(Options {
            retry_enabled,
            throw_http_errors: flag("throwHttpErrors", "throwHttpErrors")?,
            timeout_ms: ms("timeoutMs", "timeoutMs")?,
            deadline_ms: ms("deadlineMs", "deadlineMs")?,
            idempotency_key,
            on_retry,
            fetch,
            signal,
            setup,
        })
    }
}

fn random_uuid() -> Result<String, JsValue> {
    let crypto = prop(&js_sys::global(), "crypto");
    let f = prop(&crypto, "randomUUID")
        .dyn_into::<Function>()
        .map_err(|_| type_error("faultline: idempotencyKey: true needs crypto.randomUUID"))?;
    f.call0(&crypto)?
        .as_string()
        .ok_or_else(|| type_error("faultline: crypto.randomUUID returned no string"))
}

/// The request as faultline sees it: what to send each attempt and what to report.
struct Request {
    input: JsValue,
    /// The input is a `Request`: clone it before each attempt.
    is_request: bool,
    url: String,
    origin: String,
    method: String,
    headers: Vec<(String, String)>,
    body: JsValue,
    /// The body is a stream: it can be sent once.
    one_shot_body: bool,
    /// Every fetch key of `init` except the ones faultline sets per attempt.
    base_init: Object,
}

impl Request {
    fn read(input: &JsValue, init: &JsValue, key: &Option<String>) -> Result<Request, JsValue> {
        let is_request = input.is_object()
            && prop(input, "url").is_string()
            && prop(input, "clone").is_function();
        let raw_url = if is_request {
            prop(input, "url").as_string().unwrap_or_default()
        } else if let Some(s) = input.as_string() {
            s
        } else if input.is_object() {
            prop(input, "href").as_string().ok_or_else(|| {
                type_error("faultline: fetchWithRetry takes a URL string, a URL or a Request")
            })?
        } else {
            return Err(type_error(
                "faultline: fetchWithRetry takes a URL string, a URL or a Request",
            ));
        };
        let (url, origin) = resolve_url(&raw_url)?;
        let method_value = prop(init, "method");
        let method = method_of(
            if absent(&method_value) && is_request {
                prop(input, "method")
            } else {
                method_value
            }
            .as_ref(),
        )?;
        let given = prop(init, "headers");
        let mut headers = header_pairs(
            if absent(&given) && is_request {
                prop(input, "headers")
            } else {
                given
            }
            .as_ref(),
            "headers",
        )?;
        if let Some(k) = key {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case("idempotency-key"));
            headers.push((String::from("Idempotency-Key"), k.clone()));
        }
        let body = prop(init, "body");
        let one_shot_body = is_stream(&body);
        let base_init = Object::new();
        for &k in FETCH_KEYS {
            let v = prop(init, k);
            if !v.is_undefined() && !matches!(k, "headers" | "signal" | "method") {
                Reflect::set(&base_init, &k.into(), &v)?;
            }
        }
        if one_shot_body && prop(&base_init, "duplex").is_undefined() {
            // Node and Workers need this for a streamed request body; browsers ignore it.
            Reflect::set(&base_init, &"duplex".into(), &"half".into())?;
        }
        Reflect::set(&base_init, &"method".into(), &JsValue::from_str(&method))?;
        Ok(Request {
            input: input.clone(),
            is_request,
            url,
            origin,
            method,
            headers,
            body,
            one_shot_body,
            base_init,
        })
    }

    /// The input and init of one attempt.
    fn attempt(&self, signal: &JsValue) -> Result<(JsValue, JsValue), JsValue> {
        let input = if self.is_request {
            prop(&self.input, "clone")
                .unchecked_into::<Function>()
                .call0(&self.input)?
        } else {
            self.input.clone()
        };
        let init = Object::assign(&Object::new(), &self.base_init);
        let headers = Object::new();
        for (n, v) in &self.headers {
            Reflect::set(&headers, &n.into(), &v.into())?;
        }
        Reflect::set(&init, &"headers".into(), &headers)?;
        Reflect::set(&init, &"signal".into(), signal)?;
        Ok((input, init.into()))
    }
}

/// A body that can be read once: a `ReadableStream` or an async iterable.
fn is_stream(body: &JsValue) -> bool {
    body.is_object()
        && (prop(body, "getReader").is_function()
            || Reflect::has(body, &js_sys::Symbol::async_iterator()).unwrap_or(false))
}

/// The absolute URL and its origin (the page's location is the base in a browser).
fn resolve_url(raw: &str) -> Result<(String, String), JsValue> {
    let global = js_sys::global();
    let ctor = prop(&global, "URL")
        .dyn_into::<Function>()
        .map_err(|_| type_error("faultline: this runtime has no URL"))?;
    let base = prop(&prop(&global, "location"), "href");
    let args = Array::of2(&raw.into(), &base);
    let url = Reflect::construct(&ctor, &args).map_err(|_| {
        let mut m = String::from("faultline: invalid URL: ");
        m.extend(raw.chars().take(200));
        type_error(&m)
    })?;
    Ok((
        prop(&url, "href").as_string().unwrap_or_default(),
        prop(&url, "origin").as_string().unwrap_or_default(),
    ))
}

/// One entry of the attempt history.
struct Attempt {
    number: u32,
    status: Option<u16>,
    error: Option<String>,
    kind: String,
    wait_ms: Option<u64>,
    wait_source: Option<DelaySource>,
    reason: String,
}

fn history_json(attempts: &[Attempt]) -> String {
    let num = |n: u64| Value::Number(Number::U64(n));
    let text = |s: &str| Value::String(String::from(s));
    let items = attempts
        .iter()
        .map(|a| {
            let mut o = JsonObject::new();
            o.insert(String::from("attempt"), num(u64::from(a.number)));
            o.insert(
                String::from("status"),
                a.status.map_or(Value::Null, |s| num(u64::from(s))),
            );
            o.insert(
                String::from("error"),
                a.error.as_deref().map_or(Value::Null, text),
            );
            o.insert(String::from("kind"), text(&a.kind));
            o.insert(String::from("waitMs"), a.wait_ms.map_or(Value::Null, num));
            o.insert(
                String::from("waitSource"),
                a.wait_source.map_or(Value::Null, |s| text(s.as_str())),
            );
            o.insert(String::from("reason"), text(&a.reason));
            Value::Object(o)
        })
        .collect();
    miniserde::json::to_string(&Value::Array(items))
}

/// What the last attempt produced.
enum Last {
    Response(JsValue, Classification),
    Failure(JsValue, Classification),
}

async fn run(input: JsValue, init: JsValue) -> Result<JsValue, JsValue> {
    let opts = Options::read(&init)?;
    let req = Request::read(&input, &init, &opts.idempotency_key)?;
    let policy = &opts.setup.policy;
    let mut rng = Rng::new(policy.seed.unwrap_or_else(random_seed));
    let started = now_ms();
    let deadline = opts.deadline_ms.map(|d| d as u64);

    if let Err(retry_at) = GUARDS.with(|g| g.borrow_mut().admit(&req.origin, policy, started)) {
        let fields = Object::new();
        Reflect::set(
            &fields,
            &"retryAt".into(),
            &JsValue::from_f64(retry_at as f64),
        )?;
        Reflect::set(&fields, &"origin".into(), &JsValue::from_str(&req.origin))?;
        Reflect::set(&fields, &"attempts".into(), &Array::new())?;
        return Err(js::make_error(
            "CircuitOpenError",
            "faultline: the circuit for this origin is open after repeated failures",
            &fields,
        ));
    }

    let mut attempts: Vec<Attempt> = Vec::new();
    let mut prev_delay = 0u64;
    let mut number = 0u32;
    loop {
        number += 1;
        if prop(&opts.signal, "aborted").as_bool() == Some(true) {
            return Err(prop(&opts.signal, "reason"));
        }
        let elapsed = now_ms().saturating_sub(started);
        let left = deadline.map(|d| d.saturating_sub(elapsed));
        if left == Some(0) {
            return Err(timeout_error(
                "faultline: the deadline passed before the next attempt",
                &attempts,
                JsValue::UNDEFINED,
            ));
        }
        let timeout = match (opts.timeout_ms.map(|t| t as u64), left) {
            (Some(t), Some(l)) => Some(t.min(l)),
            (t, l) => t.or(l),
        };
        // Without a timeout the caller's own signal serves; otherwise a per-attempt one.
        let guard = timeout.map(|t| js::attempt_signal(&opts.signal, t as f64));
        let signal = guard
            .as_ref()
            .map_or_else(|| opts.signal.clone(), |g| prop(g, "signal"));
        let (attempt_input, attempt_init) = req.attempt(&signal)?;
        let sent = match opts
            .fetch
            .call2(&js_sys::global(), &attempt_input, &attempt_init)
        {
            Ok(p) => JsFuture::from(Promise::resolve(&p)).await,
            Err(e) => Err(e),
        };
        let timed_out = guard
            .as_ref()
            .is_some_and(|g| call_method(g, "timedOut").as_bool() == Some(true));
        if let Some(g) = &guard {
            call_method(g, "dispose");
        }
        if prop(&opts.signal, "aborted").as_bool() == Some(true) {
            if let Ok(response) = &sent {
                js::discard(response);
            }
            return Err(prop(&opts.signal, "reason"));
        }
        let now = now_ms();
        let last = match sent {
            Ok(response) => {
                let c = classify_response(&response, &req, &opts, now).await?;
                Last::Response(response, c)
            }
            Err(error) => {
                let transport = if timed_out {
                    Some(Transport::Timeout)
                } else {
                    transport_of(&error)
                };
                // Not a transport failure (a bad header, a body fetch refuses): the caller's bug, not the network's.
                let Some(t) = transport else {
                    return Err(error);
                };
                let ctx = context(&req, &opts, &[], None, now);
                let c = classify(Outcome::Transport(t), &ctx)
                    .ok_or_else(|| type_error("faultline: internal classification error"))?;
                Last::Failure(error, c)
            }
        };
        let c = match &last {
            Last::Response(_, c) | Last::Failure(_, c) => c,
        };
        GUARDS.with(|g| g.borrow_mut().record(&req.origin, policy, c, now));
        let mut decision = if opts.retry_enabled {
            let step = Step {
                attempt: number,
                classification: c,
                elapsed_ms: now.saturating_sub(started),
                deadline_ms: deadline,
                prev_delay_ms: prev_delay,
            };
            decide(policy, &step, &mut rng)
        } else {
            Decision::Stop {
                reason: StopReason::NotRetryable,
            }
        };
        if let Decision::Retry { .. } = decision {
            if req.one_shot_body {
                decision = Decision::Stop {
                    reason: StopReason::BodyConsumed,
                };
            } else if GUARDS
                .with(|g| g.borrow_mut().admit(&req.origin, policy, now))
                .is_err()
            {
                decision = Decision::Stop {
                    reason: StopReason::CircuitOpen,
                };
            } else if !GUARDS.with(|g| g.borrow_mut().may_retry(&req.origin, policy, now)) {
                decision = Decision::Stop {
                    reason: StopReason::Budget,
                };
            }
        }
        let mut record = Attempt {
            number,
            status: match &last {
                Last::Response(_, c) => Some(c.status),
                Last::Failure(..) => None,
            },
            error: match &last {
                Last::Failure(e, _) => Some(error_text(e)),
                Last::Response(..) => None,
            },
            kind: String::from(c.kind.as_ref()),
            wait_ms: None,
            wait_source: None,
            reason: c.reason.clone(),
        };
        if let Decision::Retry { after_ms, source } = decision {
            record.wait_ms = Some(after_ms);
            record.wait_source = Some(source);
            if let Some(on_retry) = &opts.on_retry {
                let event = retry_event(&req, &last, number, after_ms, source)?;
                let answer = JsFuture::from(js::call_async(on_retry, &event)).await?;
                if answer.as_bool() == Some(false) {
                    decision = Decision::Stop {
                        reason: StopReason::Cancelled,
                    };
                    record.wait_ms = None;
                    record.wait_source = None;
                }
            }
        }
        match decision {
            Decision::Retry { after_ms, .. } => {
                attempts.push(record);
                if let Last::Response(response, _) = &last {
                    js::discard(response);
                }
                prev_delay = after_ms;
                JsFuture::from(js::sleep(after_ms as f64, &opts.signal)?).await?;
            }
            Decision::Stop { reason } => {
                if !matches!(reason, StopReason::Succeeded | StopReason::NotRetryable) {
                    record.reason.push(' ');
                    record.reason.push_str(reason.sentence());
                }
                attempts.push(record);
                return finish(last, reason, &req, &opts, &attempts).await;
            }
        }
    }
}

fn call_method(obj: &JsValue, name: &str) -> JsValue {
    prop(obj, name)
        .dyn_into::<Function>()
        .ok()
        .and_then(|f| f.call0(obj).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

fn error_text(e: &JsValue) -> String {
    let mut s = prop(e, "name")
        .as_string()
        .unwrap_or_else(|| String::from("Error"));
    s.push_str(": ");
    s.push_str(&prop(e, "message").as_string().unwrap_or_default());
    s
}

fn context<'a>(
    req: &'a Request,
    opts: &'a Options,
    headers: &'a [(&'a str, &'a str)],
    body: Option<&'a str>,
    now: u64,
) -> Context<'a> {
    Context {
        method: &req.method,
        headers,
        body,
        profile: &opts.setup.profile,
        policy: &opts.setup.policy,
        idempotency_key: req
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("idempotency-key")),
        now_ms: now,
    }
}

/// Classifies a response, reading a bounded prefix of a clone of its body only when a
/// profile rule for its status needs it.
async fn classify_response(
    response: &JsValue,
    req: &Request,
    opts: &Options,
    now: u64,
) -> Result<Classification, JsValue> {
    let status = prop(response, "status").as_f64().unwrap_or(0.0) as u16;
    let headers = header_pairs(&prop(response, "headers"), "response.headers")?;
    let pairs = borrow_pairs(&headers);
    let needs_body = opts
        .setup
        .profile
        .rules
        .iter()
        .any(|r| r.status == status && !r.body_contains.is_empty());
    let body = if needs_body {
        Some(read_text(response).await)
    } else {
        None
    };
    let ctx = context(req, opts, &pairs, body.as_deref(), now);
    // An opaque response (status 0) tells nothing: treat it as a network failure.
    let outcome = if status == 0 {
        Outcome::Transport(Transport::Network)
    } else {
        Outcome::Status(status)
    };
    let mut c = classify(outcome, &ctx)
        .ok_or_else(|| type_error("faultline: the response has a status outside 100..=599"))?;
    if c.server_wait.is_none()
        && matches!(status, 429 | 503)
        && prop(response, "type").as_string().as_deref() == Some("cors")
    {
        // A browser shows a cross-origin response only the headers CORS exposes: a
        // Retry-After the server did not list in Access-Control-Expose-Headers is invisible.
        c.reason.push_str(" No Retry-After was visible: on a cross-origin response the server must list it in Access-Control-Expose-Headers, so faultline backs off instead.");
    }
    Ok(c)
}

/// The first `BODY_PREFIX_BYTES` of a clone of the body, as text; empty when unreadable.
async fn read_text(response: &JsValue) -> String {
    let Ok(p) = js::read_prefix(response, f64::from(BODY_PREFIX_BYTES)) else {
        return String::new();
    };
    match JsFuture::from(p).await {
        Ok(bytes) => String::from_utf8_lossy(&Uint8Array::new(&bytes).to_vec()).into_owned(),
        Err(_) => String::new(),
    }
}

fn retry_event(
    req: &Request,
    last: &Last,
    number: u32,
    after_ms: u64,
    source: DelaySource,
) -> Result<JsValue, JsValue> {
    let event = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&event, &k.into(), v);
    set("attempt", &JsValue::from(number))?;
    set("url", &JsValue::from_str(&req.url))?;
    set("method", &JsValue::from_str(&req.method))?;
    set("waitMs", &JsValue::from_f64(after_ms as f64))?;
    set("waitSource", &JsValue::from_str(source.as_str()))?;
    let (c, response, error) = match last {
        Last::Response(r, c) => (c, r.clone(), JsValue::NULL),
        Last::Failure(e, c) => (c, JsValue::NULL, e.clone()),
    };
    set("status", &JsValue::from(c.status))?;
    set("response", &response)?;
    set("error", &error)?;
    set("classification", &from_json_text(&c.to_json()))?;
    Ok(event.into())
}

fn timeout_error(message: &str, attempts: &[Attempt], cause: JsValue) -> JsValue {
    let fields = Object::new();
    let _ = Reflect::set(
        &fields,
        &"attempts".into(),
        &from_json_text(&history_json(attempts)),
    );
    if !cause.is_undefined() {
        let _ = Reflect::set(&fields, &"cause".into(), &cause);
    }
    js::make_error("TimeoutError", message, &fields)
}

async fn finish(
    last: Last,
    reason: StopReason,
    req: &Request,
    opts: &Options,
    attempts: &[Attempt],
) -> Result<JsValue, JsValue> {
    let history = || from_json_text(&history_json(attempts));
    match last {
        Last::Response(response, c) => {
            let ok = matches!(c.category, Category::Success);
            if !opts.throw_http_errors || ok {
                return Ok(response);
            }
            let body = read_text(&response).await;
            let content_type = header_pairs(&prop(&response, "headers"), "response.headers")?
                .into_iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v);
            let envelope = crate::envelope::parse_error(
                body.as_bytes(),
                Some(c.status),
                content_type.as_deref(),
            );
            let fields = Object::new();
            let set = |k: &str, v: &JsValue| Reflect::set(&fields, &k.into(), v);
            set("status", &JsValue::from(c.status))?;
            set("response", &response)?;
            set("classification", &from_json_text(&c.to_json()))?;
            set("envelope", &envelope_js(&envelope))?;
            set("attempts", &history())?;
            set("curl", &JsValue::from_str(&curl_of(req)))?;
            let mut message = String::from("faultline: HTTP ");
            message.push_str(&crate::json::u64_text(u64::from(c.status)));
            if let Some(m) = envelope_message(&envelope) {
                message.push_str(": ");
                message.extend(m.chars().take(300));
            }
            Err(js::make_error("HttpError", &message, &fields))
        }
        Last::Failure(error, c) => {
            if c.kind == "timeout" || reason == StopReason::Deadline {
                return Err(timeout_error(
                    "faultline: the request timed out",
                    attempts,
                    error,
                ));
            }
            let fields = Object::new();
            Reflect::set(&fields, &"cause".into(), &error)?;
            Reflect::set(&fields, &"attempts".into(), &history())?;
            Reflect::set(
                &fields,
                &"classification".into(),
                &from_json_text(&c.to_json()),
            )?;
            let mut message = String::from("faultline: network failure after ");
            message.push_str(&crate::json::u64_text(attempts.len() as u64));
            message.push_str(if attempts.len() == 1 {
                " attempt: "
            } else {
                " attempts: "
            });
            message.push_str(&error_text(&error));
            Err(js::make_error("NetworkError", &message, &fields))
        }
    }
}

fn envelope_js(e: &crate::envelope::Envelope) -> JsValue {
    from_json_text(&e.to_json())
}

fn envelope_message(e: &crate::envelope::Envelope) -> Option<&str> {
    e.message.as_deref()
}

/// The redacted curl command for the request (a body faultline cannot read synchronously,
/// such as a stream or FormData, is left out).
fn curl_of(req: &Request) -> String {
    let body = super::diagnostics::replayable_bytes(&req.body);
    super::diagnostics::curl_of(&req.url, &req.method, &req.headers, body.as_deref(), true)
}

/// Forgets every origin's budget and breaker (for tests, or after a deploy).
#[wasm_bindgen(js_name = resetCircuits)]
pub fn reset_circuits() {
    GUARDS.with(|g| g.borrow_mut().clear());
}

/// The breaker and budget of `origin` (e.g. `"https://api.example.com"`), or `null` before
/// any call to it: `{ state, failures, budgetTokens }`.
#[wasm_bindgen(js_name = circuitState)]
pub fn circuit_state(origin: &str) -> JsValue {
    let now = now_ms();
    GUARDS.with(|g| {
        let g = g.borrow();
        let Some(o) = g.get(origin) else {
            return JsValue::NULL;
        };
        let obj = Object::new();
        let state = o
            .breaker
            .as_ref()
            .map_or("closed", |b| b.state(now).as_str());
        let _ = Reflect::set(&obj, &"state".into(), &state.into());
        let _ = Reflect::set(
            &obj,
            &"failures".into(),
            &JsValue::from(o.breaker.as_ref().map_or(0, |b| b.failures())),
        );
        let _ = Reflect::set(
            &obj,
            &"budgetTokens".into(),
            &o.budget
                .as_ref()
                .map_or(JsValue::NULL, |b| JsValue::from_f64(b.tokens())),
        );
        obj.into()
    })
}

/// Every origin's budget and breaker as JSON text, to share between Workers isolates.
#[wasm_bindgen(js_name = exportCircuits)]
pub fn export_circuits() -> String {
    GUARDS.with(|g| g.borrow().to_json())
}

/// Restores state from `exportCircuits()`; returns how many origins were restored.
#[wasm_bindgen(js_name = importCircuits)]
pub fn import_circuits(state: &str) -> Result<u32, JsValue> {
    let policy = crate::policy::RetryPolicy::default();
    let n = GUARDS.with(|g| g.borrow_mut().merge_json(state, &policy));
    n.map(|n| n as u32).ok_or_else(|| {
        type_error("faultline: importCircuits takes the JSON text exportCircuits returned")
    })
}
