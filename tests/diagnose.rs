//! The request doctor: one row a finding, and clean requests that give none.

use faultline::diagnose::{diagnose, Finding, RequestParts, Severity};

struct Case {
    name: &'static str,
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: Option<&'static [u8]>,
    needs_auth: bool,
    codes: &'static [&'static str],
}

const URL: &str = "https://api.example.com/v1/items";
const AUTH: (&str, &str) = ("Authorization", "Bearer abc123");
const JSON: (&str, &str) = ("Content-Type", "application/json");

const fn case(
    name: &'static str,
    headers: &'static [(&'static str, &'static str)],
    codes: &'static [&'static str],
) -> Case {
    Case {
        name,
        method: "GET",
        url: URL,
        headers,
        body: None,
        needs_auth: false,
        codes,
    }
}

const CASES: &[Case] = &[
    case("clean GET", &[AUTH, ("Accept", "application/json")], &[]),
    Case {
        method: "POST",
        body: Some(br#"{"a":[1,2.5e3,true,null,{"b":"c\"d"}]}"#),
        needs_auth: true,
        ..case("clean JSON POST", &[AUTH, JSON], &[])
    },
    Case {
        method: "POST",
        body: Some(b"x=1"),
        ..case(
            "clean form POST",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &[],
        )
    },
    case(
        "Autorization",
        &[("Autorization", "Bearer x")],
        &["misspelled_auth_header"],
    ),
    case(
        "Authorisation",
        &[("Authorisation", "Bearer x")],
        &["misspelled_auth_header"],
    ),
    case(
        "Authorizaton",
        &[("Authorizaton", "Bearer x")],
        &["misspelled_auth_header"],
    ),
    case(
        "Authroization (swap)",
        &[("Authroization", "Bearer x")],
        &["misspelled_auth_header"],
    ),
    case(
        "Proxy-Authorisation",
        &[("Proxy-Authorisation", "Basic dTpw")],
        &["misspelled_auth_header"],
    ),
    case(
        "X-Api-Kee",
        &[("X-Api-Kee", "k")],
        &["misspelled_auth_header"],
    ),
    case(
        "X-Auth-Tokn (1 edit from a short name)",
        &[("X-Auth-Tokn", "t")],
        &["misspelled_auth_header"],
    ),
    case(
        "X-Ath-Tokn (2 edits from a short name)",
        &[("X-Ath-Tokn", "t")],
        &[],
    ),
    case(
        "X_API_KEY",
        &[("X_API_KEY", "k")],
        &["underscore_in_header_name"],
    ),
    case(
        "CUSTOM_AUTH",
        &[("CUSTOM_AUTH", "k")],
        &["underscore_in_header_name"],
    ),
    case(
        "twins",
        &[("X-Tenant", "a"), ("x_tenant", "b")],
        &["dash_underscore_twins", "underscore_in_header_name"],
    ),
    Case {
        method: "POST",
        body: Some(b"{}"),
        ..case("no content type", &[], &["missing_content_type"])
    },
    Case {
        method: "PUT",
        body: Some(b"{\"a\":1,}"),
        ..case("invalid JSON", &[JSON], &["invalid_json_body"])
    },
    Case {
        method: "POST",
        body: Some(b"{\"n\":01,\"s\":\"\\x\"}"),
        ..case("leading zero, bad escape", &[JSON], &["invalid_json_body"])
    },
    Case {
        method: "POST",
        body: Some(b"{\"n\":1.5e3,\"s\":\"\\u00e9 \\ud83d\\ude00\"} "),
        ..case("valid JSON", &[JSON], &[])
    },
    Case {
        method: "PATCH",
        body: Some(b"[object Object]"),
        ..case(
            "object toString",
            &[("Content-Type", "application/merge-patch+json")],
            &["invalid_json_body"],
        )
    },
    case(
        "Basic with JWT",
        &[(
            "Authorization",
            "Basic eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        )],
        &["basic_with_bearer_token"],
    ),
    case(
        "Basic not user:pass",
        &[("Authorization", "Basic sk_live_abc123")],
        &["basic_not_user_pass"],
    ),
    case(
        "Bearer with user:pass",
        &[("Authorization", "Bearer dXNlcjpwYXNz")],
        &["bearer_with_basic_credentials"],
    ),
    case(
        "Bearer empty",
        &[("Authorization", "Bearer ")],
        &["empty_credentials"],
    ),
    case(
        "Bearer undefined",
        &[("Authorization", "Bearer undefined")],
        &["placeholder_credentials"],
    ),
    case(
        "Bearer NULL (any case)",
        &[("Authorization", "Bearer NULL")],
        &["placeholder_credentials"],
    ),
    case(
        "Bearer ${TOKEN}",
        &[("Authorization", "Bearer ${TOKEN}")],
        &["placeholder_credentials"],
    ),
    Case {
        url: "https://user:pass@api.example.com/",
        ..case("credentials in URL", &[AUTH], &["credentials_in_url"])
    },
    Case {
        url: "https://api.example.com/?api_key=k&page=2",
        ..case("key in query", &[], &["secret_in_query"])
    },
    Case {
        needs_auth: true,
        ..case("missing Authorization", &[], &["missing_authorization"])
    },
    Case {
        needs_auth: true,
        ..case(
            "misspelt and missing",
            &[("Autorization", "Bearer x")],
            &["misspelled_auth_header", "missing_authorization"],
        )
    },
    case(
        "bad header name",
        &[("X Bad", "1")],
        &["invalid_header_name"],
    ),
    case(
        "CRLF in value",
        &[("X-Token-Id", "abc\r\n")],
        &["invalid_header_value"],
    ),
    Case {
        body: Some(b"q=1"),
        ..case(
            "body on GET",
            &[("Content-Type", "text/plain")],
            &["body_on_get"],
        )
    },
];

#[test]
fn each_case_gives_exactly_its_findings() {
    for c in CASES {
        let req = RequestParts {
            method: c.method,
            url: c.url,
            headers: c.headers,
            body: c.body,
        };
        let found = diagnose(&req, c.needs_auth);
        let codes: Vec<&str> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, c.codes, "{}: {found:#?}", c.name);
        assert!(found.iter().all(|f| !f.message.is_empty()), "{}", c.name);
    }
}

#[test]
fn findings_serialise_to_the_contract_shape() {
    let f = Finding {
        code: "x",
        severity: Severity::Warning,
        message: "say \"hi\"".into(),
        header: None,
    };
    assert_eq!(
        f.to_json(),
        r#"{"code":"x","severity":"warning","message":"say \"hi\"","header":null}"#
    );
    let req = RequestParts {
        method: "GET",
        url: URL,
        headers: &[("Autorization", "Bearer x")],
        body: None,
    };
    let f = &diagnose(&req, false)[0];
    assert_eq!(f.header.as_deref(), Some("Autorization"));
    assert!(f.message.contains("\"Authorization\""), "{}", f.message);
    assert_eq!(f.severity.as_str(), "error");
}
