//! The bindings inside a real wasm engine: Node, and headless Chromium when
//! `WASM_BINDGEN_USE_BROWSER=1` (see scripts/test.sh). Values cross the boundary as
//! JavaScript sees them, and bad input comes back as a TypeError, never a trap.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use faultline::backoff::{Backoff, Jitter};
use faultline::wasm::diagnostics::parse_error_js;
use faultline::wasm::exports::{backoff_schedule_js, classify_js, retry_after_ms_js};
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn the_same_seed_gives_the_same_schedule_as_natively() {
    // tests/backoff.rs pins the same numbers on the host.
    let b = Backoff {
        base_delay_ms: 500,
        factor: 2.0,
        max_delay_ms: 30_000,
        jitter: Jitter::Full,
    };
    assert_eq!(b.schedule(5, 42), vec![57, 447, 1659, 636, 2205]);
    let js = backoff_schedule_js(obj(r#"{"seed":42}"#)).unwrap();
    assert_eq!(
        JSON::stringify(&js).unwrap().as_string().unwrap(),
        "[57,447,1659,636,2205]"
    );
}

#[wasm_bindgen_test]
fn classify_crosses_the_boundary_as_a_plain_object() {
    let c = classify_js(JsValue::from(500), obj(r#"{"method":"POST"}"#)).unwrap();
    assert_eq!(get(&c, "permanence").as_string().unwrap(), "ambiguous");
    assert_eq!(
        get(&c, "action").as_string().unwrap(),
        "verify_before_retry"
    );
    assert_eq!(get(&c, "retryable").as_bool(), Some(false));
    assert!(get(&c, "retryAfterMs").is_null());
}

#[wasm_bindgen_test]
fn bad_input_is_a_type_error_and_the_module_lives_on() {
    for bad in [
        JsValue::from(0),
        JsValue::from(1000),
        JsValue::from(f64::NAN),
        JsValue::from(3.5),
        JsValue::from_str("404"),
        JsValue::NULL,
    ] {
        let e = classify_js(bad, JsValue::UNDEFINED).unwrap_err();
        assert!(e.is_instance_of::<js_sys::TypeError>());
    }
    assert!(classify_js(JsValue::from(200), obj(r#"{"nope":1}"#))
        .unwrap_err()
        .is_instance_of::<js_sys::TypeError>());
    // Still alive after all of that.
    assert_eq!(
        get(
            &classify_js(JsValue::from(429), JsValue::UNDEFINED).unwrap(),
            "kind"
        )
        .as_string()
        .unwrap(),
        "rate_limited"
    );
}

#[wasm_bindgen_test]
fn retry_after_reads_headers_objects() {
    let ms = retry_after_ms_js(obj(r#"{"Retry-After":"2"}"#), JsValue::UNDEFINED).unwrap();
    assert_eq!(ms.as_f64(), Some(2000.0));
    assert!(
        retry_after_ms_js(obj(r#"{"Retry-After":"-2"}"#), JsValue::UNDEFINED)
            .unwrap()
            .is_null()
    );
}

#[wasm_bindgen_test]
fn parse_error_never_throws_on_garbage() {
    let deep = "[".repeat(100_000);
    for body in [
        "",
        "{",
        "\u{0}\u{ffff}",
        deep.as_str(),
        "<html><title>Oops</title>",
    ] {
        let e = parse_error_js(JsValue::from_str(body), JsValue::UNDEFINED).unwrap();
        assert!(get(&e, "format").is_string());
    }
    let proto = parse_error_js(
        JsValue::from_str(r#"{"error":"x","errors":{"__proto__":["a"]}}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let fields = get(&proto, "fieldErrors");
    // `__proto__` is an own data property; the prototype is still Object.prototype.
    let plain = js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
    assert!(js_sys::Object::is(
        &js_sys::Object::get_prototype_of(&fields).into(),
        &plain.into()
    ));
    let own = js_sys::Object::get_own_property_descriptor(
        fields.unchecked_ref::<js_sys::Object>(),
        &"__proto__".into(),
    );
    assert!(!own.is_undefined());
}
